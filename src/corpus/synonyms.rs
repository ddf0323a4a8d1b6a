//! The organisers' synonym list, `synonymer.toml` in the corpus: words the city uses for the
//! same thing, which search looks for beside the words a person typed.
//!
//! ```toml
//! # Grupper: varje ord söker också på de andra.
//! [[group]]
//! terms = ["vårdnadshavare", "föräldrar"]
//!
//! # Utvidgningar åt ett håll: "stockholmare" söker också på "invånare", inte tvärtom.
//! [[expand]]
//! from = "stockholmare"
//! to = ["invånare"]
//! ```
//!
//! A term is a word or a few words (a phrase) of letters, digits, spaces and hyphens, at most
//! [`MAX_TERM_CHARS`] characters. [`parse_synonyms`] reports every problem with its line, as
//! `goda check` prints it. The file is optional: without it, the list is empty.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Problem;
use super::frontmatter::line_at;

/// The file's name in the corpus.
pub const SYNONYMS_FILE: &str = "synonymer.toml";
/// The longest term.
pub const MAX_TERM_CHARS: usize = 60;
/// The most terms in one group or expansion.
pub const MAX_TERMS: usize = 20;
/// The most groups and expansions in all.
pub const MAX_ENTRIES: usize = 2_000;

/// A one-way expansion: searching `from` also searches each of `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expansion {
    /// The term typed.
    pub from: String,
    /// The terms also searched.
    pub to: Vec<String>,
}

/// The organisers' synonyms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SynonymList {
    /// Groups of equivalent terms.
    pub groups: Vec<Vec<String>>,
    /// One-way expansions.
    pub expansions: Vec<Expansion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    terms: toml::Spanned<Vec<toml::Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpansion {
    from: toml::Spanned<String>,
    to: toml::Spanned<Vec<toml::Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    group: Vec<RawGroup>,
    #[serde(default)]
    expand: Vec<RawExpansion>,
}

/// What is wrong with one term, if anything.
pub fn term_problem(term: &str) -> Option<String> {
    let trimmed = term.trim();
    if trimmed.is_empty() {
        return Some("ett ord får inte vara tomt".into());
    }
    if trimmed.chars().count() > MAX_TERM_CHARS {
        return Some(format!(
            "\"{trimmed}\" är längre än {MAX_TERM_CHARS} tecken"
        ));
    }
    if !trimmed
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
    {
        return Some(format!(
            "\"{trimmed}\" får bara innehålla bokstäver, siffror, mellanslag och bindestreck"
        ));
    }
    None
}

/// Reads the list from the text of `synonymer.toml`; every problem is reported with its line
/// (`path` is the file named in them).
pub fn parse_synonyms(path: &Path, text: &str) -> Result<SynonymList, Vec<Problem>> {
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
    if raw.group.len() + raw.expand.len() > MAX_ENTRIES {
        problems.push(problem(
            0,
            format!("högst {MAX_ENTRIES} grupper och utvidgningar får finnas"),
        ));
    }
    let mut terms_of = |list: toml::Spanned<Vec<toml::Spanned<String>>>, least: usize| {
        let span = list.span();
        let list = list.into_inner();
        if list.len() < least || list.len() > MAX_TERMS {
            problems.push(problem(
                span.start,
                format!("listan ska ha {least} till {MAX_TERMS} ord"),
            ));
        }
        let mut out = Vec::new();
        for term in list {
            let span = term.span();
            let term = term.into_inner();
            match term_problem(&term) {
                Some(message) => problems.push(problem(span.start, message)),
                None => out.push(term.trim().to_lowercase()),
            }
        }
        out
    };
    let groups: Vec<Vec<String>> = raw
        .group
        .into_iter()
        .map(|g| terms_of(g.terms, 2))
        .collect();
    let mut expansions = Vec::new();
    let mut from_problems = Vec::new();
    for e in raw.expand {
        let to = terms_of(e.to, 1);
        let span = e.from.span();
        let from = e.from.into_inner();
        match term_problem(&from) {
            Some(message) => from_problems.push(problem(span.start, message)),
            None => expansions.push(Expansion {
                from: from.trim().to_lowercase(),
                to,
            }),
        }
    }
    problems.extend(from_problems);
    if problems.is_empty() {
        Ok(SynonymList { groups, expansions })
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

/// Reads `synonymer.toml` from the corpus; a missing file is an empty list.
pub fn read_synonyms(corpus: &Path) -> Result<SynonymList, Vec<Problem>> {
    super::edited::read_list_file(corpus, SYNONYMS_FILE, parse_synonyms, SynonymList::default)
}

fn quoted(term: &str) -> String {
    // A term holds only letters, digits, spaces and hyphens: nothing to escape.
    format!("\"{term}\"")
}

/// The file text of a list, with a header explaining it.
pub fn synonyms_to_toml(list: &SynonymList) -> String {
    let mut out = String::from(
        "# Synonymer för sökningen i Goda exempel. Redigeras på /admin/synonymer.\n\
         # [[group]]: varje ord söker också på de andra.\n\
         # [[expand]]: \"from\" söker också på orden i \"to\", inte tvärtom.\n",
    );
    for group in &list.groups {
        let terms: Vec<String> = group.iter().map(|t| quoted(t)).collect();
        out.push_str(&format!("\n[[group]]\nterms = [{}]\n", terms.join(", ")));
    }
    for e in &list.expansions {
        let to: Vec<String> = e.to.iter().map(|t| quoted(t)).collect();
        out.push_str(&format!(
            "\n[[expand]]\nfrom = {}\nto = [{}]\n",
            quoted(&e.from),
            to.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SynonymList, Vec<Problem>> {
        parse_synonyms(Path::new("synonymer.toml"), text)
    }

    #[test]
    fn groups_and_expansions_are_read_in_lowercase() {
        let list = parse(
            "[[group]]\nterms = [\"Vårdnadshavare\", \"föräldrar\"]\n\n\
             [[expand]]\nfrom = \"stockholmare\"\nto = [\"invånare\", \"boende i staden\"]\n",
        )
        .unwrap();
        assert_eq!(list.groups, [vec!["vårdnadshavare", "föräldrar"]]);
        assert_eq!(list.expansions[0].to, ["invånare", "boende i staden"]);
    }

    #[test]
    fn every_problem_names_its_line() {
        let problems = parse(
            "[[group]]\nterms = [\"ensam\"]\n\n[[group]]\nterms = [\"ok\", \"<script>\"]\n\n\
             [[expand]]\nfrom = \"\"\nto = [\"x\"]\n",
        )
        .unwrap_err();
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 5, 8], "{problems:?}");
        assert!(problems[0].message.contains("2 till"));
        assert!(problems[1].message.contains("bokstäver"));
        assert!(problems[2].message.contains("tomt"));
    }

    #[test]
    fn unknown_keys_and_broken_toml_are_refused_with_a_line() {
        let problems = parse("[[group]]\nterms = [\"a\", \"b\"]\nweight = 3\n").unwrap_err();
        assert_eq!(problems[0].line, 3, "{problems:?}");
        let problems = parse("[[group]\n").unwrap_err();
        assert_eq!(problems[0].line, 1);
    }

    #[test]
    fn a_list_survives_its_file_text() {
        let list = SynonymList {
            groups: vec![vec!["vårdnadshavare".into(), "förälder".into()]],
            expansions: vec![Expansion {
                from: "stockholmare".into(),
                to: vec!["invånare".into()],
            }],
        };
        assert_eq!(parse(&synonyms_to_toml(&list)).unwrap(), list);
    }
}
