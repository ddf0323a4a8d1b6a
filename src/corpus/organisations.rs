//! The organisers' list of the city's administrations and companies (`organisationer.toml` in
//! the corpus): the vocabulary of the field `organisation`, with the dates merged
//! administrations existed. A corpus without the file gets the built-in list.
//!
//! ```toml
//! [[organisation]]
//! name = "Järva stadsdelsförvaltning"
//! from = 2023-07-01
//! note = "bildades av Rinkeby-Kista och Spånga-Tensta stadsdelsförvaltningar"
//! ```
//!
//! The editing page shows the list one organisation a line: `namn`, then optionally
//! `; från ÅÅÅÅ-MM-DD`, `; till ÅÅÅÅ-MM-DD` and `; anteckning` ([`to_lines`], [`from_lines`]).

use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use super::frontmatter::line_at;
use super::{MAX_NAME_CHARS, Problem};
use crate::model::{Organisation, Organisations};

/// The file in the corpus.
pub const ORGANISATIONS_FILE: &str = "organisationer.toml";
/// The most organisations the list may have.
pub const MAX_ORGANISATIONS: usize = 500;
/// The longest note.
const MAX_NOTE_CHARS: usize = 200;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrganisation {
    name: toml::Spanned<String>,
    from: Option<toml::value::Datetime>,
    until: Option<toml::value::Datetime>,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    organisation: Vec<RawOrganisation>,
}

fn date_of(value: Option<toml::value::Datetime>) -> Result<Option<Date>, String> {
    let Some(value) = value else {
        return Ok(None);
    };
    match (value.date, value.time) {
        (Some(d), None) => Date::new(d.year as i16, d.month as i8, d.day as i8)
            .map(Some)
            .map_err(|_| format!("{value} är inget datum")),
        _ => Err(format!("{value}: skriv bara ett datum, ÅÅÅÅ-MM-DD")),
    }
}

