//! A soft conjunction: the examples whose matching words carry enough of a query's weight
//! (see [`super::long`] for how words are weighed and why).
//!
//! [`SoftAnd`] matches an example when the words it has carry at least a share of the query's
//! weight, and scores it by its text score plus a bonus for that share, plus a tier when it
//! has every word. Only the words without which no example can carry enough are walked; the
//! others are looked up at their candidates.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// One way a word of the query may match: the word itself (`full`), or one of its compound's
/// parts, which carries less of its weight (the parts found add up to at most
/// [`Coordination::parts_cap`] of the word).
#[derive(Debug)]
pub struct Alternative {
    /// What matches.
    pub query: Box<dyn Query>,
    /// The word (its index among the query's words).
    pub word: usize,
    /// The share of the query's weight a match carries (of all words, summing to 1).
    pub share: f32,
    /// Whether a match is of the word itself.
    pub full: bool,
}

impl Clone for Alternative {
    fn clone(&self) -> Self {
        Self {
            query: self.query.box_clone(),
            ..*self
        }
    }
}

/// Scoring of a [`SoftAnd`].
#[derive(Debug, Clone, Copy)]
pub struct Coordination {
    /// The share of the query's weight an example must carry to match.
    pub min_share: f32,
    /// Added to the text score for each unit of share carried.
    pub bonus: f32,
    /// Added for an example that matches every word itself.
    pub every_word: f32,
    /// The most of a word's share its compound's parts carry together.
    pub parts_cap: f32,
}

/// Examples whose matching words carry at least [`Coordination::min_share`] of the query's
/// weight; each word counts once, by itself or by the parts of it found.
#[derive(Debug, Clone)]
pub struct SoftAnd {
    alternatives: Vec<Alternative>,
    /// Each word's share of the query's weight.
    words: Vec<f32>,
    coordination: Coordination,
}

impl SoftAnd {
    /// A soft conjunction of `alternatives` of words with the given shares.
    pub fn new(
        alternatives: Vec<Alternative>,
        words: Vec<f32>,
        coordination: Coordination,
    ) -> Self {
        Self {
            alternatives,
            words,
            coordination,
        }
    }
}

impl Query for SoftAnd {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .alternatives
            .iter()
            .map(|a| a.query.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(SoftAndWeight {
            weights,
            roles: self
                .alternatives
                .iter()
                .map(|a| (a.word, a.share, a.full))
                .collect(),
            words: self.words.clone(),
            coordination: self.coordination,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for a in &self.alternatives {
            a.query.query_terms(visitor);
        }
    }
}

/// Each alternative's word, share and whether it is the word itself.
type Role = (usize, f32, bool);

struct SoftAndWeight {
    weights: Vec<Box<dyn Weight>>,
    roles: Vec<Role>,
    words: Vec<f32>,
    coordination: Coordination,
}

impl SoftAndWeight {
    /// Per word, whether an example must have it or another word so marked to carry enough
    /// weight: the words left out, the lightest, carry too little together. Only the marked
    /// words' matches are candidates; the others are looked up at them (as in MaxScore), so a
    /// long query's common words cost a lookup per candidate, not a walk through their
    /// examples.
    fn essential(&self) -> Vec<bool> {
        let mut lightest: Vec<usize> = (0..self.words.len()).collect();
        lightest.sort_by(|a, b| self.words[*a].total_cmp(&self.words[*b]));
        let mut essential = vec![true; self.words.len()];
        let mut carried = 0.0;
        for word in lightest {
            carried += self.words[word];
            if carried + TOLERANCE >= self.coordination.min_share {
                break;
            }
            essential[word] = false;
        }
        essential
    }
}

impl Weight for SoftAndWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let children = self
            .weights
            .iter()
            .map(|w| w.scorer(reader, boost))
            .collect::<tantivy::Result<_>>()?;
        let essential = self.essential();
        let words = self.words.len();
        let mut scorer = SoftAndScorer {
            children,
            essential: self.roles.iter().map(|r| essential[r.0]).collect(),
            roles: self.roles.clone(),
            coordination: self.coordination,
            parts_caps: self
                .words
                .iter()
                .map(|w| w * self.coordination.parts_cap)
                .collect(),
            shares: vec![0.0; words],
            parts: vec![0.0; words],
            itself: vec![false; words],
            doc: 0,
            score: 0.0,
        };
        scorer.settle();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("soft conjunction", scorer.score()))
    }
}

