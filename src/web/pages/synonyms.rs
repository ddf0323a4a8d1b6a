//! `/admin/synonymer`: the organisers edit the synonym list; search uses it from the next
//! query on, without a reindex.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::synonyms::{SaveError, from_lines, to_lines};
use crate::views::{self, SynonymForm};
use crate::web::auth::PageOrganiser;
use crate::web::params::value as get;
use crate::web::{AppState, WebError, csrf, params};

/// `GET /admin/synonymer`: the list as two texts, and its history.
pub async fn synonyms(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    headers: HeaderMap,
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
    Ok(page(&state, &name, &headers, StatusCode::OK, form))
}

fn page(
    state: &AppState,
    name: &str,
    headers: &HeaderMap,
    status: StatusCode,
    form: SynonymForm,
) -> Response {
    let (token, cookie) = csrf::ensure(headers);
    let history = state.synonyms().history();
    csrf::page(
        status,
        cookie,
        views::synonyms_page(name, &token, &form, &history),
    )
}

/// `POST /admin/synonymer`: saves the list (422 with every wrong line, 409 when someone else
/// saved in between; what was typed is kept either way).
pub async fn save_synonyms(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    headers: HeaderMap,
    crate::web::body::FormBody(body): crate::web::body::FormBody,
) -> Result<Response, WebError> {
    let pairs = params::pairs(Some(&String::from_utf8_lossy(&body)));
    let mut form = SynonymForm {
        groups: get(&pairs, "groups").to_owned(),
        expansions: get(&pairs, "expansions").to_owned(),
        version: get(&pairs, "version").to_owned(),
        errors: Vec::new(),
        message: None,
        saved: false,
    };
    if !csrf::verify(&headers, get(&pairs, "csrf")) {
        form.message =
            Some("Formuläret hade hunnit gå ut. Din text finns kvar; spara igen.".into());
        return Ok(page(&state, &name, &headers, StatusCode::FORBIDDEN, form));
    }
    let list = match from_lines(&form.groups, &form.expansions) {
        Ok(list) => list,
        Err(errors) => {
            form.errors = errors;
            return Ok(page(
                &state,
                &name,
                &headers,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
            ));
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
            Ok(page(&state, &name, &headers, StatusCode::CONFLICT, form))
        }
        Err(e) => Err(WebError::Internal(e.to_string())),
    }
}
