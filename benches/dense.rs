//! Exhaustive search over 8-bit vectors (what `goda` ships) against an HNSW graph
//! (instant-distance), at 10 000, 100 000 and 1 000 000 random unit vectors of e5-small's 384
//! dimensions: build time, query time (p50/p99) and HNSW's recall of the exact top 10.
//! Latency does not depend on what the vectors mean, so random ones measure it.
//!
//! `cargo bench --bench dense [-- SIZES…] [--hnsw-max N]` prints a table; under `cargo test`
//! it runs a smoke size only.

use std::sync::Arc;
use std::time::Instant;

use goda::index::embedding::{DIM, DenseIndex, Meta, Quantized};
use goda::model::ExampleId;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 40) as f32 / (1u64 << 24) as f32 - 0.5
    }

    fn unit(&mut self) -> [f32; DIM] {
        let mut v = [0.0f32; DIM];
        for c in v.iter_mut() {
            *c = self.next();
        }
        let n = v.iter().map(|c| c * c).sum::<f32>().sqrt();
        v.map(|c| c / n)
    }
}

#[derive(Clone)]
struct Point([f32; DIM]);

impl instant_distance::Point for Point {
    fn distance(&self, other: &Self) -> f32 {
        1.0 - self.0.iter().zip(&other.0).map(|(a, b)| a * b).sum::<f32>()
    }
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn meta() -> Meta {
    Meta {
        area: 0,
        focus: 1,
        maturity: 0,
        year: 2024,
        organisation: Arc::from("Förvaltningen"),
        reviewed: 20_000,
    }
}

fn run(size: usize, queries: usize, hnsw: bool) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let vectors: Vec<[f32; DIM]> = (0..size).map(|_| rng.unit()).collect();
    let started = Instant::now();
    let mut dense = DenseIndex::default();
    for (i, v) in vectors.iter().enumerate() {
        let id = ExampleId::parse(&format!("e{i}")).expect("a valid id");
        dense.upsert(id, meta(), Arc::new(Quantized::new(v)));
    }
    let build_exact = started.elapsed().as_secs_f64();
    let qs: Vec<[f32; DIM]> = (0..queries).map(|_| rng.unit()).collect();
    let mut exact_ms = Vec::new();
    let mut filtered_ms = Vec::new();
    let mut exact_top = Vec::new();
    for q in &qs {
        let q8 = Quantized::new(q);
        let t = Instant::now();
        let top = dense.nearest(&q8, 10, -1.0, &|_, _| true);
        exact_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let _ = dense.nearest(&q8, 10, -1.0, &|_, m| m.year == 2024 && m.area == 0);
        filtered_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        exact_top.push(
            top.into_iter()
                .map(|h| h.id.to_string())
                .collect::<Vec<_>>(),
        );
    }
    let rss = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<u64>().ok())
        })
        .map_or(0, |pages| pages * 4096 / 1_000_000);
    println!(
        "| {size} | exhaustive, 8-bit | {build_exact:.1} s | {:.2} / {:.2} ms | {:.2} / {:.2} ms | 1.000 | {rss} MB |",
        percentile(exact_ms.clone(), 0.5),
        percentile(exact_ms, 0.99),
        percentile(filtered_ms.clone(), 0.5),
        percentile(filtered_ms, 0.99),
    );
    if !hnsw {
        println!("| {size} | HNSW (instant-distance) | not built: see --hnsw-max | | | | |");
        return;
    }
    let started = Instant::now();
    let points: Vec<Point> = vectors.iter().map(|v| Point(*v)).collect();
    let values: Vec<usize> = (0..size).collect();
    let map = instant_distance::Builder::default().build(points, values);
    let build = started.elapsed().as_secs_f64();
    let mut ms = Vec::new();
    let mut recall = 0.0;
    let mut search = instant_distance::Search::default();
    for (q, truth) in qs.iter().zip(&exact_top) {
        let t = Instant::now();
        let found: Vec<String> = map
            .search(&Point(*q), &mut search)
            .take(10)
            .map(|item| format!("e{}", item.value))
            .collect();
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        recall += found.iter().filter(|f| truth.contains(f)).count() as f64 / 10.0;
    }
    println!(
        "| {size} | HNSW (instant-distance) | {build:.1} s | {:.2} / {:.2} ms | filters after the graph | {:.3} | |",
        percentile(ms.clone(), 0.5),
        percentile(ms, 0.99),
        recall / qs.len() as f64
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench") {
        // `cargo test --all-targets` runs this binary: a smoke run of the exhaustive search
        // only (building the graph unoptimised takes minutes).
        run(1_000, 5, false);
        return;
    }
    let hnsw_max = args
        .iter()
        .position(|a| a == "--hnsw-max")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000usize);
    let mut sizes: Vec<usize> = Vec::new();
    let mut skip = false;
    for a in &args {
        if std::mem::take(&mut skip) {
            continue;
        }
        if a == "--hnsw-max" {
            skip = true;
        } else if let Ok(n) = a.parse() {
            sizes.push(n);
        }
    }
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000, 1_000_000]
    } else {
        sizes
    };
    println!(
        "| vectors | search | build | top 10, p50 / p99 | with filters, p50 / p99 | recall@10 | RSS |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|");
    for size in sizes {
        run(size, 200, size <= hnsw_max);
    }
}
