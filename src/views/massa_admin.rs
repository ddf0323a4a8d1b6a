//! The organisers' Goda exempelmässa pages: the editions, and the builder of one edition's
//! catalogue. The builder is one form: every button saves what the form holds and then does
//! its own step (search, add, move, remove, publish), so nothing typed is lost; a change that
//! breaks a rule is refused with the rule named beside the field.

use maud::{Markup, html};

use super::components::vocabulary_select;
use super::format::count_sv;
use super::layout::{Nav, page};
use crate::catalogue::{
    Candidate, EditionDraft, EntryInfo, Finder, Question, SessionKind, Workbench,
};
use crate::corpus::FieldError;

/// An edition in the organisers' list.
pub struct EditionRow {
    /// Its year.
    pub year: i16,
    /// Its name.
    pub name: String,
    /// Whether visitors see it.
    pub published: bool,
    /// How many entries it has.
    pub entries: usize,
}

/// `/admin/massa`: every edition, and a way to start a new one.
pub fn editions_admin_page(
    organiser: &str,
    csrf: &str,
    rows: &[EditionRow],
    error: Option<&str>,
) -> Markup {
    page(
        "Goda exempelmässan – redaktion",
        Nav::None,
        html! {
            (super::admin::logout(csrf, organiser))
            p { a href="/admin" { "← Till granskningen" } }
            h1 { "Goda exempelmässan" }
            @if rows.is_empty() {
                p { "Det finns ingen mässa än." }
            } @else {
                table {
                    caption { "Mässor" }
                    thead { tr { th scope="col" { "År" } th scope="col" { "Namn" } th scope="col" { "Status" } th scope="col" { "Poster" } } }
                    tbody {
                        @for r in rows {
                            tr {
                                td { (r.year) }
                                td { a href={ "/admin/massa/" (r.year) } { (r.name) } }
                                td { @if r.published { "Publicerad" } @else { "Opublicerad" } }
                                td { (r.entries) }
                            }
                        }
                    }
                }
            }
            h2 { "Ny mässa" }
            form class="submission" method="get" action="/admin/massa/ny" {
                @if let Some(e) = error {
                    p class="field-error" id="ar-fel" { (e) }
                }
                div class="form-field" {
                    label for="ar" { "År" }
                    @if error.is_some() {
                        input type="text" inputmode="numeric" id="ar" name="ar" required aria-invalid="true" aria-describedby="ar-fel";
                    } @else {
                        input type="text" inputmode="numeric" id="ar" name="ar" required;
                    }
                }
                button type="submit" { "Skapa eller öppna" }
            }
        },
    )
}

/// A problem in the builder: the input it concerns, a label for the summary, and the rule.
#[derive(Debug, Clone)]
pub struct BuilderError {
    /// The id of the input.
    pub input: String,
    /// What the summary calls the field ("Post 3, monter").
    pub label: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

/// The builder of one edition.
pub struct BuilderView<'a> {
    pub organiser: &'a str,
    pub csrf: &'a str,
    pub year: i16,
    /// The edition as stored, or as the organiser sent it when it was refused.
    pub draft: &'a EditionDraft,
    /// What the builder shows beside the form.
    pub work: &'a Workbench,
    /// The search in the page.
    pub finder: &'a Finder,
    pub errors: &'a [BuilderError],
    /// A confirmation ("Ändringarna är sparade").
    pub notice: Option<&'a str>,
    /// A step that waits for the organiser to confirm it.
    pub question: Option<Question>,
    /// The revision of the stored edition this form changes (empty for a new edition).
    pub revision: &'a str,
    /// The entry the last save removed, offered back.
    pub undo: Option<&'a Undo>,
}

/// An entry just removed from the catalogue, and what "Ångra" sends to put it back.
#[derive(Debug, Clone)]
pub struct Undo {
    /// Where it stood.
    pub place: usize,
    /// Its example.
    pub example_id: String,
    /// The entry as JSON, as the builder form reads it back (`angra`).
    pub json: String,
}