/// What is wrong with one organisation (its name, dates and note), if anything.
fn entry_problem(o: &Organisation) -> Option<String> {
    let name = o.name.trim();
    if name.is_empty() {
        return Some("namnet får inte vara tomt".into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Some(format!("namnet är längre än {MAX_NAME_CHARS} tecken"));
    }
    if name.chars().any(|c| c.is_control() || c == ';') {
        return Some(format!(
            "\"{name}\" får inte innehålla semikolon eller radbrytningar"
        ));
    }
    if o.note.chars().count() > MAX_NOTE_CHARS || o.note.chars().any(|c| c.is_control() || c == ';')
    {
        return Some(format!(
            "anteckningen får ha högst {MAX_NOTE_CHARS} tecken, på en rad och utan semikolon"
        ));
    }
    if o.note.starts_with("från ") || o.note.starts_with("till ") {
        return Some(
            "en anteckning får inte börja med ”från ” eller ”till ” (det läses som datum)".into(),
        );
    }
    if let (Some(from), Some(until)) = (o.from, o.until)
        && until < from
    {
        return Some(format!("{name}: till-datumet är före från-datumet"));
    }
    None
}

/// Every problem of a whole list: too many, and names given twice (compared without case).
fn list_problems(list: &[Organisation]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    if list.len() > MAX_ORGANISATIONS {
        out.push((
            0,
            format!("högst {MAX_ORGANISATIONS} organisationer får finnas"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, o) in list.iter().enumerate() {
        if !seen.insert(o.name.trim().to_lowercase()) {
            out.push((i, format!("{} står redan i listan", o.name.trim())));
        }
    }
    out
}

/// Reads the list from the text of `organisationer.toml`; every problem with its line.
pub fn parse_organisations(path: &Path, text: &str) -> Result<Organisations, Vec<Problem>> {
    let problem = |offset: usize, message: String| Problem {
        path: path.to_owned(),
        line: line_at(text, offset, 1),
        message,
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        vec![problem(
            e.span().map_or(0, |s| s.start),
            format!("kan inte läsas som TOML: {}", e.message()),
        )]
    })?;
    let mut problems = Vec::new();
    let mut list = Vec::new();
    let mut offsets = Vec::new();
    for r in raw.organisation {
        let offset = r.name.span().start;
        let dates = (date_of(r.from), date_of(r.until));
        let (from, until) = match dates {
            (Ok(f), Ok(u)) => (f, u),
            (Err(m), _) | (_, Err(m)) => {
                problems.push(problem(offset, m));
                continue;
            }
        };
        let o = Organisation {
            name: r.name.into_inner().trim().to_owned(),
            from,
            until,
            note: r.note.trim().to_owned(),
        };
        match entry_problem(&o) {
            Some(m) => problems.push(problem(offset, m)),
            None => {
                offsets.push(offset);
                list.push(o);
            }
        }
    }
    for (i, m) in list_problems(&list) {
        problems.push(problem(offsets.get(i).copied().unwrap_or(0), m));
    }
    if problems.is_empty() {
        Ok(Organisations::new(list))
    } else {
        Err(problems)
    }
}

/// The corpus's list: its `organisationer.toml`, or the built-in list when it has none.
pub fn read_organisations(corpus: &Path) -> Result<Organisations, Vec<Problem>> {
    super::edited::read_list_file(
        corpus,
        ORGANISATIONS_FILE,
        parse_organisations,
        Organisations::builtin,
    )
}

fn quoted(text: &str) -> String {
    // Names and notes are one line without control characters: only quotes and backslashes
    // need escaping.
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The file text of a list, with a header explaining it.
pub fn organisations_to_toml(list: &Organisations) -> String {
    let mut out = String::from(
        "# Stadens förvaltningar och bolag: valen i fältet \"Förvaltning eller bolag\".\n\
         # Redigeras på /admin/organisationer. \"from\" och \"until\": första och sista dagen\n\
         # organisationen fanns (exempel från andra år får en varning i goda check).\n",
    );
    for o in list.all() {
        out.push_str(&format!("\n[[organisation]]\nname = {}\n", quoted(&o.name)));
        if let Some(from) = o.from {
            out.push_str(&format!("from = {from}\n"));
        }
        if let Some(until) = o.until {
            out.push_str(&format!("until = {until}\n"));
        }
        if !o.note.is_empty() {
            out.push_str(&format!("note = {}\n", quoted(&o.note)));
        }
    }
    out
}

/// The list as the editing form shows it, one organisation a line.
pub fn to_lines(list: &Organisations) -> String {
    let mut out = String::new();
    for o in list.all() {
        out.push_str(&o.name);
        if let Some(from) = o.from {
            out.push_str(&format!("; från {from}"));
        }
        if let Some(until) = o.until {
            out.push_str(&format!("; till {until}"));
        }
        if !o.note.is_empty() {
            out.push_str(&format!("; {}", o.note));
        }
        out.push('\n');
    }
    out
}

/// The list from the editing form's text, or every wrong line (1-based) with its message.
pub fn from_lines(text: &str) -> Result<Organisations, Vec<(usize, String)>> {
    let mut list = Vec::new();
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut parts = line.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default().to_owned();
        let mut o = Organisation {
            name,
            from: None,
            until: None,
            note: String::new(),
        };
        let mut bad = None;
        for part in parts {
            let date = |rest: &str| {
                rest.trim()
                    .parse::<Date>()
                    .map_err(|_| format!("\"{}\" är inget datum; skriv ÅÅÅÅ-MM-DD", rest.trim()))
            };
            if let Some(rest) = part.strip_prefix("från ") {
                match date(rest) {
                    Ok(d) => o.from = Some(d),
                    Err(m) => bad = Some(m),
                }
            } else if let Some(rest) = part.strip_prefix("till ") {
                match date(rest) {
                    Ok(d) => o.until = Some(d),
                    Err(m) => bad = Some(m),
                }
            } else if o.note.is_empty() {
                o.note = part.to_owned();
            } else {
                bad = Some("högst en anteckning per rad".into());
            }
        }
        match bad.or_else(|| entry_problem(&o)) {
            Some(m) => problems.push((n, m)),
            None => {
                lines.push(n);
                list.push(o);
            }
        }
    }
    for (i, m) in list_problems(&list) {
        problems.push((lines.get(i).copied().unwrap_or(1), m));
    }
    if problems.is_empty() {
        Ok(Organisations::new(list))
    } else {
        problems.sort();
        Err(problems)
    }
}

/// The list of organisations as an edited file of the corpus.
pub struct OrganisationFile;

impl super::ListFile for OrganisationFile {
    type List = Organisations;
    const FILE: &'static str = ORGANISATIONS_FILE;
    const HISTORY: &'static str = "organisationer.jsonl";

    fn read(corpus: &Path) -> Result<Organisations, Vec<Problem>> {
        read_organisations(corpus)
    }

    fn to_file(list: &Organisations) -> String {
        organisations_to_toml(list)
    }

    fn lines(list: &Organisations) -> Vec<String> {
        to_lines(list).lines().map(str::to_owned).collect()
    }
}

/// The list of organisations of one corpus, as organisers edit it.
pub type OrganisationStore = super::EditedList<OrganisationFile>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_list_goes_to_the_file_and_back_and_to_lines_and_back() {
        let list = Organisations::builtin();
        let text = organisations_to_toml(&list);
        assert_eq!(
            parse_organisations(Path::new("o.toml"), &text),
            Ok(list.clone())
        );
        assert_eq!(from_lines(&to_lines(&list)), Ok(list));
    }

    #[test]
    fn every_wrong_entry_is_named_with_its_line() {
        let text = "[[organisation]]\nname = \"A\"\n\n[[organisation]]\nname = \"a\"\n\n\
                    [[organisation]]\nname = \"B\"\nfrom = 2023-07-01\nuntil = 2020-01-01\n\n\
                    [[organisation]]\nname = \"\"\n";
        let problems = parse_organisations(Path::new("o.toml"), text).unwrap_err();
        let lines: Vec<(usize, &str)> = problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert!(lines.contains(&(5, "a står redan i listan")), "{lines:?}");
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == 8 && m.contains("före från-datumet")),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|(l, m)| *l == 13 && m.contains("tomt")),
            "{lines:?}"
        );
        let unknown = parse_organisations(Path::new("o.toml"), "[[organisation]]\nnamn = \"A\"\n");
        assert!(unknown.unwrap_err()[0].message.contains("TOML"));
    }

    #[test]
    fn lines_name_their_errors() {
        let text = "Bromma stadsdelsförvaltning\nJärva; från 2023-13-01\n\nX; a; b\nbromma stadsdelsförvaltning\n";
        let problems = from_lines(text).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(problems[0].0, 2);
        assert!(problems[0].1.contains("inget datum"));
        assert_eq!(problems[1], (4, "högst en anteckning per rad".into()));
        assert_eq!(problems[2].0, 5);
        let ok = from_lines("Ny förvaltning; från 2027-01-01; bildades av två\n").unwrap();
        assert_eq!(ok.all()[0].note, "bildades av två");
        assert_eq!(
            ok.out_of_time("ny förvaltning", 2026)
                .map(|m| m.contains("bildades av två")),
            Some(true)
        );
    }
}
