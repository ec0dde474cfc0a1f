//! The PDF side of signing: the incremental update that adds the signature
//! dictionary with its `/ByteRange` and zeroed `/Contents` reservation
//! ([`prepare`]), and the CMS written into it ([`finish`]).
//!
//! lopdf writes the update (the earlier revisions' bytes are copied first,
//! untouched, so earlier signatures stay valid); its writer cannot leave room
//! for numbers it does not know yet, so the dictionary is written with
//! placeholders of a fixed width, found in the new bytes (only after the
//! earlier revisions) and patched with space-padded numbers of the same
//! length.

use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};
use time::UtcOffset;

use super::{MAX_RESERVE, SignOptions};
use crate::error::{Error, Result};

mod place;

/// A PDF ready for its signature: the bytes, what they cover, and their digest.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The PDF with the signature dictionary and a zeroed `/Contents`.
    pub pdf: Vec<u8>,
    /// `[0, a, b, c]`: the covered bytes are `0..a` and `b..b + c`.
    pub byte_range: [usize; 4],
    /// SHA-256 of the covered bytes: the CMS's `messageDigest`.
    pub digest: [u8; 32],
    /// The signature field's name.
    pub field: String,
}

/// The `/ByteRange` written first: three numbers of ten digits, which the
/// real offsets (space-padded) then replace byte for byte.
const PLACEHOLDER: [i64; 3] = [9_999_999_991, 9_999_999_992, 9_999_999_993];
const PLACEHOLDER_TEXT: &[u8] = b"0 9999999991 9999999992 9999999993";

/// The most bytes of a decoded stream read back from the PDF (an
/// appearance): far more than vanban writes, little enough that a hostile
/// file cannot exhaust memory.
pub(crate) const MAX_STREAM: usize = 16 << 20;

/// Adds the signature dictionary for `options.role` to `pdf`.
pub fn prepare(pdf: &[u8], options: &SignOptions) -> Result<Prepared> {
    if options.reserve == 0 || options.reserve > MAX_RESERVE {
        return Err(Error::Sign(crate::msg!(
            "sign-reserve-range",
            reserve = options.reserve,
            max_reserve = MAX_RESERVE
        )));
    }
    check_texts(options)?;
    let prev = load(pdf)?;
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), prev);
    let sig = inc
        .new_document
        .add_object(signature_dictionary(options, pdf_name(options)));
    let field = place::place(&mut inc, options, sig)?;
    let mut out = Vec::with_capacity(pdf.len() + 2 * options.reserve + 4096);
    inc.save_to(&mut out)
        .map_err(|e| Error::Sign(crate::msg!("sign-write-failed", reason = e.to_string())))?;
    let new_part = pdf.len();
    let hole = find_after(&out, new_part, &contents_placeholder(options.reserve))
        .ok_or_else(|| internal("the reservation"))?;
    let a = hole;
    let b = hole + 2 * options.reserve + 2;
    let c = out.len() - b;
    let at =
        find_after(&out, new_part, PLACEHOLDER_TEXT).ok_or_else(|| internal("the byte range"))?;
    let numbers = format!("0 {a} {b} {c}");
    if numbers.len() > PLACEHOLDER_TEXT.len() {
        return Err(Error::Sign(crate::msg!("sign-pdf-too-large")));
    }
    let padded = format!("{numbers:<width$}", width = PLACEHOLDER_TEXT.len());
    out.get_mut(at..at + PLACEHOLDER_TEXT.len())
        .ok_or_else(|| internal("the byte range"))?
        .copy_from_slice(padded.as_bytes());
    let byte_range = [0, a, b, c];
    let digest = covered_digest(&out, byte_range).ok_or_else(|| internal("the byte range"))?;
    Ok(Prepared {
        pdf: out,
        byte_range,
        digest,
        field,
    })
}

/// Reads a PDF written by [`prepare`] back: its reservation and digest.
///
/// The reservation is the last signature dictionary whose `/Contents` is
/// all zeros; its `/ByteRange` must match the file: from byte 0, the gap
/// exactly its `<…>` string, to the end of the file.
pub fn read_prepared(pdf: Vec<u8>) -> Result<Prepared> {
    let doc = Document::load_mem(&pdf).map_err(|_| not_prepared())?;
    let mut best: Option<(ObjectId, [usize; 4])> = None;
    for (&id, object) in &doc.objects {
        let Ok(dict) = object.as_dict() else { continue };
        let Some(range) = byte_range(dict).filter(|_| is_reservation(dict)) else {
            continue;
        };
        if best.is_none_or(|(_, r)| range[1] > r[1]) {
            best = Some((id, range));
        }
    }
    let (sig, range) = best.ok_or_else(not_prepared)?;
    let [start, a, b, c] = range;
    let consistent = start == 0
        && a < b
        && b.checked_add(c) == Some(pdf.len())
        && pdf.get(a) == Some(&b'<')
        && b.checked_sub(1).and_then(|i| pdf.get(i)) == Some(&b'>')
        && pdf
            .get(a + 1..b - 1)
            .is_some_and(|hex| hex.iter().all(|&h| h == b'0'));
    if !consistent {
        return Err(Error::Sign(crate::msg!("sign-reservation-mismatch")));
    }
    let field = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| matches!(d.get(b"V"), Ok(Object::Reference(r)) if *r == sig))
        .and_then(|d| d.get(b"T").ok())
        .map(text_of)
        .unwrap_or_default();
    let digest = covered_digest(&pdf, range).ok_or_else(not_prepared)?;
    Ok(Prepared {
        pdf,
        byte_range: range,
        digest,
        field,
    })
}

