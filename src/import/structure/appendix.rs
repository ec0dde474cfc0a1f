//! Appendices after the closing: a `Phụ lục` (each from a new page, its
//! label, title and `(Kèm theo …)` line, then a body like the document's),
//! or a text issued with the document (a quy chế, quy định or điều lệ with
//! the header repeated and its own type name).

use crate::input::{self, AppendixForm, Orientation};

use super::{Line, Warning, body, is_motto, is_nation, is_roman, is_upper, nest, squash_upper};

/// Type names of the texts a decision issues with it.
const ATTACHED: &[&str] = &[
    "QUY CHẾ",
    "QUY ĐỊNH",
    "ĐIỀU LỆ",
    "HƯỚNG DẪN",
    "CHƯƠNG TRÌNH",
];

/// The index of the first line of the first appendix at or after `from`,
/// or `lines.len()`: a `Phụ lục` line after the closing has begun (Nơi
/// nhận or a signer's authority), or a repeated header (quốc hiệu) there.
pub(super) fn start(lines: &[Line], from: usize) -> usize {
    let mut closed = from > 0;
    for (k, l) in lines.iter().enumerate().skip(from) {
        let t = l.text.as_str();
        if t.starts_with("Nơi nhận") || super::signature_start(t) {
            closed = true;
            continue;
        }
        if !closed || k == from && from > 0 {
            continue;
        }
        if is_label(t) {
            return k;
        }
        if is_nation(t) && attached_type(lines, k).is_some() {
            // The repeated header starts with the issuer's lines above it.
            let mut s = k;
            while s > from + usize::from(from > 0)
                && lines.get(s - 1).is_some_and(|p| {
                    is_upper(&p.text)
                        && !super::signature_start(&p.text)
                        && !p.text.starts_with("Nơi nhận")
                })
                && k - s < 3
            {
                s -= 1;
            }
            return s.max(from);
        }
    }
    lines.len()
}

/// `PHỤ LỤC`, `Phụ lục II`, `PHỤ LỤC 01`, `Phụ lục I: DANH SÁCH …`.
fn is_label(t: &str) -> bool {
    let s = squash_upper(t);
    let Some(rest) = s.strip_prefix("PHỤLỤC") else {
        return false;
    };
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X' | 'L'))
        .collect();
    let after = rest.get(number.len()..).unwrap_or_default();
    t.chars().count() <= 160
        && (after.is_empty() || after.starts_with([':', '.', '-', '–']))
        && (number.is_empty() || is_roman(&number) || number.chars().all(|c| c.is_ascii_digit()))
}

/// The line of an attached text's type name within a few lines of `k`.
fn attached_type(lines: &[Line], k: usize) -> Option<usize> {
    (k..k + 10).find(|&j| {
        lines.get(j).is_some_and(|l| {
            ATTACHED
                .iter()
                .any(|a| squash_upper(&l.text) == squash_upper(a))
        })
    })
}

/// The appendices in `lines` (which start with the first one), as input
/// JSON.
pub(super) fn appendices(lines: &[Line], warnings: &mut Vec<Warning>) -> Vec<input::Appendix> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        let end = start(lines, at + 1);
        if let Some(seg) = lines.get(at..end) {
            out.push(appendix(seg, warnings));
        }
        at = end;
    }
    out
}

