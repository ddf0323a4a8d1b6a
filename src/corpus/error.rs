use std::fmt;
use std::path::PathBuf;

/// A problem with one corpus file, reported as `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// The file, as given to the loader.
    pub path: PathBuf,
    /// The 1-based line the problem is on (the first line when it concerns the whole file).
    pub line: usize,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// A problem with one field of an example, independent of where the example came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// The field's name as written in the corpus (e.g. `focus_areas`), or `body`.
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl FieldError {
    pub(crate) fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.field, self.message)
    }
}

/// Failures of corpus operations as a whole (not of a single file's content).
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The corpus directory could not be listed.
    #[error("cannot read the corpus directory {path}: {source}")]
    ReadDir {
        /// The directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file for this id exists and replacing was not asked for.
    #[error("{path} already exists; pass --replace to overwrite it")]
    Exists {
        /// The file.
        path: PathBuf,
    },
}

/// The result of corpus operations.
pub type Result<T, E = CorpusError> = std::result::Result<T, E>;
