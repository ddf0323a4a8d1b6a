//! The page layout shared by every page.

use maud::{DOCTYPE, Markup, html};

use super::{stylesheet_url, suggest_script_url};

/// Which main navigation item a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// The start page.
    Home,
    /// The search page.
    Search,
    /// The focus area pages.
    FocusAreas,
    /// Submitting an example.
    Submit,
    /// The Goda exempelmässa.
    Massa,
    /// None of them.
    None,
}

fn nav_link(href: &str, label: &str, this: Nav, current: Nav) -> Markup {
    html! {
        li {
            @if this == current {
                a href=(href) aria-current="page" { (label) }
            } @else {
                a href=(href) { (label) }
            }
        }
    }
}

/// A whole page: `title` goes before the site name in `<title>`; `body` is the content of
/// `<main>`.
pub fn page(title: &str, current: Nav, body: Markup) -> Markup {
    page_with_script(title, current, None, body)
}

/// What a page says about itself beyond its title: for search engines and link previews.
#[derive(Debug, Clone, Default)]
pub struct Head<'a> {
    /// The page's own description (the site's when `None`).
    pub description: Option<&'a str>,
    /// The page's absolute address, as the canonical link and Open Graph's `og:url`.
    pub canonical: Option<&'a str>,
    /// Whether to add Open Graph properties (title, description, type article).
    pub open_graph: bool,
    /// An address of this site to move on to at once (`<meta http-equiv="refresh">`), for a
    /// page that ends a navigation begun on another site.
    pub refresh: Option<&'a str>,
}

/// The site's description, for pages without one of their own.
const SITE_DESCRIPTION: &str =
    "Goda exempel: Stockholms stads kunskapsbank med goda exempel på förbättring och innovation.";

/// A whole page that also loads `script` (deferred; the page works without it).
pub fn page_with_script(title: &str, current: Nav, script: Option<&str>, body: Markup) -> Markup {
    page_with_head(title, current, script, &Head::default(), body)
}

/// A whole page with its own description, canonical address and Open Graph properties.
pub fn page_with_head(
    title: &str,
    current: Nav,
    script: Option<&str>,
    head: &Head<'_>,
    body: Markup,
) -> Markup {
    let description = head.description.unwrap_or(SITE_DESCRIPTION);
    html! {
        (DOCTYPE)
        html lang="sv" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – Goda exempel" }
                meta name="description" content=(description);
                @if let Some(url) = head.canonical {
                    link rel="canonical" href=(url);
                }
                @if head.open_graph {
                    meta property="og:type" content="article";
                    meta property="og:site_name" content="Goda exempel";
                    meta property="og:title" content=(title);
                    meta property="og:description" content=(description);
                    meta property="og:locale" content="sv_SE";
                    @if let Some(url) = head.canonical {
                        meta property="og:url" content=(url);
                    }
                }
                @if let Some(url) = head.refresh {
                    meta http-equiv="refresh" content={ "0;url=" (url) };
                }
                link rel="icon" href="/favicon.svg" type="image/svg+xml";
                link rel="stylesheet" href=(stylesheet_url());
                link rel="alternate" type="application/atom+xml" title="Goda exempel – senast publicerade" href="/flode.atom";
                script src=(suggest_script_url()) defer {}
                @if let Some(src) = script {
                    script src=(src) defer {}
                }
            }
            body {
                a class="skip-link" href="#innehall" { "Hoppa till innehållet" }
                header class="site-header" {
                    div class="inner" {
                        a class="site-name" href="/" {
                            "Goda exempel"
                            span { "Stockholms stads kunskapsbank för förbättring och innovation" }
                        }
                        nav class="site-nav" aria-label="Huvudmeny" {
                            ul {
                                (nav_link("/", "Start", Nav::Home, current))
                                (nav_link("/sok", "Sök exempel", Nav::Search, current))
                                (nav_link("/fokusomraden", "Fokusområden", Nav::FocusAreas, current))
                                (nav_link("/massa", "Goda exempelmässan", Nav::Massa, current))
                                (nav_link("/skicka", "Skicka in exempel", Nav::Submit, current))
                            }
                        }
                    }
                }
                main id="innehall" tabindex="-1" { (body) }
                footer class="site-footer" {
                    div class="inner" {
                        p {
                            "Goda exempel samlar stadens exempel på förbättring och innovation, så att fler enheter kan använda det som fungerar. "
                            "Varje år visas ett urval av exemplen på Goda exempelmässan."
                        }
                        (footer_links())
                    }
                }
            }
        }
    }
}

/// The links every page's footer has.
fn footer_links() -> Markup {
    html! {
        nav aria-label="Om tjänsten" {
            ul class="footer-links" {
                li { a href="/om-webbplatsen" { "Om webbplatsen" } }
                li { a href="/tillganglighet" { "Tillgänglighet" } }
                li { a href="/personuppgifter" { "Personuppgifter" } }
                li { a href="/kontakt" { "Kontakt" } }
                li { a href="/oppna-data" { "Öppna data" } }
            }
        }
    }
}
