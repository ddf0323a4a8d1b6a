//! The search log: how often each search was made and how many examples it found, and how
//! often each example was read, per day, with nothing about who asked.
//!
//! Storage: a folder (outside the corpus) with one file per day, `YYYY-MM-DD.jsonl`, of JSON
//! lines. A search only adds one to a counter in memory; a thread writes the counts gathered
//! since its last turn once a second, as one append of whole lines followed by `fsync`, so a
//! crash loses at most that second. A crash in the middle of the append leaves at most one
//! torn last line, which readers skip ([`read_day`]); nothing already written is ever
//! rewritten while it is the current day, so there is nothing to corrupt. When a day is
//! over (and at start, for the days before), its file is compacted: one line per distinct
//! search, sorted, written to a temporary file and renamed over it, so the order of the lines
//! no longer follows the order of the searches (which a request log could match to
//! addresses). Files older than the retention period are deleted at start and then daily.
//!
//! Bounds: at most [`MAX_DISTINCT_PER_DAY`] distinct searches and readings are kept one by
//! one per day (the rest count only as a total), so a flood of made-up queries cannot fill the
//! disk; readers read at most [`MAX_FILE_BYTES`] of a day.
//!
//! Why files and not an embedded database: the log is written by one process, read only by
//! the organisers' insights page and append-only, which is what files do safely on their own;
//! the lines are readable with any tool, a day's file is small (one line per distinct search
//! that day and second, not per search), and rotation is deleting a file.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// How long the log keeps a day unless the config says otherwise (about thirteen months,
/// so that a year can be compared with the one before).
pub const DEFAULT_RETENTION_DAYS: u32 = 400;
/// How often the counts gathered in memory are written.
const FLUSH_EVERY: Duration = Duration::from_secs(1);
/// The longest query text kept: a search box's worth (longer queries are cut).
const MAX_QUERY_CHARS: usize = 200;
/// Distinct searches gathered in one second before the rest of that second is counted only
/// as a total: bounds the memory a flood of distinct queries can take.
const MAX_PENDING: usize = 10_000;
/// Distinct searches and readings kept one by one in a day; beyond it they count only as a
/// total ([`Line::Overflow`]).
pub const MAX_DISTINCT_PER_DAY: usize = 50_000;
/// The most of a day's file a reader reads (a day within the budget above is far smaller).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// One line of a day's file: counts since the line before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "k")]
pub enum Line {
    /// `n` searches for `q` (normalised) with the filters `f`; `h` hits the last of them found.
    #[serde(rename = "s")]
    Search {
        q: String,
        f: String,
        n: u64,
        h: u64,
    },
    /// `n` readings of example `id`.
    #[serde(rename = "v")]
    View { id: String, n: u64 },
    /// `n` searches that were not kept one by one (more distinct searches in one second than
    /// the log gathers).
    #[serde(rename = "o")]
    Overflow { n: u64 },
}

#[derive(Default)]
struct Pending {
    searches: HashMap<(String, String), (u64, u64)>,
    views: HashMap<String, u64>,
    overflow: u64,
    /// The day of the keys below.
    day: Option<Date>,
    /// Hashes of the searches and readings already kept one by one today.
    seen_today: std::collections::HashSet<u64>,
}

impl Pending {
    /// Whether a new key may be kept one by one today (it counts against the day's budget).
    fn admits(&mut self, key: &impl std::hash::Hash) -> bool {
        use std::hash::Hasher;
        let today = today();
        if self.day != Some(today) {
            self.day = Some(today);
            self.seen_today.clear();
        }
        // Fixed keys: the same search hashes the same all day.
        let mut h = std::hash::DefaultHasher::new();
        key.hash(&mut h);
        let hash = h.finish();
        if self.seen_today.contains(&hash) {
            return true;
        }
        if self.seen_today.len() >= MAX_DISTINCT_PER_DAY {
            return false;
        }
        self.seen_today.insert(hash);
        true
    }
}

struct Shared {
    dir: PathBuf,
    retention_days: u32,
    pending: Mutex<Pending>,
}

/// The log of one running site. Cloning shares it.
#[derive(Clone)]
pub struct SearchLog {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for SearchLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchLog")
            .field("dir", &self.shared.dir)
            .finish_non_exhaustive()
    }
}

