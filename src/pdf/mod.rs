//! PDF output: [`typeset`] lays the document out on pages (plain data),
//! [`write`] serialises the pages with krilla, [`fields`] adds the empty
//! signature fields, and [`extract`] reads an attached source back.

pub mod extract;
pub mod fields;
mod scan;
pub mod typeset;
pub mod write;

use std::fmt;

pub use extract::{extract_source, extract_source_with};
pub use typeset::{
    ImageItem, Item, Page, Point, RuleItem, SignField, TextItem, typeset, typeset_within,
};
pub use write::{SOURCE_NAME, write_pdf};

/// The PDF standard a file conforms to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PdfStandard {
    /// PDF/A-2b: visual appearance preserved for the long term (the default).
    #[default]
    A2b,
    /// PDF/A-2u: PDF/A-2b with every character's Unicode value.
    A2u,
    /// PDF/A-3b: PDF/A-2b that may carry attached files (the source JSON).
    A3b,
    /// Plain PDF 1.7, no archival claim.
    None,
}

impl PdfStandard {
    /// Every standard, with its command-line name.
    pub const ALL: [(Self, &'static str); 4] = [
        (Self::A2b, "a-2b"),
        (Self::A3b, "a-3b"),
        (Self::A2u, "a-2u"),
        (Self::None, "none"),
    ];

    /// The standard with this command-line name (`a-2b`, `a-3b`, `a-2u`, `none`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(s, _)| *s)
    }

    /// Whether the standard is an archival PDF/A one.
    pub fn is_archival(self) -> bool {
        self != Self::None
    }

    /// Whether files may be attached.
    pub fn allows_attachments(self) -> bool {
        matches!(self, Self::A3b | Self::None)
    }
}

impl fmt::Display for PdfStandard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::A2b => "PDF/A-2b",
            Self::A2u => "PDF/A-2u",
            Self::A3b => "PDF/A-3b",
            Self::None => "plain PDF",
        })
    }
}

/// What goes into the PDF besides the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfOptions {
    /// The standard to conform to.
    pub standard: PdfStandard,
    /// Attach the input JSON as the PDF's source (needs PDF/A-3b or none).
    pub attach_source: bool,
    /// An empty digital-signature field in each signer's signature space.
    pub sign_fields: bool,
}

impl Default for PdfOptions {
    /// PDF/A-2b with signature fields, no attachment.
    fn default() -> Self {
        Self {
            standard: PdfStandard::A2b,
            attach_source: false,
            sign_fields: true,
        }
    }
}
