//! The organisers' JSON API: the queue, status changes and edits. Every call needs an
//! organiser's session or `Authorization: Bearer` API token; without one it is a 401.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::{HitDto, ValidationErrors, draft_error, example_json, unprocessable};
use crate::corpus::FieldError;
use crate::model::{ExampleId, Status};
use crate::submission::{ReviewError, SubmitError};
use crate::web::auth::ApiOrganiser;
use crate::web::error::{ApiError, ErrorBody};
use crate::web::{AppState, WebError, today};

/// Similar published examples listed with each queued one.
const SIMILAR_IN_QUEUE: usize = 5;

/// One example in the review queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueuedDto {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub unit: String,
    pub organisation: String,
    /// `submitted` or `changes_requested`.
    pub status: Status,
    #[schema(value_type = String, format = Date)]
    pub created: jiff::civil::Date,
    /// The published examples most like it, to spot duplicates.
    pub similar: Vec<HitDto>,
}

/// The review queue, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueResponse {
    pub queue: Vec<QueuedDto>,
}

/// A status change.
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChangeDto {
    /// The new status.
    pub status: Status,
    /// Required for `changes_requested` and `rejected`: the unit sees it.
    #[serde(default)]
    pub comment: Option<String>,
}

/// An example's id and status after a change.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangedDto {
    pub id: String,
    pub status: Status,
}

fn parse_id(id: &str) -> Result<ExampleId, ApiError> {
    ExampleId::parse(id).map_err(|_| ApiError(WebError::NotFound))
}

/// The review queue with each example's most similar published examples.
#[utoipa::path(
    get, path = "/api/admin/queue", tag = "organisers",
    responses(
        (status = 200, description = "Submitted and changes-requested examples, oldest first", body = QueueResponse),
        (status = 401, description = "No organiser's session or API token", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn queue(
    State(state): State<AppState>,
    _organiser: ApiOrganiser,
) -> Result<Json<QueueResponse>, ApiError> {
    let queue = state
        .workflow()
        .queue(SIMILAR_IN_QUEUE, today())
        .map_err(|e| ApiError(WebError::Internal(e.to_string())))?;
    let mut out = Vec::with_capacity(queue.len());
    for crate::submission::Queued {
        example: e,
        similar,
    } in queue
    {
        out.push(QueuedDto {
            id: e.id.to_string(),
            title: e.title,
            summary: e.summary,
            unit: e.unit,
            organisation: e.organisation,
            status: e.status,
            created: e.created,
            similar: similar.iter().map(HitDto::from).collect(),
        });
    }
    Ok(Json(QueueResponse { queue: out }))
}

/// Change an example's status: publish, request changes, reject, archive. Publishing makes it
/// searchable at once; any other status removes it from every public page.
#[utoipa::path(
    post, path = "/api/admin/examples/{id}/status", tag = "organisers",
    params(("id" = String, Path, description = "The example's id")),
    request_body(content = StatusChangeDto, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed and recorded", body = ChangedDto),
        (status = 400, description = "The body is not such a JSON object", body = ErrorBody),
        (status = 401, description = "No organiser's session or API token", body = ErrorBody),
        (status = 404, description = "No example with this id", body = ErrorBody),
        (status = 422, description = "The change is not allowed or lacks a comment", body = ValidationErrors),
    ),
    security(("bearer" = []))
)]
pub async fn set_status(
    State(state): State<AppState>,
    ApiOrganiser(name): ApiOrganiser,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    crate::web::body::ApiBody(body): crate::web::body::ApiBody,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let change: StatusChangeDto = serde_json::from_slice(&body)
        .map_err(|e| draft_error("body", format!("expected {{\"status\", \"comment\"}}: {e}")))?;
    // Optional here: a status change is a command, but one made on a reviewed revision can
    // say so and be refused when the text changed since.
    let reviewed = headers
        .get(axum::http::header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(|t| crate::web::etag_value(t).to_owned())
        .filter(|t| t != "*");
    // Writing, indexing and queueing mail are blocking work: off the async workers.
    let changed = crate::web::off_the_runtime(&state, move |state| {
        let StatusChangeDto { status, comment } = change;
        let workflow = state.mailing_workflow(&[]);
        workflow.set_status(&id, status, &name, comment, reviewed.as_deref(), today())
    })
    .await
    .map_err(ApiError)?;
    match changed {
        Ok(example) => Ok(Json(ChangedDto {
            id: example.id.to_string(),
            status: example.status,
        })
        .into_response()),
        Err(e) => review_refused(e),
    }
}

/// The API's answer to a refused status change.
fn review_refused(e: ReviewError) -> Result<Response, ApiError> {
    match e {
        ReviewError::NotFound => Err(ApiError(WebError::NotFound)),
        ReviewError::Corpus(e) => Err(ApiError(WebError::StorageUnavailable(e.to_string()))),
        ReviewError::Changed => Err(ApiError(WebError::Conflict(e.to_string()))),
        ReviewError::CommentRequired(_) | ReviewError::CommentTooLong => {
            Ok(unprocessable(vec![FieldError::new(
                "comment",
                e.to_string(),
            )]))
        }
        ReviewError::NotAllowed { .. } => Ok(unprocessable(vec![FieldError::new(
            "status",
            e.to_string(),
        )])),
    }
}

/// Replace an example's fields (the unit's fields plus `body`); its status stays. A published
/// example's new text is searchable at once.
#[utoipa::path(
    put, path = "/api/admin/examples/{id}", tag = "organisers",
    params(("id" = String, Path, description = "The example's id")),
    request_body(content = super::SubmissionDto, content_type = "application/json"),
    responses(
        (status = 200, description = "Saved, with the new revision as `ETag`", body = ChangedDto),
        (status = 400, description = "The body is not a JSON object", body = ErrorBody),
        (status = 401, description = "No organiser's session or API token", body = ErrorBody),
        (status = 404, description = "No example with this id", body = ErrorBody),
        (status = 409, description = "The example was changed since the `If-Match` revision; nothing was written", body = ErrorBody),
        (status = 422, description = "Fields are wrong; every one is listed", body = ValidationErrors),
        (status = 428, description = "No `If-Match`", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn replace(
    State(state): State<AppState>,
    _organiser: ApiOrganiser,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    crate::web::body::ApiBody(body): crate::web::body::ApiBody,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let expected = super::if_match(&headers, state.submissions().revision(&id).is_some())?;
    let (fields, markdown) = match example_json(&body) {
        Ok(parts) => parts,
        Err(response) => return Ok(*response),
    };
    let target = id.clone();
    let replaced = crate::web::off_the_runtime(&state, move |state| {
        let edit = crate::submission::Edit {
            fields: &fields,
            body: &markdown,
            expected: expected.as_deref(),
        };
        state.workflow().replace(&target, edit, today())
    })
    .await
    .map_err(ApiError)?;
    match replaced {
        Ok(example) => {
            let changed = Json(ChangedDto {
                id: example.id.to_string(),
                status: example.status,
            });
            Ok(match state.submissions().revision(&id) {
                Some(revision) => super::with_etag(&revision, changed),
                None => changed.into_response(),
            })
        }
        Err(SubmitError::Conflict { revision, .. }) => Err(ApiError(WebError::Conflict(format!(
            "the example was changed since the revision in If-Match; it is now \"{revision}\": GET it, apply the change again and send that ETag"
        )))),
        Err(SubmitError::Invalid(errors)) => Ok(unprocessable(errors)),
        Err(SubmitError::NotFound) => Err(ApiError(WebError::NotFound)),
        Err(e) => Err(ApiError(WebError::Internal(e.to_string()))),
    }
}
