//! Near spellings of words the index does not know: from the index's vocabulary and the
//! lexicon's forms, the folded stem's near terms, and misspelt compounds repaired into parts
//! the index has. Each query looks up a bounded number of words.

use tantivy::query::{BoostQuery, Query};

use super::{Planner, boxed, fuzzy_distance, positioned, should, top_level_parts};

/// A near spelling weighs less than the word itself...
pub(super) const FUZZY: f32 = 0.5;
/// A near spelling two edits away weighs less than one a single edit away...
pub(super) const FUZZY_FAR: f32 = 0.3;
/// ...and a near spelling of its folded stem, which cannot rank by field, least.
pub(super) const FUZZY_FOLDED: f32 = 0.2;
/// The most near spellings of one word that are searched.
pub(super) const NEAR_WORDS: usize = 8;
/// The most words of one query looked up as misspellings (the others must match as typed)...
pub(super) const MAX_MISSPELT_WORDS: usize = 6;
/// ...and as misspelt compounds (each costs a few milliseconds).
pub(super) const MAX_REPAIRED_WORDS: usize = 2;
/// Words this long that nothing else finds are tried as a misspelt compound...
pub(super) const REPAIR_LETTERS: usize = 8;
/// ...up to this long (the spellings one edit away grow with the length).
pub(super) const MAX_REPAIR_LETTERS: usize = 30;
/// The most spellings of a misspelt compound that split and are looked up...
pub(super) const MAX_REPAIRS: usize = 12;
/// ...and searched.
pub(super) const REPAIRS_SEARCHED: usize = 2;
/// The letters a misspelt compound's near spellings may add or put in.
pub(super) const SWEDISH_LETTERS: &str = "abcdefghijklmnopqrstuvwxyzåäöé";
/// The near spellings of a word searched as if typed (the others by their lemmas alone).
pub(super) const AS_TYPED: usize = 2;
/// The most forms of the lexicon looked at as near spellings of one word.
pub(super) const LEXICON_NEAR: usize = 64;

/// A near spelling: (edits, examples that have it, the spelling or its lemma).
type Candidate = (usize, u64, String);

