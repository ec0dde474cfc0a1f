//! The service's metrics, in the Prometheus (OpenMetrics) text format, by
//! `prometheus-client`: requests by route and status, render seconds by
//! format, queue depth, busy workers, refused requests.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// A request's route (the pattern, not the path asked for: the label's
/// values stay few) and its answer's status.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct RequestLabels {
    pub route: String,
    pub status: u16,
}

/// The output format of a timed job.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct FormatLabels {
    pub format: String,
}

/// Why a request was refused before any work.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct RejectLabels {
    pub reason: String,
}

/// Every metric, registered once.
pub(crate) struct Metrics {
    registry: Registry,
    pub requests: Family<RequestLabels, Counter>,
    pub render_seconds: Family<FormatLabels, Histogram>,
    pub queue_depth: Gauge,
    pub busy_workers: Gauge,
    pub rejected: Family<RejectLabels, Counter>,
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("vanban");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route and status",
            requests.clone(),
        );
        // 5 ms to about 41 s, doubling.
        let render_seconds = Family::<FormatLabels, Histogram>::new_with_constructor(
            (|| Histogram::new(exponential_buckets(0.005, 2.0, 14))) as fn() -> Histogram,
        );
        registry.register(
            "render_seconds",
            "Seconds a worker spent on one job (render, preview, validate, import), by format",
            render_seconds.clone(),
        );
        let queue_depth = Gauge::default();
        registry.register(
            "queue_depth",
            "Jobs admitted and waiting for a worker",
            queue_depth.clone(),
        );
        let busy_workers = Gauge::default();
        registry.register(
            "busy_workers",
            "Workers running a job",
            busy_workers.clone(),
        );
        let rejected = Family::<RejectLabels, Counter>::default();
        registry.register(
            "rejected",
            "Requests refused before any work (queue full, body too large, timeout, token)",
            rejected.clone(),
        );
        Self {
            registry,
            requests,
            render_seconds,
            queue_depth,
            busy_workers,
            rejected,
        }
    }

    /// Counts a refusal.
    pub fn reject(&self, reason: &str) {
        self.rejected
            .get_or_create(&RejectLabels {
                reason: reason.to_string(),
            })
            .inc();
    }

    /// The text exposition.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}
