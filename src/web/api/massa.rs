//! The organisers' JSON API for Goda exempelmässa editions: the whole edition in, the whole
//! edition out, with every conflict listed on 422.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use super::{ValidationErrors, draft_error, unprocessable};
use crate::catalogue::{
    Change, EditionDraft, changes, load_edition, save_edition, to_draft, validate,
};
use crate::model::{Example, ExampleId};
use crate::web::auth::ApiOrganiser;
use crate::web::body::ApiBody;
use crate::web::error::{ApiError, ErrorBody};
use crate::web::{AppState, WebError, today};

fn year_of(year: &str) -> Result<i16, ApiError> {
    year.parse::<i16>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or(ApiError(WebError::NotFound))
}

fn lookup(state: &AppState) -> impl Fn(&ExampleId) -> Option<Example> + '_ {
    move |id| state.submissions().review_view(id, today()).map(|(e, _)| e)
}

fn unreadable(problems: Vec<crate::corpus::Problem>) -> ApiError {
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    ApiError(WebError::Internal(format!(
        "the stored edition is not valid: {}",
        text.join("; ")
    )))
}

/// One edition, as stored.
#[utoipa::path(
    get, path = "/api/admin/massa/{year}", tag = "organisers",
    params(("year" = i16, Path, description = "The edition's year")),
    responses(
        (status = 200, description = "The edition", body = EditionDraft),
        (status = 401, description = "No organiser's session or API token", body = ErrorBody),
        (status = 404, description = "No edition that year", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_edition(
    State(state): State<AppState>,
    _organiser: ApiOrganiser,
    Path(year): Path<String>,
) -> Result<Json<EditionDraft>, ApiError> {
    let year = year_of(&year)?;
    let edition =
        load_edition(state.submissions().corpus(), year, &lookup(&state)).map_err(unreadable)?;
    edition
        .map(|e| Json(to_draft(&e)))
        .ok_or(ApiError(WebError::NotFound))
}

/// Create or replace an edition. Changes to a published programme are added to its
/// changelog, which visitors see.
#[utoipa::path(
    put, path = "/api/admin/massa/{year}", tag = "organisers",
    params(("year" = i16, Path, description = "The edition's year")),
    request_body(content = EditionDraft, content_type = "application/json"),
    responses(
        (status = 200, description = "Saved", body = EditionDraft),
        (status = 400, description = "The body is not an edition in JSON", body = ErrorBody),
        (status = 401, description = "No organiser's session or API token", body = ErrorBody),
        (status = 422, description = "Every field that is wrong and every conflict", body = ValidationErrors),
    ),
    security(("bearer" = []))
)]
pub async fn put_edition(
    State(state): State<AppState>,
    _organiser: ApiOrganiser,
    Path(year): Path<String>,
    ApiBody(body): ApiBody,
) -> Result<Response, ApiError> {
    let year = year_of(&year)?;
    let mut draft: EditionDraft = serde_json::from_slice(&body)
        .map_err(|e| draft_error("body", format!("not an edition: {e}")))?;
    let corpus = state.submissions().corpus();
    let examples = lookup(&state);
    let before = load_edition(corpus, year, &examples).map_err(unreadable)?;
    // The changelog is the service's to keep; what a client sends in it is ignored.
    draft.changelog = before
        .as_ref()
        .map(|b| b.changelog.clone())
        .unwrap_or_default();
    let mut edition = match validate(year, draft, &examples) {
        Ok(e) => e,
        Err(errors) => return Ok(unprocessable(errors)),
    };
    if let Some(before) = before.filter(|b| b.published) {
        let title = |id: &ExampleId| examples(id).map_or_else(|| id.to_string(), |e| e.title);
        let date = today().to_string();
        for text in changes(&before, &edition, &title) {
            edition.changelog.push(Change {
                date: date.clone(),
                text,
            });
        }
    }
    save_edition(corpus, &edition).map_err(|e| ApiError(WebError::Internal(e.to_string())))?;
    Ok(Json(to_draft(&edition)).into_response())
}
