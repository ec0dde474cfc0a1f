//! Tables in extracted text. `pdftotext` writes a table one cell per
//! block, blocks separated by a blank line, row by row, while running text
//! has no blank lines inside a page. A table is therefore a run of short
//! blocks; its column count comes from the serial-number column (`STT`:
//! `1`, `2`, `3` … a column's width apart), which Vietnamese administrative
//! tables nearly always have. A header repeated on the next page is
//! dropped; a closing row with empty cells (`Tổng cộng`) is aligned right.
//! Without a serial column the blocks stay paragraphs (the caller warns).

use crate::input::{self, Align, Column, Inline, Run};

use super::structure::Line;

/// The most columns tried.
const MAX_COLUMNS: usize = 10;

/// A table whose first cell is `lines[start]`: the table as input JSON and
/// the number of lines it takes. `full` is the length of a full line.
pub fn table_at(lines: &[Line], start: usize, full: usize) -> Option<(input::Table, usize)> {
    let (cells, used) = cells_at(lines, start, full)?;
    let columns = column_count(&cells)?;
    let (head, body) = cells.split_at_checked(columns)?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut rest = body;
    let mut serial = 1;
    while !rest.is_empty() {
        // A header repeated at the top of a page.
        if rest.get(..columns) == Some(head) {
            rest = rest.get(columns..).unwrap_or_default();
            continue;
        }
        let first = rest.first().map(String::as_str);
        if first == Some(serial.to_string().as_str()) {
            // A numbered row runs to the next serial number (a cell left
            // empty prints nothing: the row is padded at its end).
            let next = (serial + 1).to_string();
            let len = rest
                .iter()
                .skip(1)
                .position(|c| *c == next)
                .map_or(columns.min(rest.len()), |p| p + 1);
            if len > columns {
                // The next number is a value in this row: take one row's width.
                let (row, after) = rest.split_at_checked(columns).unwrap_or((rest, &[]));
                rows.push(row.to_vec());
                rest = after;
            } else {
                let (row, after) = rest.split_at_checked(len).unwrap_or((rest, &[]));
                let mut row = row.to_vec();
                row.resize(columns, String::new());
                rows.push(row);
                rest = after;
            }
            serial += 1;
            continue;
        }
        // Closing rows (totals): a row's width at a time; a short last one
        // has its empty cells at the start, its label before its numbers
        // (pdftotext may print a bold label after the figures).
        let take = columns.min(rest.len());
        let (row, after) = rest.split_at_checked(take).unwrap_or((rest, &[]));
        let mut row = row.to_vec();
        if row.len() < columns {
            row.sort_by_key(|c| is_number(c));
            let mut padded = vec![String::new(); columns - row.len()];
            padded.extend(row);
            row = padded;
        }
        rows.push(row);
        rest = after;
    }
    if rows.is_empty() {
        return None;
    }
    Some((table(head, &rows), used))
}

/// The blocks that look like table cells from `lines[start]` on, and the
/// lines they take: the first a line followed by a blank, then blocks of up
/// to four short lines, each ended by a blank.
pub fn cells_at(lines: &[Line], start: usize, full: usize) -> Option<(Vec<String>, usize)> {
    let first = lines.get(start)?;
    if !lines.get(start + 1)?.gap || !is_cell_line(&first.text, full) {
        return None;
    }
    let mut cells = vec![first.text.clone()];
    let mut end = start + 1;
    while let Some(l) = lines.get(end) {
        let block_len = lines
            .get(end + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|x| !x.gap)
            .count()
            + 1;
        let block = lines.get(end..end + block_len).unwrap_or_default();
        let closed = lines.get(end + block_len).is_none_or(|x| x.gap);
        if !l.gap || block_len > 4 || !closed || !block.iter().all(|x| is_cell_line(&x.text, full))
        {
            break;
        }
        cells.push(join(block));
        end += block_len;
    }
    Some((cells, end - start))
}

/// The column count: the position of the first cell `1` whose row is
/// followed by `2` a row's width later (or that ends the cells).
fn column_count(cells: &[String]) -> Option<usize> {
    (2..=MAX_COLUMNS.min(cells.len().saturating_sub(1))).find(|&n| {
        cells.get(n).is_some_and(|c| c == "1")
            && cells.get(2 * n).is_none_or(|c| c == "2")
            && !cells.get(..n).unwrap_or_default().iter().any(|c| c == "1")
    })
}

/// The table of a header row and body rows: widths from the text (the
/// longest word, which cannot break, or the longest cell up to 40
/// characters); a serial column centred, a column of figures right-aligned.
pub fn table(head: &[String], rows: &[Vec<String>]) -> input::Table {
    let columns: Vec<Column> = head
        .iter()
        .enumerate()
        .map(|(j, title)| {
            let cells: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.get(j).map(String::as_str))
                .filter(|c| !c.is_empty())
                .collect();
            // Widths from the text: the longest word (it cannot break) or
            // the longest cell up to 40 characters, whichever is more.
            let longest_word = std::iter::once(title.as_str())
                .chain(cells.iter().copied())
                .flat_map(str::split_whitespace)
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(1);
            let longest_cell = std::iter::once(title.as_str())
                .chain(cells.iter().copied())
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(1);
            let width = (longest_word + 2).max(longest_cell.min(40));
            // The serial column: 1, 2, 3 … down to the closing rows.
            let serials = cells
                .iter()
                .take_while(|c| c.parse::<usize>().is_ok())
                .enumerate()
                .all(|(k, c)| c.parse::<usize>().ok() == Some(k + 1));
            let serial = j == 0 && serials && cells.first().is_some_and(|c| *c == "1");
            let numeric = !cells.is_empty() && cells.iter().all(|c| is_number(c));
            Column {
                title: plain(title),
                width: width as f64,
                align: if serial {
                    Align::Center
                } else if numeric {
                    Align::Right
                } else {
                    Align::Left
                },
            }
        })
        .collect();
    input::Table {
        columns,
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| plain(c)).collect())
            .collect(),
    }
}

fn plain(text: &str) -> Inline {
    Inline(vec![Run {
        text: text.to_string(),
        ..Run::default()
    }])
}

/// A figure: digits with `.`/`,` separators, an optional `%`.
fn is_number(c: &str) -> bool {
    let c = c.trim_end_matches('%');
    c.chars().any(|ch| ch.is_ascii_digit())
        && c.chars()
            .all(|ch| ch.is_ascii_digit() || matches!(ch, '.' | ',' | '-'))
}

/// A line that can sit in a cell: narrower than the measure.
fn is_cell_line(t: &str, full: usize) -> bool {
    t.chars().count() * 100 < full * 85
}

fn join(block: &[Line]) -> String {
    block
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
