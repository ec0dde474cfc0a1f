//! The logical structure of a document, for a tagged PDF (PDF/UA-1, PDF/A
//! level a): which paragraphs are headings of which level, which make lists
//! and tables, how the header and signature blocks group, in reading order.
//!
//! Plain data, built from the [`doc::Document`] alone, with no writer crate:
//! the leaves name paragraphs by the number the typesetter gives them
//! ([`Mark::Para`](super::Mark)), and the PDF writer attaches to each leaf
//! what it drew for it. Both walk the document the same way — blocks in
//! turn; a column block's columns left to right, each top to bottom; a
//! table's header cells, then its rows' cells, as many as it has columns.

use crate::doc::{self, Block, ImageKind, LabelKind, ListStyle, Para, Role};

/// A document's structure: the children of its `Document` element.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    /// The structure, in reading order.
    pub children: Vec<Node>,
    /// How many paragraphs the document has (numbers `0..paras`).
    pub paras: u32,
}

/// A node of the structure.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element and what it holds.
    Group(Group),
    /// Everything drawn for paragraph `n`'s text, line by line.
    Text(u32),
    /// Paragraph `n`'s label (number or list marker), if it has one.
    Label(u32),
    /// Image `index` (from 0, in drawing order) of paragraph `n`'s
    /// signature space.
    Image {
        /// The paragraph (the signer's name).
        para: u32,
        /// Which of its images.
        index: usize,
    },
    /// Signer `signer`'s signature field (a widget annotation).
    Field(usize),
}

/// An element of the structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// What it is.
    pub kind: Kind,
    /// What it holds.
    pub children: Vec<Node>,
}

/// The kinds of element, as PDF's standard structure types name them.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `Part`: an appendix.
    Part,
    /// `Div`: the header block, the closing block, one of their columns.
    Div,
    /// `H1`…`Hn`, with the heading's text as its title. Levels never skip:
    /// the type name is H1, sections below it one level each.
    Heading {
        /// From 1.
        level: u16,
        /// The heading's text.
        title: String,
    },
    /// `P`.
    P,
    /// `L`, numbered as its markers are.
    List(ListStyle),
    /// `LI`.
    ListItem,
    /// `Lbl`.
    ListLabel,
    /// `LBody`.
    ListBody,
    /// `Table`.
    Table,
    /// `TR`.
    Row,
    /// `TH`, a column header.
    HeaderCell,
    /// `TD`.
    Cell,
    /// `Figure`, with its alternative text.
    Figure(String),
    /// `Form`: signer `n`'s signature field.
    Form(usize),
}

impl Group {
    fn node(kind: Kind, children: Vec<Node>) -> Node {
        Node::Group(Self { kind, children })
    }
}

/// The structure of `doc`.
pub fn structure(doc: &doc::Document) -> Tree {
    let mut b = Builder::default();
    let mut children = Vec::new();
    for (i, (_, blocks)) in doc.parts().enumerate() {
        b.level = 0;
        b.chapter = None;
        let nodes = b.flow(blocks.iter());
        match i {
            0 => children.extend(nodes),
            _ => children.push(Group::node(Kind::Part, nodes)),
        }
    }
    Tree {
        children,
        paras: b.next,
    }
}

#[derive(Default)]
struct Builder {
    /// The next paragraph's number.
    next: u32,
    /// The level of the last heading in this part (0 before the first).
    level: u16,
    /// The level of the last chapter heading, if any.
    chapter: Option<u16>,
}

/// Lists being filled: (list, depth, items so far), outermost first.
type OpenLists = Vec<(usize, u8, ListStyle, Vec<Node>)>;

impl Builder {
    fn take(&mut self) -> u32 {
        let n = self.next;
        self.next = n.saturating_add(1);
        n
    }

