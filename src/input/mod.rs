//! The input contract (`spec/input.md`): serde types, parsed with
//! `serde_path_to_error` so that every error names its JSON path, then checked
//! (dates, required parts, NFC, font coverage) by [`check`].
//!
//! # Unknown keys
//!
//! Every object of the contract is closed: a key it does not define is an
//! error naming the key, with the closest known key as a hint (`sigature` →
//! did you mean `signature`?). A typo must not silently drop a signer or the
//! recipients from an official document, and a document written for a later
//! version (with a key this one does not know) must not render without it.
//! The one open object is `data`: any keys, any values, for placeholders —
//! the place for an integrator's own fields. The same key twice in one
//! object is an error everywhere, `data` included (JSON parsers disagree on
//! which one wins).
//!
//! # Limits
//!
//! [`parse_with`] and [`check_with`] enforce [`Limits`]: the input's size
//! before parsing, the nesting depth and the number of elements while
//! parsing, string lengths, table sizes and `data` after.

pub(crate) mod check;
mod date;
mod de;
mod keys;
mod lang;
mod limits;
mod schema;
mod ser;
mod serde_msg;
pub(crate) mod template;

pub use check::{check, check_with};
pub use date::Timestamp;
pub(crate) use date::{parse_iso_date, parse_timestamp};
pub(crate) use keys::{BlockKey, ItemKey};
pub use limits::{LIMIT_NAMES, Limits};
pub(crate) use limits::{over_limit, size};
pub use schema::input_schema;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Result};

/// One input document, as the user wrote it (before the layout is applied).
///
/// Unknown keys are errors, here and in every object below it, except in
/// `data` (see the [module documentation](self#unknown-keys)).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The kind of document: `bao-cao`, `cong-van`, … or any kind a layout defines.
    pub kind: String,
    /// The layout's name; `nd30` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
    /// The issuing agency and its parent.
    pub issuer: Issuer,
    /// The registry number; absent or null leaves it blank for the clerk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The symbol (ký hiệu), e.g. `BC-UBND`.
    pub symbol: String,
    /// The place name of the date line.
    pub place: String,
    /// The date of the date line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateSpec>,
    /// Overrides the type name printed as the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The subject (trích yếu).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The Kính gửi lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<Inline>,
    /// The deciding authority line of a quyết định.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// Căn cứ lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preamble: Vec<Inline>,
    /// The content.
    pub body: Vec<Block>,
    /// One signer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// Several signers side by side.
    #[serde(
        default,
        deserialize_with = "de::signatures",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub signatures: Vec<Signature>,
    /// Nơi nhận items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distribution: Vec<Inline>,
    /// Values for `{{placeholders}}`: any keys (the one open object of the
    /// input), each at most once.
    #[serde(
        default,
        deserialize_with = "de::data",
        skip_serializing_if = "Option::is_none"
    )]
    pub data: Option<serde_json::Map<String, serde_json::Value>>,
    /// Document properties.
    #[serde(default, skip_serializing_if = "ser::is_default")]
    pub metadata: Metadata,
    /// The seal image of the electronic copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
    /// Phụ lục printed after the signature block and Nơi nhận, each from a
    /// new page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub appendices: Vec<Appendix>,
}

/// One appendix (phụ lục), or a text issued with the document (văn bản
/// ban hành kèm theo: a quy chế, quy định or điều lệ).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "An appendix (phụ lục), or a text issued with the document (văn bản ban \
        hành kèm theo: a quy chế, quy định or điều lệ).",
    // `type_name` with `form: attached`: the form is absent or `appendix`,
    // or the type name is given.
    extend("anyOf" = [
        { "properties": { "form": { "const": "appendix" } } },
        {
            "required": ["type_name"],
            "properties": { "type_name": { "type": "string" } }
        }
    ])
)]
pub struct Appendix {
    /// Its name (tên phụ lục), printed in UPPER case; for `form: attached`
    /// the subject line under the type name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        description = "Its name (tên phụ lục), printed in UPPER case; for an attached text, \
            its subject line.",
        pattern(schema::NOT_BLANK)
    )]
    pub title: Option<String>,
    /// Overrides the `Phụ lục` / `Phụ lục I` line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(schema::NOT_BLANK))]
    pub label: Option<String>,
    /// Overrides the `(Kèm theo …)` / `(Ban hành kèm theo …)` line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        description = "Overrides the `(Kèm theo …)` line, which the layout composes from the \
            document's type name, number and symbol, date and issuer.",
        pattern(schema::NOT_BLANK)
    )]
    pub attached_to: Option<String>,
    /// The page orientation; portrait when absent.
    #[serde(default, skip_serializing_if = "ser::is_default")]
    #[schemars(description = "`landscape` sets the appendix on A4 landscape pages.")]
    pub orientation: Orientation,
    /// An appendix, or a text issued with the document.
    #[serde(default, skip_serializing_if = "ser::is_default")]
    #[schemars(
        description = "`attached`: a text issued with the document, with the header block and \
            `type_name` as its title."
    )]
    pub form: AppendixForm,
    /// The type name of an attached text (`QUY CHẾ`, `ĐIỀU LỆ`, …);
    /// required with `form: attached`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        description = "The type name of an attached text: `QUY CHẾ`, `QUY ĐỊNH`, `ĐIỀU LỆ`, …; \
            required with `form: attached`.",
        pattern(schema::NOT_BLANK)
    )]
    pub type_name: Option<String>,
    /// The content, numbered afresh.
    #[schemars(
        description = "The appendix's content (at least one block): the same blocks as the \
            body, numbered afresh.",
        length(min = 1)
    )]
    pub body: Vec<Block>,
}

