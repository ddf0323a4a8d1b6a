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
    _index: tempfile::TempDir,
}

pub fn app_for(corpus: &Path) -> TestApp {
    let (search, problems, dir) = service_for(corpus);
    TestApp {
        router: router(AppState::new(search, problems)),
        _index: dir,
    }
}

pub fn app() -> TestApp {
    app_for(&fixture_corpus())
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
