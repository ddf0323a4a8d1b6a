//! The organisers' Goda exempelmässa pages: `/admin/massa` (the editions) and the builder
//! `/admin/massa/{year}`, one form whose every button saves the form and then takes its step.

use std::collections::HashSet;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::catalogue::{
    EditionDraft, EntryDraft, HoursDraft, SaveError, SessionDraft, SessionKind, Theme,
    default_themes, parse_year, revision, to_draft,
};
use crate::corpus::FieldError;
use crate::model::{Area, ExampleId, FocusArea};
use crate::search::{SearchRequest, Sort};
use crate::views::{self, BuilderError, BuilderView, Candidate, EditionRow, EntryInfo};
use crate::web::auth::PageOrganiser;
use crate::web::body::FormBody;
use crate::web::{AppState, WebError, csrf, params, today};

/// The most entries one edition may have (a guard against absurd forms).
const MAX_ENTRIES: usize = 2_000;
/// Suggestions of examples never shown.
const UNSHOWN: usize = 8;
/// Groups of similar examples suggested, and the examples tried as their seeds.
const CLUSTERS: usize = 4;
const CLUSTER_SEEDS: usize = 16;
/// Hits of the search in the builder.
const HITS: u32 = 10;

fn year_of(year: &str) -> Result<i16, WebError> {
    parse_year(year).ok_or(WebError::NotFound)
}

/// `GET /admin/massa`: every edition.
pub async fn editions(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    headers: HeaderMap,
) -> Response {
    editions_page(&state, &name, &headers, StatusCode::OK, None)
}

fn editions_page(
    state: &AppState,
    name: &str,
    headers: &HeaderMap,
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
    let (token, cookie) = csrf::ensure(headers);
    csrf::page(
        status,
        cookie,
        views::editions_admin_page(name, &token, &rows, error),
    )
}

/// `GET /admin/massa/ny?ar=2027`: opens the builder of that year.
pub async fn new_edition(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    headers: HeaderMap,
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
            &headers,
            StatusCode::BAD_REQUEST,
            Some(&format!(
                "”{year}” är inget år; skriv ett år mellan 2000 och 2100, till exempel 2027."
            )),
        ),
    }
}

/// A new edition's starting point.
fn blank(year: i16) -> EditionDraft {
    EditionDraft {
        name: format!("Goda exempelmässan {year}"),
        dates: Vec::new(),
        venue: "Stadshuset".into(),
        opening_hours: HoursDraft {
            opens: "09:00".into(),
            closes: "16:00".into(),
        },
        rooms: vec!["Sal A".into(), "Sal B".into()],
        themes: Some(default_themes()),
        published: false,
        entries: Vec::new(),
        changelog: Vec::new(),
    }
}

/// The search and filters of the builder.
#[derive(Debug, Default)]
struct Finder {
    q: String,
    focus_area: Option<FocusArea>,
    area: Option<Area>,
}

impl Finder {
    fn from_pairs(pairs: &[(String, String)]) -> Self {
        let get = |key: &str| params::value(pairs, key);
        Finder {
            q: get("q").to_owned(),
            focus_area: FocusArea::parse(get("focus_area")),
            area: Area::parse(get("area")),
        }
    }

    fn is_set(&self) -> bool {
        !self.q.trim().is_empty() || self.focus_area.is_some() || self.area.is_some()
    }

    fn query_string(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            s.append_pair("q", &self.q);
        }
        if let Some(f) = self.focus_area {
            s.append_pair("focus_area", f.slug());
        }
        if let Some(a) = self.area {
            s.append_pair("area", a.slug());
        }
        s.finish()
    }
}

/// `GET /admin/massa/{year}`: the builder, with the stored edition or a new one.
pub async fn builder(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(year): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let year = year_of(&year)?;
    let pairs = params::pairs(raw.as_deref());
    let finder = Finder::from_pairs(&pairs);
    let saved = pairs.iter().any(|(k, _)| k == "sparat");
    let stored = state.editions().get(year);
    let draft = stored.as_ref().map_or_else(|| blank(year), |e| to_draft(e));
    render(
        &state,
        &name,
        &headers,
        Render {
            year,
            draft: &draft,
            errors: &[],
            finder: &finder,
            status: StatusCode::OK,
            notice: saved.then_some("Ändringarna är sparade."),
            revision: &stored.as_ref().map(|e| revision(e)).unwrap_or_default(),
        },
    )
}

