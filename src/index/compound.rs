//! Splitting Swedish compounds into their parts, following the hunspell dictionary's compound
//! rules, so that a search for a part ("svinn", "dialog", "mätare") finds the compounds it is
//! part of ("matsvinnsmätningen", "medborgardialogen", "vattenmätarna").
//!
//! A compound is a first part that may begin a compound (hunspell's COMPOUNDBEGIN forms:
//! "skol", "bostads", "vatten"), any number of parts that may stand inside one
//! (COMPOUNDMIDDLE: "hälso"), and a last part, the head, in any form of a word that may end one
//! (COMPOUNDEND: "teamet", "mätarna"). The linking letters are part of the dictionary's
//! compound forms ("bostads", "hälso"), and a triple consonant written as two is restored
//! ("natt" + "tillsyn" = "nattillsyn"). Words of the corpus that the dictionary does not know
//! ("svinn", "matsvinn") may be parts too, with or without a linking -s-.
//!
//! Among the possible splits the one with the fewest parts wins, then the one with the fewest
//! corpus-only parts, then the one whose shortest part is longest, then the longest head. A
//! word the dictionary knows is split only into parts of at least [`MIN_KNOWN_PART`] letters,
//! so that lexicalised words stay whole ("förskola" is not "för" + "skola", "information"
//! not "in" + "formation"); stop words are never parts.
//!
//! ```
//! let splitter = goda::index::Decompounder::default();
//! let parts = splitter.split("vattenmätarna").unwrap();
//! assert_eq!(parts.lemmas(), ["vatten", "mätare"]);
//! assert!(splitter.split("förskolan").is_none());
//! ```

use std::collections::HashSet;

use super::lexicon::{Lexicon, Position};
use super::words::{is_stop_word, stem};

/// Words shorter than this (in letters) are never split.
pub const MIN_COMPOUND_LETTERS: usize = 6;
/// The shortest part of a word the dictionary does not know.
const MIN_PART: usize = 3;
/// The shortest part of a word the dictionary knows: its splits must be plainly compounds.
/// Three letters ("hem" in "hemtjänst", "sim" in "simhall") only in words of at least
/// [`LONG_WORD`] letters, and never in the parts of parts (so "fritid" stays whole inside
/// "fritidsgård").
pub const MIN_KNOWN_PART: usize = 4;
/// A word this long may have three-letter parts.
const LONG_WORD: usize = 8;
/// The most parts a split may have.
const MAX_PARTS: usize = 5;

/// One part of a compound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The part as written in the compound, with any linking letter ("bostads").
    pub text: String,
    /// Its lemmas ("bostad"; "arbets" is a form of both "arbete" and "arbeta"); for a
    /// corpus-only part, its stem.
    pub lemmas: Vec<String>,
    /// Whether the dictionary knows the part (not only the corpus).
    pub known: bool,
}

/// A compound's parts, first part first; the last is the head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The parts, at least two.
    pub parts: Vec<Part>,
}

impl Split {
    /// The first lemma of each part, in order.
    pub fn lemmas(&self) -> Vec<&str> {
        self.parts.iter().map(|p| p.lemmas[0].as_str()).collect()
    }

    /// The head (last part).
    pub fn head(&self) -> &Part {
        self.parts.last().expect("a split has at least two parts")
    }

    /// The compound's own lemmas: the parts before the head as written, then each of the
    /// head's lemmas ("skolgårdsombyggnaden" → "skolgårdsombyggnad"); empty when the
    /// dictionary does not know the head, since only its lemmas are certain.
    pub fn compound_lemmas(&self) -> Vec<String> {
        let head = self.head();
        if !head.known {
            return Vec::new();
        }
        let modifiers: String = self.parts[..self.parts.len() - 1]
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        head.lemmas
            .iter()
            .map(|l| format!("{modifiers}{l}"))
            .collect()
    }
}

/// The role of a part of a compound, for weighing: the head names what the compound is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The last part: "dialog" in "medborgardialog".
    Head,
    /// Any part before it: "medborgare" in "medborgardialog".
    Modifier,
}

