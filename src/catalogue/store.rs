//! Editions on disk: `{corpus}/massa/{year}.toml`, written atomically, read with every
//! problem reported as `path:line: message`.

use std::path::{Path, PathBuf};

use super::{Edition, EditionDraft, Strictness, to_draft, validate};
use crate::corpus::{CorpusError, Problem, WriteMode, write_atomically};
use crate::model::{Example, ExampleId};

/// The folder of editions inside the corpus.
pub const MASSA_DIR: &str = "massa";

pub(super) fn path_of(corpus: &Path, year: i16) -> PathBuf {
    corpus.join(MASSA_DIR).join(format!("{year}.toml"))
}

/// The line of the problem at `field` in the TOML `text`: the n-th `[[entries]]` for
/// `entries[n]…`, the key's line for a top-level field, else 1.
fn line_of(text: &str, field: &str) -> usize {
    if let Some(rest) = field.strip_prefix("entries[") {
        let n: usize = rest
            .split(']')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        return text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == "[[entries]]")
            .nth(n)
            .map_or(1, |(i, _)| i + 1);
    }
    let key = field.split(['[', '.']).next().unwrap_or(field);
    text.lines()
        .position(|l| l.trim_start().starts_with(key) && l.contains('='))
        .map_or(1, |i| i + 1)
}

/// Reads and validates the edition of `year`; `Ok(None)` when there is none.
///
/// On `Err` returns every problem with its line.
pub fn load_edition(
    corpus: &Path,
    year: i16,
    example: &dyn Fn(&ExampleId) -> Option<Example>,
) -> Result<Option<Edition>, Vec<Problem>> {
    let path = path_of(corpus, year);
    let problem = |line: usize, message: String| Problem {
        path: path.clone(),
        line,
        message,
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(vec![problem(1, format!("cannot read the file: {e}"))]),
    };
    let draft: EditionDraft = toml::from_str(&text).map_err(|e| {
        let line = e.span().map_or(1, |s| {
            1 + text[..s.start.min(text.len())].matches('\n').count()
        });
        vec![problem(
            line,
            format!("not a valid edition: {}", e.message().trim_end()),
        )]
    })?;
    validate(year, draft, example, Strictness::Stored)
        .map(Some)
        .map_err(|errors| {
            errors
                .into_iter()
                .map(|e| {
                    problem(
                        line_of(&text, &e.field),
                        format!("`{}`: {}", e.field, e.message),
                    )
                })
                .collect()
        })
}

/// The years of the editions in the corpus, oldest first (files named `{year}.toml`).
pub fn edition_years(corpus: &Path) -> Vec<i16> {
    let mut years: Vec<i16> = std::fs::read_dir(corpus.join(MASSA_DIR))
        .into_iter()
        .flatten()
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".toml")?
                .parse()
                .ok()
        })
        .collect();
    years.sort_unstable();
    years
}

/// The text of an edition's file.
pub(super) fn file_text(edition: &Edition) -> String {
    toml::to_string_pretty(&to_draft(edition)).expect("an edition serialises")
}

/// Writes an edition atomically.
pub fn save_edition(corpus: &Path, edition: &Edition) -> Result<PathBuf, CorpusError> {
    let dir = corpus.join(MASSA_DIR);
    std::fs::create_dir_all(&dir).map_err(|source| CorpusError::Write {
        path: dir.clone(),
        source,
    })?;
    let text = file_text(edition);
    write_atomically(
        &dir,
        &format!("{}.toml", edition.year),
        text.as_bytes(),
        WriteMode::Replace,
    )
}

/// Every problem of every edition file, checked against `examples` (for `goda check`).
pub fn check_editions(corpus: &Path, examples: &[Example]) -> Vec<Problem> {
    let lookup = |id: &ExampleId| examples.iter().find(|e| &e.id == id).cloned();
    edition_years(corpus)
        .into_iter()
        .filter_map(|year| load_edition(corpus, year, &lookup).err())
        .flatten()
        .collect()
}
