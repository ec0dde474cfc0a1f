//! Writes typeset pages with krilla: subset embedded fonts, ToUnicode maps
//! from our own shaped glyphs (so extracted text equals the input), document
//! metadata, PDF/A-2b. The only module that imports krilla.

use std::ops::Range;

use krilla::configure::ValidationError;
use krilla::geom::{PathBuilder, Rect};
use krilla::metadata::Metadata;
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId};
use krilla::{Document, SerializeSettings};

use super::typeset::{Item, Page, Point, RuleItem, TextItem};
use crate::doc::Meta;
use crate::error::{Error, Result};
use crate::text::{FaceId, FontSet};

/// A glyph as krilla wants it: lengths in ems, scaled by krilla.
struct PdfGlyph {
    id: u16,
    advance: f32,
    x_offset: f32,
    y_offset: f32,
    range: Range<usize>,
}

impl krilla::text::Glyph for PdfGlyph {
    fn glyph_id(&self) -> GlyphId {
        GlyphId::new(u32::from(self.id))
    }
    fn text_range(&self) -> Range<usize> {
        self.range.clone()
    }
    fn x_advance(&self, size: f32) -> f32 {
        self.advance * size
    }
    fn x_offset(&self, size: f32) -> f32 {
        self.x_offset * size
    }
    fn y_offset(&self, size: f32) -> f32 {
        self.y_offset * size
    }
    fn y_advance(&self, _size: f32) -> f32 {
        0.0
    }
    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
}

/// Serialises pages into a PDF file (PDF 1.7 with XMP metadata; PDF/A comes
/// with issue 5, which needs a document date policy).
pub fn write_pdf(pages: &[Page], meta: &Meta, fonts: &FontSet) -> Result<Vec<u8>> {
    let mut document = Document::new_with(SerializeSettings::default());
    let mut faces = Vec::with_capacity(4);
    for id in FaceId::ALL {
        let f = fonts.face(id);
        let font = Font::new(f.data.clone().into(), 0).ok_or_else(|| Error::Font {
            file: f.source.clone(),
            message: "the PDF writer cannot read this font".into(),
        })?;
        faces.push(font);
    }
    for page in pages {
        let settings =
            krilla::page::PageSettings::from_wh(page.width, page.height).ok_or_else(|| {
                Error::Pdf(format!("invalid page size {}×{}", page.width, page.height))
            })?;
        let mut p = document.start_page_with(settings);
        let mut surface = p.surface();
        for (at, item) in &page.items {
            match item {
                Item::Text(t) => write_text(&mut surface, *at, t, &faces),
                Item::Rule(r) => write_rule(&mut surface, *at, r),
            }
        }
        surface.finish();
        p.finish();
    }
    document.set_metadata(metadata(meta));
    document.finish().map_err(describe)
}

fn write_text(surface: &mut Surface, at: Point, t: &TextItem, faces: &[Font]) {
    let Some(font) = faces.get(t.face as usize) else {
        return;
    };
    let glyphs: Vec<PdfGlyph> = t
        .glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            // A cluster's glyphs all map to the cluster's text.
            let end = t.glyphs[i + 1..]
                .iter()
                .map(|n| n.cluster)
                .find(|&c| c > g.cluster)
                .unwrap_or(t.text.len());
            PdfGlyph {
                id: g.id,
                advance: g.advance / t.size,
                x_offset: g.x_offset / t.size,
                y_offset: g.y_offset / t.size,
                range: g.cluster..end,
            }
        })
        .collect();
    surface.draw_glyphs(
        krilla::geom::Point::from_xy(at.x, at.y),
        &glyphs,
        font.clone(),
        &t.text,
        t.size,
        false,
    );
}

fn write_rule(surface: &mut Surface, at: Point, r: &RuleItem) {
    let Some(rect) = Rect::from_xywh(at.x, at.y, r.width, r.height) else {
        return;
    };
    let mut pb = PathBuilder::new();
    pb.push_rect(rect);
    if let Some(path) = pb.finish() {
        surface.draw_path(&path);
    }
}

fn metadata(meta: &Meta) -> Metadata {
    let mut m = Metadata::new()
        .title(meta.title.clone())
        .authors(vec![meta.author.clone()])
        .language(meta.language.clone())
        .creator(format!("vanban {}", env!("CARGO_PKG_VERSION")))
        .producer(format!("vanban {} (krilla)", env!("CARGO_PKG_VERSION")));
    if let Some(s) = &meta.subject {
        m = m.description(s.clone());
    }
    if !meta.keywords.is_empty() {
        m = m.keywords(meta.keywords.clone());
    }
    m
}

/// Says what went wrong in words a user can act on, never a Debug dump.
fn describe(e: krilla::error::KrillaError) -> Error {
    use krilla::error::KrillaError as K;
    Error::Pdf(match e {
        K::Font(_, msg) => format!("a font could not be embedded: {msg}"),
        K::Validation(errors) => {
            let list: Vec<String> = errors.iter().map(|(v, _)| validation_message(v)).collect();
            format!("the document breaks the PDF standard: {}", list.join("; "))
        }
        K::Limit(l) => format!("a PDF size limit was exceeded: {l:?}"),
        other => format!("the PDF writer failed: {other:?}"),
    })
}

fn validation_message(v: &ValidationError) -> String {
    match v {
        ValidationError::ContainsNotDefGlyph(..) => {
            "a character has no glyph in the font (it would print as a box)".into()
        }
        ValidationError::NoCodepointMapping(..) | ValidationError::InvalidCodepointMapping(..) => {
            "a glyph cannot be mapped back to its text".into()
        }
        ValidationError::UnicodePrivateArea(..) => {
            "the text holds a private-use character, which has no meaning in an archive".into()
        }
        ValidationError::RestrictedLicense(..) => "a font's licence forbids embedding".into(),
        ValidationError::TooLongString => "a metadata string is longer than 32767 bytes".into(),
        other => format!("{other:?}"),
    }
}
