//! The commands of the `goda` binary, by what they work on.

mod corpus;
mod search;
mod serve;

use super::OrganiserCommand;
pub(crate) use corpus::{check, generate, import, organiser};
pub(crate) use search::{analyze, bench_latency, eval, search_cli};
pub(crate) use serve::{reindex, serve};

use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// The bundled corpus in the checkout: the tests and the relevance collections read it.
pub(crate) const BUNDLED_CORPUS: &str = "examples-corpus";
/// The site's data when no corpus is named: a working copy of the bundled corpus beside its
/// index, in a folder git ignores, so that using the site never changes the checkout.
pub(crate) const SITE_CORPUS: &str = "var/corpus";
pub(crate) const SITE_INDEX: &str = "var/index";
/// The index of the bundled corpus, for the commands that read it.
pub(crate) const BUNDLED_INDEX: &str = "index";

/// The corpus and index the site works on: those named (`--corpus`, `GODA_CORPUS`; the index
/// defaults to `index` beside a named corpus), else `var/corpus` and `var/index`, the working
/// copy made from `examples-corpus` the first time.
pub(crate) fn site_data(
    corpus: Option<&Path>,
    index: Option<&Path>,
) -> anyhow::Result<(PathBuf, PathBuf)> {
    if let Some(corpus) = corpus {
        let index = index.map_or_else(|| PathBuf::from(BUNDLED_INDEX), Path::to_owned);
        return Ok((corpus.to_owned(), index));
    }
    let site = PathBuf::from(SITE_CORPUS);
    if !site.is_dir() {
        let bundled = Path::new(BUNDLED_CORPUS);
        anyhow::ensure!(
            bundled.is_dir(),
            "no corpus: name one with --corpus or GODA_CORPUS (the bundled {BUNDLED_CORPUS}/ \
             is not in {})",
            std::env::current_dir().unwrap_or_default().display()
        );
        working_copy(bundled, &site)?;
        eprintln!(
            "goda: serving a working copy of {BUNDLED_CORPUS}/ in {SITE_CORPUS}/ \
             (delete var/ to start again from the bundled corpus)"
        );
    }
    let index = index.map_or_else(|| PathBuf::from(SITE_INDEX), Path::to_owned);
    Ok((site, index))
}

/// The corpus and index a command that only reads examples works on: those named, else the
/// bundled corpus and its index.
pub(crate) fn bundled_data(corpus: Option<&Path>, index: Option<&Path>) -> (PathBuf, PathBuf) {
    (
        corpus.map_or_else(|| PathBuf::from(BUNDLED_CORPUS), Path::to_owned),
        index.map_or_else(|| PathBuf::from(BUNDLED_INDEX), Path::to_owned),
    )
}

/// Copies the corpus `from` to `to` (which must not exist) through a temporary folder beside
/// it, so that an interrupted copy never leaves half a corpus: the examples, the fair, the
/// synonyms, not the submissions in progress (`.review/`) or the outbox.
fn working_copy(from: &Path, to: &Path) -> anyhow::Result<()> {
    fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            let name = entry.file_name();
            if name == ".review" || name == ".utkorg" {
                continue;
            }
            let target = to.join(&name);
            if entry.file_type()?.is_dir() {
                copy_dir(&entry.path(), &target)?;
            } else {
                std::fs::copy(entry.path(), &target)?;
            }
        }
        Ok(())
    }
    // A folder of this process's own: two first runs at once each copy whole, and the one
    // that comes second uses the first one's copy and discards its own.
    let temporary = to.with_extension(format!("new-{}", std::process::id()));
    if temporary.exists() {
        std::fs::remove_dir_all(&temporary)
            .with_context(|| format!("cannot remove {}", temporary.display()))?;
    }
    copy_dir(from, &temporary).with_context(|| {
        format!(
            "cannot copy {} to {} (a link or a special file in it?)",
            from.display(),
            temporary.display()
        )
    })?;
    match std::fs::rename(&temporary, to) {
        Ok(()) => Ok(()),
        Err(_) if to.is_dir() => {
            let _ = std::fs::remove_dir_all(&temporary);
            Ok(())
        }
        Err(e) => Err(e)
            .with_context(|| format!("cannot move {} to {}", temporary.display(), to.display())),
    }
}
