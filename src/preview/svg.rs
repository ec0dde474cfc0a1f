//! SVG previews: the page in points (the viewBox is the page size), one
//! `<path>` per text run holding its glyphs' outlines, a `<rect>` per rule,
//! an `<image>` per picture (its PNG inline, as a data URL).

use std::fmt::Write as _;

use base64ct::Encoding as _;

use super::outline::{Faces, Sink};
use crate::error::{Error, Result};
use crate::pdf::{Item, Page};
use crate::text::FontSet;

/// `page` as an SVG document: white paper, black text and rules, the images
/// with their transparency; lengths in points, to 1/100 point.
pub fn svg(page: &Page, fonts: &FontSet) -> Result<String> {
    let (w, h) = (page.width, page.height);
    if !(w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0) {
        return Err(Error::Preview(crate::msg!(
            "preview-page-size",
            w = w.to_string(),
            h = h.to_string()
        )));
    }
    let faces = Faces::new(fonts)?;
    let mut out = String::with_capacity(64 * 1024);
    // `write!` into a String cannot fail: its results are ignored below.
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}pt\" height=\"{h}pt\" \
         viewBox=\"0 0 {w} {h}\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n",
        w = num(w),
        h = num(h)
    );
    for (at, item) in &page.items {
        match item {
            Item::Text(t) => {
                let mut d = PathData(String::new());
                if faces.text(*at, t, &mut d) {
                    let _ = writeln!(out, "<path class=\"text\" d=\"{}\"/>", d.0.trim_end());
                }
            }
            Item::Rule(r) => {
                let _ = writeln!(
                    out,
                    "<rect class=\"rule\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                    num(at.x),
                    num(at.y),
                    num(r.width),
                    num(r.height)
                );
            }
            Item::Image(i) => {
                let data = base64ct::Base64::encode_string(&i.picture.data);
                let _ = writeln!(
                    out,
                    "<image class=\"image\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
                     preserveAspectRatio=\"none\" href=\"data:image/png;base64,{data}\"/>",
                    num(at.x),
                    num(at.y),
                    num(i.width),
                    num(i.height)
                );
            }
            // Invisible on the printed page, and so in its preview.
            Item::SignField(_) => {}
        }
    }
    out.push_str("</svg>\n");
    Ok(out)
}

/// A length to 1/100 point, without trailing zeros (`12.5`, `3`, `-0.25`).
fn num(v: f32) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match s {
        "-0" | "" => "0".to_string(),
        s => s.to_string(),
    }
}

/// Glyph outlines as SVG path data.
struct PathData(String);

impl Sink for PathData {
    fn move_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "M{} {} ", num(x), num(y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "L{} {} ", num(x), num(y));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let _ = write!(self.0, "Q{} {} {} {} ", num(x1), num(y1), num(x), num(y));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let _ = write!(
            self.0,
            "C{} {} {} {} {} {} ",
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(x),
            num(y)
        );
    }
    fn close(&mut self) {
        self.0.push_str("Z ");
    }
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn lengths_are_short_and_exact_to_a_hundredth() {
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(595.2756), "595.28");
        assert_eq!(num(f32::NAN), "0");
        assert_eq!(num(100.0), "100");
    }
}
