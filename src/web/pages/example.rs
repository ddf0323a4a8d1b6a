use axum::extract::{Path, State};
use maud::Markup;

use crate::model::ExampleId;
use crate::views;
use crate::web::auth::MaybeOrganiser;
use crate::web::{AppState, WebError, today};

/// How many similar examples an example page shows.
pub const SIMILAR_ON_PAGE: usize = 5;

/// `GET /exempel/{id}`: one published example with similar ones; 404 for an invalid id, an
/// unknown id, or an example that is not published.
pub async fn example(
    State(state): State<AppState>,
    MaybeOrganiser(organiser): MaybeOrganiser,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<Markup, WebError> {
    let id = ExampleId::parse(&id).map_err(|_| WebError::NotFound)?;
    let stored = state.search().get(&id)?.ok_or(WebError::NotFound)?;
    state.count_view(&id);
    let similar = state
        .search()
        .similar(&id, SIMILAR_ON_PAGE)?
        .unwrap_or_default();
    let shown = state.editions().appearances(&id);
    let base = crate::web::base_url(&state, &headers);
    let spread = state.spread().snapshot();
    let adoptions = spread.adoptions_of(&id);
    let (_, table) = state.search().spread_table();
    let badges = table.badges.get(&id).cloned().unwrap_or_default();
    let e = &stored.example;
    let place = views::ExamplePlace {
        canonical: &format!("{base}/exempel/{id}"),
        back: &back_to_search(&headers, &base),
        organiser: organiser.is_some(),
        adoptions: &adoptions,
        adopters: table.adoptions_of(&id),
        badges: &badges,
        due: e.review_due(today(), state.review_months()),
        spread_hint: spread.spread_beyond(&id, &e.organisation),
    };
    Ok(views::example_page(&stored, &similar, &shown, &place))
}

/// The search the visitor came from (`Referer` on this site's `/sok`, with its query), so that
/// "Till sökningen" keeps it; plain `/sok` otherwise.
fn back_to_search(headers: &axum::http::HeaderMap, base: &str) -> String {
    headers
        .get(axum::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.strip_prefix(base))
        .filter(|path| *path == "/sok" || path.starts_with("/sok?"))
        .filter(|path| path.len() <= 2_000)
        .unwrap_or("/sok")
        .to_owned()
}
