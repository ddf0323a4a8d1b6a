//! The adoption reports as JSON: a unit reports ("Vi har infört detta"), anyone lists an
//! example's approved reports, organisers list the waiting ones and decide.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{draft_error, unprocessable};
use crate::model::{Adoption, Area, ExampleId, Stage, Status};
use crate::spread::{REPORT_FIELDS, ReportError, check_fields, report_link};
use crate::web::auth::{ApiOrganiser, ClientIp};
use crate::web::body::ApiBody;
use crate::web::error::{ApiError, ErrorBody};
use crate::web::{AppState, WebError, today};

/// A report as the unit sends it.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // documents the body; the handler reads it field by field to name errors
pub struct AdoptionInput {
    /// The unit that adopted the example.
    pub unit: String,
    /// Its förvaltning or bolag.
    pub organisation: String,
    pub area: Area,
    /// The month the unit began, `YYYY-MM`, not in the future.
    #[schema(example = "2025-03")]
    pub since: String,
    pub stage: Stage,
    /// Why the unit stopped; required when `stage` is `slutat`.
    pub reason: Option<String>,
    /// What the unit changed and what happened, at most 1 000 characters.
    pub text: String,
    pub contact_name: Option<String>,
    /// Never shown publicly.
    pub contact_email: Option<String>,
}

/// A stored report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportedDto {
    /// `{example}/{number}`.
    pub key: String,
    pub status: Status,
    /// The unit's private page of its report (keep it: it holds the edit token).
    pub edit_url: String,
}

/// An approved adoption, as anyone may read it (no e-mail address).
#[derive(Debug, Serialize, ToSchema)]
pub struct AdoptionDto {
    pub example: String,
    pub number: u32,
    pub unit: String,
    pub organisation: String,
    pub area: Area,
    /// `YYYY-MM`.
    pub since: String,
    pub stage: Stage,
    pub reason: Option<String>,
    pub text: String,
    pub contact_name: Option<String>,
    /// When the report was approved or last changed.
    #[schema(value_type = String, format = Date, example = "2025-04-01")]
    pub updated: jiff::civil::Date,
}

impl From<&Adoption> for AdoptionDto {
    fn from(a: &Adoption) -> Self {
        Self {
            example: a.example.to_string(),
            number: a.number,
            unit: a.unit.clone(),
            organisation: a.organisation.clone(),
            area: a.area,
            since: a.since.to_string(),
            stage: a.stage,
            reason: a.reason.clone(),
            text: a.text.clone(),
            contact_name: a.contact_name.clone(),
            updated: a.updated,
        }
    }
}

/// The approved adoptions of one example.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdoptionsResponse {
    pub adoptions: Vec<AdoptionDto>,
}

/// A waiting report, for organisers (with its revision, to decide on it).
#[derive(Debug, Serialize, ToSchema)]
pub struct WaitingDto {
    #[serde(flatten)]
    pub adoption: AdoptionDto,
    pub contact_email: Option<String>,
    #[schema(value_type = String, format = Date, example = "2025-03-15")]
    pub created: jiff::civil::Date,
    /// Send it back as `revision` to refuse the decision if the report changed since.
    pub revision: String,
}

/// The reports waiting for review, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct WaitingResponse {
    pub waiting: Vec<WaitingDto>,
}

/// An organiser's decision on a report.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionDto {
    /// `published` (shown on the example) or `rejected`.
    pub status: Status,
    /// A word to the unit, shown on its private page.
    pub comment: Option<String>,
    /// The revision decided on; refused with 409 if the report changed since.
    pub revision: Option<String>,
}

fn published(state: &AppState, id: &str) -> Result<ExampleId, ApiError> {
    let id = ExampleId::parse(id).map_err(|_| ApiError(WebError::NotFound))?;
    match state.search().get(&id) {
        Ok(Some(_)) => Ok(id),
        Ok(None) => Err(ApiError(WebError::NotFound)),
        Err(e) => Err(ApiError(WebError::from(e))),
    }
}

