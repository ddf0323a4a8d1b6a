//! Converting between examples and index documents.

use tantivy::TantivyDocument;
use tantivy::schema::Value as _;

use super::{Fields, IndexError, Result};
use crate::corpus::{plain_text, render_markdown};
use crate::model::{Example, Vocabulary};

/// An example as the index stores it: the example and its body rendered to safe HTML.
#[derive(Debug, Clone)]
pub struct StoredExample {
    /// The example; `body` holds the Markdown when read with [`read_full`], and is empty
    /// when read with [`read_meta`].
    pub example: Example,
    /// The sanitised HTML of the body (empty when read with [`read_meta`]).
    pub body_html: String,
}

/// Days since 1970-01-01 of a date (for sorting).
use crate::model::epoch_days;

/// The index document of a public example.
pub fn to_document(f: &Fields, e: &Example) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, e.id.as_str());
    let body = plain_text(&e.body);
    doc.add_text(f.title, &e.title);
    doc.add_text(f.title_words, &e.title);
    doc.add_text(f.summary, &e.summary);
    for tag in &e.tags {
        doc.add_text(f.tags, tag);
    }
    let tags = e.tags.join(" ");
    for text in [e.title.as_str(), &e.summary, &tags] {
        doc.add_text(f.lead_parts, text);
    }
    for text in [e.title.as_str(), &e.summary, &tags, &body] {
        doc.add_text(f.parts, text);
        doc.add_text(f.folded, text);
        doc.add_text(f.words, text);
    }
    doc.add_text(f.body, body);
    // Who made it and under which focus areas: an example filed under "Dialog med
    // stockholmarna" is about dialog even where its text never says so.
    let focus: Vec<&str> = e.focus_areas.iter().map(|a| a.search_word()).collect();
    doc.add_text(
        f.unit,
        format!("{} {} {}", e.unit, e.organisation, focus.join(" ")),
    );
    doc.add_u64(f.area, e.area.ordinal() as u64);
    for focus in &e.focus_areas {
        doc.add_u64(f.focus, focus.ordinal() as u64);
    }
    doc.add_u64(f.maturity, e.maturity.ordinal() as u64);
    doc.add_u64(f.year, u64::try_from(e.year).unwrap_or(0));
    doc.add_text(f.organisation, &e.organisation);
    doc.add_i64(f.created, epoch_days(e.created));
    doc.add_i64(f.reviewed, epoch_days(e.reviewed));
    let meta = Example {
        body: String::new(),
        ..e.clone()
    };
    doc.add_text(
        f.meta,
        serde_json::to_string(&meta).expect("an example serialises to JSON"),
    );
    doc.add_text(f.body_markdown, &e.body);
    doc
}

fn text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<&str> {
    doc.get_first(field).and_then(|v| v.as_str())
}

/// The example's front matter from a stored document, with an empty body.
pub fn read_meta(f: &Fields, doc: &TantivyDocument) -> Result<Example> {
    let meta = text(doc, f.meta).ok_or(IndexError::Corrupt("a document has no metadata"))?;
    serde_json::from_str(meta)
        .map_err(|_| IndexError::Corrupt("a document's metadata is not valid"))
}

/// The whole example and its rendered body from a stored document.
pub fn read_full(f: &Fields, doc: &TantivyDocument) -> Result<StoredExample> {
    let mut example = read_meta(f, doc)?;
    example.body = text(doc, f.body_markdown).unwrap_or_default().to_owned();
    // Rendered when read rather than stored: a third copy of every body would make the
    // store, which hits and pages read from, a third larger.
    let body_html = render_markdown(&example.body);
    Ok(StoredExample { example, body_html })
}
