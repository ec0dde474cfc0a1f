//! The input contract (`spec/input.md`): serde types, parsed with
//! `serde_path_to_error` so that every error names its JSON path, then checked
//! (dates, required parts, NFC, font coverage) by [`check`].

mod check;
mod de;
mod schema;

pub use check::check;
pub use de::Timestamp;
pub(crate) use de::parse_timestamp;
pub use schema::input_schema;

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Result};

/// One input document, as the user wrote it (before the layout is applied).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The kind of document: `bao-cao`, `cong-van`, … or any kind a layout defines.
    pub kind: String,
    /// The layout's name; `nd30` when absent.
    #[serde(default)]
    pub layout: Option<String>,
    /// The issuing agency and its parent.
    pub issuer: Issuer,
    /// The registry number; absent or null leaves it blank for the clerk.
    #[serde(default)]
    pub number: Option<String>,
    /// The symbol (ký hiệu), e.g. `BC-UBND`.
    pub symbol: String,
    /// The place name of the date line.
    pub place: String,
    /// The date of the date line.
    #[serde(default)]
    pub date: Option<DateSpec>,
    /// Overrides the type name printed as the title.
    #[serde(default)]
    pub title: Option<String>,
    /// The subject (trích yếu).
    #[serde(default)]
    pub subject: Option<String>,
    /// The Kính gửi lines.
    #[serde(default)]
    pub recipients: Vec<Inline>,
    /// The deciding authority line of a quyết định.
    #[serde(default)]
    pub authority: Option<String>,
    /// Căn cứ lines.
    #[serde(default)]
    pub preamble: Vec<Inline>,
    /// The content.
    pub body: Vec<Block>,
    /// One signer.
    #[serde(default)]
    pub signature: Option<Signature>,
    /// Several signers side by side.
    #[serde(default)]
    pub signatures: Vec<Signature>,
    /// Nơi nhận items.
    #[serde(default)]
    pub distribution: Vec<Inline>,
    /// Values for `{{placeholders}}`.
    #[serde(default)]
    pub data: Option<serde_json::Map<String, serde_json::Value>>,
    /// Document properties.
    #[serde(default)]
    pub metadata: Metadata,
    /// The seal image of the electronic copy.
    #[serde(default)]
    pub seal: Option<Seal>,
}

/// The issuing agency (cơ quan ban hành) and its parent (cơ quan chủ quản).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// The parent agency; may hold `\n`.
    #[serde(default)]
    pub parent: Option<String>,
    /// The issuing agency; may hold `\n`.
    pub name: String,
}

/// One signer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// `KT. CHỦ TỊCH`, `TM. ỦY BAN NHÂN DÂN`, …
    #[serde(default)]
    pub authority: Option<String>,
    /// `PHÓ CHỦ TỊCH`, …
    pub position: String,
    /// The signer's name.
    pub name: String,
    /// A PNG of the handwritten signature for the electronic copy, relative
    /// to the input file; centred in the signature space.
    #[serde(default)]
    pub image: Option<String>,
}

/// The agency's seal for the electronic copy.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    /// A PNG of the seal (red, transparent background), relative to the
    /// input file.
    pub image: String,
    /// Its printed width in millimetres; from the PNG's pixel density when
    /// absent, else 36 mm (a common round seal).
    #[serde(default)]
    pub width_mm: Option<f32>,
    /// The signer (index in `signatures`) whose signature it overlaps; the
    /// last (rightmost) signer when absent.
    #[serde(default)]
    pub signer: Option<usize>,
}

/// Document properties for the PDF and DOCX.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// The author; the issuer when absent.
    #[serde(default)]
    pub author: Option<String>,
    /// Keywords.
    #[serde(default)]
    pub keywords: Option<String>,
    /// BCP 47 language tag; `vi-VN` when absent.
    #[serde(default)]
    pub language: Option<String>,
    /// When the file was made (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS±HH:MM`),
    /// for the PDF's creation date; the document's date when absent.
    #[serde(default)]
    pub created: Option<String>,
}

/// The date line's date: a full date, a year alone, or (as `None`) nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSpec {
    /// A full, valid calendar date.
    Full {
        /// Year.
        year: i32,
        /// Month, 1–12.
        month: u32,
        /// Day, 1–31.
        day: u32,
    },
    /// A year alone; day and month are left blank.
    Year(i32),
}