/// A query as the log keeps it: lowercase, words separated by one space, at most
/// [`MAX_QUERY_CHARS`] characters.
pub fn normalise(q: &str) -> String {
    let words: Vec<String> = q.split_whitespace().map(str::to_lowercase).collect();
    words.join(" ").chars().take(MAX_QUERY_CHARS).collect()
}

/// Today in Stockholm's calendar.
fn today() -> Date {
    jiff::Zoned::now().date()
}

impl SearchLog {
    /// Opens the log in `dir` (created when missing), deletes the days older than
    /// `retention_days`, and starts the thread that writes the counts once a second (it stops
    /// when the last clone is dropped, after a last write).
    pub fn open(dir: &Path, retention_days: u32) -> std::io::Result<SearchLog> {
        std::fs::create_dir_all(dir)?;
        let shared = Arc::new(Shared {
            dir: dir.to_owned(),
            retention_days,
            pending: Mutex::new(Pending::default()),
        });
        prune(dir, retention_days, today());
        compact_past(dir, today());
        let weak = Arc::downgrade(&shared);
        std::thread::Builder::new()
            .name("search-log".into())
            .spawn(move || writer(weak))?;
        Ok(SearchLog { shared })
    }

    /// The folder of the day files.
    pub fn dir(&self) -> &Path {
        &self.shared.dir
    }

    /// Counts one search for the normalised query `q` with the filters `filters` (as a query
    /// string, sorted), which found `hits` examples.
    pub fn search(&self, q: &str, filters: &str, hits: u64) {
        let key: (String, String) = (
            normalise(q),
            filters.chars().take(MAX_QUERY_CHARS).collect(),
        );
        let mut p = self.lock();
        if !p.searches.contains_key(&key) && (p.searches.len() >= MAX_PENDING || !p.admits(&key)) {
            p.overflow += 1;
            return;
        }
        let e = p.searches.entry(key).or_default();
        e.0 += 1;
        e.1 = hits;
    }

