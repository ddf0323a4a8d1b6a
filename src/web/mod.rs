//! The HTTP layer: the router, the application state, and one handler per page or API
//! action. Handlers extract, call the search service, and hand the result to a view or to
//! JSON; they hold no logic of their own.

pub mod api;
pub(crate) mod auth;
pub(crate) mod body;
mod csrf;
mod error;
mod metrics;
mod oidc;
pub(crate) mod pages;
mod params;
pub(crate) mod session;
mod state;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
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
        .filter(|h| crate::config::is_plain_host(h))
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

/// The request id given to each request (or taken from the proxy's `X-Request-Id`), sent
/// back in the answer and named in its log line.
static REQUEST_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Logs one INFO line per request (client address, method, route, status, latency, request
/// id) and sends the id back as `X-Request-Id`. The client is the connection's address or,
/// behind a trusted proxy, the forwarded one. The route is the matched pattern
/// (`/exempel/{id}`), so that a log does not fill with ids and queries.
async fn request_log(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let seen = Seen::of(&state, &request);
    let mut response = next.run(request).await;
    seen.log(&state, &mut response);
    response
}

/// What the request log says of a request, noted before it is answered.
struct Seen {
    started: std::time::Instant,
    id: String,
    client: std::net::IpAddr,
    route: String,
    method: axum::http::Method,
}

impl Seen {
    fn of(state: &AppState, request: &axum::extract::Request) -> Self {
        let id = request
            .headers()
            .get(&REQUEST_HEADER)
            .and_then(|v| v.to_str().ok())
            .filter(|v| {
                (1..=64).contains(&v.len())
                    && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
            .map(str::to_owned)
            .unwrap_or_else(|| crate::submission::new_token().unwrap_or_default()[..16].to_owned());
        let peer = request
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or(std::net::IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        Seen {
            started: std::time::Instant::now(),
            id,
            client: auth::client_ip(peer, request.headers(), state.trusted_proxies()),
            route: request
                .extensions()
                .get::<axum::extract::MatchedPath>()
                .map_or("(unmatched)", |p| p.as_str())
                .to_owned(),
            method: request.method().clone(),
        }
    }

    /// Logs the answered request, counts it, and sends its id back.
    fn log(self, state: &AppState, response: &mut Response) {
        let seconds = self.started.elapsed().as_secs_f64();
        state.metrics().observe(
            &self.route,
            self.method.as_str(),
            response.status().as_u16(),
            seconds,
        );
        tracing::info!(
            target: "goda::request",
            client = %self.client,
            method = %self.method,
            route = self.route,
            status = response.status().as_u16(),
            latency_ms = (seconds * 10_000.0).round() / 10.0,
            request_id = %self.id,
            "request"
        );
        if let Ok(value) = HeaderValue::from_str(&self.id) {
            response.headers_mut().insert(REQUEST_HEADER.clone(), value);
        }
    }
}

/// The largest answer given an `ETag` (larger ones, and streamed ones, go out as they are).
const ETAG_LIMIT: u64 = 16 * 1024 * 1024;

/// Conditional GET: a successful `GET` answer without cookies gets a weak `ETag` of its
/// body, and a request whose `If-None-Match` names it gets `304 Not Modified` without the
/// body (pages, the feed, catalogue exports, the API). An answer that already has an `ETag`
/// (the API's revisions) is compared as it is.
async fn conditional_get(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use axum::http::{Method, StatusCode};
    use http_body::Body as _;
    let get = matches!(*request.method(), Method::GET | Method::HEAD);
    let asked = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    if !get
        || response.status() != StatusCode::OK
        || response.headers().contains_key(header::SET_COOKIE)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let tag = match parts.headers.get(header::ETAG) {
        Some(tag) => tag.clone(),
        None => {
            if body.size_hint().upper().is_none_or(|n| n > ETAG_LIMIT) {
                return Response::from_parts(parts, body);
            }
            let Ok(bytes) = axum::body::to_bytes(body, ETAG_LIMIT as usize).await else {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            };
            let revision = crate::corpus::revision(&bytes);
            let tag = HeaderValue::from_str(&format!("W/\"{}\"", &revision[..20]))
                .expect("hex is a valid header value");
            parts.headers.insert(header::ETAG, tag.clone());
            return finish(parts, axum::body::Body::from(bytes), asked, tag);
        }
    };
    finish(parts, body, asked, tag)
}

/// The value of an entity tag as a header writes it: `W/"abc"`, `"abc"` and `abc` are all
/// `abc` (weak and strong tags compare alike, as conditional GET and `If-Match` use them
/// here).
pub(crate) fn etag_value(tag: &str) -> &str {
    tag.trim().trim_start_matches("W/").trim_matches('"')
}

/// The answer, or `304` when `asked` (`If-None-Match`) names `tag`.
fn finish(
    parts: axum::http::response::Parts,
    body: axum::body::Body,
    asked: Option<HeaderValue>,
    tag: HeaderValue,
) -> Response {
    let matches = asked
        .as_ref()
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| {
            let tag = etag_value(tag.to_str().unwrap_or_default());
            a.split(',')
                .any(|t| t.trim() == "*" || etag_value(t) == tag)
        });
    if matches {
        let mut not_modified = axum::http::StatusCode::NOT_MODIFIED.into_response();
        for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
            if let Some(v) = parts.headers.get(&name) {
                not_modified.headers_mut().insert(name, v.clone());
            }
        }
        return not_modified;
    }
    Response::from_parts(parts, body)
}

/// `GET /metrics`: the Prometheus text exposition, for an organiser (API token or session)
/// or the machine itself; 401 for anyone else.
async fn metrics_text(
    axum::extract::State(state): axum::extract::State<AppState>,
    extensions: axum::http::Extensions,
    headers: axum::http::HeaderMap,
    organiser: auth::MaybeOrganiser,
) -> Result<Response, WebError> {
    // The machine itself: a loopback connection that no proxy handed on (a proxy on the
    // same machine connects over loopback too, for everyone).
    let local = extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .is_some_and(|c| c.0.ip().is_loopback())
        && !headers.contains_key("x-forwarded-for")
        && !headers.contains_key(header::FORWARDED);
    if organiser.0.is_none() && !local {
        return Err(WebError::Unauthorized);
    }
    let text = off_the_runtime(&state, |state| {
        let index = state.search().index();
        let meaning = index.semantic().map(|s| {
            let status = s.status();
            (status.embedded, status.ready)
        });
        state
            .metrics()
            .render(state.search().count(), index.dir(), meaning)
    })
    .await?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response())
}

/// The content security policy: only our own scripts, styles and forms; images may come from
/// HTTPS addresses named in example bodies.
const CSP: &str = "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; \
                   object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Unknown addresses: a JSON 404 under `/api/`, the 404 page elsewhere; logged and counted
/// like every request, under the route `(unmatched)`.
async fn fallback(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
) -> Response {
    let seen = Seen::of(&state, &request);
    let mut response = if request.uri().path().starts_with("/api/") {
        ApiError(WebError::NotFound).into_response()
    } else {
        WebError::NotFound.into_response()
    };
    seen.log(&state, &mut response);
    response
}

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// The pages visitors and units see, and the crawler and operator files.
fn public_routes() -> Router<AppState> {
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
        .route("/infort.atom", get(pages::adoption_feed))
        .route(
            "/exempel/{id}/infort",
            get(pages::adoption_form).post(pages::report_adoption),
        )
        .route(
            "/exempel/{id}/infort/{n}",
            get(pages::report_page).post(pages::edit_report),
        )
        .route("/redigera/{id}/aktuellt", post(pages::confirm_current))
        .route("/utmarkelser", get(pages::awards))
        .route("/utmarkelser/{slug}", get(pages::award))
        .route("/skicka", get(pages::new_form).post(pages::submit))
        .route("/redigera/{id}", get(pages::edit_form).post(pages::edit))
        .route("/readyz", get(api::readyz))
        .route("/healthz", get(|| async { "ok" }))
        .route("/metrics", get(metrics_text))
        .route("/om-webbplatsen", get(pages::about))
        .route("/tillganglighet", get(pages::accessibility))
        .route("/personuppgifter", get(pages::privacy))
        .route("/kontakt", get(pages::contact))
        .route("/oppna-data", get(pages::open_data))
        .route("/efterlysta", get(pages::wanted_page))
        .route("/oppna-data/exempel.jsonl", get(pages::open_data_jsonl))
        .route("/oppna-data/exempel.csv", get(pages::open_data_csv))
        .route("/oppna-data/infort.jsonl", get(pages::open_data_adoptions))
        .route(
            "/oppna-data/utmarkelser.jsonl",
            get(pages::open_data_awards),
        )
        .route("/robots.txt", get(pages::robots))
        .route("/sitemap.xml", get(pages::sitemap))
        .route("/favicon.ico", get(pages::icon))
        .route("/favicon.svg", get(pages::icon))
}

/// The organisers' pages (each asks for a login) and the login itself.
fn organiser_routes() -> Router<AppState> {
    use pages::{admin, massa_admin};
    Router::new()
        .route("/login", get(admin::login_form).post(admin::login))
        .route("/login/oidc", get(oidc::start))
        .route("/login/oidc/callback", get(oidc::callback))
        .route("/logout", post(admin::logout))
        .route("/admin", get(admin::queue))
        .route("/admin/session", get(admin::keep_session))
        .route(
            "/admin/konto",
            get(admin::account).post(admin::save_account),
        )
        .route("/admin/insikter", get(pages::insights))
        .route("/admin/insikter/{file}", get(pages::insights_csv))
        .route("/admin/efterlysta", post(pages::add_wanted))
        .route("/admin/efterlysta/ta-bort", post(pages::remove_wanted))
        .route("/admin/spridning", get(pages::report_queue))
        .route("/admin/spridning/{id}/{n}", post(pages::decide_report))
        .route("/admin/oversyn", get(pages::due_list))
        .route(
            "/admin/utmarkelser",
            get(pages::awards_admin).post(pages::create_award),
        )
        .route("/admin/utmarkelser/ny", get(pages::new_award))
        .route(
            "/admin/utmarkelser/{slug}",
            get(pages::edit_award).post(pages::save_award),
        )
        .route("/admin/exempel", get(admin::examples))
        .route("/admin/exempel/{id}", get(admin::review))
        .route("/admin/exempel/{id}/status", post(admin::set_status))
        .route(
            "/admin/exempel/{id}/uppdatering",
            get(pages::update_review).post(pages::decide_update),
        )
        .route(
            "/admin/exempel/{id}/redigera",
            get(admin::edit_form).post(admin::edit),
        )
        .route(
            "/admin/synonymer",
            get(pages::synonyms).post(pages::save_synonyms),
        )
        .route(
            "/admin/organisationer",
            get(pages::organisations).post(pages::save_organisations),
        )
        .route("/admin/massa", get(massa_admin::editions))
        .route("/admin/massa/ny", get(massa_admin::new_edition))
        .route(
            "/admin/massa/{year}",
            get(massa_admin::builder).post(massa_admin::save),
        )
}

/// The JSON API, described by `/api/openapi.json`.
fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(api::search))
        .route("/api/suggest", get(api::suggest))
        .route("/api/examples", post(api::create_example))
        .route("/api/examples/{id}", get(api::example))
        .route("/api/examples/{id}/similar", get(api::similar))
        .route(
            "/api/examples/{id}/adoptions",
            get(api::adoptions::list).post(api::adoptions::create),
        )
        .route("/api/admin/adoptions", get(api::adoptions::waiting))
        .route(
            "/api/admin/adoptions/{id}/{number}/status",
            post(api::adoptions::decide),
        )
        .route("/api/similar", post(api::similar_to_draft))
        .route("/api/openapi.json", get(api::openapi_json))
        .route("/api/admin/queue", get(api::admin_queue))
        .route(
            "/api/admin/massa/{year}",
            get(api::admin_get_edition).put(api::admin_put_edition),
        )
        .route(
            "/api/admin/examples/{id}/status",
            post(api::admin_set_status),
        )
        .route("/api/admin/examples/{id}", put(api::admin_replace))
}

/// The whole site and API.
pub fn router(state: AppState) -> Router {
    let hsts = state.serves_https();
    let sessions = session::layer(state.sessions().clone(), state.serves_https());
    let keep_typed =
        axum::middleware::from_fn_with_state(state.clone(), auth::keep_typed_after_logout);
    public_routes()
        .merge(organiser_routes().route_layer(keep_typed))
        .merge(api_routes())
        .fallback(fallback)
        .layer(sessions)
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
        .layer(axum::middleware::from_fn(conditional_get))
        // Pages, JSON and assets go out with brotli or gzip when the client accepts it.
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            request_log,
        ))
        .with_state(state)
}
