//! Award history: one TOML file per award in `{corpus}/utmarkelser/{slug}.toml`, with the
//! award's name, a description and what it gave each year:
//!
//! ```toml
//! name = "Kvalitetsutmärkelsen"
//! description = "Stadens utmärkelse för systematiskt kvalitetsarbete."
//!
//! [[given]]
//! year = 2024
//! category = "Förskola"
//! result = "vinnare"
//! examples = ["digital-inskolning-forskolan-tradkojan-hagersten"]
//! ```
//!
//! Organisers edit them on a page; a save is refused when the file changed since the form was
//! opened, and written atomically.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use jiff::civil::Date;
use toml::{Table, Value};

use crate::corpus::{CorpusError, FieldError, Problem, WriteMode, write_atomically};
use crate::model::{Award, AwardGiven, AwardResult, ExampleId, Vocabulary};

/// The folder of awards inside the corpus.
pub const AWARD_DIR: &str = "utmarkelser";
/// The longest award name, in characters.
pub const MAX_AWARD_NAME_CHARS: usize = 120;
/// The longest description, in characters.
pub const MAX_AWARD_DESCRIPTION_CHARS: usize = 600;
/// The longest category, in characters.
pub const MAX_CATEGORY_CHARS: usize = 120;
/// The most results one award file may hold.
pub const MAX_GIVEN: usize = 500;
/// The most examples one result may name.
pub const MAX_EXAMPLES_PER_RESULT: usize = 20;

/// One result as typed in the form or read from a file, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GivenDraft {
    pub year: String,
    pub category: String,
    pub result: String,
    /// Example ids, separated by commas, spaces or lines.
    pub examples: String,
}

/// An award as typed, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwardDraft {
    pub name: String,
    pub description: String,
    pub given: Vec<GivenDraft>,
}

impl AwardDraft {
    /// The draft of a stored award (to fill the form).
    pub fn of(award: &Award) -> Self {
        Self {
            name: award.name.clone(),
            description: award.description.clone(),
            given: award
                .given
                .iter()
                .map(|g| GivenDraft {
                    year: g.year.to_string(),
                    category: g.category.clone(),
                    result: g.result.slug().to_owned(),
                    examples: g
                        .examples
                        .iter()
                        .map(ExampleId::as_str)
                        .collect::<Vec<_>>()
                        .join("\n"),
                })
                .collect(),
        }
    }

