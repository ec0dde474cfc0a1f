//! Typesetting: turns a [`doc::Document`] into pages of positioned items.
//! Pagination keeps headings with what follows, never splits table rows or
//! the header and closing blocks, repeats table header rows, keeps the last
//! body lines with the signature, and numbers pages from page 2.
//!
//! Imports no writer crate: the pages are plain data ([`Page`]).

use std::cell::Cell;

use super::ahead::Ahead;

use crate::doc::{self, Block, Columns, Para, Role};
use crate::error::{Error, Result};
use crate::input::over_limit;
use crate::text::{FaceId, FontSet, Glyph, Shaper, break_para};

/// A point on the page, in points from the top-left corner (y grows down).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// From the left edge.
    pub x: f32,
    /// From the top edge.
    pub y: f32,
}

/// A laid-out page: items at positions.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
    /// The part of the document it belongs to: 0 for the main text, `i + 1`
    /// for appendix `i` (each numbers its pages from 1).
    pub section: usize,
    /// What is drawn; text at its baseline's left end, rules at their top-left corner.
    pub items: Vec<(Point, Item)>,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of glyphs in one face.
    Text(TextItem),
    /// A filled rectangle: rules, underlines, table borders.
    Rule(RuleItem),
    /// An image (signature, seal), at its top-left corner.
    Image(ImageItem),
    /// The space reserved for a signer's digital signature, at its top-left
    /// corner; the PDF writer makes it a signature field.
    SignField(SignField),
}

/// Where an item belongs in the document's logical structure, for a tagged
/// PDF: paragraphs are numbered in reading order, from 0, across the main
/// text and the appendices, in the order [`super::structure`] walks them
/// (blocks in turn; a column block's columns left to right, each top to
/// bottom; a table's header cells, then its rows' cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// Not content: a page number, a repeated table header.
    Artifact,
    /// The text (or image) of paragraph `n`.
    Para(u32),
    /// The label (number or list marker) of paragraph `n`.
    Label(u32),
}

/// An image scaled to a box.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageItem {
    /// What it shows.
    pub kind: doc::ImageKind,
    /// The paragraph it belongs to (the signer's name, under the image).
    pub mark: Mark,
    /// The image.
    pub picture: doc::Picture,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// A signer's signature space.
#[derive(Debug, Clone, PartialEq)]
pub struct SignField {
    /// The signer's index, left to right, from 0.
    pub signer: usize,
    /// The signer's name and position.
    pub tooltip: String,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// Glyphs of one face on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextItem {
    /// The element it belongs to.
    pub role: Role,
    /// Its place in the logical structure.
    pub mark: Mark,
    /// The face.
    pub face: FaceId,
    /// Font size.
    pub size: f32,
    /// The text the glyphs draw.
    pub text: String,
    /// The glyphs; clusters index `text`.
    pub glyphs: Vec<Glyph>,
    /// Advance width.
    pub width: f32,
}

/// A filled rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleItem {
    /// The element it belongs to.
    pub role: Role,
    /// Width.
    pub width: f32,
    /// Height (thickness).
    pub height: f32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Normal,
    Break,
    TableHeader(usize),
    TableRow(usize),
}

/// An unbreakable piece of the flow: a line, a table row, a column block.
#[derive(Debug, Clone)]
struct Chunk {
    height: f32,
    space_before: f32,
    space_after: f32,
    keep_with_next: bool,
    /// Relative to the chunk's top-left corner at the left margin.
    items: Vec<(Point, Item)>,
    kind: Kind,
}

impl Chunk {
    fn new(height: f32, items: Vec<(Point, Item)>) -> Self {
        Self {
            height,
            space_before: 0.0,
            space_after: 0.0,
            keep_with_next: false,
            items,
            kind: Kind::Normal,
        }
    }
}

/// Lays out a composed document on pages: the main text, then each
/// appendix from a new page on its own paper, with its own page numbers.
pub fn typeset(doc: &doc::Document, fonts: &FontSet) -> Result<Vec<Page>> {
    typeset_within(doc, fonts, usize::MAX, "")
}

