//! `/admin/insikter`: what staff search for and read, and how the published examples spread,
//! for a period; every figure as a table (downloadable as CSV) and the main ones also as a
//! chart drawn on the server as SVG, with a title, a description and the table beside it.
//! `/efterlysta`: the public list of wanted examples.

use maud::{Markup, html};

use super::format::{count_sv, date_sv, month_year_sv};
use super::layout::{Nav, page};
use crate::insights::Wanted;
use crate::insights::report::{self, Activity, Period, RisingRow};
use crate::model::{Area, Example, FocusArea, Vocabulary};

/// Rows a table of searches or examples shows.
pub const TOP_ROWS: usize = 20;

/// How a table's figures are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    /// Horizontal bars, one per row (label: the first column, value: the second).
    Bars,
    /// Columns in order, one per row (a time series).
    Columns,
}

/// One table of the insights page.
#[derive(Debug, Clone)]
pub struct InsightTable {
    /// Its name in addresses: `/admin/insikter/{slug}.csv`.
    pub slug: &'static str,
    pub title: String,
    /// What it shows, for the chart's description and the reader.
    pub description: String,
    pub headings: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub chart: Option<Chart>,
    /// Whether each row offers "Efterlys" (the first column is the search).
    pub wanted_from_rows: bool,
}

/// A search's filters as a reader knows them ("verksamhetsområde: Förskola").
fn filters_sv(filters: &str) -> String {
    if filters.is_empty() {
        return "–".into();
    }
    form_urlencoded::parse(filters.as_bytes())
        .map(|(key, value)| {
            let (key, value) = (key.as_ref(), value.as_ref());
            let label = match key {
                "focus_area" => FocusArea::parse(value).map(|v| v.label().to_owned()),
                "area" => Area::parse(value).map(|v| v.label().to_owned()),
                "maturity" => crate::model::Maturity::parse(value).map(|v| v.label().to_owned()),
                _ => None,
            }
            .unwrap_or_else(|| value.to_owned());
            let name = match key {
                "focus_area" => "fokusområde",
                "area" => "verksamhetsområde",
                "maturity" => "mognad",
                "organisation" => "förvaltning eller bolag",
                "year" => "år",
                "massa" => "Goda exempelmässan",
                other => other,
            };
            format!("{name}: {label}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn search_rows(rows: &[&report::SearchRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            vec![
                r.q.clone(),
                r.count.to_string(),
                r.hits.to_string(),
                filters_sv(&r.filters),
            ]
        })
        .collect()
}

