//! The organisers' pages: login and logout, the review queue, reviewing and editing. The
//! workflow is `submission::Workflow`; these handlers read the form and render the answer.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::submit::{Answer, FormParts, Shown, after_save, edit_of};
use crate::model::{ExampleId, Status};
use crate::submission::{DraftForm, ListFilter, ReviewError, stored};
use crate::views::{self, ReviewNotice};
use crate::web::auth::{ClientIp, Gate, PageOrganiser, safe_next};
use crate::web::csrf::{CsrfToken, PostedForm};
use crate::web::params::value as get;
use crate::web::{AppState, WebError, params, today};

/// How long a login waits for a free password check before it is asked to try again.
const PASSWORD_CHECK_QUEUE: std::time::Duration = std::time::Duration::from_secs(3);

/// Similar published examples shown beside each queued one.
const SIMILAR_IN_QUEUE: usize = 5;

/// `GET /login`.
pub async fn login_form(
    State(state): State<AppState>,
    csrf: CsrfToken,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = params::pairs(raw.as_deref());
    let next = safe_next(get(&pairs, "next"));
    let page = views::login_page(csrf.as_str(), next, None, state.login_ways());
    csrf.page(StatusCode::OK, page)
}

/// Why a login was not even checked: the answer status, the Swedish message, and when to try
/// again.
type Refused = (StatusCode, String, std::time::Duration);

/// Takes the address's login attempt (waiting out the delay after failures) and a permit of
/// the password checks; each check takes tens of megabytes and a core for a tenth of a
/// second, so only a few run at once.
async fn password_check(
    state: &AppState,
    ip: std::net::IpAddr,
) -> Result<tokio::sync::SemaphorePermit<'_>, Refused> {
    match state.logins().attempt(ip) {
        Gate::Locked(left) => {
            let minutes = left.as_secs().div_ceil(60);
            let message = format!(
                "För många misslyckade inloggningar. Försök igen om {minutes} {}.",
                if minutes == 1 { "minut" } else { "minuter" }
            );
            return Err((StatusCode::TOO_MANY_REQUESTS, message, left));
        }
        Gate::Wait(delay) => tokio::time::sleep(delay).await,
    }
    match tokio::time::timeout(PASSWORD_CHECK_QUEUE, state.password_checks().acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => {
            state.logins().refund(ip);
            let message = "Många loggar in just nu. Vänta några sekunder och försök igen.";
            let busy = StatusCode::TOO_MANY_REQUESTS;
            Err((busy, message.into(), PASSWORD_CHECK_QUEUE))
        }
    }
}

/// The fingerprint of `name`'s credentials when `password` is theirs (checked on a blocking
/// thread; an unknown name costs as much as a known one).
async fn verified(state: &AppState, name: &str, password: &str) -> Option<String> {
    let config = state.config();
    let (checked, who, password) = (config.clone(), name.to_owned(), password.to_owned());
    let ok = tokio::task::spawn_blocking(move || checked.verify_password(&who, &password))
        .await
        .unwrap_or(false);
    ok.then(|| config.credential_fingerprint(name)).flatten()
}

/// `POST /login`: slowed down after failures, refused for a while after too many.
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    posted: PostedForm,
) -> Response {
    let next = safe_next(posted.get("next"));
    let ways = state.login_ways();
    let fail = |status, message: &str| {
        let page = views::login_page(posted.csrf.as_str(), next, Some(message), ways);
        posted.csrf.page(status, page)
    };
    if !ways.password {
        return fail(
            StatusCode::FORBIDDEN,
            "Inloggning med lösenord är avstängd. Logga in med ditt konto i Stockholms stad.",
        );
    }
    if posted.forged {
        return fail(
            StatusCode::FORBIDDEN,
            "Sidan hade varit öppen länge, så formuläret behövde förnyas. Logga in igen.",
        );
    }
    let _permit = match password_check(&state, ip).await {
        Ok(permit) => permit,
        Err((status, message, wait)) => {
            let mut response = fail(status, &message);
            crate::web::retry_after(&mut response, wait);
            return response;
        }
    };
    let name = posted.get("name");
    let Some(fingerprint) = verified(&state, name, posted.get("password")).await else {
        return fail(StatusCode::UNAUTHORIZED, "Fel användarnamn eller lösenord.");
    };
    state.logins().succeeded(ip);
    if let Err(e) = crate::web::session::start(&session, name, fingerprint).await {
        tracing::error!("cannot start a session: {e}");
        return WebError::StorageUnavailable(e.to_string()).into_response();
    }
    Redirect::to(next).into_response()
}

/// `POST /logout`.
pub async fn logout(session: Session, posted: PostedForm) -> Response {
    if posted.forged {
        return Redirect::to("/admin").into_response();
    }
    crate::web::session::end(&session).await;
    Redirect::to("/").into_response()
}

