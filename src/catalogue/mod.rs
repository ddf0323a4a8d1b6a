//! The Goda exempelmässa: editions of the city's yearly fair, each built by organisers from
//! published examples: stands (montrar) and sessions (seminars and workshops) in rooms at set
//! times, under themes. An edition is a readable TOML file in the corpus,
//! `massa/{year}.toml`, written atomically and validated like the examples: every conflict
//! (two sessions in one room at once, one unit in two places at once, a stand number twice, a
//! session outside the fair's days, hours or rooms, an example that is not published) is
//! named with the field it concerns.
//!
//! ```
//! let json = r#"{"name": "Goda exempelmässan 2026", "dates": ["2026-11-03"], "venue": "Stadshuset",
//!   "opening_hours": {"opens": "09:00", "closes": "16:00"}, "rooms": ["Sal A"], "entries": []}"#;
//! let draft: goda::catalogue::EditionDraft = serde_json::from_str(json).unwrap();
//! let edition = goda::catalogue::validate(2026, draft, &|_| None, goda::catalogue::Strictness::NEW).unwrap();
//! assert_eq!(edition.themes.len(), 6, "the six focus areas by default");
//! ```

mod changelog;
mod editions;
mod export;
mod listing;
mod store;

use std::collections::HashMap;

use jiff::civil::{Date, DateTime, Time};
use serde::{Deserialize, Serialize};

pub use changelog::changes;
pub use editions::{Appearance, Editions, SaveError, revision};
pub use export::{
    CSV_HEADINGS, ExportedEdition, ExportedEntry, TIME_ZONE, to_csv, to_ics, to_json,
};
pub use listing::{
    CatalogueFilter, Kind, Listing, by_theme, listings, programme, session_label, stand_plan,
};
pub use store::{MASSA_DIR, check_editions, edition_years, load_edition, save_edition};

use crate::corpus::FieldError;
use crate::model::{Example, ExampleId, FocusArea, Status, Vocabulary};

/// Whether a session is a seminar or a workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SessionKind {
    /// A talk with questions.
    Seminarium,
    /// Hands-on work together.
    Workshop,
}

/// An edition as sent or stored, before validation: times are text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionDraft {
    /// "Goda exempelmässan 2026".
    pub name: String,
    /// The fair's days, `YYYY-MM-DD`.
    pub dates: Vec<String>,
    /// Where it is held.
    pub venue: String,
    /// When the fair is open each day.
    pub opening_hours: HoursDraft,
    /// The rooms sessions may use.
    pub rooms: Vec<String>,
    /// The themes entries are grouped under; the six focus areas when left out.
    #[serde(default)]
    pub themes: Option<Vec<Theme>>,
    /// Whether visitors can see it.
    #[serde(default)]
    pub published: bool,
    /// The exhibitors and sessions.
    #[serde(default)]
    pub entries: Vec<EntryDraft>,
    /// Changes made after publishing, oldest first (kept by the service).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changelog: Vec<Change>,
}

/// Opening hours, `HH:MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursDraft {
    pub opens: String,
    pub closes: String,
}

/// A theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// A short id, used by entries.
    pub id: String,
    /// The name visitors see.
    pub name: String,
}

/// An entry as sent: a stand, a session, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryDraft {
    pub example_id: String,
    pub theme: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stand: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionDraft>,
}

/// A session as sent; times are local Stockholm time, `YYYY-MM-DDTHH:MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionDraft {
    pub kind: SessionKind,
    pub room: String,
    pub start: String,
    pub end: String,
}

/// One change to a published programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The day of the change, `YYYY-MM-DD`.
    pub date: String,
    /// What changed, in Swedish ("Seminariet X flyttat till Sal B").
    pub text: String,
}

/// A validated edition.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    pub year: i16,
    pub name: String,
    pub dates: Vec<Date>,
    pub venue: String,
    pub opens: Time,
    pub closes: Time,
    pub rooms: Vec<String>,
    pub themes: Vec<Theme>,
    pub published: bool,
    pub entries: Vec<Entry>,
    pub changelog: Vec<Change>,
}

/// A validated entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub example_id: ExampleId,
    pub theme: String,
    pub stand: Option<u32>,
    pub session: Option<Session>,
}

/// A validated session.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub kind: SessionKind,
    pub room: String,
    pub start: DateTime,
    pub end: DateTime,
}

