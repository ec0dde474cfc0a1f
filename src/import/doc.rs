//! Word 97–2003 `.doc` files: converted to DOCX by LibreOffice (headless,
//! when installed), then read by the DOCX reader. The binary format is
//! large and underspecified; LibreOffice reads it as well as anything does,
//! so it is used rather than a reader written here.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::docx;
use super::source::Source;
use crate::error::{Error, Result};
use crate::input::Limits;

/// How long LibreOffice may take to convert one file.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// Reads a `.doc` (`bytes`, the whole file) through LibreOffice.
pub fn read(bytes: &[u8]) -> Result<Source> {
    read_with(bytes, &Limits::default())
}

/// [`read`] within `limits` (applied to the DOCX LibreOffice writes).
pub fn read_with(bytes: &[u8], limits: &Limits) -> Result<Source> {
    let office =
        find_office().ok_or_else(|| Error::Import(crate::msg!("import-doc-needs-libreoffice")))?;
    let docx = convert(&office, bytes, limits)?;
    docx::read_with(&docx, limits)
}

/// `soffice` or `libreoffice` on PATH.
fn find_office() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["soffice", "libreoffice"].iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Converts `.doc` bytes to DOCX bytes with LibreOffice, in a private
/// temporary directory with a private profile (concurrent runs do not
/// clash over one profile), killed past [`TIME_LIMIT`]. What it writes is
/// read as any source is: a regular file of at most `max_source_bytes`.
fn convert(office: &Path, bytes: &[u8], limits: &Limits) -> Result<Vec<u8>> {
    let io = |what: &str, e: std::io::Error| {
        Error::Import(crate::msg!(
            "import-doc-convert-io",
            what = what,
            reason = e.to_string()
        ))
    };
    let dir = tempfile::tempdir().map_err(|e| io("making a temporary directory", e))?;
    let input = dir.path().join("input.doc");
    std::fs::write(&input, bytes).map_err(|e| io("writing the temporary copy", e))?;
    let out_dir = dir.path().join("out");
    let profile = dir.path().join("profile");
    // LibreOffice's messages go to a file: a pipe nobody reads while it
    // works could fill and stall it.
    let log_path = dir.path().join("stderr.txt");
    let log = std::fs::File::create(&log_path).map_err(|e| io("making its log", e))?;
    let mut child = Command::new(office)
        .arg(format!("-env:UserInstallation={}", file_url(&profile)))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(log))
        .spawn()
        .map_err(|e| io(&format!("starting {}", office.display()), e))?;
    let start = Instant::now();
    let status = loop {
        match child
            .try_wait()
            .map_err(|e| io("waiting for LibreOffice", e))?
        {
            Some(status) => break status,
            None if start.elapsed() > TIME_LIMIT => {
                // Best effort: the process may have ended meanwhile.
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::Import(crate::msg!(
                    "import-doc-timeout",
                    seconds = TIME_LIMIT.as_secs()
                )));
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    let output = out_dir.join("input.docx");
    if !status.success() || !output.is_file() {
        // Only for the message; a log that cannot be read changes nothing.
        let stderr = std::fs::read_to_string(&log_path).unwrap_or_default();
        // Its start-up warnings (no Java …) say nothing about the file.
        let stderr: String = stderr
            .lines()
            .filter(|l| !l.trim_start().starts_with("Warning:"))
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(500)
            .collect();
        return Err(Error::Import(crate::msg!(
            "import-doc-convert-failed",
            status = status.to_string(),
            details = if stderr.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", stderr.trim())
            }
        )));
    }
    crate::fsread::read_regular(&output, limits.max_source_bytes).map_err(|e| match e {
        crate::fsread::ReadError::TooLarge { .. } => Error::Import(crate::msg!(
            "import-doc-output-too-large",
            reason = e.to_string()
        )),
        other => io("reading the converted file", other.into()),
    })
}

/// A `file://` URL of a path (the characters a temporary directory's path
/// may hold that a URL may not, escaped).
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for c in path.to_string_lossy().chars() {
        match c {
            ' ' => url.push_str("%20"),
            '%' => url.push_str("%25"),
            '#' => url.push_str("%23"),
            '?' => url.push_str("%3F"),
            c => url.push(c),
        }
    }
    url
}
