//! Glyphs into lines, lines into paragraphs, and the two-column bands of a
//! page (the header's issuer beside the quốc hiệu; Nơi nhận beside the
//! signature) — by position alone, on the glyph lists of
//! [`super::extract`].

use super::extract::Glyph;
use crate::import::source::{SourceAlign, SourcePara};
use crate::input::Run;

/// A gap between two glyphs wider than this many ems is a word space
/// (PDFs often draw no space glyph).
const SPACE_EM: f64 = 0.18;
/// A gap wider than this many ems splits a line into segments (the two
/// columns of the header; a signature beside Nơi nhận).
const GUTTER_EM: f64 = 2.0;

/// One line of text: glyphs on one baseline, left to right.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    /// The glyphs, left to right.
    pub glyphs: Vec<Glyph>,
    /// The baseline.
    pub y: f64,
    /// The font size (the largest of its glyphs).
    pub size: f64,
}

impl Line {
    /// The left edge of its first ink.
    pub fn x0(&self) -> f64 {
        self.ink().map(|g| g.x).fold(f64::INFINITY, f64::min)
    }

    /// The right edge of its last ink.
    pub fn x1(&self) -> f64 {
        self.ink()
            .map(Glyph::right)
            .fold(f64::NEG_INFINITY, f64::max)
    }

    fn ink(&self) -> impl Iterator<Item = &Glyph> {
        self.glyphs.iter().filter(|g| !g.is_space())
    }

    /// Whether it has any ink.
    pub fn is_blank(&self) -> bool {
        self.ink().next().is_none()
    }

    /// Whether every ink glyph is bold.
    pub fn bold(&self) -> bool {
        self.ink().all(|g| g.bold)
    }

    /// The text with spaces where the gaps say, as runs of one emphasis.
    pub fn runs(&self) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        let mut prev: Option<&Glyph> = None;
        let mut pending_space = false;
        for g in &self.glyphs {
            if g.is_space() {
                pending_space = prev.is_some();
                continue;
            }
            let gap = prev.map_or(0.0, |p| g.x - p.right());
            // A space glyph counts only where the ink leaves room for it: a
            // signing tool writes the number into the blank of `Số:    /`
            // over the space glyphs.
            let em = g.size.max(1.0);
            let space = prev.is_some()
                && (gap > SPACE_EM * em || pending_space && gap > 0.4 * SPACE_EM * em);
            pending_space = false;
            let same = runs
                .last()
                .is_some_and(|r| r.bold == g.bold && r.italic == g.italic);
            if !same {
                runs.push(Run {
                    text: String::new(),
                    bold: g.bold,
                    italic: g.italic,
                    underline: false,
                });
            }
            if let Some(r) = runs.last_mut() {
                if space {
                    r.text.push(' ');
                }
                r.text.push_str(&g.text);
            }
            prev = Some(g);
        }
        // A space that opens a run belongs at the end of the one before.
        for i in 1..runs.len() {
            if runs.get(i).is_some_and(|r| r.text.starts_with(' ')) {
                if let Some(r) = runs.get_mut(i) {
                    r.text.remove(0);
                }
                if let Some(p) = runs.get_mut(i - 1) {
                    p.text.push(' ');
                }
            }
        }
        runs
    }

    /// The plain text.
    pub fn text(&self) -> String {
        self.runs().iter().map(|r| r.text.as_str()).collect()
    }

    /// The line cut at gaps wider than [`GUTTER_EM`], as lines of their own.
    pub fn segments(&self) -> Vec<Line> {
        let mut out: Vec<Line> = Vec::new();
        let mut cur: Vec<Glyph> = Vec::new();
        let mut last_right: Option<f64> = None;
        for g in &self.glyphs {
            if !g.is_space() {
                if let Some(r) = last_right
                    && g.x - r > GUTTER_EM * self.size
                {
                    out.push(self.with(std::mem::take(&mut cur)));
                }
                last_right = Some(g.right());
            }
            cur.push(g.clone());
        }
        if !cur.is_empty() {
            out.push(self.with(cur));
        }
        out.retain(|l| !l.is_blank());
        out
    }

    fn with(&self, glyphs: Vec<Glyph>) -> Line {
        Line {
            glyphs,
            y: self.y,
            size: self.size,
        }
    }
}

