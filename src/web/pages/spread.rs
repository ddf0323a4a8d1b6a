//! How examples spread, as pages: "Vi har infört detta" (`/exempel/{id}/infort`), the
//! reporting unit's private page, the organisers' review of reports (`/admin/spridning`), the
//! feed of new adoptions, the unit's "Fortfarande aktuellt" and the organisers' list of
//! examples due for review (`/admin/oversyn`).

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use crate::corpus::FieldError;
use crate::model::{Adoption, Example, ExampleId, Status};
use crate::spread::{REPORT_FIELDS, ReportError, check_fields, report_link};
use crate::submission::SubmitError;
use crate::views::{self, AdoptionFormView, ReportView, WaitingReport};
use crate::web::auth::{ClientIp, PageOrganiser};
use crate::web::csrf::{CsrfToken, PostedForm};
use crate::web::{AppState, WebError, params, today};

/// The published example `id`, or 404.
fn published(state: &AppState, id: &str) -> Result<Example, WebError> {
    let id = ExampleId::parse(id).map_err(|_| WebError::NotFound)?;
    Ok(state.search().get(&id)?.ok_or(WebError::NotFound)?.example)
}

/// The unit's fields of a posted form, as the checker takes them.
fn posted_fields(posted: &PostedForm) -> toml::Table {
    REPORT_FIELDS
        .iter()
        .map(|k| {
            (
                (*k).to_owned(),
                toml::Value::String(posted.get(k).to_owned()),
            )
        })
        .collect()
}

fn typed_from(table: &toml::Table) -> impl Fn(&str) -> String + '_ {
    move |k| {
        table
            .get(k)
            .and_then(toml::Value::as_str)
            .unwrap_or_default()
            .to_owned()
    }
}

/// The waiting reports the queue shows at once, the oldest first.
const QUEUE_SHOWN: usize = 50;

const EXPIRED: &str = "Sidan hade varit öppen länge, så formuläret behövde förnyas. Inget är skickat ännu, men allt du skrev finns kvar: skicka igen.";
const LIMITED: &str = "Många rapporter har skickats härifrån på kort tid. Vänta en minut och skicka igen – det du skrev finns kvar.";
const STALE: &str = "Rapporten har ändrats sedan du öppnade den. Det du skrev finns kvar: kontrollera och spara igen.";

/// `GET /exempel/{id}/infort`: the report form.
pub async fn adoption_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    csrf: CsrfToken,
) -> Result<Response, WebError> {
    let example = published(&state, &id)?;
    let empty = toml::Table::new();
    Ok(form_page(
        &state,
        &example,
        &csrf,
        (&empty, &[]),
        StatusCode::OK,
    ))
}

fn form_page(
    state: &AppState,
    example: &Example,
    csrf: &CsrfToken,
    (typed, errors): (&toml::Table, &[FieldError]),
    status: StatusCode,
) -> Response {
    let typed = typed_from(typed);
    let organisations = state.organisation_names();
    let action = format!("/exempel/{}/infort", example.id);
    let view = AdoptionFormView {
        example,
        typed: &typed,
        errors,
        csrf: csrf.as_str(),
        action: &action,
        hidden: &[],
        organisations: &organisations,
        submit_label: "Skicka rapporten",
    };
    csrf.page(status, views::adoption_form_page(&view))
}

