//! Request bodies, read whole (up to axum's 2 MB default) with a clear error when they cannot
//! be: JSON for the API, a page for forms.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};

use super::WebError;
use super::error::ApiError;
use crate::search::ParamError;

fn unreadable(e: axum::extract::rejection::BytesRejection) -> WebError {
    WebError::BadParam(ParamError {
        param: "body".into(),
        message: format!(
            "the request body could not be read ({}); send at most 2 MB",
            e.body_text()
        ),
    })
}

/// The body of an API request.
pub struct ApiBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(ApiBody)
            .map_err(|e| ApiError(unreadable(e)))
    }
}

/// The body of a posted form.
pub struct FormBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for FormBody {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(FormBody)
            .map_err(|e| WebError::FormTooLarge(e.body_text()))
    }
}
