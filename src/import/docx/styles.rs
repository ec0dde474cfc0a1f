//! `word/styles.xml`: the emphasis, alignment, indent, spacing, numbering
//! and table borders a paragraph, a run or a table gets from its style, its
//! style's `w:basedOn` chain and `w:docDefaults`, under what it says itself.

use std::collections::HashMap;

use roxmltree::Node;

use super::xml::{child_val, is_w, number, on, w_attr, w_child};
use crate::import::source::SourceAlign;

/// How deep a `w:basedOn` chain is followed (a cycle stops there too).
const CHAIN_CAP: usize = 32;

/// Run properties; `None` where this level says nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunProps {
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    pub underline: Option<bool>,
    /// Hidden text (`w:vanish`): not printed.
    pub hidden: Option<bool>,
}

impl RunProps {
    /// The properties of a `w:rPr`.
    pub fn read(rpr: Node<'_, '_>) -> Self {
        let mut p = Self::default();
        for c in rpr.children().filter(Node::is_element) {
            if is_w(c, "b") {
                p.bold = Some(on(c));
            } else if is_w(c, "i") {
                p.italic = Some(on(c));
            } else if is_w(c, "u") {
                p.underline = Some(on(c));
            } else if is_w(c, "vanish") {
                p.hidden = Some(on(c));
            }
        }
        p
    }

    /// These properties with `top`'s where it says something.
    pub fn under(self, top: Self) -> Self {
        Self {
            bold: top.bold.or(self.bold),
            italic: top.italic.or(self.italic),
            underline: top.underline.or(self.underline),
            hidden: top.hidden.or(self.hidden),
        }
    }
}

/// Paragraph properties; `None` where this level says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParaProps {
    pub align: Option<SourceAlign>,
    /// First-line indent (twips; negative for a hanging indent).
    pub first_line: Option<i64>,
    /// Space before (twips), or `i64::MAX` for automatic spacing.
    pub before: Option<i64>,
    pub page_break_before: Option<bool>,
    /// Word numbering: numId and, when said, ilvl.
    pub num_id: Option<String>,
    pub ilvl: Option<usize>,
    /// A visible paragraph border (`w:pBdr`): a rule drawn with the paragraph.
    pub border: Option<bool>,
}

impl ParaProps {
    /// The properties of a `w:pPr`.
    pub fn read(ppr: Node<'_, '_>) -> Self {
        let mut p = Self::default();
        for c in ppr.children().filter(Node::is_element) {
            if is_w(c, "jc") {
                p.align = w_attr(c, "val").and_then(align);
            } else if is_w(c, "ind") {
                let first =
                    number(c, "firstLine").or_else(|| number(c, "firstLineChars").map(|v| v * 2));
                let hanging = number(c, "hanging").or_else(|| number(c, "hangingChars"));
                p.first_line = match (first, hanging) {
                    (_, Some(h)) if h > 0 => Some(-h),
                    (Some(f), _) => Some(f),
                    _ => p.first_line,
                };
            } else if is_w(c, "spacing") {
                let auto = w_attr(c, "beforeAutospacing")
                    .is_some_and(|v| !matches!(v, "0" | "false" | "off"));
                // `beforeLines` is in hundredths of a line (about 12 pt).
                let lines = number(c, "beforeLines").map(|l| l * 240 / 100);
                p.before = if auto {
                    Some(i64::MAX)
                } else {
                    lines.or_else(|| number(c, "before")).or(p.before)
                };
            } else if is_w(c, "pageBreakBefore") {
                p.page_break_before = Some(on(c));
            } else if is_w(c, "numPr") {
                p.num_id = child_val(c, "numId").map(str::to_string);
                p.ilvl = child_val(c, "ilvl").and_then(|v| v.parse().ok());
            } else if is_w(c, "pBdr") {
                p.border = Some(c.children().any(|side| side.is_element() && visible(side)));
            }
        }
        p
    }

    /// These properties with `top`'s where it says something.
    pub fn under(self, top: Self) -> Self {
        let num = top.num_id.is_some();
        Self {
            align: top.align.or(self.align),
            first_line: top.first_line.or(self.first_line),
            before: top.before.or(self.before),
            page_break_before: top.page_break_before.or(self.page_break_before),
            ilvl: if num {
                top.ilvl
            } else {
                top.ilvl.or(self.ilvl)
            },
            num_id: top.num_id.or(self.num_id),
            border: top.border.or(self.border),
        }
    }
}

/// A table's or a cell's borders: top, left, bottom, right, inside
/// horizontal, inside vertical; `None` where it says nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Borders(pub [Option<bool>; 6]);

