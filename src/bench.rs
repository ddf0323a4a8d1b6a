//! In-process latency of search, similar examples and suggestions: p50/p95/p99 over a mixed
//! query set (`bench/queries.txt`: one query string per line). `goda bench-latency` prints it
//! as JSON for `bench/scale`, which puts it beside the HTTP and PostgreSQL figures. Timings are
//! printed, never asserted.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::search::{Mode, ParamError, SearchRequest, SearchService};

/// Percentiles of one kind of call, in milliseconds.
#[derive(Debug, Clone, Serialize)]
pub struct Percentiles {
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    /// How many calls were timed.
    pub n: usize,
}

impl Percentiles {
    /// The percentiles of `samples`; all zero when there are none.
    pub fn of(mut samples: Vec<Duration>) -> Self {
        samples.sort_unstable();
        let at = |p: f64| {
            if samples.is_empty() {
                return 0.0;
            }
            let i = ((samples.len() - 1) as f64 * p).round() as usize;
            samples[i].as_secs_f64() * 1000.0
        };
        Self {
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
            n: samples.len(),
        }
    }
}

/// What `goda bench-latency` reports.
#[derive(Debug, Clone, Serialize)]
pub struct LatencyReport {
    /// Published examples in the index.
    pub examples: u64,
    /// Searches by words alone, each worked out in full.
    pub search_ms: Percentiles,
    /// The same searches answered again: from the answers the service keeps.
    pub search_answered_ms: Percentiles,
    pub similar_ms: Percentiles,
    pub suggest_ms: Percentiles,
    /// Search by meaning, when measured (`--meaning`).
    pub meaning: Option<MeaningReport>,
}

/// Search by meaning at the index's size (`goda bench-latency --meaning`).
#[derive(Debug, Clone, Serialize)]
pub struct MeaningReport {
    /// Passages (title, summary, tags) embedded per second, in batches as at start-up, over a
    /// sample of the index's examples.
    pub passages_per_second: f64,
    /// How long embedding every example would take at that rate, in seconds.
    pub readiness_estimate_s: f64,
    /// Embedding one query (uncached).
    pub query_embed_ms: Percentiles,
    /// The nearest examples alone (every vector scored).
    pub dense_ms: Percentiles,
    /// A whole search, words and meaning fused, with the query vector not yet cached.
    pub search_cold_ms: Percentiles,
    /// The same with the query vector cached.
    pub search_cached_ms: Percentiles,
}

/// Measures search by meaning over `service`: embedding throughput on up to `sample` of its
/// examples with the model in `model_dir`, then (with meaningless vectors for every example,
/// since latency does not depend on what they mean) query embedding, the nearest examples,
/// and whole searches with cold and cached query vectors. `None` without the model.
///
/// On `Err`: the index failed.
pub fn meaning_latency(
    service: &SearchService,
    model_dir: &std::path::Path,
    requests: &[SearchRequest],
    rounds: usize,
    sample: usize,
) -> crate::search::Result<Option<MeaningReport>> {
    use crate::index::embedding::{Model, Semantic, passage};
    let Ok(model) = Model::open(model_dir) else {
        return Ok(None);
    };
    let examples = service.index().published()?;
    let texts: Vec<String> = examples.iter().take(sample).map(passage).collect();
    let t = Instant::now();
    for chunk in texts.chunks(8) {
        let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
        std::hint::black_box(model.passages(&refs).ok());
    }
    let passages_per_second = texts.len() as f64 / t.elapsed().as_secs_f64().max(1e-9);
    service
        .index()
        .set_semantic(Semantic::with_synthetic_vectors(model_dir, &examples));
    let Some(semantic) = service.index().semantic() else {
        return Ok(None);
    };
    let texts: Vec<&SearchRequest> = requests.iter().filter(|r| !r.q.trim().is_empty()).collect();
    let (mut embed, mut dense, mut cold, mut cached) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        for r in &texts {
            semantic.clear_query_cache();
            let t = Instant::now();
            let vector = semantic.query_vector(&r.q);
            embed.push(t.elapsed());
            if let Some(v) = vector {
                let t = Instant::now();
                std::hint::black_box(semantic.nearest(&v, 50, 0.0, &|_, _| true));
                dense.push(t.elapsed());
            }
            // Cold: neither the query's vector nor the answer kept; cached: the query's
            // vector kept (the answer is not).
            semantic.clear_query_cache();
            let t = Instant::now();
            std::hint::black_box(service.search_in(r, Mode::Auto)?);
            cold.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(service.search_in(r, Mode::Auto)?);
            cached.push(t.elapsed());
        }
    }
    Ok(Some(MeaningReport {
        passages_per_second,
        readiness_estimate_s: examples.len() as f64 / passages_per_second.max(1e-9),
        query_embed_ms: Percentiles::of(embed),
        dense_ms: Percentiles::of(dense),
        search_cold_ms: Percentiles::of(cold),
        search_cached_ms: Percentiles::of(cached),
    }))
}

