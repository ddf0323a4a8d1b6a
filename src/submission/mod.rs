//! Units submit examples: a draft becomes a corpus file with `status = "submitted"`, written
//! atomically under an id derived from its title, with a private edit token whose hash is kept
//! in the example's review record. Through the token the unit can see the status and edit the
//! example until it is published.
//!
//! Only the unit's own fields ([`unit_fields`]) may be sent; the id, status and dates are the
//! service's.

pub mod digest;
mod form;
mod organiser;
mod review;
mod slug;
mod workflow;

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use toml::{Table, Value};

pub use form::{
    BODY_TEMPLATE, DraftForm, OTHER_ORGANISATION, OTHER_TEXT, SECTIONS, assemble_sections,
    split_sections,
};
pub use organiser::{ListFilter, Listed, MAX_COMMENT_CHARS, ReviewError, allowed};
pub use review::{REVIEW_DIR, ReviewRecord, StatusChange, new_token, token_hash, token_opens};
pub use slug::{candidate, slugify};
pub use workflow::{Mailing, Preview, QueueError, Queued, Workflow, private_link, stored};

use crate::corpus::{
    CorpusError, Defaults, FieldError, KNOWN_KEYS, WriteMode, read_example_file, validate,
    write_example,
};
use crate::model::{Example, ExampleId, Status};

/// The fields the service sets; every other known field is the unit's to fill in.
pub const SERVICE_FIELDS: &[&str] = &["id", "status", "created", "updated", "reviewed"];

/// The fields a unit fills in: every known field except [`SERVICE_FIELDS`].
pub fn unit_fields() -> impl Iterator<Item = &'static str> {
    KNOWN_KEYS
        .iter()
        .copied()
        .filter(|k| !SERVICE_FIELDS.contains(k))
}

/// The history's note of an update a unit sent for its published example.
pub const UPDATE_SENT: &str = "Enheten skickade en uppdatering av exemplet.";
/// The history's note of a unit's update that an organiser published.
pub const UPDATE_PUBLISHED: &str = "Redaktionen publicerade uppdateringen.";
/// The history's note of a unit's update that an organiser declined.
pub const UPDATE_DECLINED: &str = "Redaktionen publicerade inte uppdateringen.";
/// The history's note of a published example that its unit confirmed current.
pub const CONFIRMED_BY_UNIT: &str = "Enheten bekräftade att exemplet är aktuellt.";

/// How many ids a title may try (`slug`, `slug-2`, …) before giving up.
const MAX_ID_TRIES: u32 = 1_000;

/// Why a submission or edit was not stored.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// Fields are wrong; every problem is listed.
    #[error("{} fields are not valid", .0.len())]
    Invalid(Vec<FieldError>),
    /// The corpus could not be written.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// No example with this id and token.
    #[error("no example with this id and edit token")]
    NotFound,
    /// The example can no longer be edited by the unit.
    #[error("the example is {0} and can no longer be edited")]
    NotEditable(Status),
    /// The example was saved by someone else since the revision the change was made on;
    /// nothing was written.
    #[error("the example was changed since the revision the edit was made on")]
    Conflict {
        /// The example as stored now.
        current: Box<Example>,
        /// Its revision.
        revision: String,
    },
}

/// What a unit gets back for a stored submission.
#[derive(Debug, Clone)]
pub struct Receipt {
    /// The example's id.
    pub id: ExampleId,
    /// The private edit token (shown once; only its hash is stored).
    pub token: String,
    /// The example's status.
    pub status: Status,
}

/// An edit of an example: its new fields and body, and the revision it was made on.
#[derive(Debug, Clone, Copy)]
pub struct Edit<'a> {
    /// The unit's fields.
    pub fields: &'a Table,
    /// The Markdown body.
    pub body: &'a str,
    /// The revision of the file the edit was made on; `None`: replace whatever is stored.
    pub expected: Option<&'a str>,
}

