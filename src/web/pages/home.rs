use axum::extract::State;
use maud::Markup;

use crate::search::{SearchRequest, Sort};
use crate::views;
use crate::web::{AppState, WebError};

/// How many of the newest examples the start page shows.
const NEWEST: u32 = 6;

/// `GET /`: search box, focus areas with counts, newest examples.
pub async fn home(State(state): State<AppState>) -> Result<Markup, WebError> {
    let request = SearchRequest {
        sort: Sort::Newest,
        per_page: NEWEST,
        ..SearchRequest::default()
    };
    let results = state.search().search(&request)?;
    Ok(views::home_page(
        results.total,
        &results.facets.focus_area,
        &results.hits,
    ))
}
