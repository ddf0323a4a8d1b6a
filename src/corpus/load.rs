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
    /// What is doubtful in valid files (an organisation that did not exist in the example's
    /// year): they are published, and `goda check` names them.
    pub warnings: Vec<Problem>,
}

/// A parsed file whose id has not yet been compared with its file name.
struct Parsed {
    example: Example,
    id_line: usize,
    organisation_line: usize,
}

fn parse_unchecked(path: &Path, bytes: &[u8], today: Date) -> Result<Parsed, Vec<Problem>> {
    let problem = |line: usize, message: String| Problem {
        path: path.to_owned(),
        line,
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        vec![problem(
            line,
            "filen är inte UTF-8; spara den som UTF-8-text".to_owned(),
        )]
    })?;
    let split = split_front_matter(text).map_err(|(line, msg)| vec![problem(line, msg)])?;
    let table: toml::Table = toml::from_str(split.front).map_err(|e| {
        let line = e.span().map_or(split.front_line, |s| {
            line_at(split.front, s.start, split.front_line)
        });
        vec![problem(
            line,
            format!(
                "fälten överst i filen är inte giltig TOML: {}",
                e.message().trim_end()
            ),
        )]
    })?;
    let defaults = Defaults {
        today,
        fill_workflow: false,
        organisations: None,
    };
    let line_of = |field: &str| -> usize {
        if field == "body" {
            return line_at(text, text.len() - split.body.len(), 1);
        }
        line_of_key(split.front, split.front_line, field).unwrap_or(1)
    };
    let example = validate(&table, split.body, &defaults).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| {
                // Name the field unless the message already does.
                let message = if e.message.contains(&format!("`{}`", e.field)) {
                    e.message
                } else {
                    format!("`{}`: {}", e.field, e.message)
                };
                problem(line_of(&e.field), message)
            })
            .collect::<Vec<_>>()
    })?;
    Ok(Parsed {
        example,
        id_line: line_of("id"),
        organisation_line: line_of("organisation"),
    })
}

/// The problem of an id that is not the file's name; `other` is a file that has that name.
fn name_problem(path: &Path, parsed: &Parsed, other: Option<&Path>) -> Option<Problem> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let id = &parsed.example.id;
    if stem == id.as_str() {
        return None;
    }
    let mut message =
        format!("`id` \"{id}\" skiljer sig från filnamnet \"{stem}.md\"; de måste vara lika");
    if let Some(other) = other {
        message.push_str(&format!(
            " (och {} har redan id `{id}`: samma id två gånger)",
            other.display()
        ));
    }
    Some(Problem {
        path: path.to_owned(),
        line: parsed.id_line,
        message,
    })
}

/// Parses one corpus file's bytes. `path` names the file in messages, and its stem must equal
/// the `id`.
///
/// On `Err` returns every problem found, each with its line.
pub fn parse_example(
    path: impl AsRef<Path>,
    bytes: &[u8],
    today: Date,
) -> Result<Example, Vec<Problem>> {
    let path = path.as_ref();
    let parsed = parse_unchecked(path, bytes, today)?;
    match name_problem(path, &parsed, None) {
        Some(p) => Err(vec![p]),
        None => Ok(parsed.example),
    }
}

fn read_capped(path: &Path) -> Result<Vec<u8>, Vec<Problem>> {
    let one = |message: String| {
        vec![Problem {
            path: path.to_owned(),
            line: 1,
            message,
        }]
    };
    let len = std::fs::metadata(path)
        .map_err(|e| one(format!("filen gick inte att läsa: {e}")))?
        .len();
    if len > MAX_FILE_BYTES {
        return Err(one(format!(
            "filen är {len} byte; ett exempels text får vara högst {} KiB ({} byte)",
            crate::model::MAX_BODY_BYTES / 1024,
            crate::model::MAX_BODY_BYTES
        )));
    }
    std::fs::read(path).map_err(|e| one(format!("filen gick inte att läsa: {e}")))
}

