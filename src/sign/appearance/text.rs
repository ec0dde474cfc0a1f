//! Lines of text as filled glyph outlines. A PDF/A file may use no font it
//! does not embed, and an appearance stream that embedded a subset of its
//! own would need a font program writer; the outlines of the built-in
//! Liberation Serif, shaped by the project's shaper (so Vietnamese marks sit
//! where the font puts them), draw the same letters with plain paths.

use std::fmt::Write;

use ttf_parser::{GlyphId, OutlineBuilder};
use unicode_normalization::UnicodeNormalization;

use super::num;
use crate::error::{Error, Result};
use crate::text::font::{FaceId, FontSet};
use crate::text::shape::Shaper;

/// Lines of text drawn as paths: the content of a form XObject and its size.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBlock {
    /// Width of the widest line, in points.
    pub width: f32,
    /// Height from the first line's ascender to the last line's descender.
    pub height: f32,
    /// The content stream (black fill).
    pub content: Vec<u8>,
}

/// `lines` at `size` points, left-aligned, one line per 1.2 × `size`, black.
/// A line break inside a line starts another line; a character the built-in
/// font cannot draw is refused (it would show as an empty box).
pub fn text_block(lines: &[String], size: f32) -> Result<TextBlock> {
    let fonts = FontSet::built_in()?;
    // NFC: a decomposed letter (a base and its marks) shapes as the
    // precomposed one the font has.
    let lines: Vec<String> = lines
        .iter()
        .flat_map(|l| l.split(['\n', '\r']))
        .map(|l| l.trim().nfc().collect::<String>())
        .filter(|l| !l.is_empty())
        .collect();
    for line in &lines {
        if let Some(ch) = line.chars().find(|&c| c != ' ' && !fonts.covers(c)) {
            return Err(Error::Sign(crate::msg!(
                "sign-text-character",
                line = line,
                code = format!("U+{:04X}", u32::from(ch))
            )));
        }
    }
    let shaper = Shaper::new(&fonts)?;
    let font = fonts.face(FaceId::Regular);
    let face = ttf_parser::Face::parse(&font.data, 0)
        .map_err(|e| Error::Sign(crate::msg!("sign-font-unreadable", reason = e.to_string())))?;
    let scale = size / font.units_per_em;
    let leading = size * 1.2;
    let count = lines.len().max(1) as f32;
    let height = (count - 1.0) * leading + (font.ascender + font.descender) * size;
    let mut path = Path {
        out: String::new(),
        scale,
        origin: (0.0, 0.0),
        current: (0.0, 0.0),
    };
    let mut width: f32 = 0.0;
    for (i, line) in lines.iter().enumerate() {
        let baseline = height - font.ascender * size - i as f32 * leading;
        let mut pen = 0.0;
        for g in shaper.shape(line, FaceId::Regular, size) {
            path.origin = (pen + g.x_offset, baseline + g.y_offset);
            face.outline_glyph(GlyphId(g.id), &mut path);
            pen += g.advance;
        }
        width = width.max(pen);
    }
    let mut content = String::from("0 g\n");
    content.push_str(&path.out);
    if !path.out.is_empty() {
        content.push_str("f\n");
    }
    Ok(TextBlock {
        width,
        height,
        content: content.into_bytes(),
    })
}

/// Writes glyph outlines (font units) as path operators (points).
struct Path {
    out: String,
    scale: f32,
    origin: (f32, f32),
    /// The current point, in points: a quadratic segment becomes a cubic one
    /// from it.
    current: (f32, f32),
}

impl Path {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (
            self.origin.0 + x * self.scale,
            self.origin.1 + y * self.scale,
        )
    }
}

impl Path {
    /// A cubic segment to `p`, in points.
    fn cubic(&mut self, c1: (f32, f32), c2: (f32, f32), p: (f32, f32)) {
        let _ = writeln!(
            self.out,
            "{} {} {} {} {} {} c",
            num(c1.0),
            num(c1.1),
            num(c2.0),
            num(c2.1),
            num(p.0),
            num(p.1)
        );
        self.current = p;
    }
}

impl OutlineBuilder for Path {
    fn move_to(&mut self, x: f32, y: f32) {
        let p = self.at(x, y);
        let _ = writeln!(self.out, "{} {} m", num(p.0), num(p.1));
        self.current = p;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.at(x, y);
        let _ = writeln!(self.out, "{} {} l", num(p.0), num(p.1));
        self.current = p;
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        // PDF has no quadratic segment: the same curve as a cubic one.
        let (q, p, c) = (self.at(x1, y1), self.at(x, y), self.current);
        let c1 = (c.0 + 2.0 / 3.0 * (q.0 - c.0), c.1 + 2.0 / 3.0 * (q.1 - c.1));
        let c2 = (p.0 + 2.0 / 3.0 * (q.0 - p.0), p.1 + 2.0 / 3.0 * (q.1 - p.1));
        self.cubic(c1, c2, p);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (c1, c2, p) = (self.at(x1, y1), self.at(x2, y2), self.at(x, y));
        self.cubic(c1, c2, p);
    }

    fn close(&mut self) {
        self.out.push_str("h\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_lines_become_paths() {
        let lines = vec!["Ủy ban nhân dân".to_string(), "24.01.2025".to_string()];
        let b = text_block(&lines, 10.0).expect("text");
        let split = text_block(&["Ủy ban nhân dân\n24.01.2025".to_string()], 10.0).expect("text");
        assert!(split == b, "a line break starts a line");
        assert!(text_block(&["a\u{1}b".to_string()], 10.0).is_err());
        let nfd = text_block(
            &["U\u{309}y ban nha\u{302}n da\u{302}n\n24.01.2025".to_string()],
            10.0,
        );
        assert!(nfd.expect("text") == b, "NFD is composed");
        assert!(b.width > 50.0 && b.width < 100.0, "{}", b.width);
        assert!(b.height > 20.0 && b.height < 25.0, "{}", b.height);
        let c = String::from_utf8(b.content).expect("ascii");
        assert!(c.starts_with("0 g\n") && c.ends_with("f\n"));
        assert!(c.contains(" c\n") && c.contains(" m\n"));
        assert!(!c.contains("Tf"), "no font is used");
    }
}
