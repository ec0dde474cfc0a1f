//! Writes typeset pages with krilla: subset embedded fonts, ToUnicode maps
//! from our own shaped glyphs (so extracted text equals the input), document
//! metadata, images, the source as an associated file, PDF/A (krilla's
//! validator on: a violation is an error, never a non-conforming file),
//! and for a tagged standard the content marked (each line of a paragraph a
//! span of its structure element, page numbers and rules artifacts) and
//! the tag tree and outline from [`super::structure`] (via [`super::tag`],
//! the other module that imports krilla). Signature fields are added
//! afterwards by [`super::fields`].

use std::ops::Range;

use krilla::configure::{
    Accessibility, Archival, Configuration, ConfigurationBuilder, ValidationError,
};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::{PathBuilder, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag};
use krilla::text::{Font, GlyphId};
use krilla::{Document, SerializeSettings};

use super::fields::{self, FieldSpot};
use super::tag::{self, Drawn};
use super::typeset::{ImageItem, Item, Mark, Page, Point, RuleItem, TextItem};
use super::{Archive, PdfOptions, PdfStandard};
use crate::doc::{Meta, Role, Timestamp};
use crate::error::{Error, Result};
use crate::i18n::{Lang, Msg};
use crate::msg;
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

/// The name of the input JSON attached to a PDF by `--attach-source`.
pub const SOURCE_NAME: &str = "vanban-source.json";

/// Serialises pages into a PDF file in the standard `options` asks for;
/// `doc` gives the metadata and, for a tagged standard, the logical
/// structure written as the tag tree; `source` is the input JSON, attached
/// when `options.attach_source`.
pub fn write_pdf(
    pages: &[Page],
    doc: &crate::doc::Document,
    fonts: &FontSet,
    options: &PdfOptions,
    source: &[u8],
) -> Result<Vec<u8>> {
    let meta = &doc.meta;
    let tagged = options.standard.is_tagged();
    let settings = SerializeSettings {
        configuration: configuration(options.standard)?,
        // krilla marks content by default; an untagged file needs none.
        enable_tagging: tagged,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut faces = Vec::with_capacity(4);
    for id in FaceId::ALL {
        let f = fonts.face(id);
        let font = Font::new(f.data.shared().into(), 0).ok_or_else(|| Error::Font {
            file: f.source.clone(),
            message: "the PDF writer cannot read this font".into(),
        })?;
        faces.push(font);
    }
    let mut spots = Vec::new();
    let mut drawn = Drawn::default();
    for (n, page) in pages.iter().enumerate() {
        let settings =
            krilla::page::PageSettings::from_wh(page.width, page.height).ok_or_else(|| {
                Error::Pdf(msg!(
                    "render-pdf-page-size",
                    width = page.width.to_string(),
                    height = page.height.to_string()
                ))
            })?;
        let mut p = document.start_page_with(settings);
        let mut surface = p.surface();
        for (at, item) in &page.items {
            match item {
                Item::Text(t) => {
                    let tag = tagged.then(|| content_tag(t.mark, artifact(t.role)));
                    let id = marked(&mut surface, tag, |s| write_text(s, *at, t, &faces));
                    match (t.mark, id) {
                        (Mark::Para(k), Some(id)) => drawn.text(k, id, n, *at),
                        (Mark::Label(k), Some(id)) => drawn.label(k, id, n, *at),
                        _ => {}
                    }
                }
                Item::Rule(r) => {
                    let tag = tagged.then(|| content_tag(Mark::Artifact, ArtifactType::Layout));
                    marked(&mut surface, tag, |s| write_rule(s, *at, r));
                }
                Item::Image(i) => {
                    let mut result = Ok(());
                    let tag = tagged.then(|| content_tag(i.mark, ArtifactType::PaginationOther));
                    let id = marked(&mut surface, tag, |s| result = write_image(s, *at, i));
                    result?;
                    if let (Mark::Para(k), Some(id)) = (i.mark, id) {
                        drawn.image(k, id);
                    }
                }
                Item::SignField(f) => {
                    if tagged && options.sign_fields {
                        // Nothing drawn: the mark gives the field's Form
                        // element its place in the reading order.
                        if let Some(id) = marked(&mut surface, Some(ContentTag::Other), |_| {}) {
                            drawn.field(f.signer, id);
                        }
                    }
                    spots.push(FieldSpot {
                        page: n,
                        // PDF user space: y grows upwards from the bottom edge.
                        rect: [
                            at.x,
                            page.height - at.y - f.height,
                            at.x + f.width,
                            page.height - at.y,
                        ],
                        signer: f.signer,
                        tooltip: f.tooltip.clone(),
                    })
                }
            }
        }
        surface.finish();
        p.finish();
    }
    let created = meta.created.map(date_time);
    if options.attach_source {
        document
            .embed_file(EmbeddedFile {
                path: SOURCE_NAME.into(),
                mime_type: MimeType::new("application/json"),
                description: Some(
                    "Dữ liệu nguồn (JSON) của văn bản: `vanban render` tạo lại văn bản từ tệp này"
                        .into(),
                ),
                association_kind: AssociationKind::Source,
                data: source.to_vec().into(),
                modification_date: created,
                compress: Some(true),
                location: None,
            })
            .ok_or_else(|| Error::Pdf(msg!("render-pdf-attach-twice")))?;
    }
    let mut m = metadata(meta);
    if let Some(d) = created {
        m = m.creation_date(d);
    }
    document.set_metadata(m);
    if tagged {
        let structure = super::structure(doc);
        document.set_outline(tag::outline(&structure, &drawn, &meta.title));
        document.set_tag_tree(tag::tag_tree(&structure, &mut drawn, &meta.language));
    }
    let bytes = document.finish().map_err(describe)?;
    if options.sign_fields && !spots.is_empty() {
        fields::add_signature_fields(bytes, &spots, tagged)
    } else {
        Ok(bytes)
    }
}

/// How an item is marked: real content (`Mark::Para`, `Mark::Label`) as a
/// span of its structure element, the rest as an artifact of `kind`.
fn content_tag(mark: Mark, kind: ArtifactType) -> ContentTag<'static> {
    match mark {
        Mark::Artifact => ContentTag::Artifact(Artifact::with_kind(kind)),
        Mark::Para(_) | Mark::Label(_) => ContentTag::Span(SpanTag::empty()),
    }
}

