//! The plan of a long query: a question or a whole title.
//!
//! Asking for every word of a long query loses the examples that put one of its words another
//! way or leave out a common one ("hur når vi vårdnadshavare med tolk" missed "tolk vid samtal
//! med vårdnadshavare" for want of "når"), and asking for half of the words by count keeps
//! examples that share only its common words. So when every word finds fewer examples than
//! the page shows, a long query asks for the examples whose words carry enough of its weight,
//! a word weighing by its rarity (its inverse document frequency): half of it, or in a query
//! of more than four words [`WORDS_WORTH`] average words' worth. A compound's parts found
//! alone ("kamera" or "tillsyn" of "kameratillsyn") carry part of its weight. Matches rank by
//! their text score plus [`COVERAGE_BONUS`] for the share carried, so that an example with
//! most of the rare words ranks above one with a few common words in its title; the examples
//! with every word rank first ([`EXACT_TIER`]).

use tantivy::query::Query;

use super::coordination::{Alternative, Coordination, SoftAnd};
use super::{EXACT_TIER, Planner, boxed, should};

/// Words (not stop words) from which a query is long.
pub const LONG: usize = 3;
/// The share of a long query's weight an example must carry...
const MIN_SHARE: f32 = 0.5;
/// ...or, when that is less, this many average words' worth.
const WORDS_WORTH: f32 = 2.0;
/// Added to the text score of a match for the share of the query's weight it carries (text
/// scores of partial matches run from about 5 to 70).
const COVERAGE_BONUS: f32 = 25.0;
/// A compound's part found alone carries this much of the weight of the compound (or of the
/// part itself when it is commoner)...
const PART_SHARE: f32 = 0.5;
/// ...and its parts together at most this much.
const PARTS_CAP: f32 = 0.8;
/// The most words a soft conjunction weighs: the rarest of a longer query.
const MAX_WORDS: usize = 8;
/// The text score of a part found alone, against the word itself.
const PART_ALONE: f32 = 0.3;

/// One word of a long query, to be weighed.
pub(super) struct Weighed {
    /// What matches the word (see [`Planner::plan`]).
    pub clause: Box<dyn Query>,
    /// The word, lowercase, for its compound's parts; empty for a phrase or a word of
    /// pieces.
    pub word: String,
    /// Every lemma it matches by (see [`Planner::matched_lemmas`]); none for a phrase or a
    /// word of pieces, which weigh as the rarest words.
    pub lemmas: Vec<String>,
}

impl Planner<'_> {
    /// The soft conjunction of a long query's words.
    pub(super) fn soft_and(&mut self, words: Vec<Weighed>) -> Box<dyn Query> {
        let n = self.searcher.num_docs().max(1) as f32;
        let idf = |found_in: u64| {
            let df = (found_in as f32).min(n);
            (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
        };
        let mut weighed: Vec<(f32, Weighed)> = words
            .into_iter()
            .map(|w| (idf(self.widest(&w.lemmas).unwrap_or(1)), w))
            .collect();
        // The rarest words decide; the commonest beyond them would only cost time (each adds
        // its postings to the walk): at most MAX_WORDS words take part.
        weighed.sort_by(|a, b| b.0.total_cmp(&a.0));
        weighed.truncate(MAX_WORDS);
        let (weights, words): (Vec<f32>, Vec<Weighed>) = weighed.into_iter().unzip();
        let total = weights.iter().sum::<f32>().max(f32::EPSILON);
        let mut alternatives = Vec::new();
        let mut shares = Vec::new();
        for (word, (w, weight)) in words.into_iter().zip(weights).enumerate() {
            shares.push(weight / total);
            alternatives.push(Alternative {
                query: w.clause,
                word,
                share: weight / total,
                full: true,
            });
            let compound = self.compound_parts(&w.word);
            if compound.len() < 2 {
                continue;
            }
            for part in &compound {
                let share = PART_SHARE * idf(self.widest_of(part)).min(weight) / total;
                alternatives.push(Alternative {
                    query: self.part_alone(part),
                    word,
                    share,
                    full: false,
                });
            }
        }
        let coordination = Coordination {
            min_share: MIN_SHARE.min(WORDS_WORTH / shares.len() as f32),
            bonus: COVERAGE_BONUS,
            every_word: EXACT_TIER,
            parts_cap: PARTS_CAP,
        };
        boxed(SoftAnd::new(alternatives, shares, coordination))
    }

    fn part_alone(&self, lemma: &str) -> Box<dyn Query> {
        let mut clauses = Vec::new();
        self.lemma_clauses(lemma, PART_ALONE, &mut clauses);
        should(clauses)
    }

    /// The lemmas a word matches by: its own, its family's `relatives` and its one-word
    /// synonyms (of a `common` word, the organisers' only), as [`Planner::word`] asks for them.
    pub(super) fn matched_lemmas(
        &self,
        lemmas: &[String],
        mut relatives: Vec<String>,
        common: bool,
    ) -> Vec<String> {
        let mut out = lemmas.to_vec();
        out.append(&mut relatives);
        for lemma in lemmas {
            for synonym in self.synonyms.of(lemma) {
                let kept = !common || synonym.weight >= crate::search::synonyms::CURATED_WEIGHT;
                if let [one] = synonym.lemmas.as_slice()
                    && kept
                {
                    out.push(one.clone());
                }
            }
        }
        out
    }

    /// About how many examples a word matches: those that have the commonest of the lemmas
    /// it matches by in the field where that lemma is commonest (the sum over fields would
    /// count a word of titles several times). `None` without lemmas.
    fn widest(&self, lemmas: &[String]) -> Option<u64> {
        lemmas.iter().map(|lemma| self.widest_of(lemma)).max()
    }

    /// The examples that have `lemma` in the field (or compound role) where it is commonest.
    fn widest_of(&self, lemma: &str) -> u64 {
        self.found(lemma).widest
    }
}