/// Groups glyphs into lines: a glyph joins a line whose baseline is within
/// a third of its size and whose size is not much different; lines come
/// top to bottom, glyphs left to right.
pub(crate) fn lines(glyphs: &[Glyph]) -> Vec<Line> {
    let mut sorted: Vec<&Glyph> = glyphs.iter().collect();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut out: Vec<Line> = Vec::new();
    for g in sorted {
        let fits = |l: &Line| {
            let small = l.size.min(g.size);
            (l.y - g.y).abs() <= 0.3 * small && l.size.max(g.size) <= 1.4 * small
        };
        // Only the last few lines can be near: the glyphs come by baseline.
        let at = out.iter().rev().take(4).position(fits);
        match at.and_then(|k| {
            let i = out.len().checked_sub(k + 1)?;
            out.get_mut(i)
        }) {
            Some(l) => {
                l.size = l.size.max(g.size);
                l.glyphs.push(g.clone());
            }
            None => out.push(Line {
                glyphs: vec![g.clone()],
                y: g.y,
                size: g.size,
            }),
        }
    }
    for l in &mut out {
        l.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    out.retain(|l| !l.is_blank());
    out.sort_by(|a, b| a.y.total_cmp(&b.y));
    out
}

/// The horizontal room lines are set in, to tell their alignment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Area {
    /// Left edge.
    pub x0: f64,
    /// Right edge.
    pub x1: f64,
}

impl Area {
    /// The room the lines take: their leftmost start and rightmost end.
    pub fn of(lines: &[Line]) -> Area {
        Area {
            x0: lines.iter().map(Line::x0).fold(f64::INFINITY, f64::min),
            x1: lines.iter().map(Line::x1).fold(f64::NEG_INFINITY, f64::max),
        }
    }

    fn center(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }

    /// How a line sits in the area.
    pub fn align(&self, l: &Line) -> SourceAlign {
        let em = l.size.max(1.0);
        let (left, right) = (l.x0() - self.x0, self.x1 - l.x1());
        let full_left = left < 0.5 * em;
        let full_right = right < 0.5 * em;
        if full_left && full_right {
            SourceAlign::Justify
        } else if !full_left && !full_right && ((l.x0() + l.x1()) / 2.0 - self.center()).abs() < em
        {
            SourceAlign::Center
        } else if full_right && left > 3.0 * em {
            SourceAlign::Right
        } else {
            SourceAlign::Left
        }
    }
}

/// Builds the paragraphs of lines set in `area` (body text: a paragraph
/// runs on while lines are full and evenly spaced), or one paragraph a
/// line (`per_line`: the lines of a header column or a cell).
pub(crate) fn paragraphs(
    lines: &[Line],
    area: Area,
    per_line: bool,
    page: usize,
    number: &mut usize,
) -> Vec<SourcePara> {
    let pitch = typical_pitch(lines);
    let mut out: Vec<SourcePara> = Vec::new();
    let mut prev: Option<&Line> = None;
    let mut prev_align = SourceAlign::Left;
    for l in lines {
        *number += 1;
        let align = area.align(l);
        let em = l.size.max(1.0);
        let gap = prev.is_some_and(|p| l.y - p.y > 1.45 * pitch.max(p.size));
        let indented = l.x0() - area.x0 > 0.8 * em && align != SourceAlign::Center;
        let continues = !per_line
            && prev.is_some_and(|p| {
                let same = !gap && (p.size - l.size).abs() < 0.6 && p.bold() == l.bold();
                let centred = align == SourceAlign::Center;
                let was_centred = prev_align == SourceAlign::Center;
                // The line before reached the right edge (it wrapped) and
                // this one starts at the margin; or centred lines of one
                // style (a title on lines).
                same && (area.x1 - p.x1() < 2.5 * em && !indented && centred == was_centred
                    || centred && was_centred)
            });
        // In a column, a list item's wrapped line (not a new item)
        // runs on.
        let item = |t: &str| t.starts_with(['-', '+', '–', '•']);
        let wrapped = per_line
            && !gap
            && align != SourceAlign::Center
            && out.last().is_some_and(|p| item(&p.text()))
            && !item(&l.text());
        let continues = continues || wrapped;
        let runs = l.runs();
        match out.last_mut() {
            Some(para) if continues => {
                if let Some(last) = para.runs.last_mut()
                    && !last.text.ends_with(' ')
                {
                    last.text.push(' ');
                }
                para.runs.extend(runs);
                if para.align == Some(SourceAlign::Left) && align == SourceAlign::Justify {
                    para.align = Some(SourceAlign::Justify);
                }
                if align == SourceAlign::Left && para.align == Some(SourceAlign::Justify) {
                    // A justified paragraph's last line is flush left.
                }
            }
            _ => out.push(SourcePara {
                runs,
                align: Some(align),
                indented,
                gap,
                line: *number,
                page: Some(page),
            }),
        }
        prev = Some(l);
        prev_align = align;
    }
    for p in &mut out {
        merge_runs(&mut p.runs);
    }
    out
}

