//! Untrusted Markdown to safe HTML: pulldown-cmark renders, ammonia sanitises.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Renders a Markdown body to sanitised HTML, safe to embed in a page.
///
/// Raw HTML in the body is sanitised, not trusted: `<script>`, `<style>`, event attributes
/// and `javascript:` URLs never survive. A level-1 heading is demoted to level 2, because the
/// page's own title is the only `<h1>`.
pub fn render_markdown(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
            Event::End(TagEnd::Heading(HeadingLevel::H2))
        }
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(&html)
        .to_string()
}

/// The readable text of a Markdown body, without markup: what search indexes and snippets
/// quote. Block boundaries become line breaks; raw HTML is dropped.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders_to_html() {
        let html = render_markdown("## Resultat\n\nSvinnet **halverades**.");
        assert!(html.contains("<h2>Resultat</h2>"));
        assert!(html.contains("<strong>halverades</strong>"));
    }

    #[test]
    fn scripts_event_handlers_and_javascript_urls_are_removed() {
        let html = render_markdown(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n<a href=\"javascript:alert(2)\">y</a>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn a_level_one_heading_is_demoted() {
        assert!(render_markdown("# Rubrik").contains("<h2>Rubrik</h2>"));
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("## Rubrik\n\nEn *viktig* text."),
            "Rubrik\nEn viktig text.\n"
        );
    }
}
