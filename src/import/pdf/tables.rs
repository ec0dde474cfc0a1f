//! Ruled tables from the rules a page draws: rules that meet make a grid;
//! a grid with at least two horizontal and two vertical rules is a table;
//! its cells are the grid's rectangles, a cell whose inner vertical rule
//! is missing spans the grid columns it covers, one whose top rule is
//! missing continues the cell above.

use super::extract::Rule;

/// Rules closer than this (points) are the same grid line.
const SNAP: f64 = 2.0;

/// A table's grid on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Grid {
    /// The x of its vertical grid lines, left to right.
    pub xs: Vec<f64>,
    /// The y of its horizontal grid lines, top to bottom.
    pub ys: Vec<f64>,
    /// Its cells, row by row: (first grid column, span, merged up).
    pub cells: Vec<Vec<GridCell>>,
}

/// One cell of a [`Grid`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GridCell {
    /// Its first grid column.
    pub col: usize,
    /// How many grid columns it spans.
    pub span: usize,
    /// Its top rule is missing: it continues the cell above.
    pub merged_up: bool,
}

impl Grid {
    /// The area it covers: (x0, y0, x1, y1).
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let first = |v: &[f64]| v.first().copied().unwrap_or(0.0);
        let last = |v: &[f64]| v.last().copied().unwrap_or(0.0);
        (
            first(&self.xs),
            first(&self.ys),
            last(&self.xs),
            last(&self.ys),
        )
    }

    /// Whether a point lies inside.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        let (x0, y0, x1, y1) = self.bounds();
        x > x0 && x < x1 && y > y0 && y < y1
    }

    /// The (row, index in row) of the cell holding a point, following a
    /// merged cell up to the cell it continues.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let row = self.ys.windows(2).position(|w| match w {
            [a, b] => y > *a && y <= *b,
            _ => false,
        })?;
        let col = self.xs.windows(2).position(|w| match w {
            [a, b] => x > *a && x <= *b,
            _ => false,
        })?;
        let find = |r: usize| {
            self.cells
                .get(r)?
                .iter()
                .position(|c| c.col <= col && col < c.col + c.span)
        };
        let mut r = row;
        let mut k = find(r)?;
        while r > 0 && self.cells.get(r)?.get(k)?.merged_up {
            r -= 1;
            k = find(r)?;
        }
        Some((r, k))
    }
}

