//! The focus area pages.

use maud::{Markup, html};

use super::components::example_card;
use super::home::focus_area_list;
use super::layout::{Nav, page};
use super::search::search_url;
use crate::model::FocusArea;
use crate::search::{FacetCount, SearchResults};

/// All six focus areas, with their descriptions and counts.
pub fn focus_areas_page(counts: &[FacetCount<FocusArea>]) -> Markup {
    page(
        "Fokusområden",
        Nav::FocusAreas,
        html! {
            h1 { "Fokusområden" }
            p class="lead" {
                "Stadens kvalitetsprogram pekar ut sex fokusområden för förbättring och innovation. "
                "Varje exempel hör till ett till tre av dem."
            }
            h2 class="visually-hidden" { "Alla fokusområden" }
            (focus_area_list(counts))
        },
    )
}

/// One focus area: what it means and its examples, newest first.
pub fn focus_area_page(focus: FocusArea, results: &SearchResults) -> Markup {
    let mut all = results.request.clone();
    all.page = 1;
    page(
        focus.label(),
        Nav::FocusAreas,
        html! {
            p { a href="/fokusomraden" { "← Alla fokusområden" } }
            h1 { (focus.label()) }
            p class="lead" { (focus.description()) }
            h2 { (results.total) " exempel" }
            p { a href=(search_url(&all)) { "Sök och filtrera bland exemplen inom " (focus.label().to_lowercase()) } }
            ul class="cards" {
                @for hit in &results.hits { (example_card(hit, 3)) }
            }
            @if results.total > results.hits.len() as u64 {
                p { a href=(search_url(&all)) { "Visa alla " (results.total) " exempel" } }
            }
        },
    )
}
