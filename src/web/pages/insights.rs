//! The organisers' insights (`/admin/insikter`, its CSV tables) and the wanted examples
//! (`/admin/efterlysta`, the public `/efterlysta`).

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;

use crate::insights::report::{Activity, Period, rising};
use crate::insights::{Wanted, WantedError, wanted};
use crate::views::{self, InsightTable, InsightsView};
use crate::web::auth::PageOrganiser;
use crate::web::csrf::{CsrfToken, PostedForm};
use crate::web::params::value as get;
use crate::web::{AppState, WebError, off_the_runtime, params, today};

/// The period asked for, or the fields as typed and why they cannot be read.
type Asked = Result<Period, (String, String, String)>;

/// Days the page shows when no period is asked for.
const DEFAULT_DAYS: i64 = 30;

/// The period of `fran` and `till`, the last 30 days when both are absent; on `Err` the
/// fields as typed and why they cannot be read.
fn period_of(pairs: &[(String, String)]) -> Asked {
    let (from, to) = (get(pairs, "fran"), get(pairs, "till"));
    if from.is_empty() && to.is_empty() {
        return Ok(Period::ending(today(), DEFAULT_DAYS));
    }
    let fail = |why: String| (from.to_owned(), to.to_owned(), why);
    let parse = |text: &str, name: &str| {
        text.trim().parse::<jiff::civil::Date>().map_err(|_| {
            fail(format!(
                "”{text}” i fältet {name} är inget datum (skriv det som ÅÅÅÅ-MM-DD)"
            ))
        })
    };
    Period::new(parse(from, "Från och med")?, parse(to, "Till och med")?).map_err(fail)
}

/// Every table for `period`, read on a blocking thread.
async fn tables_for(
    state: &AppState,
    period: Period,
) -> Result<(u64, Vec<InsightTable>), WebError> {
    off_the_runtime(state, move |state| {
        // The published examples' fields as the index stores them (the sitemap reads them
        // the same way): no corpus file is read.
        let examples = state.search().index().published()?;
        let (activity, rising) = match state.search_log_dir() {
            Some(dir) => (
                Activity::read(dir, period),
                rising(dir, period.to, views::TOP_ROWS),
            ),
            None => (Activity::default(), Vec::new()),
        };
        let titles: std::collections::HashMap<&str, &str> = examples
            .iter()
            .map(|e| (e.id.as_str(), e.title.as_str()))
            .collect();
        let title_of = |id: &str| titles.get(id).map_or(id, |t| t).to_owned();
        let tables = views::insight_tables(&activity, &rising, &examples, period, &title_of);
        Ok((activity.total(), tables))
    })
    .await?
}

/// `GET /admin/insikter?fran=…&till=…`.
pub async fn insights(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    csrf: CsrfToken,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let pairs = params::pairs(raw.as_deref());
    let notice = match get(&pairs, "klart") {
        "efterlyst" => Some("Exemplet är efterlyst och visas på sidan Vi söker exempel på …"),
        "borttagen" => Some("Efterlysningen är borttagen."),
        _ => None,
    };
    render(
        &state,
        &name,
        &csrf,
        (period_of(&pairs), notice, None),
        StatusCode::OK,
    )
    .await
}

async fn render(
    state: &AppState,
    name: &str,
    csrf: &CsrfToken,
    (asked, notice, problem): (Asked, Option<&str>, Option<&str>),
    status: StatusCode,
) -> Result<Response, WebError> {
    let period = asked
        .clone()
        .unwrap_or_else(|_| Period::ending(today(), DEFAULT_DAYS));
    let (total, tables) = tables_for(state, period).await?;
    let (wanted_list, unreadable) = match wanted::list(state.submissions().corpus()) {
        Ok(list) => (list, None),
        Err(e) => (Vec::new(), Some(e.to_string())),
    };
    let problem = problem.or(unreadable.as_deref());
    let period_error = asked
        .as_ref()
        .err()
        .map(|(f, t, why)| (f.as_str(), t.as_str(), why.clone()));
    let view = InsightsView {
        organiser: name,
        csrf: csrf.as_str(),
        period,
        period_error,
        total,
        tables: &tables,
        wanted: &wanted_list,
        notice,
        problem,
        logging: state.search_log_dir().is_some(),
    };
    Ok(csrf.page(status, views::insights_page(&view)))
}

