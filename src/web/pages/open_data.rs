//! `/oppna-data`: the published corpus for download, as a table and as JSON Lines in the
//! import format, with `Last-Modified` (and the `ETag` every answer gets) so that a harvester
//! downloads only when something changed.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::model::Example;
use crate::web::{AppState, WebError, base_url, off_the_runtime, today};

/// Every published example with its body, read from the corpus's files on a blocking thread
/// (the whole corpus: a download, not a page).
async fn published(state: &AppState) -> Result<Vec<Example>, WebError> {
    let loaded = off_the_runtime(state, |state| {
        crate::corpus::load_dir(state.submissions().corpus(), today())
    })
    .await?
    .map_err(|e| WebError::StorageUnavailable(e.to_string()))?;
    let mut examples: Vec<Example> = loaded
        .examples
        .into_iter()
        .filter(Example::is_public)
        .collect();
    examples.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    Ok(examples)
}

/// The `Last-Modified` of a set of examples: midnight UTC of the latest `updated`.
fn last_modified(examples: &[Example]) -> Option<HeaderValue> {
    let latest = examples.iter().map(|e| e.updated).max()?;
    let stamp = latest.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
    let text = jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&stamp)
        .ok()?;
    HeaderValue::from_str(&text).ok()
}

fn download(
    content_type: &'static str,
    file: &'static str,
    modified: Option<HeaderValue>,
    body: impl IntoResponse,
) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(file));
    if let Some(modified) = modified {
        headers.insert(header::LAST_MODIFIED, modified);
    }
    response
}

/// `GET /oppna-data`: what can be downloaded, how, and under which licence.
pub async fn open_data(State(state): State<AppState>) -> Result<Response, WebError> {
    let examples = published(&state).await?;
    let last = examples.iter().map(|e| e.updated).max();
    let last = last.map(crate::views::date_sv);
    let page = crate::views::open_data_page(&state.site_info(), examples.len(), last.as_deref());
    Ok(page.into_response())
}

/// `GET /oppna-data/exempel.jsonl`: every published example in the import format.
pub async fn open_data_jsonl(State(state): State<AppState>) -> Result<Response, WebError> {
    let examples = published(&state).await?;
    let body = crate::corpus::to_json_lines(&examples);
    Ok(download(
        "application/jsonl; charset=utf-8",
        "attachment; filename=\"goda-exempel.jsonl\"",
        last_modified(&examples),
        body,
    ))
}

/// `GET /oppna-data/exempel.csv`: every published example as a table.
pub async fn open_data_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let examples = published(&state).await?;
    let body = crate::corpus::to_table(&examples, &base_url(&state, &headers));
    Ok(download(
        "text/csv; charset=utf-8",
        "attachment; filename=\"goda-exempel.csv\"",
        last_modified(&examples),
        body,
    ))
}

/// `GET /oppna-data/infort.jsonl`: every approved adoption, one a line, without e-mail
/// addresses.
pub async fn open_data_adoptions(State(state): State<AppState>) -> Response {
    let snapshot = state.spread().snapshot();
    let mut body = String::new();
    let published = |id: &crate::model::ExampleId| state.search().get(id).ok().flatten().is_some();
    for a in snapshot
        .newest_adoptions(usize::MAX)
        .iter()
        .rev()
        .filter(|a| published(&a.example))
    {
        let line = serde_json::json!({
            "example": a.example.as_str(),
            "unit": a.unit,
            "organisation": a.organisation,
            "area": a.area.slug(),
            "since": a.since.to_string(),
            "stage": a.stage.slug(),
            "reason": a.reason,
            "text": a.text,
            "contact_name": a.contact_name,
            "updated": a.updated.to_string(),
        });
        body.push_str(&line.to_string());
        body.push('\n');
    }
    download(
        "application/jsonl; charset=utf-8",
        "attachment; filename=\"goda-exempel-infort.jsonl\"",
        None,
        body,
    )
}

/// `GET /oppna-data/utmarkelser.jsonl`: every award with its results, one award a line.
pub async fn open_data_awards(State(state): State<AppState>) -> Response {
    let snapshot = state.spread().snapshot();
    let mut body = String::new();
    let published = |id: &crate::model::ExampleId| state.search().get(id).ok().flatten().is_some();
    for award in &snapshot.awards {
        // Only published examples: an unpublished one's id would tell its title.
        let given: Vec<serde_json::Value> = award
            .given
            .iter()
            .filter_map(|g| {
                let examples: Vec<&str> = g
                    .examples
                    .iter()
                    .filter(|e| published(e))
                    .map(|e| e.as_str())
                    .collect();
                (!examples.is_empty()).then(|| {
                    serde_json::json!({
                        "year": g.year,
                        "category": g.category,
                        "result": g.result.slug(),
                        "examples": examples,
                    })
                })
            })
            .collect();
        let line = serde_json::json!({
            "award": award.slug.as_str(),
            "name": award.name,
            "description": award.description,
            "given": given,
        });
        body.push_str(&line.to_string());
        body.push('\n');
    }
    download(
        "application/jsonl; charset=utf-8",
        "attachment; filename=\"goda-exempel-utmarkelser.jsonl\"",
        None,
        body,
    )
}
