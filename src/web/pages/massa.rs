//! The Goda exempelmässa for visitors: `/massa`, the catalogue `/massa/{year}` and its exports
//! (`.json`, `.csv`, `.ics`), and one session as `/massa/{year}/pass/{id}.ics`. An unpublished
//! edition is a 404 for everyone but organisers.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::catalogue::{
    CatalogueFilter, Edition, Kind, Listing, listings, matching, parse_year, to_csv, to_ics,
    to_json,
};
use crate::model::{Area, ExampleId, FocusArea, Vocabulary};
use crate::search::{ParamError, vocabulary_param};
use crate::views::{self, CatalogueView, EditionSummary};
use crate::web::auth::MaybeOrganiser;
use crate::web::{AppState, WebError, base_url, params};

/// `GET /massa`: the published editions.
pub async fn massa_index(State(state): State<AppState>) -> views::Markup {
    let editions = state.editions().published();
    let summaries: Vec<EditionSummary<'_>> = editions
        .iter()
        .map(|e| EditionSummary {
            edition: e,
            stands: e.entries.iter().filter(|x| x.stand.is_some()).count(),
            sessions: e.entries.iter().filter(|x| x.session.is_some()).count(),
        })
        .collect();
    views::massa_index_page(&summaries)
}

/// The edition of `year` as the asker may see it: published, or any for an organiser.
fn visible(
    state: &AppState,
    year: &str,
    organiser: &Option<String>,
) -> Result<Arc<Edition>, WebError> {
    let year = parse_year(year).ok_or(WebError::NotFound)?;
    state
        .editions()
        .get(year)
        .filter(|e| e.published || organiser.is_some())
        .ok_or(WebError::NotFound)
}

/// The entries of `edition` with their examples: from the index when published, else from
/// their files (an example archived since the fair is still listed, without a link).
pub(crate) fn edition_listings(state: &AppState, edition: &Edition) -> Vec<Listing> {
    listings(edition, &|id| {
        state
            .search()
            .get(id)
            .ok()
            .flatten()
            .map(|s| s.example)
            .or_else(|| state.any_example(id))
    })
}

/// A vocabulary filter of the query string; an empty value (as a form sends "Alla") is none.
fn choice<V: Vocabulary>(param: &str, value: &str) -> Result<Option<V>, ParamError> {
    (!value.is_empty())
        .then(|| vocabulary_param(param, value))
        .transpose()
}

/// The visitor's filters from the query string; the text is searched for among the
/// edition's examples with the site's Swedish search.
fn filter(
    state: &AppState,
    edition: &Edition,
    raw: Option<&str>,
) -> Result<(CatalogueFilter, String), WebError> {
    let mut f = CatalogueFilter::default();
    let mut q = String::new();
    for (key, value) in params::pairs(raw) {
        match key.as_str() {
            "q" => q = value,
            "focus_area" => f.focus_area = choice::<FocusArea>("focus_area", &value)?,
            "area" => f.area = choice::<Area>("area", &value)?,
            "kind" if value.is_empty() => {}
            "kind" => {
                f.kind = Some(Kind::parse(&value).ok_or_else(|| ParamError {
                    param: "kind".into(),
                    message: format!(
                        "okänt värde \"{value}\"; tillåtet: `monter`, `seminarium` eller `workshop`"
                    ),
                })?)
            }
            _ => {}
        }
    }
    if !q.trim().is_empty() {
        f.ids = Some(matching(state.search(), edition, &q)?);
    }
    Ok((f, q))
}

fn attachment(content_type: &'static str, file_name: &str, body: impl IntoResponse) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

/// `GET /massa/{file}`: `2026` is the catalogue page; `2026.json`, `2026.csv` and
/// `2026.ics` are its exports.
pub async fn massa_file(
    State(state): State<AppState>,
    MaybeOrganiser(organiser): MaybeOrganiser,
    Path(file): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let (year, ext) = file.split_once('.').unwrap_or((&file, ""));
    let edition = visible(&state, year, &organiser)?;
    let all = edition_listings(&state, &edition);
    let base = base_url(&state, &headers);
    let name = format!("goda-exempelmassan-{}", edition.year);
    match ext {
        "" => {
            let (filter, q) = filter(&state, &edition, raw.as_deref())?;
            let view = CatalogueView {
                edition: &edition,
                listings: &all,
                filter: &filter,
                q: &q,
                preview: !edition.published,
                today: crate::web::today(),
            };
            Ok(views::catalogue_page(&view).into_response())
        }
        "json" => Ok(Json(to_json(&edition, &all, &base)).into_response()),
        "csv" => Ok(attachment(
            "text/csv; charset=utf-8",
            &format!("{name}.csv"),
            to_csv(&edition, &all, &base),
        )),
        "ics" => {
            let sessions: Vec<&Listing> = all.iter().collect();
            Ok(attachment(
                "text/calendar; charset=utf-8",
                &format!("{name}.ics"),
                to_ics(&edition, &sessions, &base),
            ))
        }
        _ => Err(WebError::NotFound),
    }
}

/// `GET /massa/{year}/pass/{id}.ics`: one session as a calendar event.
pub async fn session_ics(
    State(state): State<AppState>,
    MaybeOrganiser(organiser): MaybeOrganiser,
    Path((year, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let edition = visible(&state, &year, &organiser)?;
    let id = file
        .strip_suffix(".ics")
        .and_then(|id| ExampleId::parse(id).ok())
        .ok_or(WebError::NotFound)?;
    let all = edition_listings(&state, &edition);
    let one: Vec<&Listing> = all
        .iter()
        .filter(|l| l.entry.example_id == id && l.entry.session.is_some())
        .collect();
    if one.is_empty() {
        return Err(WebError::NotFound);
    }
    Ok(attachment(
        "text/calendar; charset=utf-8",
        &format!("{id}.ics"),
        to_ics(&edition, &one, &base_url(&state, &headers)),
    ))
}
