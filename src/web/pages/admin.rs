//! The organisers' pages: login and logout, the review queue, reviewing and editing.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::corpus::{FieldError, render_markdown};
use crate::index::StoredExample;
use crate::model::{ExampleId, Status};
use crate::submission::{DraftForm, ReviewError, SubmitError};
use crate::views::{self, FormView, QueueItem};
use crate::web::auth::{ClientIp, Gate, PageOrganiser};
use crate::web::params::value as get;
use crate::web::{AppState, WebError, csrf, params, today};

/// How long a login waits for a free password check before it is asked to try again.
const PASSWORD_CHECK_QUEUE: std::time::Duration = std::time::Duration::from_secs(3);

/// Similar published examples shown beside each queued one.
const SIMILAR_IN_QUEUE: usize = 5;

fn form_pairs(body: &Bytes) -> Vec<(String, String)> {
    params::pairs(Some(&String::from_utf8_lossy(body)))
}

/// Only pages of the admin area are places to return to after logging in.
fn safe_next(next: &str) -> &str {
    if next.starts_with("/admin") && !next.starts_with("//") {
        next
    } else {
        "/admin"
    }
}

/// `GET /login`.
pub async fn login_form(headers: HeaderMap, RawQuery(raw): RawQuery) -> Response {
    let pairs = params::pairs(raw.as_deref());
    let (token, cookie) = csrf::ensure(&headers);
    csrf::page(
        StatusCode::OK,
        cookie,
        views::login_page(&token, safe_next(get(&pairs, "next")), None),
    )
}

/// `POST /login`: slowed down after failures, refused for a while after too many.
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    crate::web::body::FormBody(body): crate::web::body::FormBody,
) -> Response {
    let pairs = form_pairs(&body);
    let next = safe_next(get(&pairs, "next")).to_owned();
    let (token, cookie) = csrf::ensure(&headers);
    let fail = |status: StatusCode, message: &str| {
        csrf::page(
            status,
            cookie.clone(),
            views::login_page(&token, &next, Some(message)),
        )
    };
    if !csrf::verify(&headers, get(&pairs, "csrf")) {
        return fail(
            StatusCode::FORBIDDEN,
            "Formuläret hade hunnit gå ut. Försök igen.",
        );
    }
    match state.logins().attempt(ip) {
        Gate::Locked(left) => {
            let minutes = left.as_secs().div_ceil(60);
            let mut response = fail(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("För många misslyckade inloggningar. Försök igen om {minutes} minuter."),
            );
            crate::web::retry_after(&mut response, left);
            return response;
        }
        Gate::Wait(delay) => tokio::time::sleep(delay).await,
    }
    // Each check takes tens of megabytes and a core for a tenth of a second: a few at once.
    let Ok(Ok(_permit)) =
        tokio::time::timeout(PASSWORD_CHECK_QUEUE, state.password_checks().acquire()).await
    else {
        state.logins().refund(ip);
        let mut response = fail(
            StatusCode::TOO_MANY_REQUESTS,
            "Många loggar in just nu. Vänta några sekunder och försök igen.",
        );
        crate::web::retry_after(&mut response, PASSWORD_CHECK_QUEUE);
        return response;
    };
    let (name, password) = (
        get(&pairs, "name").to_owned(),
        get(&pairs, "password").to_owned(),
    );
    let config = state.config();
    let checked_name = name.clone();
    let checked = config.clone();
    let ok = tokio::task::spawn_blocking(move || checked.verify_password(&checked_name, &password))
        .await
        .unwrap_or(false);
    let fingerprint = config.credential_fingerprint(&name);
    let (true, Some(fingerprint)) = (ok, fingerprint) else {
        return fail(StatusCode::UNAUTHORIZED, "Fel användarnamn eller lösenord.");
    };
    state.logins().succeeded(ip);
    let mut response = Redirect::to(&next).into_response();
    if let Some(session) = state
        .sessions()
        .start(&name, fingerprint, state.serves_https())
    {
        response.headers_mut().append(header::SET_COOKIE, session);
    }
    response
}

/// `POST /logout`.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    crate::web::body::FormBody(body): crate::web::body::FormBody,
) -> Response {
    let pairs = form_pairs(&body);
    if !csrf::verify(&headers, get(&pairs, "csrf")) {
        return Redirect::to("/admin").into_response();
    }
    let mut response = Redirect::to("/").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, state.sessions().end(&headers));
    response
}