/// The grids among a page's rules.
pub(crate) fn grids(rules: &[Rule]) -> Vec<Grid> {
    let (h, v): (Vec<Rule>, Vec<Rule>) = rules.iter().partition(|r| r.horizontal());
    // Group rules that touch into components (union–find over indices;
    // h rules first, then v rules).
    let all: Vec<Rule> = h.iter().chain(v.iter()).copied().collect();
    let mut parent: Vec<usize> = (0..all.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while let Some(&q) = p.get(i) {
            if q == i {
                break;
            }
            let up = p.get(q).copied().unwrap_or(q);
            if let Some(slot) = p.get_mut(i) {
                *slot = up;
            }
            i = q;
        }
        i
    }
    for (i, a) in h.iter().enumerate() {
        for (j, b) in v.iter().enumerate() {
            let meet = b.x0 >= a.x0 - SNAP
                && b.x0 <= a.x1 + SNAP
                && a.y0 >= b.y0 - SNAP
                && a.y0 <= b.y1 + SNAP;
            if meet {
                let (ra, rb) = (root(&mut parent, i), root(&mut parent, h.len() + j));
                if let Some(slot) = parent.get_mut(ra) {
                    *slot = rb;
                }
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Rule>> = Default::default();
    for (i, r) in all.iter().enumerate() {
        let k = root(&mut parent, i);
        groups.entry(k).or_default().push(*r);
    }
    let mut out: Vec<Grid> = groups.values().filter_map(|g| grid(g)).collect();
    out.sort_by(|a, b| a.bounds().1.total_cmp(&b.bounds().1));
    out
}

/// The grid of one component of touching rules.
fn grid(rules: &[Rule]) -> Option<Grid> {
    let (h, v): (Vec<&Rule>, Vec<&Rule>) = rules.iter().partition(|r| r.horizontal());
    let ys = snap(h.iter().map(|r| r.y0).collect());
    let xs = snap(v.iter().map(|r| r.x0).collect());
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let has_v = |x: f64, y: f64| {
        v.iter()
            .any(|r| (r.x0 - x).abs() <= SNAP && r.y0 - SNAP <= y && y <= r.y1 + SNAP)
    };
    let has_h = |y: f64, x: f64| {
        h.iter()
            .any(|r| (r.y0 - y).abs() <= SNAP && r.x0 - SNAP <= x && x <= r.x1 + SNAP)
    };
    let mut cells = Vec::new();
    for (row, w) in ys.windows(2).enumerate() {
        let [top, bottom] = w else { continue };
        let mid_y = (top + bottom) / 2.0;
        let mut row_cells = Vec::new();
        let mut col = 0;
        while col + 1 < xs.len() {
            let mut end = col + 1;
            while end + 1 < xs.len() && !xs.get(end).is_some_and(|&x| has_v(x, mid_y)) {
                end += 1;
            }
            let (a, b) = (
                xs.get(col).copied().unwrap_or(0.0),
                xs.get(end).copied().unwrap_or(0.0),
            );
            row_cells.push(GridCell {
                col,
                span: end - col,
                merged_up: row > 0 && !has_h(*top, (a + b) / 2.0),
            });
            col = end;
        }
        cells.push(row_cells);
    }
    Some(Grid { xs, ys, cells })
}

/// Sorted values with those within [`SNAP`] of each other made one.
fn snap(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in v {
        match out.last() {
            Some(&l) if x - l <= SNAP => {}
            _ => out.push(x),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(x0: f64, x1: f64, y: f64) -> Rule {
        Rule {
            x0,
            y0: y,
            x1,
            y1: y,
        }
    }
    fn v(x: f64, y0: f64, y1: f64) -> Rule {
        Rule {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }

    #[test]
    fn a_grid_with_a_merged_header_cell() {
        // Three columns (100, 200, 300, 400), three rows (50, 70, 90, 110);
        // the first row's inner rules are missing: one cell spanning three.
        let mut r = vec![
            h(100.0, 400.0, 50.0),
            h(100.0, 400.0, 70.0),
            h(100.0, 400.0, 90.0),
            // The second row's middle cell is merged down into the third.
            h(100.0, 200.0, 110.0),
            h(200.0, 400.0, 110.0),
            v(100.0, 50.0, 110.0),
            v(400.0, 50.0, 110.0),
            v(200.0, 70.0, 110.0),
            v(300.0, 70.0, 110.0),
        ];
        // A lone header rule elsewhere is not a table.
        r.push(h(100.0, 160.0, 20.0));
        let g = grids(&r);
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!(g.xs, vec![100.0, 200.0, 300.0, 400.0]);
        assert_eq!(
            g.cells[0],
            vec![GridCell {
                col: 0,
                span: 3,
                merged_up: false
            }]
        );
        assert_eq!(g.cells[1].len(), 3);
        assert!(g.cells[2].iter().all(|c| !c.merged_up));
        assert_eq!(g.cell_at(250.0, 60.0), Some((0, 0)));
        assert_eq!(g.cell_at(250.0, 100.0), Some((2, 1)));
        assert!(g.contains(150.0, 80.0));
        assert!(!g.contains(150.0, 20.0));
    }

    #[test]
    fn a_cell_without_its_top_rule_continues_the_one_above() {
        let r = vec![
            h(0.0, 200.0, 0.0),
            h(0.0, 100.0, 20.0), // the right column has no rule at 20
            h(0.0, 200.0, 40.0),
            v(0.0, 0.0, 40.0),
            v(100.0, 0.0, 40.0),
            v(200.0, 0.0, 40.0),
        ];
        let g = &grids(&r)[0];
        assert!(g.cells[1][1].merged_up);
        assert!(!g.cells[1][0].merged_up);
        assert_eq!(g.cell_at(150.0, 30.0), Some((0, 1)));
    }
}