/// Splits compounds with the dictionary and the words learnt from a corpus.
#[derive(Debug, Default, Clone)]
pub struct Decompounder {
    /// Corpus words the dictionary does not know, as written.
    learned: HashSet<String>,
    /// Their stems, to recognise them as heads in any form.
    learned_stems: HashSet<String>,
}

fn letters(s: &str) -> usize {
    s.chars().count()
}

fn is_consonant(c: char) -> bool {
    c.is_alphabetic() && !"aeiouyåäöé".contains(c)
}

/// A candidate part found at some position.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Byte range in the word.
    start: usize,
    end: usize,
    /// Whether the dictionary knows it (else it is a corpus word).
    known: bool,
    /// For a corpus word followed by a linking -s-: the range without the -s-.
    bare_end: usize,
    /// A word of the dictionary that its flags do not allow at the end of a compound (many
    /// nouns lack them: "puls", "råd"), taken as the head of a word the dictionary does not
    /// know; ranked like a corpus word, below parts the flags allow.
    loose: bool,
}

/// The score of a partial split; smaller is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    parts: usize,
    learned: usize,
    /// Letters of the shortest part, negated (longer is better).
    shortest: isize,
}

#[derive(Debug, Clone)]
struct Path {
    score: Score,
    parts: Vec<Candidate>,
}

impl Decompounder {
    /// Learns a word of the corpus (lowercase) as a possible part, unless the dictionary
    /// knows it, it is a stop word, or it is not a plain word of at least three letters.
    pub fn learn(&mut self, word: &str) {
        if letters(word) < MIN_PART
            || !word.chars().all(char::is_alphabetic)
            || is_stop_word(word)
            || Lexicon::swedish().knows(word)
            || self.learned.contains(word)
        {
            return;
        }
        self.learned.insert(word.to_owned());
        self.learned_stems.insert(stem(word));
    }

