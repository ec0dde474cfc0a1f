//! Line breaking: Unicode line-break opportunities (UAX #14, via
//! `unicode-linebreak`), greedy filling, justification by widening spaces.
//!
//! Written here rather than taken from a crate: the layout crates that break
//! lines (cosmic-text, parley) bring their own font stacks and shapers, and we
//! need the breaks computed on our own shaped glyphs so that the PDF and the
//! rules sized to text agree to the point.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::font::FaceId;
use super::shape::{Glyph, Shaper};
use crate::layout::TextAlign;

/// A piece of a paragraph's text in one face.
#[derive(Debug, Clone, PartialEq)]
pub struct TextPiece<'t> {
    /// The text.
    pub text: &'t str,
    /// The face.
    pub face: FaceId,
    /// Underlined.
    pub underline: bool,
    /// A paragraph's number or list marker: its own run, never merged with
    /// the text after it, so that a tagged PDF can mark it as the label.
    pub label: bool,
}

/// A laid-out line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Offset of the line's start from the paragraph's left edge.
    pub x: f32,
    /// The line's width as drawn (justified lines fill the measure).
    pub width: f32,
    /// The pieces of the line, each in one face.
    pub runs: Vec<LineRun>,
}

/// Glyphs of one face on one line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineRun {
    /// The face.
    pub face: FaceId,
    /// Offset from the line's start.
    pub x: f32,
    /// Width.
    pub width: f32,
    /// The text the glyphs draw.
    pub text: String,
    /// The glyphs; clusters are byte offsets into `text`.
    pub glyphs: Vec<Glyph>,
    /// Underlined.
    pub underline: bool,
    /// The paragraph's label (see [`TextPiece::label`]).
    pub label: bool,
}

/// The measure a paragraph is set in.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    /// The width available.
    pub width: f32,
    /// Indent of every line.
    pub left_indent: f32,
    /// Extra indent of the first line.
    pub first_indent: f32,
    /// Alignment.
    pub align: TextAlign,
}

/// A paragraph's pieces shaped as one text.
struct Shaped<'t> {
    text: String,
    glyphs: Vec<Placed<'t>>,
    /// The advance of all the glyphs.
    total: f32,
}

/// A glyph of a [`Shaped`] text.
#[derive(Clone, Copy)]
struct Placed<'t> {
    glyph: Glyph,
    /// The advance of the glyphs before it.
    x: f32,
    /// Where its piece starts and ends in the text, and the piece.
    piece: (usize, usize, &'t TextPiece<'t>),
}

impl<'t> Shaped<'t> {
    /// Index of the first glyph at or after text position `pos`.
    fn glyph_at(&self, pos: usize) -> usize {
        self.glyphs.partition_point(|g| g.glyph.cluster < pos)
    }

    /// The advance of the glyphs before text position `pos`.
    fn x_at(&self, pos: usize) -> f32 {
        self.glyphs
            .get(self.glyph_at(pos))
            .map_or(self.total, |g| g.x)
    }

    /// Glyphs `g0..g1` (none if the range is empty).
    fn range(&self, g0: usize, g1: usize) -> &[Placed<'t>] {
        self.glyphs.get(g0..g1).unwrap_or(&[])
    }

    fn width(&self, a: usize, b: usize) -> f32 {
        self.x_at(b) - self.x_at(a)
    }

    fn trim_end(&self, a: usize, b: usize) -> usize {
        self.text.get(a..b).map_or(a, |t| a + t.trim_end().len())
    }

    fn is_space(&self, g: &Placed<'_>) -> bool {
        self.text
            .get(g.glyph.cluster..)
            .is_some_and(|t| t.starts_with(' '))
    }
}

/// Breaks a document paragraph (its label, then its runs) into lines within
/// `width`: the one measurement the PDF typesetter and the DOCX rules share.
pub fn break_para(shaper: &Shaper, p: &crate::doc::Para, width: f32) -> Vec<Line> {
    let s = &p.style;
    let label = p.label.as_ref().map(|l| format!("{} ", l.text));
    let label_piece = label.as_deref().map(|text| TextPiece {
        text,
        face: FaceId::of(s.bold, s.italic),
        underline: false,
        label: true,
    });
    let pieces: Vec<TextPiece> = label_piece
        .into_iter()
        .chain(
            p.runs
                .iter()
                .filter(|r| !r.text.is_empty())
                .map(|r| TextPiece {
                    text: &r.text,
                    face: FaceId::of(r.bold, r.italic),
                    underline: r.underline,
                    label: false,
                }),
        )
        .collect();
    let measure = Measure {
        width,
        left_indent: s.left_indent,
        first_indent: s.first_indent,
        align: s.align,
    };
    break_lines(shaper, &pieces, s.size, measure)
}

