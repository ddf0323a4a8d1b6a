use axum::extract::{Path, State};
use maud::Markup;

use crate::model::ExampleId;
use crate::views;
use crate::web::{AppState, WebError};

/// How many similar examples an example page shows.
pub const SIMILAR_ON_PAGE: usize = 5;

/// `GET /exempel/{id}`: one published example with similar ones; 404 for an invalid id, an
/// unknown id, or an example that is not published.
pub async fn example(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<Markup, WebError> {
    let id = ExampleId::parse(&id).map_err(|_| WebError::NotFound)?;
    let stored = state.search().get(&id)?.ok_or(WebError::NotFound)?;
    let similar = state
        .search()
        .similar(&id, SIMILAR_ON_PAGE)?
        .unwrap_or_default();
    let shown = state.editions().appearances(&id);
    let canonical = format!("{}/exempel/{id}", crate::web::base_url(&state, &headers));
    Ok(views::example_page(&stored, &similar, &shown, &canonical))
}
