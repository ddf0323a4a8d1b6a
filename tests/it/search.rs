//! Search behaviour over the fixture corpus.

use goda::model::{Area, ExampleId, FocusArea, Maturity};
use goda::search::{Filters, SearchRequest, SearchService, Sort};

use crate::support::{fixture_corpus, ids, search, service_for};

fn service() -> (SearchService, tempfile::TempDir) {
    let (s, _, dir) = service_for(&fixture_corpus());
    (s, dir)
}

#[test]
fn inflected_forms_find_their_base_forms() {
    let (s, _d) = service();
    assert!(
        ids(&search(&s, "förskola")).contains(&"bokprat-bibliotek".to_string()),
        "förskola finds förskolorna"
    );
    assert!(ids(&search(&s, "förskolorna")).contains(&"digital-inskolning".to_string()));
    assert_eq!(
        ids(&search(&s, "äldreboende")),
        vec!["maltidsvanner"],
        "äldreboende finds äldreboendet"
    );
    assert!(ids(&search(&s, "matsvinnet")).contains(&"matsvinn-skolkok".to_string()));
}

#[test]
fn quoted_words_match_as_a_phrase() {
    let (s, _d) = service();
    assert_eq!(
        ids(&search(&s, "\"daglig mätning av tallrikssvinn\"")),
        vec!["matsvinn-skolkok"]
    );
    assert!(
        search(&s, "\"tallrikssvinn daglig\"").hits.is_empty(),
        "word order matters in a phrase"
    );
}

#[test]
fn a_title_match_outranks_a_body_match() {
    let (s, _d) = service();
    let r = search(&s, "cykelräkning");
    assert_eq!(
        ids(&r),
        vec!["cykelrakning-snorojning", "hemtjanst-planering"]
    );
    assert!(r.hits[0].score > r.hits[1].score);
}

#[test]
fn every_word_must_match_until_none_does() {
    let (s, _d) = service();
    let both = ids(&search(&s, "matsvinn förskolekocken"));
    assert_eq!(
        both[0], "svinn-forskolekok",
        "the one exact match ranks first: {both:?}"
    );
    let fallback = search(&s, "matsvinn lyfthjälpmedel");
    assert!(
        fallback.total >= 3,
        "with no hit for all words, any word may match: {:?}",
        ids(&fallback)
    );
}

#[test]
fn facet_counts_are_counted_by_the_index() {
    let (s, _d) = service();
    let r = search(&s, "");
    assert_eq!(
        r.total, 9,
        "nine published examples (unpublished and invalid ones are left out)"
    );
    let count = |f: FocusArea| {
        r.facets
            .focus_area
            .iter()
            .find(|c| c.value == f)
            .unwrap()
            .count
    };
    assert_eq!(count(FocusArea::Informationshantering), 4);
    assert_eq!(count(FocusArea::Dialog), 3);
    assert_eq!(count(FocusArea::Leverantorer), 1);
    let area = |a: Area| r.facets.area.iter().find(|c| c.value == a).unwrap().count;
    assert_eq!(area(Area::Aldreomsorg), 3);
    let farsta = r
        .facets
        .organisation
        .iter()
        .find(|c| c.value == "Farsta stadsdelsförvaltning")
        .unwrap();
    assert_eq!(farsta.count, 2);
    assert_eq!(
        r.facets.year.first().map(|c| c.value),
        Some(2026),
        "years newest first"
    );
}

#[test]
fn combined_filters_narrow_and_facets_stay_disjunctive() {
    let (s, _d) = service();
    let request = SearchRequest {
        filters: Filters {
            focus_areas: vec![FocusArea::Informationshantering, FocusArea::Leverantorer],
            areas: vec![Area::Forskola, Area::Aldreomsorg],
            ..Filters::default()
        },
        ..SearchRequest::default()
    };
    let r = s.search(&request).unwrap();
    assert_eq!(
        ids(&r),
        vec!["svinn-forskolekok", "innovationsupphandling-hjalpmedel"]
    );
    // The area facet counts with the focus filter only: every area's examples in those focus areas.
    let area = |a: Area| r.facets.area.iter().find(|c| c.value == a).unwrap();
    assert_eq!(
        area(Area::Skola).count,
        1,
        "selecting skola would add matsvinn-skolkok"
    );
    assert!(area(Area::Forskola).selected);
    let with_maturity = SearchRequest {
        filters: Filters {
            maturities: vec![Maturity::Utvarderat],
            ..request.filters.clone()
        },
        ..request.clone()
    };
    assert_eq!(
        ids(&s.search(&with_maturity).unwrap()),
        vec!["innovationsupphandling-hjalpmedel"]
    );
    let by_org_and_year = SearchRequest {
        filters: Filters {
            organisations: vec!["Farsta stadsdelsförvaltning".into()],
            years: vec![2022],
            ..Filters::default()
        },
        ..SearchRequest::default()
    };
    assert_eq!(
        ids(&s.search(&by_org_and_year).unwrap()),
        vec!["hemtjanst-planering"]
    );
}

