//! Writes typeset pages with krilla: subset embedded fonts, ToUnicode maps
//! from our own shaped glyphs (so extracted text equals the input), document
//! metadata, images, the source as an associated file, PDF/A (krilla's
//! validator on: a violation is an error, never a non-conforming file). The
//! only module that imports krilla; signature fields are added afterwards
//! by [`super::fields`].

use std::ops::Range;

use krilla::configure::{Archival, Configuration, ConfigurationBuilder, ValidationError};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::{PathBuilder, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId};
use krilla::{Document, SerializeSettings};

use super::fields::{self, FieldSpot};
use super::typeset::{ImageItem, Item, Page, Point, RuleItem, TextItem};
use super::{PdfOptions, PdfStandard};
use crate::doc::{Meta, Timestamp};
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
/// `source` is the input JSON, attached when `options.attach_source`.
pub fn write_pdf(
    pages: &[Page],
    meta: &Meta,
    fonts: &FontSet,
    options: &PdfOptions,
    source: &[u8],
) -> Result<Vec<u8>> {
    let settings = SerializeSettings {
        configuration: configuration(options.standard)?,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut faces = Vec::with_capacity(4);
    for id in FaceId::ALL {
        let f = fonts.face(id);
        let font = Font::new(f.data.clone().into(), 0).ok_or_else(|| Error::Font {
            file: f.source.clone(),
            message: "the PDF writer cannot read this font".into(),
        })?;
        faces.push(font);
    }
    let mut spots = Vec::new();
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
                Item::Text(t) => write_text(&mut surface, *at, t, &faces),
                Item::Rule(r) => write_rule(&mut surface, *at, r),
                Item::Image(i) => write_image(&mut surface, *at, i)?,
                Item::SignField(f) => spots.push(FieldSpot {
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
                }),
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
    let bytes = document.finish().map_err(describe)?;
    if options.sign_fields && !spots.is_empty() {
        fields::add_signature_fields(bytes, &spots)
    } else {
        Ok(bytes)
    }
}

/// krilla's configuration for a standard; its validator then refuses to
/// write anything the standard forbids.
fn configuration(standard: PdfStandard) -> Result<Configuration> {
    let archival = match standard {
        PdfStandard::A2b => Archival::A2_B,
        PdfStandard::A2u => Archival::A2_U,
        PdfStandard::A3b => Archival::A3_B,
        PdfStandard::None => return Ok(Configuration::default()),
    };
    ConfigurationBuilder::new()
        .with_archival_validator(archival)
        .finish()
        .map_err(|e| {
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
