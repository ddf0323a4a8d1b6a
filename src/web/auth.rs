//! Who is asking: organisers by session (`web::session`) or API token, the client's address
//! behind trusted proxies, and the throttling of failed logins.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::error::ApiError;
use super::{AppState, WebError};
use tower_sessions::Session;

/// Failed logins from one address before it is refused for a while.
pub const MAX_FAILED_LOGINS: u32 = 5;
/// How long an address is refused after too many failed logins.
pub const LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// The added wait per earlier failed login, to slow guessing down.
const DELAY_PER_FAILURE: Duration = Duration::from_millis(300);

/// The address of the client: the connection's, unless that is a trusted reverse proxy
/// ([`Settings::trusted_proxies`](super::Settings)); then the nearest address in
/// `X-Forwarded-For` (read from the right) that is not itself a trusted proxy. Unspecified
/// in in-process tests without a connection. Every limit and log line uses it.
pub struct ClientIp(pub IpAddr);

/// The client of a request that came from `peer` with `headers`, given the trusted proxies:
/// walking `X-Forwarded-For` from the right, one hop at a time, for as long as the hop that
/// handed the request on is trusted. Entries a client wrote itself lie to the left of the
/// ones its proxies appended, so they are never reached while a real address is; an entry
/// that is not an address (junk, `unknown`) stops the walk at the last hop known.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[crate::config::Network]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        if !is_trusted(client) {
            break;
        }
        match forwarded_address(hop) {
            Some(ip) => client = ip,
            None => break,
        }
    }
    client
}

/// An address as proxies write it in `X-Forwarded-For`: `198.51.100.7`, `2001:db8::1`, or
/// with a port, `198.51.100.7:4711`, `[2001:db8::1]:4711`.
fn forwarded_address(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        Ok(ClientIp(client_ip(
            peer,
            &parts.headers,
            state.trusted_proxies(),
        )))
    }
}

/// Failed logins per address.
#[derive(Default)]
pub struct LoginThrottle {
    map: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

/// Whether an address may try to log in.
pub enum Gate {
    /// Yes, after waiting this long.
    Wait(Duration),
    /// No, for this long.
    Locked(Duration),
}

/// Addresses remembered before expired ones are swept out.
const REMEMBERED_ADDRESSES: usize = 10_000;

impl LoginThrottle {
    /// Takes one attempt for `ip`: counted as failed at once, before the password is checked,
    /// so that guesses sent all at once are limited as strictly as guesses sent one by one
    /// ([`succeeded`](Self::succeeded) forgets them). Refused when the address has used up its
    /// attempts; otherwise the wait its earlier failures earned.
    pub fn attempt(&self, ip: IpAddr) -> Gate {
        let ip = throttle_key(ip);
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= REMEMBERED_ADDRESSES {
            map.retain(|_, (_, last)| last.elapsed() < LOCKOUT);
        }
        let now = Instant::now();
        let entry = map.entry(ip).or_insert((0, now));
        if entry.1.elapsed() >= LOCKOUT {
            *entry = (0, now);
        }
        if entry.0 >= MAX_FAILED_LOGINS {
            return Gate::Locked(LOCKOUT.saturating_sub(entry.1.elapsed()));
        }
        let wait = DELAY_PER_FAILURE * entry.0;
        entry.0 += 1;
        entry.1 = now;
        Gate::Wait(wait)
    }

    /// Forgets the failures of `ip` after a successful login.
    pub fn succeeded(&self, ip: IpAddr) {
        self.map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&throttle_key(ip));
    }

    /// Gives back an attempt whose password was never checked (the server was too busy).
    pub fn refund(&self, ip: IpAddr) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(entry) = map.get_mut(&throttle_key(ip)) {
            entry.0 = entry.0.saturating_sub(1);
        }
    }
}

/// The key an address is throttled by: itself for IPv4, its /64 network for IPv6 (a
/// household or a host gets a whole /64 and could otherwise try from each address in it).
fn throttle_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(std::net::Ipv6Addr::from_bits(
                v6.to_bits() & !u128::from(u64::MAX),
            )),
        },
        v4 => v4,
    }
}

