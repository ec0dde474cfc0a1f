//! The ECMA-376 child orders of `data/child-order.txt`, parsed once.
//!
//! Where one key stands for several schema types the list is their union,
//! which is consistent because each type's sequence is a subsequence of it
//! (`w:tblPr` is CT_TblPr in a table and CT_TblPrBase in a style, `w:sectPr`,
//! `w:trPr`, `w:tcPr` likewise). `w:pPr` and `w:rPr` do differ by context: a
//! paragraph's `w:pPr` (CT_PPr) may hold the paragraph mark's `w:rPr` and a
//! `w:sectPr`, the `w:pPr` of a style, numbering level or default
//! (CT_PPrGeneral) may not — docx-rs writes an empty `<w:rPr/>` there, which
//! is dropped; the paragraph mark's `w:rPr` (CT_ParaRPr) starts with `ins del
//! moveFrom moveTo`, a run's, style's or level's (CT_RPr) does not.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The table as written (see its header for the syntax).
const CHILD_ORDER_TXT: &str = include_str!("../data/child-order.txt");

/// Namespaces the order table can name, by the prefix the table uses for them. A table
/// name without a prefix is in the first one, WordprocessingML.
pub(crate) const NAMESPACES: &[(&str, &str)] = &[
    ("w", super::super::xml::WML_NS),
    (
        "m",
        "http://schemas.openxmlformats.org/officeDocument/2006/math",
    ),
    (
        "sl",
        "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
    ),
];

/// Namespace-qualified element name, with the namespace given by its [`NAMESPACES`]
/// prefix (`None` for a namespace the table does not know).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Name<'x> {
    /// The table prefix of its namespace (`w`, `m`, `sl`), if the table knows it.
    pub(crate) ns: Option<&'static str>,
    /// Its local name.
    pub(crate) local: &'x str,
}

impl Name<'_> {
    /// Whether this is `local` in the namespace of table prefix `ns`.
    pub(crate) fn is(&self, ns: &str, local: &str) -> bool {
        self.ns == Some(ns) && self.local == local
    }

    /// `w:name`, or `{?}name` in a namespace the table does not know.
    pub(crate) fn display(&self) -> String {
        match self.ns {
            Some(prefix) => format!("{prefix}:{}", self.local),
            None => format!("{{?}}{}", self.local),
        }
    }
}

/// The table prefix of namespace `uri`.
pub(crate) fn prefix_of(uri: Option<&str>) -> Option<&'static str> {
    let uri = uri?;
    NAMESPACES
        .iter()
        .find(|(_, known)| *known == uri)
        .map(|(prefix, _)| *prefix)
}

/// The entries of the table: key and children, groups expanded, in file order.
pub(crate) fn entries() -> &'static [(String, String)] {
    static ENTRIES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    // The file is part of the binary; a test checks that it parses.
    ENTRIES.get_or_init(|| parse_table(CHILD_ORDER_TXT).unwrap_or_default())
}

/// Parses the table text: `key = names`, continued on lines starting with
/// a space, `@group = names` defining what `@group` stands for, `#` comments.
pub(crate) fn parse_table(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut lines: Vec<String> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match lines.last_mut() {
            Some(last) if line.starts_with(' ') => {
                last.push(' ');
                last.push_str(line.trim());
            }
            _ if line.starts_with(' ') => {
                return Err(format!("line {}: continues nothing", number + 1));
            }
            _ => lines.push(line.to_owned()),
        }
    }
    let mut groups: HashMap<String, String> = HashMap::new();
    let mut entries = Vec::new();
    for line in lines {
        let (key, names) = line
            .split_once('=')
            .ok_or_else(|| format!("`{line}`: no `=`"))?;
        let mut expanded = Vec::new();
        for name in names.split_whitespace() {
            match name.strip_prefix('@') {
                Some(group) => expanded.push(
                    groups
                        .get(group)
                        .ok_or_else(|| format!("@{group} used before it is defined"))?
                        .clone(),
                ),
                None => expanded.push(name.to_owned()),
            }
        }
        let key = key.trim();
        match key.strip_prefix('@') {
            Some(group) => {
                groups.insert(group.to_owned(), expanded.join(" "));
            }
            None => entries.push((key.to_owned(), expanded.join(" "))),
        }
    }
    Ok(entries)
}

/// One list of the table, parsed.
pub(crate) struct ChildOrder {
    /// Position of each child the list names, by (namespace prefix, local name).
    positions: HashMap<(&'static str, &'static str), usize>,
    /// Position of `*`, if the list has one.
    others: Option<usize>,
}

impl ChildOrder {
    fn parse(list: &'static str) -> Self {
        let mut positions = HashMap::new();
        let mut others = None;
        for (position, slot) in list.split_whitespace().enumerate() {
            for token in slot.split('|') {
                if token == "*" {
                    others = Some(position);
                } else {
                    let name = token.split_once(':').unwrap_or(("w", token));
                    positions.insert(name, position);
                }
            }
        }
        ChildOrder { positions, others }
    }

    /// Position of a child: its own, else that of `*`; `None` if it is not allowed.
    pub(crate) fn position(&self, name: &Name<'_>) -> Option<usize> {
        name.ns
            .and_then(|ns| self.positions.get(&(ns, name.local)).copied())
            .or(self.others)
    }
}

/// The order list for an element under `parent`, if the table has one: the
/// `parent/name` entry, else the `name` entry. The table is parsed on first use.
pub(crate) fn order_of(name: &Name<'_>, parent: Option<&Name<'_>>) -> Option<&'static ChildOrder> {
    /// Element local name → its lists, keyed by the parent a `parent/name` key names.
    type Table = HashMap<&'static str, Vec<(Option<&'static str>, ChildOrder)>>;
    static TABLE: OnceLock<Table> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = Table::new();
        for (key, list) in entries() {
            let (parent, element) = match key.split_once('/') {
                Some((parent, element)) => (Some(parent), element),
                None => (None, key.as_str()),
            };
            let lists = table.entry(element).or_default();
            lists.push((parent, ChildOrder::parse(list)));
        }
        table
    });
    if name.ns != Some("w") {
        return None;
    }
    let lists = table.get(name.local)?;
    let parent = parent.filter(|p| p.ns == Some("w")).map(|p| p.local);
    let in_context = lists.iter().find(|(p, _)| p.is_some() && *p == parent);
    in_context
        .or_else(|| lists.iter().find(|(p, _)| p.is_none()))
        .map(|(_, order)| order)
}
