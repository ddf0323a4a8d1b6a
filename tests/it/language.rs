//! No English reaches a page: every public and organiser page, the error pages and the list
//! of unreadable corpus files are checked for the wording of the domain layer's messages
//! (the corpus checker, the search parameters, ids), which are Swedish.

use axum::http::StatusCode;

use crate::support::{app, fixtures};

/// Phrases of the English messages the domain layer used to give: any of them on a page
/// means a message reached a user untranslated.
const ENGLISH: &[&str] = &[
    "allowed",
    "is missing",
    "must be",
    "unknown ",
    "at most",
    "did you mean",
    "characters long",
    "out of range",
    "goes past",
    "is not a",
    "not valid",
    "is blank",
    "listed twice",
    "front matter",
    "differs from",
    "cannot read",
    "parameter `",
];

/// The page's text as a reader meets it: markup, scripts and styles left out.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let after = &rest[start..];
        let skip_to = ["<script", "<style"]
            .iter()
            .find(|tag| after.starts_with(**tag))
            .map(|tag| format!("</{}>", &tag[1..]));
        let end = match skip_to {
            Some(close) => after.find(&close).map(|i| i + close.len()),
            None => after.find('>').map(|i| i + 1),
        };
        rest = end.map_or("", |i| &after[i..]);
    }
    out.push_str(rest);
    out
}

fn english_in(html: &str) -> Vec<&'static str> {
    let text = visible_text(html).to_lowercase();
    ENGLISH
        .iter()
        .copied()
        .filter(|phrase| text.contains(phrase))
        .collect()
}

#[tokio::test]
async fn no_page_a_user_can_reach_shows_an_english_message() {
    let app = app();
    // Broken files for the organisers' list of unreadable files: one of each kind of rule.
    for entry in std::fs::read_dir(fixtures().join("broken")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, app.corpus.path().join(path.file_name().unwrap())).unwrap();
    }
    let public = [
        "/",
        "/sok?q=matsvinn",
        "/sok?q=matsvinn&page=999",
        "/sok?area=hav",
        "/sok?year=abc",
        "/sok?sort=basta",
        "/sok?per_page=100000",
        "/sok?massa=1999",
        "/exempel/maltidsvanner",
        "/exempel/finns-inte",
        "/exempel/Stora_Bokstaver",
        "/fokusomraden",
        "/fokusomraden/miljo",
        "/massa",
        "/massa/1999",
        "/skicka",
        "/redigera/maltidsvanner?token=fel",
        "/om-webbplatsen",
        "/tillganglighet",
        "/personuppgifter",
        "/kontakt",
        "/oppna-data",
        "/efterlysta",
        "/utmarkelser",
        "/utmarkelser/finns-inte",
        "/exempel/maltidsvanner/infort",
        "/exempel/maltidsvanner/infort/1?nyckel=fel",
        "/sok?award=..",
        "/sok?spread=ja",
        "/sok?current=2",
        "/sok?sort=spread",
        "/login",
        "/finns-inte",
    ];
    let (cookie, _) = app.login().await;
    let organiser = [
        "/admin",
        "/admin/exempel",
        "/admin/exempel/maltidsvanner",
        "/admin/exempel/finns-inte",
        "/admin/massa",
        "/admin/synonymer",
        "/admin/organisationer",
        "/admin/konto",
        "/admin/insikter",
        "/admin/insikter?fran=x&till=2026-01-01",
        "/admin/spridning",
        "/admin/oversyn",
        "/admin/utmarkelser",
        "/admin/utmarkelser/ny",
        "/admin/utmarkelser/finns-inte",
    ];
    let anyone: &[(&str, &str)] = &[];
    let signed_in: &[(&str, &str)] = &[("cookie", &cookie)];
    let pages = public
        .iter()
        .map(|uri| (uri, anyone))
        .chain(organiser.iter().map(|uri| (uri, signed_in)));
    for (uri, headers) in pages {
        let r = app.request("GET", uri, headers, "").await;
        assert!(
            r.status != StatusCode::INTERNAL_SERVER_ERROR,
            "{uri}: {}",
            r.status
        );
        let found = english_in(&r.body);
        assert!(found.is_empty(), "{uri} ({}) shows {found:?}", r.status);
    }
    // The list of unreadable files did list them (so that the check above saw the messages).
    let queue = app
        .request("GET", "/admin", &[("cookie", &cookie)], "")
        .await;
    assert!(
        queue.body.contains("okänt fokusområde `miljo`"),
        "{}",
        visible_text(&queue.body)
    );
}

#[test]
fn the_check_finds_english_and_ignores_markup() {
    assert_eq!(
        english_in("<p>`title` is missing; it is required</p>"),
        ["is missing"]
    );
    assert!(
        english_in("<p data-x=\"allowed\">Tillåtet</p><script>x = 'unknown '</script>").is_empty()
    );
}