/// `GET /admin/session`: nothing but a touch of the organiser's session, which moves its end
/// eight hours on (the session ends after inactivity): what the warning's "Fortsätt vara
/// inloggad" asks for. 204 when signed in; the login redirect otherwise.
pub async fn keep_session(PageOrganiser(_): PageOrganiser) -> Response {
    (
        StatusCode::NO_CONTENT,
        [(axum::http::header::CACHE_CONTROL, "no-store")],
    )
        .into_response()
}

/// `GET /admin`: the queue with similar published examples, and the invalid corpus files.
pub async fn queue(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    csrf: CsrfToken,
) -> Result<Response, WebError> {
    let items = state
        .workflow()
        .queue(SIMILAR_IN_QUEUE, today())
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let problems = crate::corpus::load_dir(state.submissions().corpus(), today())
        .map_err(|e| WebError::Internal(e.to_string()))?
        .problems;
    // Published examples whose units sent an update, with their titles.
    let updates: Vec<(crate::model::ExampleId, String)> = state
        .submissions()
        .pending_updates()
        .into_iter()
        .filter_map(|id| state.any_example(&id).map(|e| (id, e.title)))
        .collect();
    let page = views::queue_page(&name, csrf.as_str(), (&items, &updates), &problems);
    Ok(csrf.page(StatusCode::OK, page))
}

/// Examples per page of the organisers' list.
const LIST_PAGE: usize = 50;

/// `GET /admin/exempel`: every example whatever its status, filtered by words, status, area
/// and organisation (unknown filter values show everything), read from the files on a
/// blocking thread.
pub async fn examples(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    csrf: CsrfToken,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let pairs = params::pairs(raw.as_deref());
    let filter = ListFilter {
        q: get(&pairs, "q").to_owned(),
        status: Status::parse(get(&pairs, "status")),
        area: crate::model::Area::parse(get(&pairs, "area")),
        organisation: get(&pairs, "organisation").to_owned(),
    };
    let page = get(&pairs, "sida")
        .parse::<usize>()
        .map_or(0, |p| p.saturating_sub(1));
    let wanted = filter.clone();
    let listed = crate::web::off_the_runtime(&state, move |state| {
        state
            .submissions()
            .list(&wanted, (page, LIST_PAGE), today())
    })
    .await?
    .map_err(|e| WebError::StorageUnavailable(e.to_string()))?;
    let view = views::ExamplesAdminView {
        organiser: &name,
        csrf: csrf.as_str(),
        filter: &filter,
        listed: &listed,
        page: listed.page,
        per_page: LIST_PAGE,
    };
    Ok(csrf.page(StatusCode::OK, views::examples_admin_page(&view)))
}

fn parse_id(id: &str) -> Result<ExampleId, WebError> {
    ExampleId::parse(id).map_err(|_| WebError::NotFound)
}

/// The review page of `id` with a message, under an answer status.
fn review_response(
    state: &AppState,
    (name, csrf): (&str, &CsrfToken),
    id: &ExampleId,
    status: StatusCode,
    notice: Option<ReviewNotice<'_>>,
) -> Result<Response, WebError> {
    let (example, history) = state
        .submissions()
        .review_view(id, today())
        .ok_or(WebError::NotFound)?;
    let revision = state.submissions().revision(id).unwrap_or_default();
    let page = views::review_page(
        name,
        csrf.as_str(),
        &stored(example),
        &history,
        notice,
        &revision,
    );
    Ok(csrf.page(status, page))
}

/// `GET /admin/exempel/{id}`: one example under review, whatever its status.
pub async fn review(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(id): Path<String>,
    csrf: CsrfToken,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let saved = params::pairs(raw.as_deref())
        .iter()
        .any(|(k, _)| k == "sparat");
    let notice = saved.then_some(ReviewNotice::Saved("Ändringen är sparad."));
    review_response(&state, (&name, &csrf), &id, StatusCode::OK, notice)
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
        ReviewError::CommentTooLong => format!(
            "Kommentaren är för lång: skriv högst {} tecken.",
            crate::submission::MAX_COMMENT_CHARS
        ),
        ReviewError::Changed => "Enheten har ändrat exemplet sedan du öppnade sidan. Läs den nya versionen nedan och välj status igen.".into(),
        ReviewError::Corpus(_) => "Ändringen kunde inte sparas. Försök igen.".into(),
    }
}

