//! `/admin/organisationer`: the organisers edit the list of the city's administrations and
//! companies (`organisationer.toml` in the corpus); the form and validation use it from the
//! next request on.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::corpus::{SaveError, organisations_from_lines, organisations_to_lines};
use crate::views::{self, OrganisationForm};
use crate::web::auth::PageOrganiser;
use crate::web::csrf::{CsrfToken, PostedForm};
use crate::web::{AppState, WebError, params};

/// The longest text the form takes (the list holds at most 500 organisations).
const MAX_TEXT_BYTES: usize = 200_000;

/// `GET /admin/organisationer`: the list as one text, and its history.
pub async fn organisations(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    csrf: CsrfToken,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Result<Response, WebError> {
    let (list, version) = state.organisations().read().map_err(|problems| {
        WebError::Internal(format!(
            "the list of organisations is invalid: {}",
            problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default()
        ))
    })?;
    let saved = params::pairs(raw.as_deref())
        .iter()
        .any(|(k, _)| k == "sparat");
    let form = OrganisationForm {
        text: organisations_to_lines(&list),
        version,
        errors: Vec::new(),
        message: saved.then(|| ("Listan är sparad.".to_owned(), true)),
    };
    Ok(page(&state, (&name, &csrf), StatusCode::OK, form))
}

fn page(
    state: &AppState,
    (name, csrf): (&str, &CsrfToken),
    status: StatusCode,
    form: OrganisationForm,
) -> Response {
    let history = state.organisations().history();
    csrf.page(
        status,
        views::organisations_page(name, csrf.as_str(), &form, &history),
    )
}

/// `POST /admin/organisationer`: saves the list (422 with every wrong line, 409 when someone
/// else saved in between; what was typed is kept either way).
pub async fn save_organisations(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let who = (name.as_str(), &posted.csrf);
    let mut form = OrganisationForm {
        text: posted.get("organisationer").to_owned(),
        version: posted.get("version").to_owned(),
        errors: Vec::new(),
        message: None,
    };
    if posted.forged {
        form.message = Some((
            "Sidan hade varit öppen länge, så formuläret behövde förnyas. Inget är sparat ännu, \
             men din text finns kvar: spara igen."
                .into(),
            false,
        ));
        return Ok(page(&state, who, StatusCode::FORBIDDEN, form));
    }
    if form.text.len() > MAX_TEXT_BYTES {
        form.errors = vec![(1, "listan är för lång: högst 500 organisationer".into())];
        return Ok(page(&state, who, StatusCode::UNPROCESSABLE_ENTITY, form));
    }
    let list = match organisations_from_lines(&form.text) {
        Ok(list) => list,
        Err(errors) => {
            form.errors = errors;
            return Ok(page(&state, who, StatusCode::UNPROCESSABLE_ENTITY, form));
        }
    };
    let now = jiff::Timestamp::now().to_string();
    let (version, by) = (form.version.clone(), name.clone());
    let saved = crate::web::off_the_runtime(&state, move |state| {
        state.organisations().save(&list, &by, &version, &now)
    })
    .await?;
    match saved {
        Ok(_) => Ok(Redirect::to("/admin/organisationer?sparat").into_response()),
        Err(SaveError::Stale) => {
            form.message = Some((
                "Någon annan har sparat listan sedan du öppnade den. Din text finns kvar här; \
                 öppna sidan på nytt i en annan flik för att se deras ändringar innan du sparar."
                    .to_owned(),
                false,
            ));
            Ok(page(&state, who, StatusCode::CONFLICT, form))
        }
        Err(e) => Err(WebError::Internal(e.to_string())),
    }
}