struct Render<'a> {
    year: i16,
    draft: &'a EditionDraft,
    errors: &'a [FieldError],
    finder: &'a Finder,
    status: StatusCode,
    notice: Option<&'a str>,
    /// The revision of the stored edition the form is a change of (empty: a new edition).
    revision: &'a str,
}

fn candidate(hit: &crate::search::Hit, in_draft: &HashSet<String>) -> Candidate {
    Candidate {
        id: hit.example.id.to_string(),
        title: hit.example.title.clone(),
        unit: hit.example.unit.clone(),
        added: in_draft.contains(hit.example.id.as_str()),
    }
}

/// Published examples not shown at any edition nor in this draft, newest first; and groups
/// of them that are like each other.
fn suggestions(
    state: &AppState,
    in_draft: &HashSet<String>,
) -> Result<(Vec<Candidate>, Vec<Vec<Candidate>>), WebError> {
    let shown = state.editions().ever_shown();
    let fresh = |id: &ExampleId| !shown.contains(id) && !in_draft.contains(id.as_str());
    let newest = state.search().search(&SearchRequest {
        sort: Sort::Newest,
        per_page: crate::search::MAX_PER_PAGE,
        ..SearchRequest::default()
    })?;
    let unshown: Vec<&crate::search::Hit> = newest
        .hits
        .iter()
        .filter(|h| fresh(&h.example.id))
        .collect();
    let mut used: HashSet<ExampleId> = HashSet::new();
    let mut clusters = Vec::new();
    for seed in unshown.iter().take(CLUSTER_SEEDS) {
        if clusters.len() == CLUSTERS {
            break;
        }
        if used.contains(&seed.example.id) {
            continue;
        }
        let similar = state
            .search()
            .similar(&seed.example.id, 6)?
            .unwrap_or_default();
        let mates: Vec<&crate::search::Hit> = similar
            .iter()
            .filter(|h| fresh(&h.example.id) && !used.contains(&h.example.id))
            .take(2)
            .collect();
        if mates.is_empty() {
            continue;
        }
        used.insert(seed.example.id.clone());
        let mut group = vec![candidate(seed, in_draft)];
        for m in mates {
            used.insert(m.example.id.clone());
            group.push(candidate(m, in_draft));
        }
        clusters.push(group);
    }
    let unshown = unshown
        .iter()
        .take(UNSHOWN)
        .map(|h| candidate(h, in_draft))
        .collect();
    Ok((unshown, clusters))
}

/// The input that a problem at `field` concerns, and how the summary names it.
fn locate(field: &str, draft: &EditionDraft, titles: &[EntryInfo]) -> (String, String) {
    if let Some(rest) = field.strip_prefix("entries[") {
        let (n, tail) = rest.split_once(']').unwrap_or((rest, ""));
        let i: usize = n.parse().unwrap_or(0);
        let title = titles
            .get(i)
            .map(|t| t.title.clone())
            .or_else(|| draft.entries.get(i).map(|e| e.example_id.clone()))
            .unwrap_or_default();
        let (input, what) = match tail {
            ".theme" => ("theme", "tema"),
            ".stand" => ("stand", "monter"),
            ".session.room" => ("room", "sal"),
            ".session.start" | ".session" => ("start", "pass"),
            ".session.end" => ("end", "pass"),
            ".session.day" => ("day", "dag"),
            ".session.kind" => ("kind", "pass"),
            _ => ("row", "post"),
        };
        return (
            format!("e{i}_{input}"),
            format!("Post {} ({title}), {what}", i + 1),
        );
    }
    let top = field.split(['[', '.']).next().unwrap_or(field);
    let (input, label) = match (top, field) {
        ("name", _) => ("name", "Namn"),
        ("venue", _) => ("venue", "Plats"),
        ("dates", _) => ("dates", "Dagar"),
        (_, "opening_hours.opens") => ("opens", "Öppnar"),
        ("opening_hours", _) => ("closes", "Stänger"),
        ("rooms", _) => ("rooms", "Salar"),
        ("themes", _) => ("themes", "Teman"),
        _ => ("name", "Mässan"),
    };
    (input.to_owned(), label.to_owned())
}

