//! Opening the index and serving the site: `goda serve` (the default) and `goda reindex`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use goda::corpus;
use goda::index::{ExampleIndex, SERVER_PID, SyncOptions, SyncReport};
use goda::search::SearchService;
use goda::web::{AppState, Settings, router};

/// The search service over `index`, with the corpus's synonym list (an invalid list is
/// reported and left out: the thesaurus alone applies).
pub(crate) fn service_for(corpus: &Path, index: ExampleIndex) -> SearchService {
    let service = SearchService::new(index);
    // Kept answers are on unless turned off, as the scale benchmark does to measure the
    // search itself.
    if std::env::var("GODA_SEARCH_ANSWERS").is_ok_and(|v| v == "0") {
        service.keep_answers(false);
    }
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

/// The search log the config names (`searchlog` when it names none; none when it names an
/// empty folder). It must lie outside the corpus, which is published.
fn open_search_log(
    file: &goda::config::Config,
    corpus: &Path,
) -> anyhow::Result<Option<goda::insights::SearchLog>> {
    let named = file.search_log_dir.as_deref();
    let dir = Path::new(named.unwrap_or("searchlog"));
    if dir.as_os_str().is_empty() {
        return Ok(None);
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        // The default folder may not be writable where a service runs: the site then runs
        // without the log rather than not at all. A folder the config names must work.
        if named.is_none() {
            tracing::warn!(error = %e, dir = %dir.display(), "no search log: its default folder cannot be created (set search_log_dir)");
            return Ok(None);
        }
        return Err(e)
            .with_context(|| format!("cannot create the search log folder {}", dir.display()));
    }
    let (Ok(inside), Ok(corpus)) = (dir.canonicalize(), corpus.canonicalize()) else {
        anyhow::bail!("cannot resolve the search log folder {}", dir.display());
    };
    if inside.starts_with(&corpus) {
        anyhow::bail!(
            "the search log folder {} lies in the corpus; name a folder outside it (search_log_dir)",
            dir.display()
        );
    }
    let days = file
        .search_log_retention_days
        .unwrap_or(goda::insights::DEFAULT_RETENTION_DAYS);
    let log = goda::insights::SearchLog::open(dir, days)
        .with_context(|| format!("cannot open the search log in {}", dir.display()))?;
    Ok(Some(log))
}

pub(crate) fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

pub(crate) fn open_index(
    corpus: &Path,
    index: &Path,
    full: bool,
) -> anyhow::Result<(ExampleIndex, SyncReport)> {
    let (index, report) = open_index_with(corpus, index, full, false)?;
    Ok((index, report.unwrap_or_default()))
}

/// Opens the index, synced now or (`defer`) left for a resync when it is already built (see
/// [`ExampleIndex::open_deferred`]).
fn open_index_with(
    corpus: &Path,
    index: &Path,
    full: bool,
    defer: bool,
) -> anyhow::Result<(ExampleIndex, Option<SyncReport>)> {
    let options = SyncOptions {
        today: today(),
        progress: true,
        full,
    };
    let opened = if defer {
        ExampleIndex::open_deferred(corpus, index, options)
    } else {
        ExampleIndex::open(corpus, index, options).map(|(index, report)| (index, Some(report)))
    };
    opened.map_err(|e| {
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
        open_data_licence: file.open_data_licence.clone(),
        mail: file.mail.clone(),
        search_log: open_search_log(&file, corpus)?,
        oidc: file.oidc.clone(),
        review_months: file.review_months(),
    };
    if let Some(oidc) = &settings.oidc {
        oidc.check(settings.public_url.as_deref())?;
    }
    let search_log = settings.search_log.clone();
    if let Some(mail) = &file.mail {
        mail.check()?;
    }
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    // The handover signals are caught from the start: one sent while the index opens waits
    // for the server (it resyncs once it serves) instead of ending it. Only then does the
    // server say where it is.
    let signals = {
        let _entered = runtime.enter();
        HandoverSignals::install()?
    };
    std::fs::create_dir_all(index_dir)
        .with_context(|| format!("cannot create the index folder {}", index_dir.display()))?;
    let _pid = PidFile::lock(index_dir)?;
    let started = std::time::Instant::now();
    // The index as it stood when the server last stopped answers at once; the corpus files
    // changed meanwhile are read in the background (a million files take seconds to compare).
    // A new index is filled first.
    let (index, report) = open_index_with(corpus, index_dir, false, true)?;
    match &report {
        Some(report) => {
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
        }
        None => tracing::info!(
            examples = index.searcher().num_docs(),
            ms = started.elapsed().as_millis() as u64,
            "index open; the corpus is compared with it in the background"
        ),
    }
    // Search by meaning starts in the background: the site answers at once, by words, until
    // the examples are embedded (see /readyz). Behind a deferred sync it starts after it, on
    // the examples as they are then.
    if report.is_some() {
        index.start_semantic(model);
    }
    let submissions = goda::submission::Submissions::new(corpus);
    let state = AppState::new(service_for(corpus, index), submissions, settings);
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        tracing::info!("serving Goda exempel at http://{}", listener.local_addr()?);
        // The deferred start-up sync runs first in the same task: a handover signal sent
        // meanwhile waits for it and resyncs after, so nothing written meanwhile is missed.
        let deferred = (!state.search().index().is_synced()).then(|| model.to_owned());
        tokio::spawn(resync_on_signals(state.clone(), signals, deferred));
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
    // The counts of the last second, before the process ends.
    if let Some(log) = search_log
        && let Err(e) = log.flush()
    {
        tracing::warn!(error = %e, "the last counts of the search log could not be written");
    }
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

/// The server's process id file, holding a POSIX write lock for as long as the server runs;
/// removed when it stops. The lock, not the file's text, says that a server runs: a file left
/// by a killed server holds no lock, and the holder's pid comes from the kernel.
struct PidFile {
    path: PathBuf,
    _file: std::fs::File,
}

/// A lock over the whole file, of `kind` (`F_WRLCK` or `F_UNLCK`).
fn whole_file(kind: libc::c_int) -> libc::flock {
    // SAFETY: `flock` is a plain C struct; all zeroes is a valid value to fill in.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = kind as libc::c_short;
    lock.l_whence = libc::SEEK_SET as libc::c_short;
    lock
}

impl PidFile {
    fn lock(index: &Path) -> anyhow::Result<Self> {
        use std::io::Write as _;
        use std::os::fd::AsRawFd as _;
        let path = index.join(SERVER_PID);
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        let lock = whole_file(libc::F_WRLCK);
        // SAFETY: fcntl(2) on a descriptor this function owns, with a valid `flock`.
        if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETLK, &lock) } != 0 {
            let holder = running_server(index).map_or(String::new(), |pid| format!(" (pid {pid})"));
            anyhow::bail!(
                "another goda server{holder} is running on the index {}; stop it first, or give this one an index of its own",
                index.display()
            );
        }
        file.set_len(0)?;
        file.write_all(std::process::id().to_string().as_bytes())?;
        file.sync_all()?;
        Ok(PidFile { path, _file: file })
    }
}

impl Drop for PidFile {
    fn drop(&mut self) {
        // Removed while still locked; closing the file then releases the lock.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The process id of the `goda` server running on the index in `index`, if one is: the
/// holder of the lock on its `server.pid`, as the kernel reports it.
pub(crate) fn running_server(index: &Path) -> Option<i32> {
    use std::os::fd::AsRawFd as _;
    let file = std::fs::File::open(index.join(SERVER_PID)).ok()?;
    let mut query = whole_file(libc::F_WRLCK);
    // SAFETY: fcntl(2) on a descriptor this function owns, with a valid `flock` to fill in.
    if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut query) } != 0 {
        return None;
    }
    (query.l_type != libc::F_UNLCK as libc::c_short && query.l_pid > 0).then_some(query.l_pid)
}

/// Asks the server `pid` to bring its index up to date with the corpus: the changed files
/// (SIGHUP), or every file (SIGUSR1, `full`).
pub(crate) fn hand_over(pid: i32, full: bool) -> anyhow::Result<()> {
    let signal = if full { libc::SIGUSR1 } else { libc::SIGHUP };
    // SAFETY: kill(2) with the pid of the process that holds the lock of the server's file.
    if unsafe { libc::kill(pid, signal) } != 0 {
        anyhow::bail!(
            "cannot signal the running server (pid {pid}): {}",
            std::io::Error::last_os_error()
        );
    }
    Ok(())
}

/// The signals by which `goda import` and `goda reindex` hand their work to a running server.
pub(crate) struct HandoverSignals {
    hangup: tokio::signal::unix::Signal,
    user1: tokio::signal::unix::Signal,
}

impl HandoverSignals {
    /// Catches SIGHUP and SIGUSR1 from now on (inside a tokio runtime).
    fn install() -> anyhow::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(HandoverSignals {
            hangup: signal(SignalKind::hangup()).context("cannot catch SIGHUP")?,
            user1: signal(SignalKind::user_defined1()).context("cannot catch SIGUSR1")?,
        })
    }
}

