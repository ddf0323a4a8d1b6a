//! Misspelt copies of judged queries: a typo test that no one wrote by hand.
//!
//! A collection's own typo queries are few (ten or so), so a figure on them moves by a tenth
//! with one query. [`misspell`] makes, from every judged query of another kind, copies with one
//! typing error in one word of five letters or more, of the kinds people make on a Swedish
//! keyboard: a letter left out, one too many (a neighbouring key, or a letter typed twice), a
//! neighbouring key instead of the right one, two letters swapped, a double consonant made
//! single, or å, ä, ö typed without their marks. The first letter is left alone, as people
//! rarely mistype it. The copies keep the original's judgments, so the figure says how much of
//! a query's ranking survives a typo. The errors are drawn from a seeded generator: every run
//! gives the same copies.

use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::JudgedQuery;

/// Copies made of each query.
pub const COPIES: usize = 2;

/// The rows of a Swedish keyboard, for neighbouring keys.
const ROWS: [&str; 3] = ["qwertyuiopå", "asdfghjklöä", "zxcvbnm"];

/// The letters next to `c` on the same row of a Swedish keyboard.
fn neighbours(c: char) -> Vec<char> {
    for row in ROWS {
        let letters: Vec<char> = row.chars().collect();
        if let Some(i) = letters.iter().position(|&l| l == c) {
            let mut out = Vec::new();
            if i > 0 {
                out.push(letters[i - 1]);
            }
            if let Some(&next) = letters.get(i + 1) {
                out.push(next);
            }
            return out;
        }
    }
    Vec::new()
}

fn is_consonant(c: char) -> bool {
    c.is_alphabetic() && !"aeiouyåäö".contains(c)
}

/// One typing error in `word` (lower case, at least five letters), or `None` when the drawn
/// kind does not apply to it.
fn one_error(word: &[char], rng: &mut ChaCha8Rng) -> Option<Vec<char>> {
    let mut w = word.to_vec();
    // Never the first letter.
    let at = rng.random_range(1..w.len());
    match rng.random_range(0..7) {
        0 => {
            w.remove(at);
        }
        1 => {
            let c = *neighbours(w[at]).choose(rng)?;
            w.insert(at, c);
        }
        2 => {
            let c = *neighbours(w[at]).choose(rng)?;
            w[at] = c;
        }
        3 => {
            if at + 1 >= w.len() || w[at] == w[at + 1] {
                return None;
            }
            w.swap(at, at + 1);
        }
        4 => {
            let doubled: Vec<usize> = (1..w.len())
                .filter(|&i| w[i] == w[i - 1] && is_consonant(w[i]))
                .collect();
            w.remove(*doubled.choose(rng)?);
        }
        5 => {
            let marked: Vec<usize> = (1..w.len()).filter(|&i| "åäö".contains(w[i])).collect();
            let i = *marked.choose(rng)?;
            w[i] = if w[i] == 'ö' { 'o' } else { 'a' };
        }
        _ => {
            let c = w[at];
            w.insert(at, c);
        }
    }
    (w != word).then_some(w)
}

/// [`COPIES`] misspelt copies of `query` (fewer when it has no word of five letters or more),
/// each with one error in one word, drawn from a generator seeded by the query's id.
pub fn misspell(query: &JudgedQuery) -> Vec<JudgedQuery> {
    let seed = query.id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let words: Vec<&str> = query.q.split(' ').collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| {
            let w = words[i];
            w.chars().count() >= 5 && w.chars().all(char::is_alphabetic)
        })
        .collect();
    let mut copies = Vec::new();
    if long.is_empty() {
        return copies;
    }
    let mut tries = 0;
    while copies.len() < COPIES && tries < 50 {
        tries += 1;
        let i = *long.choose(&mut rng).expect("not empty");
        let word: Vec<char> = words[i].to_lowercase().chars().collect();
        let Some(wrong) = one_error(&word, &mut rng) else {
            continue;
        };
        let mut typed = words.clone();
        let wrong: String = wrong.into_iter().collect();
        typed[i] = &wrong;
        let q = typed.join(" ");
        if copies.iter().any(|c: &JudgedQuery| c.q == q) {
            continue;
        }
        copies.push(JudgedQuery {
            id: format!("{}~{}", query.id, copies.len() + 1),
            kind: "misspelt".to_owned(),
            q,
            ..query.clone()
        });
    }
    copies
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(id: &str, q: &str) -> JudgedQuery {
        JudgedQuery {
            id: id.to_owned(),
            kind: "compound".to_owned(),
            q: q.to_owned(),
            filters: Default::default(),
            judgments: [("a".to_owned(), 3)].into(),
        }
    }

    #[test]
    fn each_copy_differs_from_the_query_in_one_long_word_and_keeps_its_first_letter() {
        for (i, q) in [
            "läxhjälp på biblioteket",
            "matsvinn i skolan",
            "äldreboende",
        ]
        .iter()
        .enumerate()
        {
            let copies = misspell(&query(&format!("q{i}"), q));
            assert_eq!(copies.len(), COPIES, "{q}");
            for c in copies {
                let (a, b): (Vec<&str>, Vec<&str>) =
                    (q.split(' ').collect(), c.q.split(' ').collect());
                assert_eq!(a.len(), b.len());
                let changed: Vec<(&&str, &&str)> =
                    a.iter().zip(&b).filter(|(x, y)| x != y).collect();
                assert_eq!(changed.len(), 1, "{q} → {}", c.q);
                let (x, y) = changed[0];
                assert!(x.chars().count() >= 5);
                assert_eq!(x.chars().next(), y.chars().next());
                assert_eq!(c.judgments, [("a".to_owned(), 3)].into());
            }
        }
    }

    #[test]
    fn the_same_query_gives_the_same_copies_and_short_words_none() {
        let q = query("q7", "samverkan med vårdnadshavare");
        assert_eq!(
            misspell(&q).iter().map(|c| &c.q).collect::<Vec<_>>(),
            misspell(&q).iter().map(|c| &c.q).collect::<Vec<_>>()
        );
        assert!(misspell(&query("q8", "mat i en ny by")).is_empty());
    }
}