/// `POST /admin/exempel/{id}/status`. Archiving, and rejecting with the comment it needs,
/// first ask for a confirmation: the same form again with `confirm=ja`.
pub async fn set_status(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(id): Path<String>,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let answer = |status, notice: ReviewNotice<'_>| {
        review_response(&state, (&name, &posted.csrf), &id, status, Some(notice))
    };
    let problem = |status, message: &str| answer(status, ReviewNotice::Problem(message));
    let refused = |e: ReviewError| match e {
        ReviewError::NotFound => Err(WebError::NotFound),
        ReviewError::Corpus(e) => Err(WebError::StorageUnavailable(e.to_string())),
        ReviewError::Changed => problem(StatusCode::CONFLICT, &review_message(&e)),
        e => problem(StatusCode::UNPROCESSABLE_ENTITY, &review_message(&e)),
    };
    if posted.forged {
        return problem(StatusCode::FORBIDDEN, EXPIRED_REVIEW);
    }
    let Some(to) = Status::parse(posted.get("status")) else {
        return problem(StatusCode::UNPROCESSABLE_ENTITY, "Välj en status.");
    };
    let (comment, reviewed) = (posted.get("comment"), posted.field("revision"));
    if needs_confirmation(to, comment) && posted.get("confirm") != "ja" {
        // Asked only about a change that could be made now, on the revision reviewed.
        return match refusal_before_asking(&state, &id, to, reviewed)? {
            Some(e) => refused(e),
            None => answer(StatusCode::OK, ReviewNotice::Confirm { to, comment }),
        };
    }
    let change = StatusChange {
        id: id.clone(),
        to,
        by: name.clone(),
        comment: comment.to_owned(),
        reviewed: reviewed.map(str::to_owned),
    };
    let changed = change.made(&state).await?;
    match changed {
        Ok(_) => Ok(Redirect::to(&format!("/admin/exempel/{id}?sparat=1")).into_response()),
        Err(e) => refused(e),
    }
}

/// A status change as an organiser posted it.
struct StatusChange {
    id: ExampleId,
    to: Status,
    by: String,
    comment: String,
    reviewed: Option<String>,
}

impl StatusChange {
    /// Makes the change through the workflow (writing, indexing and queueing mail are
    /// blocking work: off the async workers).
    async fn made(
        self,
        state: &AppState,
    ) -> Result<Result<crate::model::Example, ReviewError>, WebError> {
        crate::web::off_the_runtime(state, move |state| {
            let StatusChange {
                id,
                to,
                by,
                comment,
                reviewed,
            } = self;
            let workflow = state.mailing_workflow(&[]);
            workflow.set_status(&id, to, &by, Some(comment), reviewed.as_deref(), today())
        })
        .await
    }
}

/// What the review page says when its form had expired.
const EXPIRED_REVIEW: &str = "Sidan hade varit öppen länge, så formuläret behövde förnyas. Inget är ändrat: välj status igen.";

/// Why a change to `to` would be refused now, before the organiser is asked to confirm it:
/// not a change of the workflow, or the example changed since the revision reviewed.
fn refusal_before_asking(
    state: &AppState,
    id: &ExampleId,
    to: Status,
    reviewed: Option<&str>,
) -> Result<Option<ReviewError>, WebError> {
    let (current, _) = state
        .submissions()
        .review_view(id, today())
        .ok_or(WebError::NotFound)?;
    if !crate::submission::allowed(current.status, to) {
        return Ok(Some(ReviewError::NotAllowed {
            from: current.status,
            to,
        }));
    }
    let changed = reviewed.is_some_and(|r| state.submissions().revision(id).as_deref() != Some(r));
    Ok(changed.then_some(ReviewError::Changed))
}

/// Whether a change to `to` is asked about first: publishing (the example and its contact
/// details become public), archiving, and rejecting (once it has the comment it needs;
/// without one the refusal comes first).
fn needs_confirmation(to: Status, comment: &str) -> bool {
    match to {
        Status::Published | Status::Archived => true,
        Status::Rejected => !comment.trim().is_empty(),
        _ => false,
    }
}

/// The organiser's edit page of one example.
fn edit_page(
    state: &AppState,
    (name, csrf): (&str, &CsrfToken),
    (id, form): (&ExampleId, &DraftForm),
    revision: &str,
    shown: &Shown,
) -> Response {
    let action = format!("/admin/exempel/{id}/redigera");
    let organisations = state.organisation_names();
    let parts = FormParts {
        organisations: &organisations,
        form,
        csrf,
        action: &action,
        hidden: &[],
        edits: true,
        submit_label: "Spara ändringarna",
    };
    let hint = state
        .any_example(id)
        .is_some_and(|e| state.spread().snapshot().spread_beyond(id, &e.organisation));
    parts.answer(shown, revision, |view| {
        views::admin_edit_page((name, csrf.as_str()), view, &form.title, hint)
    })
}

