//! Opening the index and bringing it up to date with the corpus.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

use super::manifest::{MANIFEST, Manifest, Stamp};
use super::{
    Fields, IndexError, Result, SCHEMA_VERSION, build_schema, swedish_analyzer, to_document,
};
use crate::corpus::{Problem, read_example_file};

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

/// The index of published examples, open for searching.
pub struct ExampleIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

/// Files read before a progress bar is worth drawing.
const PROGRESS_THRESHOLD: usize = 500;
/// Memory for the index writer, shared by its threads.
const WRITER_HEAP_BYTES: usize = 120_000_000;

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Removes everything inside `dir` (never `dir` itself).
fn wipe(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(io_err(dir))? {
        let path = entry.map_err(io_err(dir))?.path();
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed.map_err(io_err(&path))?;
    }
    Ok(())
}

/// Opens the tantivy index in `dir` if it is current, or makes `dir` an empty new index.
/// Returns the index and the manifest to sync from (empty when created anew).
fn open_or_create(dir: &Path, corpus: &Path) -> Result<(Index, Manifest, bool)> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let (schema, _) = build_schema();
    if let Some(manifest) = Manifest::read(dir).filter(|m| m.corpus == corpus)
        && let Ok(index) = Index::open_in_dir(dir)
        && index.schema() == schema
    {
        return Ok((index, manifest, false));
    }
    let ours = dir.join(MANIFEST).exists() || dir.join("meta.json").exists();
    let empty = std::fs::read_dir(dir)
        .map_err(io_err(dir))?
        .next()
        .is_none();
    if !ours && !empty {
        return Err(IndexError::NotOurs(dir.to_owned()));
    }
    wipe(dir)?;
    let index = Index::create_in_dir(dir, schema)?;
    let manifest = Manifest {
        version: SCHEMA_VERSION,
        corpus: corpus.to_owned(),
        ..Manifest::default()
    };
    manifest.write(dir)?;
    Ok((index, manifest, true))
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

impl ExampleIndex {
    /// Opens the index in `dir`, creating it if missing and re-reading the corpus files that
    /// changed since the last sync (all of them with `options.full`).
    ///
    /// Invalid corpus files are skipped and reported in [`SyncReport::problems`]; only an
    /// unreadable corpus directory, an index directory that is not ours, or an I/O failure of
    /// the index is an `Err`.
    pub fn open(corpus: &Path, dir: &Path, options: SyncOptions) -> Result<(Self, SyncReport)> {
        let corpus = std::fs::canonicalize(corpus).map_err(|source| {
            crate::corpus::CorpusError::ReadDir {
                path: corpus.to_owned(),
                source,
            }
        })?;
        let (index, mut manifest, rebuilt) = open_or_create(dir, &corpus)?;
        index
            .tokenizers()
            .register(super::SWEDISH, swedish_analyzer());
        let (_, fields) = build_schema();
        let mut report = SyncReport {
            rebuilt,
            ..SyncReport::default()
        };
        if options.full {
            manifest.files.clear();
            manifest.problems.clear();
        }
        sync(
            &index,
            &fields,
            &corpus,
            dir,
            &mut manifest,
            options,
            &mut report,
        )?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let this = Self {
            index,
            reader,
            fields,
        };
        report.indexed = this.searcher().num_docs();
        report.problems = manifest.problems;
        Ok((this, report))
    }

    /// A searcher over the latest committed state.
    pub fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// The field handles.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The underlying tantivy index.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }
}

/// The corpus's example files with their stamps, by file name.
fn scan(corpus: &Path) -> Result<BTreeMap<String, (PathBuf, Stamp)>> {
    let mut files = BTreeMap::new();
    for path in crate::corpus::example_paths(corpus)? {
        let stamp = Stamp::of(&path).map_err(io_err(&path))?;
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

#[allow(clippy::too_many_arguments)]
fn sync(
    index: &Index,
    fields: &Fields,
    corpus: &Path,
    dir: &Path,
    manifest: &mut Manifest,
    options: SyncOptions,
    report: &mut SyncReport,
) -> Result<()> {
    let current = scan(corpus)?;
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
    let bar = progress_bar(changed.len(), options.progress);
    for name in changed {
        let (path, stamp) = &current[name];
        writer.delete_term(Term::from_field_text(fields.id, stem_of(name)));
        match read_example_file(path, options.today) {
            Ok(example) if example.is_public() => {
                writer.add_document(to_document(fields, &example))?;
            }
            Ok(_) => {}
            Err(problems) => manifest.problems.extend(problems),
        }
        manifest.files.insert(name.clone(), *stamp);
        bar.inc(1);
    }
    bar.finish_and_clear();
    writer.commit()?;
    manifest
        .problems
        .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    manifest.write(dir)
}
