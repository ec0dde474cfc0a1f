//! The one editor of the package's XML parts after docx-rs: every change
//! made to a part docx-rs wrote (the repeated header rows, the drawings, the
//! embedded fonts in the font table, its relationships, the content types
//! and the settings, the theme's relationship and content type) goes
//! through it; the schema pass ([`super::schema`]) reads parts with the
//! same reader.
//!
//! A part is read once with quick-xml into a [`Tree`]: its elements in
//! document order, each with the byte spans of its tags and attributes and
//! its namespace resolved (so `w:` is found by its URI, whatever the prefix).
//! [`Edits`] then replace, insert or remove spans, and everything not edited
//! is copied as it was, byte for byte: attribute values, text, whitespace,
//! comments and prefixes stay what the writer wrote.

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// WordprocessingML's main namespace.
pub(crate) const WML_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Why a part could not be read as XML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed XML at byte {offset}: {reason}")]
pub(crate) struct XmlError {
    /// Byte offset of the problem in the part.
    pub(crate) offset: usize,
    /// What is wrong there.
    pub(crate) reason: String,
}

fn error(offset: usize, reason: impl Into<String>) -> XmlError {
    XmlError {
        offset,
        reason: reason.into(),
    }
}

/// One attribute of a start tag, by byte spans into the part.
#[derive(Debug, Clone)]
pub(crate) struct Attr {
    /// The qualified name as written.
    key: Range<usize>,
    /// The value as written, without its quotes.
    value: Range<usize>,
    /// Index of its namespace in [`Tree::namespaces`] (unprefixed
    /// attributes have none).
    ns: Option<usize>,
}

impl Attr {
    /// Offset just after the closing quote.
    pub(crate) fn end(&self) -> usize {
        self.value.end + 1
    }

    /// Offset of the attribute's name.
    pub(crate) fn start(&self) -> usize {
        self.key.start
    }
}

/// One element of a part, by byte spans into it.
#[derive(Debug, Clone)]
pub(crate) struct Element {
    /// The qualified name as written.
    name: Range<usize>,
    /// Where the local name starts within the part.
    local: usize,
    /// Index of its namespace in [`Tree::namespaces`].
    ns: Option<usize>,
    /// Offset of the start tag's `<`.
    pub(crate) start: usize,
    /// Offset just after the start tag's `>`.
    pub(crate) open_end: usize,
    /// Offset of the end tag's `<` (`open_end` for an empty element).
    pub(crate) close_start: usize,
    /// Offset just after the element.
    pub(crate) end: usize,
    /// Written `<a/>`.
    pub(crate) empty: bool,
    /// 0 for the root.
    pub(crate) depth: usize,
    /// Index of the parent element.
    pub(crate) parent: Option<usize>,
    /// Its attributes, a range of [`Tree::attrs`].
    attrs: Range<usize>,
}

/// A part read once: its elements in document order (the root first).
#[derive(Debug)]
pub(crate) struct Tree<'x> {
    xml: &'x str,
    elements: Vec<Element>,
    attrs: Vec<Attr>,
    namespaces: Vec<String>,
}

/// Offset of `inner` in `outer`, when it is a slice of it.
fn offset_in(outer: &str, inner: &[u8]) -> Option<usize> {
    let at = (inner.as_ptr() as usize).checked_sub(outer.as_ptr() as usize)?;
    (at + inner.len() <= outer.len()).then_some(at)
}

