//! The pre-scan of a PDF before hayro-syntax opens it (for `extract` and
//! for `import` of a PDF): hayro decodes streams and builds every page
//! without a cap, so what it would decode and build is counted here
//! first, within [`Limits`].
//!
//! Every stream (after each `stream` keyword) is decoded through its whole
//! filter chain — Flate, LZW, RunLength, ASCIIHex, ASCII85, in any order,
//! as `/Filter` or `/F` names them, the way hayro reads them — into a
//! counter: every filter's output counts against
//! [`Limits::max_unpacked_bytes`] (hayro holds each stage of a chain), in
//! constant memory ([`filters`]). Content streams, fonts, CMaps, object
//! and xref streams are all streams, so all are counted. The image filters
//! (DCT, JPX, CCITT, JBIG2) end the counted chain: what they make is
//! bounded by the image's size, and the readers only ask an image's
//! dimensions. A chain that cannot be counted as hayro would decode it —
//! a `/Filter` or `/DecodeParms` given by reference, a predictor before
//! another filter or on a stream that is not an xref stream or an image
//! (its objects' tokens would be hidden), more than [`MAX_FILTERS`]
//! filters — is refused.
//!
//! What decoded bytes and the file's own bytes name is counted too
//! ([`tokens`]): `/Page` names and `/Kids` entries, each against four
//! times [`Limits::max_pages`] (hayro builds every page when it opens a
//! file, some 1.5 KB each: a million pages took 1.6 GB; a kid without
//! `/Type` is a page to hayro), and streams against
//! [`Limits::max_source_objects`].
//!
//! Hand-written: neither hayro nor lopdf caps decoding or exposes a
//! decoder that could be capped.

mod filters;
mod tokens;

use hayro_syntax::object::{Dict, MaybeRef, Name, Object};
use hayro_syntax::reader::Reader;
use hayro_syntax::reader::ReaderExt;

use crate::error::{Diagnostic, Error, Result};
use crate::input::{Limits, over_limit, size};
use crate::msg;
use filters::{A85, CHUNK, Flate, Hex, Lzw, RunLength, Stage};
use tokens::Tokens;

/// The longest filter chain counted (real files use one or two).
pub(crate) const MAX_FILTERS: usize = 8;

/// How far before a `stream` keyword its dictionary is looked for.
const DICT_WINDOW: usize = 1 << 20;

/// Refuses a file whose streams would decode past `max_unpacked_bytes`
/// in all, that holds more than `max_source_objects` streams, or names more
/// pages or page-tree kids than four times `max_pages`. The file's bytes
/// are scanned once, and the decoding work is bounded by the limit.
/// `error` makes the error of the caller's kind (`extract`'s or
/// `import`'s).
pub(crate) fn check_streams(
    bytes: &[u8],
    limits: &Limits,
    error: impl Fn(Diagnostic) -> Error,
) -> Result<()> {
    let mut scan = Scan {
        limits,
        error: &error,
        total: 0,
        tokens: Tokens::default(),
    };
    scan.tokens.feed(bytes);
    scan.check_pages()?;
    let mut at = 0;
    let mut streams: usize = 0;
    while let Some(k) = find(bytes.get(at..).unwrap_or(&[]), b"stream") {
        // The dictionary is looked for after the previous stream only:
        // the windows do not overlap, so the search is linear in the file.
        let from = at;
        let keyword = at + k;
        let start = keyword + b"stream".len();
        at = start;
        if keyword >= 3 && bytes.get(keyword - 3..keyword) == Some(b"end") {
            continue;
        }
        let rest = bytes.get(start..).unwrap_or(&[]);
        let Some(data) = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .or_else(|| rest.strip_prefix(b"\r"))
        else {
            continue;
        };
        let data_at = bytes.len() - data.len();
        streams += 1;
        if streams > limits.max_source_objects {
            return Err(error(over_limit(
                "",
                msg!("render-pdf-streams", limit = limits.max_source_objects),
            )));
        }
        let window = bytes
            .get(keyword.saturating_sub(DICT_WINDOW).max(from)..keyword)
            .unwrap_or(&[]);
        let (mut stages, length) = match stream_dict(window) {
            Some(dict) => (
                chain(&dict).map_err(|what| refuse(&error, what))?,
                length(&dict, data),
            ),
            // No dictionary that parses: hayro cannot read the stream's
            // filters either; zlib data is still counted, as Flate.
            None => (sniffed(data), None),
        };
        if stages.is_empty() {
            if let Some(n) = length {
                at = data_at + n;
            }
            continue;
        }
        let data = match length {
            Some(n) => data.get(..n).unwrap_or(data),
            None => data,
        };
        scan.tokens.reset();
        let used = scan.decode(&mut stages, data)?;
        at = data_at + length.unwrap_or(used);
    }
    Ok(())
}

/// The counter: bytes decoded so far, and the tokens they hold.
struct Scan<'a, E> {
    limits: &'a Limits,
    error: &'a E,
    total: u64,
    tokens: Tokens,
}