/// The searches of a query file: one query string per line; `#` lines and blank lines are
/// skipped.
///
/// On `Err` names the parameter of the first line that is not a valid search.
pub fn read_queries(text: &str) -> Result<Vec<SearchRequest>, ParamError> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(SearchRequest::from_query)
        .collect()
}

/// Prefixes typed into the search box.
const PREFIXES: [&str; 12] = [
    "m", "ma", "mat", "hemt", "förs", "upph", "dig", "bibl", "dia", "tryg", "öpp", "skol",
];

/// Times every search `rounds` times after one warm-up round, similar examples for up to
/// `rounds × 10` of the examples those searches found (each once, so never from the cache),
/// and completions of common prefixes.
///
/// On `Err`: the index failed.
pub fn latency(
    service: &SearchService,
    requests: &[SearchRequest],
    rounds: usize,
) -> crate::search::Result<LatencyReport> {
    let mut ids = Vec::new();
    for r in requests {
        ids.extend(service.search(r)?.hits.into_iter().map(|h| h.example.id));
    }
    ids.sort();
    ids.dedup();
    // Every search worked out in full: the answers the service keeps are measured apart.
    let mut search = Vec::new();
    for _ in 0..rounds {
        for r in requests {
            let t = Instant::now();
            std::hint::black_box(service.search_in(r, Mode::Auto)?);
            search.push(t.elapsed());
        }
    }
    let mut answered = Vec::new();
    for _ in 0..rounds {
        for r in requests {
            let t = Instant::now();
            std::hint::black_box(service.search(r)?);
            answered.push(t.elapsed());
        }
    }
    // Each example once: the service keeps similar examples until the index changes, and
    // this measures finding them, not the cache.
    let mut similar = Vec::new();
    for id in ids.iter().take(rounds * 10) {
        let t = Instant::now();
        std::hint::black_box(service.similar(id, 5)?);
        similar.push(t.elapsed());
    }
    let mut suggest = Vec::new();
    for _ in 0..rounds {
        for p in PREFIXES {
            let t = Instant::now();
            std::hint::black_box(service.suggest(p, 8)?);
            suggest.push(t.elapsed());
        }
    }
    Ok(LatencyReport {
        examples: service.count(),
        search_ms: Percentiles::of(search),
        search_answered_ms: Percentiles::of(answered),
        similar_ms: Percentiles::of(similar),
        suggest_ms: Percentiles::of(suggest),
        meaning: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_the_nearest_rank() {
        let samples = (1..=100).map(Duration::from_millis).collect();
        let p = Percentiles::of(samples);
        assert_eq!((p.p50, p.p95, p.p99, p.n), (51.0, 95.0, 99.0, 100));
        assert_eq!(Percentiles::of(Vec::new()).p99, 0.0);
    }

    #[test]
    fn the_query_file_of_the_benchmark_is_valid() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/bench/queries.txt"))
                .unwrap();
        let requests = read_queries(&text).unwrap();
        assert!(requests.len() >= 20);
        assert!(
            requests
                .iter()
                .any(|r| r.q.is_empty() && !r.filters.is_empty())
        );
        assert!(read_queries("q=x&area=rymden").is_err());
    }
}
