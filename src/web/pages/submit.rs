//! `/skicka` and `/redigera/{id}`: units submit, preview and edit their examples.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::corpus::{FieldError, render_markdown};
use crate::index::StoredExample;
use crate::model::{Example, ExampleId};
use crate::search::Hit;
use crate::submission::{DraftForm, SubmitError};
use crate::views::{self, FormView, Notice};
use crate::web::auth::ClientIp;
use crate::web::{AppState, WebError, csrf, params, today};

/// How many similar examples the preview shows.
const SIMILAR_IN_PREVIEW: usize = 5;

fn max_year() -> i16 {
    today().year() + 1
}

/// What a posted form asks for.
struct Posted {
    form: DraftForm,
    action: String,
    csrf: String,
    token: String,
    /// The revision of the example the edit was made on (empty: none sent).
    revision: String,
}

fn posted(body: &Bytes) -> Posted {
    let pairs = params::pairs(Some(&String::from_utf8_lossy(body)));
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    Posted {
        form: DraftForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        action: get("action"),
        csrf: get("csrf"),
        token: get("nyckel"),
        revision: get("revision"),
    }
}

/// A preview: the draft as its page will show it, and the published examples like it.
type Preview = (StoredExample, Vec<Hit>);

/// Checks a draft and, when it is valid, renders its preview (as example `id`, when it is an
/// edit) with the published examples like it. Rendering and similar examples cost CPU, so
/// this runs on a blocking thread, never holding up the async workers; the body's size and
/// nesting are bounded by the check before anything is rendered.
async fn checked_preview(
    state: &AppState,
    form: &DraftForm,
    id: Option<ExampleId>,
) -> Result<Result<Preview, Vec<FieldError>>, WebError> {
    let (fields, body) = (form.to_fields(), form.body.clone());
    super::super::off_the_runtime(state, move |state| {
        let draft = match state.submissions().check(fields, &body, today()) {
            Ok(draft) => draft,
            Err(errors) => return Ok(Err(errors)),
        };
        let example = Example {
            id: id.unwrap_or(draft.id.clone()),
            ..draft
        };
        let similar = state.search().similar_to_draft(
            &example.title,
            &example.summary,
            &example.body,
            SIMILAR_IN_PREVIEW,
        )?;
        let body_html = render_markdown(&example.body);
        Ok(Ok((StoredExample { example, body_html }, similar)))
    })
    .await?
}

/// The error shown when an address previews faster than [`AppState::may_preview`] allows.
fn preview_rate_error() -> [FieldError; 1] {
    [FieldError::new(
        "preview_rate",
        "too many previews from this address",
    )]
}

/// `GET /skicka`: an empty form.
pub async fn new_form(headers: HeaderMap) -> Response {
    let (token, cookie) = csrf::ensure(&headers);
    let form = DraftForm::blank();
    let view = FormView {
        form: &form,
        errors: &[],
        csrf: &token,
        action: "/skicka",
        hidden: &[],
        preview: None,
        stored: None,
        similar: &[],
        max_year: max_year(),
        submit_label: "Skicka in",
    };
    csrf::page(StatusCode::OK, cookie, views::submit_page(&view))
}

/// `POST /skicka`: preview, or store and go to the unit's private page. Every error shows the
/// form again with everything typed.
pub async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    crate::web::body::FormBody(body): crate::web::body::FormBody,
) -> Result<Response, WebError> {
    let p = posted(&body);
    let (token, cookie) = csrf::ensure(&headers);
    let show =
        |status: StatusCode, errors: &[FieldError], shown: Option<&(StoredExample, Vec<Hit>)>| {
            let view = FormView {
                form: &p.form,
                errors,
                csrf: &token,
                action: "/skicka",
                hidden: &[],
                preview: shown.map(|s| &s.0),
                stored: None,
                similar: shown.map(|s| s.1.as_slice()).unwrap_or_default(),
                max_year: max_year(),
                submit_label: "Skicka in",
            };
            csrf::page(status, cookie.clone(), views::submit_page(&view))
        };
    if !csrf::verify(&headers, &p.csrf) {
        return Ok(show(
            StatusCode::FORBIDDEN,
            &[FieldError::new("csrf", "the form's token did not match")],
            None,
        ));
    }
    if p.action == "preview" {
        if !state.may_preview(ip) {
            return Ok(show(
                StatusCode::TOO_MANY_REQUESTS,
                &preview_rate_error(),
                None,
            ));
        }
        return Ok(match checked_preview(&state, &p.form, None).await? {
            Ok(shown) => show(StatusCode::OK, &[], Some(&shown)),
            Err(errors) => show(StatusCode::UNPROCESSABLE_ENTITY, &errors, None),
        });
    }
    let submissions = state.submissions();
    if !state.may_submit(ip) {
        let errors = [FieldError::new(
            "rate",
            "too many submissions from this address",
        )];
        return Ok(show(StatusCode::TOO_MANY_REQUESTS, &errors, None));
    }
    match submissions.submit(p.form.to_fields(), &p.form.body, today()) {
        Ok(receipt) => Ok(Redirect::to(&format!(
            "/redigera/{}?nyckel={}&ny=1",
            receipt.id, receipt.token
        ))
        .into_response()),
        Err(SubmitError::Invalid(errors)) => {
            Ok(show(StatusCode::UNPROCESSABLE_ENTITY, &errors, None))
        }
        Err(SubmitError::Corpus(e)) => {
            tracing::error!("cannot store a submission: {e}");
            let failed = [FieldError::new("storage", e.to_string())];
            Ok(show(StatusCode::SERVICE_UNAVAILABLE, &failed, None))
        }
        Err(e) => Err(WebError::Internal(e.to_string())),
    }
}