/// Keeps the nearest candidates (a spelling two edits away is far less likely than one a
/// single edit away), the most common first, at most [`NEAR_WORDS`].
fn nearest_only(candidates: &mut Vec<Candidate>) {
    candidates.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.1.cmp(&a.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    if let Some(nearest) = candidates.first().map(|c| c.0) {
        candidates.retain(|c| c.0 == nearest);
    }
    candidates.truncate(NEAR_WORDS);
}

impl Planner<'_> {
    /// Near spellings of `word`: as written, and as a folded stem (so "inskoling" meets
    /// "inskolningen" and "aldrebonde" "äldreboendet").
    ///
    /// The near words are found in the index's vocabulary of words as written and in the
    /// Swedish lexicon, whose every form is there even when no example uses it ("kmerorna"
    /// finds "kamerorna", and through it "kamerorna"'s lemma "kamera", though the examples only
    /// say "kameran"). They are searched by their lemmas, the nearest and most common first
    /// (at most [`NEAR_WORDS`]), so that a near spelling ranks by how well it matches like any
    /// word does. The folded stem's near spellings in the index are searched as terms of the
    /// folded field, which reaches compounds the lexicon lacks ("tryggetsvandringen").
    pub(super) fn fuzzy(&mut self, word: &str) -> Option<Box<dyn Query>> {
        let distance = fuzzy_distance(word)?;
        self.misspellings_left = self.misspellings_left.checked_sub(1)?;
        let lower = word.to_lowercase();
        let written =
            super::super::suggest::near_terms(self.searcher, self.fields.words, &lower, &lower)
                .unwrap_or_default();
        // (edits, examples, lemma) of every candidate lemma the index has.
        let mut lemmas: std::collections::HashMap<String, (usize, u64)> = Default::default();
        let offer = |lemmas: &mut std::collections::HashMap<String, (usize, u64)>,
                     lemma: String,
                     edits: usize,
                     df: u64| {
            let entry = lemmas.entry(lemma).or_insert((edits, df));
            entry.0 = entry.0.min(edits);
        };
        let mut best_written: Option<(usize, u64, String)> = None;
        for (near_word, df) in written {
            if near_word == lower || crate::index::is_stop_word(&near_word) {
                continue;
            }
            let edits = strsim::osa_distance(&lower, &near_word);
            let candidate = (edits, u64::MAX - df, near_word.clone());
            if best_written.as_ref().is_none_or(|b| candidate < *b) {
                best_written = Some(candidate);
            }
            for (_, lemma) in positioned(&mut self.swedish, &near_word) {
                let df = self.doc_freq(self.fields.body, &lemma).max(df);
                offer(&mut lemmas, lemma, edits, df);
            }
        }
        // Two edits reach many forms: only when the index has no word one edit away, and
        // the lexicon none either.
        let lexicon = crate::index::Lexicon::swedish();
        let mut near_forms = lexicon.near(&lower, 1, LEXICON_NEAR);
        if distance > 1 && near_forms.is_empty() && lemmas.values().all(|(edits, _)| *edits > 1) {
            near_forms = lexicon.near(&lower, distance, LEXICON_NEAR);
        }
        for (form, edits, form_lemmas) in near_forms {
            if crate::index::is_stop_word(&form) {
                continue;
            }
            for lemma in form_lemmas {
                let found = self.lemma_df(lemma);
                if found > 0 {
                    offer(&mut lemmas, lemma.to_owned(), usize::from(edits), found);
                    if best_written.is_none() {
                        self.near.entry(lower.clone()).or_insert(form.clone());
                    }
                }
            }
        }
        if let Some((_, _, best)) = best_written {
            self.near.insert(lower.clone(), best);
        }
        let mut ranked: Vec<Candidate> = lemmas
            .into_iter()
            .map(|(lemma, (edits, df))| (edits, df, lemma))
            .collect();
        nearest_only(&mut ranked);
        let mut clauses = Vec::new();
        if !ranked.iter().any(|(edits, _, _)| *edits <= 1)
            && let Some(repaired) = self.repaired_compound(&lower)
        {
            clauses.push(repaired);
        }
        for (i, (edits, _, lemma)) in ranked.into_iter().enumerate() {
            let weight = if edits <= 1 { FUZZY } else { FUZZY_FAR };
            // The nearest are searched as if typed: a rare compound also by its parts.
            match (i < AS_TYPED).then(|| self.word(&lemma)).flatten() {
                Some(clause) => clauses.push(boxed(BoostQuery::new(clause.exact, weight))),
                None => {
                    self.lemma_clauses(&lemma, weight, &mut clauses);
                }
            }
        }
        for (_, folded) in positioned(&mut self.folded, word) {
            let near =
                super::super::suggest::near_terms(self.searcher, self.fields.folded, &folded, word)
                    .unwrap_or_default();
            let mut near: Vec<Candidate> = near
                .into_iter()
                .filter(|(t, _)| *t != folded)
                .map(|(t, df)| (strsim::osa_distance(&folded, &t), df, t))
                .collect();
            nearest_only(&mut near);
            for (_, _, term) in near {
                clauses.push(Self::term_query(self.fields.folded, &term, FUZZY_FOLDED));
            }
        }
        (!clauses.is_empty()).then(|| should(clauses))
    }

    /// A long word that is one edit away from a compound whose parts the index has: the
    /// misspelt compound the lexicon cannot know ("ledsagarboknng" for "ledsagarbokning",
    /// "barnvaårdsutredningar" for "barnavårdsutredningar"), searched as if typed right, at
    /// the weight of a near spelling. Every spelling one edit away (a letter left out, added,
    /// replaced or two swapped, over the Swedish alphabet) is tried with the decompounder;
    /// of those the index has as a whole or by every one of their parts, the ones with the
    /// fewest parts, then whose rarest part most examples have, are kept. `None` for words
    /// under [`REPAIR_LETTERS`] letters or when no spelling splits.
    fn repaired_compound(&mut self, word: &str) -> Option<Box<dyn Query>> {
        let letters: Vec<char> = word.chars().collect();
        if !(REPAIR_LETTERS..=MAX_REPAIR_LETTERS).contains(&letters.len())
            || !letters.iter().all(|c| c.is_alphabetic())
        {
            return None;
        }
        self.repairs_left = self.repairs_left.checked_sub(1)?;
        let mut tried = std::collections::HashSet::new();
        let mut splits = Vec::new();
        let mut consider = |candidate: Vec<char>, this: &mut Self| {
            let text: String = candidate.into_iter().collect();
            if text != word
                && splits.len() < MAX_REPAIRS
                && tried.insert(text.clone())
                && !positioned(&mut this.parts, &text).is_empty()
            {
                splits.push(text);
            }
        };
        for i in 0..letters.len() {
            let mut without = letters.clone();
            without.remove(i);
            consider(without, self);
            if i + 1 < letters.len() && letters[i] != letters[i + 1] {
                let mut swapped = letters.clone();
                swapped.swap(i, i + 1);
                consider(swapped, self);
            }
            for c in SWEDISH_LETTERS.chars() {
                if c != letters[i] {
                    let mut replaced = letters.clone();
                    replaced[i] = c;
                    consider(replaced, self);
                }
                let mut added = letters.clone();
                added.insert(i + 1, c);
                consider(added, self);
            }
        }
        // (ranking key: not in the index as a whole, parts, fewest examples of the rarest part
        // reversed; spelling; clause) of the spellings the index can find.
        type Found = ((bool, usize, u64), String, Box<dyn Query>);
        let mut found: Vec<Found> = Vec::new();
        for text in splits {
            let terms: Vec<String> = positioned(&mut self.parts, &text)
                .into_iter()
                .map(|(_, t)| t)
                .collect();
            let parts = top_level_parts(&terms);
            // The rarest top-level part: every part must be in the index...
            let rarest = parts
                .iter()
                .map(|part| self.lemma_df(part))
                .min()
                .unwrap_or(0);
            let Some(clause) = self.word(&text) else {
                continue;
            };
            // ...unless the compound itself is. Then, as the decompounder ranks its splits,
            // the fewest parts first, and the spelling whose rarest part is most common.
            if clause.df > 0 || rarest > 0 {
                found.push((
                    (clause.df == 0, parts.len(), u64::MAX - rarest),
                    text,
                    clause.exact,
                ));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        found.truncate(REPAIRS_SEARCHED);
        if let Some((_, best, _)) = found.first() {
            self.near.entry(word.to_owned()).or_insert(best.clone());
        }
        let clauses: Vec<Box<dyn Query>> = found
            .into_iter()
            .map(|(_, _, q)| boxed(BoostQuery::new(q, FUZZY)))
            .collect();
        (!clauses.is_empty()).then(|| should(clauses))
    }
}
