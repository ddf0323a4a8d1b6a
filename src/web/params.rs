//! Reading query strings: repeated keys are allowed, so axum's `Query` (which rejects them
//! with a generic message) is not used.

use crate::catalogue::Editions;
use crate::search::{ParamError, SearchRequest};

/// The decoded key/value pairs of a raw query string.
pub fn pairs(raw: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// The value of the first pair named `key`; empty when there is none.
pub fn value<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

/// A search request from a raw query string; a filter on Goda exempelmässa years becomes
/// the examples shown at those (published) editions.
pub fn search_request(raw: Option<&str>, editions: &Editions) -> Result<SearchRequest, ParamError> {
    let mut request = SearchRequest::from_query(raw.unwrap_or_default())?;
    if !request.filters.fairs.is_empty() {
        request.filters.ids = Some(editions.shown_at(&request.filters.fairs));
    }
    Ok(request)
}
