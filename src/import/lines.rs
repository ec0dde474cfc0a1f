//! From a reader's [`Source`] to the lines recognition walks: each
//! paragraph's lines in turn with their runs' emphasis, a ruled table as
//! one line that carries the whole table, a layout grid's cells one after
//! the other (left column, then right), and where a page or section began.
//! Each line is repaired ([`super::repair`]); blank lines and page numbers
//! are dropped.

use super::repair::{self, Repair};
use super::source::{Break, SourceBlock, SourcePara, SourceTable};
use super::structure::Line;
use crate::input::{Run, Table};

/// A line before repair.
struct Raw {
    text: String,
    runs: Vec<Run>,
    indented: bool,
    gap: bool,
    line: usize,
    table: Option<Table>,
    page_break: Option<Break>,
}

/// The lines of `blocks`, repaired, with what was repaired in `repairs`.
pub fn lines(blocks: &[SourceBlock], wrapped: bool, repairs: &mut Vec<Repair>) -> Vec<Line> {
    let mut raw = Vec::new();
    let mut pending: Option<Break> = None;
    for b in blocks {
        match b {
            SourceBlock::Para(p) => para(p, &mut raw, &mut pending),
            SourceBlock::Table(t) if t.ruled && data_table(t).is_some() => {
                raw.push(Raw {
                    text: String::new(),
                    runs: Vec::new(),
                    indented: false,
                    gap: true,
                    line: t.line,
                    table: data_table(t),
                    page_break: pending.take(),
                });
            }
            SourceBlock::Table(t) => {
                // A layout grid: cell by cell, each after a gap (the way
                // pdftotext separates columns and cells).
                for row in &t.rows {
                    for cell in row.iter().filter(|c| !c.merged_up) {
                        for (k, p) in cell.paras.iter().enumerate() {
                            let mut p = p.clone();
                            p.gap |= k == 0;
                            para(&p, &mut raw, &mut pending);
                        }
                    }
                }
            }
            SourceBlock::Break(b) => {
                // The first break wins: a section break with its
                // orientation over a page break that follows it.
                if pending.is_none_or(|p| !p.section) {
                    pending = Some(*b);
                }
            }
        }
    }
    let mut lines = repaired(raw, repairs);
    for l in &mut lines {
        l.whole = !wrapped;
    }
    lines
}

fn para(p: &SourcePara, out: &mut Vec<Raw>, pending: &mut Option<Break>) {
    // The runs split at the paragraph's line breaks.
    let mut lines: Vec<Vec<Run>> = vec![Vec::new()];
    for r in &p.runs {
        for (k, piece) in r.text.split('\n').enumerate() {
            if k > 0 {
                lines.push(Vec::new());
            }
            if let Some(current) = lines.last_mut() {
                current.push(Run {
                    text: piece.to_string(),
                    ..r.clone()
                });
            }
        }
    }
    for (k, runs) in lines.into_iter().enumerate() {
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        out.push(Raw {
            text,
            runs,
            indented: p.indented && k == 0,
            gap: p.gap && k == 0,
            line: p.line,
            table: None,
            page_break: if k == 0 { pending.take() } else { None },
        });
    }
}

/// A ruled table: the first row gives the column titles (the rows Word
/// repeats are among the first); a cell spanning columns is followed by
/// empty cells, a merged cell is empty; alignments as for a table found in
/// plain text ([`super::table::table`]), widths between 8 and 30 characters. `None` for a
/// table with fewer than two columns or one row.
fn data_table(t: &SourceTable) -> Option<Table> {
    let mut grid: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|row| {
            let mut cells = Vec::new();
            for c in row {
                let text = if c.merged_up {
                    String::new()
                } else {
                    c.paras
                        .iter()
                        .map(|p| clean(&p.text()))
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                cells.push(text);
                for _ in 1..c.span.max(1) {
                    cells.push(String::new());
                }
            }
            cells
        })
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .collect();
    let columns = grid.iter().map(Vec::len).max()?;
    if columns < 2 || grid.len() < 2 {
        return None;
    }
    for r in &mut grid {
        r.resize(columns, String::new());
    }
    let (head, rows) = grid.split_first()?;
    let head: Vec<String> = head
        .iter()
        .map(|t| if t.is_empty() { " ".into() } else { t.clone() })
        .collect();
    let mut table = super::table::table(&head, rows);
    // Word's tables are wide (landscape appendices of many text columns):
    // text columns capped at 30 characters and none under 8, so that `STT`
    // is not broken letter by letter beside them.
    for c in &mut table.columns {
        c.width = c.width.clamp(8.0, 30.0);
    }
    Some(table)
}

