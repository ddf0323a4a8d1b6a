//! From what a person typed to tantivy queries.
//!
//! Each word becomes a clause that matches the word's lemmas in the text fields (title weighs
//! most), the word as a part of compounds in the parts field (as their head above as a
//! modifier, both below the word itself), a compound's own parts found apart ("skolgårds
//! ombyggnad" finds "ombyggnaden av skolgården", below the compound itself, and lower still
//! when the parts are far apart), and, when the word is rare and written without å, ä or ö, the diacritics-folded field (lower still). A word
//! the index does not know may also match by a near spelling (1 edit from 4 letters, 2 from
//! 9), lowest of all: it is most likely misspelt. Quoted words are phrases; `-word` excludes.
//!
//! Every word must match. Only when that finds fewer than [`FEW`] examples may some of the
//! words match instead ([`Plan::any`]): one of two, at least half of three or more; the
//! examples matching every word stay on top. A long query ([`long::LONG`] words or more) asks
//! instead, when every word finds fewer examples than a page, for words carrying enough of
//! its weight, each word weighing by its rarity (see [`long`]). A hit
//! of this fallback thus always shares a lemma, a compound part or a near spelling of an
//! unknown word with the query, never only a near spelling of a word that was not misspelt.

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TextAnalyzer, Token};
use tantivy::{Searcher, Term};

mod coordination;
mod family;
mod long;
mod misspelling;

use super::synonyms::Synonyms;
use crate::index::{Fields, Role, SWEDISH, SWEDISH_FOLDED, SWEDISH_PARTS, part_term};
pub use family::family;

/// Field weights of exact matches.
const TITLE: f32 = 4.0;
const TAGS: f32 = 2.5;
const SUMMARY: f32 = 2.0;
const UNIT: f32 = 1.5;
const BODY: f32 = 1.0;
/// The word as the head of a compound weighs less than the word itself...
const PART_HEAD: f32 = 0.8;
/// ...and as a modifier less still.
const PART_MODIFIER: f32 = 0.5;
/// A part in the title, summary or tags adds this many times its weight (on top of its match
/// anywhere): there it says what the example is about, as a whole word does in the title
/// ("energi" in "Energieffektivisering av …" against "förnybar energi" among the tags).
const LEAD_PARTS: f32 = 5.0;
/// A compound's parts found apart, all of them and close together, weigh less than the
/// compound...
const ALL_PARTS: f32 = 0.5;
/// ...and far apart, less than a near spelling.
const ALL_PARTS_APART: f32 = 0.1;
/// A word of the same family (a verb for its noun, a noun for its verb) weighs less than the
/// word itself.
const DERIVED: f32 = 0.5;
/// A word found (lemma or part, summed over fields) in more than one in this many examples is
/// common: its thesaurus synonyms and word family are left out.
const COMMON_SHARE: u64 = 20;
/// A match only after folding å, ä, ö weighs less still.
const FOLDED: f32 = 0.4;
/// The bonus of documents that match every word exactly: larger than any text score.
pub(super) const EXACT_TIER: f32 = 10_000.0;
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
        n if n >= 4 => Some(1),
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
    /// Every word must match (a word the index does not know, also by a near spelling).
    pub exact: Box<dyn Query>,
    /// Some words may match; documents matching all rank first. `None` for a one-word query.
    pub any: Option<Box<dyn Query>>,
    /// Whether the query is long ([`long::LONG`] words or more): its `any` plan, a soft
    /// conjunction, answers it when `exact` finds fewer than a page.
    pub long: bool,
    /// Words (lowercase, as typed) found nowhere in the index.
    pub unknown: Vec<String>,
    /// The nearest vocabulary word of those of them that have one (for "Menade du").
    pub near: std::collections::HashMap<String, String>,
    /// Whether the query has a phrase or an exclusion: its lexical matches then rank above
    /// anything found by meaning alone.
    pub strict: bool,
    /// The clauses of the `-excluded` words (already part of every plan), for whatever else
    /// joins the plans.
    pub excluded: Vec<Box<dyn Query>>,
    /// How many words and phrases (not stop words, not exclusions) the query has.
    pub words: usize,
}

/// How many examples have a lemma, from its document frequencies in the main fields and as
/// a compound part.
#[derive(Debug, Clone, Copy, Default)]
struct Found {
    /// Summed: what its clauses match, one example counted once per field it has it in.
    summed: u64,
    /// In the field (or compound role) where it is commonest: a lower bound on the examples
    /// that use it.
    widest: u64,
}

/// What one typed word becomes.
struct WordClause {
    exact: Box<dyn Query>,
    /// Whether the index has any of its lemmas, parts or folded spellings.
    known_to_index: bool,
    /// Whether the index has any of its lemmas or parts: a word known only by its folded
    /// stem ("idrot", the stem of "idrott") is likely misspelt too.
    by_lemma: bool,
    /// The examples that have its lemmas or parts (summed over fields).
    df: u64,
    /// What weighs it in a long query: the word itself and the lemmas it matches by.
    weighing: (String, Vec<String>),
}

