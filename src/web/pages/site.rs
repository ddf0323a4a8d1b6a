//! What crawlers and browsers ask every site for (`robots.txt`, `sitemap.xml`, the icon), and
//! the pages about the service: om webbplatsen, tillgänglighet, personuppgifter, kontakt.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::model::Vocabulary as _;
use crate::web::{AppState, WebError, base_url};

/// A sitemap file may list at most this many addresses (sitemaps.org).
const SITEMAP_LIMIT: usize = 50_000;

/// The icon: the site's initials on Stockholm blue, as SVG.
const ICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b3d91"/><text x="16" y="22" font-family="Arial, sans-serif" font-size="15" font-weight="700" fill="#fff" text-anchor="middle">GE</text></svg>"##;

/// `GET /robots.txt`: everything public may be crawled; the organisers' pages, the units'
/// private edit pages, the form and the API may not.
pub async fn robots(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = base_url(&state, &headers);
    let text = format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /login\nDisallow: /redigera/\nDisallow: /skicka\nDisallow: /api/\n\nSitemap: {base}/sitemap.xml\n"
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// `GET /sitemap.xml`: the public pages and every published example, with its last change.
pub async fn sitemap(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let base = base_url(&state, &headers);
    let examples =
        crate::web::off_the_runtime(&state, |state| state.search().index().published()).await??;
    let mut pages: Vec<(String, Option<String>)> = [
        "/",
        "/sok",
        "/fokusomraden",
        "/massa",
        "/om-webbplatsen",
        "/tillganglighet",
        "/personuppgifter",
        "/kontakt",
        "/oppna-data",
    ]
    .iter()
    .map(|p| (format!("{base}{p}"), None))
    .collect();
    let focus_areas = crate::model::FocusArea::ALL.iter();
    pages.extend(focus_areas.map(|f| (format!("{base}/fokusomraden/{}", f.slug()), None)));
    let editions = state.editions().published();
    pages.extend(
        editions
            .iter()
            .map(|e| (format!("{base}/massa/{}", e.year), None)),
    );
    pages.extend(examples.iter().map(|e| {
        let url = format!("{base}/exempel/{}", e.id);
        (url, Some(e.updated.to_string()))
    }));
    let xml = urlset(pages.into_iter().take(SITEMAP_LIMIT));
    let xml_type = [(header::CONTENT_TYPE, "application/xml; charset=utf-8")];
    Ok((xml_type, xml).into_response())
}

/// The sitemap document of `(address, last modified)` pairs.
fn urlset(pages: impl Iterator<Item = (String, Option<String>)>) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, modified) in pages {
        xml.push_str("<url><loc>");
        xml.push_str(&escape(&url));
        xml.push_str("</loc>");
        if let Some(date) = modified {
            xml.push_str("<lastmod>");
            xml.push_str(&date);
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `&`, `<`, `>`, quotes escaped for XML text.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// `GET /favicon.svg` and `/favicon.ico` (browsers ask for the latter whatever the page says;
/// they read an SVG served there too).
pub async fn icon() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        ICON,
    )
        .into_response()
}

/// `GET /om-webbplatsen`.
pub async fn about(State(state): State<AppState>) -> maud::Markup {
    crate::views::about_page(&state.site_info())
}

/// `GET /tillganglighet`: the accessibility statement.
pub async fn accessibility(State(state): State<AppState>) -> maud::Markup {
    crate::views::accessibility_page(&state.site_info())
}

/// `GET /personuppgifter`.
pub async fn privacy(State(state): State<AppState>) -> maud::Markup {
    crate::views::privacy_page(&state.site_info())
}

/// `GET /kontakt`.
pub async fn contact(State(state): State<AppState>) -> maud::Markup {
    crate::views::contact_page(&state.site_info())
}