fn render(
    state: &AppState,
    name: &str,
    headers: &HeaderMap,
    r: Render<'_>,
) -> Result<Response, WebError> {
    let infos: Vec<EntryInfo> = r
        .draft
        .entries
        .iter()
        .map(|e| {
            ExampleId::parse(&e.example_id)
                .ok()
                .and_then(|id| state.any_example(&id))
                .map_or_else(
                    || EntryInfo {
                        title: e.example_id.clone(),
                        unit: String::new(),
                        public: false,
                    },
                    |x| EntryInfo {
                        public: x.is_public(),
                        title: x.title,
                        unit: x.unit,
                    },
                )
        })
        .collect();
    let in_draft: HashSet<String> = r
        .draft
        .entries
        .iter()
        .map(|e| e.example_id.clone())
        .collect();
    let hits = if r.finder.is_set() {
        let mut request = SearchRequest {
            q: r.finder.q.clone(),
            per_page: HITS,
            ..SearchRequest::default()
        };
        request.filters.focus_areas.extend(r.finder.focus_area);
        request.filters.areas.extend(r.finder.area);
        let results = state.search().search(&request)?;
        Some(
            results
                .hits
                .iter()
                .map(|h| candidate(h, &in_draft))
                .collect::<Vec<_>>(),
        )
    } else {
        None
    };
    let (unshown, clusters) = suggestions(state, &in_draft)?;
    let errors: Vec<BuilderError> = r
        .errors
        .iter()
        .map(|e| {
            let (input, label) = locate(&e.field, r.draft, &infos);
            BuilderError {
                input,
                label,
                message: e.message.clone(),
            }
        })
        .collect();
    let stored = state.editions().get(r.year);
    let changelog = stored.as_ref().map_or(&[][..], |e| &e.changelog[..]);
    let (token, cookie) = csrf::ensure(headers);
    let view = BuilderView {
        organiser: name,
        csrf: &token,
        year: r.year,
        draft: r.draft,
        exists: stored.is_some(),
        entries: &infos,
        errors: &errors,
        notice: r.notice,
        revision: r.revision,
        q: &r.finder.q,
        focus_area: r.finder.focus_area,
        area: r.finder.area,
        hits: hits.as_deref(),
        unshown: &unshown,
        clusters: &clusters,
        changelog,
    };
    Ok(csrf::page(r.status, cookie, views::builder_page(&view)))
}

/// What a button of the builder asks for, after the form is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Action {
    Save,
    Search,
    Publish,
    Unpublish,
    Up(usize),
    Down(usize),
    Remove(usize),
    Add(String),
}

impl Action {
    fn parse(s: &str) -> Action {
        let index = |rest: &str| rest.parse::<usize>().ok();
        match s.split_once(':') {
            Some(("up", n)) => index(n).map_or(Action::Save, Action::Up),
            Some(("down", n)) => index(n).map_or(Action::Save, Action::Down),
            Some(("remove", n)) => index(n).map_or(Action::Save, Action::Remove),
            Some(("add", id)) => Action::Add(id.to_owned()),
            _ => match s {
                "search" => Action::Search,
                "publish" => Action::Publish,
                "unpublish" => Action::Unpublish,
                _ => Action::Save,
            },
        }
    }
}

