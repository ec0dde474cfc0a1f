//! The DOCX package: a zip of XML parts, read with a cap on what each part
//! unpacks to (a zip bomb of a few kilobytes can unpack to gigabytes), and
//! parsed with a cap on the number of XML nodes.

use std::io::Read;

use crate::error::{Error, Result};
use crate::input::{Limits, size};

/// The most the main document may unpack to.
pub const DOCUMENT_CAP: u64 = 64 << 20;
/// The most styles, numbering or a relationships part may unpack to.
pub const PART_CAP: u64 = 16 << 20;
/// The most XML nodes a part may hold (a 64 MiB document of real text holds
/// a few million; each node costs roxmltree some 60 bytes).
const NODES_CAP: u32 = 8_000_000;

/// An error about the file as a whole.
pub fn bad(e: impl std::fmt::Display) -> Error {
    Error::Import(crate::msg!(
        "import-docx-unreadable",
        reason = e.to_string()
    ))
}

/// The package, opened, with what its limits leave.
pub struct Package<'b> {
    zip: zip::ZipArchive<std::io::Cursor<&'b [u8]>>,
    limits: Limits,
    /// Bytes unpacked so far, from every part read.
    unpacked: u64,
}

impl<'b> Package<'b> {
    /// Opens the zip; one of more entries than `max_source_objects` is
    /// refused.
    pub fn open(bytes: &'b [u8], limits: &Limits) -> Result<Self> {
        let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(bad)?;
        if zip.len() > limits.max_source_objects {
            return Err(Error::Import(crate::msg!(
                "import-docx-too-many-entries",
                count = zip.len(),
                limit = limits.max_source_objects.to_string()
            )));
        }
        Ok(Self {
            zip,
            limits: *limits,
            unpacked: 0,
        })
    }

    /// The text of the part `name`, `None` when the package has none;
    /// an error past `cap` bytes unpacked, or past what
    /// `max_unpacked_bytes` leaves of all the parts.
    pub fn part(&mut self, name: &str, cap: u64) -> Result<Option<String>> {
        let part = match self.zip.by_name(name) {
            Ok(p) => p,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(bad(format!("{name}: {e}"))),
        };
        let left = self.limits.max_unpacked_bytes.saturating_sub(self.unpacked);
        let too_big = || {
            if left < cap {
                Error::Import(crate::msg!(
                    "import-docx-unpacks-over",
                    name = name,
                    limit = size(self.limits.max_unpacked_bytes)
                ))
            } else {
                Error::Import(crate::msg!(
                    "import-docx-part-too-large",
                    name = name,
                    mib = cap >> 20
                ))
            }
        };
        let cap = cap.min(left);
        // The declared size can lie; the `take` below is the real bound.
        if part.size() > cap {
            return Err(too_big());
        }
        let mut bytes = Vec::new();
        part.take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(format!("{name}: {e}")))?;
        if bytes.len() as u64 > cap {
            return Err(too_big());
        }
        self.unpacked += bytes.len() as u64;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        String::from_utf8(bytes.to_vec())
            .map(Some)
            .map_err(|e| bad(format!("{name} is not UTF-8: {e}")))
    }

    /// The main document's part name, from the package relationships
    /// (`word/document.xml` in nearly every file).
    pub fn main_document(&mut self) -> Result<String> {
        let fallback = "word/document.xml".to_string();
        let Some(rels) = self.part("_rels/.rels", PART_CAP)? else {
            return Ok(fallback);
        };
        let doc = self.parse(&rels, "_rels/.rels")?;
        let target = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "Relationship")
            .find(|n| {
                n.attribute("Type")
                    .is_some_and(|t| t.ends_with("/officeDocument"))
            })
            .and_then(|n| n.attribute("Target"))
            .map(|t| t.trim_start_matches('/').to_string());
        Ok(target.unwrap_or(fallback))
    }

    /// Counts a part's elements in one streaming pass, before a tree is
    /// built: more than `max_source_objects` elements, or (the main
    /// document, `paragraphs`) more paragraphs than `max_elements`, is
    /// refused at the element that passes the limit. Hand-written over
    /// quick-xml: roxmltree's node limit is checked only as the tree grows
    /// (some 60 bytes a node), and it has no count of paragraphs.
    pub fn census(&self, xml: &str, name: &str, paragraphs: bool) -> Result<()> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let (mut elements, mut paras) = (0usize, 0usize);
        loop {
            let e = match reader.read_event() {
                Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => e,
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => continue,
                // The tree parser reports the error with its position.
                Err(_) => break,
            };
            elements += 1;
            if elements > self.limits.max_source_objects {
                return Err(Error::Import(crate::msg!(
                    "import-docx-too-many-elements",
                    name = name,
                    limit = self.limits.max_source_objects.to_string()
                )));
            }
            if paragraphs && e.local_name().as_ref() == b"p" {
                paras += 1;
                if paras > self.limits.max_elements {
                    return Err(Error::Import(crate::msg!(
                        "import-docx-too-many-paragraphs",
                        name = name,
                        limit = self.limits.max_elements.to_string()
                    )));
                }
            }
        }
        Ok(())
    }

    /// Parses a part's XML, with at most `max_source_objects` nodes (and
    /// never more than [`NODES_CAP`]).
    pub fn parse<'i>(&self, xml: &'i str, name: &str) -> Result<roxmltree::Document<'i>> {
        let cap = u32::try_from(self.limits.max_source_objects)
            .unwrap_or(u32::MAX)
            .min(NODES_CAP);
        let options = roxmltree::ParsingOptions {
            allow_dtd: false,
            nodes_limit: cap,
            ..roxmltree::ParsingOptions::default()
        };
        roxmltree::Document::parse_with_options(xml, options).map_err(|e| match e {
            roxmltree::Error::NodesLimitReached => Error::Import(crate::msg!(
                "import-docx-too-many-nodes",
                name = name,
                limit = cap.to_string()
            )),
            e => bad(format!("{name}: {e}")),
        })
    }
}
