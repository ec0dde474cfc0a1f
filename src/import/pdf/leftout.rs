//! What a PDF page shows that is not the document's text: the agency's
//! signing stamp at the top right of page 1 (3–5 small lines: the signing
//! body, an e-mail address, a time like `24.01.2025 20:01:14 +07:00`,
//! perhaps `Người ký: …`), page numbers alone in the top or bottom margin,
//! and the `(Đã ký)` / `(Đã ký và đóng dấu)` notes of a copy. Told by
//! pattern, position and size, never by one document's words; each is
//! reported.

use super::geometry::Line;
use crate::import::repair::Repair;

/// Labels that open a line of a signing stamp.
const STAMP_LABELS: &[&str] = &[
    "người ký:",
    "ký bởi:",
    "cơ quan:",
    "thời gian ký:",
    "ngày ký:",
    "email:",
    "signed by:",
    "signing time:",
];

/// Takes the left-out lines off one page (`page` is 1-based), reporting
/// each in `out`; `first_line` numbers the page's lines for the report.
pub(crate) fn strip(
    lines: Vec<Line>,
    page: usize,
    height: f64,
    width: f64,
    first_line: usize,
    out: &mut Vec<Repair>,
) -> Vec<Line> {
    let body = median_size(&lines);
    let stamp = if page == 1 {
        stamp_lines(&lines, body, height, width)
    } else {
        Vec::new()
    };
    let mut kept = Vec::with_capacity(lines.len());
    for (i, l) in lines.into_iter().enumerate() {
        let line = first_line + i;
        let text = l.text();
        if stamp.contains(&i) {
            out.push(Repair::new(
                line,
                crate::msg!("import-repair-signing-stamp"),
                text,
                String::new(),
            ));
            continue;
        }
        if is_page_number(&text) && (l.y < 0.1 * height || l.y > 0.9 * height) {
            out.push(Repair::new(
                line,
                crate::msg!("import-repair-page-number", number = text.trim()),
                text,
                String::new(),
            ));
            continue;
        }
        match without_signed_note(&l) {
            Some(rest) => {
                let note = l.text();
                out.push(Repair::new(
                    line,
                    crate::msg!("import-repair-signed-note"),
                    note,
                    String::new(),
                ));
                if !rest.is_blank() {
                    kept.push(rest);
                }
            }
            None => kept.push(l),
        }
    }
    kept
}

/// The indices of the lines that make the signing stamp: small lines
/// (at most 85% of the body size) in the top quarter, right of the middle,
/// close together, of which one holds an e-mail address, a time or a
/// stamp label; or a stamp label anywhere in the top quarter.
fn stamp_lines(lines: &[Line], body: f64, height: f64, width: f64) -> Vec<usize> {
    let top = |l: &Line| l.y < 0.25 * height;
    let small: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| top(l) && l.size <= 0.85 * body && l.x0() > 0.45 * width)
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    let mut cluster: Vec<usize> = Vec::new();
    let flush = |cluster: &mut Vec<usize>, out: &mut Vec<usize>| {
        if cluster
            .iter()
            .any(|&i| lines.get(i).is_some_and(|l| stamp_text(&l.text())))
        {
            out.append(cluster);
        }
        cluster.clear();
    };
    let mut last: Option<&Line> = None;
    for &i in &small {
        let Some(l) = lines.get(i) else { continue };
        if last.is_some_and(|p| l.y - p.y > 2.5 * p.size.max(l.size)) {
            flush(&mut cluster, &mut out);
        }
        cluster.push(i);
        last = Some(l);
    }
    flush(&mut cluster, &mut out);
    for (i, l) in lines.iter().enumerate() {
        if top(l) && has_label(&l.text()) && !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

fn has_label(t: &str) -> bool {
    let t = t.trim().to_lowercase();
    STAMP_LABELS.iter().any(|l| t.starts_with(l))
}

/// Whether a line reads like a stamp's: an e-mail address, a date with a
/// time, a time zone offset, or a label.
pub(crate) fn stamp_text(t: &str) -> bool {
    has_label(t)
        || t.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.split_once('@')
                .is_some_and(|(a, d)| !a.is_empty() && d.contains('.'))
        })
        || has_time(t)
}

