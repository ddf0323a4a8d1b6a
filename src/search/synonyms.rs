//! Synonyms: other words for what a person typed, searched beside it and always weighing less.
//!
//! Two sources, both applied when a query is planned, so that a change needs no reindex:
//!
//! - the Swedish thesaurus (`data/sv-synonyms.txt`, filtered from mythes-sv by
//!   `scripts/make-synonyms` to pairs listed both ways, as lemmas), weighing least;
//! - the organisers' own list in the corpus (`synonymer.toml`, see
//!   [`crate::corpus::SynonymList`]): groups of equivalent terms and one-way expansions,
//!   weighing more, since someone who knows the city's words chose them.
//!
//! Terms are compared as lemmas, so "föräldrarna" expands like "förälder". A term of several
//! words ("äldre personer") is searched as a phrase.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::corpus::SynonymList;
use crate::index::{Decompounder, is_stop_word, lemmas_of};

/// What a synonym match weighs against a match of the typed word, from the thesaurus.
pub const THESAURUS_WEIGHT: f32 = 0.3;
/// ... and from the organisers' list.
pub const CURATED_WEIGHT: f32 = 0.6;
/// The most thesaurus synonyms one word expands to (it lists up to a dozen for some common
/// words; the first ones in its order are kept); curated ones are always kept.
const MAX_EXPANSIONS: usize = 4;

/// One synonym of a lemma: a word, or the lemmas of a phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct Synonym {
    /// The lemmas of the synonym, in order (one for a word).
    pub lemmas: Vec<String>,
    /// The position of each lemma within the phrase, counting the stop words left out
    /// ("vård- och omsorgsboende": 0 and 2), as the index counts them.
    pub positions: Vec<usize>,
    /// How much a match weighs against the typed word.
    pub weight: f32,
}

/// Synonyms by lemma.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    by_lemma: HashMap<String, Vec<Synonym>>,
}

static THESAURUS: LazyLock<Synonyms> = LazyLock::new(|| {
    let mut out = Synonyms::default();
    for line in include_str!("../../data/sv-synonyms.txt").lines() {
        if line.starts_with('#') {
            continue;
        }
        if let Some((a, b)) = line.split_once(' ') {
            out.add(a, synonym(vec![(0, b.to_owned())], THESAURUS_WEIGHT));
            out.add(b, synonym(vec![(0, a.to_owned())], THESAURUS_WEIGHT));
        }
    }
    out
});

/// The lemmas of a term (one or several words), stop words left out, each with its position
/// among the term's words (the index's tokenizer splits the same way and counts stop words).
fn term_lemmas(term: &str) -> Vec<(usize, String)> {
    let splitter = Decompounder::default();
    term.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .enumerate()
        .filter(|(_, w)| !is_stop_word(w))
        .filter_map(|(i, w)| Some((i, lemmas_of(&w, &splitter).into_iter().next()?)))
        .collect()
}

/// A synonym of one word (of the thesaurus, or a one-word term) or of a phrase.
fn synonym(terms: Vec<(usize, String)>, weight: f32) -> Synonym {
    let first = terms.first().map_or(0, |(p, _)| *p);
    let (positions, lemmas) = terms.into_iter().map(|(p, l)| (p - first, l)).unzip();
    Synonym {
        lemmas,
        positions,
        weight,
    }
}

impl Synonyms {
    /// The thesaurus synonyms alone.
    pub fn thesaurus() -> Synonyms {
        THESAURUS.clone()
    }

    /// The thesaurus with the organisers' list on top.
    pub fn with_list(list: &SynonymList) -> Synonyms {
        let mut out = Self::thesaurus();
        for group in &list.groups {
            let terms: Vec<Vec<(usize, String)>> = group.iter().map(|t| term_lemmas(t)).collect();
            for (i, from) in terms.iter().enumerate() {
                let [(_, lemma)] = from.as_slice() else {
                    continue;
                };
                for (j, to) in terms.iter().enumerate() {
                    if i != j && !to.is_empty() {
                        out.add_curated(lemma, to.clone());
                    }
                }
            }
        }
        for expansion in &list.expansions {
            let from = term_lemmas(&expansion.from);
            let [(_, lemma)] = from.as_slice() else {
                continue;
            };
            for to in &expansion.to {
                let to = term_lemmas(to);
                if !to.is_empty() {
                    out.add_curated(lemma, to);
                }
            }
        }
        out
    }

    fn add(&mut self, lemma: &str, to: Synonym) {
        let list = self.by_lemma.entry(lemma.to_owned()).or_default();
        if list.len() < MAX_EXPANSIONS && !list.iter().any(|s| s.lemmas == to.lemmas) {
            list.push(to);
        }
    }

    fn add_curated(&mut self, lemma: &str, to: Vec<(usize, String)>) {
        if matches!(to.as_slice(), [(_, one)] if one == lemma) {
            return;
        }
        let to = synonym(to, CURATED_WEIGHT);
        let list = self.by_lemma.entry(lemma.to_owned()).or_default();
        list.retain(|s| s.lemmas != to.lemmas);
        list.insert(0, to);
    }

    /// The synonyms of a lemma (none when it has none).
    pub fn of(&self, lemma: &str) -> &[Synonym] {
        self.by_lemma.get(lemma).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Expansion, SynonymList};

    fn words(s: &Synonyms, lemma: &str) -> Vec<String> {
        s.of(lemma).iter().map(|x| x.lemmas.join(" ")).collect()
    }

    #[test]
    fn safe_thesaurus_pairs_expand_both_ways() {
        let s = Synonyms::thesaurus();
        assert!(words(&s, "personal").contains(&"anställd".to_owned()));
        assert!(words(&s, "anställd").contains(&"personal".to_owned()));
        assert!(words(&s, "kostnad").contains(&"avgift".to_owned()));
        assert!(words(&s, "dialog").contains(&"samtal".to_owned()));
    }

    #[test]
    fn one_way_and_unsafe_thesaurus_entries_are_left_out() {
        let s = Synonyms::thesaurus();
        // "lärare" is listed with "idioter", a joke in another form than the base form;
        // "hora" is marked vulgar in the dictionary; "föräldrar" lists "päron" one way only.
        assert!(!words(&s, "lärare").contains(&"idiot".to_owned()));
        assert!(s.of("hora").is_empty());
        assert!(!words(&s, "förälder").contains(&"päron".to_owned()));
        assert!(s.of("och").is_empty());
    }

    #[test]
    fn the_organisers_list_adds_groups_and_one_way_expansions_as_lemmas() {
        let list = SynonymList {
            groups: vec![vec!["vårdnadshavare".into(), "föräldrar".into()]],
            expansions: vec![Expansion {
                from: "stockholmare".into(),
                to: vec!["invånare".into(), "boende i staden".into()],
            }],
        };
        let s = Synonyms::with_list(&list);
        assert_eq!(words(&s, "förälder")[0], "vårdnadshavare");
        assert_eq!(words(&s, "vårdnadshavare")[0], "förälder");
        assert!(words(&s, "stockholmare").contains(&"invånare".to_owned()));
        assert!(words(&s, "stockholmare").contains(&"boende stad".to_owned()));
        assert!(!words(&s, "invånare").contains(&"stockholmare".to_owned()));
        assert_eq!(s.of("förälder")[0].weight, CURATED_WEIGHT);
    }
}