/// `GET /admin`: the queue with similar published examples, and the invalid corpus files.
pub async fn queue(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let queue = state
        .submissions()
        .queue(today())
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let mut items = Vec::with_capacity(queue.len());
    for example in queue {
        let similar = state.search().similar_to_draft(
            &example.title,
            &example.summary,
            &example.body,
            SIMILAR_IN_QUEUE,
        )?;
        items.push(QueueItem { example, similar });
    }
    let problems = crate::corpus::load_dir(state.submissions().corpus(), today())
        .map_err(|e| WebError::Internal(e.to_string()))?
        .problems;
    let (token, cookie) = csrf::ensure(&headers);
    Ok(csrf::page(
        StatusCode::OK,
        cookie,
        views::queue_page(&name, &token, &items, &problems),
    ))
}

fn parse_id(id: &str) -> Result<ExampleId, WebError> {
    ExampleId::parse(id).map_err(|_| WebError::NotFound)
}

async fn review_response(
    state: &AppState,
    name: &str,
    id: &ExampleId,
    headers: &HeaderMap,
    status: StatusCode,
    message: Option<&str>,
) -> Result<Response, WebError> {
    let (example, history) = state
        .submissions()
        .review_view(id, today())
        .ok_or(WebError::NotFound)?;
    let body_html = render_markdown(&example.body);
    let stored = StoredExample { example, body_html };
    let (token, cookie) = csrf::ensure(headers);
    let revision = state.submissions().revision(id).unwrap_or_default();
    Ok(csrf::page(
        status,
        cookie,
        views::review_page(name, &token, &stored, &history, message, &revision),
    ))
}

/// `GET /admin/exempel/{id}`: one example under review, whatever its status.
pub async fn review(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let saved = params::pairs(raw.as_deref())
        .iter()
        .any(|(k, _)| k == "sparat");
    review_response(
        &state,
        &name,
        &id,
        &headers,
        StatusCode::OK,
        saved.then_some("Ändringen är sparad."),
    )
    .await
}

/// Stores a status change and makes the index follow it (published: searchable; otherwise
/// gone from every public page).
pub fn apply_status(
    state: &AppState,
    id: &ExampleId,
    to: Status,
    by: &str,
    comment: Option<String>,
    reviewed: Option<&str>,
) -> Result<crate::model::Example, ReviewError> {
    let example = state
        .submissions()
        .set_status(id, to, by, comment, reviewed, today())?;
    state.search().index().upsert(&example).map_err(|e| {
        ReviewError::Corpus(crate::corpus::CorpusError::Write {
            path: id.file_name().into(),
            source: std::io::Error::other(e.to_string()),
        })
    })?;
    Ok(example)
}

/// Swedish for why a status change was refused.
pub fn review_message(e: &ReviewError) -> String {
    match e {
        ReviewError::NotFound => "Exemplet finns inte.".into(),
        ReviewError::NotAllowed { from, to } => format!(
            "Ett exempel med status ”{}” kan inte få status ”{}”.",
            from.label(),
            to.label()
        ),
        ReviewError::CommentRequired(to) => format!(
            "Skriv en kommentar till enheten när status blir ”{}”.",
            to.label()
        ),
        ReviewError::Changed => "Enheten har ändrat exemplet sedan du öppnade sidan. Läs den nya versionen nedan och välj status igen.".into(),
        ReviewError::Corpus(_) => "Ändringen kunde inte sparas. Försök igen.".into(),
    }
}

/// `POST /admin/exempel/{id}/status`.
pub async fn set_status(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(id): Path<String>,
    headers: HeaderMap,
    crate::web::body::FormBody(body): crate::web::body::FormBody,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let pairs = form_pairs(&body);
    if !csrf::verify(&headers, get(&pairs, "csrf")) {
        return review_response(
            &state,
            &name,
            &id,
            &headers,
            StatusCode::FORBIDDEN,
            Some("Formuläret hade hunnit gå ut. Försök igen."),
        )
        .await;
    }
    let Some(to) = Status::parse(get(&pairs, "status")) else {
        return review_response(
            &state,
            &name,
            &id,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("Välj en status."),
        )
        .await;
    };
    let comment = Some(get(&pairs, "comment").to_owned());
    let reviewed = pairs
        .iter()
        .find(|(k, _)| k == "revision")
        .map(|(_, v)| v.as_str());
    match apply_status(&state, &id, to, &name, comment, reviewed) {
        Ok(_) => Ok(Redirect::to(&format!("/admin/exempel/{id}?sparat=1")).into_response()),
        Err(ReviewError::NotFound) => Err(WebError::NotFound),
        Err(ReviewError::Corpus(e)) => Err(WebError::Internal(e.to_string())),
        Err(e @ ReviewError::Changed) => {
            review_response(
                &state,
                &name,
                &id,
                &headers,
                StatusCode::CONFLICT,
                Some(&review_message(&e)),
            )
            .await
        }
        Err(e) => {
            review_response(
                &state,
                &name,
                &id,
                &headers,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&review_message(&e)),
            )
            .await
        }
    }
}