/// `GET /admin/insikter/{slug}.csv?fran=…&till=…`: one table as CSV.
pub async fn insights_csv(
    State(state): State<AppState>,
    PageOrganiser(_): PageOrganiser,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let slug = file.strip_suffix(".csv").ok_or(WebError::NotFound)?;
    let pairs = params::pairs(raw.as_deref());
    let period = period_of(&pairs).map_err(|(_, _, message)| {
        WebError::BadParam(crate::search::ParamError {
            param: "fran".into(),
            message,
        })
    })?;
    let (_, tables) = tables_for(&state, period).await?;
    let table = tables
        .iter()
        .find(|t| t.slug == slug)
        .ok_or(WebError::NotFound)?;
    let name = format!("{slug}-{}-{}.csv", period.from, period.to);
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        views::insight_csv(table),
    )
        .into_response())
}

/// `POST /admin/efterlysta`: notes a wanted example (from a search without hits, or typed).
pub async fn add_wanted(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let p = &posted.pairs;
    let refused = |why: String| (StatusCode::UNPROCESSABLE_ENTITY, why);
    let outcome = if posted.forged {
        Err(refused(
            "sidan hade varit öppen länge, så formuläret behövde förnyas; försök igen".into(),
        ))
    } else {
        match wanted::check(
            get(p, "topic"),
            get(p, "focus_area"),
            get(p, "asked_by"),
            today(),
        ) {
            Ok(note) => store(&state, note).await,
            Err(e) => Err(refused(e.to_string())),
        }
    };
    match outcome {
        Ok(()) => {
            Ok(Redirect::to("/admin/insikter?klart=efterlyst#efterlysta-rubrik").into_response())
        }
        Err((status, why)) => {
            let asked = period_of(p);
            render(
                &state,
                &name,
                &posted.csrf,
                (asked, None, Some(&why)),
                status,
            )
            .await
        }
    }
}

async fn store(state: &AppState, note: Wanted) -> Result<(), (StatusCode, String)> {
    off_the_runtime(state, move |state| {
        wanted::add(state.submissions().corpus(), note)
    })
    .await
    .map_err(|e| (StatusCode::SERVICE_UNAVAILABLE, e.to_string()))?
    .map_err(|e| match e {
        WantedError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
        other => (StatusCode::SERVICE_UNAVAILABLE, other.to_string()),
    })
}

/// `POST /admin/efterlysta/ta-bort`: removes a wanted example.
pub async fn remove_wanted(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    posted: PostedForm,
) -> Result<Response, WebError> {
    if posted.forged {
        let why = "sidan hade varit öppen länge, så formuläret behövde förnyas; försök igen";
        return render(
            &state,
            &name,
            &posted.csrf,
            (period_of(&posted.pairs), None, Some(why)),
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let topic = get(&posted.pairs, "topic").to_owned();
    off_the_runtime(&state, move |state| {
        wanted::remove(state.submissions().corpus(), &topic)
    })
    .await?
    .map_err(|e| WebError::StorageUnavailable(e.to_string()))?;
    Ok(Redirect::to("/admin/insikter?klart=borttagen#efterlysta-rubrik").into_response())
}

/// `GET /efterlysta`: the wanted examples, for everyone (none, and a line in the log, while
/// the file cannot be read: organisers see why on their page).
pub async fn wanted_page(State(state): State<AppState>) -> Markup {
    let list = wanted::list(state.submissions().corpus()).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "the wanted examples cannot be read");
        Vec::new()
    });
    views::wanted_page(&list)
}
