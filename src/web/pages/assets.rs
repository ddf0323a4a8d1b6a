use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::views;
use crate::web::WebError;

/// `GET /static/{file}`: an embedded asset under its content-hashed name, cacheable for a year.
pub async fn asset(uri: Uri) -> Result<Response, WebError> {
    let asset = views::asset(uri.path()).ok_or(WebError::NotFound)?;
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        ),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ),
    ];
    Ok((headers, asset.body).into_response())
}
