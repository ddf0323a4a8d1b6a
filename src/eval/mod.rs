//! Measuring search quality against graded relevance judgments.
//!
//! The judgments (`tests/relevance/queries.toml`) grade examples 3 (exactly what the searcher
//! wants), 2 (relevant) and 1 (partly relevant) for each query, and give the query a kind. The
//! similar-example sets (`tests/relevance/similar.toml`) list near-duplicate pairs and drafts
//! of new submissions with the examples they should be shown. [`evaluate`] runs every query
//! through a [`Ranker`] and reports nDCG@10, MRR and recall@10 per kind and overall, and
//! recall@3 of the similar sets.

mod baseline;
mod metrics;

use std::collections::BTreeMap;
use std::path::Path;

pub use baseline::Baseline;
pub use metrics::{mrr, ndcg_at, recall_at};

use crate::search::{SearchRequest, SearchService};

/// The cut-off of nDCG and recall.
pub const K: usize = 10;
/// The cut-off of similar-example recall.
pub const SIMILAR_K: usize = 3;

/// One judged query.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudgedQuery {
    /// A short id such as `q01`.
    pub id: String,
    /// `inflection`, `compound`, `question`, `typo`, `filter` or `title`.
    pub kind: String,
    /// The query as typed.
    pub q: String,
    /// Filters as query parameters (`area = ["skola"]`).
    #[serde(default)]
    pub filters: BTreeMap<String, Vec<String>>,
    /// Example id to grade (1–3).
    pub judgments: BTreeMap<String, u8>,
}

/// A near-duplicate pair; each should find the other among its most similar examples.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    /// One example.
    pub a: String,
    /// The other.
    pub b: String,
}

/// A draft of a new submission and the published examples it should be shown.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// The draft's title.
    pub title: String,
    /// The draft's summary.
    pub summary: String,
    /// The draft's body.
    pub body: String,
    /// The examples to show, most similar first.
    pub expected: Vec<String>,
}

/// The judgments file.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judgments {
    /// Every judged query.
    pub query: Vec<JudgedQuery>,
}

/// The similar-example sets.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimilarSets {
    /// Near-duplicate pairs.
    pub pair: Vec<Pair>,
    /// Drafts with expected similar examples.
    pub draft: Vec<Draft>,
}

/// Why the judgments could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file is not valid TOML of the expected shape.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The index failed.
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    /// A query's filters cannot be used.
    #[error("query {id}: {source}")]
    Filter {
        /// The query.
        id: String,
        /// What is wrong.
        source: crate::search::ParamError,
    },
}

