//! Reading signatures back: every signature field of a PDF, whether its
//! digest matches the bytes it covers, whether its signature verifies,
//! which revision it covers, and whether what later revisions changed is
//! only signing and form filling.
//!
//! [`verify`] gives a [`Report`] (`serde::Serialize`, for `vanban verify
//! --json`); [`cms::check_cms`] and [`cms::check_raw_signature`] are the
//! CMS checks on their own, for the signing side to check what it made.
//!
//! Signatures with SHA-256 are checked, and with SHA-1 too (with a warning:
//! the signing tools of the government CA still make them, and pdfsig and
//! Acrobat accept them); RSA PKCS#1 v1.5 and ECDSA P-256 keys; CAdES and
//! PKCS#7 detached signatures and document time-stamps (`ETSI.RFC3161`).
//! Certificates are not validated against a trust list or for revocation
//! here: the report names the signer and the issuer.

pub mod cms;
mod revisions;

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Dictionary, Document, Object, ObjectId};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::i18n::{Lang, Msg};
use crate::input::Limits;

pub use cms::{
    CmsInfo, DigestAlgorithm, check_cms, check_raw_signature, read_cms, read_cms_with,
    read_document_timestamp,
};
pub use revisions::{Change, ChangeKind};

/// The signatures of one PDF.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Every signature, in the order of the AcroForm's fields.
    pub signatures: Vec<SignatureReport>,
    /// How many revisions the file has (the original is 1; each
    /// incremental update adds one).
    pub revisions: usize,
    /// At least one signature, and every one [`SignatureReport::valid`].
    pub valid: bool,
}

/// One signature.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignatureReport {
    /// The field's full name (`Signature1`, `parent.child`).
    pub field: String,
    /// The signer's certificate's common name, else its RFC 4514 subject.
    pub subject: String,
    /// The issuer's common name, else its RFC 4514 name.
    pub issuer: String,
    /// The certificate's serial number, hex.
    pub serial: String,
    /// The signing time `/M`, ISO 8601 with its offset.
    pub time: Option<String>,
    /// The RFC 3161 time-stamp's `genTime` (ISO 8601, UTC), if any.
    pub timestamp: Option<String>,
    /// Whether the time-stamp is over this signature's value and its own
    /// signature verifies; `None` without a time-stamp.
    pub timestamp_valid: Option<bool>,
    /// `/SubFilter`: `ETSI.CAdES.detached`, `adbe.pkcs7.detached`, ….
    pub sub_filter: String,
    /// The digest of the covered bytes is the `messageDigest` attribute.
    pub digest_matches: bool,
    /// The signature over the signed attributes verifies with the
    /// certificate's key.
    pub signature_valid: bool,
    /// What the signature covers.
    pub covers: Covers,
    /// What the revisions after this signature's changed.
    pub later_changes: Vec<Change>,
    /// Some later change is not signing or form filling.
    pub modified: bool,
    /// The digest algorithm the signature uses, if it is one checked.
    pub digest_algorithm: Option<DigestAlgorithm>,
    /// What is wrong, for a person to read, in English (stable: what
    /// `--json` writes); [`SignatureReport::problems_in`] in a language.
    pub problems: Vec<String>,
    /// The message id of each of `problems`, in the same order
    /// (`verify-…`, `sign-…`): what a program matches on.
    pub problem_codes: Vec<&'static str>,
    /// What is weak but not wrong (SHA-1), for a person to read, in
    /// English; it does not make the signature invalid, as no reader
    /// (pdfsig, Acrobat) does.
    pub warnings: Vec<String>,
    /// The message id of each of `warnings`, in the same order.
    pub warning_codes: Vec<&'static str>,
    /// `problems` as messages.
    #[serde(skip)]
    pub problem_messages: Vec<Msg>,
    /// `warnings` as messages.
    #[serde(skip)]
    pub warning_messages: Vec<Msg>,
    /// `digest_matches && signature_valid && !modified`, no problem, and a
    /// time-stamp, if any, that holds.
    pub valid: bool,
}

impl SignatureReport {
    /// The problems in `lang`.
    pub fn problems_in(&self, lang: Lang) -> Vec<String> {
        self.problem_messages.iter().map(|m| m.text(lang)).collect()
    }

    /// The warnings in `lang`.
    pub fn warnings_in(&self, lang: Lang) -> Vec<String> {
        self.warning_messages.iter().map(|m| m.text(lang)).collect()
    }

