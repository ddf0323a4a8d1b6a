use axum::extract::{RawQuery, State};
use maud::Markup;

use crate::views;
use crate::web::{AppState, WebError, params};

/// `GET /sok?q=…&focus_area=…`: hits, facets and pages. Any text is a valid query; only a
/// filter or paging value that cannot be used is a 400 page naming it.
pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Markup, WebError> {
    let request = params::search_request(raw.as_deref(), state.editions())?;
    let results =
        crate::web::off_the_runtime(&state, move |state| state.search().search(&request)).await??;
    state.count_search(&results);
    let fairs: Vec<views::FairChoice> = state
        .editions()
        .published()
        .iter()
        .map(|e| (e.year, e.name.clone()))
        .collect();
    Ok(views::search_page(&results, &fairs))
}
