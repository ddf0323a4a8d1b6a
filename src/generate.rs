//! Synthetic corpora for measuring at scale: valid examples whose Swedish words, compounds,
//! lengths, sections and facet spreads follow a real corpus, the same for the same seed.
//!
//! Text comes from a word-pair (bigram) chain trained on the real bodies, so word frequencies
//! keep the corpus's Zipf-like shape and its compounds, and every sentence reads like Swedish
//! from the corpus without copying it. Facets are drawn as whole combinations from real
//! examples, so their spread and correlations follow the corpus. A few examples are near
//! duplicates of earlier ones (one section rewritten, another unit), as real submissions are.
//!
//! ```no_run
//! let model = goda::generate::Model::from_corpus(std::path::Path::new("examples-corpus"))?;
//! let examples = model.examples(1000, 42);
//! assert_eq!(examples.len(), 1000);
//! # Ok::<(), anyhow::Error>(())
//! ```

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::{Date, date};
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::corpus::{example_to_file_text, load_dir};
use crate::model::{Example, ExampleId, MAX_SUMMARY_CHARS, MAX_TITLE_CHARS, Status};
use crate::submission::slugify;

/// The body sections units are asked to write, in order.
const SECTIONS: [&str; 8] = [
    "Bakgrund och utmaning",
    "Syfte och mål",
    "Vad är nytt?",
    "Genomförande",
    "Resultat",
    "Resurser och kostnad",
    "Svårigheter och lärdomar",
    "Så kan andra göra",
];

/// Stockholm's districts, to vary unit names.
const DISTRICTS: [&str; 13] = [
    "Rinkeby-Kista",
    "Spånga-Tensta",
    "Hässelby-Vällingby",
    "Bromma",
    "Kungsholmen",
    "Norrmalm",
    "Östermalm",
    "Södermalm",
    "Enskede-Årsta-Vantör",
    "Skarpnäck",
    "Farsta",
    "Älvsjö",
    "Skärholmen",
];

/// Share of examples that are near duplicates of an earlier one.
const NEAR_DUPLICATES: f64 = 0.03;

/// What the generator learnt from a real corpus.
#[derive(Debug)]
pub struct Model {
    /// Word → the words seen after it (repeats kept, so choosing is frequency-weighted).
    next: HashMap<String, Vec<String>>,
    /// Words that start a sentence.
    starts: Vec<String>,
    /// The real examples, for facets, units, tags and lengths.
    examples: Vec<Example>,
}

fn ends_sentence(word: &str) -> bool {
    word.ends_with(['.', '!', '?'])
}

impl Model {
    /// Learns from the published examples of `corpus`.
    ///
    /// On `Err`: the corpus cannot be read, or has no published example to learn from.
    pub fn from_corpus(corpus: &Path) -> anyhow::Result<Self> {
        let loaded = load_dir(corpus, jiff::Zoned::now().date())?;
        let examples: Vec<Example> = loaded
            .examples
            .into_iter()
            .filter(Example::is_public)
            .collect();
        anyhow::ensure!(
            !examples.is_empty(),
            "{} has no published example to learn from",
            corpus.display()
        );
        let mut next: HashMap<String, Vec<String>> = HashMap::new();
        let mut starts = Vec::new();
        for e in &examples {
            let prose = e
                .body
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .chain([e.summary.as_str()])
                .map(|l| l.trim_start_matches(['-', '*', ' ']))
                .collect::<Vec<_>>()
                .join(" ");
            let words: Vec<&str> = prose.split_whitespace().collect();
            let mut at_start = true;
            for pair in words.windows(2) {
                if at_start && pair[0].chars().next().is_some_and(char::is_uppercase) {
                    starts.push(pair[0].to_owned());
                }
                at_start = ends_sentence(pair[0]);
                if !at_start {
                    next.entry(pair[0].to_owned())
                        .or_default()
                        .push(pair[1].to_owned());
                }
            }
        }
        anyhow::ensure!(
            !starts.is_empty(),
            "the corpus has no sentences to learn from"
        );
        Ok(Self {
            next,
            starts,
            examples,
        })
    }

    /// One sentence of 6 to 35 words.
    fn sentence(&self, rng: &mut ChaCha8Rng) -> String {
        for _ in 0..20 {
            let mut word = self
                .starts
                .choose(rng)
                .expect("starts are not empty")
                .clone();
            let mut out = vec![word.clone()];
            while !ends_sentence(&word) && out.len() < 35 {
                match self.next.get(&word).and_then(|n| n.choose(rng)) {
                    Some(w) => {
                        word = w.clone();
                        out.push(word.clone());
                    }
                    None => break,
                }
            }
            if out.len() >= 6 && ends_sentence(&word) {
                return out.join(" ");
            }
        }
        // A chain that keeps running into dead ends: end the last try with a full stop.
        let mut s = self.starts.choose(rng).expect("starts").clone();
        s.push_str(" fungerar bra i vardagen.");
        s
    }