/// One appendix from its lines.
fn appendix(seg: &[Line], warnings: &mut Vec<Warning>) -> input::Appendix {
    let mut a = input::Appendix {
        title: None,
        label: None,
        attached_to: None,
        orientation: Orientation::Portrait,
        form: AppendixForm::Appendix,
        type_name: None,
        body: Vec::new(),
    };
    let mut i = 0;
    let landscape = seg
        .iter()
        .take(4)
        .find_map(|l| l.page_break)
        .is_some_and(|b| b.landscape);
    let first = seg.first().map(|l| l.text.as_str()).unwrap_or_default();
    let mut title: Vec<String> = Vec::new();
    if is_label(first) {
        let (label, rest) = match first.split_once([':', '.']) {
            Some((l, r)) if !r.trim().is_empty() => (l.trim(), Some(r.trim())),
            _ => (first.trim_end_matches(['.', ':']), None),
        };
        // `Phụ lục` / `Phụ lục II` is what the layout prints: only another
        // form (`PHỤ LỤC 01`) is kept as the label.
        let number = squash_upper(label);
        let number = number.trim_start_matches("PHỤLỤC");
        if !(number.is_empty() || is_roman(number)) {
            a.label = Some(label.to_string());
        }
        title.extend(rest.map(str::to_string));
        i = 1;
    } else if let Some(j) = attached_type(seg, 0) {
        // The repeated header (issuer, quốc hiệu, tiêu ngữ, date): the
        // layout repeats the document's own.
        for l in seg.get(..j).unwrap_or_default() {
            if !is_nation(&l.text) && !is_motto(&l.text) && !is_upper(&l.text) {
                warnings.push(Warning::new(
                    l.number,
                    crate::msg!("import-warn-appendix-header", text = &l.text),
                ));
            }
        }
        a.form = AppendixForm::Attached;
        let type_name = seg
            .get(j)
            .map(|l| l.text.to_uppercase())
            .unwrap_or_default();
        a.type_name = Some(type_name);
        i = j + 1;
    }
    // The title: lines up to the `(Kèm theo …)` line, in capitals or bold.
    while let Some(l) = seg.get(i) {
        let t = l.text.as_str();
        if t.starts_with('(') || l.table.is_some() || title.len() >= 4 {
            break;
        }
        if !(is_upper(t) || super::all_bold(&l.runs)) || super::is_body_start(t) {
            break;
        }
        title.push(t.to_string());
        i += 1;
    }
    if !title.is_empty() {
        a.title = Some(title.join(" "));
    }
    // `(Kèm theo …)` / `(Ban hành kèm theo …)`, over one line or more.
    if seg
        .get(i)
        .is_some_and(|l| l.text.starts_with('(') && l.text.to_lowercase().contains("kèm theo"))
    {
        let mut text = String::new();
        while let Some(l) = seg.get(i) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&l.text);
            i += 1;
            if l.text.trim_end().ends_with(')') || text.len() > 600 {
                break;
            }
        }
        // The line as the source has it: `attached_to` replaces the
        // layout's whole line, parentheses included.
        // Blanks left for the clerk were collapsed with the whitespace:
        // they get the layout's width back (`số      /BC-UBND`).
        let text = text
            .trim()
            .replace("số /", "số      /")
            .replace("ngày /", "ngày      /")
            .replace("ngày tháng", "ngày      tháng");
        a.attached_to = Some(text);
    }
    if landscape {
        a.orientation = Orientation::Landscape;
    }
    // The body, then whatever follows it (an attached text's closing) as
    // paragraphs.
    let full = super::typical_length(seg);
    let (mut pieces, mut emphasis) = body(seg, &mut i, full, None, warnings);
    while let Some(l) = seg.get(i) {
        if l.table.is_none() {
            warnings.push(Warning::new(
                l.number,
                crate::msg!("import-warn-appendix-trailing", text = &l.text),
            ));
            pieces.push((l.number, super::Piece::Para(l.text.clone())));
            emphasis.push(Vec::new());
        } else if let Some(t) = &l.table {
            pieces.push((l.number, super::Piece::Table(t.clone())));
            emphasis.push(Vec::new());
        }
        i += 1;
    }
    let mut content = nest(pieces, emphasis, warnings);
    if content.is_empty() {
        // The contract wants a body: the title stands in, said.
        let line = seg.first().map_or(0, |l| l.number);
        warnings.push(Warning::new(
            line,
            crate::msg!("import-warn-appendix-empty"),
        ));
        let title = a.title.as_deref().unwrap_or("Phụ lục");
        content.push(input::Block::Paragraph(super::plain(title)));
    }
    a.body = content;
    a
}
