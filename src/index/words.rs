//! Swedish words before any analysis chain: the function words that are dropped from text and
//! queries and never parts of a compound, and the Snowball stem with the corrections of the
//! definite and neuter forms Snowball misses. Both the analysis chains and the decompounder
//! use them.

/// Swedish function words: dropped from text and queries, and never parts of a compound.
pub(super) const STOP_WORDS: &[&str] = &[
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

pub(super) fn stem_with(stemmer: &frostem::Stemmer, word: &str) -> String {
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
