//! From what a person typed to tantivy queries.
//!
//! Each word becomes a clause that matches the word's stem in the text fields (title weighs
//! most), in the compound-parts field (below exact words), and, when the word is rare and
//! written without å, ä or ö, in the diacritics-folded field (lower still). Quoted words are
//! phrases; `-word` excludes. Three plans follow one another, each used only when the one
//! before finds too little:
//!
//! 1. **exact**: every word must match;
//! 2. **extended**: every word must match exactly or by a near spelling (1 edit from 5 letters,
//!    2 from 9), and documents matching every word exactly get a large constant bonus, so exact
//!    matches always rank above fuzzy ones;
//! 3. **any**: any word may match (with the same bonus for the exact ones).

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery,
    Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TextAnalyzer, Token};
use tantivy::{Searcher, Term};

use crate::index::{Fields, folded_analyzer, swedish_analyzer};

/// Field weights of exact matches.
const TITLE: f32 = 4.0;
const TAGS: f32 = 2.5;
const SUMMARY: f32 = 2.0;
const UNIT: f32 = 1.5;
const BODY: f32 = 1.0;
/// A match on a compound's part weighs less than the word itself.
const PARTS: f32 = 0.6;
/// A match only after folding å, ä, ö weighs less still.
const FOLDED: f32 = 0.4;
/// A near spelling weighs least.
const FUZZY: f32 = 0.3;
/// The bonus of documents that match every word exactly: larger than any text score.
const EXACT_TIER: f32 = 10_000.0;
/// Fewer hits than this count as "few": the next plan is tried, and rare words also search
/// their folded spelling.
pub const FEW: u64 = 3;

/// One part of a typed query.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Word(String),
    Phrase(String),
    Excluded(String),
}