/// Breaks a paragraph into lines.
pub fn break_lines(shaper: &Shaper, pieces: &[TextPiece], size: f32, m: Measure) -> Vec<Line> {
    let s = shape_pieces(shaper, pieces, size);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut last_fit: Option<usize> = None;
    let opportunities: Vec<(usize, BreakOpportunity)> = linebreaks(&s.text).collect();
    let mut k = 0;
    while let Some(&(pos, kind)) = opportunities.get(k) {
        let avail = avail(&m, lines.is_empty());
        let w = s.width(start, s.trim_end(start, pos));
        if w <= avail + 0.01 {
            if kind == BreakOpportunity::Mandatory {
                lines.push(make_line(&s, start, pos, &m, lines.is_empty(), false));
                start = pos;
                last_fit = None;
            } else {
                last_fit = Some(pos);
            }
            k += 1;
        } else if let Some(fit) = last_fit.take() {
            lines.push(make_line(&s, start, fit, &m, lines.is_empty(), true));
            start = fit;
        } else {
            // One word wider than the line (a long URL): break inside it.
            let cut = emergency_cut(&s, start, pos, avail);
            lines.push(make_line(&s, start, cut, &m, lines.is_empty(), false));
            start = cut;
            if cut >= pos {
                // The opportunity is used up: no empty line after it.
                last_fit = None;
                k += 1;
            }
        }
    }
    if lines.is_empty() {
        lines.push(make_line(&s, 0, s.text.len(), &m, true, false));
    }
    lines
}

fn avail(m: &Measure, first: bool) -> f32 {
    m.width - m.left_indent - if first { m.first_indent } else { 0.0 }
}

