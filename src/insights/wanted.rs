//! Wanted examples: topics staff searched for and did not find, kept by the organisers as
//! notes and shown on the public page "Vi söker exempel på …".
//!
//! They live in the corpus, `efterlysta.toml` (a list of `[[wanted]]` tables), so they are
//! exported and backed up with it. Every change reads the file, changes the list and writes
//! it whole, atomically, under one lock, so two organisers adding at once both keep theirs.

use std::path::Path;
use std::sync::Mutex;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::corpus::{FieldError, WriteMode, write_atomically};
use crate::model::{FocusArea, Vocabulary};

/// The file in the corpus.
pub const WANTED_FILE: &str = "efterlysta.toml";
/// The longest topic.
pub const MAX_TOPIC_CHARS: usize = 120;
/// The longest "who asked".
pub const MAX_ASKED_BY_CHARS: usize = 80;
/// The most notes kept at once.
pub const MAX_WANTED: usize = 200;

/// One wanted example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wanted {
    /// What is wanted, as a topic ("robotdammsugare i äldreomsorgen").
    pub topic: String,
    /// The focus area it belongs to, if the organiser chose one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus_area: Option<FocusArea>,
    /// Who asked for it (a unit, a network, "sökningar utan träff").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub asked_by: String,
    /// The day it was noted.
    pub added: Date,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    wanted: Vec<Wanted>,
}

static WRITE: Mutex<()> = Mutex::new(());

/// What went wrong with the list: a field (in Swedish), or the file.
#[derive(Debug, thiserror::Error)]
pub enum WantedError {
    #[error("{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error("efterlysta.toml går inte att läsa: {0}")]
    Unreadable(String),
    #[error("efterlysta.toml gick inte att spara: {0}")]
    Write(String),
}

/// The wanted examples, newest first; an empty list when the file is missing.
pub fn list(corpus: &Path) -> Result<Vec<Wanted>, WantedError> {
    let text = match std::fs::read_to_string(corpus.join(WANTED_FILE)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(WantedError::Unreadable(e.to_string())),
    };
    let file: File =
        toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map_or(1, |s| 1 + text[..s.start.min(text.len())].matches('\n').count());
            WantedError::Unreadable(format!(
                "rad {line} följer inte formatet (en lista [[wanted]] med topic, added och frivilligt focus_area och asked_by)"
            ))
        })?;
    Ok(file.wanted)
}

/// The problem of the file, for `goda check` (none when it is missing or readable).
pub fn check_file(corpus: &Path) -> Option<crate::corpus::Problem> {
    match list(corpus) {
        Err(WantedError::Unreadable(message)) => {
            let line = message
                .strip_prefix("rad ")
                .and_then(|r| r.split_whitespace().next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(1);
            Some(crate::corpus::Problem {
                path: corpus.join(WANTED_FILE),
                line,
                message,
            })
        }
        _ => None,
    }
}

/// Checks and cleans a new note (from a form's strings), or names what is wrong.
pub fn check(
    topic: &str,
    focus_area: &str,
    asked_by: &str,
    today: Date,
) -> Result<Wanted, WantedError> {
    let mut errors = Vec::new();
    let topic = topic.split_whitespace().collect::<Vec<_>>().join(" ");
    let asked_by = asked_by.split_whitespace().collect::<Vec<_>>().join(" ");
    if topic.chars().count() < 2 {
        errors.push(FieldError::new(
            "topic",
            "skriv vad som efterlyses, minst två tecken",
        ));
    } else if topic.chars().count() > MAX_TOPIC_CHARS {
        errors.push(FieldError::new(
            "topic",
            format!("ämnet får vara högst {MAX_TOPIC_CHARS} tecken"),
        ));
    }
    if asked_by.chars().count() > MAX_ASKED_BY_CHARS {
        errors.push(FieldError::new(
            "asked_by",
            format!("”Vem frågade” får vara högst {MAX_ASKED_BY_CHARS} tecken"),
        ));
    }
    let focus_area = match focus_area.trim() {
        "" => None,
        slug => match FocusArea::parse(slug) {
            Some(f) => Some(f),
            None => {
                errors.push(FieldError::new(
                    "focus_area",
                    format!("okänt fokusområde; tillåtet: {}", FocusArea::allowed()),
                ));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(WantedError::Invalid(errors));
    }
    Ok(Wanted {
        topic,
        focus_area,
        asked_by,
        added: today,
    })
}

fn save(corpus: &Path, wanted: Vec<Wanted>) -> Result<(), WantedError> {
    let text = toml::to_string(&File { wanted }).map_err(|e| WantedError::Write(e.to_string()))?;
    let header = "# Efterlysta exempel: ämnen som redaktionen söker exempel på. Redigeras på /admin/insikter.\n\n";
    write_atomically(
        corpus,
        WANTED_FILE,
        format!("{header}{text}").as_bytes(),
        WriteMode::Replace,
    )
    .map(|_| ())
    .map_err(|e| WantedError::Write(e.to_string()))
}

/// Adds a note first in the list (a topic already there is not added twice).
pub fn add(corpus: &Path, note: Wanted) -> Result<(), WantedError> {
    let _guard = WRITE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut all = list(corpus)?;
    if all
        .iter()
        .any(|w| w.topic.to_lowercase() == note.topic.to_lowercase())
    {
        return Ok(());
    }
    if all.len() >= MAX_WANTED {
        return Err(WantedError::Invalid(vec![FieldError::new(
            "topic",
            format!("listan har redan {MAX_WANTED} efterlysningar; ta bort någon först"),
        )]));
    }
    all.insert(0, note);
    save(corpus, all)
}

/// Removes the note about `topic` (nothing when there is none).
pub fn remove(corpus: &Path, topic: &str) -> Result<(), WantedError> {
    let _guard = WRITE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut all = list(corpus)?;
    let before = all.len();
    all.retain(|w| w.topic != topic);
    if all.len() == before {
        return Ok(());
    }
    save(corpus, all)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = jiff::civil::date(2026, 12, 2);

    #[test]
    fn notes_are_added_first_once_each_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        assert!(list(dir.path()).unwrap().is_empty());
        add(dir.path(), check("drönare", "", "", TODAY).unwrap()).unwrap();
        add(
            dir.path(),
            check("  tolk  vid samtal ", "dialog", "Förskolan Ekorren", TODAY).unwrap(),
        )
        .unwrap();
        add(dir.path(), check("Drönare", "", "", TODAY).unwrap()).unwrap();
        let all = list(dir.path()).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].topic, "tolk vid samtal");
        assert_eq!(all[0].focus_area, Some(FocusArea::Dialog));
        remove(dir.path(), "drönare").unwrap();
        assert_eq!(list(dir.path()).unwrap().len(), 1);
    }

    #[test]
    fn bad_notes_name_their_field() {
        let Err(WantedError::Invalid(errors)) = check("x", "miljo", &"a".repeat(81), TODAY) else {
            panic!("refused");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["topic", "asked_by", "focus_area"]);
    }
}
