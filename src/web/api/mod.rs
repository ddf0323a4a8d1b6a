//! The JSON API, described by an OpenAPI document generated from these handlers.

mod admin;
pub(crate) mod adoptions;
mod dto;
mod massa;

use std::sync::LazyLock;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;

use crate::model::ExampleId;
use crate::search::ParamError;
use crate::web::error::{ApiError, ErrorBody};
use crate::web::{AppState, WebError, params};
pub use dto::{
    CompletionDto, DraftDto, ExampleDto, FacetValue, FacetsDto, FieldErrorDto, HitDto,
    SearchResponse, SimilarResponse, SubmissionDto, SubmittedDto, SuggestResponse,
    ValidationErrors,
};

/// The OpenAPI document of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Goda exempel API",
        description = "Read access to the published good examples of the City of Stockholm: search with facets, single examples and similar examples.",
        version = env!("CARGO_PKG_VERSION")
    ),
    paths(
        search, suggest, example, similar, similar_to_draft, create_example, openapi_json, readyz,
        admin::queue, admin::set_status, admin::replace, massa::get_edition, massa::put_edition,
        adoptions::create, adoptions::list, adoptions::waiting, adoptions::decide
    ),
    components(schemas(
        SearchResponse, HitDto, FacetsDto, FacetValue, SimilarResponse, ExampleDto, ErrorBody, SuggestResponse,
        Readiness, MeaningStatus,
        CompletionDto,
        DraftDto,
        SubmissionDto,
        SubmittedDto,
        FieldErrorDto,
        ValidationErrors,
        admin::QueueResponse,
        admin::QueuedDto,
        admin::StatusChangeDto,
        admin::ChangedDto,
        crate::catalogue::EditionDraft,
        crate::catalogue::HoursDraft,
        crate::catalogue::Theme,
        crate::catalogue::EntryDraft,
        crate::catalogue::SessionDraft,
        crate::catalogue::SessionKind,
        crate::catalogue::Change,
        crate::model::AwardBadge,
        crate::model::AwardResult,
        crate::model::Stage,
        adoptions::AdoptionInput,
        adoptions::ReportedDto,
        adoptions::AdoptionDto,
        adoptions::AdoptionsResponse,
        adoptions::WaitingDto,
        adoptions::WaitingResponse,
        adoptions::DecisionDto
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "examples", description = "Published good examples, and submitting new ones"),
        (name = "organisers", description = "Review: needs an organiser's session or API token")
    )
)]
pub struct ApiDoc;

/// Declares the `Authorization: Bearer` API tokens of `goda organiser token`.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "An organiser's API token from `goda organiser token NAME`",
            ))
            .build();
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

pub use admin::{queue as admin_queue, replace as admin_replace, set_status as admin_set_status};
pub use massa::{get_edition as admin_get_edition, put_edition as admin_put_edition};

/// A JSON answer with `revision` as its strong `ETag`.
fn with_etag(revision: &str, body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    if let Ok(value) = axum::http::HeaderValue::from_str(&format!("\"{revision}\"")) {
        response
            .headers_mut()
            .insert(axum::http::header::ETAG, value);
    }
    response
}

/// The revision a change was made on, from `If-Match`: `Some(revision)`; `None` for `*`
/// (whatever is stored); `Some("")` without `If-Match` for a resource that does not exist
/// yet (it must still not exist when it is written, so that two creations at once cannot
/// both succeed). On `Err` (a resource that `exists` and no `If-Match`) a 428 that says what
/// to send.
fn if_match(headers: &axum::http::HeaderMap, exists: bool) -> Result<Option<String>, ApiError> {
    let value = headers
        .get(axum::http::header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    match value {
        Some("*") => Ok(None),
        Some(tag) => Ok(Some(crate::web::etag_value(tag).to_owned())),
        None if !exists => Ok(Some(String::new())),
        None => Err(ApiError(WebError::PreconditionRequired(
            "send the ETag of the version the change was made on as If-Match (GET gives it), or If-Match: * to replace whatever is stored".into(),
        ))),
    }
}

static OPENAPI: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(ApiDoc::openapi);

/// Search by meaning, as `/readyz` reports it.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct MeaningStatus {
    /// Whether searches use meaning now.
    pub ready: bool,
    /// Why there is no search by meaning (no model, or an unreadable one), if so.
    pub unavailable: Option<String>,
    /// Published examples with a vector.
    pub embedded: usize,
    /// Published examples to embed in all.
    pub total: usize,
}

