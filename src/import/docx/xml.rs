//! Small helpers over roxmltree for WordprocessingML: elements and
//! attributes matched by namespace and local name (so a file that binds
//! the namespace to another prefix, or uses Strict OOXML, reads the same),
//! Word's on/off values, and `mc:AlternateContent`'s one branch.

use roxmltree::Node;

/// WordprocessingML's namespaces: Transitional and Strict.
const W: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
/// Markup compatibility (`mc:AlternateContent`).
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
/// VML (`v:line`, `v:textbox`, …), Word 2003's drawings.
pub const VML: &str = "urn:schemas-microsoft-com:vml";
/// DrawingML (`a:prstGeom`).
pub const DRAWING: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
/// DrawingML pictures (`pic:pic`).
pub const PICTURE: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
/// Office math (`m:t`).
pub const MATH: &str = "http://schemas.openxmlformats.org/officeDocument/2006/math";

/// Whether `n` is the WordprocessingML element `local`.
pub fn is_w(n: Node<'_, '_>, local: &str) -> bool {
    n.is_element()
        && n.tag_name().name() == local
        && n.tag_name().namespace().is_some_and(|ns| W.contains(&ns))
}

/// Whether `n` is the element `local` in namespace `ns`.
pub fn is_ns(n: Node<'_, '_>, ns: &str, local: &str) -> bool {
    n.is_element() && n.tag_name().name() == local && n.tag_name().namespace() == Some(ns)
}

/// Whether `n` is `mc:AlternateContent`.
pub fn is_alternate(n: Node<'_, '_>) -> bool {
    is_ns(n, MC, "AlternateContent")
}

/// The one branch of an `mc:AlternateContent` to read: its first
/// `mc:Choice` (what Word writes for the applications that know the
/// feature: wps shapes, which this reader knows), else its `mc:Fallback`.
/// Reading both would read every text box twice.
pub fn alternate_branch<'a, 'i>(n: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    n.children()
        .find(|c| is_ns(*c, MC, "Choice"))
        .or_else(|| n.children().find(|c| is_ns(*c, MC, "Fallback")))
}

/// The first WordprocessingML child `local` of `n`.
pub fn w_child<'a, 'i>(n: Node<'a, 'i>, local: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is_w(*c, local))
}

/// The WordprocessingML attribute `local` of `n` (`w:val`, `w:type`, …).
pub fn w_attr<'a>(n: Node<'a, '_>, local: &str) -> Option<&'a str> {
    n.attributes()
        .find(|a| a.name() == local && a.namespace().is_some_and(|ns| W.contains(&ns)))
        .map(|a| a.value())
}

/// `w:val` of the child `local` of `n`.
pub fn child_val<'a>(n: Node<'a, '_>, local: &str) -> Option<&'a str> {
    w_child(n, local).and_then(|c| w_attr(c, "val"))
}

/// An on/off property (`<w:b/>`, `<w:b w:val="0"/>`, `w:val="false"`):
/// on unless its value says off.
pub fn on(n: Node<'_, '_>) -> bool {
    !matches!(w_attr(n, "val"), Some("0" | "false" | "off" | "none"))
}

/// A whole number attribute, negative or not (twips, eighths of a point).
pub fn number(n: Node<'_, '_>, local: &str) -> Option<i64> {
    w_attr(n, local).and_then(|v| v.trim().parse::<f64>().ok().map(|f| f as i64))
}
