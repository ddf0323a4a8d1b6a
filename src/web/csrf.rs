//! Cross-site request forgery protection for forms: a random token in a `SameSite=Strict`,
//! `HttpOnly` cookie that every form repeats in a hidden field (double submit). A request
//! from another site can neither read the cookie nor send it.
//!
//! Two extractors carry it: [`CsrfToken`] for a page that shows a form (the request's token,
//! or a new one whose cookie the answer sets), and [`PostedForm`] for every form post (the
//! fields, read whole, and whether the token matched). A post whose token does not match is
//! not rejected by the extractor: the handler shows the form again with everything typed.
//!
//! Written here rather than taken from a CSRF crate: the crates for axum keep the token in
//! a server-side session or sign it with a key to manage, while the public forms (a unit's
//! submission) have no session, and a double-submit cookie needs neither.

use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use super::body::FormBody;
use super::{AppState, WebError};

/// The cookie's name.
pub const COOKIE: &str = "goda_csrf";

/// The token in the jar's cookie, if it has the shape of one.
fn from_jar(jar: &CookieJar) -> Option<String> {
    jar.get(COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// How the site's cookies are set: `Secure` when the site is served over HTTPS.
#[derive(Debug, Clone, Copy, Default)]
pub struct CookiePolicy {
    pub secure: bool,
}

impl FromRef<AppState> for CookiePolicy {
    fn from_ref(state: &AppState) -> Self {
        CookiePolicy {
            secure: state.serves_https(),
        }
    }
}

/// Without the application's state (tests of the extractors alone): plain HTTP.
impl FromRef<()> for CookiePolicy {
    fn from_ref(_: &()) -> Self {
        CookiePolicy::default()
    }
}

/// The token a page puts in its forms: the request's, or a new one that the answer stores.
#[derive(Debug, Clone)]
pub struct CsrfToken {
    /// The token for the hidden field.
    pub token: String,
    /// Whether the token is new, so that the answer must set its cookie.
    new: bool,
    /// Whether that cookie is `Secure`.
    secure: bool,
}

impl CsrfToken {
    fn of(jar: &CookieJar, policy: CookiePolicy) -> Self {
        let secure = policy.secure;
        match from_jar(jar) {
            Some(token) => CsrfToken {
                token,
                new: false,
                secure,
            },
            None => CsrfToken {
                token: crate::submission::new_token().unwrap_or_default(),
                new: true,
                secure,
            },
        }
    }

    /// The token as the form's hidden field needs it.
    pub fn as_str(&self) -> &str {
        &self.token
    }

    /// A page answer, with the cookie of a new token.
    pub fn page(&self, status: StatusCode, markup: maud::Markup) -> Response {
        let page = (status, markup);
        if !self.new {
            return page.into_response();
        }
        let cookie = Cookie::build((COOKIE, self.token.clone()))
            .path("/")
            .http_only(true)
            .secure(self.secure)
            .same_site(SameSite::Strict);
        (CookieJar::new().add(cookie), page).into_response()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken
where
    CookiePolicy: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        Ok(CsrfToken::of(&jar, CookiePolicy::from_ref(state)))
    }
}

/// A posted form: its fields in order (repeated keys kept), whether its `csrf` field matched
/// the cookie's token, and the token for the page shown again.
#[derive(Debug)]
pub struct PostedForm {
    pub pairs: Vec<(String, String)>,
    /// Whether the form's token did not match the cookie's: the post may come from another
    /// site, or the cookie expired.
    pub forged: bool,
    pub csrf: CsrfToken,
}

impl PostedForm {
    /// The first value of `key`; empty when the form has none.
    pub fn get(&self, key: &str) -> &str {
        super::params::value(&self.pairs, key)
    }

    /// The first value of `key`, `None` when the form has no such field.
    pub fn field(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

impl<S: Send + Sync> FromRequest<S> for PostedForm
where
    CookiePolicy: FromRef<S>,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(req.headers());
        let policy = CookiePolicy::from_ref(state);
        let FormBody(body) = FormBody::from_request(req, state).await?;
        let pairs = super::params::pairs(Some(&String::from_utf8_lossy(&body)));
        let sent = super::params::value(&pairs, "csrf");
        let forged = !from_jar(&jar).is_some_and(|cookie| same(&cookie, sent));
        Ok(PostedForm {
            pairs,
            forged,
            csrf: CsrfToken::of(&jar, policy),
        })
    }
}

/// Whether two tokens are equal, compared in constant time.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn posted(cookie: Option<&str>, body: &str) -> PostedForm {
        let mut request = axum::http::Request::post("/skicka")
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            request = request.header("cookie", format!("{COOKIE}={c}"));
        }
        let request = request
            .body(axum::body::Body::from(body.to_owned()))
            .unwrap();
        PostedForm::from_request(request, &()).await.unwrap()
    }

    #[tokio::test]
    async fn a_post_is_genuine_only_when_its_field_repeats_the_cookie() {
        let token = "ab".repeat(32);
        let ok = posted(Some(&token), &format!("csrf={token}&title=Hej")).await;
        assert!(!ok.forged);
        assert_eq!(ok.get("title"), "Hej");
        assert!(
            posted(Some(&token), &format!("csrf={}", "cd".repeat(32)))
                .await
                .forged
        );
        assert!(
            posted(None, &format!("csrf={token}")).await.forged,
            "no cookie"
        );
        assert!(
            posted(Some("kort"), "csrf=kort").await.forged,
            "not a token's shape"
        );
        assert!(posted(Some(&token), "title=Hej").await.forged, "no field");
    }

    #[tokio::test]
    async fn a_page_sets_the_cookie_only_for_a_new_token() {
        let fresh = CsrfToken::of(&CookieJar::new(), CookiePolicy::default());
        let response = fresh.page(StatusCode::OK, maud::html! { "x" });
        let set = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(set.starts_with(&format!("{COOKIE}={}", fresh.token)));
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"));
        let jar = CookieJar::new().add(Cookie::new(COOKIE, fresh.token.clone()));
        let again = CsrfToken::of(&jar, CookiePolicy::default());
        assert_eq!(again.token, fresh.token);
        let response = again.page(StatusCode::OK, maud::html! { "x" });
        assert!(response.headers().get("set-cookie").is_none());
        let over_https = CsrfToken::of(&CookieJar::new(), CookiePolicy { secure: true });
        let response = over_https.page(StatusCode::OK, maud::html! { "x" });
        assert!(
            response.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .contains("Secure")
        );
    }
}
