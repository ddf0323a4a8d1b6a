//! The Goda exempelmässa for visitors: the list of editions and one edition's catalogue, with
//! its programme, exhibitors by theme, stand plan, changes, exports and "Min mässa".

use maud::{Markup, html};

use super::components::vocabulary_select;
use super::format::{count_sv, number_sv, short_date_sv, time_sv, weekday_date_sv};
use super::layout::{Nav, page_with_script};
use super::massa_script_url;
use crate::catalogue::{
    CatalogueFilter, Edition, Kind, Listing, by_theme, programme, session_label, stand_plan,
};

/// Stands per row on the plan (on a wide screen and on paper).
pub const STANDS_PER_ROW: u32 = 6;

/// An edition in the list of editions.
pub struct EditionSummary<'a> {
    /// The edition.
    pub edition: &'a Edition,
    /// How many entries have a stand.
    pub stands: usize,
    /// How many entries have a session.
    pub sessions: usize,
}

fn days_of(e: &Edition) -> String {
    super::format::days_sv(&e.dates)
}

/// `/massa`: the published editions, newest first.
pub fn massa_index_page(editions: &[EditionSummary<'_>]) -> Markup {
    page_with_script(
        "Goda exempelmässan",
        Nav::Massa,
        None,
        html! {
            h1 { "Goda exempelmässan" }
            p class="lead" {
                "Goda exempelmässan är stadens årliga mässa för kollegialt lärande. Enheter visar sina goda exempel i montrar och berättar om dem på seminarier och workshoppar."
            }
            @if editions.is_empty() {
                p { "Ingen mässa är publicerad ännu." }
            } @else {
                ul class="cards editions" {
                    @for s in editions {
                        @let e = s.edition;
                        li class="card" {
                            h2 { a href={ "/massa/" (e.year) } { (e.name) } }
                            p class="meta" { (days_of(e)) ", " (e.venue) }
                            p { (count_sv(s.stands, "monter", "montrar")) " · " (count_sv(s.sessions, "seminarium eller workshop", "seminarier och workshoppar")) }
                        }
                    }
                }
            }
        },
    )
}

/// What the catalogue page shows.
pub struct CatalogueView<'a> {
    /// The edition.
    pub edition: &'a Edition,
    /// Every entry with its example.
    pub listings: &'a [Listing],
    /// The visitor's filters.
    pub filter: &'a CatalogueFilter,
    /// The text searched for within the catalogue.
    pub q: &'a str,
    /// Shown to an organiser before the edition is published.
    pub preview: bool,
    /// Today: after the fair's last day the catalogue says it was held, and changes made to
    /// the programme before it are no longer news.
    pub today: jiff::civil::Date,
}

fn title_link(l: &Listing) -> Markup {
    html! {
        @if l.public {
            a href={ "/exempel/" (l.entry.example_id) } { (l.title) }
        } @else {
            (l.title)
        }
    }
}

fn who(l: &Listing) -> Markup {
    html! {
        @if !l.unit.is_empty() {
            p class="meta" { (l.unit) ", " (l.organisation) }
        }
    }
}

/// The data "Min mässa" reads from an entry (see `massa.js`).
fn session_when(l: &Listing) -> String {
    l.entry.session.as_ref().map_or_else(String::new, |s| {
        format!(
            "{} {}–{}, {}",
            weekday_date_sv(s.start.date()),
            time_sv(s.start.time()),
            time_sv(s.end.time()),
            s.room
        )
    })
}

fn filter_form(v: &CatalogueView<'_>) -> Markup {
    let f = v.filter;
    html! {
        form class="massa-filter" method="get" action={ "/massa/" (v.edition.year) } aria-labelledby="filtrera-rubrik" {
            h2 id="filtrera-rubrik" { "Sök och filtrera i katalogen" }
            div class="filter-fields" {
                div class="field" {
                    label for="q" { "Sök i katalogen" }
                    input type="search" id="q" name="q" value=(v.q);
                }
                (vocabulary_select("field", "focus_area", "Fokusområde", f.focus_area))
                (vocabulary_select("field", "area", "Verksamhetsområde", f.area))
                div class="field" {
                    label for="kind" { "Typ" }
                    select id="kind" name="kind" {
                        option value="" { "Alla" }
                        @for k in Kind::ALL {
                            option value=(k.slug()) selected[f.kind == Some(k)] { (k.label()) }
                        }
                    }
                }
            }
            button type="submit" { "Visa" }
        }
    }
}

