//! Batch regeneration: every `*.json` under a folder, rendered in parallel
//! into a mirror of the folder, each failure reported and the rest done.
//!
//! - Inputs are found with walkdir, without following symbolic links (a
//!   link to a file inside the tree is rendered; nothing outside it is read).
//! - Output paths are the input's path relative to the input folder, checked
//!   to hold only plain names, so they never leave the output folder.
//! - Writes are atomic and durable, in chunks (module `commit`): workers
//!   render and write each document to temporary files beside its targets;
//!   one committer thread takes the documents ready, flushes their files
//!   (`fsync`), renames them over the targets, flushes each folder renamed
//!   into, and only then reports them done. So a crash — `kill -9` or a
//!   power loss — never leaves a torn document under its final name (the
//!   data is on the disk before the name is), and a document reported done
//!   is on the disk under its name. What a crash can leave is temporary
//!   files (the next run removes those of killed runs — only stale ones:
//!   runs sharing the output folder, shards, never remove each other's
//!   in-flight files), renames not yet on the disk (the old output or none
//!   is there: rendered again), or a new PDF beside an old DOCX (their
//!   stamps differ: rendered again).
//! - Image paths resolve beside each input and must stay inside the input
//!   tree (or inside `render.assets_dir` when it is given, where they are
//!   then looked up): nothing outside it is read.
//! - Two inputs whose outputs would be one file (`x.json` and `x.JSON`, or
//!   names that differ only in bytes that are not UTF-8) are an error
//!   naming both, before anything is rendered.
//! - Every output carries its stamp (see [`stamp`]): the hash of
//!   everything that decides it (the input's bytes, the images it names,
//!   the layouts, the fonts, the options and vanban's version), inside the
//!   file (a PDF keyword, a DOCX custom property); `changed_only` skips an
//!   input only when every output asked for carries the stamp it would get
//!   now. Nothing but the documents is written into the output folder.
//! - The `.<stem>.vanban-stamp` files that earlier builds wrote
//!   beside the outputs are removed, for the inputs of the run only: a run
//!   (a shard) never touches what other inputs' runs wrote, nor a file of
//!   that name in a part of the output tree that is no output of this
//!   input tree (the output folder may hold other things).
//! - `shard` keeps the inputs whose path hashes to one of N buckets: stable
//!   across machines and runs, and a new file never moves the others.

mod commit;
pub mod stamp;

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::engine::{Engine, RenderOptions};
use crate::error::{Error, Result};
use crate::output::{Staged, remove_stale_temp_files, stage};

/// One of N stable partitions of the inputs, counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Shard {
    /// Which partition, 1..=count.
    pub index: u32,
    /// How many partitions.
    pub count: u32,
}

impl Shard {
    /// Parses `K/N` (1 ≤ K ≤ N).
    pub fn parse(s: &str) -> std::result::Result<Self, String> {
        let bad = || format!("`{s}` is not a shard: write K/N with 1 ≤ K ≤ N, e.g. 2/3");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Self { index, count })
    }

    /// Whether the input at `rel` (relative, `/`-separated) is in this shard.
    pub fn holds(&self, rel: &str) -> bool {
        let digest = Sha256::digest(rel.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(digest.get(..8).unwrap_or(&[0; 8]));
        u64::from_be_bytes(first) % u64::from(self.count) == u64::from(self.index - 1)
    }
}

/// What to do.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Formats and PDF options for every document. Images are looked up
    /// beside each input and must lie in the input tree; when `assets_dir`
    /// is given, they are looked up there instead, and must lie in it
    /// (`images_root` is ignored).
    pub render: RenderOptions,
    /// Worker threads; the number of cores when `None`; at most
    /// [`MAX_JOBS`] (more are that many).
    pub jobs: Option<usize>,
    /// Skip inputs whose outputs are up to date.
    pub changed_only: bool,
    /// Render only this partition of the inputs.
    pub shard: Option<Shard>,
}

/// The most worker threads: 256. Rendering is CPU-bound, so workers past
/// the cores only add memory (each holds a document in flight, up to some
/// hundreds of MB at the default limits) and start-up time (10,000 threads
/// took 34 s for two documents); 256 is more than the cores of the largest
/// machines, and a bound that a typo cannot pass.
pub const MAX_JOBS: usize = 256;

