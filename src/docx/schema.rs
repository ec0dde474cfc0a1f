//! Makes a DOCX package written by docx-rs valid against the ECMA-376 schemas.
//!
//! docx-rs writes many property elements (`w:pPr`, `w:rPr`, `w:lvl`, `w:settings`, …)
//! with their children out of the order the schema's `xsd:sequence` demands, puts a
//! `w:type` attribute on `w:gridCol`, and ships no theme part. This module fixes all
//! three after the fact, without knowing anything about individual elements: one
//! generic pass over every `word/*.xml` part reorders children by the data in
//! `data/child-order.txt` and drops the attributes listed in `DROPPED_ATTRIBUTES`, then the
//! package gets a theme part (`data/theme1.xml`) if it has none. Parts are read
//! with the one XML reader of [`super::xml`] and zipped by [`super::parts`].
//!
//! Attribute values, text, namespace prefixes and whitespace are copied byte for byte.
//! Besides the order of children, the pass only removes `w:type` from `w:gridCol` and
//! the empty property containers docx-rs writes where the schema allows none (`<w:rPr/>`
//! in the `w:pPr` of styles and numbering levels). It cannot repair invalid attribute
//! values (docx-rs's `AlignmentType::Justified` writes `w:jc w:val="justified"`; the
//! schema's value is `both`): the writer must not produce them.

use std::borrow::Cow;

use super::parts::{CONTENT_TYPES, Parts, ZipError};
use super::xml::{Edits, Element, Tree, WML_NS, XmlError};
use order::{Name, order_of, prefix_of};

mod order;

/// Why a package or part could not be normalized.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The package could not be unzipped or zipped.
    #[error(transparent)]
    Package(#[from] ZipError),
    /// An XML document is not well-formed; `offset` is a byte offset into it.
    #[error("malformed XML at byte {offset}: {reason}")]
    Xml {
        /// Byte offset of the problem in the XML text.
        offset: u64,
        /// What is wrong there.
        reason: String,
    },
    /// A part is missing, duplicated, not UTF-8 or not well-formed.
    #[error("part {part}: {reason}")]
    Part {
        /// Name of the part inside the package, e.g. `word/styles.xml`.
        part: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl From<XmlError> for SchemaError {
    fn from(e: XmlError) -> Self {
        SchemaError::Xml {
            offset: u64::try_from(e.offset).unwrap_or(u64::MAX),
            reason: e.reason,
        }
    }
}

/// Attributes the schema does not allow, as (element, attribute), both `w:` names:
/// docx-rs writes `w:type` on `w:gridCol` (CT_TblGridCol has only `w:w`).
pub(crate) const DROPPED_ATTRIBUTES: &[(&str, &str)] = &[("gridCol", "type")];

const DOCUMENT_RELS: &str = "word/_rels/document.xml.rels";
const THEME_PART: &str = "word/theme/theme1.xml";
const THEME_TARGET: &str = "theme/theme1.xml";
const THEME_REL_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";
const THEME_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.theme+xml";

/// A minimal DrawingML theme: the Office colours, Times New Roman as major and minor
/// latin font, and the three entries each format-scheme list requires.
const THEME_XML: &str = include_str!("data/theme1.xml");

/// Rewrites a DOCX package produced by docx-rs so that it validates against the
/// ECMA-376 schemas: every element's children in schema order, no `w:type` on
/// `w:gridCol`, and a theme part. Deterministic: same input bytes → same output bytes.
///
/// Every `word/*.xml` part goes through [`reorder_xml`]; `word/theme/theme1.xml`, its
/// relationship and its content-type override are added unless the main document
/// already has a theme relationship. The archive is rewritten by
/// [`super::parts::write_parts`]. Applying it twice gives the same bytes as once.
#[cfg(test)]
pub fn normalize_package(docx: &[u8]) -> Result<Vec<u8>, SchemaError> {
    let mut parts = super::parts::read_parts(docx)?;
    normalize_parts(&mut parts)?;
    Ok(super::parts::write_parts(&parts, None)?)
}

/// [`normalize_package`] on parts already read: reorders every `word/*.xml`
/// part and adds the theme.
pub(crate) fn normalize_parts(parts: &mut Parts) -> Result<(), SchemaError> {
    for (name, data) in parts.iter_mut() {
        if is_word_xml_part(name) {
            let xml = part_text(name, data)?;
            let fixed = reorder_xml(xml).map_err(|e| in_part(name, e))?;
            *data = fixed.into_bytes();
        }
    }
    add_theme(parts)
}

/// Puts the children of every element listed in `data/child-order.txt` into ECMA-376
/// schema order, drops the empty property containers the schema does not allow where
/// they stand (docx-rs's `<w:rPr/>` inside a style's `w:pPr`) and removes the
/// attributes listed in `DROPPED_ATTRIBUTES` (`w:type` on `w:gridCol`). Everything else
/// (other elements, attributes, text, comments, namespace prefixes, the XML declaration)
/// is copied byte for byte. The sort is stable, so a valid document comes back identical.
pub fn reorder_xml(xml: &str) -> Result<String, SchemaError> {
    reorder(xml).map(|(out, _unknown)| out)
}

/// One element serialized, bottom up.
#[derive(Default)]
struct Done {
    xml: String,
    /// Whether it carries nothing: no attributes, no children, no text.
    empty: bool,
}

/// The reordering pass; also returns `parent/child` for every child an order list does
/// not name (such children are kept, after the known ones).
fn reorder(xml: &str) -> Result<(String, Vec<String>), SchemaError> {
    let tree = Tree::parse(xml)?;
    let elements = tree.elements();
    let names: Vec<Name<'_>> = elements
        .iter()
        .map(|e| Name {
            ns: prefix_of(tree.namespace(e)),
            local: tree.local(e),
        })
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); elements.len()];
    for (i, e) in elements.iter().enumerate() {
        if let Some(list) = e.parent.and_then(|p| children.get_mut(p)) {
            list.push(i);
        }
    }
    let mut done: Vec<Done> = std::iter::repeat_with(Done::default)
        .take(elements.len())
        .collect();
    let mut unknown = Vec::new();
    // Children come after their parent: serialize from the last element back.
    for (i, e) in elements.iter().enumerate().rev() {
        let element = Serialized {
            tree: &tree,
            names: &names,
            index: i,
            element: e,
        };
        let result = element.serialize(
            children.get(i).map_or(&[][..], Vec::as_slice),
            &mut done,
            &mut unknown,
        )?;
        if let Some(slot) = done.get_mut(i) {
            *slot = result;
        }
    }
    let root = tree.root().ok_or_else(|| xml_error(0, "no root element"))?;
    let body = done.first().map_or("", |d| d.xml.as_str());
    let out = [
        tree.span(0..root.start),
        body,
        tree.span(root.end..xml.len()),
    ]
    .concat();
    unknown.sort_by_key(|(at, _)| *at);
    Ok((out, unknown.into_iter().map(|(_, u)| u).collect()))
}

