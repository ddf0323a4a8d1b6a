//! `/skicka` and `/redigera/{id}`: units submit, preview and edit their examples. The
//! workflow is `submission::Workflow`; these handlers read the form and render the answer.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::corpus::FieldError;
use crate::index::StoredExample;
use crate::model::{Example, ExampleId, Status};
use crate::submission::{DraftForm, Edit, Preview, ReviewRecord, SubmitError, stored};
use crate::views::{self, FormView, Notice};
use crate::web::auth::ClientIp;
use crate::web::csrf::{CsrfToken, PostedForm};
use crate::web::{AppState, WebError, params, today};

/// How many similar examples the preview shows.
const SIMILAR_IN_PREVIEW: usize = 5;

fn max_year() -> i16 {
    today().year() + 1
}

/// What a form page shows after a post besides the form: the answer status, problems, a
/// preview, or the version stored now after a conflict; and the revision the form carries
/// from now on (`None`: the one it was posted with).
pub(crate) struct Shown {
    pub status: StatusCode,
    pub errors: Vec<FieldError>,
    pub preview: Option<Preview>,
    pub stored: Option<StoredExample>,
    pub revision: Option<String>,
}

impl Default for Shown {
    fn default() -> Self {
        Shown::errors(StatusCode::OK, Vec::new())
    }
}

impl Shown {
    pub fn errors(status: StatusCode, errors: Vec<FieldError>) -> Self {
        Shown {
            status,
            errors,
            preview: None,
            stored: None,
            revision: None,
        }
    }

    /// A form whose CSRF token did not match.
    pub fn forged() -> Self {
        let error = FieldError::new("csrf", "the form's token did not match");
        Shown::errors(StatusCode::FORBIDDEN, vec![error])
    }
}

/// What a form post comes to: another page, or the form again.
pub(crate) enum Answer {
    Redirect(String),
    Form(Box<Shown>),
}

/// The form as `views::FormView` needs it.
pub(crate) struct FormParts<'a> {
    pub form: &'a DraftForm,
    pub csrf: &'a CsrfToken,
    pub action: &'a str,
    /// Hidden fields besides the revision.
    pub hidden: &'a [(&'a str, &'a str)],
    /// Whether the form edits a stored example, and so carries its revision.
    pub edits: bool,
    pub submit_label: &'static str,
    /// The names offered for the field `organisation`.
    pub organisations: &'a [String],
}

impl FormParts<'_> {
    /// The page `page` makes of the form view, answered with the shown status; `revision` is
    /// the one posted (or stored), unless `shown` brings a newer one.
    pub fn answer(
        &self,
        shown: &Shown,
        revision: &str,
        page: impl FnOnce(&FormView<'_>) -> maud::Markup,
    ) -> Response {
        let revision = shown.revision.as_deref().unwrap_or(revision);
        let mut hidden = self.hidden.to_vec();
        if self.edits {
            hidden.push(("revision", revision));
        }
        let view = FormView {
            form: self.form,
            errors: &shown.errors,
            csrf: self.csrf.as_str(),
            action: self.action,
            hidden: &hidden,
            preview: shown.preview.as_ref(),
            stored: shown.stored.as_ref(),
            max_year: max_year(),
            submit_label: self.submit_label,
            organisations: self.organisations,
        };
        self.csrf.page(shown.status, page(&view))
    }
}

/// A preview of `form` (as example `id`, when it is an edit), made on a blocking thread:
/// rendering and similar examples cost CPU that must not hold up the async workers.
pub(crate) async fn preview(
    state: &AppState,
    ip: std::net::IpAddr,
    form: &DraftForm,
    id: Option<ExampleId>,
) -> Result<Shown, WebError> {
    if !state.may_preview(ip) {
        let limited = FieldError::new("preview_rate", "too many previews from this address");
        return Ok(Shown::errors(StatusCode::TOO_MANY_REQUESTS, vec![limited]));
    }
    let form = form.clone();
    let checked = super::super::off_the_runtime(state, move |state| {
        state
            .workflow()
            .preview(&form, id, SIMILAR_IN_PREVIEW, today())
    })
    .await??;
    Ok(match checked {
        Ok(preview) => Shown {
            preview: Some(preview),
            ..Shown::default()
        },
        Err(errors) => Shown::errors(StatusCode::UNPROCESSABLE_ENTITY, errors),
    })
}

