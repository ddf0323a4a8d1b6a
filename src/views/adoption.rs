//! "Vi har infört detta": the report form, the reporting unit's private page, the lists of
//! adoptions on example pages, and the organisers' review of reports.

use maud::{Markup, html};

use super::format::date_sv;
use super::layout::{Nav, page};
use crate::corpus::FieldError;
use crate::model::{
    Adoption, Area, Example, MAX_ADOPTION_TEXT_CHARS, MAX_REASON_CHARS, Stage, Status, Vocabulary,
    month_sv,
};
use crate::spread::StoredReport;

/// "mars 2025".
pub fn month_year(a: &Adoption) -> String {
    let month = jiff::civil::date(a.since.year, a.since.month, 1);
    format!("{} {}", month_sv(month), a.since.year)
}

/// "Infört av 3 enheter".
pub fn adopted_by(n: usize) -> String {
    match n {
        1 => "Infört av 1 enhet".to_owned(),
        n => format!("Infört av {n} enheter"),
    }
}

/// The heading of an example's reports: how many units have it in use.
pub fn list_heading(adopters: usize) -> String {
    match adopters {
        0 => "Enheter som har provat exemplet".to_owned(),
        n => adopted_by(n),
    }
}

/// The approved adoptions of an example under a heading: unit, organisation, area, since
/// when, how far, and what they changed.
pub fn adoption_list(adoptions: &[Adoption], heading: &str) -> Markup {
    html! {
        section class="adoptions" aria-labelledby="infort-av" {
            h2 id="infort-av" { (heading) }
            ul class="adoption-list" {
                @for a in adoptions {
                    li {
                        p class="adoption-head" {
                            strong { (a.unit) } ", " (a.organisation)
                        }
                        p class="meta" {
                            (a.area.label()) " · " (a.stage.label()) " sedan " (month_year(a))
                        }
                        p { (a.text) }
                        @if let Some(reason) = &a.reason {
                            p { "Varför de slutade: " (reason) }
                        }
                        @if let Some(name) = &a.contact_name {
                            p class="meta" { "Kontakt: " (name) }
                        }
                    }
                }
            }
        }
    }
}

/// Everything the report form shows.
pub struct AdoptionFormView<'a> {
    /// The example reported on.
    pub example: &'a Example,
    /// What was typed, by field name.
    pub typed: &'a dyn Fn(&str) -> String,
    pub errors: &'a [FieldError],
    pub csrf: &'a str,
    pub action: &'a str,
    /// Hidden fields to send back (the token and revision on the unit's page).
    pub hidden: &'a [(&'a str, &'a str)],
    /// The organisations offered (a name not among them can still be typed).
    pub organisations: &'a [String],
    pub submit_label: &'a str,
}

fn label_of(field: &str) -> &'static str {
    match field {
        "unit" => "Er enhet",
        "organisation" => "Förvaltning eller bolag",
        "area" => "Verksamhetsområde",
        "since" => "När ni började (år och månad)",
        "stage" => "Hur långt ni har kommit",
        "reason" => "Varför ni slutade",
        "text" => "Vad ni ändrade och vad som hände",
        "contact_name" => "Kontaktperson (frivilligt)",
        "contact_email" => "E-post till kontaktpersonen (frivilligt)",
        _ => "Formuläret",
    }
}

/// The id a summary link goes to.
fn anchor(field: &str) -> &str {
    match field {
        "stage" => "stage-0",
        "unit" | "organisation" | "area" | "since" | "reason" | "text" | "contact_name"
        | "contact_email" => field,
        _ => "unit",
    }
}