    /// Blocks in reading order; runs of list items become lists.
    fn flow<'a>(&mut self, blocks: impl Iterator<Item = &'a Block>) -> Vec<Node> {
        let mut out = Vec::new();
        let mut lists: OpenLists = Vec::new();
        for block in blocks {
            match block {
                Block::Para(p) => self.para(p, &mut out, &mut lists),
                Block::Columns(c) => {
                    close_lists(&mut lists, 0, &mut out);
                    let columns = c
                        .columns
                        .iter()
                        .map(|col| {
                            let nodes = self.flow_paras(&col.paras);
                            Group::node(Kind::Div, nodes)
                        })
                        .collect();
                    out.push(Group::node(Kind::Div, columns));
                }
                Block::Table(t) => {
                    close_lists(&mut lists, 0, &mut out);
                    out.push(self.table(t));
                }
                Block::PageBreak => {}
            }
        }
        close_lists(&mut lists, 0, &mut out);
        out
    }

    fn flow_paras(&mut self, paras: &[Para]) -> Vec<Node> {
        let mut out = Vec::new();
        let mut lists: OpenLists = Vec::new();
        for p in paras {
            self.para(p, &mut out, &mut lists);
        }
        close_lists(&mut lists, 0, &mut out);
        out
    }

    fn para(&mut self, p: &Para, out: &mut Vec<Node>, lists: &mut OpenLists) {
        let n = self.take();
        if let Some(doc::Label {
            kind: LabelKind::List { list, depth, style },
            ..
        }) = p.label
        {
            // Deeper lists close into the item they belong to; another list
            // at this depth closes this one.
            close_lists(lists, depth, out);
            if lists
                .last()
                .is_some_and(|(l, d, _, _)| *d == depth && *l != list)
            {
                close_lists(lists, depth.saturating_sub(1), out);
            }
            if lists.last().is_none_or(|(_, d, _, _)| *d < depth) {
                lists.push((list, depth, style, Vec::new()));
            }
            let item = Group::node(
                Kind::ListItem,
                vec![
                    Group::node(Kind::ListLabel, vec![Node::Label(n)]),
                    Group::node(Kind::ListBody, vec![Node::Text(n)]),
                ],
            );
            if let Some((_, _, _, items)) = lists.last_mut() {
                items.push(item);
            }
            return;
        }
        close_lists(lists, 0, out);
        if let Some(sign) = &p.sign {
            out.extend(signature_space(n, sign));
        }
        let content = vec![Node::Label(n), Node::Text(n)];
        // A heading needs words to be one (a layout's template can make a
        // chapter's or an article's line empty): a blank one stays a `P`,
        // and the levels after it still never skip.
        let title = p.text().trim().to_string();
        let level = match title.is_empty() {
            true => None,
            false => self.heading_level(p.role),
        };
        out.push(match level {
            Some(level) => Group::node(Kind::Heading { level, title }, content),
            None => Group::node(Kind::P, content),
        });
    }

    /// The level of a heading paragraph, or `None` for any other: at most
    /// one deeper than the heading before it.
    fn heading_level(&mut self, role: Role) -> Option<u16> {
        let wanted = match role {
            Role::Title | Role::AppendixLabel => 1,
            Role::Chapter => 2,
            Role::Article => self.chapter.map_or(2, |c| c + 1),
            Role::Heading(d) => u16::from(d) + 1,
            _ => return None,
        };
        let level = wanted.clamp(1, self.level + 1);
        self.level = level;
        if role == Role::Chapter {
            self.chapter = Some(level);
        }
        Some(level)
    }

    fn table(&mut self, t: &doc::Table) -> Node {
        let columns = t.columns.len();
        let mut row = |cells: &[Para], kind: &Kind| {
            let cells = cells
                .iter()
                .take(columns)
                .map(|_| {
                    let n = self.take();
                    Group::node(kind.clone(), vec![Node::Label(n), Node::Text(n)])
                })
                .collect();
            Group::node(Kind::Row, cells)
        };
        let mut rows = vec![row(&t.header, &Kind::HeaderCell)];
        rows.extend(t.rows.iter().map(|r| row(r, &Kind::Cell)));
        Group::node(Kind::Table, rows)
    }
}

/// Closes the open lists deeper than `depth` into the item that holds each
/// (the last item of the list around it), the outermost into `out`.
fn close_lists(lists: &mut OpenLists, depth: u8, out: &mut Vec<Node>) {
    while lists.last().is_some_and(|(_, d, _, _)| *d > depth) {
        let Some((_, _, style, items)) = lists.pop() else {
            break;
        };
        let list = Group::node(Kind::List(style), items);
        let holder = lists
            .last_mut()
            .and_then(|(_, _, _, items)| items.last_mut())
            .and_then(|item| match item {
                Node::Group(g) => g.children.last_mut(),
                _ => None,
            });
        match holder {
            // The nested list goes inside the item's body.
            Some(Node::Group(body)) => body.children.push(list),
            _ => out.push(list),
        }
    }
}

