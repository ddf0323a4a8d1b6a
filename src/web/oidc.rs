//! City login for organisers: OpenID Connect's authorization-code flow with PKCE (the
//! `openidconnect` crate), beside the password accounts of the config file.
//!
//! `GET /login/oidc` starts a login: a random state, nonce and PKCE verifier are kept here, in
//! memory, under a random key that goes to the browser in a cookie of its own. That cookie is
//! `SameSite=Lax`: the provider's redirect back is a navigation from another site, which the
//! session cookie (`SameSite=Strict`) does not travel with. `GET /login/oidc/callback` takes
//! the login back by that cookie (once, within [`PENDING_LIFETIME`]), compares the state,
//! exchanges the code with the verifier, has the ID token verified (the provider's signature
//! by its published keys, issuer, audience, expiry, nonce) and reads the claim that makes
//! someone an organiser. The session then starts under a new id, and a page of this site moves
//! the browser on: a navigation begun here carries the Strict cookie, where the redirect chain
//! from the provider would not.
//!
//! A session of the city login is bound to the provider and client it came from
//! ([`CityLogin::fingerprint`]): it ends when the `[oidc]` settings change or are removed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdTokenVerifier, CoreProviderMetadata,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken as OidcState, IssuerUrl, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse as _,
};
use sha2::{Digest, Sha256};
use tower_sessions::Session;

use super::csrf::CsrfToken;
use super::params::{self, value as get};
use super::{AppState, WebError};
use crate::config::OidcSettings;
use crate::views;

/// The cookie that carries the key of a login under way.
pub const LOGIN_COOKIE: &str = "goda_login";
/// How long a login may take at the provider.
pub const PENDING_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// Logins under way at once; past this the oldest is forgotten to make room.
const MAX_PENDING: usize = 10_000;
/// Logins one address may start per minute: more wait (429), so that no one can fill the
/// logins under way and push out everyone else's.
const STARTS_PER_MINUTE: u32 = 20;
/// How long the provider's discovery document and keys are kept before they are read again.
const METADATA_LIFETIME: Duration = Duration::from_secs(60 * 60);
/// After the provider failed to answer, how long logins fail at once instead of each waiting.
const FAILURE_MEMORY: Duration = Duration::from_secs(30);
/// The longest wait for one answer of the provider...
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(5);
/// ...and for all the provider's part of one login (discovery, code exchange, keys).
const LOGIN_TIMEOUT: Duration = Duration::from_secs(15);
/// The longest organiser name kept from a token.
const MAX_NAME_CHARS: usize = 100;

/// A login sent to the provider and not yet back.
struct Pending {
    state: String,
    verifier: String,
    nonce: String,
    next: String,
    started: Instant,
}

/// What is known of the provider: its metadata and keys when read, and when it last failed.
#[derive(Default)]
struct Known {
    metadata: Option<(Instant, CoreProviderMetadata)>,
    failed: Option<Instant>,
}

/// The city login: its settings, the provider's metadata once read, and the logins under way.
pub struct CityLogin {
    settings: OidcSettings,
    redirect: RedirectUrl,
    http: openidconnect::reqwest::Client,
    known: Mutex<Known>,
    /// Held while the provider's metadata is read, so that one request reads it for all.
    reading: tokio::sync::Mutex<()>,
    pending: Mutex<HashMap<String, Pending>>,
    starts: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
}