/// The report form.
pub fn adoption_form(v: &AdoptionFormView<'_>) -> Markup {
    let error = |f: &str| v.errors.iter().find(|e| e.field == f);
    let described = |f: &str, hint: bool| {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{f}-hint"));
        }
        if error(f).is_some() {
            ids.push(format!("{f}-error"));
        }
        ids.join(" ")
    };
    let message = |f: &str| {
        html! {
            @if let Some(e) = error(f) {
                p class="field-error" id={ (f) "-error" } { span class="visually-hidden" { "Fel: " } (e.message) }
            }
        }
    };
    let text_input = |f: &str, hint: Option<&str>, attrs: (&str, usize)| {
        let (autocomplete, max) = attrs;
        html! {
            div class="form-field" {
                label for=(f) { (label_of(f)) }
                @if let Some(h) = hint { p class="hint" id={ (f) "-hint" } { (h) } }
                (message(f))
                input type="text" id=(f) name=(f) value=((v.typed)(f)) maxlength=(max)
                    autocomplete=(autocomplete)
                    aria-invalid=[error(f).map(|_| "true")]
                    aria-describedby=[Some(described(f, hint.is_some())).filter(|d| !d.is_empty())];
            }
        }
    };
    let typed_area = (v.typed)("area");
    let typed_stage = (v.typed)("stage");
    html! {
        @if !v.errors.is_empty() {
            div class="error-summary" role="alert" tabindex="-1" aria-labelledby="fel-rubrik" {
                h2 id="fel-rubrik" { "Rätta följande" }
                ul {
                    @for e in v.errors {
                        li { a href={ "#" (anchor(&e.field)) } { (label_of(&e.field)) ": " (e.message) } }
                    }
                }
            }
        }
        form class="submission" method="post" action=(v.action) novalidate {
            input type="hidden" name="csrf" value=(v.csrf);
            @for (k, val) in v.hidden { input type="hidden" name=(k) value=(val); }
            (text_input("unit", None, ("organization", 160)))
            div class="form-field" {
                label for="organisation" { (label_of("organisation")) }
                p class="hint" id="organisation-hint" { "Skriv eller välj i listan." }
                (message("organisation"))
                input type="text" id="organisation" name="organisation" list="organisationer"
                    value=((v.typed)("organisation")) maxlength="160"
                    aria-invalid=[error("organisation").map(|_| "true")]
                    aria-describedby=(described("organisation", true));
                datalist id="organisationer" {
                    @for o in v.organisations { option value=(o) {} }
                }
            }
            div class="form-field" {
                label for="area" { (label_of("area")) }
                (message("area"))
                select id="area" name="area" aria-invalid=[error("area").map(|_| "true")]
                    aria-describedby=[error("area").map(|_| "area-error")] {
                    option value="" { "Välj" }
                    @for a in Area::ALL {
                        option value=(a.slug()) selected[typed_area == a.slug()] { (a.label()) }
                    }
                }
            }
            (text_input("since", Some("Till exempel 2025-03."), ("off", 7)))
            fieldset class="form-field choices" aria-describedby=[error("stage").map(|_| "stage-error")] {
                legend { (label_of("stage")) }
                (message("stage"))
                @for (i, s) in Stage::ALL.iter().enumerate() {
                    div class="option" {
                        input type="radio" id={ "stage-" (i) } name="stage" value=(s.slug())
                            checked[typed_stage == s.slug()];
                        label for={ "stage-" (i) } { (stage_explained(*s)) }
                    }
                }
            }
            div class="form-field" {
                label for="reason" { (label_of("reason")) }
                p class="hint" id="reason-hint" { "Bara om ni har slutat. Högst " (MAX_REASON_CHARS) " tecken." }
                (message("reason"))
                textarea id="reason" name="reason" rows="2" maxlength=(MAX_REASON_CHARS)
                    aria-invalid=[error("reason").map(|_| "true")]
                    aria-describedby=(described("reason", true)) { ((v.typed)("reason")) }
            }
            div class="form-field" {
                label for="text" { (label_of("text")) }
                p class="hint" id="text-hint" {
                    "Vad gjorde ni annorlunda än originalet, och vad blev resultatet? Högst "
                    (MAX_ADOPTION_TEXT_CHARS) " tecken."
                }
                (message("text"))
                textarea id="text" name="text" rows="6" maxlength=(MAX_ADOPTION_TEXT_CHARS)
                    aria-invalid=[error("text").map(|_| "true")]
                    aria-describedby=(described("text", true)) { ((v.typed)("text")) }
            }
            (text_input("contact_name", Some("Namnet visas på exemplets sida, så att andra kan fråga er."), ("name", 160)))
            (text_input("contact_email", Some("Visas inte för läsarna. Vi skickar länken till er rapport hit."), ("email", 254)))
            button type="submit" { (v.submit_label) }
        }
    }
}

fn stage_explained(s: Stage) -> &'static str {
    match s {
        Stage::Provar => "Provar – vi har börjat pröva metoden",
        Stage::Infort => "Infört – metoden ingår i vårt vanliga arbete",
        Stage::Slutat => "Slutat – vi provade men har slutat",
    }
}

/// A page title that says first when the form has something to fix (WCAG 3.3.1).
fn titled(title: &str, errors: &[FieldError]) -> String {
    match errors.len() {
        0 => title.to_owned(),
        1 => format!("Fel i formuläret: 1 sak att rätta – {title}"),
        n => format!("Fel i formuläret: {n} saker att rätta – {title}"),
    }
}

/// `/exempel/{id}/infort`: a unit reports that it tried or adopted the example.
pub fn adoption_form_page(v: &AdoptionFormView<'_>) -> Markup {
    let e = v.example;
    page(
        &titled(&format!("Vi har infört detta: {}", e.title), v.errors),
        Nav::None,
        html! {
            p { a href={ "/exempel/" (e.id) } { "← Till exemplet" } }
            h1 { "Vi har infört detta" }
            p class="lead" {
                "Berätta att er enhet har provat eller infört "
                a href={ "/exempel/" (e.id) } { (e.title) }
                " (" (e.unit) ", " (e.organisation) "). Redaktionen läser rapporten innan den visas på exemplets sida."
            }
            (adoption_form(v))
        },
    )
}

