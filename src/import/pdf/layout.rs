//! One page's content as blocks in reading order: ruled tables from the
//! drawn grid, two-column bands as unruled two-cell rows, and paragraphs.

use super::extract::{Glyph, PageContent};
use super::geometry::{self, Area, Line};
use super::leftout;
use super::tables::{self, Grid};
use crate::import::repair::Repair;
use crate::import::source::{SourceBlock, SourceCell, SourcePara, SourceTable};

/// The blocks of one page (`page` 1-based); `number` counts lines over the
/// file, for reports.
pub(crate) fn page_blocks(
    content: &PageContent,
    page: usize,
    number: &mut usize,
    left_out: &mut Vec<Repair>,
) -> Vec<SourceBlock> {
    // A grid of one cell is a frame drawn round text (a boxed heading, a
    // signature box), not a table.
    let grids: Vec<Grid> = tables::grids(&content.rules)
        .into_iter()
        .filter(|g| g.cells.iter().map(Vec::len).sum::<usize>() > 1)
        .collect();
    let mut in_grid: Vec<Vec<Glyph>> = vec![Vec::new(); grids.len()];
    let mut flow = Vec::new();
    for g in &content.glyphs {
        let (cx, cy) = (g.x + g.w / 2.0, g.y - 0.3 * g.size);
        match grids.iter().position(|t| t.contains(cx, cy)) {
            Some(k) => {
                if let Some(b) = in_grid.get_mut(k) {
                    b.push(g.clone());
                }
            }
            None => flow.push(g.clone()),
        }
    }
    let lines = geometry::lines(&flow);
    let lines = leftout::strip(
        lines,
        page,
        content.height,
        content.width,
        *number + 1,
        left_out,
    );
    let area = Area::of(&lines);
    // Lines and tables top to bottom.
    let mut out = Vec::new();
    let mut chunk: Vec<Line> = Vec::new();
    let mut tables: Vec<(usize, &Grid)> = (0..grids.len())
        .filter_map(|k| Some((k, grids.get(k)?)))
        .collect();
    tables.sort_by(|a, b| a.1.bounds().1.total_cmp(&b.1.bounds().1));
    let mut next_table = tables.into_iter().peekable();
    for l in lines {
        while let Some((k, t)) = next_table.next_if(|(_, t)| t.bounds().1 < l.y) {
            flush(&mut chunk, area, page, number, &mut out);
            if let Some(glyphs) = in_grid.get(k)
                && let Some(table) = table(t, glyphs, page, number)
            {
                out.push(SourceBlock::Table(table));
            }
        }
        chunk.push(l);
    }
    flush(&mut chunk, area, page, number, &mut out);
    for (k, t) in next_table {
        if let Some(glyphs) = in_grid.get(k)
            && let Some(table) = table(t, glyphs, page, number)
        {
            out.push(SourceBlock::Table(table));
        }
    }
    out
}

/// The blocks of a run of lines between tables: bands become unruled
/// two-cell rows, the rest paragraphs.
fn flush(
    chunk: &mut Vec<Line>,
    area: Area,
    page: usize,
    number: &mut usize,
    out: &mut Vec<SourceBlock>,
) {
    let lines = std::mem::take(chunk);
    let bands = geometry::bands(&lines, area);
    let mut i = 0;
    let paras = |from: usize, to: usize, number: &mut usize, out: &mut Vec<SourceBlock>| {
        if let Some(ls) = lines.get(from..to) {
            out.extend(
                geometry::paragraphs(ls, area, false, page, number)
                    .into_iter()
                    .map(SourceBlock::Para),
            );
        }
    };
    for b in &bands {
        paras(i, b.start, number, out);
        let start = *number + 1;
        let cell = |side: &[Line], number: &mut usize| SourceCell {
            paras: geometry::paragraphs(side, Area::of(side), true, page, number),
            span: 1,
            merged_up: false,
        };
        let left = cell(&b.left, number);
        let right = cell(&b.right, number);
        // The band's lines were numbered once per segment; count each
        // line of the page once.
        *number = start + (b.end - b.start) - 1;
        out.push(SourceBlock::Table(SourceTable {
            rows: vec![vec![left, right]],
            ruled: false,
            header_rows: 0,
            line: start,
        }));
        i = b.end;
    }
    paras(i, lines.len(), number, out);
}

/// A ruled table: each cell's glyphs made lines and paragraphs.
fn table(grid: &Grid, glyphs: &[Glyph], page: usize, number: &mut usize) -> Option<SourceTable> {
    let mut buckets: Vec<Vec<Vec<Glyph>>> = grid
        .cells
        .iter()
        .map(|r| vec![Vec::new(); r.len()])
        .collect();
    for g in glyphs {
        let (cx, cy) = (g.x + g.w / 2.0, g.y - 0.3 * g.size);
        if let Some((r, k)) = grid.cell_at(cx, cy)
            && let Some(b) = buckets.get_mut(r).and_then(|row| row.get_mut(k))
        {
            b.push(g.clone());
        }
    }
    let line = *number + 1;
    let mut rows = Vec::new();
    for (r, row) in grid.cells.iter().enumerate() {
        let mut cells = Vec::new();
        for (k, c) in row.iter().enumerate() {
            let glyphs = buckets
                .get(r)
                .and_then(|b| b.get(k))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let lines = geometry::lines(glyphs);
            let x0 = grid.xs.get(c.col).copied().unwrap_or(0.0);
            let x1 = grid.xs.get(c.col + c.span).copied().unwrap_or(x0);
            let area = Area {
                x0: x0 + 2.0,
                x1: x1 - 2.0,
            };
            cells.push(SourceCell {
                paras: if c.merged_up {
                    Vec::new()
                } else {
                    cell_paras(geometry::paragraphs(&lines, area, false, page, number))
                },
                span: c.span,
                merged_up: c.merged_up,
            });
        }
        rows.push(cells);
    }
    // A grid without a word in it (a drawn frame, a signature box) is
    // not a table of the document.
    let empty = rows.iter().flatten().all(|c| c.paras.is_empty());
    (!empty).then_some(SourceTable {
        rows,
        ruled: true,
        header_rows: 0,
        line,
    })
}

/// A cell's text wraps in its narrow width: lines run on unless a gap or
/// a list marker starts a new paragraph.
fn cell_paras(paras: Vec<SourcePara>) -> Vec<SourcePara> {
    let mut out: Vec<SourcePara> = Vec::new();
    for p in paras {
        let item = p.text().starts_with(['-', '+', '–', '•']);
        match out.last_mut() {
            Some(last) if !p.gap && !item => {
                if let Some(r) = last.runs.last_mut() {
                    r.text.push(' ');
                }
                last.runs.extend(p.runs);
            }
            _ => out.push(p),
        }
    }
    out
}