/// `POST /exempel/{id}/infort`: stores the report (waiting for review) and goes to its
/// private page; every error shows the form again with everything typed.
pub async fn report_adoption(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    headers: HeaderMap,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let example = published(&state, &id)?;
    let typed = posted_fields(&posted);
    let again = |status, errors: Vec<FieldError>| {
        Ok(form_page(
            &state,
            &example,
            &posted.csrf,
            (&typed, &errors),
            status,
        ))
    };
    if posted.forged {
        return again(
            StatusCode::FORBIDDEN,
            vec![FieldError::new("csrf", EXPIRED)],
        );
    }
    let organisations = state.submissions().organisations();
    let fields = match check_fields(&typed, today(), Some(&organisations)) {
        Ok(f) => f,
        Err(errors) => return again(StatusCode::UNPROCESSABLE_ENTITY, errors),
    };
    if !state.may_submit(ip) {
        return again(
            StatusCode::TOO_MANY_REQUESTS,
            vec![FieldError::new("rate", LIMITED)],
        );
    }
    let example_id = example.id.clone();
    let stored = crate::web::off_the_runtime(&state, move |state| {
        let stored = state
            .spread()
            .adoptions()
            .report(&example_id, fields, today());
        if stored.is_ok() {
            state.spread_changed();
        }
        stored
    })
    .await?;
    match stored {
        Ok((adoption, token)) => {
            let link = report_link(&adoption, &token);
            if let (Some(outbox), Some(to)) = (state.outbox(), &adoption.contact_email) {
                let base = crate::web::base_url(&state, &headers);
                let mail =
                    crate::mail::adoption_receipt(to, &example.title, &format!("{base}{link}"));
                if let Err(e) = outbox.queue(&mail) {
                    tracing::error!("a receipt could not be queued: {e}");
                }
            }
            Ok(Redirect::to(&format!("{link}&ny=1")).into_response())
        }
        Err(ReportError::Invalid(errors)) => again(StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(e) => {
            tracing::error!("cannot store an adoption report: {e}");
            again(
                StatusCode::SERVICE_UNAVAILABLE,
                vec![FieldError::new(
                    "storage",
                    "Rapporten kunde inte sparas just nu. Det du skrev finns kvar – försök igen om en stund.",
                )],
            )
        }
    }
}

/// A report's number in a path: digits without a leading zero.
fn number(n: &str) -> Result<u32, WebError> {
    if n.starts_with('0') || n.len() > 9 {
        return Err(WebError::NotFound);
    }
    n.parse::<u32>().map_err(|_| WebError::NotFound)
}

/// What the private page shows after a post.
struct Shown<'a> {
    status: StatusCode,
    notice: Option<&'a str>,
    typed: Option<toml::Table>,
    errors: Vec<FieldError>,
    /// The revision the form goes on carrying: the one it was posted with, so that a save
    /// after a refused post is still checked against it (`None`: the stored one).
    revision: Option<String>,
}

fn report_response(
    state: &AppState,
    (example, n, key): (&ExampleId, u32, &str),
    csrf: &CsrfToken,
    headers: &HeaderMap,
    shown: Shown<'_>,
) -> Result<Response, WebError> {
    let report = state
        .spread()
        .adoptions()
        .open(example, n, key)
        .ok_or(WebError::NotFound)?;
    let title = state
        .any_example(example)
        .map(|e| e.title)
        .unwrap_or_else(|| example.to_string());
    let base = crate::web::base_url(state, headers);
    let link = format!("{base}{}", report_link(&report.adoption, key));
    let stored = crate::spread::ReportFields::of(&report.adoption);
    let typed_table = shown.typed.unwrap_or(stored);
    let typed = typed_from(&typed_table);
    let organisations = state.organisation_names();
    let action = format!("/exempel/{example}/infort/{n}");
    let revision = shown.revision.clone().unwrap_or(report.revision.clone());
    let hidden = [("nyckel", key), ("revision", revision.as_str())];
    let form = AdoptionFormView {
        example: &Example {
            title: title.clone(),
            ..placeholder(example)
        },
        typed: &typed,
        errors: &shown.errors,
        csrf: csrf.as_str(),
        action: &action,
        hidden: &hidden,
        organisations: &organisations,
        submit_label: "Spara ändringarna",
    };
    let editable = report.adoption.status != Status::Rejected;
    let view = ReportView {
        report: &report,
        example_title: &title,
        link: &link,
        notice: shown.notice,
        form: editable.then_some(&form),
    };
    Ok(csrf.page(shown.status, views::report_page(&view)))
}

