//! The Swedish analysis chain: how text becomes index terms, at index and at query time.
//!
//! Words are split on anything that is not a letter or digit, lowercased, Swedish stop words
//! dropped, and replaced by their lemmas from the full-form [`Lexicon`] ("bostäderna" →
//! "bostad", "införde" → "införa"; an ambiguous form gives every lemma, at the same position).
//! A word the lexicon does not know is lemmatised as a compound when its head is a word the
//! lexicon knows ("skolgårdsombyggnaden" → "skolgårdsombyggnad"), and otherwise stemmed by
//! Snowball's Swedish stemmer with [`stem`]'s corrections. Beside this main chain, the index
//! keeps compound parts with their roles ([`parts_analyzer`]), a diacritics-folded copy
//! ([`folded_analyzer`]) and the surface words ([`words_analyzer`]) in fields of their own, so
//! that each can be weighed below the words themselves.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, OnceLock};

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

use super::compound::{Decompounder, Role};
use super::lexicon::Lexicon;
use super::words::{STOP_WORDS, stem};

/// The name the Swedish analyzer is registered under.
pub const SWEDISH: &str = "sv";
/// The analyzer of the compound-parts field: only the parts of compounds, lemmatised, each
/// marked as head (`h:`) or modifier (`m:`).
pub const SWEDISH_PARTS: &str = "sv_parts";
/// The analyzer of the diacritics-folded field: Swedish stems with å, ä, ö folded to a, a, o.
pub const SWEDISH_FOLDED: &str = "sv_folded";
/// The analyzer of surface words: lowercase only (for typo suggestions and completion).
pub const WORDS: &str = "words";
/// The baseline analyzer of `goda eval`: lowercase and Snowball stemming, nothing else.
pub const PLAIN: &str = "plain";

/// The term of a compound part in the parts field.
pub fn part_term(lemma: &str, role: Role) -> String {
    match role {
        Role::Head => format!("h:{lemma}"),
        Role::Modifier => format!("m:{lemma}"),
    }
}

fn stop_words() -> StopWordFilter {
    StopWordFilter::remove(STOP_WORDS.iter().map(|w| (*w).to_owned()))
}

/// Tokens longer than this (in bytes) are dropped: they are noise such as URLs or base64.
const MAX_TOKEN_BYTES: usize = 60;

/// A splitter made when first needed: learning the corpus's words costs time that a start with
/// nothing to index should not pay.
pub struct LazyDecompounder {
    cell: OnceLock<Arc<Decompounder>>,
    make: Box<dyn Fn() -> Arc<Decompounder> + Send + Sync>,
}

impl LazyDecompounder {
    /// A splitter that `make` builds on first use.
    pub fn new(make: impl Fn() -> Arc<Decompounder> + Send + Sync + 'static) -> Self {
        Self {
            cell: OnceLock::new(),
            make: Box::new(make),
        }
    }

    /// A splitter that is already built.
    pub fn ready(splitter: Arc<Decompounder>) -> Self {
        let cell = OnceLock::new();
        let _ = cell.set(splitter);
        Self {
            cell,
            make: Box::new(|| Arc::new(Decompounder::default())),
        }
    }

    /// The splitter, built now if it was not yet.
    pub fn get(&self) -> &Decompounder {
        self.cell.get_or_init(|| (self.make)())
    }
}

/// The Swedish analyzer: tokenise, drop long tokens, lowercase, drop stop words, lemmatise.
pub fn swedish_analyzer(splitter: Arc<LazyDecompounder>) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(stop_words())
        .filter(Lemmatizer::new(splitter))
        .build()
}

/// The analyzer of snippets: lemmas from the lexicon, else the stem, without splitting
/// compounds (highlighting many hits' text must be cheap; a word the lexicon lacks gets the
/// same term from its stem in almost every case).
pub fn snippet_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(stop_words())
        .filter(Expand(LexiconSource))
        .build()
}

/// Lemmas from the lexicon, else the stem.
#[derive(Clone, Copy)]
pub struct LexiconSource;

/// Words whose snippet terms [`LexiconSource`] keeps between searches: the words of the
/// hits' text repeat from search to search (Zipf), and a lexicon look-up costs a microsecond
/// or more where the kept answer costs a tenth of that. Bounded; about 10 MB when full.
const SNIPPET_WORDS: usize = 100_000;

static SNIPPET_TERMS: LazyLock<quick_cache::sync::Cache<String, Arc<[String]>>> =
    LazyLock::new(|| quick_cache::sync::Cache::new(SNIPPET_WORDS));

impl Expansion for LexiconSource {
    fn expand(&self, word: &str) -> Vec<String> {
        if let Some(terms) = SNIPPET_TERMS.get(word) {
            return terms.to_vec();
        }
        let known: Vec<String> = Lexicon::swedish().lemmas(word).map(str::to_owned).collect();
        let terms = if known.is_empty() {
            vec![stem(word)]
        } else {
            known
        };
        SNIPPET_TERMS.insert(word.to_owned(), Arc::from(terms.as_slice()));
        terms
    }

