//! The DOCX package after docx-rs: read its parts once ([`super::parts`]),
//! fix what docx-rs cannot express (document properties, repeated header
//! rows, the drawings' attributes) with the part editor ([`super::xml`]),
//! embed the fonts, put every part in schema order ([`super::schema`]), and
//! write the zip once, deterministically.

use std::collections::BTreeSet;

use super::build::HEADER_ROW_MARK;
use super::xml::{Edits, Element, Tree, WML_NS, XmlError, escape};
use super::{fonts, parts, schema};
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
    let mut parts = parts::read_parts(raw).map_err(err)?;
    parts.insert(
        "docProps/core.xml".into(),
        core_properties(&doc.meta).into_bytes(),
    );
    if let Some(doc) = parts.get_mut("word/document.xml") {
        let xml = std::str::from_utf8(doc).map_err(err)?;
        *doc = fix_document(xml).map_err(err)?.into_bytes();
    }
    embed_fonts(&mut parts, doc, set, cached)?;
    schema::normalize_parts(&mut parts).map_err(err)?;
    parts::write_parts(&parts, cached.map(|c| c.zipped.as_slice())).map_err(err)
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
    /// Subsets, obfuscates and zips the four faces of `set` with the
    /// standard repertoire.
    pub(crate) fn new(set: &FontSet) -> Result<Self> {
        let repertoire = repertoire();
        let all = [
            repertoire.clone(),
            repertoire.clone(),
            repertoire.clone(),
            repertoire.clone(),
        ];
        let fonts = embed_each(set, &all, None)?;
        let mut parts = parts::Parts::new();
        for f in &fonts {
            parts.insert(format!("word/fonts/{}", f.part_name), f.data.clone());
        }
        let zipped = parts::write_parts(&parts, None).map_err(err)?;
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
        let mut chars = used.get(i).cloned().unwrap_or_default();
        if let Some(c) = cached {
            chars.extend(&c.repertoire);
        }
        let font =
            fonts::embed_font(face, &chars, id, i + 1).map_err(|e| e.into_error(&face.source))?;
        embedded.push(font);
    }
    Ok(embedded)
}

