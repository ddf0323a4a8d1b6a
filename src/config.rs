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
    /// The site's public address (`https://goda-exempel.stockholm.se`) for absolute links
    /// and, when it is HTTPS, `Secure` cookies and HSTS. Unset: links use the request's
    /// `Host`, which only a proxy that sets it can be trusted with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
    /// The addresses (`10.0.0.5`) and networks (`10.0.0.0/8`) of reverse proxies whose
    /// `X-Forwarded-For` is believed: the client is then the last address the header names
    /// that is not itself a trusted proxy. Empty: the connection's address is the client.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trusted_proxies: Vec<String>,
    /// The licence of the open data at `/oppna-data` ("CC0 1.0"), as visitors read it.
    /// Unset: the page says that none is stated and whom to ask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_data_licence: Option<String>,
    /// The editors' e-mail address, shown on the contact, privacy and accessibility pages.
    /// Unset: those pages give the city's switchboard only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editors_email: Option<String>,
    /// The mail server; without it no mail is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail: Option<crate::mail::MailSettings>,
    /// The folder of the search log (counts of searches and readings per day, nothing about
    /// who made them), outside the corpus. Unset: `searchlog` in the working directory; empty:
    /// no log is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_log_dir: Option<String>,
    /// Days the search log keeps (default 400).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_log_retention_days: Option<u32>,
    /// Months after its last confirmation that a published example is due for review
    /// (default 24): readers are told it may be out of date, organisers see it in the list
    /// of examples to review, and its unit is asked to confirm or update it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_months: Option<u32>,
    /// City login for organisers (OpenID Connect); unset: organisers log in with passwords.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc: Option<OidcSettings>,
    /// Whether organisers may log in with the passwords of this file (default yes). With
    /// `oidc` set, `false` leaves the city login as the only way in (API tokens still work).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub password_login: bool,
    /// The organisers who may review and publish.
    #[serde(default, rename = "organiser")]
    pub organisers: Vec<Organiser>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// The city's OpenID provider, and who among its users is an organiser.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcSettings {
    /// The provider's issuer (`https://login.stockholm.se/realms/stad`): its discovery
    /// document is `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    /// This site's client id at the provider. Its redirect address is
    /// `{public_url}/login/oidc/callback`.
    pub client_id: String,
    /// The client secret, for a confidential client; unset for a public one (PKCE alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// The ID-token claim that makes someone an organiser (`groups`, `roles`): a string or a
    /// list of strings...
    #[serde(default = "default_organiser_claim")]
    pub organiser_claim: String,
    /// ...that must equal, or contain, this value (`goda-exempel-redaktion`).
    pub organiser_value: String,
    /// The claim that names the organiser in the pages and the history
    /// (`preferred_username` unless set; `email`, then `sub`, when the token lacks it).
    #[serde(default = "default_name_claim")]
    pub name_claim: String,
    /// More scopes to ask for beside `openid profile email` (`groups`, when the provider
    /// gives that claim only on request).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
}

fn default_organiser_claim() -> String {
    "groups".into()
}

fn default_name_claim() -> String {
    "preferred_username".into()
}

impl OidcSettings {
    /// Checks what can be checked without asking the provider. On `Err` says what is wrong.
    pub fn check(&self, public_url: Option<&str>) -> Result<(), ConfigError> {
        let bad = |what: &str| Err(ConfigError::BadOidc(what.to_owned()));
        if public_base(&self.issuer).is_err() {
            return bad("`issuer` must be the provider's https address");
        }
        let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
            .iter()
            .any(|l| self.issuer.starts_with(l));
        if !self.issuer.starts_with("https://") && !loopback {
            return bad("`issuer` must be an https address (http only on this machine, for tests)");
        }
        if self.client_id.trim().is_empty() {
            return bad("`client_id` is empty");
        }
        if self.organiser_claim.trim().is_empty() || self.organiser_value.trim().is_empty() {
            return bad(
                "`organiser_claim` and `organiser_value` say who is an organiser; neither may be empty",
            );
        }
        if public_url.is_none() {
            return bad(
                "the city login needs `public_url`: the provider sends organisers back to `{public_url}/login/oidc/callback`",
            );
        }
        Ok(())
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            submit_rate_per_minute: DEFAULT_SUBMIT_RATE_PER_MINUTE,
            public_url: None,
            trusted_proxies: Vec::new(),
            editors_email: None,
            open_data_licence: None,
            search_log_dir: None,
            search_log_retention_days: None,
            review_months: None,
            mail: None,
            oidc: None,
            password_login: true,
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
    /// The argon2 hash of the password (PHC string); empty for an entry without a password
    /// (its API tokens and notices only: no password opens it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub password_hash: String,
    /// SHA-256 hashes (hex) of the organiser's API tokens.
    #[serde(default)]
    pub token_hashes: Vec<String>,
    /// Where the notices of new submissions go (with `[mail]`); none without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// How often: a mail for each new submission (the default), one a day, or none.
    #[serde(default, skip_serializing_if = "Notices::is_default")]
    pub notices: Notices,
}

/// How an organiser hears of new submissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Notices {
    /// A mail for each new submission.
    #[default]
    Each,
    /// One mail a day listing what waits (see `submission::digest`).
    Daily,
    /// No mail.
    Never,
}

