use axum::extract::{Path, State};
use maud::Markup;

use crate::model::FocusArea;
use crate::search::{Filters, SearchRequest, Sort};
use crate::views;
use crate::web::{AppState, WebError};

/// How many examples a focus area page lists before linking to the search.
const LISTED: u32 = 24;

/// `GET /fokusomraden`: the six focus areas with counts.
pub async fn focus_areas(State(state): State<AppState>) -> Result<Markup, WebError> {
    let results = state.search().search(&SearchRequest {
        per_page: 1,
        ..SearchRequest::default()
    })?;
    Ok(views::focus_areas_page(&results.facets.focus_area))
}

/// `GET /fokusomraden/{focus_area}`: the focus area explained, with its newest examples.
pub async fn focus_area(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Markup, WebError> {
    let focus = FocusArea::parse(&slug).ok_or(WebError::NotFound)?;
    let request = SearchRequest {
        filters: Filters {
            focus_areas: vec![focus],
            ..Filters::default()
        },
        sort: Sort::Newest,
        per_page: LISTED,
        ..SearchRequest::default()
    };
    let results = state.search().search(&request)?;
    Ok(views::focus_area_page(focus, &results))
}