/// Embeds the four faces, each subset to the characters set in it plus the
/// standard repertoire (printable ASCII, Vietnamese letters, punctuation)
/// when the cache is there, so that the document stays editable.
fn embed_fonts(
    parts: &mut parts::Parts,
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

/// The drawing namespace of `wp:anchor`, `wp:posOffset` and `wp:docPr`.
const WP_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";

/// The main document with what docx-rs cannot write: the rows docx-rs wrote
/// with the [`HEADER_ROW_MARK`] height marked `w:tblHeader` instead, and the
/// drawings repaired ([`fix_anchor`], [`fix_offset`], [`fix_doc_pr`]).
fn fix_document(xml: &str) -> Result<String, XmlError> {
    let tree = Tree::parse(xml)?;
    let mut edits = Edits::new();
    let mut figures = 0;
    for e in tree.elements() {
        if tree.is(e, WML_NS, "trHeight") && is_header_mark(&tree, e) {
            edits.replace(e, format!("<{}tblHeader />", tree.prefix(e)));
        } else if tree.is(e, WP_NS, "anchor") {
            fix_anchor(&tree, e, &mut edits);
        } else if tree.is(e, WP_NS, "posOffset") {
            fix_offset(&tree, e, &mut edits);
        } else if tree.is(e, WP_NS, "docPr") {
            fix_doc_pr(&tree, e, &mut figures, &mut edits);
        }
    }
    Ok(edits.apply(xml))
}

/// Whether a `w:trHeight` is the header row mark: the marked height "at
/// least", nothing else.
fn is_header_mark(tree: &Tree<'_>, e: &Element) -> bool {
    let [val, rule] = tree.attrs(e) else {
        return false;
    };
    tree.key(val) == "w:val"
        && tree.value(val) == HEADER_ROW_MARK.to_string()
        && tree.key(rule) == "w:hRule"
        && tree.value(rule) == "atLeast"
}

/// docx-rs 0.4 writes `allowOverlap="0"` on a floating image, which lets
/// Word push the seal off the signature it must overlap: the attribute goes
/// after `layoutInCell`, as `1`.
fn fix_anchor(tree: &Tree<'_>, e: &Element, edits: &mut Edits) {
    let attrs = tree.attrs(e);
    let value = |i: usize| attrs.get(i).map(|a| (tree.key(a), tree.value(a)));
    for (i, attr) in attrs.iter().enumerate() {
        let here = value(i);
        let before = i.checked_sub(1).and_then(value);
        let is = |v: Option<(&str, std::borrow::Cow<'_, str>)>, key: &str, val: &str| {
            v.is_some_and(|(k, v)| k == key && v == val)
        };
        if is(here.clone(), "layoutInCell", "1") && is(before.clone(), "locked", "0") {
            edits.add_attr_after(attr, "allowOverlap", "1");
        }
        if is(here, "allowOverlap", "0") && is(before, "simplePos", "0") {
            edits.remove_attr(tree, e, attr);
        }
    }
}

/// docx-rs 0.4 casts a negative `wp:posOffset` to `u32` (so -5 mm becomes
/// 4294967…): the two's complement back to the signed value it was.
fn fix_offset(tree: &Tree<'_>, e: &Element, edits: &mut Edits) {
    if let Ok(v) = tree.content(e).parse::<u32>()
        && v > i32::MAX as u32
    {
        edits.set_content(e, (v as i32).to_string());
    }
}

/// docx-rs 0.4 gives every `wp:docPr` the id 1 and the name `Figure`; ids
/// must be unique in a document: `Picture 1`, `Picture 2`, … in order.
fn fix_doc_pr(tree: &Tree<'_>, e: &Element, figures: &mut usize, edits: &mut Edits) {
    let [id, name, ..] = tree.attrs(e) else {
        return;
    };
    let is = |a, key: &str, val: &str| tree.key(a) == key && tree.value(a) == val;
    if is(id, "id", "1") && is(name, "name", "Figure") {
        *figures += 1;
        edits.set_value(id, figures.to_string());
        edits.set_value(name, format!("Picture {figures}"));
    }
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
        let data = fonts::obfuscate::obfuscate(&font.data, &font.key).unwrap();
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
        let a = format!("<a xmlns:wp=\"{WP_NS}\">");
        let xml = format!(
            "{a}<wp:posOffset>4294967196</wp:posOffset><wp:posOffset>12</wp:posOffset>\
             <wp:docPr id=\"1\" name=\"Figure\" /><wp:docPr id=\"1\" name=\"Figure\" /></a>"
        );
        assert_eq!(
            fix_document(&xml).ok(),
            Some(format!(
                "{a}<wp:posOffset>-100</wp:posOffset><wp:posOffset>12</wp:posOffset>\
                 <wp:docPr id=\"1\" name=\"Picture 1\" /><wp:docPr id=\"2\" name=\"Picture 2\" /></a>"
            ))
        );
    }

    #[test]
    fn anchors_allow_overlap_and_header_rows_repeat() {
        let xml = format!(
            "<w:document xmlns:w=\"{WML_NS}\" xmlns:wp=\"{WP_NS}\"><wp:anchor distR=\"0\" \
             simplePos=\"0\" allowOverlap=\"0\" behindDoc=\"0\" locked=\"0\" layoutInCell=\"1\" \
             relativeHeight=\"1\"/><w:trHeight w:val=\"1\" w:hRule=\"atLeast\" />\
             <w:trHeight w:val=\"2\" w:hRule=\"atLeast\" /></w:document>"
        );
        let want = xml
            .replace("allowOverlap=\"0\" ", "")
            .replace(
                "layoutInCell=\"1\"",
                "layoutInCell=\"1\" allowOverlap=\"1\"",
            )
            .replace(
                "<w:trHeight w:val=\"1\" w:hRule=\"atLeast\" />",
                "<w:tblHeader />",
            );
        assert_eq!(fix_document(&xml).ok(), Some(want));
    }
}