    fn remember(&self) -> bool {
        false
    }
}

/// The compound-parts analyzer: each compound becomes its parts' lemmas, marked as head or
/// modifier ([`part_term`]); other words vanish.
pub fn parts_analyzer(splitter: Arc<LazyDecompounder>) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(stop_words())
        .filter(CompoundParts::new(splitter))
        .build()
}

/// The folded analyzer: the Swedish chain, then å, ä, ö (and other accents) folded to ASCII.
pub fn folded_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(stop_words())
        .filter(Expand(StemSource))
        .filter(AsciiFoldingFilter)
        .build()
}

/// Snowball's Swedish stemmer, for the words the lexicon does not know (names, new coinages,
/// compounds whose head it does not know) and for the diacritics-folded field, with
/// corrections for the forms it leaves apart from their base form (Snowball's Swedish suffix
/// list has no `-et` and no `-an`):
///
/// - before Snowball, the neuter definite `-et`/`-ets` ("äldreboendet", "projektets"), the
///   plural definite `-ena` ("äldreboendena") and the definite `-an`/`-ans` of nouns in `-a`
///   ("förskolan", "förskolans") are taken back to the base form;
/// - Snowball runs twice, since it strips only one suffix a pass;
/// - after Snowball, a stem still ending in `-et` loses it, so that a base form in `-et` and
///   its inflections meet ("kvalitet", "kvaliteten", "kvaliteter").
///
/// Only words of at least six letters are touched, and nouns in `-plan` keep their `-an`.
///
/// The filter remembers each word's stem: an indexing thread stems each word of the corpus
/// once, not at every occurrence.
#[derive(Clone, Copy)]
pub struct StemSource;

impl Expansion for StemSource {
    fn expand(&self, word: &str) -> Vec<String> {
        vec![stem(word)]
    }
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

/// Registers every analyzer the schema names on `index`, splitting compounds with `splitter`.
pub fn register_analyzers(index: &tantivy::Index, splitter: Arc<LazyDecompounder>) {
    let tokenizers = index.tokenizers();
    tokenizers.register(SWEDISH, swedish_analyzer(splitter.clone()));
    tokenizers.register(SWEDISH_PARTS, parts_analyzer(splitter));
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

/// Analyses `text` with the Swedish chain (splitting compounds with the dictionary only) and
/// returns its terms, in order.
pub fn analyze(text: &str) -> Vec<String> {
    let splitter = Arc::new(LazyDecompounder::ready(Arc::new(Decompounder::default())));
    terms_of(&mut swedish_analyzer(splitter), text)
}

/// The lemmas of one lowercase word: from the lexicon; failing that, the compound's lemma
/// when its head is a word the lexicon knows; failing that, its stem.
pub fn lemmas_of(word: &str, splitter: &Decompounder) -> Vec<String> {
    let known: Vec<String> = Lexicon::swedish().lemmas(word).map(str::to_owned).collect();
    if !known.is_empty() {
        return known;
    }
    if let Some(lemmas) = splitter.split(word).map(|s| s.compound_lemmas())
        && !lemmas.is_empty()
    {
        return lemmas;
    }
    vec![stem(word)]
}

/// Entries a filter's cache keeps before it starts over: enough for the vocabulary of a large
/// batch of documents, small enough to bound an indexing thread's memory.
const CACHE_ENTRIES: usize = 200_000;

fn cached<'c, V>(cache: &'c mut HashMap<String, V>, word: &str, make: impl FnOnce() -> V) -> &'c V {
    if !cache.contains_key(word) {
        if cache.len() >= CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(word.to_owned(), make());
    }
    &cache[word]
}

/// A token filter that replaces each token by what its [`Expansion`] makes of it, every
/// term at the token's position: [`Lemmatizer`], [`CompoundParts`], or lexicon lemmas for
/// snippets.
#[derive(Clone)]
pub struct Expand<E>(pub E);

/// Replaces each word by its lemmas ([`lemmas_of`]).
pub type Lemmatizer = Expand<LemmaSource>;

/// Replaces each compound by the lemmas of its parts, marked with their role
/// ([`part_term`]), and drops every other token.
pub type CompoundParts = Expand<PartSource>;

impl Lemmatizer {
    /// A lemmatizer splitting compounds with `splitter`.
    pub fn new(splitter: Arc<LazyDecompounder>) -> Self {
        Expand(LemmaSource { splitter })
    }
}

impl CompoundParts {
    /// A filter splitting with `splitter`.
    pub fn new(splitter: Arc<LazyDecompounder>) -> Self {
        Expand(PartSource { splitter })
    }
}

impl<E: Expansion> TokenFilter for Expand<E> {
    type Tokenizer<T: Tokenizer> = ExpandingFilter<T, E>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        ExpandingFilter {
            inner: tokenizer,
            source: self.0,
            cache: HashMap::new(),
        }
    }
}

