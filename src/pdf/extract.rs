//! Reads the source JSON attached by `--attach-source` back out of a PDF, so
//! that a formatted copy can be regenerated from the archived file alone.
//!
//! Bounded against hostile files (issue 15): the PDF is read with
//! hayro-syntax, which resolves objects on demand — only the catalog, the
//! `/EmbeddedFiles` name tree, the `/AF` file specifications and the one
//! attached stream are ever parsed, so a file of millions of objects costs
//! its index, not millions of parsed objects (lopdf's `load_mem`, used
//! before, parsed and held every object and inflated every object stream:
//! 1.9 GB for 2 M objects). Before hayro sees the file, every stream in it
//! is decoded through its whole filter chain into a counter
//! ([`check_streams`], in `super::scan`): a file whose streams would pass
//! [`Limits::max_unpacked_bytes`] (a deflate, LZW or object-stream bomb,
//! behind any filters) is refused, since hayro decodes without a cap. The name tree is walked
//! once per node (a node that lists itself as its kid is not walked again)
//! and at most [`Limits::max_source_objects`] nodes and entries in all. The
//! attachment is inflated here, through a reader that stops one byte past
//! [`Limits::max_input_bytes`] (it is a vanban input), and must be UTF-8
//! JSON that parses.

use std::collections::HashSet;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

use hayro_syntax::Filter;
use hayro_syntax::Pdf;
use hayro_syntax::object::{Dict, MaybeRef, Name, Object, ObjectIdentifier, Stream};

use super::SOURCE_NAME;
pub(crate) use super::scan::check_streams;
use crate::error::{Error, Result};
use crate::input::{Limits, size};
use crate::msg;

/// The attached source of a PDF written with `--attach-source`: the input
/// JSON's bytes, exactly as they were given. With the default [`Limits`].
pub fn extract_source(pdf: &[u8]) -> Result<Vec<u8>> {
    extract_source_with(pdf, &Limits::default())
}

/// [`extract_source`] within `limits`: `max_unpacked_bytes` for what the
/// file's streams inflate to, `max_source_objects` for the name-tree nodes
/// visited and the streams scanned, `max_input_bytes` for the attachment.
pub fn extract_source_with(pdf: &[u8], limits: &Limits) -> Result<Vec<u8>> {
    check_streams(pdf, limits, |d| {
        Error::Pdf(msg!(
            "text-in-both",
            en = d.to_string(),
            vi = d.text(crate::i18n::Lang::Vi)
        ))
    })?;
    // hayro catches what it can; a panic inside it is still an unreadable
    // file, not a crash.
    catch_unwind(AssertUnwindSafe(|| read(pdf, limits)))
        .map_err(|_| Error::Pdf(msg!("render-pdf-unreadable", why = "malformed")))?
}

fn read(pdf: &[u8], limits: &Limits) -> Result<Vec<u8>> {
    let doc = Pdf::new(pdf.to_vec()).map_err(|e| {
        Error::Pdf(msg!(
            "render-pdf-unreadable",
            why = match e {
                hayro_syntax::LoadPdfError::Decryption(_) => "encrypted",
                hayro_syntax::LoadPdfError::Invalid => "broken",
            }
        ))
    })?;
    let xref = doc.xref();
    let catalog = xref
        .get::<Dict<'_>>(xref.root_id())
        .ok_or_else(|| Error::Pdf(msg!("render-pdf-unreadable", why = "catalog")))?;
    let specs = file_specs(&doc, &catalog, limits)?;
    if specs.is_empty() {
        return Err(Error::Pdf(msg!("render-pdf-no-source", name = SOURCE_NAME)));
    }
    // Ours by name; else the one file that says it is the source.
    let spec = specs
        .iter()
        .find(|s| name(s).as_deref() == Some(SOURCE_NAME))
        .or_else(|| {
            specs.iter().find(|s| {
                s.get::<Name<'_>>(b"AFRelationship")
                    .is_some_and(|n| n.as_str() == "Source")
            })
        })
        .ok_or_else(|| {
            let names: Vec<String> = specs.iter().filter_map(name).take(20).collect();
            Error::Pdf(msg!(
                "render-pdf-other-attachments",
                names = names.join(", "),
                name = SOURCE_NAME
            ))
        })?;
    let stream = spec
        .get::<Dict<'_>>(b"EF")
        .and_then(|ef| {
            ef.get::<Stream<'_>>(b"UF")
                .or_else(|| ef.get::<Stream<'_>>(b"F"))
        })
        .ok_or_else(|| Error::Pdf(msg!("render-pdf-source-no-stream")))?;
    let bytes = attachment(&stream, limits)?;
    // A vanban input: UTF-8 JSON, never binary bytes for the terminal.
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| Error::Pdf(msg!("render-pdf-source-not-utf8", byte = e.valid_up_to())))?;
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map_err(|e| Error::Pdf(msg!("render-pdf-source-not-json", reason = e.to_string())))?;
    Ok(bytes)
}

