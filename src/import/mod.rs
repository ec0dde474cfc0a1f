//! `vanban import`: turns the text of an old document (extracted from a
//! PDF, legacy-encoded in TCVN3 or VNI, or a Word file) back into input JSON
//! that validates, so that a formatted copy can be regenerated.
//!
//! decode ([`legacy`]) → repair ([`repair`]: `ƣ`→`ư`, split syllables, …)
//! → lines → recognise ([`structure`]: header, title, sections, lists,
//! closing). Every repair and every guess is reported; text the importer
//! cannot place goes into the body, never away.

pub mod doc;
pub mod docx;
pub mod legacy;
mod lines;
pub(crate) mod numbering;
pub mod pdf;
pub mod repair;
mod settle;
pub mod source;
pub mod structure;
mod table;

use serde::Serialize;

pub use legacy::Legacy;
pub use repair::Repair;
pub use source::{Source, SourceBlock};
pub use structure::Warning;

use crate::error::{Error, Result};
use crate::input::{Limits, size};

/// How the input's bytes are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8.
    Utf8,
    /// TCVN3 (ABC).
    Tcvn3,
    /// VNI-Windows.
    Vni,
    /// Detected from the bytes.
    #[default]
    Auto,
}

/// What the importer may be told.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The input's encoding (plain text only).
    pub encoding: Encoding,
    /// The kind of document, when the text does not say.
    pub kind: Option<String>,
}

/// An imported document.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    /// The document (the contract of `spec/input.md`; it serialises to the
    /// input JSON), validated.
    pub document: crate::input::Document,
    /// The encoding the text was read in.
    pub encoding: &'static str,
    /// Every repair made to the text.
    pub repairs: Vec<Repair>,
    /// Every guess and every line placed as a plain paragraph.
    pub warnings: Vec<Warning>,
}

impl Imported {
    /// The document as input JSON.
    pub fn json(&self) -> serde_json::Value {
        // (A document of the contract's types always serialises.)
        serde_json::to_value(&self.document).unwrap_or_default()
    }
}

/// The file formats `import` reads, told apart by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A PDF (`%PDF-`).
    Pdf,
    /// A Word 2007+ file (a zip).
    Docx,
    /// A Word 97–2003 file (an OLE2 compound file).
    Doc,
    /// Plain text, in the encoding of [`ImportOptions::encoding`].
    Text,
}

impl Format {
    /// The format of a file from its first bytes.
    pub fn sniff(bytes: &[u8]) -> Self {
        if bytes
            .get(..1024)
            .unwrap_or(bytes)
            .windows(5)
            .any(|w| w == b"%PDF-")
        {
            Self::Pdf
        } else if bytes.starts_with(b"PK\x03\x04") {
            Self::Docx
        } else if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
            Self::Doc
        } else {
            Self::Text
        }
    }
}

/// Imports a file of any format [`Format::sniff`] tells, with the default
/// [`Limits`].
pub fn import_bytes(bytes: &[u8], options: &ImportOptions) -> Result<Imported> {
    import_bytes_with(bytes, options, &Limits::default())
}

/// [`import_bytes`] within `limits`: what the readers unpack and parse is
/// bounded by `max_unpacked_bytes` and `max_source_objects`, and what they
/// give must be an input `render` accepts with the same limits (checked
/// early where it can be: a text over `max_input_bytes`, a line over
/// `max_string_bytes`, more paragraphs than `max_elements`), or the import
/// is refused with the limit named.
pub fn import_bytes_with(
    bytes: &[u8],
    options: &ImportOptions,
    limits: &Limits,
) -> Result<Imported> {
    match Format::sniff(bytes) {
        Format::Docx => import_docx_with(bytes, options, limits),
        Format::Pdf => import_pdf_with(bytes, options, limits),
        Format::Doc => import_doc_with(bytes, options, limits),
        Format::Text => import_text_with(bytes, options, limits),
    }
}

/// Imports a plain-text document.
pub fn import_text(bytes: &[u8], options: &ImportOptions) -> Result<Imported> {
    import_text_with(bytes, options, &Limits::default())
}

