//! The batch's committer: one thread that makes rendered documents durable
//! in chunks, so that the workers never wait for the disk.
//!
//! The workers render each document and write its files to temporary files
//! beside their targets ([`crate::output::stage`], which also starts the
//! disk writing them), then hand them here. The committer takes whatever
//! documents are ready (at least one, at most [`CHUNK`]: under a slow disk
//! the chunks grow, and the flushes are shared by more documents) and, per
//! chunk:
//!
//! 1. flushes every file (`fsync`): data and size on the disk before any
//!    name points at them — a power loss after a rename below can never
//!    leave an empty or torn file under a document's name (file systems
//!    may persist a rename before the data of a file that was not synced);
//! 2. renames each document's files over their targets (PDF, then DOCX);
//! 3. flushes each folder renamed into, once per chunk, so the new names
//!    are on the disk;
//! 4. only then reports the documents done (progress and report).
//!
//! A document reported rendered is therefore on the disk under its name;
//! one in a chunk that a crash interrupts is either still under a temporary
//! name (removed by the next run) or renamed but the rename lost (the old
//! output, or none, is there, with the old stamp or none): either way
//! `--changed-only` renders it again, and never skips a torn file.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use super::{Event, FileReport, Status, failure};
use crate::error::Error;
use crate::output::{Staged, commit, sync_dir};

/// The most documents made durable together: enough that one folder flush
/// serves many documents, few enough that progress stays current (a chunk
/// is reported when it is on the disk).
pub(super) const CHUNK: usize = 64;

/// A rendered document whose files are staged, waiting to be committed.
pub(crate) struct Pending {
    /// Its report, once committed.
    pub(super) report: FileReport,
    /// Its files, in order (PDF, DOCX).
    pub(super) files: Vec<Staged>,
}

/// Commits what arrives on `rx` until every worker is done; returns the
/// reports of the documents, each sent to `on_event` once durable.
pub(super) fn run(rx: Receiver<Pending>, on_event: &(dyn Fn(Event<'_>) + Sync)) -> Vec<FileReport> {
    let mut reports = Vec::new();
    while let Ok(first) = rx.recv() {
        let mut chunk = vec![first];
        while chunk.len() < CHUNK {
            match rx.try_recv() {
                Ok(p) => chunk.push(p),
                Err(_) => break,
            }
        }
        for report in commit_chunk(chunk) {
            on_event(Event::Done(&report));
            reports.push(report);
        }
    }
    reports
}

/// One document of a chunk on its way.
enum Step {
    /// Staged (and, after step 1, flushed).
    Ready(Pending),
    /// Renamed into these folders.
    Renamed(FileReport, Vec<PathBuf>),
    /// Failed: its report says why.
    Failed(FileReport),
}

/// Flushes, renames and flushes the folders of one chunk (see the module
/// comment); a document whose flush or rename fails is reported failed, the
/// others are not held back.
fn commit_chunk(chunk: Vec<Pending>) -> Vec<FileReport> {
    // 1. Data before names.
    let synced = chunk
        .into_iter()
        .map(|p| match p.files.iter().try_for_each(Staged::sync) {
            Ok(()) => Step::Ready(p),
            Err(e) => Step::Failed(failure(&p.report.input, &e)),
        });
    let synced: Vec<Step> = synced.collect();
    // 2. Names.
    let mut dirs: Vec<PathBuf> = Vec::new();
    let renamed: Vec<Step> = synced
        .into_iter()
        .map(|step| {
            let Step::Ready(p) = step else {
                return step;
            };
            let mut own: Vec<PathBuf> = Vec::new();
            for f in &p.files {
                let dir = f.target().parent().unwrap_or(Path::new(".")).to_path_buf();
                if !own.contains(&dir) {
                    own.push(dir);
                }
            }
            for d in &own {
                if !dirs.contains(d) {
                    dirs.push(d.clone());
                }
            }
            match commit(p.files) {
                Ok(()) => Step::Renamed(p.report, own),
                Err(e) => Step::Failed(failure(&p.report.input, &e)),
            }
        })
        .collect();
    // 3. The names on the disk: a folder that cannot be flushed fails the
    // documents renamed into it (their files are whole, but not known to
    // survive a power loss).
    let unsynced: Vec<(PathBuf, Error)> = dirs
        .into_iter()
        .filter_map(|d| sync_dir(&d).err().map(|e| (d, e)))
        .collect();
    renamed
        .into_iter()
        .map(|step| match step {
            Step::Renamed(report, own) => match unsynced.iter().find(|(d, _)| own.contains(d)) {
                Some((_, e)) => failure(&report.input, e),
                None => report,
            },
            Step::Failed(report) => report,
            // Every staged document was renamed or failed above.
            Step::Ready(p) => failure(&p.report.input, &committer_error()),
        })
        .collect()
}

/// The report of a document that could not be handed to the committer.
pub(super) fn lost(p: Pending) -> FileReport {
    failure(&p.report.input, &committer_error())
}

/// A report that the committer stopped (by a bug): its documents' state is
/// unknown, so the run fails.
pub(super) fn committer_failed() -> FileReport {
    let mut report = failure("", &committer_error());
    report.status = Status::Failed;
    report
}

fn committer_error() -> Error {
    Error::Pdf(crate::msg!("render-batch-committer"))
}
