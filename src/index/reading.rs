//! Reading the corpus into the index: the files changed since the manifest (every file in a
//! full sync) in two passes, the first learning their words for the compound splitter, the
//! second indexing them; what a sync found is its [`SyncReport`].

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;
use tantivy::{Index, IndexReader, IndexWriter, Term};

use super::analysis::{register_analyzers, terms_of};
use super::manifest::{Manifest, Stamp};
use super::{Decompounder, Fields, IndexError, LazyDecompounder, Result, to_document};
use crate::corpus::{Problem, read_example_file};
use crate::model::Example;

/// How [`ExampleIndex::open`] behaves.
#[derive(Debug, Clone, Copy)]
pub struct SyncOptions {
    /// Today's date, for validating `year`.
    pub today: Date,
    /// Draw a progress bar on a terminal when many files must be read.
    pub progress: bool,
    /// Re-read every file, whatever the manifest says (`goda reindex`).
    pub full: bool,
}

impl Default for SyncOptions {
    fn default() -> Self {
        Self {
            today: jiff::Zoned::now().date(),
            progress: true,
            full: false,
        }
    }
}

/// What a sync found and did.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// Published examples in the index after the sync.
    pub indexed: u64,
    /// Files read because they were new or changed.
    pub read: usize,
    /// Files gone from the corpus since the last sync.
    pub removed: usize,
    /// Whether the index was created from scratch.
    pub rebuilt: bool,
    /// Every problem of every invalid corpus file (also those unchanged since the last sync).
    pub problems: Vec<Problem>,
}

/// Files read before a progress bar is worth drawing.
const PROGRESS_THRESHOLD: usize = 500;
/// Memory for the index writer, shared by its threads.
const WRITER_HEAP_BYTES: usize = 120_000_000;

pub(super) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_owned(),
        source,
    }
}

fn progress_bar(len: usize, enabled: bool) -> ProgressBar {
    if !enabled || len < PROGRESS_THRESHOLD {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    let style = ProgressStyle::with_template("Indexerar {bar:40} {pos}/{len} filer ({eta} kvar)")
        .expect("the template is valid");
    bar.set_style(style);
    bar
}

/// The corpus's example files with their stamps, by file name.
fn scan(corpus: &Path) -> Result<BTreeMap<String, (PathBuf, Stamp)>> {
    let mut files = BTreeMap::new();
    for (path, meta) in crate::corpus::example_files(corpus)? {
        let stamp = Stamp::from_metadata(&meta).map_err(io_err(&path))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        files.insert(name, (path, stamp));
    }
    Ok(files)
}

fn stem_of(name: &str) -> &str {
    name.strip_suffix(".md").unwrap_or(name)
}

/// The surface words already in the index (the corpus vocabulary of earlier syncs).
pub(super) fn indexed_words(index: &Index, field: tantivy::schema::Field) -> Result<Vec<String>> {
    let reader: IndexReader = index.reader()?;
    let mut words = Vec::new();
    for segment in reader.searcher().segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .stream()
            .map_err(|e| IndexError::Tantivy(e.into()))?;
        while stream.advance() {
            if let Ok(word) = std::str::from_utf8(stream.key()) {
                words.push(word.to_owned());
            }
        }
    }
    Ok(words)
}

/// The words of an example, for the compound splitter.
fn vocabulary_of(
    example: &Example,
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    into: &mut HashSet<String>,
) {
    let body = crate::corpus::plain_text(&example.body);
    for text in [
        example.title.as_str(),
        &example.summary,
        &example.tags.join(" "),
        &body,
    ] {
        into.extend(terms_of(analyzer, text));
    }
}

/// What a sync works on.
pub(super) struct SyncContext<'a> {
    pub(super) index: &'a Index,
    pub(super) fields: &'a Fields,
    pub(super) corpus: &'a Path,
    pub(super) dir: &'a Path,
    pub(super) options: SyncOptions,
}