impl Notices {
    fn is_default(&self) -> bool {
        *self == Notices::Each
    }

    /// The choices, as the form shows them.
    pub const ALL: [Notices; 3] = [Notices::Each, Notices::Daily, Notices::Never];

    /// The slug in forms and in the file.
    pub const fn slug(self) -> &'static str {
        match self {
            Notices::Each => "each",
            Notices::Daily => "daily",
            Notices::Never => "never",
        }
    }

    /// The choice of this slug.
    pub fn parse(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.slug() == slug)
    }

    /// What the choice means, in Swedish.
    pub const fn label(self) -> &'static str {
        match self {
            Notices::Each => "E-post för varje exempel som skickas in",
            Notices::Daily => {
                "E-post en gång om dagen (klockan 7) med allt som väntar på granskning"
            }
            Notices::Never => "Ingen e-post",
        }
    }
}

/// The organisers' own choices of notices (made at `/admin/konto`), kept by the server apart
/// from the operator's config file: `.review/aviseringar.toml` in the corpus, written
/// atomically.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoticeChoices(Vec<NoticeChoice>);

/// One organiser's choice.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeChoice {
    /// The organiser, as logged in (a password account's name, or the city login's).
    pub name: String,
    /// Where the notices go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// How often.
    pub notices: Notices,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct NoticeFile {
    #[serde(default)]
    choice: Vec<NoticeChoice>,
}

impl NoticeChoices {
    /// The file, in the corpus's `.review` folder.
    pub const FILE: &'static str = "aviseringar.toml";

    fn dir(corpus: &Path) -> PathBuf {
        corpus.join(crate::submission::REVIEW_DIR)
    }

    /// The choices kept in `corpus` (none when there is no file; an unreadable one is logged
    /// and counts as none, so that the config's addresses still get their notices).
    pub fn load(corpus: &Path) -> Self {
        let path = Self::dir(corpus).join(Self::FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => match toml::from_str::<NoticeFile>(&text) {
                Ok(file) => NoticeChoices(file.choice),
                Err(e) => {
                    tracing::error!("{}: {}", path.display(), e.message());
                    NoticeChoices::default()
                }
            },
            Err(_) => NoticeChoices::default(),
        }
    }

    /// Writes the choices to `corpus` atomically.
    pub fn save(&self, corpus: &Path) -> Result<(), ConfigError> {
        let dir = Self::dir(corpus);
        std::fs::create_dir_all(&dir).map_err(|source| ConfigError::Read {
            path: dir.clone(),
            source,
        })?;
        let file = NoticeFile {
            choice: self.0.clone(),
        };
        let text = toml::to_string_pretty(&file).expect("choices serialise");
        write_atomically(&dir, Self::FILE, text.as_bytes(), WriteMode::Replace)?;
        Ok(())
    }

    /// The choice of organiser `name`, if they made one.
    pub fn of(&self, name: &str) -> Option<&NoticeChoice> {
        self.0.iter().find(|c| c.name == name)
    }

    /// Sets where and how often organiser `name` hears of new submissions.
    ///
    /// On `Err` the address is not one mail can reach.
    pub fn set(
        &mut self,
        name: &str,
        email: Option<&str>,
        notices: Notices,
    ) -> Result<(), ConfigError> {
        let email = email.map(str::trim).filter(|e| !e.is_empty());
        if let Some(e) = email
            && !crate::corpus::is_email(e)
        {
            return Err(ConfigError::BadEmail(e.to_owned()));
        }
        let choice = NoticeChoice {
            name: name.to_owned(),
            email: email.map(str::to_owned),
            notices,
        };
        match self.0.iter_mut().find(|c| c.name == name) {
            Some(c) => *c = choice,
            None => self.0.push(choice),
        }
        Ok(())
    }
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
    /// `editors_email` is not an address mail can reach.
    #[error(
        "editors_email \"{0}\" is not an e-mail address; write one like redaktionen@stockholm.se"
    )]
    BadEmail(String),
    /// No organiser with this name.
    #[error("there is no organiser called \"{0}\"; add one with `goda organiser add {0}`")]
    NoSuchOrganiser(String),
    /// The `[oidc]` settings cannot be used.
    #[error("[oidc]: {0}")]
    BadOidc(String),
    /// Hashing failed.
    #[error("could not hash the password: {0}")]
    Hash(String),
    /// A trusted proxy is not an address or a network.
    #[error(
        "trusted_proxies: \"{0}\" is not an IP address (10.0.0.5, ::1) or a network (10.0.0.0/8, fd00::/8)"
    )]
    BadProxy(String),
    /// The public address is not an http(s) URL of a host.
    #[error(
        "public_url: \"{0}\" is not an address such as https://goda-exempel.stockholm.se (http or https, a host, no query)"
    )]
    BadPublicUrl(String),
}

