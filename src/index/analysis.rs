//! The Swedish analysis chain: how text becomes index terms, at index and at query time.
//!
//! Words are split on anything that is not a letter or digit, lowercased, Swedish stop words
//! dropped, and stemmed by Snowball's Swedish stemmer followed by [`SwedishStemmer`]'s two
//! corrections for forms Snowball leaves apart from their base form.

use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};

/// The name the Swedish analyzer is registered under.
pub const SWEDISH: &str = "sv";

/// Tokens longer than this (in bytes) are dropped: they are noise such as URLs or base64.
const MAX_TOKEN_BYTES: usize = 60;

/// The Swedish analyzer: tokenise, drop long tokens, lowercase, drop stop words, stem.
pub fn swedish_analyzer() -> TextAnalyzer {
    let stop_words = StopWordFilter::new(tantivy::tokenizer::Language::Swedish)
        .expect("tantivy ships a Swedish stop-word list");
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(stop_words)
        .filter(SwedishStemmer)
        .build()
}

/// Analyses `text` with the Swedish chain and returns its terms, in order.
pub fn analyze(text: &str) -> Vec<String> {
    let mut analyzer = swedish_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    stream.process(&mut |t: &Token| out.push(t.text.clone()));
    out
}

/// Snowball's Swedish stemmer with corrections for the forms it leaves apart from their base
/// form (Snowball's Swedish suffix list has no `-et` and no `-an`):
///
/// - before Snowball, the neuter definite `-et`/`-ets` ("äldreboendet", "projektets"), the
///   plural definite `-ena` ("äldreboendena") and the definite `-an`/`-ans` of nouns in `-a`
///   ("förskolan", "förskolans") are taken back to the base form;
/// - Snowball runs twice, since it strips only one suffix a pass;
/// - after Snowball, a stem still ending in `-et` loses it, so that a base form in `-et` and
///   its inflections meet ("kvalitet", "kvaliteten", "kvaliteter").
///
/// Only words of at least six letters are touched, and nouns in `-plan` keep their `-an`.
#[derive(Clone, Copy, Debug, Default)]
pub struct SwedishStemmer;

/// The shortest word (in letters) the corrections apply to.
const MIN_LETTERS: usize = 6;

/// Takes definite forms Snowball misses back to their base form.
fn before_snowball(word: &str) -> &str {
    if word.chars().count() < MIN_LETTERS {
        return word;
    }
    let strip = |suffix: &str| &word[..word.len() - suffix.len()];
    if word.ends_with("ets") {
        strip("ets")
    } else if word.ends_with("et") {
        strip("et")
    } else if word.ends_with("ena") {
        strip("na")
    } else if word.ends_with("ans") && !word.ends_with("plans") {
        strip("ns")
    } else if word.ends_with("an") && !word.ends_with("plan") {
        strip("n")
    } else {
        word
    }
}

/// Removes an `-et` that Snowball left on a stem of a base form in `-et`.
fn after_snowball(mut stem: String) -> String {
    if stem.ends_with("et") && stem.chars().count() >= MIN_LETTERS {
        stem.truncate(stem.len() - 2);
    }
    stem
}

fn stem_with(stemmer: &frostem::Stemmer, word: &str) -> String {
    // Snowball strips one suffix; a second pass takes a plural or definite form whose first
    // strip left a base-form suffix ("resultaten" -> "resultat" -> "result", like "resultat").
    let once = stemmer.stem(before_snowball(word)).into_owned();
    after_snowball(stemmer.stem(&once).into_owned())
}

/// Stems one lowercase word.
pub fn stem(word: &str) -> String {
    stem_with(&frostem::Stemmer::new(frostem::Algorithm::Swedish), word)
}

impl TokenFilter for SwedishStemmer {
    type Tokenizer<T: Tokenizer> = SwedishStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SwedishStemmerFilter<T> {
        SwedishStemmerFilter { inner: tokenizer }
    }
}

/// The [`Tokenizer`] made by [`SwedishStemmer`].
#[derive(Clone)]
pub struct SwedishStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for SwedishStemmerFilter<T> {
    type TokenStream<'a> = SwedishStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SwedishStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::Swedish),
        }
    }
}

/// The token stream of [`SwedishStemmerFilter`].
pub struct SwedishStemmerStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for SwedishStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        token.text = stem_with(&self.stemmer, &token.text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(words: &[&str]) {
        let stems: Vec<String> = words.iter().map(|w| stem(w)).collect();
        assert!(
            stems.windows(2).all(|w| w[0] == w[1]),
            "{words:?} -> {stems:?}"
        );
    }

    #[test]
    fn aldreboende_meets_its_definite_and_plural_forms() {
        same(&[
            "äldreboende",
            "äldreboendet",
            "äldreboenden",
            "äldreboendena",
        ]);
    }

    #[test]
    fn forskola_meets_its_definite_and_plural_forms() {
        same(&["förskola", "förskolan", "förskolor", "förskolorna"]);
    }

    #[test]
    fn neuter_definite_forms_meet_their_base_form() {
        same(&["projekt", "projektet", "projekten", "projektets"]);
        same(&["resultat", "resultatet", "resultaten"]);
        same(&["kvalitet", "kvaliteten", "kvaliteter"]);
        same(&["samarbete", "samarbetet", "samarbeten"]);
    }

    #[test]
    fn definite_forms_in_an_meet_their_base_form_but_plan_keeps_its_an() {
        same(&["förskola", "förskolan", "förskolans"]);
        same(&["handlingsplan", "handlingsplanen", "handlingsplaner"]);
    }

    #[test]
    fn the_analyzer_lowercases_and_drops_stop_words() {
        assert_eq!(
            analyze("Matsvinn i Förskolorna"),
            vec![stem("matsvinn"), stem("förskolorna")]
        );
    }
}
