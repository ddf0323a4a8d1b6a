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