/// What happened to one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Rendered and written.
    Rendered,
    /// Skipped: its outputs are up to date.
    Skipped,
    /// Failed; see the error.
    Failed,
    /// Not started: the run was interrupted.
    Cancelled,
}

/// One input's result.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The input, relative to the input folder, `/`-separated.
    pub input: String,
    /// What happened.
    pub status: Status,
    /// The files written, relative to the output folder.
    pub outputs: Vec<String>,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<FileError>,
}

/// A failure, as data.
#[derive(Debug, Clone, Serialize)]
pub struct FileError {
    /// The whole message, as the command line prints it (in English).
    pub message: String,
    /// Each problem in the input with its JSON path.
    pub problems: Vec<Problem>,
    /// The message in Vietnamese, for a reader in Vietnamese (the JSON
    /// report is in English, one stable language for the programs that
    /// read it).
    #[serde(skip)]
    pub message_vi: String,
}

impl FileError {
    /// The message in `lang`.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Vi if !self.message_vi.is_empty() => &self.message_vi,
            _ => &self.message,
        }
    }
}

/// One problem in an input.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// JSON path (`body[3].content[1]`).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// The whole run.
#[derive(Debug, Clone, Serialize)]
pub struct BatchReport {
    /// vanban's version.
    pub version: &'static str,
    /// The partition rendered, if any.
    pub shard: Option<Shard>,
    /// Inputs found in the partition.
    pub total: usize,
    /// Rendered.
    pub rendered: usize,
    /// Up to date, skipped.
    pub skipped: usize,
    /// Failed.
    pub failed: usize,
    /// Not started because the run was interrupted.
    pub cancelled: usize,
    /// Stale temporary files of an earlier, killed run that were removed.
    pub stale_temp_files_removed: usize,
    /// Stamp files of earlier versions (`.<stem>.vanban-stamp`) removed.
    pub old_stamp_files_removed: usize,
    /// Wall time, in milliseconds.
    pub elapsed_ms: u64,
    /// Every input, in path order.
    pub files: Vec<FileReport>,
}

impl BatchReport {
    /// Whether every input was rendered or skipped.
    pub fn succeeded(&self) -> bool {
        self.failed == 0 && self.cancelled == 0
    }
}

/// One input found in the tree.
#[derive(Debug, Clone)]
struct Input {
    path: PathBuf,
    rel: String,
    /// `rel` without its extension.
    rel_base: String,
    /// The output path without extension, relative to the output folder.
    out_base: PathBuf,
}

/// What a batch run tells its caller as it goes.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// The inputs are found: this many will be processed.
    Found(usize),
    /// One input is done.
    Done(&'a FileReport),
}

