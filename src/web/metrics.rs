//! Prometheus metrics, served at `/metrics` in the text exposition format: requests by route
//! pattern, method and status, their latency by route, and the state of the index (published
//! examples, bytes on disk) and of search by meaning (examples embedded, ready or not).
//!
//! Only API tokens of organisers and the machine itself (loopback) may read them: route
//! counts say little, but nothing about the service's load is for the public.

use std::path::Path;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Label pairs, as the registry encodes them.
type Labels = Vec<(&'static str, String)>;

/// The latency buckets: 0.5 ms doubling up to about 8 s.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 15))
}

/// Every metric of the service, registered once.
pub struct Metrics {
    registry: Registry,
    requests: Family<Labels, Counter>,
    latency: Family<Labels, Histogram, fn() -> Histogram>,
    examples: Gauge,
    index_bytes: Gauge,
    embedded: Gauge,
    meaning_ready: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("goda");
        let requests = Family::<Labels, Counter>::default();
        let latency =
            Family::<Labels, Histogram, fn() -> Histogram>::new_with_constructor(latency_histogram);
        let (examples, index_bytes, embedded, meaning_ready) = (
            Gauge::default(),
            Gauge::default(),
            Gauge::default(),
            Gauge::default(),
        );
        registry.register(
            "http_requests",
            "HTTP requests answered, by route pattern, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route pattern",
            latency.clone(),
        );
        registry.register(
            "published_examples",
            "Published examples in the index",
            examples.clone(),
        );
        registry.register(
            "index_bytes",
            "Size of the index folder on disk",
            index_bytes.clone(),
        );
        registry.register(
            "embedded_examples",
            "Published examples with a vector for search by meaning",
            embedded.clone(),
        );
        registry.register(
            "meaning_ready",
            "1 when searches use meaning as well as words",
            meaning_ready.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            examples,
            index_bytes,
            embedded,
            meaning_ready,
        }
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn observe(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let labels = vec![
            ("route", route.to_owned()),
            ("method", method.to_owned()),
            ("status", status.to_string()),
        ];
        self.requests.get_or_create(&labels).inc();
        self.latency
            .get_or_create(&vec![("route", route.to_owned())])
            .observe(seconds);
    }

    /// The text exposition of every metric, with the index's and the embedder's state as
    /// they are now.
    pub fn render(
        &self,
        examples: u64,
        index_dir: &Path,
        meaning: Option<(usize, bool)>,
    ) -> String {
        self.examples
            .set(i64::try_from(examples).unwrap_or(i64::MAX));
        self.index_bytes
            .set(i64::try_from(folder_bytes(index_dir)).unwrap_or(i64::MAX));
        let (embedded, ready) = meaning.unwrap_or((0, false));
        self.embedded
            .set(i64::try_from(embedded).unwrap_or(i64::MAX));
        self.meaning_ready.set(i64::from(ready));
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .expect("writing to a String cannot fail");
        text
    }
}

/// The bytes of every file under `dir` (0 when it cannot be read).
fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(t) if t.is_dir() => folder_bytes(&entry.path()),
            Ok(_) => entry.metadata().map_or(0, |m| m.len()),
            Err(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_the_index_are_in_the_exposition() {
        let m = Metrics::default();
        m.observe("/sok", "GET", 200, 0.004);
        m.observe("/sok", "GET", 200, 0.002);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), [0u8; 100]).unwrap();
        let text = m.render(64, dir.path(), Some((60, true)));
        assert!(
            text.contains(
                "goda_http_requests_total{route=\"/sok\",method=\"GET\",status=\"200\"} 2"
            ),
            "{text}"
        );
        assert!(text.contains("goda_http_request_duration_seconds_count{route=\"/sok\"} 2"));
        assert!(text.contains("goda_published_examples 64"));
        assert!(text.contains("goda_index_bytes 100"));
        assert!(text.contains("goda_meaning_ready 1"));
        assert!(text.ends_with("# EOF\n"));
    }
}