impl<'x> Tree<'x> {
    /// Reads `xml`: well-formed, one root element, no document type
    /// declaration (nothing of a part may come from outside it).
    pub(crate) fn parse(xml: &'x str) -> Result<Self, XmlError> {
        let mut tree = Tree {
            xml,
            elements: Vec::new(),
            attrs: Vec::new(),
            namespaces: Vec::new(),
        };
        let mut reader = NsReader::from_str(xml);
        let mut open: Vec<usize> = Vec::new();
        let mut pos = 0usize;
        loop {
            let event = reader.read_event().map_err(|e| {
                error(
                    usize::try_from(reader.error_position()).unwrap_or(pos),
                    e.to_string(),
                )
            })?;
            let end =
                usize::try_from(reader.buffer_position()).map_err(|_| error(pos, "offset"))?;
            match event {
                Event::Start(ref start) | Event::Empty(ref start) => {
                    let empty = matches!(event, Event::Empty(_));
                    if open.is_empty() && !tree.elements.is_empty() {
                        return Err(error(pos, "more than one root element"));
                    }
                    tree.push(&reader, start, pos..end, empty, &open)?;
                    if !empty {
                        open.push(tree.elements.len() - 1);
                    }
                }
                Event::End(_) => tree.close(&mut open, pos..end)?,
                Event::DocType(_) => {
                    return Err(error(pos, "document type declarations are not allowed"));
                }
                Event::Eof => break,
                _ => {}
            }
            pos = end;
        }
        if !open.is_empty() {
            return Err(error(pos, "an element is not closed"));
        }
        if tree.elements.is_empty() {
            return Err(error(pos, "no root element"));
        }
        Ok(tree)
    }

    /// Records the end tag spanning `span` of the innermost open element.
    fn close(&mut self, open: &mut Vec<usize>, span: Range<usize>) -> Result<(), XmlError> {
        let unmatched = || error(span.start, "end tag without start tag");
        let index = open.pop().ok_or_else(unmatched)?;
        let element = self.elements.get_mut(index).ok_or_else(unmatched)?;
        element.close_start = span.start;
        element.end = span.end;
        Ok(())
    }