/// The longest address kept to return to after logging in.
const MAX_NEXT: usize = 300;

/// Only pages of the admin area are places to return to after logging in: a path under
/// `/admin`, short, without `..`, `//` or percent-escapes in the path, and without
/// backslashes or control characters anywhere (all of which a browser could resolve to
/// another path, or another site). Anything else is `/admin`.
pub fn safe_next(next: &str) -> &str {
    let path = next.split('?').next().unwrap_or_default();
    let plain = next.len() <= MAX_NEXT
        && (path == "/admin" || path.starts_with("/admin/"))
        && !path.contains("..")
        && !path.contains("//")
        && !path.contains('%')
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    if plain { next } else { "/admin" }
}

/// The organiser making a request, and whether by API token (`Authorization: Bearer …`)
/// rather than session.
async fn organiser_by(parts: &mut Parts, state: &AppState) -> Option<(String, bool)> {
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let config = state.readable_config()?;
    if let Some(token) = bearer {
        return config
            .organiser_for_token(token)
            .map(|name| (name.to_owned(), true));
    }
    let session = Session::from_request_parts(parts, state).await.ok()?;
    let city = state.city_login_fingerprint();
    super::session::organiser(&session, |name, fingerprint| {
        // A city login's session lasts while the city login is the same; a password
        // session, while the password is and password logins are allowed.
        city.as_deref() == Some(fingerprint)
            || (config.password_login
                && config.credential_fingerprint(name).as_deref() == Some(fingerprint))
    })
    .await
    .map(|name| (name, false))
}

/// The organiser making a request: by API token or session.
async fn organiser(parts: &mut Parts, state: &AppState) -> Option<String> {
    organiser_by(parts, state).await.map(|(name, _)| name)
}

/// Why a change sent to the API with the session cookie may have come from another site:
/// it is not JSON (a form or `text/plain` post needs no permission from the browser), or its
/// `Origin` is not this site. `None` when it is a same-site JSON request. (SameSite cookies
/// alone would otherwise be the only protection.)
fn cross_site(parts: &Parts, state: &AppState) -> Option<String> {
    let json = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Some(
            "changes sent with the session cookie must be `Content-Type: application/json`".into(),
        );
    }
    let origin = parts.headers.get(header::ORIGIN)?;
    let origin = origin.to_str().unwrap_or("null");
    let own = super::base_url(state, &parts.headers);
    let same = |a: &str, b: &str| {
        let host = |u: &str| {
            u.split_once("://").map(|(_, rest)| {
                rest.split('/')
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase()
            })
        };
        host(a).is_some() && host(a) == host(b)
    };
    (!same(origin, &own)).then(|| format!("the request's Origin \"{origin}\" is not this site"))
}

/// An organiser on an admin page; anyone else is sent to the login page.
pub struct PageOrganiser(pub String);

impl FromRequestParts<AppState> for PageOrganiser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match organiser(parts, state).await {
            Some(name) => Ok(PageOrganiser(name)),
            None => {
                let next: String =
                    form_urlencoded::byte_serialize(parts.uri.path().as_bytes()).collect();
                Err(Redirect::to(&format!("/login?next={next}")).into_response())
            }
        }
    }
}

/// Whoever is asking: an organiser's name, or `None` for a visitor (pages that organisers
/// see more of, such as an unpublished catalogue).
pub struct MaybeOrganiser(pub Option<String>);

impl FromRequestParts<AppState> for MaybeOrganiser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(MaybeOrganiser(organiser(parts, state).await))
    }
}

/// An organiser calling the admin API; anyone else gets 401.
pub struct ApiOrganiser(pub String);