/// Why a city login did not end with a session: the status and the Swedish message shown.
type Failure = (StatusCode, &'static str);

const PROVIDER_DOWN: Failure = (
    StatusCode::SERVICE_UNAVAILABLE,
    "Stadens inloggning svarar inte just nu. Försök igen om en stund.",
);
const START_AGAIN: Failure = (
    StatusCode::BAD_REQUEST,
    "Inloggningen kunde inte slutföras: den hade tagit för lång tid eller startats i en annan \
     flik. Försök igen.",
);
const NOT_ORGANISER: Failure = (
    StatusCode::FORBIDDEN,
    "Du är inloggad hos Stockholms stad men ditt konto är inte redaktör för Goda exempel. \
     Kontakta redaktionen om du ska granska exempel.",
);
const DENIED: Failure = (
    StatusCode::FORBIDDEN,
    "Inloggningen avbröts eller nekades hos Stockholms stad. Försök igen, eller kontakta \
     redaktionen om du ska granska exempel.",
);
const TOO_MANY: Failure = (
    StatusCode::TOO_MANY_REQUESTS,
    "Många inloggningar har startats härifrån. Vänta en minut och försök igen.",
);

impl CityLogin {
    /// The city login of `settings` for the site at `public_url` (no trailing slash).
    ///
    /// On `Err` says what is wrong with the settings.
    pub fn new(settings: OidcSettings, public_url: &str) -> Result<Self, String> {
        let redirect = RedirectUrl::new(format!("{public_url}/login/oidc/callback"))
            .map_err(|e| format!("the redirect address is not valid: {e}"))?;
        let http = openidconnect::reqwest::ClientBuilder::new()
            // The provider's answers are read as they are; a redirect could lead anywhere.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(PROVIDER_TIMEOUT)
            .build()
            .map_err(|e| format!("cannot make the HTTP client: {e}"))?;
        let starts = governor::Quota::per_minute(
            std::num::NonZeroU32::new(STARTS_PER_MINUTE).expect("not zero"),
        );
        Ok(Self {
            settings,
            redirect,
            http,
            known: Mutex::new(Known::default()),
            reading: tokio::sync::Mutex::new(()),
            pending: Mutex::new(HashMap::new()),
            starts: governor::DefaultKeyedRateLimiter::keyed(starts),
        })
    }

    /// What a session of this login is bound to: the provider, the client, and who counts as
    /// an organiser by which name. A session ends when any of them changes (and the server
    /// restarts, which reads them).
    pub fn fingerprint(&self) -> String {
        let s = &self.settings;
        let mut hash = Sha256::new();
        for part in [
            &s.issuer,
            &s.client_id,
            &s.organiser_claim,
            &s.organiser_value,
            &s.name_claim,
        ] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        let digest = hash.finalize();
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        format!("{}{hex}", super::session::CITY_PREFIX)
    }

    /// The provider's metadata and keys: read once an hour, or again when `fresh` (a token
    /// signed by a key not yet known). One request reads them while the others wait for its
    /// answer; after a failure, logins fail at once for [`FAILURE_MEMORY`] (or use what was
    /// read before, when there is something), instead of each waiting for the provider.
    async fn provider(&self, fresh: bool) -> Result<CoreProviderMetadata, Failure> {
        let asked = Instant::now();
        let usable = |known: &Known| -> Option<Result<CoreProviderMetadata, Failure>> {
            let read = known.metadata.as_ref();
            if let Some((at, metadata)) = read
                && (*at >= asked || (!fresh && at.elapsed() < METADATA_LIFETIME))
            {
                return Some(Ok(metadata.clone()));
            }
            if known.failed.is_some_and(|f| f.elapsed() < FAILURE_MEMORY) {
                return Some(read.map(|(_, m)| m.clone()).ok_or(PROVIDER_DOWN));
            }
            None
        };
        if let Some(answer) = usable(&self.known.lock().unwrap_or_else(|p| p.into_inner())) {
            return answer;
        }
        let _reading = tokio::time::timeout(LOGIN_TIMEOUT, self.reading.lock())
            .await
            .map_err(|_| PROVIDER_DOWN)?;
        // Another request may have read them while this one waited.
        if let Some(answer) = usable(&self.known.lock().unwrap_or_else(|p| p.into_inner())) {
            return answer;
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone()).map_err(|e| {
            tracing::error!("[oidc] issuer is not valid: {e}");
            PROVIDER_DOWN
        })?;
        let read = tokio::time::timeout(
            2 * PROVIDER_TIMEOUT,
            CoreProviderMetadata::discover_async(issuer, &self.http),
        )
        .await;
        let mut known = self.known.lock().unwrap_or_else(|p| p.into_inner());
        match read {
            Ok(Ok(metadata)) => {
                *known = Known {
                    metadata: Some((Instant::now(), metadata.clone())),
                    failed: None,
                };
                Ok(metadata)
            }
            failed => {
                match failed {
                    Ok(Err(e)) => tracing::warn!("cannot read the OpenID provider's metadata: {e}"),
                    _ => tracing::warn!("the OpenID provider did not answer in time"),
                }
                known.failed = Some(Instant::now());
                known
                    .metadata
                    .as_ref()
                    .map(|(_, m)| m.clone())
                    .filter(|_| !fresh)
                    .ok_or(PROVIDER_DOWN)
            }
        }
    }

    fn client(
        &self,
        metadata: CoreProviderMetadata,
    ) -> CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    > {
        CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            self.client_secret().map(ClientSecret::new),
        )
        .set_redirect_uri(self.redirect.clone())
    }

    /// The client secret: `GODA_OIDC_CLIENT_SECRET` when set (so that it need not stand in
    /// the config file), else the config's.
    fn client_secret(&self) -> Option<String> {
        std::env::var("GODA_OIDC_CLIENT_SECRET")
            .ok()
            .filter(|s| !s.is_empty())
            .or_else(|| self.settings.client_secret.clone())
    }

    /// Starts a login: the provider's address to send the browser to, and the key of the
    /// login for the cookie.
    async fn start(&self, next: &str, ip: std::net::IpAddr) -> Result<(String, String), Failure> {
        if self.starts.check_key(&ip).is_err() {
            return Err(TOO_MANY);
        }
        let client = self.client(self.provider(false).await?);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                OidcState::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in ["profile", "email"]
            .into_iter()
            .chain(self.settings.scopes.iter().map(String::as_str))
        {
            request = request.add_scope(Scope::new(scope.to_owned()));
        }
        let (url, state, nonce) = request.url();
        let key = OidcState::new_random().secret().clone();
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        if pending.len() >= MAX_PENDING {
            pending.retain(|_, p| p.started.elapsed() < PENDING_LIFETIME);
            if pending.len() >= MAX_PENDING {
                let oldest = pending
                    .iter()
                    .min_by_key(|(_, p)| p.started)
                    .map(|(k, _)| k.clone());
                if let Some(oldest) = oldest {
                    pending.remove(&oldest);
                }
            }
        }
        pending.insert(
            key.clone(),
            Pending {
                state: state.secret().clone(),
                verifier: verifier.secret().clone(),
                nonce: nonce.secret().clone(),
                next: next.to_owned(),
                started: Instant::now(),
            },
        );
        Ok((url.to_string(), key))
    }

    /// Takes the login of `key` back (once), if it has not expired.
    fn take(&self, key: &str) -> Option<Pending> {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending
            .remove(key)
            .filter(|p| p.started.elapsed() < PENDING_LIFETIME)
    }

    /// Ends a login the provider sent back with `code`: the organiser's name, or why not;
    /// within [`LOGIN_TIMEOUT`] whatever the provider does.
    async fn finish(&self, login: &Pending, code: &str) -> Result<String, Failure> {
        tokio::time::timeout(LOGIN_TIMEOUT, self.finish_now(login, code))
            .await
            .unwrap_or(Err(PROVIDER_DOWN))
    }

    async fn finish_now(&self, login: &Pending, code: &str) -> Result<String, Failure> {
        let client = self.client(self.provider(false).await?);
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| {
                tracing::error!("the OpenID provider has no token endpoint: {e}");
                PROVIDER_DOWN
            })?
            .set_pkce_verifier(PkceCodeVerifier::new(login.verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| {
                tracing::warn!("the OpenID provider refused the code: {e}");
                START_AGAIN
            })?;
        let Some(token) = response.id_token() else {
            tracing::warn!("the OpenID provider's answer has no ID token");
            return Err(START_AGAIN);
        };
        let nonce = Nonce::new(login.nonce.clone());
        let verified = {
            let verifier: CoreIdTokenVerifier<'_> = client.id_token_verifier();
            token.claims(&verifier, &nonce).map(|_| ())
        };
        if let Err(e) = verified {
            // The keys may have been rotated since they were read: read them once more.
            tracing::info!("an ID token did not verify ({e}); reading the provider's keys again");
            let client = self.client(self.provider(true).await?);
            let verifier = client.id_token_verifier();
            token.claims(&verifier, &nonce).map_err(|e| {
                tracing::warn!("an ID token did not verify: {e}");
                START_AGAIN
            })?;
        }
        // The token's signature, issuer, audience, expiry and nonce are verified: its claims
        // can be read as they stand, the ones the core types do not name too.
        let claims = payload(&token.to_string()).ok_or(START_AGAIN)?;
        if !holds(
            claims.get(&self.settings.organiser_claim),
            &self.settings.organiser_value,
        ) {
            let who = claims.get("sub").and_then(|v| v.as_str()).unwrap_or("?");
            tracing::warn!(
                subject = who,
                "a city login without the organiser claim was refused"
            );
            return Err(NOT_ORGANISER);
        }
        name_of(&claims, &self.settings.name_claim).ok_or(START_AGAIN)
    }
}

