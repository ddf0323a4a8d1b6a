//! Measuring search quality against graded relevance judgments.
//!
//! The judgments (`tests/relevance/queries.toml`) grade examples 3 (exactly what the searcher
//! wants), 2 (relevant) and 1 (partly relevant) for each query, and give the query a kind. The
//! similar-example sets (`tests/relevance/similar.toml`) list near-duplicate pairs and drafts
//! of new submissions with the examples they should be shown. [`evaluate`] runs every query
//! through a [`Ranker`] and reports nDCG@10, MRR and recall@10 per kind and overall, and
//! recall@3 of the similar sets, for drafts both as written and cut to their title and summary
//! (what a unit has typed before the body). A collection is a corpus with its judgments: the
//! bundled one (`examples-corpus/`, `tests/relevance/`) and the independent one
//! (`tests/relevance/independent/`, written from a brief by someone who had not read the
//! search code).

mod baseline;
mod metrics;
mod misspell;

use std::collections::BTreeMap;
use std::path::Path;

pub use baseline::Baseline;
pub use metrics::{mrr, ndcg_at, noise_at, recall_at};
pub use misspell::misspell;

use crate::search::{Matched, Mode, SearchRequest, SearchService};

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
    /// `inflection`, `compound`, `multipart`, `meaning`, `question`, `typo`, `filter` or
    /// `title`.
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

/// One ranked example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// Its id.
    pub id: String,
    /// Whether it came from a fallback: it matched only some of the query's words.
    pub fallback: bool,
}

/// A search system under evaluation.
pub trait Ranker {
    /// The top [`K`] examples for a judged query (with its filters).
    fn rank(&self, query: &JudgedQuery) -> Result<Vec<Ranked>, EvalError>;
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
    /// Mean share of the top 10 that is not judged at all ([`noise_at`]).
    pub noise: f64,
    /// Mean share of the top 10 that is not judged and came from a fallback (matched only
    /// some of the words): what a fallback adds that nobody asked for.
    pub fallback_noise: f64,
}

/// The evaluation of one system.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    /// Scores over every query.
    pub overall: Scores,
    /// Scores per query kind.
    pub by_kind: BTreeMap<String, Scores>,
    /// nDCG@10 of every query by its id, to compare systems query by query.
    pub per_query: BTreeMap<String, f64>,
    /// Scores of the misspelt copies ([`misspell`]) of every query that is not itself of kind
    /// `typo` or `filter`, judged as the original.
    pub misspelt: Scores,
    /// Scores of the same originals, typed correctly, for comparison.
    pub misspelt_originals: Scores,
    /// Recall@3 of near-duplicate pairs (both directions).
    pub pairs_recall: f64,
    /// Recall@3 of drafts' expected examples.
    pub drafts_recall: f64,
    /// The same, with each draft cut to its title and summary.
    pub drafts_short_recall: f64,
    /// The median time of one ranked query, in milliseconds (in-process, after one warm-up
    /// round).
    pub median_ms: f64,
}

/// One query's figures: nDCG, MRR, recall, noise, fallback noise.
type Row = [f64; 5];

fn average(rows: &[Row]) -> Scores {
    let n = rows.len().max(1) as f64;
    let mean = |i: usize| rows.iter().map(|r| r[i]).sum::<f64>() / n;
    Scores {
        queries: rows.len(),
        ndcg: mean(0),
        mrr: mean(1),
        recall: mean(2),
        noise: mean(3),
        fallback_noise: mean(4),
    }
}

/// Mean recall@3 of drafts' expected examples, each draft given to `similar`.
fn drafts_recall(
    ranker: &dyn Ranker,
    drafts: impl Iterator<Item = Draft>,
) -> Result<f64, EvalError> {
    let mut recall = Vec::new();
    for d in drafts {
        let found = ranker.similar_to_draft(&d, SIMILAR_K)?;
        let hit = d.expected.iter().filter(|e| found.contains(e)).count();
        recall.push(hit as f64 / d.expected.len().clamp(1, SIMILAR_K) as f64);
    }
    Ok(recall.iter().sum::<f64>() / recall.len().max(1) as f64)
}