/// Draws with `draw` inside a marked-content sequence tagged `tag`, and
/// returns its identifier for the structure (a dummy for an artifact);
/// `None` (an untagged file) marks nothing.
fn marked(
    surface: &mut Surface,
    tag: Option<ContentTag>,
    draw: impl FnOnce(&mut Surface),
) -> Option<Identifier> {
    let Some(tag) = tag else {
        draw(surface);
        return None;
    };
    let id = surface.start_tagged(tag);
    draw(surface);
    surface.end_tagged();
    Some(id)
}

/// What kind of artifact a text not part of the content is.
fn artifact(role: Role) -> ArtifactType {
    match role {
        Role::PageNumber => ArtifactType::PageNumber,
        // A repeated table header.
        _ => ArtifactType::PaginationOther,
    }
}

/// krilla's configuration for a standard; its validators then refuse to
/// write anything the standard forbids.
fn configuration(standard: PdfStandard) -> Result<Configuration> {
    let mut builder = ConfigurationBuilder::new();
    if let Some(a) = standard.archive {
        builder = builder.with_archival_validator(match a {
            Archive::A2b => Archival::A2_B,
            Archive::A2u => Archival::A2_U,
            Archive::A2a => Archival::A2_A,
            Archive::A3b => Archival::A3_B,
            Archive::A3u => Archival::A3_U,
            Archive::A3a => Archival::A3_A,
        });
    }
    if standard.ua1 {
        builder = builder.with_accessibility_validator(Accessibility::UA1);
    }
    builder.finish().map_err(|e| {
        Error::Pdf(msg!(
            "render-pdf-configure",
            standard = standard.to_string(),
            reason = format!("{e:?}")
        ))
    })
}

