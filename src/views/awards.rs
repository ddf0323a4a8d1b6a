//! Award pages: the public list and page of each award, and the organisers' form.

use maud::{Markup, html};

use super::layout::{Nav, page};
use crate::corpus::FieldError;
use crate::model::{Award, AwardResult, Example, ExampleId, Vocabulary};
use crate::spread::AwardDraft;

/// `/utmarkelser`: every award with the number of results recorded.
pub fn awards_page(awards: &[Award], published: &dyn Fn(&ExampleId) -> bool) -> Markup {
    page(
        "Utmärkelser",
        Nav::None,
        html! {
            h1 { "Utmärkelser" }
            p class="lead" {
                "Stadens kvalitetsutmärkelser lyfter fram enheter som har utvecklat sin verksamhet. "
                "Här finns exemplen som har fått en utmärkelse, år för år."
            }
            @if awards.is_empty() {
                p { "Inga utmärkelser är registrerade ännu." }
            } @else {
                ul class="award-list" {
                    @for a in awards {
                        li {
                            h2 { a href={ "/utmarkelser/" (a.slug) } { (a.name) } }
                            @if !a.description.is_empty() { p { (a.description) } }
                            @let shown: Vec<&crate::model::AwardGiven> = a.given.iter().filter(|g| g.examples.iter().any(published)).collect();
                            @if let (Some(first), Some(last)) = (shown.last(), shown.first()) {
                                p class="meta" { (shown.len()) " resultat, " (first.year) "–" (last.year) }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// `/utmarkelser/{slug}`: an award's years, results and examples; `example` gives the
/// published examples (others are left out).
pub fn award_page(award: &Award, example: &dyn Fn(&ExampleId) -> Option<Example>) -> Markup {
    // Only results with a published example, each with those examples.
    let shown: Vec<(&crate::model::AwardGiven, Vec<Example>)> = award
        .given
        .iter()
        .map(|g| (g, g.examples.iter().filter_map(example).collect::<Vec<_>>()))
        .filter(|(_, examples)| !examples.is_empty())
        .collect();
    let mut years: Vec<i16> = shown.iter().map(|(g, _)| g.year).collect();
    years.dedup();
    page(
        &award.name,
        Nav::None,
        html! {
            p { a href="/utmarkelser" { "← Alla utmärkelser" } }
            h1 { (award.name) }
            @if !award.description.is_empty() { p class="lead" { (award.description) } }
            p { a href={ "/sok?award=" (award.slug) } { "Sök bland exemplen med den här utmärkelsen" } }
            @for year in &years {
                h2 { (year) }
                ul class="award-results" {
                    @for (g, examples) in shown.iter().filter(|(g, _)| g.year == *year) {
                        @for e in examples {
                            li {
                                span class="badge" { (g.result.label()) }
                                @if !g.category.is_empty() { " " span class="meta" { (g.category) } }
                                " "
                                a href={ "/exempel/" (e.id) } { (e.title) }
                                " – " (e.unit) ", " (e.organisation)
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The organisers' form of one award.
pub struct AwardForm<'a> {
    /// `None` for a new award.
    pub slug: Option<&'a str>,
    pub draft: &'a AwardDraft,
    pub revision: &'a str,
    pub errors: &'a [FieldError],
    pub csrf: &'a str,
    pub message: Option<Result<&'a str, &'a str>>,
}

/// Empty rows offered for new results.
const BLANK_ROWS: usize = 3;

fn field_label(field: &str) -> String {
    let parts: Vec<&str> = field.split('.').collect();
    match parts[..] {
        ["given", i, what] => {
            let n = i.parse::<usize>().map_or(0, |i| i + 1);
            let what = match what {
                "year" => "år",
                "category" => "kategori",
                "result" => "resultat",
                _ => "exempel",
            };
            format!("Resultat {n}, {what}")
        }
        ["name"] => "Namn".into(),
        ["description"] => "Beskrivning".into(),
        _ => "Formuläret".into(),
    }
}

fn field_id(field: &str) -> String {
    field.replace('.', "-")
}

/// `/admin/utmarkelser/{slug}` and `/admin/utmarkelser/ny`.
pub fn award_form_page(name: &str, f: &AwardForm<'_>) -> Markup {
    let error = |field: &str| f.errors.iter().find(|e| e.field == field);
    let title = match f.slug {
        Some(_) => format!("Redigera utmärkelsen {}", f.draft.name),
        None => "Ny utmärkelse".to_owned(),
    };
    let title = match f.errors.len() {
        0 => title,
        n => format!("Fel i formuläret: {n} att rätta – {title}"),
    };
    let action = match f.slug {
        Some(s) => format!("/admin/utmarkelser/{s}"),
        None => "/admin/utmarkelser".to_owned(),
    };
    let rows = f.draft.given.len() + BLANK_ROWS;
    let blank = crate::spread::GivenDraft::default();
    let input = |field: String, label: &str, value: &str, kind: &str| {
        let id = field_id(&field);
        let e = error(&field);
        html! {
            div class="form-field" {
                label for=(id) { (label) }
                @if let Some(e) = e { p class="field-error" id={ (id) "-error" } { span class="visually-hidden" { "Fel: " } (e.message) } }
                @if kind == "textarea" {
                    textarea id=(id) name=(field) rows="2" aria-invalid=[e.map(|_| "true")]
                        aria-describedby=[e.map(|_| format!("{id}-error"))] { (value) }
                } @else {
                    input type="text" id=(id) name=(field) value=(value) inputmode=[(kind == "year").then_some("numeric")]
                        aria-invalid=[e.map(|_| "true")] aria-describedby=[e.map(|_| format!("{id}-error"))];
                }
            }
        }
    };
    page(
        &title,
        Nav::None,
        html! {
            (super::admin::admin_header(f.csrf, name))
            p { a href="/admin/utmarkelser" { "← Alla utmärkelser" } }
            h1 { @if f.slug.is_some() { "Redigera utmärkelsen" } @else { "Ny utmärkelse" } }
            (super::components::save_message(f.message))
            @if !f.errors.is_empty() {
                div class="error-summary" role="alert" tabindex="-1" aria-labelledby="fel-rubrik" {
                    h2 id="fel-rubrik" { "Rätta följande" }
                    ul {
                        @for e in f.errors {
                            li { a href={ "#" (field_id(&e.field)) } { (field_label(&e.field)) ": " (e.message) } }
                        }
                    }
                }
            }
            form class="submission" method="post" action=(action) novalidate {
                input type="hidden" name="csrf" value=(f.csrf);
                input type="hidden" name="revision" value=(f.revision);
                (input("name".into(), "Namn", &f.draft.name, "text"))
                (input("description".into(), "Beskrivning (frivilligt)", &f.draft.description, "textarea"))
                h2 { "Resultat" }
                p class="hint" {
                    "Ett resultat per rad: år, kategori (frivilligt), resultat och exemplens id (som i adressen /exempel/…, ett per rad). "
                    "Töm en rad för att ta bort den. Tomma rader sparas inte."
                }
                @for i in 0..rows {
                    @let g = f.draft.given.get(i).unwrap_or(&blank);
                    fieldset class="award-row" {
                        legend { "Resultat " (i + 1) }
                        (input(format!("given.{i}.year"), "År", &g.year, "year"))
                        (input(format!("given.{i}.category"), "Kategori", &g.category, "text"))
                        @let field = format!("given.{i}.result");
                        @let e = error(&field);
                        div class="form-field" {
                            label for=(field_id(&field)) { "Resultat" }
                            @if let Some(e) = e { p class="field-error" id={ (field_id(&field)) "-error" } { span class="visually-hidden" { "Fel: " } (e.message) } }
                            select id=(field_id(&field)) name=(field) aria-invalid=[e.map(|_| "true")]
                                aria-describedby=[e.map(|_| format!("{}-error", field_id(&field)))] {
                                @for r in AwardResult::ALL {
                                    option value=(r.slug()) selected[g.result == r.slug()] { (r.label()) }
                                }
                            }
                        }
                        (input(format!("given.{i}.examples"), "Exempel (id)", &g.examples, "textarea"))
                    }
                }
                button type="submit" { "Spara utmärkelsen" }
            }
        },
    )
}

/// `/admin/utmarkelser`: the awards, and a form for a new one.
pub fn awards_admin_page(
    name: &str,
    csrf: &str,
    awards: &[Award],
    message: Option<&str>,
) -> Markup {
    page(
        "Utmärkelser",
        Nav::None,
        html! {
            (super::admin::admin_header(csrf, name))
            h1 { "Utmärkelser" }
            (super::components::save_message(message.map(Ok)))
            @if awards.is_empty() {
                p { "Inga utmärkelser ännu." }
            } @else {
                ul {
                    @for a in awards {
                        li { a href={ "/admin/utmarkelser/" (a.slug) } { (a.name) } " (" (a.given.len()) " resultat)" }
                    }
                }
            }
            p { a class="button" href="/admin/utmarkelser/ny" { "Lägg till en utmärkelse" } }
        },
    )
}