/// Splits a cleaned query (see `clean_query`) into words, "phrases" and -exclusions.
fn parts(clean: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut rest = clean;
    while let Some(start) = rest.find('"') {
        words_into(&rest[..start], &mut out);
        let after = &rest[start + 1..];
        let end = after.find('"').unwrap_or(after.len());
        if !after[..end].trim().is_empty() {
            out.push(Part::Phrase(after[..end].to_owned()));
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
    words_into(rest, &mut out);
    out
}

fn words_into(text: &str, out: &mut Vec<Part>) {
    for w in text.split_whitespace() {
        match w.strip_prefix('-') {
            Some(x) if !x.is_empty() => out.push(Part::Excluded(x.to_owned())),
            _ => out.push(Part::Word(w.trim_start_matches('+').to_owned())),
        }
    }
}

/// The maximum edit distance for a near spelling of `word`, or `None` for short words.
pub fn fuzzy_distance(word: &str) -> Option<u8> {
    match word.chars().count() {
        n if n >= 9 => Some(2),
        n if n >= 5 => Some(1),
        _ => None,
    }
}

fn positioned(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    stream.process(&mut |t: &Token| out.push((t.position, t.text.clone())));
    out
}

fn boxed(q: impl Query + 'static) -> Box<dyn Query> {
    Box::new(q)
}

fn should(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    boxed(BooleanQuery::new(
        clauses.into_iter().map(|c| (Occur::Should, c)).collect(),
    ))
}

/// The three plans for one query, and what is known about its words.
pub struct Plan {
    /// Every word must match exactly.
    pub exact: Box<dyn Query>,
    /// Every word must match exactly or nearly; exact matches rank first. `None` when no word
    /// is long enough for a near spelling.
    pub extended: Option<Box<dyn Query>>,
    /// Any word may match; exact matches rank first. `None` for a one-word query.
    pub any: Option<Box<dyn Query>>,
    /// Words (lowercase, as typed) found nowhere in the index.
    pub unknown: Vec<String>,
}

/// Builds plans against one searcher's view of the index.
pub struct Planner<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    swedish: TextAnalyzer,
    folded: TextAnalyzer,
}

impl<'a> Planner<'a> {
    /// A planner for `searcher`.
    pub fn new(searcher: &'a Searcher, fields: &'a Fields) -> Self {
        Self {
            searcher,
            fields,
            swedish: swedish_analyzer(),
            folded: folded_analyzer(),
        }
    }

    fn main_fields(&self) -> [(Field, f32); 5] {
        let f = self.fields;
        [
            (f.title, TITLE),
            (f.tags, TAGS),
            (f.summary, SUMMARY),
            (f.unit, UNIT),
            (f.body, BODY),
        ]
    }

    fn doc_freq(&self, field: Field, text: &str) -> u64 {
        self.searcher
            .doc_freq(&Term::from_field_text(field, text))
            .unwrap_or(0)
    }

    fn term_query(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
        let q = TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        );
        boxed(BoostQuery::new(boxed(q), boost))
    }

    /// A phrase over `terms` (with their positions) in every main field.
    fn phrase(&self, terms: &[(usize, String)]) -> Box<dyn Query> {
        let per_field = self
            .main_fields()
            .into_iter()
            .map(|(field, boost)| {
                let t = terms
                    .iter()
                    .map(|(p, s)| (*p, Term::from_field_text(field, s)))
                    .collect();
                boxed(BoostQuery::new(
                    boxed(PhraseQuery::new_with_offset(t)),
                    boost,
                ))
            })
            .collect();
        should(per_field)
    }

    /// The exact clause of one word, and whether the index knows the word at all. `None` for
    /// a stop word.
    fn word(&mut self, word: &str) -> Option<(Box<dyn Query>, bool)> {
        let terms = positioned(&mut self.swedish, word);
        match terms.as_slice() {
            [] => None,
            [(_, stem)] => {
                let f = self.fields;
                let mut clauses: Vec<Box<dyn Query>> = self
                    .main_fields()
                    .into_iter()
                    .map(|(field, boost)| Self::term_query(field, stem, boost))
                    .collect();
                clauses.push(Self::term_query(f.parts, stem, PARTS));
                let exact_df: u64 = self
                    .main_fields()
                    .iter()
                    .map(|(field, _)| self.doc_freq(*field, stem))
                    .sum::<u64>()
                    + self.doc_freq(f.parts, stem);
                let mut known = exact_df > 0;
                let plain = !word.chars().any(|c| "åäöÅÄÖ".contains(c));
                if plain && exact_df < FEW {
                    for (_, folded) in positioned(&mut self.folded, word) {
                        if self.doc_freq(f.folded, &folded) > 0 {
                            clauses.push(Self::term_query(f.folded, &folded, FOLDED));
                            known = true;
                        }
                    }
                }
                Some((should(clauses), known))
            }
            // A word the tokenizer splits ("e-tjänst") is a phrase of its pieces.
            many => Some((self.phrase(many), true)),
        }
    }

    /// Near spellings of `word`: as written (against the vocabulary of surface words) and as
    /// a folded stem (so "inskoling" meets "inskolningen" and "aldrebonde" "äldreboendet").
    fn fuzzy(&mut self, word: &str) -> Option<Box<dyn Query>> {
        let distance = fuzzy_distance(word)?;
        let f = self.fields;
        let fuzzy = |field: Field, text: &str| -> Box<dyn Query> {
            let q = FuzzyTermQuery::new(Term::from_field_text(field, text), distance, true);
            boxed(BoostQuery::new(boxed(q), FUZZY))
        };
        let mut clauses = vec![fuzzy(f.words, &word.to_lowercase())];
        for (_, folded) in positioned(&mut self.folded, word) {
            clauses.push(fuzzy(f.folded, &folded));
        }
        Some(should(clauses))
    }

    /// The plans for a cleaned, non-empty query.
    pub fn plan(&mut self, clean: &str) -> Plan {
        let mut exact: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut extended: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut any: Vec<Box<dyn Query>> = Vec::new();
        let mut excluded: Vec<Box<dyn Query>> = Vec::new();
        let mut unknown = Vec::new();
        let mut has_fuzzy = false;
        for part in parts(clean) {
            match part {
                Part::Word(w) => {
                    let Some((clause, known)) = self.word(&w) else {
                        continue;
                    };
                    if !known {
                        unknown.push(w.to_lowercase());
                    }
                    let wide = match self.fuzzy(&w) {
                        Some(fuzzy) => {
                            has_fuzzy = true;
                            should(vec![clause.box_clone(), fuzzy])
                        }
                        None => clause.box_clone(),
                    };
                    exact.push((Occur::Must, clause));
                    any.push(wide.box_clone());
                    extended.push((Occur::Must, wide));
                }
                Part::Phrase(p) => {
                    let terms = positioned(&mut self.swedish, &p);
                    if terms.is_empty() {
                        continue;
                    }
                    let clause = self.phrase(&terms);
                    any.push(clause.box_clone());
                    extended.push((Occur::Must, clause.box_clone()));
                    exact.push((Occur::Must, clause));
                }
                Part::Excluded(w) => {
                    if let Some((clause, _)) = self.word(&w) {
                        excluded.push(clause);
                    }
                }
            }
        }
        let musts = exact.len();
        let with_exclusions = |mut clauses: Vec<(Occur, Box<dyn Query>)>| {
            clauses.extend(excluded.iter().map(|q| (Occur::MustNot, q.box_clone())));
            clauses
        };
        if musts == 0 {
            return Plan {
                exact: boxed(EmptyQuery),
                extended: None,
                any: None,
                unknown,
            };
        }
        let exact_query = boxed(BooleanQuery::new(with_exclusions(exact)));
        let tier = || {
            (
                Occur::Should,
                boxed(ConstScoreQuery::new(exact_query.box_clone(), EXACT_TIER)),
            )
        };
        let extended_query = has_fuzzy.then(|| {
            let mut clauses = with_exclusions(extended);
            clauses.push(tier());
            boxed(BooleanQuery::new(clauses))
        });
        let any_query = (musts > 1).then(|| {
            let mut clauses = vec![(Occur::Must, should(any))];
            clauses.push(tier());
            boxed(BooleanQuery::new(with_exclusions(clauses)))
        });
        Plan {
            exact: exact_query,
            extended: extended_query,
            any: any_query,
            unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_splits_into_words_phrases_and_exclusions() {
        assert_eq!(
            parts("matsvinn \"daglig mätning\" -pilot +skola"),
            vec![
                Part::Word("matsvinn".into()),
                Part::Phrase("daglig mätning".into()),
                Part::Excluded("pilot".into()),
                Part::Word("skola".into()),
            ]
        );
    }

    #[test]
    fn near_spellings_allow_one_edit_from_five_letters_and_two_from_nine() {
        assert_eq!(fuzzy_distance("skola"), Some(1));
        assert_eq!(fuzzy_distance("mat"), None);
        assert_eq!(fuzzy_distance("inskoling"), Some(2));
    }
}
