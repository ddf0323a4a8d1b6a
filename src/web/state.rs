use std::net::IpAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;

use governor::{DefaultKeyedRateLimiter, Quota};

use super::auth::LoginThrottle;
use super::session::FileStore;
use crate::catalogue::Editions;
use crate::config::Config;
use crate::search::SearchService;
use crate::submission::Submissions;

/// Previews an address may make per minute, per submission it may make.
pub const PREVIEWS_PER_SUBMISSION: u32 = 5;

/// Settings of the web layer.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The config file with the organisers' accounts; read at each login and token check,
    /// so that `goda organiser` changes apply without a restart. `None`: no organisers.
    pub config: Option<PathBuf>,
    /// Submissions one address may make per minute; 0 turns the limit off.
    pub submit_rate_per_minute: u32,
    /// The site's public address (`https://goda-exempel.stockholm.se`, no trailing slash),
    /// when it is known: absolute links use it, and over HTTPS session cookies are `Secure`
    /// and answers carry HSTS.
    pub public_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<crate::config::Network>,
    /// The editors' e-mail address, for the pages about the service.
    pub editors_email: Option<String>,
    /// The licence of the open data.
    pub open_data_licence: Option<String>,
    /// The mail server; `None`: no mail is sent.
    pub mail: Option<crate::mail::MailSettings>,
    /// The search log; `None`: searches are not counted.
    pub search_log: Option<crate::insights::SearchLog>,
    /// The city login (OpenID Connect); `None`: organisers log in with passwords only. It
    /// needs `public_url`, for the address the provider sends organisers back to.
    pub oidc: Option<crate::config::OidcSettings>,
    /// Months after which a published example is due for review (0: the default, 24).
    pub review_months: u32,
}

impl Settings {
    /// Months after which a published example is due for review.
    pub fn review_months(&self) -> u32 {
        match self.review_months {
            0 => crate::model::DEFAULT_REVIEW_MONTHS,
            n => n,
        }
    }
}

/// The file of the organisers' sessions, in the index folder.
pub const SESSIONS_FILE: &str = "sessions.json";

/// Password checks (argon2: 19 MiB and a tenth of a second of a core each) run at once.
const PASSWORD_CHECKS: usize = 2;

/// What every handler can reach: the search service, the submission workflow, the
/// organisers' sessions and the limits.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    search: SearchService,
    synonyms: crate::synonyms::SynonymStore,
    organisations: crate::corpus::OrganisationStore,
    editions: Editions,
    spread: crate::spread::Spread,
    submissions: Submissions,
    /// The outbox, when mail is on.
    outbox: Option<crate::mail::Outbox>,
    /// The city login, when it is on.
    city_login: Option<super::oidc::CityLogin>,
    /// Held while the organisers' choices of notices are read, changed and written.
    notice_writes: std::sync::Mutex<()>,
    settings: Settings,
    sessions: FileStore,
    logins: LoginThrottle,
    submit_limit: Option<DefaultKeyedRateLimiter<IpAddr>>,
    preview_limit: Option<DefaultKeyedRateLimiter<IpAddr>>,
    password_checks: tokio::sync::Semaphore,
    metrics: super::metrics::Metrics,
}

