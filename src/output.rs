//! Writing output files atomically: a temporary file in the target folder,
//! flushed to disk, then renamed over the target. A crash or an error never
//! leaves a half-written document, and never replaces a good one with one.
//!
//! Temporary files carry their owner: `.vanban-HOST-PID-RANDOM.tmp`. Runs
//! sharing an output folder (shards on machines sharing NFS, two `render`s)
//! remove only the temporary files that are stale: those of this host
//! whose process is gone, and any older than [`STALE_AFTER`] (another
//! host's, whose processes cannot be asked). A run never touches another
//! live run's files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};

/// How temporary files begin: hidden, and named so that a later run can
/// recognise and remove those a killed run left behind.
pub const TEMP_PREFIX: &str = ".vanban-";
/// How temporary files end.
pub const TEMP_SUFFIX: &str = ".tmp";

/// The age past which any temporary file is stale, whoever wrote it: 24
/// hours. A document is written in well under a second and a whole batch
/// of a large archive in hours, so no live run keeps a temporary file
/// nearly this long, while a file another host's killed run left is gone
/// the next day (its process cannot be checked from here).
pub const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// This host's name as it goes into temporary file names: letters, digits,
/// `.` and `_` only (anything else, `-` included, becomes `_`, so that the
/// name splits back into host, pid and random part).
fn host() -> &'static str {
    static HOST: OnceLock<String> = OnceLock::new();
    HOST.get_or_init(|| {
        let raw = host_name().unwrap_or_default();
        let clean: String = raw
            .chars()
            .map(|c| match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '_' => c,
                _ => '_',
            })
            .take(64)
            .collect();
        if clean.is_empty() {
            "localhost".into()
        } else {
            clean
        }
    })
}

#[cfg(unix)]
fn host_name() -> Option<String> {
    let mut buf = [0u8; 256];
    // SAFETY: gethostname writes at most `buf.len()` bytes into `buf`.
    let r = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if r != 0 {
        return None;
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    Some(String::from_utf8_lossy(buf.get(..end)?).into_owned())
}

#[cfg(not(unix))]
fn host_name() -> Option<String> {
    std::env::var("COMPUTERNAME").ok()
}

/// The prefix of this process's temporary files: `.vanban-HOST-PID-`.
pub fn temp_prefix() -> String {
    format!("{TEMP_PREFIX}{}-{}-", host(), std::process::id())
}

/// Whether process `pid` of this host is alive (or cannot be told: alive).
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 sends nothing; it only asks whether `pid` exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    true
}

/// Whether a temporary file named `name`, last modified at `modified`, is
/// stale: this host's with its process gone, or older than [`STALE_AFTER`].
fn is_stale(name: &str, modified: Option<SystemTime>) -> bool {
    let Some(middle) = name
        .strip_prefix(TEMP_PREFIX)
        .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
    else {
        return false;
    };
    let old = modified
        .and_then(|m| m.elapsed().ok())
        .is_some_and(|age| age > STALE_AFTER);
    if old {
        return true;
    }
    // HOST-PID-RANDOM: the random part and the pid hold no `-`.
    let mut parts = middle.rsplitn(3, '-');
    let (_random, pid, owner) = (parts.next(), parts.next(), parts.next());
    match (owner, pid.and_then(|p| p.parse::<u32>().ok())) {
        (Some(owner), Some(pid)) => owner == host() && !alive(pid),
        _ => false,
    }
}

/// Removes the stale temporary files (see [`is_stale`]) in `dir`, and in its
/// subfolders when `deep`; returns how many. Links are not followed.
pub fn remove_stale_temp_files(dir: &Path, deep: bool) -> usize {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .max_depth(if deep { usize::MAX } else { 1 })
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let modified = e.metadata().ok().and_then(|m| m.modified().ok());
            is_stale(&e.file_name().to_string_lossy(), modified)
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// A file written to a temporary file beside its target, not yet renamed:
/// [`Staged::sync`] flushes it, [`commit`] renames it over the target.
/// Dropped uncommitted, the temporary file is removed.
#[derive(Debug)]
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl Staged {
    /// The file it will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes the data (and the size) to the disk: after this, a crash
    /// cannot leave the file torn once it is renamed.
    pub fn sync(&self) -> Result<()> {
        self.tmp.as_file().sync_all().map_err(|source| Error::Io {
            path: self.target.clone(),
            source,
        })
    }
}

/// Writes `bytes` to a temporary file beside `path` and starts the disk
/// writing it (Linux: `sync_file_range`, which does not wait), without
/// flushing it: [`Staged::sync`] later waits for far less.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = parent_of(path);
    let prefix = temp_prefix();
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    // Documents are ordinary files, readable like any other (tempfile's
    // default is owner-only).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    start_writeback(tmp.as_file());
    Ok(Staged {
        tmp,
        target: path.to_path_buf(),
    })
}

