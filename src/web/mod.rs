//! The HTTP layer: the router, the application state, and one handler per page or API
//! action. Handlers extract, call the search service, and hand the result to a view or to
//! JSON; they hold no logic of their own.

pub mod api;
mod csrf;
mod error;
pub(crate) mod pages;
mod params;
mod state;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::{ApiError, ErrorBody, WebError};
pub use state::AppState;

/// The content security policy: only our own scripts, styles and forms; images may come from
/// HTTPS addresses named in example bodies.
const CSP: &str = "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; \
                   object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Unknown addresses: a JSON 404 under `/api/`, the 404 page elsewhere.
async fn fallback(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError(WebError::NotFound).into_response()
    } else {
        WebError::NotFound.into_response()
    }
}

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// The whole site and API.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/sok", get(pages::search))
        .route("/exempel/{id}", get(pages::example))
        .route("/fokusomraden", get(pages::focus_areas))
        .route("/fokusomraden/{focus_area}", get(pages::focus_area))
        .route("/static/{file}", get(pages::asset))
        .route("/skicka", get(pages::new_form).post(pages::submit))
        .route("/redigera/{id}", get(pages::edit_form).post(pages::edit))
        .route("/api/search", get(api::search))
        .route("/api/suggest", get(api::suggest))
        .route("/api/examples", axum::routing::post(api::create_example))
        .route("/api/examples/{id}", get(api::example))
        .route("/api/examples/{id}/similar", get(api::similar))
        .route("/api/similar", axum::routing::post(api::similar_to_draft))
        .route("/api/openapi.json", get(api::openapi_json))
        .fallback(fallback)
        .layer(header_layer(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(
            header::REFERRER_POLICY,
            "strict-origin-when-cross-origin",
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}