    /// Checks the draft: a name, results with a year no later than `today`'s, a known
    /// result and examples that exist (`known`). Rows left wholly empty are dropped.
    ///
    /// On `Err` every problem names its field: `name`, `description`, or `given.{i}.year`
    /// (and `category`, `result`, `examples`) with `i` counted from 0 over the rows as sent.
    pub fn check(
        &self,
        slug: &ExampleId,
        today: Date,
        known: &dyn Fn(&ExampleId) -> bool,
    ) -> Result<Award, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(FieldError::new("name", "utmärkelsens namn saknas"));
        } else if name.chars().count() > MAX_AWARD_NAME_CHARS {
            errors.push(FieldError::new(
                "name",
                format!("namnet är längre än {MAX_AWARD_NAME_CHARS} tecken"),
            ));
        }
        let description = self.description.trim();
        if description.chars().count() > MAX_AWARD_DESCRIPTION_CHARS {
            errors.push(FieldError::new(
                "description",
                format!("beskrivningen är längre än {MAX_AWARD_DESCRIPTION_CHARS} tecken"),
            ));
        }
        let rows: Vec<(usize, &GivenDraft)> = self
            .given
            .iter()
            .enumerate()
            .filter(|(_, g)| **g != GivenDraft::default() && !g.is_blank())
            .collect();
        if rows.len() > MAX_GIVEN {
            errors.push(FieldError::new(
                "given",
                format!("högst {MAX_GIVEN} resultat får finnas i en utmärkelse"),
            ));
        }
        let mut given = Vec::new();
        for (i, g) in rows {
            let field = |f: &str| format!("given.{i}.{f}");
            let year = match g.year.trim().parse::<i16>() {
                Ok(y) if y < 2000 => {
                    errors.push(FieldError::new(
                        &field("year"),
                        format!("{y} är för tidigt; år från 2000 är tillåtna"),
                    ));
                    None
                }
                Ok(y) if y > today.year() => {
                    errors.push(FieldError::new(
                        &field("year"),
                        format!(
                            "{y} ligger i framtiden; ange ett år som har varit, senast {}",
                            today.year()
                        ),
                    ));
                    None
                }
                Ok(y) => Some(y),
                Err(_) => {
                    errors.push(FieldError::new(
                        &field("year"),
                        format!("\"{}\" är inget år; skriv till exempel 2024", g.year.trim()),
                    ));
                    None
                }
            };
            let category = g.category.trim().to_owned();
            if category.chars().count() > MAX_CATEGORY_CHARS {
                errors.push(FieldError::new(
                    &field("category"),
                    format!("kategorin är längre än {MAX_CATEGORY_CHARS} tecken"),
                ));
            }
            let result = AwardResult::parse(g.result.trim());
            if result.is_none() {
                errors.push(FieldError::new(
                    &field("result"),
                    format!(
                        "okänt resultat \"{}\"; tillåtet: {}",
                        g.result.trim(),
                        AwardResult::allowed()
                    ),
                ));
            }
            let mut examples = Vec::new();
            for word in g
                .examples
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|w| !w.is_empty())
            {
                match ExampleId::parse(word) {
                    Ok(id) if known(&id) => {
                        if !examples.contains(&id) {
                            examples.push(id);
                        }
                    }
                    _ => errors.push(FieldError::new(
                        &field("examples"),
                        format!("det finns inget exempel med id \"{word}\""),
                    )),
                }
            }
            if examples.is_empty() && !errors.iter().any(|e| e.field == field("examples")) {
                errors.push(FieldError::new(
                    &field("examples"),
                    "ange minst ett exempel (dess id, som i adressen /exempel/…)",
                ));
            }
            if examples.len() > MAX_EXAMPLES_PER_RESULT {
                errors.push(FieldError::new(
                    &field("examples"),
                    format!("högst {MAX_EXAMPLES_PER_RESULT} exempel per resultat"),
                ));
            }
            if let (Some(year), Some(result)) = (year, result) {
                given.push(AwardGiven {
                    year,
                    category,
                    result,
                    examples,
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        given.sort_by(|a, b| {
            (b.year, a.result.ordinal(), &a.category).cmp(&(
                a.year,
                b.result.ordinal(),
                &b.category,
            ))
        });
        Ok(Award {
            slug: slug.clone(),
            name: name.to_owned(),
            description: description.to_owned(),
            given,
        })
    }
}

impl GivenDraft {
    fn is_blank(&self) -> bool {
        self.year.trim().is_empty()
            && self.category.trim().is_empty()
            && self.examples.trim().is_empty()
    }
}

/// The file text of `award`.
pub fn to_toml(award: &Award) -> String {
    let mut t = Table::new();
    t.insert("name".into(), Value::String(award.name.clone()));
    if !award.description.is_empty() {
        t.insert(
            "description".into(),
            Value::String(award.description.clone()),
        );
    }
    let given: Vec<Value> = award
        .given
        .iter()
        .map(|g| {
            let mut row = Table::new();
            row.insert("year".into(), Value::Integer(i64::from(g.year)));
            if !g.category.is_empty() {
                row.insert("category".into(), Value::String(g.category.clone()));
            }
            row.insert("result".into(), Value::String(g.result.slug().into()));
            row.insert(
                "examples".into(),
                Value::Array(
                    g.examples
                        .iter()
                        .map(|e| Value::String(e.to_string()))
                        .collect(),
                ),
            );
            Value::Table(row)
        })
        .collect();
    t.insert("given".into(), Value::Array(given));
    toml::to_string(&t).expect("an award serialises")
}

/// Reads an award file's text into a draft; a problem that stops reading names its line.
fn read_draft(path: &Path, text: &str) -> Result<AwardDraft, Vec<Problem>> {
    let problem = |line: usize, message: String| Problem {
        path: path.to_owned(),
        line,
        message,
    };
    let table: Table = crate::corpus::toml_table(path, text).map_err(|p| vec![p])?;
    let mut problems = Vec::new();
    for key in table.keys() {
        if !["name", "description", "given"].contains(&key.as_str()) {
            problems.push(problem(
                crate::corpus::key_line(text, key),
                format!("okänt fält `{key}`; tillåtna fält: name, description, given"),
            ));
        }
    }
    let string = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Integer(i)) => i.to_string(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join("\n"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let mut draft = AwardDraft {
        name: string(table.get("name")),
        description: string(table.get("description")),
        given: Vec::new(),
    };
    if let Some(given) = table.get("given") {
        let Some(rows) = given.as_array() else {
            return Err(vec![problem(
                crate::corpus::key_line(text, "given"),
                "`given` ska vara en lista av [[given]]-tabeller".into(),
            )]);
        };
        for row in rows {
            let Some(row) = row.as_table() else {
                problems.push(problem(1, "varje `given` ska vara en tabell".into()));
                continue;
            };
            for key in row.keys() {
                if !["year", "category", "result", "examples"].contains(&key.as_str()) {
                    problems.push(problem(
                        crate::corpus::key_line(text, key),
                        format!("okänt fält `{key}` i [[given]]; tillåtna fält: year, category, result, examples"),
                    ));
                }
            }
            draft.given.push(GivenDraft {
                year: string(row.get("year")),
                category: string(row.get("category")),
                result: string(row.get("result")),
                examples: string(row.get("examples")),
            });
        }
    }
    if problems.is_empty() {
        Ok(draft)
    } else {
        Err(problems)
    }
}

/// The line of the `i`th `[[given]]` table's key `key` (or of the table's header).
fn given_line(text: &str, i: usize, key: &str) -> usize {
    let mut starts = text.match_indices("[[given]]").map(|(at, _)| at);
    let Some(start) = starts.nth(i) else {
        return 1;
    };
    let section = &text[start..];
    let end = section[9..].find("[[").map_or(section.len(), |e| e + 9);
    let within = &section[..end];
    let offset = within
        .match_indices(key)
        .find(|(at, _)| within[at + key.len()..].trim_start().starts_with('='))
        .map_or(0, |(at, _)| at);
    crate::corpus::line_of(text, start + offset)
}

/// Every award of a corpus, and the files that could not be read or break a rule.
#[derive(Debug, Default)]
pub struct LoadedAwards {
    pub awards: Vec<Award>,
    pub problems: Vec<Problem>,
}

/// The corpus's awards as a store.
#[derive(Debug)]
pub struct Awards {
    corpus: PathBuf,
    writing: Mutex<()>,
}

/// Why an award was not saved.
#[derive(Debug, thiserror::Error)]
pub enum AwardError {
    #[error("{} fields are not valid", .0.len())]
    Invalid(Vec<FieldError>),
    /// Someone saved the award since the form was opened; nothing was written.
    #[error("the award was changed since it was opened")]
    Conflict { revision: String },
    /// An award with this slug exists already (when creating).
    #[error("an award with this name exists")]
    Exists,
    #[error(transparent)]
    Corpus(#[from] CorpusError),
}

impl Awards {
    pub fn new(corpus: impl Into<PathBuf>) -> Self {
        Self {
            corpus: corpus.into(),
            writing: Mutex::new(()),
        }
    }

    fn dir(&self) -> PathBuf {
        self.corpus.join(AWARD_DIR)
    }

    /// Reads every award, checking it against the examples that exist (`known`) and
    /// `today`; problems carry the file and line.
    pub fn load(&self, known: &dyn Fn(&ExampleId) -> bool, today: Date) -> LoadedAwards {
        let mut out = LoadedAwards::default();
        let Ok(files) = std::fs::read_dir(self.dir()) else {
            return out;
        };
        let mut files: Vec<PathBuf> = files.flatten().map(|e| e.path()).collect();
        files.sort();
        for path in files {
            let Some(stem) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".toml"))
            else {
                continue;
            };
            if stem.starts_with('.') {
                continue;
            }
            let problem = |line, message: String| Problem {
                path: path.clone(),
                line,
                message,
            };
            let Ok(slug) = ExampleId::parse(stem) else {
                out.problems.push(problem(
                    1,
                    "filens namn ska vara ett kort namn med a–z, 0–9 och bindestreck".into(),
                ));
                continue;
            };
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    out.problems
                        .push(problem(1, format!("kan inte läsas: {e}")));
                    continue;
                }
            };
            match read_draft(&path, &text).map(|d| d.check(&slug, today, known)) {
                Err(problems) => out.problems.extend(problems),
                Ok(Ok(award)) => out.awards.push(award),
                Ok(Err(errors)) => out.problems.extend(errors.into_iter().map(|e| {
                    let line = match e.field.split('.').collect::<Vec<_>>()[..] {
                        ["given", i, key] => given_line(&text, i.parse().unwrap_or(0), key),
                        _ => crate::corpus::key_line(&text, &e.field),
                    };
                    problem(line, e.message)
                })),
            }
        }
        out
    }

    /// The award `slug` as stored, unchecked against the examples, with its revision.
    pub fn get(&self, slug: &ExampleId) -> Option<(AwardDraft, String)> {
        let path = self.dir().join(format!("{slug}.toml"));
        let text = std::fs::read_to_string(&path).ok()?;
        let draft = read_draft(&path, &text).ok()?;
        Some((draft, crate::corpus::revision(text.as_bytes())))
    }

    /// Saves `draft` as award `slug`, checked against `known` examples. `expected`: the
    /// revision the form was opened on (`None`: a new award, refused when one exists).
    pub fn save(
        &self,
        slug: &ExampleId,
        draft: &AwardDraft,
        expected: Option<&str>,
        (today, known): (Date, &dyn Fn(&ExampleId) -> bool),
    ) -> Result<Award, AwardError> {
        let award = draft
            .check(slug, today, known)
            .map_err(AwardError::Invalid)?;
        let _writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let dir = self.dir();
        let name = format!("{slug}.toml");
        let current = std::fs::read(dir.join(&name))
            .ok()
            .map(|b| crate::corpus::revision(&b));
        match (expected, current) {
            (None, Some(_)) => return Err(AwardError::Exists),
            (Some(e), Some(c)) if e != c => return Err(AwardError::Conflict { revision: c }),
            (Some(_), None) => {
                return Err(AwardError::Conflict {
                    revision: String::new(),
                });
            }
            _ => {}
        }
        std::fs::create_dir_all(&dir).map_err(|source| CorpusError::Write {
            path: dir.clone(),
            source,
        })?;
        let mode = if expected.is_some() {
            WriteMode::Replace
        } else {
            WriteMode::CreateNew
        };
        write_atomically(&dir, &name, to_toml(&award).as_bytes(), mode).map_err(|e| match e {
            CorpusError::Exists { .. } => AwardError::Exists,
            e => AwardError::Corpus(e),
        })?;
        Ok(award)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = jiff::civil::date(2026, 12, 2);

    /// The examples that exist in these tests.
    fn known(id: &ExampleId) -> bool {
        ["a-1", "b-2"].contains(&id.as_str())
    }

    fn row(year: &str, result: &str, examples: &str) -> GivenDraft {
        GivenDraft {
            year: year.into(),
            category: "Skola".into(),
            result: result.into(),
            examples: examples.into(),
        }
    }

    #[test]
    fn every_bad_row_names_its_field() {
        let draft = AwardDraft {
            name: " ".into(),
            description: String::new(),
            given: vec![
                row("2027", "vinnare", "a-1"),
                row("2024", "segrare", "a-1"),
                row("2024", "finalist", "okand"),
                GivenDraft::default(),
                row("tjugo", "finalist", ""),
            ],
        };
        let slug = ExampleId::parse("pris").unwrap();
        let errors = draft.check(&slug, TODAY, &known).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "given.0.year",
                "given.1.result",
                "given.2.examples",
                "given.4.year",
                "given.4.examples"
            ]
        );
        assert!(errors[1].message.contains("framtiden"));
    }

    #[test]
    fn an_award_round_trips_and_a_stale_save_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Awards::new(dir.path());
        let slug = ExampleId::parse("pris").unwrap();
        let draft = AwardDraft {
            name: "Priset".into(),
            description: "För gott arbete.".into(),
            given: vec![
                row("2023", "finalist", "b-2"),
                row("2024", "vinnare", "a-1, b-2"),
            ],
        };
        let ctx: (Date, &dyn Fn(&ExampleId) -> bool) = (TODAY, &known);
        let saved = store.save(&slug, &draft, None, ctx).unwrap();
        assert_eq!(saved.given[0].year, 2024, "newest first");
        assert!(matches!(
            store.save(&slug, &draft, None, ctx),
            Err(AwardError::Exists)
        ));
        let (read, revision) = store.get(&slug).unwrap();
        assert_eq!(read.check(&slug, TODAY, &known).unwrap(), saved);
        store.save(&slug, &read, Some(&revision), ctx).unwrap();
        let mut again = read.clone();
        again.name = "Nytt namn".into();
        // Saved in between (same content rewritten): the file is the same, so the revision is.
        assert!(store.save(&slug, &again, Some("0000"), ctx).is_err());
        let loaded = store.load(&known, TODAY);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.awards.len(), 1);
    }

    #[test]
    fn a_file_naming_an_unknown_example_is_reported_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(AWARD_DIR)).unwrap();
        std::fs::write(
            dir.path().join(AWARD_DIR).join("pris.toml"),
            "name = \"Priset\"\n\n[[given]]\nyear = 2024\nresult = \"vinnare\"\nexamples = [\"a-1\"]\n\n\
             [[given]]\nyear = 2025\nresult = \"vinnare\"\nexamples = [\"finns-inte\"]\n",
        )
        .unwrap();
        let loaded = Awards::new(dir.path()).load(&known, TODAY);
        assert_eq!(loaded.problems.len(), 1);
        assert_eq!(loaded.problems[0].line, 11, "{:?}", loaded.problems);
    }
}
