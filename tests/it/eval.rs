//! `goda eval` in the test suite: the shipped analysis must stay above floors set from the
//! measured figures (see the README), and above the plain baseline where the analysis is meant
//! to help.

use goda::eval::{Baseline, Judgments, Report, Shipped, SimilarSets, evaluate, read_toml};

use crate::support::{TODAY, bundled_corpus, service_for};

fn reports() -> (Report, Report) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relevance");
    let judgments: Judgments = read_toml(&dir.join("queries.toml")).unwrap();
    let sets: SimilarSets = read_toml(&dir.join("similar.toml")).unwrap();
    let (service, _, _index) = service_for(&bundled_corpus());
    let shipped = evaluate(&Shipped(&service), &judgments, &sets).unwrap();
    let examples = goda::corpus::load_dir(&bundled_corpus(), TODAY)
        .unwrap()
        .examples;
    let baseline = evaluate(&Baseline::build(&examples).unwrap(), &judgments, &sets).unwrap();
    (shipped, baseline)
}

/// Floors a little below the figures measured when they were set (overall nDCG@10 0.916;
/// compound 0.890, inflection 0.952, typo 0.862; pairs 1.000, drafts 0.954).
const FLOORS: &[(&str, f64)] = &[
    ("overall", 0.88),
    ("compound", 0.85),
    ("inflection", 0.92),
    ("typo", 0.82),
];

#[test]
fn the_shipped_search_stays_above_its_floors_and_the_baseline() {
    let (shipped, baseline) = reports();
    let judgments: Judgments = read_toml(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relevance/queries.toml"),
    )
    .unwrap();
    assert!(judgments.query.len() >= 40);
    for kind in [
        "inflection",
        "compound",
        "question",
        "typo",
        "filter",
        "title",
    ] {
        assert!(
            shipped.by_kind.get(kind).is_some_and(|s| s.queries >= 6),
            "too few {kind} queries"
        );
    }
    for (kind, floor) in FLOORS {
        let (s, b) = if *kind == "overall" {
            (shipped.overall, baseline.overall)
        } else {
            (shipped.by_kind[*kind], baseline.by_kind[*kind])
        };
        assert!(
            s.ndcg >= *floor,
            "{kind}: nDCG@10 {:.3} is below the floor {floor}",
            s.ndcg
        );
        assert!(
            s.ndcg > b.ndcg + 0.03,
            "{kind}: {:.3} is not clearly above the baseline's {:.3}",
            s.ndcg,
            b.ndcg
        );
    }
}

#[test]
fn similar_examples_find_near_duplicates_and_drafts_at_least_as_well_as_the_baseline() {
    let (shipped, baseline) = reports();
    assert!(
        shipped.pairs_recall >= 0.95,
        "pairs recall@3 {:.3}",
        shipped.pairs_recall
    );
    assert!(
        shipped.drafts_recall >= 0.9,
        "drafts recall@3 {:.3}",
        shipped.drafts_recall
    );
    assert!(shipped.pairs_recall >= baseline.pairs_recall);
    assert!(shipped.drafts_recall >= baseline.drafts_recall);
}
