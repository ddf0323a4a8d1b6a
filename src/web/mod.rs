//! The HTTP layer: the router, the application state, and one handler per page or API
//! action. Handlers extract, call the search service, and hand the result to a view or to
//! JSON; they hold no logic of their own.

pub mod api;
pub(crate) mod auth;
pub(crate) mod body;
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
pub use state::{AppState, PREVIEWS_PER_SUBMISSION, Settings};

/// Today in the local time zone: what dates written by the web layer say.
pub(crate) fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// Runs `work` on tokio's blocking threads: a search may embed its query (milliseconds of CPU
/// on both cores), which must not hold up the few async workers that answer every other
/// request meanwhile.
pub(crate) async fn off_the_runtime<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&AppState) -> T + Send + 'static,
) -> Result<T, WebError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || work(&state))
        .await
        .map_err(|e| WebError::Internal(format!("a search task failed: {e}")))
}

/// The site's own address for absolute links (feeds, calendars, exports): the configured
/// public address, or else from the request's `Host` (a host that is not a plain name or
/// address with a port is not trusted).
pub(crate) fn base_url(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    if let Some(url) = state.public_url() {
        return url.to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("127.0.0.1:3000");
    format!("http://{host}")
}

/// Sets `Retry-After` on a 429 answer: whole seconds, at least one.
pub(crate) fn retry_after(response: &mut Response, wait: std::time::Duration) {
    let seconds = wait.as_secs().max(1);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
}

/// Every 429 says when to try again: a minute, the window of the rate limits, unless the
/// handler said otherwise.
async fn retry_after_on_429(mut response: Response) -> Response {
    if response.status() == axum::http::StatusCode::TOO_MANY_REQUESTS
        && !response.headers().contains_key(header::RETRY_AFTER)
    {
        retry_after(&mut response, std::time::Duration::from_secs(60));
    }
    response
}

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
    let hsts = state.serves_https();
    Router::new()
        .route("/", get(pages::home))
        .route("/sok", get(pages::search))
        .route("/exempel/{id}", get(pages::example))
        .route("/fokusomraden", get(pages::focus_areas))
        .route("/fokusomraden/{focus_area}", get(pages::focus_area))
        .route("/massa", get(pages::massa_index))
        .route("/massa/{file}", get(pages::massa_file))
        .route("/massa/{year}/pass/{file}", get(pages::session_ics))
        .route("/static/{file}", get(pages::asset))
        .route("/flode.atom", get(pages::feed))
        .route("/skicka", get(pages::new_form).post(pages::submit))
        .route("/redigera/{id}", get(pages::edit_form).post(pages::edit))
        .route(
            "/login",
            get(pages::admin::login_form).post(pages::admin::login),
        )
        .route("/logout", axum::routing::post(pages::admin::logout))
        .route("/admin", get(pages::admin::queue))
        .route("/admin/exempel/{id}", get(pages::admin::review))
        .route(
            "/admin/synonymer",
            get(pages::synonyms).post(pages::save_synonyms),
        )
        .route("/readyz", get(api::readyz))
        .route("/admin/massa", get(pages::massa_admin::editions))
        .route("/admin/massa/ny", get(pages::massa_admin::new_edition))
        .route(
            "/admin/massa/{year}",
            get(pages::massa_admin::builder).post(pages::massa_admin::save),
        )
        .route(
            "/admin/exempel/{id}/status",
            axum::routing::post(pages::admin::set_status),
        )
        .route(
            "/admin/exempel/{id}/redigera",
            get(pages::admin::edit_form).post(pages::admin::edit),
        )
        .route("/api/search", get(api::search))
        .route("/api/suggest", get(api::suggest))
        .route("/api/examples", axum::routing::post(api::create_example))
        .route("/api/admin/queue", get(api::admin_queue))
        .route(
            "/api/admin/massa/{year}",
            get(api::admin_get_edition).put(api::admin_put_edition),
        )
        .route(
            "/api/admin/examples/{id}/status",
            axum::routing::post(api::admin_set_status),
        )
        .route(
            "/api/admin/examples/{id}",
            axum::routing::put(api::admin_replace),
        )
        .route("/api/examples/{id}", get(api::example))
        .route("/api/examples/{id}/similar", get(api::similar))
        .route("/api/similar", axum::routing::post(api::similar_to_draft))
        .route("/api/openapi.json", get(api::openapi_json))
        .route("/healthz", get(|| async { "ok" }))
        .fallback(fallback)
        .layer(axum::middleware::map_response(retry_after_on_429))
        .layer(axum::middleware::map_response(
            move |mut r: Response| async move {
                // Over HTTPS, browsers are told to use nothing else for a year.
                if hsts {
                    r.headers_mut().insert(
                        header::STRICT_TRANSPORT_SECURITY,
                        HeaderValue::from_static("max-age=31536000"),
                    );
                }
                r
            },
        ))
        .layer(header_layer(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(
            header::REFERRER_POLICY,
            "strict-origin-when-cross-origin",
        ))
        // Pages, JSON and assets go out with brotli or gzip when the client accepts it.
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}