#[test]
fn sorting_by_newest_orders_by_created_date() {
    let (s, _d) = service();
    let r = s
        .search(&SearchRequest {
            q: "matsvinn".into(),
            sort: Sort::Newest,
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(ids(&r), vec!["matsvinn-skolkok", "svinn-forskolekok"]);
}

#[test]
fn pages_split_the_hits() {
    let (s, _d) = service();
    let page = |p| {
        s.search(&SearchRequest {
            page: p,
            per_page: 4,
            ..SearchRequest::default()
        })
        .unwrap()
    };
    let all: Vec<String> = (1..=3).flat_map(|p| ids(&page(p))).collect();
    assert_eq!(all.len(), 9);
    let unique: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(unique.len(), 9, "no hit on two pages");
    assert_eq!(page(3).pages(), 3);
    assert!(page(4).hits.is_empty());
}

#[test]
fn snippets_highlight_the_match_and_escape_the_text() {
    let (s, _d) = service();
    let r = search(&s, "säkerhet");
    let html = r.hits[0].snippet.to_html();
    assert!(html.contains("<mark>säkerhet</mark>"), "{html}");
    assert!(!html.contains("<script"), "{html}");
}

#[test]
fn unpublished_and_invalid_examples_never_appear() {
    let (s, _d) = service();
    assert!(search(&s, "zebra").hits.is_empty());
    assert!(search(&s, "zebror").hits.is_empty());
    for id in ["inskickat-utkast", "arkiverat", "trasig-fil"] {
        let id = ExampleId::parse(id).unwrap();
        assert!(s.get(&id).unwrap().is_none(), "{id}");
        assert!(s.similar(&id, 5).unwrap().is_none(), "{id}");
    }
}

#[test]
fn similar_examples_never_include_the_example_itself() {
    let (s, _d) = service();
    for hit in search(&s, "").hits {
        let similar = s.similar(&hit.example.id, 5).unwrap().unwrap();
        assert!(
            similar.iter().all(|h| h.example.id != hit.example.id),
            "{}",
            hit.example.id
        );
    }
    let id = ExampleId::parse("matsvinn-skolkok").unwrap();
    let similar = s.similar(&id, 5).unwrap().unwrap();
    assert_eq!(
        similar[0].example.id.as_str(),
        "svinn-forskolekok",
        "the other matsvinn example is most similar"
    );
}

#[test]
fn odd_queries_give_normal_results() {
    let (s, _d) = service();
    for q in [
        "\"matsvinn",
        "AND",
        "OR NOT",
        "-",
        "((",
        "title:",
        "🙂🙂",
        "\u{0}\u{7}",
        "*?~^",
        "[a TO b]",
    ] {
        search(&s, q);
    }
    let long = "matsvinn ".repeat(250);
    assert!(search(&s, &long).total >= 1);
}

#[test]
fn the_index_reopens_fast_and_picks_up_changed_files() {
    let corpus = crate::support::copy_corpus(&fixture_corpus());
    let index = tempfile::tempdir().unwrap();
    let open = || {
        goda::index::ExampleIndex::open(corpus.path(), index.path(), crate::support::options())
            .unwrap()
            .1
    };
    let first = open();
    assert!(first.rebuilt);
    assert_eq!(
        (first.indexed, first.read, first.problems.len()),
        (9, 12, 1)
    );
    let again = open();
    assert_eq!(
        (again.indexed, again.read, again.problems.len()),
        (9, 0, 1),
        "nothing re-read, problems kept"
    );
    std::fs::remove_file(corpus.path().join("bokprat-bibliotek.md")).unwrap();
    let text = std::fs::read_to_string(corpus.path().join("arkiverat.md")).unwrap();
    std::fs::write(
        corpus.path().join("arkiverat.md"),
        text.replace("status = \"archived\"", "status = \"published\""),
    )
    .unwrap();
    std::fs::write(
        corpus.path().join("trasig-fil.md"),
        "still broken, but changed\n",
    )
    .unwrap();
    let changed = open();
    assert_eq!((changed.indexed, changed.read, changed.removed), (9, 2, 1));
    assert_eq!(changed.problems.len(), 1);
}

#[test]
fn an_index_directory_that_is_not_ours_is_never_wiped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("important.txt"), "keep me").unwrap();
    let err =
        goda::index::ExampleIndex::open(&fixture_corpus(), dir.path(), crate::support::options())
            .err()
            .unwrap();
    assert!(
        err.to_string().contains("not a Goda exempel index"),
        "{err}"
    );
    assert!(dir.path().join("important.txt").exists());
}