/// Every table of the page, in its order.
pub fn tables(
    activity: &Activity,
    rising: &[RisingRow],
    examples: &[Example],
    period: Period,
    title_of: &dyn Fn(&str) -> String,
) -> Vec<InsightTable> {
    let search_headings = || {
        ["Sökning", "Antal", "Träffar senast", "Filter"]
            .map(str::to_owned)
            .to_vec()
    };
    let per_year = |slug, title: &str, note: &str, all: Vec<String>, rows: Vec<(i16, Vec<u64>)>| {
        let mut headings = vec!["År".to_owned()];
        headings.extend(all);
        InsightTable {
            slug,
            title: title.to_owned(),
            description: format!(
                "{title}, alla publicerade exempel efter det år arbetet gjordes{note}."
            ),
            headings,
            rows: rows
                .into_iter()
                .map(|(y, counts)| {
                    std::iter::once(y.to_string())
                        .chain(counts.into_iter().map(|n| n.to_string()))
                        .collect()
                })
                .collect(),
            chart: None,
            wanted_from_rows: false,
        }
    };
    vec![
        InsightTable {
            slug: "sokningar",
            title: "Vanligaste sökningarna".into(),
            description: format!(
                "De {TOP_ROWS} sökningar med ord som gjordes flest gånger under perioden."
            ),
            headings: search_headings(),
            rows: search_rows(&activity.top(TOP_ROWS)),
            chart: Some(Chart::Bars),
            wanted_from_rows: false,
        },
        InsightTable {
            slug: "utan-traffar",
            title: "Sökningar utan träffar".into(),
            description: "Sökningar som inte hittade något exempel senast de gjordes, flest först. Efterlys ett exempel direkt från raden.".into(),
            headings: search_headings(),
            rows: search_rows(&activity.zero_hits(TOP_ROWS)),
            chart: Some(Chart::Bars),
            wanted_from_rows: true,
        },
        InsightTable {
            slug: "fa-traffar",
            title: "Sökningar med få träffar".into(),
            description: format!(
                "Sökningar som hittade 1–{} exempel senast de gjordes.",
                report::FEW_HITS
            ),
            headings: search_headings(),
            rows: search_rows(&activity.few_hits(TOP_ROWS)),
            chart: None,
            wanted_from_rows: true,
        },
        InsightTable {
            slug: "okande",
            title: "Sökningar som ökar".into(),
            description: format!(
                "Sökningar som gjordes oftare de sju dagarna till och med {} än veckan före, nya sökningar medräknade.",
                date_sv(period.to)
            ),
            headings: ["Sökning", "Senaste veckan", "Veckan före"]
                .map(str::to_owned)
                .to_vec(),
            rows: rising
                .iter()
                .map(|r| {
                    vec![
                        r.q.clone(),
                        r.this_week.to_string(),
                        r.week_before.to_string(),
                    ]
                })
                .collect(),
            chart: Some(Chart::Bars),
            wanted_from_rows: false,
        },
        InsightTable {
            slug: "lasta",
            title: "Mest lästa exemplen".into(),
            description: format!("De {TOP_ROWS} exempel som öppnades flest gånger under perioden."),
            headings: ["Exempel", "Visningar", "Id"].map(str::to_owned).to_vec(),
            rows: activity
                .views
                .iter()
                .take(TOP_ROWS)
                .map(|(id, n)| vec![title_of(id), n.to_string(), id.clone()])
                .collect(),
            chart: Some(Chart::Bars),
            wanted_from_rows: false,
        },
        InsightTable {
            slug: "sokningar-per-dag",
            title: "Sökningar per dag".into(),
            description: "Antal sökningar varje dag under perioden, sidor och API tillsammans.".into(),
            headings: ["Dag", "Sökningar"].map(str::to_owned).to_vec(),
            rows: activity
                .per_day
                .iter()
                .map(|(d, n)| vec![d.to_string(), n.to_string()])
                .collect(),
            chart: Some(Chart::Columns),
            wanted_from_rows: false,
        },
        InsightTable {
            slug: "publicerade",
            title: "Publicerade exempel per månad".into(),
            description: "Publicerade exempel efter den månad de skickades in eller lades till, under perioden.".into(),
            headings: ["Månad", "Exempel"].map(str::to_owned).to_vec(),
            rows: report::published_per_month(examples, period)
                .into_iter()
                .map(|((y, m), n)| {
                    let month = jiff::civil::Date::new(y, m, 1)
                        .map(month_year_sv)
                        .unwrap_or_default();
                    vec![month, n.to_string()]
                })
                .collect(),
            chart: Some(Chart::Columns),
            wanted_from_rows: false,
        },
        per_year(
            "fokusomraden",
            "Exempel per fokusområde och år",
            " (ett exempel kan höra till upp till tre fokusområden)",
            FocusArea::ALL.iter().map(|f| f.label().to_owned()).collect(),
            report::focus_areas_by_year(examples),
        ),
        per_year(
            "omraden",
            "Exempel per verksamhetsområde och år",
            "",
            Area::ALL.iter().map(|a| a.label().to_owned()).collect(),
            report::areas_by_year(examples),
        ),
    ]
}

/// The table as CSV: UTF-8 with a byte order mark and semicolons (as Excel in Swedish reads
/// it), every cell neutralised against formulas.
pub fn to_csv(table: &InsightTable) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let cell = |s: &String| crate::corpus::neutral_cell(s);
    // Writing to memory cannot fail; a row that could not be written is left out.
    let _ = writer.write_record(table.headings.iter().map(cell));
    for row in &table.rows {
        let _ = writer.write_record(row.iter().map(cell));
    }
    writer.into_inner().unwrap_or_default()
}

/// A label cut for a chart (the table beside it has it whole).
fn short(label: &str) -> String {
    const MAX: usize = 28;
    if label.chars().count() <= MAX {
        label.to_owned()
    } else {
        format!("{}…", label.chars().take(MAX - 1).collect::<String>())
    }
}

