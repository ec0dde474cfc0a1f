//! `vanban serve`: the HTTP service e-office systems call and the editor
//! page uses (axum on tokio). The contract of its routes is in the README's
//! "Service" section.
//!
//! Rendering is CPU work: it runs on a bounded pool ([`pool`]) off the
//! async threads, with a bounded queue (a full one is a 503 with
//! `Retry-After` at once) and a time limit per request. Bodies are capped
//! (413), documents held to the engine's [`Limits`](crate::Limits), a
//! bearer token (when configured) compared in constant time, and no file of
//! the server is read because a request named it: images come inside the
//! JSON (`data:image/png;base64,…`) or from the configured assets folder.
//! Every error is JSON ([`error`]), in the language `Accept-Language`
//! prefers.
//!
//! ```no_run
//! # async fn f() -> std::io::Result<()> {
//! let engine = vanban::Engine::new().expect("built-in fonts");
//! let config = vanban::serve::Config::new(engine);
//! vanban::serve::run(config, vanban::serve::shutdown_signal()).await
//! # }
//! ```

mod error;
mod jobs;
mod metrics;
mod names;
mod pool;
mod routes;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::Engine;

/// How the service runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on; loopback (`127.0.0.1:8080`) by default.
    pub listen: SocketAddr,
    /// The bearer token every `/v1` route and `/metrics` need; none when
    /// `None` (then keep the service on loopback).
    pub token: Option<String>,
    /// Jobs (renders, previews, validations, imports) run at once; one per
    /// core by default.
    pub jobs: usize,
    /// Jobs admitted to wait for a worker beyond those running; one more
    /// is refused with 503 and `Retry-After`.
    pub queue: usize,
    /// The largest request body of the JSON routes, in bytes (413 over
    /// it); the engine's `max_input_bytes` by default.
    pub max_body: usize,
    /// The largest file `POST /v1/import` takes, in bytes (413 over it):
    /// the engine's `max_source_bytes` or 32 MiB, whichever is smaller.
    pub max_upload: usize,
    /// The time limit of one request; answered 504 when it passes (the
    /// worker finishes its job, but the client has its answer on time).
    pub timeout: Duration,
    /// The folder image paths of the documents are looked up in (and
    /// stay inside); without it, every image must be inside the JSON.
    pub assets_dir: Option<PathBuf>,
    /// Fonts, layouts and limits.
    pub engine: Engine,
}

/// The default listening address: loopback only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The most an import upload may be by default (a scanned PDF of a few
/// hundred pages): 32 MiB.
pub const DEFAULT_MAX_UPLOAD: usize = 32 << 20;

impl Config {
    /// The defaults with `engine`: loopback, no token, a worker per core,
    /// a queue of four per worker, the engine's limits, 30 s per request.
    pub fn new(engine: Engine) -> Self {
        let jobs = std::thread::available_parallelism().map_or(1, usize::from);
        let limits = engine.limits();
        let max_upload = usize::try_from(limits.max_source_bytes)
            .map_or(DEFAULT_MAX_UPLOAD, |s| s.min(DEFAULT_MAX_UPLOAD));
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            jobs,
            queue: jobs.saturating_mul(4),
            max_body: limits.max_input_bytes,
            max_upload,
            timeout: Duration::from_secs(30),
            assets_dir: None,
            engine,
        }
    }
}

/// Binds `config.listen`, prints `listening on http://ADDR` on standard
/// error (the address bound: with port 0, the port the system chose; a
/// program that starts the service reads it there), and serves until
/// `shutdown` completes; then requests in flight finish and it returns.
pub async fn run(
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    eprintln!("listening on http://{addr}");
    serve(listener, config, shutdown).await
}

/// Serves on a listener already bound (a test or benchmark binds
/// `127.0.0.1:0` and reads its port), until `shutdown` completes; requests
/// in flight finish first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = routes::router(config);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        // Without a handler, waiting on nothing: SIGTERM still stops.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Whether `config` keeps the service on this machine only.
pub fn is_loopback(config: &Config) -> bool {
    config.listen.ip().is_loopback()
}

/// The shared state every handler reads.
pub(crate) struct App {
    engine: Engine,
    /// SHA-256 of the token: compared in constant time, digest to digest,
    /// so that neither its bytes nor its length show in the timing.
    token_digest: Option<[u8; 32]>,
    pool: Arc<pool::Pool>,
    metrics: Arc<metrics::Metrics>,
    max_body: usize,
    max_upload: usize,
    timeout: Duration,
    assets_dir: Option<PathBuf>,
}
