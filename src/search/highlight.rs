//! Highlighted snippets of hits: the query's terms marked in a window of the body (or the
//! summary when the body has none of them), analysed with the cheap snippet analyzer.

use tantivy::TantivyDocument;
use tantivy::query::Query;
use tantivy::schema::Value as _;
use tantivy::snippet::SnippetGenerator;

use super::{Result, SNIPPET_CHARS, Snippet};

/// A snippet generator for `field` that highlights the terms of `query` with the cheap
/// snippet analyzer ([`crate::index::snippet_analyzer`]) instead of the field's own.
fn snippet_generator(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    field: tantivy::schema::Field,
) -> Result<SnippetGenerator> {
    let mut terms = std::collections::BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term.clone());
        }
    });
    let mut weights = std::collections::BTreeMap::new();
    for term in terms {
        if let Some(text) = term.value().as_str() {
            let df = searcher.doc_freq(&term)?;
            if df > 0 {
                weights.insert(text.to_owned(), 1.0 / (1.0 + df as f32));
            }
        }
    }
    Ok(SnippetGenerator::new(
        weights,
        crate::index::snippet_analyzer(),
        field,
        SNIPPET_CHARS,
    ))
}

/// What highlights a query's terms in hits: snippet generators for body and summary, and the
/// query's body terms (to find the window of the body worth analysing).
pub(super) struct Highlighter {
    body: SnippetGenerator,
    summary: SnippetGenerator,
    terms: Vec<String>,
}

impl Highlighter {
    pub(super) fn new(
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        f: &crate::index::Fields,
    ) -> Result<Self> {
        let mut terms = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == f.body
                && let Some(text) = term.value().as_str()
            {
                terms.push(text.to_owned());
            }
        });
        Ok(Self {
            body: snippet_generator(searcher, query, f.body)?,
            summary: snippet_generator(searcher, query, f.summary)?,
            terms,
        })
    }

    /// The best snippet of a stored document whose example has `summary_text`.
    pub(super) fn snippet(
        &self,
        doc: &TantivyDocument,
        f: &crate::index::Fields,
        summary_text: &str,
    ) -> Snippet {
        best_snippet(
            doc,
            f,
            (&self.body, &self.terms),
            &self.summary,
            summary_text,
        )
    }
}

fn from_tantivy(s: &tantivy::snippet::Snippet, full_len: usize) -> Snippet {
    let range = s.fragment_range();
    Snippet {
        fragment: s.fragment().to_owned(),
        highlights: s.highlighted().to_vec(),
        cut_before: range.start > 0,
        cut_after: range.end < full_len,
    }
}

/// Bytes analysed before and after the first occurrence of a query term. A snippet is
/// [`SNIPPET_CHARS`](super::SNIPPET_CHARS) long: the window holds its best
/// fragment around the first occurrence and the next few, and analysing it is most of what a
/// hit's snippet costs.
const WINDOW_BEFORE: usize = 200;
const WINDOW_AFTER: usize = 600;

/// The byte range of `text` worth analysing for a snippet: around the first occurrence of any
/// of `terms` (case-insensitive), or the start of the text when none occurs.
fn snippet_window<'a>(text: &str, terms: impl Iterator<Item = &'a String>) -> (usize, usize) {
    // A term as written, or capitalised at the start of a sentence; lowercasing the whole body
    // instead would cost more than the window saves.
    let first = terms
        .flat_map(|t| {
            let mut chars = t.chars();
            let capital: Option<String> = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect());
            [text.find(t.as_str()), capital.and_then(|c| text.find(&c))]
        })
        .flatten()
        .min();
    let (from, to) = match first {
        Some(at) => (at.saturating_sub(WINDOW_BEFORE), at + WINDOW_AFTER),
        None => (0, WINDOW_BEFORE + WINDOW_AFTER),
    };
    let mut from = from.min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = to.min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    (from, to)
}

fn best_snippet(
    doc: &TantivyDocument,
    f: &crate::index::Fields,
    (body, terms): (&SnippetGenerator, &[String]),
    summary: &SnippetGenerator,
    summary_text: &str,
) -> Snippet {
    let body_text = doc
        .get_first(f.body)
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    // Analysing a whole body costs most of a query's time, so only a window around the first
    // place where a query term occurs is analysed (stems are prefixes of the words they match).
    let (start, end) = snippet_window(body_text, terms.iter());
    let window = &body_text[start..end];
    let from_body = body.snippet(window);
    if !from_body.highlighted().is_empty() {
        let range = from_body.fragment_range();
        return Snippet {
            fragment: from_body.fragment().to_owned(),
            highlights: from_body.highlighted().to_vec(),
            cut_before: start + range.start > 0,
            cut_after: start + range.end < body_text.len(),
        };
    }
    let from_summary = summary.snippet(summary_text);
    if !from_summary.highlighted().is_empty() {
        return from_tantivy(&from_summary, summary_text.len());
    }
    Snippet::plain(summary_text, SNIPPET_CHARS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_snippet_window_surrounds_the_first_term_on_character_boundaries() {
        let text = format!(
            "{}Matsvinnet minskade. {}",
            "å".repeat(400),
            "ö".repeat(1000)
        );
        let terms = ["matsvinn".to_owned()];
        let (from, to) = super::snippet_window(&text, terms.iter());
        assert!(text[from..to].contains("Matsvinnet"));
        assert!(from > 0 && to < text.len());
        let none = ["zebra".to_owned()];
        assert_eq!(super::snippet_window(&text, none.iter()).0, 0);
    }
}
