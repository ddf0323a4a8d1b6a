//! `/admin/exempel/{id}/uppdatering`: organisers review a unit's update of its published
//! example; the published version stays until they publish the update.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::model::ExampleId;
use crate::submission::{ReviewError, stored};
use crate::views;
use crate::web::auth::PageOrganiser;
use crate::web::csrf::{CsrfToken, PostedForm};
use crate::web::{AppState, WebError, off_the_runtime, today};

fn page(
    state: &AppState,
    (name, csrf): (&str, &CsrfToken),
    id: &ExampleId,
    (status, message): (StatusCode, Option<&str>),
) -> Result<Response, WebError> {
    let current = state.any_example(id).ok_or(WebError::NotFound)?;
    let update = state
        .submissions()
        .pending_update(id, today())
        .ok_or(WebError::NotFound)?;
    let markup = views::update_review_page(
        (name, csrf.as_str()),
        (&stored(current), &stored(update)),
        message,
    );
    Ok(csrf.page(status, markup))
}

/// `GET /admin/exempel/{id}/uppdatering`: the update beside the published version.
pub async fn update_review(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(id): Path<String>,
    csrf: CsrfToken,
) -> Result<Response, WebError> {
    let id = ExampleId::parse(&id).map_err(|_| WebError::NotFound)?;
    page(&state, (&name, &csrf), &id, (StatusCode::OK, None))
}

/// `POST /admin/exempel/{id}/uppdatering`: publish the update, or decline it with a comment.
pub async fn decide_update(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(id): Path<String>,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let id = ExampleId::parse(&id).map_err(|_| WebError::NotFound)?;
    let again =
        |status, message: &str| page(&state, (&name, &posted.csrf), &id, (status, Some(message)));
    if posted.forged {
        return again(
            StatusCode::FORBIDDEN,
            "Sidan hade varit öppen länge, så inget är sparat. Försök igen.",
        );
    }
    let publish = match posted.get("beslut") {
        "publicera" => true,
        "avboj" => false,
        _ => {
            return again(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Välj att publicera eller inte.",
            );
        }
    };
    let comment = Some(posted.get("comment").to_owned());
    let (who, which) = (name.clone(), id.clone());
    let decided = off_the_runtime(&state, move |state| {
        state
            .workflow()
            .decide_update(&which, publish, &who, comment, today())
    })
    .await?;
    match decided {
        Ok(_) => Ok(Redirect::to(&format!("/admin/exempel/{id}?sparat=1")).into_response()),
        Err(ReviewError::NotFound) => Err(WebError::NotFound),
        Err(ReviewError::CommentRequired(_)) => again(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Skriv en kommentar till enheten om varför uppdateringen inte publiceras.",
        ),
        Err(ReviewError::CommentTooLong) => again(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Kommentaren är för lång: högst 2 000 tecken.",
        ),
        Err(ReviewError::NotAllowed { .. }) => again(
            StatusCode::CONFLICT,
            "Exemplet är inte längre publicerat, så uppdateringen kan inte publiceras.",
        ),
        Err(e) => Err(WebError::StorageUnavailable(e.to_string())),
    }
}
