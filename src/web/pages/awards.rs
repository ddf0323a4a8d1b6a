//! Awards as pages: `/utmarkelser` and `/utmarkelser/{slug}` for everyone, and the organisers'
//! forms under `/admin/utmarkelser`.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;

use crate::corpus::FieldError;
use crate::model::ExampleId;
use crate::spread::{AwardDraft, AwardError, GivenDraft};
use crate::views::{self, AwardForm};
use crate::web::auth::PageOrganiser;
use crate::web::csrf::{CsrfToken, PostedForm};
use crate::web::{AppState, WebError, params, today};

/// The most result rows a posted form may carry.
const MAX_ROWS: usize = crate::spread::awards::MAX_GIVEN + 10;

/// `GET /utmarkelser`.
pub async fn awards(State(state): State<AppState>) -> Markup {
    let published = |id: &ExampleId| state.search().get(id).ok().flatten().is_some();
    views::awards_page(&state.spread().snapshot().awards, &published)
}

/// `GET /utmarkelser/{slug}`.
pub async fn award(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Markup, WebError> {
    let snapshot = state.spread().snapshot();
    let award = snapshot.award(&slug).ok_or(WebError::NotFound)?;
    let published = |id: &ExampleId| state.search().get(id).ok().flatten().map(|s| s.example);
    Ok(views::award_page(award, &published))
}

/// `GET /admin/utmarkelser`.
pub async fn awards_admin(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    csrf: CsrfToken,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = params::pairs(raw.as_deref());
    let saved = pairs.iter().any(|(k, _)| k == "sparat");
    let snapshot = state.spread().snapshot();
    let message = saved.then_some("Utmärkelsen är sparad.");
    csrf.page(
        StatusCode::OK,
        views::awards_admin_page(&name, csrf.as_str(), &snapshot.awards, message),
    )
}

fn form(
    (name, csrf): (&str, &CsrfToken),
    slug: Option<&str>,
    (draft, revision): (&AwardDraft, &str),
    errors: &[FieldError],
    (status, message): (StatusCode, Option<Result<&str, &str>>),
) -> Response {
    let view = AwardForm {
        slug,
        draft,
        revision,
        errors,
        csrf: csrf.as_str(),
        message,
    };
    csrf.page(status, views::award_form_page(name, &view))
}

/// `GET /admin/utmarkelser/ny`.
pub async fn new_award(PageOrganiser(name): PageOrganiser, csrf: CsrfToken) -> Response {
    let draft = AwardDraft::default();
    form(
        (&name, &csrf),
        None,
        (&draft, ""),
        &[],
        (StatusCode::OK, None),
    )
}

/// `GET /admin/utmarkelser/{slug}`.
pub async fn edit_award(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(slug): Path<String>,
    csrf: CsrfToken,
) -> Result<Response, WebError> {
    let slug = ExampleId::parse(&slug).map_err(|_| WebError::NotFound)?;
    let (draft, revision) = state
        .spread()
        .awards()
        .get(&slug)
        .ok_or(WebError::NotFound)?;
    Ok(form(
        (&name, &csrf),
        Some(slug.as_str()),
        (&draft, &revision),
        &[],
        (StatusCode::OK, None),
    ))
}

/// The award a posted form describes: `name`, `description` and rows `given.{i}.{field}`;
/// rows past the most a form may carry are left out and named.
fn posted_draft(posted: &PostedForm) -> (AwardDraft, Option<FieldError>) {
    let mut draft = AwardDraft {
        name: posted.get("name").to_owned(),
        description: posted.get("description").to_owned(),
        given: Vec::new(),
    };
    let mut too_many = None;
    for (key, value) in &posted.pairs {
        let Some(rest) = key.strip_prefix("given.") else {
            continue;
        };
        let Some((i, field)) = rest.split_once('.') else {
            continue;
        };
        let Ok(i) = i.parse::<usize>() else { continue };
        if i >= MAX_ROWS {
            too_many = Some(FieldError::new(
                "given",
                format!("högst {MAX_ROWS} rader kan skickas"),
            ));
            continue;
        }
        if draft.given.len() <= i {
            draft.given.resize(i + 1, GivenDraft::default());
        }
        let row = &mut draft.given[i];
        match field {
            "year" => row.year = value.clone(),
            "category" => row.category = value.clone(),
            "result" => row.result = value.clone(),
            "examples" => row.examples = value.clone(),
            _ => {}
        }
    }
    (draft, too_many)
}

/// `POST /admin/utmarkelser`: a new award; its slug comes from its name.
pub async fn create_award(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let slug = ExampleId::parse(&crate::submission::slugify(posted.get("name"))).ok();
    save(&state, &name, &posted, slug, None).await
}

/// `POST /admin/utmarkelser/{slug}`: saves an award, refused when someone saved it since the
/// form was opened.
pub async fn save_award(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(slug): Path<String>,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let slug = ExampleId::parse(&slug).map_err(|_| WebError::NotFound)?;
    let revision = posted.get("revision").to_owned();
    save(&state, &name, &posted, Some(slug), Some(revision)).await
}

async fn save(
    state: &AppState,
    name: &str,
    posted: &PostedForm,
    slug: Option<ExampleId>,
    expected: Option<String>,
) -> Result<Response, WebError> {
    let shown_slug_owned = expected.as_ref().and(slug.clone());
    let shown_slug = shown_slug_owned.as_ref().map(ExampleId::as_str);
    let revision = expected.clone().unwrap_or_default();
    let (draft, too_many) = posted_draft(posted);
    let again = |revision: &str, errors: &[FieldError], status, message: Option<&str>| {
        Ok(form(
            (name, &posted.csrf),
            shown_slug,
            (&draft, revision),
            errors,
            (status, message.map(Err)),
        ))
    };
    if let Some(e) = too_many {
        return again(&revision, &[e], StatusCode::UNPROCESSABLE_ENTITY, None);
    }
    if posted.forged {
        return again(
            &revision,
            &[],
            StatusCode::FORBIDDEN,
            Some(
                "Sidan hade varit öppen länge, så formuläret behövde förnyas. Inget är sparat ännu, men allt du skrev finns kvar: spara igen.",
            ),
        );
    }
    let Some(slug) = slug else {
        let error = FieldError::new("name", "namnet behöver minst en bokstav eller siffra");
        return again(&revision, &[error], StatusCode::UNPROCESSABLE_ENTITY, None);
    };
    let (to_save, on) = (draft.clone(), expected.clone());
    let saved = crate::web::off_the_runtime(state, move |state| {
        // Only published examples may be named: an award is public.
        let known = |id: &ExampleId| state.search().get(id).ok().flatten().is_some();
        let saved = state
            .spread()
            .awards()
            .save(&slug, &to_save, on.as_deref(), (today(), &known));
        if saved.is_ok() {
            state.spread_changed();
        }
        saved
    })
    .await?;
    match saved {
        Ok(_) => Ok(Redirect::to("/admin/utmarkelser?sparat=1").into_response()),
        Err(AwardError::Invalid(errors)) => {
            again(&revision, &errors, StatusCode::UNPROCESSABLE_ENTITY, None)
        }
        Err(AwardError::Exists) => again(
            &revision,
            &[FieldError::new(
                "name",
                "det finns redan en utmärkelse med det namnet",
            )],
            StatusCode::CONFLICT,
            None,
        ),
        // The form moves on to the stored revision: saving again replaces it knowingly.
        Err(AwardError::Conflict { revision: stored }) => again(
            &stored,
            &[],
            StatusCode::CONFLICT,
            Some(
                "Någon annan har sparat utmärkelsen sedan du öppnade den. Det du skrev finns kvar här; öppna sidan på nytt i en annan flik för att se deras ändringar. Sparar du igen ersätter din version deras.",
            ),
        ),
        Err(AwardError::Corpus(e)) => Err(WebError::StorageUnavailable(e.to_string())),
    }
}
