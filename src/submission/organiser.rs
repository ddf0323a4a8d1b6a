//! The organisers' side of the workflow: the review queue, an example under review with its
//! history, status changes (only those of the workflow, with a comment where the unit needs
//! one, refused when the text changed since it was reviewed) and edits of any field.

use jiff::civil::Date;

use super::review::{self, StatusChange};
use super::{Edit, Submissions, SubmitError, now, service_fields};
use crate::corpus::{CorpusError, WriteMode, read_example_file, write_example};
use crate::model::{Example, ExampleId, Status};

/// The longest comment to a unit, in characters.
pub const MAX_COMMENT_CHARS: usize = 2_000;

/// Why a status change was refused.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// No example with this id.
    #[error("no example with this id")]
    NotFound,
    /// The change is not one of the workflow's.
    #[error("an example that is {from} cannot become {to}")]
    NotAllowed {
        /// The current status.
        from: Status,
        /// The status asked for.
        to: Status,
    },
    /// Requesting changes and rejecting need a comment for the unit.
    #[error("a comment is required when the status becomes {0}")]
    CommentRequired(Status),
    /// The comment is longer than [`MAX_COMMENT_CHARS`].
    #[error("the comment is longer than {MAX_COMMENT_CHARS} characters")]
    CommentTooLong,
    /// The example changed since the revision the organiser reviewed; nothing was written.
    #[error("the example was changed since it was opened for review")]
    Changed,
    /// The corpus could not be written.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
}

/// The status changes organisers may make.
pub fn allowed(from: Status, to: Status) -> bool {
    use Status::*;
    matches!(
        (from, to),
        (
            Submitted | ChangesRequested,
            Published | ChangesRequested | Rejected
        ) | (Published, Archived)
            | (Archived, Published)
    ) && from != to
}

impl Submissions {
    pub(super) fn read(&self, id: &ExampleId, today: Date) -> Option<Example> {
        read_example_file(&self.corpus.join(id.file_name()), today).ok()
    }

    /// The review queue: submitted examples and those with changes requested, oldest first.
    pub fn queue(&self, today: Date) -> Result<Vec<Example>, CorpusError> {
        let mut queue: Vec<Example> = crate::corpus::load_dir(&self.corpus, today)?
            .examples
            .into_iter()
            .filter(|e| matches!(e.status, Status::Submitted | Status::ChangesRequested))
            .collect();
        queue.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
        Ok(queue)
    }

    /// The published examples due for review on `today` after `months`, the longest
    /// unconfirmed first.
    pub fn due_for_review(&self, today: Date, months: u32) -> Result<Vec<Example>, CorpusError> {
        let mut due: Vec<Example> = crate::corpus::load_dir(&self.corpus, today)?
            .examples
            .into_iter()
            .filter(|e| e.is_public() && e.review_due(today, months))
            .collect();
        due.sort_by(|a, b| (a.reviewed, &a.id).cmp(&(b.reviewed, &b.id)));
        Ok(due)
    }

    /// The example `id` as stored, whatever its status, with its status history.
    pub fn review_view(&self, id: &ExampleId, today: Date) -> Option<(Example, Vec<StatusChange>)> {
        let example = self.read(id, today)?;
        let history = review::read(&self.corpus, id)
            .map(|r| r.history)
            .unwrap_or_default();
        Some((example, history))
    }