/// The chart of a table: an SVG image whose title and description say what it shows and
/// whose figures are also in the table beside it.
fn chart(t: &InsightTable, kind: Chart) -> Markup {
    let values: Vec<(String, u64)> = t
        .rows
        .iter()
        .map(|r| {
            let mut label = r.first().cloned().unwrap_or_default();
            // A search with filters is told apart from the same words without them.
            if t.headings.get(3).is_some_and(|h| h == "Filter")
                && let Some(filters) = r.get(3).filter(|f| *f != "–")
            {
                label = format!("{label} ({filters})");
            }
            let value = r.get(1).and_then(|v| v.parse().ok()).unwrap_or(0);
            (label, value)
        })
        .collect();
    let max = values.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    let id = t.slug;
    let largest = values
        .iter()
        .filter(|(_, v)| *v > 0)
        .max_by_key(|(_, v)| *v)
        .map_or_else(
            || " Alla värden är 0.".to_owned(),
            |(l, v)| format!(" Störst: {l} ({v})."),
        );
    let desc = format!(
        "{}{largest} Siffrorna finns i tabellen nedanför.",
        t.description
    );
    match kind {
        Chart::Bars => {
            let (label_w, bar_w, row_h) = (230.0, 330.0, 24.0);
            let height = row_h * values.len() as f64 + 8.0;
            html! {
                svg class="chart" role="img" aria-labelledby={ (id) "-titel " (id) "-beskrivning" }
                    viewBox={ "0 0 " (label_w + bar_w + 60.0) " " (height) } width="100%" {
                    title id={ (id) "-titel" } { (t.title) }
                    desc id={ (id) "-beskrivning" } { (desc) }
                    @for (i, (label, v)) in values.iter().enumerate() {
                        @let y = 4.0 + row_h * i as f64;
                        @let w = (bar_w * *v as f64 / max).max(1.0);
                        text x=(label_w - 8.0) y=(y + 16.0) text-anchor="end" { (short(label)) }
                        rect x=(label_w) y=(y + 3.0) width=(w) height=(row_h - 8.0) class="bar" {}
                        text x=(label_w + w + 6.0) y=(y + 16.0) { (v) }
                    }
                }
            }
        }
        Chart::Columns => {
            let (col_w, plot_h, base) = (28.0, 150.0, 170.0);
            let width = (col_w * values.len() as f64 + 20.0).max(200.0);
            let every = (values.len() / 12).max(1);
            html! {
                svg class="chart" role="img" aria-labelledby={ (id) "-titel " (id) "-beskrivning" }
                    viewBox={ "0 0 " (width) " " (base + 30.0) } width="100%" {
                    title id={ (id) "-titel" } { (t.title) }
                    desc id={ (id) "-beskrivning" } { (desc) }
                    line x1="10" y1=(base) x2=(width - 10.0) y2=(base) class="axis" {}
                    @for (i, (label, v)) in values.iter().enumerate() {
                        @let h = (plot_h * *v as f64 / max).max(if *v > 0 { 1.0 } else { 0.0 });
                        @let x = 10.0 + col_w * i as f64;
                        rect x=(x + 3.0) y=(base - h) width=(col_w - 6.0) height=(h) class="bar" {}
                        @if i % every == 0 {
                            text x=(x + col_w / 2.0) y=(base + 18.0) text-anchor="middle" class="tick" { (short(label.rsplit('-').next().unwrap_or(label))) }
                        }
                    }
                }
            }
        }
    }
}

/// What the insights page shows.
pub struct InsightsView<'a> {
    pub organiser: &'a str,
    pub csrf: &'a str,
    pub period: Period,
    /// The period's fields as typed, when they could not be read, with why.
    pub period_error: Option<(&'a str, &'a str, String)>,
    pub total: u64,
    pub tables: &'a [InsightTable],
    pub wanted: &'a [Wanted],
    pub notice: Option<&'a str>,
    /// Why the last change was refused (a wanted example's field).
    pub problem: Option<&'a str>,
    /// Whether searches are logged at all.
    pub logging: bool,
}