/// An element of the tree being serialized.
struct Serialized<'t, 'x> {
    tree: &'t Tree<'x>,
    names: &'t [Name<'x>],
    index: usize,
    element: &'t Element,
}

impl Serialized<'_, '_> {
    /// The element with its children (already serialized in `done`) in schema
    /// order; a child its order list does not allow is dropped when it is an
    /// empty property container, else kept last and reported in `unknown`
    /// (with the offset of its end, for document order).
    fn serialize(
        &self,
        children: &[usize],
        done: &mut [Done],
        unknown: &mut Vec<(usize, String)>,
    ) -> Result<Done, SchemaError> {
        let (tree, e) = (self.tree, self.element);
        let open = start_tag(tree, e, self.name())?;
        if e.empty {
            let empty = tree.attrs(e).is_empty();
            return Ok(Done {
                xml: open.into_owned(),
                empty,
            });
        }
        let order = order_of(self.name(), e.parent.and_then(|p| self.names.get(p)));
        let mut kept: Vec<(usize, String)> = Vec::new();
        let mut pending = String::new();
        let mut cursor = e.open_end;
        for &c in children {
            let Some(child) = tree.get(c) else { continue };
            pending.push_str(tree.span(cursor..child.start));
            cursor = child.end;
            let text = done.get_mut(c).map(std::mem::take).unwrap_or_default();
            let Some(order) = order else {
                pending.push_str(&text.xml);
                continue;
            };
            let Some(name) = self.names.get(c) else {
                continue;
            };
            let rank = match order.position(name) {
                Some(rank) => rank,
                // An empty container carries nothing: drop it (text before it stays).
                None if text.empty && order_of(name, Some(self.name())).is_some() => continue,
                None => {
                    unknown.push((child.end, self.unknown(name)));
                    usize::MAX
                }
            };
            let mut xml = std::mem::take(&mut pending);
            xml.push_str(&text.xml);
            kept.push((rank, xml));
        }
        pending.push_str(tree.span(cursor..e.close_start));
        let empty = tree.attrs(e).is_empty() && kept.is_empty() && pending.trim().is_empty();
        kept.sort_by_key(|(rank, _)| *rank);
        let mut xml = String::with_capacity(e.end - e.start);
        xml.push_str(&open);
        kept.iter().for_each(|(_, k)| xml.push_str(k));
        xml.push_str(&pending);
        xml.push_str(tree.span(e.close_start..e.end));
        Ok(Done { xml, empty })
    }