impl AppState {
    /// State over an open search service and the submission workflow of the same corpus. The
    /// Goda exempelmässa editions are read here; invalid edition files are logged.
    pub fn new(search: SearchService, submissions: Submissions, settings: Settings) -> Self {
        let corpus = submissions.corpus();
        // Each example's folder of adoption reports too.
        let report_dirs = std::fs::read_dir(corpus.join(crate::spread::ADOPTION_DIR))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir());
        for dir in [
            corpus.to_owned(),
            corpus.join(crate::submission::REVIEW_DIR),
            corpus.join(crate::catalogue::MASSA_DIR),
            corpus.join(crate::mail::OUTBOX_DIR),
            corpus.join(crate::spread::AWARD_DIR),
        ]
        .into_iter()
        .chain(report_dirs)
        {
            let removed = crate::corpus::remove_leftover_temporaries(&dir);
            if removed > 0 {
                tracing::info!(dir = %dir.display(), removed, "removed temporary files left by an interrupted write");
            }
        }
        // Beside the derived index: deleting the index logs organisers out, nothing more.
        let sessions = FileStore::open(search.index().dir().join(SESSIONS_FILE));
        let submit_limit = NonZeroU32::new(settings.submit_rate_per_minute)
            .map(|n| DefaultKeyedRateLimiter::keyed(Quota::per_minute(n)));
        // A unit previews a few times for each submission.
        let preview_limit = NonZeroU32::new(
            settings
                .submit_rate_per_minute
                .saturating_mul(PREVIEWS_PER_SUBMISSION),
        )
        .map(|n| DefaultKeyedRateLimiter::keyed(Quota::per_minute(n)));
        let (editions, edition_problems) = Editions::load(submissions.corpus(), &|id| {
            submissions.review_view(id, super::today()).map(|(e, _)| e)
        });
        // Shown to organisers by `goda check` and the admin pages, which read the files anew.
        for problem in &edition_problems {
            tracing::warn!("skipped invalid edition file: {problem}");
        }
        // Links in mails must not come from a request's Host header: mail needs the public URL.
        let mail = settings.mail.clone().filter(|_| {
            let known = settings.public_url.is_some();
            if !known {
                tracing::error!(
                    "mail is off: it needs public_url in the config, for the links in the mails"
                );
            }
            known
        });
        let outbox = mail.and_then(|mail| {
            let outbox = crate::mail::Outbox::new(corpus.join(crate::mail::OUTBOX_DIR));
            crate::mail::start_sender(outbox.clone(), mail)
                .inspect_err(|e| tracing::error!("mail is off: {e}"))
                .ok()
                .map(|()| outbox)
        });
        let city_login = settings.oidc.clone().and_then(|oidc| {
            let Some(public_url) = settings.public_url.as_deref() else {
                tracing::error!("the city login is off: it needs public_url in the config");
                return None;
            };
            super::oidc::CityLogin::new(oidc, public_url)
                .inspect_err(|e| tracing::error!("the city login is off: {e}"))
                .ok()
        });
        if let (Some(outbox), Some(base)) = (&outbox, settings.public_url.clone()) {
            start_digest(
                outbox.clone(),
                submissions.clone(),
                settings.config.clone(),
                base,
            );
        }
        search.set_review_months(settings.review_months());
        let spread = crate::spread::Spread::open(corpus, &search, super::today());
        Self {
            inner: Arc::new(Inner {
                spread,
                notice_writes: std::sync::Mutex::new(()),
                city_login,
                synonyms: crate::synonyms::SynonymStore::new(submissions.corpus()),
                organisations: crate::corpus::OrganisationStore::new(submissions.corpus()),
                search,
                editions,
                submissions,
                outbox,
                settings,
                sessions,
                logins: LoginThrottle::default(),
                submit_limit,
                preview_limit,
                password_checks: tokio::sync::Semaphore::new(PASSWORD_CHECKS),
                metrics: super::metrics::Metrics::default(),
            }),
        }
    }

    /// The adoptions and awards.
    pub fn spread(&self) -> &crate::spread::Spread {
        &self.inner.spread
    }

    /// Months after which a published example is due for review.
    pub fn review_months(&self) -> u32 {
        self.inner.settings.review_months()
    }

    /// Reads the adoptions and awards again after a change; the search follows.
    pub fn spread_changed(&self) {
        self.inner.spread.reload(&self.inner.search, super::today());
    }

    /// The search service.
    pub fn search(&self) -> &SearchService {
        &self.inner.search
    }

    /// The organisers' synonym list.
    pub fn synonyms(&self) -> &crate::synonyms::SynonymStore {
        &self.inner.synonyms
    }

    /// The organisers' list of organisations.
    pub fn organisations(&self) -> &crate::corpus::OrganisationStore {
        &self.inner.organisations
    }

    /// The Goda exempelmässa editions.
    pub fn editions(&self) -> &Editions {
        &self.inner.editions
    }

    /// An example by id whatever its status, read from its file; `None` when there is none.
    pub fn any_example(&self, id: &crate::model::ExampleId) -> Option<crate::model::Example> {
        self.inner
            .submissions
            .review_view(id, super::today())
            .map(|(e, _)| e)
    }

    /// The submission workflow with the search index it keeps current (and no mail).
    pub fn workflow(&self) -> crate::submission::Workflow<'_> {
        crate::submission::Workflow {
            submissions: &self.inner.submissions,
            search: &self.inner.search,
            mail: None,
        }
    }

    /// The workflow that also sends mail, when mail is on: links under the configured public
    /// address (never a request's `Host`), notices of new submissions to `editors`.
    pub fn mailing_workflow<'a>(
        &'a self,
        editors: &'a [String],
    ) -> crate::submission::Workflow<'a> {
        let base = self
            .inner
            .settings
            .public_url
            .as_deref()
            .unwrap_or_default();
        let mail = self
            .inner
            .outbox
            .as_ref()
            .map(|outbox| crate::submission::Mailing {
                outbox,
                base,
                editors,
            });
        crate::submission::Workflow {
            mail,
            ..self.workflow()
        }
    }

    /// The outbox, when mail is on.
    pub fn outbox(&self) -> Option<&crate::mail::Outbox> {
        self.inner.outbox.as_ref()
    }

    /// The submissions in the corpus.
    pub fn submissions(&self) -> &Submissions {
        &self.inner.submissions
    }

    /// Counts a search in the search log (when one is kept): the first page of a search
    /// with words or filters, by its normalised words and its filters, with its hits.
    pub fn count_search(&self, results: &crate::search::SearchResults) {
        let Some(log) = &self.inner.settings.search_log else {
            return;
        };
        let request = &results.request;
        if request.page != 1 {
            return;
        }
        let mut filters: Vec<String> = request
            .to_pairs()
            .into_iter()
            .filter(|(k, _)| !matches!(*k, "q" | "sort" | "per_page" | "page"))
            .map(|(k, v)| {
                form_urlencoded::Serializer::new(String::new())
                    .append_pair(k, &v)
                    .finish()
            })
            .collect();
        filters.sort();
        if request.q.trim().is_empty() && filters.is_empty() {
            return;
        }
        log.search(&request.q, &filters.join("&"), results.total);
    }

    /// Counts a reading of an example in the search log (when one is kept).
    pub fn count_view(&self, id: &crate::model::ExampleId) {
        if let Some(log) = &self.inner.settings.search_log {
            log.view(id.as_str());
        }
    }

    /// The search log's folder, when one is kept.
    pub fn search_log_dir(&self) -> Option<&std::path::Path> {
        self.inner.settings.search_log.as_ref().map(|l| l.dir())
    }

    /// The config as the file says now; the default (no organisers) when there is none or
    /// it cannot be read (which is logged).
    pub fn config(&self) -> Config {
        let Some(path) = &self.inner.settings.config else {
            return Config::default();
        };
        Config::load(path).unwrap_or_else(|e| {
            tracing::error!("cannot read the config: {e}");
            Config::default()
        })
    }

    /// The organisers' own choices of notices.
    pub(crate) fn notice_choices(&self) -> crate::config::NoticeChoices {
        crate::config::NoticeChoices::load(self.inner.submissions.corpus())
    }

    /// The addresses of the organisers who want a notice of each new submission.
    pub(crate) fn notified(&self) -> Vec<String> {
        self.config().notified(&self.notice_choices())
    }

    /// Sets organiser `name`'s notices: the choices are read, changed and written back
    /// atomically, one change at a time.
    ///
    /// On `Err` nothing was written.
    pub(crate) fn choose_notices(
        &self,
        name: &str,
        email: &str,
        notices: crate::config::Notices,
    ) -> Result<(), crate::config::ConfigError> {
        let _one = self
            .inner
            .notice_writes
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let corpus = self.inner.submissions.corpus();
        let mut choices = crate::config::NoticeChoices::load(corpus);
        choices.set(name, Some(email), notices)?;
        choices.save(corpus)
    }

    /// The config as the file says now, or `None` when it cannot be read (logged): then no
    /// one is let in, but no session is ended either (a typo while the file is edited by hand
    /// must not log every organiser out).
    pub(crate) fn readable_config(&self) -> Option<Config> {
        let Some(path) = &self.inner.settings.config else {
            return Some(Config::default());
        };
        Config::load(path)
            .inspect_err(|e| tracing::error!("cannot read the config: {e}"))
            .ok()
    }

    /// The store of the organisers' sessions.
    pub(crate) fn sessions(&self) -> &FileStore {
        &self.inner.sessions
    }

    /// Failed logins per address.
    pub(crate) fn logins(&self) -> &LoginThrottle {
        &self.inner.logins
    }

    /// The permits of password checks: a login holds one while its password is checked.
    pub(crate) fn password_checks(&self) -> &tokio::sync::Semaphore {
        &self.inner.password_checks
    }

    /// The service's metrics.
    pub(crate) fn metrics(&self) -> &super::metrics::Metrics {
        &self.inner.metrics
    }

    /// The configured public address, without a trailing slash.
    pub(crate) fn public_url(&self) -> Option<&str> {
        self.inner.settings.public_url.as_deref()
    }

    /// What the pages about the service say about who runs it.
    pub(crate) fn site_info(&self) -> crate::views::SiteInfo<'_> {
        crate::views::SiteInfo {
            editors_email: self.inner.settings.editors_email.as_deref(),
            licence: self.inner.settings.open_data_licence.as_deref(),
        }
    }

    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub(crate) fn trusted_proxies(&self) -> &[crate::config::Network] {
        &self.inner.settings.trusted_proxies
    }

    /// Whether the site is served over HTTPS (its configured public address says so).
    /// The names the form offers for `organisation`: the corpus's organisations that exist
    /// today.
    pub(crate) fn organisation_names(&self) -> Vec<String> {
        self.inner
            .submissions
            .organisations()
            .current(super::today())
            .map(|o| o.name.clone())
            .collect()
    }

    /// Whether mail is sent.
    pub(crate) fn mail_on(&self) -> bool {
        self.inner.outbox.is_some()
    }

    /// The city login, when it is on.
    pub(crate) fn city_login(&self) -> Option<&super::oidc::CityLogin> {
        self.inner.city_login.as_ref()
    }

    /// What a session of the city login is bound to, when the city login is on.
    pub(crate) fn city_login_fingerprint(&self) -> Option<String> {
        self.city_login().map(super::oidc::CityLogin::fingerprint)
    }

    /// Whether organisers may log in with a password of the config file now (the file is
    /// read again: `password_login = false` applies without a restart).
    pub(crate) fn password_login(&self) -> bool {
        self.readable_config().is_some_and(|c| c.password_login)
    }

    /// The ways an organiser may log in now.
    pub(crate) fn login_ways(&self) -> crate::views::LoginWays {
        crate::views::LoginWays {
            city: self.city_login().is_some(),
            password: self.password_login(),
        }
    }

    pub(crate) fn serves_https(&self) -> bool {
        self.inner
            .settings
            .public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// Whether `ip` may preview a draft now (and counts the preview).
    pub(crate) fn may_preview(&self, ip: IpAddr) -> bool {
        self.inner
            .preview_limit
            .as_ref()
            .is_none_or(|limit| limit.check_key(&ip).is_ok())
    }

    /// Whether `ip` may submit now (and counts the submission).
    pub(crate) fn may_submit(&self, ip: IpAddr) -> bool {
        self.inner
            .submit_limit
            .as_ref()
            .is_none_or(|limit| limit.check_key(&ip).is_ok())
    }
}

