//! PDF output: [`typeset`] lays the document out on pages (plain data),
//! [`structure`] gives its logical structure (plain data too), [`write`]
//! serialises the pages with krilla, tagged with the structure by [`tag`]
//! when the standard asks for it, [`fields`] adds the empty signature
//! fields, and [`extract`] reads an attached source back.

mod ahead;
pub mod extract;
pub mod fields;
mod scan;
pub mod structure;
mod tag;
pub mod typeset;
pub mod write;

use std::fmt;

pub use extract::{extract_source, extract_source_with};
pub use structure::structure;
pub use typeset::{
    ImageItem, Item, Mark, Page, Point, RuleItem, SignField, TextItem, typeset, typeset_within,
};
pub use write::{SOURCE_NAME, write_pdf};

/// The PDF standards a file conforms to: at most one PDF/A part and level,
/// and PDF/UA-1 or not. Named on the command line as Typst names them, in a
/// comma list: `a-2a,ua-1` (the default), `a-3a,ua-1`, `a-2b`, `ua-1`, `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfStandard {
    /// The PDF/A part and conformance level, if any.
    pub archive: Option<Archive>,
    /// PDF/UA-1 (ISO 14289-1): tagged, accessible to assistive technology.
    pub ua1: bool,
}

/// A PDF/A part and conformance level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Archive {
    /// PDF/A-2b: visual appearance preserved for the long term.
    A2b,
    /// PDF/A-2u: PDF/A-2b with every character's Unicode value.
    A2u,
    /// PDF/A-2a: PDF/A-2u, tagged (the logical structure kept).
    A2a,
    /// PDF/A-3b: PDF/A-2b that may carry attached files (the source JSON).
    A3b,
    /// PDF/A-3u.
    A3u,
    /// PDF/A-3a: PDF/A-2a that may carry attached files.
    A3a,
}

impl Archive {
    /// Every part and level, with its command-line name.
    pub const ALL: [(Self, &'static str); 6] = [
        (Self::A2b, "a-2b"),
        (Self::A2u, "a-2u"),
        (Self::A2a, "a-2a"),
        (Self::A3b, "a-3b"),
        (Self::A3u, "a-3u"),
        (Self::A3a, "a-3a"),
    ];

    /// The command-line name (`a-2b`).
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("", |(_, n)| n)
    }

    /// The "accessible" level `a`, which asks for a tagged file.
    pub fn is_tagged(self) -> bool {
        matches!(self, Self::A2a | Self::A3a)
    }

    /// PDF/A-3, which may carry attached files.
    pub fn allows_attachments(self) -> bool {
        matches!(self, Self::A3b | Self::A3u | Self::A3a)
    }

    /// The same level in PDF/A-3 (for a file that carries its source).
    pub fn with_attachments(self) -> Self {
        match self {
            Self::A2b => Self::A3b,
            Self::A2u => Self::A3u,
            Self::A2a => Self::A3a,
            other => other,
        }
    }
}

#[allow(non_upper_case_globals)]
impl PdfStandard {
    /// PDF/A-2a and PDF/UA-1: tagged and archival (the default).
    pub const TAGGED: Self = Self {
        archive: Some(Archive::A2a),
        ua1: true,
    };
    /// PDF/A-2b alone: untagged, the smallest archival file.
    pub const A2b: Self = Self::archive(Archive::A2b);
    /// PDF/A-2u alone.
    pub const A2u: Self = Self::archive(Archive::A2u);
    /// PDF/A-3b alone.
    pub const A3b: Self = Self::archive(Archive::A3b);
    /// Plain PDF 1.7, no archival or accessibility claim, untagged.
    pub const None: Self = Self {
        archive: None,
        ua1: false,
    };

    /// One PDF/A part alone.
    pub const fn archive(archive: Archive) -> Self {
        Self {
            archive: Some(archive),
            ua1: false,
        }
    }

    /// What a render writes unless told otherwise: [`Self::TAGGED`], in
    /// PDF/A-3 when the source is attached.
    pub fn default_for(attach_source: bool) -> Self {
        let mut s = Self::TAGGED;
        if attach_source {
            s.archive = s.archive.map(Archive::with_attachments);
        }
        s
    }

    /// Reads a comma list of names (`a-2a,ua-1`, `a-3b`, `ua-1`, `none`);
    /// the error says what is wrong with it in English, for a message.
    pub fn parse(list: &str) -> std::result::Result<Self, String> {
        let mut s = Self::None;
        let mut none = false;
        for name in list.split(',').map(str::trim) {
            if name.eq_ignore_ascii_case("none") {
                none = true;
            } else if name.eq_ignore_ascii_case("ua-1") {
                s.ua1 = true;
            } else if let Some((a, _)) = Archive::ALL
                .iter()
                .find(|(_, n)| n.eq_ignore_ascii_case(name))
            {
                if let Some(old) = s.archive.filter(|old| old != a) {
                    return Err(format!(
                        "`{}` and `{name}` are two PDF/A levels; a file conforms to one",
                        Archive::name(old)
                    ));
                }
                s.archive = Some(*a);
            } else {
                return Err(format!(
                    "`{name}` is not a PDF standard: use a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, ua-1 or none, or a comma list such as a-2a,ua-1"
                ));
            }
        }
        if none && s != Self::None {
            return Err("`none` cannot go with another standard".into());
        }
        Ok(s)
    }

    /// Whether the file claims a PDF/A conformance.
    pub fn is_archival(self) -> bool {
        self.archive.is_some()
    }

    /// Whether the file is tagged (a logical structure tree, content marked
    /// as real or artifact): PDF/UA-1 and the PDF/A `a` levels ask for it.
    pub fn is_tagged(self) -> bool {
        self.ua1 || self.archive.is_some_and(Archive::is_tagged)
    }

    /// Whether files may be attached.
    pub fn allows_attachments(self) -> bool {
        self.archive.is_none_or(Archive::allows_attachments)
    }

    /// The command-line names, as a comma list (`a-2a,ua-1`).
    pub fn names(self) -> String {
        let parts: Vec<&str> = self
            .archive
            .map(Archive::name)
            .into_iter()
            .chain(self.ua1.then_some("ua-1"))
            .collect();
        match parts.is_empty() {
            true => "none".into(),
            false => parts.join(","),
        }
    }
}

impl Default for PdfStandard {
    fn default() -> Self {
        Self::TAGGED
    }
}

impl fmt::Display for Archive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::A2b => "PDF/A-2b",
            Self::A2u => "PDF/A-2u",
            Self::A2a => "PDF/A-2a",
            Self::A3b => "PDF/A-3b",
            Self::A3u => "PDF/A-3u",
            Self::A3a => "PDF/A-3a",
        })
    }
}

impl fmt::Display for PdfStandard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.archive, self.ua1) {
            (Some(a), true) => write!(f, "{a} + PDF/UA-1"),
            (Some(a), false) => write!(f, "{a}"),
            (None, true) => f.write_str("PDF/UA-1"),
            (None, false) => f.write_str("plain PDF"),
        }
    }
}

/// What goes into the PDF besides the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfOptions {
    /// The standard to conform to.
    pub standard: PdfStandard,
    /// Attach the input JSON as the PDF's source (needs PDF/A-3 or no PDF/A).
    pub attach_source: bool,
    /// An empty digital-signature field in each signer's signature space.
    pub sign_fields: bool,
}

impl Default for PdfOptions {
    /// PDF/A-2a + PDF/UA-1 with signature fields, no attachment.
    fn default() -> Self {
        Self {
            standard: PdfStandard::TAGGED,
            attach_source: false,
            sign_fields: true,
        }
    }
}
