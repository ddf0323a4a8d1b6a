//! The Swedish full-form lexicon: every form of every word of the hunspell dictionary, with
//! its lemma (base form), and the forms words take inside compounds.
//!
//! `scripts/make-lexicon` expands hunspell-sv's `sv_SE.dic` with the affix rules of
//! `sv_SE.aff` into `data/sv-lemmas.txt`; `data/sv-exceptions.txt` adds the few forms the
//! dictionary does not tie to their lemma; `build.rs` compiles both into finite-state
//! transducers embedded in the binary, so a lookup costs no start-up time and no heap.
//! An ambiguous form has every lemma it can have ("städer" is a form of both "stad" and
//! "städa").
//!
//! ```
//! let sv = goda::index::Lexicon::swedish();
//! assert_eq!(sv.lemmas("bostäderna").collect::<Vec<_>>(), ["bostad"]);
//! assert_eq!(sv.lemmas("införde").collect::<Vec<_>>(), ["införa"]);
//! assert!(sv.lemmas("matsvinnet").next().is_none());
//! ```

use std::sync::LazyLock;

use fst::{IntoStreamer, Map, Streamer};
use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};

macro_rules! generated {
    ($name:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/", $name))
    };
}

/// Where in a compound a form may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// First ("skol" in "skolgård", "bostads" in "bostadsområde").
    Begin,
    /// Inside, between two others ("hälso" in "elevhälsoteam").
    Middle,
    /// Last: the head, in any of its forms ("mätarna" in "vattenmätarna").
    End,
}

/// The lemmas of one form: a borrowed view into the lexicon.
#[derive(Debug, Clone)]
pub struct Lemmas {
    ids: LemmaIds,
}

#[derive(Debug, Clone)]
enum LemmaIds {
    None,
    One(u32),
    Many { at: usize, left: usize },
}

impl Iterator for Lemmas {
    type Item = &'static str;

    fn next(&mut self) -> Option<&'static str> {
        let lex = Lexicon::swedish();
        match &mut self.ids {
            LemmaIds::None => None,
            LemmaIds::One(id) => {
                let id = *id;
                self.ids = LemmaIds::None;
                Some(lex.lemma(id))
            }
            LemmaIds::Many { at, left } => {
                if *left == 0 {
                    return None;
                }
                let id = lex.u32_at(lex.sets, *at);
                *at += 1;
                *left -= 1;
                Some(lex.lemma(id))
            }
        }
    }
}

/// The embedded Swedish lexicon.
pub struct Lexicon {
    words: Map<&'static [u8]>,
    begin: Map<&'static [u8]>,
    middle: Map<&'static [u8]>,
    end: Map<&'static [u8]>,
    sets: &'static [u8],
    lemma_text: &'static str,
    lemma_offsets: &'static [u8],
}

static SWEDISH: LazyLock<Lexicon> = LazyLock::new(|| {
    let map = |bytes: &'static [u8]| Map::new(bytes).expect("build.rs writes valid transducers");
    Lexicon {
        words: map(generated!("words.fst")),
        begin: map(generated!("begin.fst")),
        middle: map(generated!("middle.fst")),
        end: map(generated!("end.fst")),
        sets: generated!("sets.bin"),
        lemma_text: std::str::from_utf8(generated!("lemmas.txt"))
            .expect("build.rs writes the lemmas as UTF-8"),
        lemma_offsets: generated!("lemma-offsets.bin"),
    }
});

impl Lexicon {
    /// The Swedish lexicon embedded in the binary.
    pub fn swedish() -> &'static Lexicon {
        &SWEDISH
    }

    fn u32_at(&self, bytes: &[u8], index: usize) -> u32 {
        let b = &bytes[index * 4..index * 4 + 4];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }

    fn lemma(&self, id: u32) -> &'static str {
        let start = self.u32_at(self.lemma_offsets, id as usize) as usize;
        let rest = &self.lemma_text[start..];
        &rest[..rest.find('\n').unwrap_or(rest.len())]
    }

    fn decode(&self, value: Option<u64>) -> Lemmas {
        let ids = match value {
            None => LemmaIds::None,
            Some(v) if v & 1 == 0 => LemmaIds::One((v >> 1) as u32),
            Some(v) => {
                let at = (v >> 1) as usize;
                LemmaIds::Many {
                    at: at + 1,
                    left: self.u32_at(self.sets, at) as usize,
                }
            }
        };
        Lemmas { ids }
    }

    /// The lemmas of a lowercase word standing alone; empty when the lexicon does not know it.
    pub fn lemmas(&self, word: &str) -> Lemmas {
        self.decode(self.words.get(word))
    }

    /// Whether the lexicon knows `word` as a word standing alone.
    pub fn knows(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }

    /// The forms of the lexicon within `distance` edits of `word` (a letter left out, added,
    /// replaced, or two swapped), with their edit distance and lemmas, at most `limit` of
    /// them, fewest edits first. `word` itself is left out. Distances above 2 give nothing:
    /// they reach too many words to mean anything.
    pub fn near(&self, word: &str, distance: u8, limit: usize) -> Vec<(String, u8, Lemmas)> {
        static BUILDERS: LazyLock<[LevenshteinAutomatonBuilder; 2]> = LazyLock::new(|| {
            [
                LevenshteinAutomatonBuilder::new(1, true),
                LevenshteinAutomatonBuilder::new(2, true),
            ]
        });
        let Some(builder) = BUILDERS.get(usize::from(distance).wrapping_sub(1)) else {
            return Vec::new();
        };
        let dfa = Within(builder.build_dfa(word));
        let mut stream = self.words.search(&dfa).into_stream();
        let mut found = Vec::new();
        while let Some((form, value)) = stream.next() {
            let Ok(form) = std::str::from_utf8(form) else {
                continue;
            };
            if form == word {
                continue;
            }
            let Distance::Exact(d) = dfa.0.eval(form) else {
                continue;
            };
            found.push((form.to_owned(), d, self.decode(Some(value))));
        }
        found.sort_by_key(|(form, d, _)| (*d, form.len().abs_diff(word.len())));
        found.truncate(limit);
        found
    }

    /// The lemmas of `form` in a compound at `position`; empty when it cannot stand there.
    pub fn compound_lemmas(&self, form: &str, position: Position) -> Lemmas {
        let map = match position {
            Position::Begin => &self.begin,
            Position::Middle => &self.middle,
            Position::End => &self.end,
        };
        self.decode(map.get(form))
    }

    /// Whether `form` may stand at `position` in a compound.
    pub fn fits(&self, form: &str, position: Position) -> bool {
        match position {
            Position::Begin => self.begin.contains_key(form),
            Position::Middle => self.middle.contains_key(form),
            Position::End => self.end.contains_key(form),
        }
    }
}

