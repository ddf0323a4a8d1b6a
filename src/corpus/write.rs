//! Writing examples as corpus files, atomically: a temporary file in the same directory is
//! written, flushed to disk, then renamed (or linked) into place, so a crash leaves either the
//! old file or the new one, never half of one.

use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use toml::Value;

use super::{CorpusError, Result};
use crate::model::Example;

/// Whether writing may replace an existing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// Fail with [`CorpusError::Exists`] when the file exists (checked atomically).
    CreateNew,
    /// Replace the file if it exists.
    Replace,
}

fn string(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

fn date(d: jiff::civil::Date) -> String {
    d.to_string()
}

fn list<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I) -> String {
    let parts: Vec<String> = items.into_iter().map(|s| string(s.as_ref())).collect();
    format!("[{}]", parts.join(", "))
}

/// The text of a corpus file for `example`: front matter in the canonical key order, then
/// the body.
pub fn example_to_file_text(example: &Example) -> String {
    let e = example;
    let mut front = vec![
        format!("id = {}", string(e.id.as_str())),
        format!("title = {}", string(&e.title)),
        format!("summary = {}", string(&e.summary)),
        format!("unit = {}", string(&e.unit)),
        format!("organisation = {}", string(&e.organisation)),
        format!("area = {}", string(e.area.slug())),
        format!(
            "focus_areas = {}",
            list(e.focus_areas.iter().map(|f| f.slug()))
        ),
        format!("maturity = {}", string(e.maturity.slug())),
        format!("year = {}", e.year),
        format!("tags = {}", list(&e.tags)),
    ];
    if let Some(name) = &e.contact_name {
        front.push(format!("contact_name = {}", string(name)));
    }
    if let Some(email) = &e.contact_email {
        front.push(format!("contact_email = {}", string(email)));
    }
    front.push(format!("status = {}", string(e.status.slug())));
    front.push(format!("created = {}", date(e.created)));
    front.push(format!("updated = {}", date(e.updated)));
    let body = e.body.strip_prefix('\n').unwrap_or(&e.body);
    format!("+++\n{}\n+++\n\n{body}", front.join("\n"))
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp_path(dir: &Path, name: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Writes `contents` to `dir/name` atomically, returning the final path.
///
/// On `Err` nothing has changed at `dir/name` (the temporary file is removed).
pub fn write_atomically(
    dir: &Path,
    name: &str,
    contents: &[u8],
    mode: WriteMode,
) -> Result<PathBuf> {
    let target = dir.join(name);
    let tmp = temp_path(dir, name);
    let write_err = |source| CorpusError::Write {
        path: target.clone(),
        source,
    };
    let result = (|| {
        let mut file = File::create_new(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        match mode {
            // A hard link fails if the target exists, so two writers can never both create it.
            WriteMode::CreateNew => {
                fs::hard_link(&tmp, &target).and_then(|()| fs::remove_file(&tmp))
            }
            WriteMode::Replace => fs::rename(&tmp, &target),
        }?;
        File::open(dir)?.sync_all()
    })();
    match result {
        Ok(()) => Ok(target),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Err(CorpusError::Exists { path: target })
            } else {
                Err(write_err(e))
            }
        }
    }
}

/// Writes `example` to `dir/{id}.md` atomically.
pub fn write_example(dir: &Path, example: &Example, mode: WriteMode) -> Result<PathBuf> {
    let text = example_to_file_text(example);
    write_atomically(dir, &example.id.file_name(), text.as_bytes(), mode)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::parse_example;

    fn example() -> Example {
        let text = "+++\nid = \"ex\"\ntitle = \"Ett \\\"citat\\\"\"\nsummary = \"S\"\nunit = \"U\"\n\
                    organisation = \"O\"\narea = \"skola\"\nfocus_areas = [\"dialog\"]\n\
                    maturity = \"pilot\"\nyear = 2024\ntags = [\"å\"]\nstatus = \"published\"\n\
                    created = 2024-01-01\nupdated = 2024-01-02\n+++\n\nBody\n";
        parse_example("ex.md", text.as_bytes(), jiff::civil::date(2026, 1, 1)).unwrap()
    }

    #[test]
    fn a_written_file_parses_back_to_the_same_example() {
        let dir = tempfile::tempdir().unwrap();
        let e = example();
        let path = write_example(dir.path(), &e, WriteMode::CreateNew).unwrap();
        let back = crate::corpus::read_example_file(&path, jiff::civil::date(2026, 1, 1)).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn create_new_never_overwrites_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        write_example(dir.path(), &example(), WriteMode::CreateNew).unwrap();
        let err = write_example(dir.path(), &example(), WriteMode::CreateNew).unwrap_err();
        assert!(matches!(err, CorpusError::Exists { .. }));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        write_example(dir.path(), &example(), WriteMode::Replace).unwrap();
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