    /// Sets the problems: their English texts, ids and messages.
    fn set_problems(&mut self, problems: Vec<Msg>) {
        self.problems = problems.iter().map(ToString::to_string).collect();
        self.problem_codes = problems.iter().map(Msg::id).collect();
        self.problem_messages = problems;
    }

    /// Sets the warnings: their English texts, ids and messages.
    fn set_warnings(&mut self, warnings: Vec<Msg>) {
        self.warnings = warnings.iter().map(ToString::to_string).collect();
        self.warning_codes = warnings.iter().map(Msg::id).collect();
        self.warning_messages = warnings;
    }
}

/// The part of the file a signature covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Covers {
    /// The revision (from 1) whose end the signed bytes reach; 0 when they
    /// end at no revision's end.
    pub revision: usize,
    /// The signed bytes reach the end of the file.
    pub whole_file: bool,
}

/// Verifies every signature of `pdf` with the default [`Limits`].
pub fn verify(pdf: &[u8]) -> Result<Report> {
    verify_with(pdf, &Limits::default())
}

/// Verifies every signature of `pdf`; `limits.max_source_objects` bounds
/// the objects read and compared, `limits.max_unpacked_bytes` what one
/// stream may inflate to.
pub fn verify_with(pdf: &[u8], limits: &Limits) -> Result<Report> {
    // lopdf returns errors for what it cannot read; a panic inside it is
    // still an unreadable file, not a crash.
    catch_unwind(AssertUnwindSafe(|| verify_inner(pdf, limits)))
        .map_err(|_| Error::Sign(crate::msg!("verify-malformed")))?
}

fn verify_inner(pdf: &[u8], limits: &Limits) -> Result<Report> {
    let doc = load(pdf, limits)?;
    let fields = signature_fields(&doc, limits)?;
    if fields.len() > MAX_SIGNATURES {
        return Err(Error::Sign(crate::msg!(
            "verify-too-many-signatures",
            count = fields.len(),
            max_signatures = MAX_SIGNATURES
        )));
    }
    let mut checker = Checker {
        pdf,
        doc: &doc,
        ends: revision_ends(pdf),
        limits,
        budget: limits.max_source_objects,
        changes: HashMap::new(),
    };
    let mut signatures = Vec::new();
    for (field, sig) in fields {
        signatures.push(match sig {
            Some(sig) => checker.check(&field, &sig)?,
            None => unreadable(&field),
        });
    }
    let valid = !signatures.is_empty() && signatures.iter().all(|s| s.valid);
    Ok(Report {
        signatures,
        revisions: checker.ends.len().max(1),
        valid,
    })
}

/// Loads a PDF (or one revision of it) with lopdf, refusing what is not a
/// PDF, an encrypted file and a damaged one.
fn load(pdf: &[u8], limits: &Limits) -> Result<Document> {
    let head = pdf.get(..pdf.len().min(1024)).unwrap_or_default();
    if memchr::memmem::find(head, b"%PDF-").is_none() {
        return Err(Error::Sign(crate::msg!("verify-not-pdf")));
    }
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(
            usize::try_from(limits.max_unpacked_bytes).unwrap_or(usize::MAX),
        ),
        ..lopdf::LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(pdf, options)
        .map_err(|e| Error::Sign(crate::msg!("verify-unreadable", reason = e.to_string())))?;
    if doc.was_encrypted() || doc.is_encrypted() {
        return Err(Error::Sign(crate::msg!("verify-encrypted")));
    }
    if doc.xref_recovery.is_some() {
        return Err(Error::Sign(crate::msg!("verify-damaged")));
    }
    if doc.objects.len() > limits.max_source_objects {
        return Err(Error::Sign(crate::msg!(
            "verify-too-many-objects",
            count = doc.objects.len(),
            limit = limits.max_source_objects
        )));
    }
    Ok(doc)
}

/// The end (exclusive, after the EOL) of each revision: each `%%EOF` that
/// follows a `startxref` and its offset.
fn revision_ends(pdf: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    for at in memchr::memmem::find_iter(pdf, b"%%EOF") {
        let before = pdf.get(..at).unwrap_or_default();
        let trimmed = trim_end_ws(before);
        let digits = trimmed
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let rest = trim_end_ws(trimmed.get(..trimmed.len() - digits).unwrap_or_default());
        if digits == 0 || !rest.ends_with(b"startxref") {
            continue;
        }
        let mut end = at + b"%%EOF".len();
        match pdf.get(end..) {
            Some([b'\r', b'\n', ..]) => end += 2,
            Some([b'\n' | b'\r', ..]) => end += 1,
            _ => {}
        }
        ends.push(end);
    }
    ends
}

