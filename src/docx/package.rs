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
    Error::Docx(crate::msg!("render-docx-zip", reason = e.to_string()))
}

/// Fixes up docx-rs's package: core properties from the document, header
/// rows marked for repetition.
pub(crate) fn finish(
    raw: &[u8],
    doc: &Document,
    set: &FontSet,
    cached: Option<&CachedFonts>,
) -> Result<Vec<u8>> {
    let mut parts = schema::read_parts(raw).map_err(err)?;
    parts.insert(
        "docProps/core.xml".into(),
        core_properties(&doc.meta).into_bytes(),
    );
    if let Some(doc) = parts.get_mut("word/document.xml") {
        let xml = String::from_utf8_lossy(doc).into_owned();
        let mark = format!("<w:trHeight w:val=\"{HEADER_ROW_MARK}\" w:hRule=\"atLeast\" />");
        *doc = fix_drawings(&xml.replace(&mark, "<w:tblHeader />")).into_bytes();
    }
    embed_fonts(&mut parts, doc, set, cached)?;
    schema::normalize_parts(&mut parts).map_err(err)?;
    schema::write_parts(&parts, cached.map(|c| c.zipped.as_slice())).map_err(err)
}

/// What every face carries even when a document does not use it, so that a
/// clerk editing the DOCX can type any Vietnamese letter, in any face, on a
/// machine without the font: printable ASCII, every Vietnamese letter with
/// every tone, and the punctuation of administrative texts.
pub const REPERTOIRE: &str = "\u{a0}–—‘’“”…•·№§°±×÷≤≥→←«»‰€";

/// The standard repertoire as a set: [`REPERTOIRE`], printable ASCII and
/// the Vietnamese letters composed with each tone mark (NFC).
fn repertoire() -> BTreeSet<char> {
    use unicode_normalization::UnicodeNormalization;
    let mut set: BTreeSet<char> = (' '..='~').chain(REPERTOIRE.chars()).collect();
    set.extend(['đ', 'Đ']);
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY".chars() {
        for tone in ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'] {
            set.extend(format!("{base}{tone}").nfc());
        }
        set.insert(base);
    }
    set
}

/// The four faces embedded with the standard repertoire, and the same font
/// parts already deflated (a small zip the package writer copies from).
pub(crate) struct CachedFonts {
    repertoire: BTreeSet<char>,
    fonts: Vec<fonts::EmbeddedFont>,
    zipped: Vec<u8>,
}

impl CachedFonts {
    pub(crate) fn new(set: &FontSet) -> Result<Self> {
        let repertoire = repertoire();
        let all = [
            repertoire.clone(),
            repertoire.clone(),
            repertoire.clone(),
            repertoire.clone(),
        ];
        let fonts = embed_each(set, &all, None)?;
        let mut parts = schema::Parts::new();
        for f in &fonts {
            parts.insert(format!("word/fonts/{}", f.part_name), f.data.clone());
        }
        let zipped = schema::write_parts(&parts, None).map_err(err)?;
        Ok(Self {
            repertoire,
            fonts,
            zipped,
        })
    }
}

/// Embeds each face with its characters; a face whose characters are all
/// in the cache's repertoire comes from the cache.
fn embed_each(
    set: &FontSet,
    used: &[BTreeSet<char>; 4],
    cached: Option<&CachedFonts>,
) -> Result<Vec<fonts::EmbeddedFont>> {
    let mut embedded = Vec::with_capacity(4);
    for (i, id) in FaceId::ALL.into_iter().enumerate() {
        if let Some(c) = cached
            && let (Some(chars), Some(font)) = (used.get(i), c.fonts.get(i))
            && chars.is_subset(&c.repertoire)
        {
            embedded.push(font.clone());
            continue;
        }
        let face = set.face(id);
        let file = fonts::FontFile {
            data: &face.data,
            source: &face.source,
        };
        let slot = fonts::Slot::new(
            matches!(id, FaceId::Bold | FaceId::BoldItalic),
            matches!(id, FaceId::Italic | FaceId::BoldItalic),
        );
        let mut chars = used.get(i).cloned().unwrap_or_default();
        if let Some(c) = cached {
            chars.extend(&c.repertoire);
        }
        let font = fonts::embed_font(file, &chars, slot, i + 1).map_err(|e| Error::Font {
            file: face.source.clone(),
            message: e.to_string().into(),
        })?;
        embedded.push(font);
    }
    Ok(embedded)
}

/// Embeds the four faces, each subset to the characters set in it plus the
/// standard repertoire (printable ASCII, Vietnamese letters, punctuation)
/// when the cache is there, so that the document stays editable.
fn embed_fonts(
    parts: &mut schema::Parts,
    doc: &Document,
    set: &FontSet,
    cached: Option<&CachedFonts>,
) -> Result<()> {
    let used = chars_by_face(doc);
    let embedded = embed_each(set, &used, cached)?;
    let family = &set.face(FaceId::Regular).family;
    fonts::add_to_parts(parts, family, &embedded).map_err(err)
}