impl<E: Fn(Diagnostic) -> Error> Scan<'_, E> {
    /// Runs `data` through the chain and its end; returns how much of
    /// `data` the first filter used.
    fn decode(&mut self, stages: &mut [Stage], data: &[u8]) -> Result<usize> {
        let mut used = 0;
        for piece in data.chunks(CHUNK) {
            let n = self.push(stages, piece)?;
            used += n;
            if n < piece.len() {
                break;
            }
        }
        self.finish(stages)?;
        Ok(used)
    }

    /// Feeds `input` to the first stage and what it gives on down the
    /// chain; returns the input used.
    fn push(&mut self, stages: &mut [Stage], input: &[u8]) -> Result<usize> {
        let Some((first, rest)) = stages.split_first_mut() else {
            // What hayro would parse: pages and kids in it count.
            self.tokens.feed(input);
            return self.check_pages().map(|()| input.len());
        };
        let mut out = Vec::with_capacity(CHUNK);
        let mut pos = 0;
        while pos < input.len() && !first.done() {
            out.clear();
            let n = first.feed(input.get(pos..).unwrap_or(&[]), &mut out);
            pos += n;
            self.count(out.len())?;
            self.push(rest, &out)?;
            if n == 0 && out.is_empty() {
                break;
            }
        }
        Ok(pos)
    }

    /// Ends the chain: what each stage held back goes down it.
    fn finish(&mut self, stages: &mut [Stage]) -> Result<()> {
        let Some((first, rest)) = stages.split_first_mut() else {
            return Ok(());
        };
        let mut out = Vec::with_capacity(CHUNK);
        loop {
            out.clear();
            first.finish(&mut out);
            if out.is_empty() {
                break;
            }
            self.count(out.len())?;
            self.push(rest, &out)?;
        }
        self.finish(rest)
    }

    fn count(&mut self, n: usize) -> Result<()> {
        self.total = self.total.saturating_add(n as u64);
        if self.total > self.limits.max_unpacked_bytes {
            return Err((self.error)(over_limit(
                "",
                msg!(
                    "render-pdf-unpacked",
                    limit = size(self.limits.max_unpacked_bytes)
                ),
            )));
        }
        Ok(())
    }

    fn check_pages(&self) -> Result<()> {
        let most = self.limits.max_pages.saturating_mul(4);
        let (pages, kids) = (self.tokens.pages, self.tokens.kids);
        if pages > most || kids > most {
            return Err((self.error)(over_limit(
                "",
                msg!(
                    "render-pdf-pages",
                    most = most,
                    what = if pages > most { "pages" } else { "kids" },
                    limit = self.limits.max_pages
                ),
            )));
        }
        Ok(())
    }
}

fn refuse(error: &impl Fn(Diagnostic) -> Error, what: String) -> Error {
    // `what` is a technical detail of the PDF's streams, shown as it is.
    error(Diagnostic::new(
        "",
        msg!("render-pdf-uncountable", what = what),
    ))
}

/// The dictionary of the stream whose `stream` keyword ends `window`:
/// after the last `obj` keyword whose text parses as a dictionary (an
/// `obj` inside a string is passed over).
fn stream_dict(window: &[u8]) -> Option<Dict<'_>> {
    let mut end = window.len();
    for _ in 0..8 {
        let k = rfind(window.get(..end)?, b"obj")?;
        end = k;
        if k >= 3 && window.get(k - 3..k) == Some(b"end") {
            return None;
        }
        let body = window.get(k + 3..)?;
        let trimmed = body
            .iter()
            .position(|b| !filters::is_space(*b))
            .and_then(|i| body.get(i..))?;
        let mut r = Reader::new(trimmed);
        if let Some(dict) = r.read_without_context::<Dict<'_>>() {
            return Some(dict);
        }
    }
    None
}

/// The stream's `/Length`, when it is a direct number and `endstream`
/// follows where it says (hayro searches for `endstream` otherwise).
fn length(dict: &Dict<'_>, data: &[u8]) -> Option<usize> {
    let n = match dict.get_raw::<Object<'_>>(b"Length")? {
        MaybeRef::NotRef(Object::Number(n)) => usize::try_from(n.as_i64()).ok()?,
        _ => return None,
    };
    let after = data.get(n..)?;
    let after = after
        .iter()
        .position(|b| !filters::is_space(*b))
        .and_then(|i| after.get(i..))?;
    after.starts_with(b"endstream").then_some(n)
}