/// Reads a TOML file into `T`.
pub fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read {
        path: path.to_owned(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| EvalError::Parse {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// A search system under evaluation.
pub trait Ranker {
    /// The ids of the top [`K`] examples for a judged query (with its filters).
    fn rank(&self, query: &JudgedQuery) -> Result<Vec<String>, EvalError>;
    /// The ids of the examples most similar to the example `id`.
    fn similar(&self, id: &str, limit: usize) -> Result<Vec<String>, EvalError>;
    /// The ids of the examples most similar to a draft.
    fn similar_to_draft(&self, draft: &Draft, limit: usize) -> Result<Vec<String>, EvalError>;
}

/// Metric averages over a set of queries.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Scores {
    /// Queries averaged.
    pub queries: usize,
    /// Mean nDCG@10.
    pub ndcg: f64,
    /// Mean reciprocal rank of the first relevant (grade ≥ 2) hit.
    pub mrr: f64,
    /// Mean share of judged examples (grade ≥ 1) in the top 10.
    pub recall: f64,
}

/// The evaluation of one system.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    /// Scores over every query.
    pub overall: Scores,
    /// Scores per query kind.
    pub by_kind: BTreeMap<String, Scores>,
    /// Recall@3 of near-duplicate pairs (both directions).
    pub pairs_recall: f64,
    /// Recall@3 of drafts' expected examples.
    pub drafts_recall: f64,
    /// The median time of one ranked query, in milliseconds (in-process, after one warm-up
    /// round).
    pub median_ms: f64,
}

fn average(rows: &[(f64, f64, f64)]) -> Scores {
    let n = rows.len().max(1) as f64;
    Scores {
        queries: rows.len(),
        ndcg: rows.iter().map(|r| r.0).sum::<f64>() / n,
        mrr: rows.iter().map(|r| r.1).sum::<f64>() / n,
        recall: rows.iter().map(|r| r.2).sum::<f64>() / n,
    }
}

/// Runs every query and similar set through `ranker`.
pub fn evaluate(
    ranker: &dyn Ranker,
    judgments: &Judgments,
    similar: &SimilarSets,
) -> Result<Report, EvalError> {
    let mut all = Vec::new();
    let mut by_kind: BTreeMap<String, Vec<(f64, f64, f64)>> = BTreeMap::new();
    for q in &judgments.query {
        ranker.rank(q)?;
    }
    let mut times = Vec::with_capacity(judgments.query.len());
    for q in &judgments.query {
        let started = std::time::Instant::now();
        let ranked = ranker.rank(q)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        let row = (
            ndcg_at(&ranked, &q.judgments, K),
            mrr(&ranked, &q.judgments),
            recall_at(&ranked, &q.judgments, K),
        );
        all.push(row);
        by_kind.entry(q.kind.clone()).or_default().push(row);
    }
    let mut pair_hits = Vec::new();
    for p in &similar.pair {
        for (from, to) in [(&p.a, &p.b), (&p.b, &p.a)] {
            let found = ranker.similar(from, SIMILAR_K)?;
            pair_hits.push(if found.contains(to) { 1.0 } else { 0.0 });
        }
    }
    let mut draft_recall = Vec::new();
    for d in &similar.draft {
        let found = ranker.similar_to_draft(d, SIMILAR_K)?;
        let hit = d.expected.iter().filter(|e| found.contains(e)).count();
        draft_recall.push(hit as f64 / d.expected.len().clamp(1, SIMILAR_K) as f64);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    times.sort_by(f64::total_cmp);
    Ok(Report {
        overall: average(&all),
        by_kind: by_kind
            .into_iter()
            .map(|(k, rows)| (k, average(&rows)))
            .collect(),
        pairs_recall: mean(&pair_hits),
        drafts_recall: mean(&draft_recall),
        median_ms: times.get(times.len() / 2).copied().unwrap_or(0.0),
    })
}

/// The shipped search, as a [`Ranker`].
pub struct Shipped<'a>(pub &'a SearchService);

/// The search request of a judged query.
pub fn request_of(q: &JudgedQuery) -> Result<SearchRequest, EvalError> {
    let mut pairs: Vec<(&str, &str)> = vec![("q", q.q.as_str()), ("per_page", "10")];
    for (key, values) in &q.filters {
        pairs.extend(values.iter().map(|v| (key.as_str(), v.as_str())));
    }
    SearchRequest::from_pairs(pairs).map_err(|source| EvalError::Filter {
        id: q.id.clone(),
        source,
    })
}

impl Ranker for Shipped<'_> {
    fn rank(&self, query: &JudgedQuery) -> Result<Vec<String>, EvalError> {
        let results = self.0.search(&request_of(query)?)?;
        Ok(results
            .hits
            .iter()
            .map(|h| h.example.id.to_string())
            .collect())
    }

    fn similar(&self, id: &str, limit: usize) -> Result<Vec<String>, EvalError> {
        let Ok(id) = crate::model::ExampleId::parse(id) else {
            return Ok(Vec::new());
        };
        let hits = self.0.similar(&id, limit)?.unwrap_or_default();
        Ok(hits.iter().map(|h| h.example.id.to_string()).collect())
    }

    fn similar_to_draft(&self, draft: &Draft, limit: usize) -> Result<Vec<String>, EvalError> {
        let hits = self
            .0
            .similar_to_draft(&draft.title, &draft.summary, &draft.body, limit)?;
        Ok(hits.iter().map(|h| h.example.id.to_string()).collect())
    }
}

/// The report of two systems side by side, as a plain-text table.
pub fn table(shipped: &Report, baseline: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{:<12} {:>7} | {:>8} {:>8} | {:>8} {:>8} | {:>8} {:>8}\n",
        "kind", "queries", "nDCG@10", "baseline", "MRR", "baseline", "R@10", "baseline"
    ));
    let row = |name: &str, s: &Scores, b: &Scores| {
        format!(
            "{:<12} {:>7} | {:>8.3} {:>8.3} | {:>8.3} {:>8.3} | {:>8.3} {:>8.3}\n",
            name, s.queries, s.ndcg, b.ndcg, s.mrr, b.mrr, s.recall, b.recall
        )
    };
    for (kind, s) in &shipped.by_kind {
        let b = baseline.by_kind.get(kind).copied().unwrap_or_default();
        out.push_str(&row(kind, s, &b));
    }
    out.push_str(&row("overall", &shipped.overall, &baseline.overall));
    out.push_str(&format!(
        "\nsimilar examples, recall@{SIMILAR_K}: near-duplicate pairs {:.3} (baseline {:.3}), drafts {:.3} (baseline {:.3})\n",
        shipped.pairs_recall, baseline.pairs_recall, shipped.drafts_recall, baseline.drafts_recall
    ));
    out.push_str(&format!(
        "median query time: {:.3} ms (baseline {:.3} ms), in-process\n",
        shipped.median_ms, baseline.median_ms
    ));
    out
}
