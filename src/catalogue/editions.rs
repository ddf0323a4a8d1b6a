//! The editions the service knows: read once at start-up, kept in memory for the pages that
//! show them on every request, and written through to their files on each change.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use jiff::civil::Date;

use super::{
    Change, Edition, EditionDraft, Session, Strictness, changes, edition_years, load_edition,
    save_edition, validate,
};
use crate::corpus::{CorpusError, FieldError, Problem};
use crate::model::{Example, ExampleId};

/// Why an edition was not saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Fields that are wrong, and conflicts; nothing was written.
    #[error("the edition has {} problems", .0.len())]
    Invalid(Vec<FieldError>),
    /// The file could not be written; the stored edition is unchanged.
    #[error(transparent)]
    Write(#[from] CorpusError),
    /// The edition was saved by someone else since the revision the change was made on;
    /// nothing was written.
    #[error("the edition was changed since revision {expected}")]
    Conflict {
        /// The revision the change was made on.
        expected: String,
        /// The edition as stored now.
        current: Arc<Edition>,
    },
    /// The edition's file exists but could not be read at start-up: saving would replace it
    /// with a new edition. Nothing was written.
    #[error("the file of the edition of {0} could not be read; correct it before saving")]
    Unreadable(i16),
}

/// The revision of a stored edition: that of the file it is written as.
pub fn revision(edition: &Edition) -> String {
    crate::corpus::revision(super::store::file_text(edition).as_bytes())
}

/// An example's place at a published edition.
#[derive(Debug, Clone, PartialEq)]
pub struct Appearance {
    /// The edition's year.
    pub year: i16,
    /// The edition's name ("Goda exempelmässan 2025").
    pub name: String,
    /// Its stand, if it had one.
    pub stand: Option<u32>,
    /// Its session, if it had one.
    pub session: Option<Session>,
}

/// Every edition of the corpus, newest last.
#[derive(Debug)]
pub struct Editions {
    corpus: PathBuf,
    editions: RwLock<BTreeMap<i16, Arc<Edition>>>,
    /// Held while a change is checked and written, so that two organisers saving at once
    /// cannot lose each other's change or changelog line.
    writing: Mutex<()>,
}

impl Editions {
    /// Reads every edition file of `corpus`; `example` looks an example up by id, whatever
    /// its status. Files that are not valid are left out and returned as problems. An
    /// edition whose example cannot be read (its file is broken or gone) still loads: the
    /// entry is listed under the example's id, and a problem tells organisers.
    pub fn load(
        corpus: &Path,
        example: &dyn Fn(&ExampleId) -> Option<Example>,
    ) -> (Self, Vec<Problem>) {
        let mut editions = BTreeMap::new();
        let mut problems = Vec::new();
        for year in edition_years(corpus) {
            match load_edition(corpus, year, example) {
                Ok(Some(e)) => {
                    for (i, entry) in e.entries.iter().enumerate() {
                        if example(&entry.example_id).is_none() {
                            problems.push(Problem {
                                path: corpus.join(super::MASSA_DIR).join(format!("{year}.toml")),
                                line: 1,
                                message: format!(
                                    "entries[{i}]: the example \"{}\" cannot be read (its file is broken or gone); the entry is shown under its id until the file is corrected",
                                    entry.example_id
                                ),
                            });
                        }
                    }
                    editions.insert(year, Arc::new(e));
                }
                Ok(None) => {}
                Err(p) => problems.extend(p),
            }
        }
        let editions = Self {
            corpus: corpus.to_owned(),
            editions: RwLock::new(editions),
            writing: Mutex::new(()),
        };
        (editions, problems)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<i16, Arc<Edition>>> {
        self.editions.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The edition of `year`, published or not; `None` when there is none.
    pub fn get(&self, year: i16) -> Option<Arc<Edition>> {
        self.read().get(&year).cloned()
    }

    /// Every edition, newest first.
    pub fn all(&self) -> Vec<Arc<Edition>> {
        self.read().values().rev().cloned().collect()
    }

    /// The editions visitors can see, newest first.
    pub fn published(&self) -> Vec<Arc<Edition>> {
        self.read()
            .values()
            .rev()
            .filter(|e| e.published)
            .cloned()
            .collect()
    }

    /// Where `id` was shown at published editions, newest first.
    pub fn appearances(&self, id: &ExampleId) -> Vec<Appearance> {
        self.published()
            .iter()
            .flat_map(|e| {
                e.entries
                    .iter()
                    .filter(|en| &en.example_id == id)
                    .map(|en| Appearance {
                        year: e.year,
                        name: e.name.clone(),
                        stand: en.stand,
                        session: en.session.clone(),
                    })
            })
            .collect()
    }

    /// The examples shown at the published editions of `years`.
    pub fn shown_at(&self, years: &[i16]) -> Vec<ExampleId> {
        let read = self.read();
        let mut ids: Vec<ExampleId> = years
            .iter()
            .filter_map(|y| read.get(y).filter(|e| e.published))
            .flat_map(|e| e.entries.iter().map(|en| en.example_id.clone()))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The examples in any edition, published or not (for suggesting the others).
    pub fn ever_shown(&self) -> HashSet<ExampleId> {
        self.read()
            .values()
            .flat_map(|e| e.entries.iter().map(|en| en.example_id.clone()))
            .collect()
    }

    /// Checks and stores the edition of `year`. When the stored one is published, every
    /// change visitors should know of is added to its changelog, dated `today`; the
    /// changelog in `draft` is ignored (it is the service's to keep).
    ///
    /// `expected` is the revision ([`revision`]) the change was made on: when the stored
    /// edition has another, someone saved in between and the change is refused
    /// ([`SaveError::Conflict`]); `Some("")` says the edition is new and must not exist yet;
    /// `None` saves over whatever is stored.
    ///
    /// On `Err` nothing was written and the stored edition is unchanged.
    pub fn save(
        &self,
        year: i16,
        mut draft: EditionDraft,
        expected: Option<&str>,
        example: &dyn Fn(&ExampleId) -> Option<Example>,
        today: Date,
    ) -> Result<Arc<Edition>, SaveError> {
        let _writing = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        let before = self.get(year);
        match (&before, expected) {
            // An empty revision: the edition must not exist yet.
            (Some(current), Some(expected)) if revision(current) != expected => {
                return Err(SaveError::Conflict {
                    expected: expected.to_owned(),
                    current: current.clone(),
                });
            }
            (None, _) if super::store::path_of(&self.corpus, year).exists() => {
                return Err(SaveError::Unreadable(year));
            }
            _ => {}
        }
        draft.changelog = before
            .as_ref()
            .map(|b| b.changelog.clone())
            .unwrap_or_default();
        let kept: Vec<ExampleId> = before
            .iter()
            .flat_map(|b| b.entries.iter().map(|e| e.example_id.clone()))
            .collect();
        let mut edition = validate(year, draft, example, Strictness::Saving { kept: &kept })
            .map_err(SaveError::Invalid)?;
        if let Some(before) = before.filter(|b| b.published) {
            let title = |id: &ExampleId| example(id).map_or_else(|| id.to_string(), |e| e.title);
            for text in changes(&before, &edition, &title) {
                edition.changelog.push(Change {
                    date: today.to_string(),
                    text,
                });
            }
        }
        save_edition(&self.corpus, &edition)?;
        let edition = Arc::new(edition);
        self.editions
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(year, edition.clone());
        Ok(edition)
    }
}
