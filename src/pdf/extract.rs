//! Reads the source JSON attached by `--attach-source` back out of a PDF, so
//! that a formatted copy can be regenerated from the archived file alone.
//!
//! Bounded against hostile files (issue 15): the PDF is read with
//! hayro-syntax, which resolves objects on demand — only the catalog, the
//! `/EmbeddedFiles` name tree, the `/AF` file specifications and the one
//! attached stream are ever parsed, so a file of millions of objects costs
//! its index, not millions of parsed objects (lopdf's `load_mem`, used
//! before, parsed and held every object and inflated every object stream:
//! 1.9 GB for 2 M objects). Before hayro sees the file, every zlib stream in
//! it is inflated into a counter ([`check_streams`]): one that would pass
//! [`Limits::max_unpacked_bytes`] (a deflate or object-stream bomb) is
//! refused, since hayro inflates without a cap. The name tree is walked
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
use crate::error::{Error, Result};
use crate::input::{Limits, over, size};

/// The attached source of a PDF written with `--attach-source`: the input
/// JSON's bytes, exactly as they were given. With the default [`Limits`].
pub fn extract_source(pdf: &[u8]) -> Result<Vec<u8>> {
    extract_source_with(pdf, &Limits::default())
}

/// [`extract_source`] within `limits`: `max_unpacked_bytes` for what the
/// file's streams inflate to, `max_source_objects` for the name-tree nodes
/// visited and the streams scanned, `max_input_bytes` for the attachment.
pub fn extract_source_with(pdf: &[u8], limits: &Limits) -> Result<Vec<u8>> {
    check_streams(pdf, limits, |d| Error::Pdf(d.to_string()))?;
    // hayro catches what it can; a panic inside it is still an unreadable
    // file, not a crash.
    catch_unwind(AssertUnwindSafe(|| read(pdf, limits))).map_err(|_| {
        Error::Pdf("this is not a readable PDF file (its structure is malformed)".into())
    })?
}

fn read(pdf: &[u8], limits: &Limits) -> Result<Vec<u8>> {
    let doc = Pdf::new(pdf.to_vec()).map_err(|e| {
        Error::Pdf(format!(
            "this is not a readable PDF file ({})",
            match e {
                hayro_syntax::LoadPdfError::Decryption(_) => "it is encrypted",
                hayro_syntax::LoadPdfError::Invalid => "its structure is broken",
            }
        ))
    })?;
    let xref = doc.xref();
    let catalog = xref
        .get::<Dict<'_>>(xref.root_id())
        .ok_or_else(|| Error::Pdf("this is not a readable PDF file (no catalog)".into()))?;
    let specs = file_specs(&doc, &catalog, limits)?;
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
        .find(|s| name(s).as_deref() == Some(SOURCE_NAME))
        .or_else(|| {
            specs.iter().find(|s| {
                s.get::<Name<'_>>(b"AFRelationship")
                    .is_some_and(|n| n.as_str() == "Source")
            })
        })
        .ok_or_else(|| {
            let names: Vec<String> = specs.iter().filter_map(name).take(20).collect();
            Error::Pdf(format!(
                "this PDF has attachments ({}) but no vanban source (`{SOURCE_NAME}`)",
                names.join(", ")
            ))
        })?;
    let stream = spec
        .get::<Dict<'_>>(b"EF")
        .and_then(|ef| {
            ef.get::<Stream<'_>>(b"UF")
                .or_else(|| ef.get::<Stream<'_>>(b"F"))
        })
        .ok_or_else(|| {
            Error::Pdf("the attached source cannot be read: its file stream is missing".into())
        })?;
    let bytes = attachment(&stream, limits)?;
    // A vanban input: UTF-8 JSON, never binary bytes for the terminal.
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        Error::Pdf(format!(
            "the attached source is not JSON: it is not UTF-8 text (byte {} is not valid); \
             it was not written by `vanban render --attach-source`",
            e.valid_up_to()
        ))
    })?;
    serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|e| {
        Error::Pdf(format!(
            "the attached source is not JSON ({e}); it was not written by \
             `vanban render --attach-source`"
        ))
    })?;
    Ok(bytes)
}