/// The attachment's bytes: stored, or deflated (what krilla writes),
/// inflated through a reader that stops past `max_input_bytes`.
fn attachment(stream: &Stream<'_>, limits: &Limits) -> Result<Vec<u8>> {
    let cap = limits.max_input_bytes as u64;
    let too_big = |n: u64| {
        Error::Pdf(msg!(
            "render-pdf-source-too-large",
            size = size(n),
            limit = size(cap)
        ))
    };
    let raw = stream.raw_data();
    let filters = stream.filters();
    let bytes = match filters.as_slice() {
        [] => raw.into_owned(),
        [Filter::FlateDecode] if !stream.dict().contains_key(b"DecodeParms") => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(&raw[..])
                .take(cap.saturating_add(1))
                .read_to_end(&mut out)
                .map_err(|e| {
                    Error::Pdf(msg!("render-pdf-source-inflate", reason = e.to_string()))
                })?;
            out
        }
        other => {
            return Err(Error::Pdf(msg!(
                "render-pdf-source-encoding",
                filters = format!("{other:?}")
            )));
        }
    };
    if bytes.len() as u64 > cap {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Every file specification in the catalog's `/AF` array and its
/// `/EmbeddedFiles` name tree, without repeats.
fn file_specs<'a>(doc: &'a Pdf, catalog: &Dict<'a>, limits: &Limits) -> Result<Vec<Dict<'a>>> {
    let mut walk = Walk {
        doc,
        seen: HashSet::new(),
        budget: limits.max_source_objects,
        out: Vec::new(),
    };
    if let Some(af) = catalog.get::<hayro_syntax::object::Array<'_>>(b"AF") {
        for item in af.raw_iter() {
            walk.spec(item)?;
        }
    }
    if let Some(tree) = catalog
        .get::<Dict<'_>>(b"Names")
        .and_then(|n| n.get_raw::<Dict<'_>>(b"EmbeddedFiles"))
    {
        walk.node(tree, 0)?;
    }
    Ok(walk.out)
}

/// The walk over the name tree: each indirect node once, within a budget
/// of nodes and entries.
struct Walk<'a> {
    doc: &'a Pdf,
    seen: HashSet<ObjectIdentifier>,
    budget: usize,
    out: Vec<Dict<'a>>,
}

impl<'a> Walk<'a> {
    /// Counts one node or entry; an error once the budget is spent.
    fn count(&mut self) -> Result<()> {
        self.budget = self
            .budget
            .checked_sub(1)
            .ok_or_else(|| Error::Pdf(msg!("render-pdf-attachment-tree")))?;
        Ok(())
    }

    /// The dictionary an item names, or `None` for one already visited
    /// (or not a dictionary).
    fn resolve(&mut self, item: MaybeRef<Dict<'a>>) -> Option<Dict<'a>> {
        match item {
            MaybeRef::Ref(r) => {
                let id: ObjectIdentifier = r.into();
                if !self.seen.insert(id) {
                    return None;
                }
                self.doc.xref().get::<Dict<'a>>(id)
            }
            MaybeRef::NotRef(d) => Some(d),
        }
    }

    fn spec(&mut self, item: MaybeRef<Object<'a>>) -> Result<()> {
        self.count()?;
        let dict = match item {
            MaybeRef::Ref(r) => self.resolve(MaybeRef::Ref(r)),
            MaybeRef::NotRef(Object::Dict(d)) => Some(d),
            MaybeRef::NotRef(_) => None,
        };
        if let Some(d) = dict
            && !self
                .out
                .iter()
                .any(|o| o.data().as_ptr() == d.data().as_ptr())
        {
            self.out.push(d);
        }
        Ok(())
    }

    /// A name-tree node: its `/Names` pairs and its `/Kids`, to a depth of
    /// 16 (a tree of that depth holds more than any file has names).
    fn node(&mut self, node: MaybeRef<Dict<'a>>, depth: usize) -> Result<()> {
        self.count()?;
        let Some(node) = self.resolve(node) else {
            return Ok(());
        };
        if let Some(names) = node.get::<hayro_syntax::object::Array<'_>>(b"Names") {
            for value in names.raw_iter().skip(1).step_by(2) {
                self.spec(value)?;
            }
        }
        if depth < 16
            && let Some(kids) = node.get::<hayro_syntax::object::Array<'_>>(b"Kids")
        {
            for kid in kids.raw_iter() {
                let kid = match kid {
                    MaybeRef::Ref(r) => MaybeRef::Ref(r),
                    MaybeRef::NotRef(Object::Dict(d)) => MaybeRef::NotRef(d),
                    MaybeRef::NotRef(_) => continue,
                };
                self.node(kid, depth + 1)?;
            }
        }
        Ok(())
    }
}

fn name(spec: &Dict<'_>) -> Option<String> {
    let s = spec
        .get::<hayro_syntax::object::String<'_>>(b"UF")
        .or_else(|| spec.get::<hayro_syntax::object::String<'_>>(b"F"))?;
    Some(decode_text(s.as_bytes()))
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
