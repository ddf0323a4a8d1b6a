//! The organisers' builder of an edition as a workflow: a form read into a draft, the step a
//! button asks for (add, move, remove, publish), saving with the revision the form was opened
//! on, and what the builder shows beside the form (the entries' examples, search hits,
//! examples never shown and groups of similar ones). The web layer only reads the request and
//! renders what this returns.

use std::collections::HashSet;

use jiff::civil::Date;

use super::editions::{Editions, SaveError, revision};
use super::form::{Action, BuilderForm, Finder, blank};
use super::model::{Change, EditionDraft, EntryDraft, default_themes, to_draft};
use crate::corpus::{CorpusError, FieldError};
use crate::index::IndexError;
use crate::model::{Example, ExampleId};
use crate::search::{Hit, MAX_PER_PAGE, SearchRequest, SearchService, Sort};

/// Suggestions of examples never shown.
const UNSHOWN: usize = 8;
/// Groups of similar examples suggested, and the examples tried as their seeds.
const CLUSTERS: usize = 4;
const CLUSTER_SEEDS: usize = 16;
/// Hits of the search in the builder.
const HITS: u32 = 10;

fn field_error(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// An entry's example as the builder lists it.
#[derive(Debug, Clone)]
pub struct EntryInfo {
    /// The title (the id when the example cannot be read).
    pub title: String,
    pub unit: String,
    /// Whether visitors can see it.
    pub public: bool,
}

/// An example that can be added.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: String,
    pub title: String,
    pub unit: String,
    /// Whether it is in the draft already.
    pub added: bool,
}

/// Everything the builder shows beside the form.
#[derive(Debug, Clone)]
pub struct Workbench {
    /// The entries' examples, in the draft's order.
    pub entries: Vec<EntryInfo>,
    /// The search's hits, when the finder is set.
    pub hits: Option<Vec<Candidate>>,
    /// Published examples never shown, newest first.
    pub unshown: Vec<Candidate>,
    /// Groups of never-shown examples that are like each other.
    pub clusters: Vec<Vec<Candidate>>,
    /// The stored edition's changelog.
    pub changelog: Vec<Change>,
    /// Whether the edition is stored.
    pub exists: bool,
}

/// Why a save was refused; the draft is shown again as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A value could not be read, a rule is broken or the step cannot be taken.
    Invalid,
    /// Someone saved in between.
    Conflict,
    /// A file of the edition exists but cannot be read: it must not be replaced.
    Unreadable,
}

/// What a save came to.
#[derive(Debug)]
pub enum Outcome {
    /// Saved; the page should scroll to this entry, if any. A removal names the entry it
    /// took out and where it stood, so that the page can offer to put it back.
    Saved {
        anchor: Option<usize>,
        removed: Option<(usize, EntryDraft)>,
    },
    /// Refused, with the problems (each naming its field, in Swedish) and the revision the
    /// form should carry from now on (the stored one after a conflict).
    Refused {
        draft: Box<EditionDraft>,
        errors: Vec<FieldError>,
        refusal: Refusal,
        revision: String,
    },
    /// Nothing saved: a step that is hard to undo waits for a confirmation, and the form comes
    /// back as sent with the question.
    Ask {
        draft: Box<EditionDraft>,
        question: Question,
        revision: String,
    },
}

/// What the builder asks before a step that is hard to undo (WCAG 3.3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Remove entry `i` from the catalogue?
    Remove(usize),
    /// Hide the published catalogue from visitors?
    Unpublish,
}

/// The builder's workflow over the editions, the search service and every example whatever
/// its status (`examples`: `None` when there is no example with that id).
pub struct Builder<'a> {
    pub editions: &'a Editions,
    pub search: &'a SearchService,
    pub examples: &'a dyn Fn(&ExampleId) -> Option<Example>,
}

