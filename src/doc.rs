//! The document model: a format-neutral tree of styled blocks that both
//! writers read. Produced by [`crate::compose`]; all text is final here
//! (numbers, punctuation and case applied), and all sizes are in points.

pub use crate::input::Timestamp;
pub use crate::layout::{RuleOf, RuleSpec, TextAlign};
pub use crate::picture::Picture;

/// A composed document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Properties for the file's metadata.
    pub meta: Meta,
    /// Paper, margins and page numbers.
    pub page: Page,
    /// The content, in reading order, header and closing included.
    pub blocks: Vec<Block>,
    /// The appendices (and texts issued with the document), after the
    /// closing: each from a new page, with its own paper and page numbers.
    pub appendices: Vec<Section>,
}

impl Document {
    /// Every part of the document in order: the main text, then each
    /// appendix, as (page settings, blocks).
    pub fn parts(&self) -> impl Iterator<Item = (&Page, &[Block])> {
        std::iter::once((&self.page, self.blocks.as_slice())).chain(
            self.appendices
                .iter()
                .map(|s| (&s.page, s.blocks.as_slice())),
        )
    }
}

/// A part of the document on pages of its own (an appendix): it starts on
/// a new page, and its pages are numbered from 1, the first showing no
/// number, like the document's own.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Paper (portrait or landscape), margins and page numbers.
    pub page: Page,
    /// The content, in reading order.
    pub blocks: Vec<Block>,
}

/// Document properties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    /// The title (type name, number and subject).
    pub title: String,
    /// The author (the issuer unless the input names one).
    pub author: String,
    /// The subject line.
    pub subject: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// BCP 47 language tag.
    pub language: String,
    /// The number and symbol as printed after `Số:` (`125/BC-UBND`).
    pub reference: String,
    /// The file's creation date: `metadata.created`, else the document's
    /// date, else `SOURCE_DATE_EPOCH`, else the clock (see
    /// [`crate::compose`]'s date policy).
    pub created: Option<Timestamp>,
    /// Set when the creation date came from neither the input's
    /// `metadata.created` nor its date: one line saying where from, for the
    /// caller to show (the library prints nothing).
    pub created_note: Option<String>,
    /// The render's stamps (see [`crate::batch::stamp`]), written into the
    /// PDF (a keyword) and the DOCX (a custom property) so that `batch
    /// --changed-only` reads them back from the outputs themselves. `None`
    /// writes none (the engine always sets them).
    pub stamp: Option<Stamps>,
}

/// The stamp of each output: the SHA-256, in hex, of everything that
/// decides it (the input's bytes, its images, the layouts, the fonts,
/// vanban's version; the PDF's also the PDF options). Not the formats asked
/// for: a PDF is the same file whether a DOCX is made beside it or not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stamps {
    /// The PDF's.
    pub pdf: String,
    /// The DOCX's.
    pub docx: String,
}

/// Paper and margins, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
    /// Top margin.
    pub top: f32,
    /// Bottom margin.
    pub bottom: f32,
    /// Left margin.
    pub left: f32,
    /// Right margin.
    pub right: f32,
    /// The style of the page numbers shown from page 2.
    pub page_number: ParaStyle,
}

impl Page {
    /// Whether the paper is wider than tall.
    pub fn is_landscape(&self) -> bool {
        self.width > self.height
    }

    /// The width between the margins.
    pub fn text_width(&self) -> f32 {
        self.width - self.left - self.right
    }

    /// The height between the margins: the room for the flow on one page.
    pub fn text_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }
}

/// A block of the flow.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Para(Para),
    /// Columns side by side, kept together on one page (header, closing).
    Columns(Columns),
    /// A table.
    Table(Table),
    /// A forced page break.
    PageBreak,
}

/// What an element is, so writers and tests can find it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Cơ quan chủ quản.
    Parent,
    /// Cơ quan ban hành.
    Issuer,
    /// `Số: …`
    Number,
    /// `V/v …`: a công văn's subject under the Số line.
    SubjectLine,
    /// Quốc hiệu.
    Nation,
    /// Tiêu ngữ.
    Motto,
    /// Place and date.
    Date,
    /// The type name.
    Title,
    /// The subject.
    Subject,
    /// The deciding authority of a quyết định.
    Authority,
    /// A Căn cứ line.
    Preamble,
    /// Kính gửi lines.
    Recipients,
    /// A body paragraph.
    Body,
    /// A section heading of the given depth (1 = `I.`).
    Heading(u8),
    /// A list item of the given depth (1 = top).
    ListItem(u8),
    /// An article's first line.
    Article,
    /// A centred line.
    Center,
    /// A chapter's `Chương I` line.
    Chapter,
    /// A chapter's title, under its `Chương` line.
    ChapterTitle,
    /// An appendix's `Phụ lục I` line (or an attached text's type name).
    AppendixLabel,
    /// An appendix's name.
    AppendixTitle,
    /// An appendix's `(Kèm theo …)` line.
    AppendixReference,
    /// A table header cell.
    TableHeader,
    /// A table body cell.
    TableCell,
    /// `Nơi nhận:`
    DistributionLabel,
    /// A Nơi nhận item.
    Distribution,
    /// The signer's authority (`KT. CHỦ TỊCH`).
    SignAuthority,
    /// The signer's position.
    SignPosition,
    /// The signer's name.
    SignName,
    /// A page number.
    PageNumber,
}

