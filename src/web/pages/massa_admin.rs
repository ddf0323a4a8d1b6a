//! The organisers' Goda exempelmässa pages: `/admin/massa` (the editions) and the builder
//! `/admin/massa/{year}`, one form whose every button saves the form and then takes its step
//! (the workflow is `catalogue::Builder`).

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::catalogue::{
    Builder, BuilderForm, EditionDraft, EntryDraft, Finder, Outcome, Question, Refusal, parse_year,
};
use crate::corpus::FieldError;
use crate::views::{self, BuilderView, EditionRow, Undo};
use crate::web::auth::PageOrganiser;
use crate::web::csrf::{CsrfToken, PostedForm};
use crate::web::{AppState, WebError, params, today};

fn year_of(year: &str) -> Result<i16, WebError> {
    parse_year(year).ok_or(WebError::NotFound)
}

/// `GET /admin/massa`: every edition.
pub async fn editions(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    csrf: CsrfToken,
) -> Response {
    editions_page(&state, &name, &csrf, StatusCode::OK, None)
}

fn editions_page(
    state: &AppState,
    name: &str,
    csrf: &CsrfToken,
    status: StatusCode,
    error: Option<&str>,
) -> Response {
    let rows: Vec<EditionRow> = state
        .editions()
        .all()
        .iter()
        .map(|e| EditionRow {
            year: e.year,
            name: e.name.clone(),
            published: e.published,
            entries: e.entries.len(),
        })
        .collect();
    csrf.page(
        status,
        views::editions_admin_page(name, csrf.as_str(), &rows, error),
    )
}

/// `GET /admin/massa/ny?ar=2027`: opens the builder of that year.
pub async fn new_edition(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    csrf: CsrfToken,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = params::pairs(raw.as_deref());
    let year = pairs
        .iter()
        .find(|(k, _)| k == "ar")
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    match parse_year(&year) {
        Some(y) => Redirect::to(&format!("/admin/massa/{y}")).into_response(),
        None => editions_page(
            &state,
            &name,
            &csrf,
            StatusCode::BAD_REQUEST,
            Some(&format!(
                "”{year}” är inget år; skriv ett år mellan 2000 och 2100, till exempel 2027."
            )),
        ),
    }
}

/// The builder's workflow over the state's editions, search and examples.
fn builder_of(state: &AppState, run: impl FnOnce(&Builder<'_>) -> Response) -> Response {
    let examples = |id: &crate::model::ExampleId| state.any_example(id);
    run(&Builder {
        editions: state.editions(),
        search: state.search(),
        examples: &examples,
    })
}

/// `GET /admin/massa/{year}`: the builder, with the stored edition or a new one.
pub async fn builder(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(year): Path<String>,
    csrf: CsrfToken,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let year = year_of(&year)?;
    let pairs = params::pairs(raw.as_deref());
    let saved = pairs.iter().any(|(k, _)| k == "sparat");
    let undo = removed_entry(&pairs);
    let page = Page {
        organiser: &name,
        csrf: &csrf,
        year,
        finder: &Finder::from_pairs(&pairs),
    };
    Ok(builder_of(&state, |builder| {
        let (draft, revision) = builder.open(year);
        let notice = saved.then_some("Ändringarna är sparade.");
        page.render_with(
            builder,
            &draft,
            (&[], None),
            (StatusCode::OK, notice),
            (&revision, undo.as_ref()),
        )
    }))
}

/// The entry a removal took out, from the builder's address after the save: `angra` (the
/// entry as JSON, as the form will send it back) and `plats` (where it stood). `None` when
/// either is missing or not what a removal writes.
fn removed_entry(pairs: &[(String, String)]) -> Option<Undo> {
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let json = get("angra")?;
    let entry: EntryDraft = serde_json::from_str(json).ok()?;
    let place = get("plats")?.parse().ok()?;
    Some(Undo {
        place,
        example_id: entry.example_id,
        json: json.to_owned(),
    })
}

/// What every rendering of one builder page shares.
struct Page<'a> {
    organiser: &'a str,
    csrf: &'a CsrfToken,
    year: i16,
    finder: &'a Finder,
}

