//! `vanban batch` at the terminal: Ctrl-C / SIGTERM handling, a progress bar
//! on a terminal and plain periodic lines otherwise, per-file errors as they
//! happen, the summary and the JSON report.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use vanban::batch::{BatchOptions, Event, Status};

use crate::cli::t;

/// Set by Ctrl-C or SIGTERM: workers finish the documents in hand, start no
/// new one, and the run reports what it did.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// Runs a batch and reports it; exit code 1 if any file failed, 130 if the
/// run was interrupted.
pub fn batch(
    engine: &vanban::Engine,
    in_dir: &Path,
    out_dir: &Path,
    options: &BatchOptions,
    report_file: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    // A second signal while stopping is ignored: the in-flight documents
    // finish in milliseconds, and killing them is what leaves temp files.
    ctrlc::set_handler(|| CANCEL.store(true, Ordering::SeqCst))
        .context(t(vanban::msg!("cli-ctrlc-handler")))?;
    let tty = std::io::stderr().is_terminal();
    // Set once, when the inputs are found (on a terminal only).
    let bar = OnceLock::<ProgressBar>::new();
    let counts = Mutex::new(Counts::default());
    let on_event = |event: Event<'_>| match event {
        Event::Found(total) => {
            if tty {
                let b = ProgressBar::new(total as u64);
                b.set_style(
                    ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {eta} {msg}")
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                let _ = bar.set(b);
            }
            if let Ok(mut c) = counts.lock() {
                c.total = total;
            }
        }
        Event::Done(file) => {
            if let Some(e) = &file.error {
                let line = format!(
                    "{}: {}",
                    t(vanban::msg!("label-error")),
                    e.message_in(crate::cli::lang())
                );
                match bar.get() {
                    Some(b) => b.println(line),
                    None => eprintln!("{line}"),
                }
            }
            let Ok(mut c) = counts.lock() else {
                return;
            };
            c.add(file.status);
            match bar.get() {
                Some(b) => {
                    b.inc(1);
                    b.set_message(t(vanban::msg!("cli-batch-failed", failed = c.failed)));
                }
                None if c.last.elapsed() >= Duration::from_secs(2) => {
                    c.last = Instant::now();
                    eprintln!("batch: {}", c.line());
                }
                None => {}
            }
        }
    };
    let report = vanban::batch::run_batch(engine, in_dir, out_dir, options, &CANCEL, &on_event)?;
    if let Some(b) = bar.get() {
        b.finish_and_clear();
    }
    let secs = report.elapsed_ms as f64 / 1000.0;
    eprintln!(
        "{}",
        t(vanban::msg!(
            "cli-batch-summary",
            total = report.total,
            rendered = report.rendered,
            skipped = report.skipped,
            failed = report.failed,
            cancelled = report.cancelled,
            seconds = format!("{secs:.1}"),
            rate = format!("{:.0}", report.rendered as f64 / secs.max(0.001))
        ))
    );
    if let Some(path) = report_file {
        let json = serde_json::to_vec_pretty(&report)?;
        vanban::output::write_atomic(path, &json)?;
    }
    Ok(if report.cancelled > 0 || CANCEL.load(Ordering::SeqCst) {
        ExitCode::from(130)
    } else if report.succeeded() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

struct Counts {
    total: usize,
    done: usize,
    failed: usize,
    skipped: usize,
    last: Instant,
}

impl Default for Counts {
    fn default() -> Self {
        Self {
            total: 0,
            done: 0,
            failed: 0,
            skipped: 0,
            last: Instant::now(),
        }
    }
}

impl Counts {
    fn add(&mut self, s: Status) {
        self.done += 1;
        match s {
            Status::Failed => self.failed += 1,
            Status::Skipped => self.skipped += 1,
            Status::Rendered | Status::Cancelled => {}
        }
    }

    fn line(&self) -> String {
        t(vanban::msg!(
            "cli-batch-progress",
            done = self.done,
            total = self.total,
            failed = self.failed,
            skipped = self.skipped
        ))
    }
}