/// The builder's problems, each placed at the input it concerns and named for the summary.
pub fn locate_errors(
    errors: &[FieldError],
    draft: &EditionDraft,
    entries: &[EntryInfo],
) -> Vec<BuilderError> {
    errors
        .iter()
        .map(|e| {
            let (input, label) = locate(&e.field, draft, entries);
            BuilderError {
                input,
                label,
                message: e.message.clone(),
            }
        })
        .collect()
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

fn errors_for<'a>(v: &'a BuilderView<'_>, input: &str) -> Vec<&'a BuilderError> {
    v.errors.iter().filter(|e| e.input == input).collect()
}

/// A labelled input with its errors; `kind` is the input type.
fn text_field(
    v: &BuilderView<'_>,
    id: &str,
    label: &str,
    kind: &str,
    value: &str,
    hint: Option<&str>,
) -> Markup {
    // A time input may only hold HH:MM; anything else that was sent is shown as typed text.
    let is_time = |t: &str| {
        let b = t.as_bytes();
        b.len() == 5 && b[2] == b':' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit())
    };
    let kind = if kind == "time" && !value.is_empty() && !is_time(value) {
        "text"
    } else {
        kind
    };
    let errors = errors_for(v, id);
    let error_id = format!("{id}-fel");
    let hint_id = format!("{id}-hjalp");
    let described: Vec<&str> = hint
        .map(|_| hint_id.as_str())
        .into_iter()
        .chain((!errors.is_empty()).then_some(error_id.as_str()))
        .collect();
    let described = described.join(" ");
    html! {
        div class="form-field" {
            label for=(id) { (label) }
            @if let Some(h) = hint { span class="hint" id=(hint_id) { (h) } }
            @if !errors.is_empty() {
                p class="field-error" id=(error_id) { @for e in &errors { (e.message) " " } }
            }
            @if kind == "textarea" {
                textarea id=(id) name=(id) rows="3" aria-invalid=[(!errors.is_empty()).then_some("true")]
                    aria-describedby=[(!described.is_empty()).then_some(described.as_str())] { (value) }
            } @else {
                input type=(kind) id=(id) name=(id) value=(value) aria-invalid=[(!errors.is_empty()).then_some("true")]
                    aria-describedby=[(!described.is_empty()).then_some(described.as_str())];
            }
        }
    }
}