/// The answer to a save: `saved` on success; the form again with what was typed when the
/// fields are wrong, the corpus cannot be written, or someone saved in between (then with
/// the version stored now, and its revision, so that saving again replaces it knowingly).
pub(crate) fn after_save<T>(
    result: Result<T, SubmitError>,
    saved: String,
) -> Result<Answer, WebError> {
    let shown = match result {
        Ok(_) => return Ok(Answer::Redirect(saved)),
        Err(SubmitError::NotFound) => return Err(WebError::NotFound),
        // Reviewed while the unit was writing: what was typed stays in the form, with a word
        // on whom to ask.
        Err(SubmitError::NotEditable(_)) => {
            let error = FieldError::new("not_editable", "the example can no longer be edited");
            Shown::errors(StatusCode::CONFLICT, vec![error])
        }
        Err(SubmitError::Invalid(errors)) => {
            Shown::errors(StatusCode::UNPROCESSABLE_ENTITY, errors)
        }
        Err(SubmitError::Conflict { current, revision }) => {
            let error = FieldError::new("revision", "changed since the form was opened");
            Shown {
                stored: Some(stored(*current)),
                revision: Some(revision),
                ..Shown::errors(StatusCode::CONFLICT, vec![error])
            }
        }
        Err(SubmitError::Corpus(e)) => {
            tracing::error!("cannot store a submission or edit: {e}");
            let failed = FieldError::new("storage", e.to_string());
            Shown::errors(StatusCode::SERVICE_UNAVAILABLE, vec![failed])
        }
    };
    Ok(Answer::Form(Box::new(shown)))
}

/// The edit a form asks for, made on `revision` (empty: none sent, so none checked).
pub(crate) fn edit_of<'a>(
    form: &'a DraftForm,
    fields: &'a toml::Table,
    revision: &'a str,
) -> Edit<'a> {
    Edit {
        fields,
        body: &form.body,
        expected: Some(revision).filter(|r| !r.is_empty()),
    }
}

/// `GET /skicka`: an empty form.
pub async fn new_form(
    State(state): State<AppState>,
    csrf: CsrfToken,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut form = DraftForm::blank();
    // From "Vi söker exempel på …": the wanted topic starts the title.
    let pairs = crate::web::params::pairs(raw.as_deref());
    let topic = crate::web::params::value(&pairs, "amne").trim();
    if !topic.is_empty() {
        form.title = topic.chars().take(crate::model::MAX_TITLE_CHARS).collect();
    }
    show_new(&state, &form, &csrf, &Shown::default())
}

fn show_new(state: &AppState, form: &DraftForm, csrf: &CsrfToken, shown: &Shown) -> Response {
    let organisations = state.organisation_names();
    let parts = FormParts {
        organisations: &organisations,
        form,
        csrf,
        action: "/skicka",
        hidden: &[],
        edits: false,
        submit_label: "Skicka in",
    };
    parts.answer(shown, "", views::submit_page)
}

/// `POST /skicka`: preview, or store and go to the unit's private page. Every error shows the
/// form again with everything typed.
pub async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let form = DraftForm::from_posted(&posted.pairs);
    let answer = if posted.forged {
        Answer::Form(Box::new(Shown::forged()))
    } else if posted.get("action") == "preview" {
        Answer::Form(Box::new(preview(&state, ip, &form, None).await?))
    } else if !state.may_submit(ip) {
        let limited = FieldError::new("rate", "too many submissions from this address");
        Answer::Form(Box::new(Shown::errors(
            StatusCode::TOO_MANY_REQUESTS,
            vec![limited],
        )))
    } else {
        let editors = state.notified();
        let workflow = state.mailing_workflow(&editors);
        let receipt = workflow.submit(form.to_fields(), &form.body, today());
        let to = receipt
            .as_ref()
            .map_or(String::new(), |r| edit_link(&r.id, &r.token));
        after_save(receipt, format!("{to}&ny=1"))?
    };
    Ok(match answer {
        Answer::Redirect(to) => Redirect::to(&to).into_response(),
        Answer::Form(shown) => show_new(&state, &form, &posted.csrf, &shown),
    })
}

/// The private link of a submission.
pub fn edit_link(id: &ExampleId, token: &str) -> String {
    crate::submission::private_link(id, token)
}

/// The unit's page of one submission, opened with its token.
struct UnitPage<'a> {
    example: &'a Example,
    record: &'a ReviewRecord,
    /// The private link, relative (for redirects).
    link: String,
    /// The private link as the unit keeps it: absolute.
    full_link: String,
    action: String,
    token: &'a str,
    /// The names offered for the field `organisation`.
    organisations: Vec<String>,
    /// Whether the unit asked to update its published example ("Uppdatera").
    updating: bool,
    /// Whether the published example is due for review.
    due: bool,
    /// The approved adoptions of the example.
    adoptions: Vec<crate::model::Adoption>,
    /// Whether an update the unit sent waits for review.
    pending: bool,
}

impl<'a> UnitPage<'a> {
    fn new(
        example: &'a Example,
        record: &'a ReviewRecord,
        token: &'a str,
        (base, organisations): (&str, Vec<String>),
    ) -> Self {
        let link = edit_link(&example.id, token);
        UnitPage {
            organisations,
            full_link: format!("{base}{link}"),
            link,
            action: format!("/redigera/{}", example.id),
            example,
            record,
            token,
            updating: false,
            due: false,
            adoptions: Vec::new(),
            pending: false,
        }
    }