fn field_error(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// The builder form as an edition draft, with the problems that keep a value from even
/// being read (a stand that is not a number, a session without a day).
fn read_form(pairs: &[(String, String)]) -> (EditionDraft, Vec<FieldError>) {
    let get = |key: &str| params::value(pairs, key);
    let mut errors = Vec::new();
    let lines = |text: &str| -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut themes = Vec::new();
    for (n, line) in lines(get("themes")).iter().enumerate() {
        match line.split_once(':') {
            Some((id, name)) if !id.trim().is_empty() && !name.trim().is_empty() => themes.push(Theme {
                id: id.trim().to_owned(),
                name: name.trim().to_owned(),
            }),
            _ => errors.push(field_error(
                format!("themes[{n}]"),
                format!("rad {} ”{line}” saknar kolon; skriv id: namn, till exempel ”dialog: Dialog med stockholmarna”", n + 1),
            )),
        }
    }
    let count: usize = get("entries").parse().unwrap_or(0).min(MAX_ENTRIES);
    let mut entries = Vec::with_capacity(count);
    for i in 0..count {
        let f = |name: &str| get(&format!("e{i}_{name}")).trim().to_owned();
        let example_id = f("example");
        if example_id.is_empty() {
            continue;
        }
        let stand = match f("stand").as_str() {
            "" => None,
            s => match s.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push(field_error(
                        format!("entries[{i}].stand"),
                        format!("”{s}” är inget monternummer; skriv ett heltal från 1"),
                    ));
                    None
                }
            },
        };
        let kind = match f("kind").as_str() {
            "seminarium" => Some(SessionKind::Seminarium),
            "workshop" => Some(SessionKind::Workshop),
            _ => None,
        };
        let session = kind.map(|kind| {
            let (day, start, end) = (f("day"), f("start"), f("end"));
            if day.is_empty() {
                errors.push(field_error(
                    format!("entries[{i}].session.day"),
                    "välj vilken dag passet är",
                ));
            }
            if start.is_empty() {
                errors.push(field_error(
                    format!("entries[{i}].session.start"),
                    "skriv när passet börjar, TT:MM",
                ));
            }
            if end.is_empty() {
                errors.push(field_error(
                    format!("entries[{i}].session.end"),
                    "skriv när passet slutar, TT:MM",
                ));
            }
            SessionDraft {
                kind,
                room: f("room"),
                start: format!("{day}T{start}"),
                end: format!("{day}T{end}"),
            }
        });
        entries.push(EntryDraft {
            example_id,
            theme: f("theme"),
            stand,
            session,
        });
    }
    let dates = get("dates")
        .split([',', ' ', '\n', '\r', ';'])
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect();
    let draft = EditionDraft {
        name: get("name").to_owned(),
        dates,
        venue: get("venue").to_owned(),
        opening_hours: HoursDraft {
            opens: get("opens").trim().to_owned(),
            closes: get("closes").trim().to_owned(),
        },
        rooms: lines(get("rooms")),
        themes: (!themes.is_empty())
            .then_some(themes)
            .or_else(|| Some(default_themes())),
        published: false,
        entries,
        changelog: Vec::new(),
    };
    (draft, errors)
}

/// Applies a button's step to the draft; `Err` says why it cannot be taken.
fn apply(state: &AppState, draft: &mut EditionDraft, action: &Action) -> Result<(), FieldError> {
    let n = draft.entries.len();
    match action {
        Action::Up(i) if *i > 0 && *i < n => draft.entries.swap(*i, i - 1),
        Action::Down(i) if i + 1 < n => draft.entries.swap(*i, i + 1),
        Action::Remove(i) if *i < n => {
            draft.entries.remove(*i);
        }
        Action::Add(id) => {
            if draft.entries.iter().any(|e| &e.example_id == id) {
                return Err(field_error("entries", "exemplet finns redan i katalogen"));
            }
            let example = ExampleId::parse(id)
                .ok()
                .and_then(|id| state.search().get(&id).ok().flatten())
                .ok_or_else(|| {
                    field_error(
                        "entries",
                        format!("det finns inget publicerat exempel med id ”{id}”"),
                    )
                })?
                .example;
            let themes = draft.themes.clone().unwrap_or_else(default_themes);
            let theme = example
                .focus_areas
                .iter()
                .find_map(|f| themes.iter().find(|t| t.id == f.slug()))
                .or(themes.first())
                .map(|t| t.id.clone())
                .unwrap_or_default();
            let stand = draft
                .entries
                .iter()
                .filter_map(|e| e.stand)
                .max()
                .unwrap_or(0)
                + 1;
            draft.entries.push(EntryDraft {
                example_id: example.id.to_string(),
                theme,
                stand: Some(stand),
                session: None,
            });
        }
        _ => {}
    }
    Ok(())
}

