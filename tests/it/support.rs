//! Shared test helpers: fixtures, one engine, reading PDFs back.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use serde::Deserialize;
use vanban::doc::{self, Block, Role};
use vanban::pdf::{Item, Page};
use vanban::{Engine, Rendered};

pub const MM: f32 = 72.0 / 25.4;
/// The spec's tolerance for positions.
pub const HALF_MM: f32 = 0.5 * MM;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every good fixture.
pub fn fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    assert!(v.len() >= 3, "fixtures are missing");
    v
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("fixtures").join(name)
}

/// The PDF of a rendered document.
pub trait PdfBytes {
    fn pdf(&self) -> &[u8];
}

impl PdfBytes for Rendered {
    fn pdf(&self) -> &[u8] {
        self.pdf.as_deref().expect("a PDF was rendered")
    }
}

pub fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new().unwrap())
}

pub fn render(path: &Path) -> Rendered {
    let json = std::fs::read(path).unwrap();
    engine()
        .render(&json, &path.display().to_string())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The seed report, rendered once.
pub fn seed() -> &'static Rendered {
    static R: OnceLock<Rendered> = OnceLock::new();
    R.get_or_init(|| render(&fixture("bao-cao-cchc-q3-2023.json")))
}

/// Text without any whitespace, for comparisons that ignore line breaks.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of the document model, in reading order, appendices included.
pub fn doc_text(d: &doc::Document) -> String {
    let mut out = String::new();
    for b in d.parts().flat_map(|(_, blocks)| blocks) {
        match b {
            Block::Para(p) => out.push_str(&p.text()),
            Block::Columns(c) => c
                .columns
                .iter()
                .flat_map(|c| &c.paras)
                .for_each(|p| out.push_str(&p.text())),
            Block::Table(t) => t
                .header
                .iter()
                .chain(t.rows.iter().flatten())
                .for_each(|p| out.push_str(&p.text())),
            Block::PageBreak => {}
        }
        out.push('\n');
    }
    out
}

/// Text items of a page, with positions.
pub fn texts(page: &Page) -> impl Iterator<Item = (vanban::pdf::Point, &vanban::pdf::TextItem)> {
    page.items.iter().filter_map(|(p, i)| match i {
        Item::Text(t) => Some((*p, t)),
        _ => None,
    })
}

/// The text of the typeset pages, without page numbers and without the
/// table header rows repeated on continuation pages.
pub fn pages_text(pages: &[Page]) -> String {
    let mut out = String::new();
    let mut seen_headers = std::collections::HashSet::new();
    for page in pages {
        let header: String = texts(page)
            .filter(|(_, t)| t.role == Role::TableHeader)
            .map(|(_, t)| t.text.clone())
            .collect();
        let repeated = !header.is_empty() && !seen_headers.insert(header);
        for (_, t) in texts(page) {
            if t.role == Role::PageNumber || (repeated && t.role == Role::TableHeader) {
                continue;
            }
            out.push_str(&t.text);
            out.push('\n');
        }
    }
    out
}

#[derive(Debug, Deserialize)]
pub struct PdfRead {
    pub pages: Vec<PdfPage>,
    pub metadata: serde_json::Map<String, serde_json::Value>,
    pub lang: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct PdfPage {
    pub width: f32,
    pub height: f32,
    pub spans: Vec<Span>,
}

#[derive(Debug, Deserialize, Clone)]
pub struct Span {
    pub text: String,
    pub font: String,
    pub size: f32,
    pub x: f32,
    pub y: f32,
}

/// The Python of the venv with the readers (PyMuPDF, the OOXML validator,
/// veraPDF's engine, pyHanko, selenium): `$VANBAN_PYTHON`, else `.venv`.
fn venv_python() -> PathBuf {
    std::env::var_os("VANBAN_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv/bin/python"))
}

/// An external program some tests read outputs back with (or, for the
/// legacy `.doc` import, that vanban itself runs). `scripts/test` installs
/// all of them; plain `cargo test` on a machine with only Rust leaves out
/// the tests that need a missing one and says so once per program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// The `.venv` of `scripts/test` (PyMuPDF, openxml-audit, veraPDF's
    /// engine, pyHanko, selenium).
    Venv,
    /// poppler-utils: pdftotext, pdffonts, pdfinfo, pdfsig, pdftoppm.
    Poppler,
    /// qpdf.
    Qpdf,
    /// LibreOffice's `soffice`.
    Office,
    /// A JDK (veraPDF's harness compiles a small class).
    Java,
    /// The openssl command (a test PKI, digests signed outside).
    Openssl,
    /// SoftHSM2, a PKCS#11 token.
    SoftHsm,
    /// Chromium and its WebDriver.
    Chromium,
    /// A system `python3`.
    Python3,
}