/// Page orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// A4 portrait.
    #[default]
    Portrait,
    /// A4 landscape.
    Landscape,
}

/// What an [`Appendix`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AppendixForm {
    /// A phụ lục: `Phụ lục I`, its name, `(Kèm theo …)`.
    #[default]
    Appendix,
    /// A text issued with the document: the header block, the type name,
    /// the title, `(Ban hành kèm theo …)`.
    Attached,
}

/// The issuing agency (cơ quan ban hành) and its parent (cơ quan chủ quản).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// The parent agency; may hold `\n`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        description = "The parent agency (cơ quan chủ quản); may hold `\\n` for a forced line \
            break."
    )]
    pub parent: Option<String>,
    /// The issuing agency; may hold `\n`.
    #[schemars(
        description = "The issuing agency (cơ quan ban hành); may hold `\\n` for a forced \
            line break.",
        pattern(schema::NOT_BLANK)
    )]
    pub name: String,
}

/// One signer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// `KT. CHỦ TỊCH`, `TM. ỦY BAN NHÂN DÂN`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        description = "The signing authority: `KT. CHỦ TỊCH`, `TM. ỦY BAN NHÂN DÂN`, …",
        pattern(schema::NOT_BLANK)
    )]
    pub authority: Option<String>,
    /// `PHÓ CHỦ TỊCH`, …
    #[schemars(
        description = "The signer's position: `PHÓ CHỦ TỊCH`, …",
        pattern(schema::NOT_BLANK)
    )]
    pub position: String,
    /// The signer's name.
    #[schemars(pattern(schema::NOT_BLANK))]
    pub name: String,
    /// A PNG of the handwritten signature for the electronic copy, relative
    /// to the input file; centred in the signature space.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        description = "A PNG of the handwritten signature for the electronic copy, relative \
            to the input file; centred in the signature space.",
        pattern(schema::NOT_BLANK)
    )]
    pub image: Option<String>,
}

/// The agency's seal for the electronic copy.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    /// A PNG of the seal (red, transparent background), relative to the
    /// input file.
    #[schemars(
        description = "A PNG of the seal (red, transparent background), relative to the \
            input file.",
        pattern(schema::NOT_BLANK)
    )]
    pub image: String,
    /// Its printed width in millimetres; from the PNG's pixel density when
    /// absent, else 36 mm (a common round seal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        description = "Its printed width in millimetres; from the PNG's pixel density when \
            absent, else 36.",
        range(min = 10, max = 80),
        transform = schema::no_format
    )]
    pub width_mm: Option<f32>,
    /// The signer (index in `signatures`) whose signature it overlaps; the
    /// last (rightmost) signer when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        description = "The signer (index in `signatures`, from 0) whose signature it \
            overlaps; the last, rightmost, when absent.",
        transform = schema::no_format
    )]
    pub signer: Option<usize>,
}

/// Document properties for the PDF and DOCX.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// The author; the issuer when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(description = "The author; the issuer when absent or null.")]
    pub author: Option<String>,
    /// Keywords.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keywords: Option<String>,
    /// BCP 47 language tag; `vi-VN` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        description = "BCP 47 language tag (`vi`, `vi-VN`, `en-US`); `vi-VN` when absent or \
            null.",
        length(max = 64),
        pattern("^[A-Za-z0-9]{1,8}(-[A-Za-z0-9]{1,8})*$"),
        extend("default" = "vi-VN")
    )]
    pub language: Option<String>,
    /// When the file was made (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS±HH:MM`),
    /// for the PDF's creation date; the document's date when absent; with a
    /// blank date, `SOURCE_DATE_EPOCH` when set, else the current time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        description = "When the file was made, for the PDF's creation date (PDF/A needs one): \
            `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS+07:00`. The document's date when absent; with \
            a blank date, SOURCE_DATE_EPOCH when set, else the current time.",
        pattern(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?$")
    )]
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
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
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
    /// A chapter (`Chương I`) of a quy chế, quy định or điều lệ.
    Chapter {
        /// The chapter's title, printed in UPPER case under `Chương I`.
        chapter: Inline,
        /// The chapter's content; articles in it count on across chapters.
        content: Vec<Block>,
    },
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
    /// Every marker, in the order the contract lists them.
    pub const ALL: [Marker; 4] = [Self::Dash, Self::Plus, Self::Letter, Self::Number];

    /// The marker as written in the input.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Dash => "-",
            Self::Plus => "+",
            Self::Letter => "a)",
            Self::Number => "1.",
        }
    }

    /// The marker written as `s` in the input.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// A table.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "A table: its columns, with the header row's titles, and its rows of cells."
)]
pub struct Table {
    /// The columns, with the header row's titles.
    #[schemars(
        description = "The columns (at least one), with the header row's titles.",
        length(min = 1)
    )]
    pub columns: Vec<Column>,
    /// The rows of cells.
    #[schemars(
        description = "The rows, each an array of one cell per column (`\"\"` for an empty \
            cell)."
    )]
    pub rows: Vec<Vec<Inline>>,
}

