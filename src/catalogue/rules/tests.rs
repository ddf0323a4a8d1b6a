use super::*;
use crate::catalogue::*;

fn example(id: &str, unit: &str, status: Status) -> Example {
    let text = format!(
        "+++\nid = \"{id}\"\ntitle = \"Titel {id}\"\nsummary = \"S\"\nunit = \"{unit}\"\norganisation = \"O\"\n\
         area = \"skola\"\nfocus_areas = [\"dialog\"]\nmaturity = \"pilot\"\nyear = 2024\n\
         status = \"{status}\"\ncreated = 2024-01-01\nupdated = 2024-01-02\n+++\n\nText\n"
    );
    crate::corpus::parse_example(
        format!("{id}.md"),
        text.as_bytes(),
        jiff::civil::date(2026, 1, 1),
    )
    .unwrap()
}

fn lookup(id: &ExampleId) -> Option<Example> {
    match id.as_str() {
        "a" => Some(example("a", "Skolan", Status::Published)),
        "b" => Some(example("b", "Skolan", Status::Published)),
        "c" => Some(example("c", "Biblioteket", Status::Published)),
        "utkast" => Some(example("utkast", "X", Status::Submitted)),
        "arkiv" => Some(example("arkiv", "Y", Status::Archived)),
        _ => None,
    }
}

fn draft(entries: serde_json::Value) -> EditionDraft {
    serde_json::from_value(serde_json::json!({
        "name": "Goda exempelmässan 2026", "dates": ["2026-11-03"], "venue": "Stadshuset",
        "opening_hours": {"opens": "09:00", "closes": "16:00"}, "rooms": ["Sal A", "Sal B"],
        "themes": [{"id": "dialog", "name": "Dialog med stockholmarna"}],
        "entries": entries,
    }))
    .unwrap()
}

fn session(room: &str, start: &str, end: &str) -> serde_json::Value {
    serde_json::json!({"kind": "seminarium", "room": room, "start": format!("2026-11-03T{start}"), "end": format!("2026-11-03T{end}")})
}

fn errors(entries: serde_json::Value) -> Vec<(String, String)> {
    validate(2026, draft(entries), &lookup, Strictness::NEW)
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.message))
        .collect()
}

#[test]
fn a_valid_edition_passes() {
    let e = validate(2026, draft(serde_json::json!([
        {"example_id": "a", "theme": "dialog", "stand": 12, "session": session("Sal A", "10:00", "10:30")},
        {"example_id": "c", "theme": "dialog", "session": session("Sal A", "10:30", "11:00")},
    ])), &lookup, Strictness::NEW)
    .unwrap();
    assert_eq!(e.entries.len(), 2);
}

#[test]
fn two_sessions_in_one_room_at_once_are_refused() {
    let e = errors(serde_json::json!([
        {"example_id": "a", "theme": "dialog", "session": session("Sal A", "10:00", "10:30")},
        {"example_id": "c", "theme": "dialog", "session": session("Sal A", "10:15", "10:45")},
    ]));
    assert_eq!(e[0].0, "entries[1].session");
    assert!(
        e[0].1
            .contains("Sal A är redan bokad 10:00–10:30 för ”Titel a”"),
        "{e:?}"
    );
}

#[test]
fn one_unit_in_two_places_at_once_is_refused() {
    let e = errors(serde_json::json!([
        {"example_id": "a", "theme": "dialog", "session": session("Sal A", "10:00", "10:30")},
        {"example_id": "b", "theme": "dialog", "session": session("Sal B", "10:00", "10:30")},
    ]));
    assert!(
        e[0].1
            .contains("Skolan har redan ”Titel a” samtidigt, i Sal A"),
        "{e:?}"
    );
}

#[test]
fn a_stand_number_twice_is_refused() {
    let e = errors(serde_json::json!([
        {"example_id": "a", "theme": "dialog", "stand": 12},
        {"example_id": "c", "theme": "dialog", "stand": 12},
    ]));
    assert_eq!(
        e,
        [(
            "entries[1].stand".to_string(),
            "monter 12 är redan tagen av ”Titel a”".to_string()
        )]
    );
}

