//! `vanban serve`: the HTTP service (see `vanban::serve`), started with the
//! engine the other commands use.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use super::{EngineArgs, parse_jobs, shown};

/// Serve the renderer over HTTP, and the editor at `/`.
#[derive(Debug, clap::Args)]
pub(super) struct ServeArgs {
    /// The address to listen on (loopback by default; port 0 lets the
    /// system choose). The address bound is printed on standard error as
    /// `listening on http://ADDR`.
    #[arg(long, default_value = vanban::serve::DEFAULT_LISTEN)]
    listen: SocketAddr,
    /// The access token every /v1 route and /metrics need, as
    /// `Authorization: Bearer TOKEN` (also read from `VANBAN_TOKEN`).
    #[arg(long, conflicts_with = "token_file")]
    token: Option<String>,
    /// A file holding the access token (its first line).
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Jobs (renders, previews, validations, imports) run at once;
    /// default: one per core.
    #[arg(long, value_parser = parse_jobs)]
    jobs: Option<usize>,
    /// Jobs kept waiting beyond those running; one more is answered 503
    /// with Retry-After. Default: four per worker.
    #[arg(long)]
    queue: Option<usize>,
    /// The time limit of one request, in seconds (answered 504 after it).
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS", value_parser = parse_timeout)]
    timeout: f64,
    /// The largest request body of the JSON routes, in bytes (413 over
    /// it); default: the max_input_bytes limit.
    #[arg(long, value_name = "BYTES")]
    max_body: Option<usize>,
    /// The largest file /v1/import takes, in bytes; default: 32 MiB or
    /// the max_source_bytes limit, whichever is smaller.
    #[arg(long, value_name = "BYTES")]
    max_upload: Option<usize>,
    /// The folder image paths in documents are looked up in (and must stay
    /// inside). Without it, images must be inside the JSON, as
    /// `data:image/png;base64,…`: the service reads no file a request names.
    #[arg(long, value_name = "DIR")]
    assets: Option<PathBuf>,
    #[command(flatten)]
    engine: EngineArgs,
}

fn parse_timeout(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(t) if t.is_finite() && t > 0.0 && t <= 86_400.0 => Ok(t),
        _ => Err(format!("`{s}`: give a number of seconds, more than 0")),
    }
}

pub(super) fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let engine = args.engine.engine()?;
    let mut config = vanban::serve::Config::new(engine);
    config.listen = args.listen;
    config.token = token(args)?;
    if let Some(jobs) = args.jobs {
        config.jobs = jobs;
        config.queue = jobs.saturating_mul(4);
    }
    if let Some(queue) = args.queue {
        config.queue = queue;
    }
    if let Some(max) = args.max_body {
        config.max_body = max;
    }
    if let Some(max) = args.max_upload {
        config.max_upload = max;
    }
    config.timeout = Duration::from_secs_f64(args.timeout);
    if let Some(dir) = &args.assets {
        anyhow::ensure!(dir.is_dir(), "{}: no such folder (--assets)", shown(dir));
        config.assets_dir = Some(dir.clone());
    }
    if config.token.is_none() && !vanban::serve::is_loopback(&config) {
        eprintln!(
            "warning: listening on {} without an access token: anyone who reaches it can use it \
             (give --token or --token-file)",
            config.listen
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // The jobs run on the blocking threads; the async threads only
        // read, route and answer.
        .worker_threads(2)
        .max_blocking_threads(config.jobs.saturating_add(4))
        .build()
        .context("starting the service's threads")?;
    let listen = config.listen;
    runtime
        .block_on(vanban::serve::run(config, vanban::serve::shutdown_signal()))
        .with_context(|| format!("serving on {listen}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The token: `--token`, the first line of `--token-file`, or `VANBAN_TOKEN`.
fn token(args: &ServeArgs) -> anyhow::Result<Option<String>> {
    let token = match (&args.token, &args.token_file) {
        (Some(t), _) => Some(t.clone()),
        (None, Some(file)) => {
            let bytes = vanban::fsread::read_regular(file, 64 << 10)
                .map_err(|e| anyhow::anyhow!("{}: cannot read the token: {e}", shown(file)))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| anyhow::anyhow!("{}: the token is not UTF-8 text", shown(file)))?;
            Some(text.lines().next().unwrap_or("").trim().to_string())
        }
        (None, None) => std::env::var("VANBAN_TOKEN").ok(),
    };
    match token {
        Some(t) if t.trim().is_empty() => {
            anyhow::bail!("the access token is empty: give one, or none to serve without")
        }
        Some(t) => Ok(Some(t.trim().to_string())),
        None => Ok(None),
    }
}
