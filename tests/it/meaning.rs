//! Search by meaning: the embedding model beside the index, with and without it.

use std::time::{Duration, Instant};

use goda::index::ExampleIndex;
use goda::search::{Matched, Mode, SearchRequest, SearchService};

use crate::support::{ids, model_dir, options};

/// (id, title, summary): the first shares no word with "digital felanmälan".
const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "gatlampor-i-appen",
        "Invånarna rapporterar trasiga gatlampor i en app",
        "Boende fotograferar en släckt lampa och skickar in platsen från mobilen; \
         belysningsentreprenören får uppdraget samma dag.",
    ),
    (
        "laxhjalp-studenter",
        "Läxhjälp med studenter",
        "Studenter från universitetet hjälper eleverna med läxorna två eftermiddagar i veckan.",
    ),
    (
        "matsvinn-skolkok",
        "Mindre matsvinn i skolköket",
        "Skolrestaurangen vägde svinnet varje dag och halverade det på ett år.",
    ),
];

fn file(id: &str, title: &str, summary: &str) -> String {
    format!(
        "+++\nid = \"{id}\"\ntitle = \"{title}\"\nsummary = \"{summary}\"\nunit = \"Enheten\"\n\
         organisation = \"Förvaltningen\"\narea = \"stadsmiljo\"\nfocus_areas = [\"dialog\"]\n\
         maturity = \"infort\"\nyear = 2024\nstatus = \"published\"\ncreated = 2024-01-01\n\
         updated = 2024-01-01\n+++\n\n## Bakgrund och utmaning\n\n{summary}\n"
    )
}

fn corpus() -> tempfile::TempDir {
    crate::support::temp_corpus(EXAMPLES.iter().map(|(id, t, s)| (*id, file(id, t, s))))
}

fn request(q: &str) -> SearchRequest {
    SearchRequest::from_pairs([("q", q)]).unwrap()
}

fn ready_service(corpus: &std::path::Path, index: &std::path::Path) -> SearchService {
    let (idx, _) = ExampleIndex::open(corpus, index, options()).unwrap();
    idx.start_semantic(&model_dir());
    idx.semantic().unwrap().wait_until_ready();
    SearchService::new(idx)
}

#[test]
fn an_example_is_found_by_meaning_though_it_shares_no_word_with_the_query() {
    let (corpus, index) = (corpus(), tempfile::tempdir().unwrap());
    let s = ready_service(corpus.path(), index.path());
    let lexical = s
        .search_in(&request("digital felanmälan"), Mode::Lexical)
        .unwrap();
    assert!(lexical.hits.is_empty(), "{:?}", ids(&lexical));
    let fused = s.search(&request("digital felanmälan")).unwrap();
    assert_eq!(
        ids(&fused).first().map(String::as_str),
        Some("gatlampor-i-appen")
    );
    assert_eq!(fused.hits[0].matched, Matched::Meaning);
    assert!(fused.total >= 1);
}

#[test]
fn similar_examples_come_from_a_title_alone() {
    let (corpus, index) = (corpus(), tempfile::tempdir().unwrap());
    let s = ready_service(corpus.path(), index.path());
    let hits = s
        .similar_to_draft("Felanmälan av gatubelysning med mobilen", "", "", 3)
        .unwrap();
    let found: Vec<String> = hits.iter().map(|h| h.example.id.to_string()).collect();
    assert_eq!(
        found.first().map(String::as_str),
        Some("gatlampor-i-appen"),
        "{found:?}"
    );
}

#[test]
fn without_the_model_search_matches_words_and_says_why() {
    let (corpus, index) = (corpus(), tempfile::tempdir().unwrap());
    let no_model = tempfile::tempdir().unwrap();
    let (idx, _) = ExampleIndex::open(corpus.path(), index.path(), options()).unwrap();
    idx.start_semantic(no_model.path());
    let status = idx.semantic().unwrap().status();
    assert!(!status.ready);
    assert!(
        status
            .unavailable
            .as_deref()
            .is_some_and(|u| u.contains("libe5.so")),
        "{status:?}"
    );
    let s = SearchService::new(idx);
    let r = s.search(&request("matsvinn")).unwrap();
    assert_eq!(ids(&r), ["matsvinn-skolkok"]);
    assert!(
        s.search(&request("digital felanmälan"))
            .unwrap()
            .hits
            .is_empty()
    );
}

#[test]
fn a_restart_embeds_nothing_again() {
    let (corpus, index) = (corpus(), tempfile::tempdir().unwrap());
    {
        let s = ready_service(corpus.path(), index.path());
        let semantic = s.index().semantic().unwrap();
        assert_eq!(semantic.embedded_since_start(), EXAMPLES.len());
    }
    let s = ready_service(corpus.path(), index.path());
    let semantic = s.index().semantic().unwrap();
    assert_eq!(semantic.embedded_since_start(), 0);
    assert_eq!(semantic.status().embedded, EXAMPLES.len());
}

#[test]
fn a_published_example_is_embedded_within_seconds_and_a_withdrawn_one_leaves_at_once() {
    let (corpus, index) = (corpus(), tempfile::tempdir().unwrap());
    let s = ready_service(corpus.path(), index.path());
    let text = file(
        "cykelparkering",
        "Säkra cykelställ vid pendeltågsstationen",
        "Låsbara cykelgarage gjorde att fler pendlar med cykel och tåg.",
    );
    let example =
        goda::corpus::parse_example("cykelparkering.md", text.as_bytes(), crate::support::TODAY)
            .unwrap();
    s.index().upsert(&example).unwrap();
    let semantic = s.index().semantic().unwrap();
    let started = Instant::now();
    while semantic.vector_of(&example.id).is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "not embedded in 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let by_meaning = s
        .search_in(&request("pendla med cykel"), Mode::Dense)
        .unwrap();
    assert_eq!(
        ids(&by_meaning).first().map(String::as_str),
        Some("cykelparkering")
    );
    s.index().remove(&example.id).unwrap();
    assert!(semantic.vector_of(&example.id).is_none());
    assert!(
        !ids(&s.search(&request("pendla med cykel")).unwrap())
            .contains(&"cykelparkering".to_owned())
    );
}