/// Whitespace collapsed, ends trimmed.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Repairs each line, drops blank ones and page numbers (a line holding
/// only the next page's number, from 2 on); notes indentation.
fn repaired(raw: Vec<Raw>, repairs: &mut Vec<Repair>) -> Vec<Line> {
    let mut next_page = 2;
    let mut gap = false;
    let mut page_break: Option<Break> = None;
    let mut out = Vec::new();
    // pdftotext starts each page with a form feed: then only a number just
    // after one is a page number (a table's serial `4` is not).
    let form_feeds = raw.iter().any(|l| l.text.contains('\u{c}'));
    for l in raw {
        if let Some(b) = l.page_break {
            page_break.get_or_insert(b);
        }
        if let Some(table) = l.table {
            out.push(Line {
                number: l.line,
                text: String::new(),
                runs: Vec::new(),
                indented: false,
                gap: true,
                table: Some(table),
                page_break: page_break.take(),
                whole: true,
            });
            gap = false;
            continue;
        }
        let fixed = repair::repair_line(l.text.trim_end(), l.line, repairs);
        let text = clean(&fixed);
        // (split_whitespace has taken the form feed off `text`.)
        let new_page = l.text.trim_start_matches(' ').starts_with('\u{c}');
        gap |= new_page || l.gap;
        let page_start = new_page || !form_feeds;
        if page_start && text.trim_start_matches('\u{c}') == next_page.to_string() {
            repairs.push(Repair::new(
                l.line,
                crate::msg!("import-repair-page-number", number = next_page.to_string()),
                text,
                String::new(),
            ));
            next_page += 1;
            gap = true;
            continue;
        }
        let text = text.trim_start_matches('\u{c}').to_string();
        if text.is_empty() {
            gap = true;
            continue;
        }
        let runs = emphasis(&text, &l.runs);
        out.push(Line {
            number: l.line,
            indented: l.indented || fixed.starts_with([' ', '\t']),
            gap: std::mem::take(&mut gap),
            runs,
            text,
            table: None,
            page_break: page_break.take(),
            whole: false,
        });
    }
    out
}

/// The runs of a repaired line: each run repaired alike and the whitespace
/// collapsed over the whole line, so that the runs' text is the line's
/// text; where a repair changed more than single characters (the runs no
/// longer add up to the line), one run with the emphasis most of its
/// letters had.
fn emphasis(text: &str, runs: &[Run]) -> Vec<Run> {
    let style = |r: &Run| (r.bold, r.italic, r.underline);
    let mut chars: Vec<(char, (bool, bool, bool))> = Vec::new();
    let mut scratch = Vec::new();
    for r in runs {
        let fixed = repair::repair_line(&r.text, 0, &mut scratch);
        for c in fixed.chars() {
            let c = if c.is_whitespace() { ' ' } else { c };
            if c == ' ' && chars.last().is_none_or(|(p, _)| *p == ' ') {
                continue;
            }
            chars.push((c, style(r)));
        }
    }
    while chars.last().is_some_and(|(c, _)| *c == ' ') {
        chars.pop();
    }
    let joined: String = chars.iter().map(|(c, _)| *c).collect();
    if joined != text {
        let mut counts = std::collections::BTreeMap::new();
        for (c, s) in &chars {
            if c.is_alphabetic() {
                *counts.entry(*s).or_insert(0usize) += 1;
            }
        }
        let s = counts
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map_or((false, false, false), |(s, _)| s);
        return vec![Run {
            text: text.to_string(),
            bold: s.0,
            italic: s.1,
            underline: s.2,
        }];
    }
    let mut out: Vec<Run> = Vec::new();
    for (c, s) in chars {
        // A space takes the emphasis of the text before it.
        match out.last_mut() {
            Some(last) if style(last) == s || c == ' ' => last.text.push(c),
            _ => out.push(Run {
                text: c.to_string(),
                bold: s.0,
                italic: s.1,
                underline: s.2,
            }),
        }
    }
    out
}