/// A paragraph of runs with one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// What it is.
    pub role: Role,
    /// The text. `\n` forces a line break.
    pub runs: Vec<Run>,
    /// How it looks.
    pub style: ParaStyle,
    /// A short rule under it.
    pub rule: Option<RuleSpec>,
    /// Keep it on the same page as the next block.
    pub keep_with_next: bool,
    /// The number or marker in front of the text (`I.`, `1.1.`, `-`, `a)`),
    /// kept apart so that a word processor can number it itself.
    pub label: Option<Label>,
    /// The signature space above this paragraph (a signer's name): its
    /// `space_before` is where the signer signs.
    pub sign: Option<SignSpace>,
}

/// The space between a signer's position and name, where the handwritten or
/// digital signature goes, with the images of an electronic copy. Offsets
/// are from the space's top-left corner; the space is as wide as the
/// signer's column and as tall as the name's `space_before`.
#[derive(Debug, Clone, PartialEq)]
pub struct SignSpace {
    /// The signer's index, left to right, from 0.
    pub signer: usize,
    /// The signer's name and position, for the signature field's tooltip.
    pub tooltip: String,
    /// Width (the column's).
    pub width: f32,
    /// Height.
    pub height: f32,
    /// The signature image, then the seal over it; drawn in this order.
    pub images: Vec<PlacedImage>,
}

/// An image at an offset, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedImage {
    /// What it shows.
    pub kind: ImageKind,
    /// The image.
    pub picture: Picture,
    /// From the left of the box it belongs to.
    pub x: f32,
    /// From the top of the box it belongs to.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// What an image shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// A handwritten signature.
    Signature,
    /// The agency's seal.
    Seal,
}

impl Para {
    /// The paragraph's plain text, label included.
    pub fn text(&self) -> String {
        let label = self.label.as_ref().map(|l| format!("{} ", l.text));
        label
            .into_iter()
            .chain(self.runs.iter().map(|r| r.text.clone()))
            .collect()
    }
}

/// A paragraph's number or list marker.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The label as printed, without the space that follows it.
    pub text: String,
    /// What numbers it.
    pub kind: LabelKind,
}

/// What a label belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// A section heading at this depth (1 = `I.`).
    Heading {
        /// 1-based depth.
        depth: u8,
    },
    /// An item of list number `list` (in document order), at `depth` (1 = top).
    List {
        /// Which list: items of one list share it.
        list: usize,
        /// 1-based nesting depth.
        depth: u8,
        /// The marker style.
        style: ListStyle,
    },
}

/// List marker styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListStyle {
    /// `-`
    Dash,
    /// `+`
    Plus,
    /// `a)`, `b)` …
    Letter,
    /// `1.`, `2.` …
    Number,
}

/// A paragraph style, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParaStyle {
    /// Font size.
    pub size: f32,
    /// Alignment.
    pub align: TextAlign,
    /// Extra indent of the first line.
    pub first_indent: f32,
    /// Indent of every line.
    pub left_indent: f32,
    /// Space above.
    pub space_before: f32,
    /// Space below.
    pub space_after: f32,
    /// Distance between baselines.
    pub line_height: f32,
    /// Bold unless a run says otherwise (the label and the style's own emphasis).
    pub bold: bool,
    /// Italic likewise.
    pub italic: bool,
}

/// A run of text with uniform emphasis.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Underlined.
    pub underline: bool,
}

/// Columns side by side; their first baselines line up.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// Space above.
    pub space_before: f32,
    /// Space below.
    pub space_after: f32,
}

/// One column of a [`Columns`] block.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Its share of the text width.
    pub share: f32,
    /// Its paragraphs, top to bottom.
    pub paras: Vec<Para>,
}

/// A table with a header row that repeats on every page it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The columns.
    pub columns: Vec<TableColumn>,
    /// The header row.
    pub header: Vec<Para>,
    /// The body rows; a row is never split across pages.
    pub rows: Vec<Vec<Para>>,
    /// Border thickness.
    pub border: f32,
    /// Cell padding.
    pub padding: f32,
    /// Space above.
    pub space_before: f32,
    /// Space below.
    pub space_after: f32,
}

/// A table column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableColumn {
    /// Its share of the text width.
    pub share: f32,
}
