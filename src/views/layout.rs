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

/// A whole page that also loads `script` (deferred; the page works without it).
pub fn page_with_script(title: &str, current: Nav, script: Option<&str>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="sv" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – Goda exempel" }
                meta name="description" content="Goda exempel: Stockholms stads kunskapsbank med goda exempel på förbättring och innovation.";
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
                            "Exemplen visas på den årliga Goda exempelmässan."
                        }
                        p { a href="/api/openapi.json" { "Öppet API (OpenAPI)" } }
                    }
                }
            }
        }
    }
}
