//! The organisers' synonym list as a workflow: read it for the editing page, save a change
//! (refused when someone else saved in between), and keep who changed what.
//!
//! The list lives in the corpus (`synonymer.toml`, see [`crate::corpus::SynonymList`]); its
//! history is `.review/synonymer.jsonl` (see [`crate::corpus::EditedList`]).
//!
//! The editing form shows a list as two texts: groups, one a line, terms separated by
//! commas (`vårdnadshavare, föräldrar`), and one-way expansions, one a line, `från => till,
//! till` ([`to_lines`], [`from_lines`]).

use std::path::Path;

pub use crate::corpus::{Change, SaveError, Version};
use crate::corpus::{
    Expansion, MAX_ENTRIES, MAX_TERMS, Problem, SYNONYMS_FILE, SynonymList, read_synonyms,
    synonyms_to_toml, term_problem,
};

/// The history file, in the corpus's `.review` folder.
const HISTORY: &str = "synonymer.jsonl";

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

/// The synonym list as an edited file of the corpus.
pub struct SynonymFile;

impl crate::corpus::ListFile for SynonymFile {
    type List = SynonymList;
    const FILE: &'static str = SYNONYMS_FILE;
    const HISTORY: &'static str = HISTORY;

    fn read(corpus: &Path) -> Result<SynonymList, Vec<Problem>> {
        read_synonyms(corpus)
    }

    fn to_file(list: &SynonymList) -> String {
        synonyms_to_toml(list)
    }

    fn lines(list: &SynonymList) -> Vec<String> {
        let (groups, expansions) = to_lines(list);
        groups.into_iter().chain(expansions).collect()
    }
}

/// The synonym list of one corpus.
pub type SynonymStore = crate::corpus::EditedList<SynonymFile>;

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
