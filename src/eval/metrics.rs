//! Ranking metrics over graded judgments.

use std::collections::BTreeMap;

fn gain(grade: u8) -> f64 {
    f64::from((1u32 << grade) - 1)
}

fn discount(rank: usize) -> f64 {
    (rank as f64 + 2.0).log2()
}

/// nDCG@k with exponential gain (2^grade − 1); 0 when nothing is judged relevant.
pub fn ndcg_at(ranked: &[String], judgments: &BTreeMap<String, u8>, k: usize) -> f64 {
    let dcg: f64 = ranked
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, id)| gain(judgments.get(id).copied().unwrap_or(0)) / discount(i))
        .sum();
    let mut ideal: Vec<u8> = judgments.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, g)| gain(*g) / discount(i))
        .sum();
    if idcg == 0.0 { 0.0 } else { dcg / idcg }
}

/// The reciprocal rank of the first hit graded 2 or 3; 0 when there is none.
pub fn mrr(ranked: &[String], judgments: &BTreeMap<String, u8>) -> f64 {
    ranked
        .iter()
        .position(|id| judgments.get(id).copied().unwrap_or(0) >= 2)
        .map_or(0.0, |i| 1.0 / (i as f64 + 1.0))
}

/// The share of judged examples (grade ≥ 1) among the top k.
pub fn recall_at(ranked: &[String], judgments: &BTreeMap<String, u8>, k: usize) -> f64 {
    let relevant = judgments.values().filter(|g| **g >= 1).count();
    if relevant == 0 {
        return 0.0;
    }
    let found = ranked
        .iter()
        .take(k)
        .filter(|id| judgments.get(*id).copied().unwrap_or(0) >= 1)
        .count();
    found as f64 / relevant.min(k) as f64
}

/// The share of the top k that is not judged at all (what a fallback adds that nobody asked
/// for); 0 when nothing is ranked.
pub fn noise_at(ranked: &[String], judgments: &BTreeMap<String, u8>, k: usize) -> f64 {
    let shown = ranked.len().min(k);
    if shown == 0 {
        return 0.0;
    }
    let unjudged = ranked
        .iter()
        .take(k)
        .filter(|id| !judgments.contains_key(*id))
        .count();
    unjudged as f64 / shown as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged() -> BTreeMap<String, u8> {
        [("a".to_string(), 3), ("b".to_string(), 1)]
            .into_iter()
            .collect()
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_ideal_ranking_scores_one() {
        assert!((ndcg_at(&ids(&["a", "b"]), &judged(), 10) - 1.0).abs() < 1e-9);
        assert_eq!(mrr(&ids(&["x", "a"]), &judged()), 0.5);
        assert_eq!(recall_at(&ids(&["a", "x"]), &judged(), 10), 0.5);
    }

    #[test]
    fn noise_is_the_share_of_unjudged_hits() {
        assert_eq!(noise_at(&ids(&["a", "x", "y", "b"]), &judged(), 10), 0.5);
        assert_eq!(noise_at(&ids(&[]), &judged(), 10), 0.0);
    }

    #[test]
    fn a_worse_ranking_scores_less() {
        assert!(ndcg_at(&ids(&["b", "a"]), &judged(), 10) < 1.0);
        assert_eq!(ndcg_at(&ids(&["x"]), &judged(), 10), 0.0);
    }
}