/// What reading a changed file found.
enum Outcome {
    Public,
    Hidden,
    Invalid(Vec<Problem>),
}

pub(super) fn sync(
    cx: &SyncContext<'_>,
    manifest: &mut Manifest,
    report: &mut SyncReport,
) -> Result<()> {
    let (index, fields, options) = (cx.index, cx.fields, cx.options);
    let current = scan(cx.corpus)?;
    let removed: Vec<String> = manifest
        .files
        .keys()
        .filter(|n| !current.contains_key(*n))
        .cloned()
        .collect();
    let changed: Vec<&String> = current
        .iter()
        .filter(|(name, (_, stamp))| manifest.files.get(*name) != Some(stamp))
        .map(|(name, _)| name)
        .collect();
    report.read = changed.len();
    report.removed = removed.len();
    if changed.is_empty() && removed.is_empty() {
        return Ok(());
    }
    let mut writer: IndexWriter = index.writer_with_num_threads(2, WRITER_HEAP_BYTES)?;
    if options.full {
        writer.delete_all_documents()?;
    }
    let touched: Vec<&str> = removed
        .iter()
        .map(String::as_str)
        .chain(changed.iter().map(|s| s.as_str()))
        .collect();
    manifest.problems.retain(|p| {
        let name = p
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        !touched.contains(&name)
    });
    for name in &removed {
        writer.delete_term(Term::from_field_text(fields.id, stem_of(name)));
        manifest.files.remove(name);
    }
    // Two passes: the first learns the new files' words, so that compounds are split with the
    // corpus's own vocabulary; the second indexes. Keeping every example in memory between
    // them would cost more than reading the files twice.
    let bar = progress_bar(changed.len() * 2, options.progress);
    // The first pass runs on every core (shared with a server's searches when it resyncs).
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = changed.len().div_ceil(threads).max(1);
    let learnt: Vec<(HashSet<String>, Vec<Outcome>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = changed
            .chunks(chunk)
            .map(|names| {
                let (current, bar) = (&current, &bar);
                scope.spawn(move || {
                    let mut words = HashSet::new();
                    let mut analyzer = super::analysis::words_analyzer();
                    let mut outcomes = Vec::with_capacity(names.len());
                    for name in names {
                        let outcome = match read_example_file(&current[*name].0, options.today) {
                            Ok(example) if example.is_public() => {
                                vocabulary_of(&example, &mut analyzer, &mut words);
                                Outcome::Public
                            }
                            Ok(_) => Outcome::Hidden,
                            Err(problems) => Outcome::Invalid(problems),
                        };
                        outcomes.push(outcome);
                        bar.inc(1);
                    }
                    (words, outcomes)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a vocabulary worker does not panic"))
            .collect()
    });
    let mut words = HashSet::new();
    let mut outcomes = Vec::with_capacity(changed.len());
    for (w, o) in learnt {
        words.extend(w);
        outcomes.extend(o);
    }
    let known = if options.full {
        Vec::new()
    } else {
        indexed_words(index, fields.words)?
    };
    let splitter = Decompounder::default().learning(known.iter().chain(&words).map(String::as_str));
    register_analyzers(index, Arc::new(LazyDecompounder::ready(Arc::new(splitter))));
    for (name, outcome) in changed.into_iter().zip(outcomes) {
        let (path, stamp) = &current[name];
        writer.delete_term(Term::from_field_text(fields.id, stem_of(name)));
        match outcome {
            Outcome::Public => match read_example_file(path, options.today) {
                Ok(example) => {
                    writer.add_document(to_document(fields, &example))?;
                }
                Err(problems) => manifest.problems.extend(problems),
            },
            Outcome::Hidden => {}
            Outcome::Invalid(problems) => manifest.problems.extend(problems),
        }
        manifest.files.insert(name.clone(), *stamp);
        bar.inc(1);
    }
    bar.finish_and_clear();
    writer.commit()?;
    manifest
        .problems
        .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    manifest.write(cx.dir)
}
