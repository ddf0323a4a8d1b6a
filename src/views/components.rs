//! Partials used by several pages.

use maud::{Markup, PreEscaped, html};

use crate::model::{Example, Vocabulary};
use crate::search::Hit;

/// The search box; `q` is shown as typed.
pub fn search_box(q: &str, autofocus: bool) -> Markup {
    html! {
        form class="search-form" role="search" action="/sok" method="get" {
            div class="field" {
                label for="q" { "Sök bland goda exempel" }
                input type="search" id="q" name="q" value=(q) autocomplete="off" data-suggest autofocus[autofocus];
            }
            button type="submit" { "Sök" }
        }
    }
}

/// "Förskola · Infört och utvärderat · 2024".
pub fn facts_line(e: &Example) -> Markup {
    html! {
        p class="meta" {
            (e.unit) ", " (e.organisation)
            br;
            (e.area.label()) " · " (e.maturity.label()) " · " (e.year)
        }
    }
}

/// The focus areas of an example as a list of links.
pub fn focus_links(e: &Example) -> Markup {
    html! {
        ul class="tags" aria-label="Fokusområden" {
            @for f in &e.focus_areas {
                li { a href={ "/fokusomraden/" (f.slug()) } { (f.label()) } }
            }
        }
    }
}

/// A card for an example: title link, unit, facts and summary. `heading` is the heading level
/// tag the page needs ("h2" or "h3").
pub fn example_card(hit: &Hit, heading: u8) -> Markup {
    let e = &hit.example;
    let href = format!("/exempel/{}", e.id);
    html! {
        li class="card" {
            @if heading == 2 {
                h2 { a href=(href) { (e.title) } }
            } @else {
                h3 { a href=(href) { (e.title) } }
            }
            (facts_line(e))
            @if hit.adoptions > 0 || !hit.awards.is_empty() {
                (spread_line(hit.adoptions as usize, &hit.awards))
            }
            p { (PreEscaped(hit.snippet.to_html())) }
        }
    }
}

/// "Infört av 2 enheter" and the award badges of an example, on a card or its page.
pub fn spread_line(adoptions: usize, awards: &[crate::model::AwardBadge]) -> Markup {
    html! {
        p class="spread-line" {
            @if adoptions > 0 {
                span class="adopted" { (super::adoption::adopted_by(adoptions)) }
            }
            @for b in awards.iter().take(3) {
                " "
                a class="badge" href={ "/utmarkelser/" (b.award) } { (b.text()) }
            }
        }
    }
}

/// A labelled select of a vocabulary with "Alla" first (no filter); `wrapper` is the class of
/// the surrounding `div`.
pub fn vocabulary_select<V: Vocabulary + PartialEq>(
    wrapper: &str,
    id: &str,
    label: &str,
    selected: Option<V>,
) -> Markup {
    html! {
        div class=(wrapper) {
            label for=(id) { (label) }
            select id=(id) name=(id) {
                option value="" { "Alla" }
                @for v in V::ALL {
                    option value=(v.slug()) selected[selected == Some(*v)] { (v.label()) }
                }
            }
        }
    }
}

/// The answer to a save on an organiser's page: a success (`Ok`) or what went wrong (`Err`).
pub fn save_message(message: Option<Result<&str, &str>>) -> Markup {
    html! {
        @match message {
            Some(Ok(m)) => div class="notice success" role="status" { p { (m) } },
            Some(Err(m)) => div class="error-summary" role="alert" tabindex="-1" { p { (m) } },
            None => {},
        }
    }
}
