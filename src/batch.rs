//! Batch regeneration: every `*.json` under a folder, rendered in parallel
//! into a mirror of the folder, each failure reported and the rest done.
//!
//! - Inputs are found with walkdir, without following symbolic links (a
//!   link to a file inside the tree is rendered; nothing outside it is read).
//! - Output paths are the input's path relative to the input folder, checked
//!   to hold only plain names, so they never leave the output folder.
//! - Writes are atomic (see [`crate::output`]); an interrupted run leaves
//!   complete files only, and the next run removes temporary files that a
//!   killed one (`kill -9`) could not.
//! - `changed_only` skips an input whose outputs carry a stamp equal to the
//!   hash of everything that decides them: the input's bytes, the images it
//!   names, the layouts, the fonts, the options and vanban's version. The
//!   stamp is a hidden file beside the outputs (`.<stem>.vanban-stamp`),
//!   written after them, so machines sharing an output folder never contend
//!   for one manifest.
//! - `shard` keeps the inputs whose path hashes to one of N buckets: stable
//!   across machines and runs, and a new file never moves the others.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::engine::{Engine, RenderOptions};
use crate::error::{Error, Result};
use crate::output::{TEMP_PREFIX, TEMP_SUFFIX, write_atomic};

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
    /// Formats and PDF options for every document (`assets_dir` is ignored:
    /// images are looked up beside each input).
    pub render: RenderOptions,
    /// Worker threads; the number of cores when `None`.
    pub jobs: Option<usize>,
    /// Skip inputs whose outputs are up to date.
    pub changed_only: bool,
    /// Render only this partition of the inputs.
    pub shard: Option<Shard>,
}

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
    /// The whole message, as the command line prints it.
    pub message: String,
    /// Each problem in the input with its JSON path.
    pub problems: Vec<Problem>,
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
    if let Some(shard) = options.shard {
        inputs.retain(|i| shard.holds(&i.rel));
    }
    let stale = remove_stale_temp_files(&out_root);
    on_event(Event::Found(inputs.len()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Pdf(format!("cannot start the worker threads: {e}")))?;
    let key = engine_key(engine, &options.render);
    let mut files: Vec<FileReport> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                let report = if cancel.load(Ordering::SeqCst) {
                    FileReport {
                        input: input.rel.clone(),
                        status: Status::Cancelled,
                        outputs: Vec::new(),
                        error: None,
                    }
                } else {
                    one(engine, input, &out_root, options, &key)
                };
                on_event(Event::Done(&report));
                report
            })
            .collect()
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

/// Removes `.vanban-*.tmp` files that a killed run left in `out`.
fn remove_stale_temp_files(out: &Path) -> usize {
    walkdir::WalkDir::new(out)
        .follow_links(false)
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            e.file_type().is_file() && name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// The hash of what every document's output depends on besides its input.
fn engine_key(engine: &Engine, options: &RenderOptions) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(format!("{:?}{:?}", options.formats, options.pdf).as_bytes());
    for layout in engine.layouts() {
        h.update(layout.name.as_bytes());
        h.update(layout.source.as_bytes());
    }
    for id in crate::text::FaceId::ALL {
        h.update(&engine.fonts().face(id).data[..]);
    }
    h.finalize().to_vec()
}

/// The stamp of one input: the engine's key, its bytes and its images'.
fn stamp(key: &[u8], json: &[u8], dir: &Path, max_image_bytes: u64) -> String {
    let mut h = Sha256::new();
    h.update(key);
    h.update(json);
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(json) {
        let mut images = Vec::new();
        image_paths(&value, &mut images);
        for image in images {
            h.update(image.as_bytes());
            // Only regular files, no further than the image limit (a path
            // to /dev/zero must not hang the batch: the render refuses it).
            match read_capped(&dir.join(&image), max_image_bytes) {
                Ok(bytes) => h.update(&bytes),
                Err(_) => h.update(b"missing"),
            }
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A regular file's bytes, at most `most + 1` of them (one over tells the
/// engine's size check the file is too large without holding all of it).
fn read_capped(path: &Path, most: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let mut bytes = Vec::new();
    file.take(most.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn image_paths(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("image", serde_json::Value::String(s)) => out.push(s.clone()),
                    _ => image_paths(x, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| image_paths(x, out)),
        _ => {}
    }
}

/// `base` + `.ext`, keeping any dots already in the name (`a.b` → `a.b.pdf`).
fn with_suffix(base: &Path, ext: &str) -> PathBuf {
    let mut s = base.as_os_str().to_os_string();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

fn stamp_path(out_root: &Path, out_base: &Path) -> PathBuf {
    let name = out_base
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out_root
        .join(out_base)
        .with_file_name(format!(".{name}.vanban-stamp"))
}

/// Renders one input, or skips it when up to date.
fn one(
    engine: &Engine,
    input: &Input,
    out_root: &Path,
    options: &BatchOptions,
    key: &[u8],
) -> FileReport {
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
    let fail = |e: Error| {
        let problems = e
            .diagnostics()
            .iter()
            .map(|d| Problem {
                path: d.path.clone(),
                message: d.message.clone(),
                hint: d.hint.clone(),
            })
            .collect();
        let message = match &e {
            Error::Input { .. } => e.to_string(),
            other => format!("{}: {other}", input.rel),
        };
        report(Status::Failed, Some(FileError { message, problems }))
    };
    let limits = engine.limits();
    let json = match read_capped(&input.path, limits.max_input_bytes as u64) {
        Ok(j) => j,
        Err(source) => {
            return fail(Error::Io {
                path: input.path.clone(),
                source,
            });
        }
    };
    let dir = input.path.parent().unwrap_or(Path::new("."));
    let stamp_file = stamp_path(out_root, &input.out_base);
    let stamp = stamp(key, &json, dir, limits.max_image_bytes);
    if options.changed_only
        && std::fs::read_to_string(&stamp_file).is_ok_and(|s| s.trim() == stamp)
        && targets.iter().all(|t| t.is_file())
    {
        return report(Status::Skipped, None);
    }
    let render = RenderOptions {
        assets_dir: Some(dir.to_path_buf()),
        ..options.render.clone()
    };
    let name = input.path.display().to_string();
    let rendered = match engine.render_with(&json, &name, &render) {
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
    for (target, bytes) in targets.iter().zip(
        [rendered.pdf.as_deref(), rendered.docx.as_deref()]
            .into_iter()
            .flatten(),
    ) {
        if let Err(e) = write_atomic(target, bytes) {
            return fail(e);
        }
    }
    // Last: a stamp only ever vouches for outputs that are all written. It
    // is a cache hint, written plainly (no temp file, no fsync: a third of
    // a batch's disk time): a lost or torn stamp never equals a hash, so the
    // worst case is one document rendered again.
    if let Err(source) = std::fs::write(&stamp_file, stamp.as_bytes()) {
        return fail(Error::Io {
            path: stamp_file,
            source,
        });
    }
    report(Status::Rendered, None)
}