/// `GET /admin/exempel/{id}/redigera`.
pub async fn edit_form(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(id): Path<String>,
    csrf: CsrfToken,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let (example, _) = state
        .submissions()
        .review_view(&id, today())
        .ok_or(WebError::NotFound)?;
    let form = DraftForm::from_example(&example);
    let revision = state.submissions().revision(&id).unwrap_or_default();
    let shown = Shown::default();
    Ok(edit_page(
        &state,
        (&name, &csrf),
        (&id, &form),
        &revision,
        &shown,
    ))
}

/// `POST /admin/exempel/{id}/redigera`: saves every field; errors show the form as typed.
pub async fn edit(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(id): Path<String>,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let form = DraftForm::from_posted(&posted.pairs);
    let revision = posted.get("revision");
    let answer = if posted.forged {
        Answer::Form(Box::new(Shown::forged()))
    } else {
        let edit = (id.clone(), form.clone(), revision.to_owned());
        let saved = crate::web::off_the_runtime(&state, move |state| {
            let (id, form, revision) = edit;
            let fields = form.to_fields();
            state
                .workflow()
                .replace(&id, edit_of(&form, &fields, &revision), today())
        })
        .await?;
        let review = format!("/admin/exempel/{id}");
        after_save(saved, format!("{review}?sparat=1"))?
    };
    Ok(match answer {
        Answer::Redirect(to) => Redirect::to(&to).into_response(),
        Answer::Form(shown) => edit_page(
            &state,
            (&name, &posted.csrf),
            (&id, &form),
            revision,
            &shown,
        ),
    })
}

/// `GET /admin/konto`: the organiser's notices.
pub async fn account(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    csrf: CsrfToken,
    RawQuery(raw): RawQuery,
) -> Response {
    let (email, notices) = state.config().notices_of(&state.notice_choices(), &name);
    let pairs = params::pairs(raw.as_deref());
    let saved = (get(&pairs, "sparat") == "1").then_some(Ok("Dina val är sparade."));
    let email = email.unwrap_or_default();
    let view = account_view(&state, &email, Some(notices));
    let page = views::account_page(&name, csrf.as_str(), &view, saved);
    csrf.page(StatusCode::OK, page)
}

/// The choices of notices, as (slug, label).
const NOTICE_CHOICES: [(&str, &str); 3] = {
    use crate::config::Notices::{Daily, Each, Never};
    [
        (Each.slug(), Each.label()),
        (Daily.slug(), Daily.label()),
        (Never.slug(), Never.label()),
    ]
};

/// The page's view; `notices` is `None` when nothing was chosen (then nothing is checked).
fn account_view<'a>(
    state: &AppState,
    email: &'a str,
    notices: Option<crate::config::Notices>,
) -> views::AccountView<'a> {
    views::AccountView {
        email,
        choices: &NOTICE_CHOICES,
        chosen: notices.map_or("", crate::config::Notices::slug),
        mail_on: state.mail_on(),
    }
}

/// `POST /admin/konto`: saves the organiser's address and choice to the config file.
pub async fn save_account(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    posted: PostedForm,
) -> Response {
    let email = posted.get("email").trim().to_owned();
    let notices = crate::config::Notices::parse(posted.get("notices"));
    let fail = |status, message: &str| {
        let view = account_view(&state, &email, notices);
        let page = views::account_page(&name, posted.csrf.as_str(), &view, Some(Err(message)));
        posted.csrf.page(status, page)
    };
    if posted.forged {
        return fail(
            StatusCode::FORBIDDEN,
            "Sidan hade varit öppen länge, så formuläret behövde förnyas. Spara igen.",
        );
    }
    let Some(notices) = notices else {
        return fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Välj hur du vill få veta att något har skickats in.",
        );
    };
    if notices != crate::config::Notices::Never && email.is_empty() {
        return fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "E-postadress: skriv den adress aviseringarna ska gå till, eller välj ”Ingen e-post”.",
        );
    }
    let (who, address) = (name.clone(), email.clone());
    let saved = crate::web::off_the_runtime(&state, move |state| {
        state.choose_notices(&who, &address, notices)
    })
    .await;
    match saved {
        Ok(Ok(())) => Redirect::to("/admin/konto?sparat=1").into_response(),
        Ok(Err(crate::config::ConfigError::BadEmail(_))) => fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "E-postadress: skriv en hel adress, till exempel fornamn.efternamn@stockholm.se.",
        ),
        Ok(Err(e)) => {
            tracing::error!("cannot save an organiser's notices: {e}");
            fail(
                StatusCode::SERVICE_UNAVAILABLE,
                "Valen kunde inte sparas: webbplatsen kan inte skriva sina filer. Kontakta den som driver webbplatsen.",
            )
        }
        Err(e) => e.into_response(),
    }
}