/// The private link of a submission.
pub fn edit_link(id: &ExampleId, token: &str) -> String {
    format!("/redigera/{id}?nyckel={token}")
}

/// `GET /redigera/{id}?nyckel=…`: the unit's page; 404 unless the token opens the example.
pub async fn edit_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let pairs = params::pairs(raw.as_deref());
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let id = ExampleId::parse(&id).map_err(|_| WebError::NotFound)?;
    let key = get("nyckel").unwrap_or_default();
    let (example, record) = state
        .submissions()
        .open(&id, key, today())
        .ok_or(WebError::NotFound)?;
    let notice = match (get("ny"), get("sparat")) {
        (Some(_), _) => Some(Notice::Sent),
        (_, Some(_)) => Some(Notice::Saved),
        _ => None,
    };
    let (token, cookie) = csrf::ensure(&headers);
    let link = edit_link(&id, key);
    let form = DraftForm::from_example(&example);
    let action = format!("/redigera/{id}");
    let revision = state.submissions().revision(&id).unwrap_or_default();
    let hidden = [("nyckel", key), ("revision", revision.as_str())];
    let view = FormView {
        form: &form,
        errors: &[],
        csrf: &token,
        action: &action,
        hidden: &hidden,
        preview: None,
        stored: None,
        similar: &[],
        max_year: max_year(),
        submit_label: "Spara ändringarna",
    };
    let editable = matches!(
        example.status,
        crate::model::Status::Submitted | crate::model::Status::ChangesRequested
    );
    let page = views::edit_page(&example, &record, &link, notice, editable.then_some(&view));
    Ok(csrf::page(StatusCode::OK, cookie, page))
}

/// `POST /redigera/{id}`: preview or save an edit; errors show the form again as typed.
pub async fn edit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    headers: HeaderMap,
    crate::web::body::FormBody(body): crate::web::body::FormBody,
) -> Result<Response, WebError> {
    let p = posted(&body);
    let id = ExampleId::parse(&id).map_err(|_| WebError::NotFound)?;
    let (example, record) = state
        .submissions()
        .open(&id, &p.token, today())
        .ok_or(WebError::NotFound)?;
    let (token, cookie) = csrf::ensure(&headers);
    let link = edit_link(&id, &p.token);
    let action = format!("/redigera/{id}");
    // The form keeps the revision the edit was made on, until a conflict has been shown.
    let show_with = |status: StatusCode,
                     errors: &[FieldError],
                     shown: Option<&(StoredExample, Vec<Hit>)>,
                     revision: &str,
                     stored: Option<&StoredExample>| {
        let hidden = [("nyckel", p.token.as_str()), ("revision", revision)];
        let view = FormView {
            form: &p.form,
            errors,
            csrf: &token,
            action: &action,
            hidden: &hidden,
            preview: shown.map(|s| &s.0),
            stored,
            similar: shown.map(|s| s.1.as_slice()).unwrap_or_default(),
            max_year: max_year(),
            submit_label: "Spara ändringarna",
        };
        csrf::page(
            status,
            cookie.clone(),
            views::edit_page(&example, &record, &link, None, Some(&view)),
        )
    };
    let show =
        |status: StatusCode, errors: &[FieldError], shown: Option<&(StoredExample, Vec<Hit>)>| {
            show_with(status, errors, shown, &p.revision, None)
        };
    if !csrf::verify(&headers, &p.csrf) {
        return Ok(show(
            StatusCode::FORBIDDEN,
            &[FieldError::new("csrf", "the form's token did not match")],
            None,
        ));
    }
    if p.action == "preview" {
        if !state.may_preview(ip) {
            return Ok(show(
                StatusCode::TOO_MANY_REQUESTS,
                &preview_rate_error(),
                None,
            ));
        }
        return Ok(
            match checked_preview(&state, &p.form, Some(id.clone())).await? {
                Ok(shown) => show(StatusCode::OK, &[], Some(&shown)),
                Err(errors) => show(StatusCode::UNPROCESSABLE_ENTITY, &errors, None),
            },
        );
    }
    let fields = p.form.to_fields();
    let edit = crate::submission::Edit {
        fields: &fields,
        body: &p.form.body,
        expected: (!p.revision.is_empty()).then_some(p.revision.as_str()),
    };
    match state.submissions().update(&id, &p.token, edit, today()) {
        Ok(_) => Ok(Redirect::to(&format!("{link}&sparat=1")).into_response()),
        Err(SubmitError::Invalid(errors)) => {
            Ok(show(StatusCode::UNPROCESSABLE_ENTITY, &errors, None))
        }
        // Changed in another tab or by a colleague: what was typed stays in the form, the
        // stored version is shown beside it, and saving again replaces it knowingly.
        Err(SubmitError::Conflict {
            current,
            revision: now,
        }) => {
            let stored = super::admin::stored_view(*current);
            let conflict = [FieldError::new(
                "revision",
                "changed since the form was opened",
            )];
            Ok(show_with(
                StatusCode::CONFLICT,
                &conflict,
                None,
                &now,
                Some(&stored),
            ))
        }
        Err(SubmitError::Corpus(e)) => {
            tracing::error!("cannot store an edit of {id}: {e}");
            let failed = [FieldError::new("storage", e.to_string())];
            Ok(show(StatusCode::SERVICE_UNAVAILABLE, &failed, None))
        }
        Err(SubmitError::NotFound) => Err(WebError::NotFound),
        Err(SubmitError::NotEditable(_)) => Ok(Redirect::to(&link).into_response()),
    }
}