fn edit_view<'a>(
    form: &'a DraftForm,
    errors: &'a [FieldError],
    token: &'a str,
    action: &'a str,
    hidden: &'a [(&'a str, &'a str)],
    stored: Option<&'a StoredExample>,
) -> FormView<'a> {
    FormView {
        form,
        errors,
        csrf: token,
        action,
        hidden,
        preview: None,
        stored,
        similar: &[],
        max_year: today().year() + 1,
        submit_label: "Spara ändringarna",
    }
}

/// An example as stored, rendered for showing beside a form.
pub(crate) fn stored_view(example: crate::model::Example) -> StoredExample {
    let body_html = render_markdown(&example.body);
    StoredExample { example, body_html }
}

/// `GET /admin/exempel/{id}/redigera`.
pub async fn edit_form(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let (example, _) = state
        .submissions()
        .review_view(&id, today())
        .ok_or(WebError::NotFound)?;
    let form = DraftForm::from_example(&example);
    let (token, cookie) = csrf::ensure(&headers);
    let action = format!("/admin/exempel/{id}/redigera");
    let revision = state.submissions().revision(&id).unwrap_or_default();
    let hidden = [("revision", revision.as_str())];
    let view = edit_view(&form, &[], &token, &action, &hidden, None);
    Ok(csrf::page(
        StatusCode::OK,
        cookie,
        views::admin_edit_page(&name, &token, &view, &example.title),
    ))
}

/// `POST /admin/exempel/{id}/redigera`: saves every field; errors show the form as typed.
pub async fn edit(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(id): Path<String>,
    headers: HeaderMap,
    crate::web::body::FormBody(body): crate::web::body::FormBody,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let pairs = form_pairs(&body);
    let form = DraftForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let (token, cookie) = csrf::ensure(&headers);
    let action = format!("/admin/exempel/{id}/redigera");
    let show = |status: StatusCode,
                errors: &[FieldError],
                revision: &str,
                stored: Option<&StoredExample>| {
        let hidden = [("revision", revision)];
        let view = edit_view(&form, errors, &token, &action, &hidden, stored);
        csrf::page(
            status,
            cookie.clone(),
            views::admin_edit_page(&name, &token, &view, &form.title),
        )
    };
    let posted = get(&pairs, "revision");
    if !csrf::verify(&headers, get(&pairs, "csrf")) {
        let expired = [FieldError::new("csrf", "the form's token did not match")];
        return Ok(show(StatusCode::FORBIDDEN, &expired, posted, None));
    }
    let fields = form.to_fields();
    let edit = crate::submission::Edit {
        fields: &fields,
        body: &form.body,
        expected: (!posted.is_empty()).then_some(posted),
    };
    match state.submissions().replace(&id, edit, today()) {
        Ok(example) => {
            state.search().index().upsert(&example)?;
            Ok(Redirect::to(&format!("/admin/exempel/{id}?sparat=1")).into_response())
        }
        Err(SubmitError::Invalid(errors)) => Ok(show(
            StatusCode::UNPROCESSABLE_ENTITY,
            &errors,
            posted,
            None,
        )),
        Err(SubmitError::Conflict { current, revision }) => {
            let stored = stored_view(*current);
            let conflict = [FieldError::new(
                "revision",
                "changed since the form was opened",
            )];
            Ok(show(
                StatusCode::CONFLICT,
                &conflict,
                &revision,
                Some(&stored),
            ))
        }
        Err(SubmitError::Corpus(e)) => {
            tracing::error!("cannot store an edit of {id}: {e}");
            let failed = [FieldError::new("storage", e.to_string())];
            Ok(show(StatusCode::SERVICE_UNAVAILABLE, &failed, posted, None))
        }
        Err(SubmitError::NotFound) => Err(WebError::NotFound),
        Err(e) => Err(WebError::Internal(e.to_string())),
    }
}