/// A labelled select of `(value, label)` options with its errors.
fn select_field(
    v: &BuilderView<'_>,
    id: &str,
    label: &str,
    options: &[(String, String)],
    selected: &str,
) -> Markup {
    let errors = errors_for(v, id);
    let error_id = format!("{id}-fel");
    html! {
        div class="form-field" {
            label for=(id) { (label) }
            @if !errors.is_empty() {
                p class="field-error" id=(error_id) { @for e in &errors { (e.message) " " } }
            }
            select id=(id) name=(id) aria-invalid=[(!errors.is_empty()).then_some("true")]
                aria-describedby=[(!errors.is_empty()).then_some(error_id.as_str())] {
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
        }
    }
}

fn settings(v: &BuilderView<'_>) -> Markup {
    let d = v.draft;
    let themes: Vec<String> = d
        .themes
        .iter()
        .flatten()
        .map(|t| format!("{}: {}", t.id, t.name))
        .collect();
    html! {
        fieldset {
            legend { "Uppgifter om mässan" }
            (text_field(v, "name", "Namn", "text", &d.name, None))
            (text_field(v, "venue", "Plats", "text", &d.venue, None))
            (text_field(v, "dates", "Dagar", "text", &d.dates.join(", "), Some("Till exempel 2026-11-03. Skriv flera dagar med kommatecken emellan.")))
            div class="row-fields" {
                (text_field(v, "opens", "Öppnar", "time", &d.opening_hours.opens, None))
                (text_field(v, "closes", "Stänger", "time", &d.opening_hours.closes, None))
            }
            (text_field(v, "rooms", "Salar", "textarea", &d.rooms.join("\n"), Some("En sal per rad.")))
            (text_field(v, "themes", "Teman", "textarea", &themes.join("\n"), Some("Ett tema per rad: id, kolon, namn. Lämna tomt för de sex fokusområdena.")))
        }
    }
}

fn candidates(list: &[Candidate]) -> Markup {
    html! {
        ul class="candidates" {
            @for c in list {
                li {
                    span { a href={ "/exempel/" (c.id) } { (c.title) } " – " (c.unit) }
                    @if c.added {
                        span class="meta" { "Finns redan i katalogen" }
                    } @else {
                        button type="submit" class="secondary" name="action" value={ "add:" (c.id) } {
                            "Lägg till" span class="visually-hidden" { ": " (c.title) }
                        }
                    }
                }
            }
        }
    }
}

fn add_section(v: &BuilderView<'_>) -> Markup {
    html! {
        section aria-labelledby="lagg-till-rubrik" {
            h2 id="lagg-till-rubrik" { "Lägg till exempel" }
            p { "Alla knappar sparar först det som står i formuläret." }
            div class="row-fields" {
                div class="form-field" {
                    label for="q" { "Sök bland publicerade exempel" }
                    input type="search" id="q" name="q" value=(v.finder.q);
                }
                (vocabulary_select("form-field", "focus_area", "Fokusområde", v.finder.focus_area))
                (vocabulary_select("form-field", "area", "Verksamhetsområde", v.finder.area))
            }
            p { button type="submit" name="action" value="search" { "Sök" } }
            @if let Some(hits) = &v.work.hits {
                h3 { "Sökträffar" }
                @if hits.is_empty() {
                    p { "Inga publicerade exempel passar sökningen." }
                } @else {
                    (candidates(hits))
                }
            }
            h3 { "Förslag: exempel som inte har visats på någon mässa" }
            @if v.work.unshown.is_empty() {
                p { "Alla publicerade exempel har visats." }
            } @else {
                (candidates(&v.work.unshown))
            }
            h3 { "Förslag: liknande exempel som kan dela ett seminarium" }
            @if v.work.clusters.is_empty() {
                p { "Vi hittade inga grupper av liknande exempel bland dem som inte har visats." }
            } @else {
                @for (i, cluster) in v.work.clusters.iter().enumerate() {
                    h4 { "Grupp " (i + 1) }
                    (candidates(cluster))
                }
            }
        }
    }
}

fn entry_row(v: &BuilderView<'_>, i: usize) -> Markup {
    let e = &v.draft.entries[i];
    let info = v.work.entries.get(i);
    let title = info.map_or(e.example_id.as_str(), |x| x.title.as_str());
    let p = |f: &str| format!("e{i}_{f}");
    let themes: Vec<(String, String)> = v
        .draft
        .themes
        .iter()
        .flatten()
        .map(|t| (t.id.clone(), t.name.clone()))
        .collect();
    let kinds = [
        (String::new(), "Inget pass".to_owned()),
        ("seminarium".to_owned(), "Seminarium".to_owned()),
        ("workshop".to_owned(), "Workshop".to_owned()),
    ];
    let rooms: Vec<(String, String)> = std::iter::once((String::new(), "Välj sal".to_owned()))
        .chain(v.draft.rooms.iter().map(|r| (r.clone(), r.clone())))
        .collect();
    let days: Vec<(String, String)> = std::iter::once((String::new(), "Välj dag".to_owned()))
        .chain(v.draft.dates.iter().map(|d| (d.clone(), d.clone())))
        .collect();
    let s = e.session.as_ref();
    let kind = s.map_or("", |s| match s.kind {
        SessionKind::Seminarium => "seminarium",
        SessionKind::Workshop => "workshop",
    });
    let (day, start) = s.map_or(("", ""), |s| {
        s.start.split_once('T').unwrap_or(("", &s.start))
    });
    let end = s.map_or("", |s| {
        s.end.split_once('T').map_or(s.end.as_str(), |(_, t)| t)
    });
    let row_errors = errors_for(v, &p("row"));
    let last = v.draft.entries.len() - 1;
    html! {
        fieldset id={ "post-" (i) } {
            legend { (i + 1) ". " (title) }
            input type="hidden" name=(p("example")) value=(e.example_id);
            @if let Some(info) = info {
                p class="meta" {
                    (info.unit)
                    @if !info.public { " · Exemplet är inte längre publicerat." }
                }
            }
            @if !row_errors.is_empty() {
                p class="field-error" id=(p("row")) tabindex="-1" { @for e in &row_errors { (e.message) " " } }
            }
            div class="row-fields" {
                (select_field(v, &p("theme"), "Tema", &themes, &e.theme))
                (text_field(v, &p("stand"), "Monter", "text", &e.stand.map(|n| n.to_string()).unwrap_or_default(), None))
                (select_field(v, &p("kind"), "Pass", &kinds, kind))
                (select_field(v, &p("room"), "Sal", &rooms, s.map_or("", |s| s.room.as_str())))
                (select_field(v, &p("day"), "Dag", &days, day))
                (text_field(v, &p("start"), "Börjar", "time", start, None))
                (text_field(v, &p("end"), "Slutar", "time", end, None))
            }
            div class="row-buttons" {
                @if i > 0 {
                    button type="submit" class="secondary" name="action" value={ "up:" (i) } { "Flytta upp" span class="visually-hidden" { ": " (title) } }
                }
                @if i < last {
                    button type="submit" class="secondary" name="action" value={ "down:" (i) } { "Flytta ner" span class="visually-hidden" { ": " (title) } }
                }
                button type="submit" class="secondary" name="action" value={ "remove:" (i) } { "Ta bort" span class="visually-hidden" { ": " (title) } }
            }
        }
    }
}

/// The second step of removing an entry or unpublishing: what it means, and two buttons of
/// the builder's own form (so that everything typed is kept either way).
fn question_box(v: &BuilderView<'_>, q: Question) -> Markup {
    let (question, consequence, yes, value) = match q {
        Question::Remove(i) => {
            let title = v.work.entries.get(i).map_or_else(
                || v.draft.entries[i].example_id.clone(),
                |e| e.title.clone(),
            );
            (
                format!("Vill du ta bort ”{title}” ur katalogen?"),
                if v.draft.published {
                    "Besökarna ser i listan över ändringar att posten är inställd. Passet och montern blir lediga."
                } else {
                    "Passet och montern blir lediga."
                },
                "Ja, ta bort posten",
                format!("remove-confirmed:{i}"),
            )
        }
        Question::Unpublish => (
            "Vill du avpublicera mässan?".to_owned(),
            "Besökarna kan inte längre se katalogen eller ladda ner programmet. Du kan publicera den igen.",
            "Ja, avpublicera",
            "unpublish-confirmed".to_owned(),
        ),
    };
    html! {
        section class="notice confirm" aria-labelledby="fraga-rubrik" {
            h2 id="fraga-rubrik" tabindex="-1" autofocus { (question) }
            p { (consequence) " Inget är sparat ännu." }
            button type="submit" name="action" value=(value) { (yes) }
            " "
            button type="submit" class="secondary" name="action" value="save" { "Nej, spara utan att ändra det" }
        }
    }
}

/// `/admin/massa/{year}`: build the catalogue of one edition.
pub fn builder_page(v: &BuilderView<'_>) -> Markup {
    let d = v.draft;
    let title = if d.name.trim().is_empty() {
        format!("Goda exempelmässan {}", v.year)
    } else {
        d.name.clone()
    };
    page(
        &format!("{title} – bygg katalogen"),
        Nav::None,
        html! {
            (super::admin::logout(v.csrf, v.organiser))
            p { a href="/admin/massa" { "← Alla mässor" } }
            h1 { (title) }
            @if let Some(n) = v.notice {
                div class="notice success" role="status" {
                    p { (n) }
                    @if let Some(u) = v.undo {
                        // The button and the entry belong to the builder's form (`form`), so
                        // that putting it back saves the catalogue as shown, without JavaScript.
                        p { "”" (u.example_id) "” togs bort ur katalogen. Var det fel kan du lägga tillbaka posten med samma tema, monter och pass." }
                        input type="hidden" form="bygg" name="angra" value=(u.json);
                        button type="submit" form="bygg" name="action" value={ "restore:" (u.place) } { "Ångra borttagningen" }
                    }
                }
            }
            @if !v.work.exists {
                p class="notice" { "Mässan finns inte än. Fyll i uppgifterna och spara för att skapa den." }
            } @else if d.published {
                p { "Status: " strong { "publicerad" } ". Besökarna ser " a href={ "/massa/" (v.year) } { "katalogen" } ". Ändringar i programmet visas för besökarna som ändringar." }
            } @else {
                p { "Status: " strong { "opublicerad" } ". Bara redaktörer ser " a href={ "/massa/" (v.year) } { "förhandsgranskningen" } "." }
            }
            @if !v.errors.is_empty() {
                div class="error-summary" role="alert" aria-labelledby="fel-rubrik" tabindex="-1" {
                    h2 id="fel-rubrik" { "Ändringen är inte sparad" }
                    ul {
                        @for e in v.errors {
                            li { a href={ "#" (e.input) } { (e.label) ": " (e.message) } }
                        }
                    }
                }
            }
            form id="bygg" class="builder" method="post" action={ "/admin/massa/" (v.year) } {
                input type="hidden" name="csrf" value=(v.csrf);
                input type="hidden" name="revision" value=(v.revision);
                input type="hidden" name="entries" value=(d.entries.len());
                @if let Some(q) = v.question { (question_box(v, q)) }
                (settings(v))
                (add_section(v))
                section aria-labelledby="poster-rubrik" {
                    h2 id="poster-rubrik" { "Katalogen (" (count_sv(d.entries.len(), "exempel", "exempel")) ")" }
                    @if d.entries.is_empty() {
                        p { "Katalogen är tom. Lägg till exempel ovan." }
                    }
                    @for i in 0..d.entries.len() { (entry_row(v, i)) }
                }
                div class="builder-actions" {
                    button type="submit" name="action" value="save" { "Spara" }
                    @if v.work.exists && d.published {
                        button type="submit" class="secondary" name="action" value="unpublish" { "Avpublicera" }
                    } @else {
                        button type="submit" class="secondary" name="action" value="publish" { "Spara och publicera" }
                    }
                }
            }
            @if !v.work.changelog.is_empty() {
                h2 { "Ändringar som besökarna ser" }
                ul {
                    @for c in &v.work.changelog { li { (c.date) ": " (c.text) } }
                }
            }
        },
    )
}