/// Report that your unit tried or adopted a published example. The report waits for an
/// organiser before it shows.
#[utoipa::path(
    post, path = "/api/examples/{id}/adoptions", tag = "examples",
    params(("id" = String, Path, description = "The example's id")),
    request_body(content = AdoptionInput, content_type = "application/json"),
    responses(
        (status = 201, description = "Stored, waiting for review", body = ReportedDto),
        (status = 400, description = "The body is not a JSON object", body = ErrorBody),
        (status = 404, description = "No published example with this id", body = ErrorBody),
        (status = 422, description = "Fields are wrong; every one is listed", body = super::ValidationErrors),
        (status = 429, description = "Too many reports from this address", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiBody(body): ApiBody,
) -> Result<Response, ApiError> {
    let id = published(&state, &id)?;
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(&body)
    else {
        return Err(draft_error(
            "body",
            "expected a JSON object with the report's fields".into(),
        ));
    };
    let fields = crate::corpus::json_to_table(serde_json::Value::Object(map)).ok_or_else(|| {
        draft_error(
            "body",
            format!("expected the fields {}", REPORT_FIELDS.join(", ")),
        )
    })?;
    let organisations = state.submissions().organisations();
    let fields = match check_fields(&fields, today(), Some(&organisations)) {
        Ok(f) => f,
        Err(errors) => return Ok(unprocessable(errors)),
    };
    if !state.may_submit(ip) {
        return Err(ApiError(WebError::TooMany(
            "too many reports from this address; wait a minute and try again".into(),
        )));
    }
    let stored = crate::web::off_the_runtime(&state, move |state| {
        let stored = state.spread().adoptions().report(&id, fields, today());
        if stored.is_ok() {
            state.spread_changed();
        }
        stored
    })
    .await
    .map_err(ApiError)?;
    match stored {
        Ok((adoption, token)) => Ok((
            StatusCode::CREATED,
            Json(ReportedDto {
                key: adoption.key(),
                status: adoption.status,
                edit_url: report_link(&adoption, &token),
            }),
        )
            .into_response()),
        Err(ReportError::Invalid(errors)) => Ok(unprocessable(errors)),
        Err(e) => Err(ApiError(WebError::StorageUnavailable(e.to_string()))),
    }
}

/// The approved adoptions of a published example, oldest first.
#[utoipa::path(
    get, path = "/api/examples/{id}/adoptions", tag = "examples",
    params(("id" = String, Path, description = "The example's id")),
    responses(
        (status = 200, description = "The approved reports", body = AdoptionsResponse),
        (status = 404, description = "No published example with this id", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<AdoptionsResponse>, ApiError> {
    let id = published(&state, &id)?;
    let adoptions = state.spread().snapshot().adoptions_of(&id);
    Ok(Json(AdoptionsResponse {
        adoptions: adoptions.iter().map(AdoptionDto::from).collect(),
    }))
}

/// The reports waiting for review, oldest first.
#[utoipa::path(
    get, path = "/api/admin/adoptions", tag = "organisers",
    responses(
        (status = 200, description = "Waiting reports", body = WaitingResponse),
        (status = 401, description = "No organiser's session or API token", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn waiting(
    State(state): State<AppState>,
    ApiOrganiser(_name): ApiOrganiser,
) -> Json<WaitingResponse> {
    let snapshot = state.spread().snapshot();
    let waiting = snapshot
        .waiting()
        .into_iter()
        .map(|r| WaitingDto {
            adoption: AdoptionDto::from(&r.adoption),
            contact_email: r.adoption.contact_email.clone(),
            created: r.adoption.created,
            revision: r.revision.clone(),
        })
        .collect();
    Json(WaitingResponse { waiting })
}

/// Approve (`published`) or reject a report; an approved one may later be rejected.
#[utoipa::path(
    post, path = "/api/admin/adoptions/{id}/{number}/status", tag = "organisers",
    params(
        ("id" = String, Path, description = "The example's id"),
        ("number" = u32, Path, description = "The report's number"),
    ),
    request_body(content = DecisionDto, content_type = "application/json"),
    responses(
        (status = 200, description = "Decided and recorded", body = AdoptionDto),
        (status = 400, description = "The body is not such a JSON object", body = ErrorBody),
        (status = 401, description = "No organiser's session or API token", body = ErrorBody),
        (status = 404, description = "No such report", body = ErrorBody),
        (status = 409, description = "The report changed since `revision`, or its example is not published", body = ErrorBody),
        (status = 422, description = "The decision is not allowed", body = super::ValidationErrors),
    ),
    security(("bearer" = []))
)]
pub async fn decide(
    State(state): State<AppState>,
    ApiOrganiser(name): ApiOrganiser,
    Path((id, number)): Path<(String, String)>,
    ApiBody(body): ApiBody,
) -> Result<Response, ApiError> {
    let id = ExampleId::parse(&id).map_err(|_| ApiError(WebError::NotFound))?;
    let number: u32 = number
        .parse()
        .ok()
        .filter(|_| !number.starts_with('0'))
        .ok_or(ApiError(WebError::NotFound))?;
    let decision: DecisionDto = serde_json::from_slice(&body).map_err(|e| {
        draft_error(
            "body",
            format!("expected {{\"status\", \"comment\", \"revision\"}}: {e}"),
        )
    })?;
    if !matches!(decision.status, Status::Published | Status::Rejected) {
        return Ok(unprocessable(vec![crate::corpus::FieldError::new(
            "status",
            "en rapport kan bara bli `published` eller `rejected`",
        )]));
    }
    if decision.status == Status::Published
        && state
            .search()
            .get(&id)
            .map_err(|e| ApiError(WebError::from(e)))?
            .is_none()
    {
        return Err(ApiError(WebError::Conflict(
            "the example is not published, so its report cannot be shown".into(),
        )));
    }
    let result = crate::web::off_the_runtime(&state, move |state| {
        let decided = state.spread().adoptions().set_status(
            (&id, number),
            decision.status,
            &name,
            decision.comment,
            decision.revision.as_deref(),
            today(),
        );
        if decided.is_ok() {
            state.spread_changed();
        }
        decided
    })
    .await
    .map_err(ApiError)?;
    match result {
        Ok(adoption) => Ok(Json(AdoptionDto::from(&adoption)).into_response()),
        Err(ReportError::NotFound) => Err(ApiError(WebError::NotFound)),
        Err(ReportError::Conflict { .. }) => Err(ApiError(WebError::Conflict(
            "the report changed since the revision given".into(),
        ))),
        Err(e @ ReportError::NotAllowed { .. }) => {
            Ok(unprocessable(vec![crate::corpus::FieldError::new(
                "status",
                e.to_string(),
            )]))
        }
        Err(ReportError::Invalid(errors)) => Ok(unprocessable(errors)),
        Err(ReportError::Corpus(e)) => Err(ApiError(WebError::StorageUnavailable(e.to_string()))),
    }
}