/// Inline text: runs of text with their emphasis. A plain string is one run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inline(pub Vec<Run>);

impl Inline {
    /// The plain text of all runs.
    pub fn text(&self) -> String {
        self.0.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A run of text with uniform emphasis.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Bold.
    #[serde(default)]
    pub bold: bool,
    /// Italic.
    #[serde(default)]
    pub italic: bool,
    /// Underlined.
    #[serde(default)]
    pub underline: bool,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A body paragraph.
    Paragraph(Inline),
    /// A numbered (or unnumbered) section.
    Heading {
        /// The heading's text, without its number.
        heading: Inline,
        /// The section's content.
        content: Vec<Block>,
        /// Whether the heading gets a number.
        numbered: bool,
    },
    /// An article (`Điều N.`).
    Article {
        /// The article's text after its number.
        article: Inline,
        /// The article's clauses.
        content: Vec<Block>,
    },
    /// A list.
    List(List),
    /// A table.
    Table(Table),
    /// A centred bold line.
    Center(Inline),
    /// A forced page break.
    PageBreak,
}

/// A list of items with one marker.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// The items.
    pub items: Vec<Item>,
    /// The marker; `-` at the top, `+` when nested, when absent.
    pub marker: Option<Marker>,
}

/// One list item, with an optional nested list.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The item's text.
    pub text: Inline,
    /// Its sub-list.
    pub list: Option<List>,
}

/// List markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// `-`
    Dash,
    /// `+`
    Plus,
    /// `a)`, `b)`, …
    Letter,
    /// `1.`, `2.`, …
    Number,
}

impl Marker {
    /// The marker as written in the input.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "-" => Some(Self::Dash),
            "+" => Some(Self::Plus),
            "a)" => Some(Self::Letter),
            "1." => Some(Self::Number),
            _ => None,
        }
    }
}

/// A table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// The columns, with the header row's titles.
    pub columns: Vec<Column>,
    /// The rows of cells.
    pub rows: Vec<Vec<Inline>>,
}

/// A table column.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// The header cell.
    pub title: Inline,
    /// The relative width.
    #[serde(default = "one")]
    pub width: f64,
    /// The alignment of the column's body cells.
    #[serde(default)]
    pub align: Align,
}

fn one() -> f64 {
    1.0
}

/// Horizontal alignment of table cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Left.
    #[default]
    Left,
    /// Centre.
    Center,
    /// Right.
    Right,
}

/// Parses one input document from JSON bytes. `file` names the input in errors.
///
/// Only the structure is checked here; [`check`] checks the content.
pub fn parse(bytes: &[u8], file: &str) -> Result<Document> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let doc: Document = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        Error::input(file, diagnose_json(path, &inner))
    })?;
    de.end()
        .map_err(|e| Error::input(file, diagnose_json(String::new(), &e)))?;
    Ok(doc)
}

fn diagnose_json(path: String, e: &serde_json::Error) -> Diagnostic {
    use serde_json::error::Category;
    // serde_json appends " at line L column C" to its messages; we report the
    // position on its own.
    let full = e.to_string();
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m)
        .to_string();
    let path = if path == "." { String::new() } else { path };
    let (message, hint) = match e.classify() {
        Category::Eof => (
            format!("the JSON ends too early ({message})"),
            "the file is truncated: check that every { [ and \" is closed",
        ),
        Category::Syntax => (
            format!("not valid JSON ({message})"),
            "fix the JSON syntax at this line and column",
        ),
        Category::Data => (message, data_hint(&full)),
        Category::Io => (message, "check that the file can be read"),
    };
    let mut d = Diagnostic::new(path, message).with_hint(hint);
    if e.line() > 0 {
        d.position = Some((e.line(), e.column()));
    }
    d
}

fn data_hint(message: &str) -> &'static str {
    if message.starts_with("missing field") {
        "add the missing key; spec/input.md lists the required keys"
    } else if message.starts_with("unknown field") {
        "remove or rename the key: it is not part of the input contract (a typo?)"
    } else {
        "see spec/input.md (or `vanban schema`) for the expected form"
    }
}