/// Renders every `*.json` under `in_dir` into `out_dir`. `cancel` stops the
/// run between documents (documents in progress are finished); `on_event`
/// is called once the inputs are found and as each is done, from the
/// worker threads.
pub fn run_batch(
    engine: &Engine,
    in_dir: &Path,
    out_dir: &Path,
    options: &BatchOptions,
    cancel: &AtomicBool,
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Result<BatchReport> {
    let start = Instant::now();
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let in_root = in_dir.canonicalize().map_err(io(in_dir))?;
    std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let out_root = out_dir.canonicalize().map_err(io(out_dir))?;
    let mut inputs = find_inputs(&in_root, &out_root)?;
    // Before sharding: two shards writing one file collide as well.
    check_collisions(&in_root, &inputs)?;
    if let Some(shard) = options.shard {
        inputs.retain(|i| shard.holds(&i.rel));
    }
    let stale = remove_stale_temp_files(&out_root, true);
    on_event(Event::Found(inputs.len()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0).min(MAX_JOBS))
        .build()
        .map_err(|e| Error::Pdf(crate::msg!("render-batch-threads", reason = e.to_string())))?;
    let jobs = pool.current_num_threads();
    let old_stamps = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::sync_channel::<commit::Pending>(jobs.saturating_mul(2));
    let mut files: Vec<FileReport> = std::thread::scope(|scope| {
        let committer = scope.spawn(|| commit::run(rx, on_event));
        let mut files: Vec<FileReport> = pool.install(|| {
            inputs
                .par_iter()
                .filter_map(|input| {
                    let outcome = if cancel.load(Ordering::SeqCst) {
                        Outcome::Done(FileReport {
                            input: input.rel.clone(),
                            status: Status::Cancelled,
                            outputs: Vec::new(),
                            error: None,
                        })
                    } else {
                        one(engine, input, (&in_root, &out_root), options, &old_stamps)
                    };
                    let report = match outcome {
                        Outcome::Done(report) => report,
                        Outcome::Staged(pending) => match tx.send(pending) {
                            Ok(()) => return None,
                            // The committer is gone (it cannot be but by a
                            // bug): the temporary files are dropped, removed.
                            Err(e) => commit::lost(e.0),
                        },
                    };
                    on_event(Event::Done(&report));
                    Some(report)
                })
                .collect()
        });
        drop(tx);
        match committer.join() {
            Ok(committed) => files.extend(committed),
            Err(_) => files.push(commit::committer_failed()),
        }
        files
    });
    files.sort_by(|a, b| a.input.cmp(&b.input));
    let count = |s: Status| files.iter().filter(|f| f.status == s).count();
    Ok(BatchReport {
        version: env!("CARGO_PKG_VERSION"),
        shard: options.shard,
        total: files.len(),
        rendered: count(Status::Rendered),
        skipped: count(Status::Skipped),
        failed: count(Status::Failed),
        cancelled: count(Status::Cancelled),
        stale_temp_files_removed: stale,
        old_stamp_files_removed: old_stamps.into_inner(),
        elapsed_ms: u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
        files,
    })
}

/// Every `*.json` file under `root` (symbolic links to files inside the
/// tree included, nothing outside it, nothing under `out`), sorted.
fn find_inputs(root: &Path, out: &Path) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        // Never read our own outputs back as inputs, nor hidden folders.
        .filter_entry(|e| {
            e.depth() == 0 || (e.path() != out && !e.file_name().to_string_lossy().starts_with('.'))
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().map(Path::to_path_buf).unwrap_or_default();
            Error::Io {
                path,
                source: e.into(),
            }
        })?;
        let path = entry.path();
        let is_json = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("json"));
        if !is_json {
            continue;
        }
        let file_type = entry.file_type();
        if file_type.is_symlink() {
            // Only a link that resolves to a file inside the tree.
            match path.canonicalize() {
                Ok(target) if target.starts_with(root) && target.is_file() => {}
                _ => continue,
            }
        } else if !file_type.is_file() {
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let Some(out_base) = safe_relative(rel) else {
            continue;
        };
        let slashed = |p: &Path| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        };
        inputs.push(Input {
            path: path.to_path_buf(),
            rel: slashed(rel),
            rel_base: slashed(&out_base),
            out_base,
        });
    }
    Ok(inputs)
}

/// `rel` without its extension, if it is made only of plain names (no `..`,
/// no root, no prefix): a path that cannot leave the folder it is joined to.
fn safe_relative(rel: &Path) -> Option<PathBuf> {
    if rel.as_os_str().is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(rel.with_extension(""))
}