/// What the reporting unit's private page shows.
pub struct ReportView<'a> {
    pub report: &'a StoredReport,
    pub example_title: &'a str,
    /// The private link, absolute.
    pub link: &'a str,
    /// "Tack" after sending, "sparat" after an edit.
    pub notice: Option<&'a str>,
    /// The form while the report can be changed.
    pub form: Option<&'a AdoptionFormView<'a>>,
}

fn status_sv(s: Status) -> &'static str {
    match s {
        Status::Submitted => "Väntar på granskning",
        Status::Published => "Visas på exemplets sida",
        Status::Rejected => "Visas inte",
        _ => "Okänd",
    }
}

/// `/exempel/{id}/infort/{n}?nyckel=…`: the reporting unit's page of its report.
pub fn report_page(v: &ReportView<'_>) -> Markup {
    let a = &v.report.adoption;
    let errors = v.form.map_or(&[][..], |f| f.errors);
    let comments: Vec<_> = v
        .report
        .history
        .iter()
        .filter(|c| c.comment.is_some() && c.by != "enheten")
        .collect();
    page(
        &titled("Er rapport om ett infört exempel", errors),
        Nav::None,
        html! {
            @if let Some(n) = v.notice {
                div class="notice success" role="status" { p { strong { (n) } } }
            }
            h1 { "Er rapport: " (v.example_title) }
            dl class="facts" {
                dt { "Status" } dd { (status_sv(a.status)) }
                dt { "Skickad" } dd { (date_sv(a.created)) }
                dt { "Exemplet" } dd { a href={ "/exempel/" (a.example) } { (v.example_title) } }
                dt { "Din länk" }
                dd { code class="link-text" { (v.link) } }
            }
            p { "Spara länken. Med den kan ni ändra rapporten; en ändrad rapport granskas igen innan den visas." }
            @if !comments.is_empty() {
                h2 { "Kommentarer från redaktionen" }
                ul {
                    @for c in &comments {
                        li { (c.at.get(..10).unwrap_or(&c.at)) ": " (c.comment.as_deref().unwrap_or_default()) }
                    }
                }
            }
            @if let Some(f) = v.form {
                h2 { "Ändra rapporten" }
                (adoption_form(f))
            }
        },
    )
}

/// One report waiting for the organisers, with its example's title.
pub struct WaitingReport<'a> {
    pub report: &'a StoredReport,
    pub example_title: String,
}

/// The organisers' queue of reports (a section of `/admin/spridning`).
pub fn report_queue(waiting: &[WaitingReport<'_>], csrf: &str) -> Markup {
    html! {
        h2 { "Väntar på granskning" }
        @if waiting.is_empty() {
            p { "Inga rapporter väntar på granskning." }
        } @else {
            ul class="report-queue" {
                @for w in waiting {
                    @let a = &w.report.adoption;
                    li {
                        h3 { (a.unit) ", " (a.organisation) }
                        p class="meta" {
                            "Om " a href={ "/exempel/" (a.example) } { (w.example_title) }
                            " · " (a.area.label()) " · " (a.stage.label()) " sedan " (month_year(a))
                            " · skickad " (date_sv(a.created))
                        }
                        p { (a.text) }
                        @if let Some(r) = &a.reason { p { "Varför de slutade: " (r) } }
                        form method="post" action={ "/admin/spridning/" (a.example) "/" (a.number) } {
                            input type="hidden" name="csrf" value=(csrf);
                            input type="hidden" name="revision" value=(w.report.revision);
                            div class="form-field" {
                                label for={ "kommentar-" (a.example) "-" (a.number) } { "Kommentar till enheten (frivilligt)" }
                                textarea id={ "kommentar-" (a.example) "-" (a.number) } name="comment" rows="2" maxlength="2000" {}
                            }
                            button type="submit" name="status" value="published" { "Godkänn och visa" }
                            " "
                            button type="submit" class="secondary" name="status" value="rejected" { "Avböj" }
                        }
                    }
                }
            }
        }
    }
}

/// The reports decided lately, newest first: who decided what, when, with the comment.
pub fn decided_reports(decided: &[WaitingReport<'_>]) -> Markup {
    html! {
        @if !decided.is_empty() {
            h2 { "Senast granskade" }
            table {
                caption { "De senast granskade rapporterna, den senaste först" }
                thead { tr { th scope="col" { "Rapport" } th scope="col" { "Beslut" } th scope="col" { "Vem" } th scope="col" { "När" } th scope="col" { "Kommentar" } } }
                tbody {
                    @for d in decided {
                        @let a = &d.report.adoption;
                        @if let Some(last) = d.report.history.last() {
                            tr {
                                td { (a.unit) " om " a href={ "/exempel/" (a.example) } { (d.example_title) } }
                                td { (status_sv(last.to)) }
                                td { (last.by) }
                                td { (last.at.get(..10).unwrap_or(&last.at)) }
                                td { (last.comment.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                }
            }
        }
    }
}