/// An IP network: an address and how many of its leading bits are fixed. A plain address is
/// a network of one. (Written here rather than taken from a crate: it is the one thing the
/// proxy setting needs.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    address: std::net::IpAddr,
    prefix: u8,
}

impl Network {
    /// Parses `10.0.0.5`, `10.0.0.0/8`, `::1` or `fd00::/8`.
    pub fn parse(text: &str) -> Option<Self> {
        let (address, prefix) = match text.trim().split_once('/') {
            Some((a, p)) => (a.parse().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (text.trim().parse().ok()?, None),
        };
        let bits = match address {
            std::net::IpAddr::V4(_) => 32,
            std::net::IpAddr::V6(_) => 128,
        };
        let prefix = prefix.unwrap_or(bits);
        (prefix <= bits).then_some(Network { address, prefix })
    }

    /// Whether `ip` is in the network (an IPv4 address mapped into IPv6 counts as IPv4).
    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        use std::net::IpAddr::{V4, V6};
        let ip = match ip {
            V6(v6) => v6.to_ipv4_mapped().map_or(ip, V4),
            v4 => v4,
        };
        let (a, b, bits) = match (self.address, ip) {
            (V4(a), V4(b)) => (u128::from(a.to_bits()), u128::from(b.to_bits()), 32),
            (V6(a), V6(b)) => (a.to_bits(), b.to_bits(), 128),
            _ => return false,
        };
        let shift = bits - u32::from(self.prefix);
        shift >= 128 || (a >> shift) == (b >> shift)
    }
}

/// Whether `host` is a plain host name or address, with or without a port (`goda.se`,
/// `127.0.0.1:3000`, `[::1]:3000`): what may stand in an absolute link the site writes.
pub fn is_plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
}

/// A public address checked (http or https, a plain host, an optional path, no query), without
/// a trailing slash. On `Err` says what is wrong.
pub fn public_base(url: &str) -> Result<String, ConfigError> {
    let trimmed = url.trim().trim_end_matches('/');
    let host = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    let ok = host.is_some_and(|h| {
        is_plain_host(h.split('/').next().unwrap_or_default())
            && h.bytes()
                .all(|b| b.is_ascii_graphic() && !b"?#\"<>'\\".contains(&b))
    });
    if ok {
        Ok(trimmed.to_owned())
    } else {
        Err(ConfigError::BadPublicUrl(url.to_owned()))
    }
}