fn wanted_button(csrf: &str, topic: &str, asked_by: &str) -> Markup {
    html! {
        form method="post" action="/admin/efterlysta" class="inline" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="topic" value=(topic);
            input type="hidden" name="asked_by" value=(asked_by);
            button type="submit" class="secondary small" { "Efterlys " span class="visually-hidden" { "exempel på ”" (topic) "”" } }
        }
    }
}

fn table_section(v: &InsightsView<'_>, t: &InsightTable) -> Markup {
    let query = format!("fran={}&till={}", v.period.from, v.period.to);
    html! {
        section class="insight" aria-labelledby={ (t.slug) "-rubrik" } {
            h2 id={ (t.slug) "-rubrik" } { (t.title) }
            p { (t.description) }
            @if t.rows.is_empty() {
                p { "Inget att visa för perioden." }
            } @else {
                @if let Some(kind) = t.chart { figure { (chart(t, kind)) } }
                div class="table-scroll" {
                    table {
                        caption class="visually-hidden" { (t.title) }
                        thead { tr { @for h in &t.headings { th scope="col" { (h) } } @if t.wanted_from_rows { th scope="col" { "Åtgärd" } } } }
                        tbody {
                            @for row in &t.rows {
                                tr {
                                    @for (i, cell) in row.iter().enumerate() {
                                        @if i == 0 { th scope="row" { (cell) } } @else { td { (cell) } }
                                    }
                                    @if t.wanted_from_rows { td { (wanted_button(v.csrf, &row[0], &t.title)) } }
                                }
                            }
                        }
                    }
                }
            }
            p { a href={ "/admin/insikter/" (t.slug) ".csv?" (query) } download { "Ladda ner tabellen ”" (t.title) "” som CSV" } }
        }
    }
}

fn wanted_section(v: &InsightsView<'_>) -> Markup {
    html! {
        section aria-labelledby="efterlysta-rubrik" {
            h2 id="efterlysta-rubrik" { "Efterlysta exempel" }
            p { "Ämnen som visas för alla på sidan " a href="/efterlysta" { "Vi söker exempel på …" } ", med en länk till formuläret där ämnet är ifyllt." }
            @if v.wanted.is_empty() {
                p { "Inga exempel är efterlysta." }
            } @else {
                ul class="wanted" {
                    @for w in v.wanted {
                        li {
                            strong { (w.topic) }
                            @if let Some(f) = w.focus_area { " · " (f.label()) }
                            @if !w.asked_by.is_empty() { " · " (w.asked_by) }
                            " · " (date_sv(w.added))
                            form method="post" action="/admin/efterlysta/ta-bort" class="inline" {
                                input type="hidden" name="csrf" value=(v.csrf);
                                input type="hidden" name="topic" value=(w.topic);
                                " "
                                button type="submit" class="secondary small" { "Ta bort " span class="visually-hidden" { "efterlysningen ”" (w.topic) "”" } }
                            }
                        }
                    }
                }
            }
            form method="post" action="/admin/efterlysta" class="submission" {
                h3 { "Efterlys ett exempel" }
                input type="hidden" name="csrf" value=(v.csrf);
                div class="form-field" {
                    label for="topic" { "Vad söker ni exempel på?" }
                    input type="text" id="topic" name="topic" required maxlength=(crate::insights::wanted::MAX_TOPIC_CHARS);
                }
                div class="form-field" {
                    label for="focus_area" { "Fokusområde (frivilligt)" }
                    select id="focus_area" name="focus_area" {
                        option value="" { "Inget särskilt" }
                        @for f in FocusArea::ALL { option value=(f.slug()) { (f.label()) } }
                    }
                }
                div class="form-field" {
                    label for="asked_by" { "Vem frågade? (frivilligt)" }
                    input type="text" id="asked_by" name="asked_by" maxlength=(crate::insights::wanted::MAX_ASKED_BY_CHARS);
                }
                button type="submit" { "Efterlys" }
            }
        }
    }
}

