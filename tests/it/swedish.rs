//! The Swedish search sentences of the search-quality issue, each as a test, over a small
//! corpus where each form appears in exactly one example.

use goda::search::SearchService;

use crate::support::{ids, search, service_for};

/// (id, title, one sentence of body).
const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "matsvinnsmatning",
        "Mätning i skolköket",
        "Matsvinnsmätningen visade stora skillnader mellan dagarna.",
    ),
    (
        "matsvinn-ord",
        "Mindre matsvinn",
        "Vi arbetade med matsvinn under hela läsåret.",
    ),
    (
        "medborgardialog",
        "Samtal i Rinkeby",
        "Medborgardialogen samlade tvåhundra boende.",
    ),
    (
        "innovationsupphandling",
        "Nya lyftar",
        "Innovationsupphandlingen gav tre nya lösningar.",
    ),
    (
        "aldreboendet",
        "Måltider",
        "Lunchen på äldreboendet blev lugnare.",
    ),
    (
        "aldreboenden",
        "Fallprevention",
        "Fall är vanliga på äldreboenden i hela landet.",
    ),
    (
        "inskolning",
        "Trygg start",
        "Inskolningen tar nu tre dagar i stället för två veckor.",
    ),
    (
        "far",
        "Pappagrupp",
        "En far berättade om sina första veckor som förälder.",
    ),
    (
        "far-verb",
        "Läxhjälp",
        "Eleverna får hjälp av studenter två gånger i veckan.",
    ),
    ("lanekort", "Bibliotek", "Alla barn fick ett eget lånekort."),
    (
        "lanekorg",
        "Bokkassar",
        "En lånekorg med böcker följer med hem.",
    ),
];

fn file(id: &str, title: &str, sentence: &str) -> String {
    format!(
        "+++\nid = \"{id}\"\ntitle = \"{title}\"\nsummary = \"Ett exempel.\"\nunit = \"Enheten\"\n\
         organisation = \"Förvaltningen\"\narea = \"skola\"\nfocus_areas = [\"metoder\"]\n\
         maturity = \"pilot\"\nyear = 2024\nstatus = \"published\"\ncreated = 2024-01-01\n\
         updated = 2024-01-01\n+++\n\n## Bakgrund och utmaning\n\n{sentence}\n"
    )
}

fn service() -> (SearchService, tempfile::TempDir, tempfile::TempDir) {
    let corpus = tempfile::tempdir().unwrap();
    for (id, title, sentence) in EXAMPLES {
        std::fs::write(
            corpus.path().join(format!("{id}.md")),
            file(id, title, sentence),
        )
        .unwrap();
    }
    let (s, problems, index) = service_for(corpus.path());
    assert!(problems.is_empty(), "{problems:?}");
    (s, corpus, index)
}

fn finds(s: &SearchService, q: &str, id: &str) {
    let found = ids(&search(s, q));
    assert!(
        found.iter().any(|f| f == id),
        "{q:?} should find {id}, found {found:?}"
    );
}

#[test]
fn matsvinn_finds_matsvinnsmatningen_and_the_exact_compound_ranks_first() {
    let (s, _c, _i) = service();
    finds(&s, "matsvinn", "matsvinnsmatning");
    assert_eq!(
        ids(&search(&s, "matsvinn"))[0],
        "matsvinn-ord",
        "the word itself outranks its compound"
    );
    assert_eq!(
        ids(&search(&s, "matsvinnsmätningen"))[0],
        "matsvinnsmatning"
    );
}

#[test]
fn dialog_finds_medborgardialogen() {
    let (s, _c, _i) = service();
    finds(&s, "dialog", "medborgardialog");
}

#[test]
fn upphandling_finds_innovationsupphandlingen() {
    let (s, _c, _i) = service();
    finds(&s, "upphandling", "innovationsupphandling");
}

#[test]
fn aldreboende_finds_aldreboendet_and_aldreboenden() {
    let (s, _c, _i) = service();
    finds(&s, "äldreboende", "aldreboendet");
    finds(&s, "äldreboende", "aldreboenden");
}

#[test]
fn the_typo_inskoling_still_finds_inskolning_and_suggests_it() {
    let (s, _c, _i) = service();
    let r = search(&s, "inskoling");
    assert_eq!(ids(&r), ["inskolning"]);
    assert_eq!(r.suggestion.as_deref(), Some("inskolningen"));
}

#[test]
fn aldreboende_without_dots_finds_aldreboende() {
    let (s, _c, _i) = service();
    finds(&s, "aldreboende", "aldreboendet");
    finds(&s, "aldreboende", "aldreboenden");
}

#[test]
fn far_ranks_far_above_far_with_a_ring() {
    let (s, _c, _i) = service();
    let r = ids(&search(&s, "far"));
    assert_eq!(r.first().map(String::as_str), Some("far"), "{r:?}");
    if let Some(verb) = r.iter().position(|id| id == "far-verb") {
        assert!(verb > 0);
    }
}

#[test]
fn known_words_get_no_suggestion() {
    let (s, _c, _i) = service();
    assert_eq!(search(&s, "matsvinn").suggestion, None);
}

#[test]
fn exact_matches_rank_above_near_spellings() {
    let (s, _c, _i) = service();
    let r = search(&s, "lånekort");
    assert_eq!(ids(&r), ["lanekort", "lanekorg"]);
    assert_eq!(ids(&search(&s, "lånekorg")), ["lanekorg", "lanekort"]);
}
