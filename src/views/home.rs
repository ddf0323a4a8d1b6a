//! The start page.

use maud::{Markup, html};

use super::components::{example_card, search_box};
use super::layout::{Nav, page};
use crate::model::FocusArea;
use crate::search::{FacetCount, Hit};

/// The six focus areas with their descriptions and counts.
pub fn focus_area_list(counts: &[FacetCount<FocusArea>]) -> Markup {
    html! {
        ul class="focus-grid" {
            @for c in counts {
                li {
                    h3 { a href={ "/fokusomraden/" (c.value.slug()) } { (c.value.label()) } }
                    p { (c.value.description()) }
                    p class="meta" { (c.count) " exempel" }
                }
            }
        }
    }
}

/// The start page: search box, focus areas with counts, newest examples.
pub fn home_page(total: u64, counts: &[FacetCount<FocusArea>], newest: &[Hit]) -> Markup {
    page(
        "Start",
        Nav::Home,
        html! {
            h1 { "Goda exempel" }
            p class="lead" {
                "Här delar stadens enheter med sig av förbättringar och innovationer som fungerar. "
                "Sök bland " (total) " exempel från förskolor, skolor, äldreomsorg, bibliotek, förvaltningar och bolag – och ta efter det som passar er verksamhet."
            }
            (search_box("", false))
            h2 { "Stadens sex fokusområden" }
            p { "Kvalitetsprogrammet pekar ut sex områden där staden vill se förbättring och innovation." }
            (focus_area_list(counts))
            h2 { "Senast publicerade exempel" }
            ul class="cards" {
                @for hit in newest { (example_card(hit, 3)) }
            }
            p { a href="/sok?sort=newest" { "Visa alla exempel" } }
        },
    )
}