/// Refuses two inputs whose outputs would be one file: the same path but
/// for case (`x.json`, `x.JSON`: one file on a case-insensitive system, and
/// on the same one the stems are equal), or names equal once their bytes
/// that are not UTF-8 are replaced (the report could not tell them apart).
fn check_collisions(root: &Path, inputs: &[Input]) -> Result<()> {
    let mut groups: std::collections::BTreeMap<String, Vec<&Input>> =
        std::collections::BTreeMap::new();
    for input in inputs {
        let key = input.out_base.to_string_lossy().to_lowercase();
        groups.entry(key).or_default().push(input);
    }
    // The names of each clash, joined in either language.
    let clashes = |and: &str| -> String {
        groups
            .values()
            .filter(|g| g.len() > 1)
            .map(|g| {
                let names: Vec<String> = g
                    .iter()
                    .map(|i| {
                        let rel = i.path.strip_prefix(root).unwrap_or(&i.path);
                        format!("`{}`", crate::error::escape_path(rel))
                    })
                    .collect();
                names.join(and)
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let clashes_en = clashes(" and ");
    if clashes_en.is_empty() {
        return Ok(());
    }
    Err(Error::Io {
        path: root.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            crate::error::MsgError(crate::msg!(
                "render-batch-collision",
                names = clashes_en,
                names_vi = clashes(" và ")
            )),
        ),
    })
}

/// `base` + `.ext`, keeping any dots already in the name (`a.b` → `a.b.pdf`).
fn with_suffix(base: &Path, ext: &str) -> PathBuf {
    let mut s = base.as_os_str().to_os_string();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// What one input came to in a worker: done (skipped, failed), or
/// rendered and staged for the committer.
enum Outcome {
    Done(FileReport),
    Staged(commit::Pending),
}

/// Renders one input, or skips it when up to date.
fn one(
    engine: &Engine,
    input: &Input,
    (in_root, out_root): (&Path, &Path),
    options: &BatchOptions,
    old_stamps: &AtomicUsize,
) -> Outcome {
    let old = stamp::old_stamp_path(out_root, &input.out_base);
    if std::fs::remove_file(&old).is_ok() {
        old_stamps.fetch_add(1, Ordering::Relaxed);
    }
    let formats = options.render.formats;
    let exts: Vec<&str> = [("pdf", formats.pdf), ("docx", formats.docx)]
        .into_iter()
        .filter_map(|(e, on)| on.then_some(e))
        .collect();
    let targets: Vec<PathBuf> = exts
        .iter()
        .map(|e| with_suffix(&out_root.join(&input.out_base), e))
        .collect();
    let outputs: Vec<String> = exts
        .iter()
        .map(|e| format!("{}.{e}", input.rel_base))
        .collect();
    let report = |status, error| FileReport {
        input: input.rel.clone(),
        status,
        outputs: if status == Status::Failed {
            Vec::new()
        } else {
            outputs.clone()
        },
        error,
    };
    let fail = |e: Error| Outcome::Done(failure(&input.rel, &e));
    let limits = engine.limits();
    let name = input.path.display().to_string();
    let json = match crate::fsread::read_regular(&input.path, limits.max_input_bytes as u64) {
        Ok(j) => j,
        Err(crate::fsread::ReadError::TooLarge { size, .. }) => {
            return fail(match limits.check_input_size(size, &name) {
                Err(e) => e,
                Ok(()) => Error::Pdf(crate::msg!("render-batch-grew", file = name.as_str())),
            });
        }
        Err(e) => {
            return fail(Error::Io {
                path: input.path.clone(),
                source: e.into(),
            });
        }
    };
    let dir = input.path.parent().unwrap_or(Path::new("."));
    let (base, root) = match &options.render.assets_dir {
        Some(assets) => (assets.as_path(), assets.as_path()),
        None => (dir, in_root),
    };
    // Checked once: the stamp needs the filled image paths, and the render
    // starts from the same checked document. One that does not check is
    // not rendered, so never stamped.
    let checked = match engine.check(&json, &name) {
        Ok(doc) => doc,
        Err(e) => return fail(e),
    };
    let render = RenderOptions {
        assets_dir: Some(base.to_path_buf()),
        images_root: Some(root.to_path_buf()),
        ..options.render.clone()
    };
    let stamp = engine.stamp(&checked, &json, &name, &render);
    if options.changed_only && targets.iter().all(|t| stamp::carries(t, &stamp)) {
        return Outcome::Done(report(Status::Skipped, None));
    }
    let rendered = match engine.render_stamped(&checked, &json, &name, &render, stamp) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    if let Some(parent) = targets.first().and_then(|t| t.parent())
        && let Err(source) = std::fs::create_dir_all(parent)
    {
        return fail(Error::Io {
            path: parent.to_path_buf(),
            source,
        });
    }
    // Written to temporary files now, flushed and renamed by the committer
    // with the rest of its chunk.
    let bytes = [rendered.pdf.as_deref(), rendered.docx.as_deref()];
    let staged = targets
        .iter()
        .zip(bytes.into_iter().flatten())
        .map(|(target, bytes)| stage(target, bytes))
        .collect::<Result<Vec<Staged>>>();
    match staged {
        Ok(files) => Outcome::Staged(commit::Pending {
            report: report(Status::Rendered, None),
            files,
        }),
        Err(e) => fail(e),
    }
}

/// The report of input `rel` that failed with `e`.
fn failure(rel: &str, e: &Error) -> FileReport {
    let problems = e
        .diagnostics()
        .iter()
        .map(|d| Problem {
            path: d.path.clone(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        })
        .collect();
    let message = |lang| match e {
        Error::Input { .. } => e.text(lang),
        other => format!("{}: {}", crate::error::escape(rel), other.text(lang)),
    };
    FileReport {
        input: rel.to_string(),
        status: Status::Failed,
        outputs: Vec::new(),
        error: Some(FileError {
            message: message(crate::i18n::Lang::En),
            problems,
            message_vi: message(crate::i18n::Lang::Vi),
        }),
    }
}
