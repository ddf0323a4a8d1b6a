//! The Swedish analysis chain: how text becomes index terms, at index and at query time.
//!
//! Words are split on anything that is not a letter or digit, lowercased, Swedish stop words
//! dropped, and stemmed by Snowball's Swedish stemmer with [`SwedishStemmer`]'s corrections
//! for forms Snowball leaves apart from their base form. Beside this main chain, the index
//! keeps compound parts ([`parts_analyzer`]), a diacritics-folded copy ([`folded_analyzer`])
//! and the surface words ([`words_analyzer`]) in fields of their own, so that each can be
//! weighed below exact matches.

use std::sync::Arc;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

use super::compound::{CompoundParts, LazyLexicon};

/// The name the Swedish analyzer is registered under.
pub const SWEDISH: &str = "sv";
/// The analyzer of the compound-parts field: only the parts of compounds, stemmed.
pub const SWEDISH_PARTS: &str = "sv_parts";
/// The analyzer of the diacritics-folded field: Swedish stems with å, ä, ö folded to a, a, o.
pub const SWEDISH_FOLDED: &str = "sv_folded";
/// The analyzer of surface words: lowercase only (for typo suggestions and completion).
pub const WORDS: &str = "words";
/// The baseline analyzer of `goda eval`: lowercase and Snowball stemming, nothing else.
pub const PLAIN: &str = "plain";

/// Swedish function words: dropped from text and queries, and never parts of a compound.
const STOP_WORDS: &[&str] = &[
    "alla", "allt", "att", "av", "blev", "bli", "blir", "blivit", "de", "dem", "den", "denna",
    "deras", "dess", "dessa", "det", "detta", "dig", "din", "dina", "ditt", "du", "där", "då",
    "efter", "ej", "eller", "en", "er", "era", "ert", "ett", "från", "för", "ha", "hade", "han",
    "hans", "har", "henne", "hennes", "hon", "honom", "hur", "här", "i", "icke", "ingen", "inom",
    "inte", "jag", "ju", "kan", "kunde", "man", "med", "mellan", "men", "mig", "min", "mina",
    "mitt", "mot", "mycket", "ni", "nu", "när", "någon", "något", "några", "och", "om", "oss",
    "på", "samma", "sedan", "sig", "sin", "sina", "sitt", "själv", "skulle", "som", "så", "sådan",
    "sådana", "sådant", "till", "under", "upp", "ut", "utan", "vad", "var", "vara", "varför",
    "varit", "varje", "vars", "vart", "vem", "vi", "vid", "vilka", "vilkas", "vilken", "vilket",
    "vår", "våra", "vårt", "än", "är", "åt", "över",
];

/// Whether `word` (lowercase) is a Swedish function word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

fn stop_words() -> StopWordFilter {
    StopWordFilter::remove(STOP_WORDS.iter().map(|w| (*w).to_owned()))
}

/// Tokens longer than this (in bytes) are dropped: they are noise such as URLs or base64.
const MAX_TOKEN_BYTES: usize = 60;

/// The Swedish analyzer: tokenise, drop long tokens, lowercase, drop stop words, stem.
pub fn swedish_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(stop_words())
        .filter(SwedishStemmer)
        .build()
}

/// The compound-parts analyzer: each compound becomes its stemmed parts; other words vanish.
pub fn parts_analyzer(lexicon: Arc<LazyLexicon>) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(stop_words())
        .filter(CompoundParts::new(lexicon))
        .filter(SwedishStemmer)
        .build()
}

/// The folded analyzer: the Swedish chain, then å, ä, ö (and other accents) folded to ASCII.
pub fn folded_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(stop_words())
        .filter(SwedishStemmer)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The surface-word analyzer: lowercase words as written.
pub fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .build()
}

/// The plain baseline: lowercase and Snowball's Swedish stemmer only.
pub fn plain_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Swedish))
        .build()
}

/// Registers every analyzer the schema names on `index`, splitting compounds with `lexicon`.
pub fn register_analyzers(index: &tantivy::Index, lexicon: Arc<LazyLexicon>) {
    let tokenizers = index.tokenizers();
    tokenizers.register(SWEDISH, swedish_analyzer());
    tokenizers.register(SWEDISH_PARTS, parts_analyzer(lexicon));
    tokenizers.register(SWEDISH_FOLDED, folded_analyzer());
    tokenizers.register(WORDS, words_analyzer());
    tokenizers.register(PLAIN, plain_analyzer());
}

/// The terms `analyzer` makes of `text`, in order.
pub fn terms_of(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    stream.process(&mut |t: &Token| out.push(t.text.clone()));
    out
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

/// Takes definite forms Snowball misses back to their base form, and the neuter `-t` of
/// adjectives in `-isk`, `-al`/`-ell` and `-ig` to theirs ("digitalt" → "digital",
/// "praktiskt" → "praktisk", "viktigt" → "viktig").
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
    } else if ["iskt", "alt", "ellt", "igt"]
        .iter()
        .any(|s| word.ends_with(s))
    {
        strip("t")
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
    thread_local! {
        static STEMMER: frostem::Stemmer = frostem::Stemmer::new(frostem::Algorithm::Swedish);
    }
    STEMMER.with(|stemmer| stem_with(stemmer, word))
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
    fn neuter_adjectives_meet_their_base_form() {
        same(&["digital", "digitalt", "digitala"]);
        same(&["praktisk", "praktiskt", "praktiska"]);
        same(&["viktig", "viktigt", "viktiga"]);
        same(&["funktionell", "funktionellt"]);
    }

    #[test]
    fn definite_forms_in_an_meet_their_base_form_but_plan_keeps_its_an() {
        same(&["förskola", "förskolan", "förskolans"]);
        same(&["handlingsplan", "handlingsplanen", "handlingsplaner"]);
    }

    #[test]
    fn the_stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("för") && !is_stop_word("förskola"));
    }

    #[test]
    fn the_analyzer_lowercases_and_drops_stop_words() {
        assert_eq!(
            analyze("Matsvinn i Förskolorna"),
            vec![stem("matsvinn"), stem("förskolorna")]
        );
    }
}
