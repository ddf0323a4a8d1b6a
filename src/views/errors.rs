//! Error pages.

use maud::{Markup, html};

use super::layout::{Nav, page};

/// The page for a URL that leads nowhere.
pub fn not_found_page() -> Markup {
    page(
        "Sidan finns inte",
        Nav::None,
        html! {
            h1 { "Sidan finns inte" }
            p class="lead" { "Vi hittar ingen sida på den här adressen. Exemplet kan ha tagits bort, eller så har adressen ändrats." }
            ul {
                li { a href="/sok" { "Sök bland goda exempel" } }
                li { a href="/fokusomraden" { "Bläddra bland fokusområdena" } }
                li { a href="/" { "Gå till startsidan" } }
            }
        },
    )
}

/// A page explaining an error: `title` as the heading, `message` as the explanation.
pub fn error_page(title: &str, message: &str) -> Markup {
    page(
        title,
        Nav::None,
        html! {
            h1 { (title) }
            p class="lead" { (message) }
            p { a href="/sok" { "Till sökningen" } " · " a href="/" { "Till startsidan" } }
        },
    )
}

/// The answer to a change posted after the organiser's session ended: nothing was saved, and
/// what was typed (`fields`: label and text) is shown to copy before logging in again.
pub fn session_ended_page(login: &str, fields: &[(&str, &str)]) -> Markup {
    page(
        "Du har blivit utloggad – inget är sparat",
        Nav::None,
        html! {
            h1 { "Du har blivit utloggad" }
            p class="lead" {
                "Inloggningen hade gått ut, så ändringen är inte sparad. Det du skrev finns kvar här: kopiera det, "
                a href=(login) target="_blank" rel="noopener" { "logga in i en ny flik" }
                " och klistra in det där."
            }
            @for (i, (label, text)) in fields.iter().enumerate() {
                div class="form-field" {
                    label for={ "kvar-" (i) } { (label) }
                    textarea id={ "kvar-" (i) } readonly rows=(text.lines().count().clamp(2, 12)) { (text) }
                }
            }
        },
    )
}
