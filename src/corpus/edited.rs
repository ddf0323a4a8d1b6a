//! A list of the corpus that organisers edit on a page (the synonyms, the organisations): read
//! it with its version, save a change (refused when someone else saved in between), and keep
//! who changed what.
//!
//! The list is one file in the corpus; its history is `.review/{history}`, one JSON line per
//! save: when, who, and the lines added and removed in the editing form's notation. Saving
//! writes the file atomically and then appends the history, both under one lock.

use std::io::Write as _;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{CorpusError, Problem, WriteMode, write_atomically};

/// What a kind of edited list is: its file, its history, and how it reads and writes.
pub trait ListFile {
    /// The list as the program uses it.
    type List;
    /// The file in the corpus.
    const FILE: &'static str;
    /// The history file in the corpus's `.review` folder.
    const HISTORY: &'static str;
    /// The corpus's list (a default one when the file is missing); `Err` when it is invalid.
    fn read(corpus: &Path) -> Result<Self::List, Vec<Problem>>;
    /// The file text of a list.
    fn to_file(list: &Self::List) -> String;
    /// The lines of the editing form, for the history's added and removed lines.
    fn lines(list: &Self::List) -> Vec<String>;
}

/// Reads the list file `name` of the corpus with `parse`; a missing file is `missing()`, one
/// that cannot be read a problem on its line 1.
pub(crate) fn read_list_file<T>(
    corpus: &Path,
    name: &str,
    parse: impl FnOnce(&Path, &str) -> Result<T, Vec<Problem>>,
    missing: impl FnOnce() -> T,
) -> Result<T, Vec<Problem>> {
    let path = corpus.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&path, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(missing()),
        Err(e) => Err(vec![Problem {
            path,
            line: 1,
            message: format!("kan inte läsas: {e}"),
        }]),
    }
}

/// Why a list could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Someone saved the list after this form was opened.
    #[error("listan har ändrats av någon annan sedan du öppnade den")]
    Stale,
    /// The stored file is invalid (fix it in the file, or in `goda check`).
    #[error("filen går inte att läsa")]
    Unreadable(Vec<Problem>),
    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] CorpusError),
    /// The history could not be written.
    #[error("historiken kunde inte sparas: {0}")]
    History(std::io::Error),
}

/// One save in the history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who (organiser name).
    pub by: String,
    /// Lines added, in the form's notation.
    pub added: Vec<String>,
    /// Lines removed.
    pub removed: Vec<String>,
}

/// A version of the list: the SHA-256 of its file (or of nothing, when there is none).
pub type Version = String;

/// The edited list `F` of one corpus.
pub struct EditedList<F> {
    corpus: PathBuf,
    lock: Mutex<()>,
    kind: PhantomData<F>,
}

impl<F: ListFile> EditedList<F> {
    /// The list of the corpus in `corpus`.
    pub fn new(corpus: &Path) -> Self {
        Self {
            corpus: corpus.to_owned(),
            lock: Mutex::new(()),
            kind: PhantomData,
        }
    }

    fn current(&self) -> Result<(F::List, Version), Vec<Problem>> {
        let text = std::fs::read_to_string(self.corpus.join(F::FILE)).unwrap_or_default();
        Ok((F::read(&self.corpus)?, super::revision(text.as_bytes())))
    }

    /// The list and its version; `Err` when the file is invalid.
    pub fn read(&self) -> Result<(F::List, Version), Vec<Problem>> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        self.current()
    }

    /// Saves `list` by `by` at `at`, if the stored list is still `expected`; returns the new
    /// version. The file is written atomically, then the change is added to the history.
    pub fn save(
        &self,
        list: &F::List,
        by: &str,
        expected: &str,
        at: &str,
    ) -> Result<Version, SaveError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let (old, version) = self.current().map_err(SaveError::Unreadable)?;
        if version != expected {
            return Err(SaveError::Stale);
        }
        let text = F::to_file(list);
        write_atomically(&self.corpus, F::FILE, text.as_bytes(), WriteMode::Replace)?;
        let (old_lines, new_lines) = (F::lines(&old), F::lines(list));
        let change = Change {
            at: at.to_owned(),
            by: by.to_owned(),
            added: new_lines
                .iter()
                .filter(|l| !old_lines.contains(l))
                .cloned()
                .collect(),
            removed: old_lines
                .iter()
                .filter(|l| !new_lines.contains(l))
                .cloned()
                .collect(),
        };
        self.append_history(&change).map_err(SaveError::History)?;
        Ok(super::revision(text.as_bytes()))
    }

    fn history_path(&self) -> PathBuf {
        self.corpus.join(".review").join(F::HISTORY)
    }

    fn append_history(&self, change: &Change) -> std::io::Result<()> {
        let path = self.history_path();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        let mut line = serde_json::to_string(change).map_err(std::io::Error::other)?;
        line.push('\n');
        file.write_all(line.as_bytes())?;
        file.sync_data()
    }

    /// Every save, newest first (lines that cannot be read, such as one cut short by a crash,
    /// are skipped).
    pub fn history(&self) -> Vec<Change> {
        let text = std::fs::read_to_string(self.history_path()).unwrap_or_default();
        let mut out: Vec<Change> = text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        out.reverse();
        out
    }
}
