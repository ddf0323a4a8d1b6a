//! The corpus: one Markdown file per example, `{id}.md`, with TOML front matter between `+++`
//! lines. It is the source of truth; the search index is derived from it.
//!
//! This module splits and parses files ([`parse_example`]), validates every field
//! ([`validate`]), renders untrusted Markdown to sanitised HTML ([`render_markdown`]), loads a
//! whole directory ([`load_dir`]), imports JSON Lines ([`import_jsonl`]) and writes files
//! atomically ([`write_example`]).
//!
//! ```
//! let text = "+++\nid = \"x\"\n+++\nBody\n";
//! let problems = goda::corpus::parse_example("x.md", text.as_bytes(), jiff::civil::date(2026, 1, 1)).unwrap_err();
//! assert!(problems.iter().any(|p| p.message.contains("`title`")));
//! ```

mod edited;
mod error;
mod export;
mod frontmatter;
mod import;
mod load;
mod markdown;
mod organisations;
mod synonyms;
mod validate;
mod write;

pub use edited::{Change, EditedList, ListFile, SaveError, Version};
pub use error::{CorpusError, FieldError, Problem, Result};
pub use export::{TABLE_HEADINGS, neutral_cell, to_import_json, to_json_lines, to_table};
pub use frontmatter::{SplitFile, key_line, line_of, split_front_matter, toml_table};
pub use import::{ImportReport, import_jsonl, json_to_table};
pub use load::{
    Loaded, MAX_FILE_BYTES, example_files, example_paths, load_dir, parse_example,
    read_example_file,
};
pub use markdown::{
    Complexity, MAX_HTML_TAGS, MAX_NESTING, MAX_TABLE_CELLS, plain_text, render_markdown,
};
pub use organisations::{
    MAX_ORGANISATIONS, ORGANISATIONS_FILE, OrganisationFile, OrganisationStore,
    from_lines as organisations_from_lines, organisations_to_toml, parse_organisations,
    read_organisations, to_lines as organisations_to_lines,
};
pub use synonyms::{
    Expansion, MAX_ENTRIES, MAX_TERM_CHARS, MAX_TERMS, SYNONYMS_FILE, SynonymList, parse_synonyms,
    read_synonyms, synonyms_to_toml, term_problem,
};
pub use validate::{
    Defaults, KNOWN_KEYS, MAX_NAME_CHARS, MAX_TAG_CHARS, MIN_YEAR, is_email, validate,
};
pub use write::{
    WriteMode, example_to_file_text, file_revision, new_token, remove_leftover_temporaries,
    revision, write_atomically, write_example,
};