/// Joins neighbouring runs of the same emphasis.
fn merge_runs(runs: &mut Vec<Run>) {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for r in runs.drain(..) {
        match out.last_mut() {
            Some(p) if p.bold == r.bold && p.italic == r.italic && p.underline == r.underline => {
                p.text.push_str(&r.text);
            }
            _ => out.push(r),
        }
    }
    if let Some(last) = out.last_mut() {
        let trimmed = last.text.trim_end().len();
        last.text.truncate(trimmed);
    }
    *runs = out;
}

/// The usual distance between baselines.
fn typical_pitch(lines: &[Line]) -> f64 {
    let mut d: Vec<f64> = lines
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some(b.y - a.y),
            _ => None,
        })
        .filter(|d| *d > 0.5)
        .collect();
    d.sort_by(f64::total_cmp);
    d.get(d.len() / 3).copied().unwrap_or(0.0)
}

/// A band of lines set in two columns side by side.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Band {
    /// Index of its first line.
    pub start: usize,
    /// One past its last line.
    pub end: usize,
    /// The left column's lines (segments), top to bottom.
    pub left: Vec<Line>,
    /// The right column's lines.
    pub right: Vec<Line>,
}

/// The two-column bands among `lines` (top to bottom, one page): a band
/// starts at a line with a gutter (a gap wider than [`GUTTER_EM`]) and
/// runs down over lines whose ink stays off the gutter and that belong to
/// one of the columns (start at its left edge or centre on it rather than
/// on the text area `area`).
pub(crate) fn bands(lines: &[Line], area: Area) -> Vec<Band> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(first) = lines.get(i) {
        let segs = first.segments();
        let Some((g0, g1)) = widest_gap(&segs) else {
            i += 1;
            continue;
        };
        let mut gutter = (g0, g1);
        let (mut left, mut right): (Vec<Line>, Vec<Line>) =
            segs.into_iter().partition(|s| s.x1() <= g0 + 0.1);
        let mut end = i + 1;
        while let Some(l) = lines.get(end) {
            let segs = l.segments();
            // Two-sided: a gap of its own over the band's gutter (which
            // narrows to it).
            if let Some(g) = gaps(&segs)
                .into_iter()
                .find(|&(a, b)| a < gutter.1 && b > gutter.0)
            {
                gutter = (g.0.max(gutter.0), g.1.min(gutter.1));
                let mid = (gutter.0 + gutter.1) / 2.0;
                let (l_segs, r_segs): (Vec<Line>, Vec<Line>) =
                    segs.into_iter().partition(|s| s.x1() <= mid);
                left.extend(l_segs);
                right.extend(r_segs);
                end += 1;
                continue;
            }
            // One-sided: its ink stays clear of the other column and it
            // belongs to its own.
            let x0 = segs.iter().map(Line::x0).fold(f64::INFINITY, f64::min);
            let x1 = segs.iter().map(Line::x1).fold(f64::NEG_INFINITY, f64::max);
            let (l_end, r_start) = (Area::of(&left).x1, Area::of(&right).x0);
            if x1 <= r_start && x0 < l_end.max(gutter.0) && belongs(&left, &segs, area) {
                left.extend(segs);
            } else if x0 >= l_end && x1 > r_start.min(gutter.1) && belongs(&right, &segs, area) {
                right.extend(segs);
            } else {
                break;
            }
            end += 1;
        }
        if !left.is_empty() && !right.is_empty() {
            out.push(Band {
                start: i,
                end,
                left,
                right,
            });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether segments on one side belong to that column: they start at its
/// left edge, or centre nearer its centre than the text area's.
fn belongs(side: &[Line], segs: &[Line], area: Area) -> bool {
    if side.is_empty() {
        return false;
    }
    let col = Area::of(side);
    let x0 = segs.iter().map(Line::x0).fold(f64::INFINITY, f64::min);
    let x1 = segs.iter().map(Line::x1).fold(f64::NEG_INFINITY, f64::max);
    let em = segs.iter().map(|s| s.size).fold(1.0, f64::max);
    let c = (x0 + x1) / 2.0;
    (x0 - col.x0).abs() < em || (c - col.center()).abs() < (c - area.center()).abs()
}

/// The gaps between segments, as (left end, right start).
fn gaps(segs: &[Line]) -> Vec<(f64, f64)> {
    segs.windows(2)
        .filter_map(|w| match w {
            [a, b] => Some((a.x1(), b.x0())),
            _ => None,
        })
        .collect()
}

fn widest_gap(segs: &[Line]) -> Option<(f64, f64)> {
    gaps(segs)
        .into_iter()
        .max_by(|a, b| (a.1 - a.0).total_cmp(&(b.1 - b.0)))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A word as glyphs of 0.5 em each, starting at `x`.
    pub(crate) fn word(text: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                x: x + i as f64 * size * 0.5,
                y,
                w: size * 0.5,
                size,
                text: c.to_string(),
                bold: false,
                italic: false,
            })
            .collect()
    }

    #[test]
    fn glyphs_make_lines_with_spaces_from_gaps() {
        let mut g = word("Kính", 100.0, 200.0, 14.0);
        g.extend(word("gửi", 131.0, 200.5, 14.0)); // a 3 pt gap: a space
        g.extend(word("Sở", 100.0, 220.0, 14.0));
        g.reverse();
        let ls = lines(&g);
        assert_eq!(ls.len(), 2);
        assert_eq!(ls[0].text(), "Kính gửi");
        assert_eq!(ls[1].text(), "Sở");
    }

    #[test]
    fn a_small_stamp_on_the_same_baseline_is_a_line_of_its_own() {
        let mut g = word("CỘNG", 300.0, 80.0, 13.0);
        g.extend(word("ttcb", 310.0, 81.0, 8.0));
        assert_eq!(lines(&g).len(), 2);
    }

    #[test]
    fn two_columns_make_a_band_and_the_title_ends_it() {
        let mut g = word("UBND", 100.0, 80.0, 13.0);
        g.extend(word("CỘNG HÒA", 300.0, 80.0, 13.0));
        g.extend(word("Số: 1", 100.0, 110.0, 13.0));
        g.extend(word("Hà Nội, ngày", 320.0, 110.0, 13.0));
        // The title is centred on the text area (100..~365).
        g.extend(word("BÁO CÁO", 210.0, 150.0, 14.0));
        g.extend(word("Thân bài", 100.0, 180.0, 14.0));
        let ls = lines(&g);
        let area = Area {
            x0: 100.0,
            x1: 400.0,
        };
        let b = bands(&ls, area);
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!((b[0].start, b[0].end), (0, 2));
        assert_eq!(b[0].left.len(), 2);
        assert_eq!(b[0].right.len(), 2);
        assert_eq!(b[0].left[1].text(), "Số: 1");
    }

    #[test]
    fn paragraphs_run_on_over_full_lines_and_break_at_short_ones() {
        let area = Area {
            x0: 100.0,
            x1: 170.0,
        };
        let mut g = word("aaaaaaaaaa", 100.0, 100.0, 14.0); // full: 100..170
        g.extend(word("bbbb", 100.0, 117.0, 14.0)); // short: ends the paragraph
        g.extend(word("cccccccc", 114.0, 134.0, 14.0)); // indented: a new one
        let ls = lines(&g);
        let mut n = 0;
        let ps = paragraphs(&ls, area, false, 1, &mut n);
        assert_eq!(ps.len(), 2, "{ps:?}");
        assert_eq!(ps[0].text(), "aaaaaaaaaa bbbb");
        assert!(ps[1].indented);
        assert_eq!(ps[1].line, 3);
    }
}