fn trim_end_ws(b: &[u8]) -> &[u8] {
    let n = b
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_whitespace() || **c == 0)
        .count();
    b.get(..b.len() - n).unwrap_or_default()
}

/// Every signed signature field: its full name and its signature
/// dictionary, in the order of the AcroForm's `/Fields` and their `/Kids`.
/// `None`: the field has a `/V` that is not a readable dictionary (a
/// damaged or forged signature, reported, never skipped).
fn signature_fields(doc: &Document, limits: &Limits) -> Result<Vec<(String, Option<Dictionary>)>> {
    let mut out = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return Err(Error::Sign(crate::msg!("verify-no-catalog")));
    };
    let Some(form) = catalog
        .get(b"AcroForm")
        .ok()
        .and_then(|o| resolve(doc, o).as_dict().ok())
    else {
        return Ok(out);
    };
    let Some(fields) = form
        .get(b"Fields")
        .ok()
        .and_then(|o| resolve(doc, o).as_array().ok())
    else {
        return Ok(out);
    };
    // (node, parent's full name, inherited /FT), depth-first in order.
    let mut stack: Vec<(&Object, String, Option<Vec<u8>>, usize)> = fields
        .iter()
        .rev()
        .map(|f| (f, String::new(), None, 0))
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut visited = 0usize;
    while let Some((node, parent, ft, depth)) = stack.pop() {
        visited += 1;
        if visited > limits.max_source_objects {
            return Err(Error::Sign(crate::msg!(
                "verify-too-many-fields",
                limit = limits.max_source_objects
            )));
        }
        if let Object::Reference(id) = node
            && !seen.insert(*id)
        {
            continue;
        }
        let Ok(dict) = resolve(doc, node).as_dict() else {
            continue;
        };
        let name = match dict.get(b"T").ok().and_then(|t| t.as_str().ok()) {
            Some(t) if parent.is_empty() => text_string(t),
            Some(t) => format!("{parent}.{}", text_string(t)),
            None => parent.clone(),
        };
        let ft = dict
            .get(b"FT")
            .ok()
            .and_then(|o| o.as_name().ok())
            .map(<[u8]>::to_vec)
            .or(ft);
        if let Ok(kids) = dict.get(b"Kids").and_then(Object::as_array)
            && depth < 64
        {
            for kid in kids.iter().rev() {
                stack.push((kid, name.clone(), ft.clone(), depth + 1));
            }
        }
        if ft.as_deref() != Some(b"Sig") {
            continue;
        }
        if let Ok(v) = dict.get(b"V") {
            out.push((name, resolve(doc, v).as_dict().ok().cloned()));
        }
    }
    Ok(out)
}

/// An object, its reference followed (once).
fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(&Object::Null),
        _ => o,
    }
}

/// A PDF text string: UTF-16BE with a byte order mark, else PDFDocEncoding
/// (read as Latin-1, which it is for the characters of field names).
pub(crate) fn text_string(b: &[u8]) -> String {
    if let [0xFE, 0xFF, rest @ ..] = b {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                u16::from_be_bytes([
                    c.first().copied().unwrap_or(0),
                    c.get(1).copied().unwrap_or(0),
                ])
            })
            .collect();
        return String::from_utf16_lossy(&units);
    }
    b.iter().map(|&c| char::from(c)).collect()
}

/// The most signatures checked in one file: a document carries a few (the
/// signers', the agency's, time-stamps), and each one costs a hash of the
/// file and, when it does not cover all of it, a parse of its revision.
pub const MAX_SIGNATURES: usize = 100;

/// What the signatures of one file share.
struct Checker<'a> {
    pdf: &'a [u8],
    doc: &'a Document,
    /// Where each revision ends.
    ends: Vec<usize>,
    limits: &'a Limits,
    /// The objects still to be compared, all revisions together
    /// (`max_source_objects` at first).
    budget: usize,
    /// The later changes after each revision end already compared.
    changes: HashMap<usize, Vec<Change>>,
}