/// Runs every query and similar set through `ranker`.
pub fn evaluate(
    ranker: &dyn Ranker,
    judgments: &Judgments,
    similar: &SimilarSets,
) -> Result<Report, EvalError> {
    let mut all = Vec::new();
    let mut by_kind: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let mut per_query = BTreeMap::new();
    for q in &judgments.query {
        ranker.rank(q)?;
    }
    let mut times = Vec::with_capacity(judgments.query.len());
    for q in &judgments.query {
        let started = std::time::Instant::now();
        let hits = ranker.rank(q)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        let ranked: Vec<String> = hits.iter().map(|h| h.id.clone()).collect();
        let fallback_noise = {
            let shown = hits.len().min(K);
            let noisy = hits
                .iter()
                .take(K)
                .filter(|h| h.fallback && !q.judgments.contains_key(&h.id))
                .count();
            if shown == 0 {
                0.0
            } else {
                noisy as f64 / shown as f64
            }
        };
        let row = [
            ndcg_at(&ranked, &q.judgments, K),
            mrr(&ranked, &q.judgments),
            recall_at(&ranked, &q.judgments, K),
            noise_at(&ranked, &q.judgments, K),
            fallback_noise,
        ];
        all.push(row);
        per_query.insert(q.id.clone(), row[0]);
        by_kind.entry(q.kind.clone()).or_default().push(row);
    }
    let mut originals = Vec::new();
    let mut misspelt = Vec::new();
    for (q, row) in judgments.query.iter().zip(&all) {
        if q.kind == "typo" || q.kind == "filter" {
            continue;
        }
        let copies = misspell(q);
        if copies.is_empty() {
            continue;
        }
        originals.push(*row);
        for copy in copies {
            let ranked: Vec<String> = ranker.rank(&copy)?.into_iter().map(|h| h.id).collect();
            misspelt.push([
                ndcg_at(&ranked, &copy.judgments, K),
                mrr(&ranked, &copy.judgments),
                recall_at(&ranked, &copy.judgments, K),
                noise_at(&ranked, &copy.judgments, K),
                0.0,
            ]);
        }
    }
    let mut pair_hits = Vec::new();
    for p in &similar.pair {
        for (from, to) in [(&p.a, &p.b), (&p.b, &p.a)] {
            let found = ranker.similar(from, SIMILAR_K)?;
            pair_hits.push(if found.contains(to) { 1.0 } else { 0.0 });
        }
    }
    let drafts = drafts_recall(ranker, similar.draft.iter().cloned())?;
    let short = drafts_recall(
        ranker,
        similar.draft.iter().map(|d| Draft {
            body: String::new(),
            ..d.clone()
        }),
    )?;
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    times.sort_by(f64::total_cmp);
    Ok(Report {
        overall: average(&all),
        by_kind: by_kind
            .into_iter()
            .map(|(k, rows)| (k, average(&rows)))
            .collect(),
        per_query,
        misspelt: average(&misspelt),
        misspelt_originals: average(&originals),
        pairs_recall: mean(&pair_hits),
        drafts_recall: drafts,
        drafts_short_recall: short,
        median_ms: times.get(times.len() / 2).copied().unwrap_or(0.0),
    })
}

/// The shipped search as a [`Ranker`], with one kind of matching: [`Mode::Auto`] as the site
/// searches, [`Mode::Lexical`] for words alone, [`Mode::Dense`] for meaning alone.
pub struct Matching<'a>(pub &'a SearchService, pub Mode);

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

fn ids_of(hits: &[crate::search::Hit]) -> Vec<String> {
    hits.iter().map(|h| h.example.id.to_string()).collect()
}

