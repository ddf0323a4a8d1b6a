//! Words from the index's own vocabulary: corrections ("Menade du: …") for words the index
//! does not know, and completions while a person types.

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::{FuzzyTermQuery, PhrasePrefixQuery};
use tantivy::{Searcher, TantivyDocument, Term};

use super::query::fuzzy_distance;
use tantivy::schema::Field;

use crate::index::{Fields, IndexError, is_stop_word, read_meta, stem, terms_of, words_analyzer};

/// Whether a completion is a title (leading to its example) or words to search for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    /// The title of a published example.
    Title,
    /// Words from the index's vocabulary.
    Term,
}

/// One completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Title or words.
    pub kind: CompletionKind,
    /// The text to show (and, for [`CompletionKind::Term`], to search for).
    pub text: String,
    /// The example's id, for [`CompletionKind::Title`].
    pub id: Option<String>,
}

/// The most titles among completions.
const MAX_TITLES: usize = 4;
/// The most vocabulary terms scanned per segment for one prefix.
const MAX_PREFIX_TERMS: usize = 2_000;

fn io(e: std::io::Error) -> IndexError {
    IndexError::Tantivy(e.into())
}

/// Document frequencies, summed over segments, of the terms of `field` within the allowed
/// distance of `word` (`distance_of` is the typed word, which sets the distance).
pub(super) fn near_terms(
    searcher: &Searcher,
    field: Field,
    word: &str,
    distance_of: &str,
) -> Result<HashMap<String, u64>, IndexError> {
    let mut found: HashMap<String, u64> = HashMap::new();
    let Some(distance) = fuzzy_distance(distance_of) else {
        return Ok(found);
    };
    let query = FuzzyTermQuery::new(Term::from_field_text(field, word), distance, true);
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .search(query.automaton()?)
            .into_stream()
            .map_err(io)?;
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                *found.entry(term.to_owned()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(found)
}

/// The candidate nearest to `word`: fewest edits first, then the most common.
fn best(word: &str, candidates: HashMap<String, u64>) -> Option<String> {
    candidates
        .into_iter()
        .filter(|(w, _)| w != word && !is_stop_word(w))
        .min_by_key(|(w, df)| {
            (
                strsim::osa_distance(word, w),
                std::cmp::Reverse(*df),
                w.clone(),
            )
        })
        .map(|(w, _)| w)
}

/// The index's nearest word to `word`. First among the words as written; failing that, among
/// the stems of the body (a typo in an inflected word is often nearer as a stem:
/// "inskoling" ~ "inskolning"), shown as the most common written word with that stem.
fn nearest(searcher: &Searcher, fields: &Fields, word: &str) -> Result<Option<String>, IndexError> {
    if let Some(surface) = best(word, near_terms(searcher, fields.words, word, word)?) {
        return Ok(Some(surface));
    }
    let stemmed = stem(word);
    let Some(near_stem) = best(&stemmed, near_terms(searcher, fields.body, &stemmed, word)?) else {
        return Ok(None);
    };
    let written = words_with_prefix(searcher, fields, &near_stem)?;
    Ok(written.into_iter().find(|w| stem(w) == near_stem))
}

/// "Menade du": `typed` with each of the `unknown` words replaced by its nearest vocabulary
/// word (from `near` when the query's plan found it already); `None` when there are no
/// unknown words or no replacement.
pub fn correction(
    searcher: &Searcher,
    fields: &Fields,
    typed: &str,
    unknown: &[String],
    near: &HashMap<String, String>,
) -> Result<Option<String>, IndexError> {
    if unknown.is_empty() {
        return Ok(None);
    }
    let mut changed = false;
    let mut out = Vec::new();
    // Each distinct word is looked up once, however often it is typed.
    let mut looked_up: HashMap<String, Option<String>> = HashMap::new();
    for word in typed.split_whitespace() {
        let lower = word.to_lowercase();
        let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
        let replacement = if !unknown.iter().any(|u| u == bare) {
            None
        } else if let Some(found) = near.get(bare) {
            Some(found.clone())
        } else if let Some(found) = looked_up.get(bare) {
            found.clone()
        } else {
            let found = nearest(searcher, fields, bare)?;
            looked_up.insert(bare.to_owned(), found.clone());
            found
        };
        match replacement {
            Some(better) => {
                changed = true;
                out.push(better);
            }
            None => out.push(word.to_owned()),
        }
    }
    Ok(changed.then(|| out.join(" ")))
}

/// Vocabulary words starting with `prefix`, most common first.
fn words_with_prefix(
    searcher: &Searcher,
    fields: &Fields,
    prefix: &str,
) -> Result<Vec<String>, IndexError> {
    let mut found: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(fields.words)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()
            .map_err(io)?;
        let mut scanned = 0;
        while stream.advance() && scanned < MAX_PREFIX_TERMS {
            scanned += 1;
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if !term.starts_with(prefix) {
                break;
            }
            *found.entry(term.to_owned()).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    let mut words: Vec<(String, u64)> = found
        .into_iter()
        .filter(|(w, _)| !is_stop_word(w) && w.chars().count() > 1)
        .collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(words.into_iter().map(|(w, _)| w).collect())
}

/// Completions of `typed`: titles containing the typed words (the last one as a prefix),
/// then vocabulary words completing the last word; at most `limit`.
pub fn completions(
    searcher: &Searcher,
    fields: &Fields,
    typed: &str,
    limit: usize,
) -> Result<Vec<Completion>, IndexError> {
    let words = terms_of(&mut words_analyzer(), typed);
    let Some((last, before)) = words.split_last() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let terms: Vec<(usize, Term)> = words
        .iter()
        .enumerate()
        .map(|(i, w)| (i, Term::from_field_text(fields.title_words, w)))
        .collect();
    let mut query = PhrasePrefixQuery::new_with_offset(terms);
    query.set_max_expansions(200);
    let titles = searcher.search(
        &query,
        &TopDocs::with_limit(MAX_TITLES.min(limit)).order_by_score(),
    )?;
    for (_, address) in titles {
        let example = read_meta(fields, &searcher.doc::<TantivyDocument>(address)?)?;
        out.push(Completion {
            kind: CompletionKind::Title,
            text: example.title,
            id: Some(example.id.to_string()),
        });
    }
    let head = before.join(" ");
    // One form of a word: the commonest of "äldreboende", "äldreboenden", "äldreboendet".
    let mut offered = std::collections::HashSet::new();
    for word in words_with_prefix(searcher, fields, last)? {
        if out.len() >= limit {
            break;
        }
        if !offered.insert(stem(&word)) {
            continue;
        }
        let text = if head.is_empty() {
            word
        } else {
            format!("{head} {word}")
        };
        out.push(Completion {
            kind: CompletionKind::Term,
            text,
            id: None,
        });
    }
    Ok(out)
}
