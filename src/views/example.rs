//! The page of one example.

use maud::{Markup, PreEscaped, html};

use super::components::example_card;
use super::format::{date_sv, day_month_sv, time_sv};
use super::layout::Nav;
use crate::catalogue::{Appearance, SessionKind};
use crate::index::StoredExample;
use crate::search::Hit;

/// An example as published: title, summary, facts and the sanitised body.
pub fn example_article(stored: &StoredExample) -> Markup {
    article(stored, false)
}

/// The same article inside another page (a preview, a review): its title is a second-level
/// heading under the page's own.
pub fn embedded_article(stored: &StoredExample) -> Markup {
    article(stored, true)
}

fn article(stored: &StoredExample, embedded: bool) -> Markup {
    let e = &stored.example;
    html! {
    article {
        @if embedded { h2 class="article-title" { (e.title) } } @else { h1 { (e.title) } }
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

/// Where an example was shown: "Visades på Goda exempelmässan 2025, monter 12", linking to
/// the stand (or the session) in that edition's catalogue.
fn appearance_line(a: &Appearance) -> Markup {
    let (anchor, mut text) = match a.stand {
        Some(n) => (
            format!("#monter-{n}"),
            format!("Visades på {}, monter {n}", a.name),
        ),
        None => (String::new(), format!("Visades på {}", a.name)),
    };
    if let Some(s) = &a.session {
        text.push_str(&format!(
            "{} {} {} kl. {}–{} i {}",
            if a.stand.is_some() { ", och" } else { "" },
            match s.kind {
                SessionKind::Seminarium => "på ett seminarium",
                SessionKind::Workshop => "i en workshop",
            },
            day_month_sv(s.start.date()),
            time_sv(s.start.time()),
            time_sv(s.end.time()),
            s.room
        ));
    }
    html! { a href={ "/massa/" (a.year) (anchor) } { (text) } }
}

/// Where an example page stands: its canonical address, the search it was reached from, and
/// whether an organiser is looking (who gets links to edit it).
pub struct ExamplePlace<'a> {
    pub canonical: &'a str,
    /// `/sok` with the query the visitor came from, or plain `/sok`.
    pub back: &'a str,
    pub organiser: bool,
    /// The approved adoption reports of the example (tried, in use, stopped), oldest first.
    pub adoptions: &'a [crate::model::Adoption],
    /// The units that have it in use (each once).
    pub adopters: u32,
    /// The awards it got, best first.
    pub badges: &'a [crate::model::AwardBadge],
    /// Whether it is due for review (not confirmed current within the period).
    pub due: bool,
    /// For organisers: units in at least two other organisations adopted it.
    pub spread_hint: bool,
}

/// `/exempel/{id}`: the example, where it was shown at the Goda exempelmässa, and similar
/// examples.
pub fn example_page(
    stored: &StoredExample,
    similar: &[Hit],
    shown: &[Appearance],
    place: &ExamplePlace<'_>,
) -> Markup {
    let canonical = place.canonical;
    let e = &stored.example;
    let head = super::layout::Head {
        description: Some(&e.summary),
        canonical: Some(canonical),
        open_graph: true,
        refresh: None,
    };
    super::layout::page_with_head(
        &e.title,
        Nav::None,
        None,
        &head,
        html! {
            p { a href=(place.back) { "← Till sökningen" } }
            @if place.organiser {
                p class="organiser-links" {
                    a href={ "/admin/exempel/" (e.id) "/redigera" } { "Redigera" }
                    " · "
                    a href={ "/admin/exempel/" (e.id) } { "Granska och ändra status" }
                }
            }
            @if place.organiser && place.spread_hint && e.maturity != crate::model::Maturity::Spritt {
                p class="notice" {
                    strong { "Till redaktionen: " }
                    "Enheter i minst två andra förvaltningar eller bolag har infört exemplet. Mognaden kan ändras till ”spritt till fler enheter” – ni avgör."
                }
            }
            @if place.due {
                div class="notice warning" {
                    p {
                        strong { "Exemplet kan vara inaktuellt." }
                        " Uppgifterna bekräftades senast " (date_sv(e.reviewed))
                        ". Fråga gärna kontaktpersonen hur det går i dag."
                    }
                }
            }
            @if !place.badges.is_empty() || place.adopters > 0 {
                (super::components::spread_line(place.adopters as usize, place.badges))
            }
            @if !shown.is_empty() {
                ul class="shown-at" aria-label="Goda exempelmässan" {
                    @for a in shown { li { (appearance_line(a)) } }
                }
            }
            div class="example-layout" {
                div {
                    (example_article(stored))
                    p class="reviewed meta" { "Uppgifterna bekräftades senast " (date_sv(e.reviewed)) "." }
                    @if !place.adoptions.is_empty() {
                        (super::adoption::adoption_list(place.adoptions, &super::adoption::list_heading(place.adopters as usize)))
                    }
                    section class="adopt" aria-labelledby="har-ni-infort" {
                        h2 id="har-ni-infort" { "Har ni provat eller infört det här?" }
                        p {
                            "Berätta det, så ser andra att metoden sprids och vad ni ändrade. "
                            a class="button" href={ "/exempel/" (e.id) "/infort" } { "Vi har infört detta" }
                        }
                    }
                }
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