    /// This splitter with `words` learnt.
    pub fn learning<'a>(mut self, words: impl IntoIterator<Item = &'a str>) -> Self {
        for w in words {
            self.learn(w);
        }
        self
    }

    /// The number of corpus words learnt.
    pub fn learned(&self) -> usize {
        self.learned.len()
    }

    fn part_ok(&self, text: &str, min: usize) -> bool {
        letters(text) >= min && !is_stop_word(text)
    }

    /// Parts that may stand at `position`, starting at byte `start` of `word`.
    fn candidates(
        &self,
        word: &str,
        start: usize,
        position: Position,
        (min, loose): (usize, bool),
        out: &mut Vec<Candidate>,
    ) {
        let sv = Lexicon::swedish();
        let rest = &word[start..];
        for (offset, _) in rest.char_indices().skip(1).chain([(rest.len(), ' ')]) {
            let end = start + offset;
            let text = &word[start..end];
            if letters(text) < min {
                continue;
            }
            let last = end == word.len();
            if (position == Position::End) != last {
                continue;
            }
            // (known, loose, where the part ends without a linking -s-)
            let kind = if sv.fits(text, position) && self.part_ok(text, min) {
                Some((true, false, end))
            } else if loose
                && position == Position::End
                && sv.knows(text)
                && self.part_ok(text, MIN_KNOWN_PART)
            {
                Some((true, true, end))
            } else if position == Position::End {
                (self.learned_stems.contains(&stem(text)) && self.part_ok(text, min))
                    .then_some((false, false, end))
            } else if self.learned.contains(text) && self.part_ok(text, min) {
                Some((false, false, end))
            } else {
                let bare = text.strip_suffix('s').unwrap_or(text);
                (bare.len() < text.len() && self.learned.contains(bare) && self.part_ok(bare, min))
                    .then_some((false, false, end - 1))
            };
            if let Some((known, loose, bare_end)) = kind {
                out.push(Candidate {
                    start,
                    end,
                    known,
                    bare_end,
                    loose,
                });
            }
        }
    }

    /// Where the next part may start after a part ending at byte `end`: there, or one letter
    /// back when the part ends in a doubled consonant that the next part also begins with
    /// ("natt" + "tillsyn" is written "nattillsyn").
    fn next_starts(word: &str, end: usize) -> impl Iterator<Item = usize> {
        let before: Vec<(usize, char)> = word[..end].char_indices().rev().take(2).collect();
        let overlap = match before.as_slice() {
            [(i, a), (_, b)] if a == b && is_consonant(*a) => Some(*i),
            _ => None,
        };
        [Some(end), overlap].into_iter().flatten()
    }

    /// The best split of `word` (lowercase) into at least two parts, or `None`.
    pub fn split(&self, word: &str) -> Option<Split> {
        if letters(word) < MIN_COMPOUND_LETTERS || !word.chars().all(char::is_alphabetic) {
            return None;
        }
        self.split_with(word, false)
    }

    /// [`Decompounder::split`]; `nested` for a part of a compound (then known words need
    /// parts of [`MIN_KNOWN_PART`] letters, whatever their length).
    fn split_with(&self, word: &str, nested: bool) -> Option<Split> {
        if letters(word) < MIN_COMPOUND_LETTERS || !word.chars().all(char::is_alphabetic) {
            return None;
        }
        let plain_parts_only =
            Lexicon::swedish().knows(word) && (nested || letters(word) < LONG_WORD);
        let min = if plain_parts_only {
            MIN_KNOWN_PART
        } else {
            MIN_PART
        };
        let best = self.best_path(word, min)?;
        let sv = Lexicon::swedish();
        let count = best.parts.len();
        let parts = best
            .parts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let text = &word[c.start..c.end];
                let position = match i {
                    0 => Position::Begin,
                    i if i + 1 == count => Position::End,
                    _ => Position::Middle,
                };
                let mut lemmas: Vec<String> = match (c.known, c.loose) {
                    (true, false) => sv
                        .compound_lemmas(text, position)
                        .map(str::to_owned)
                        .collect(),
                    (true, true) => sv.lemmas(text).map(str::to_owned).collect(),
                    (false, _) => Vec::new(),
                };
                if lemmas.is_empty() {
                    lemmas.push(stem(&word[c.start..c.bare_end]));
                }
                Part {
                    text: text.to_owned(),
                    lemmas,
                    known: c.known,
                }
            })
            .collect();
        Some(Split { parts })
    }

    fn best_path(&self, word: &str, min: usize) -> Option<Path> {
        // paths[i]: the best way to cover word[..i] with a first part and middle parts.
        let mut paths: Vec<Option<Path>> = vec![None; word.len() + 1];
        let mut found = Vec::new();
        let rules = (min, !Lexicon::swedish().knows(word));
        self.candidates(word, 0, Position::Begin, rules, &mut found);
        for c in found.drain(..) {
            let path = Path {
                score: Score {
                    parts: 1,
                    learned: usize::from(!c.known || c.loose),
                    shortest: -(letters(&word[c.start..c.end]) as isize),
                },
                parts: vec![c],
            };
            keep_better(&mut paths[c.end], path);
        }
        let mut best: Option<Path> = None;
        for i in 1..word.len() {
            let Some(path) = paths[i].clone() else {
                continue;
            };
            if path.parts.len() >= MAX_PARTS {
                continue;
            }
            for start in Self::next_starts(word, i) {
                self.candidates(word, start, Position::Middle, rules, &mut found);
                self.candidates(word, start, Position::End, rules, &mut found);
                for c in found.drain(..) {
                    let mut next = path.clone();
                    next.score.parts += 1;
                    next.score.learned += usize::from(!c.known || c.loose);
                    next.score.shortest = next
                        .score
                        .shortest
                        .max(-(letters(&word[c.start..c.end]) as isize));
                    next.parts.push(c);
                    if c.end == word.len() {
                        keep_better(&mut best, next);
                    } else {
                        keep_better(&mut paths[c.end], next);
                    }
                }
            }
        }
        best
    }

    /// Every part of `word` with its role, the parts of the parts included: the head's own
    /// head is a head too ("långtidssjukskrivningen": "sjukskrivning" and "skrivning" are
    /// heads; "lång", "tid" and "sjuk" modifiers). Empty when `word` is not a compound.
    pub fn parts(&self, word: &str) -> Vec<(String, Role)> {
        let mut out = Vec::new();
        if let Some(split) = self.split(word) {
            self.collect_parts(&split, Role::Head, 0, &mut out);
        }
        out
    }

    fn collect_parts(&self, split: &Split, role: Role, depth: u8, out: &mut Vec<(String, Role)>) {
        let count = split.parts.len();
        for (i, part) in split.parts.iter().enumerate() {
            let part_role = if i + 1 == count { role } else { Role::Modifier };
            for lemma in &part.lemmas {
                let entry = (lemma.clone(), part_role);
                if !out.contains(&entry) {
                    out.push(entry);
                }
            }
            if depth < 2
                && part.known
                && let Some(inner) = self.split_with(&part.lemmas[0], true)
            {
                self.collect_parts(&inner, part_role, depth + 1, out);
            }
        }
    }
}