/// A table column.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// The header cell.
    #[schemars(description = "The column's header cell.")]
    pub title: Inline,
    /// The relative width.
    #[serde(default = "one", skip_serializing_if = "ser::is_one")]
    #[schemars(
        description = "The column's relative width: 1, 2, 0.5 …",
        transform = schema::no_format,
        extend("exclusiveMinimum" = 0, "default" = 1)
    )]
    pub width: f64,
    /// The alignment of the column's body cells.
    #[serde(default, skip_serializing_if = "ser::is_default")]
    pub align: Align,
}

fn one() -> f64 {
    1.0
}

/// Horizontal alignment of table cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
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

/// Parses one input document from JSON bytes with the default [`Limits`].
/// `file` names the input in errors.
///
/// Only the structure is checked here; [`check`] checks the content.
pub fn parse(bytes: &[u8], file: &str) -> Result<Document> {
    parse_with(bytes, file, &Limits::default())
}

/// Parses one input document from JSON bytes within `limits`: the size
/// first, then the nesting depth and number of elements as it goes. A UTF-8
/// byte-order mark at the start is skipped (Windows editors write one); a
/// UTF-16 or UTF-32 one is an error that says to save the file as UTF-8.
pub fn parse_with(bytes: &[u8], file: &str, limits: &Limits) -> Result<Document> {
    limits.check_input_size(bytes.len() as u64, file)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(encoding) = utf16_or_32(bytes) {
        return Err(Error::input(
            file,
            Diagnostic::new("", crate::msg!("input-not-utf8", encoding = encoding)),
        ));
    }
    let budget = de::BudgetScope::start(limits);
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let doc: Document = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let d = match budget.exceeded() {
            Some(mut over) => {
                over.position = position(&inner);
                over.at(json_path(path))
            }
            None => diagnose_json(path, &inner, limits),
        };
        Error::input(file, d)
    })?;
    drop(budget);
    de.end()
        .map_err(|e| Error::input(file, diagnose_json(String::new(), &e, limits)))?;
    Ok(doc)
}

/// The encoding a byte-order mark (or the zero bytes of ASCII `{`) gives
/// away, when it is not UTF-8.
fn utf16_or_32(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32"),
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => Some("UTF-16"),
        [0, 0, 0, b, ..] | [b, 0, 0, 0, ..] if b.is_ascii() && *b != 0 => Some("UTF-32"),
        [0, b, ..] | [b, 0, ..] if b.is_ascii_punctuation() || b.is_ascii_whitespace() => {
            Some("UTF-16")
        }
        _ => None,
    }
}

/// The path of the key a message names, when the error is about a key of
/// the object at `path` (a duplicate or unknown key, which serde reports at
/// the object): `body[1]` and "unknown block key `contnet`" → `body[1].contnet`.
fn with_named_key(path: String, message: &str) -> String {
    let key = [
        "duplicate field `",
        "unknown block key `",
        "unknown list item key `",
        "the key `",
    ]
    .iter()
    .find_map(|p| message.strip_prefix(p))
    .and_then(|rest| rest.split_once('`'))
    .map(|(key, _)| key);
    match key {
        Some(key) if !path.ends_with(&format!(".{key}")) && path != key => {
            if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            }
        }
        _ => path,
    }
}

/// `serde_path_to_error` writes the root as `.`; a diagnostic as ``.
fn json_path(path: String) -> String {
    if path == "." { String::new() } else { path }
}

fn position(e: &serde_json::Error) -> Option<(usize, usize)> {
    (e.line() > 0).then(|| (e.line(), e.column()))
}

fn diagnose_json(path: String, e: &serde_json::Error, limits: &Limits) -> Diagnostic {
    use serde_json::error::Category;
    // serde_json appends " at line L column C" to its messages; we report the
    // position on its own.
    let full = e.to_string();
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m)
        .to_string();
    let path = with_named_key(json_path(path), &message);
    let (message, hint) = match e.classify() {
        Category::Eof => (
            serde_msg::syntax_message(&message, true),
            crate::msg!("input-hint-eof"),
        ),
        Category::Syntax if message.contains("recursion limit") => (
            crate::msg!("input-json-too-deep"),
            crate::msg!("input-hint-too-deep", max_depth = limits.max_depth),
        ),
        Category::Syntax => (
            serde_msg::syntax_message(&message, false),
            serde_msg::syntax_hint(&message),
        ),
        Category::Data => (
            serde_msg::data_message(&message),
            serde_msg::data_hint(&message),
        ),
        Category::Io => (
            crate::msg!("input-json-other", text = message),
            crate::msg!("input-hint-read"),
        ),
    };
    let mut d = Diagnostic::new(path, message).with_hint(hint);
    d.position = position(e);
    d
}
