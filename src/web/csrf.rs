//! Cross-site request forgery protection for forms: a random token in a `SameSite=Strict`,
//! `HttpOnly` cookie that every form repeats in a hidden field (double submit). A request
//! from another site can neither read the cookie nor send it.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The cookie's name.
pub const COOKIE: &str = "goda_csrf";

/// The token in the request's cookie, if it has the shape of one.
pub fn from_cookie(headers: &HeaderMap) -> Option<String> {
    super::auth::cookie(headers, COOKIE)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A page answer, with the `Set-Cookie` of a new token when the request had none.
pub fn page(status: StatusCode, cookie: Option<HeaderValue>, markup: maud::Markup) -> Response {
    let mut response = (status, markup).into_response();
    if let Some(c) = cookie {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

/// The request's token, or a new one with the `Set-Cookie` header that stores it.
pub fn ensure(headers: &HeaderMap) -> (String, Option<HeaderValue>) {
    if let Some(token) = from_cookie(headers) {
        return (token, None);
    }
    let token = crate::submission::new_token().unwrap_or_default();
    let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
    (token, HeaderValue::from_str(&cookie).ok())
}

/// Whether the form's token matches the cookie's (compared in constant time).
pub fn verify(headers: &HeaderMap, form_token: &str) -> bool {
    let Some(cookie) = from_cookie(headers) else {
        return false;
    };
    cookie.len() == form_token.len()
        && cookie
            .bytes()
            .zip(form_token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}
