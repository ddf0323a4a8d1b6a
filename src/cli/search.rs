//! Commands that search and measure: `goda analyze`, `search`, `bench-latency` and `eval`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use goda::corpus;

use super::serve::{open_index, service_for, today};

pub(crate) fn analyze(corpus: &Path, index: &Path, words: &[String]) -> anyhow::Result<ExitCode> {
    let (index, _) = open_index(corpus, index, false)?;
    let tokenizers = index.tantivy().tokenizers();
    let mut lemmas = tokenizers
        .get(goda::index::SWEDISH)
        .context("the index has no Swedish analyzer")?;
    let mut parts = tokenizers
        .get(goda::index::SWEDISH_PARTS)
        .context("the index has no parts analyzer")?;
    for text in words {
        for word in text.split_whitespace() {
            println!(
                "{word}: lemmas {:?}, parts {:?}",
                goda::index::terms_of(&mut lemmas, word),
                goda::index::terms_of(&mut parts, word)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn search_cli(
    corpus: &Path,
    index: &Path,
    model: &Path,
    query: &str,
    mode: &str,
    limit: u32,
) -> anyhow::Result<ExitCode> {
    use goda::search::{Mode, SearchRequest};
    let mode = match mode {
        "lexical" => Mode::Lexical,
        "dense" => Mode::Dense,
        _ => Mode::Auto,
    };
    let (index, _) = open_index(corpus, index, false)?;
    if mode != Mode::Lexical {
        index.start_semantic(model);
        if let Some(semantic) = index.semantic() {
            semantic.wait_until_ready();
        }
    }
    let service = service_for(corpus, index);
    let per_page = limit.clamp(1, 100).to_string();
    let request = SearchRequest::from_pairs([("q", query), ("per_page", per_page.as_str())])
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let results = service.search_in(&request, mode)?;
    println!("{} träffar", results.total);
    for (rank, hit) in results.hits.iter().enumerate() {
        println!(
            "{:>3}. {:<60} {:>9.4}  {}",
            rank + 1,
            hit.example.id,
            hit.score,
            hit.example.title
        );
    }
    if let Some(s) = &results.suggestion {
        println!("Menade du: {s}");
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn bench_latency(
    corpus: &Path,
    index: &Path,
    model: &Path,
    queries: &Path,
    rounds: usize,
    meaning: Option<usize>,
) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(queries)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", queries.display()))?;
    let requests = goda::bench::read_queries(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", queries.display()))?;
    let (index, _) = open_index(corpus, index, false)?;
    let service = goda::search::SearchService::new(index);
    let mut report = goda::bench::latency(&service, &requests, rounds.max(1))?;
    if let Some(sample) = meaning {
        report.meaning =
            goda::bench::meaning_latency(&service, model, &requests, rounds.max(1), sample)?;
    }
    println!("{}", serde_json::to_string(&report)?);
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn eval(
    corpus: &Path,
    index: &Path,
    model: &Path,
    queries: &Path,
    similar: &Path,
    json: bool,
) -> anyhow::Result<ExitCode> {
    use goda::eval::{Baseline, Judgments, Matching, SimilarSets, evaluate, read_toml, table};
    use goda::search::Mode;
    let judgments: Judgments = read_toml(queries)?;
    let sets: SimilarSets = read_toml(similar)?;
    let loaded = corpus::load_dir(corpus, today())?;
    let (index, _) = open_index(corpus, index, false)?;
    index.start_semantic(model);
    let semantic = index
        .semantic()
        .context("search by meaning was just started")?;
    semantic.wait_until_ready();
    let status = semantic.status();
    let service = service_for(corpus, index);
    let lexical = evaluate(&Matching(&service, Mode::Lexical), &judgments, &sets)?;
    let (dense, hybrid) = if status.ready {
        (
            Some(evaluate(
                &Matching(&service, Mode::Dense),
                &judgments,
                &sets,
            )?),
            Some(evaluate(
                &Matching(&service, Mode::Auto),
                &judgments,
                &sets,
            )?),
        )
    } else {
        eprintln!(
            "search by meaning is off ({}): lexical figures only",
            status.unavailable.as_deref().unwrap_or("not ready")
        );
        (None, None)
    };
    let baseline = evaluate(&Baseline::build(&loaded.examples)?, &judgments, &sets)?;
    if json {
        println!(
            "{}",
            serde_json::json!({
                "systems": { "lexical": lexical, "dense": dense, "hybrid": hybrid, "baseline": baseline },
                "shipped": if hybrid.is_some() { "hybrid" } else { "lexical" },
            })
        );
    } else {
        let mut systems = vec![("lexical", &lexical)];
        if let (Some(d), Some(h)) = (&dense, &hybrid) {
            systems.push(("dense", d));
            systems.push(("hybrid", h));
        }
        systems.push(("baseline", &baseline));
        print!("{}", table(&systems));
    }
    Ok(ExitCode::SUCCESS)
}