#[test]
fn sessions_outside_days_hours_or_rooms_are_refused() {
    let outside_day = serde_json::json!({"kind": "workshop", "room": "Sal A", "start": "2026-11-04T10:00", "end": "2026-11-04T11:00"});
    let e = errors(serde_json::json!([
        {"example_id": "a", "theme": "dialog", "session": outside_day},
        {"example_id": "c", "theme": "dialog", "session": session("Sal A", "15:30", "16:30")},
        {"example_id": "a", "theme": "dialog", "session": session("Sal Q", "12:00", "12:30")},
    ]));
    let text = format!("{e:?}");
    assert!(text.contains("är inte en av mässans dagar"), "{text}");
    assert!(text.contains("utanför öppettiderna 09:00–16:00"), "{text}");
    assert!(text.contains("okänd sal ”Sal Q”"), "{text}");
}

#[test]
fn unpublished_or_unknown_examples_and_empty_entries_are_refused() {
    let e = errors(serde_json::json!([
        {"example_id": "utkast", "theme": "dialog", "stand": 1},
        {"example_id": "finns-inte", "theme": "dialog", "stand": 2},
        {"example_id": "a", "theme": "okänt"},
    ]));
    let text = format!("{e:?}");
    assert!(
        text.contains("bara publicerade exempel kan visas"),
        "{text}"
    );
    assert!(
        text.contains("det finns inget exempel med id ”finns-inte”"),
        "{text}"
    );
    assert!(text.contains("okänt tema ”okänt”"), "{text}");
    assert!(
        text.contains("en post behöver en monter, ett pass eller båda"),
        "{text}"
    );
}

#[test]
fn an_example_archived_since_it_was_shown_stays_in_a_stored_edition() {
    let d = draft(serde_json::json!([{"example_id": "arkiv", "theme": "dialog", "stand": 1}]));
    assert!(validate(2026, d.clone(), &lookup, Strictness::NEW).is_err());
    let never = draft(serde_json::json!([{"example_id": "utkast", "theme": "dialog", "stand": 1}]));
    assert!(
        validate(2026, never, &lookup, Strictness::Stored).is_err(),
        "never published"
    );
    let kept = [ExampleId::parse("arkiv").unwrap()];
    assert!(validate(2026, d.clone(), &lookup, Strictness::Saving { kept: &kept }).is_ok());
    assert!(validate(2026, d, &lookup, Strictness::Stored).is_ok());
}

#[test]
fn the_catalogue_is_filtered_grouped_and_ordered() {
    let e = validate(2026, draft(serde_json::json!([
        {"example_id": "c", "theme": "dialog", "stand": 3, "session": session("Sal B", "11:00", "11:30")},
        {"example_id": "a", "theme": "dialog", "session": {"kind": "workshop", "room": "Sal A", "start": "2026-11-03T09:00", "end": "2026-11-03T10:00"}},
        {"example_id": "b", "theme": "dialog", "stand": 1},
    ])), &lookup, Strictness::NEW)
    .unwrap();
    let all = listings(&e, &lookup);
    let refs: Vec<&Listing> = all.iter().collect();
    let days = programme(&e, &refs);
    let order: Vec<&str> = days[0]
        .1
        .iter()
        .map(|l| l.entry.example_id.as_str())
        .collect();
    assert_eq!(order, ["a", "c"], "by start time");
    let plan: Vec<(u32, bool)> = stand_plan(&all)
        .iter()
        .map(|(n, l)| (*n, l.is_some()))
        .collect();
    assert_eq!(plan, [(1, true), (2, false), (3, true)]);
    let workshops = CatalogueFilter {
        kind: Some(Kind::Workshop),
        ..Default::default()
    };
    let hits: Vec<&str> = all
        .iter()
        .filter(|l| workshops.matches(l))
        .map(|l| l.entry.example_id.as_str())
        .collect();
    assert_eq!(hits, ["a"]);
    let exhibitors = by_theme(&e, &refs);
    assert_eq!(exhibitors[0].1.len(), 2, "the entries with a stand");
}

