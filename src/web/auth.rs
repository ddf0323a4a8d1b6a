//! Organisers' sessions, API tokens and the throttling of failed logins.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::error::ApiError;
use super::{AppState, WebError};
use crate::submission::{new_token, token_hash};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "goda_session";
/// How long a session lasts.
const SESSION_LIFETIME: Duration = Duration::from_secs(8 * 60 * 60);
/// Failed logins from one address before it is refused for a while.
pub const MAX_FAILED_LOGINS: u32 = 5;
/// How long an address is refused after too many failed logins.
pub const LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// The added wait per earlier failed login, to slow guessing down.
const DELAY_PER_FAILURE: Duration = Duration::from_millis(300);

/// The address of the client (from the connection; unspecified in in-process tests).
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        Ok(ClientIp(ip))
    }
}

/// Logged-in organisers, by the hash of their session id (kept in memory: a restart logs
/// everyone out).
#[derive(Default)]
pub struct Sessions {
    map: Mutex<HashMap<String, (String, Instant)>>,
}

impl Sessions {
    /// Starts a session for `name`; returns the `Set-Cookie` header value.
    pub fn start(&self, name: &str) -> Option<HeaderValue> {
        let id = new_token().ok()?;
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, (_, expires)| *expires > Instant::now());
        map.insert(
            token_hash(&id),
            (name.to_owned(), Instant::now() + SESSION_LIFETIME),
        );
        let max_age = SESSION_LIFETIME.as_secs();
        HeaderValue::from_str(&format!(
            "{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}"
        ))
        .ok()
    }

    /// The organiser of the session in the request's cookie, if it is live.
    pub fn who(&self, headers: &HeaderMap) -> Option<String> {
        let id = cookie(headers, SESSION_COOKIE)?;
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&token_hash(&id))
            .filter(|(_, expires)| *expires > Instant::now())
            .map(|(name, _)| name.clone())
    }

    /// Ends the session in the request's cookie; returns the header that clears the cookie.
    pub fn end(&self, headers: &HeaderMap) -> HeaderValue {
        if let Some(id) = cookie(headers, SESSION_COOKIE) {
            self.map
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&token_hash(&id));
        }
        HeaderValue::from_static("goda_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
    }
}

/// The value of cookie `name`.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_owned())
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

impl LoginThrottle {
    /// Whether `ip` may try now.
    pub fn gate(&self, ip: IpAddr) -> Gate {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(&ip).copied() {
            Some((_, last)) if last.elapsed() >= LOCKOUT => {
                map.remove(&ip);
                Gate::Wait(Duration::ZERO)
            }
            Some((failures, last)) if failures >= MAX_FAILED_LOGINS => {
                Gate::Locked(LOCKOUT - last.elapsed())
            }
            Some((failures, _)) => Gate::Wait(DELAY_PER_FAILURE * failures),
            None => Gate::Wait(Duration::ZERO),
        }
    }

    /// Records a failed login from `ip`.
    pub fn failed(&self, ip: IpAddr) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        let entry = map.entry(ip).or_insert((0, Instant::now()));
        entry.0 += 1;
        entry.1 = Instant::now();
    }

    /// Forgets the failures of `ip` after a successful login.
    pub fn succeeded(&self, ip: IpAddr) {
        self.map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&ip);
    }
}

/// The organiser making a request: by API token (`Authorization: Bearer …`) or session.
fn organiser(parts: &Parts, state: &AppState) -> Option<String> {
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    if let Some(token) = bearer {
        return state.config().organiser_for_token(token).map(str::to_owned);
    }
    state.sessions().who(&parts.headers)
}

/// An organiser on an admin page; anyone else is sent to the login page.
pub struct PageOrganiser(pub String);

impl FromRequestParts<AppState> for PageOrganiser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match organiser(parts, state) {
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
        Ok(MaybeOrganiser(organiser(parts, state)))
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
        organiser(parts, state)
            .map(ApiOrganiser)
            .ok_or(ApiError(WebError::Unauthorized))
    }
}