fn shape_pieces<'t>(shaper: &Shaper, pieces: &'t [TextPiece<'t>], size: f32) -> Shaped<'t> {
    let mut text = String::new();
    let mut glyphs = Vec::new();
    let mut x = 0.0;
    for p in pieces {
        let start = text.len();
        text.push_str(p.text);
        let piece = (start, text.len(), p);
        for mut glyph in shaper.shape(p.text, p.face, size) {
            glyph.cluster += start;
            glyphs.push(Placed { glyph, x, piece });
            x += glyph.advance;
        }
    }
    Shaped {
        text,
        glyphs,
        total: x,
    }
}

/// The last cluster boundary in `start..end` where the text still fits (at
/// least one cluster, so that the loop always advances).
fn emergency_cut(s: &Shaped, start: usize, end: usize, avail: f32) -> usize {
    let (g0, g1) = (s.glyph_at(start), s.glyph_at(end));
    let x0 = s.x_at(start);
    let cut = s
        .range(g0, g1)
        .iter()
        .skip(1)
        .find(|g| g.x + g.glyph.advance - x0 > avail)
        .map_or(end, |g| g.glyph.cluster);
    if cut <= start {
        // Take at least one whole cluster.
        s.range(g0, g1)
            .iter()
            .map(|g| g.glyph.cluster)
            .find(|&c| c > start)
            .unwrap_or(end)
    } else {
        cut
    }
}

fn make_line(
    s: &Shaped,
    start: usize,
    end: usize,
    m: &Measure,
    first: bool,
    justify: bool,
) -> Line {
    let te = s.trim_end(start, end);
    let natural = s.width(start, te);
    let avail = avail(m, first);
    let (g0, g1) = (s.glyph_at(start), s.glyph_at(te));
    let spaces = s.range(g0, g1).iter().filter(|g| s.is_space(g)).count();
    let stretch = if justify && m.align == TextAlign::Justify && spaces > 0 && natural < avail {
        (avail - natural) / spaces as f32
    } else {
        0.0
    };
    let width = natural + stretch * spaces as f32;
    let indent = m.left_indent + if first { m.first_indent } else { 0.0 };
    let x = match m.align {
        TextAlign::Left | TextAlign::Justify => indent,
        TextAlign::Center => indent + (avail - width) / 2.0,
        TextAlign::Right => indent + avail - width,
    };
    // Consecutive pieces in the same face and underline make one run; each
    // run remembers where its text starts in the paragraph.
    let mut runs: Vec<(usize, LineRun)> = Vec::new();
    let mut pen = 0.0;
    for placed in s.range(g0, g1) {
        let (p_start, p_end, p) = placed.piece;
        let same = runs.last().is_some_and(|(_, r)| {
            r.face == p.face && r.underline == p.underline && r.label == p.label
        });
        if !same {
            let text_start = p_start.max(start);
            runs.push((
                text_start,
                LineRun {
                    face: p.face,
                    x: pen,
                    width: 0.0,
                    text: String::new(),
                    glyphs: Vec::new(),
                    underline: p.underline,
                    label: p.label,
                },
            ));
        }
        let mut glyph = placed.glyph;
        if s.is_space(placed) {
            glyph.advance += stretch;
        }
        pen += glyph.advance;
        if let Some((text_start, run)) = runs.last_mut() {
            glyph.cluster -= *text_start;
            run.text = s
                .text
                .get(*text_start..p_end.min(te))
                .unwrap_or_default()
                .to_string();
            run.width += glyph.advance;
            run.glyphs.push(glyph);
        }
    }
    let runs = runs.into_iter().map(|(_, r)| r).collect();
    Line { x, width, runs }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::FontSet;

    fn measure(width: f32, align: TextAlign) -> Measure {
        Measure {
            width,
            left_indent: 0.0,
            first_indent: 20.0,
            align,
        }
    }

    #[test]
    fn justified_lines_fill_the_measure_but_the_last() {
        let fonts = FontSet::built_in().unwrap();
        let sh = Shaper::new(&fonts).unwrap();
        let text = "Đảng ủy, HĐND phường đã ban hành Nghị quyết về lãnh đạo nhiệm vụ chính trị, kinh tế - xã hội, QP-AN năm 2023 và nhiều văn bản khác.";
        let piece = [TextPiece {
            text,
            face: FaceId::Regular,
            underline: false,
            label: false,
        }];
        let lines = break_lines(&sh, &piece, 14.0, measure(300.0, TextAlign::Justify));
        assert!(lines.len() >= 3);
        assert!((lines[0].x - 20.0).abs() < 1e-3);
        assert!((lines[0].x + lines[0].width - 300.0).abs() < 0.01);
        assert!((lines[1].width - 300.0).abs() < 0.01);
        assert!(lines.last().unwrap().width < 299.0);
        // No text is lost or duplicated: the lines' texts rejoin to the input
        // (breaks fall after spaces, or after a hyphen as in `QP-AN`).
        let joined: String = lines
            .iter()
            .flat_map(|l| l.runs.iter().map(|r| r.text.as_str()))
            .collect();
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        assert_eq!(squash(&joined), squash(text));
    }

    #[test]
    fn forced_breaks_and_long_words_break() {
        let fonts = FontSet::built_in().unwrap();
        let sh = Shaper::new(&fonts).unwrap();
        let piece = [TextPiece {
            text: "ỦY BAN NHÂN DÂN\nPHƯỜNG LAM SƠN",
            face: FaceId::Bold,
            underline: false,
            label: false,
        }];
        let lines = break_lines(&sh, &piece, 13.0, measure(400.0, TextAlign::Center));
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].runs[0].text, "PHƯỜNG LAM SƠN");
        let url = [TextPiece {
            text: "https://quantri.dichvucong.gov.vn/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            face: FaceId::Regular,
            underline: false,
            label: false,
        }];
        let lines = break_lines(&sh, &url, 14.0, measure(120.0, TextAlign::Left));
        assert!(lines.len() > 2);
        assert!(lines.iter().skip(1).all(|l| l.width <= 120.0 + 0.01));
        // Narrower than one letter: one whole letter per line, never a split character.
        let word = [TextPiece {
            text: "ĐƯỜNGỮỮ",
            face: FaceId::Bold,
            underline: false,
            label: false,
        }];
        let lines = break_lines(&sh, &word, 14.0, measure(8.0, TextAlign::Left));
        let texts: Vec<&str> = lines.iter().map(|l| l.runs[0].text.as_str()).collect();
        assert_eq!(texts, ["Đ", "Ư", "Ờ", "N", "G", "Ữ", "Ữ"]);
    }
}