/// Writes `cms` (DER) into the reservation of a PDF from [`prepare`].
pub fn finish(prepared: &[u8], cms: &[u8]) -> Result<Vec<u8>> {
    let p = read_prepared(prepared.to_vec())?;
    let [_, a, b, _] = p.byte_range;
    let room = (b - a - 2) / 2;
    if cms.is_empty() {
        return Err(Error::Sign(crate::msg!("sign-cms-empty")));
    }
    if cms.len() > room {
        return Err(Error::Sign(crate::msg!(
            "sign-cms-too-large",
            size = cms.len(),
            room = room,
            max_reserve = MAX_RESERVE
        )));
    }
    let mut out = p.pdf;
    let hex: Vec<u8> = cms
        .iter()
        .flat_map(|byte| {
            let digit = |n: u8| b"0123456789ABCDEF".get(usize::from(n)).copied();
            [digit(byte >> 4), digit(byte & 15)]
        })
        .flatten()
        .collect();
    out.get_mut(a + 1..a + 1 + hex.len())
        .ok_or_else(not_prepared)?
        .copy_from_slice(&hex);
    Ok(out)
}

/// The most characters of one text of a signature (a reason, a location, a
/// name, a line): a PDF/A string holds at most 32,767 bytes, and these are
/// short phrases that a person reads.
pub const MAX_TEXT: usize = 1000;

/// The most lines of an attachment's block besides the name and the time
/// (the top margin holds three or four).
pub const MAX_LINES: usize = 6;

fn check_texts(options: &SignOptions) -> Result<()> {
    let mut texts: Vec<(&str, &str)> = Vec::new();
    if let Some(r) = &options.reason {
        texts.push(("reason", r));
    }
    if let Some(l) = &options.location {
        texts.push(("location", l));
    }
    match &options.role {
        super::Role::Signer { field, .. } => {
            texts.extend(field.as_deref().map(|f| ("field", f)));
        }
        super::Role::Agency { name, over, .. } => {
            texts.push(("agency", name));
            texts.extend(over.as_deref().map(|f| ("field", f)));
        }
        super::Role::Attachment { name, lines } => {
            if lines.len() > MAX_LINES {
                return Err(Error::Sign(crate::msg!(
                    "sign-attachment-lines",
                    max_lines = MAX_LINES,
                    count = lines.len()
                )));
            }
            texts.push(("agency", name));
            texts.extend(lines.iter().map(|l| ("line", l.as_str())));
        }
    }
    match texts.iter().find(|(_, t)| t.chars().count() > MAX_TEXT) {
        Some((what, t)) => Err(Error::Sign(crate::msg!(
            "sign-text-too-long",
            what = *what,
            count = t.chars().count(),
            max_text = MAX_TEXT
        ))),
        None => Ok(()),
    }
}

/// Loads `pdf` for signing: readable, not encrypted, and vanban's.
fn load(pdf: &[u8]) -> Result<Document> {
    let encrypted = || Error::Sign(crate::msg!("sign-encrypted"));
    let doc = Document::load_mem(pdf).map_err(|_| {
        // A file lopdf cannot open for want of a password is encrypted, not
        // damaged: vanban never writes `/Encrypt`, so its name in the bytes
        // says which.
        if memchr::memmem::find(pdf, b"/Encrypt").is_some() {
            return encrypted();
        }
        Error::Sign(crate::msg!("sign-unreadable"))
    })?;
    if doc.trailer.has(b"Encrypt") || doc.was_encrypted() {
        return Err(encrypted());
    }
    if doc.xref_recovery.is_some() {
        // lopdf repaired the cross-reference data to read the file: an
        // update appended to it would point at the damaged tables.
        return Err(Error::Sign(crate::msg!("sign-damaged")));
    }
    let info = doc.trailer.get(b"Info").ok().and_then(|o| match o {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    });
    let by_vanban = info.is_some_and(|d| {
        [b"Producer".as_slice(), b"Creator"].iter().any(|k| {
            d.get(k)
                .ok()
                .map(text_of)
                .is_some_and(|s| s.contains("vanban"))
        })
    });
    if !by_vanban {
        return Err(Error::Sign(crate::msg!("sign-not-vanban")));
    }
    if doc
        .objects
        .values()
        .any(|o| o.as_dict().is_ok_and(is_reservation))
    {
        return Err(Error::Sign(crate::msg!("sign-unfinished")));
    }
    Ok(doc)
}

/// A signature dictionary whose `/Contents` is still the zeroed reservation.
fn is_reservation(dict: &Dictionary) -> bool {
    byte_range(dict).is_some()
        && matches!(dict.get(b"Contents"), Ok(Object::String(bytes, _)) if bytes.iter().all(|&b| b == 0))
}

