//! Untrusted Markdown to safe HTML: pulldown-cmark renders, ammonia sanitises.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The deepest lists and block quotes may nest in a body. Rendering (the sanitiser's HTML
/// tree) costs the square of the depth: 5 000 nested list markers, 10 kB, took over half a
/// second.
pub const MAX_NESTING: usize = 8;
/// The most raw HTML tags a body may have (the sanitiser's tree grows as deep as they nest).
pub const MAX_HTML_TAGS: usize = 200;
/// The most table cells a body may have. The parser fills every short row up to the header's
/// width, so 100 KiB of one-cell rows under a wide header would be millions of cells.
pub const MAX_TABLE_CELLS: usize = 10_000;

/// How deeply a body's lists and block quotes nest, and how many raw HTML tags it has:
/// what rendering costs beyond its length. Linear in the body's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Complexity {
    /// The deepest nesting of lists and block quotes.
    pub depth: usize,
    /// The raw HTML tags.
    pub html_tags: usize,
    /// At most this many table cells (an upper bound read from the text before parsing).
    pub table_cells: usize,
}

impl Complexity {
    /// Measures `markdown`.
    pub fn of(markdown: &str) -> Self {
        let mut c = Complexity {
            table_cells: table_cells_bound(markdown),
            ..Complexity::default()
        };
        let mut depth = 0usize;
        for event in Parser::new_ext(markdown, options_for(c.table_cells)) {
            match event {
                Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                    depth += 1;
                    c.depth = c.depth.max(depth);
                }
                Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => {
                    depth = depth.saturating_sub(1);
                }
                Event::Html(t) | Event::InlineHtml(t) => c.html_tags += html_tags(&t),
                _ => {}
            }
        }
        c
    }

    /// Whether rendering stays cheap: within [`MAX_NESTING`], [`MAX_HTML_TAGS`] and
    /// [`MAX_TABLE_CELLS`].
    pub fn is_bounded(&self) -> bool {
        self.depth <= MAX_NESTING
            && self.html_tags <= MAX_HTML_TAGS
            && self.table_cells <= MAX_TABLE_CELLS
    }
}

/// An upper bound of the table cells the parser can make of `markdown`, read in one pass
/// before parsing: a table lies within one block of non-blank lines, and none of its rows is
/// wider than the block's widest line (pipes + 1), so each block that has a pipe contributes
/// at most its width times its lines.
fn table_cells_bound(markdown: &str) -> usize {
    let (mut total, mut width, mut lines) = (0usize, 0usize, 0usize);
    let mut close = |width: &mut usize, lines: &mut usize| {
        if *width > 0 {
            total = total.saturating_add((*width + 1).saturating_mul(*lines));
        }
        (*width, *lines) = (0, 0);
    };
    for line in markdown.lines() {
        if line.trim().is_empty() {
            close(&mut width, &mut lines);
        } else {
            lines += 1;
            width = width.max(line.bytes().filter(|b| *b == b'|').count());
        }
    }
    close(&mut width, &mut lines);
    total
}