impl FromRequestParts<AppState> for ApiOrganiser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (name, by_token) = organiser_by(parts, state)
            .await
            .ok_or(ApiError(WebError::Unauthorized))?;
        let safe = matches!(
            parts.method,
            axum::http::Method::GET | axum::http::Method::HEAD
        );
        if !by_token
            && !safe
            && let Some(why) = cross_site(parts, state)
        {
            return Err(ApiError(WebError::Forbidden(why)));
        }
        Ok(ApiOrganiser(name))
    }
}

/// Fields of a form that are the page's machinery, not what an organiser typed.
const MACHINERY: &[&str] = &["csrf", "revision", "action", "entries", "confirm", "nyckel"];

/// A change posted to an organiser's page after the session ended is not saved, and what was
/// typed would be lost with a plain redirect to the login page: instead the answer (401)
/// shows every typed field to copy, with a link to log in in a new tab (WCAG 2.2.1).
pub(crate) async fn keep_typed_after_logout(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let posts_a_change = parts.method == axum::http::Method::POST
        && !matches!(parts.uri.path(), "/login" | "/logout");
    if !posts_a_change
        || parts.headers.contains_key(header::AUTHORIZATION)
        || organiser(&mut parts, &state).await.is_some()
    {
        return next
            .run(axum::extract::Request::from_parts(parts, body))
            .await;
    }
    let login = format!(
        "/login?next={}",
        form_urlencoded::byte_serialize(parts.uri.path().as_bytes()).collect::<String>()
    );
    let request = axum::extract::Request::from_parts(parts, body);
    let Ok(super::body::FormBody(bytes)) =
        <super::body::FormBody as axum::extract::FromRequest<()>>::from_request(request, &()).await
    else {
        return Redirect::to(&login).into_response();
    };
    let pairs = super::params::pairs(Some(&String::from_utf8_lossy(&bytes)));
    let typed: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(k, v)| !MACHINERY.contains(&k.as_str()) && !v.trim().is_empty())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let page = crate::views::session_ended_page(&login, &typed);
    (axum::http::StatusCode::UNAUTHORIZED, page).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_admin_paths_are_returned_to_after_login() {
        for ok in ["/admin", "/admin/exempel?q=%C3%A4ldre", "/admin/massa/2026"] {
            assert_eq!(safe_next(ok), ok);
        }
        let long = format!("/admin/{}", "a".repeat(400));
        for bad in [
            "/admin/../sok",
            "/admin/%2e%2e/sok",
            "/admin//evil.example",
            "/admin\\evil",
            "/admin@evil.example",
            "/administration",
            "//evil.example/admin",
            "https://evil.example/admin",
            "/admin/\u{0}",
            long.as_str(),
        ] {
            assert_eq!(safe_next(bad), "/admin", "{bad:?}");
        }
    }

    #[test]
    fn ipv6_addresses_share_the_login_budget_of_their_64_and_unchecked_attempts_are_given_back() {
        let t = LoginThrottle::default();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        for i in 0..MAX_FAILED_LOGINS {
            assert!(matches!(
                t.attempt(ip(&format!("2001:db8:1:2::{i}"))),
                Gate::Wait(_)
            ));
        }
        assert!(matches!(
            t.attempt(ip("2001:db8:1:2::ffff")),
            Gate::Locked(_)
        ));
        assert!(
            matches!(t.attempt(ip("2001:db8:1:3::1")), Gate::Wait(_)),
            "another /64"
        );
        t.refund(ip("2001:db8:1:2::7"));
        assert!(matches!(t.attempt(ip("2001:db8:1:2::8")), Gate::Wait(_)));
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let trusted = [crate::config::Network::parse("10.0.0.0/8").unwrap()];
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            axum::http::HeaderValue::from_static("1.2.3.4, 198.51.100.7, 10.0.0.9"),
        );
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(
            client_ip(ip("10.0.0.2"), &headers, &trusted),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_ip(ip("203.0.113.1"), &headers, &trusted),
            ip("203.0.113.1")
        );
        assert_eq!(
            client_ip(ip("10.0.0.2"), &HeaderMap::new(), &trusted),
            ip("10.0.0.2")
        );
    }
}