/// The six focus areas as themes.
pub fn default_themes() -> Vec<Theme> {
    FocusArea::ALL
        .iter()
        .map(|f| Theme {
            id: f.slug().into(),
            name: f.label().into(),
        })
        .collect()
}

/// `HH:MM`.
pub fn hm(t: Time) -> String {
    t.strftime("%H:%M").to_string()
}

/// A local time as editions write it: `YYYY-MM-DDTHH:MM`.
pub fn local_time(dt: DateTime) -> String {
    dt.strftime("%Y-%m-%dT%H:%M").to_string()
}

/// The years an edition may have.
pub const YEARS: std::ops::RangeInclusive<i16> = 2000..=2100;

/// The edition year written in `text` (as in a URL); `None` when it is not a number in
/// [`YEARS`].
pub fn parse_year(text: &str) -> Option<i16> {
    text.parse::<i16>().ok().filter(|y| YEARS.contains(y))
}

/// How the examples of entries are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness<'a> {
    /// Saving a change: a new entry's example must be published now; the entries the edition
    /// already had (`kept`) may keep an example archived since it was shown.
    Saving {
        /// The examples of the stored edition.
        kept: &'a [ExampleId],
    },
    /// Reading a stored edition: an example archived since it was shown stays in the
    /// edition (it was shown then); it must still exist.
    Stored,
}

impl Strictness<'_> {
    /// Checks with nothing kept: every example must be published.
    pub const NEW: Strictness<'static> = Strictness::Saving { kept: &[] };

    /// Whether an example that is not published may stay: only one archived since it was
    /// shown (an example never published cannot have been shown).
    fn allows(&self, id: &ExampleId, status: Status) -> bool {
        status == Status::Archived
            && match self {
                Strictness::Saving { kept } => kept.contains(id),
                Strictness::Stored => true,
            }
    }
}

struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn error(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    fn text(&mut self, field: &str, value: &str) -> String {
        if value.trim().is_empty() {
            self.error(field, "är tomt; skriv en text");
        }
        value.trim().to_owned()
    }

    fn date(&mut self, field: &str, value: &str) -> Option<Date> {
        let parsed = value.parse::<Date>().ok().filter(|_| value.len() == 10);
        if parsed.is_none() {
            self.error(
                field,
                format!("”{value}” är inte ett datum; skriv ÅÅÅÅ-MM-DD"),
            );
        }
        parsed
    }

    fn time(&mut self, field: &str, value: &str) -> Option<Time> {
        let parsed = value.parse::<Time>().ok().filter(|_| value.len() == 5);
        if parsed.is_none() {
            self.error(field, format!("”{value}” är inte en tid; skriv TT:MM"));
        }
        parsed
    }

    fn datetime(&mut self, field: &str, value: &str) -> Option<DateTime> {
        let parsed = value.parse::<DateTime>().ok().filter(|_| value.len() == 16);
        if parsed.is_none() {
            self.error(
                field,
                format!("”{value}” är ingen tidpunkt; skriv ÅÅÅÅ-MM-DDTTT:MM"),
            );
        }
        parsed
    }
}

