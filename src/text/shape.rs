//! Shaping with rustybuzz: kerning, ligatures off by the font's defaults, and
//! combining marks positioned by the font's GPOS/mark tables.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::str::FromStr;

use rustybuzz::{Direction, Face, Language, ShapePlan, UnicodeBuffer, script};

use super::font::{FaceId, FontSet};
use crate::error::{Error, Result};

/// One positioned glyph; lengths in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// The glyph id in its face.
    pub id: u16,
    /// Horizontal advance.
    pub advance: f32,
    /// Horizontal offset from the pen position.
    pub x_offset: f32,
    /// Vertical offset (up is positive).
    pub y_offset: f32,
    /// Byte offset of the glyph's cluster in the shaped text.
    pub cluster: usize,
}

/// A glyph in font units, as cached.
#[derive(Debug, Clone, Copy)]
struct UnitGlyph {
    id: u16,
    advance: i32,
    x_offset: i32,
    y_offset: i32,
    cluster: u32,
}

/// Shaped words of one face, in font units.
type WordCache = HashMap<Box<str>, Rc<[UnitGlyph]>>;

/// Shapes text with the four faces of a font set. Cheap to build per document.
///
/// Text is shaped word by word (between U+0020 spaces) and each word's glyphs
/// are cached: Vietnamese is written in short, heavily repeated syllables, so
/// most words are shaped once per document. The cost is kerning across a
/// space, which Times-metric fonts do not have.
pub struct Shaper<'a> {
    fonts: &'a FontSet,
    faces: Vec<(Face<'a>, ShapePlan)>,
    cache: [RefCell<WordCache>; 4],
}

impl<'a> Shaper<'a> {
    /// Parses the faces' shaping tables.
    pub fn new(fonts: &'a FontSet) -> Result<Self> {
        let language = Language::from_str("vi").ok();
        let mut faces = Vec::with_capacity(4);
        for id in FaceId::ALL {
            let f = fonts.face(id);
            let face = Face::from_slice(&f.data, 0).ok_or_else(|| Error::Font {
                file: f.source.clone(),
                message: crate::msg!("render-font-shaper"),
            })?;
            let plan = ShapePlan::new(
                &face,
                Direction::LeftToRight,
                Some(script::LATIN),
                language.as_ref(),
                &[],
            );
            faces.push((face, plan));
        }
        Ok(Self {
            fonts,
            faces,
            cache: Default::default(),
        })
    }

    /// The font set.
    pub fn fonts(&self) -> &'a FontSet {
        self.fonts
    }

    /// Shapes `text` in one face at `size` points.
    pub fn shape(&self, text: &str, face: FaceId, size: f32) -> Vec<Glyph> {
        let Some((f, _)) = self.faces.get(face as usize) else {
            return Vec::new();
        };
        let scale = size / f.units_per_em() as f32;
        let mut out = Vec::with_capacity(text.len());
        for (start, word) in words(text) {
            for u in self.shape_word(word, face).iter() {
                out.push(Glyph {
                    id: u.id,
                    advance: u.advance as f32 * scale,
                    x_offset: u.x_offset as f32 * scale,
                    y_offset: u.y_offset as f32 * scale,
                    cluster: start + u.cluster as usize,
                });
            }
        }
        out
    }

    fn shape_word(&self, word: &str, face: FaceId) -> Rc<[UnitGlyph]> {
        let cache = face.of_four(&self.cache);
        if let Some(hit) = cache.borrow().get(word) {
            return hit.clone();
        }
        let glyphs: Rc<[UnitGlyph]> = match self.faces.get(face as usize) {
            Some((f, plan)) => {
                let mut buffer = UnicodeBuffer::new();
                buffer.push_str(word);
                buffer.set_direction(Direction::LeftToRight);
                buffer.set_script(script::LATIN);
                let out = rustybuzz::shape_with_plan(f, plan, buffer);
                out.glyph_infos()
                    .iter()
                    .zip(out.glyph_positions())
                    .map(|(info, pos)| UnitGlyph {
                        id: info.glyph_id as u16,
                        advance: pos.x_advance,
                        x_offset: pos.x_offset,
                        y_offset: pos.y_offset,
                        cluster: info.cluster,
                    })
                    .collect()
            }
            None => Rc::from(Vec::new()),
        };
        cache.borrow_mut().insert(word.into(), glyphs.clone());
        glyphs
    }

    /// The advance width of `text` on one line.
    pub fn measure(&self, text: &str, face: FaceId, size: f32) -> f32 {
        self.shape(text, face, size).iter().map(|g| g.advance).sum()
    }
}

/// Splits text into words and single spaces, with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text;
    let mut at = 0;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let len = if rest.starts_with(' ') {
            1
        } else {
            rest.find(' ').unwrap_or(rest.len())
        };
        let (word, tail) = rest.split_at(len);
        let start = at;
        at += len;
        rest = tail;
        Some((start, word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kerning_and_marks_are_applied() {
        let fonts = FontSet::built_in().unwrap();
        let s = Shaper::new(&fonts).unwrap();
        // Kerning: "AV" is narrower than "A" + "V".
        let av = s.measure("AV", FaceId::Regular, 14.0);
        let sum = s.measure("A", FaceId::Regular, 14.0) + s.measure("V", FaceId::Regular, 14.0);
        assert!(av < sum - 0.1, "AV {av} vs {sum}");
        // A decomposed letter (NFD) is drawn as base + positioned mark, with no
        // advance for the mark.
        let g = s.shape("e\u{302}\u{301}", FaceId::Regular, 14.0);
        assert!(!g.is_empty());
        let w = s.measure("e\u{302}\u{301}", FaceId::Regular, 14.0);
        assert!((w - s.measure("e", FaceId::Regular, 14.0)).abs() < 0.01);
    }

    #[test]
    fn words_split_at_spaces_only() {
        let w: Vec<_> = words("Số: 05/BC  x").collect();
        assert_eq!(
            w,
            [
                (0, "Số:"),
                (5, " "),
                (6, "05/BC"),
                (11, " "),
                (12, " "),
                (13, "x")
            ]
        );
        let fonts = FontSet::built_in().unwrap();
        let s = Shaper::new(&fonts).unwrap();
        let g = s.shape("ab ab", FaceId::Regular, 10.0);
        assert_eq!(
            g.iter().map(|g| g.cluster).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        assert_eq!(g[0].id, g[3].id);
    }

    #[test]
    fn times_metrics_hold() {
        // Liberation Serif is metric-compatible with Times New Roman: the
        // space is 0.25 em, the digit 0.5 em.
        let fonts = FontSet::built_in().unwrap();
        let s = Shaper::new(&fonts).unwrap();
        assert!((s.measure(" ", FaceId::Regular, 12.0) - 3.0).abs() < 1e-4);
        assert!((s.measure("0", FaceId::Bold, 12.0) - 6.0).abs() < 1e-4);
    }
}
