//! What the revisions after a signature changed, and whether each change is
//! signing or form filling (allowed) or something else (the document was
//! modified after it was signed).
//!
//! The revision a signature covers and the final file are both read with
//! lopdf, and their objects compared (ISO 32000-2, 12.8.2.2.2, and the
//! `/DocMDP` level 2 rules: signing and filling in forms). A new object is
//! allowed when it is a signature dictionary, a signature field or widget,
//! an appearance (form XObject or image), the `/DSS`, or only referenced
//! from those; a changed object when it is the catalog with only
//! `/AcroForm` or `/DSS` changed, the AcroForm with only `/Fields` grown
//! and `/SigFlags`, `/DR` or `/DA` changed, a page with only `/Annots`
//! grown (the old entries kept, in order), or an empty signature field that
//! gained its `/V` and `/AP`. Anything else is reported, not allowed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use lopdf::{Dictionary, Document, Object, ObjectId};
use serde::Serialize;

use super::id_text;
use crate::error::{Error, Result};
use crate::input::Limits;

/// One object a later revision added, changed or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The object, `12 0`, or `trailer`.
    pub object: String,
    /// What kind of change it is.
    pub kind: ChangeKind,
    /// Signing or form filling: it does not modify what was signed.
    pub allowed: bool,
    /// What changed, for a person to read.
    pub detail: String,
}

/// What a change is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A signature dictionary, or the document security store.
    Signature,
    /// A signature field or its widget.
    Field,
    /// An appearance stream, image, or what it uses (fonts).
    Appearance,
    /// A page's `/Annots` grew.
    Annots,
    /// The catalog's `/AcroForm` or the AcroForm itself.
    Form,
    /// The modification date (and producer) in `/Info` and the XMP
    /// metadata, which a signing tool updates, the rest unchanged.
    Metadata,
    /// Anything else: content, resources, metadata, `/Info`, ….
    Other,
}

fn change(id: ObjectId, kind: ChangeKind, allowed: bool, detail: impl Into<String>) -> Change {
    Change {
        object: id_text(id),
        kind,
        allowed,
        detail: detail.into(),
    }
}

/// The changes from `old` (the revision a signature covers) to `new` (the
/// whole file), in object order. `budget`: the objects that may still be
/// compared, less the ones this comparison takes.
pub(super) fn compare(
    old: &Document,
    new: &Document,
    budget: &mut usize,
    limits: &Limits,
) -> Result<Vec<Change>> {
    let total = old.objects.len().saturating_add(new.objects.len());
    if total > *budget {
        return Err(Error::Sign(crate::msg!(
            "verify-revisions-too-many-objects",
            limit = limits.max_source_objects
        )));
    }
    *budget -= total;
    let mut changes = Vec::new();
    let old_root = root(old);
    let new_root = root(new);
    if old_root != new_root {
        changes.push(Change {
            object: "trailer".into(),
            kind: ChangeKind::Other,
            allowed: false,
            detail: "a later revision names another catalog (/Root)".into(),
        });
    }
    if old.trailer.get(b"Info").ok() != new.trailer.get(b"Info").ok() {
        changes.push(Change {
            object: "trailer".into(),
            kind: ChangeKind::Other,
            allowed: false,
            detail: "a later revision names another document information dictionary (/Info)".into(),
        });
    }
    // An object the cross-reference data lists but lopdf could not read: a
    // more lenient reader may still show it, so it is not ignored.
    for (number, entry) in &new.reference_table.entries {
        let id = match entry {
            lopdf::xref::XrefEntry::Normal { generation, .. } => (*number, *generation),
            lopdf::xref::XrefEntry::Compressed { .. } => (*number, 0),
            _ => continue,
        };
        if !new.objects.contains_key(&id) {
            changes.push(change(
                id,
                ChangeKind::Other,
                false,
                format!("object {} cannot be read: it is damaged", id_text(id)),
            ));
        }
    }
    let names = Names::new(old, new);
    let added: BTreeSet<ObjectId> = new
        .objects
        .iter()
        .filter(|(id, o)| !old.objects.contains_key(id) && !structural(o))
        .map(|(id, _)| *id)
        .collect();
    changes.extend(classify_added(new, &added, limits)?);
    for (id, new_obj) in &new.objects {
        let Some(old_obj) = old.objects.get(id) else {
            continue;
        };
        if structural(new_obj) || same(old_obj, new_obj) {
            continue;
        }
        changes.push(classify_changed(old, new, *id, old_obj, new_obj, &names));
    }
    for (id, old_obj) in &old.objects {
        if !new.objects.contains_key(id) && !structural(old_obj) {
            changes.push(change(
                *id,
                ChangeKind::Other,
                false,
                format!("{} was removed", names.describe(*id, old_obj)),
            ));
        }
    }
    changes.sort_by_key(|c| {
        let mut parts = c
            .object
            .split(' ')
            .map(|p| p.parse::<u64>().unwrap_or(u64::MAX));
        (parts.next().unwrap_or(u64::MAX), parts.next().unwrap_or(0))
    });
    Ok(changes)
}

