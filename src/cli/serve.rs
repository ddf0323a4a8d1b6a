//! Opening the index and serving the site: `goda serve` (the default) and `goda reindex`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use goda::corpus::{self, WriteMode};
use goda::index::{ExampleIndex, SyncOptions, SyncReport};
use goda::search::SearchService;
use goda::web::{AppState, Settings, router};

/// The search service over `index`, with the corpus's synonym list (an invalid list is
/// reported and left out: the thesaurus alone applies).
pub(crate) fn service_for(corpus: &Path, index: ExampleIndex) -> SearchService {
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

pub(crate) fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

pub(crate) fn open_index(
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
            // A server hands its index over through `server.pid`; a writer held without one
            // is another command's, or a server whose pid file was removed.
            anyhow::Error::new(e).context(format!(
                "{context}: another goda process holds its writer. If a server runs on this \
                 index without {SERVER_PID} in it, restart the server (it updates the index \
                 from the corpus as it starts); otherwise wait for the other command to finish"
            ))
        } else {
            anyhow::Error::new(e).context(context)
        }
    })
}

/// The submission limit: `GODA_SUBMIT_RATE_PER_MINUTE` if set, else the config file's.
pub(crate) fn submit_rate(config: &Path) -> anyhow::Result<u32> {
    if let Ok(value) = std::env::var("GODA_SUBMIT_RATE_PER_MINUTE") {
        return value.trim().parse().with_context(|| {
            format!("GODA_SUBMIT_RATE_PER_MINUTE is \"{value}\"; use a whole number (0 turns the limit off)")
        });
    }
    Ok(goda::config::Config::load(config)?.submit_rate_per_minute)
}

pub(crate) fn serve(
    corpus: &Path,
    index_dir: &Path,
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
        editors_email: file.editors_address()?,
    };
    let started = std::time::Instant::now();
    let (index, report) = open_index(corpus, index_dir, false)?;
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
    let _pid = PidFile::write(index_dir)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        tracing::info!("serving Goda exempel at http://{}", listener.local_addr()?);
        tokio::spawn(resync_on_signals(state.clone()));
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
pub(crate) async fn shutdown_signal() {
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

pub(crate) fn reindex(corpus: &Path, index: &Path, model: &Path) -> anyhow::Result<ExitCode> {
    if let Some(pid) = running_server(index) {
        hand_over(pid, true)?;
        println!(
            "the server running on this index (pid {pid}) is re-reading every file of the corpus; \
             its log says when it is done, and searches go on meanwhile"
        );
        return Ok(ExitCode::SUCCESS);
    }
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
pub(crate) fn embed_with_progress(index: &ExampleIndex, model: &Path) {
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

/// The file in the index folder where a running server keeps its process id, so that
/// `goda import` and `goda reindex` hand their index work over to it instead of competing
/// for the index.
const SERVER_PID: &str = "server.pid";

/// The server's process id file, removed when the server stops.
struct PidFile(PathBuf);

impl PidFile {
    fn write(index: &Path) -> anyhow::Result<Self> {
        let pid = std::process::id().to_string();
        corpus::write_atomically(index, SERVER_PID, pid.as_bytes(), WriteMode::Replace)
            .with_context(|| format!("cannot write {SERVER_PID} in {}", index.display()))?;
        Ok(PidFile(index.join(SERVER_PID)))
    }
}

impl Drop for PidFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The process id of a `goda` server running on the index in `index`, if one is (a file left
/// by a server that was killed names no such process, or one that is not `goda`).
pub(crate) fn running_server(index: &Path) -> Option<i32> {
    let pid: i32 = std::fs::read_to_string(index.join(SERVER_PID))
        .ok()?
        .trim()
        .parse()
        .ok()
        .filter(|pid| *pid > 0)?;
    let command = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let program = command.split(|b| *b == 0).next().unwrap_or_default();
    let ours = Path::new(std::str::from_utf8(program).ok()?)
        .file_name()
        .is_some_and(|n| n == "goda");
    // SAFETY: signal 0 sends nothing; it only asks whether the process may be signalled.
    (ours && unsafe { libc::kill(pid, 0) } == 0).then_some(pid)
}

/// Asks the server `pid` to bring its index up to date with the corpus: the changed files
/// (SIGHUP), or every file (SIGUSR1, `full`).
pub(crate) fn hand_over(pid: i32, full: bool) -> anyhow::Result<()> {
    let signal = if full { libc::SIGUSR1 } else { libc::SIGHUP };
    // SAFETY: kill(2) with a pid read from the server's own file and checked to be `goda`.
    if unsafe { libc::kill(pid, signal) } != 0 {
        anyhow::bail!(
            "cannot signal the running server (pid {pid}): {}",
            std::io::Error::last_os_error()
        );
    }
    Ok(())
}

/// Brings the index up to date with the corpus whenever the server is asked to: SIGHUP reads
/// the changed files, SIGUSR1 every file. Searches go on meanwhile; the outcome is logged.
async fn resync_on_signals(state: AppState) {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut hangup), Ok(mut user1)) = (
        signal(SignalKind::hangup()),
        signal(SignalKind::user_defined1()),
    ) else {
        tracing::error!(
            "cannot listen for SIGHUP and SIGUSR1: goda import and reindex will not reach this server"
        );
        return;
    };
    loop {
        let full = tokio::select! {
            _ = hangup.recv() => false,
            _ = user1.recv() => true,
        };
        let st = state.clone();
        let options = SyncOptions {
            today: today(),
            progress: false,
            full,
        };
        let started = std::time::Instant::now();
        match tokio::task::spawn_blocking(move || st.search().index().resync(options)).await {
            Ok(Ok(report)) => tracing::info!(
                examples = report.indexed,
                read = report.read,
                removed = report.removed,
                invalid_files = report.problems.len(),
                full,
                ms = started.elapsed().as_millis() as u64,
                "index brought up to date with the corpus"
            ),
            Ok(Err(e)) => tracing::error!("cannot bring the index up to date: {e}"),
            Err(e) => tracing::error!("the index update failed: {e}"),
        }
    }
}