/// The stages of the stream's filter chain, as hayro reads it: `/F` or
/// `/Filter`, a name or an array of names (unknown names skipped), with
/// `/DP` or `/DecodeParms` beside them. Ends at an image filter.
fn chain(dict: &Dict<'_>) -> std::result::Result<Vec<Stage>, String> {
    let by_ref = |key: &[u8]| matches!(dict.get_raw::<Object<'_>>(key), Some(MaybeRef::Ref(_)));
    for key in [&b"F"[..], b"Filter", b"DP", b"DecodeParms"] {
        if by_ref(key) {
            return Err(format!(
                "a stream's /{} is given by reference",
                String::from_utf8_lossy(key)
            ));
        }
    }
    let value = |key: &[u8]| match dict.get_raw::<Object<'_>>(key) {
        Some(MaybeRef::NotRef(o)) => Some(o),
        _ => None,
    };
    // hayro: `/F` or `/Filter` as a name first, then as an array.
    let (names, params): (Vec<Name<'_>>, Vec<Option<Dict<'_>>>) = match (
        value(b"F")
            .and_then(|o| o.into_name())
            .or_else(|| value(b"Filter").and_then(|o| o.into_name())),
        value(b"F")
            .and_then(|o| o.into_array())
            .or_else(|| value(b"Filter").and_then(|o| o.into_array())),
    ) {
        (Some(name), _) => (
            vec![name],
            vec![
                value(b"DP")
                    .and_then(|o| o.into_dict())
                    .or_else(|| value(b"DecodeParms").and_then(|o| o.into_dict())),
            ],
        ),
        (None, Some(array)) => {
            let params = value(b"DP")
                .and_then(|o| o.into_array())
                .or_else(|| value(b"DecodeParms").and_then(|o| o.into_array()));
            let mut names = Vec::new();
            let mut ps = Vec::new();
            let mut p_iter = params.as_ref().map(|a| a.raw_iter());
            for item in array.raw_iter() {
                let p = p_iter.as_mut().and_then(|i| i.next());
                let p = match p {
                    Some(MaybeRef::Ref(_)) => {
                        return Err("a stream's /DecodeParms entry is given by reference".into());
                    }
                    Some(MaybeRef::NotRef(o)) => o.into_dict(),
                    None => None,
                };
                match item {
                    MaybeRef::Ref(_) => {
                        return Err("a stream's filter name is given by reference".into());
                    }
                    MaybeRef::NotRef(o) => {
                        if let Some(n) = o.into_name() {
                            names.push(n);
                            ps.push(p);
                        }
                    }
                }
            }
            (names, ps)
        }
        (None, None) => (Vec::new(), Vec::new()),
    };
    let binary = dict
        .get::<Name<'_>>(b"Type")
        .is_some_and(|t| t.as_ref() == b"XRef")
        || dict
            .get::<Name<'_>>(b"Subtype")
            .is_some_and(|t| t.as_ref() == b"Image");
    let mut stages = Vec::new();
    for (i, (name, p)) in names.iter().zip(&params).enumerate() {
        let predictor = p
            .as_ref()
            .and_then(|p| p.get::<i64>(b"Predictor"))
            .unwrap_or(1);
        let stage = match name.as_ref() {
            b"FlateDecode" | b"Fl" => Stage::Flate(Flate::new()),
            b"LZWDecode" | b"LZW" => Stage::Lzw(Box::new(Lzw::new(
                p.as_ref()
                    .and_then(|p| p.get::<i64>(b"EarlyChange"))
                    .is_none_or(|e| e != 0),
            ))),
            b"RunLengthDecode" | b"RL" => Stage::RunLength(RunLength::new()),
            b"ASCIIHexDecode" | b"AHx" => Stage::Hex(Hex::new()),
            b"ASCII85Decode" | b"A85" => Stage::A85(A85::new()),
            // Image filters end what is counted; unknown names are
            // skipped by hayro.
            b"DCTDecode" | b"DCT" | b"JPXDecode" | b"CCITTFaxDecode" | b"CCF" | b"JBIG2Decode" => {
                break;
            }
            _ => continue,
        };
        // A predictor keeps the size (a row's tag byte dropped), so the
        // count stays an upper bound; but the next filter would read the
        // predicted bytes, not these, and so would a parser of the objects
        // in the stream (page tokens are not seen through a predictor):
        // one is allowed last in the chain of an xref stream or an image
        // only, where it is used, and which hold no objects.
        if predictor > 1 && i + 1 < names.len() {
            return Err("a stream applies a predictor before another filter in its chain".into());
        }
        if predictor > 1 && !binary {
            return Err(
                "a stream that is neither an xref stream nor an image applies a predictor".into(),
            );
        }
        stages.push(stage);
        if stages.len() > MAX_FILTERS {
            return Err(format!(
                "a stream has more than {MAX_FILTERS} filters in its chain"
            ));
        }
    }
    Ok(stages)
}

/// A stream whose dictionary could not be read: Flate when its data
/// starts with a zlib header, else nothing.
fn sniffed(data: &[u8]) -> Vec<Stage> {
    let zlib = matches!(data, [cmf, flg, ..]
        if cmf & 0x0F == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0);
    if zlib {
        vec![Stage::Flate(Flate::new())]
    } else {
        Vec::new()
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(hay, needle)
}

#[cfg(test)]
mod tests;
