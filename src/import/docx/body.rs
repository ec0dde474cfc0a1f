//! The main document's body as blocks: paragraphs (one per `w:p`), tables,
//! text boxes where they are anchored, page and section breaks.

use std::collections::HashMap;

use roxmltree::Node;

use super::inline::{Inline, Piece};
use super::styles::{ParaProps, Styles};
use super::xml::{alternate_branch, is_alternate, is_w, number, w_attr, w_child};
use crate::import::numbering::Numbering;
use crate::import::repair::Repair;
use crate::import::source::{Break, SourceBlock, SourcePara};
use crate::input::Run;

/// How deep tables, text boxes and content controls may nest inside each
/// other before the reader stops descending (each level is a recursion).
pub const DEPTH_CAP: usize = 48;
/// Space before a paragraph, in twips, that reads as a gap (6 pt).
const GAP_TWIPS: i64 = 120;

/// The state of one walk over the body.
pub struct Walker<'s> {
    pub styles: &'s Styles,
    pub numbering: Numbering,
    /// Counters of vanban's own heading styles (`VbHeading1` …).
    heading_counters: [usize; 4],
    /// Paragraphs seen, for [`SourcePara::line`].
    pub count: usize,
    /// The open complex fields: `true` once past `separate` (in the
    /// result), `false` in the instruction.
    pub fields: Vec<bool>,
    pub left_out: Vec<Repair>,
    /// For each section-ending `w:sectPr` (by its position in the XML), the
    /// orientation of the section that starts after it.
    next_landscape: HashMap<usize, bool>,
    /// The current section is landscape.
    landscape: bool,
    /// Nesting depth of [`Self::blocks`].
    pub depth: usize,
}

/// Blocks being gathered for one container (the body, a cell, a text box).
#[derive(Default)]
pub struct Flow {
    pub blocks: Vec<SourceBlock>,
    /// An empty paragraph came since the last one with text.
    gap: bool,
}

impl<'s> Walker<'s> {
    /// A walker for `body`, with its sections read ahead.
    pub fn new(styles: &'s Styles, numbering: Numbering, body: Node<'_, '_>) -> Self {
        // The sections in order: each paragraph-level `w:sectPr` ends one;
        // the body's own describes the last.
        let sections: Vec<Node<'_, '_>> = body
            .descendants()
            .filter(|n| {
                is_w(*n, "sectPr")
                    && n.parent().is_some_and(|p| {
                        (is_w(p, "pPr") && p.parent().is_some_and(|pp| is_w(pp, "p")))
                            || is_w(p, "body")
                    })
            })
            .collect();
        let mut next_landscape = HashMap::new();
        for (k, s) in sections.iter().enumerate() {
            let next = sections.get(k + 1).unwrap_or(s);
            next_landscape.insert(s.range().start, landscape(*next));
        }
        Self {
            styles,
            numbering,
            heading_counters: [0; 4],
            count: 0,
            fields: Vec::new(),
            left_out: Vec::new(),
            next_landscape,
            landscape: sections.first().is_some_and(|s| landscape(*s)),
            depth: 0,
        }
    }

    /// Reads the block-level content of `parent` (the body, a cell, a text
    /// box, a content control) into `flow`.
    /// Reports what is left out of the text: where, what, and its text.
    fn leave_out(&mut self, line: usize, what: crate::i18n::Msg, from: String) {
        self.left_out
            .push(Repair::new(line, what, from, String::new()));
    }

    pub fn blocks(&mut self, parent: Node<'_, '_>, flow: &mut Flow) {
        if self.depth >= DEPTH_CAP {
            self.leave_out(
                self.count,
                crate::msg!("import-repair-nested", depth = DEPTH_CAP),
                String::new(),
            );
            return;
        }
        self.depth += 1;
        for c in parent.children().filter(Node::is_element) {
            if is_w(c, "p") {
                self.paragraph(c, flow);
            } else if is_w(c, "tbl") {
                let table = self.table(c);
                flow.blocks.push(SourceBlock::Table(table));
                flow.gap = false;
            } else if is_w(c, "sdt") {
                if let Some(content) = w_child(c, "sdtContent") {
                    self.blocks(content, flow);
                }
            } else if is_w(c, "customXml") || is_w(c, "ins") || is_w(c, "moveTo") {
                self.blocks(c, flow);
            } else if is_alternate(c)
                && let Some(branch) = alternate_branch(c)
            {
                self.blocks(branch, flow);
            }
            // w:del / w:moveFrom: deleted; w:sectPr, w:bookmarkStart …: no text.
        }
        self.depth -= 1;
    }