/// `07:25:14`, `20:01`, `+07:00`: digits, a colon, two digits.
fn has_time(t: &str) -> bool {
    let c: Vec<char> = t.chars().collect();
    c.windows(4).any(|w| match w {
        [a, ':', b, d] => a.is_ascii_digit() && b.is_ascii_digit() && d.is_ascii_digit(),
        _ => false,
    })
}

/// `2`, `- 2 -`, `Trang 2`: a page number alone.
fn is_page_number(t: &str) -> bool {
    let t = t.trim();
    let t = t.strip_prefix("Trang").unwrap_or(t);
    let digits: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '–')
        .collect();
    !digits.is_empty() && digits.len() <= 4 && digits.chars().all(|c| c.is_ascii_digit())
}

/// The line without a `(Đã ký …)` note, when it holds one.
fn without_signed_note(l: &Line) -> Option<Line> {
    // Match on the ink alone: the note's words may be drawn without
    // space glyphs between them.
    let ink: Vec<(usize, String)> = l
        .glyphs
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.is_space())
        .map(|(i, g)| (i, g.text.to_lowercase()))
        .collect();
    let joined: String = ink.iter().map(|(_, t)| t.as_str()).collect();
    let start = joined.find("(đãký")?;
    let close = joined.get(start..)?.find(')')? + start;
    // Byte offsets back to glyph indices.
    let mut pos = 0;
    let mut drop = Vec::new();
    for (i, t) in &ink {
        if pos >= start && pos <= close {
            drop.push(*i);
        }
        pos += t.len();
    }
    let glyphs = l
        .glyphs
        .iter()
        .enumerate()
        .filter(|(i, _)| !drop.contains(i))
        .map(|(_, g)| g.clone())
        .collect();
    Some(Line {
        glyphs,
        y: l.y,
        size: l.size,
    })
}

fn median_size(lines: &[Line]) -> f64 {
    // Weighted by glyphs: the body's size, not the header's.
    let mut s: Vec<f64> = lines
        .iter()
        .flat_map(|l| l.glyphs.iter().map(|g| g.size))
        .collect();
    s.sort_by(f64::total_cmp);
    s.get(s.len() / 2).copied().unwrap_or(12.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x: f64, y: f64, size: f64) -> Line {
        let glyphs = crate::import::pdf::geometry::tests::word(text, x, y, size);
        Line { glyphs, y, size }
    }

    #[test]
    fn the_stamp_page_numbers_and_signed_notes_are_left_out_and_reported() {
        let lines = vec![
            line("SỞ NỘI VỤ TỈNH X", 420.0, 20.0, 8.0),
            line("vanthu@x.gov.vn", 420.0, 29.0, 8.0),
            line("01.02.2025 10:11:12 +07:00", 420.0, 38.0, 8.0),
            line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300.0, 80.0, 13.0),
            line("Nội dung chính của văn bản ở đây", 80.0, 300.0, 14.0),
            line("Nội dung chính của văn bản ở đây", 80.0, 320.0, 14.0),
            line("(Đã ký)", 350.0, 500.0, 14.0),
            line("3", 290.0, 820.0, 13.0),
        ];
        let mut out = Vec::new();
        let kept = strip(lines, 1, 842.0, 595.0, 1, &mut out);
        let texts: Vec<String> = kept.iter().map(Line::text).collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert!(texts[0].starts_with("CỘNG HÒA"));
        assert_eq!(out.len(), 5, "{out:?}");
        assert!(out[0].what.contains("signing stamp"));
        assert_eq!(out[1].from, "vanthu@x.gov.vn");
        assert!(out[3].what.contains("Đã ký"));
        assert!(out[4].what.contains("page number 3"));
    }

    #[test]
    fn small_lines_without_a_stamp_pattern_stay() {
        let lines = vec![
            line("Ghi chú nhỏ", 420.0, 20.0, 8.0),
            line("Nội dung chính của văn bản", 80.0, 300.0, 14.0),
            line("Nội dung chính của văn bản", 80.0, 320.0, 14.0),
        ];
        let mut out = Vec::new();
        assert_eq!(strip(lines, 1, 842.0, 595.0, 1, &mut out).len(), 3);
        assert!(out.is_empty());
    }
}
