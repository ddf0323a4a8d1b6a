//! Cross-site request forgery protection for forms: a random token in a `SameSite=Strict`,
//! `HttpOnly` cookie that every form repeats in a hidden field (double submit). A request
//! from another site can neither read the cookie nor send it.

use axum::http::{HeaderMap, HeaderValue, header};

/// The cookie's name.
pub const COOKIE: &str = "goda_csrf";

/// The token in the request's cookie, if any.
pub fn from_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| {
            *name == COOKIE && value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
        })
        .map(|(_, value)| value.to_owned())
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