/// Brings the index up to date with the corpus (every file read again with `full`), off the
/// runtime, while searches go on; logs how it went. On failure the index answers as it was.
async fn resync_and_log(state: &AppState, full: bool) {
    let st = state.clone();
    let options = SyncOptions {
        today: today(),
        progress: false,
        full,
    };
    let started = std::time::Instant::now();
    match tokio::task::spawn_blocking(move || st.search().index().resync(options)).await {
        Ok(Ok(report)) => {
            for problem in &report.problems {
                tracing::warn!("skipped invalid file: {problem}");
            }
            tracing::info!(
                examples = report.indexed,
                read = report.read,
                removed = report.removed,
                invalid_files = report.problems.len(),
                full,
                ms = started.elapsed().as_millis() as u64,
                "index brought up to date with the corpus"
            );
        }
        Ok(Err(e)) => tracing::error!("cannot bring the index up to date: {e}"),
        Err(e) => tracing::error!("the index update failed: {e}"),
    }
}

/// Resyncs at each handover signal (SIGHUP: the changed files; SIGUSR1: every file). With
/// `deferred` (the model folder), the start-up sync runs first, then search by meaning starts
/// on the examples as they are then: a signal sent meanwhile waits for it, so nothing written
/// meanwhile is missed.
async fn resync_on_signals(
    state: AppState,
    mut signals: HandoverSignals,
    deferred: Option<std::path::PathBuf>,
) {
    if let Some(model) = deferred {
        resync_and_log(&state, false).await;
        let st = state.clone();
        let _ =
            tokio::task::spawn_blocking(move || st.search().index().start_semantic(&model)).await;
    }
    // A start-up sync that failed (another command held the index's writer, say) is tried
    // again, less often each time, until one succeeds.
    let mut retry = START_SYNC_RETRY;
    loop {
        let behind = !state.search().index().is_synced();
        let full = tokio::select! {
            _ = signals.hangup.recv() => false,
            _ = signals.user1.recv() => true,
            () = tokio::time::sleep(retry), if behind => {
                retry = (retry * 2).min(START_SYNC_RETRY_MAX);
                false
            }
        };
        resync_and_log(&state, full).await;
    }
}

/// The first wait before a failed start-up sync is tried again, and the longest.
const START_SYNC_RETRY: std::time::Duration = std::time::Duration::from_secs(5);
const START_SYNC_RETRY_MAX: std::time::Duration = std::time::Duration::from_secs(300);