/// An example value standing for `id` where only its id and title are shown.
fn placeholder(id: &ExampleId) -> Example {
    Example {
        id: id.clone(),
        title: String::new(),
        summary: String::new(),
        unit: String::new(),
        organisation: String::new(),
        area: crate::model::Area::Administration,
        focus_areas: Vec::new(),
        maturity: crate::model::Maturity::Pilot,
        year: 2000,
        tags: Vec::new(),
        contact_name: None,
        contact_email: None,
        status: Status::Published,
        created: jiff::civil::date(2000, 1, 1),
        updated: jiff::civil::date(2000, 1, 1),
        reviewed: jiff::civil::date(2000, 1, 1),
        body: String::new(),
    }
}

/// `GET /exempel/{id}/infort/{n}?nyckel=…`: the reporting unit's page; 404 unless the token
/// opens the report.
pub async fn report_page(
    State(state): State<AppState>,
    Path((id, n)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    csrf: CsrfToken,
) -> Result<Response, WebError> {
    let id = ExampleId::parse(&id).map_err(|_| WebError::NotFound)?;
    let n = number(&n)?;
    let pairs = params::pairs(raw.as_deref());
    let has = |k: &str| pairs.iter().any(|(key, _)| key == k);
    let notice = if has("ny") {
        Some("Tack! Rapporten är skickad. Spara länken nedan.")
    } else if has("sparat") {
        Some("Ändringarna är sparade och granskas innan de visas.")
    } else {
        None
    };
    let key = params::value(&pairs, "nyckel");
    let shown = Shown {
        status: StatusCode::OK,
        notice,
        typed: None,
        errors: Vec::new(),
        revision: None,
    };
    report_response(&state, (&id, n, key), &csrf, &headers, shown)
}

/// `POST /exempel/{id}/infort/{n}`: the unit changes its report (it is reviewed again).
pub async fn edit_report(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path((id, n)): Path<(String, String)>,
    headers: HeaderMap,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let id = ExampleId::parse(&id).map_err(|_| WebError::NotFound)?;
    let n = number(&n)?;
    let key = posted.get("nyckel").to_owned();
    let typed = posted_fields(&posted);
    let posted_revision = posted.get("revision").to_owned();
    let again = |status, errors: Vec<FieldError>, revision: Option<String>| {
        let shown = Shown {
            status,
            notice: None,
            typed: Some(typed.clone()),
            errors,
            revision,
        };
        report_response(&state, (&id, n, &key), &posted.csrf, &headers, shown)
    };
    let kept = Some(posted_revision.clone());
    if posted.forged {
        return again(
            StatusCode::FORBIDDEN,
            vec![FieldError::new("csrf", EXPIRED)],
            kept,
        );
    }
    let organisations = state.submissions().organisations();
    let fields = match check_fields(&typed, today(), Some(&organisations)) {
        Ok(f) => f,
        Err(errors) => return again(StatusCode::UNPROCESSABLE_ENTITY, errors, kept),
    };
    if !state.may_submit(ip) {
        return again(
            StatusCode::TOO_MANY_REQUESTS,
            vec![FieldError::new("rate", LIMITED)],
            kept,
        );
    }
    let (which, token, expected) = (id.clone(), key.clone(), posted_revision.clone());
    let result = crate::web::off_the_runtime(&state, move |state| {
        let changed = state.spread().adoptions().update(
            (&which, n, &token),
            fields,
            Some(expected.as_str()).filter(|r| !r.is_empty()),
            today(),
        );
        if changed.is_ok() {
            state.spread_changed();
        }
        changed
    })
    .await?;
    match result {
        Ok(adoption) => {
            let link = report_link(&adoption, &key);
            Ok(Redirect::to(&format!("{link}&sparat=1")).into_response())
        }
        Err(ReportError::NotFound) => Err(WebError::NotFound),
        Err(ReportError::Invalid(errors)) => again(StatusCode::UNPROCESSABLE_ENTITY, errors, kept),
        // The only answer that moves the form on to the stored revision: saving again now
        // replaces it knowingly.
        Err(ReportError::Conflict { .. }) => again(
            StatusCode::CONFLICT,
            vec![FieldError::new("revision", STALE)],
            None,
        ),
        Err(ReportError::NotAllowed { .. }) => again(
            StatusCode::CONFLICT,
            vec![FieldError::new(
                "status",
                "Rapporten har avböjts och kan inte längre ändras.",
            )],
            kept,
        ),
        Err(ReportError::Corpus(e)) => Err(WebError::StorageUnavailable(e.to_string())),
    }
}

/// `GET /admin/spridning`: reports waiting for review.
pub async fn report_queue(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    csrf: CsrfToken,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let pairs = params::pairs(raw.as_deref());
    let done = params::value(&pairs, "klart");
    let message = match done {
        "published" => Some(Ok("Rapporten är godkänd och visas på exemplets sida.")),
        "rejected" => Some(Ok("Rapporten är avböjd.")),
        _ => None,
    };
    Ok(queue_page(&state, &name, &csrf, StatusCode::OK, message))
}

/// Reports with their examples' titles.
fn titled<'a>(
    state: &AppState,
    reports: Vec<&'a crate::spread::StoredReport>,
) -> Vec<WaitingReport<'a>> {
    reports
        .into_iter()
        .map(|r| WaitingReport {
            example_title: state
                .any_example(&r.adoption.example)
                .map(|e| e.title)
                .unwrap_or_else(|| r.adoption.example.to_string()),
            report: r,
        })
        .collect()
}