    /// Counts one reading of an example.
    pub fn view(&self, id: &str) {
        let mut p = self.lock();
        if !p.views.contains_key(id) && (p.views.len() >= MAX_PENDING || !p.admits(&("v", id))) {
            return;
        }
        *p.views.entry(id.to_owned()).or_default() += 1;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Pending> {
        self.shared
            .pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Writes what was counted since the last write to today's file now (the thread does it
    /// every second; tests and shutdown call it directly).
    pub fn flush(&self) -> std::io::Result<()> {
        flush(&self.shared)
    }
}

fn flush(shared: &Shared) -> std::io::Result<()> {
    let pending = {
        let mut p = shared
            .pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Pending {
            searches: std::mem::take(&mut p.searches),
            views: std::mem::take(&mut p.views),
            overflow: std::mem::take(&mut p.overflow),
            ..Pending::default()
        }
    };
    let mut text = String::new();
    let mut push = |line: Line| {
        if let Ok(json) = serde_json::to_string(&line) {
            text.push_str(&json);
            text.push('\n');
        }
    };
    for ((q, f), (n, h)) in pending.searches {
        push(Line::Search { q, f, n, h });
    }
    for (id, n) in pending.views {
        push(Line::View { id, n });
    }
    if pending.overflow > 0 {
        push(Line::Overflow {
            n: pending.overflow,
        });
    }
    if text.is_empty() {
        return Ok(());
    }
    let path = shared.dir.join(format!("{}.jsonl", today()));
    // A line torn by a crash is ended first, so that it stays one unreadable line and the
    // next one is whole.
    if ends_torn(&path) {
        text.insert(0, '\n');
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    // One write of whole lines: a crash tears at most the last line.
    file.write_all(text.as_bytes())?;
    file.sync_data()
}

/// Whether the file exists, is not empty and does not end with a line break.
fn ends_torn(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut last = [0u8; 1];
    file.seek(SeekFrom::End(-1)).is_ok() && file.read_exact(&mut last).is_ok() && last[0] != b'\n'
}

/// Rewrites the file of a past `day` as one line per distinct search and reading, sorted, so
/// that nothing in it follows the order in which the searches were made. Atomic: a temporary
/// file, `fsync`, rename.
pub fn compact(dir: &Path, day: Date) -> std::io::Result<()> {
    let path = dir.join(format!("{day}.jsonl"));
    if !path.exists() {
        return Ok(());
    }
    let mut searches: std::collections::BTreeMap<(String, String), (u64, u64)> =
        std::collections::BTreeMap::new();
    let mut views: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    let mut overflow = 0;
    for line in read_day(dir, day) {
        match line {
            Line::Search { q, f, n, h } => {
                let e = searches.entry((q, f)).or_default();
                e.0 += n;
                e.1 = h;
            }
            Line::View { id, n } => *views.entry(id).or_default() += n,
            Line::Overflow { n } => overflow += n,
        }
    }
    let mut text = String::new();
    let lines = searches
        .into_iter()
        .map(|((q, f), (n, h))| Line::Search { q, f, n, h })
        .chain(views.into_iter().map(|(id, n)| Line::View { id, n }))
        .chain((overflow > 0).then_some(Line::Overflow { n: overflow }));
    for line in lines {
        if let Ok(json) = serde_json::to_string(&line) {
            text.push_str(&json);
            text.push('\n');
        }
    }
    let temporary = dir.join(format!(".{day}.jsonl.{}.tmp", std::process::id()));
    {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
    }
    std::fs::rename(&temporary, &path)
}

/// Compacts every day file before `today` that is not compacted yet (`.c` marks one that is).
fn compact_past(dir: &Path, today: Date) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(day) = day_of(&path).filter(|d| *d < today) else {
            continue;
        };
        let mark = dir.join(format!(".{day}.c"));
        if mark.exists() {
            continue;
        }
        match compact(dir, day).and_then(|()| std::fs::write(&mark, b"")) {
            Ok(()) => {}
            Err(e) => {
                tracing::warn!(error = %e, file = %path.display(), "a day of the search log could not be compacted")
            }
        }
    }
}

fn writer(shared: Weak<Shared>) {
    let mut last_prune = today();
    loop {
        std::thread::sleep(FLUSH_EVERY);
        let Some(shared) = shared.upgrade() else {
            return;
        };
        if let Err(e) = flush(&shared) {
            tracing::warn!(error = %e, dir = %shared.dir.display(), "the search log could not be written");
        }
        if today() != last_prune {
            last_prune = today();
            prune(&shared.dir, shared.retention_days, last_prune);
            compact_past(&shared.dir, last_prune);
        }
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        let _ = flush(self);
    }
}

/// The day of a log file's name.
fn day_of(path: &Path) -> Option<Date> {
    let name = path.file_name()?.to_str()?.strip_suffix(".jsonl")?;
    name.parse().ok()
}

/// Deletes the day files older than `retention_days` before `today`.
fn prune(dir: &Path, retention_days: u32, today: Date) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    // A retention beyond the calendar keeps everything.
    let Some(oldest) = jiff::Span::new()
        .try_days(i64::from(retention_days))
        .ok()
        .and_then(|span| today.checked_sub(span).ok())
    else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if let Some(day) = day_of(&path).filter(|d| *d < oldest) {
            if let Err(e) = std::fs::remove_file(&path) {
                tracing::warn!(error = %e, file = %path.display(), "an old search log file could not be deleted");
            }
            let _ = std::fs::remove_file(dir.join(format!(".{day}.c")));
        }
    }
}