impl Checker<'_> {
    /// The later changes after the revision that ends at `end`.
    fn later_changes(&mut self, end: usize) -> Result<Vec<Change>> {
        if let Some(c) = self.changes.get(&end) {
            return Ok(c.clone());
        }
        let old = load(self.pdf.get(..end).unwrap_or_default(), self.limits)?;
        let changes = revisions::compare(&old, self.doc, &mut self.budget, self.limits)?;
        self.changes.insert(end, changes.clone());
        Ok(changes)
    }

    fn check(&mut self, field: &str, sig: &Dictionary) -> Result<SignatureReport> {
        let (pdf, ends) = (self.pdf, &self.ends);
        let mut problems = Vec::new();
        let sub_filter = sig
            .get(b"SubFilter")
            .ok()
            .and_then(|o| o.as_name().ok())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let time = sig
            .get(b"M")
            .ok()
            .and_then(|o| o.as_str().ok())
            .and_then(|m| pdf_date(&text_string(m)));
        let mut report = SignatureReport {
            time,
            sub_filter,
            ..unreadable(field)
        };
        report.set_problems(Vec::new());
        let contents = sig
            .get(b"Contents")
            .ok()
            .and_then(|o| o.as_str().ok())
            .unwrap_or_default();
        let range = match byte_range(pdf, sig, contents) {
            Ok(r) => r,
            Err(p) => {
                report.set_problems(vec![p]);
                return Ok(report);
            }
        };
        let [a, b, c] = range;
        let signed_end = b + c;
        report.covers = Covers {
            revision: ends
                .iter()
                .position(|&e| {
                    e == signed_end
                        || trim_end_ws(pdf.get(..e).unwrap_or_default()).len() == signed_end
                })
                .map_or(0, |i| i + 1),
            whole_file: trim_end_ws(pdf).len() <= signed_end,
        };
        if report.covers.revision == 0 {
            problems.push(crate::msg!("verify-not-revision-end", end = signed_end));
        }
        let covered = [
            pdf.get(..a).unwrap_or_default(),
            pdf.get(b..signed_end).unwrap_or_default(),
        ];
        let document_timestamp = report.sub_filter == "ETSI.RFC3161";
        let read = if document_timestamp {
            cms::read_document_timestamp(contents, &covered)
        } else {
            cms::read_cms_with(contents, &|alg| alg.digest(&covered))
        };
        match read {
            Ok(info) => {
                report.subject = info.subject;
                report.issuer = info.issuer;
                report.serial = info.serial;
                report.digest_matches = info.digest_matches;
                report.signature_valid = info.signature_valid;
                report.timestamp = info.timestamp;
                report.timestamp_valid = info.timestamp_valid;
                report.digest_algorithm = info.digest_algorithm;
                report.set_warnings(info.warning_messages);
                problems.extend(info.problem_messages);
            }
            Err(Error::Sign(e)) => problems.push(e),
            Err(e) => return Err(e),
        }
        if !report.digest_matches && report.signature_valid && !document_timestamp {
            problems.push(crate::msg!("verify-bytes-changed"));
        }
        if !report.covers.whole_file && report.covers.revision > 0 {
            report.later_changes = self.later_changes(signed_end)?;
            report.modified = report.later_changes.iter().any(|c| !c.allowed);
        }
        report.set_problems(problems);
        report.valid = report.digest_matches
            && report.signature_valid
            && !report.modified
            && report.problems.is_empty()
            && report.timestamp_valid != Some(false);
        Ok(report)
    }
}

/// The report of a field whose signature dictionary cannot be read.
fn unreadable(field: &str) -> SignatureReport {
    let mut report = SignatureReport {
        field: field.to_string(),
        subject: String::new(),
        issuer: String::new(),
        serial: String::new(),
        time: None,
        timestamp: None,
        timestamp_valid: None,
        sub_filter: String::new(),
        digest_matches: false,
        signature_valid: false,
        covers: Covers {
            revision: 0,
            whole_file: false,
        },
        later_changes: Vec::new(),
        modified: false,
        digest_algorithm: None,
        warnings: Vec::new(),
        warning_codes: Vec::new(),
        warning_messages: Vec::new(),
        problems: Vec::new(),
        problem_codes: Vec::new(),
        problem_messages: Vec::new(),
        valid: false,
    };
    report.set_problems(vec![crate::msg!("verify-field-unreadable")]);
    report
}

