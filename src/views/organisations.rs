//! `/admin/organisationer`: the city's administrations and companies as one text, one a line,
//! with its history.

use maud::{Markup, html};

use super::admin::logout;
use super::layout::{Nav, page};
use super::synonyms::history_table;
use crate::corpus::Change;

/// What the form shows: the text as typed, the version it was opened at, and what went wrong
/// or right.
pub struct OrganisationForm {
    /// One organisation a line.
    pub text: String,
    /// The version of the list the form was opened at.
    pub version: String,
    /// Wrong lines: (1-based line, message).
    pub errors: Vec<(usize, String)>,
    /// A message about the save, and whether it says the list was saved.
    pub message: Option<(String, bool)>,
}

/// The most wrong lines listed; the rest are counted.
const MAX_SHOWN: usize = 20;

/// The page.
pub fn organisations_page(
    name: &str,
    csrf: &str,
    form: &OrganisationForm,
    history: &[Change],
) -> Markup {
    let failed = !form.errors.is_empty() || form.message.as_ref().is_some_and(|(_, ok)| !ok);
    let described = if form.errors.is_empty() {
        "organisationer-hjalp"
    } else {
        "organisationer-hjalp organisationer-fel"
    };
    page(
        if failed {
            "Fel: Förvaltningar och bolag"
        } else {
            "Förvaltningar och bolag"
        },
        Nav::None,
        html! {
            (logout(csrf, name))
            p { a href="/admin" { "Tillbaka till granskningen" } }
            h1 { "Förvaltningar och bolag" }
            p {
                "Listan är valen i fältet ”Förvaltning eller bolag” när en enhet skickar in ett exempel. "
                "Ett namn som skrivs annorlunda sparas som listan skriver det, så att sökningens filter får ett värde per organisation. "
                "Ett namn som inte finns i listan går fortfarande att skriva."
            }
            (super::components::save_message(form.message.as_ref().map(|(m, saved)| if *saved { Ok(m.as_str()) } else { Err(m.as_str()) })))
            @if !form.errors.is_empty() {
                div class="error-summary" role="alert" aria-labelledby="fel-rubrik" {
                    h2 id="fel-rubrik" { "Listan sparades inte: rätta raderna nedan" }
                    ul {
                        @for (line, message) in form.errors.iter().take(MAX_SHOWN) {
                            li { a href="#organisationer" { "Rad " (line) ": " (message) } }
                        }
                        @if form.errors.len() > MAX_SHOWN {
                            li { "och " (form.errors.len() - MAX_SHOWN) " fel till" }
                        }
                    }
                }
            }
            form class="submission" method="post" action="/admin/organisationer" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="version" value=(form.version);
                div class={ "form-field" @if !form.errors.is_empty() { " has-error" } } {
                    label for="organisationer" { "Organisationer, en per rad" }
                    p class="hint" id="organisationer-hjalp" {
                        "Namnet först. En organisation som bildats eller upphört får datum efter semikolon, och en anteckning sist, till exempel: "
                        "Järva stadsdelsförvaltning; från 2023-07-01; bildades av Rinkeby-Kista och Spånga-Tensta stadsdelsförvaltningar. "
                        "Exempel från år då organisationen inte fanns får en varning."
                    }
                    @if !form.errors.is_empty() {
                        ul class="field-error" id="organisationer-fel" {
                            @for (line, message) in form.errors.iter().take(MAX_SHOWN) {
                                li { span class="visually-hidden" { "Fel: " } "Rad " (line) ": " (message) }
                            }
                            @if form.errors.len() > MAX_SHOWN {
                                li { "och " (form.errors.len() - MAX_SHOWN) " fel till" }
                            }
                        }
                    }
                    textarea id="organisationer" name="organisationer" rows="24" spellcheck="false"
                        aria-describedby=(described) aria-invalid=[(!form.errors.is_empty()).then_some("true")] { (form.text) }
                }
                button type="submit" { "Spara listan" }
            }
            (history_table("Ändringar av listan över förvaltningar och bolag, senaste först", history))
        },
    )
}