/// What `/readyz` answers.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Readiness {
    /// `ok`: the site answers (searches match words until meaning is ready).
    pub status: &'static str,
    /// Published examples in the index.
    pub examples: u64,
    /// Whether the index has caught up with the corpus files since the server started: for the
    /// first seconds of a start on a large corpus, answers come from the index as it stood
    /// when the server last stopped.
    pub synced: bool,
    /// `hybrid` (words and meaning) or `lexical` (words only).
    pub search: &'static str,
    /// Search by meaning.
    pub meaning: MeaningStatus,
}

/// Readiness: the site answers, and how far search by meaning has come.
#[utoipa::path(
    get, path = "/readyz", tag = "examples",
    responses((status = 200, description = "The site answers; `search` says how", body = Readiness))
)]
pub async fn readyz(State(state): State<AppState>) -> Json<Readiness> {
    let status = state.search().index().semantic().map(|s| s.status());
    let meaning = match status {
        Some(s) => MeaningStatus {
            ready: s.ready,
            unavailable: s.unavailable,
            embedded: s.embedded,
            total: s.total,
        },
        None => MeaningStatus {
            ready: false,
            unavailable: Some("search by meaning is not started".into()),
            embedded: 0,
            total: 0,
        },
    };
    Json(Readiness {
        status: "ok",
        examples: state.search().count(),
        synced: state.search().index().is_synced(),
        search: if meaning.ready { "hybrid" } else { "lexical" },
        meaning,
    })
}

/// Search published examples.
#[utoipa::path(
    get, path = "/api/search", tag = "examples",
    params(dto::SearchParams),
    responses(
        (status = 200, description = "A page of hits with facet counts", body = SearchResponse),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = ErrorBody),
        (status = 500, description = "The server failed", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = params::search_request(raw.as_deref(), state.editions())?;
    let results =
        crate::web::off_the_runtime(&state, move |state| state.search().search(&request)).await??;
    state.count_search(&results);
    Ok(Json((&results).into()))
}

/// The most completions `/api/suggest` returns.
const MAX_COMPLETIONS: usize = 8;

/// Completions for a search box, fast enough to call on every keystroke.
#[utoipa::path(
    get, path = "/api/suggest", tag = "examples",
    params(dto::SuggestParams),
    responses(
        (status = 200, description = "Up to 8 completions: titles, then terms", body = SuggestResponse),
        (status = 500, description = "The server failed", body = ErrorBody),
    )
)]
pub async fn suggest(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SuggestResponse>, ApiError> {
    let typed: String = params::pairs(raw.as_deref())
        .into_iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.chars().take(crate::search::MAX_QUERY_CHARS).collect())
        .unwrap_or_default();
    let completions = state.search().suggest(&typed, MAX_COMPLETIONS)?;
    Ok(Json(SuggestResponse {
        completions: completions.iter().map(CompletionDto::from).collect(),
    }))
}

fn parse_id(id: &str) -> Result<ExampleId, ApiError> {
    ExampleId::parse(id).map_err(|_| ApiError(WebError::NotFound))
}

/// One published example, with its body as Markdown and as HTML.
#[utoipa::path(
    get, path = "/api/examples/{id}", tag = "examples",
    params(("id" = String, Path, description = "The example's id")),
    responses(
        (status = 200, description = "The example, with its revision as `ETag` (for `If-Match` on a change); no `ETag` while its file says something else than the index (changed by hand since the last sync)", body = ExampleDto),
        (status = 404, description = "No published example has this id", body = ErrorBody),
        (status = 500, description = "The server failed", body = ErrorBody),
    )
)]
pub async fn example(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let stored = state.search().get(&id)?.ok_or(WebError::NotFound)?;
    // The revision of what is shown: none while the file says something else (the index
    // catches up at the next sync), so a change cannot be made on the older text.
    let revision = state
        .submissions()
        .revision_if_same(&stored.example, crate::web::today());
    let dto: ExampleDto = stored.into();
    Ok(match revision {
        Some(revision) => with_etag(&revision, Json(dto)),
        None => Json(dto).into_response(),
    })
}

