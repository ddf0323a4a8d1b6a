//! `/flode.atom`: an Atom feed of the newest published examples.

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::model::Example;
use crate::search::{SearchRequest, Sort};
use crate::web::{AppState, WebError};

/// How many examples the feed carries.
pub(crate) const ENTRIES: u32 = 20;

fn datetime(date: jiff::civil::Date) -> FixedDateTime {
    FixedDateTime::parse_from_rfc3339(&format!("{date}T00:00:00+00:00"))
        .expect("a date at midnight UTC is valid RFC 3339")
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    let mut l = Link::default();
    l.set_href(href);
    l.set_rel(rel);
    l.set_mime_type(mime.map(str::to_owned));
    l
}

fn entry(base: &str, e: &Example) -> Entry {
    let url = format!("{base}/exempel/{}", e.id);
    let mut entry = Entry::default();
    entry.set_id(url.clone());
    entry.set_title(Text::plain(e.title.clone()));
    entry.set_updated(datetime(e.updated));
    entry.set_published(Some(datetime(e.created)));
    entry.set_summary(Some(Text::plain(format!(
        "{} ({}, {})",
        e.summary, e.unit, e.organisation
    ))));
    entry.set_links(vec![link(url, "alternate", Some("text/html"))]);
    let mut author = Person::default();
    author.set_name(e.unit.clone());
    entry.set_authors(vec![author]);
    entry
}

/// A feed in Swedish with its title and id, its own address `path` under `base` and the
/// site's, the site as author, and `newest` as its time (2000-01-01 when it has no entries).
fn feed_head(
    (title, id): (&str, String),
    (base, path): (&str, &str),
    newest: Option<jiff::civil::Date>,
) -> Feed {
    let mut feed = Feed::default();
    feed.set_title(Text::plain(title));
    feed.set_id(id);
    feed.set_lang(Some("sv".to_owned()));
    feed.set_updated(datetime(newest.unwrap_or(jiff::civil::date(2000, 1, 1))));
    feed.set_links(vec![
        link(
            format!("{base}{path}"),
            "self",
            Some("application/atom+xml"),
        ),
        link(format!("{base}/"), "alternate", Some("text/html")),
    ]);
    let mut author = Person::default();
    author.set_name("Goda exempel, Stockholms stad");
    feed.set_authors(vec![author]);
    feed
}

/// `GET /flode.atom`.
pub async fn feed(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, WebError> {
    let base = crate::web::base_url(&state, &headers);
    let request = SearchRequest {
        sort: Sort::Newest,
        per_page: ENTRIES,
        ..SearchRequest::default()
    };
    let results = state.search().search(&request)?;
    let examples: Vec<&Example> = results.hits.iter().map(|h| &h.example).collect();
    let newest = examples.iter().map(|e| e.updated).max();
    let mut feed = feed_head(
        ("Goda exempel – senast publicerade", format!("{base}/")),
        (base.as_str(), "/flode.atom"),
        newest,
    );
    feed.set_subtitle(Some(Text::plain(
        "Stockholms stads kunskapsbank för förbättring och innovation",
    )));
    feed.set_entries(examples.iter().map(|e| entry(&base, e)).collect::<Vec<_>>());
    let content_type = HeaderValue::from_static("application/atom+xml; charset=utf-8");
    Ok(([(header::CONTENT_TYPE, content_type)], feed.to_string()).into_response())
}

/// The Atom feed of the newest approved adoptions (each with its example's title).
pub(crate) fn adoption_feed(base: &str, adoptions: &[(crate::model::Adoption, String)]) -> String {
    let mut feed = feed_head(
        (
            "Goda exempel – nya enheter som har infört ett exempel",
            format!("{base}/infort.atom"),
        ),
        (base, "/infort.atom"),
        adoptions.iter().map(|(a, _)| a.updated).max(),
    );
    let entries: Vec<Entry> = adoptions
        .iter()
        .map(|(a, title)| {
            let url = format!("{base}/exempel/{}#infort-av", a.example);
            let mut entry = Entry::default();
            entry.set_id(format!("{base}/exempel/{}/infort/{}", a.example, a.number));
            entry.set_title(Text::plain(format!("{} har infört ”{title}”", a.unit)));
            entry.set_updated(datetime(a.updated));
            entry.set_published(Some(datetime(a.created)));
            entry.set_summary(Some(Text::plain(format!(
                "{}, {} ({} sedan {}): {}",
                a.unit,
                a.organisation,
                a.stage.label(),
                a.since,
                a.text
            ))));
            entry.set_links(vec![link(url, "alternate", Some("text/html"))]);
            let mut who = Person::default();
            who.set_name(a.unit.clone());
            entry.set_authors(vec![who]);
            entry
        })
        .collect();
    feed.set_entries(entries);
    feed.to_string()
}
