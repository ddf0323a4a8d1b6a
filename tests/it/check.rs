//! Corpus validation: every rule has a bad fixture file, reported with its line.

use goda::corpus::load_dir;

use crate::support::{TODAY, bundled_corpus, fixtures};

fn problems_of(file: &str) -> Vec<(usize, String)> {
    let loaded = load_dir(&fixtures().join("broken"), TODAY).expect("broken fixtures load");
    loaded
        .problems
        .iter()
        .filter(|p| p.path.file_name().and_then(|n| n.to_str()) == Some(file))
        .map(|p| (p.line, p.message.clone()))
        .collect()
}

#[test]
fn every_broken_fixture_is_reported_with_its_line_and_field() {
    let cases: &[(&str, usize, &str)] = &[
        (
            "bad-date.md",
            16,
            "`updated` \"1 februari 2025\" är inget datum",
        ),
        (
            "bad-email.md",
            13,
            "`contact_email`: \"anna.berg\" är ingen giltig e-postadress",
        ),
        ("blank-title.md", 3, "`title` är tomt"),
        (
            "broken-toml.md",
            4,
            "fälten överst i filen är inte giltig TOML",
        ),
        ("eleven-tags.md", 11, "`tags`: 11 taggar angivna; högst 10"),
        ("empty-body.md", 18, "`body`: texten är tom"),
        (
            "four-focus-areas.md",
            8,
            "`focus_areas`: 4 fokusområden angivna; välj 1–3",
        ),
        (
            "id-mismatch.md",
            2,
            "skiljer sig från filnamnet \"id-mismatch.md\"",
        ),
        ("missing-title.md", 1, "`title` saknas"),
        ("no-front-matter.md", 1, "Har raden `+++` fallit bort?"),
        ("not-utf8.md", 25, "inte UTF-8"),
        ("title-too-long.md", 3, "högst 120 tecken får plats"),
        ("unclosed-front-matter.md", 1, "avslutas aldrig"),
        (
            "unknown-area.md",
            7,
            "okänt värde `omsorg` i `area`; tillåtet: `forskola`",
        ),
        (
            "unknown-focus-area.md",
            8,
            "okänt fokusområde `miljo`; tillåtet:",
        ),
        ("unknown-key.md", 6, "okänt fält `enhet`; menade du `unit`?"),
        (
            "unknown-maturity.md",
            9,
            "okänt värde `klar` i `maturity`; tillåtet: `pilot`",
        ),
        (
            "unknown-status.md",
            14,
            "okänt värde `publicerad` i `status`",
        ),
        (
            "year-out-of-range.md",
            10,
            "året 1999 går inte att använda; tillåtet: 2000–2027",
        ),
        ("valid-original-kopia.md", 2, "samma id två gånger"),
    ];
    for (file, line, needle) in cases {
        let problems = problems_of(file);
        assert!(
            problems
                .iter()
                .any(|(l, m)| l == line && m.contains(needle)),
            "{file}: expected line {line} with {needle:?}, got {problems:?}"
        );
    }
    assert!(
        problems_of("valid-original.md").is_empty(),
        "the original of a duplicate is valid"
    );
}

#[test]
fn a_10_mb_body_is_reported_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(fixtures().join("corpus/maltidsvanner.md")).unwrap();
    let huge =
        original.replace("id = \"maltidsvanner\"", "id = \"huge\"") + &"x".repeat(10 * 1024 * 1024);
    std::fs::write(dir.path().join("huge.md"), huge).unwrap();
    let big = original.replace("id = \"maltidsvanner\"", "id = \"big\"") + &"y".repeat(200 * 1024);
    std::fs::write(dir.path().join("big.md"), big).unwrap();
    let loaded = load_dir(dir.path(), TODAY).unwrap();
    assert_eq!(loaded.problems.len(), 2, "{:?}", loaded.problems);
    assert!(
        loaded
            .problems
            .iter()
            .all(|p| p.message.contains("102400 byte")),
        "{:?}",
        loaded.problems
    );
}