    fn sentences(&self, rng: &mut ChaCha8Rng, n: usize) -> String {
        (0..n)
            .map(|_| self.sentence(rng))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn title(&self, rng: &mut ChaCha8Rng) -> String {
        let sentence = self.sentence(rng);
        let n = rng.random_range(5..=10);
        let words: Vec<&str> = sentence.split_whitespace().take(n).collect();
        let mut title = words.join(" ");
        title = title
            .trim_end_matches(['.', ',', ':', ';', '!', '?', '–', '-', ' '])
            .to_owned();
        cut(&title, MAX_TITLE_CHARS)
    }

    fn body(&self, rng: &mut ChaCha8Rng) -> String {
        let mut body = String::new();
        for heading in SECTIONS {
            // Most examples have most sections; each has one to three paragraphs.
            if rng.random_bool(0.15) {
                continue;
            }
            body.push_str("## ");
            body.push_str(heading);
            body.push_str("\n\n");
            for _ in 0..rng.random_range(1..=3) {
                let n = rng.random_range(2..=5);
                body.push_str(&self.sentences(rng, n));
                body.push_str("\n\n");
            }
        }
        body
    }

    fn unit(&self, rng: &mut ChaCha8Rng, like: &Example) -> String {
        if rng.random_bool(0.5) {
            return like.unit.clone();
        }
        let kind = like.unit.split_whitespace().next().unwrap_or("Enheten");
        format!("{kind} i {}", DISTRICTS.choose(rng).expect("districts"))
    }

    /// `count` valid, published examples; the same `seed` gives the same examples.
    pub fn examples(&self, count: usize, seed: u64) -> Vec<Example> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut out: Vec<Example> = Vec::with_capacity(count);
        for n in 0..count {
            let like = self
                .examples
                .choose(&mut rng)
                .expect("examples are not empty");
            let near = (!out.is_empty() && rng.random_bool(NEAR_DUPLICATES))
                .then(|| out[rng.random_range(0..out.len())].clone());
            let (title, summary, mut body) = match &near {
                Some(original) => (
                    format!(
                        "{} – så gjorde vi",
                        cut(&original.title, MAX_TITLE_CHARS - 20)
                    ),
                    original.summary.clone(),
                    original.body.clone(),
                ),
                None => {
                    let title = self.title(&mut rng);
                    let summary = cut(&self.sentences(&mut rng, 2), MAX_SUMMARY_CHARS);
                    (title, summary, self.body(&mut rng))
                }
            };
            if near.is_some() {
                // Rewrite one paragraph, as a second unit describing the same method would.
                body.push_str(&self.sentences(&mut rng, 3));
                body.push('\n');
            }
            let year = (like.year + rng.random_range(-3..=2)).clamp(2015, 2026);
            let created = random_day(&mut rng, year);
            let updated = created
                .checked_add(jiff::Span::new().days(rng.random_range(0..120)))
                .unwrap_or(created)
                .min(date(2026, 11, 1))
                .max(created);
            let mut slug = slugify(&title);
            slug.truncate(60);
            let slug = slug.trim_end_matches('-');
            let id = ExampleId::parse(&format!("{slug}-{n}"))
                .or_else(|_| ExampleId::parse(&format!("exempel-{n}")))
                .expect("a slug with a number is an id");
            let mut tags: Vec<String> = self
                .examples
                .sample(&mut rng, 2)
                .flat_map(|e| e.tags.iter().take(2).cloned())
                .collect();
            tags.sort();
            tags.dedup();
            out.push(Example {
                id,
                title,
                summary,
                unit: self.unit(&mut rng, like),
                organisation: like.organisation.clone(),
                area: like.area,
                focus_areas: like.focus_areas.clone(),
                maturity: like.maturity,
                year,
                tags,
                contact_name: None,
                contact_email: None,
                status: Status::Published,
                created,
                updated,
                reviewed: updated,
                body,
            });
        }
        out
    }
}

fn random_day(rng: &mut ChaCha8Rng, year: i16) -> Date {
    let month = rng.random_range(1..=12);
    let day = rng.random_range(1..=28);
    date(year, month, day)
}

/// `text` cut at a word boundary to at most `max` characters.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Writes `examples` as `{id}.md` files into `out` (created if missing); `progress` is
/// called after each file. The files are derived data, written without fsync: a crash means
/// running the generator again.
///
/// On `Err` names the file that could not be written.
pub fn write(out: &Path, examples: &[Example], progress: &dyn Fn()) -> anyhow::Result<()> {
    std::fs::create_dir_all(out)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", out.display()))?;
    for e in examples {
        let path = out.join(e.id.file_name());
        std::fs::write(&path, example_to_file_text(e))
            .map_err(|err| anyhow::anyhow!("cannot write {}: {err}", path.display()))?;
        progress();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        Model::from_corpus(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples-corpus")).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_corpus_and_another_seed_another() {
        let m = model();
        let a = m.examples(30, 7);
        let b = m.examples(30, 7);
        let c = m.examples(30, 8);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn generated_examples_are_valid_files_with_sections() {
        let m = model();
        let dir = tempfile::tempdir().unwrap();
        let examples = m.examples(200, 1);
        write(dir.path(), &examples, &|| {}).unwrap();
        let loaded = load_dir(dir.path(), date(2026, 11, 22)).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.examples.len(), 200, "ids are unique");
        let with_sections = examples
            .iter()
            .filter(|e| e.body.contains("## Genomförande"))
            .count();
        assert!(with_sections > 120, "{with_sections}");
        let near = examples
            .iter()
            .filter(|e| e.title.ends_with("– så gjorde vi"))
            .count();
        assert!(near >= 1, "some near duplicates");
    }
}