/// What an [`ExpandingFilter`] replaces a word with.
pub trait Expansion: Clone + Send + Sync + 'static {
    /// The terms that replace `word` (none drops it).
    fn expand(&self, word: &str) -> Vec<String>;

    /// Whether the filter should remember the expansions it made (not when the source keeps
    /// its own, shared by every filter).
    fn remember(&self) -> bool {
        true
    }
}

/// Lemmas of a word.
#[derive(Clone)]
pub struct LemmaSource {
    splitter: Arc<LazyDecompounder>,
}

impl Expansion for LemmaSource {
    fn expand(&self, word: &str) -> Vec<String> {
        lemmas_of(word, self.splitter.get())
    }
}

/// Parts of a compound.
#[derive(Clone)]
pub struct PartSource {
    splitter: Arc<LazyDecompounder>,
}

impl Expansion for PartSource {
    fn expand(&self, word: &str) -> Vec<String> {
        self.splitter
            .get()
            .parts(word)
            .into_iter()
            .map(|(lemma, role)| part_term(&lemma, role))
            .collect()
    }
}

/// A token filter replacing each token by zero or more terms at its position; it remembers
/// the expansions it has made.
#[derive(Clone)]
pub struct ExpandingFilter<T, E> {
    inner: T,
    source: E,
    cache: HashMap<String, Vec<String>>,
}

impl<T: Tokenizer, E: Expansion> Tokenizer for ExpandingFilter<T, E> {
    type TokenStream<'a> = ExpandingStream<'a, T::TokenStream<'a>, E>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ExpandingStream {
            tail: self.inner.token_stream(text),
            source: &self.source,
            cache: &mut self.cache,
            pending: Vec::new(),
            current: Token::default(),
        }
    }
}

/// The token stream of [`ExpandingFilter`].
pub struct ExpandingStream<'a, T, E> {
    tail: T,
    source: &'a E,
    cache: &'a mut HashMap<String, Vec<String>>,
    pending: Vec<String>,
    current: Token,
}

impl<T: TokenStream, E: Expansion> TokenStream for ExpandingStream<'_, T, E> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some(term) = self.pending.pop() {
                self.current.text = term;
                return true;
            }
            if !self.tail.advance() {
                return false;
            }
            let token = self.tail.token();
            let source = self.source;
            if source.remember() {
                let terms = cached(self.cache, &token.text, || source.expand(&token.text));
                self.pending = terms.iter().rev().cloned().collect();
            } else {
                self.pending = source.expand(&token.text);
                self.pending.reverse();
            }
            self.current = token.clone();
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
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
        assert!(
            super::super::words::is_stop_word("för")
                && !super::super::words::is_stop_word("förskola")
        );
    }

    #[test]
    fn the_analyzer_lowercases_drops_stop_words_and_lemmatises() {
        assert_eq!(
            analyze("Matsvinn i Förskolorna"),
            vec![stem("matsvinn"), "förskola".to_owned()]
        );
    }

    #[test]
    fn forms_the_stemmer_cannot_join_meet_by_lemma() {
        let same = |words: &[&str]| {
            let lemmas: Vec<Vec<String>> = words.iter().map(|w| analyze(w)).collect();
            assert!(
                lemmas
                    .windows(2)
                    .all(|w| w[0].iter().any(|l| w[1].contains(l))),
                "{words:?} -> {lemmas:?}"
            );
        };
        same(&["bostad", "bostäder", "bostäderna"]);
        same(&["stad", "städer"]);
        same(&["bok", "böcker"]);
        same(&["möte", "möten", "mötena"]);
        same(&["införa", "införde", "infört"]);
        same(&["gå", "gick", "gått"]);
    }

    #[test]
    fn an_ambiguous_form_is_indexed_with_every_lemma_at_one_position() {
        let splitter = Arc::new(LazyDecompounder::ready(Arc::new(Decompounder::default())));
        let mut analyzer = swedish_analyzer(splitter);
        let mut stream = analyzer.token_stream("städer");
        let mut seen = Vec::new();
        stream.process(&mut |t: &Token| seen.push((t.position, t.text.clone())));
        assert!(seen.contains(&(0, "stad".to_owned())), "{seen:?}");
        assert!(seen.contains(&(0, "städa".to_owned())), "{seen:?}");
    }

    #[test]
    fn an_unknown_compound_takes_the_lemma_of_its_head() {
        assert_eq!(analyze("skolgårdsombyggnaden"), ["skolgårdsombyggnad"]);
        assert_eq!(analyze("skolgårdsombyggnad"), ["skolgårdsombyggnad"]);
    }

    #[test]
    fn the_parts_analyzer_marks_heads_and_modifiers() {
        let splitter = Arc::new(LazyDecompounder::ready(Arc::new(Decompounder::default())));
        let terms = terms_of(&mut parts_analyzer(splitter), "Vattenmätarna och skolan");
        assert_eq!(terms, ["m:vatten", "h:mätare"]);
    }
}