/// Checks `/ByteRange` `[0 a b c]` against the file and `/Contents`:
/// `(a, b, c)`, else what is wrong.
fn byte_range(
    pdf: &[u8],
    sig: &Dictionary,
    contents: &[u8],
) -> std::result::Result<[usize; 3], Msg> {
    let Ok(range) = sig.get(b"ByteRange").and_then(Object::as_array) else {
        return Err(crate::msg!("verify-no-byte-range"));
    };
    let nums: Vec<i64> = range.iter().filter_map(|o| o.as_i64().ok()).collect();
    let [start, a, b, c] = nums.as_slice() else {
        return Err(crate::msg!("verify-byte-range-not-four"));
    };
    if *start != 0 {
        return Err(crate::msg!("verify-byte-range-start"));
    }
    let to = |v: i64| usize::try_from(v).map_err(|_| crate::msg!("verify-byte-range-negative"));
    let (a, b, c) = (to(*a)?, to(*b)?, to(*c)?);
    if a >= b {
        return Err(crate::msg!("verify-byte-range-order"));
    }
    let end = b
        .checked_add(c)
        .ok_or_else(|| crate::msg!("verify-byte-range-overflow"))?;
    if end > pdf.len() {
        return Err(crate::msg!(
            "verify-byte-range-past-end",
            end = end,
            size = pdf.len()
        ));
    }
    let gap = pdf.get(a..b).unwrap_or_default();
    let hex = match gap {
        [b'<', inner @ .., b'>'] if inner.iter().all(u8::is_ascii_hexdigit) => inner,
        _ => return Err(crate::msg!("verify-byte-range-gap")),
    };
    let decoded: Vec<u8> = hex
        .chunks(2)
        .map(|p| {
            let d = |x: u8| char::from(x).to_digit(16).unwrap_or(0) as u8;
            (d(p.first().copied().unwrap_or(b'0')) << 4) | d(p.get(1).copied().unwrap_or(b'0'))
        })
        .collect();
    if decoded != contents {
        return Err(crate::msg!("verify-byte-range-contents"));
    }
    Ok([a, b, c])
}

/// A PDF date `D:YYYYMMDDHHmmSS+HH'mm'` as ISO 8601 with its offset; the
/// parts after the year are optional (PDF 32000-1, 7.9.4); no offset is
/// read as UTC.
fn pdf_date(s: &str) -> Option<String> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return None;
    }
    let part =
        |from: usize, default: &str| digits.get(from..from + 2).unwrap_or(default).to_string();
    let (year, month, day) = (digits.get(..4)?.to_string(), part(4, "01"), part(6, "01"));
    let (hour, minute, second) = (part(8, "00"), part(10, "00"), part(12, "00"));
    let rest = s.get(digits.len()..).unwrap_or_default();
    let offset = match rest.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let nums: String = rest.chars().filter(char::is_ascii_digit).collect();
            let hh = nums.get(..2).unwrap_or("00");
            let mm = nums.get(2..4).unwrap_or("00");
            format!("{sign}{hh}:{mm}")
        }
        _ => "+00:00".to_string(),
    };
    Some(format!(
        "{year}-{month}-{day}T{hour}:{minute}:{second}{offset}"
    ))
}

/// The id of a reference, for messages: `12 0`.
pub(crate) fn id_text(id: ObjectId) -> String {
    format!("{} {}", id.0, id.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_become_iso_8601() {
        assert_eq!(
            pdf_date("D:20261203144104+07'00'").as_deref(),
            Some("2026-12-03T14:41:04+07:00")
        );
        assert_eq!(
            pdf_date("D:20261203144104Z").as_deref(),
            Some("2026-12-03T14:41:04+00:00")
        );
        assert_eq!(
            pdf_date("D:2026").as_deref(),
            Some("2026-01-01T00:00:00+00:00")
        );
        assert_eq!(pdf_date("yesterday"), None);
    }

    #[test]
    fn revisions_end_at_each_eof_after_startxref() {
        let pdf =
            b"%PDF-1.7\nstream %%EOF endstream\nstartxref\n9\n%%EOF\nmore\nstartxref\n20\n%%EOF";
        let ends = revision_ends(pdf);
        assert_eq!(ends.len(), 2);
        assert_eq!(ends.last().copied(), Some(pdf.len()));
    }
}
