//! The search page: search box, facet filters, hits and pagination.

use maud::{Markup, PreEscaped, html};

use super::components::focus_links;
use super::format::hits_sv;
use super::layout::{Nav, page_with_script};
use super::search_script_url;
use crate::model::Vocabulary;
use crate::search::{FacetCount, Filters, SearchRequest, SearchResults, Sort};

/// The `/sok` URL of a request.
pub fn search_url(request: &SearchRequest) -> String {
    let pairs = request.to_pairs();
    if pairs.is_empty() {
        return "/sok".to_owned();
    }
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &pairs {
        query.append_pair(k, v);
    }
    format!("/sok?{}", query.finish())
}

/// One selectable facet value, as a checkbox with its count.
struct FacetOption<'a> {
    param: &'static str,
    value: String,
    label: &'a str,
    count: u64,
    selected: bool,
}

fn options<V: Vocabulary>(
    param: &'static str,
    counts: &[FacetCount<V>],
) -> Vec<FacetOption<'static>> {
    counts
        .iter()
        .map(|c| FacetOption {
            param,
            value: c.value.slug().to_owned(),
            label: c.value.label(),
            count: c.count,
            selected: c.selected,
        })
        .collect()
}

fn checkbox_group(legend: &str, opts: &[FacetOption<'_>]) -> Markup {
    html! {
        fieldset {
            legend { (legend) }
            @for (i, o) in opts.iter().enumerate() {
                @let id = format!("filter-{}-{i}", o.param);
                div class="option" {
                    input type="checkbox" id=(id) name=(o.param) value=(o.value) checked[o.selected];
                    label for=(id) { (o.label) " " span class="meta" { "(" (o.count) ")" } }
                }
            }
        }
    }
}

/// The editions a search can be filtered on: year and name, newest first.
pub type FairChoice = (i16, String);

fn fair_group(r: &SearchRequest, fairs: &[FairChoice]) -> Markup {
    html! {
        @if !fairs.is_empty() {
            fieldset {
                legend { "Visades på Goda exempelmässan" }
                @for (year, name) in fairs {
                    @let id = format!("filter-massa-{year}");
                    div class="option" {
                        input type="checkbox" id=(id) name="massa" value=(year) checked[r.filters.fairs.contains(year)];
                        label for=(id) { (name) }
                    }
                }
            }
        }
    }
}

fn filter_form(r: &SearchResults, fairs: &[FairChoice]) -> Markup {
    let f = &r.facets;
    let orgs: Vec<FacetOption<'_>> = f
        .organisation
        .iter()
        .map(|c| FacetOption {
            param: "organisation",
            value: c.value.clone(),
            label: &c.value,
            count: c.count,
            selected: c.selected,
        })
        .collect();
    let years: Vec<(String, &FacetCount<i16>)> =
        f.year.iter().map(|c| (c.value.to_string(), c)).collect();
    let year_opts: Vec<FacetOption<'_>> = years
        .iter()
        .map(|(label, c)| FacetOption {
            param: "year",
            value: label.clone(),
            label,
            count: c.count,
            selected: c.selected,
        })
        .collect();
    let award_opts: Vec<FacetOption<'_>> = f
        .award
        .iter()
        .map(|c| FacetOption {
            param: "award",
            value: c.value.0.clone(),
            label: &c.value.1,
            count: c.count,
            selected: c.selected,
        })
        .collect();
    let current_label = super::format::confirmed_within(f.current_months);
    let spread_opts = [
        FacetOption {
            param: "spread",
            value: "1".into(),
            label: "Har spridits till andra enheter",
            count: f.spread.count,
            selected: f.spread.selected,
        },
        FacetOption {
            param: "current",
            value: "1".into(),
            label: &current_label,
            count: f.current.count,
            selected: f.current.selected,
        },
    ];
    let chosen = chosen_filters(&r.request.filters);
    html! {
        details class="filter-panel" id="filter-panel" {
            summary {
                "Filtrera"
                @if chosen > 0 { " (" (chosen) " valda)" }
            }
            form class="filters" action="/sok" method="get" aria-label="Filtrera" {
                input type="hidden" name="q" value=(r.request.q);
                @if r.request.sort != Sort::Relevance {
                    input type="hidden" name="sort" value=(r.request.sort.slug());
                }
                (checkbox_group("Fokusområde", &options("focus_area", &f.focus_area)))
                (checkbox_group("Verksamhetsområde", &options("area", &f.area)))
                (checkbox_group("Mognad", &options("maturity", &f.maturity)))
                details open[orgs.iter().any(|o| o.selected)] {
                    summary { "Förvaltning eller bolag" }
                    (checkbox_group("Förvaltning eller bolag", &orgs))
                }
                (checkbox_group("År", &year_opts))
                (checkbox_group("Spridning och aktualitet", &spread_opts))
                @if !award_opts.is_empty() {
                    (checkbox_group("Utmärkelse", &award_opts))
                }
                (fair_group(&r.request, fairs))
                p { button type="submit" data-without-script { "Visa resultat" } }
            }
        }
    }
}

/// How many filter values the visitor has chosen.
fn chosen_filters(f: &Filters) -> usize {
    filter_labels(f).len()
}

/// The filter values the visitor has chosen, as the page names them.
fn filter_labels(f: &Filters) -> Vec<String> {
    f.focus_areas
        .iter()
        .map(|v| v.label().to_owned())
        .chain(f.areas.iter().map(|v| v.label().to_owned()))
        .chain(f.maturities.iter().map(|v| v.label().to_owned()))
        .chain(f.organisations.iter().cloned())
        .chain(f.years.iter().map(i16::to_string))
        .chain(f.fairs.iter().map(|y| format!("Goda exempelmässan {y}")))
        .chain(f.awards.iter().cloned())
        .chain(f.spread.then(|| "Har spridits".to_owned()))
        .chain(f.current.then(|| "Bekräftade aktuella".to_owned()))
        .collect()
}

/// The order of the hits, above them: a form of its own that keeps the query and filters.
fn sort_form(r: &SearchRequest) -> Markup {
    html! {
        form class="sort-form" action="/sok" method="get" {
            @for (k, v) in r.to_pairs().iter().filter(|(k, _)| *k != "sort" && *k != "page") {
                input type="hidden" name=(k) value=(v);
            }
            label for="sort" { "Sortera efter" }
            " "
            select id="sort" name="sort" {
                option value="relevance" selected[r.sort == Sort::Relevance] { "Relevans" }
                option value="newest" selected[r.sort == Sort::Newest] { "Nyast först" }
                option value="spread" selected[r.sort == Sort::Spread] { "Mest spridda" }
            }
            " "
            button type="submit" class="secondary" data-without-script { "Sortera" }
        }
    }
}

/// Links that each remove one active filter.
/// `awards`: the awards' slugs and names (from the facet), for the labels.
fn active_filters(
    r: &SearchRequest,
    awards: &[crate::search::FacetCount<(String, String)>],
) -> Markup {
    let mut chips: Vec<(String, String)> = Vec::new();
    let f = &r.filters;
    let without = |edit: &dyn Fn(&mut SearchRequest)| {
        let mut next = r.clone();
        next.page = 1;
        edit(&mut next);
        search_url(&next)
    };
    for v in &f.focus_areas {
        chips.push((
            v.label().to_owned(),
            without(&|n| n.filters.focus_areas.retain(|x| x != v)),
        ));
    }
    for v in &f.areas {
        chips.push((
            v.label().to_owned(),
            without(&|n| n.filters.areas.retain(|x| x != v)),
        ));
    }
    for v in &f.maturities {
        chips.push((
            v.label().to_owned(),
            without(&|n| n.filters.maturities.retain(|x| x != v)),
        ));
    }
    for v in &f.organisations {
        chips.push((
            v.clone(),
            without(&|n| n.filters.organisations.retain(|x| x != v)),
        ));
    }
    for v in &f.years {
        chips.push((
            v.to_string(),
            without(&|n| n.filters.years.retain(|x| x != v)),
        ));
    }
    for v in &f.fairs {
        chips.push((
            format!("Goda exempelmässan {v}"),
            without(&|n| n.filters.fairs.retain(|x| x != v)),
        ));
    }
    for v in &f.awards {
        chips.push((
            awards
                .iter()
                .find(|c| c.value.0 == *v)
                .map_or_else(|| v.clone(), |c| c.value.1.clone()),
            without(&|n| n.filters.awards.retain(|x| x != v)),
        ));
    }
    if f.spread {
        chips.push((
            "Har spridits".to_owned(),
            without(&|n| n.filters.spread = false),
        ));
    }
    if f.current {
        chips.push((
            "Bekräftade aktuella".to_owned(),
            without(&|n| n.filters.current = false),
        ));
    }
    if chips.is_empty() {
        return html! {};
    }
    let clear = without(&|n| n.filters = Default::default());
    html! {
        h3 class="visually-hidden" { "Valda filter" }
        ul class="active-filters" {
            @for (label, href) in &chips {
                li { a href=(href) { span class="visually-hidden" { "Ta bort filtret " } (label) span aria-hidden="true" { " ✕" } } }
            }
            li { a href=(clear) { "Rensa alla filter" } }
        }
    }
}

fn pagination(r: &SearchResults) -> Markup {
    let pages = r.pages();
    let current = r.request.page;
    if pages <= 1 {
        return html! {};
    }
    let url = |p: u32| {
        let mut next = r.request.clone();
        next.page = p;
        search_url(&next)
    };
    let first = current.saturating_sub(2).max(1);
    let last = (current + 2).min(pages);
    html! {
        nav class="pagination" aria-label="Sidor" {
            ul {
                @if current > 1 { li { a href=(url(current - 1)) rel="prev" { "Föregående" } } }
                @for p in first..=last {
                    li {
                        @if p == current {
                            a href=(url(p)) aria-current="page" { span class="visually-hidden" { "Sida " } (p) }
                        } @else {
                            a href=(url(p)) { span class="visually-hidden" { "Sida " } (p) }
                        }
                    }
                }
                @if current < pages { li { a href=(url(current + 1)) rel="next" { "Nästa" } } }
            }
            p class="meta" { "Sida " (current) " av " (pages) }
        }
    }
}

fn no_hits(r: &SearchResults) -> Markup {
    let mut without_filters = r.request.clone();
    without_filters.filters = Default::default();
    without_filters.page = 1;
    html! {
        div class="notice" {
            p { strong { "Vi hittade inga exempel som passar din sökning." } }
            ul {
                li { "Kontrollera stavningen, eller prova ett annat eller kortare ord." }
                @if !r.request.filters.is_empty() {
                    li { a href=(search_url(&without_filters)) { "Sök utan filter" } }
                }
                li { a href="/fokusomraden" { "Bläddra bland fokusområdena" } }
                li { a href="/sok" { "Visa alla exempel" } }
            }
        }
    }
}

/// The search for `better` instead of the typed query, with the same filters.
fn corrected_url(request: &SearchRequest, better: &str) -> String {
    let mut corrected = request.clone();
    corrected.q = better.to_owned();
    corrected.page = 1;
    search_url(&corrected)
}

fn heading(r: &SearchResults) -> Markup {
    let q = r.request.q.trim();
    html! {
        h2 id="resultat-rubrik" {
            (hits_sv(r.total))
            @if !q.is_empty() { " för ”" (q) "”" }
        }
    }
}

/// The page's title: the query, the filters chosen and the page number, so that a tab, the
/// history and a screen reader's first words tell one search from another (WCAG 2.4.2).
fn page_title(r: &SearchResults) -> String {
    let q = r.request.q.trim();
    let mut title = if q.is_empty() {
        "Sök exempel".to_owned()
    } else {
        format!("{q} – sökresultat")
    };
    let chosen = filter_labels(&r.request.filters);
    if !chosen.is_empty() {
        title.push_str(&format!(", filter: {}", chosen.join(", ")));
    }
    if r.request.page > 1 && r.request.page <= r.pages() {
        title.push_str(&format!(", sida {} av {}", r.request.page, r.pages()));
    }
    title
}

/// The search page for `r`.
pub fn search_page(r: &SearchResults, fairs: &[FairChoice]) -> Markup {
    let title = page_title(r);
    let start = (r.request.page - 1) * r.request.per_page + 1;
    html! {
        (page_with_script(&title, Nav::Search, Some(search_script_url()), html! {
            h1 { "Sök bland goda exempel" }
            form class="search-form" role="search" action="/sok" method="get" {
                div class="field" {
                    label for="q" { "Vad vill du hitta?" }
                    input type="search" id="q" name="q" value=(r.request.q) autocomplete="off" data-suggest;
                }
                @for (k, v) in r.request.to_pairs().iter().filter(|(k, _)| *k != "q" && *k != "page") {
                    input type="hidden" name=(k) value=(v);
                }
                button type="submit" { "Sök" }
            }
            div class="search-layout" {
                (filter_form(r, fairs))
                section class="results" id="resultat" aria-labelledby="resultat-rubrik" {
                    (heading(r))
                    (sort_form(&r.request))
                    @if let Some(better) = &r.suggestion {
                        p class="did-you-mean" { "Menade du: " a href=(corrected_url(&r.request, better)) { (better) } "?" }
                    }
                    (active_filters(&r.request, &r.facets.award))
                    @if r.hits.is_empty() {
                        (no_hits(r))
                    } @else {
                        ol class="hits" start=(start) {
                            @for hit in &r.hits {
                                @let e = &hit.example;
                                li class="hit" {
                                    h3 { a href={ "/exempel/" (e.id) } { (e.title) } }
                                    p class="meta" {
                                        (e.unit) ", " (e.organisation) br;
                                        (e.area.label()) " · " (e.maturity.label()) " · " (e.year)
                                    }
                                    (focus_links(e))
                                    @if hit.adoptions > 0 || !hit.awards.is_empty() {
                                        (super::components::spread_line(hit.adoptions as usize, &hit.awards))
                                    }
                                    p class="snippet" { (PreEscaped(hit.snippet.to_html())) }
                                }
                            }
                        }
                    }
                    (pagination(r))
                }
            }
        }))
    }
}