/// The attachment's bytes: stored, or deflated (what krilla writes),
/// inflated through a reader that stops past `max_input_bytes`.
fn attachment(stream: &Stream<'_>, limits: &Limits) -> Result<Vec<u8>> {
    let cap = limits.max_input_bytes as u64;
    let too_big = |n: u64| {
        Error::Pdf(
            over(
                "",
                format!(
                    "the attached source is larger than the input limit ({} read so far)",
                    size(n)
                ),
                size(cap),
                "max_input_bytes",
                "this is not an input vanban would render",
            )
            .to_string(),
        )
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
                    Error::Pdf(format!("the attached source cannot be decompressed: {e}"))
                })?;
            out
        }
        other => {
            return Err(Error::Pdf(format!(
                "the attached source is encoded with {other:?}: vanban writes it deflated \
                 (FlateDecode) or stored; it was not written by `vanban render --attach-source`"
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
        self.budget = self.budget.checked_sub(1).ok_or_else(|| {
            Error::Pdf(
                over(
                    "",
                    "this PDF's attachment tree has more nodes and entries than the limit".into(),
                    "the limit".into(),
                    "max_source_objects",
                    "it was not written by vanban",
                )
                .to_string(),
            )
        })?;
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

/// Refuses a file whose zlib streams would inflate past
/// `max_unpacked_bytes` in all, or that holds more than
/// `max_source_objects` streams. After each `stream` keyword, what follows
/// is inflated into a counter when it starts with a zlib header (other data
/// is passed over at once); the file's bytes are scanned once, and the
/// inflation work is bounded by the limit. `error` makes the error of the
/// caller's kind (`extract`'s or `import`'s).
///
/// Hand-written: neither hayro nor lopdf caps inflation, and what a
/// parser would hold (an object stream's objects) is bounded by what its
/// stream inflates to. Filters other than Flate expand little (LZW, the one
/// other compressor in PDFs, is rare and bounded by the file's size times
/// its dictionary); a zlib stream inside another filter is not seen here.
pub(crate) fn check_streams(
    bytes: &[u8],
    limits: &Limits,
    error: impl Fn(crate::error::Diagnostic) -> Error,
) -> Result<()> {
    let mut total: u64 = 0;
    let mut streams: usize = 0;
    // Page dictionaries, in the file's bytes and in what its streams
    // inflate to: hayro builds every page when it opens a file (some 1.5 KB
    // each: a million pages took 1.6 GB), before a reader can count them.
    // A vanban PDF has at most `max_pages`, each written at most a few
    // times over (incremental updates repeat a page they change).
    let most_pages = limits.max_pages.saturating_mul(4);
    let mut pages = page_tokens(bytes);
    let too_many_pages = |pages: usize| {
        error(over(
            "",
            format!("this PDF names more than {pages} page objects"),
            format!(
                "{} pages (four times over, for revisions)",
                limits.max_pages
            ),
            "max_pages",
            "split the file",
        ))
    };
    if pages > most_pages {
        return Err(too_many_pages(most_pages));
    }
    let mut at = 0;
    let mut sink = vec![0u8; 64 * 1024];
    let mut z = flate2::Decompress::new(true);
    while let Some(k) = find(bytes.get(at..).unwrap_or(&[]), b"stream") {
        let start = at + k + b"stream".len();
        let keyword = at + k;
        at = start;
        if keyword >= 3 && bytes.get(keyword - 3..keyword) == Some(b"end") {
            continue;
        }
        let data = bytes.get(start..).unwrap_or(&[]);
        let Some(data) = data
            .strip_prefix(b"\r\n")
            .or_else(|| data.strip_prefix(b"\n"))
            .or_else(|| data.strip_prefix(b"\r"))
        else {
            continue;
        };
        streams += 1;
        if streams > limits.max_source_objects {
            return Err(error(over(
                "",
                format!(
                    "this PDF holds more than {} streams",
                    limits.max_source_objects
                ),
                limits.max_source_objects.to_string(),
                "max_source_objects",
                "split the file",
            )));
        }
        // A zlib header: deflate, and the check bits right.
        let zlib = matches!(data, [cmf, flg, ..]
            if cmf & 0x0F == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0);
        if !zlib {
            continue;
        }
        z.reset(true);
        loop {
            let (in0, out0) = (z.total_in(), z.total_out());
            let input = data
                .get(usize::try_from(in0).unwrap_or(usize::MAX)..)
                .unwrap_or(&[]);
            let status = z.decompress(input, &mut sink, flate2::FlushDecompress::None);
            let produced = z.total_out() - out0;
            total += produced;
            pages += page_tokens(
                sink.get(..usize::try_from(produced).unwrap_or(0))
                    .unwrap_or(&[]),
            );
            if pages > most_pages {
                return Err(too_many_pages(most_pages));
            }
            if total > limits.max_unpacked_bytes {
                return Err(error(over(
                    "",
                    "this PDF's streams inflate to more than the limit (a compression bomb, \
                     or far more than a document holds)"
                        .into(),
                    size(limits.max_unpacked_bytes),
                    "max_unpacked_bytes",
                    "the file cannot be read safely",
                )));
            }
            match status {
                Ok(flate2::Status::Ok) if z.total_in() > in0 || z.total_out() > out0 => {}
                _ => break,
            }
        }
        at = start + usize::try_from(z.total_in()).unwrap_or(0);
    }
    Ok(())
}

/// How many times `/Page` stands as a whole name in `bytes` (not
/// `/Pages`, `/PageMode`, …). A page dictionary split across two inflated
/// chunks is missed: one a chunk at most.
fn page_tokens(bytes: &[u8]) -> usize {
    bytes
        .windows(6)
        .filter(|w| {
            w.starts_with(b"/Page")
                && matches!(
                    w.get(5),
                    Some(
                        b' ' | b'\n'
                            | b'\r'
                            | b'\t'
                            | b'/'
                            | b'>'
                            | b'<'
                            | b'['
                            | b']'
                            | b'('
                            | b'%'
                    )
                )
        })
        .count()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(data).unwrap();
        z.finish().unwrap()
    }

    fn file(streams: &[Vec<u8>]) -> Vec<u8> {
        let mut f = b"%PDF-1.7\n".to_vec();
        for s in streams {
            f.extend_from_slice(b"1 0 obj\n<< /Filter /FlateDecode >>\nstream\n");
            f.extend_from_slice(s);
            f.extend_from_slice(b"\nendstream\nendobj\n");
        }
        f
    }

    #[test]
    fn streams_are_counted_inflated_and_in_number() {
        let mut limits = Limits {
            max_unpacked_bytes: 100_000,
            ..Limits::default()
        };
        let err = |d: crate::error::Diagnostic| Error::Pdf(d.to_string());
        // Two streams of 60,000 bytes: each under the limit, not together.
        let one = zlib(&[b'a'; 60_000]);
        assert!(check_streams(&file(std::slice::from_ref(&one)), &limits, err).is_ok());
        let e = check_streams(&file(&[one.clone(), one.clone()]), &limits, err).unwrap_err();
        assert!(e.to_string().contains("max_unpacked_bytes"), "{e}");
        // `endstream` is not a stream; three streams over a limit of two.
        limits.max_source_objects = 2;
        let small = zlib(b"x");
        assert!(check_streams(&file(&[small.clone(), small.clone()]), &limits, err).is_ok());
        let e =
            check_streams(&file(&[small.clone(), small.clone(), small]), &limits, err).unwrap_err();
        assert!(e.to_string().contains("max_source_objects"), "{e}");
        // Pages past four times max_pages, in the file or inflated.
        let mut few = Limits {
            max_pages: 2,
            ..Limits::default()
        };
        let page = b"<< /Type /Page >>".repeat(9);
        let e = check_streams(&page, &few, err).unwrap_err();
        assert!(e.to_string().contains("max_pages"), "{e}");
        let e = check_streams(&file(&[zlib(&page)]), &few, err).unwrap_err();
        assert!(e.to_string().contains("max_pages"), "{e}");
        few.max_pages = 3;
        assert!(check_streams(&file(&[zlib(&page)]), &few, err).is_ok());
        assert_eq!(page_tokens(b"/Pages /PageMode /Page/Page>"), 2);
        // Data that is not zlib is passed over.
        assert!(check_streams(&file(&[b"BT /F1 12 Tf ET".to_vec()]), &limits, err).is_ok());
    }
}
