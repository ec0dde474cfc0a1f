//! The DOCX package: a zip of XML parts, read with a cap on what each part
//! unpacks to (a zip bomb of a few kilobytes can unpack to gigabytes), and
//! parsed with a cap on the number of XML nodes.

use std::io::Read;

use crate::error::{Error, Result};

/// The most the main document may unpack to.
pub const DOCUMENT_CAP: u64 = 64 << 20;
/// The most styles, numbering or a relationships part may unpack to.
pub const PART_CAP: u64 = 16 << 20;
/// The most XML nodes a part may hold (a 64 MiB document of real text holds
/// a few million; each node costs roxmltree some 60 bytes).
const NODES_CAP: u32 = 8_000_000;

/// An error about the file as a whole.
pub fn bad(e: impl std::fmt::Display) -> Error {
    Error::Import(format!("this is not a readable DOCX file: {e}"))
}

/// The package, opened.
pub struct Package<'b> {
    zip: zip::ZipArchive<std::io::Cursor<&'b [u8]>>,
}

impl<'b> Package<'b> {
    /// Opens the zip.
    pub fn open(bytes: &'b [u8]) -> Result<Self> {
        let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(bad)?;
        Ok(Self { zip })
    }

    /// The text of the part `name`, `None` when the package has none;
    /// an error past `cap` bytes unpacked.
    pub fn part(&mut self, name: &str, cap: u64) -> Result<Option<String>> {
        let part = match self.zip.by_name(name) {
            Ok(p) => p,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(bad(format!("{name}: {e}"))),
        };
        let too_big = || {
            Error::Import(format!(
                "the DOCX part {name} unpacks to more than {} MiB: too large to import \
                 (a damaged file or a zip bomb); open it in Word or LibreOffice and save \
                 it again, or split the document",
                cap >> 20
            ))
        };
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
        let doc = parse(&rels, "_rels/.rels")?;
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
}

/// Parses a part's XML.
pub fn parse<'i>(xml: &'i str, name: &str) -> Result<roxmltree::Document<'i>> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_CAP,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(xml, options).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => Error::Import(format!(
            "the DOCX part {name} holds more than {NODES_CAP} XML nodes: too large to import; \
             split the document"
        )),
        e => bad(format!("{name}: {e}")),
    })
}
