//! The open index: opening it (and bringing it up to date with the corpus through
//! `reading`), live changes, and resyncs while it is open.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

use super::analysis::register_analyzers;
use super::manifest::{MANIFEST, Manifest};
use super::reading::{SyncContext, SyncOptions, SyncReport, indexed_words, io_err, sync};
use super::{
    Decompounder, Fields, IndexError, LazyDecompounder, Result, SCHEMA_VERSION, Semantic,
    build_schema, read_meta, to_document,
};
use crate::model::Example;

/// The index of published examples, open for searching.
pub struct ExampleIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    dir: PathBuf,
    /// The writer for live changes, and the changes waiting while a resync holds the index.
    live: Mutex<Live>,
    /// Search by meaning, once started: told of every live change.
    semantic: OnceLock<Semantic>,
    /// Whether the index has been compared with the corpus files since it was opened (see
    /// [`ExampleIndex::open_deferred`]).
    synced: std::sync::atomic::AtomicBool,
}

/// Ends a resync however it ends, a panic included: the live changes that waited are applied
/// and later ones go to the live writer again, so that none waits for ever and the next resync
/// may start.
struct ResyncEnd<'a>(&'a ExampleIndex);

impl Drop for ResyncEnd<'_> {
    fn drop(&mut self) {
        let index = self.0;
        let mut live = index.lock_live();
        live.resyncing = false;
        for (id, example) in std::mem::take(&mut live.pending) {
            if let Err(e) = index.apply(&mut live, &id, example.as_ref()) {
                tracing::error!("a change of {id} made during a resync could not be indexed: {e}");
            }
        }
    }
}

/// The writer for live changes, made on the first one (it holds the index's lock), and the
/// changes that wait while a resync has the index.
#[derive(Default)]
struct Live {
    writer: Option<IndexWriter>,
    /// A resync is reading the corpus with a writer of its own: live changes wait in `pending`
    /// and are applied, in order, as soon as it is done.
    resyncing: bool,
    pending: Vec<(crate::model::ExampleId, Option<Example>)>,
}

/// The folder of the vector store inside the index folder: kept when the index is rebuilt,
/// since its vectors are keyed by the text they were made from.
pub const VECTORS_DIR: &str = "vectors";

/// Memory for the writer of live changes (a few examples at a time).
const LIVE_WRITER_HEAP_BYTES: usize = 20_000_000;

/// The file in the index folder where a running server keeps its process id (and the lock
/// that says it runs): not part of the index, so never wiped with it.
pub const SERVER_PID: &str = "server.pid";

/// Whether `name` in the index folder survives a rebuild: the vector store and the server's
/// process id file.
fn kept_in_rebuild(name: &std::ffi::OsStr) -> bool {
    name == VECTORS_DIR || name == SERVER_PID
}