    fn name(&self) -> &Name<'_> {
        // `names` has one entry per element.
        self.names.get(self.index).unwrap_or(&Name {
            ns: None,
            local: "",
        })
    }

    /// `grandparent/parent/child` of a child not allowed in this element.
    fn unknown(&self, child: &Name<'_>) -> String {
        let grandparent = self
            .element
            .parent
            .and_then(|p| self.names.get(p))
            .map_or("", |g| g.local);
        format!("{grandparent}/{}/{}", self.name().local, child.display())
    }
}

/// The start tag of `e` without the attributes [`DROPPED_ATTRIBUTES`] lists for it;
/// the tag as written when there are none.
fn start_tag<'x>(
    tree: &Tree<'x>,
    e: &Element,
    name: &Name<'_>,
) -> Result<Cow<'x, str>, SchemaError> {
    let raw = tree.span(e.start..e.open_end);
    let dropped: Vec<&str> = DROPPED_ATTRIBUTES
        .iter()
        .filter(|(element, _)| name.is("w", element))
        .map(|(_, attribute)| *attribute)
        .collect();
    if dropped.is_empty() {
        return Ok(Cow::Borrowed(raw));
    }
    let mut tag = format!("<{}", tree.name(e));
    let mut changed = false;
    for attribute in tree.attrs(e) {
        let attr_name = Name {
            ns: prefix_of(tree.attr_namespace(attribute)),
            local: tree.attr_local(attribute),
        };
        if dropped.iter().any(|d| attr_name.is("w", d)) {
            changed = true;
            continue;
        }
        let value = tree.raw_value(attribute);
        let quote = if value.contains('"') { '\'' } else { '"' };
        tag.push(' ');
        tag.push_str(tree.key(attribute));
        tag.push('=');
        tag.push(quote);
        tag.push_str(value);
        tag.push(quote);
    }
    if !changed {
        return Ok(Cow::Borrowed(raw));
    }
    tag.push_str(if e.empty { "/>" } else { ">" });
    Ok(Cow::Owned(tag))
}

fn xml_error(offset: usize, reason: &str) -> SchemaError {
    SchemaError::Xml {
        offset: u64::try_from(offset).unwrap_or(u64::MAX),
        reason: reason.to_owned(),
    }
}

fn part_error(part: &str, reason: impl Into<String>) -> SchemaError {
    SchemaError::Part {
        part: part.to_owned(),
        reason: reason.into(),
    }
}

fn in_part(part: &str, error: SchemaError) -> SchemaError {
    part_error(part, error.to_string())
}

fn part_text<'a>(name: &str, data: &'a [u8]) -> Result<&'a str, SchemaError> {
    std::str::from_utf8(data).map_err(|e| part_error(name, format!("not UTF-8: {e}")))
}

/// `word/*.xml`: the WordprocessingML parts (document, styles, numbering, settings,
/// headers, footers, fontTable, …), not the theme or the relationships.
fn is_word_xml_part(name: &str) -> bool {
    name.strip_prefix("word/")
        .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".xml"))
}

