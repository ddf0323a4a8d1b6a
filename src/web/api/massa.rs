//! The organisers' JSON API for Goda exempelmässa editions: the whole edition in, the whole
//! edition out, with every conflict listed on 422.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;

use super::{ValidationErrors, draft_error, unprocessable};
use crate::catalogue::{EditionDraft, SaveError, parse_year, revision, to_draft};
use crate::web::auth::ApiOrganiser;
use crate::web::body::ApiBody;
use crate::web::error::{ApiError, ErrorBody};
use crate::web::{AppState, WebError, today};

fn year_of(year: &str) -> Result<i16, ApiError> {
    parse_year(year).ok_or(ApiError(WebError::NotFound))
}

/// One edition, as stored.
#[utoipa::path(
    get, path = "/api/admin/massa/{year}", tag = "organisers",
    params(("year" = i16, Path, description = "The edition's year")),
    responses(
        (status = 200, description = "The edition, with its revision as `ETag`", body = EditionDraft),
        (status = 401, description = "No organiser's session or API token", body = ErrorBody),
        (status = 404, description = "No edition that year", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_edition(
    State(state): State<AppState>,
    _organiser: ApiOrganiser,
    Path(year): Path<String>,
) -> Result<Response, ApiError> {
    let year = year_of(&year)?;
    let edition = state
        .editions()
        .get(year)
        .ok_or(ApiError(WebError::NotFound))?;
    Ok(super::with_etag(
        &revision(&edition),
        Json(to_draft(&edition)),
    ))
}

/// Create or replace an edition. Changes to a published programme are added to its
/// changelog, which visitors see.
#[utoipa::path(
    put, path = "/api/admin/massa/{year}", tag = "organisers",
    params(
        ("year" = i16, Path, description = "The edition's year"),
        ("If-Match" = String, Header, description = "The `ETag` of the edition the change was made on (`*`: whatever is stored); required when the edition exists"),
    ),
    request_body(content = EditionDraft, content_type = "application/json"),
    responses(
        (status = 200, description = "Saved, with the new revision as `ETag`", body = EditionDraft),
        (status = 409, description = "The edition was changed since the `If-Match` revision; nothing was written", body = ErrorBody),
        (status = 428, description = "No `If-Match` for an edition that exists", body = ErrorBody),
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
    headers: axum::http::HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<Response, ApiError> {
    let year = year_of(&year)?;
    let expected = super::if_match(&headers, state.editions().get(year).is_some())?;
    let draft: EditionDraft = serde_json::from_slice(&body)
        .map_err(|e| draft_error("body", format!("not an edition: {e}")))?;
    match state.editions().save(
        year,
        draft,
        expected.as_deref(),
        &|id| state.any_example(id),
        today(),
    ) {
        Ok(edition) => Ok(super::with_etag(
            &revision(&edition),
            Json(to_draft(&edition)),
        )),
        Err(SaveError::Invalid(errors)) => Ok(unprocessable(errors)),
        Err(SaveError::Conflict { current, .. }) => Err(ApiError(WebError::Conflict(format!(
            "the edition was changed since the revision in If-Match; it is now \"{}\": GET it, apply the change again and send that ETag",
            revision(&current)
        )))),
        Err(e @ SaveError::Unreadable(_)) => Err(ApiError(WebError::Conflict(e.to_string()))),
        Err(SaveError::Write(e)) => Err(ApiError(WebError::Internal(e.to_string()))),
    }
}