/// [`import_text`] within `limits`. The JSON holds every character of the
/// text, so a text over `max_input_bytes` could never render: it is refused
/// before it is decoded; so is a line over `max_string_bytes` (one line is
/// at least one string of the JSON).
pub fn import_text_with(
    bytes: &[u8],
    options: &ImportOptions,
    limits: &Limits,
) -> Result<Imported> {
    if bytes.len() > limits.max_input_bytes {
        return Err(Error::Import(crate::msg!(
            "import-text-too-large",
            size = size(bytes.len() as u64),
            limit = size(limits.max_input_bytes as u64)
        )));
    }
    let (text, encoding) = decode(bytes, options.encoding)?;
    if let Some((n, line)) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.len() > limits.max_string_bytes)
    {
        return Err(Error::Import(crate::msg!(
            "import-line-too-long",
            line = n + 1,
            size = size(line.len() as u64),
            limit = size(limits.max_string_bytes as u64)
        )));
    }
    let source = Source {
        blocks: text
            .lines()
            .enumerate()
            .map(|(i, l)| SourceBlock::Para(source::SourcePara::plain(l, i + 1)))
            .collect(),
        wrapped: true,
        ..Source::default()
    };
    import_source_with(source, encoding, options, limits)
}

/// Imports a Word document (`.docx`).
pub fn import_docx(bytes: &[u8], options: &ImportOptions) -> Result<Imported> {
    import_docx_with(bytes, options, &Limits::default())
}

/// [`import_docx`] within `limits`.
pub fn import_docx_with(
    bytes: &[u8],
    options: &ImportOptions,
    limits: &Limits,
) -> Result<Imported> {
    import_source_with(docx::read_with(bytes, limits)?, "DOCX", options, limits)
}

/// Imports a Word 97–2003 document (`.doc`), converted by LibreOffice.
pub fn import_doc(bytes: &[u8], options: &ImportOptions) -> Result<Imported> {
    import_doc_with(bytes, options, &Limits::default())
}

/// [`import_doc`] within `limits` (those of the DOCX LibreOffice makes).
pub fn import_doc_with(bytes: &[u8], options: &ImportOptions, limits: &Limits) -> Result<Imported> {
    import_source_with(doc::read_with(bytes, limits)?, "DOC", options, limits)
}

/// Imports a PDF's text layer (a scan without one is refused: see
/// [`pdf::read`]).
pub fn import_pdf(bytes: &[u8], options: &ImportOptions) -> Result<Imported> {
    import_pdf_with(bytes, options, &Limits::default())
}

/// [`import_pdf`] within `limits`.
pub fn import_pdf_with(bytes: &[u8], options: &ImportOptions, limits: &Limits) -> Result<Imported> {
    import_source_with(pdf::read_with(bytes, limits)?, "PDF", options, limits)
}

/// Recognises the document in what a reader found. `encoding` names what
/// the text was read as, for the report.
pub fn import_source(
    source: Source,
    encoding: &'static str,
    options: &ImportOptions,
) -> Result<Imported> {
    import_source_with(source, encoding, options, &Limits::default())
}

/// [`import_source`], the result validated with `limits` (those `render`
/// will be given).
pub fn import_source_with(
    source: Source,
    encoding: &'static str,
    options: &ImportOptions,
    limits: &Limits,
) -> Result<Imported> {
    let mut repairs = source.left_out;
    let mut warnings = source.warnings;
    let lines = lines::lines(&source.blocks, source.wrapped, &mut repairs);
    // Kinds, type names and deciding lines come from the layout; the same
    // engine validates the result.
    let engine = crate::engine::Engine::new()?.with_limits(*limits);
    let layout = engine
        .layouts()
        .find(|l| l.name == "nd30")
        .ok_or_else(|| Error::Import(crate::msg!("import-no-layout")))?;
    let kinds = structure::Kinds::of(layout);
    let mut document = structure::recognise(&lines, options.kind.as_deref(), &kinds, &mut warnings);
    settle::settle(&mut document, &engine, &mut warnings)?;
    Ok(Imported {
        document,
        encoding,
        repairs,
        warnings,
    })
}

/// Decodes the bytes: UTF-8 (a byte order mark is dropped), or a legacy
/// encoding, given or detected.
fn decode(bytes: &[u8], encoding: Encoding) -> Result<(String, &'static str)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf8 = || {
        String::from_utf8(bytes.to_vec()).map_err(|e| {
            Error::Import(crate::msg!(
                "import-not-utf8",
                byte = e.utf8_error().valid_up_to()
            ))
        })
    };
    Ok(match encoding {
        Encoding::Utf8 => (utf8()?, "UTF-8"),
        Encoding::Tcvn3 => (legacy::decode_tcvn3(bytes), "TCVN3"),
        Encoding::Vni => (legacy::decode_vni(bytes), "VNI-Windows"),
        Encoding::Auto => match legacy::detect(bytes) {
            None => (utf8()?, "UTF-8"),
            Some(Legacy::Tcvn3) => (legacy::decode_tcvn3(bytes), "TCVN3"),
            Some(Legacy::Vni) => (legacy::decode_vni(bytes), "VNI-Windows"),
        },
    })
}
