//! What a reader hands to recognition: the document as it stood in its
//! file — paragraphs with the emphasis of their runs, tables with their
//! cells, page and section breaks with their orientation — in reading
//! order, before anything is interpreted.
//!
//! Each reader (plain text, DOCX, PDF) fills a [`Source`]; recognition
//! ([`super::structure`]) reads only this. A reader reports faithfully what
//! the file holds and leaves out only what is not the document's text (a
//! page number, a signing stamp, a signature widget, a drawn rule), each
//! listed in [`Source::left_out`]. Everything else — which table is a
//! layout grid and which is data, where the header ends — is recognition's
//! job.

use super::repair::Repair;
use super::structure::Warning;
use crate::input::Run;

/// A document as a reader found it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Source {
    /// The blocks, in reading order.
    pub blocks: Vec<SourceBlock>,
    /// What the reader left out of the text, with where it was and why
    /// (`what`), and what it repaired.
    pub left_out: Vec<Repair>,
    /// What the reader noticed and could not settle.
    pub warnings: Vec<Warning>,
    /// Its lines are hard-wrapped (plain text): a paragraph may run over
    /// several, which recognition joins. A DOCX or PDF reader gives whole
    /// paragraphs and leaves this false.
    pub wrapped: bool,
}

/// One block of a [`Source`].
#[derive(Debug, Clone, PartialEq)]
pub enum SourceBlock {
    /// A paragraph (a line, for plain text).
    Para(SourcePara),
    /// A table: a data table with ruled cells, or a layout grid (the
    /// header's two columns, Nơi nhận beside the signature, signers side
    /// by side), told apart by [`SourceTable::ruled`].
    Table(SourceTable),
    /// A new page (PDF) or section (DOCX `w:sectPr`) starts here.
    Break(Break),
}

/// Where a new page or section starts, and how it is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    /// The page (or the section's pages) is wider than tall.
    pub landscape: bool,
    /// A new section (its own page settings), not just a new page.
    pub section: bool,
}

/// A paragraph as the reader found it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourcePara {
    /// The text with its emphasis. Consecutive runs of the same emphasis
    /// may be separate; a `\n` is a line break inside the paragraph.
    pub runs: Vec<Run>,
    /// How it was aligned, when the file says.
    pub align: Option<SourceAlign>,
    /// Whether its first line was indented.
    pub indented: bool,
    /// Whether a visible gap (a blank line, extra space) came before it.
    pub gap: bool,
    /// Where it was, for reports: the 1-based line of a text file, the
    /// 1-based paragraph of a DOCX, the 1-based line of a PDF counted
    /// over the whole file.
    pub line: usize,
    /// The 1-based page it is on, when the reader knows (PDF).
    pub page: Option<usize>,
}

impl SourcePara {
    /// A paragraph of one plain run.
    pub fn plain(text: impl Into<String>, line: usize) -> Self {
        Self {
            runs: vec![Run {
                text: text.into(),
                ..Run::default()
            }],
            line,
            ..Self::default()
        }
    }

    /// The plain text of all runs.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// Horizontal alignment of a source paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceAlign {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
    /// Justified.
    Justify,
}

/// A table as the reader found it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceTable {
    /// The rows, top to bottom; a row's cells left to right.
    pub rows: Vec<Vec<SourceCell>>,
    /// Whether its cells are drawn with visible rules (a data table); a
    /// grid without rules is page layout.
    pub ruled: bool,
    /// Whether the first row repeats on each page (DOCX `w:tblHeader`).
    pub header_rows: usize,
    /// Where it starts, like [`SourcePara::line`].
    pub line: usize,
}

/// One cell of a [`SourceTable`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceCell {
    /// Its paragraphs.
    pub paras: Vec<SourcePara>,
    /// How many grid columns it spans (1 for an ordinary cell).
    pub span: usize,
    /// It continues the cell above (a vertically merged cell: DOCX
    /// `w:vMerge` without `restart`); its own paragraphs are empty.
    pub merged_up: bool,
}

impl SourceCell {
    /// The cell's plain text, paragraphs joined by `\n`.
    pub fn text(&self) -> String {
        self.paras
            .iter()
            .map(SourcePara::text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}