#[test]
fn live_changes_are_searchable_at_once() {
    let (s, _d) = service();
    let text = std::fs::read_to_string(fixture_corpus().join("arkiverat.md")).unwrap();
    let mut example =
        goda::corpus::parse_example("arkiverat.md", text.as_bytes(), crate::support::TODAY)
            .unwrap();
    assert!(search(&s, "zebror").hits.is_empty());
    example.status = goda::model::Status::Published;
    s.index().upsert(&example).unwrap();
    assert_eq!(ids(&search(&s, "zebror")), ["arkiverat"]);
    assert_eq!(s.count(), 10);
    example.title = "Arkiverat exempel om giraffer".into();
    s.index().upsert(&example).unwrap();
    assert_eq!(
        ids(&search(&s, "giraffer")),
        ["arkiverat"],
        "an upsert replaces, never duplicates"
    );
    assert_eq!(s.count(), 10);
    example.status = goda::model::Status::Archived;
    s.index().upsert(&example).unwrap();
    assert!(
        search(&s, "giraffer").hits.is_empty(),
        "archiving removes it"
    );
    let id = ExampleId::parse("matsvinn-skolkok").unwrap();
    s.index().remove(&id).unwrap();
    assert!(s.get(&id).unwrap().is_none());
    assert_eq!(s.count(), 8);
}

#[test]
fn similar_examples_follow_live_changes() {
    let (s, _d) = service();
    let id = ExampleId::parse("matsvinn-skolkok").unwrap();
    let before: Vec<String> = s
        .similar(&id, 5)
        .unwrap()
        .unwrap()
        .iter()
        .map(|h| h.example.id.to_string())
        .collect();
    assert_eq!(
        s.similar(&id, 5).unwrap().unwrap().len(),
        before.len(),
        "asked again, the same answer"
    );
    // A near copy published now must show up among the similar ones at once.
    let text = std::fs::read_to_string(fixture_corpus().join("matsvinn-skolkok.md")).unwrap();
    let mut copy = goda::corpus::parse_example(
        "matsvinn-skolkok.md",
        text.as_bytes(),
        crate::support::TODAY,
    )
    .unwrap();
    copy.id = ExampleId::parse("matsvinn-skolkok-kopia").unwrap();
    s.index().upsert(&copy).unwrap();
    let after: Vec<String> = s
        .similar(&id, 5)
        .unwrap()
        .unwrap()
        .iter()
        .map(|h| h.example.id.to_string())
        .collect();
    assert_eq!(after[0], "matsvinn-skolkok-kopia", "{after:?}");
    s.index().remove(&copy.id).unwrap();
    assert!(
        !s.similar(&id, 5)
            .unwrap()
            .unwrap()
            .iter()
            .any(|h| h.example.id == copy.id),
        "removed: gone from the cached answer too"
    );
}

#[test]
fn an_index_built_with_another_analysis_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let open = || {
        goda::index::ExampleIndex::open(&fixture_corpus(), dir.path(), crate::support::options())
            .unwrap()
            .1
    };
    assert!(open().rebuilt);
    assert!(!open().rebuilt);
    let path = dir.path().join("goda-manifest.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let id = goda::index::analysis_id();
    std::fs::write(&path, text.replace(&id, "1-0000000000000000")).unwrap();
    assert!(
        open().rebuilt,
        "a manifest of another analysis forces a rebuild"
    );
}

#[test]
fn an_open_index_holding_its_live_writer_takes_in_files_changed_beside_it() {
    let corpus = crate::support::copy_corpus(&fixture_corpus());
    let (s, _problems, _dir) = service_for(corpus.path());
    // A live change makes the index hold its writer, as a server does after a publication.
    let id = ExampleId::parse("matsvinn-skolkok").unwrap();
    s.index().remove(&id).unwrap();
    let text = std::fs::read_to_string(fixture_corpus().join("arkiverat.md"))
        .unwrap()
        .replace("status = \"archived\"", "status = \"published\"");
    std::fs::write(corpus.path().join("arkiverat.md"), text).unwrap();
    let report = s.index().resync(crate::support::options()).unwrap();
    assert!(report.read >= 1, "{report:?}");
    assert_eq!(
        ids(&search(&s, "zebror")),
        ["arkiverat"],
        "a file published by hand"
    );
    let full = goda::index::SyncOptions {
        full: true,
        ..crate::support::options()
    };
    s.index().resync(full).unwrap();
    assert!(
        s.get(&id).unwrap().is_some(),
        "a full re-read takes back what the files say"
    );
    s.index().remove(&id).unwrap();
    assert!(
        s.get(&id).unwrap().is_none(),
        "and live changes go on after it"
    );
}

