//! The DOCX package after docx-rs: read its parts, fix what docx-rs cannot
//! express (document properties, repeated header rows), and write the zip
//! deterministically (fixed part order and timestamps).

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::build::HEADER_ROW_MARK;
use crate::doc::Meta;
use crate::error::{Error, Result};

/// The parts of a package, in order.
pub(crate) struct Package {
    parts: Vec<(String, Vec<u8>)>,
}

fn err(e: impl std::fmt::Display) -> Error {
    Error::Docx(format!("the DOCX package: {e}"))
}

impl Package {
    /// Reads a zip.
    pub(crate) fn read(bytes: &[u8]) -> Result<Self> {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(err)?;
        let mut parts = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).map_err(err)?;
            if f.is_dir() {
                continue;
            }
            let mut data = Vec::with_capacity(f.size() as usize);
            f.read_to_end(&mut data).map_err(err)?;
            parts.push((f.name().to_string(), data));
        }
        Ok(Self { parts })
    }

    /// A part's bytes.
    pub(crate) fn get(&self, name: &str) -> Option<&[u8]> {
        self.parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.as_slice())
    }

    /// Replaces or adds a part.
    pub(crate) fn put(&mut self, name: &str, data: Vec<u8>) {
        match self.parts.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = data,
            None => self.parts.push((name.to_string(), data)),
        }
    }

    /// Writes the zip: `[Content_Types].xml` first, then the parts by name,
    /// all dated 1980-01-01, so identical documents give identical bytes.
    pub(crate) fn write(mut self) -> Result<Vec<u8>> {
        self.parts.sort_by(|a, b| {
            let first = |n: &str| n != "[Content_Types].xml";
            (first(&a.0), &a.0).cmp(&(first(&b.0), &b.0))
        });
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        for (name, data) in &self.parts {
            zip.start_file(name.as_str(), options).map_err(err)?;
            zip.write_all(data).map_err(err)?;
        }
        Ok(zip.finish().map_err(err)?.into_inner())
    }
}

/// Fixes up docx-rs's package: core properties from the document, header
/// rows marked for repetition.
pub(crate) fn finish(raw: &[u8], meta: &Meta) -> Result<Vec<u8>> {
    let mut p = Package::read(raw)?;
    p.put("docProps/core.xml", core_properties(meta).into_bytes());
    if let Some(doc) = p.get("word/document.xml") {
        let xml = String::from_utf8_lossy(doc).into_owned();
        let mark = format!("<w:trHeight w:val=\"{HEADER_ROW_MARK}\" w:hRule=\"atLeast\" />");
        p.put(
            "word/document.xml",
            xml.replace(&mark, "<w:tblHeader />").into_bytes(),
        );
    }
    p.write()
}

/// `docProps/core.xml` with the title, creator (the issuer), subject,
/// keywords and language; no dates (docx-rs would write 1970 or the clock).
fn core_properties(meta: &Meta) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
    );
    let mut el = |name: &str, value: &str| {
        x.push_str(&format!("<{name}>{}</{name}>", escape(value)));
    };
    el("dc:title", &meta.title);
    if let Some(s) = &meta.subject {
        el("dc:subject", s);
    }
    el("dc:creator", &meta.author);
    if !meta.keywords.is_empty() {
        el("cp:keywords", &meta.keywords.join(", "));
    }
    el("dc:language", &meta.language);
    x.push_str("</cp:coreProperties>");
    x
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