fn programme_section(v: &CatalogueView<'_>, shown: &[&Listing]) -> Markup {
    let days = programme(v.edition, shown);
    let year = v.edition.year;
    html! {
        section id="program" class="massa-section" aria-labelledby="program-rubrik" {
            h2 id="program-rubrik" { "Program" }
            @if days.is_empty() {
                p { "Inga seminarier eller workshoppar passar filtret." }
            }
            @for (day, sessions) in &days {
                h3 { (weekday_date_sv(*day)) }
                ol class="programme" {
                    @for l in sessions {
                        @let s = l.entry.session.as_ref().expect("the programme holds sessions");
                        li class="entry" id={ "pass-" (l.entry.example_id) }
                            data-entry=(l.entry.example_id) data-title=(l.title)
                            data-start=(s.start) data-end=(s.end) data-when=(session_when(l)) {
                            p class="when" {
                                strong { (time_sv(s.start.time())) "–" (time_sv(s.end.time())) }
                                " · " (s.room) " · " (session_label(s.kind))
                            }
                            h4 { (title_link(l)) }
                            (who(l))
                            p class="entry-actions" {
                                a href={ "/massa/" (year) "/pass/" (l.entry.example_id) ".ics" } {
                                    "Lägg till i kalendern" span class="visually-hidden" { ": " (l.title) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn exhibitors_section(v: &CatalogueView<'_>, shown: &[&Listing]) -> Markup {
    let themes = by_theme(v.edition, shown);
    html! {
        section id="utstallare" class="massa-section" aria-labelledby="utstallare-rubrik" {
            h2 id="utstallare-rubrik" { "Utställare" }
            @if themes.is_empty() {
                p { "Inga montrar passar filtret." }
            }
            @for (theme, listings) in &themes {
                h3 { (theme.name) }
                ul class="exhibitors" {
                    @for l in listings {
                        @let stand = l.entry.stand.expect("exhibitors have stands");
                        li class="entry" id={ "utstallare-" (l.entry.example_id) }
                            data-entry=(l.entry.example_id) data-title=(l.title) data-stand=(stand) {
                            p class="stand-number" { a href={ "#monter-" (stand) } { "Monter " (stand) } }
                            h4 { (title_link(l)) }
                            (who(l))
                            @if !l.summary.is_empty() { p { (l.summary) } }
                            p class="entry-actions" {}
                        }
                    }
                }
            }
        }
    }
}

fn stand_plan_section(v: &CatalogueView<'_>) -> Markup {
    let plan = stand_plan(v.listings);
    html! {
        section id="monterkarta" class="massa-section" aria-labelledby="monterkarta-rubrik" {
            h2 id="monterkarta-rubrik" { "Monterkarta" }
            @if plan.is_empty() {
                p { "Mässan har inga montrar." }
            } @else {
                p id="monterkarta-hjalp" {
                    "Montrarna i " (v.edition.venue) " står i nummerordning, " (number_sv(STANDS_PER_ROW))
                    " i varje rad, med monter 1 närmast entrén."
                    span class="screen-only" { " Välj en monter för att läsa om exemplet." }
                }
                ol class="stand-plan" aria-describedby="monterkarta-hjalp" {
                    @for (n, l) in &plan {
                        li id={ "monter-" (n) } class={ "stand" @if l.is_none() { " free" } } {
                            span class="stand-no" { span class="visually-hidden" { "Monter " } (n) }
                            @match l {
                                Some(l) => {
                                    span class="stand-title" { (title_link(l)) }
                                    span class="stand-unit" { (l.unit) }
                                }
                                None => { span class="stand-title" { "Ledig" } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The catalogue's title, with the filters when some are set (WCAG 2.4.2).
fn catalogue_title(v: &CatalogueView<'_>) -> String {
    let f = v.filter;
    let mut chosen: Vec<String> = [
        f.kind.map(|k| k.label().to_owned()),
        f.focus_area.map(|x| x.label().to_owned()),
        f.area.map(|x| x.label().to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !v.q.trim().is_empty() {
        chosen.push(format!("”{}”", v.q.trim()));
    }
    if chosen.is_empty() {
        v.edition.name.clone()
    } else {
        format!("{}, filter: {}", v.edition.name, chosen.join(", "))
    }
}

/// The changes made to a published programme, newest first.
fn changes_list(e: &Edition) -> Markup {
    html! {
        ul {
            @for c in e.changelog.iter().rev() {
                li {
                    "Ändrat "
                    (c.date.parse().map_or_else(|_| c.date.clone(), short_date_sv))
                    ": " (c.text)
                }
            }
        }
    }
}

/// `/massa/{year}`: the catalogue. Every entry stays on the stand plan; the programme and the
/// exhibitors show what passes the filters.
pub fn catalogue_page(v: &CatalogueView<'_>) -> Markup {
    let e = v.edition;
    let shown: Vec<&Listing> = v.listings.iter().filter(|l| v.filter.matches(l)).collect();
    let year = e.year;
    let ended = e.dates.iter().max().is_some_and(|last| *last < v.today);
    let news = !e.changelog.is_empty() && !ended;
    let changes = html! {
        @if news {
            section id="andringar" class="massa-section changes" aria-labelledby="andringar-rubrik" {
                h2 id="andringar-rubrik" { "Ändringar i programmet" }
                (changes_list(e))
            }
        }
    };
    page_with_script(
        &catalogue_title(v),
        Nav::Massa,
        Some(massa_script_url()),
        html! {
            div class="massa" data-massa=(year) {
                div class="massa-cover" {
                    p class="kicker" { "Stockholms stad" }
                    h1 { (e.name) }
                    p class="massa-facts" {
                        (days_of(e)) br;
                        (e.venue) ", kl. " (time_sv(e.opens)) "–" (time_sv(e.closes))
                    }
                    p class="print-only" { "Katalog med program, utställare och monterkarta." }
                }
                @if v.preview {
                    p class="notice" { "Mässan är inte publicerad. Bara redaktörer ser den här sidan." }
                }
                @if ended {
                    p class="notice" { "Mässan är avslutad. Katalogen visar programmet som det blev." }
                }
                nav class="massa-toc" aria-label="Katalogen" {
                    ul {
                        li { a href="#program" { "Program" } }
                        li { a href="#utstallare" { "Utställare" } }
                        li { a href="#monterkarta" { "Monterkarta" } }
                        @if news { li { a href="#andringar" { "Ändringar" } } }
                    }
                }
                p class="massa-downloads" {
                    "Ladda ner: "
                    a href={ "/massa/" (year) ".ics" } { "alla pass till kalendern (iCalendar)" } ", "
                    a href={ "/massa/" (year) ".csv" } { "katalogen som tabell (CSV för Excel)" } ", "
                    a href={ "/massa/" (year) ".json" } { "all data (JSON)" } ". "
                    "Katalogen går att skriva ut på A4."
                }
                (filter_form(v))
                p class="filter-status" role="status" {
                    @if v.filter.is_set() {
                        "Visar " (shown.len()) " av " (v.listings.len()) " exempel. "
                        a href={ "/massa/" (year) } { "Visa hela katalogen" }
                    }
                }
                section id="min-massa" class="min-massa" aria-labelledby="min-massa-rubrik" hidden {
                    h2 id="min-massa-rubrik" { "Min mässa" }
                    p { "Spara pass och montrar med knapparna i katalogen. Listan sparas bara i den här webbläsaren." }
                    div data-min-massa {}
                }
                (changes)
                (programme_section(v, &shown))
                (exhibitors_section(v, &shown))
                (stand_plan_section(v))
                @if ended && !e.changelog.is_empty() {
                    details class="massa-section past-changes" {
                        summary { "Ändringar i programmet före mässan" }
                        (changes_list(e))
                    }
                }
            }
        },
    )
}