/// Reads and parses one corpus file, refusing files over [`MAX_FILE_BYTES`] unread.
pub fn read_example_file(path: &Path, today: Date) -> Result<Example, Vec<Problem>> {
    parse_example(path, &read_capped(path)?, today)
}

/// The example files of `dir` (`*.md`, not hidden, files or links to files), sorted by name.
///
/// On `Err`: the directory cannot be read.
pub fn example_paths(dir: &Path) -> Result<Vec<PathBuf>> {
    Ok(example_files(dir)?.into_iter().map(|(p, _)| p).collect())
}

/// The example files of `dir` with their metadata, sorted by name: what [`example_paths`]
/// lists, read from the directory entries (one `statx` relative to the open directory per
/// file instead of a lookup of the whole path), for callers that need sizes and times.
///
/// On `Err`: the directory or a listed file's metadata cannot be read; a file removed since
/// the listing is left out.
pub fn example_files(dir: &Path) -> Result<Vec<(PathBuf, std::fs::Metadata)>> {
    let read_err = |source| CorpusError::ReadDir {
        path: dir.to_owned(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let entry = entry.map_err(read_err)?;
        let name = entry.file_name();
        let name = name.to_str().unwrap_or_default();
        if !name.ends_with(".md") || name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        // A link is followed; anything else is described by its own entry.
        let meta = match entry.file_type() {
            Ok(t) if t.is_symlink() => std::fs::metadata(&path),
            _ => entry.metadata(),
        };
        let meta = match meta {
            Ok(m) => m,
            // Removed since the listing (or a dangling link): not an example file.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(read_err(e)),
        };
        if meta.is_file() {
            files.push((path, meta));
        }
    }
    // All in one folder: ordering the whole paths as text orders them by name, without
    // splitting each into components for every comparison.
    files.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    Ok(files)
}

/// Loads every example file of `dir`. Invalid files become problems, never errors; only an
/// unreadable directory is an `Err`. A file whose id is another file's name is reported as a
/// duplicate.
pub fn load_dir(dir: &Path, today: Date) -> Result<Loaded> {
    let mut loaded = Loaded::default();
    let mut mismatched: Vec<(PathBuf, Parsed)> = Vec::new();
    let mut by_id: HashMap<ExampleId, PathBuf> = HashMap::new();
    // An invalid list is reported by `goda check`; meanwhile the built-in one judges the years.
    let organisations =
        super::read_organisations(dir).unwrap_or_else(|_| crate::model::Organisations::builtin());
    for path in example_paths(dir)? {
        let parsed = read_capped(&path).and_then(|bytes| parse_unchecked(&path, &bytes, today));
        match parsed {
            Ok(parsed) if name_problem(&path, &parsed, None).is_some() => {
                mismatched.push((path, parsed))
            }
            Ok(parsed) => {
                let e = &parsed.example;
                if let Some(why) = organisations.out_of_time(&e.organisation, e.year) {
                    loaded.warnings.push(Problem {
                        path: path.clone(),
                        line: parsed.organisation_line,
                        message: format!("varning: `organisation`: {why}"),
                    });
                }
                by_id.insert(parsed.example.id.clone(), path);
                loaded.examples.push(parsed.example);
            }
            Err(problems) => loaded.problems.extend(problems),
        }
    }
    for (path, parsed) in mismatched {
        let other = by_id.get(&parsed.example.id).map(PathBuf::as_path);
        loaded.problems.extend(name_problem(&path, &parsed, other));
    }
    loaded
        .problems
        .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
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
        assert!(
            p[0].message
                .starts_with("fälten överst i filen är inte giltig TOML"),
            "{}",
            p[0].message
        );
        assert!(p[0].line >= 14, "{}", p[0].line);
    }

    #[test]
    fn an_id_different_from_the_file_name_is_rejected() {
        let p = parse_example("other.md", file("").as_bytes(), TODAY).unwrap_err();
        assert_eq!(p[0].line, 2);
        assert!(p[0].message.contains("skiljer sig från filnamnet"));
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