fn root(doc: &Document) -> Option<ObjectId> {
    doc.trailer.get(b"Root").and_then(Object::as_reference).ok()
}

/// Cross-reference and object streams: how the file is stored, not what it
/// says (their objects are compared one by one).
fn structural(o: &Object) -> bool {
    match o {
        Object::Stream(s) => s.dict.has_type(b"XRef") || s.dict.has_type(b"ObjStm"),
        _ => false,
    }
}

/// Equal objects, as a reader sees them: a stream by its dictionary and
/// bytes (not where it lies in the file), a string by its bytes (literal or
/// hex alike: a tool rewriting an object may write it either way), a
/// dictionary whatever the order of its keys, a number by its value.
fn same(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::Stream(x), Object::Stream(y)) => {
            same_dict(&x.dict, &y.dict) && x.content == y.content
        }
        (Object::String(x, _), Object::String(y, _)) => x == y,
        (Object::Array(x), Object::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Object::Dictionary(x), Object::Dictionary(y)) => same_dict(x, y),
        (Object::Integer(x), Object::Real(y)) | (Object::Real(y), Object::Integer(x)) => {
            (*x as f64 - f64::from(*y)).abs() < 1e-6
        }
        _ => a == b,
    }
}

fn same_dict(a: &Dictionary, b: &Dictionary) -> bool {
    a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_ok_and(|w| same(v, w)))
}

/// The kinds of new object allowed by themselves.
fn own_kind(doc: &Document, o: &Object, dss: Option<ObjectId>, id: ObjectId) -> Option<ChangeKind> {
    if Some(id) == dss {
        return Some(ChangeKind::Signature);
    }
    let dict = match o {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        _ => return None,
    };
    if dict.has_type(b"Sig") || dict.has_type(b"DocTimeStamp") {
        return Some(ChangeKind::Signature);
    }
    if is_sig_field(doc, dict) {
        return Some(ChangeKind::Field);
    }
    if let Object::Stream(s) = o {
        let subtype = s.dict.get(b"Subtype").and_then(Object::as_name).ok();
        if matches!(subtype, Some(b"Form" | b"Image")) {
            return Some(ChangeKind::Appearance);
        }
    }
    None
}

/// A signature field (`/FT /Sig`), or a widget whose parent is one.
fn is_sig_field(doc: &Document, dict: &Dictionary) -> bool {
    let ft = |d: &Dictionary| d.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig");
    if ft(dict) {
        return true;
    }
    dict.get(b"Parent")
        .and_then(Object::as_reference)
        .and_then(|p| doc.get_dictionary(p))
        .is_ok_and(ft)
}

