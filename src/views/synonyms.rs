//! `/admin/synonymer`: the synonym list as two texts, with its history.

use maud::{Markup, html};

use super::admin::logout;
use super::layout::{Nav, page};
use crate::synonyms::{Change, LineError, Text};

/// What the synonym form shows: the texts as typed, the version they were opened at, and
/// what went wrong or right.
pub struct SynonymForm {
    /// Groups, one a line.
    pub groups: String,
    /// One-way expansions, one a line.
    pub expansions: String,
    /// The version of the list the form was opened at.
    pub version: String,
    /// Wrong lines.
    pub errors: Vec<LineError>,
    /// A message about the save.
    pub message: Option<String>,
    /// Whether the message says the list was saved.
    pub saved: bool,
}

fn text_name(text: Text) -> &'static str {
    match text {
        Text::Groups => "Grupper",
        Text::Expansions => "Utvidgningar",
    }
}

fn text_id(text: Text) -> &'static str {
    match text {
        Text::Groups => "groups",
        Text::Expansions => "expansions",
    }
}

fn field(form: &SynonymForm, text: Text, value: &str, hint: &str) -> Markup {
    let id = text_id(text);
    let errors: Vec<&LineError> = form.errors.iter().filter(|e| e.text == text).collect();
    let described = if errors.is_empty() {
        format!("{id}-hjalp")
    } else {
        format!("{id}-hjalp {id}-fel")
    };
    html! {
        div class={ "form-field" @if !errors.is_empty() { " has-error" } } {
            label for=(id) { (text_name(text)) }
            p class="hint" id={ (id) "-hjalp" } { (hint) }
            @if !errors.is_empty() {
                ul class="field-error" id={ (id) "-fel" } {
                    @for e in &errors {
                        li { span class="visually-hidden" { "Fel: " } "Rad " (e.line) ": " (e.message) }
                    }
                }
            }
            textarea id=(id) name=(id) rows="12" spellcheck="false"
                aria-describedby=(described) aria-invalid=[(!errors.is_empty()).then_some("true")] { (value) }
        }
    }
}

/// The page.
pub fn synonyms_page(name: &str, csrf: &str, form: &SynonymForm, history: &[Change]) -> Markup {
    page(
        "Synonymer för sökningen",
        Nav::None,
        html! {
            (logout(csrf, name))
            p { a href="/admin" { "Tillbaka till granskningen" } }
            h1 { "Synonymer för sökningen" }
            p {
                "När någon söker på ett ord söker Goda exempel också på dess synonymer här, "
                "men träffar på det ord som skrevs väger alltid tyngst. Ändringar gäller från nästa sökning."
            }
            (super::components::save_message(form.message.as_deref().map(|m| if form.saved { Ok(m) } else { Err(m) })))
            @if !form.errors.is_empty() {
                div class="error-summary" role="alert" aria-labelledby="fel-rubrik" {
                    h2 id="fel-rubrik" { "Listan sparades inte: rätta raderna nedan" }
                    ul {
                        @for e in &form.errors {
                            li { a href={ "#" (text_id(e.text)) } { (text_name(e.text)) ", rad " (e.line) ": " (e.message) } }
                        }
                    }
                }
            }
            form class="submission" method="post" action="/admin/synonymer" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="version" value=(form.version);
                (field(form, Text::Groups, &form.groups,
                    "En grupp per rad, orden åtskilda med komma. Varje ord söker också på de andra, till exempel: vårdnadshavare, föräldrar"))
                (field(form, Text::Expansions, &form.expansions,
                    "En per rad: ordet, sedan =>, sedan orden det också ska söka på. Gäller bara åt ett håll, till exempel: stockholmare => invånare"))
                button type="submit" { "Spara listan" }
            }
            (history_table("Ändringar av synonymlistan, senaste först", history))
        },
    )
}

/// The history of an edited list, newest first.
pub(super) fn history_table(caption: &str, history: &[Change]) -> Markup {
    html! {
        h2 { "Ändringar" }
        @if history.is_empty() {
            p { "Listan har inte ändrats här ännu." }
        } @else {
            table {
                caption class="visually-hidden" { (caption) }
                thead { tr { th scope="col" { "När" } th scope="col" { "Vem" } th scope="col" { "Tillagt" } th scope="col" { "Borttaget" } } }
                tbody {
                    @for c in history {
                        tr {
                            td { (c.at.get(..16).unwrap_or(&c.at).replace('T', " ")) }
                            td { (c.by) }
                            td { @for l in &c.added { (l) br; } }
                            td { @for l in &c.removed { (l) br; } }
                        }
                    }
                }
            }
        }
    }
}