/// [`typeset`] within `max_pages` ([`crate::Limits::max_pages`]): a
/// document that needs more is refused as soon as that is known (once its
/// lines fill more than `max_pages` pages end to end, or page `max_pages +
/// 1` begins), not after the whole of it is laid out; `file` names it.
pub fn typeset_within(
    doc: &doc::Document,
    fonts: &FontSet,
    max_pages: usize,
    file: &str,
) -> Result<Vec<Page>> {
    let shaper = Shaper::new(fonts)?;
    let ahead = Ahead::new(doc, fonts, &shaper);
    let mut pages = Vec::new();
    let next = Cell::new(0);
    for (section, (page, blocks)) in doc.parts().enumerate() {
        let t = Typesetter {
            shaper: &shaper,
            page,
            next: &next,
            ahead: &ahead,
        };
        let budget = max_pages.saturating_sub(pages.len());
        let Some(mut part) = t.part(blocks, budget) else {
            return Err(Error::input(
                file,
                over_limit("", crate::msg!("render-too-many-pages", limit = max_pages)),
            ));
        };
        for p in &mut part {
            p.section = section;
        }
        pages.extend(part);
    }
    Ok(pages)
}

impl Typesetter<'_> {
    /// One part's blocks on pages of its paper, numbered from 1 (not shown on
    /// the first); `None` if they need more than `budget` pages.
    fn part(&self, blocks: &[Block], budget: usize) -> Option<Vec<Page>> {
        let t = self;
        let room = t.page.text_height();
        let mut chunks = Vec::new();
        let mut headers = Vec::new();
        // No page holds more than `room` of chunks: past `budget` pages of
        // them, pagination can only need more (checked as they are made, so
        // a flood of lines stops early).
        let most = budget as f32 * room;
        let mut total = 0.0;
        for b in blocks {
            let from = chunks.len();
            match b {
                Block::Para(p) => chunks.extend(t.para(p, t.page.text_width())),
                Block::Columns(c) => chunks.extend(t.cut(t.columns(c), room)),
                Block::Table(table) => {
                    let (header, rows) = t.table(table, headers.len());
                    headers.push(header.clone());
                    chunks.push(header);
                    chunks.extend(rows);
                }
                Block::PageBreak => chunks.push(Chunk {
                    kind: Kind::Break,
                    ..Chunk::new(0.0, vec![])
                }),
            }
            // (A chunk taller than a page, which nothing could cut, takes one.)
            total += chunks
                .get(from..)
                .map_or(0.0, |c| c.iter().map(|c| c.height.min(room)).sum());
            if total > most {
                return None;
            }
        }
        let mut pages = paginate(t.page, chunks, &headers, budget)?;
        t.number_pages(&mut pages);
        Some(pages)
    }
}

struct Typesetter<'a> {
    shaper: &'a Shaper<'a>,
    page: &'a doc::Page,
    /// The next paragraph's number ([`Mark::Para`]).
    next: &'a Cell<u32>,
    /// Paragraphs whose lines were broken ahead, on another core.
    ahead: &'a Ahead,
}