/// `/admin/insikter`.
pub fn insights_page(v: &InsightsView<'_>) -> Markup {
    let (from, to) = match &v.period_error {
        Some((f, t, _)) => ((*f).to_owned(), (*t).to_owned()),
        None => (v.period.from.to_string(), v.period.to.to_string()),
    };
    let title = format!(
        "Insikter {}–{}",
        date_sv(v.period.from),
        date_sv(v.period.to)
    );
    page(
        &title,
        Nav::None,
        html! {
            (super::admin::logout(v.csrf, v.organiser))
            p { a href="/admin" { "← Granska" } }
            h1 { "Insikter" }
            p { "Vad medarbetare söker efter och läser, och hur de publicerade exemplen fördelar sig. Sökningarna räknas per dag utan uppgifter om vem som sökte: ingen IP-adress, ingen inloggning, ingen webbläsare." }
            @if let Some(n) = v.notice { div class="notice success" role="status" { p { (n) } } }
            @if let Some(p) = v.problem { div class="error-summary" role="alert" { p { "Efterlysta exempel: " (p) "." } } }
            @if !v.logging {
                p class="notice" { "Sökningar loggas inte på den här webbplatsen (search_log_dir är tomt i konfigurationen)." }
            }
            @if let Some((_, _, why)) = &v.period_error {
                div class="error-summary" role="alert" { p { "Perioden gick inte att visa: " (why) ". Visar de senaste 30 dagarna." } }
            }
            form method="get" action="/admin/insikter" class="period" {
                div class="form-field" { label for="fran" { "Från och med" } input type="date" id="fran" name="fran" value=(from) required; }
                div class="form-field" { label for="till" { "Till och med" } input type="date" id="till" name="till" value=(to) required; }
                button type="submit" { "Visa perioden" }
            }
            p { strong { (count_sv(usize::try_from(v.total).unwrap_or(usize::MAX), "sökning", "sökningar")) } " under perioden " (date_sv(v.period.from)) "–" (date_sv(v.period.to)) "." }
            @for t in v.tables { (table_section(v, t)) }
            (wanted_section(v))
        },
    )
}

/// `/efterlysta`: the wanted examples, each with a link to the form with its topic filled in.
pub fn wanted_page(wanted: &[Wanted]) -> Markup {
    page(
        "Vi söker exempel på …",
        Nav::None,
        html! {
            h1 { "Vi söker exempel på …" }
            p { "Medarbetare i staden har letat efter exempel på de här ämnena utan att hitta något. Har din enhet arbetat med något av dem? Berätta om det, så att fler kan ta del av det." }
            @if wanted.is_empty() {
                p { "Just nu efterlyser redaktionen inga särskilda ämnen. " a href="/skicka" { "Skicka gärna in ett exempel ändå" } "." }
            } @else {
                ul class="wanted" {
                    @for w in wanted {
                        li {
                            strong { (w.topic) }
                            @if let Some(f) = w.focus_area { " (" (f.label()) ")" }
                            " – "
                            a href={ "/skicka?amne=" (form_urlencoded::byte_serialize(w.topic.as_bytes()).collect::<String>()) } { "Skicka in ett exempel " span class="visually-hidden" { "om ”" (w.topic) "”" } }
                        }
                    }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_has_a_title_a_description_and_one_bar_per_row() {
        let t = InsightTable {
            slug: "x",
            title: "Vanligaste sökningarna".into(),
            description: "Beskrivning.".into(),
            headings: vec!["Sökning".into(), "Antal".into()],
            rows: vec![
                vec!["matsvinn".into(), "5".into()],
                vec!["tolk".into(), "2".into()],
            ],
            chart: Some(Chart::Bars),
            wanted_from_rows: false,
        };
        let svg = chart(&t, Chart::Bars).into_string();
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("<title id=\"x-titel\">Vanligaste sökningarna</title>"));
        assert!(svg.contains("Störst: matsvinn (5)."));
        assert_eq!(svg.matches("<rect").count(), 2);
    }

    #[test]
    fn csv_has_a_bom_semicolons_and_no_formulas() {
        let t = InsightTable {
            slug: "x",
            title: String::new(),
            description: String::new(),
            headings: vec!["Sökning".into(), "Antal".into()],
            rows: vec![vec!["=HYPERLINK(\"x\")".into(), "3".into()]],
            chart: None,
            wanted_from_rows: false,
        };
        let csv = String::from_utf8(to_csv(&t)).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("Sökning;Antal"));
        assert!(csv.contains("'=HYPERLINK"));
    }
}
