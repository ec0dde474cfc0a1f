//! Command-line arguments (clap derive; the doc comments are the help text)
//! and the per-file loop with its error reporting.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use vanban::fsread::ReadError;

mod preview;
mod serve;
mod sign;

/// Render Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) from JSON.
#[derive(Debug, Parser)]
#[command(name = "vanban", version)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render input documents to PDF (tagged PDF/A-2a + PDF/UA-1 by default) and DOCX.
    Render {
        /// Input JSON files; `-` reads standard input.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output folder (created if missing); each input gives `<stem>.pdf`
        /// and `<stem>.docx`.
        #[arg(short, long, default_value = ".")]
        output: PathBuf,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Render every `*.json` under a folder into a mirror of it, in
    /// parallel; a failing file never stops the others.
    Batch {
        /// The folder of input documents (walked recursively; symbolic
        /// links are not followed out of it).
        in_dir: PathBuf,
        /// The output folder; the input folder's structure is mirrored here.
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        out: OutputArgs,
        /// Worker threads (default: one per core; at most 256: rendering
        /// is CPU-bound, more workers than cores only add memory).
        #[arg(short, long, value_parser = parse_jobs)]
        jobs: Option<usize>,
        /// Write the full report (every file, its status, each error with
        /// its JSON path, the counts) as JSON to this file.
        #[arg(long, value_name = "FILE.json")]
        report: Option<PathBuf>,
        /// Skip inputs whose outputs are up to date (same input, images,
        /// layouts, fonts, options and vanban version).
        #[arg(long)]
        changed_only: bool,
        /// Render only the K-th of N stable partitions of the inputs
        /// (1 ≤ K ≤ N), so that N machines can share one archive.
        #[arg(long, value_name = "K/N", value_parser = parse_shard)]
        shard: Option<vanban::batch::Shard>,
    },
    /// Turn an old document's text (UTF-8, TCVN3 or VNI plain text, or a
    /// .docx) into input JSON; repairs and guesses are listed on stderr.
    Import {
        /// A plain-text file, a .docx, a .doc or a PDF; `-` reads standard
        /// input.
        file: PathBuf,
        /// Where to write the JSON; standard output when absent.
        #[arg(short, long, value_name = "OUT.json")]
        output: Option<PathBuf>,
        /// The text's encoding.
        #[arg(long, default_value = "auto")]
        encoding: EncodingArg,
        /// The kind of document, when the text does not name it.
        #[arg(long)]
        kind: Option<String>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Write the input JSON attached to a PDF by `render --attach-source`.
    Extract {
        /// A PDF rendered with `--attach-source`; `-` reads standard input.
        pdf: PathBuf,
        /// Where to write the JSON; standard output when absent.
        #[arg(short, long, value_name = "OUT.json")]
        output: Option<PathBuf>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Check input documents without rendering them; lists every problem.
    /// Takes render's options, and refuses exactly what `render` with the
    /// same options would (it lays the document out to count its pages).
    Validate {
        /// Input JSON files; `-` reads standard input.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Sign a PDF (PAdES): as the signer in their field with the
    /// handwritten image, as the agency with the seal over it, or an
    /// attachment at the top right of page 1; in one step or in three.
    Sign(Box<sign::SignArgs>),
    /// Check the signatures of PDFs: each one's signer, time, digest and
    /// what came after it. Exit 0 when all are valid, 1 otherwise.
    Verify(sign::VerifyArgs),
    /// Draw one page of a document as a PNG (or SVG) picture, from
    /// vanban's own page model: what the PDF's page shows.
    Preview(preview::PreviewArgs),
    /// Serve rendering, validation, previews and import over HTTP, and
    /// the editor page at `/` (loopback by default).
    Serve(Box<serve::ServeArgs>),
    /// Print the JSON Schema (draft 2020-12) of the input documents.
    Schema,
    /// List the layouts and the kinds of document each one knows.
    Layouts {
        /// A folder of extra layouts, as for `render`.
        #[arg(long, value_name = "DIR")]
        layouts: Option<PathBuf>,
    },
}

/// What `render` and `batch` write, and with which fonts and layouts.
#[derive(Debug, clap::Args)]
struct OutputArgs {
    /// Output formats, comma-separated: `pdf`, `docx` or `pdf,docx`.
    #[arg(long, value_delimiter = ',', default_value = "pdf,docx")]
    format: Vec<Format>,
    /// The folder image paths (signature, seal) are looked up in, and must
    /// stay inside. Without it, they are relative to each input's folder
    /// and stay inside it (inside the input tree for `batch`).
    #[arg(long, value_name = "DIR")]
    assets: Option<PathBuf>,
    #[command(flatten)]
    pdf: PdfArgs,
    #[command(flatten)]
    engine: EngineArgs,
}

/// The fonts, layouts and limits an engine is made with: shared by every
/// command that renders (`render`, `batch`, `validate`, `preview`, `serve`).
#[derive(Debug, clap::Args)]
pub(crate) struct EngineArgs {
    /// A folder holding the four faces (regular, bold, italic, bold
    /// italic) of another font, e.g. Times New Roman.
    #[arg(long, value_name = "DIR")]
    fonts: Option<PathBuf>,
    /// A folder of extra layouts (`DIR/<name>/layout.json`), chosen by
    /// `"layout"` in the input; one may replace a built-in layout.
    #[arg(long, value_name = "DIR")]
    layouts: Option<PathBuf>,
    #[command(flatten)]
    limits: LimitArgs,
}

impl EngineArgs {
    /// The engine with these fonts, layouts and limits.
    pub(crate) fn engine(&self) -> anyhow::Result<vanban::Engine> {
        Ok(engine(self.fonts.as_deref(), self.layouts.as_deref())?
            .with_limits(self.limits.limits()?))
    }
}

/// Limits on what one input may ask for.
#[derive(Debug, clap::Args)]
struct LimitArgs {
    /// Raise or lower a limit, e.g. `max_pages=5000` or
    /// `max_input_bytes=64M` (repeatable). Limits: max_input_bytes (16M),
    /// max_string_bytes (1M), max_depth (32), max_elements (100000),
    /// max_table_rows (10000), max_table_columns (50), max_data_values
    /// (10000), max_image_bytes (20M), max_image_pixels (25000000),
    /// max_pages (2000), max_signers (8), max_source_bytes (256M),
    /// max_unpacked_bytes (512M), max_source_objects (5000000).
    #[arg(long = "limit", value_name = "NAME=VALUE", value_parser = parse_limit)]
    limits: Vec<(String, String)>,
}

impl LimitArgs {
    fn limits(&self) -> anyhow::Result<vanban::Limits> {
        let mut limits = vanban::Limits::default();
        for (name, value) in &self.limits {
            limits.set_msg(name, value).map_err(|e| {
                anyhow::anyhow!(
                    "--limit {}={}: {}",
                    vanban::error::escape(name),
                    vanban::error::escape(value),
                    t(e)
                )
            })?;
        }
        Ok(limits)
    }
}

fn parse_jobs(s: &str) -> Result<usize, String> {
    let max = vanban::batch::MAX_JOBS;
    match s.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(t(vanban::msg!("cli-jobs", value = s, max = max))),
    }
}

fn parse_shard(s: &str) -> Result<vanban::batch::Shard, String> {
    vanban::batch::Shard::parse(s).map_err(|_| t(vanban::msg!("cli-shard", value = s)))
}

fn parse_limit(s: &str) -> Result<(String, String), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| t(vanban::msg!("cli-limit-form", value = s)))?;
    // Checked here, so that a typo is a usage error before any work.
    vanban::Limits::default().set_msg(name, value).map_err(t)?;
    Ok((name.to_string(), value.to_string()))
}