/// How often the daily notice is looked at: it goes out within this long after its hour.
const DIGEST_CHECK: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// Starts the thread that queues the organisers' daily notice when it is due (see
/// `submission::digest`); it runs as long as the process.
fn start_digest(
    outbox: crate::mail::Outbox,
    submissions: Submissions,
    config: Option<PathBuf>,
    base: String,
) {
    let spawned = std::thread::Builder::new()
        .name("daily-notice".into())
        .spawn(move || {
            loop {
                let choices = crate::config::NoticeChoices::load(submissions.corpus());
                let recipients = match config.as_deref().map(Config::load) {
                    Some(Ok(c)) => c.digest_recipients(&choices),
                    Some(Err(e)) => {
                        tracing::error!("the daily notice cannot read the config: {e}");
                        Vec::new()
                    }
                    None => Config::default().digest_recipients(&choices),
                };
                let now = crate::submission::digest::stockholm_now();
                match crate::submission::digest::send_if_due(
                    &submissions,
                    &outbox,
                    &recipients,
                    &base,
                    &now,
                ) {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(mails = n, "queued the daily notice"),
                    Err(e) => tracing::error!("cannot queue the daily notice: {e}"),
                }
                std::thread::sleep(DIGEST_CHECK);
            }
        });
    if let Err(e) = spawned {
        tracing::error!("the daily notice is off: cannot start its thread: {e}");
    }
}
