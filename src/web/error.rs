use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::search::ParamError;
use crate::views;

/// Everything a request can fail with. As a response it is a friendly HTML page; wrapped in
/// [`ApiError`] it is a JSON error body. Only server errors are logged.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Nothing public at this address (an unknown route, id or focus area).
    #[error("not found")]
    NotFound,
    /// The request needs an organiser's session or API token.
    #[error("unauthorized")]
    Unauthorized,
    /// Too many requests from one address.
    #[error("too many requests")]
    TooMany(String),
    /// A query parameter cannot be used.
    #[error(transparent)]
    BadParam(#[from] ParamError),
    /// The change was made on a revision that is no longer the stored one.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A change to a stored resource must say which revision it was made on (`If-Match`).
    #[error("precondition required: {0}")]
    PreconditionRequired(String),
    /// The request is refused as it is (a cross-site request, a wrong content type).
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The corpus could not be written (a full disk, a read-only mount); the detail is
    /// logged, not shown, and trying again later may work.
    #[error("storage unavailable: {0}")]
    StorageUnavailable(String),
    /// A posted form could not be read whole (more than the 2 MB a form may be).
    #[error("the form could not be read: {0}")]
    FormTooLarge(String),
    /// The server failed; the detail is logged, not shown.
    #[error("internal error: {0}")]
    Internal(String),
}

/// A query parameter as a visitor knows it.
fn param_sv(param: &str) -> &str {
    match param {
        "q" => "sökord",
        "page" => "sida",
        "per_page" => "antal per sida",
        "sort" => "sortering",
        "area" => "verksamhetsområde",
        "focus_area" => "fokusområde",
        "maturity" => "mognad",
        "organisation" => "förvaltning eller bolag",
        "year" => "år",
        "massa" => "Goda exempelmässan",
        "kind" => "typ",
        other => other,
    }
}

impl From<crate::index::IndexError> for WebError {
    fn from(e: crate::index::IndexError) -> Self {
        WebError::Internal(e.to_string())
    }
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Unauthorized => StatusCode::UNAUTHORIZED,
            WebError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::BadParam(_) => StatusCode::BAD_REQUEST,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::PreconditionRequired(_) => StatusCode::PRECONDITION_REQUIRED,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::StorageUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::FormTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn log(&self) {
        if let WebError::Internal(detail) | WebError::StorageUnavailable(detail) = self {
            tracing::error!(%detail, "request failed");
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        self.log();
        let page = match &self {
            WebError::NotFound => views::not_found_page(),
            WebError::Unauthorized => {
                views::error_page("Logga in", "Sidan är bara för redaktionen. Logga in först.")
            }
            WebError::TooMany(message) => views::error_page("För många försök", message),
            // The parameter's English detail is for the API; a visitor gets Swedish.
            WebError::BadParam(p) => views::error_page(
                "Sökningen kunde inte göras",
                &format!(
                    "Adressen innehåller ett värde som inte går att använda, i ”{}”. Gå tillbaka och sök igen, eller börja om från sökrutan.",
                    param_sv(&p.param)
                ),
            ),
            WebError::FormTooLarge(_) => views::error_page(
                "Formuläret kunde inte tas emot",
                "Det du skickade var större än 2 MB, så inget är sparat. Gå tillbaka, korta texten och försök igen.",
            ),
            WebError::Conflict(_) => views::error_page(
                "Någon annan hann före",
                "Det du ändrade har sparats av någon annan under tiden. Ladda om sidan och gör ändringen igen.",
            ),
            WebError::PreconditionRequired(_) | WebError::Forbidden(_) => views::error_page(
                "Begäran kunde inte tas emot",
                "Begäran saknade uppgifter som behövs eller kom från en annan webbplats.",
            ),
            WebError::StorageUnavailable(_) => views::error_page(
                "Det gick inte att spara",
                "Tjänsten kan inte spara just nu. Försök igen om en stund, eller kontakta redaktionen om felet består.",
            ),
            WebError::Internal(_) => views::error_page(
                "Något gick fel",
                "Tjänsten kunde inte svara just nu. Försök igen om en stund.",
            ),
        };
        (self.status(), page).into_response()
    }
}

/// The JSON body of every API error.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable code: `not_found`, `bad_parameter`, `unauthorized`, `too_many_requests`,
    /// `conflict`, `precondition_required`, `forbidden`, `storage_unavailable` or `internal`.
    #[schema(example = "bad_parameter")]
    pub error: &'static str,
    /// A human-readable explanation: what was wrong and what is allowed.
    #[schema(example = "parametern `page`: 0 går inte att använda; tillåtet: 1–10000")]
    pub message: String,
    /// The query parameter at fault, for `bad_parameter`.
    #[schema(example = "page")]
    pub parameter: Option<String>,
}

/// A [`WebError`] answered as JSON.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        e.log();
        let body = match &e {
            WebError::Unauthorized => ErrorBody {
                error: "unauthorized",
                message: "an organiser's session or `Authorization: Bearer` API token is required"
                    .into(),
                parameter: None,
            },
            WebError::TooMany(message) => ErrorBody {
                error: "too_many_requests",
                message: message.clone(),
                parameter: None,
            },
            WebError::NotFound => ErrorBody {
                error: "not_found",
                message: "no published example or route at this address".into(),
                parameter: None,
            },
            WebError::BadParam(p) => ErrorBody {
                error: "bad_parameter",
                message: p.to_string(),
                parameter: Some(p.param.clone()),
            },
            WebError::Conflict(message) => ErrorBody {
                error: "conflict",
                message: message.clone(),
                parameter: None,
            },
            WebError::PreconditionRequired(message) => ErrorBody {
                error: "precondition_required",
                message: message.clone(),
                parameter: None,
            },
            WebError::Forbidden(message) => ErrorBody {
                error: "forbidden",
                message: message.clone(),
                parameter: None,
            },
            WebError::StorageUnavailable(_) => ErrorBody {
                error: "storage_unavailable",
                message: "the change could not be stored: the service cannot write to its storage now; nothing was saved, try again later".into(),
                parameter: None,
            },
            WebError::FormTooLarge(message) => ErrorBody {
                error: "payload_too_large",
                message: message.clone(),
                parameter: Some("body".into()),
            },
            WebError::Internal(_) => ErrorBody {
                error: "internal",
                message: "the server failed; try again later".into(),
                parameter: None,
            },
        };
        (e.status(), Json(body)).into_response()
    }
}