/// The claims of a JWT (its middle part), as JSON.
fn payload(jwt: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    use base64::Engine as _;
    let middle = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(middle.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Whether a claim (a string or a list of strings) is or holds `value`.
fn holds(claim: Option<&serde_json::Value>, value: &str) -> bool {
    match claim {
        Some(serde_json::Value::String(s)) => s == value,
        Some(serde_json::Value::Array(items)) => items.iter().any(|i| i.as_str() == Some(value)),
        _ => false,
    }
}

/// The organiser's name from `claim`, else the e-mail address, else the subject; control
/// characters removed, at most [`MAX_NAME_CHARS`] characters.
fn name_of(claims: &serde_json::Map<String, serde_json::Value>, claim: &str) -> Option<String> {
    [claim, "email", "sub"]
        .iter()
        .filter_map(|c| claims.get(*c).and_then(|v| v.as_str()))
        .map(|s| {
            s.chars()
                .filter(|c| !c.is_control())
                .take(MAX_NAME_CHARS)
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .find(|s| !s.is_empty())
}

/// The cookie of a login under way: for the city login's own paths only, and sent along
/// with the provider's redirect back (`Lax`); it ends with the browser, the login itself
/// after [`PENDING_LIFETIME`].
fn login_cookie(value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((LOGIN_COOKIE, value))
        .path("/login/oidc")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .build()
}

/// The login page again with `message`, to return to `next` after logging in.
fn failed(state: &AppState, csrf: &CsrfToken, next: &str, (status, message): Failure) -> Response {
    let page = views::login_page(csrf.as_str(), next, Some(message), state.login_ways());
    csrf.page(status, page)
}

/// `GET /login/oidc`: off to the city's provider.
pub async fn start(
    State(state): State<AppState>,
    super::auth::ClientIp(ip): super::auth::ClientIp,
    csrf: CsrfToken,
    jar: CookieJar,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(city) = state.city_login() else {
        return WebError::NotFound.into_response();
    };
    let pairs = params::pairs(raw.as_deref());
    let next = super::auth::safe_next(get(&pairs, "next"));
    match city.start(next, ip).await {
        Ok((url, key)) => {
            let cookie = login_cookie(key, state.serves_https());
            (jar.add(cookie), Redirect::to(&url)).into_response()
        }
        Err(failure) => failed(&state, &csrf, next, failure),
    }
}

/// `GET /login/oidc/callback`: the provider sends the browser back with a code (or an error).
pub async fn callback(
    State(state): State<AppState>,
    csrf: CsrfToken,
    session: Session,
    jar: CookieJar,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(city) = state.city_login() else {
        return WebError::NotFound.into_response();
    };
    let pairs = params::pairs(raw.as_deref());
    let login = jar.get(LOGIN_COOKIE).and_then(|c| city.take(c.value()));
    let jar = jar.remove(login_cookie(String::new(), state.serves_https()));
    let answer = |response: Response| (jar.clone(), response).into_response();
    let Some(login) = login else {
        return answer(failed(&state, &csrf, "/admin", START_AGAIN));
    };
    let next = login.next.as_str();
    let same_state: bool = {
        use subtle::ConstantTimeEq as _;
        get(&pairs, "state")
            .as_bytes()
            .ct_eq(login.state.as_bytes())
            .into()
    };
    if !same_state {
        tracing::warn!("a city login came back with another state than it was sent with");
        return answer(failed(&state, &csrf, next, START_AGAIN));
    }
    let code = get(&pairs, "code");
    if code.is_empty() {
        // The provider's `error`: the person cancelled, or may not use this client.
        let error = get(&pairs, "error");
        tracing::info!(
            error,
            "the OpenID provider sent a login back without a code"
        );
        let failure = if error == "access_denied" {
            DENIED
        } else {
            START_AGAIN
        };
        return answer(failed(&state, &csrf, next, failure));
    }
    let name = match city.finish(&login, code).await {
        Ok(name) => name,
        Err(failure) => return answer(failed(&state, &csrf, next, failure)),
    };
    if let Err(e) = super::session::start(&session, &name, city.fingerprint()).await {
        tracing::error!("cannot start a session: {e}");
        return answer(WebError::StorageUnavailable(e.to_string()).into_response());
    }
    tracing::info!(organiser = %name, "an organiser logged in with the city login");
    let page = views::logged_in_page(&name, next);
    answer((StatusCode::OK, page).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_holds_a_value_as_a_string_or_in_a_list() {
        let v = serde_json::json!({"groups": ["a", "redaktion"], "role": "redaktion", "n": 3});
        let m = v.as_object().unwrap();
        assert!(holds(m.get("groups"), "redaktion"));
        assert!(holds(m.get("role"), "redaktion"));
        assert!(!holds(m.get("n"), "3"));
        assert!(!holds(m.get("saknas"), "redaktion"));
        assert!(!holds(m.get("groups"), "redaktio"));
    }

    #[test]
    fn the_name_falls_back_to_the_address_then_the_subject_and_is_cleaned() {
        let v = serde_json::json!({"sub": "123", "email": "anna@stockholm.se",
            "preferred_username": " \u{7}  "});
        let m = v.as_object().unwrap();
        assert_eq!(
            name_of(m, "preferred_username").as_deref(),
            Some("anna@stockholm.se")
        );
        let v = serde_json::json!({"sub": "123", "preferred_username": "anna\nsvensson"});
        assert_eq!(
            name_of(v.as_object().unwrap(), "preferred_username").as_deref(),
            Some("annasvensson")
        );
        let long = "x".repeat(500);
        let v = serde_json::json!({"sub": long});
        assert_eq!(
            name_of(v.as_object().unwrap(), "preferred_username")
                .unwrap()
                .chars()
                .count(),
            MAX_NAME_CHARS
        );
    }

    #[test]
    fn a_token_payload_is_read_from_its_middle_part() {
        // {"sub":"a","groups":["x"]}
        let jwt = "e30.eyJzdWIiOiJhIiwiZ3JvdXBzIjpbIngiXX0.c2ln";
        let claims = payload(jwt).unwrap();
        assert_eq!(claims["sub"], "a");
        assert!(payload("bara-en-del").is_none());
        assert!(payload("a.!!!.c").is_none());
    }
}
