//! The search index: a tantivy index derived from the corpus, never edited by hand.
//!
//! [`ExampleIndex::open`] opens the index under a directory and brings it up to date with the
//! corpus: only files that were added, changed or removed since the last sync (as recorded in
//! a manifest beside the index) are re-read, so a fresh index opens in milliseconds. Only
//! published examples are ever indexed, so nothing else can be found.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::path::Path;
//! let (index, report) = goda::index::ExampleIndex::open(
//!     Path::new("examples-corpus"), Path::new("index"), goda::index::SyncOptions::default())?;
//! println!("{} examples indexed, {} problems", report.indexed, report.problems.len());
//! # Ok(()) }
//! ```

mod analysis;
mod compound;
mod document;
pub mod embedding;
mod lexicon;
mod manifest;
mod reading;
mod schema;
mod sync;
mod words;

use std::path::PathBuf;

pub use analysis::{
    CompoundParts, Expand, Expansion, LazyDecompounder, Lemmatizer, PLAIN, SWEDISH, SWEDISH_FOLDED,
    SWEDISH_PARTS, StemSource, WORDS, analyze, folded_analyzer, lemmas_of, part_term,
    parts_analyzer, plain_analyzer, register_analyzers, snippet_analyzer, swedish_analyzer,
    terms_of, words_analyzer,
};
pub use compound::{Decompounder, MIN_COMPOUND_LETTERS, Part, Role, Split};
pub use document::{StoredExample, read_full, read_meta, to_document};
pub use embedding::Semantic;
pub use lexicon::{Lemmas, Lexicon, Position};
pub use reading::{SyncOptions, SyncReport};
pub use schema::{ANALYSIS_VERSION, Fields, SCHEMA_VERSION, analysis_id, build_schema};
pub use sync::{ExampleIndex, SERVER_PID};
pub use words::{is_stop_word, stem};

/// Failures of the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// tantivy failed (I/O, a corrupt segment, a lock held by another process).
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A file of the index directory could not be read or written.
    #[error("index directory {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The corpus could not be read.
    #[error(transparent)]
    Corpus(#[from] crate::corpus::CorpusError),
    /// The index directory holds files that are not ours; it is never wiped.
    #[error(
        "{0} is not empty and is not a Goda exempel index (it has no goda-manifest.json); \
         choose another --index directory or empty it"
    )]
    NotOurs(PathBuf),
    /// A stored document could not be read back.
    #[error("the index is damaged ({0}); run `goda reindex`")]
    Corrupt(&'static str),
}

/// The result of index operations.
pub type Result<T, E = IndexError> = std::result::Result<T, E>;
