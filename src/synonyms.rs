//! The organisers' synonym list as a workflow: read it for the editing page, save a change
//! (refused when someone else saved in between), and keep who changed what.
//!
//! The list lives in the corpus (`synonymer.toml`, see [`crate::corpus::SynonymList`]); its
//! history is `.review/synonymer.jsonl`, one JSON line per save: when, who, and the lines
//! added and removed in the editing form's notation. Saving writes the file atomically and
//! then appends the history, both under one lock.
//!
//! The editing form shows a list as two texts: groups, one a line, terms separated by
//! commas (`vårdnadshavare, föräldrar`), and one-way expansions, one a line, `från => till,
//! till` ([`to_lines`], [`from_lines`]).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::corpus::{
    Expansion, MAX_ENTRIES, MAX_TERMS, Problem, SYNONYMS_FILE, SynonymList, WriteMode,
    read_synonyms, synonyms_to_toml, term_problem, write_atomically,
};

/// The history file, in the corpus's `.review` folder.
const HISTORY: &str = "synonymer.jsonl";

/// Why a list could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Someone saved the list after this form was opened.
    #[error("listan har ändrats av någon annan sedan du öppnade den")]
    Stale,
    /// Lines of the form are wrong (1-based line, which text, message).
    #[error("listan har fel")]
    Invalid(Vec<LineError>),
    /// The stored file is invalid (fix it in the file, or in `goda check`).
    #[error("synonymfilen går inte att läsa")]
    Unreadable(Vec<Problem>),
    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] crate::corpus::CorpusError),
    /// The history could not be written.
    #[error("historiken kunde inte sparas: {0}")]
    History(std::io::Error),
}

/// Which of the form's texts a line is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// The groups.
    Groups,
    /// The one-way expansions.
    Expansions,
}

/// One wrong line of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// The text it is in.
    pub text: Text,
    /// Its 1-based line.
    pub line: usize,
    /// What is wrong, in Swedish.
    pub message: String,
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

/// The synonym list of one corpus.
pub struct SynonymStore {
    corpus: PathBuf,
    lock: Mutex<()>,
}

fn version_of(text: &str) -> Version {
    crate::corpus::revision(text.as_bytes())
}

/// The form's lines of a list: groups, then expansions.
pub fn to_lines(list: &SynonymList) -> (Vec<String>, Vec<String>) {
    let groups = list.groups.iter().map(|g| g.join(", ")).collect();
    let expansions = list
        .expansions
        .iter()
        .map(|e| format!("{} => {}", e.from, e.to.join(", ")))
        .collect();
    (groups, expansions)
}

fn terms(text: Text, line: usize, part: &str, errors: &mut Vec<LineError>) -> Vec<String> {
    let mut out = Vec::new();
    for term in part.split(',').map(str::trim) {
        match term_problem(term) {
            Some(message) => errors.push(LineError {
                text,
                line,
                message,
            }),
            None => out.push(term.to_lowercase()),
        }
    }
    out
}

/// A list from the form's two texts; every wrong line is reported.
pub fn from_lines(groups: &str, expansions: &str) -> Result<SynonymList, Vec<LineError>> {
    let mut errors = Vec::new();
    let mut list = SynonymList::default();
    let lines = |t: &str| -> Vec<(usize, String)> {
        t.lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim().to_owned()))
            .filter(|(_, l)| !l.is_empty())
            .collect()
    };
    for (line, text) in lines(groups) {
        let group = terms(Text::Groups, line, &text, &mut errors);
        if !(2..=MAX_TERMS).contains(&text.split(',').count()) {
            errors.push(LineError {
                text: Text::Groups,
                line,
                message: format!("en grupp ska ha 2 till {MAX_TERMS} ord, skilda åt med komma"),
            });
        }
        list.groups.push(group);
    }
    for (line, text) in lines(expansions) {
        let Some((from, to)) = text.split_once("=>") else {
            errors.push(LineError {
                text: Text::Expansions,
                line,
                message: "skriv ordet, sedan =>, sedan orden det också ska söka på".into(),
            });
            continue;
        };
        let from = terms(Text::Expansions, line, from, &mut errors);
        let to = terms(Text::Expansions, line, to, &mut errors);
        if from.len() > 1 {
            errors.push(LineError {
                text: Text::Expansions,
                line,
                message: "före => ska det stå ett ord eller uttryck, utan komma".into(),
            });
        }
        if to.len() > MAX_TERMS {
            errors.push(LineError {
                text: Text::Expansions,
                line,
                message: format!("högst {MAX_TERMS} ord efter =>"),
            });
        }
        if let Some(from) = from.into_iter().next() {
            list.expansions.push(Expansion { from, to });
        }
    }
    if list.groups.len() + list.expansions.len() > MAX_ENTRIES {
        errors.push(LineError {
            text: Text::Groups,
            line: 1,
            message: format!("högst {MAX_ENTRIES} rader i allt"),
        });
    }
    if errors.is_empty() {
        Ok(list)
    } else {
        errors.sort_by_key(|e| (e.text == Text::Expansions, e.line));
        Err(errors)
    }
}