#[test]
fn an_organisation_that_did_not_exist_in_the_examples_year_is_a_warning_with_its_line() {
    let original = std::fs::read_to_string(fixtures().join("corpus/maltidsvanner.md")).unwrap();
    let organisation = |name: &str, year: i16| {
        let mut text = String::new();
        for line in original.lines() {
            let line = if line.starts_with("organisation = ") {
                format!("organisation = \"{name}\"")
            } else if line.starts_with("year = ") {
                format!("year = {year}")
            } else {
                line.to_owned()
            };
            text.push_str(&line);
            text.push('\n');
        }
        text.replace("id = \"maltidsvanner\"", "id = \"x\"")
    };
    for (name, year, warned) in [
        ("Rinkeby-Kista stadsdelsförvaltning", 2025, true),
        ("Rinkeby-Kista stadsdelsförvaltning", 2023, false),
        ("Järva stadsdelsförvaltning", 2022, true),
        ("Hägersten-Älvsjö stadsdelsförvaltning", 2019, true),
        ("Norrmalms stadsdelsförvaltning", 2024, true),
        ("Bromma stadsdelsförvaltning", 2010, false),
        ("En förvaltning listan inte känner", 2025, false),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.md"), organisation(name, year)).unwrap();
        let loaded = load_dir(dir.path(), TODAY).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.examples.len(), 1, "a warning still publishes");
        assert_eq!(!loaded.warnings.is_empty(), warned, "{name} {year}");
        if warned {
            let w = &loaded.warnings[0];
            let line = original
                .lines()
                .position(|l| l.starts_with("organisation = "))
                .unwrap()
                + 1;
            assert_eq!(w.line, line);
            assert!(
                w.message.starts_with("varning: `organisation`: "),
                "{}",
                w.message
            );
        }
    }
}

#[test]
fn the_corpus_list_of_organisations_judges_the_years_and_its_own_errors_are_named() {
    let original = std::fs::read_to_string(fixtures().join("corpus/maltidsvanner.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("maltidsvanner.md"), &original).unwrap();
    let organisation = original
        .lines()
        .find_map(|l| l.strip_prefix("organisation = "))
        .unwrap()
        .trim_matches('"')
        .to_owned();
    // The organisers' list says the example's organisation ended before its year.
    std::fs::write(
        dir.path().join("organisationer.toml"),
        format!(
            "[[organisation]]\nname = \"{organisation}\"\nuntil = 2001-12-31\nnote = \"blev en annan\"\n"
        ),
    )
    .unwrap();
    let loaded = load_dir(dir.path(), TODAY).unwrap();
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert!(loaded.warnings[0].message.contains("blev en annan"));

    // A broken list is named by `goda check` with its line.
    std::fs::write(
        dir.path().join("organisationer.toml"),
        "[[organisation]]\nname = \"A\"\n\n[[organisation]]\nname = \"B\"\nfrom = 2024-01-01\nuntil = 2023-01-01\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_goda"))
        .args(["check", "--corpus"])
        .arg(dir.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("organisationer.toml:5: B: till-datumet är före från-datumet"),
        "{said}"
    );
}

#[test]
fn the_bundled_corpus_names_organisations_of_their_years_and_no_real_addresses() {
    let loaded = load_dir(&bundled_corpus(), TODAY).unwrap();
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    // One made-up person is the contact of one example: a name in unrelated units reads false.
    let mut names = std::collections::HashMap::new();
    for e in &loaded.examples {
        if let Some(name) = &e.contact_name
            && let Some(other) = names.insert(name.clone(), e.id.clone())
        {
            panic!("{name} is the contact of both {other} and {}", e.id);
        }
    }
    for e in &loaded.examples {
        if let Some(address) = &e.contact_email {
            let domain = address.rsplit('@').next().unwrap_or_default();
            assert!(
                domain.ends_with(".example")
                    || domain.ends_with(".test")
                    || domain == "example.org",
                "{}: {address} uses a domain that may be real",
                e.id
            );
        }
    }
}

#[test]
fn the_bundled_corpus_is_valid_and_covers_every_area_and_focus_area() {
    let loaded = load_dir(&bundled_corpus(), TODAY).unwrap();
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert!(
        loaded.examples.len() >= 60,
        "{} examples",
        loaded.examples.len()
    );
    for area in <goda::model::Area as goda::model::Vocabulary>::ALL {
        assert!(
            loaded.examples.iter().any(|e| e.area == *area),
            "no example in {area}"
        );
    }
    for focus in <goda::model::FocusArea as goda::model::Vocabulary>::ALL {
        let n = loaded
            .examples
            .iter()
            .filter(|e| e.focus_areas.contains(focus))
            .count();
        assert!(n >= 10, "{focus} has only {n} examples");
    }
    let headings = [
        "## Bakgrund och utmaning",
        "## Syfte och mål",
        "## Resultat",
        "## Så kan andra göra",
    ];
    for e in &loaded.examples {
        for h in headings {
            assert!(e.body.contains(h), "{} lacks {h}", e.id);
        }
    }
}