/// Asks the kernel to start writing the file's dirty pages now, without
/// waiting (a hint: errors are ignored, and the later fsync is what
/// counts). The fsync after it then waits for pages already on their way.
#[cfg(target_os = "linux")]
fn start_writeback(file: &std::fs::File) {
    use std::os::fd::AsRawFd;
    // SAFETY: the descriptor is open for the call; the range 0..0 means
    // the whole file; the flag only starts writeback.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &std::fs::File) {}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Flushes folder `dir`'s entries to the disk, so that the renames made in
/// it survive a power loss (on Unix; elsewhere a rename is flushed with
/// the file system's own rules and this does nothing).
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let io = |source| Error::Io {
            path: dir.to_path_buf(),
            source,
        };
        std::fs::File::open(dir)
            .map_err(io)?
            .sync_all()
            .map_err(io)?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Renames staged files over their targets, in order, one right after the
/// other (they must be synced first for the renames to be safe from power
/// loss; the folders are the caller's to sync after). A refused rename
/// leaves the later ones unrenamed (their temporary files are removed) and
/// says which targets are new already.
pub fn commit(files: Vec<Staged>) -> Result<()> {
    let mut done: Vec<PathBuf> = Vec::new();
    for Staged { tmp, target } in files {
        if let Err(e) = tmp.persist(&target) {
            if done.is_empty() {
                return Err(Error::Io {
                    path: target,
                    source: e.error,
                });
            }
            let names: Vec<String> = done
                .iter()
                .map(|p| format!("`{}`", crate::error::escape_path(p)))
                .collect();
            let m = crate::msg!(
                "render-output-half-replaced",
                reason = e.error.to_string(),
                names = names.join(", ")
            );
            return Err(Error::Io {
                path: target,
                source: std::io::Error::new(e.error.kind(), crate::error::MsgError(m)),
            });
        }
        done.push(target);
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically and durably.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all_atomic(&[(path.to_path_buf(), bytes)])
}

/// Writes several files that belong together (a document's PDF and DOCX),
/// atomically and durably: every one is written to a temporary file first,
/// then all are flushed (`fsync`: data before name, so a power loss can
/// never leave a torn file under a target's name), then renamed over their
/// targets one right after the other, and last their folders are flushed
/// (so that the new names survive a power loss too, once this returns). A
/// failure while writing leaves every target as it was; only a crash
/// between two renames (microseconds), or a rename refused, can leave a
/// new file beside an old one — and a refused rename says so.
pub fn write_all_atomic(files: &[(PathBuf, &[u8])]) -> Result<()> {
    let staged = files
        .iter()
        .map(|(path, bytes)| stage(path, bytes))
        .collect::<Result<Vec<_>>>()?;
    for s in &staged {
        s.sync()?;
    }
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .map(|(p, _)| parent_of(p).to_path_buf())
        .collect();
    dirs.dedup();
    commit(staged)?;
    for dir in &dirs {
        sync_dir(dir)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_target_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pdf");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.pdf")]);
    }

    #[test]
    fn only_stale_temp_files_are_stale() {
        let mine = format!("{}abc123{TEMP_SUFFIX}", temp_prefix());
        assert!(!is_stale(&mine, Some(SystemTime::now())), "a live process");
        let other = ".vanban-elsewhere-1-abc123.tmp";
        assert!(!is_stale(other, Some(SystemTime::now())));
        let day_ago = SystemTime::now() - STALE_AFTER - Duration::from_secs(60);
        assert!(is_stale(other, Some(day_ago)));
        assert!(!is_stale(".vanban-abc123.tmp", Some(SystemTime::now())));
        assert!(!is_stale("a.pdf", Some(day_ago)));
    }

    #[test]
    fn a_pair_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.pdf"), dir.path().join("no/such/b.docx"));
        assert!(write_all_atomic(&[(a.clone(), b"new"), (b, b"new")]).is_err());
        assert!(!a.exists(), "nothing renamed when a write fails");
    }
}