/// The most similar published examples to one example, never the example itself.
#[utoipa::path(
    get, path = "/api/examples/{id}/similar", tag = "examples",
    params(("id" = String, Path, description = "The example's id"), dto::SimilarParams),
    responses(
        (status = 200, description = "Similar examples, most similar first", body = SimilarResponse),
        (status = 400, description = "`limit` is not a whole number from 1 to 20", body = ErrorBody),
        (status = 404, description = "No published example has this id", body = ErrorBody),
        (status = 500, description = "The server failed", body = ErrorBody),
    )
)]
pub async fn similar(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SimilarResponse>, ApiError> {
    let limit = similar_limit(raw.as_deref())?;
    let id = parse_id(&id)?;
    let hits = state
        .search()
        .similar(&id, limit)?
        .ok_or(WebError::NotFound)?;
    Ok(Json(SimilarResponse {
        hits: hits.iter().map(HitDto::from).collect(),
    }))
}

/// The default and largest `limit` of similar examples.
const SIMILAR_DEFAULT: usize = 5;
const SIMILAR_MAX: usize = 20;

fn similar_limit(raw: Option<&str>) -> Result<usize, ParamError> {
    let mut limit = SIMILAR_DEFAULT;
    for (k, v) in params::pairs(raw) {
        if k == "limit" {
            limit = v
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=SIMILAR_MAX).contains(n))
                .ok_or_else(|| ParamError {
                    param: "limit".into(),
                    message: format!(
                        "\"{v}\" is not allowed; use a whole number from 1 to {SIMILAR_MAX}"
                    ),
                })?;
        }
    }
    Ok(limit)
}

/// The most characters of a draft's title and summary that `POST /api/similar` reads.
const DRAFT_TEXT_CHARS: usize = 2_000;

pub(crate) fn draft_error(param: &str, message: String) -> ApiError {
    ApiError(WebError::BadParam(ParamError {
        param: param.into(),
        message,
    }))
}

/// The published examples most like a draft being written: advice, shown while a unit types.
#[utoipa::path(
    post, path = "/api/similar", tag = "examples",
    request_body(content = DraftDto, description = "The draft's title, summary and Markdown body", content_type = "application/json"),
    responses(
        (status = 200, description = "Up to 5 similar published examples, most similar first", body = SimilarResponse),
        (status = 400, description = "The request body is not such a JSON object, or a field is too long; `parameter` names it", body = ErrorBody),
        (status = 500, description = "The server failed", body = ErrorBody),
    )
)]
pub async fn similar_to_draft(
    State(state): State<AppState>,
    crate::web::body::ApiBody(body): crate::web::body::ApiBody,
) -> Result<Json<SimilarResponse>, ApiError> {
    let draft: DraftDto = serde_json::from_slice(&body).map_err(|e| {
        draft_error(
            "body",
            format!("väntade ett JSON-objekt med texterna title, summary och body: {e}"),
        )
    })?;
    for (field, text) in [("title", &draft.title), ("summary", &draft.summary)] {
        let n = text.chars().count();
        if n > DRAFT_TEXT_CHARS {
            return Err(draft_error(
                field,
                format!("`{field}` är {n} tecken långt; högst {DRAFT_TEXT_CHARS} tecken läses"),
            ));
        }
    }
    if draft.body.len() > crate::model::MAX_BODY_BYTES {
        let n = draft.body.len();
        return Err(draft_error(
            "body",
            format!(
                "`body` är {n} byte; högst {} byte går",
                crate::model::MAX_BODY_BYTES
            ),
        ));
    }
    let hits = crate::web::off_the_runtime(&state, move |state| {
        state
            .search()
            .similar_to_draft(&draft.title, &draft.summary, &draft.body, SIMILAR_DEFAULT)
    })
    .await??;
    Ok(Json(SimilarResponse {
        hits: hits.iter().map(HitDto::from).collect(),
    }))
}