impl Borders {
    /// The borders of a `w:tblBorders` or `w:tcBorders`.
    pub fn read(n: Node<'_, '_>) -> Self {
        let mut b = [None; 6];
        for c in n.children().filter(Node::is_element) {
            let slot = match c.tag_name().name() {
                "top" => 0,
                "left" | "start" => 1,
                "bottom" => 2,
                "right" | "end" => 3,
                "insideH" => 4,
                "insideV" => 5,
                _ => continue,
            };
            if let Some(s) = b.get_mut(slot) {
                *s = Some(visible(c));
            }
        }
        Self(b)
    }

    /// These borders with `top`'s where it says something.
    pub fn under(self, top: Self) -> Self {
        let mut b = self.0;
        for (s, t) in b.iter_mut().zip(top.0) {
            if t.is_some() {
                *s = t;
            }
        }
        Self(b)
    }

    /// Whether side `i` is drawn.
    pub fn drawn(&self, i: usize) -> bool {
        self.0.get(i).copied().flatten().unwrap_or(false)
    }
}

/// Whether a border element draws a line (`w:val="nil"`/`"none"` do not).
fn visible(side: Node<'_, '_>) -> bool {
    !matches!(w_attr(side, "val"), None | Some("nil" | "none"))
}

/// A `w:jc` value.
fn align(v: &str) -> Option<SourceAlign> {
    Some(match v {
        "left" | "start" => SourceAlign::Left,
        "center" => SourceAlign::Center,
        "right" | "end" => SourceAlign::Right,
        "both" | "distribute" | "lowKashida" | "mediumKashida" | "highKashida"
        | "thaiDistribute" => SourceAlign::Justify,
        _ => return None,
    })
}

/// One style.
#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    para: ParaProps,
    run: RunProps,
    borders: Borders,
}

/// The styles of a document.
#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, Style>,
    default_para: Option<String>,
    default_table: Option<String>,
    doc_para: ParaProps,
    doc_run: RunProps,
}

impl Styles {
    /// Reads `word/styles.xml` (parsed).
    pub fn read(doc: &roxmltree::Document<'_>) -> Self {
        let mut s = Self::default();
        let root = doc.root_element();
        if let Some(defaults) = w_child(root, "docDefaults") {
            if let Some(rpr) = w_child(defaults, "rPrDefault").and_then(|d| w_child(d, "rPr")) {
                s.doc_run = RunProps::read(rpr);
            }
            if let Some(ppr) = w_child(defaults, "pPrDefault").and_then(|d| w_child(d, "pPr")) {
                s.doc_para = ParaProps::read(ppr);
            }
        }
        for st in root.children().filter(|c| is_w(*c, "style")) {
            let Some(id) = w_attr(st, "styleId") else {
                continue;
            };
            let kind = w_attr(st, "type").unwrap_or("paragraph");
            if w_attr(st, "default").is_some_and(|v| matches!(v, "1" | "true" | "on")) {
                match kind {
                    "paragraph" => s.default_para = Some(id.to_string()),
                    "table" => s.default_table = Some(id.to_string()),
                    _ => {}
                }
            }
            let style = Style {
                based_on: child_val(st, "basedOn").map(str::to_string),
                para: w_child(st, "pPr").map(ParaProps::read).unwrap_or_default(),
                run: w_child(st, "rPr").map(RunProps::read).unwrap_or_default(),
                borders: w_child(st, "tblPr")
                    .and_then(|t| w_child(t, "tblBorders"))
                    .map(Borders::read)
                    .unwrap_or_default(),
            };
            s.styles.insert(id.to_string(), style);
        }
        s
    }

    /// The chain of a style, itself first, then what it is based on.
    fn chain(&self, id: Option<&str>) -> Vec<&Style> {
        let mut out = Vec::new();
        let mut next = id;
        while let Some(id) = next {
            let Some(style) = self.styles.get(id) else {
                break;
            };
            if out.len() >= CHAIN_CAP {
                break;
            }
            out.push(style);
            next = style.based_on.as_deref();
        }
        out
    }

    /// What a paragraph of style `id` (the default paragraph style when
    /// `None`) gets: its paragraph and run properties.
    pub fn paragraph(&self, id: Option<&str>) -> (ParaProps, RunProps) {
        let id = id.or(self.default_para.as_deref());
        let mut para = self.doc_para.clone();
        let mut run = self.doc_run;
        for style in self.chain(id).into_iter().rev() {
            para = para.under(style.para.clone());
            run = run.under(style.run);
        }
        (para, run)
    }

    /// What a character style gives a run.
    pub fn character(&self, id: &str) -> RunProps {
        self.chain(Some(id))
            .into_iter()
            .rev()
            .fold(RunProps::default(), |run, style| run.under(style.run))
    }

    /// The borders a table of style `id` (the default table style when
    /// `None`) gets from it.
    pub fn table_borders(&self, id: Option<&str>) -> Borders {
        let id = id.or(self.default_table.as_deref());
        self.chain(id)
            .into_iter()
            .rev()
            .fold(Borders::default(), |b, style| b.under(style.borders))
    }
}