/// Adds `word/theme/theme1.xml`, its relationship from the main document and its
/// content-type override, each only if missing; does nothing when the document already
/// has a theme relationship.
fn add_theme(parts: &mut Parts) -> Result<(), SchemaError> {
    let rels = match parts.get(DOCUMENT_RELS) {
        Some(data) => part_text(DOCUMENT_RELS, data)?,
        None => return Err(part_error(DOCUMENT_RELS, "missing")),
    };
    let relationships = root_children(rels, "Relationship", &["Id", "Type"])
        .map_err(|e| in_part(DOCUMENT_RELS, e))?;
    if relationships.iter().any(|[_, kind]| kind == THEME_REL_TYPE) {
        return Ok(());
    }
    let id = (1..)
        .map(|n| format!("rIdTheme{n}"))
        .find(|id| relationships.iter().all(|[used, _]| used != id))
        .unwrap_or_default();
    let rels = append_to_root(
        rels,
        "Relationship",
        &[
            ("Id", &id),
            ("Type", THEME_REL_TYPE),
            ("Target", THEME_TARGET),
        ],
    )
    .map_err(|e| in_part(DOCUMENT_RELS, e))?;

    let types = match parts.get(CONTENT_TYPES) {
        Some(data) => part_text(CONTENT_TYPES, data)?,
        None => return Err(part_error(CONTENT_TYPES, "missing")),
    };
    let part_name = format!("/{THEME_PART}");
    let overrides =
        root_children(types, "Override", &["PartName"]).map_err(|e| in_part(CONTENT_TYPES, e))?;
    let types = if overrides
        .iter()
        .any(|[name]| name.eq_ignore_ascii_case(&part_name))
    {
        types.to_owned()
    } else {
        append_to_root(
            types,
            "Override",
            &[
                ("PartName", &part_name),
                ("ContentType", THEME_CONTENT_TYPE),
            ],
        )
        .map_err(|e| in_part(CONTENT_TYPES, e))?
    };

    parts.insert(DOCUMENT_RELS.to_owned(), rels.into_bytes());
    parts.insert(CONTENT_TYPES.to_owned(), types.into_bytes());
    parts
        .entry(THEME_PART.to_owned())
        .or_insert_with(|| THEME_XML.as_bytes().to_vec());
    Ok(())
}

/// The given attributes (by local name; unescaped, "" when absent) of each child of
/// the root element whose local name is `local`.
fn root_children<const N: usize>(
    xml: &str,
    local: &str,
    attributes: &[&str; N],
) -> Result<Vec<[String; N]>, SchemaError> {
    let tree = Tree::parse(xml)?;
    let found = tree
        .children(0)
        .filter_map(|i| tree.get(i))
        .filter(|child| tree.local(child) == local)
        .map(|child| {
            attributes.map(|name| {
                tree.attrs(child)
                    .iter()
                    .find(|a| tree.attr_local(a) == name)
                    .map(|a| tree.value(a).into_owned())
                    .unwrap_or_default()
            })
        })
        .collect();
    Ok(found)
}

/// `xml` with a new last child of the root element, written with the root's prefix.
fn append_to_root(
    xml: &str,
    local: &str,
    attributes: &[(&str, &str)],
) -> Result<String, SchemaError> {
    let tree = Tree::parse(xml)?;
    let root = tree.root().ok_or_else(|| xml_error(0, "no root element"))?;
    let mut child = format!("<{}{local}", tree.prefix(root));
    for (key, value) in attributes {
        child.push_str(&format!(" {key}=\"{}\"", super::xml::escape(value)));
    }
    child.push_str("/>");
    let mut edits = Edits::new();
    edits.append_child(&tree, root, &child);
    Ok(edits.apply(xml))
}

/// Where a new `w:{child}` of the element `parent` of `tree` goes in schema
/// order: just after the last child the schema puts before it (not counting
/// children in `w:` named in `replaced`, which are being replaced), else
/// just after the parent's start tag.
pub(crate) fn schema_position(
    tree: &Tree<'_>,
    parent: usize,
    child: &str,
    replaced: &[&str],
) -> usize {
    let Some(p) = tree.get(parent) else {
        return 0;
    };
    let name = |e: &Element| Name {
        ns: prefix_of(tree.namespace(e)),
        local: tree.local(e),
    };
    let grandparent = p.parent.and_then(|g| tree.get(g)).map(name);
    let order = order_of(&name(p), grandparent.as_ref());
    let new = Name {
        ns: Some("w"),
        local: child,
    };
    let Some((order, rank)) = order.and_then(|o| Some((o, o.position(&new)?))) else {
        return p.open_end;
    };
    tree.children(parent)
        .filter_map(|i| tree.get(i))
        .filter(|c| !(tree.namespace(c) == Some(WML_NS) && replaced.contains(&tree.local(c))))
        .filter(|c| order.position(&name(c)).is_some_and(|r| r < rank))
        .map(|c| c.end)
        .max()
        .unwrap_or(p.open_end)
}

/// `part: parent/child` for every child that an order list in `data/child-order.txt`
/// does not name, over all `word/*.xml` parts; empty when the table covers the package.
/// Tests of the DOCX writer call this on its output.
#[cfg(test)]
pub(crate) fn unknown_children_in_package(docx: &[u8]) -> Result<Vec<String>, SchemaError> {
    let mut report = Vec::new();
    for (name, data) in &super::parts::read_parts(docx)? {
        if is_word_xml_part(name) {
            let (_, unknown) = reorder(part_text(name, data)?).map_err(|e| in_part(name, e))?;
            report.extend(unknown.into_iter().map(|u| format!("{name}: {u}")));
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests;