impl Typesetter<'_> {
    /// A paragraph as one chunk per line, within `width`: the next
    /// paragraph in reading order (it takes the next number).
    fn para(&self, p: &Para, width: f32) -> Vec<Chunk> {
        let me = self.next.get();
        self.next.set(me.saturating_add(1));
        let s = &p.style;
        let lines = self
            .ahead
            .take(p, width)
            .unwrap_or_else(|| break_para(self.shaper, p, width));
        let lh = s.line_height;
        let base = self.shaper.fonts().baseline(s.size, lh);
        let n = lines.len();
        let measured = p.rule.map(|rule| {
            let line = match rule.of {
                doc::RuleOf::LastLine => lines.last(),
                doc::RuleOf::LongestLine => lines.iter().max_by(|a, b| a.width.total_cmp(&b.width)),
            };
            line.map_or((0.0, 0.0), |l| (l.x, l.width))
        });
        let mut chunks: Vec<Chunk> = lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                let mut items = Vec::new();
                for run in line.runs {
                    let at = Point {
                        x: line.x + run.x,
                        y: base,
                    };
                    if run.underline {
                        items.push((
                            Point {
                                x: at.x,
                                y: base + 0.12 * s.size,
                            },
                            Item::Rule(RuleItem {
                                role: p.role,
                                width: run.width,
                                height: 0.05 * s.size,
                            }),
                        ));
                    }
                    items.push((
                        at,
                        Item::Text(TextItem {
                            role: p.role,
                            mark: match run.label {
                                true => Mark::Label(me),
                                false => Mark::Para(me),
                            },
                            face: run.face,
                            size: s.size,
                            text: run.text,
                            glyphs: run.glyphs,
                            width: run.width,
                        }),
                    ));
                }
                let mut c = Chunk::new(lh, items);
                // Headings stay with what follows; no orphan or widow lines.
                c.keep_with_next = p.keep_with_next
                    || matches!(p.role, Role::Heading(_))
                    || (i == 0 && n >= 2)
                    || (n >= 3 && i == n - 2)
                    || i + 1 < n && matches!(p.role, Role::Title | Role::Subject);
                c
            })
            .collect();
        // An empty paragraph (a blank table cell) still leaves a mark, with
        // nothing to draw: a tagged PDF keeps its place (its row's cells
        // stay as many as the table's columns).
        let blank = !chunks
            .iter()
            .any(|c| c.items.iter().any(|(_, i)| matches!(i, Item::Text(_))));
        if let Some(first) = chunks.first_mut().filter(|_| blank) {
            first.items.push((
                Point { x: 0.0, y: base },
                Item::Text(TextItem {
                    role: p.role,
                    mark: Mark::Para(me),
                    face: FaceId::of(s.bold, s.italic),
                    size: s.size,
                    text: String::new(),
                    glyphs: Vec::new(),
                    width: 0.0,
                }),
            ));
        }
        if let (Some(rule), Some((line_x, line_width)), Some(last)) =
            (p.rule, measured, chunks.last_mut())
        {
            let w = line_width * rule.ratio;
            let centre = line_x + line_width / 2.0;
            let y = base + rule.offset_pt - rule.thickness_pt / 2.0;
            let at = Point {
                x: centre - w / 2.0,
                y,
            };
            let rule_item = RuleItem {
                role: p.role,
                width: w,
                height: rule.thickness_pt,
            };
            last.items.push((at, Item::Rule(rule_item)));
            last.height = last.height.max(y + rule.thickness_pt + 2.0);
        }
        if let Some(first) = chunks.first_mut() {
            first.space_before = s.space_before;
            if let Some(sign) = &p.sign {
                // The space above the first line, from the column's left edge.
                let top = -s.space_before;
                first.items.push((
                    Point { x: 0.0, y: top },
                    Item::SignField(SignField {
                        signer: sign.signer,
                        tooltip: sign.tooltip.clone(),
                        width: sign.width,
                        height: sign.height,
                    }),
                ));
                for im in &sign.images {
                    first.items.push((
                        Point {
                            x: im.x,
                            y: top + im.y,
                        },
                        Item::Image(ImageItem {
                            kind: im.kind,
                            mark: Mark::Para(me),
                            picture: im.picture.clone(),
                            width: im.width,
                            height: im.height,
                        }),
                    ));
                }
            }
        }
        if let Some(last) = chunks.last_mut() {
            last.space_after = s.space_after;
        }
        chunks
    }

    /// Paragraphs stacked in `width`, as one relative block and its height.
    fn stack(&self, paras: &[Para], width: f32) -> (Vec<(Point, Item)>, f32, f32) {
        let mut items = Vec::new();
        let mut y = 0.0;
        let mut first_baseline = None;
        for (k, p) in paras.iter().enumerate() {
            let chunks = self.para(p, width);
            for (i, c) in chunks.iter().enumerate() {
                if i == 0 && k > 0 {
                    y += c.space_before;
                }
                for (pt, item) in &c.items {
                    if first_baseline.is_none() && matches!(item, Item::Text(_)) {
                        first_baseline = Some(y + pt.y);
                    }
                    items.push((
                        Point {
                            x: pt.x,
                            y: y + pt.y,
                        },
                        item.clone(),
                    ));
                }
                y += c.height;
                if i + 1 == chunks.len() && k + 1 < paras.len() {
                    y += c.space_after;
                }
            }
        }
        (items, y, first_baseline.unwrap_or(0.0))
    }

    /// Columns side by side, first baselines aligned, as one chunk.
    fn columns(&self, c: &Columns) -> Chunk {
        let width = self.page.text_width();
        let stacks: Vec<_> = c
            .columns
            .iter()
            .map(|col| self.stack(&col.paras, width * col.share))
            .collect();
        let top = stacks.iter().map(|s| s.2).fold(0.0, f32::max);
        let mut items = Vec::new();
        let mut height: f32 = 0.0;
        let mut x = 0.0;
        for (col, (its, h, fb)) in c.columns.iter().zip(stacks) {
            let shift = if its.is_empty() { 0.0 } else { top - fb };
            items.extend(its.into_iter().map(|(p, i)| {
                (
                    Point {
                        x: p.x + x,
                        y: p.y + shift,
                    },
                    i,
                )
            }));
            height = height.max(h + shift);
            x += width * col.share;
        }
        let mut chunk = Chunk::new(height, items);
        chunk.space_before = c.space_before;
        chunk.space_after = c.space_after;
        chunk
    }

    /// A chunk no taller than `max`, or pieces of it that are, cut between
    /// lines of text: a header or closing block taller than a page (two
    /// hundred Nơi nhận lines) would run off the page and lose its text.
    fn cut(&self, chunk: Chunk, max: f32) -> Vec<Chunk> {
        if chunk.height <= max {
            return vec![chunk];
        }
        // Where a cut goes through nothing: the gaps between the runs of
        // items whose extents overlap (blank lines included), found in one
        // sweep down the chunk (tens of thousands of lines must not cost a
        // scan per cut).
        let spans: Vec<(f32, f32)> = chunk.items.iter().map(|it| self.extent(it)).collect();
        let mut order: Vec<&(f32, f32)> = spans.iter().collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut gaps = Vec::new();
        let mut reach: f32 = 0.0;
        for &(top, bottom) in order {
            if top >= reach {
                gaps.push((reach, top));
            }
            reach = reach.max(bottom);
        }
        gaps.push((reach, chunk.height));
        // The lowest place within `max` of the last cut, each time; a gap
        // taller than a page (a run of blank lines) is cut through as often
        // as it takes.
        let mut cuts = Vec::new();
        let mut from = 0.0;
        let mut gaps = gaps.into_iter().peekable();
        while chunk.height - from > max {
            let limit = from + max;
            let mut best = None;
            while let Some(&(g0, g1)) = gaps.peek() {
                if g0 > limit {
                    break;
                }
                let c = g1.min(limit);
                if c > from {
                    best = Some(c);
                }
                if g1 > limit {
                    break; // the gap goes on past this cut: it serves the next too
                }
                gaps.next();
            }
            match best {
                Some(c) => {
                    cuts.push(c);
                    from = c;
                }
                None => break, // an item taller than the page: nothing to cut between
            }
        }
        let mut pieces: Vec<Chunk> = std::iter::once(0.0)
            .chain(cuts.iter().copied())
            .zip(cuts.iter().copied().chain(std::iter::once(chunk.height)))
            .map(|(top, bottom)| Chunk::new(bottom - top, Vec::new()))
            .collect();
        for ((p, item), (top, _)) in chunk.items.into_iter().zip(spans) {
            let k = cuts.partition_point(|&c| c <= top);
            let above = k
                .checked_sub(1)
                .and_then(|i| cuts.get(i))
                .copied()
                .unwrap_or(0.0);
            if let Some(piece) = pieces.get_mut(k) {
                piece.items.push((
                    Point {
                        x: p.x,
                        y: p.y - above,
                    },
                    item,
                ));
            }
        }
        if let Some(first) = pieces.first_mut() {
            first.space_before = chunk.space_before;
        }
        if let Some(last) = pieces.last_mut() {
            last.space_after = chunk.space_after;
            last.keep_with_next = chunk.keep_with_next;
        }
        pieces
    }

    /// The top and bottom of what an item draws, from its point: a line of
    /// text from its ascender to its descender, a rule, image or field box
    /// from its top.
    fn extent(&self, (p, item): &(Point, Item)) -> (f32, f32) {
        match item {
            Item::Text(t) => {
                let f = self.shaper.fonts().face(t.face);
                (p.y - f.ascender * t.size, p.y + f.descender * t.size)
            }
            Item::Rule(r) => (p.y, p.y + r.height),
            Item::Image(i) => (p.y, p.y + i.height),
            Item::SignField(f) => (p.y, p.y + f.height),
        }
    }

    /// A table: its header row chunk and one chunk per body row (a row
    /// taller than a page's room under the header is cut into several).
    fn table(&self, t: &doc::Table, id: usize) -> (Chunk, Vec<Chunk>) {
        let width = self.page.text_width();
        let room = self.page.text_height();
        let widths: Vec<f32> = t.columns.iter().map(|c| c.share * width).collect();
        // A header taller than the page is cut too; its first piece repeats.
        let mut header_pieces = self.row(t, &t.header, &widths, room).into_iter();
        let mut header = header_pieces
            .next()
            .unwrap_or_else(|| Chunk::new(0.0, vec![]));
        header.kind = Kind::TableHeader(id);
        header.keep_with_next = true;
        header.space_before = t.space_before;
        // A header is repeated on each page only if it takes at most a
        // third of the page: the rows keep two thirds of every page, as a
        // word processor's repeated header leaves the rows most of it. A
        // taller one (a thousand words of column titles) is printed once,
        // as the first rows; repeated, it would crowd the rows off the page
        // and repeat on every page for the length of the table.
        let repeat = header.height <= room / 3.0;
        let (under_header, kind) = match repeat {
            true => (room - header.height, Kind::TableRow(id)),
            false => (room, Kind::Normal),
        };
        let mut rows: Vec<Chunk> = header_pieces
            .chain(
                t.rows
                    .iter()
                    .flat_map(|r| self.row(t, r, &widths, under_header)),
            )
            .map(|mut c| {
                c.kind = kind;
                c
            })
            .collect();
        match rows.last_mut() {
            Some(last) => last.space_after = t.space_after,
            None => header.space_after = t.space_after,
        }
        (header, rows)
    }

    /// A row, framed, as one chunk, or as several no taller than `max`
    /// each: a row taller than a page (a cell of a thousand words) is cut
    /// between lines, every piece framed, as a word processor splits it;
    /// kept whole it would run off the page and its text be lost.
    fn row(&self, t: &doc::Table, cells: &[Para], widths: &[f32], max: f32) -> Vec<Chunk> {
        let pad = t.padding;
        // Each cell's lines (chunks of relative items), and where it is.
        let mut lines: Vec<std::iter::Peekable<std::vec::IntoIter<Chunk>>> = cells
            .iter()
            .zip(widths)
            .map(|(cell, &w)| self.para(cell, w - 2.0 * pad).into_iter().peekable())
            .collect();
        let role = cells.first().map_or(Role::TableCell, |c| c.role);
        let room = max - 2.0 * pad;
        let mut pieces = Vec::new();
        loop {
            let mut items = Vec::new();
            let mut height: f32 = 0.0;
            let mut x = 0.0;
            for (cell, &w) in lines.iter_mut().zip(widths) {
                let mut y = 0.0;
                // At least one line per piece, so that cutting always moves on.
                while let Some(line) = cell.next_if(|l| y == 0.0 || y + l.height <= room) {
                    items.extend(line.items.into_iter().map(|(p, i)| {
                        let at = Point {
                            x: p.x + x + pad,
                            y: p.y + y + pad,
                        };
                        (at, i)
                    }));
                    y += line.height;
                }
                height = height.max(y + 2.0 * pad);
                x += w;
            }
            frame(&mut items, widths, height, t.border, role);
            pieces.push(Chunk::new(height, items));
            if lines.iter_mut().all(|c| c.peek().is_none()) {
                return pieces;
            }
        }
    }

    /// Page numbers from page 2, centred in the top margin.
    fn number_pages(&self, pages: &mut [Page]) {
        let s = self.page.page_number;
        for (i, page) in pages.iter_mut().enumerate().skip(1) {
            let text = (i + 1).to_string();
            let glyphs = self.shaper.shape(&text, FaceId::Regular, s.size);
            let width: f32 = glyphs.iter().map(|g| g.advance).sum();
            let f = self.shaper.fonts().face(FaceId::Regular);
            // Centre the digits' height (cap height ≈ ascender − descender) in the margin.
            let y = self.page.top / 2.0 + (f.ascender - f.descender) * s.size / 2.0 * 0.9;
            let x = self.page.left + (self.page.text_width() - width) / 2.0;
            page.items.push((
                Point { x, y },
                Item::Text(TextItem {
                    role: Role::PageNumber,
                    mark: Mark::Artifact,
                    face: FaceId::Regular,
                    size: s.size,
                    text,
                    glyphs,
                    width,
                }),
            ));
        }
    }
}