impl Page<'_> {
    /// The builder with `draft`, its problems, an answer status and notice, and the revision
    /// the form carries.
    fn render(
        &self,
        builder: &Builder<'_>,
        draft: &EditionDraft,
        errors: &[FieldError],
        (status, notice): (StatusCode, Option<&str>),
        revision: &str,
    ) -> Response {
        self.render_with(
            builder,
            draft,
            (errors, None),
            (status, notice),
            (revision, None),
        )
    }

    /// The builder with `draft` as sent and the question a step waits for.
    fn render_asking(
        &self,
        builder: &Builder<'_>,
        draft: &EditionDraft,
        question: Question,
        revision: &str,
    ) -> Response {
        let said = (StatusCode::OK, None);
        self.render_with(
            builder,
            draft,
            (&[], Some(question)),
            said,
            (revision, None),
        )
    }

    fn render_with(
        &self,
        builder: &Builder<'_>,
        draft: &EditionDraft,
        (errors, question): (&[FieldError], Option<Question>),
        (status, notice): (StatusCode, Option<&str>),
        (revision, undo): (&str, Option<&Undo>),
    ) -> Response {
        let work = match builder.workbench(self.year, draft, self.finder) {
            Ok(work) => work,
            Err(e) => return WebError::from(e).into_response(),
        };
        let errors = views::locate_errors(errors, draft, &work.entries);
        let view = BuilderView {
            organiser: self.organiser,
            csrf: self.csrf.as_str(),
            year: self.year,
            draft,
            work: &work,
            finder: self.finder,
            errors: &errors,
            notice,
            question,
            revision,
            undo,
        };
        self.csrf.page(status, views::builder_page(&view))
    }
}

/// `POST /admin/massa/{year}`: saves the form and takes the step of the button pressed.
pub async fn save(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(year): Path<String>,
    posted: PostedForm,
) -> Result<Response, WebError> {
    let year = year_of(&year)?;
    let form = BuilderForm::read(&posted.pairs);
    let finder = form.finder.clone();
    let page = Page {
        organiser: &name,
        csrf: &posted.csrf,
        year,
        finder: &finder,
    };
    Ok(builder_of(&state, |builder| {
        if posted.forged {
            let expired = [FieldError::new(
                "form",
                "sidan hade varit öppen länge, så formuläret behövde förnyas. Inget är sparat ännu, men allt du skrev finns kvar nedan: spara igen",
            )];
            let revision = form.revision.clone().unwrap_or_default();
            let refused = (StatusCode::FORBIDDEN, None);
            let draft = builder.as_stored(year, form.draft.clone());
            return page.render(builder, &draft, &expired, refused, &revision);
        }
        match builder.save(year, form, today()) {
            Ok(outcome) => page.answer(builder, outcome),
            Err(e) => WebError::Internal(e.to_string()).into_response(),
        }
    }))
}

impl Page<'_> {
    /// The answer to a save: back to the builder, or the form again with the problems or the
    /// question a step waits for.
    fn answer(&self, builder: &Builder<'_>, outcome: Outcome) -> Response {
        match outcome {
            Outcome::Saved { anchor, removed } => saved(self.year, self.finder, anchor, removed),
            Outcome::Refused {
                draft,
                errors,
                refusal,
                revision,
            } => {
                let status = match refusal {
                    Refusal::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
                    Refusal::Conflict | Refusal::Unreadable => StatusCode::CONFLICT,
                };
                self.render(builder, &draft, &errors, (status, None), &revision)
            }
            Outcome::Ask {
                draft,
                question,
                revision,
            } => self.render_asking(builder, &draft, question, &revision),
        }
    }
}

/// Where the builder goes after a save: back to itself, with its search, at the entry moved
/// or added; after a removal, with the entry taken out (`angra`, as JSON) and its place, for
/// the "Ångra" button.
fn saved(
    year: i16,
    finder: &Finder,
    anchor: Option<usize>,
    removed: Option<(usize, EntryDraft)>,
) -> Response {
    let mut to = format!("/admin/massa/{year}?sparat=1");
    let query = finder.query_string();
    if !query.is_empty() {
        to.push('&');
        to.push_str(&query);
    }
    if let Some((place, entry)) = removed
        && let Ok(json) = serde_json::to_string(&entry)
    {
        let undo = form_urlencoded::Serializer::new(String::new())
            .append_pair("angra", &json)
            .append_pair("plats", &place.to_string())
            .finish();
        to.push('&');
        to.push_str(&undo);
    }
    if let Some(i) = anchor {
        to.push_str(&format!("#post-{i}"));
    }
    Redirect::to(&to).into_response()
}
