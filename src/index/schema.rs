//! The tantivy schema of the example index.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use super::analysis::{SWEDISH, SWEDISH_FOLDED, SWEDISH_PARTS, WORDS};

/// Bump when the schema changes: an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 8;
/// Bump when the analysis code changes (splitting, lemmatising, the parts' marks): an index
/// analysed otherwise is rebuilt. Changes of the lexicon's data are noticed by themselves.
pub const ANALYSIS_VERSION: u32 = 2;

/// What the index's terms depend on: the analysis code's version and a fingerprint of the
/// lexicon data compiled in (`build.rs`).
pub fn analysis_id() -> String {
    format!("{ANALYSIS_VERSION}-{}", env!("GODA_LEXICON_HASH"))
}

/// The handles of every field of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The example id, untokenised: for lookups and deletes.
    pub id: Field,
    /// Title, Swedish-analysed (lemmas), stored (snippets, more-like-this).
    pub title: Field,
    /// Summary, Swedish-analysed, stored.
    pub summary: Field,
    /// The body as plain text, Swedish-analysed, stored (snippets).
    pub body: Field,
    /// Tags, Swedish-analysed, stored.
    pub tags: Field,
    /// Unit and organisation names, Swedish-analysed.
    pub unit: Field,
    /// The parts of every compound in title, summary, tags and body, lemmatised and marked as
    /// head (`h:`) or modifier (`m:`).
    pub parts: Field,
    /// The same for title, summary and tags alone: a compound's part weighs more where the
    /// example says what it is about, as a whole word does.
    pub lead_parts: Field,
    /// Title, summary, tags and body, stemmed and folded to ASCII (å→a, ä→a, ö→o).
    pub folded: Field,
    /// Every word of title, summary, tags and body as written (lowercase): the vocabulary
    /// that typo suggestions and completions draw from.
    pub words: Field,
    /// The title's words as written (lowercase), with positions, for title completion.
    pub title_words: Field,
    /// Area ordinal (fast, for facets and filters).
    pub area: Field,
    /// Focus area ordinals, one value per focus area.
    pub focus: Field,
    /// Maturity ordinal.
    pub maturity: Field,
    /// The year.
    pub year: Field,
    /// The organisation's exact name (fast string column, for facets).
    pub organisation: Field,
    /// `created` as days since 1970-01-01, for sorting by newest.
    pub created: Field,
    /// `reviewed` as days since 1970-01-01: when the example was last confirmed current.
    pub reviewed: Field,
    /// The example's front matter as JSON (body left empty).
    pub meta: Field,
    /// The Markdown body as written.
    pub body_markdown: Field,
}

fn analysed(tokenizer: &str, record: IndexRecordOption) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(record);
    TextOptions::default().set_indexing_options(indexing)
}

fn swedish_text(stored: bool) -> TextOptions {
    let options = analysed(SWEDISH, IndexRecordOption::WithFreqsAndPositions);
    if stored {
        options.set_stored()
    } else {
        options
    }
}

/// Builds the schema and returns it with its field handles.
pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stored_only = TextOptions::default().set_stored();
    let fields = Fields {
        // The id is also a column, read for hits that need no more than it.
        id: b.add_text_field("id", STRING | STORED | FAST),
        // Title, summary and tags are stored once, in `meta`; the body's plain text is
        // stored for snippets, its Markdown for the page.
        title: b.add_text_field("title", swedish_text(false)),
        summary: b.add_text_field("summary", swedish_text(false)),
        body: b.add_text_field("body", swedish_text(true)),
        tags: b.add_text_field("tags", swedish_text(false)),
        unit: b.add_text_field("unit", swedish_text(false)),
        parts: b.add_text_field(
            "parts",
            analysed(SWEDISH_PARTS, IndexRecordOption::WithFreqs),
        ),
        lead_parts: b.add_text_field(
            "lead_parts",
            analysed(SWEDISH_PARTS, IndexRecordOption::WithFreqs),
        ),
        folded: b.add_text_field(
            "folded",
            analysed(SWEDISH_FOLDED, IndexRecordOption::WithFreqs),
        ),
        words: b.add_text_field("words", analysed(WORDS, IndexRecordOption::WithFreqs)),
        title_words: b.add_text_field(
            "title_words",
            analysed(WORDS, IndexRecordOption::WithFreqsAndPositions),
        ),
        area: b.add_u64_field("area", FAST | INDEXED),
        focus: b.add_u64_field("focus", FAST | INDEXED),
        maturity: b.add_u64_field("maturity", FAST | INDEXED),
        year: b.add_u64_field("year", FAST | INDEXED),
        organisation: b.add_text_field("organisation", STRING | FAST),
        created: b.add_i64_field("created", FAST),
        reviewed: b.add_i64_field("reviewed", FAST),
        meta: b.add_text_field("meta", stored_only.clone()),
        body_markdown: b.add_text_field("body_markdown", stored_only),
    };
    (b.build(), fields)
}
