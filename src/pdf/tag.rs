//! The tagged PDF's krilla side: what the page writer drew for each
//! paragraph ([`Drawn`]) joined to the document's [`structure`] as krilla's
//! tag tree, and the outline (bookmarks) from its headings, which PDF/UA-1
//! asks for. With [`super::write`], the only modules that import krilla.

use std::collections::HashMap;
use std::num::NonZeroU16;

use krilla::destination::XyzDestination;
use krilla::outline::{Outline, OutlineNode};
use krilla::tagging::{
    Identifier, ListNumbering, Node as KNode, TableHeaderScope, Tag, TagGroup, TagId, TagKind,
    TagTree,
};

use super::structure::{Kind, Node, Tree};
use super::typeset::Point;
use crate::doc::ListStyle;

/// What the page writer drew for the structure's leaves, in drawing order.
#[derive(Debug, Default)]
pub struct Drawn {
    text: HashMap<u32, Vec<Identifier>>,
    label: HashMap<u32, Vec<Identifier>>,
    images: HashMap<u32, Vec<Identifier>>,
    fields: HashMap<usize, Identifier>,
    /// Where each paragraph's first line is: (page, baseline's left end).
    first: HashMap<u32, (usize, Point)>,
}

impl Drawn {
    /// A line (or run) of paragraph `n`'s text, at `at` on `page`.
    pub fn text(&mut self, n: u32, id: Identifier, page: usize, at: Point) {
        self.text.entry(n).or_default().push(id);
        self.first.entry(n).or_insert((page, at));
    }

    /// A piece of paragraph `n`'s label.
    pub fn label(&mut self, n: u32, id: Identifier, page: usize, at: Point) {
        self.label.entry(n).or_default().push(id);
        self.first.entry(n).or_insert((page, at));
    }

    /// The next image of paragraph `n`'s signature space.
    pub fn image(&mut self, n: u32, id: Identifier) {
        self.images.entry(n).or_default().push(id);
    }

    /// Signer `signer`'s field.
    pub fn field(&mut self, signer: usize, id: Identifier) {
        self.fields.insert(signer, id);
    }
}

/// The id of signer `signer`'s `Form` element in the structure's ID tree,
/// by which the signature field's widget is joined to it afterwards; krilla
/// writes it prefixed with `U`, as [`form_id_bytes`] gives it.
fn form_id(signer: usize) -> TagId {
    TagId::from(super::fields::field_name(signer).into_bytes())
}

/// The bytes of signer `signer`'s `Form` element's `/ID`, as written.
pub fn form_id_bytes(signer: usize) -> Vec<u8> {
    form_id(signer).as_bytes().to_vec()
}

/// The tag tree: `tree`'s elements holding what was drawn for them, in
/// the document's language. Elements with nothing drawn are left out.
pub fn tag_tree(tree: &Tree, drawn: &mut Drawn, lang: &str) -> TagTree {
    let mut t = TagTree::new().with_lang(Some(lang.to_string()));
    for node in &tree.children {
        for n in nodes(node, drawn) {
            t.push(n);
        }
    }
    t
}

fn nodes(node: &Node, drawn: &mut Drawn) -> Vec<KNode> {
    let leaves = |ids: Option<Vec<Identifier>>| -> Vec<KNode> {
        ids.unwrap_or_default()
            .into_iter()
            .map(KNode::from)
            .collect()
    };
    match node {
        Node::Text(n) => leaves(drawn.text.remove(n)),
        Node::Label(n) => leaves(drawn.label.remove(n)),
        Node::Image { para, index } => drawn
            .images
            .get(para)
            .and_then(|ids| ids.get(*index))
            .map(|id| KNode::from(*id))
            .into_iter()
            .collect(),
        Node::Field(signer) => drawn
            .fields
            .remove(signer)
            .map(KNode::from)
            .into_iter()
            .collect(),
        Node::Group(g) => {
            let children: Vec<KNode> = g.children.iter().flat_map(|c| nodes(c, drawn)).collect();
            if children.is_empty() {
                return Vec::new();
            }
            vec![KNode::Group(TagGroup::with_children(
                tag(&g.kind),
                children,
            ))]
        }
    }
}

fn tag(kind: &Kind) -> TagKind {
    match kind {
        Kind::Part => Tag::Part.into(),
        Kind::Div => Tag::Div.into(),
        Kind::Heading { level, title } => {
            let level = NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN);
            Tag::Hn(level, Some(title.clone())).into()
        }
        Kind::P => Tag::P.into(),
        Kind::List(style) => Tag::L(match style {
            ListStyle::Dash | ListStyle::Plus => ListNumbering::None,
            ListStyle::Letter => ListNumbering::LowerAlpha,
            ListStyle::Number => ListNumbering::Decimal,
        })
        .into(),
        Kind::ListItem => Tag::LI.into(),
        Kind::ListLabel => Tag::Lbl.into(),
        Kind::ListBody => Tag::LBody.into(),
        Kind::Table => Tag::Table.into(),
        Kind::Row => Tag::TR.into(),
        Kind::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
        Kind::Cell => Tag::TD.into(),
        Kind::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
        // Found by its id once the tree is written, to join the widget to it.
        Kind::Form(signer) => TagKind::from(Tag::Form).with_id(Some(form_id(*signer))),
    }
}

/// Bookmarks for the headings, nested by level, each to its first line;
/// the document's title (`fallback`) at the top of page 1 when it has no
/// heading, since PDF/UA-1 asks for an outline.
pub fn outline(tree: &Tree, drawn: &Drawn, fallback: &str) -> Outline {
    // Open nodes by level: a heading closes the ones at its level or deeper.
    let mut open: Vec<(u16, OutlineNode)> = Vec::new();
    let mut top = Vec::new();
    let close = |open: &mut Vec<(u16, OutlineNode)>, top: &mut Vec<OutlineNode>, level: u16| {
        while open.last().is_some_and(|(l, _)| *l >= level) {
            if let Some((_, node)) = open.pop() {
                match open.last_mut() {
                    Some((_, parent)) => parent.push_child(node),
                    None => top.push(node),
                }
            }
        }
    };
    for (level, title, n) in tree.headings() {
        let Some(&(page, at)) = drawn.first.get(&n) else {
            continue;
        };
        close(&mut open, &mut top, level);
        // A little above the baseline, so that the line shows whole.
        let dest = XyzDestination::new(
            page,
            krilla::geom::Point::from_xy(at.x, (at.y - 20.0).max(0.0)),
        );
        open.push((level, OutlineNode::new(title.to_string(), dest)));
    }
    close(&mut open, &mut top, 0);
    let mut outline = Outline::new();
    if top.is_empty() {
        let dest = XyzDestination::new(0, krilla::geom::Point::from_xy(0.0, 0.0));
        top.push(OutlineNode::new(fallback.to_string(), dest));
    }
    for node in top {
        outline.push_child(node);
    }
    outline
}
