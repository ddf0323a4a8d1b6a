//! Reading query strings: repeated keys are allowed, so axum's `Query` (which rejects them
//! with a generic message) is not used.

use crate::search::{ParamError, SearchRequest};

/// The decoded key/value pairs of a raw query string.
pub fn pairs(raw: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// A search request from a raw query string.
pub fn search_request(raw: Option<&str>) -> Result<SearchRequest, ParamError> {
    let pairs = pairs(raw);
    SearchRequest::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}