/// The references inside `o` (not followed), at most `budget` nodes.
fn references(o: &Object, out: &mut Vec<ObjectId>, budget: &mut usize) {
    let mut stack = vec![o];
    while let Some(o) = stack.pop() {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        match o {
            Object::Reference(id) => out.push(*id),
            Object::Array(a) => stack.extend(a.iter()),
            Object::Dictionary(d) => stack.extend(d.iter().map(|(_, v)| v)),
            Object::Stream(s) => stack.extend(s.dict.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

/// Classifies the new objects: allowed kinds by themselves, then, until
/// nothing changes, objects referenced only from allowed new objects.
fn classify_added(
    new: &Document,
    added: &BTreeSet<ObjectId>,
    limits: &Limits,
) -> Result<Vec<Change>> {
    let dss = new
        .catalog()
        .ok()
        .and_then(|c| c.get(b"DSS").and_then(Object::as_reference).ok());
    let mut kinds: BTreeMap<ObjectId, ChangeKind> = BTreeMap::new();
    for id in added {
        if let Some(o) = new.objects.get(id)
            && let Some(kind) = own_kind(new, o, dss, *id)
        {
            kinds.insert(*id, kind);
        }
    }
    // Who refers to each new object.
    let mut referrers: HashMap<ObjectId, Vec<ObjectId>> = HashMap::new();
    let mut budget = limits.max_source_objects;
    for (from, o) in &new.objects {
        let mut refs = Vec::new();
        references(o, &mut refs, &mut budget);
        for to in refs {
            if added.contains(&to) && to != *from {
                referrers.entry(to).or_default().push(*from);
            }
        }
    }
    if budget == 0 {
        return Err(Error::Sign(crate::msg!(
            "verify-too-many-values",
            limit = limits.max_source_objects
        )));
    }
    loop {
        let mut grew = false;
        for id in added {
            if kinds.contains_key(id) {
                continue;
            }
            let Some(from) = referrers.get(id) else {
                continue;
            };
            let from_kinds: Option<Vec<ChangeKind>> =
                from.iter().map(|f| kinds.get(f).copied()).collect();
            if let Some(k) = from_kinds.and_then(|k| k.first().copied()) {
                kinds.insert(*id, k);
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let mut out = Vec::new();
    for id in added {
        match kinds.get(id) {
            Some(kind) => out.push(change(*id, *kind, true, added_detail(*kind))),
            None => {
                let what = new.objects.get(id).map_or("an object".to_string(), |o| {
                    Names::default().describe(*id, o)
                });
                out.push(change(
                    *id,
                    ChangeKind::Other,
                    false,
                    format!("{what} was added that is not part of a signature or its field"),
                ));
            }
        }
    }
    Ok(out)
}

fn added_detail(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Signature => "a signature dictionary (or the DSS) was added",
        ChangeKind::Field => "a signature field was added",
        ChangeKind::Appearance => "a signature's appearance was added",
        _ => "an object of a signature was added",
    }
}

/// Why a changed object is allowed, or what it changed.
fn classify_changed(
    old: &Document,
    new: &Document,
    id: ObjectId,
    old_obj: &Object,
    new_obj: &Object,
    names: &Names,
) -> Change {
    let other = |what: String| change(id, ChangeKind::Other, false, what);
    let what = names.describe(id, new_obj);
    if let (Object::Stream(os), Object::Stream(ns)) = (old_obj, new_obj)
        && names.metadata == Some(id)
        && os.dict.has_type(b"Metadata")
        && xmp_same_but_dates(os, ns)
    {
        return change(
            id,
            ChangeKind::Metadata,
            true,
            "the XMP metadata's modification date or producer changed",
        );
    }
    let (Ok(od), Ok(nd)) = (old_obj.as_dict(), new_obj.as_dict()) else {
        // A changed array: a page's /Annots or the AcroForm's /Fields kept
        // as an object of its own.
        if let (Ok(oa), Ok(na)) = (old_obj.as_array(), new_obj.as_array()) {
            if names.annots.contains(&id) && kept_in_order(oa, na) {
                return change(id, ChangeKind::Annots, true, "a page's /Annots grew");
            }
            if names.fields.contains(&id) && kept_in_order(oa, na) {
                return change(id, ChangeKind::Form, true, "the form's /Fields grew");
            }
        }
        return other(format!("{what} changed"));
    };
    let keys = changed_keys(od, nd);
    let only = |allowed: &[&[u8]]| keys.iter().all(|k| allowed.contains(&k.as_slice()));
    let list = || {
        keys.iter()
            .map(|k| format!("/{}", String::from_utf8_lossy(k)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if Some(id) == root(new) {
        let form_ok = match (od.get(b"AcroForm"), nd.get(b"AcroForm")) {
            (Ok(Object::Dictionary(a)), Ok(Object::Dictionary(b))) => acroform_ok(old, new, a, b),
            _ => true,
        };
        if only(&[b"AcroForm", b"DSS", b"Extensions", b"Version"]) && form_ok {
            return change(
                id,
                ChangeKind::Form,
                true,
                format!("the catalog changed: {}", list()),
            );
        }
        return other(format!("the catalog changed: {}", list()));
    }
    if names.acroform == Some(id) {
        if acroform_ok(old, new, od, nd) {
            return change(id, ChangeKind::Form, true, "the form's fields grew");
        }
        return other(format!("the form (AcroForm) changed: {}", list()));
    }
    if names.info == Some(id) && only(&[b"ModDate", b"Producer"]) {
        return change(
            id,
            ChangeKind::Metadata,
            true,
            format!("the document information changed: {}", list()),
        );
    }
    if nd.has_type(b"Page") {
        if only(&[b"Annots"]) && annots_grew(old, new, od, nd) {
            return change(id, ChangeKind::Annots, true, "a page's /Annots grew");
        }
        return other(format!("{what} changed: {}", list()));
    }
    if is_sig_field(old, od) && od.get(b"V").is_err() && only(&[b"V", b"AP"]) {
        return change(
            id,
            ChangeKind::Field,
            true,
            "an empty signature field was signed",
        );
    }
    if keys.is_empty() {
        // The same dictionary: a stream's data changed.
        return other(format!("{what} changed (its data)"));
    }
    other(format!("{what} changed: {}", list()))
}

/// The keys whose values differ (or that one side lacks).
fn changed_keys(a: &Dictionary, b: &Dictionary) -> Vec<Vec<u8>> {
    let mut keys: Vec<Vec<u8>> = Vec::new();
    for (k, v) in a.iter() {
        if !b.get(k).is_ok_and(|w| same(v, w)) {
            keys.push(k.clone());
        }
    }
    for (k, _) in b.iter() {
        if a.get(k).is_err() {
            keys.push(k.clone());
        }
    }
    keys
}

fn acroform_ok(old: &Document, new: &Document, a: &Dictionary, b: &Dictionary) -> bool {
    let keys = changed_keys(a, b);
    let only = keys
        .iter()
        .all(|k| matches!(k.as_slice(), b"Fields" | b"SigFlags" | b"DR" | b"DA"));
    only && grew(old, new, a.get(b"Fields").ok(), b.get(b"Fields").ok())
}

fn annots_grew(old: &Document, new: &Document, a: &Dictionary, b: &Dictionary) -> bool {
    grew(old, new, a.get(b"Annots").ok(), b.get(b"Annots").ok())
}

/// An array (direct, or by reference in its own revision) that kept its
/// old entries in order.
fn grew(old: &Document, new: &Document, a: Option<&Object>, b: Option<&Object>) -> bool {
    let array = |doc: &'_ Document, o: Option<&Object>| -> Option<Vec<Object>> {
        match o? {
            Object::Reference(id) => doc.get_object(*id).ok()?.as_array().ok().cloned(),
            Object::Array(a) => Some(a.clone()),
            _ => None,
        }
    };
    match (array(old, a), array(new, b)) {
        (None, _) if a.is_none() => true,
        (Some(oa), Some(na)) => kept_in_order(&oa, &na),
        _ => false,
    }
}

/// Every entry of `old` is in `new`, in the same order.
fn kept_in_order(old: &[Object], new: &[Object]) -> bool {
    let mut it = new.iter();
    old.iter().all(|o| it.any(|n| same(n, o)))
}

/// Which objects are what, to name them in messages.
#[derive(Default)]
struct Names {
    info: Option<ObjectId>,
    metadata: Option<ObjectId>,
    acroform: Option<ObjectId>,
    /// Content streams and the page (from 1) they draw.
    contents: HashMap<ObjectId, u32>,
    pages: HashMap<ObjectId, u32>,
    annots: BTreeSet<ObjectId>,
    fields: BTreeSet<ObjectId>,
}

impl Names {
    fn new(old: &Document, new: &Document) -> Names {
        let mut n = Names {
            info: old.trailer.get(b"Info").and_then(Object::as_reference).ok(),
            metadata: old
                .catalog()
                .ok()
                .and_then(|c| c.get(b"Metadata").and_then(Object::as_reference).ok()),
            acroform: old
                .catalog()
                .ok()
                .and_then(|c| c.get(b"AcroForm").and_then(Object::as_reference).ok()),
            ..Names::default()
        };
        for doc in [old, new] {
            for (number, page) in doc.get_pages() {
                n.pages.insert(page, number);
                let Ok(dict) = doc.get_dictionary(page) else {
                    continue;
                };
                match dict.get(b"Contents") {
                    Ok(Object::Reference(c)) => {
                        n.contents.insert(*c, number);
                        if let Ok(Object::Array(a)) = doc.get_object(*c) {
                            for c in a.iter().filter_map(|o| o.as_reference().ok()) {
                                n.contents.insert(c, number);
                            }
                        }
                    }
                    Ok(Object::Array(a)) => {
                        for c in a.iter().filter_map(|o| o.as_reference().ok()) {
                            n.contents.insert(c, number);
                        }
                    }
                    _ => {}
                }
                if let Ok(Object::Reference(a)) = dict.get(b"Annots") {
                    n.annots.insert(*a);
                }
            }
            if let Some(form) = doc
                .catalog()
                .ok()
                .and_then(|c| c.get(b"AcroForm").ok())
                .and_then(|f| match f {
                    Object::Reference(id) => doc.get_dictionary(*id).ok(),
                    Object::Dictionary(d) => Some(d),
                    _ => None,
                })
                && let Ok(Object::Reference(f)) = form.get(b"Fields")
            {
                n.fields.insert(*f);
            }
        }
        n
    }

    /// `object 12 0 (the content stream of page 1)`.
    fn describe(&self, id: ObjectId, o: &Object) -> String {
        let dict = match o {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        };
        let kind = if self.info == Some(id) {
            "the document information (/Info)".to_string()
        } else if let Some(page) = self.contents.get(&id) {
            format!("the content stream of page {page}")
        } else if let Some(page) = self.pages.get(&id) {
            format!("page {page}")
        } else if let Some(t) = dict.and_then(|d| d.get(b"Type").and_then(Object::as_name).ok()) {
            match t {
                b"Metadata" => "the XMP metadata".to_string(),
                b"Catalog" => "the catalog".to_string(),
                _ => format!("a /{} object", String::from_utf8_lossy(t)),
            }
        } else if matches!(o, Object::Stream(_)) {
            "a stream".to_string()
        } else {
            "an object".to_string()
        };
        format!("object {} ({kind})", id_text(id))
    }
}

/// XMP properties a signing tool updates: the rest must stay as it was.
const XMP_DATES: [(&str, &str); 3] = [
    ("http://ns.adobe.com/xap/1.0/", "ModifyDate"),
    ("http://ns.adobe.com/xap/1.0/", "MetadataDate"),
    ("http://ns.adobe.com/pdf/1.3/", "Producer"),
];

/// Whether two XMP packets say the same, but for [`XMP_DATES`]: their
/// elements, attributes (not namespace declarations) and text, by
/// namespace and local name, so that a tool writing the same metadata with
/// its namespaces declared elsewhere changes nothing.
fn xmp_same_but_dates(a: &lopdf::Stream, b: &lopdf::Stream) -> bool {
    let text = |s: &lopdf::Stream| {
        let bytes = s
            .decompressed_content()
            .unwrap_or_else(|_| s.content.clone());
        String::from_utf8(bytes).ok()
    };
    let (Some(a), Some(b)) = (text(a), text(b)) else {
        return false;
    };
    match (xmp_facts(&a), xmp_facts(&b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// The facts of an XMP packet: each element with its sorted attributes and
/// its trimmed text, in document order, [`XMP_DATES`] left out.
fn xmp_facts(xml: &str) -> Option<Vec<String>> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(xml, options).ok()?;
    let skip =
        |ns: Option<&str>, name: &str| XMP_DATES.iter().any(|(n, l)| Some(*n) == ns && *l == name);
    let mut out = Vec::new();
    for node in doc.descendants() {
        if node.is_element() {
            let tag = node.tag_name();
            if skip(tag.namespace(), tag.name()) {
                continue;
            }
            let mut attrs: Vec<String> = node
                .attributes()
                .filter(|a| !skip(a.namespace(), a.name()))
                .map(|a| {
                    format!(
                        "{{{}}}{}={}",
                        a.namespace().unwrap_or(""),
                        a.name(),
                        a.value()
                    )
                })
                .collect();
            attrs.sort();
            out.push(format!(
                "<{{{}}}{} {}>",
                tag.namespace().unwrap_or(""),
                tag.name(),
                attrs.join(" ")
            ));
        } else if node.is_text() {
            let parent = node.parent().map(|p| p.tag_name());
            if parent.is_some_and(|t| skip(t.namespace(), t.name())) {
                continue;
            }
            let t = node.text().unwrap_or("").trim();
            if !t.is_empty() {
                out.push(t.to_string());
            }
        }
    }
    Some(out)
}