impl SynonymStore {
    /// The list of the corpus in `corpus`.
    pub fn new(corpus: &Path) -> Self {
        Self {
            corpus: corpus.to_owned(),
            lock: Mutex::new(()),
        }
    }

    fn current(&self) -> Result<(SynonymList, Version), Vec<Problem>> {
        let text = std::fs::read_to_string(self.corpus.join(SYNONYMS_FILE)).unwrap_or_default();
        Ok((read_synonyms(&self.corpus)?, version_of(&text)))
    }

    /// The list and its version; `Err` when the file is invalid.
    pub fn read(&self) -> Result<(SynonymList, Version), Vec<Problem>> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        self.current()
    }

    /// Saves `list` by `by`, if the stored list is still `expected`; returns the new version.
    /// The file is written atomically, then the change is added to the history.
    pub fn save(
        &self,
        list: &SynonymList,
        by: &str,
        expected: &str,
        at: &str,
    ) -> Result<Version, SaveError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let (old, version) = self.current().map_err(SaveError::Unreadable)?;
        if version != expected {
            return Err(SaveError::Stale);
        }
        let text = synonyms_to_toml(list);
        write_atomically(
            &self.corpus,
            SYNONYMS_FILE,
            text.as_bytes(),
            WriteMode::Replace,
        )?;
        let (old_groups, old_expansions) = to_lines(&old);
        let (new_groups, new_expansions) = to_lines(list);
        let old_lines: Vec<String> = old_groups.into_iter().chain(old_expansions).collect();
        let new_lines: Vec<String> = new_groups.into_iter().chain(new_expansions).collect();
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
        Ok(version_of(&text))
    }

    fn history_path(&self) -> PathBuf {
        self.corpus.join(".review").join(HISTORY)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_texts_become_a_list_and_back() {
        let list = from_lines(
            "Vårdnadshavare, föräldrar\n\nbrukare, kund",
            "stockholmare => invånare, boende i staden",
        )
        .unwrap();
        assert_eq!(list.groups.len(), 2);
        assert_eq!(list.expansions[0].to, ["invånare", "boende i staden"]);
        let (groups, expansions) = to_lines(&list);
        assert_eq!(groups[0], "vårdnadshavare, föräldrar");
        assert_eq!(expansions[0], "stockholmare => invånare, boende i staden");
    }

    #[test]
    fn every_wrong_line_is_named_with_its_text() {
        let errors = from_lines("ensam\nok, <b>", "utan pil\na, b => c").unwrap_err();
        let found: Vec<(Text, usize)> = errors.iter().map(|e| (e.text, e.line)).collect();
        assert_eq!(
            found,
            [
                (Text::Groups, 1),
                (Text::Groups, 2),
                (Text::Expansions, 1),
                (Text::Expansions, 2)
            ]
        );
    }

    #[test]
    fn a_save_is_refused_when_someone_saved_in_between_and_history_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = SynonymStore::new(dir.path());
        let (_, v0) = store.read().unwrap();
        let first = from_lines("vårdnadshavare, förälder", "").unwrap();
        let v1 = store
            .save(&first, "anna", &v0, "2026-12-02T10:00:00Z")
            .unwrap();
        let second = from_lines("brukare, kund", "").unwrap();
        assert!(matches!(
            store.save(&second, "bo", &v0, "2026-12-02T10:01:00Z"),
            Err(SaveError::Stale)
        ));
        store
            .save(&second, "bo", &v1, "2026-12-02T10:02:00Z")
            .unwrap();
        let history = store.history();
        assert_eq!(history.len(), 2);
        assert_eq!(history[0].by, "bo");
        assert_eq!(history[0].added, ["brukare, kund"]);
        assert_eq!(history[0].removed, ["vårdnadshavare, förälder"]);
        assert_eq!(store.read().unwrap().0, second);
    }
}