#[test]
fn a_deferred_open_answers_from_the_index_as_it_stood_until_the_resync() {
    let corpus = crate::support::copy_corpus(&fixture_corpus());
    let dir = tempfile::tempdir().unwrap();
    // A new index is filled at once: it would answer nothing.
    let (index, report) = goda::index::ExampleIndex::open_deferred(
        corpus.path(),
        dir.path(),
        crate::support::options(),
    )
    .unwrap();
    let report = report.expect("a new index is synced at once");
    assert!(report.rebuilt && report.indexed > 0, "{report:?}");
    assert!(index.is_synced());
    let before = index.searcher().num_docs();
    drop(index);
    // While no server runs, a file is published by hand.
    let text = std::fs::read_to_string(fixture_corpus().join("arkiverat.md"))
        .unwrap()
        .replace("status = \"archived\"", "status = \"published\"");
    std::fs::write(corpus.path().join("arkiverat.md"), text).unwrap();
    let (index, report) = goda::index::ExampleIndex::open_deferred(
        corpus.path(),
        dir.path(),
        crate::support::options(),
    )
    .unwrap();
    assert!(report.is_none(), "a built index is left for the resync");
    assert!(!index.is_synced());
    let s = SearchService::new(index);
    assert!(
        search(&s, "zebror").hits.is_empty(),
        "the index as it stood"
    );
    assert_eq!(s.index().searcher().num_docs(), before);
    let report = s.index().resync(crate::support::options()).unwrap();
    assert_eq!(report.read, 1, "only the changed file is read: {report:?}");
    assert!(s.index().is_synced());
    assert_eq!(ids(&search(&s, "zebror")), ["arkiverat"]);
    // Asked for every file, it re-reads now, whatever the index holds.
    drop(s);
    let full = goda::index::SyncOptions {
        full: true,
        ..crate::support::options()
    };
    let (index, report) =
        goda::index::ExampleIndex::open_deferred(corpus.path(), dir.path(), full).unwrap();
    assert!(report.is_some_and(|r| r.read > 1));
    assert!(index.is_synced());
}

#[test]
fn live_changes_made_during_a_resync_wait_for_it_and_are_applied_in_order() {
    let corpus = crate::support::copy_corpus(&crate::support::bundled_corpus());
    let (s, _problems, _dir) = service_for(corpus.path());
    let s = std::sync::Arc::new(s);
    // The file says published, as a server writes it before the index follows.
    let text = std::fs::read_to_string(fixture_corpus().join("arkiverat.md"))
        .unwrap()
        .replace("status = \"archived\"", "status = \"published\"");
    std::fs::write(corpus.path().join("arkiverat.md"), &text).unwrap();
    let mut example =
        goda::corpus::parse_example("arkiverat.md", text.as_bytes(), crate::support::TODAY)
            .unwrap();
    let full = goda::index::SyncOptions {
        full: true,
        ..crate::support::options()
    };
    let resyncing = {
        let s = s.clone();
        std::thread::spawn(move || s.index().resync(full).map(|r| r.indexed))
    };
    // Published, then withdrawn, then published again, while (or after) every file is read.
    for status in [
        goda::model::Status::Published,
        goda::model::Status::Archived,
        goda::model::Status::Published,
    ] {
        example.status = status;
        s.index().upsert(&example).unwrap();
    }
    let indexed = resyncing.join().unwrap().unwrap();
    assert!(indexed > 50, "{indexed}");
    assert_eq!(
        ids(&search(&s, "zebror")),
        ["arkiverat"],
        "the last change wins"
    );
}

#[test]
fn a_kept_answer_is_the_answer_worked_out_and_carries_the_request_as_asked() {
    let (s, _d) = service();
    let asked = SearchRequest::from_query("q=matsvinn&area=skola&area=forskola").unwrap();
    let reordered = SearchRequest::from_query("q=%20matsvinn%20&area=forskola&area=skola").unwrap();
    let first = s.search(&asked).unwrap();
    let again = s.search(&reordered).unwrap();
    let worked_out = s.search_in(&reordered, goda::search::Mode::Auto).unwrap();
    for r in [&again, &worked_out] {
        assert_eq!(ids(r), ids(&first));
        assert_eq!(r.total, first.total);
        assert_eq!(r.facets.area, first.facets.area);
    }
    // Each answer shows the request as it was asked (its text, its order of filters).
    assert_eq!(again.request, reordered);
    assert_eq!(first.request, asked);
    // Turned off, every search is worked out: the same answer.
    s.keep_answers(false);
    assert_eq!(ids(&s.search(&asked).unwrap()), ids(&first));
}
