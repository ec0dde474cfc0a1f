//! The bounded pool rendering runs on: at most `jobs` jobs at once, on
//! tokio's blocking threads (off the async threads, which keep answering
//! health checks, metrics and refusals), and at most `queue` more waiting.
//! A request is admitted (or refused with a 503 at once) before its body is
//! read, so a full queue holds no more memory than `jobs + queue` bodies.
//!
//! A job whose client gave up (the time limit passed) keeps its worker and
//! its place until it finishes: what runs is bounded, not only what is
//! waited for.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use tokio::sync::Semaphore;

use super::metrics::{FormatLabels, Metrics};

/// Workers and places.
pub(crate) struct Pool {
    workers: Arc<Semaphore>,
    /// Workers plus waiting places: the most jobs admitted at once.
    places: usize,
    admitted: AtomicUsize,
    metrics: Arc<Metrics>,
}

/// A place in the pool, held from admission until the job has finished
/// (or the request ended before it started).
pub(crate) struct Ticket {
    pool: Arc<Pool>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.pool.admitted.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A job panicked (a bug): answered 500, the server goes on.
#[derive(Debug)]
pub(crate) struct Panicked;

/// Decrements a gauge when dropped (a cancelled wait, a finished job).
struct GaugeGuard(prometheus_client::metrics::gauge::Gauge);

impl GaugeGuard {
    fn new(g: &prometheus_client::metrics::gauge::Gauge) -> Self {
        g.inc();
        Self(g.clone())
    }
}

impl Drop for GaugeGuard {
    fn drop(&mut self) {
        self.0.dec();
    }
}

impl Pool {
    pub fn new(jobs: usize, queue: usize, metrics: Arc<Metrics>) -> Arc<Self> {
        let jobs = jobs.max(1);
        Arc::new(Self {
            workers: Arc::new(Semaphore::new(jobs)),
            places: jobs.saturating_add(queue),
            admitted: AtomicUsize::new(0),
            metrics,
        })
    }

    /// A place, or `None` when every worker is busy and the queue is full.
    pub fn admit(self: &Arc<Self>) -> Option<Ticket> {
        self.admitted
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.places).then_some(n + 1)
            })
            .ok()
            .map(|_| Ticket { pool: self.clone() })
    }
}

impl Ticket {
    /// Runs `job` on a worker once one is free, timed in the
    /// `render_seconds` histogram under `format`. A panic in it is caught
    /// (the last guard: the library returns errors, never panics on input).
    pub async fn run<T: Send + 'static>(
        self,
        format: &'static str,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Panicked> {
        let pool = self.pool.clone();
        let permit = {
            let _waiting = GaugeGuard::new(&pool.metrics.queue_depth);
            // The semaphore is never closed.
            pool.workers
                .clone()
                .acquire_owned()
                .await
                .map_err(|_| Panicked)?
        };
        let metrics = pool.metrics.clone();
        let handle = tokio::task::spawn_blocking(move || {
            // Held until the job is done, even if nobody waits for it.
            let _place = self;
            let _permit = permit;
            let _busy = GaugeGuard::new(&metrics.busy_workers);
            let start = Instant::now();
            let out = catch_unwind(AssertUnwindSafe(job));
            metrics
                .render_seconds
                .get_or_create(&FormatLabels {
                    format: format.to_string(),
                })
                .observe(start.elapsed().as_secs_f64());
            out
        });
        match handle.await {
            Ok(Ok(out)) => Ok(out),
            _ => Err(Panicked),
        }
    }
}
