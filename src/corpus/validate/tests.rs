use super::*;

fn defaults() -> Defaults {
    Defaults {
        today: jiff::civil::date(2026, 11, 22),
        fill_workflow: false,
        organisations: Some(std::sync::Arc::new(crate::model::Organisations::builtin())),
    }
}

fn valid() -> Table {
    toml::from_str(
        r#"
        id = "digital-inskolning"
        title = "Digital inskolning"
        summary = "Förskolan visar filmer före inskolningen."
        unit = "Förskolan Trädkojan"
        organisation = "Farsta stadsdelsförvaltning"
        area = "forskola"
        focus_areas = ["dialog", "metoder"]
        maturity = "infort"
        year = 2024
        tags = ["inskolning"]
        contact_email = "anna.berg@stockholm.se"
        status = "published"
        created = 2024-03-01
        updated = 2024-04-01
        "#,
    )
    .unwrap()
}

fn errors_with(key: &str, value: Value) -> Vec<FieldError> {
    let mut t = valid();
    t.insert(key.to_owned(), value);
    validate(&t, "Text", &defaults()).unwrap_err()
}

#[test]
fn a_complete_example_is_accepted() {
    let e = validate(&valid(), "Text", &defaults()).unwrap();
    assert_eq!(e.focus_areas, vec![FocusArea::Dialog, FocusArea::Metoder]);
    assert_eq!(e.created, jiff::civil::date(2024, 3, 1));
}

#[test]
fn a_title_of_only_spaces_is_rejected() {
    let errs = errors_with("title", Value::String("   ".into()));
    assert_eq!(errs[0].field, "title");
    assert!(errs[0].message.contains("tomt"));
}

#[test]
fn a_title_of_121_characters_is_rejected() {
    let errs = errors_with("title", Value::String("x".repeat(121)));
    assert!(errs[0].message.contains("högst 120"));
}

#[test]
fn a_summary_of_401_characters_is_rejected() {
    let errs = errors_with("summary", Value::String("x".repeat(401)));
    assert!(errs[0].message.contains("högst 400"));
}

#[test]
fn an_unknown_focus_area_names_the_allowed_ones() {
    let errs = errors_with(
        "focus_areas",
        Value::Array(vec![Value::String("miljo".into())]),
    );
    assert!(errs[0].message.contains("okänt fokusområde `miljo`"));
    assert!(errs[0].message.contains("`informationshantering`"));
}

#[test]
fn four_focus_areas_are_too_many_and_none_too_few() {
    let four = ["dialog", "metoder", "partnerskap", "finansiering"]
        .map(|s| Value::String(s.into()))
        .to_vec();
    assert!(
        errors_with("focus_areas", Value::Array(four))[0]
            .message
            .contains("välj 1–3")
    );
    assert!(
        errors_with("focus_areas", Value::Array(vec![]))[0]
            .message
            .contains("välj 1–3")
    );
}

#[test]
fn an_unknown_area_and_maturity_are_rejected() {
    assert!(
        errors_with("area", Value::String("miljo".into()))[0]
            .message
            .contains("`kultur-fritid`")
    );
    assert!(
        errors_with("maturity", Value::String("klar".into()))[0]
            .message
            .contains("`spritt`")
    );
}

#[test]
fn a_year_outside_2000_to_next_year_is_rejected() {
    assert!(
        errors_with("year", Value::Integer(1999))[0]
            .message
            .contains("2000–2027")
    );
    assert!(
        errors_with("year", Value::Integer(2028))[0]
            .message
            .contains("går inte att använda")
    );
    assert!(
        errors_with("year", Value::String("abc".into()))[0]
            .message
            .contains("heltal")
    );
}

#[test]
fn eleven_tags_and_uppercase_tags_are_rejected() {
    let eleven = (0..11).map(|i| Value::String(format!("t{i}"))).collect();
    assert!(
        errors_with("tags", Value::Array(eleven))[0]
            .message
            .contains("högst 10")
    );
    let upper = vec![Value::String("Matsvinn".into())];
    assert!(
        errors_with("tags", Value::Array(upper))[0]
            .message
            .contains("små bokstäver")
    );
}

#[test]
fn an_invalid_email_is_rejected() {
    let errs = errors_with("contact_email", Value::String("anna@".into()));
    assert_eq!(errs[0].field, "contact_email");
}

