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
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
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
        None => serve(&cli.corpus, &cli.index, &cli.config, &cli.serve.addr),
        Some(Command::Serve(args)) => serve(&cli.corpus, &cli.index, &cli.config, &args.addr),
        Some(Command::Organiser(command)) => organiser(&cli.config, command),
        Some(Command::Reindex) => reindex(&cli.corpus, &cli.index),
        Some(Command::Check) => check(&cli.corpus),
        Some(Command::Import { file, replace }) => import(&cli.corpus, &cli.index, &file, replace),
        Some(Command::Generate { count, seed, out }) => generate(&cli.corpus, count, seed, &out),
        Some(Command::BenchLatency { queries, rounds }) => {
            bench_latency(&cli.corpus, &cli.index, &queries, rounds)
        }
        Some(Command::Eval {
            queries,
            similar,
            json,
        }) => eval(&cli.corpus, &cli.index, &queries, &similar, json),
    }
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
    queries: &Path,
    rounds: usize,
) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(queries)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", queries.display()))?;
    let requests = goda::bench::read_queries(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", queries.display()))?;
    let (index, _) = open_index(corpus, index, false)?;
    let service = goda::search::SearchService::new(index);
    let report = goda::bench::latency(&service, &requests, rounds.max(1))?;
    println!("{}", serde_json::to_string(&report)?);
    Ok(ExitCode::SUCCESS)
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
    ExampleIndex::open(corpus, index, options).with_context(|| {
        format!(
            "cannot open the index {} for the corpus {}",
            index.display(),
            corpus.display()
        )
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

fn serve(corpus: &Path, index: &Path, config: &Path, addr: &str) -> anyhow::Result<ExitCode> {
    let settings = Settings {
        config: Some(config.to_owned()),
        submit_rate_per_minute: submit_rate(config)?,
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
    let submissions = goda::submission::Submissions::new(corpus);
    let state = AppState::new(
        SearchService::new(index),
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
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("the server stopped with an error")
    })?;
    Ok(ExitCode::SUCCESS)
}

fn reindex(corpus: &Path, index: &Path) -> anyhow::Result<ExitCode> {
    let (_, report) = open_index(corpus, index, true)?;
    for problem in &report.problems {
        eprintln!("{problem}");
    }
    println!(
        "indexed {} published examples; {} invalid files skipped",
        report.indexed,
        report.problems.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn check(corpus: &Path) -> anyhow::Result<ExitCode> {
    let loaded = corpus::load_dir(corpus, today())?;
    let mut problems = loaded.problems.clone();
    problems.extend(goda::catalogue::check_editions(corpus, &loaded.examples));
    for problem in &problems {
        println!("{problem}");
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn import(corpus: &Path, index: &Path, file: &Path, replace: bool) -> anyhow::Result<ExitCode> {
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
    let (_, sync) = open_index(corpus, index, false)?;
    println!(
        "imported {} examples, rejected {} lines; {} published examples indexed",
        report.written.len(),
        report.rejected.len(),
        sync.indexed
    );
    Ok(if report.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn eval(
    corpus: &Path,
    index: &Path,
    queries: &Path,
    similar: &Path,
    json: bool,
) -> anyhow::Result<ExitCode> {
    use goda::eval::{Baseline, Judgments, Shipped, SimilarSets, evaluate, read_toml, table};
    let judgments: Judgments = read_toml(queries)?;
    let sets: SimilarSets = read_toml(similar)?;
    let loaded = corpus::load_dir(corpus, today())?;
    let (index, _) = open_index(corpus, index, false)?;
    let service = SearchService::new(index);
    let shipped = evaluate(&Shipped(&service), &judgments, &sets)?;
    let baseline = evaluate(&Baseline::build(&loaded.examples)?, &judgments, &sets)?;
    if json {
        println!(
            "{}",
            serde_json::json!({ "shipped": shipped, "baseline": baseline })
        );
    } else {
        print!("{}", table(&shipped, &baseline));
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
