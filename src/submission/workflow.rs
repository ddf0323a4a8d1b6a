//! The submission workflow with the search index it keeps current: what a page and the API
//! both call. A preview checks a draft and shows it as its page will look, with the published
//! examples like it; an organiser's edit or status change is written, then the index follows
//! at once (published: searchable; anything else: gone from every public page).

use jiff::civil::Date;

use super::{DraftForm, Edit, ReviewError, Submissions, SubmitError};
use crate::corpus::{CorpusError, FieldError, render_markdown};
use crate::index::{IndexError, StoredExample};
use crate::mail::{Mail, Outbox};
use crate::model::{Example, ExampleId, Status};
use crate::search::{Hit, SearchService};

/// A draft as its page will show it, and the published examples most like it.
#[derive(Debug)]
pub struct Preview {
    pub example: StoredExample,
    pub similar: Vec<Hit>,
}

/// An example waiting for review, with the published examples most like it (to spot
/// duplicates).
#[derive(Debug)]
pub struct Queued {
    pub example: Example,
    pub similar: Vec<Hit>,
}

/// The workflow over the corpus's submissions and the search service of the same corpus, and
/// the mail it sends when the config has a mail server.
#[derive(Clone, Copy)]
pub struct Workflow<'a> {
    pub submissions: &'a Submissions,
    pub search: &'a SearchService,
    pub mail: Option<Mailing<'a>>,
}

/// What mail the workflow sends: into this outbox, with links under `base` (the site's
/// address), a notice of each new submission to `editors`.
#[derive(Clone, Copy)]
pub struct Mailing<'a> {
    pub outbox: &'a Outbox,
    pub base: &'a str,
    pub editors: &'a [String],
}

impl Mailing<'_> {
    /// Queues `mails`; one that cannot be written is logged (the change itself stands).
    fn queue(&self, mails: impl IntoIterator<Item = Mail>) {
        for mail in mails {
            if let Err(e) = self.outbox.queue(&mail) {
                tracing::error!(to = %mail.to, "a mail could not be queued: {e}");
            }
        }
    }
}

/// The private link of a submission (under the site's address).
pub fn private_link(id: &ExampleId, token: &str) -> String {
    format!("/redigera/{id}?nyckel={token}")
}

