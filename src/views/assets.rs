//! Static assets, embedded in the binary and served under a name that carries a hash of their
//! content, so browsers may cache them for a year and still never see a stale copy.

use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

/// An embedded static file.
#[derive(Debug)]
pub struct Asset {
    /// The URL path it is served at, e.g. `/static/style.1a2b3c4d.css`.
    pub path: String,
    /// Its content.
    pub body: &'static str,
    /// Its media type.
    pub content_type: &'static str,
}

fn hashed(name: &str, ext: &str, body: &'static str, content_type: &'static str) -> Asset {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut h);
    let hash = format!("{:016x}", h.finish());
    Asset {
        path: format!("/static/{name}.{}.{ext}", &hash[..10]),
        body,
        content_type,
    }
}

/// Every embedded asset.
struct Assets {
    style: Asset,
    suggest: Asset,
    similar: Asset,
    massa: Asset,
    search: Asset,
}

static ASSETS: LazyLock<Assets> = LazyLock::new(|| Assets {
    style: hashed(
        "style",
        "css",
        include_str!("style.css"),
        "text/css; charset=utf-8",
    ),
    suggest: hashed(
        "suggest",
        "js",
        include_str!("suggest.js"),
        "text/javascript; charset=utf-8",
    ),
    similar: hashed(
        "similar",
        "js",
        include_str!("similar.js"),
        "text/javascript; charset=utf-8",
    ),
    massa: hashed(
        "massa",
        "js",
        include_str!("massa.js"),
        "text/javascript; charset=utf-8",
    ),
    search: hashed(
        "search",
        "js",
        include_str!("search.js"),
        "text/javascript; charset=utf-8",
    ),
});

/// The asset served at `path`, if any.
pub fn asset(path: &str) -> Option<&'static Asset> {
    [
        &ASSETS.style,
        &ASSETS.suggest,
        &ASSETS.similar,
        &ASSETS.massa,
        &ASSETS.search,
    ]
    .into_iter()
    .find(|a| a.path == path)
}

/// The URL of the stylesheet.
pub fn stylesheet_url() -> &'static str {
    &ASSETS.style.path
}

/// The URL of the search-as-you-type script.
pub fn suggest_script_url() -> &'static str {
    &ASSETS.suggest.path
}

/// The URL of the "Min mässa" script of the catalogue.
pub fn massa_script_url() -> &'static str {
    &ASSETS.massa.path
}

/// The URL of the similar-examples script of the submission form.
pub fn similar_script_url() -> &'static str {
    &ASSETS.similar.path
}

/// The URL of the search page's script: filters and sort applied at once.
pub fn search_script_url() -> &'static str {
    &ASSETS.search.path
}