/// The signature dictionary with its placeholders.
fn signature_dictionary(options: &SignOptions, name: Option<&str>) -> Dictionary {
    let mut d = Dictionary::from_iter([
        ("Type", Object::Name(b"Sig".to_vec())),
        ("Filter", Object::Name(b"Adobe.PPKLite".to_vec())),
        ("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec())),
        (
            "ByteRange",
            Object::Array(
                std::iter::once(Object::Integer(0))
                    .chain(PLACEHOLDER.iter().map(|&n| Object::Integer(n)))
                    .collect(),
            ),
        ),
        (
            "Contents",
            Object::String(vec![0; options.reserve], StringFormat::Hexadecimal),
        ),
        (
            "M",
            Object::String(pdf_date(options.time).into_bytes(), StringFormat::Literal),
        ),
    ]);
    if let Some(n) = name {
        d.set("Name", text(n));
    }
    if let Some(r) = &options.reason {
        d.set("Reason", text(r));
    }
    if let Some(l) = &options.location {
        d.set("Location", text(l));
    }
    d
}

fn pdf_name(options: &SignOptions) -> Option<&str> {
    match &options.role {
        super::Role::Signer { .. } => None,
        super::Role::Agency { name, .. } | super::Role::Attachment { name, .. } => {
            Some(name.as_str()).filter(|n| !n.trim().is_empty())
        }
    }
}

/// Việt Nam's time zone, UTC+7, in which every signing time is written.
pub(crate) fn vietnam(t: time::OffsetDateTime) -> time::OffsetDateTime {
    // `to_offset` panics at the end of the supported range (year 9999):
    // such a time is kept in its own offset.
    let offset = UtcOffset::from_hms(7, 0, 0).unwrap_or(UtcOffset::UTC);
    t.checked_to_offset(offset).unwrap_or(t)
}

/// `D:YYYYMMDDHHmmSS+07'00'` (Việt Nam time; another offset only for a time
/// at the very end of the supported range, which has no Việt Nam time).
fn pdf_date(t: time::OffsetDateTime) -> String {
    let t = vietnam(t);
    let (h, m, _) = t.offset().as_hms();
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}{}{:02}'{:02}'",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        if t.offset().is_negative() { '-' } else { '+' },
        h.unsigned_abs(),
        m.unsigned_abs()
    )
}

/// `<00…00>`: the reservation as lopdf writes it.
fn contents_placeholder(reserve: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(2 * reserve + 2);
    v.push(b'<');
    v.resize(2 * reserve + 1, b'0');
    v.push(b'>');
    v
}

fn find_after(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let tail = hay.get(from..)?;
    memchr::memmem::find(tail, needle).map(|i| from + i)
}

fn covered_digest(pdf: &[u8], [start, a, b, c]: [usize; 4]) -> Option<[u8; 32]> {
    let mut h = Sha256::new();
    h.update(pdf.get(start..a)?);
    h.update(pdf.get(b..b.checked_add(c)?)?);
    Some(h.finalize().into())
}

/// A `/ByteRange` of four non-negative integers.
fn byte_range(dict: &Dictionary) -> Option<[usize; 4]> {
    let Ok(Object::Array(a)) = dict.get(b"ByteRange") else {
        return None;
    };
    let n: Vec<usize> = a
        .iter()
        .map(|o| match o {
            Object::Integer(i) => usize::try_from(*i).ok(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    n.try_into().ok()
}

fn internal(what: &str) -> Error {
    Error::Sign(crate::msg!("sign-internal", what = what))
}

fn not_prepared() -> Error {
    Error::Sign(crate::msg!("sign-not-prepared"))
}

/// A PDF text string: PDFDocEncoding would do for ASCII, UTF-16BE with a
/// byte order mark for everything else (Vietnamese names).
pub(crate) fn text(s: &str) -> Object {
    if s.is_ascii() {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// A text string's value (UTF-16BE with its mark, else bytes as Latin-1,
/// which PDFDocEncoding is for the letters that matter here).
pub(crate) fn text_of(o: &Object) -> String {
    let Object::String(bytes, _) = o else {
        return String::new();
    };
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks_exact(2)
                .map(|p| {
                    u16::from_be_bytes([
                        p.first().copied().unwrap_or(0),
                        p.get(1).copied().unwrap_or(0),
                    ])
                })
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_in_vietnam_time() {
        let t = time::macros::datetime!(2025-01-24 13:01:14 UTC);
        assert_eq!(pdf_date(t), "D:20250124200114+07'00'");
    }

    #[test]
    fn the_last_supported_instant_does_not_panic() {
        let t = time::macros::datetime!(9999-12-31 23:59:59 UTC);
        assert_eq!(pdf_date(t), "D:99991231235959+00'00'");
    }

    #[test]
    fn text_strings_round_trip() {
        assert_eq!(text_of(&text("Ủy ban")), "Ủy ban");
        assert_eq!(text_of(&text("Seal1")), "Seal1");
    }
}