/// The submission workflow over one corpus directory.
#[derive(Debug, Clone)]
pub struct Submissions {
    corpus: PathBuf,
    /// Held while an edit compares revisions and writes, so that two edits made on the same
    /// revision cannot both be stored.
    writing: std::sync::Arc<std::sync::Mutex<()>>,
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

/// Rejects fields the unit may not send and fills in what the service decides.
fn service_fields(
    mut fields: Table,
    id: &str,
    status: Status,
    created: Date,
    today: Date,
    reviewed: Date,
) -> Result<Table, Vec<FieldError>> {
    let foreign: Vec<FieldError> = fields
        .keys()
        .filter(|k| !unit_fields().any(|u| u == k.as_str()))
        .map(|k| {
            let why = if SERVICE_FIELDS.contains(&k.as_str()) {
                format!("`{k}` sätts av tjänsten och kan inte skickas in")
            } else {
                format!(
                    "okänt fält `{k}`; tillåtna fält: {}",
                    unit_fields().collect::<Vec<_>>().join(", ")
                )
            };
            FieldError::new(k, why)
        })
        .collect();
    if !foreign.is_empty() {
        return Err(foreign);
    }
    fields.insert("id".into(), Value::String(id.to_owned()));
    fields.insert("status".into(), Value::String(status.slug().into()));
    fields.insert("created".into(), Value::String(created.to_string()));
    fields.insert("updated".into(), Value::String(today.to_string()));
    fields.insert("reviewed".into(), Value::String(reviewed.to_string()));
    Ok(fields)
}

fn title_of(fields: &Table) -> &str {
    fields
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

impl Submissions {
    /// The corpus's organisations (`organisationer.toml`), or the built-in list when the file
    /// is missing or invalid (`goda check` says why).
    pub fn organisations(&self) -> std::sync::Arc<crate::model::Organisations> {
        std::sync::Arc::new(
            crate::corpus::read_organisations(&self.corpus)
                .unwrap_or_else(|_| crate::model::Organisations::builtin()),
        )
    }

    /// The workflow over the corpus in `corpus`.
    pub fn new(corpus: impl Into<PathBuf>) -> Self {
        Self {
            corpus: corpus.into(),
            writing: Default::default(),
        }
    }

    /// The revision of example `id`'s file ([`crate::corpus::revision`]); `None` when there
    /// is no readable file.
    pub fn revision(&self, id: &ExampleId) -> Option<String> {
        crate::corpus::file_revision(&self.corpus.join(id.file_name()))
    }

    /// The revision of `example`'s file when the file holds just what `example` says (as the
    /// index returned it); `None` when it holds something else (changed since the index last
    /// read it, say by hand while the server was stopped) or cannot be read. An edit made on
    /// what was shown must never pass for one made on the file.
    pub fn revision_if_same(&self, example: &Example, today: Date) -> Option<String> {
        let path = self.corpus.join(example.id.file_name());
        let bytes = std::fs::read(&path).ok()?;
        let on_disk = crate::corpus::parse_example(&path, &bytes, today).ok()?;
        (on_disk == *example).then(|| crate::corpus::revision(&bytes))
    }

    /// Refuses an edit made on revision `expected` when the file has another (`None`: no
    /// check). Call with the write lock held.
    fn check_revision(
        &self,
        id: &ExampleId,
        expected: Option<&str>,
        today: Date,
    ) -> Result<(), SubmitError> {
        let Some(expected) = expected else {
            return Ok(());
        };
        let revision = self.revision(id).ok_or(SubmitError::NotFound)?;
        if revision == expected {
            return Ok(());
        }
        let current = self.read(id, today).ok_or(SubmitError::NotFound)?;
        Err(SubmitError::Conflict {
            current: Box::new(current),
            revision,
        })
    }

    /// The corpus directory.
    pub fn corpus(&self) -> &Path {
        &self.corpus
    }

    /// Validates a draft without storing it (for previews): every problem, or the example
    /// as it would be stored.
    pub fn check(
        &self,
        fields: Table,
        body: &str,
        today: Date,
    ) -> Result<Example, Vec<FieldError>> {
        let id = slugify(title_of(&fields));
        let fields = service_fields(fields, &id, Status::Submitted, today, today, today)?;
        validate(
            &fields,
            body,
            &Defaults {
                today,
                fill_workflow: false,
                organisations: Some(self.organisations()),
            },
        )
    }

    /// Stores a new submission under a fresh id derived from its title, atomically, and
    /// returns its receipt. Parallel submissions with the same title get distinct ids.
    pub fn submit(&self, fields: Table, body: &str, today: Date) -> Result<Receipt, SubmitError> {
        let example = self
            .check(fields, body, today)
            .map_err(SubmitError::Invalid)?;
        let slug = example.id.to_string();
        let token = new_token()?;
        for n in 1..=MAX_ID_TRIES {
            let id =
                ExampleId::parse(&candidate(&slug, n)).expect("candidates of a slug are valid ids");
            let attempt = Example {
                id: id.clone(),
                ..example.clone()
            };
            match write_example(&self.corpus, &attempt, WriteMode::CreateNew) {
                Ok(_) => {
                    let change = StatusChange {
                        at: now(),
                        by: "enheten".into(),
                        from: None,
                        to: Status::Submitted,
                        comment: None,
                    };
                    let record = ReviewRecord {
                        edit_token_sha256: token_hash(&token),
                        history: vec![change],
                    };
                    // Without its review record the unit could never open the submission:
                    // take the example back rather than leave it half stored.
                    if let Err(e) = review::write(&self.corpus, &id, &record) {
                        let _ = std::fs::remove_file(self.corpus.join(id.file_name()));
                        return Err(e.into());
                    }
                    return Ok(Receipt {
                        id,
                        token,
                        status: Status::Submitted,
                    });
                }
                Err(CorpusError::Exists { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(SubmitError::Invalid(vec![FieldError::new(
            "title",
            "too many examples already have this title; change it",
        )]))
    }

    /// The example `id` and its review record, if `token` opens it.
    pub fn open(
        &self,
        id: &ExampleId,
        token: &str,
        today: Date,
    ) -> Option<(Example, ReviewRecord)> {
        let record = review::read(&self.corpus, id)?;
        if !token_opens(&record, token) {
            return None;
        }
        let example = read_example_file(&self.corpus.join(id.file_name()), today).ok()?;
        Some((example, record))
    }

    /// Validates an existing example's new fields (the workflow fields already set) and
    /// replaces its file atomically.
    fn rewrite(&self, fields: &Table, body: &str, today: Date) -> Result<Example, SubmitError> {
        let defaults = Defaults {
            today,
            fill_workflow: false,
            organisations: Some(self.organisations()),
        };
        let example = validate(fields, body, &defaults).map_err(SubmitError::Invalid)?;
        write_example(&self.corpus, &example, WriteMode::Replace)?;
        Ok(example)
    }

    /// The example `id` and its record when `token` opens it and the file is still at revision
    /// `expected`. Call with the write lock held.
    fn open_checked(
        &self,
        id: &ExampleId,
        token: &str,
        expected: Option<&str>,
        today: Date,
    ) -> Result<(Example, ReviewRecord), SubmitError> {
        let opened = self.open(id, token, today).ok_or(SubmitError::NotFound)?;
        self.check_revision(id, expected, today)?;
        Ok(opened)
    }

    /// Replaces the unit's fields of a submission that is not yet published; a submission
    /// with changes requested goes back to `submitted`. `expected` is the revision the edit
    /// was made on ([`SubmitError::Conflict`] when the file has changed since; `None`: no
    /// check).
    pub fn update(
        &self,
        id: &ExampleId,
        token: &str,
        edit: Edit<'_>,
        today: Date,
    ) -> Result<Example, SubmitError> {
        let Edit {
            fields,
            body,
            expected,
        } = edit;
        let _writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let (current, mut record) = self.open_checked(id, token, expected, today)?;
        // A published example is updated through `propose_update`: its update waits for
        // review while the published version stays.
        let to = match current.status {
            Status::Submitted | Status::ChangesRequested => Status::Submitted,
            other => return Err(SubmitError::NotEditable(other)),
        };
        let fields = service_fields(
            fields.clone(),
            id.as_str(),
            to,
            current.created,
            today,
            today,
        )
        .map_err(SubmitError::Invalid)?;
        let example = self.rewrite(&fields, body, today)?;
        if current.status != Status::Submitted {
            record.history.push(StatusChange {
                at: now(),
                by: "enheten".into(),
                from: Some(current.status),
                to,
                comment: None,
            });
            review::write(&self.corpus, id, &record)?;
        }
        Ok(example)
    }

    /// The unit's update of its published example ("Uppdatera"), through its private link: the
    /// new version is checked and kept beside the example (`.review/{id}.uppdatering.md`)
    /// until an organiser publishes or declines it; the published version stays as it is.
    /// A second update replaces a waiting one. `expected` is the revision of the published
    /// file the form was opened on.
    pub fn propose_update(
        &self,
        id: &ExampleId,
        token: &str,
        edit: Edit<'_>,
        today: Date,
    ) -> Result<Example, SubmitError> {
        let Edit {
            fields,
            body,
            expected,
        } = edit;
        let _writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let (current, mut record) = self.open_checked(id, token, expected, today)?;
        if current.status != Status::Published {
            return Err(SubmitError::NotEditable(current.status));
        }
        let fields = service_fields(
            fields.clone(),
            id.as_str(),
            Status::Published,
            current.created,
            today,
            today,
        )
        .map_err(SubmitError::Invalid)?;
        let update = validate(
            &fields,
            body,
            &Defaults {
                today,
                fill_workflow: false,
                organisations: Some(self.organisations()),
            },
        )
        .map_err(SubmitError::Invalid)?;
        review::write_update(&self.corpus, &update)?;
        record.history.push(StatusChange {
            at: now(),
            by: "enheten".into(),
            from: Some(Status::Published),
            to: Status::Published,
            comment: Some(UPDATE_SENT.to_owned()),
        });
        review::write(&self.corpus, id, &record)?;
        Ok(update)
    }

    /// The update of `id` waiting for review, if any.
    pub fn pending_update(&self, id: &ExampleId, today: Date) -> Option<Example> {
        review::read_update(&self.corpus, id, today)
    }

    /// The ids of the published examples whose units sent an update, oldest first.
    pub fn pending_updates(&self) -> Vec<ExampleId> {
        review::updates(&self.corpus)
    }

    /// An organiser's decision on a waiting update: published (it replaces the published
    /// version, which counts as confirmed today) or declined (it is dropped, with a comment
    /// for the unit).
    pub fn decide_update(
        &self,
        id: &ExampleId,
        publish: bool,
        by: &str,
        comment: Option<String>,
        today: Date,
    ) -> Result<Example, ReviewError> {
        let _writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let current = self.read(id, today).ok_or(ReviewError::NotFound)?;
        let update = review::read_update(&self.corpus, id, today).ok_or(ReviewError::NotFound)?;
        if current.status != Status::Published {
            return Err(ReviewError::NotAllowed {
                from: current.status,
                to: Status::Published,
            });
        }
        let comment = comment
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        if comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS)
        {
            return Err(ReviewError::CommentTooLong);
        }
        if !publish && comment.is_none() {
            return Err(ReviewError::CommentRequired(Status::Published));
        }
        let example = if publish {
            let next = Example {
                status: Status::Published,
                created: current.created,
                updated: today.max(current.created),
                reviewed: today.max(current.created),
                ..update
            };
            write_example(&self.corpus, &next, WriteMode::Replace)?;
            next
        } else {
            current
        };
        review::remove_update(&self.corpus, id)?;
        let mut record = review::read(&self.corpus, id).unwrap_or_default();
        let note = if publish {
            UPDATE_PUBLISHED
        } else {
            UPDATE_DECLINED
        };
        record.history.push(StatusChange {
            at: now(),
            by: by.to_owned(),
            from: Some(Status::Published),
            to: Status::Published,
            comment: Some(match comment {
                Some(c) => format!("{note} {c}"),
                None => note.to_owned(),
            }),
        });
        review::write(&self.corpus, id, &record)?;
        Ok(example)
    }

    /// The unit (through its private link) confirms that its published example is still
    /// current: `reviewed` becomes today, nothing else changes. `expected` as for
    /// [`update`](Self::update).
    pub fn confirm_current(
        &self,
        id: &ExampleId,
        token: &str,
        expected: Option<&str>,
        today: Date,
    ) -> Result<Example, SubmitError> {
        let _writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let (current, mut record) = self.open_checked(id, token, expected, today)?;
        if current.status != Status::Published {
            return Err(SubmitError::NotEditable(current.status));
        }
        let example = Example {
            reviewed: today.max(current.created),
            ..current
        };
        write_example(&self.corpus, &example, WriteMode::Replace)?;
        record.history.push(StatusChange {
            at: now(),
            by: "enheten".into(),
            from: Some(Status::Published),
            to: Status::Published,
            comment: Some(CONFIRMED_BY_UNIT.to_owned()),
        });
        review::write(&self.corpus, id, &record)?;
        Ok(example)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = jiff::civil::date(2026, 11, 22);

    fn edit<'a>(fields: &'a Table, body: &'a str) -> Edit<'a> {
        Edit {
            fields,
            body,
            expected: None,
        }
    }

    fn draft(title: &str) -> Table {
        toml::from_str(&format!(
            r#"
            title = "{title}"
            summary = "Vi mäter svinnet."
            unit = "Skolköket"
            organisation = "Utbildningsförvaltningen"
            area = "skola"
            focus_areas = ["metoder"]
            maturity = "pilot"
            year = 2026
            "#
        ))
        .unwrap()
    }

    #[test]
    fn an_edit_made_on_a_stale_revision_is_refused_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let s = Submissions::new(dir.path());
        let receipt = s.submit(draft("Lärcaféer"), "Text", TODAY).unwrap();
        let opened = s.revision(&receipt.id).unwrap();
        let first = draft("Lärcaféer för alla");
        let second = draft("Lärcaféer i Bromma");
        let on = |fields, revision| Edit {
            fields,
            body: "Text",
            expected: Some(revision),
        };
        s.update(&receipt.id, &receipt.token, on(&first, &opened), TODAY)
            .unwrap();
        let after_first = std::fs::read_to_string(dir.path().join(receipt.id.file_name())).unwrap();
        let Err(SubmitError::Conflict { current, revision }) =
            s.update(&receipt.id, &receipt.token, on(&second, &opened), TODAY)
        else {
            panic!("the second edit on the same revision must be refused");
        };
        assert_eq!(current.title, "Lärcaféer för alla");
        assert_eq!(Some(revision.clone()), s.revision(&receipt.id));
        let unchanged = std::fs::read_to_string(dir.path().join(receipt.id.file_name())).unwrap();
        assert_eq!(after_first, unchanged, "nothing was written");
        // Saved again on the revision shown with the conflict, it goes through.
        s.replace(&receipt.id, on(&second, &revision), TODAY)
            .unwrap();
    }

    #[test]
    fn a_submission_is_stored_as_submitted_with_an_id_from_its_title() {
        let dir = tempfile::tempdir().unwrap();
        let s = Submissions::new(dir.path());
        let receipt = s
            .submit(draft("Mindre matsvinn i skolköket"), "Text", TODAY)
            .unwrap();
        assert_eq!(receipt.id.as_str(), "mindre-matsvinn-i-skolkoket");
        let (example, record) = s.open(&receipt.id, &receipt.token, TODAY).unwrap();
        assert_eq!(example.status, Status::Submitted);
        assert_eq!(record.history.len(), 1);
        assert!(
            !std::fs::read_to_string(dir.path().join(".review/mindre-matsvinn-i-skolkoket.json"))
                .unwrap()
                .contains(&receipt.token)
        );
        let second = s
            .submit(draft("Mindre matsvinn i skolköket"), "Text", TODAY)
            .unwrap();
        assert_eq!(second.id.as_str(), "mindre-matsvinn-i-skolkoket-2");
    }

    #[test]
    fn service_fields_may_not_be_sent() {
        let dir = tempfile::tempdir().unwrap();
        let mut fields = draft("X");
        fields.insert("status".into(), Value::String("published".into()));
        fields.insert("id".into(), Value::String("../../etc/passwd".into()));
        let Err(SubmitError::Invalid(errors)) =
            Submissions::new(dir.path()).submit(fields, "Text", TODAY)
        else {
            panic!("accepted")
        };
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(named, ["id", "status"]);
    }

    #[test]
    fn organisers_move_examples_through_the_workflow_and_it_is_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let s = Submissions::new(dir.path());
        let receipt = s.submit(draft("Lärcaféer"), "Text", TODAY).unwrap();
        assert_eq!(s.queue(TODAY).unwrap().len(), 1);
        assert!(matches!(
            s.set_status(
                &receipt.id,
                Status::ChangesRequested,
                "anna",
                None,
                None,
                TODAY
            ),
            Err(ReviewError::CommentRequired(_))
        ));
        s.set_status(
            &receipt.id,
            Status::ChangesRequested,
            "anna",
            Some("Lägg till resultat.".into()),
            None,
            TODAY,
        )
        .unwrap();
        let (_, record) = s.open(&receipt.id, &receipt.token, TODAY).unwrap();
        assert_eq!(
            record.history.last().unwrap().comment.as_deref(),
            Some("Lägg till resultat.")
        );
        s.update(
            &receipt.id,
            &receipt.token,
            edit(&draft("Lärcaféer"), "Text med resultat"),
            TODAY,
        )
        .unwrap();
        let published = s
            .set_status(&receipt.id, Status::Published, "anna", None, None, TODAY)
            .unwrap();
        assert!(published.is_public());
        assert!(s.queue(TODAY).unwrap().is_empty());
        // The unit's update of its published example waits for review; the published
        // version stays until an organiser publishes it.
        let later = jiff::civil::date(2026, 12, 24);
        assert!(matches!(
            s.update(&receipt.id, &receipt.token, edit(&draft("X"), "Y"), later),
            Err(SubmitError::NotEditable(Status::Published))
        ));
        s.propose_update(
            &receipt.id,
            &receipt.token,
            edit(&draft("Lärcaféer i hela staden"), "Y"),
            later,
        )
        .unwrap();
        assert_eq!(s.read(&receipt.id, later).unwrap().title, "Lärcaféer");
        assert_eq!(s.pending_updates(), std::slice::from_ref(&receipt.id));
        assert!(matches!(
            s.decide_update(&receipt.id, false, "anna", None, later),
            Err(ReviewError::CommentRequired(_))
        ));
        let updated = s
            .decide_update(&receipt.id, true, "anna", None, later)
            .unwrap();
        assert_eq!(
            (updated.title.as_str(), updated.status, updated.reviewed),
            ("Lärcaféer i hela staden", Status::Published, later)
        );
        assert!(s.pending_updates().is_empty());
        let confirmed = s
            .confirm_current(&receipt.id, &receipt.token, None, later)
            .unwrap();
        assert_eq!(confirmed.reviewed, later);
        assert!(matches!(
            s.set_status(
                &receipt.id,
                Status::Rejected,
                "anna",
                Some("x".into()),
                None,
                later
            ),
            Err(ReviewError::NotAllowed { .. })
        ));
        s.set_status(&receipt.id, Status::Archived, "bo", None, None, later)
            .unwrap();
        let (_, history) = s.review_view(&receipt.id, later).unwrap();
        let path: Vec<(Option<Status>, Status, &str)> = history
            .iter()
            .map(|c| (c.from, c.to, c.by.as_str()))
            .collect();
        assert_eq!(
            path,
            [
                (None, Status::Submitted, "enheten"),
                (Some(Status::Submitted), Status::ChangesRequested, "anna"),
                (Some(Status::ChangesRequested), Status::Submitted, "enheten"),
                (Some(Status::Submitted), Status::Published, "anna"),
                (Some(Status::Published), Status::Published, "enheten"),
                (Some(Status::Published), Status::Published, "anna"),
                (Some(Status::Published), Status::Published, "enheten"),
                (Some(Status::Published), Status::Archived, "bo"),
            ]
        );
        // Archived: neither updated nor confirmed by the unit.
        assert!(matches!(
            s.update(&receipt.id, &receipt.token, edit(&draft("X"), "Y"), later),
            Err(SubmitError::NotEditable(_))
        ));
        assert!(matches!(
            s.confirm_current(&receipt.id, &receipt.token, None, later),
            Err(SubmitError::NotEditable(_))
        ));
    }

    #[test]
    fn only_the_token_opens_and_edits_a_submission() {
        let dir = tempfile::tempdir().unwrap();
        let s = Submissions::new(dir.path());
        let receipt = s.submit(draft("Lärcaféer"), "Text", TODAY).unwrap();
        assert!(s.open(&receipt.id, "fel", TODAY).is_none());
        let edited = s
            .update(
                &receipt.id,
                &receipt.token,
                edit(&draft("Lärcaféer för alla"), "Ny text"),
                TODAY,
            )
            .unwrap();
        assert_eq!(edited.id, receipt.id, "the id stays");
        assert_eq!(edited.title, "Lärcaféer för alla");
        assert!(matches!(
            s.update(&receipt.id, "fel", edit(&draft("X"), "Y"), TODAY),
            Err(SubmitError::NotFound)
        ));
    }
}