/// Checks an edition: every field and every conflict. `example` looks an example up by id
/// (`None` when there is none).
///
/// On `Err` returns every problem, each naming its field (`entries[2].session.room`).
pub fn validate(
    year: i16,
    draft: EditionDraft,
    example: &dyn Fn(&ExampleId) -> Option<Example>,
    strictness: Strictness<'_>,
) -> Result<Edition, Vec<FieldError>> {
    let mut c = Checker { errors: Vec::new() };
    let name = c.text("name", &draft.name);
    let venue = c.text("venue", &draft.venue);
    let mut dates = Vec::new();
    for (i, d) in draft.dates.iter().enumerate() {
        if let Some(date) = c.date(&format!("dates[{i}]"), d) {
            if date.year() != year {
                c.error(
                    format!("dates[{i}]"),
                    format!("{date} ligger inte i {year}, mässans år"),
                );
            } else if dates.contains(&date) {
                c.error(format!("dates[{i}]"), format!("{date} står två gånger"));
            } else {
                dates.push(date);
            }
        }
    }
    if draft.dates.is_empty() {
        c.error("dates", "mässan behöver minst en dag");
    }
    let opens = c.time("opening_hours.opens", &draft.opening_hours.opens);
    let closes = c.time("opening_hours.closes", &draft.opening_hours.closes);
    if let (Some(o), Some(cl)) = (opens, closes)
        && o >= cl
    {
        c.error(
            "opening_hours",
            format!("mässan stänger ({}) innan den öppnar ({})", hm(cl), hm(o)),
        );
    }
    let mut rooms: Vec<String> = Vec::new();
    for (i, room) in draft.rooms.iter().enumerate() {
        let room = c.text(&format!("rooms[{i}]"), room);
        if rooms.contains(&room) {
            c.error(
                format!("rooms[{i}]"),
                format!("salen ”{room}” står två gånger"),
            );
        }
        rooms.push(room);
    }
    let themes = draft.themes.clone().unwrap_or_else(default_themes);
    for (i, t) in themes.iter().enumerate() {
        if themes[..i].iter().any(|o| o.id == t.id) {
            c.error(
                format!("themes[{i}].id"),
                format!("tema-id ”{}” används två gånger", t.id),
            );
        }
    }
    let entries = entries(
        &mut c, &draft, &themes, &rooms, &dates, opens, closes, example, strictness,
    );
    match (opens, closes, c.errors.is_empty()) {
        (Some(opens), Some(closes), true) => Ok(Edition {
            year,
            name,
            dates,
            venue,
            opens,
            closes,
            rooms,
            themes,
            published: draft.published,
            entries,
            changelog: draft.changelog,
        }),
        _ => Err(c.errors),
    }
}

#[allow(clippy::too_many_arguments)]
fn entries(
    c: &mut Checker,
    draft: &EditionDraft,
    themes: &[Theme],
    rooms: &[String],
    dates: &[Date],
    opens: Option<Time>,
    closes: Option<Time>,
    example: &dyn Fn(&ExampleId) -> Option<Example>,
    strictness: Strictness<'_>,
) -> Vec<Entry> {
    let mut out: Vec<Placed> = Vec::new();
    let mut stands: HashMap<u32, String> = HashMap::new();
    for (i, e) in draft.entries.iter().enumerate() {
        let at = |f: &str| format!("entries[{i}].{f}");
        let id = match ExampleId::parse(&e.example_id) {
            Ok(id) => id,
            Err(err) => {
                c.error(
                    at("example_id"),
                    format!("”{}” är inte ett exempel-id: {err}", e.example_id),
                );
                continue;
            }
        };
        let (unit, title) = match example(&id) {
            Some(ex) if ex.is_public() || strictness.allows(&id, ex.status) => (ex.unit, ex.title),
            Some(ex) => {
                c.error(
                    at("example_id"),
                    format!(
                        "exemplet ”{}” har status {} – bara publicerade exempel kan visas",
                        ex.title,
                        ex.status.label().to_lowercase()
                    ),
                );
                continue;
            }
            // A stored edition keeps an entry whose example cannot be read now (a broken
            // or deleted file): dropping it would lose the programme.
            None if strictness == Strictness::Stored => (String::new(), id.to_string()),
            None => {
                c.error(
                    at("example_id"),
                    format!("det finns inget exempel med id ”{id}”"),
                );
                continue;
            }
        };
        if !themes.iter().any(|t| t.id == e.theme) {
            let ids: Vec<&str> = themes.iter().map(|t| t.id.as_str()).collect();
            c.error(
                at("theme"),
                format!(
                    "okänt tema ”{}”; mässans teman: {}",
                    e.theme,
                    ids.join(", ")
                ),
            );
        }
        if e.stand.is_none() && e.session.is_none() {
            c.error(
                format!("entries[{i}]"),
                "en post behöver en monter, ett pass eller båda",
            );
        }
        if let Some(stand) = e.stand {
            if stand == 0 {
                c.error(at("stand"), "monternumren börjar på 1");
            } else if let Some(other) = stands.get(&stand) {
                c.error(
                    at("stand"),
                    format!("monter {stand} är redan tagen av ”{other}”"),
                );
            } else {
                stands.insert(stand, title.clone());
            }
        }
        let session = e
            .session
            .as_ref()
            .and_then(|s| session(c, i, s, rooms, dates, opens, closes));
        out.push(Placed {
            entry: Entry {
                example_id: id,
                theme: e.theme.clone(),
                stand: e.stand,
                session,
            },
            unit,
            title,
        });
    }
    overlaps(c, &out);
    out.into_iter().map(|p| p.entry).collect()
}