    /// Records a start tag spanning `span`.
    fn push(
        &mut self,
        reader: &NsReader<&[u8]>,
        start: &BytesStart<'_>,
        span: Range<usize>,
        empty: bool,
        open: &[usize],
    ) -> Result<(), XmlError> {
        let at = span.start;
        let qname = start.name();
        let name_at = offset_in(self.xml, qname.as_ref()).ok_or_else(|| error(at, "name"))?;
        let (ns, local) = reader.resolver().resolve_element(qname);
        let ns = self.intern(ns);
        let local_at = name_at + qname.as_ref().len() - local.as_ref().len();
        let first = self.attrs.len();
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|e| error(at, e.to_string()))?;
            let key = offset_in(self.xml, attribute.key.as_ref())
                .ok_or_else(|| error(at, "attribute"))?;
            let value =
                offset_in(self.xml, &attribute.value).ok_or_else(|| error(at, "attribute"))?;
            let (attr_ns, _) = reader.resolver().resolve_attribute(attribute.key);
            let attr_ns = self.intern(attr_ns);
            self.attrs.push(Attr {
                key: key..key + attribute.key.as_ref().len(),
                value: value..value + attribute.value.len(),
                ns: attr_ns,
            });
        }
        self.elements.push(Element {
            name: name_at..name_at + qname.as_ref().len(),
            local: local_at,
            ns,
            start: span.start,
            open_end: span.end,
            close_start: span.end,
            end: span.end,
            empty,
            depth: open.len(),
            parent: open.last().copied(),
            attrs: first..self.attrs.len(),
        });
        Ok(())
    }

    fn intern(&mut self, ns: ResolveResult<'_>) -> Option<usize> {
        let ResolveResult::Bound(uri) = ns else {
            return None;
        };
        let uri = uri.as_ref();
        if let Some(i) = self.namespaces.iter().position(|n| n.as_bytes() == uri) {
            return Some(i);
        }
        self.namespaces
            .push(String::from_utf8_lossy(uri).into_owned());
        Some(self.namespaces.len() - 1)
    }

    /// Every element, in document order; the root is index 0.
    pub(crate) fn elements(&self) -> &[Element] {
        &self.elements
    }

    /// The element at `index`.
    pub(crate) fn get(&self, index: usize) -> Option<&Element> {
        self.elements.get(index)
    }

    /// The root element (`parse` refuses a part without one).
    pub(crate) fn root(&self) -> Option<&Element> {
        self.elements.first()
    }

    /// The indices of the children of element `index`, in order.
    pub(crate) fn children(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let depth = self.elements.get(index).map_or(0, |e| e.depth + 1);
        self.elements
            .iter()
            .enumerate()
            .skip(index + 1)
            .take_while(move |(_, e)| e.depth >= depth)
            .filter(move |(_, e)| e.parent == Some(index))
            .map(|(i, _)| i)
    }

    /// The bytes `range` of the part, as written.
    pub(crate) fn span(&self, range: Range<usize>) -> &'x str {
        self.xml.get(range).unwrap_or_default()
    }

    /// The qualified name of `element`, as written.
    pub(crate) fn name(&self, element: &Element) -> &'x str {
        self.span(element.name.clone())
    }

    /// The local name of `element`.
    pub(crate) fn local(&self, element: &Element) -> &'x str {
        self.span(element.local..element.name.end)
    }

    /// The prefix of `element` with its colon, or "" when it has none.
    pub(crate) fn prefix(&self, element: &Element) -> &'x str {
        self.span(element.name.start..element.local)
    }

    /// The namespace `element` is in.
    pub(crate) fn namespace(&self, element: &Element) -> Option<&str> {
        element
            .ns
            .and_then(|i| self.namespaces.get(i))
            .map(String::as_str)
    }

    /// Whether `element` is `local` in namespace `ns`.
    pub(crate) fn is(&self, element: &Element, ns: &str, local: &str) -> bool {
        self.local(element) == local && self.namespace(element) == Some(ns)
    }

    /// The attributes of `element`.
    pub(crate) fn attrs(&self, element: &Element) -> &[Attr] {
        self.attrs.get(element.attrs.clone()).unwrap_or_default()
    }

    /// The qualified name of an attribute, as written.
    pub(crate) fn key(&self, attr: &Attr) -> &'x str {
        self.span(attr.key.clone())
    }

    /// The raw value of an attribute, as written (escaped).
    pub(crate) fn raw_value(&self, attr: &Attr) -> &'x str {
        self.span(attr.value.clone())
    }

    /// The value of an attribute, unescaped and normalized as XML reads it.
    pub(crate) fn value(&self, attr: &Attr) -> Cow<'x, str> {
        let raw = self.raw_value(attr);
        let attribute = quick_xml::events::attributes::Attribute::from((&b"a"[..], raw.as_bytes()));
        match attribute.normalized_value(XmlVersion::Implicit1_0) {
            Ok(Cow::Owned(v)) => Cow::Owned(v),
            Ok(Cow::Borrowed(_)) | Err(_) => Cow::Borrowed(raw),
        }
    }

    /// The attribute of `element` written `name` (a qualified name).
    pub(crate) fn find_attr(&self, element: &Element, name: &str) -> Option<&Attr> {
        self.attrs(element).iter().find(|a| self.key(a) == name)
    }

    /// The value of the attribute of `element` written `name`.
    pub(crate) fn attr(&self, element: &Element, name: &str) -> Option<Cow<'x, str>> {
        self.find_attr(element, name).map(|a| self.value(a))
    }

    /// The attribute `local` in namespace `ns` of `element`.
    pub(crate) fn find_attr_ns(&self, element: &Element, ns: &str, local: &str) -> Option<&Attr> {
        self.attrs(element)
            .iter()
            .find(|a| self.attr_namespace(a) == Some(ns) && self.attr_local(a) == local)
    }

    /// The namespace of an attribute (unprefixed attributes have none).
    pub(crate) fn attr_namespace(&self, attr: &Attr) -> Option<&str> {
        attr.ns
            .and_then(|i| self.namespaces.get(i))
            .map(String::as_str)
    }

    /// The local name of an attribute.
    pub(crate) fn attr_local(&self, attr: &Attr) -> &'x str {
        let key = self.key(attr);
        key.rsplit_once(':').map_or(key, |(_, local)| local)
    }

    /// The text between the tags of `element`, as written.
    pub(crate) fn content(&self, element: &Element) -> &'x str {
        self.span(element.open_end..element.close_start)
    }

    /// The whole of `element`, as written.
    #[cfg(test)]
    pub(crate) fn outer(&self, element: &Element) -> &'x str {
        self.span(element.start..element.end)
    }

    /// A prefix `element` declares for `ns`, from its `xmlns:p` attributes.
    pub(crate) fn declared_prefix(&self, element: &Element, ns: &str) -> Option<&'x str> {
        self.attrs(element).iter().find_map(|a| {
            let prefix = self.key(a).strip_prefix("xmlns:")?;
            (self.value(a) == ns).then_some(prefix)
        })
    }
}