/// The lines of one day's file, skipping any that cannot be read (a last line torn by a
/// crash); none when the file is missing.
pub fn read_day(dir: &Path, day: Date) -> Vec<Line> {
    use std::io::{BufRead, Read};
    let Ok(file) = std::fs::File::open(dir.join(format!("{day}.jsonl"))) else {
        return Vec::new();
    };
    std::io::BufReader::new(file.take(MAX_FILE_BYTES))
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str(&l).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_gathered_and_written_as_one_line_per_search_and_day() {
        let dir = tempfile::tempdir().unwrap();
        let log = SearchLog::open(dir.path(), 400).unwrap();
        log.search("  Matsvinn  I skolan ", "", 4);
        log.search("matsvinn i skolan", "", 5);
        log.search("matsvinn i skolan", "area=skola", 2);
        log.view("x");
        log.flush().unwrap();
        let lines = read_day(dir.path(), today());
        assert!(lines.contains(&Line::Search {
            q: "matsvinn i skolan".into(),
            f: String::new(),
            n: 2,
            h: 5
        }));
        assert!(lines.contains(&Line::Search {
            q: "matsvinn i skolan".into(),
            f: "area=skola".into(),
            n: 1,
            h: 2
        }));
        assert!(lines.contains(&Line::View {
            id: "x".into(),
            n: 1
        }));
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn a_torn_last_line_is_skipped_and_old_days_are_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let day = today();
        std::fs::write(
            dir.path().join(format!("{day}.jsonl")),
            "{\"k\":\"s\",\"q\":\"a\",\"f\":\"\",\"n\":1,\"h\":0}\n{\"k\":\"s\",\"q\":",
        )
        .unwrap();
        assert_eq!(read_day(dir.path(), day).len(), 1);
        let old = day.checked_sub(jiff::Span::new().days(401)).unwrap();
        let kept = day.checked_sub(jiff::Span::new().days(399)).unwrap();
        for d in [old, kept] {
            std::fs::write(dir.path().join(format!("{d}.jsonl")), "").unwrap();
        }
        std::fs::write(dir.path().join("notes.txt"), "").unwrap();
        prune(dir.path(), 400, day);
        assert!(!dir.path().join(format!("{old}.jsonl")).exists());
        assert!(dir.path().join(format!("{kept}.jsonl")).exists());
        assert!(dir.path().join("notes.txt").exists(), "only day files go");
    }

    #[test]
    fn a_past_day_is_compacted_into_sorted_merged_lines_and_a_torn_line_is_ended() {
        let dir = tempfile::tempdir().unwrap();
        let day = jiff::civil::date(2026, 11, 30);
        let path = dir.path().join(format!("{day}.jsonl"));
        std::fs::write(
            &path,
            "{\"k\":\"s\",\"q\":\"tolk\",\"f\":\"\",\"n\":1,\"h\":3}\n\
             {\"k\":\"s\",\"q\":\"arkiv\",\"f\":\"\",\"n\":2,\"h\":1}\n\
             {\"k\":\"s\",\"q\":\"tolk\",\"f\":\"\",\"n\":4,\"h\":5}\n{\"k\":\"s",
        )
        .unwrap();
        assert!(ends_torn(&path));
        compact(dir.path(), day).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "{\"k\":\"s\",\"q\":\"arkiv\",\"f\":\"\",\"n\":2,\"h\":1}\n\
             {\"k\":\"s\",\"q\":\"tolk\",\"f\":\"\",\"n\":5,\"h\":5}\n"
        );
        assert!(!ends_torn(&path));
    }

    #[test]
    fn a_day_keeps_a_bounded_number_of_distinct_searches_and_counts_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let log = SearchLog::open(dir.path(), 400).unwrap();
        for i in 0..MAX_DISTINCT_PER_DAY + 100 {
            log.search(&format!("ord{i}"), "", 0);
            if i % 5_000 == 0 {
                log.flush().unwrap();
            }
        }
        log.search("ord1", "", 0);
        log.flush().unwrap();
        let lines = read_day(dir.path(), today());
        let kept = lines
            .iter()
            .filter(|l| matches!(l, Line::Search { .. }))
            .count();
        let counted: u64 = lines
            .iter()
            .map(|l| match l {
                Line::Search { n, .. } | Line::Overflow { n } => *n,
                Line::View { .. } => 0,
            })
            .sum();
        assert!(kept <= MAX_DISTINCT_PER_DAY + 1, "{kept} lines of searches");
        assert_eq!(
            counted,
            (MAX_DISTINCT_PER_DAY + 101) as u64,
            "every search counted"
        );
        assert!(
            lines
                .iter()
                .any(|l| matches!(l, Line::Search { q, .. } if q == "ord1"))
        );
    }

    #[test]
    fn a_retention_beyond_the_calendar_deletes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let day = today();
        let old = day.checked_sub(jiff::Span::new().days(3000)).unwrap();
        std::fs::write(dir.path().join(format!("{old}.jsonl")), "").unwrap();
        prune(dir.path(), u32::MAX, day);
        assert!(dir.path().join(format!("{old}.jsonl")).exists());
    }

    #[test]
    fn a_flood_of_distinct_searches_is_bounded_and_still_counted() {
        let dir = tempfile::tempdir().unwrap();
        let log = SearchLog::open(dir.path(), 400).unwrap();
        for i in 0..MAX_PENDING + 5 {
            log.search(&format!("ord{i}"), "", 0);
        }
        log.flush().unwrap();
        let lines = read_day(dir.path(), today());
        assert_eq!(lines.len(), MAX_PENDING + 1);
        assert!(lines.contains(&Line::Overflow { n: 5 }));
    }
}