/// A little tolerance for the rounding of shares that sum to one.
const TOLERANCE: f32 = 1e-4;

struct SoftAndScorer {
    children: Vec<Box<dyn Scorer>>,
    /// Per child, whether its matches are candidates (see [`SoftAndWeight::essential`]).
    essential: Vec<bool>,
    roles: Vec<Role>,
    coordination: Coordination,
    /// Per word, the most its parts carry.
    parts_caps: Vec<f32>,
    /// Per word, at the current candidate: the share of the word itself, of its parts, and
    /// whether it matched itself.
    shares: Vec<f32>,
    parts: Vec<f32>,
    itself: Vec<bool>,
    doc: DocId,
    score: Score,
}

impl SoftAndScorer {
    /// Moves to the first candidate, from the essential children's positions on, that
    /// carries enough of the query's weight.
    fn settle(&mut self) -> DocId {
        loop {
            let doc = self
                .children
                .iter()
                .zip(&self.essential)
                .filter(|(_, essential)| **essential)
                .map(|(c, _)| c.doc())
                .min()
                .unwrap_or(TERMINATED);
            self.doc = doc;
            if doc == TERMINATED {
                return doc;
            }
            for (child, essential) in self.children.iter_mut().zip(&self.essential) {
                if !essential && child.doc() < doc {
                    child.seek(doc);
                }
            }
            if self.carries_enough(doc) {
                self.score_at(doc);
                return doc;
            }
            self.step_past(doc);
        }
    }

    /// Whether the children positioned on `doc` carry enough of the query's weight.
    fn carries_enough(&mut self, doc: DocId) -> bool {
        self.shares.fill(0.0);
        self.parts.fill(0.0);
        self.itself.fill(false);
        for (child, &(word, share, full)) in self.children.iter().zip(&self.roles) {
            if child.doc() != doc {
                continue;
            }
            if full {
                self.shares[word] = share;
                self.itself[word] = true;
            } else {
                self.parts[word] += share;
            }
        }
        self.carried() + TOLERANCE >= self.coordination.min_share
    }

    fn carried(&self) -> f32 {
        (self.shares.iter().zip(&self.parts))
            .zip(&self.parts_caps)
            .map(|((s, p), cap)| s.max(p.min(*cap)))
            .sum()
    }

    /// Scores `doc`, which carries enough: the children's scores, the bonus for the share
    /// carried, and the tier of matching every word.
    fn score_at(&mut self, doc: DocId) {
        let text: Score = self
            .children
            .iter_mut()
            .filter(|c| c.doc() == doc)
            .map(|c| c.score())
            .sum();
        let c = self.coordination;
        let every = if self.itself.iter().all(|x| *x) {
            c.every_word
        } else {
            0.0
        };
        self.score = text + c.bonus * self.carried() + every;
    }

    /// Moves the essential children on `doc` past it (the others are sought from the next
    /// candidate).
    fn step_past(&mut self, doc: DocId) {
        for (child, essential) in self.children.iter_mut().zip(&self.essential) {
            if *essential && child.doc() == doc {
                child.advance();
            }
        }
    }
}

impl DocSet for SoftAndScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.step_past(self.doc);
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for (child, essential) in self.children.iter_mut().zip(&self.essential) {
            if *essential && child.doc() < target {
                child.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.children
            .iter()
            .zip(&self.essential)
            .filter(|(_, essential)| **essential)
            .map(|(c, _)| c.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for SoftAndScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_words_without_which_no_example_carries_enough_are_walked() {
        let weight = |words: Vec<f32>, min_share| SoftAndWeight {
            weights: Vec::new(),
            roles: Vec::new(),
            words,
            coordination: Coordination {
                min_share,
                bonus: 0.0,
                every_word: 0.0,
                parts_cap: 0.8,
            },
        };
        // The two light words carry 0.3 together: an example needs the heavy one.
        assert_eq!(
            weight(vec![0.1, 0.7, 0.2], 0.5).essential(),
            [false, true, false]
        );
        // Any two of three equal words carry enough: each may be the one an example lacks.
        assert_eq!(
            weight(vec![1.0 / 3.0; 3], 0.5).essential(),
            [false, true, true]
        );
    }
}