fn keep_better(slot: &mut Option<Path>, candidate: Path) {
    let better = match slot {
        None => true,
        Some(old) => {
            let head = |p: &Path| p.parts.last().map_or(0, |c| c.end - c.start);
            (candidate.score, std::cmp::Reverse(head(&candidate)))
                < (old.score, std::cmp::Reverse(head(old)))
        }
    };
    if better {
        *slot = Some(candidate);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splitter() -> Decompounder {
        Decompounder::default().learning(["svinn", "matsvinn", "dialogen"])
    }

    fn lemmas(word: &str) -> Vec<String> {
        splitter()
            .split(word)
            .unwrap_or_else(|| panic!("{word} was not split"))
            .lemmas()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn compounds_of_two_parts_split_into_lemmas() {
        assert_eq!(lemmas("vattenmätarna"), ["vatten", "mätare"]);
        assert_eq!(lemmas("medborgardialogen"), ["medborgare", "dialog"]);
        assert_eq!(
            lemmas("innovationsupphandlingen"),
            ["innovation", "upphandling"]
        );
        assert_eq!(lemmas("skolrestaurangen"), ["skola", "restaurang"]);
        assert_eq!(lemmas("nattillsyn"), ["natt", "tillsyn"]);
    }

    #[test]
    fn compounds_of_three_parts_split_into_every_part() {
        assert_eq!(lemmas("elevhälsoteamet"), ["elev", "hälsa", "team"]);
        let parts = splitter().parts("långtidssjukskrivningen");
        let has = |l: &str, r: Role| parts.contains(&(l.to_owned(), r));
        assert!(has("sjukskrivning", Role::Head), "{parts:?}");
        assert!(has("lång", Role::Modifier), "{parts:?}");
        assert!(has("sjuk", Role::Modifier), "{parts:?}");
    }

    #[test]
    fn a_compound_of_corpus_words_splits_too() {
        let parts = splitter().parts("matsvinnsmätningen");
        assert!(
            parts.contains(&("mätning".to_owned(), Role::Head)),
            "{parts:?}"
        );
        // A corpus word's lemma is its stem.
        assert!(
            parts.contains(&(stem("matsvinn"), Role::Modifier)),
            "{parts:?}"
        );
    }

    #[test]
    fn the_compound_lemma_is_its_modifiers_and_the_head_lemma() {
        let split = splitter().split("skolgårdsombyggnaden").unwrap();
        assert_eq!(split.compound_lemmas(), ["skolgårdsombyggnad"]);
    }

    #[test]
    fn an_unknown_compound_may_end_in_a_word_the_flags_leave_out() {
        // "puls" lacks hunspell's COMPOUNDEND flag, yet "elevpuls" is elev + puls.
        let split = splitter().split("elevpulsen").unwrap();
        assert_eq!(split.lemmas(), ["elev", "puls"]);
        assert_eq!(split.compound_lemmas(), ["elevpuls"]);
    }

    #[test]
    fn ordinary_words_are_not_split() {
        for word in [
            "förskolan",
            "förskolorna",
            "innovation",
            "information",
            "medarbetare",
            "verksamheten",
            "underlaget",
            "kommunen",
            "utbildning",
            "tillgänglighet",
            "uppföljning",
            "omsorgen",
            "samverkan",
            "vårdnadshavare",
            "arbetet",
            "resultatet",
            "kvaliteten",
            "pedagogerna",
            "personalen",
            "föräldrarna",
            "eleverna",
            "boende",
            "samtal",
            "ansvar",
            "erfarenheter",
            "beslutet",
        ] {
            assert_eq!(splitter().split(word), None, "{word}");
        }
    }
}
