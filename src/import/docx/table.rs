//! Tables: rows and cells in order, spans and vertical merges, repeated
//! header rows, and whether the cells are drawn with rules (a data table)
//! or not (a layout grid: the header's two columns, Nơi nhận beside the
//! signature).

use roxmltree::Node;

use super::body::{Flow, Walker};
use super::styles::Borders;
use super::xml::{alternate_branch, is_alternate, is_w, number, on, w_attr, w_child};
use crate::import::source::{SourceBlock, SourceCell, SourcePara, SourceTable};

/// The most grid columns a cell is taken to span.
const SPAN_CAP: usize = 1000;

impl Walker<'_> {
    /// Reads one `w:tbl`.
    pub fn table(&mut self, tbl: Node<'_, '_>) -> SourceTable {
        let line = self.count + 1;
        let tbl_pr = w_child(tbl, "tblPr");
        let style = tbl_pr
            .and_then(|p| w_child(p, "tblStyle"))
            .and_then(|s| w_attr(s, "val"));
        let mut borders = self.styles.table_borders(style);
        if let Some(direct) = tbl_pr.and_then(|p| w_child(p, "tblBorders")) {
            borders = borders.under(Borders::read(direct));
        }
        let mut rows = Vec::new();
        let mut cell_borders: Vec<Vec<Borders>> = Vec::new();
        let mut header_rows = 0;
        let mut in_header = true;
        for tr in elements(tbl, "tr") {
            let header = w_child(tr, "trPr")
                .and_then(|p| w_child(p, "tblHeader"))
                .is_some_and(on);
            in_header &= header;
            if in_header {
                header_rows += 1;
            }
            let mut row = Vec::new();
            let mut row_borders = Vec::new();
            for tc in elements(tr, "tc") {
                let (cell, b) = self.cell(tc);
                row.push(cell);
                row_borders.push(b);
            }
            rows.push(row);
            cell_borders.push(row_borders);
        }
        SourceTable {
            ruled: ruled(&borders, &cell_borders),
            rows,
            header_rows,
            line,
        }
    }

    /// Reads one `w:tc`: its paragraphs (those of tables nested in it too)
    /// and its own borders.
    fn cell(&mut self, tc: Node<'_, '_>) -> (SourceCell, Borders) {
        let tc_pr = w_child(tc, "tcPr");
        let span = tc_pr
            .and_then(|p| w_child(p, "gridSpan"))
            .and_then(|g| number(g, "val"))
            .and_then(|v| usize::try_from(v).ok())
            .unwrap_or(1)
            .clamp(1, SPAN_CAP);
        let merged_up = tc_pr
            .and_then(|p| w_child(p, "vMerge"))
            .is_some_and(|m| w_attr(m, "val").is_none_or(|v| v == "continue"));
        let borders = tc_pr
            .and_then(|p| w_child(p, "tcBorders"))
            .map(Borders::read)
            .unwrap_or_default();
        let mut flow = Flow::default();
        self.blocks(tc, &mut flow);
        let mut paras = Vec::new();
        flatten(flow.blocks, &mut paras);
        if merged_up {
            paras.clear();
        }
        (
            SourceCell {
                paras,
                span,
                merged_up,
            },
            borders,
        )
    }
}

/// The rows of a table or the cells of a row, in order, also those
/// wrapped in a content control, custom XML or a tracked insertion (not a
/// deletion).
fn elements<'a, 'i>(parent: Node<'a, 'i>, local: &'static str) -> Vec<Node<'a, 'i>> {
    fn walk<'a, 'i>(n: Node<'a, 'i>, local: &str, depth: usize, out: &mut Vec<Node<'a, 'i>>) {
        for c in n.children().filter(Node::is_element) {
            let inner = if is_w(c, local) {
                out.push(c);
                None
            } else if is_w(c, "sdt") {
                w_child(c, "sdtContent")
            } else if is_w(c, "customXml") || is_w(c, "ins") {
                Some(c)
            } else if is_alternate(c) {
                alternate_branch(c)
            } else {
                None
            };
            // Wrappers are shallow in practice; the bound keeps recursion
            // from a hostile file's nesting.
            if let Some(inner) = inner.filter(|_| depth < 16) {
                walk(inner, local, depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(parent, local, 0, &mut out);
    out
}

/// A cell's blocks as paragraphs: nested tables' cells in order, breaks
/// dropped (a cell has no pages).
fn flatten(blocks: Vec<SourceBlock>, out: &mut Vec<SourcePara>) {
    for b in blocks {
        match b {
            SourceBlock::Para(p) => out.push(p),
            SourceBlock::Table(t) => {
                for cell in t.rows.into_iter().flatten() {
                    flatten(cell.paras.into_iter().map(SourceBlock::Para).collect(), out);
                }
            }
            SourceBlock::Break(_) => {}
        }
    }
}

/// Whether the table is drawn with rules: at least half its cells show two
/// or more sides, each side the cell's own border or else the table's
/// (outer on the table's edge, inside between cells).
fn ruled(table: &Borders, cells: &[Vec<Borders>]) -> bool {
    let rows = cells.len();
    let mut total = 0;
    let mut drawn = 0;
    for (i, row) in cells.iter().enumerate() {
        let n = row.len();
        for (j, own) in row.iter().enumerate() {
            let side = |k: usize, outer: bool, inside: usize| match own.0.get(k).copied().flatten()
            {
                Some(v) => v,
                None => table.drawn(if outer { k } else { inside }),
            };
            let sides = [
                side(0, i == 0, 4),
                side(1, j == 0, 5),
                side(2, i + 1 == rows, 4),
                side(3, j + 1 == n, 5),
            ];
            total += 1;
            if sides.iter().filter(|s| **s).count() >= 2 {
                drawn += 1;
            }
        }
    }
    total > 0 && drawn * 2 >= total
}
