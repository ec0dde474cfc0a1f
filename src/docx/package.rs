//! The DOCX package after docx-rs: read its parts once, fix what docx-rs
//! cannot express (document properties, repeated header rows), put every
//! part in schema order ([`super::schema`]), and write the zip once,
//! deterministically.

use std::collections::BTreeSet;

use super::build::HEADER_ROW_MARK;
use super::{fonts, schema};
use crate::doc::{Block, Document, Meta, Para};
use crate::error::{Error, Result};
use crate::text::{FaceId, FontSet};

fn err(e: impl std::fmt::Display) -> Error {
    Error::Docx(format!("the DOCX package: {e}"))
}

/// Fixes up docx-rs's package: core properties from the document, header
/// rows marked for repetition.
pub(crate) fn finish(raw: &[u8], doc: &Document, set: &FontSet) -> Result<Vec<u8>> {
    let mut parts = schema::read_parts(raw).map_err(err)?;
    parts.insert(
        "docProps/core.xml".into(),
        core_properties(&doc.meta).into_bytes(),
    );
    if let Some(doc) = parts.get_mut("word/document.xml") {
        let xml = String::from_utf8_lossy(doc).into_owned();
        let mark = format!("<w:trHeight w:val=\"{HEADER_ROW_MARK}\" w:hRule=\"atLeast\" />");
        *doc = xml.replace(&mark, "<w:tblHeader />").into_bytes();
    }
    embed_fonts(&mut parts, doc, set)?;
    schema::normalize_parts(&mut parts).map_err(err)?;
    schema::write_parts(&parts).map_err(err)
}

/// Embeds the four faces, each subset to the characters set in it (plus
/// printable ASCII, for numbers, labels and small edits).
fn embed_fonts(parts: &mut schema::Parts, doc: &Document, set: &FontSet) -> Result<()> {
    let used = chars_by_face(doc);
    let mut embedded = Vec::with_capacity(4);
    for (i, id) in FaceId::ALL.into_iter().enumerate() {
        let face = set.face(id);
        let file = fonts::FontFile {
            data: &face.data,
            source: &face.source,
        };
        let slot = fonts::Slot::new(
            matches!(id, FaceId::Bold | FaceId::BoldItalic),
            matches!(id, FaceId::Italic | FaceId::BoldItalic),
        );
        let font = fonts::embed_font(file, &used[i], slot, i + 1).map_err(|e| Error::Font {
            file: face.source.clone(),
            message: e.to_string(),
        })?;
        embedded.push(font);
    }
    let family = &set.face(FaceId::Regular).family;
    fonts::add_to_parts(parts, family, &embedded).map_err(err)
}

/// The characters each face draws, by [`FaceId`] index.
fn chars_by_face(doc: &Document) -> [BTreeSet<char>; 4] {
    let ascii: BTreeSet<char> = (' '..='~').collect();
    let mut used = [ascii.clone(), ascii.clone(), ascii.clone(), ascii];
    let mut add = |p: &Para| {
        if let Some(l) = &p.label {
            used[FaceId::of(p.style.bold, p.style.italic) as usize].extend(l.text.chars());
        }
        for r in &p.runs {
            used[FaceId::of(r.bold, r.italic) as usize]
                .extend(r.text.chars().filter(|c| *c != '\n'));
        }
    };
    for b in &doc.blocks {
        match b {
            Block::Para(p) => add(p),
            Block::Columns(c) => c.columns.iter().flat_map(|c| &c.paras).for_each(&mut add),
            Block::Table(t) => t
                .header
                .iter()
                .chain(t.rows.iter().flatten())
                .for_each(&mut add),
            Block::PageBreak => {}
        }
    }
    used
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