/// A replacement of the bytes `start..end` by `text`.
#[derive(Debug, Clone)]
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

/// Changes to one part, applied together by [`Edits::apply`]; they must
/// not overlap.
#[derive(Debug, Default)]
pub(crate) struct Edits {
    edits: Vec<Edit>,
}

impl Edits {
    /// No changes yet.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Replaces `range` by `text`.
    pub(crate) fn replace_range(&mut self, range: Range<usize>, text: impl Into<String>) {
        self.edits.push(Edit {
            start: range.start,
            end: range.end,
            text: text.into(),
        });
    }

    /// Inserts `text` at byte `at`.
    pub(crate) fn insert(&mut self, at: usize, text: impl Into<String>) {
        self.replace_range(at..at, text);
    }

    /// Replaces the whole of `element` by `text`.
    pub(crate) fn replace(&mut self, element: &Element, text: impl Into<String>) {
        self.replace_range(element.start..element.end, text);
    }

    /// Removes `element`.
    pub(crate) fn remove(&mut self, element: &Element) {
        self.replace(element, "");
    }

    /// Replaces what `element` holds (between its tags) by `text`; not for
    /// an empty element.
    pub(crate) fn set_content(&mut self, element: &Element, text: impl Into<String>) {
        self.replace_range(element.open_end..element.close_start, text);
    }

    /// Makes `text` the last content of `element` (`<a …/>` becomes
    /// `<a …>text</a>`).
    pub(crate) fn append_child(&mut self, tree: &Tree<'_>, element: &Element, text: &str) {
        if element.empty {
            let tag = tree.span(element.start..element.open_end);
            let open = tag.trim_end_matches('>').trim_end_matches('/').trim_end();
            let name = tree.name(element);
            self.replace_range(
                element.start..element.open_end,
                format!("{open}>{text}</{name}>"),
            );
        } else {
            self.insert(element.close_start, text);
        }
    }

    /// Replaces the value of `attr` by `raw` (already escaped).
    pub(crate) fn set_value(&mut self, attr: &Attr, raw: impl Into<String>) {
        self.replace_range(attr.value.clone(), raw);
    }

    /// Removes `attr` of `element` with the space that follows it (or, for
    /// the last one, the space before it).
    pub(crate) fn remove_attr(&mut self, tree: &Tree<'_>, element: &Element, attr: &Attr) {
        let attrs = tree.attrs(element);
        let next = attrs.iter().find(|a| a.start() > attr.start());
        match next {
            Some(next) => self.replace_range(attr.start()..next.start(), ""),
            None => {
                let before = tree.span(element.start..attr.start());
                let space = before.len() - before.trim_end().len();
                self.replace_range(attr.start() - space..attr.end(), "");
            }
        }
    }

    /// Adds ` key="value"` (value escaped here) after `attr`.
    pub(crate) fn add_attr_after(&mut self, attr: &Attr, key: &str, value: &str) {
        self.insert(attr.end(), format!(" {key}=\"{}\"", escape(value)));
    }

    /// The part with the changes made. Insertions at one offset keep the
    /// order they were made in; one at the start of a removal goes before
    /// what follows the removal.
    pub(crate) fn apply(mut self, xml: &str) -> String {
        self.edits.sort_by_key(|e| (e.start, e.end));
        let mut out = String::with_capacity(xml.len() + 256);
        let mut at = 0;
        for edit in &self.edits {
            if edit.start < at {
                // Overlapping edits are a bug of the caller; keep the first.
                continue;
            }
            out.push_str(xml.get(at..edit.start).unwrap_or_default());
            out.push_str(&edit.text);
            at = edit.end;
        }
        out.push_str(xml.get(at..).unwrap_or_default());
        out
    }
}

/// `value` escaped for text or an attribute in double quotes: `&`, `<`,
/// `>` and `"` (an apostrophe is left as it is).
pub(crate) fn escape(value: &str) -> Cow<'_, str> {
    if !value.contains(['&', '<', '>', '"']) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 16);
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests;