    /// The page with `form` under `revision` (the form only while the unit may edit).
    fn show(
        &self,
        (form, csrf): (&DraftForm, &CsrfToken),
        notice: Option<Notice>,
        revision: &str,
        shown: &Shown,
    ) -> Response {
        let hidden = [("nyckel", self.token)];
        let parts = FormParts {
            organisations: &self.organisations,
            form,
            csrf,
            action: &self.action,
            hidden: &hidden,
            edits: true,
            submit_label: "Spara ändringarna",
        };
        // The form while the unit may edit, and in every answer to a post: what was typed is
        // never dropped, even when the example was reviewed meanwhile.
        let editable = matches!(
            self.example.status,
            Status::Submitted | Status::ChangesRequested
        ) || (self.updating && self.example.status == Status::Published)
            || !shown.errors.is_empty()
            || shown.preview.is_some();
        let published = self.example.status == Status::Published;
        parts.answer(shown, revision, |view| {
            let currency = published.then(|| views::Currency {
                due: self.due,
                csrf: view.csrf,
                token: self.token,
                revision,
                update_link: format!("{}&uppdatera=1#andra", self.link),
                pending: self.pending,
            });
            views::edit_page(&views::UnitView {
                example: self.example,
                record: self.record,
                link: &self.full_link,
                notice,
                form: editable.then_some(view),
                currency,
                adoptions: &self.adoptions,
            })
        })
    }
}

/// `GET /redigera/{id}?nyckel=…`: the unit's page; 404 unless the token opens the example.
pub async fn edit_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    csrf: CsrfToken,
) -> Result<Response, WebError> {
    let pairs = params::pairs(raw.as_deref());
    let has = |key: &str| pairs.iter().any(|(k, _)| k == key);
    let id = ExampleId::parse(&id).map_err(|_| WebError::NotFound)?;
    let key = params::value(&pairs, "nyckel");
    let (example, record) = state
        .submissions()
        .open(&id, key, today())
        .ok_or(WebError::NotFound)?;
    let notice = if has("ny") {
        Some(Notice::Sent)
    } else if has("sparat") {
        Some(Notice::Saved)
    } else if has("bekraftat") {
        Some(Notice::Confirmed)
    } else if has("andrat") {
        Some(Notice::Changed)
    } else if has("forlegad") {
        Some(Notice::Expired)
    } else if has("uppdaterat") {
        Some(Notice::UpdateSent)
    } else {
        None
    };
    let revision = state.submissions().revision(&id).unwrap_or_default();
    // An update waiting for review opens in the form, to go on with it.
    let pending = state.submissions().pending_update(&id, today());
    let form = DraftForm::from_example(pending.as_ref().unwrap_or(&example));
    let base = crate::web::base_url(&state, &headers);
    let mut page = UnitPage::new(&example, &record, key, (&base, state.organisation_names()));
    page.updating = has("uppdatera");
    page.due = example.review_due(today(), state.review_months());
    page.adoptions = state.spread().snapshot().adoptions_of(&id);
    page.pending = pending.is_some();
    Ok(page.show((&form, &csrf), notice, &revision, &Shown::default()))
}

/// `POST /redigera/{id}`: preview or save an edit; errors show the form again as typed.
pub async fn edit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    headers: HeaderMap,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let id = ExampleId::parse(&id).map_err(|_| WebError::NotFound)?;
    let (key, revision) = (posted.get("nyckel"), posted.get("revision"));
    let (example, record) = state
        .submissions()
        .open(&id, key, today())
        .ok_or(WebError::NotFound)?;
    let form = DraftForm::from_posted(&posted.pairs);
    let base = crate::web::base_url(&state, &headers);
    let mut page = UnitPage::new(&example, &record, key, (&base, state.organisation_names()));
    page.updating = true;
    page.due = example.review_due(today(), state.review_months());
    page.pending = state.submissions().pending_update(&id, today()).is_some();
    let answer = if posted.forged {
        Answer::Form(Box::new(Shown::forged()))
    } else if posted.get("action") == "preview" {
        Answer::Form(Box::new(
            preview(&state, ip, &form, Some(id.clone())).await?,
        ))
    } else {
        let fields = form.to_fields();
        let edit = edit_of(&form, &fields, revision);
        // A published example's update waits for review; the published version stays.
        let (saved, done) = if example.status == Status::Published {
            let sent = state.submissions().propose_update(&id, key, edit, today());
            (sent, "uppdaterat=1")
        } else {
            (
                state.submissions().update(&id, key, edit, today()),
                "sparat=1",
            )
        };
        after_save(saved, format!("{}&{done}", page.link))?
    };
    Ok(match answer {
        Answer::Redirect(to) => Redirect::to(&to).into_response(),
        Answer::Form(shown) => page.show((&form, &posted.csrf), None, revision, &shown),
    })
}