/// An entry with what the conflict checks need to know of its example.
struct Placed {
    entry: Entry,
    unit: String,
    title: String,
}

#[allow(clippy::too_many_arguments)]
fn session(
    c: &mut Checker,
    i: usize,
    s: &SessionDraft,
    rooms: &[String],
    dates: &[Date],
    opens: Option<Time>,
    closes: Option<Time>,
) -> Option<Session> {
    let at = |f: &str| format!("entries[{i}].session.{f}");
    if !rooms.contains(&s.room) {
        c.error(
            at("room"),
            format!("okänd sal ”{}”; salarna: {}", s.room, rooms.join(", ")),
        );
    }
    let start = c.datetime(&at("start"), &s.start);
    let end = c.datetime(&at("end"), &s.end);
    let (start, end) = (start?, end?);
    if end <= start {
        c.error(
            at("end"),
            format!(
                "passet slutar ({}) innan det börjar ({})",
                hm(end.time()),
                hm(start.time())
            ),
        );
        return None;
    }
    if start.date() != end.date() || !dates.contains(&start.date()) {
        c.error(
            at("start"),
            format!("{} är inte en av mässans dagar", start.date()),
        );
    }
    if let (Some(o), Some(cl)) = (opens, closes)
        && (start.time() < o || end.time() > cl)
    {
        c.error(
            at("start"),
            format!(
                "passet ({}–{}) ligger utanför öppettiderna {}–{}",
                hm(start.time()),
                hm(end.time()),
                hm(o),
                hm(cl)
            ),
        );
    }
    Some(Session {
        kind: s.kind,
        room: s.room.clone(),
        start,
        end,
    })
}

/// Two sessions in one room at once, and one unit in two sessions at once.
fn overlaps(c: &mut Checker, entries: &[Placed]) {
    for (i, a) in entries.iter().enumerate() {
        let Some(sa) = &a.entry.session else { continue };
        for b in entries.iter().take(i) {
            let Some(sb) = &b.entry.session else { continue };
            if sa.start >= sb.end || sb.start >= sa.end {
                continue;
            }
            if sa.room == sb.room {
                c.error(
                    format!("entries[{i}].session"),
                    format!(
                        "{} är redan bokad {}–{} för ”{}”",
                        sa.room,
                        hm(sb.start.time()),
                        hm(sb.end.time()),
                        b.title
                    ),
                );
            } else if a.unit == b.unit {
                c.error(
                    format!("entries[{i}].session"),
                    format!(
                        "{} har redan ”{}” samtidigt, i {}",
                        a.unit, b.title, sb.room
                    ),
                );
            }
        }
    }
}

/// The draft of a validated edition (for storing and sending).
pub fn to_draft(e: &Edition) -> EditionDraft {
    EditionDraft {
        name: e.name.clone(),
        dates: e.dates.iter().map(ToString::to_string).collect(),
        venue: e.venue.clone(),
        opening_hours: HoursDraft {
            opens: hm(e.opens),
            closes: hm(e.closes),
        },
        rooms: e.rooms.clone(),
        themes: Some(e.themes.clone()),
        published: e.published,
        entries: e
            .entries
            .iter()
            .map(|en| EntryDraft {
                example_id: en.example_id.to_string(),
                theme: en.theme.clone(),
                stand: en.stand,
                session: en.session.as_ref().map(|s| SessionDraft {
                    kind: s.kind,
                    room: s.room.clone(),
                    start: local_time(s.start),
                    end: local_time(s.end),
                }),
            })
            .collect(),
        changelog: e.changelog.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let never =
            draft(serde_json::json!([{"example_id": "utkast", "theme": "dialog", "stand": 1}]));
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
        let before = validate(2026, draft(serde_json::json!([
            {"example_id": "a", "theme": "dialog", "session": session("Sal A", "10:00", "10:30")},
            {"example_id": "c", "theme": "dialog", "stand": 3},
        ])), &lookup, Strictness::NEW)
        .unwrap();
        let after = validate(2026, draft(serde_json::json!([
            {"example_id": "a", "theme": "dialog", "session": session("Sal B", "10:00", "10:30")},
        ])), &lookup, Strictness::NEW)
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
}
