//! The DOCX package after docx-rs: read its parts once, fix what docx-rs
//! cannot express (document properties, repeated header rows), put every
//! part in schema order ([`super::schema`]), and write the zip once,
//! deterministically.

use super::build::HEADER_ROW_MARK;
use super::schema;
use crate::doc::Meta;
use crate::error::{Error, Result};

fn err(e: impl std::fmt::Display) -> Error {
    Error::Docx(format!("the DOCX package: {e}"))
}

/// Fixes up docx-rs's package: core properties from the document, header
/// rows marked for repetition.
pub(crate) fn finish(raw: &[u8], meta: &Meta) -> Result<Vec<u8>> {
    let mut parts = schema::read_parts(raw).map_err(err)?;
    parts.insert(
        "docProps/core.xml".into(),
        core_properties(meta).into_bytes(),
    );
    if let Some(doc) = parts.get_mut("word/document.xml") {
        let xml = String::from_utf8_lossy(doc).into_owned();
        let mark = format!("<w:trHeight w:val=\"{HEADER_ROW_MARK}\" w:hRule=\"atLeast\" />");
        *doc = xml.replace(&mark, "<w:tblHeader />").into_bytes();
    }
    schema::normalize_parts(&mut parts).map_err(err)?;
    schema::write_parts(&parts).map_err(err)
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