impl Workflow<'_> {
    /// Stores a unit's submission (as [`Submissions::submit`]) and, with mail, sends the unit
    /// its receipt with the private link and the editors a notice.
    pub fn submit(
        &self,
        fields: toml::Table,
        body: &str,
        today: Date,
    ) -> Result<super::Receipt, SubmitError> {
        let receipt = self.submissions.submit(fields, body, today)?;
        if let Some(mail) = self.mail
            && let Some((example, _)) = self.submissions.review_view(&receipt.id, today)
        {
            let link = format!("{}{}", mail.base, private_link(&receipt.id, &receipt.token));
            let to_unit = example.contact_email.as_deref();
            let receipts = to_unit.map(|to| crate::mail::receipt(to, &example, &link));
            let notices = mail
                .editors
                .iter()
                .map(|to| crate::mail::new_submission(to, &example, mail.base));
            mail.queue(receipts.into_iter().chain(notices));
        }
        Ok(receipt)
    }

    /// Checks a draft and, when it is valid, renders it (as example `id`, when it is an edit)
    /// with the `similar` published examples most like it. The check bounds the body's size
    /// and nesting before anything is rendered; the caller runs this off the async workers.
    ///
    /// On `Ok(Err(_))` every problem of the draft is listed; on `Err` the index failed.
    pub fn preview(
        &self,
        form: &DraftForm,
        id: Option<ExampleId>,
        similar: usize,
        today: Date,
    ) -> Result<Result<Preview, Vec<FieldError>>, IndexError> {
        let draft = match self.submissions.check(form.to_fields(), &form.body, today) {
            Ok(draft) => draft,
            Err(errors) => return Ok(Err(errors)),
        };
        let example = Example {
            id: id.unwrap_or(draft.id.clone()),
            ..draft
        };
        let similar = self.search.similar_to_draft(
            &example.title,
            &example.summary,
            &example.body,
            similar,
        )?;
        Ok(Ok(Preview {
            example: stored(example),
            similar,
        }))
    }

    /// The review queue, oldest first, each with its `similar` most similar published
    /// examples.
    ///
    /// On `Err` the corpus or the index could not be read.
    pub fn queue(&self, similar: usize, today: Date) -> Result<Vec<Queued>, QueueError> {
        let mut out = Vec::new();
        for example in self.submissions.queue(today)? {
            let similar = self.search.similar_to_draft(
                &example.title,
                &example.summary,
                &example.body,
                similar,
            )?;
            out.push(Queued { example, similar });
        }
        Ok(out)
    }

    /// Changes the status of `id` on behalf of organiser `by` (`reviewed`: the revision the
    /// organiser read, if known), then makes the index follow. The file is the record: when
    /// only the index fails, the change stands (and is logged), and the index follows at the
    /// next resync or start.
    ///
    /// On `Err` nothing was written.
    pub fn set_status(
        &self,
        id: &ExampleId,
        to: Status,
        by: &str,
        comment: Option<String>,
        reviewed: Option<&str>,
        today: Date,
    ) -> Result<Example, ReviewError> {
        let said = comment.clone();
        let example = self
            .submissions
            .set_status(id, to, by, comment, reviewed, today)?;
        self.follow(&example);
        if let (Some(mail), Some(to)) = (self.mail, example.contact_email.as_deref()) {
            let word = crate::mail::status_changed(to, &example, said.as_deref(), mail.base);
            mail.queue([word]);
        }
        Ok(example)
    }

    /// Replaces the fields of `id` on behalf of an organiser (its status stays), then makes
    /// the index follow as [`set_status`](Self::set_status) does. Errors as
    /// [`Submissions::replace`]; on `Err` nothing was written.
    pub fn replace(
        &self,
        id: &ExampleId,
        edit: Edit<'_>,
        today: Date,
    ) -> Result<Example, SubmitError> {
        let example = self.submissions.replace(id, edit, today)?;
        self.follow(&example);
        Ok(example)
    }

    /// An organiser's decision on a unit's waiting update ([`Submissions::decide_update`]);
    /// a published update is searchable at once.
    pub fn decide_update(
        &self,
        id: &ExampleId,
        publish: bool,
        by: &str,
        comment: Option<String>,
        today: Date,
    ) -> Result<Example, ReviewError> {
        let example = self
            .submissions
            .decide_update(id, publish, by, comment, today)?;
        if publish {
            self.follow(&example);
        }
        Ok(example)
    }

    /// A unit's confirmation that its published example is current
    /// ([`Submissions::confirm_current`]); the index follows.
    pub fn confirm_current(
        &self,
        id: &ExampleId,
        token: &str,
        expected: Option<&str>,
        today: Date,
    ) -> Result<Example, SubmitError> {
        let example = self
            .submissions
            .confirm_current(id, token, expected, today)?;
        self.follow(&example);
        Ok(example)
    }

    /// Makes the index follow a change the corpus already has; a failure is logged, since the
    /// change itself stands and the index catches up at the next resync or start.
    fn follow(&self, example: &Example) {
        if let Err(e) = self.search.index().upsert(example) {
            tracing::error!(
                id = %example.id,
                "saved, but the search index could not follow (it will at the next resync or start): {e}"
            );
        }
    }
}

/// An example as stored, rendered for showing.
pub fn stored(example: Example) -> StoredExample {
    let body_html = render_markdown(&example.body);
    StoredExample { example, body_html }
}

/// Why the review queue could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// The corpus could not be read.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// The search index could not be read.
    #[error(transparent)]
    Index(#[from] IndexError),
}