/// The tags (`<` followed by a letter or `/`) in a piece of raw HTML.
fn html_tags(html: &str) -> usize {
    html.as_bytes()
        .windows(2)
        .filter(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/'))
        .count()
}

/// The parser's options for `markdown`: tables only when their cells are bounded (a body
/// beyond the bound, which only a corpus file can be, shows its pipes as text).
fn options(markdown: &str) -> Options {
    options_for(table_cells_bound(markdown))
}

/// The parser's options for a body of at most `table_cells` table cells.
fn options_for(table_cells: usize) -> Options {
    let tables = if table_cells <= MAX_TABLE_CELLS {
        Options::ENABLE_TABLES
    } else {
        Options::empty()
    };
    tables | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Renders a Markdown body to sanitised HTML, safe to embed in a page.
///
/// Raw HTML in the body is sanitised, not trusted: `<script>`, `<style>`, event attributes
/// and `javascript:` URLs never survive. A level-1 heading is demoted to level 2, because the
/// page's own title is the only `<h1>`.
pub fn render_markdown(markdown: &str) -> String {
    // A body beyond the bounds (only a corpus file can be: submissions are validated) is
    // rendered with its lists and quotes flattened below the deepest allowed level and its
    // raw HTML shown as text, so that no file makes a page cost seconds.
    // Every tag begins with `<`: only a body with more of them than tags allowed is parsed
    // a second time to count its tags (a page view parses an ordinary body once).
    let html_as_text = markdown.bytes().filter(|b| *b == b'<').count() > MAX_HTML_TAGS
        && Complexity::of(markdown).html_tags > MAX_HTML_TAGS;
    let mut depth = 0usize;
    let events = Parser::new_ext(markdown, options(markdown)).filter_map(move |event| {
        Some(match event {
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
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) if depth >= MAX_NESTING => {
                depth += 1;
                return None;
            }
            Event::Start(Tag::Item) if depth > MAX_NESTING => return None,
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::Item)
                if depth > MAX_NESTING =>
            {
                if !matches!(event, Event::End(TagEnd::Item)) {
                    depth -= 1;
                }
                return None;
            }
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                depth += 1;
                event
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => {
                depth = depth.saturating_sub(1);
                event
            }
            Event::Html(t) | Event::InlineHtml(t) if html_as_text => Event::Text(t),
            other => other,
        })
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
    for event in Parser::new_ext(markdown, options(markdown)) {
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
    fn nesting_and_raw_html_tags_are_measured() {
        assert_eq!(
            Complexity::of("* a\n  * b\n    > c"),
            Complexity {
                depth: 3,
                html_tags: 0,
                table_cells: 0,
            }
        );
        assert_eq!(
            Complexity::of("| a | b |\n|---|---|\n| 1 | 2 |").table_cells,
            12,
            "an upper bound: four columns by the pipes, three rows"
        );
        assert_eq!(Complexity::of("<b>a</b> <i>b</i>").html_tags, 4);
        assert!(Complexity::of("## Rubrik\n\n* a\n* b").is_bounded());
        assert!(!Complexity::of(&format!("{}a", "* ".repeat(MAX_NESTING + 1))).is_bounded());
    }

    #[test]
    fn deeply_nested_lists_quotes_and_tags_render_quickly_and_flattened() {
        // 50 000 nested list items: half a minute of rendering before the bound.
        let lists = format!("{}a", "* ".repeat(50_000));
        let quotes = format!("{}a", "> ".repeat(50_000));
        let divs = format!("{}a", "<div>".repeat(20_000));
        for body in [lists, quotes, divs] {
            let started = std::time::Instant::now();
            let html = render_markdown(&body);
            assert!(
                html.matches("<ul>").count() <= MAX_NESTING,
                "{}",
                &html[..200]
            );
            assert!(html.matches("<blockquote>").count() <= MAX_NESTING);
            assert!(html.matches("<div>").count() <= 1);
            assert!(html.contains('a'));
            // Generous: the point is seconds before, milliseconds now.
            assert!(started.elapsed() < std::time::Duration::from_secs(2));
        }
    }

    #[test]
    fn wide_tables_of_short_rows_are_refused_and_rendered_without_table_markup() {
        // A wide header over many one-cell rows: the parser pads every row to the header.
        let header = "a|".repeat(360);
        let rule = "-|".repeat(360);
        let table = format!("{header}\n{rule}\n{}\n", "b\n".repeat(730));
        let body = table.repeat(3);
        let c = Complexity::of(&body);
        assert!(c.table_cells > MAX_TABLE_CELLS && !c.is_bounded());
        let html = render_markdown(&body);
        assert!(!html.contains("<td>"), "rendered as text");
        assert!(plain_text(&body).len() < 2 * body.len());
        // An ordinary table stays a table.
        assert!(render_markdown("| a | b |\n|---|---|\n| 1 | 2 |").contains("<td>1</td>"));
    }

    #[test]
    fn every_list_item_at_the_deepest_level_keeps_its_tags() {
        let html = render_markdown(&format!("{}a", "* ".repeat(MAX_NESTING)));
        assert_eq!(html.matches("<li>").count(), html.matches("</li>").count());
        assert_eq!(html.matches("<li>").count(), MAX_NESTING);
        let deeper = render_markdown(&format!("{}a", "* ".repeat(MAX_NESTING + 3)));
        assert_eq!(
            deeper.matches("<li>").count(),
            deeper.matches("</li>").count()
        );
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("## Rubrik\n\nEn *viktig* text."),
            "Rubrik\nEn viktig text.\n"
        );
    }
}
