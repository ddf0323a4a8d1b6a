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
    front.push(format!("reviewed = {}", date(e.reviewed)));
    let body = e.body.strip_prefix('\n').unwrap_or(&e.body);
    format!("+++\n{}\n+++\n\n{body}", front.join("\n"))
}

/// The revision of a file's contents: the hex SHA-256 of its bytes. Forms and the API carry
/// the revision they started from, so that a save made on a stale copy is refused instead of
/// overwriting someone else's change.
pub fn revision(contents: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(contents)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The revision of the file at `path`; `None` when it cannot be read.
pub fn file_revision(path: &Path) -> Option<String> {
    fs::read(path).ok().map(|bytes| revision(&bytes))
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A new random token: 32 bytes from the operating system, in hex (edit tokens, session and
/// request ids, the names of queued mails).
pub fn new_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| CorpusError::Write {
        path: PathBuf::from("(random token)"),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn temp_path(dir: &Path, name: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Removes the temporary files that writers killed mid-write (SIGKILL, a power cut) left in
/// `dir`: `.{name}.{pid}.{n}.tmp` older than a minute whose process no longer runs, and any
/// older than an hour. Returns how many were removed; a file that
/// cannot be removed is left (and logged).
pub fn remove_leftover_temporaries(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
            continue;
        };
        let pid = inner.rsplit('.').nth(1).and_then(|p| p.parse::<u32>().ok());
        let Some(pid) = pid else { continue };
        // A write takes well under a minute: a younger file may belong to a writer this
        // process cannot see (another PID namespace, a hidden /proc). An older one is
        // abandoned when its writer is gone, or, whoever wrote it, after an hour (a container
        // restarts with the same pid every time).
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .unwrap_or_default();
        let proc = Path::new("/proc");
        let writer_gone =
            proc.is_dir() && pid != std::process::id() && !proc.join(pid.to_string()).exists();
        let abandoned = age > std::time::Duration::from_secs(3600)
            || (age > std::time::Duration::from_secs(60) && writer_gone);
        if abandoned {
            match fs::remove_file(entry.path()) {
                Ok(()) => removed += 1,
                Err(e) => tracing::warn!("cannot remove {}: {e}", entry.path().display()),
            }
        }
    }
    removed
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
    // The new file is made with the old one's permissions from the start: a config readable by
    // its owner only is never readable by others, not even as the temporary file.
    let old_mode = match mode {
        WriteMode::Replace => fs::metadata(&target).ok().map(|m| m.permissions()),
        WriteMode::CreateNew => None,
    };
    let result = (|| {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        if let Some(permissions) = &old_mode {
            use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
            options.mode(permissions.mode() & 0o777);
        }
        let mut file = options.open(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        match mode {
            // A hard link fails if the target exists, so two writers can never both create it.
            WriteMode::CreateNew => {
                fs::hard_link(&tmp, &target).and_then(|()| fs::remove_file(&tmp))
            }
            // The new file keeps the old one's permissions: a config made readable by its
            // owner only stays so.
            WriteMode::Replace => match &old_mode {
                Some(permissions) => fs::set_permissions(&tmp, permissions.clone())
                    .and_then(|()| fs::rename(&tmp, &target)),
                None => fs::rename(&tmp, &target),
            },
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
mod leftovers {
    use super::*;

    #[test]
    fn temporaries_of_dead_writers_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        // A pid above the kernel's maximum never runs.
        let dead = dir.path().join(".ett-exempel.md.4999999.0.tmp");
        let mine = temp_path(dir.path(), "pagar.md");
        let example = dir.path().join("ett-exempel.md");
        let hidden = dir.path().join(".goda.toml");
        let young = dir.path().join(".annat.md.4999998.0.tmp");
        for f in [&dead, &mine, &example, &hidden, &young] {
            fs::write(f, "x").unwrap();
        }
        let two_minutes_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
        for f in [&dead, &mine, &example, &hidden] {
            fs::File::options()
                .write(true)
                .open(f)
                .unwrap()
                .set_modified(two_minutes_ago)
                .unwrap();
        }
        assert_eq!(remove_leftover_temporaries(dir.path()), 1);
        assert!(!dead.exists());
        assert!(mine.exists() && example.exists() && hidden.exists());
        assert!(
            young.exists(),
            "a writer this process cannot see may still be at work"
        );
    }
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

    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = write_atomically(dir.path(), "goda.toml", b"a", WriteMode::CreateNew).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomically(dir.path(), "goda.toml", b"b", WriteMode::Replace).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(fs::read(&path).unwrap(), b"b");
    }
}
