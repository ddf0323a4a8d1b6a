//! Reading corpus files into validated examples, and whole directories into a [`Loaded`] set.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::frontmatter::{line_at, line_of_key};
use super::{CorpusError, Defaults, Problem, Result, split_front_matter, validate};
use crate::model::{Example, ExampleId};

/// Files larger than this are reported without being read (2 MiB; a body may be 100 KiB).
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// A corpus directory, read: every valid example and every problem found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The valid examples, whatever their status, sorted by id.
    pub examples: Vec<Example>,
    /// Every problem of every invalid file, in file order.
    pub problems: Vec<Problem>,
}

/// Parses one corpus file's bytes. `path` names the file in messages, and its stem must equal
/// the `id`.
///
/// On `Err` returns every problem found, each with its line.
pub fn parse_example(path: impl AsRef<Path>, bytes: &[u8], today: Date) -> Result<Example, Vec<Problem>> {
    let path = path.as_ref();
    let problem = |line: usize, message: String| Problem { path: path.to_owned(), line, message };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count();
        vec![problem(line, "the file is not valid UTF-8; save it as UTF-8 text".to_owned())]
    })?;
    let split = split_front_matter(text).map_err(|(line, msg)| vec![problem(line, msg)])?;
    let table: toml::Table = toml::from_str(split.front).map_err(|e| {
        let line = e.span().map_or(split.front_line, |s| line_at(split.front, s.start, split.front_line));
        vec![problem(line, format!("the front matter is not valid TOML: {}", e.message().trim_end()))]
    })?;
    let defaults = Defaults { today, fill_workflow: false };
    let line_of = |field: &str| -> usize {
        if field == "body" {
            return line_at(text, text.len() - split.body.len(), 1);
        }
        line_of_key(split.front, split.front_line, field).unwrap_or(1)
    };
    let example = validate(&table, split.body, &defaults).map_err(|errors| {
        errors.into_iter().map(|e| problem(line_of(&e.field), e.message)).collect::<Vec<_>>()
    })?;
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if stem != example.id.as_str() {
        return Err(vec![problem(
            line_of("id"),
            format!("`id` \"{}\" differs from the file name \"{stem}.md\"; they must be equal", example.id),
        )]);
    }
    Ok(example)
}

/// Reads and parses one corpus file, refusing files over [`MAX_FILE_BYTES`] unread.
pub fn read_example_file(path: &Path, today: Date) -> Result<Example, Vec<Problem>> {
    let one = |message: String| vec![Problem { path: path.to_owned(), line: 1, message }];
    let len = std::fs::metadata(path).map_err(|e| one(format!("cannot read the file: {e}")))?.len();
    if len > MAX_FILE_BYTES {
        return Err(one(format!(
            "the file is {len} bytes; an example's body may be at most 100 KiB (102400 bytes)"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| one(format!("cannot read the file: {e}")))?;
    parse_example(path, &bytes, today)
}

/// The example files of a corpus directory: `*.md` directly inside it, sorted by name.
/// Hidden files (such as temporary files of an atomic write) are skipped.
pub fn example_paths(dir: &Path) -> Result<Vec<PathBuf>> {
    let read_err = |source| CorpusError::ReadDir { path: dir.to_owned(), source };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let path = entry.map_err(read_err)?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.ends_with(".md") && !name.starts_with('.') && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Loads every example file of `dir`. Invalid files become problems, never errors; only an
/// unreadable directory is an `Err`. Two files with the same id are both reported.
pub fn load_dir(dir: &Path, today: Date) -> Result<Loaded> {
    let mut loaded = Loaded::default();
    let mut seen: HashMap<ExampleId, PathBuf> = HashMap::new();
    for path in example_paths(dir)? {
        match read_example_file(&path, today) {
            Ok(example) => {
                if let Some(first) = seen.get(&example.id) {
                    loaded.problems.push(Problem {
                        path: path.clone(),
                        line: 1,
                        message: format!("duplicate id `{}`: {} has it too", example.id, first.display()),
                    });
                    continue;
                }
                seen.insert(example.id.clone(), path);
                loaded.examples.push(example);
            }
            Err(problems) => loaded.problems.extend(problems),
        }
    }
    loaded.examples.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = jiff::civil::date(2026, 11, 22);

    fn file(front_extra: &str) -> String {
        format!(
            "+++\nid = \"ex\"\ntitle = \"T\"\nsummary = \"S\"\nunit = \"U\"\norganisation = \"O\"\n\
             area = \"skola\"\nfocus_areas = [\"dialog\"]\nmaturity = \"pilot\"\nyear = 2024\n\
             status = \"published\"\ncreated = 2024-01-01\nupdated = 2024-01-02\n{front_extra}+++\n\nBody\n"
        )
    }

    #[test]
    fn a_valid_file_parses() {
        let e = parse_example("ex.md", file("").as_bytes(), TODAY).unwrap();
        assert_eq!(e.body, "\nBody\n");
    }

    #[test]
    fn a_problem_names_the_line_of_its_field() {
        let text = file("").replace("maturity = \"pilot\"", "maturity = \"klar\"");
        let p = parse_example("ex.md", text.as_bytes(), TODAY).unwrap_err();
        assert_eq!(p[0].line, 9);
        assert_eq!(p[0].to_string().split(':').next(), Some("ex.md"));
    }

    #[test]
    fn broken_toml_names_its_line() {
        let text = file("tags = [\"a\"\n");
        let p = parse_example("ex.md", text.as_bytes(), TODAY).unwrap_err();
        assert!(p[0].message.starts_with("the front matter is not valid TOML"), "{}", p[0].message);
        assert!(p[0].line >= 14, "{}", p[0].line);
    }

    #[test]
    fn an_id_different_from_the_file_name_is_rejected() {
        let p = parse_example("other.md", file("").as_bytes(), TODAY).unwrap_err();
        assert_eq!(p[0].line, 2);
        assert!(p[0].message.contains("differs from the file name"));
    }

    #[test]
    fn non_utf8_is_reported_at_its_line() {
        let mut bytes = file("").into_bytes();
        bytes.extend_from_slice(b"\nmore\n\xff\xfe\n");
        let p = parse_example("ex.md", &bytes, TODAY).unwrap_err();
        assert!(p[0].message.contains("UTF-8"));
        assert_eq!(p[0].line, 19);
    }
}