fn queue_page(
    state: &AppState,
    name: &str,
    csrf: &CsrfToken,
    status: StatusCode,
    message: Option<Result<&str, &str>>,
) -> Response {
    let snapshot = state.spread().snapshot();
    let all_waiting = snapshot.waiting();
    let more = all_waiting.len().saturating_sub(QUEUE_SHOWN);
    let waiting = titled(state, all_waiting.into_iter().take(QUEUE_SHOWN).collect());
    let decided = titled(state, snapshot.decided(20));
    let body = html! {
        (views::admin_header(csrf.as_str(), name))
        h1 { "Rapporter om införda exempel" }
        (views::save_message(message))
        p { "Enheter som har provat eller infört ett exempel berättar det här. Godkända rapporter visas på exemplets sida och räknas i sökningen." }
        (views::report_queue(&waiting, csrf.as_str()))
        @if more > 0 {
            p { (more) " rapporter till väntar. De visas här när de första är granskade." }
        }
        (views::decided_reports(&decided))
        @if !snapshot.problems.is_empty() {
            h2 { "Filer som inte kunde läsas" }
            ul { @for p in snapshot.problems.iter().take(20) { li { code { (p.to_string()) } } } }
        }
    };
    csrf.page(
        status,
        views::admin_page("Rapporter om införda exempel", body),
    )
}