impl OutputArgs {
    /// The engine with these fonts, layouts and limits, and the render options.
    fn setup(&self) -> anyhow::Result<(vanban::Engine, vanban::RenderOptions)> {
        let engine = self.engine.engine()?;
        let options = vanban::RenderOptions {
            formats: vanban::Formats {
                pdf: self.format.contains(&Format::Pdf),
                docx: self.format.contains(&Format::Docx),
            },
            pdf: self.pdf.options(),
            assets_dir: self.assets.clone(),
            images_root: None,
        };
        Ok((engine, options))
    }
}

/// The PDF's standard and extras.
#[derive(Debug, clap::Args)]
struct PdfArgs {
    /// The PDF standards, a comma list: `a-2a,ua-1` (default: tagged,
    /// archival and accessible), `a-3a,ua-1` (default with --attach-source),
    /// `a-2b`, `a-2u`, `a-3b`, `a-3u`, `ua-1`, or `none` (plain PDF). A
    /// document a standard cannot hold is an error, never a non-conforming
    /// file.
    #[arg(long, value_name = "STANDARDS", value_parser = vanban::PdfStandard::parse)]
    pdf_standard: Option<vanban::PdfStandard>,
    /// Attach the input JSON to the PDF (PDF/A-3, relationship `Source`),
    /// so `vanban extract` can recover it from the archived file.
    #[arg(long)]
    attach_source: bool,
    /// Leave out the empty digital-signature fields (one per signer).
    #[arg(long)]
    no_sign_field: bool,
}