/// Builds plans against one searcher's view of the index.
pub struct Planner<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    synonyms: &'a Synonyms,
    /// The nearest vocabulary word of each misspelt word, as found for its near spellings.
    near: std::collections::HashMap<String, String>,
    /// How many more words of this query may be looked up as misspellings, and as misspelt
    /// compounds: a query of many unknown long words must not cost seconds.
    misspellings_left: usize,
    repairs_left: usize,
    swedish: TextAnalyzer,
    parts: TextAnalyzer,
    folded: TextAnalyzer,
}

impl<'a> Planner<'a> {
    /// A planner for `searcher`, analysing words with the analyzers of its index (so that
    /// compounds split with the same vocabulary as the documents).
    pub fn new(searcher: &'a Searcher, fields: &'a Fields, synonyms: &'a Synonyms) -> Self {
        let tokenizers = searcher.index().tokenizers();
        let get = |name: &str| {
            tokenizers
                .get(name)
                .expect("the index registers every analyzer of its schema")
        };
        Self {
            searcher,
            fields,
            synonyms,
            near: std::collections::HashMap::new(),
            misspellings_left: misspelling::MAX_MISSPELT_WORDS,
            repairs_left: misspelling::MAX_REPAIRED_WORDS,
            swedish: get(SWEDISH),
            parts: get(SWEDISH_PARTS),
            folded: get(SWEDISH_FOLDED),
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

    /// A phrase over `terms` (with their positions; one lemma a position) in every main field.
    fn phrase(&self, terms: &[(usize, String)]) -> Box<dyn Query> {
        let mut one_per_position: Vec<(usize, String)> = Vec::new();
        for (p, t) in terms {
            if one_per_position.last().is_none_or(|(q, _)| q != p) {
                one_per_position.push((*p, t.clone()));
            }
        }
        if one_per_position.len() == 1 {
            let lemma = &one_per_position[0].1;
            return should(
                self.main_fields()
                    .into_iter()
                    .map(|(field, boost)| Self::term_query(field, lemma, boost))
                    .collect(),
            );
        }
        let per_field = self
            .main_fields()
            .into_iter()
            .map(|(field, boost)| {
                let t = one_per_position
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

    /// The lemma in the main fields and as a part of compounds, each weight multiplied by
    /// `factor`, with how many examples have it.
    fn lemma_clauses(&self, lemma: &str, factor: f32, clauses: &mut Vec<Box<dyn Query>>) -> Found {
        for (field, boost) in self.main_fields() {
            clauses.push(Self::term_query(field, lemma, boost * factor));
        }
        for (role, boost) in [(Role::Head, PART_HEAD), (Role::Modifier, PART_MODIFIER)] {
            let term = part_term(lemma, role);
            clauses.push(Self::term_query(self.fields.parts, &term, boost * factor));
            clauses.push(Self::term_query(
                self.fields.lead_parts,
                &term,
                boost * factor * LEAD_PARTS,
            ));
        }
        self.found(lemma)
    }

    /// How many examples have `lemma` in the main fields and as a compound part (what
    /// [`Self::lemma_clauses`] would match), read from the index once.
    fn found(&self, lemma: &str) -> Found {
        let in_fields = self
            .main_fields()
            .into_iter()
            .map(|(field, _)| self.doc_freq(field, lemma));
        let as_part = [Role::Head, Role::Modifier]
            .iter()
            .map(|role| self.doc_freq(self.fields.parts, &part_term(lemma, *role)));
        in_fields
            .chain(as_part)
            .fold(Found::default(), |f, n| Found {
                summed: f.summed + n,
                widest: f.widest.max(n),
            })
    }

    /// The document frequency of `lemma` in the main fields and as a compound part, summed.
    fn lemma_df(&self, lemma: &str) -> u64 {
        self.found(lemma).summed
    }

    /// The synonyms of the lemmas, each weighing its share of the typed word.
    /// Of a `common` word, only the organisers' synonyms.
    fn synonym_clauses(&self, lemmas: &[String], common: bool, clauses: &mut Vec<Box<dyn Query>>) {
        for lemma in lemmas {
            for synonym in self.synonyms.of(lemma) {
                if common && synonym.weight < super::synonyms::CURATED_WEIGHT {
                    continue;
                }
                match synonym.lemmas.as_slice() {
                    [one] => {
                        self.lemma_clauses(one, synonym.weight, clauses);
                    }
                    many => {
                        let terms: Vec<(usize, String)> = synonym
                            .positions
                            .iter()
                            .copied()
                            .zip(many.iter().cloned())
                            .collect();
                        // A phrase scores with the rarity of all its words summed: weighed
                        // by word, it counts as one word, as a one-word synonym does.
                        let words = terms.len().max(1) as f32;
                        clauses.push(boxed(BoostQuery::new(
                            self.phrase(&terms),
                            synonym.weight / words,
                        )));
                    }
                }
            }
        }
    }

    /// The lemmas of the top-level parts of `word` as a compound (fewer than two for a word
    /// that is not one).
    fn compound_parts(&mut self, word: &str) -> Vec<String> {
        let parts: Vec<String> = positioned(&mut self.parts, word)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        top_level_parts(&parts)
    }

    /// The top-level parts of a compound query word found apart in the main fields
    /// ("skolgårdsombyggnad" finds "ombyggnaden av skolgården"): close together in either
    /// order, or, weighing much less, anywhere in the example (so that a misspelling that
    /// splits into two real words, "hyreskontakt", ranks the near spelling "hyreskontrakt"
    /// above texts that merely use "hyra" and "kontakt").
    fn all_parts(&mut self, word: &str) -> Option<Box<dyn Query>> {
        let lemmas = self.compound_parts(word);
        if lemmas.len() < 2 {
            return None;
        }
        let slop = 2 * lemmas.len() as u32;
        let mut clauses = Vec::new();
        for order in [lemmas.clone(), lemmas.iter().rev().cloned().collect()] {
            for (field, boost) in self.main_fields() {
                let terms = order
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (i, Term::from_field_text(field, l)))
                    .collect();
                clauses.push(boxed(BoostQuery::new(
                    boxed(PhraseQuery::new_with_offset_and_slop(terms, slop)),
                    boost * ALL_PARTS,
                )));
            }
        }
        let anywhere = lemmas
            .iter()
            .map(|lemma| {
                let mut per_lemma = Vec::new();
                self.lemma_clauses(lemma, 1.0, &mut per_lemma);
                (Occur::Must, should(per_lemma))
            })
            .collect();
        clauses.push(boxed(BoostQuery::new(
            boxed(BooleanQuery::new(anywhere)),
            ALL_PARTS_APART,
        )));
        Some(should(clauses))
    }

    /// A word the tokenizer splits ("e-tjänst") is a phrase of its pieces. When a piece is
    /// unknown to the index ("e-undreskrift"), the pieces must each match instead, the
    /// unknown ones also by a near spelling.
    fn pieces(&mut self, word: &str, terms: &[(usize, String)]) -> WordClause {
        let mut must = Vec::new();
        let mut known_to_index = true;
        for piece in word.split(|c: char| !c.is_alphanumeric()) {
            let Some(clause) = self.word(piece) else {
                continue;
            };
            known_to_index &= clause.known_to_index;
            let fuzzy = if clause.by_lemma {
                None
            } else {
                self.fuzzy(piece)
            };
            let exact = match fuzzy {
                Some(fuzzy) => should(vec![clause.exact, fuzzy]),
                None => clause.exact,
            };
            must.push((Occur::Must, exact));
        }
        let exact = if known_to_index || must.is_empty() {
            self.phrase(terms)
        } else {
            boxed(BooleanQuery::new(must))
        };
        WordClause {
            exact,
            known_to_index,
            by_lemma: true,
            df: 1,
            weighing: (String::new(), Vec::new()),
        }
    }

    /// The exact clause of one word. `None` for a stop word.
    fn word(&mut self, word: &str) -> Option<WordClause> {
        let terms = positioned(&mut self.swedish, word);
        let positions = terms
            .iter()
            .map(|(p, _)| *p)
            .collect::<std::collections::BTreeSet<_>>();
        if terms.is_empty() {
            return None;
        }
        if positions.len() > 1 {
            return Some(self.pieces(word, &terms));
        }
        let lower = word.to_lowercase();
        let lemmas: Vec<String> = terms.into_iter().map(|(_, t)| t).collect();
        let mut clauses = Vec::new();
        let mut df = 0;
        let mut examples = 0;
        for lemma in &lemmas {
            let found = self.lemma_clauses(lemma, 1.0, &mut clauses);
            df += found.summed;
            examples = examples.max(found.widest);
        }
        // Other words for the same thing help a word that few examples use; a common one finds
        // plenty by itself, and widening it would cost time and add noise.
        let common = df > (self.searcher.num_docs() / COMMON_SHARE).max(FEW);
        let mut relatives = Vec::new();
        if !common {
            for lemma in &lemmas {
                for related in family(lemma) {
                    if !lemmas.contains(&related) && self.doc_freq(self.fields.body, &related) > 0 {
                        df += self.lemma_clauses(&related, DERIVED, &mut clauses).summed;
                        relatives.push(related);
                    }
                }
            }
        }
        self.synonym_clauses(&lemmas, common, &mut clauses);
        // A compound the dictionary lacks, and few examples use, may be written apart in the
        // others; one the dictionary lists is a word of its own, and one that many examples
        // use finds them by itself.
        if examples < FEW
            && let Some(parts) = self.all_parts(&lower)
        {
            clauses.push(parts);
        }
        let weighing = (
            lower.clone(),
            self.matched_lemmas(&lemmas, relatives, common),
        );
        let by_lemma = df > 0;
        let mut known_to_index = by_lemma;
        let plain = !word.chars().any(|c| "åäöÅÄÖ".contains(c));
        if plain && examples < FEW {
            for (_, folded) in positioned(&mut self.folded, word) {
                if self.doc_freq(self.fields.folded, &folded) > 0 {
                    clauses.push(Self::term_query(self.fields.folded, &folded, FOLDED));
                    known_to_index = true;
                }
            }
        }
        Some(WordClause {
            exact: should(clauses),
            known_to_index,
            by_lemma,
            df,
            weighing,
        })
    }

    /// The plans for a cleaned, non-empty query.
    pub fn plan(&mut self, clean: &str) -> Plan {
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut any: Vec<long::Weighed> = Vec::new();
        let mut excluded: Vec<Box<dyn Query>> = Vec::new();
        let mut unknown = Vec::new();
        let mut strict = false;
        let mut words: usize = 0;
        for part in parts(clean) {
            match part {
                Part::Word(w) => {
                    let Some(clause) = self.word(&w) else {
                        continue;
                    };
                    words += 1;
                    // Only a word the index does not know (or knows only by its folded
                    // stem) is taken for a misspelling: a near spelling of a word that is
                    // there would find other words, not what was meant.
                    if !clause.known_to_index {
                        unknown.push(w.to_lowercase());
                    }
                    let exact = if clause.by_lemma {
                        clause.exact
                    } else {
                        match self.fuzzy(&w) {
                            Some(fuzzy) => should(vec![clause.exact, fuzzy]),
                            None => clause.exact,
                        }
                    };
                    let (word, lemmas) = clause.weighing;
                    any.push(long::Weighed {
                        clause: exact.box_clone(),
                        word,
                        lemmas,
                    });
                    must.push((Occur::Must, exact));
                }
                Part::Phrase(p) => {
                    let terms = positioned(&mut self.swedish, &p);
                    if terms.is_empty() {
                        continue;
                    }
                    strict = true;
                    words += 1;
                    let clause = self.phrase(&terms);
                    any.push(long::Weighed {
                        clause: clause.box_clone(),
                        word: String::new(),
                        lemmas: Vec::new(),
                    });
                    must.push((Occur::Must, clause));
                }
                Part::Excluded(w) => {
                    if let Some(clause) = self.word(&w) {
                        strict = true;
                        excluded.push(clause.exact);
                    }
                }
            }
        }
        let with_exclusions = |mut clauses: Vec<(Occur, Box<dyn Query>)>| {
            clauses.extend(excluded.iter().map(|q| (Occur::MustNot, q.box_clone())));
            clauses
        };
        if must.is_empty() {
            return Plan {
                exact: boxed(EmptyQuery),
                any: None,
                long: false,
                unknown,
                near: std::mem::take(&mut self.near),
                strict,
                excluded,
                words,
            };
        }
        let exact = boxed(BooleanQuery::new(with_exclusions(must)));
        let long = words >= long::LONG;
        let any = if long {
            let soft = self.soft_and(any);
            Some(boxed(BooleanQuery::new(with_exclusions(vec![(
                Occur::Must,
                soft,
            )]))))
        } else {
            (words > 1).then(|| {
                let required = if words > 2 { words.div_ceil(2) } else { 1 };
                let some = BooleanQuery::with_minimum_required_clauses(
                    any.into_iter().map(|w| (Occur::Should, w.clause)).collect(),
                    required,
                );
                let tier = boxed(ConstScoreQuery::new(exact.box_clone(), EXACT_TIER));
                let clauses = vec![(Occur::Must, boxed(some)), (Occur::Should, tier)];
                boxed(BooleanQuery::new(with_exclusions(clauses)))
            })
        };
        Plan {
            exact,
            any,
            long,
            unknown,
            near: std::mem::take(&mut self.near),
            strict,
            excluded,
            words,
        }
    }
}

/// The lemmas of a compound's top-level parts, from the parts analyzer's output (which lists
/// the top-level parts in order, each followed by its own parts): the modifiers before the
/// first head, then that head.
fn top_level_parts(terms: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for t in terms {
        if let Some(m) = t.strip_prefix("m:") {
            out.push(m.to_owned());
        } else if let Some(h) = t.strip_prefix("h:") {
            out.push(h.to_owned());
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests;