#[test]
fn an_unknown_key_suggests_the_nearest_known_one() {
    let errs = errors_with("titel", Value::String("x".into()));
    assert_eq!(errs[0].message, "okänt fält `titel`; menade du `title`?");
}

#[test]
fn a_bad_id_and_a_bad_date_are_rejected() {
    assert!(
        errors_with("id", Value::String("../etc".into()))[0]
            .message
            .contains("går inte att använda")
    );
    assert!(
        errors_with("created", Value::String("2024-13-01".into()))[0]
            .message
            .contains("ÅÅÅÅ-MM-DD")
    );
}

#[test]
fn updated_before_created_is_rejected() {
    let errs = errors_with("updated", Value::String("2020-01-01".into()));
    assert!(errs[0].message.contains("före `created`"));
}

#[test]
fn every_missing_required_field_is_reported() {
    let errs = validate(&Table::new(), "", &defaults()).unwrap_err();
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    for f in [
        "id",
        "title",
        "summary",
        "unit",
        "organisation",
        "area",
        "focus_areas",
        "maturity",
        "year",
        "status",
        "created",
        "updated",
        "body",
    ] {
        assert!(fields.contains(&f), "{f} not reported in {fields:?}");
    }
}

#[test]
fn imports_default_status_and_dates() {
    let mut t = valid();
    for k in ["status", "created", "updated"] {
        t.remove(k);
    }
    let d = Defaults {
        fill_workflow: true,
        ..defaults()
    };
    let e = validate(&t, "Text", &d).unwrap();
    assert_eq!(e.status, Status::Published);
    assert_eq!(e.created, d.today);
}

#[test]
fn a_body_nested_too_deeply_or_with_too_many_tags_is_rejected_naming_the_depth() {
    let deep = format!("{}a", "* ".repeat(50_000));
    let errs = validate(&valid(), &deep, &defaults()).unwrap_err();
    assert_eq!(errs[0].field, "body");
    assert!(
        errs[0].message.contains("50000 nivåer"),
        "{}",
        errs[0].message
    );
    let tags = "<b>x</b>".repeat(150);
    let errs = validate(&valid(), &tags, &defaults()).unwrap_err();
    assert!(
        errs[0].message.contains("300 HTML-taggar"),
        "{}",
        errs[0].message
    );
    let fine = "## Bakgrund\n\n* a\n  * b\n\n> citat";
    assert!(validate(&valid(), fine, &defaults()).is_ok());
}

#[test]
fn bidirectional_overrides_are_removed_from_one_line_fields_and_tags() {
    let mut t = valid();
    t.insert(
        "title".into(),
        toml::Value::String("Matsvinn \u{202e}gninätm\u{202c} i skolan".into()),
    );
    t.insert(
        "tags".into(),
        toml::Value::Array(vec![toml::Value::String("\u{2067}svinn\u{2069}".into())]),
    );
    let e = validate(&t, "Text", &defaults()).unwrap();
    assert_eq!(e.title, "Matsvinn gninätm i skolan");
    assert_eq!(e.tags, ["svinn"]);
}

#[test]
fn a_body_over_100_kib_is_rejected() {
    let errs = validate(&valid(), &"x".repeat(MAX_BODY_BYTES + 1), &defaults()).unwrap_err();
    assert_eq!(errs[0].field, "body");
}

#[test]
fn an_email_address_needs_a_domain_that_mail_can_reach() {
    assert!(is_email("karin.testsson@stockholm.se"));
    assert!(is_email("forskolan.ugglan@edu.stockholm.se"));
    assert!(!is_email("karin.testsson@stockholm"), "no top-level domain");
    assert!(!is_email("namn@stockholm"));
    assert!(
        !is_email("namn@stockholm.s"),
        "a one-letter top-level domain"
    );
    assert!(!is_email("namn@[10.0.0.1]"));
    assert!(!is_email("namn.stockholm.se"));
    assert!(!is_email("namn@stockholm.123"));
}

#[test]
fn a_known_organisation_is_written_as_the_list_writes_it() {
    let mut t = valid();
    t.insert(
        "organisation".into(),
        Value::String(" farsta STADSDELSFÖRVALTNING ".into()),
    );
    let e = validate(&t, "Text", &defaults()).unwrap();
    assert_eq!(e.organisation, "Farsta stadsdelsförvaltning");
    t.insert("organisation".into(), Value::String("Nacka kommun".into()));
    assert_eq!(
        validate(&t, "Text", &defaults()).unwrap().organisation,
        "Nacka kommun"
    );
}