    /// Reads one `w:p`.
    fn paragraph(&mut self, p: Node<'_, '_>, flow: &mut Flow) {
        self.count += 1;
        let line = self.count;
        let ppr = w_child(p, "pPr");
        let style = ppr
            .and_then(|x| w_child(x, "pStyle"))
            .and_then(|s| w_attr(s, "val"));
        let (props, run) = self.styles.paragraph(style);
        let props = match ppr {
            Some(ppr) => props.under(ParaProps::read(ppr)),
            None => props,
        };
        let mut inline = Inline::default();
        self.inline(p, run, &mut inline);

        if props.page_break_before == Some(true) && !flow.blocks.is_empty() {
            self.page_break(flow);
        }
        let mut first = true;
        let mut segment = Vec::new();
        let pieces = std::mem::take(&mut inline.pieces);
        let count = pieces.len();
        for (k, piece) in pieces.into_iter().enumerate() {
            let last = k + 1 == count;
            match piece {
                Piece::Text(run) => segment.push(run),
                Piece::PageBreak => {
                    self.finish(
                        std::mem::take(&mut segment),
                        &props,
                        style,
                        line,
                        &mut first,
                        flow,
                    );
                    self.page_break(flow);
                }
            }
            if last {
                self.finish(
                    std::mem::take(&mut segment),
                    &props,
                    style,
                    line,
                    &mut first,
                    flow,
                );
            }
        }
        if count == 0 {
            self.finish(Vec::new(), &props, style, line, &mut first, flow);
        }
        // Text boxes anchored here, after the anchor's own text.
        for b in inline.boxes {
            match b {
                SourceBlock::Para(p) => {
                    flow.blocks.push(SourceBlock::Para(p));
                    flow.gap = false;
                }
                other => flow.blocks.push(other),
            }
        }
        for what in inline.shapes {
            self.leave_out(line, what, String::new());
        }
        // A section ends with this paragraph.
        if let Some(sect) = ppr.and_then(|x| w_child(x, "sectPr")) {
            let landscape = self
                .next_landscape
                .get(&sect.range().start)
                .copied()
                .unwrap_or(self.landscape);
            self.landscape = landscape;
            // A page break just before the section's end is the same new
            // page: one break, the section's.
            if matches!(flow.blocks.last(), Some(SourceBlock::Break(b)) if !b.section) {
                flow.blocks.pop();
            }
            flow.blocks.push(SourceBlock::Break(Break {
                landscape,
                section: true,
            }));
            flow.gap = false;
        }
    }

    /// A page break in the current section.
    fn page_break(&mut self, flow: &mut Flow) {
        flow.blocks.push(SourceBlock::Break(Break {
            landscape: self.landscape,
            section: false,
        }));
        flow.gap = false;
    }

    /// Ends one paragraph (or the part of one before or after a page
    /// break): its numbering label, runs merged; a rule typed as
    /// underscores or drawn as a border is left out, an empty one makes a
    /// gap before the next.
    fn finish(
        &mut self,
        runs: Vec<Run>,
        props: &ParaProps,
        style: Option<&str>,
        line: usize,
        first: &mut bool,
        flow: &mut Flow,
    ) {
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        let is_first = std::mem::replace(first, false);
        if text.trim().is_empty() {
            if is_first && props.border == Some(true) {
                let what = crate::msg!("import-repair-border-paragraph");
                self.leave_out(line, what, text);
            }
            flow.gap = true;
            return;
        }
        if text.chars().all(|c| c == '_' || c.is_whitespace())
            && text.chars().filter(|c| *c == '_').count() >= 3
        {
            self.leave_out(line, crate::msg!("import-repair-underscores"), text);
            flow.gap = true;
            return;
        }
        let mut runs = merge(runs);
        if is_first {
            let label = match props.num_id.as_deref() {
                Some(id) if id != "0" => self.numbering.label(id, props.ilvl.unwrap_or(0)),
                _ => None,
            }
            .or_else(|| style.and_then(|s| heading_marker(s, &mut self.heading_counters)));
            if let Some(label) = label {
                runs.insert(
                    0,
                    Run {
                        text: format!("{label} "),
                        ..Run::default()
                    },
                );
                runs = merge(runs);
            }
        }
        let before = props.before.unwrap_or(0);
        flow.blocks.push(SourceBlock::Para(SourcePara {
            runs,
            align: props.align,
            indented: props.first_line.unwrap_or(0) > 0,
            gap: std::mem::take(&mut flow.gap) || before >= GAP_TWIPS,
            line,
            page: None,
        }));
    }
}

/// Whether a `w:sectPr`'s pages are wider than tall.
fn landscape(sect: Node<'_, '_>) -> bool {
    w_child(sect, "pgSz").is_some_and(|sz| {
        w_attr(sz, "orient") == Some("landscape")
            || matches!((number(sz, "w"), number(sz, "h")), (Some(w), Some(h)) if w > h)
    })
}

/// Adjacent runs of the same emphasis as one; spaces take the emphasis of
/// the run before when only bold or italic differ (neither shows on a
/// space), so that `Số:`, ` `, `3083` does not come apart for nothing.
fn merge(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for r in runs {
        if r.text.is_empty() {
            continue;
        }
        if let Some(last) = out.last_mut() {
            let same =
                last.bold == r.bold && last.italic == r.italic && last.underline == r.underline;
            let blank = r.text.chars().all(|c| c == ' ') && last.underline == r.underline;
            if same || blank {
                last.text.push_str(&r.text);
                continue;
            }
        }
        out.push(r);
    }
    out
}

/// The number Word draws for vanban's heading styles (`VbHeading1` → `I.`,
/// `VbHeading2` → `1.`, `VbHeading3` → `1.1.`), counted as Word does.
fn heading_marker(style: &str, counters: &mut [usize; 4]) -> Option<String> {
    let depth: usize = style.strip_prefix("VbHeading")?.parse().ok()?;
    let d = depth.clamp(1, 4) - 1;
    if let Some(c) = counters.get_mut(d) {
        *c += 1;
    }
    for c in counters.iter_mut().skip(d + 1) {
        *c = 0;
    }
    let n = |i: usize| counters.get(i).copied().unwrap_or(0);
    Some(match d {
        0 => format!("{}.", crate::compose::roman_numeral(n(0))),
        1 => format!("{}.", n(1)),
        2 => format!("{}.{}.", n(1), n(2)),
        _ => format!("{}.{}.{}.", n(1), n(2), n(3)),
    })
}
