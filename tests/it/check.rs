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
            "`updated` \"1 februari 2025\" is not a date",
        ),
        (
            "bad-email.md",
            13,
            "`contact_email`: \"anna.berg\" is not a valid e-mail address",
        ),
        ("blank-title.md", 3, "`title` is blank"),
        ("broken-toml.md", 4, "the front matter is not valid TOML"),
        ("eleven-tags.md", 11, "`tags`: 11 tags given; at most 10"),
        ("empty-body.md", 18, "`body`: the body is empty"),
        (
            "four-focus-areas.md",
            8,
            "`focus_areas`: 4 focus areas given; choose 1 to 3",
        ),
        (
            "id-mismatch.md",
            2,
            "differs from the file name \"id-mismatch.md\"",
        ),
        ("missing-title.md", 1, "`title` is missing"),
        ("no-front-matter.md", 1, "Did you forget `+++`?"),
        ("not-utf8.md", 25, "not valid UTF-8"),
        ("title-too-long.md", 3, "at most 120 are allowed"),
        ("unclosed-front-matter.md", 1, "never closed"),
        (
            "unknown-area.md",
            7,
            "unknown area `omsorg`; allowed: `forskola`",
        ),
        (
            "unknown-focus-area.md",
            8,
            "unknown focus area `miljo`; allowed:",
        ),
        (
            "unknown-key.md",
            6,
            "unknown key `enhet`; did you mean `unit`?",
        ),
        (
            "unknown-maturity.md",
            9,
            "unknown maturity `klar`; allowed: `pilot`",
        ),
        ("unknown-status.md", 14, "unknown status `publicerad`"),
        (
            "year-out-of-range.md",
            10,
            "year 1999 is out of range; allowed: 2000 to 2027",
        ),
        ("valid-original-kopia.md", 2, "a duplicate id"),
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
            .all(|p| p.message.contains("102400 bytes")),
        "{:?}",
        loaded.problems
    );
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
