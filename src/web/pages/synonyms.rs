//! `/admin/synonymer`: the organisers edit the synonym list; search uses it from the next
//! query on, without a reindex.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::synonyms::{SaveError, from_lines, to_lines};
use crate::views::{self, SynonymForm};
use crate::web::auth::PageOrganiser;
use crate::web::csrf::{CsrfToken, PostedForm};
use crate::web::{AppState, WebError, params};

/// `GET /admin/synonymer`: the list as two texts, and its history.
pub async fn synonyms(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    csrf: CsrfToken,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Result<Response, WebError> {
    let (list, version) = state.synonyms().read().map_err(|problems| {
        WebError::Internal(format!(
            "the synonym list is invalid: {}",
            problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default()
        ))
    })?;
    let (groups, expansions) = to_lines(&list);
    let saved = params::pairs(raw.as_deref())
        .iter()
        .any(|(k, _)| k == "sparat");
    let form = SynonymForm {
        groups: groups.join("\n"),
        expansions: expansions.join("\n"),
        version,
        errors: Vec::new(),
        message: saved.then(|| "Listan är sparad. Sökningen använder den redan.".to_owned()),
        saved,
    };
    Ok(page(&state, (&name, &csrf), StatusCode::OK, form))
}

fn page(
    state: &AppState,
    (name, csrf): (&str, &CsrfToken),
    status: StatusCode,
    form: SynonymForm,
) -> Response {
    let history = state.synonyms().history();
    csrf.page(
        status,
        views::synonyms_page(name, csrf.as_str(), &form, &history),
    )
}

/// `POST /admin/synonymer`: saves the list (422 with every wrong line, 409 when someone else
/// saved in between; what was typed is kept either way).
pub async fn save_synonyms(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let who = (name.as_str(), &posted.csrf);
    let mut form = SynonymForm {
        groups: posted.get("groups").to_owned(),
        expansions: posted.get("expansions").to_owned(),
        version: posted.get("version").to_owned(),
        errors: Vec::new(),
        message: None,
        saved: false,
    };
    if posted.forged {
        form.message =
            Some("Sidan hade varit öppen länge, så formuläret behövde förnyas. Inget är sparat ännu, men din text finns kvar: spara igen.".into());
        return Ok(page(&state, who, StatusCode::FORBIDDEN, form));
    }
    let list = match from_lines(&form.groups, &form.expansions) {
        Ok(list) => list,
        Err(errors) => {
            form.errors = errors;
            return Ok(page(&state, who, StatusCode::UNPROCESSABLE_ENTITY, form));
        }
    };
    let now = jiff::Timestamp::now().to_string();
    match state.synonyms().save(&list, &name, &form.version, &now) {
        Ok(_) => {
            state.search().set_synonyms(&list);
            Ok(Redirect::to("/admin/synonymer?sparat").into_response())
        }
        Err(SaveError::Stale) => {
            form.message = Some(
                "Någon annan har sparat listan sedan du öppnade den. Din text finns kvar här; \
                 öppna sidan på nytt i en annan flik för att se deras ändringar innan du sparar."
                    .to_owned(),
            );
            Ok(page(&state, who, StatusCode::CONFLICT, form))
        }
        Err(e) => Err(WebError::Internal(e.to_string())),
    }
}
