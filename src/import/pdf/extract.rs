//! What hayro's interpreter draws on a page, kept as the reader needs it:
//! each glyph with its Unicode text, baseline origin, advance, size and the
//! emphasis of its font; each straight rule (a stroked line, or a filled
//! rectangle thin enough to be one); and how many images were drawn.
//! Coordinates are in points from the top left corner of the crop box.

use hayro_cmap::BfString;
use hayro_interpret::font::{Glyph as HayroGlyph, GlyphRun};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageDrawProps, SoftMask,
};
use kurbo::{Affine, BezPath, PathSeg, Point, Shape};

/// Most glyphs a document may hold before the reader stops: far above any
/// administrative document (a 100-page report is some 300,000).
pub(crate) const MAX_GLYPHS: usize = 3_000_000;
/// Most rules one page may draw (a hostile page could draw millions).
const MAX_RULES: usize = 50_000;

/// One glyph as drawn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    /// Left of the glyph's origin.
    pub x: f64,
    /// The baseline, from the top of the page.
    pub y: f64,
    /// The advance (how far the next glyph starts).
    pub w: f64,
    /// The font size (the em, in points).
    pub size: f64,
    /// Its Unicode text (U+FFFD when the font gives none).
    pub text: String,
    /// Drawn in a bold font.
    pub bold: bool,
    /// Drawn in an italic font.
    pub italic: bool,
}

impl Glyph {
    /// A space (or other white space) glyph: not ink.
    pub fn is_space(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }

    /// The right edge of its advance.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
}

/// A straight horizontal or vertical rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rule {
    /// Left (or the x of a vertical rule).
    pub x0: f64,
    /// Top (or the y of a horizontal rule).
    pub y0: f64,
    /// Right (the same as `x0` for a vertical rule).
    pub x1: f64,
    /// Bottom (the same as `y0` for a horizontal rule).
    pub y1: f64,
}

impl Rule {
    /// Whether it runs left to right.
    pub fn horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() < (self.x1 - self.x0).abs()
    }
}

/// What one page holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PageContent {
    /// Page width in points.
    pub width: f64,
    /// Page height in points.
    pub height: f64,
    /// The glyphs in drawing order.
    pub glyphs: Vec<Glyph>,
    /// The straight rules.
    pub rules: Vec<Rule>,
    /// How many images were drawn.
    pub images: usize,
}

/// A hayro device that records glyphs, rules and images.
pub(crate) struct Collector {
    /// The page being read.
    pub page: PageContent,
    /// Maps PDF user space to top-down page coordinates.
    pub flip: Affine,
    /// How many glyphs may still be kept (shared over the document).
    pub budget: usize,
}

impl Collector {
    fn rule(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) {
        if self.page.rules.len() >= MAX_RULES {
            return;
        }
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        if [x0, x1, y0, y1].iter().all(|v| v.is_finite()) {
            self.page.rules.push(Rule { x0, y0, x1, y1 });
        }
    }
}

/// Whether a font name says bold (`…-Bold`, `,BoldItalic`, `…Semibold`,
/// `Black`, `Heavy`).
pub(crate) fn bold_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["bold", "black", "heavy", "semibold", "demi"]
        .iter()
        .any(|w| n.contains(w))
}

/// Whether a font name says italic.
pub(crate) fn italic_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("italic") || n.contains("oblique")
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, mode: &DrawMode) {
        let t = self.flip * props.transform;
        let path = t * path.clone();
        match mode {
            DrawMode::Stroke(_) | DrawMode::FillAndStroke(..) => {
                for seg in path.segments() {
                    if let PathSeg::Line(l) = seg {
                        let (a, b) = (l.p0, l.p1);
                        let straight = (a.x - b.x).abs() < 0.8 || (a.y - b.y).abs() < 0.8;
                        if straight && (a - b).hypot() > 2.0 {
                            self.rule(a.x, a.y, b.x, b.y);
                        }
                    }
                }
            }
            DrawMode::Fill(_) => {
                // Word draws cell borders and header rules as thin filled
                // rectangles: one thin in one direction and long in the
                // other is a rule along its middle.
                let bb = path.bounding_box();
                let (w, h) = (bb.width(), bb.height());
                if h <= 2.5 && w > 2.0 {
                    let y = (bb.y0 + bb.y1) / 2.0;
                    self.rule(bb.x0, y, bb.x1, y);
                } else if w <= 2.5 && h > 2.0 {
                    let x = (bb.x0 + bb.x1) / 2.0;
                    self.rule(x, bb.y0, x, bb.y1);
                }
            }
            DrawMode::Invisible => {}
        }
    }

    fn push_clip_path(&mut self, _: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, _: &DrawMode) {
        // Invisible text (an OCR layer over a scan) is kept: it is the
        // text the file holds.
        for g in run.glyphs() {
            if self.budget == 0 {
                return;
            }
            let t = self.flip * props.transform * g.transform();
            let origin = t * Point::ZERO;
            let size = (t * Point::new(0.0, 1000.0) - origin).hypot();
            let (advance, bold, italic) = match &**g {
                HayroGlyph::Outline(o) => {
                    let (bold, italic) = match o.font_data() {
                        Some(d) => {
                            let name = d.postscript_name.unwrap_or_default();
                            (
                                d.weight.is_some_and(|w| w >= 600) || bold_name(&name),
                                d.is_italic || italic_name(&name),
                            )
                        }
                        None => (false, false),
                    };
                    (o.advance_width(), bold, italic)
                }
                HayroGlyph::Type3(t3) => (t3.advance_width(), false, false),
            };
            let advance = f64::from(advance.unwrap_or(500.0));
            let w = (t * Point::new(advance, 0.0) - origin).hypot();
            let text = match g.as_unicode() {
                Some(BfString::Char(c)) => c.to_string(),
                Some(BfString::String(s)) => s,
                None => '\u{FFFD}'.to_string(),
            };
            if !(origin.x.is_finite() && origin.y.is_finite() && size.is_finite() && w.is_finite())
                || size < 0.5
            {
                continue;
            }
            self.budget -= 1;
            self.page.glyphs.push(Glyph {
                x: origin.x,
                y: origin.y,
                w,
                size,
                text,
                bold,
                italic,
            });
        }
    }

    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {
        self.page.images += 1;
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}