    /// Changes an example's status on behalf of organiser `by`, records who, when, from, to
    /// and the comment, and returns the example as stored (for the caller to index).
    pub fn set_status(
        &self,
        id: &ExampleId,
        to: Status,
        by: &str,
        comment: Option<String>,
        reviewed: Option<&str>,
        today: Date,
    ) -> Result<Example, ReviewError> {
        // Under the edits' lock: an edit and a status change made at once must not undo
        // each other.
        let _writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let current = self.read(id, today).ok_or(ReviewError::NotFound)?;
        // Publishing what the organiser read, not what the unit wrote since.
        if let Some(reviewed) = reviewed
            && self.revision(id).as_deref() != Some(reviewed)
        {
            return Err(ReviewError::Changed);
        }
        if !allowed(current.status, to) {
            return Err(ReviewError::NotAllowed {
                from: current.status,
                to,
            });
        }
        let comment = comment
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        if comment.is_none() && matches!(to, Status::ChangesRequested | Status::Rejected) {
            return Err(ReviewError::CommentRequired(to));
        }
        if comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS)
        {
            return Err(ReviewError::CommentTooLong);
        }
        let example = Example {
            status: to,
            updated: today.max(current.created),
            // Publishing confirms the example current.
            reviewed: if to == Status::Published {
                today.max(current.created)
            } else {
                current.reviewed
            },
            ..current.clone()
        };
        write_example(&self.corpus, &example, WriteMode::Replace)?;
        let mut record = review::read(&self.corpus, id).unwrap_or_default();
        record.history.push(StatusChange {
            at: now(),
            by: by.to_owned(),
            from: Some(current.status),
            to,
            comment,
        });
        review::write(&self.corpus, id, &record)?;
        Ok(example)
    }

    /// Replaces an example's fields on behalf of an organiser; the status stays. `expected`
    /// as for [`update`](Self::update).
    pub fn replace(
        &self,
        id: &ExampleId,
        edit: Edit<'_>,
        today: Date,
    ) -> Result<Example, SubmitError> {
        let Edit {
            fields,
            body,
            expected,
        } = edit;
        let _writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let current = self.read(id, today).ok_or(SubmitError::NotFound)?;
        self.check_revision(id, expected, today)?;
        let fields = service_fields(
            fields.clone(),
            id.as_str(),
            current.status,
            current.created,
            today,
            current.reviewed,
        )
        .map_err(SubmitError::Invalid)?;
        let example = self.rewrite(&fields, body, today)?;
        Ok(example)
    }
}

/// Which examples the organisers' list shows: all of them, or those matching every filter set.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ListFilter {
    /// Words that the title, unit, organisation, id or a tag contains (any case).
    pub q: String,
    pub status: Option<Status>,
    pub area: Option<crate::model::Area>,
    /// The organisation exactly as written.
    pub organisation: String,
}

impl ListFilter {
    fn admits(&self, e: &Example) -> bool {
        let q = self.q.trim().to_lowercase();
        let text = || {
            [e.title.as_str(), &e.unit, &e.organisation, e.id.as_str()]
                .into_iter()
                .chain(e.tags.iter().map(String::as_str))
                .any(|t| t.to_lowercase().contains(&q))
        };
        self.status.is_none_or(|s| e.status == s)
            && self.area.is_none_or(|a| e.area == a)
            && (self.organisation.is_empty() || e.organisation == self.organisation)
            && (q.is_empty() || text())
    }
}

/// One page of the organisers' list.
#[derive(Debug, Default)]
pub struct Listed {
    /// The examples of the page, most recently changed first.
    pub examples: Vec<Example>,
    /// How many examples the filter lets through.
    pub total: usize,
    /// Every organisation in the corpus, for the filter's choice.
    pub organisations: Vec<String>,
    /// The page shown (from 0): the one asked for, or the last there is.
    pub page: usize,
}

impl Submissions {
    /// Page `page` (from 0, of `per_page`) of every example in the corpus, whatever its status,
    /// that `filter` lets through. Reads every file: for organisers' pages, not for visitors'.
    ///
    /// On `Err` the corpus folder could not be read.
    pub fn list(
        &self,
        filter: &ListFilter,
        (page, per_page): (usize, usize),
        today: Date,
    ) -> Result<Listed, CorpusError> {
        let all = crate::corpus::load_dir(&self.corpus, today)?.examples;
        let mut organisations: Vec<String> = all.iter().map(|e| e.organisation.clone()).collect();
        organisations.sort_by_key(|o| o.to_lowercase());
        organisations.dedup();
        let mut matching: Vec<Example> = all.into_iter().filter(|e| filter.admits(e)).collect();
        matching.sort_by(|a, b| (b.updated, &a.id).cmp(&(a.updated, &b.id)));
        let total = matching.len();
        let per_page = per_page.max(1);
        let page = page.min(total.div_ceil(per_page).saturating_sub(1));
        let examples = matching
            .into_iter()
            .skip(page * per_page)
            .take(per_page)
            .collect();
        Ok(Listed {
            examples,
            total,
            organisations,
            page,
        })
    }
}