/// Removes everything inside `dir` (never `dir` itself) but what [`kept_in_rebuild`] keeps.
fn wipe(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(io_err(dir))? {
        let path = entry.map_err(io_err(dir))?.path();
        if path.file_name().is_some_and(kept_in_rebuild) {
            continue;
        }
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
        .filter_map(std::result::Result::ok)
        .all(|e| kept_in_rebuild(&e.file_name()));
    if !ours && !empty {
        return Err(IndexError::NotOurs(dir.to_owned()));
    }
    wipe(dir)?;
    // Blocks of 4 KiB rather than 16: an example is about that size, so reading one hit
    // decompresses little more than the hit, and a server reading hits all over the index
    // keeps a fraction of the store resident rather than all of it (lz4 compresses 4 KiB
    // blocks of Swedish text almost as well).
    let settings = tantivy::IndexSettings {
        docstore_blocksize: 4096,
        ..tantivy::IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema)
        .settings(settings)
        .create_in_dir(dir)?;
    let manifest = Manifest {
        version: SCHEMA_VERSION,
        analysis: super::analysis_id(),
        corpus: corpus.to_owned(),
        ..Manifest::default()
    };
    manifest.write(dir)?;
    Ok((index, manifest, true))
}

impl ExampleIndex {
    /// The index's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Opens the index in `dir`, creating it if missing and re-reading the corpus files that
    /// changed since the last sync (all of them with `options.full`).
    ///
    /// Invalid corpus files are skipped and reported in [`SyncReport::problems`]; only an
    /// unreadable corpus directory, an index directory that is not ours, or an I/O failure of
    /// the index is an `Err`.
    pub fn open(corpus: &Path, dir: &Path, options: SyncOptions) -> Result<(Self, SyncReport)> {
        let (this, report) = Self::open_with(corpus, dir, options, false)?;
        Ok((this, report.unwrap_or_default()))
    }

    /// Opens the index in `dir` like [`open`](Self::open), but leaves the comparison with the
    /// corpus to a later [`resync`](Self::resync) when the index is already built: a server
    /// answers at once from the index as it stood when it last stopped, while a million files
    /// are compared in the background. A new or rebuilt index is filled now (it would answer
    /// nothing), and its report returned; `None` means a resync is due.
    pub fn open_deferred(
        corpus: &Path,
        dir: &Path,
        options: SyncOptions,
    ) -> Result<(Self, Option<SyncReport>)> {
        Self::open_with(corpus, dir, options, true)
    }

    /// Whether the index has been compared with the corpus files since it was opened.
    pub fn is_synced(&self) -> bool {
        self.synced.load(std::sync::atomic::Ordering::Acquire)
    }

    fn open_with(
        corpus: &Path,
        dir: &Path,
        options: SyncOptions,
        defer: bool,
    ) -> Result<(Self, Option<SyncReport>)> {
        let corpus = std::fs::canonicalize(corpus).map_err(|source| {
            crate::corpus::CorpusError::ReadDir {
                path: corpus.to_owned(),
                source,
            }
        })?;
        let (mut index, mut manifest, rebuilt) = open_or_create(dir, &corpus)?;
        // A search collects its segments on every core: a large index has several of similar
        // size (at a million examples, searches took half the time on two cores), and under
        // load the cores are shared as before (the same throughput, a lower p99).
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        if cores > 1 {
            index.set_multithread_executor(cores)?;
        }
        let (_, fields) = build_schema();
        // Live changes and queries split compounds with the dictionary and the indexed
        // vocabulary, learnt only when first needed; a sync with files to read learns its own
        // below.
        let (lazy_index, words_field) = (index.clone(), fields.words);
        register_analyzers(
            &index,
            Arc::new(LazyDecompounder::new(move || {
                let known = indexed_words(&lazy_index, words_field).unwrap_or_default();
                Arc::new(Decompounder::default().learning(known.iter().map(String::as_str)))
            })),
        );
        let now = !defer || rebuilt || options.full;
        let mut report = SyncReport {
            rebuilt,
            ..SyncReport::default()
        };
        if now {
            if options.full {
                manifest.files.clear();
                manifest.problems.clear();
            }
            let context = SyncContext {
                index: &index,
                fields: &fields,
                corpus: &corpus,
                dir,
                options,
            };
            sync(&context, &mut manifest, &mut report)?;
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let this = Self {
            index,
            reader,
            fields,
            dir: dir.to_owned(),
            live: Mutex::new(Live::default()),
            semantic: OnceLock::new(),
            synced: std::sync::atomic::AtomicBool::new(now),
        };
        if !now {
            return Ok((this, None));
        }
        report.indexed = this.searcher().num_docs();
        report.problems = manifest.problems;
        Ok((this, Some(report)))
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

    /// Starts search by meaning with the model in `model_dir` (see [`Semantic::start`]): the
    /// published examples are embedded in the background, and every later change reaches it.
    /// A second call does nothing.
    pub fn start_semantic(&self, model_dir: &Path) {
        if self.semantic.get().is_some() {
            return;
        }
        let (index, fields) = (self.index.clone(), self.fields);
        let source = Box::new(move || {
            published(&index, &fields).unwrap_or_else(|e| {
                tracing::warn!("the examples could not be read for embedding: {e}");
                Vec::new()
            })
        });
        let semantic = Semantic::start(model_dir, &self.dir.join(VECTORS_DIR), source);
        let _ = self.semantic.set(semantic);
    }

    /// Uses `semantic` for search by meaning (instead of [`ExampleIndex::start_semantic`]);
    /// does nothing when one is already in use.
    pub fn set_semantic(&self, semantic: Semantic) {
        let _ = self.semantic.set(semantic);
    }

    /// Every published example (front matter only).
    pub fn published(&self) -> Result<Vec<Example>> {
        published(&self.index, &self.fields)
    }

    /// Search by meaning, when started.
    pub fn semantic(&self) -> Option<&Semantic> {
        self.semantic.get()
    }

    /// Makes the index reflect `example` at once: a published example is added (or replaces
    /// the one with its id), any other status removes it. Searches started after this returns
    /// see the change, except during a [`resync`](Self::resync): then it is applied right
    /// after that. Changes are serialised; the file on disk is the caller's to write first.
    pub fn upsert(&self, example: &Example) -> Result<()> {
        self.change(&example.id, example.is_public().then_some(example))
    }

    /// Removes the example `id` from the index at once (nothing happens if it is not there).
    pub fn remove(&self, id: &crate::model::ExampleId) -> Result<()> {
        self.change(id, None)
    }

    /// Brings the open index up to date with its corpus, as [`open`](Self::open) does at a
    /// start: the files changed since the last sync are read again (every file with
    /// `options.full`), while searches go on over the state before. This is how a running
    /// server takes over `goda import` and `goda reindex`. Live changes made meanwhile wait
    /// and are applied right after it, in order; search by meaning is told of every example
    /// whose text changed.
    ///
    /// On `Err` (a resync already under way, or an I/O failure) the index may hold part of
    /// the files read; the next resync or start completes it. The waiting live changes are
    /// applied either way.
    pub fn resync(&self, options: SyncOptions) -> Result<SyncReport> {
        {
            let mut live = self.lock_live();
            if live.resyncing {
                return Err(IndexError::Io {
                    path: self.dir.clone(),
                    source: std::io::Error::other("another resync of this index is under way"),
                });
            }
            // Only one writer may hold the index: the live one gives way for the sync.
            if let Some(writer) = live.writer.take() {
                writer.wait_merging_threads()?;
            }
            live.resyncing = true;
        }
        let _end = ResyncEnd(self);
        let report = self.sync_open(options);
        if report.is_ok() {
            self.synced
                .store(true, std::sync::atomic::Ordering::Release);
        }
        report
    }

    /// The sync of [`resync`](Self::resync), with the live writer out of the way.
    fn sync_open(&self, options: SyncOptions) -> Result<SyncReport> {
        // What search by meaning has now, to tell it what changed (read only when it is on:
        // at 100 000 examples this reads every stored document).
        let before = match self.semantic.get() {
            Some(_) => self.published_passages()?,
            None => HashMap::new(),
        };
        let mut manifest = Manifest::read(&self.dir).ok_or_else(|| IndexError::Io {
            path: self.dir.join(MANIFEST),
            source: std::io::Error::other("the manifest is missing or from another version"),
        })?;
        let mut report = SyncReport::default();
        if options.full {
            manifest.files.clear();
            manifest.problems.clear();
        }
        let corpus = manifest.corpus.clone();
        let context = SyncContext {
            index: &self.index,
            fields: &self.fields,
            corpus: &corpus,
            dir: &self.dir,
            options,
        };
        sync(&context, &mut manifest, &mut report)?;
        self.reader.reload()?;
        report.indexed = self.searcher().num_docs();
        report.problems = manifest.problems;
        if let Some(semantic) = self.semantic.get() {
            let after = self.published_passages()?;
            for (id, (passage, example)) in &after {
                if before.get(id).is_none_or(|(old, _)| old != passage) {
                    semantic.changed(&example.id, Some(example));
                }
            }
            for (id, (_, example)) in &before {
                if !after.contains_key(id) {
                    semantic.changed(&example.id, None);
                }
            }
        }
        Ok(report)
    }

    fn lock_live(&self) -> std::sync::MutexGuard<'_, Live> {
        // A poisoned lock only means another change panicked; the writer itself is sound.
        self.live
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every published example by id, with the passage search by meaning embeds.
    fn published_passages(&self) -> Result<HashMap<String, (String, Example)>> {
        Ok(published(&self.index, &self.fields)?
            .into_iter()
            .map(|e| (e.id.to_string(), (super::embedding::passage(&e), e)))
            .collect())
    }

    fn change(&self, id: &crate::model::ExampleId, add: Option<&Example>) -> Result<()> {
        let mut live = self.lock_live();
        if live.resyncing {
            live.pending.push((id.clone(), add.cloned()));
            return Ok(());
        }
        self.apply(&mut live, id, add)
    }

    /// Applies one change with the live writer (made if needed) and commits it.
    fn apply(
        &self,
        live: &mut Live,
        id: &crate::model::ExampleId,
        add: Option<&Example>,
    ) -> Result<()> {
        if live.writer.is_none() {
            live.writer = Some(
                self.index
                    .writer_with_num_threads(1, LIVE_WRITER_HEAP_BYTES)?,
            );
        }
        let writer = live.writer.as_mut().expect("the writer was just made");
        writer.delete_term(Term::from_field_text(self.fields.id, id.as_str()));
        if let Some(example) = add {
            writer.add_document(to_document(&self.fields, example))?;
        }
        writer.commit()?;
        self.reader.reload()?;
        if let Some(semantic) = self.semantic.get() {
            semantic.changed(id, add);
        }
        Ok(())
    }
}

/// Every published example in `index` (front matter only, no body).
fn published(index: &Index, fields: &Fields) -> Result<Vec<Example>> {
    let searcher = index.reader()?.searcher();
    let mut out = Vec::with_capacity(searcher.num_docs() as usize);
    for segment in searcher.segment_readers() {
        let store = segment
            .get_store_reader(64)
            .map_err(|e| IndexError::Tantivy(e.into()))?;
        for doc in segment.doc_ids_alive() {
            let doc: tantivy::TantivyDocument = store.get(doc)?;
            out.push(read_meta(fields, &doc)?);
        }
    }
    Ok(out)
}