impl Ranker for Matching<'_> {
    fn rank(&self, query: &JudgedQuery) -> Result<Vec<Ranked>, EvalError> {
        let request = request_of(query)?;
        // Meaning cannot rank an empty query: that is filtering, the same for every mode.
        let mode = if request.q.trim().is_empty() {
            Mode::Lexical
        } else {
            self.1
        };
        let hits = self.0.search_in(&request, mode)?.hits;
        Ok(hits
            .iter()
            .map(|h| Ranked {
                id: h.example.id.to_string(),
                fallback: h.matched == Matched::SomeWords,
            })
            .collect())
    }

    fn similar(&self, id: &str, limit: usize) -> Result<Vec<String>, EvalError> {
        let Ok(id) = crate::model::ExampleId::parse(id) else {
            return Ok(Vec::new());
        };
        let hits = self.0.similar_in(&id, limit, self.1)?.unwrap_or_default();
        Ok(ids_of(&hits))
    }

    fn similar_to_draft(&self, draft: &Draft, limit: usize) -> Result<Vec<String>, EvalError> {
        let hits =
            self.0
                .similar_to_draft_in(&draft.title, &draft.summary, &draft.body, limit, self.1)?;
        Ok(ids_of(&hits))
    }
}

/// The reports of several systems side by side, as a plain-text table: nDCG@10 and noise per
/// kind, then similar-example recall and median query time.
pub fn table(systems: &[(&str, &Report)]) -> String {
    let mut out = format!("{:<11} {:>7}", "nDCG@10", "queries");
    for (name, _) in systems {
        out.push_str(&format!(" | {name:>9}"));
    }
    out.push('\n');
    let Some((_, first)) = systems.first() else {
        return out;
    };
    let mut kinds: Vec<&String> = first.by_kind.keys().collect();
    kinds.sort();
    let figure = |r: &Report, kind: Option<&String>, pick: fn(&Scores) -> f64| {
        let s = kind.map_or(Some(r.overall), |k| r.by_kind.get(k).copied());
        s.map_or("–".to_owned(), |s| format!("{:.3}", pick(&s)))
    };
    let rows = |pick: fn(&Scores) -> f64| {
        let mut text = String::new();
        for kind in kinds.iter().map(|k| Some(*k)).chain([None]) {
            let name = kind.map_or("overall", |k| k.as_str());
            let count = kind.map_or(first.overall.queries, |k| first.by_kind[k].queries);
            text.push_str(&format!("{name:<11} {count:>7}"));
            for (_, r) in systems {
                text.push_str(&format!(" | {:>9}", figure(r, kind, pick)));
            }
            text.push('\n');
        }
        text
    };
    out.push_str(&rows(|s| s.ndcg));
    out.push_str("\nnoise@10 (share of unjudged hits in the top 10)\n");
    out.push_str(&rows(|s| s.noise));
    out.push_str("\nfallback noise@10 (share of unjudged hits that matched only some words)\n");
    out.push_str(&rows(|s| s.fallback_noise));
    out.push_str(&format!("\nmisspelt    {:>7}", first.misspelt.queries));
    for (_, r) in systems {
        out.push_str(&format!(" | {:>9.3}", r.misspelt.ndcg));
    }
    out.push_str(&format!(
        "   (nDCG@10 of copies with one typing error in one word)\ntyped right {:>7}",
        first.misspelt_originals.queries
    ));
    for (_, r) in systems {
        out.push_str(&format!(" | {:>9.3}", r.misspelt_originals.ndcg));
    }
    out.push_str("   (the same queries as typed)\n");
    out.push_str(&format!("\n{:<19}", "similar, recall@3"));
    for (name, _) in systems {
        out.push_str(&format!(" | {name:>9}"));
    }
    out.push('\n');
    let line = |label: &str, pick: fn(&Report) -> f64| {
        let mut l = format!("{label:<19}");
        for (_, r) in systems {
            l.push_str(&format!(" | {:>9.3}", pick(r)));
        }
        l + "\n"
    };
    out.push_str(&line("near-duplicate pairs", |r| r.pairs_recall));
    out.push_str(&line("drafts", |r| r.drafts_recall));
    out.push_str(&line("drafts, title+summary", |r| r.drafts_short_recall));
    out.push_str(&line("median ms", |r| r.median_ms));
    out
}