impl Builder<'_> {
    /// The draft to open for `year`, the stored edition or a blank one, and its revision
    /// (empty for a new edition).
    pub fn open(&self, year: i16) -> (EditionDraft, String) {
        match self.editions.get(year) {
            Some(e) => (to_draft(&e), revision(&e)),
            None => (blank(year), String::new()),
        }
    }

    /// `draft` as the stored edition of `year` stands: published or not (a form does not say).
    pub fn as_stored(&self, year: i16, mut draft: EditionDraft) -> EditionDraft {
        draft.published = self.editions.get(year).is_some_and(|e| e.published);
        draft
    }

    /// Saves the form of edition `year` and takes the step of its button.
    ///
    /// On `Err` (the file could not be written) nothing changed.
    pub fn save(&self, year: i16, form: BuilderForm, today: Date) -> Result<Outcome, CorpusError> {
        let BuilderForm {
            mut draft,
            mut errors,
            action,
            revision: posted,
            restore,
            ..
        } = form;
        draft.published = match action {
            Action::Publish => true,
            Action::Unpublish => false,
            _ => self.editions.get(year).is_some_and(|e| e.published),
        };
        let question = match action {
            Action::AskRemove(i) if i < draft.entries.len() => Some(Question::Remove(i)),
            Action::AskUnpublish => Some(Question::Unpublish),
            _ => None,
        };
        if let Some(question) = question {
            return Ok(Outcome::Ask {
                draft: Box::new(draft),
                question,
                revision: posted.unwrap_or_default(),
            });
        }
        let removed = match action {
            Action::Remove(i) => draft.entries.get(i).map(|e| (i, e.clone())),
            _ => None,
        };
        if let Err(e) = self.apply(&mut draft, &action, restore) {
            errors.push(e);
        }
        let posted_revision = posted.clone().unwrap_or_default();
        let refused = |draft, errors, refusal, revision| {
            Ok(Outcome::Refused {
                draft: Box::new(draft),
                errors,
                refusal,
                revision,
            })
        };
        if !errors.is_empty() {
            return refused(draft, errors, Refusal::Invalid, posted_revision);
        }
        let saved =
            self.editions
                .save(year, draft.clone(), posted.as_deref(), self.examples, today);
        match saved {
            Ok(_) => Ok(Outcome::Saved {
                anchor: action.anchor(draft.entries.len()),
                removed,
            }),
            Err(SaveError::Invalid(errors)) => {
                refused(draft, errors, Refusal::Invalid, posted_revision)
            }
            // The organiser's changes stay in the form; saving again (now on the stored
            // revision) replaces the other change knowingly.
            Err(SaveError::Conflict { current, .. }) => {
                let message = field_error(
                    "form",
                    format!(
                        "någon annan sparade mässan medan du ändrade (den sparade versionen har {} exempel och kan öppnas i en ny flik via adressen /admin/massa/{year}). Dina ändringar finns kvar nedan; spara igen för att ersätta den sparade versionen med dem",
                        current.entries.len()
                    ),
                );
                refused(draft, vec![message], Refusal::Conflict, revision(&current))
            }
            Err(SaveError::Unreadable(_)) => {
                let message = field_error(
                    "form",
                    format!(
                        "filen för mässan {year} finns men kunde inte läsas (se listan över ogiltiga filer under Granska). Rätta filen först, så att den inte ersätts"
                    ),
                );
                refused(draft, vec![message], Refusal::Unreadable, String::new())
            }
            Err(SaveError::Write(e)) => Err(e),
        }
    }

    /// Applies a button's step to the draft; `Err` says why it cannot be taken.
    fn apply(
        &self,
        draft: &mut EditionDraft,
        action: &Action,
        restore: Option<EntryDraft>,
    ) -> Result<(), FieldError> {
        let n = draft.entries.len();
        match action {
            Action::Up(i) if *i > 0 && *i < n => draft.entries.swap(*i, i - 1),
            Action::Down(i) if i.checked_add(1).is_some_and(|j| j < n) => {
                draft.entries.swap(*i, i + 1)
            }
            Action::Remove(i) if *i < n => {
                draft.entries.remove(*i);
            }
            Action::Add(id) => {
                let entry = self.new_entry(draft, id)?;
                draft.entries.push(entry);
            }
            // The entry as it was (theme, stand, session); the save's rules check it again
            // (a stand or room taken in the meantime is refused with the form kept).
            Action::Restore(i) => {
                let entry = restore.ok_or_else(|| {
                    field_error("entries", "det finns ingen borttagen post att ångra")
                })?;
                if draft
                    .entries
                    .iter()
                    .any(|e| e.example_id == entry.example_id)
                {
                    return Err(field_error("entries", "exemplet finns redan i katalogen"));
                }
                draft.entries.insert((*i).min(n), entry);
            }
            Action::Remove(_) | Action::AskRemove(_) => {
                return Err(field_error(
                    "entries",
                    "posten finns inte längre i katalogen; ladda om sidan och försök igen",
                ));
            }
            _ => {}
        }
        Ok(())
    }

    /// An entry for published example `id`: under the theme of its first focus area that
    /// the edition has, at the next free stand.
    fn new_entry(&self, draft: &EditionDraft, id: &str) -> Result<EntryDraft, FieldError> {
        if draft.entries.iter().any(|e| e.example_id == id) {
            return Err(field_error("entries", "exemplet finns redan i katalogen"));
        }
        let example = ExampleId::parse(id)
            .ok()
            .and_then(|id| self.search.get(&id).ok().flatten())
            .ok_or_else(|| {
                field_error(
                    "entries",
                    format!("det finns inget publicerat exempel med id ”{id}”"),
                )
            })?
            .example;
        let themes = draft.themes.clone().unwrap_or_else(default_themes);
        let theme = example
            .focus_areas
            .iter()
            .find_map(|f| themes.iter().find(|t| t.id == f.slug()))
            .or(themes.first())
            .map(|t| t.id.clone())
            .unwrap_or_default();
        let stand = draft
            .entries
            .iter()
            .filter_map(|e| e.stand)
            .max()
            .unwrap_or(0)
            + 1;
        Ok(EntryDraft {
            example_id: example.id.to_string(),
            theme,
            stand: Some(stand),
            session: None,
        })
    }

    /// What the builder of `year` shows beside `draft`.
    ///
    /// On `Err` the search index could not be read.
    pub fn workbench(
        &self,
        year: i16,
        draft: &EditionDraft,
        finder: &Finder,
    ) -> Result<Workbench, IndexError> {
        let in_draft: HashSet<String> =
            draft.entries.iter().map(|e| e.example_id.clone()).collect();
        let entries = draft
            .entries
            .iter()
            .map(|e| self.entry_info(&e.example_id))
            .collect();
        let hits = if finder.is_set() {
            Some(self.hits(finder, &in_draft)?)
        } else {
            None
        };
        let (unshown, clusters) = self.suggestions(&in_draft)?;
        let stored = self.editions.get(year);
        Ok(Workbench {
            entries,
            hits,
            unshown,
            clusters,
            changelog: stored
                .as_ref()
                .map(|e| e.changelog.clone())
                .unwrap_or_default(),
            exists: stored.is_some(),
        })
    }

    fn entry_info(&self, id: &str) -> EntryInfo {
        ExampleId::parse(id)
            .ok()
            .and_then(|id| (self.examples)(&id))
            .map_or_else(
                || EntryInfo {
                    title: id.to_owned(),
                    unit: String::new(),
                    public: false,
                },
                |x| EntryInfo {
                    public: x.is_public(),
                    title: x.title,
                    unit: x.unit,
                },
            )
    }

    fn hits(
        &self,
        finder: &Finder,
        in_draft: &HashSet<String>,
    ) -> Result<Vec<Candidate>, IndexError> {
        let mut request = SearchRequest {
            q: finder.q.clone(),
            per_page: HITS,
            ..SearchRequest::default()
        };
        request.filters.focus_areas.extend(finder.focus_area);
        request.filters.areas.extend(finder.area);
        let results = self.search.search(&request)?;
        Ok(results
            .hits
            .iter()
            .map(|h| candidate(h, in_draft))
            .collect())
    }

    /// Published examples not shown at any edition nor in this draft, newest first; and
    /// groups of them that are like each other.
    fn suggestions(
        &self,
        in_draft: &HashSet<String>,
    ) -> Result<(Vec<Candidate>, Vec<Vec<Candidate>>), IndexError> {
        let shown = self.editions.ever_shown();
        let fresh = |id: &ExampleId| !shown.contains(id) && !in_draft.contains(id.as_str());
        let newest = self.search.search(&SearchRequest {
            sort: Sort::Newest,
            per_page: MAX_PER_PAGE,
            ..SearchRequest::default()
        })?;
        let unshown: Vec<&Hit> = newest
            .hits
            .iter()
            .filter(|h| fresh(&h.example.id))
            .collect();
        let mut used: HashSet<ExampleId> = HashSet::new();
        let mut clusters = Vec::new();
        for seed in unshown.iter().take(CLUSTER_SEEDS) {
            if clusters.len() == CLUSTERS {
                break;
            }
            if used.contains(&seed.example.id) {
                continue;
            }
            let similar = self
                .search
                .similar(&seed.example.id, 6)?
                .unwrap_or_default();
            let mates: Vec<&Hit> = similar
                .iter()
                .filter(|h| fresh(&h.example.id) && !used.contains(&h.example.id))
                .take(2)
                .collect();
            if mates.is_empty() {
                continue;
            }
            let group: Vec<Candidate> = std::iter::once(*seed)
                .chain(mates)
                .inspect(|h| {
                    used.insert(h.example.id.clone());
                })
                .map(|h| candidate(h, in_draft))
                .collect();
            clusters.push(group);
        }
        let unshown = unshown
            .iter()
            .take(UNSHOWN)
            .map(|h| candidate(h, in_draft))
            .collect();
        Ok((unshown, clusters))
    }
}

fn candidate(hit: &Hit, in_draft: &HashSet<String>) -> Candidate {
    Candidate {
        id: hit.example.id.to_string(),
        title: hit.example.title.clone(),
        unit: hit.example.unit.clone(),
        added: in_draft.contains(hit.example.id.as_str()),
    }
}