fn date_time(t: Timestamp) -> DateTime {
    let mut d = DateTime::new(t.year);
    if let Some(m) = t.month {
        d = d.month(m);
    }
    if let Some(day) = t.day {
        d = d.day(day);
    }
    if let Some((h, min, s)) = t.time {
        d = d.hour(h).minute(min).second(s);
    }
    if let Some(off) = t.offset_minutes {
        d = d
            .utc_offset_hour((off / 60) as i8)
            .utc_offset_minute((off % 60).unsigned_abs() as u8);
    }
    d
}

fn write_image(surface: &mut Surface, at: Point, i: &ImageItem) -> Result<()> {
    // No /Interpolate: PDF/A forbids it (viewers smooth scaled images anyway).
    let image = Image::from_png(i.picture.data.clone().into(), false).map_err(|e| {
        Error::Pdf(msg!(
            "render-pdf-image",
            image = i.picture.source.as_str(),
            reason = e.to_string()
        ))
    })?;
    let Some(size) = Size::from_wh(i.width, i.height) else {
        return Ok(());
    };
    surface.push_transform(&Transform::from_translate(at.x, at.y));
    surface.draw_image(image, size);
    surface.pop();
    Ok(())
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
            let end = t
                .glyphs
                .iter()
                .skip(i + 1)
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
    // The number and symbol lead the keywords, so archives can search them.
    let keywords: Vec<String> = std::iter::once(format!("Số {}", meta.reference))
        .chain(meta.keywords.iter().cloned())
        .chain(
            meta.stamp
                .as_ref()
                .map(|s| crate::batch::stamp::pdf_keyword(&s.pdf)),
        )
        .collect();
    let mut m = Metadata::new()
        .title(meta.title.clone())
        .authors(vec![meta.author.clone()])
        .language(meta.language.clone())
        .creator(format!("vanban {}", env!("CARGO_PKG_VERSION")))
        .producer(format!("vanban {} (krilla)", env!("CARGO_PKG_VERSION")));
    if let Some(s) = &meta.subject {
        m = m.description(s.clone());
    }
    m.keywords(keywords)
}

/// Says what went wrong in words a user can act on, never a Debug dump.
fn describe(e: krilla::error::KrillaError) -> Error {
    use krilla::error::KrillaError as K;
    Error::Pdf(match e {
        K::Font(_, reason) => msg!("render-pdf-font", reason = reason),
        K::Validation(errors) => {
            let list = |lang| {
                errors
                    .iter()
                    .map(|(v, _)| validation_message(v).text(lang))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            msg!(
                "render-pdf-standard-broken",
                list = list(Lang::En),
                list_vi = list(Lang::Vi)
            )
        }
        K::Limit(l) => msg!("render-pdf-size-limit", limit = format!("{l:?}")),
        other => msg!("render-pdf-writer", reason = format!("{other:?}")),
    })
}

fn validation_message(v: &ValidationError) -> Msg {
    let what = match v {
        ValidationError::ContainsNotDefGlyph(..) => "notdef",
        ValidationError::NoCodepointMapping(..) | ValidationError::InvalidCodepointMapping(..) => {
            "mapping"
        }
        ValidationError::UnicodePrivateArea(..) => "private",
        ValidationError::RestrictedLicense(..) => "licence",
        ValidationError::TooLongString => "long-string",
        ValidationError::MissingDocumentDate => "date",
        ValidationError::EmbeddedFile(..) => "embedded",
        other => {
            return msg!(
                "render-pdf-rule",
                what = "other",
                rule = format!("{other:?}")
            );
        }
    };
    msg!("render-pdf-rule", what = what, rule = "")
}
