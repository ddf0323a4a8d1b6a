//! One ranking from the lexical and the meaning-based lists: reciprocal-rank fusion.
//!
//! Each list gives a document `1 / (K + rank)`; the sums rank the union. RRF needs no
//! calibration between BM25 scores and cosine similarities, which live on unrelated scales,
//! and it was measured against score blending on the bundled collection (ARCHITECTURE.md).
//! Two rules keep what a person asked for on top: a document whose title is the query itself
//! comes first, and when the query has a phrase or an exclusion ("strict"), the documents that
//! satisfy it lexically rank above those found by meaning alone.

use std::collections::HashMap;

use crate::model::ExampleId;

/// RRF's constant: how much the first ranks dominate.
pub const RRF_K: f32 = 60.0;
/// How many examples the meaning-based list contributes.
pub const DENSE_LIST: usize = 50;
/// How many examples of the lexical list take part in the fusion.
pub const LEXICAL_LIST: usize = 50;
/// How far below the nearest example's similarity another may be and still count as found.
pub const MARGIN: f32 = 0.05;
/// The similarity below which an example is not taken as found by meaning (multilingual-e5's
/// cosine similarities of unrelated Swedish texts lie around 0.70–0.78).
pub const FLOOR: f32 = 0.80;

/// A member of the fused list.
#[derive(Debug, Clone, PartialEq)]
pub struct Fused {
    /// The example.
    pub id: ExampleId,
    /// The fused score.
    pub score: f32,
    /// Whether the lexical query matched it.
    pub lexical: bool,
}

/// Fuses the lexical ranking (best first) with the meaning-based one, which weighs
/// `dense_weight` times the lexical one. `title_match` is an example whose title is the query
/// itself; `strict` puts every lexical match above the rest.
pub fn fuse(
    lexical: &[ExampleId],
    dense: &[ExampleId],
    dense_weight: f32,
    title_match: Option<&ExampleId>,
    strict: bool,
) -> Vec<Fused> {
    let mut scores: HashMap<&ExampleId, (f32, bool)> = HashMap::new();
    for (rank, id) in lexical.iter().take(LEXICAL_LIST).enumerate() {
        let e = scores.entry(id).or_default();
        e.0 += 1.0 / (RRF_K + rank as f32 + 1.0);
        e.1 = true;
    }
    // Lexical matches beyond the fused part of the list keep their order below it.
    for id in lexical.iter().skip(LEXICAL_LIST) {
        scores.entry(id).or_insert((0.0, true));
    }
    for (rank, id) in dense.iter().enumerate() {
        scores.entry(id).or_default().0 += dense_weight / (RRF_K + rank as f32 + 1.0);
    }
    let lexical_rank: HashMap<&ExampleId, usize> =
        lexical.iter().enumerate().map(|(i, id)| (id, i)).collect();
    let mut out: Vec<Fused> = scores
        .into_iter()
        .map(|(id, (score, lexical))| Fused {
            id: id.clone(),
            score,
            lexical,
        })
        .collect();
    let tier = |f: &Fused| (title_match == Some(&f.id), strict && f.lexical);
    out.sort_by(|a, b| {
        tier(b)
            .cmp(&tier(a))
            .then(b.score.total_cmp(&a.score))
            .then_with(|| {
                let ra = lexical_rank.get(&a.id).copied().unwrap_or(usize::MAX);
                let rb = lexical_rank.get(&b.id).copied().unwrap_or(usize::MAX);
                ra.cmp(&rb)
            })
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// Lowercase letters and digits, one space between words: a title and a query compared so.
pub fn normalised(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<ExampleId> {
        v.iter().map(|s| ExampleId::parse(s).unwrap()).collect()
    }

    fn order(f: &[Fused]) -> Vec<String> {
        f.iter().map(|x| x.id.to_string()).collect()
    }

    #[test]
    fn an_example_high_in_both_lists_wins() {
        let fused = fuse(
            &ids(&["a", "b", "c"]),
            &ids(&["c", "d", "b"]),
            1.0,
            None,
            false,
        );
        assert_eq!(order(&fused), ["c", "b", "a", "d"]);
    }

    #[test]
    fn the_title_match_comes_first_and_strict_queries_keep_lexical_matches_on_top() {
        let fused = fuse(
            &ids(&["a", "b"]),
            &ids(&["x", "y", "b"]),
            1.0,
            Some(&ids(&["b"])[0]),
            false,
        );
        assert_eq!(order(&fused)[0], "b");
        let strict = fuse(&ids(&["a"]), &ids(&["x", "y", "z"]), 1.0, None, true);
        assert_eq!(order(&strict)[0], "a");
        assert!(strict.iter().skip(1).all(|f| !f.lexical));
    }

    #[test]
    fn a_lighter_meaning_list_leaves_the_lexical_matches_above_examples_found_only_by_meaning() {
        let (lexical, dense) = (ids(&["a", "b", "c"]), ids(&["x", "c"]));
        assert_eq!(
            order(&fuse(&lexical, &dense, 1.0, None, false)),
            ["c", "a", "x", "b"]
        );
        assert_eq!(
            order(&fuse(&lexical, &dense, 0.5, None, false)),
            ["c", "a", "b", "x"]
        );
    }

    #[test]
    fn titles_and_queries_are_compared_without_case_or_punctuation() {
        assert_eq!(
            normalised("Halverat matsvinn – i skolköket!"),
            "halverat matsvinn i skolköket"
        );
    }
}