/// Places chunks on pages: decides where each goes, then moves its items.
/// `None` as soon as page `budget + 1` would begin.
fn paginate(
    page: &doc::Page,
    chunks: Vec<Chunk>,
    headers: &[Chunk],
    budget: usize,
) -> Option<Vec<Page>> {
    let room = page.text_height();
    let bottom = page.top + room;
    // (page index, top) per chunk; repeated table headers as extra entries.
    let mut places: Vec<(usize, f32)> = Vec::with_capacity(chunks.len());
    let mut repeats: Vec<(usize, f32, usize)> = Vec::new();
    if budget == 0 {
        return None;
    }
    let (mut n, mut y, mut empty, mut prev_after) = (0, page.top, true, 0.0);
    let mut rest = chunks.as_slice();
    while let [c, tail @ ..] = rest {
        // `from_c`: this chunk and the ones after it.
        let from_c = rest;
        rest = tail;
        if c.kind == Kind::Break {
            if !empty {
                (n, y, empty) = (n + 1, page.top, true);
                if n >= budget {
                    return None;
                }
            }
            places.push((n, y));
            continue;
        }
        let mut gap = if empty {
            0.0
        } else {
            prev_after + c.space_before
        };
        let chain = chain_height(from_c, room);
        let fits = y + gap + chain <= bottom + 0.01;
        let self_fits = y + gap + c.height <= bottom + 0.01;
        if !empty && ((!fits && chain <= room) || !self_fits) {
            (n, y, gap) = (n + 1, page.top, 0.0);
            if n >= budget {
                return None;
            }
            if let Kind::TableRow(t) = c.kind
                && let Some(h) = headers.get(t)
            {
                repeats.push((n, y, t));
                y += h.height;
            }
        }
        places.push((n, y + gap));
        y += gap + c.height;
        prev_after = c.space_after;
        empty = false;
    }
    let mut pages: Vec<Page> = (0..=n)
        .map(|_| Page {
            width: page.width,
            height: page.height,
            section: 0,
            items: Vec::new(),
        })
        .collect();
    let shift = |items: Vec<(Point, Item)>, top: f32| {
        items.into_iter().map(move |(pt, item)| {
            let at = Point {
                x: pt.x + page.left,
                y: pt.y + top,
            };
            (at, item)
        })
    };
    let mut repeats = repeats.into_iter().peekable();
    for (c, (n, top)) in chunks.into_iter().zip(places) {
        while let Some((rn, rtop, t)) = repeats.next_if(|r| r.0 == n && r.1 <= top) {
            if let (Some(p), Some(h)) = (pages.get_mut(rn), headers.get(t)) {
                // A repeat is read once, where the table begins.
                p.items
                    .extend(shift(h.items.iter().map(artifact).collect(), rtop));
            }
        }
        if let Some(p) = pages.get_mut(n) {
            p.items.extend(shift(c.items, top));
        }
    }
    Some(pages)
}