/// An example sent as JSON: its fields as corpus fields, and its Markdown `body`.
///
/// On `Err` the answer to send: 400 when the request body is not a JSON object, 422 when
/// `body` is not a string.
pub(crate) fn example_json(
    body: &[u8],
) -> Result<(toml::Table, String), Box<axum::response::Response>> {
    let not_object = || {
        Box::new(
            draft_error(
                "body",
                "expected a JSON object with the example's fields".into(),
            )
            .into_response(),
        )
    };
    let Ok(serde_json::Value::Object(mut map)) = serde_json::from_slice::<serde_json::Value>(body)
    else {
        return Err(not_object());
    };
    let markdown = match map.remove("body") {
        Some(serde_json::Value::String(b)) => b,
        None | Some(serde_json::Value::Null) => String::new(),
        Some(_) => {
            let error =
                crate::corpus::FieldError::new("body", "`body` ska vara en text i Markdown");
            return Err(Box::new(unprocessable(vec![error])));
        }
    };
    let fields =
        crate::corpus::json_to_table(serde_json::Value::Object(map)).ok_or_else(not_object)?;
    Ok((fields, markdown))
}

/// 422 with every field that could not be used.
pub(crate) fn unprocessable(errors: Vec<crate::corpus::FieldError>) -> axum::response::Response {
    let errors = errors
        .into_iter()
        .map(|e| FieldErrorDto {
            field: e.field,
            message: e.message,
        })
        .collect();
    (
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        Json(ValidationErrors { errors }),
    )
        .into_response()
}

/// Submit a new example. It is stored with status `submitted` and is not public until an
/// organiser publishes it.
#[utoipa::path(
    post, path = "/api/examples", tag = "examples",
    request_body(content = SubmissionDto, content_type = "application/json"),
    responses(
        (status = 201, description = "Stored; `edit_url` is the unit's private page", body = SubmittedDto),
        (status = 400, description = "The request body is not a JSON object", body = ErrorBody),
        (status = 422, description = "Fields are wrong; every one is listed", body = ValidationErrors),
        (status = 429, description = "Too many submissions from this address", body = ErrorBody),
        (status = 500, description = "The server failed", body = ErrorBody),
    )
)]
pub async fn create_example(
    State(state): State<AppState>,
    crate::web::auth::ClientIp(ip): crate::web::auth::ClientIp,
    crate::web::body::ApiBody(body): crate::web::body::ApiBody,
) -> Result<axum::response::Response, ApiError> {
    if !state.may_submit(ip) {
        let message =
            "too many submissions from this address; wait a minute and try again".to_owned();
        return Err(ApiError(WebError::TooMany(message)));
    }
    let (fields, markdown) = match example_json(&body) {
        Ok(parts) => parts,
        Err(response) => return Ok(*response),
    };
    let today = crate::web::today();
    let editors = state.notified();
    let workflow = state.mailing_workflow(&editors);
    match workflow.submit(fields, &markdown, today) {
        Ok(receipt) => {
            let created = SubmittedDto {
                id: receipt.id.to_string(),
                status: receipt.status,
                edit_url: crate::web::pages::edit_link(&receipt.id, &receipt.token),
            };
            Ok((axum::http::StatusCode::CREATED, Json(created)).into_response())
        }
        Err(crate::submission::SubmitError::Invalid(errors)) => Ok(unprocessable(errors)),
        Err(crate::submission::SubmitError::Corpus(e)) => {
            Err(ApiError(WebError::StorageUnavailable(e.to_string())))
        }
        Err(e) => Err(ApiError(WebError::Internal(e.to_string()))),
    }
}

/// This document.
#[utoipa::path(
    get, path = "/api/openapi.json", tag = "examples",
    responses((status = 200, description = "The OpenAPI 3 document of this API", content_type = "application/json"))
)]
pub async fn openapi_json() -> Json<&'static utoipa::openapi::OpenApi> {
    Json(&OPENAPI)
}