/// `POST /admin/massa/{year}`: saves the form and takes the step of the button pressed.
pub async fn save(
    State(state): State<AppState>,
    PageOrganiser(name): PageOrganiser,
    Path(year): Path<String>,
    headers: HeaderMap,
    FormBody(body): FormBody,
) -> Result<Response, WebError> {
    let year = year_of(&year)?;
    let pairs = params::pairs(Some(&String::from_utf8_lossy(&body)));
    let finder = Finder::from_pairs(&pairs);
    let get = |key: &str| params::value(&pairs, key);
    let (mut draft, mut errors) = read_form(&pairs);
    let stored = state.editions().get(year);
    draft.published = stored.as_ref().is_some_and(|e| e.published);
    let posted_revision = get("revision").to_owned();
    let refuse = |draft: &EditionDraft, errors: &[FieldError], status: StatusCode, rev: &str| {
        render(
            &state,
            &name,
            &headers,
            Render {
                year,
                draft,
                errors,
                finder: &finder,
                status,
                notice: None,
                revision: rev,
            },
        )
    };
    if !csrf::verify(&headers, get("csrf")) {
        let expired = [field_error(
            "form",
            "formuläret hade hunnit gå ut; skicka det igen",
        )];
        return refuse(&draft, &expired, StatusCode::FORBIDDEN, &posted_revision);
    }
    let action = Action::parse(get("action"));
    match action {
        Action::Publish => draft.published = true,
        Action::Unpublish => draft.published = false,
        _ => {}
    }
    if let Err(e) = apply(&state, &mut draft, &action) {
        errors.push(e);
    }
    if !errors.is_empty() {
        return refuse(
            &draft,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
            &posted_revision,
        );
    }
    // The form always sends its revision (empty for a new edition); a post without the field
    // (an older form) saves over whatever is stored.
    let expected = pairs
        .iter()
        .any(|(k, _)| k == "revision")
        .then_some(posted_revision.as_str());
    match state.editions().save(
        year,
        draft.clone(),
        expected,
        &|id| state.any_example(id),
        today(),
    ) {
        Ok(_) => {
            let mut to = format!("/admin/massa/{year}?sparat=1");
            let query = finder.query_string();
            if !query.is_empty() {
                to.push('&');
                to.push_str(&query);
            }
            match action {
                Action::Up(i) => to.push_str(&format!("#post-{}", i - 1)),
                Action::Down(i) => to.push_str(&format!("#post-{}", i + 1)),
                Action::Add(_) => to.push_str(&format!("#post-{}", draft.entries.len() - 1)),
                _ => {}
            }
            Ok(Redirect::to(&to).into_response())
        }
        Err(SaveError::Invalid(errors)) => refuse(
            &draft,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
            &posted_revision,
        ),
        // Someone saved in between: the organiser's changes stay in the form, and saving
        // again (now on the stored revision) replaces the other change knowingly.
        Err(SaveError::Conflict { current, .. }) => {
            let message = field_error(
                "form",
                format!(
                    "någon annan sparade mässan medan du ändrade (den sparade versionen har {} poster och kan öppnas i en ny flik via adressen /admin/massa/{year}). Dina ändringar finns kvar nedan; spara igen för att ersätta den sparade versionen med dem",
                    current.entries.len()
                ),
            );
            refuse(
                &draft,
                &[message],
                StatusCode::CONFLICT,
                &revision(&current),
            )
        }
        Err(SaveError::Unreadable(_)) => {
            let message = field_error(
                "form",
                format!(
                    "filen för mässan {year} finns men kunde inte läsas (se listan över ogiltiga filer under Granska). Rätta filen först, så att den inte ersätts"
                ),
            );
            refuse(&draft, &[message], StatusCode::CONFLICT, "")
        }
        Err(SaveError::Write(e)) => Err(WebError::Internal(e.to_string())),
    }
}
