//! Settings from the config file (`goda.toml` unless `--config`/`GODA_CONFIG` says otherwise):
//! the organisers' accounts and the submission rate limit. The file is TOML, written
//! atomically; only hashes of passwords (argon2) and API tokens (SHA-256) are kept in it.
//!
//! ```
//! let mut config = goda::config::Config::default();
//! config.add_organiser("anna", "ett långt lösenord").unwrap();
//! assert!(config.verify_password("anna", "ett långt lösenord"));
//! let token = config.new_token("anna").unwrap();
//! assert_eq!(config.organiser_for_token(&token), Some("anna"));
//! ```

use std::path::{Path, PathBuf};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::corpus::{WriteMode, write_atomically};
use crate::submission::{new_token, token_hash};

/// The default number of submissions one address may make per minute.
pub const DEFAULT_SUBMIT_RATE_PER_MINUTE: u32 = 10;
/// The shortest password allowed.
pub const MIN_PASSWORD_CHARS: usize = 12;

fn default_rate() -> u32 {
    DEFAULT_SUBMIT_RATE_PER_MINUTE
}

/// The whole config file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Submissions one address may make per minute; 0 turns the limit off.
    #[serde(default = "default_rate")]
    pub submit_rate_per_minute: u32,
    /// The organisers who may review and publish.
    #[serde(default, rename = "organiser")]
    pub organisers: Vec<Organiser>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            submit_rate_per_minute: DEFAULT_SUBMIT_RATE_PER_MINUTE,
            organisers: Vec::new(),
        }
    }
}

/// One organiser account.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organiser {
    /// The login name.
    pub name: String,
    /// The argon2 hash of the password (PHC string).
    pub password_hash: String,
    /// SHA-256 hashes (hex) of the organiser's API tokens.
    #[serde(default)]
    pub token_hashes: Vec<String>,
}

/// Why the config could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not a valid config.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong, with its line.
        message: String,
    },
    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] crate::corpus::CorpusError),
    /// A name that cannot be an organiser's.
    #[error(
        "organiser name \"{0}\" is not allowed: use 1–60 letters, digits, dots, hyphens or underscores"
    )]
    BadName(String),
    /// A password that is too short.
    #[error("the password is too short: use at least {MIN_PASSWORD_CHARS} characters")]
    WeakPassword,
    /// No organiser with this name.
    #[error("there is no organiser called \"{0}\"; add one with `goda organiser add {0}`")]
    NoSuchOrganiser(String),
    /// Hashing failed.
    #[error("could not hash the password: {0}")]
    Hash(String),
}

fn valid_name(name: &str) -> bool {
    (1..=60).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

impl Config {
    /// Reads the config file; a missing file is the default config (no organisers).
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_owned(),
            message: e.to_string(),
        })
    }

    /// Writes the config file atomically.
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        let text = toml::to_string_pretty(self).expect("a config serialises");
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("goda.toml");
        write_atomically(dir, name, text.as_bytes(), WriteMode::Replace)?;
        Ok(())
    }

    /// Adds an organiser, or sets a new password for an existing one.
    pub fn add_organiser(&mut self, name: &str, password: &str) -> Result<(), ConfigError> {
        if !valid_name(name) {
            return Err(ConfigError::BadName(name.to_owned()));
        }
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(ConfigError::WeakPassword);
        }
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| ConfigError::Hash(e.to_string()))?;
        let salt = SaltString::encode_b64(&salt).map_err(|e| ConfigError::Hash(e.to_string()))?;
        let hash = Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map_err(|e| ConfigError::Hash(e.to_string()))?
            .to_string();
        match self.organisers.iter_mut().find(|o| o.name == name) {
            Some(o) => o.password_hash = hash,
            None => self.organisers.push(Organiser {
                name: name.to_owned(),
                password_hash: hash,
                token_hashes: Vec::new(),
            }),
        }
        Ok(())
    }

    /// A new API token for an organiser; only its hash is kept.
    pub fn new_token(&mut self, name: &str) -> Result<String, ConfigError> {
        let organiser = self
            .organisers
            .iter_mut()
            .find(|o| o.name == name)
            .ok_or_else(|| ConfigError::NoSuchOrganiser(name.to_owned()))?;
        let token = new_token().map_err(|e| ConfigError::Hash(e.to_string()))?;
        organiser.token_hashes.push(token_hash(&token));
        Ok(token)
    }

    /// Whether `password` is the organiser `name`'s. Slow on purpose (argon2).
    pub fn verify_password(&self, name: &str, password: &str) -> bool {
        let Some(organiser) = self.organisers.iter().find(|o| o.name == name) else {
            return false;
        };
        PasswordHash::new(&organiser.password_hash).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
    }

    /// The organiser an API token belongs to.
    pub fn organiser_for_token(&self, token: &str) -> Option<&str> {
        let hash = token_hash(token);
        self.organisers
            .iter()
            .find(|o| o.token_hashes.contains(&hash))
            .map(|o| o.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_config_loads_back_and_keeps_no_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("goda.toml");
        let mut config = Config::default();
        config.add_organiser("anna", "hemligt-och-långt").unwrap();
        let token = config.new_token("anna").unwrap();
        config.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("hemligt-och-långt") && !text.contains(&token));
        let back = Config::load(&path).unwrap();
        assert!(back.verify_password("anna", "hemligt-och-långt"));
        assert!(!back.verify_password("anna", "fel-lösenord-12"));
        assert_eq!(back.organiser_for_token(&token), Some("anna"));
        assert_eq!(back.organiser_for_token("fel"), None);
    }

    #[test]
    fn bad_names_short_passwords_and_unknown_keys_are_refused() {
        let mut config = Config::default();
        assert!(matches!(
            config.add_organiser("../x", "tillräckligt långt"),
            Err(ConfigError::BadName(_))
        ));
        assert!(matches!(
            config.add_organiser("anna", "kort"),
            Err(ConfigError::WeakPassword)
        ));
        assert!(matches!(
            config.new_token("ingen"),
            Err(ConfigError::NoSuchOrganiser(_))
        ));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("goda.toml");
        std::fs::write(&path, "rate = 5\n").unwrap();
        assert!(
            Config::load(&path)
                .unwrap_err()
                .to_string()
                .contains("unknown field")
        );
        assert_eq!(
            Config::load(&dir.path().join("saknas.toml")).unwrap(),
            Config::default()
        );
    }
}