/// An item as a repeat of content shown before: an artifact.
fn artifact((at, item): &(Point, Item)) -> (Point, Item) {
    let mut item = item.clone();
    match &mut item {
        Item::Text(t) => t.mark = Mark::Artifact,
        Item::Image(i) => i.mark = Mark::Artifact,
        Item::Rule(_) | Item::SignField(_) => {}
    }
    (*at, item)
}

/// The height of the chunks that must go on one page with the first; once
/// it is over `room` (a page's), any height over it will do, so the scan
/// stops there and a long chain (thousands of headings) is not quadratic.
fn chain_height(chunks: &[Chunk], room: f32) -> f32 {
    let mut h = 0.0;
    let mut prev: Option<&Chunk> = None;
    for c in chunks {
        if c.kind == Kind::Break {
            break;
        }
        if let Some(p) = prev {
            h += p.space_after + c.space_before;
        }
        h += c.height;
        if h > room || !c.keep_with_next {
            break;
        }
        prev = Some(c);
    }
    h
}

/// The rules around a table row of `height` and between its cells.
fn frame(items: &mut Vec<(Point, Item)>, widths: &[f32], height: f32, b: f32, role: Role) {
    let rule = |w: f32, h: f32| {
        Item::Rule(RuleItem {
            role,
            width: w,
            height: h,
        })
    };
    let total: f32 = widths.iter().sum();
    for y in [-b / 2.0, height - b / 2.0] {
        items.push((Point { x: -b / 2.0, y }, rule(total + b, b)));
    }
    let mut x = 0.0;
    for w in std::iter::once(0.0).chain(widths.iter().copied()) {
        x += w;
        let at = Point {
            x: x - b / 2.0,
            y: -b / 2.0,
        };
        items.push((at, rule(b, height + b)));
    }
}