impl Tool {
    /// The programs it stands for, and what installs them.
    fn programs(self) -> (&'static [&'static str], &'static str) {
        match self {
            Tool::Venv => (
                &[],
                "the Python readers in .venv (PyMuPDF, openxml-audit, veraPDF, pyHanko, selenium)",
            ),
            Tool::Poppler => (
                &["pdftotext", "pdffonts", "pdfinfo", "pdfsig", "pdftoppm"],
                "poppler-utils",
            ),
            Tool::Qpdf => (&["qpdf"], "qpdf"),
            Tool::Office => (&["soffice"], "libreoffice-writer-nogui"),
            Tool::Java => (&["java", "javac"], "default-jdk-headless"),
            Tool::Openssl => (&["openssl"], "openssl"),
            Tool::SoftHsm => (&["softhsm2-util"], "softhsm2"),
            Tool::Chromium => (&["chromium", "chromedriver"], "chromium, chromium-driver"),
            Tool::Python3 => (&["python3"], "python3"),
        }
    }

    fn present(self) -> bool {
        if self == Tool::Venv {
            return venv_python().exists();
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        self.programs()
            .0
            .iter()
            .all(|program| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
    }
}

/// Whether every one of `tools` is installed. When one is not: with
/// `VANBAN_REQUIRE_TOOLS` set (as `scripts/test` and CI set it) the test
/// fails; otherwise this says once per program, on the terminal (not in the
/// captured output), that the tests needing it are left out, and returns
/// false for the test to return.
pub fn have(tools: &[Tool]) -> bool {
    use std::io::Write;
    use std::sync::Mutex;
    static SAID: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let missing: Vec<Tool> = tools.iter().copied().filter(|t| !t.present()).collect();
    if missing.is_empty() {
        return true;
    }
    let names: Vec<String> = missing
        .iter()
        .map(|t| match t.programs() {
            (&[], by) => by.to_string(),
            (programs, by) => format!("{} ({by})", programs.join(", ")),
        })
        .collect();
    assert!(
        std::env::var_os("VANBAN_REQUIRE_TOOLS").is_none(),
        "missing: {}; scripts/test installs them (VANBAN_REQUIRE_TOOLS is set, so \
         no test may be left out)",
        names.join("; ")
    );
    let mut said = SAID.lock().unwrap_or_else(|e| e.into_inner());
    for name in names {
        if !said.contains(&name) {
            // Straight to the terminal: libtest captures `eprintln!`.
            let _ = writeln!(
                std::io::stderr(),
                "note: tests that need {name} are left out: not installed; scripts/test \
                 installs it and runs them all"
            );
            said.push(name);
        }
    }
    false
}

/// Returns from the test (after saying so once) unless the named
/// [`Tool`]s are installed: `needs!(Venv, Poppler);`.
macro_rules! needs {
    ($($tool:ident),+ $(,)?) => {
        if !$crate::support::have(&[$($crate::support::Tool::$tool),+]) {
            return;
        }
    };
}

pub fn python() -> PathBuf {
    let p = venv_python();
    assert!(
        p.exists(),
        "{} is missing: run scripts/test, which installs PyMuPDF in .venv",
        p.display()
    );
    p
}

/// Writes a PDF to a temp file and returns the path (kept alive by the dir).
pub fn temp_pdf(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    temp_file(bytes, "doc.pdf")
}

/// Writes bytes to a temp file of that name (kept alive by the dir).
pub fn temp_file(bytes: &[u8], name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// Reads a PDF back with PyMuPDF (tests/helpers/pdfread.py).
pub fn read_pdf(bytes: &[u8]) -> PdfRead {
    let (_dir, path) = temp_pdf(bytes);
    let out = Command::new(python())
        .arg(root().join("tests/helpers/pdfread.py"))
        .arg(&path)
        .output()
        .expect("run the PDF reader");
    assert!(
        out.status.success(),
        "pdfread failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs a poppler tool on a PDF and returns its standard output.
pub fn poppler(tool: &str, args: &[&str], bytes: &[u8]) -> String {
    let (_dir, path) = temp_pdf(bytes);
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(&path);
    if tool == "pdftotext" {
        cmd.arg("-"); // to standard output
    }
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("{tool} is missing ({e}): run scripts/test, which installs poppler-utils")
    });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The first text item with this role on a page.
pub fn find(page: &Page, role: Role) -> Option<(vanban::pdf::Point, &vanban::pdf::TextItem)> {
    texts(page).find(|(_, t)| t.role == role)
}

/// Rules of a role on a page: (x, y, width, height).
pub fn rules(page: &Page, role: Role) -> Vec<(f32, f32, f32, f32)> {
    page.items
        .iter()
        .filter_map(|(p, i)| match i {
            Item::Rule(r) if r.role == role => Some((p.x, p.y, r.width, r.height)),
            _ => None,
        })
        .collect()
}

pub fn close(a: f32, b: f32, tol: f32) -> bool {
    (a - b).abs() <= tol
}

/// A part of a DOCX package, as text.
pub fn docx_part(docx: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut f = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("no part {name}"));
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

/// The part names of a DOCX package.
pub fn docx_names(docx: &[u8]) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    zip.file_names().map(String::from).collect()
}

/// The page settings of typeset page `i` (its part's: the main text's or
/// an appendix's).
pub fn page_settings(r: &vanban::Rendered, i: usize) -> &doc::Page {
    let section = r.pages.get(i).map_or(0, |p| p.section);
    r.doc.parts().nth(section).map_or(&r.doc.page, |(p, _)| p)
}

/// The number of typeset page `i` within its part (each part counts from 1).
pub fn number_in_part(r: &vanban::Rendered, i: usize) -> usize {
    let section = r.pages[i].section;
    r.pages[..=i]
        .iter()
        .rev()
        .take_while(|p| p.section == section)
        .count()
}

/// Text with every table header row after its first occurrence removed.
pub fn without_repeats(text: &str, r: &vanban::Rendered) -> String {
    let mut out = text.to_string();
    for b in r.doc.parts().flat_map(|(_, blocks)| blocks) {
        if let vanban::doc::Block::Table(t) = b {
            let header = squash(&t.header.iter().map(|p| p.text()).collect::<String>());
            if let Some(first) = out.find(&header) {
                let (head, tail) = out.split_at(first + header.len());
                out = format!("{head}{}", tail.replace(&header, ""));
            }
        }
    }
    out
}

/// The text of the typeset pages as they are drawn (repeated table headers
/// included), without the page numbers.
pub fn pages_text_with_repeats(pages: &[vanban::pdf::Page]) -> String {
    pages
        .iter()
        .flat_map(|p| {
            texts(p)
                .filter(|(_, t)| t.role != Role::PageNumber)
                .map(|(_, t)| t.text.clone())
        })
        .collect()
}

/// Options for a plain PDF alone (no PDF/A, no signature fields): what
/// the import round trips render.
pub fn plain() -> vanban::RenderOptions {
    vanban::RenderOptions {
        formats: vanban::Formats::PDF,
        pdf: vanban::PdfOptions {
            standard: vanban::PdfStandard::None,
            sign_fields: false,
            attach_source: false,
        },
        assets_dir: None,
        images_root: None,
    }
}

/// The Open XML SDK validator's schema errors (its "semantic" findings
/// set aside) for the DOCX at `path`, each as the validator's JSON.
pub fn docx_schema_errors(path: &Path) -> Vec<serde_json::Value> {
    let out = Command::new(python())
        .arg(root().join("tests/helpers/docx_validate.py"))
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("the validator cannot run ({e}): run scripts/test"));
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    findings
        .into_iter()
        .filter(|f| f["type"] != "semantic")
        .collect()
}

/// Runs the project's veraPDF harness on `files` in `flavour`; one JSON
/// line per file.
pub fn verapdf(flavour: &str, files: &[PathBuf]) -> Vec<serde_json::Value> {
    let out = std::process::Command::new(root().join("tests/helpers/verapdf"))
        .arg(flavour)
        .args(files)
        .env("VANBAN_PYTHON", python())
        .output()
        .expect("tests/helpers/verapdf runs (scripts/test installs veraPDF)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(
        lines.len(),
        files.len(),
        "veraPDF answered for every file: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    lines
}

/// A `vanban serve` child process on a free loopback port, killed when
/// dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Server {
    /// Starts the binary with `--listen 127.0.0.1:0` and `args`, and reads
    /// its address from the `listening on http://ADDR` line it prints on
    /// standard error.
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("VANBAN_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start vanban serve");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("vanban serve printed its address before exiting")
                .unwrap();
            if let Some(addr) = line.strip_prefix("listening on ") {
                break addr.trim().to_string();
            }
        };
        // Keep reading, so that the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, base }
    }

    /// The process id (for signals).
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to end.
    pub fn wait(&mut self) -> std::process::ExitStatus {
        self.child.wait().expect("wait for vanban serve")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A PNG file's width and height, from its header.
pub fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}