impl PdfArgs {
    fn options(&self) -> vanban::PdfOptions {
        let standard = self
            .pdf_standard
            .unwrap_or_else(|| vanban::PdfStandard::default_for(self.attach_source));
        vanban::PdfOptions {
            standard,
            attach_source: self.attach_source,
            sign_fields: !self.no_sign_field,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EncodingArg {
    /// UTF-8.
    Utf8,
    /// TCVN3 (ABC, .VnTime).
    Tcvn3,
    /// VNI-Windows (VNI-Times).
    Vni,
    /// Detect.
    Auto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// PDF with embedded, subset fonts.
    Pdf,
    /// DOCX (Word) with styles, numbering and embedded fonts.
    Docx,
}

/// The language of the command line's messages: Vietnamese when the
/// locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) starts with `vi`, English
/// otherwise. Read once.
pub(crate) fn lang() -> vanban::Lang {
    static LANG: std::sync::OnceLock<vanban::Lang> = std::sync::OnceLock::new();
    *LANG.get_or_init(vanban::Lang::from_env)
}

/// A message in the command line's language.
pub(crate) fn t(m: vanban::Msg) -> String {
    m.text(lang())
}

/// Runs a parsed command line; the exit code is non-zero if anything failed.
pub fn run(cli: Cli) -> ExitCode {
    dispatch(cli).unwrap_or_else(|e| {
        eprintln!("{}: {}", t(vanban::msg!("label-error")), show(&e));
        ExitCode::FAILURE
    })
}

/// An error and its causes on one line, each cause once: a cause whose text
/// the message already holds (`path: Is a directory (os error 21)` over the
/// OS error itself) is not repeated. File names and quoted text in vanban's
/// errors are escaped where the error is displayed (`vanban::error::escape`);
/// the command line's own messages escape the names they quote with
/// [`shown`].
///
/// vanban's own errors are shown in the command line's language ([`lang`]).
fn show(e: &anyhow::Error) -> String {
    show_in(e, lang())
}

/// [`show`] in `lang` (English for JSON output).
pub(crate) fn show_in(e: &anyhow::Error, lang: vanban::Lang) -> String {
    let mut out = String::new();
    // The operating system's error under a vanban file error: its text is
    // English, and the file error says it already in another language.
    let mut after_io = false;
    for cause in e.chain() {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            let ours = io
                .get_ref()
                .is_some_and(|p| p.is::<vanban::error::MsgError>());
            if ours || (after_io && lang != vanban::Lang::En) {
                after_io = false;
                continue;
            }
        }
        after_io = matches!(
            cause.downcast_ref::<vanban::Error>(),
            Some(vanban::Error::Io { .. })
        );
        let text = match cause.downcast_ref::<vanban::Error>() {
            Some(e) => e.text(lang),
            None => cause.to_string(),
        };
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// A path as messages show it: controls, bidi characters and bytes that are
/// not UTF-8 escaped.
fn shown(path: &Path) -> String {
    vanban::error::escape_path(path)
}

fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    Ok(match cli.command {
        Command::Render {
            inputs,
            output,
            out,
        } => {
            let (engine, options) = out.setup()?;
            check_stems(&inputs)?;
            if output.is_dir() {
                // Those a killed render left (see vanban::output).
                vanban::output::remove_stale_temp_files(&output, false);
            }
            each(&inputs, Verb::Failed, |input| {
                render_one(&engine, input, &output, &options)
            })
        }
        Command::Batch {
            in_dir,
            output,
            out,
            jobs,
            report,
            changed_only,
            shard,
        } => {
            let (engine, render) = out.setup()?;
            let options = vanban::batch::BatchOptions {
                render,
                jobs,
                changed_only,
                shard,
            };
            crate::progress::batch(&engine, &in_dir, &output, &options, report.as_deref())?
        }
        Command::Import {
            file,
            output,
            encoding,
            kind,
            limits,
        } => {
            let limits = limits.limits()?;
            let bytes = read_source(&file, &limits)?;
            let options = vanban::import::ImportOptions {
                encoding: match encoding {
                    EncodingArg::Utf8 => vanban::import::Encoding::Utf8,
                    EncodingArg::Tcvn3 => vanban::import::Encoding::Tcvn3,
                    EncodingArg::Vni => vanban::import::Encoding::Vni,
                    EncodingArg::Auto => vanban::import::Encoding::Auto,
                },
                kind,
            };
            let name = shown(&file);
            let imported = vanban::import::import_bytes_with(&bytes, &options, &limits)
                .with_context(|| name.clone())?;
            let esc = vanban::error::escape;
            eprintln!(
                "{}",
                t(vanban::msg!(
                    "cli-import-read-as",
                    file = name.as_str(),
                    encoding = imported.encoding.to_string()
                ))
            );
            for r in &imported.repairs {
                eprintln!(
                    "{}",
                    t(vanban::msg!(
                        "cli-import-repaired",
                        file = name.as_str(),
                        line = r.line.to_string(),
                        what = esc(&r.what_in(lang())),
                        from = esc(&r.from),
                        to = esc(&r.to)
                    ))
                );
            }
            for w in &imported.warnings {
                eprintln!(
                    "{name}:{}: {}: {}",
                    w.line,
                    t(vanban::msg!("label-warning")),
                    esc(&w.message_in(lang()))
                );
            }
            let mut json = serde_json::to_vec_pretty(&imported.document)?;
            json.push(b'\n');
            write_out(output.as_deref(), &json)?;
            ExitCode::SUCCESS
        }
        Command::Extract {
            pdf,
            output,
            limits,
        } => {
            let limits = limits.limits()?;
            let bytes = read_source(&pdf, &limits)?;
            let json =
                vanban::pdf::extract_source_with(&bytes, &limits).with_context(|| shown(&pdf))?;
            write_out(output.as_deref(), &json)?;
            ExitCode::SUCCESS
        }
        Command::Validate { inputs, out } => {
            let (engine, options) = out.setup()?;
            each(&inputs, Verb::HaveProblems, |input| {
                let (name, _, json) = read_input(input, engine.limits())?;
                engine.validate_with(&json, &name, &options)?;
                let line = t(vanban::msg!(
                    "cli-validate-ok",
                    file = vanban::error::escape(&name)
                )) + "\n";
                write_out(None, line.as_bytes())
            })
        }
        Command::Sign(args) => sign::run_sign(&args)?,
        Command::Verify(args) => sign::run_verify(&args)?,
        Command::Preview(args) => preview::run(&args)?,
        Command::Serve(args) => serve::run(&args)?,
        Command::Schema => {
            let mut json = serde_json::to_vec_pretty(&vanban::input::input_schema())?;
            json.push(b'\n');
            write_out(None, &json)?;
            ExitCode::SUCCESS
        }
        Command::Layouts { layouts } => {
            let mut text = String::new();
            for layout in engine(None, layouts.as_deref())?.layouts() {
                text += &format!("{}\t{}\n", layout.name, layout.description);
                for (kind, k) in &layout.kinds {
                    let title = match k.title.as_deref() {
                        Some(title) => title.to_string(),
                        None => t(vanban::msg!("cli-no-title")),
                    };
                    text += &format!("  {kind}\t{title}\n");
                }
            }
            write_out(None, text.as_bytes())?;
            ExitCode::SUCCESS
        }
    })
}

/// Writes `bytes` to `path` atomically, or to standard output (in one
/// write: a closed pipe is an error naming standard output, never the panic
/// `println!` makes).
fn write_out(path: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match path {
        Some(p) => vanban::output::write_atomic(p, bytes)?,
        None => std::io::Write::write_all(&mut std::io::stdout().lock(), bytes)
            .context(t(vanban::msg!("cli-writing-stdout")))?,
    }
    Ok(())
}

/// What the summary of [`each`] says of the inputs that failed.
#[derive(Debug, Clone, Copy)]
enum Verb {
    /// `render`: "2 of 3 documents failed".
    Failed,
    /// `validate`: "2 of 3 documents have problems".
    HaveProblems,
}

/// Runs `f` on every input, reporting each failure and going on; the exit
/// code says whether any failed.
fn each(inputs: &[PathBuf], verb: Verb, f: impl Fn(&Path) -> anyhow::Result<()>) -> ExitCode {
    let failed = inputs
        .iter()
        .filter(|input| match f(input) {
            Ok(()) => false,
            Err(e) => {
                eprintln!("{}: {}", t(vanban::msg!("label-error")), show(&e));
                true
            }
        })
        .count();
    if failed > 0 {
        let m = match verb {
            Verb::Failed => vanban::msg!(
                "cli-documents-failed",
                failed = failed,
                total = inputs.len()
            ),
            Verb::HaveProblems => {
                vanban::msg!(
                    "cli-documents-have-problems",
                    failed = failed,
                    total = inputs.len()
                )
            }
        };
        eprintln!("{}", t(m));
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn engine(fonts: Option<&Path>, layouts: Option<&Path>) -> anyhow::Result<vanban::Engine> {
    let mut engine = vanban::Engine::new()?;
    if let Some(dir) = fonts {
        engine = engine.with_fonts_dir(dir)?;
    }
    if let Some(dir) = layouts {
        engine = engine.with_layouts_dir(dir)?;
    }
    Ok(engine)
}

/// An input's name (for errors), output stem and bytes; `-` is standard
/// input. Read by `vanban::fsread`: a regular file only (a FIFO or a device
/// is refused at once), no further than one byte over the input size limit,
/// so the engine refuses an input too large without it being all in memory.
fn read_input(input: &Path, limits: &vanban::Limits) -> anyhow::Result<(String, String, Vec<u8>)> {
    let most = limits.max_input_bytes as u64;
    let too_big = |size: u64, name: &str| match limits.check_input_size(size, name) {
        Err(e) => anyhow::Error::new(e),
        Ok(()) => anyhow::anyhow!(t(vanban::msg!("cli-input-grew", file = name))),
    };
    if input.as_os_str() == "-" {
        let json = match vanban::fsread::read_bounded(std::io::stdin().lock(), most) {
            Ok(json) => json,
            Err(ReadError::TooLarge { size, .. }) => return Err(too_big(size, "-")),
            Err(e) => {
                return Err(anyhow::anyhow!(
                    "{}: {}",
                    t(vanban::msg!("cli-reading-stdin")),
                    e.text(lang())
                ));
            }
        };
        return Ok(("-".to_string(), "stdin".to_string(), json));
    }
    let name = input.display().to_string();
    let json = match vanban::fsread::read_regular(input, most) {
        Ok(json) => json,
        Err(ReadError::TooLarge { size, .. }) => return Err(too_big(size, &name)),
        Err(e) => {
            return Err(anyhow::anyhow!(t(vanban::msg!(
                "cli-cannot-read",
                file = shown(input),
                reason = e.text(lang())
            ))));
        }
    };
    Ok((name, stem(input), json))
}

/// The output stem of an input: its file name without extension.
fn stem(input: &Path) -> String {
    if input.as_os_str() == "-" {
        return "stdin".into();
    }
    input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into())
}

/// Refuses two inputs of one `render` that would write the same outputs:
/// one stem, up to case (`a/x.json` and `b/X.json` would overwrite each
/// other, on a case-insensitive system too), named both.
fn check_stems(inputs: &[PathBuf]) -> anyhow::Result<()> {
    let mut seen: std::collections::HashMap<String, &Path> = std::collections::HashMap::new();
    for input in inputs {
        if let Some(first) = seen.insert(stem(input).to_lowercase(), input) {
            anyhow::bail!(t(vanban::msg!(
                "cli-same-stem",
                first = shown(first),
                second = shown(input)
            )));
        }
    }
    Ok(())
}

/// The file `import` or `extract` reads (`-`: standard input), within
/// `max_source_bytes`: a regular file only, refused before reading when its
/// size is over, and read no further than one byte past the limit.
fn read_source(path: &Path, limits: &vanban::Limits) -> anyhow::Result<Vec<u8>> {
    let limit = limits.max_source_bytes;
    let read = if path.as_os_str() == "-" {
        vanban::fsread::read_bounded(std::io::stdin().lock(), limit)
    } else {
        vanban::fsread::read_regular(path, limit)
    };
    let name = if path.as_os_str() == "-" {
        t(vanban::msg!("cli-stdin"))
    } else {
        shown(path)
    };
    read.map_err(|e| match e {
        ReadError::TooLarge { size, .. } => {
            let m = vanban::msg!(
                "cli-source-too-large",
                file = name,
                size = size_text(size),
                limit = size_text(limit)
            );
            anyhow::anyhow!(
                "{}\n  {}: {}",
                t(m.clone()),
                t(vanban::msg!("label-hint")),
                m.hint(lang()).unwrap_or_default()
            )
        }
        other => anyhow::anyhow!(t(vanban::msg!(
            "cli-cannot-read",
            file = name,
            reason = other.text(lang())
        ))),
    })
}

/// `1048577` → `1.0 MiB (1048577 bytes)`.
fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!(
            "{:.1} MiB ({bytes} bytes)",
            bytes as f64 / f64::from(1u32 << 20)
        )
    } else {
        format!("{bytes} bytes")
    }
}

fn render_one(
    engine: &vanban::Engine,
    input: &Path,
    out: &Path,
    options: &vanban::RenderOptions,
) -> anyhow::Result<()> {
    let (name, stem, json) = read_input(input, engine.limits())?;
    let rendered = engine
        .render_with(&json, &name, options)
        .map_err(|e| match e {
            // Input errors name the file already.
            vanban::Error::Input { .. } => anyhow::Error::new(e),
            other => anyhow::Error::new(other).context(shown(input)),
        })?;
    for note in &rendered.notes_in(lang()) {
        eprintln!(
            "{}: {}: {}",
            shown(input),
            t(vanban::msg!("label-note")),
            vanban::error::escape(note)
        );
    }
    std::fs::create_dir_all(out).with_context(|| {
        t(vanban::msg!(
            "cli-cannot-create-folder",
            folder = shown(out)
        ))
    })?;
    // Both written, then both renamed: never a new PDF beside an old DOCX
    // because the second write failed (see vanban::output::write_all_atomic).
    let files: Vec<(PathBuf, &[u8])> = [("pdf", &rendered.pdf), ("docx", &rendered.docx)]
        .into_iter()
        .filter_map(|(ext, bytes)| Some((out.join(format!("{stem}.{ext}")), bytes.as_deref()?)))
        .collect();
    vanban::output::write_all_atomic(&files)?;
    Ok(())
}