/// `POST /admin/spridning/{id}/{n}`: approve or reject a report.
pub async fn decide_report(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path((id, n)): Path<(String, String)>,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let id = ExampleId::parse(&id).map_err(|_| WebError::NotFound)?;
    let n = number(&n)?;
    let problem = |status, m: &str| {
        Ok(queue_page(
            &state,
            &name,
            &posted.csrf,
            status,
            Some(Err(m)),
        ))
    };
    if posted.forged {
        return problem(
            StatusCode::FORBIDDEN,
            "Sidan hade varit öppen länge. Försök igen.",
        );
    }
    let to = match posted.get("status") {
        "published" => Status::Published,
        "rejected" => Status::Rejected,
        _ => {
            return problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Välj godkänn eller avböj.",
            );
        }
    };
    if to == Status::Published && state.search().get(&id)?.is_none() {
        return problem(
            StatusCode::CONFLICT,
            "Exemplet är inte publicerat, så rapporten kan inte visas. Publicera exemplet först eller avböj rapporten.",
        );
    }
    let revision = posted.get("revision").to_owned();
    let (which, by, comment) = (id.clone(), name.clone(), posted.get("comment").to_owned());
    let result = crate::web::off_the_runtime(&state, move |state| {
        let decided = state.spread().adoptions().set_status(
            (&which, n),
            to,
            &by,
            Some(comment),
            Some(revision.as_str()).filter(|r| !r.is_empty()),
            today(),
        );
        if decided.is_ok() {
            state.spread_changed();
        }
        decided
    })
    .await?;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/admin/spridning?klart={}", to.slug())).into_response()),
        Err(ReportError::NotFound) => Err(WebError::NotFound),
        Err(ReportError::Conflict { .. }) => problem(
            StatusCode::CONFLICT,
            "Rapporten har ändrats sedan sidan öppnades. Läs den igen innan du beslutar.",
        ),
        Err(ReportError::NotAllowed { .. }) => {
            problem(StatusCode::CONFLICT, "Rapporten har redan granskats.")
        }
        Err(ReportError::Invalid(errors)) => problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            &errors
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_default(),
        ),
        Err(ReportError::Corpus(e)) => Err(WebError::StorageUnavailable(e.to_string())),
    }
}

/// `GET /infort.atom`: the newest approved adoptions.
pub async fn adoption_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let base = crate::web::base_url(&state, &headers);
    let adoptions = state
        .spread()
        .snapshot()
        .newest_adoptions(super::feed::ENTRIES as usize);
    // Only reports on examples that are published now: an archived example's reports go
    // with it.
    let titles: Vec<(Adoption, String)> = adoptions
        .into_iter()
        .filter_map(|a| {
            let title = state.search().get(&a.example).ok().flatten()?.example.title;
            Some((a, title))
        })
        .collect();
    let feed = super::feed::adoption_feed(&base, &titles);
    let content_type = HeaderValue::from_static("application/atom+xml; charset=utf-8");
    Ok(([(header::CONTENT_TYPE, content_type)], feed).into_response())
}

/// `POST /redigera/{id}/aktuellt`: the unit confirms its published example current.
pub async fn confirm_current(
    State(state): State<AppState>,
    Path(id): Path<String>,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let id = ExampleId::parse(&id).map_err(|_| WebError::NotFound)?;
    let key = posted.get("nyckel");
    let link = crate::submission::private_link(&id, key);
    if posted.forged {
        return Ok(Redirect::to(&format!("{link}&forlegad=1")).into_response());
    }
    let revision = posted.get("revision");
    let confirmed = state.workflow().confirm_current(
        &id,
        key,
        Some(revision).filter(|r| !r.is_empty()),
        today(),
    );
    match confirmed {
        Ok(_) => Ok(Redirect::to(&format!("{link}&bekraftat=1")).into_response()),
        Err(SubmitError::NotFound) => Err(WebError::NotFound),
        // Changed meanwhile (or no longer published): the page shows how it stands now.
        Err(SubmitError::Conflict { .. } | SubmitError::NotEditable(_)) => {
            Ok(Redirect::to(&format!("{link}&andrat=1")).into_response())
        }
        Err(e) => Err(WebError::StorageUnavailable(e.to_string())),
    }
}

/// `GET /admin/oversyn`: published examples due for review, longest unconfirmed first.
pub async fn due_list(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    csrf: CsrfToken,
) -> Result<Response, WebError> {
    let months = state.review_months();
    let examples = crate::web::off_the_runtime(&state, move |state| {
        state.submissions().due_for_review(today(), months)
    })
    .await?
    .map_err(|e| WebError::StorageUnavailable(e.to_string()))?;
    let body = views::due_list(&examples, months);
    Ok(csrf.page(
        StatusCode::OK,
        views::admin_page(
            "Exempel som behöver ses över",
            html! { (views::admin_header(csrf.as_str(), &name)) (body) },
        ),
    ))
}