/// The images and the field of a signer's space, before the name: each
/// image a figure described in Vietnamese, the field a form element.
fn signature_space(n: u32, sign: &doc::SignSpace) -> Vec<Node> {
    let who = sign.tooltip.trim();
    let mut nodes: Vec<Node> = sign
        .images
        .iter()
        .enumerate()
        .map(|(index, im)| {
            let alt = match im.kind {
                ImageKind::Signature => format!("Chữ ký của {who}"),
                ImageKind::Seal => format!("Con dấu, đóng trên chữ ký của {who}"),
            };
            Group::node(Kind::Figure(alt), vec![Node::Image { para: n, index }])
        })
        .collect();
    nodes.push(Group::node(
        Kind::Form(sign.signer),
        vec![Node::Field(sign.signer)],
    ));
    nodes
}

impl Tree {
    /// Every heading as (level, title, paragraph), in reading order.
    pub fn headings(&self) -> Vec<(u16, &str, u32)> {
        fn walk<'a>(nodes: &'a [Node], out: &mut Vec<(u16, &'a str, u32)>) {
            for node in nodes {
                if let Node::Group(g) = node {
                    if let Kind::Heading { level, title } = &g.kind {
                        let para = g.children.iter().find_map(|c| match c {
                            Node::Text(n) => Some(*n),
                            _ => None,
                        });
                        if let Some(n) = para {
                            out.push((*level, title, n));
                        }
                    }
                    walk(&g.children, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.children, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(role: Role, text: &str, label: Option<LabelKind>) -> Para {
        Para {
            role,
            runs: vec![doc::Run {
                text: text.into(),
                ..doc::Run::default()
            }],
            style: doc::ParaStyle {
                size: 14.0,
                align: doc::TextAlign::Left,
                first_indent: 0.0,
                left_indent: 0.0,
                space_before: 0.0,
                space_after: 0.0,
                line_height: 16.0,
                bold: false,
                italic: false,
            },
            rule: None,
            keep_with_next: false,
            label: label.map(|kind| doc::Label {
                text: "-".into(),
                kind,
            }),
            sign: None,
        }
    }

    fn item(list: usize, depth: u8) -> Option<LabelKind> {
        Some(LabelKind::List {
            list,
            depth,
            style: ListStyle::Dash,
        })
    }

    fn kinds(nodes: &[Node]) -> Vec<String> {
        nodes
            .iter()
            .map(|n| match n {
                Node::Group(g) => {
                    let name = match &g.kind {
                        Kind::Heading { level, .. } => format!("H{level}"),
                        k => format!("{k:?}"),
                    };
                    format!("{name}({})", kinds(&g.children).join(" "))
                }
                Node::Text(n) => format!("t{n}"),
                Node::Label(n) => format!("l{n}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn headings_never_skip_a_level_and_lists_nest_inside_their_item() {
        let blocks = [
            Block::Para(para(Role::Heading(2), "1. Sâu", None)),
            Block::Para(para(Role::Heading(1), "I. Nông", None)),
            Block::Para(para(Role::Body, "a", item(0, 1))),
            Block::Para(para(Role::Body, "b", item(0, 2))),
            Block::Para(para(Role::Body, "c", item(0, 1))),
            Block::Para(para(Role::Body, "d", item(1, 1))),
            Block::Para(para(Role::Body, "e", None)),
        ];
        let mut b = Builder::default();
        let nodes = b.flow(blocks.iter());
        assert_eq!(
            kinds(&nodes),
            [
                "H1(l0 t0)",
                "H2(l1 t1)",
                "List(Dash)(ListItem(ListLabel(l2) ListBody(t2 List(Dash)(ListItem(ListLabel(l3) ListBody(t3))))) ListItem(ListLabel(l4) ListBody(t4)))",
                "List(Dash)(ListItem(ListLabel(l5) ListBody(t5)))",
                "P(l6 t6)",
            ]
        );
        assert_eq!(b.next, 7);
    }

    /// A layout whose chapter template is empty makes an empty chapter
    /// line: no heading without a title (krilla refuses one, PDF/UA wants
    /// words), and the article under it still one level below the last.
    #[test]
    fn a_blank_heading_line_is_a_paragraph() {
        let blocks = [
            Block::Para(para(Role::Title, "QUYẾT ĐỊNH", None)),
            Block::Para(para(Role::Chapter, " ", None)),
            Block::Para(para(Role::Article, "Điều 1. Phạm vi", None)),
        ];
        let mut b = Builder::default();
        let nodes = b.flow(blocks.iter());
        assert_eq!(kinds(&nodes), ["H1(l0 t0)", "P(l1 t1)", "H2(l2 t2)"]);
    }
}