#[test]
fn exports_parse_back_with_real_parsers() {
    let e = validate(2026, draft(serde_json::json!([
        {"example_id": "a", "theme": "dialog", "stand": 12, "session": session("Sal A", "10:00", "10:30")},
        {"example_id": "c", "theme": "dialog", "stand": 3},
    ])), &lookup, Strictness::NEW)
    .unwrap();
    let all = listings(&e, &lookup);
    let bytes = to_csv(&e, &all, "http://h");
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a byte order mark for Excel"
    );
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        CSV_HEADINGS
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "12");
    assert_eq!(&rows[0][1], "Seminarium");
    assert_eq!(&rows[0][6], "Dialog med stockholmarna");
    assert_eq!(&rows[1][10], "http://h/exempel/c");
    let refs: Vec<&Listing> = all.iter().collect();
    let text = to_ics(&e, &refs, "http://h");
    let calendar: icalendar::Calendar = text.parse().unwrap();
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), 1, "only sessions are events");
    use icalendar::Component;
    assert_eq!(events[0].get_summary(), Some("Seminarium: Titel a"));
    assert_eq!(events[0].get_url(), Some("http://h/exempel/a"));
    assert!(
        text.contains("DTSTART;TZID=Europe/Stockholm:20261103T100000"),
        "{text}"
    );
    assert!(
        text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n"),
        "{text}"
    );
    let json = serde_json::to_value(to_json(&e, &all, "http://h")).unwrap();
    assert_eq!(json["entries"][0]["session"]["start"], "2026-11-03T10:00");
    assert_eq!(json["entries"][1]["url"], "http://h/exempel/c");
}

#[test]
fn an_edition_round_trips_through_its_toml_file() {
    let dir = tempfile::tempdir().unwrap();
    let e = validate(2026, draft(serde_json::json!([
        {"example_id": "a", "theme": "dialog", "stand": 12, "session": session("Sal A", "10:00", "10:30")},
    ])), &lookup, Strictness::NEW)
    .unwrap();
    save_edition(dir.path(), &e).unwrap();
    let back = load_edition(dir.path(), 2026, &lookup).unwrap().unwrap();
    assert_eq!(back, e);
    assert_eq!(edition_years(dir.path()), [2026]);
}

#[test]
fn a_broken_edition_file_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(MASSA_DIR)).unwrap();
    let text = "name = \"M\"\ndates = [\"2026-11-03\"]\nvenue = \"S\"\nrooms = [\"Sal A\"]\n\n[opening_hours]\nopens = \"09:00\"\ncloses = \"16:00\"\n\n[[entries]]\nexample_id = \"a\"\ntheme = \"informationshantering\"\n\n[[entries]]\nexample_id = \"c\"\ntheme = \"informationshantering\"\nstand = 0\n";
    std::fs::write(dir.path().join("massa/2026.toml"), text).unwrap();
    let problems = load_edition(dir.path(), 2026, &lookup).unwrap_err();
    assert_eq!(problems[0].line, 10, "{problems:?}");
    assert_eq!(problems.last().unwrap().line, 14, "{problems:?}");
    assert!(
        problems[0]
            .to_string()
            .contains("massa/2026.toml:10: `entries[0]`")
    );
}

#[test]
fn changes_after_publishing_are_described_in_swedish() {
    let before = validate(
        2026,
        draft(serde_json::json!([
            {"example_id": "a", "theme": "dialog", "session": session("Sal A", "10:00", "10:30")},
            {"example_id": "c", "theme": "dialog", "stand": 3},
        ])),
        &lookup,
        Strictness::NEW,
    )
    .unwrap();
    let after = validate(
        2026,
        draft(serde_json::json!([
            {"example_id": "a", "theme": "dialog", "session": session("Sal B", "10:00", "10:30")},
        ])),
        &lookup,
        Strictness::NEW,
    )
    .unwrap();
    let texts = changes(&before, &after, &|id| format!("Titel {id}"));
    assert_eq!(
        texts,
        [
            "Seminariet Titel a flyttat till Sal B, 2026-11-03 10:00–10:30",
            "Inställt: Titel c"
        ]
    );
}
