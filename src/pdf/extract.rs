//! Reads the source JSON attached by `--attach-source` back out of a PDF, so
//! that a formatted copy can be regenerated from the archived file alone.

use lopdf::{Dictionary, Document, Object};

use super::SOURCE_NAME;
use crate::error::{Error, Result};

/// The attached source of a PDF written with `--attach-source`: the input
/// JSON's bytes, exactly as they were given.
pub fn extract_source(pdf: &[u8]) -> Result<Vec<u8>> {
    let doc = Document::load_mem(pdf)
        .map_err(|e| Error::Pdf(format!("this is not a readable PDF file: {e}")))?;
    let specs = file_specs(&doc);
    if specs.is_empty() {
        return Err(Error::Pdf(format!(
            "this PDF has no attached source (`{SOURCE_NAME}`): it was rendered without \
             --attach-source, or by another program; render the input again with \
             `vanban render --attach-source` to archive it"
        )));
    }
    // Ours by name; else the one file that says it is the source.
    let spec = specs
        .iter()
        .find(|s| name(&doc, s).as_deref() == Some(SOURCE_NAME))
        .or_else(|| {
            specs.iter().find(|s| {
                s.get(b"AFRelationship")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n == b"Source")
            })
        })
        .ok_or_else(|| {
            let names: Vec<String> = specs.iter().filter_map(|s| name(&doc, s)).collect();
            Error::Pdf(format!(
                "this PDF has attachments ({}) but no vanban source (`{SOURCE_NAME}`)",
                names.join(", ")
            ))
        })?;
    let stream = spec
        .get(b"EF")
        .and_then(|ef| resolve(&doc, ef).as_dict())
        .and_then(|ef| ef.get(b"UF").or_else(|_| ef.get(b"F")))
        .and_then(|f| resolve(&doc, f).as_stream())
        .map_err(|e| Error::Pdf(format!("the attached source cannot be read: {e}")))?;
    let bytes = if stream.dict.has(b"Filter") {
        stream
            .decompressed_content()
            .map_err(|e| Error::Pdf(format!("the attached source cannot be decompressed: {e}")))?
    } else {
        stream.content.clone()
    };
    Ok(bytes)
}

/// Every file specification in the catalog's `/AF` array and its
/// `/EmbeddedFiles` name tree, without repeats.
fn file_specs<'a>(doc: &'a Document) -> Vec<&'a Dictionary> {
    let mut out: Vec<&'a Dictionary> = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    let mut push = |d: &'a Object| {
        if let Ok(dict) = resolve(doc, d).as_dict()
            && !out.iter().any(|o| std::ptr::eq(*o, dict))
        {
            out.push(dict);
        }
    };
    if let Ok(af) = catalog.get(b"AF").map(|a| resolve(doc, a))
        && let Ok(items) = af.as_array()
    {
        items.iter().for_each(&mut push);
    }
    if let Ok(tree) = catalog
        .get(b"Names")
        .and_then(|n| resolve(doc, n).as_dict())
        .and_then(|n| n.get(b"EmbeddedFiles"))
    {
        name_tree(doc, tree, 0, &mut push);
    }
    out
}

/// Walks a name tree's `/Names` pairs and `/Kids`, to a sane depth.
fn name_tree<'a>(
    doc: &'a Document,
    node: &'a Object,
    depth: usize,
    push: &mut impl FnMut(&'a Object),
) {
    let Ok(node) = resolve(doc, node).as_dict() else {
        return;
    };
    if let Ok(Object::Array(names)) = node.get(b"Names").map(|n| resolve(doc, n)) {
        names.iter().skip(1).step_by(2).for_each(&mut *push);
    }
    if depth < 16
        && let Ok(Object::Array(kids)) = node.get(b"Kids").map(|k| resolve(doc, k))
    {
        for kid in kids {
            name_tree(doc, kid, depth + 1, push);
        }
    }
}

fn name(doc: &Document, spec: &Dictionary) -> Option<String> {
    let s = spec.get(b"UF").or_else(|_| spec.get(b"F")).ok()?;
    match resolve(doc, s) {
        Object::String(bytes, _) => Some(decode_text(bytes)),
        _ => None,
    }
}

fn decode_text(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(be) => char::decode_utf16(be.chunks_exact(2).map(|c| match c {
            [a, b] => u16::from_be_bytes([*a, *b]),
            _ => 0xFFFD,
        }))
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect(),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Follows a reference (one level; lopdf resolves chains itself).
fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}
