//! The organisers' pages: login, the review queue, one example under review.

use maud::{Markup, html};

use super::example::example_article;
use super::layout::{Nav, page};
use crate::corpus::Problem;
use crate::index::StoredExample;
use crate::model::{Status, Vocabulary};
use crate::submission::{Queued, StatusChange};

/// `/login`: the login form, with a message after a failed try.
pub fn login_page(csrf: &str, next: &str, message: Option<&str>) -> Markup {
    page(
        "Logga in",
        Nav::None,
        html! {
            h1 { "Logga in som redaktör" }
            @if let Some(m) = message {
                div class="error-summary" role="alert" { p { (m) } }
            }
            form class="submission" method="post" action="/login" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="next" value=(next);
                div class="form-field" {
                    label for="name" { "Användarnamn" }
                    input type="text" id="name" name="name" autocomplete="username" required;
                }
                div class="form-field" {
                    label for="password" { "Lösenord" }
                    input type="password" id="password" name="password" autocomplete="current-password" required;
                }
                button type="submit" { "Logga in" }
            }
        },
    )
}

pub(super) fn logout(csrf: &str, name: &str) -> Markup {
    html! {
        form method="post" action="/logout" class="logout" {
            input type="hidden" name="csrf" value=(csrf);
            "Inloggad som " strong { (name) } " "
            button type="submit" class="secondary" { "Logga ut" }
        }
    }
}

/// `/admin`: the review queue, oldest first, and the corpus files that failed validation.
pub fn queue_page(name: &str, csrf: &str, queue: &[Queued], problems: &[Problem]) -> Markup {
    page(
        "Granskning",
        Nav::None,
        html! {
            (logout(csrf, name))
            ul class="admin-links" {
                li { a href="/admin/massa" { "Goda exempelmässan: bygg katalogen" } }
                li { a href="/admin/synonymer" { "Synonymer för sökningen" } }
            }
            h1 { "Att granska" }
            @if queue.is_empty() {
                p { "Inga exempel väntar på granskning." }
            } @else {
                p { (queue.len()) " exempel väntar, äldst först." }
                ol class="hits" {
                    @for item in queue {
                        @let e = &item.example;
                        li class="hit" {
                            h2 { a href={ "/admin/exempel/" (e.id) } { (e.title) } }
                            p class="meta" { (e.unit) ", " (e.organisation) " · " (e.status.label()) " · inskickat " (e.created) }
                            @if !item.similar.is_empty() {
                                details {
                                    summary { "Liknande publicerade exempel (" (item.similar.len()) ")" }
                                    ul {
                                        @for hit in &item.similar {
                                            li { a href={ "/exempel/" (hit.example.id) } { (hit.example.title) } " – " (hit.example.unit) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "Filer som inte gick att läsa" }
            @if problems.is_empty() {
                p { "Alla filer i exempelsamlingen är giltiga." }
            } @else {
                ul {
                    @for p in problems { li { code { (p.to_string()) } } }
                }
            }
        },
    )
}

fn history_table(history: &[StatusChange]) -> Markup {
    html! {
        table {
            caption { "Statushistorik" }
            thead { tr { th scope="col" { "När" } th scope="col" { "Vem" } th scope="col" { "Från" } th scope="col" { "Till" } th scope="col" { "Kommentar" } } }
            tbody {
                @for c in history {
                    tr {
                        td { (c.at.get(..16).unwrap_or(&c.at).replace('T', " ")) }
                        td { (c.by) }
                        td { (c.from.map(|s| s.label()).unwrap_or("–")) }
                        td { (c.to.label()) }
                        td { (c.comment.as_deref().unwrap_or("")) }
                    }
                }
            }
        }
    }
}

/// `/admin/exempel/{id}`: the example as it would be published, its history, and the status
/// changes the workflow allows.
pub fn review_page(
    name: &str,
    csrf: &str,
    stored: &StoredExample,
    history: &[StatusChange],
    message: Option<&str>,
    revision: &str,
) -> Markup {
    let e = &stored.example;
    let targets: Vec<Status> = Status::ALL
        .iter()
        .copied()
        .filter(|to| crate::submission::allowed(e.status, *to))
        .collect();
    page(
        &format!("Granska: {}", e.title),
        Nav::None,
        html! {
            (logout(csrf, name))
            p { a href="/admin" { "← Till granskningskön" } }
            h1 { "Granska: " (e.title) }
            @if let Some(m) = message { div class="notice" role="status" { p { (m) } } }
            dl class="facts" {
                dt { "Status" } dd { (e.status.label()) }
                dt { "Id" } dd { code { (e.id) } }
            }
            @if !targets.is_empty() {
                form class="submission" method="post" action={ "/admin/exempel/" (e.id) "/status" } {
                    input type="hidden" name="csrf" value=(csrf);
                    input type="hidden" name="revision" value=(revision);
                    fieldset class="form-field choices" {
                        legend { "Ändra status" }
                        @for (i, to) in targets.iter().enumerate() {
                            div class="option" {
                                input type="radio" id={ "status-" (i) } name="status" value=(to.slug()) checked[i == 0];
                                label for={ "status-" (i) } { (to.label()) }
                            }
                        }
                    }
                    div class="form-field" {
                        label for="comment" { "Kommentar till enheten" }
                        p class="hint" id="comment-hjalp" { "Krävs när du begär ändringar eller avböjer." }
                        textarea id="comment" name="comment" rows="4" aria-describedby="comment-hjalp" {}
                    }
                    button type="submit" { "Spara status" }
                }
            }
            p { a href={ "/admin/exempel/" (e.id) "/redigera" } { "Redigera exemplets uppgifter" } }
            (history_table(history))
            h2 { "Så ser exemplet ut" }
            div class="preview-frame" { (example_article(stored)) }
        },
    )
}

/// `/admin/exempel/{id}/redigera`: the example's fields in the submission form.
pub fn admin_edit_page(name: &str, csrf: &str, form: &super::FormView<'_>, title: &str) -> Markup {
    page(
        &format!("Redigera: {title}"),
        Nav::None,
        html! {
            (logout(csrf, name))
            h1 { "Redigera exemplet" }
            (super::submit::submission_form(form))
        },
    )
}
