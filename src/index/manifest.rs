//! The manifest: what the index was built from, so that a later start can tell which corpus
//! files changed. It lives beside the index as `goda-manifest.json`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::{IndexError, Result, SCHEMA_VERSION};
use crate::corpus::{Problem, WriteMode, write_atomically};

/// The manifest's file name inside the index directory.
pub const MANIFEST: &str = "goda-manifest.json";

/// Size and modification time of a corpus file: when either changes, the file is re-read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    len: u64,
    mtime_ns: u128,
}

impl Stamp {
    /// The stamp of a file whose metadata is at hand.
    pub fn from_metadata(meta: &std::fs::Metadata) -> std::io::Result<Self> {
        let mtime_ns = meta
            .modified()?
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        Ok(Self {
            len: meta.len(),
            mtime_ns,
        })
    }
}

/// What the index holds, file by file.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    /// The schema version the index was built with.
    pub version: u32,
    /// The analysis it was built with ([`super::analysis_id`]): another lexicon or splitter
    /// makes other terms, so the index is rebuilt.
    #[serde(default)]
    pub analysis: String,
    /// The corpus directory the index was built from (a different one forces a rebuild).
    pub corpus: PathBuf,
    /// Every example file seen, by file name.
    pub files: BTreeMap<String, Stamp>,
    /// The problems of the invalid files among them.
    pub problems: Vec<Problem>,
}

impl Manifest {
    /// Reads the manifest of `dir`; `None` when there is none or it is unreadable or from
    /// another schema version or analysis (the index is then rebuilt).
    pub fn read(dir: &Path) -> Option<Self> {
        let bytes = std::fs::read(dir.join(MANIFEST)).ok()?;
        let manifest: Self = serde_json::from_slice(&bytes).ok()?;
        (manifest.version == SCHEMA_VERSION && manifest.analysis == super::analysis_id())
            .then_some(manifest)
    }

    /// Writes the manifest atomically.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let json = serde_json::to_vec(self).expect("a manifest serialises");
        write_atomically(dir, MANIFEST, &json, WriteMode::Replace).map_err(|e| match e {
            crate::corpus::CorpusError::Write { path, source } => IndexError::Io { path, source },
            other => IndexError::Corpus(other),
        })?;
        Ok(())
    }
}
