//! The page of one example.

use maud::{Markup, PreEscaped, html};

use super::components::example_card;
use super::format::date_sv;
use super::layout::{Nav, page};
use crate::index::StoredExample;
use crate::search::Hit;

/// An example as published: title, summary, facts and the sanitised body. The submission
/// preview shows exactly this.
pub fn example_article(stored: &StoredExample) -> Markup {
    let e = &stored.example;
    html! {
    article {
        h1 { (e.title) }
        p class="lead" { (e.summary) }
        h2 class="visually-hidden" { "Fakta om exemplet" }
        dl class="facts" {
            dt { "Enhet" } dd { (e.unit) }
            dt { "Förvaltning eller bolag" } dd { (e.organisation) }
            dt { "Verksamhetsområde" } dd { a href={ "/sok?area=" (e.area.slug()) } { (e.area.label()) } }
            dt { "Fokusområden" }
            dd {
                ul class="inline-list" {
                    @for f in &e.focus_areas {
                        li { a href={ "/fokusomraden/" (f.slug()) } { (f.label()) } }
                    }
                }
            }
            dt { "Mognad" } dd { (e.maturity.label()) }
            dt { "År" } dd { (e.year) }
            @if !e.tags.is_empty() {
                dt { "Nyckelord" }
                dd {
                    ul class="inline-list" {
                        @for t in &e.tags {
                            li { a href={ "/sok?q=" (form_urlencoded::byte_serialize(t.as_bytes()).collect::<String>()) } { (t) } }
                        }
                    }
                }
            }
            @if e.contact_name.is_some() || e.contact_email.is_some() {
                dt { "Kontakt" }
                dd {
                    @if let Some(name) = &e.contact_name { (name) }
                    @if let Some(email) = &e.contact_email {
                        @if e.contact_name.is_some() { ", " }
                        a href={ "mailto:" (email) } { (email) }
                    }
                }
            }
            dt { "Publicerad" } dd { (date_sv(e.created)) }
            @if e.updated != e.created {
                dt { "Senast ändrad" } dd { (date_sv(e.updated)) }
            }
        }
        div class="prose" { (PreEscaped(&stored.body_html)) }
    }
    }
}

/// The example page: title, summary, facts, the sanitised body and similar examples.
pub fn example_page(stored: &StoredExample, similar: &[Hit]) -> Markup {
    let e = &stored.example;
    page(
        &e.title,
        Nav::None,
        html! {
            p { a href="/sok" { "← Till sökningen" } }
            div class="example-layout" {
                (example_article(stored))
                aside class="similar" aria-labelledby="liknande" {
                    h2 id="liknande" { "Liknande exempel" }
                    @if similar.is_empty() {
                        p { "Vi hittade inga liknande exempel." }
                    } @else {
                        ul class="cards" {
                            @for hit in similar { (example_card(hit, 3)) }
                        }
                    }
                }
            }
        },
    )
}