fn valid_name(name: &str) -> bool {
    (1..=60).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

impl Config {
    /// Months after which a published example is due for review.
    pub fn review_months(&self) -> u32 {
        self.review_months
            .unwrap_or(crate::model::DEFAULT_REVIEW_MONTHS)
            .clamp(1, 240)
    }

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

    /// The trusted proxies, parsed. On `Err` names the first entry that is neither an
    /// address nor a network.
    pub fn trusted_networks(&self) -> Result<Vec<Network>, ConfigError> {
        self.trusted_proxies
            .iter()
            .map(|p| Network::parse(p).ok_or_else(|| ConfigError::BadProxy(p.clone())))
            .collect()
    }

    /// The editors' address, checked. On `Err` says that it is not an address mail can reach.
    pub fn editors_address(&self) -> Result<Option<String>, ConfigError> {
        match self.editors_email.as_deref().map(str::trim) {
            Some(a) if !crate::corpus::is_email(a) => Err(ConfigError::BadEmail(a.to_owned())),
            other => Ok(other.map(str::to_owned)),
        }
    }

    /// The addresses of the organisers who want a notice of each new submission: their own
    /// choice in `choices`, else the config's.
    pub fn notified(&self, choices: &NoticeChoices) -> Vec<String> {
        self.addresses(choices, Notices::Each)
    }

    /// The addresses of the organisers who want one notice a day.
    pub fn digest_recipients(&self, choices: &NoticeChoices) -> Vec<String> {
        self.addresses(choices, Notices::Daily)
    }

    fn addresses(&self, choices: &NoticeChoices, notices: Notices) -> Vec<String> {
        let configured = self
            .organisers
            .iter()
            .filter(|o| choices.of(&o.name).is_none())
            .map(|o| (o.email.as_deref(), o.notices));
        let chosen = choices.0.iter().map(|c| (c.email.as_deref(), c.notices));
        let mut out: Vec<String> = configured
            .chain(chosen)
            .filter(|(_, n)| *n == notices)
            .filter_map(|(e, _)| e.map(str::to_owned))
            .filter(|e| crate::corpus::is_email(e))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The notices of organiser `name`: their address and how often (their own choice, else
    /// the config's, else a mail per submission to no address).
    pub fn notices_of(&self, choices: &NoticeChoices, name: &str) -> (Option<String>, Notices) {
        if let Some(c) = choices.of(name) {
            return (c.email.clone(), c.notices);
        }
        self.organisers
            .iter()
            .find(|o| o.name == name)
            .map_or((None, Notices::Each), |o| (o.email.clone(), o.notices))
    }

    /// The public address without a trailing slash, checked. On `Err` says what is wrong.
    pub fn public_base(&self) -> Result<Option<String>, ConfigError> {
        self.public_url.as_deref().map(public_base).transpose()
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
                email: None,
                notices: Notices::Each,
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

    /// Whether `password` is the organiser `name`'s. Slow on purpose (argon2), and as slow
    /// for a name that is not an organiser's (checked against a hash of nothing), so that the
    /// time of the answer does not tell which names exist.
    pub fn verify_password(&self, name: &str, password: &str) -> bool {
        static NOBODY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            let salt = SaltString::encode_b64(&[7u8; 16]).expect("16 bytes encode");
            Argon2::default()
                .hash_password(b"no organiser has this password", &salt)
                .expect("argon2 hashes with its default parameters")
                .to_string()
        });
        let organiser = self.organisers.iter().find(|o| o.name == name);
        let phc = organiser.map_or(NOBODY.as_str(), |o| o.password_hash.as_str());
        let matches = PasswordHash::new(phc).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        });
        matches && organiser.is_some()
    }

    /// A fingerprint of organiser `name`'s password hash: a session started with one
    /// fingerprint ends when the password changes or the organiser is removed. `None` when
    /// there is no such organiser.
    pub fn credential_fingerprint(&self, name: &str) -> Option<String> {
        self.organisers
            .iter()
            .find(|o| o.name == name && !o.password_hash.is_empty())
            .map(|o| token_hash(&o.password_hash))
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
        assert!(!back.verify_password("bertil", "hemligt-och-långt"));
        assert_eq!(back.organiser_for_token(&token), Some("anna"));
        assert_eq!(back.organiser_for_token("fel"), None);
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let net = Network::parse("10.0.0.0/8").unwrap();
        assert!(net.contains(ip("10.200.1.1")));
        assert!(!net.contains(ip("11.0.0.1")));
        assert!(net.contains(ip("::ffff:10.1.2.3")));
        assert!(
            Network::parse("192.168.1.5")
                .unwrap()
                .contains(ip("192.168.1.5"))
        );
        assert!(
            !Network::parse("192.168.1.5")
                .unwrap()
                .contains(ip("192.168.1.6"))
        );
        assert!(Network::parse("fd00::/8").unwrap().contains(ip("fd12::1")));
        assert!(Network::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        for bad in ["10.0.0.0/33", "proxy.local", "10.0.0/8", ""] {
            assert!(Network::parse(bad).is_none(), "{bad}");
        }
        let config = Config {
            trusted_proxies: vec!["10.0.0.1".into(), "nej".into()],
            ..Config::default()
        };
        assert!(
            config
                .trusted_networks()
                .unwrap_err()
                .to_string()
                .contains("\"nej\"")
        );
    }

    #[test]
    fn the_public_url_is_an_http_address_of_a_host() {
        let with = |u: &str| Config {
            public_url: Some(u.into()),
            ..Config::default()
        };
        assert_eq!(
            with("https://goda.stockholm.se/")
                .public_base()
                .unwrap()
                .as_deref(),
            Some("https://goda.stockholm.se")
        );
        assert!(with("https://intra.stad.se/goda").public_base().is_ok());
        for bad in [
            "goda.stockholm.se",
            "ftp://x",
            "https://",
            "https://a\"b",
            "https://x?y=1",
        ] {
            assert!(with(bad).public_base().is_err(), "{bad}");
        }
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