/// A Levenshtein automaton walking the lexicon's transducer.
struct Within(DFA);

impl fst::Automaton for Within {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lemmas(word: &str) -> Vec<&'static str> {
        Lexicon::swedish().lemmas(word).collect()
    }

    fn has(word: &str, lemma: &str) {
        let found = lemmas(word);
        assert!(found.contains(&lemma), "{word} -> {found:?}, not {lemma}");
    }

    #[test]
    fn umlaut_and_irregular_plurals_reach_their_singular() {
        has("bostäder", "bostad");
        has("bostäderna", "bostad");
        has("städer", "stad");
        has("böcker", "bok");
        has("möten", "möte");
        has("fötter", "fot");
        has("länder", "land");
        has("män", "man");
    }

    #[test]
    fn strong_verbs_and_past_forms_reach_their_infinitive() {
        for form in ["införde", "infört", "inför", "infördes"] {
            has(form, "införa");
        }
        for form in ["gick", "gått", "går"] {
            has(form, "gå");
        }
        for form in ["skrev", "skrivit", "skriver"] {
            has(form, "skriva");
        }
    }

    #[test]
    fn definite_and_plural_nouns_reach_their_base_form() {
        has("förskolorna", "förskola");
        has("äldreboendena", "äldreboende");
        has("projektet", "projekt");
        has("kvaliteten", "kvalitet");
        has("vårdnadshavarna", "vårdnadshavare");
    }

    #[test]
    fn derivations_keep_a_lemma_of_their_own() {
        assert_eq!(lemmas("skrivarna"), ["skrivare"]);
        assert!(!lemmas("stadsbor").contains(&"stad"));
    }

    #[test]
    fn an_ambiguous_form_has_every_lemma() {
        has("städer", "stad");
        has("städer", "städa");
    }

    #[test]
    fn compound_forms_know_their_position_and_lemma() {
        let sv = Lexicon::swedish();
        assert!(sv.fits("skol", Position::Begin));
        assert!(!sv.knows("skol"));
        assert_eq!(
            sv.compound_lemmas("skol", Position::Begin)
                .collect::<Vec<_>>(),
            ["skola"]
        );
        assert_eq!(
            sv.compound_lemmas("hälso", Position::Middle)
                .collect::<Vec<_>>(),
            ["hälsa"]
        );
        assert!(sv.fits("mätarna", Position::End));
        assert!(!sv.fits("för", Position::Begin));
    }

    #[test]
    fn every_exception_reaches_its_lemma() {
        let text = include_str!("../../data/sv-exceptions.txt");
        let mut seen = 0;
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let mut words = line.split_whitespace();
            let form = words.next().unwrap();
            for lemma in words {
                has(form, lemma);
                seen += 1;
            }
        }
        assert!(seen > 10);
    }

    #[test]
    fn near_forms_are_found_within_the_distance_with_their_lemmas() {
        let sv = Lexicon::swedish();
        let near = sv.near("ronotarna", 1, 20);
        let robot = near
            .iter()
            .find(|(form, _, _)| form == "robotarna")
            .expect("one letter replaced");
        assert_eq!(robot.1, 1);
        assert_eq!(robot.2.clone().collect::<Vec<_>>(), ["robot"]);
        assert!(
            near.iter()
                .all(|(form, d, _)| *d == 1 && form != "ronotarna")
        );
        assert!(
            sv.near("kmerorna", 1, 20)
                .iter()
                .any(|(form, _, _)| form == "kamerorna")
        );
        assert!(
            sv.near("bostädrena", 2, 20)
                .iter()
                .any(|(form, _, l)| form == "bostäderna" && l.clone().any(|l| l == "bostad"))
        );
        assert!(sv.near("skola", 3, 20).is_empty());
        assert!(sv.near("skola", 0, 20).is_empty());
    }

    #[test]
    fn unknown_words_have_no_lemma() {
        assert!(lemmas("matsvinnet").is_empty());
        assert!(lemmas("xqzv").is_empty());
    }
}
