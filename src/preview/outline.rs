//! Glyph outlines of a text run, in page points (y down), placed exactly as
//! the PDF writer places them: each glyph at the pen position plus its
//! offsets (`y_offset` is up, so subtracted), the pen moved by its advance,
//! the outline scaled by `size / units_per_em` and flipped (font units grow
//! upwards).

use crate::error::{Error, Result};
use crate::pdf::{Point, TextItem};
use crate::text::{FaceId, FontSet};

/// Where outlines go: a path in page points.
pub(super) trait Sink {
    fn move_to(&mut self, x: f32, y: f32);
    fn line_to(&mut self, x: f32, y: f32);
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32);
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32);
    fn close(&mut self);
}

/// The four faces parsed for their outlines, in [`FaceId::ALL`] order.
pub(super) struct Faces<'a> {
    faces: Vec<(ttf_parser::Face<'a>, f32)>,
}

impl<'a> Faces<'a> {
    pub(super) fn new(fonts: &'a FontSet) -> Result<Self> {
        let mut faces = Vec::with_capacity(4);
        for id in FaceId::ALL {
            let f = fonts.face(id);
            let face = ttf_parser::Face::parse(&f.data, 0).map_err(|e| Error::Font {
                file: f.source.clone(),
                message: crate::msg!("preview-font-outlines", reason = e.to_string()),
            })?;
            faces.push((face, f.units_per_em));
        }
        Ok(Self { faces })
    }

    /// Sends the outlines of `t`'s glyphs, its baseline's left end at `at`,
    /// to `sink`; returns whether any glyph had an outline.
    pub(super) fn text(&self, at: Point, t: &TextItem, sink: &mut impl Sink) -> bool {
        let Some((face, upem)) = self.faces.get(t.face as usize) else {
            return false;
        };
        if *upem <= 0.0 {
            return false;
        }
        let scale = t.size / upem;
        let mut pen = at.x;
        let mut any = false;
        for g in &t.glyphs {
            let mut placed = Placed {
                x: pen + g.x_offset,
                y: at.y - g.y_offset,
                scale,
                sink: &mut *sink,
            };
            any |= face
                .outline_glyph(ttf_parser::GlyphId(g.id), &mut placed)
                .is_some();
            pen += g.advance;
        }
        any
    }
}

/// A glyph's outline builder: font units to page points.
struct Placed<'s, S: Sink> {
    x: f32,
    y: f32,
    scale: f32,
    sink: &'s mut S,
}

impl<S: Sink> Placed<'_, S> {
    fn p(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.scale, self.y - y * self.scale)
    }
}

impl<S: Sink> ttf_parser::OutlineBuilder for Placed<'_, S> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.p(x, y);
        self.sink.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.p(x, y);
        self.sink.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x1, y1) = self.p(x1, y1);
        let (x, y) = self.p(x, y);
        self.sink.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x1, y1) = self.p(x1, y1);
        let (x2, y2) = self.p(x2, y2);
        let (x, y) = self.p(x, y);
        self.sink.curve_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.sink.close();
    }
}
