//! Importing examples from JSON Lines: one JSON object per line with the corpus field names
//! plus `body`.

use std::collections::HashSet;
use std::path::Path;

use serde_json::Value as Json;
use toml::Value;

use super::{CorpusError, Defaults, FieldError, WriteMode, validate, write_example};
use crate::model::{Example, ExampleId};

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// The examples written to the corpus, in input order.
    pub written: Vec<Example>,
    /// The rejected lines: 1-based line number and every reason.
    pub rejected: Vec<(usize, Vec<FieldError>)>,
}

pub(crate) fn to_toml(json: Json) -> Option<Value> {
    Some(match json {
        Json::Null => return None,
        Json::Bool(b) => Value::Boolean(b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => Value::String(s),
        Json::Array(items) => Value::Array(items.into_iter().filter_map(to_toml).collect()),
        Json::Object(map) => Value::Table(
            map.into_iter()
                .filter_map(|(k, v)| Some((k, to_toml(v)?)))
                .collect(),
        ),
    })
}

/// A JSON object as TOML fields (nulls dropped); `None` when `json` is not an object.
pub fn json_to_table(json: Json) -> Option<toml::Table> {
    match to_toml(json)? {
        Value::Table(t) => Some(t),
        _ => None,
    }
}

/// Parses one JSON line into an example, or says why it cannot be one.
fn parse_line(line: &[u8], defaults: &Defaults) -> Result<Example, Vec<FieldError>> {
    let one = |m: String| vec![FieldError::new("line", m)];
    let text = std::str::from_utf8(line).map_err(|_| one("raden är inte UTF-8".into()))?;
    let json: Json =
        serde_json::from_str(text).map_err(|e| one(format!("inte giltig JSON: {e}")))?;
    let Json::Object(mut map) = json else {
        return Err(one(
            "varje rad ska vara ett JSON-objekt med exemplets fält".into()
        ));
    };
    let body = match map.remove("body") {
        Some(Json::String(b)) => b,
        None | Some(Json::Null) => String::new(),
        Some(_) => {
            return Err(vec![FieldError::new(
                "body",
                "`body` ska vara en text i Markdown",
            )]);
        }
    };
    let Some(Value::Table(fields)) = to_toml(Json::Object(map)) else {
        unreachable!("an object converts to a table")
    };
    validate(&fields, &body, defaults)
}

/// Imports every line of `input` into the corpus `dir`.
///
/// Each valid line is written atomically as `{id}.md`; a line whose id already exists in the
/// corpus is rejected unless `mode` is [`WriteMode::Replace`], and an id repeated within the
/// input is rejected on its second line. Blank lines are skipped. Only an I/O failure while
/// writing is an `Err`; everything wrong with a line is in [`ImportReport::rejected`].
pub fn import_jsonl(
    input: &[u8],
    dir: &Path,
    mode: WriteMode,
    defaults: &Defaults,
) -> Result<ImportReport, CorpusError> {
    let mut report = ImportReport::default();
    let mut seen: HashSet<ExampleId> = HashSet::new();
    for (i, line) in input.split(|b| *b == b'\n').enumerate() {
        let line_no = i + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let example = match parse_line(line, defaults) {
            Ok(e) => e,
            Err(errors) => {
                report.rejected.push((line_no, errors));
                continue;
            }
        };
        if !seen.insert(example.id.clone()) {
            let msg = format!("id `{}` står redan på en tidigare rad i filen", example.id);
            report
                .rejected
                .push((line_no, vec![FieldError::new("id", msg)]));
            continue;
        }
        match write_example(dir, &example, mode) {
            Ok(_) => report.written.push(example),
            Err(CorpusError::Exists { .. }) => {
                let msg = format!(
                    "id `{}` finns redan i exempelsamlingen; ange --replace för att skriva över det",
                    example.id
                );
                report
                    .rejected
                    .push((line_no, vec![FieldError::new("id", msg)]));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"id":"ny","title":"Nytt","summary":"S","unit":"U","organisation":"O","area":"skola","focus_areas":["dialog"],"maturity":"pilot","year":2025,"contact_email":null,"body":"Text"}"#;

    fn defaults() -> Defaults {
        Defaults {
            today: jiff::civil::date(2026, 11, 22),
            fill_workflow: true,
            organisations: None,
        }
    }

    #[test]
    fn valid_lines_are_written_and_bad_ones_reported_by_line_number() {
        let dir = tempfile::tempdir().unwrap();
        let input = format!(
            "{LINE}\n\nnot json\n{}\n",
            LINE.replace("\"ny\"", "\"ny-2\"")
                .replace("\"skola\"", "\"okand\"")
        );
        let report = import_jsonl(
            input.as_bytes(),
            dir.path(),
            WriteMode::CreateNew,
            &defaults(),
        )
        .unwrap();
        assert_eq!(report.written.len(), 1);
        assert_eq!(report.written[0].created, defaults().today);
        let lines: Vec<usize> = report.rejected.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![3, 4]);
        assert_eq!(report.rejected[1].1[0].field, "area");
    }

    #[test]
    fn an_existing_id_is_kept_unless_replace_is_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        import_jsonl(
            LINE.as_bytes(),
            dir.path(),
            WriteMode::CreateNew,
            &defaults(),
        )
        .unwrap();
        let again = import_jsonl(
            LINE.as_bytes(),
            dir.path(),
            WriteMode::CreateNew,
            &defaults(),
        )
        .unwrap();
        assert!(again.rejected[0].1[0].message.contains("finns redan"));
        let replaced =
            import_jsonl(LINE.as_bytes(), dir.path(), WriteMode::Replace, &defaults()).unwrap();
        assert_eq!(replaced.written.len(), 1);
    }
}