/// The characters each face draws, by [`FaceId`] index.
fn chars_by_face(doc: &Document) -> [BTreeSet<char>; 4] {
    let ascii: BTreeSet<char> = (' '..='~').collect();
    let mut used = [ascii.clone(), ascii.clone(), ascii.clone(), ascii];
    let mut add = |p: &Para| {
        if let Some(l) = &p.label {
            FaceId::of(p.style.bold, p.style.italic)
                .of_four_mut(&mut used)
                .extend(l.text.chars());
        }
        for r in &p.runs {
            FaceId::of(r.bold, r.italic)
                .of_four_mut(&mut used)
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

/// Repairs what docx-rs 0.4 writes wrong in floating images: it casts a
/// negative `wp:posOffset` to `u32` (so -5 mm becomes 4294967…), it gives
/// every `wp:docPr` the id 1, which must be unique in a document, and it
/// writes `allowOverlap="0"`, which lets Word push the seal off the
/// signature it must overlap.
fn fix_drawings(xml: &str) -> String {
    let xml = xml.replace(
        "locked=\"0\" layoutInCell=\"1\"",
        "locked=\"0\" layoutInCell=\"1\" allowOverlap=\"1\"",
    );
    let xml = xml.replace("simplePos=\"0\" allowOverlap=\"0\" ", "simplePos=\"0\" ");
    const OFFSET: &str = "<wp:posOffset>";
    const DOC_PR: &str = "<wp:docPr id=\"1\" name=\"Figure\"";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml.as_str();
    let mut figures = 0;
    loop {
        let next_offset = rest.find(OFFSET);
        let next_pr = rest.find(DOC_PR);
        match (next_offset, next_pr) {
            (Some(o), p) if p.is_none_or(|p| o < p) => {
                let (head, tail) = rest.split_at(o + OFFSET.len());
                out.push_str(head);
                let end = tail.find('<').unwrap_or(tail.len());
                let (value, tail) = tail.split_at(end);
                match value.parse::<u32>() {
                    // Two's complement back to the signed value it was.
                    Ok(v) if v > i32::MAX as u32 => out.push_str(&(v as i32).to_string()),
                    _ => out.push_str(value),
                }
                rest = tail;
            }
            (_, Some(p)) => {
                figures += 1;
                let (head, tail) = rest.split_at(p);
                out.push_str(head);
                out.push_str(&format!(
                    "<wp:docPr id=\"{figures}\" name=\"Picture {figures}\""
                ));
                rest = tail.get(DOC_PR.len()..).unwrap_or_default();
            }
            _ => break,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Sink;
    impl ttf_parser::OutlineBuilder for Sink {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }

    /// Whether the embedded (obfuscated) font draws `c`.
    fn draws(font: &fonts::EmbeddedFont, c: char) -> bool {
        let data = fonts::obfuscate(&font.data, &font.key).unwrap();
        let face = ttf_parser::Face::parse(&data, 0).unwrap();
        face.glyph_index(c)
            .and_then(|g| face.outline_glyph(g, &mut Sink))
            .is_some()
    }

    #[test]
    fn every_face_carries_every_vietnamese_letter_and_what_the_document_adds() {
        let set = FontSet::built_in().unwrap();
        let cache = CachedFonts::new(&set).unwrap();
        let rep = repertoire();
        assert!(rep.contains(&'ỹ') && rep.contains(&'Ự') && rep.contains(&'đ'));
        // 134 precomposed Vietnamese letters (67 per case) besides ASCII.
        assert_eq!(
            rep.iter()
                .filter(|c| !c.is_ascii() && c.is_alphabetic())
                .count(),
            134
        );
        // A document using only "a" still gets faces that draw every letter,
        // so a clerk can type in any face: all from the cache.
        let used: [BTreeSet<char>; 4] = std::array::from_fn(|_| BTreeSet::from(['a']));
        let fonts = embed_each(&set, &used, Some(&cache)).unwrap();
        assert_eq!(fonts, cache.fonts);
        for f in &fonts {
            for c in rep.iter().filter(|c| !c.is_whitespace()) {
                assert!(draws(f, *c), "{c} in {}", f.part_name);
            }
            // A subset: Greek is in Liberation Serif, not in the repertoire.
            assert!(!draws(f, 'Ω'));
        }
        // A character beyond the repertoire: that face is made for the
        // document, with the repertoire too; the others come from the cache.
        let mut used = used;
        used[1].insert('Ω');
        let fonts = embed_each(&set, &used, Some(&cache)).unwrap();
        assert!(draws(&fonts[1], 'Ω') && draws(&fonts[1], 'ỹ'));
        assert_ne!(fonts[1], cache.fonts[1]);
        assert_eq!(fonts[0], cache.fonts[0]);
    }

    #[test]
    fn drawings_get_signed_offsets_and_unique_ids() {
        let xml = "<a><wp:posOffset>4294967196</wp:posOffset><wp:posOffset>12</wp:posOffset>\
                   <wp:docPr id=\"1\" name=\"Figure\" /><wp:docPr id=\"1\" name=\"Figure\" /></a>";
        assert_eq!(
            fix_drawings(xml),
            "<a><wp:posOffset>-100</wp:posOffset><wp:posOffset>12</wp:posOffset>\
             <wp:docPr id=\"1\" name=\"Picture 1\" /><wp:docPr id=\"2\" name=\"Picture 2\" /></a>"
        );
    }
}
