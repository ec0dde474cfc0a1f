//! `verify`: signatures read back. The signed PDFs are made by pyHanko (an
//! independent PAdES implementation, in the tests' venv) on rendered
//! fixtures, whose empty `Signature1…` fields it fills; the later changes
//! are made with lopdf's incremental update.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use lopdf::{IncrementalDocument, Object, Stream};
use vanban::Limits;
use vanban::sign::verify::{self, ChangeKind, Report};

use crate::sign_pki::pki;
use crate::support::{PdfBytes, fixture, python, render};

/// Signs with pyHanko's Python API: an existing field, or a new one on
/// page 1 (`box`), optionally time-stamped in process by pyHanko's own
/// `DummyTimeStamper` (a local TSA without a server).
const SIGN_PY: &str = r#"
import sys
from pyhanko.sign import signers, fields
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
inp, out, key, cert, chain, field, box, tsa = sys.argv[1:9]
signer = signers.SimpleSigner.load(key, cert, ca_chain_files=(chain,))
timestamper = None
if tsa != "-":
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    tkey, tcert = tsa.split(",")
    timestamper = DummyTimeStamper(
        tsa_cert=load_cert_from_pemder(tcert),
        tsa_key=load_private_key_from_pemder(tkey, None),
    )
spec = None
if box != "-":
    x1, y1, x2, y2 = (float(v) for v in box.split(","))
    spec = fields.SigFieldSpec(sig_field_name=field, on_page=0, box=(x1, y1, x2, y2))
meta = signers.PdfSignatureMetadata(field_name=field, subfilter=fields.SigSeedSubFilter.PADES)
with open(inp, "rb") as f:
    w = IncrementalPdfFileWriter(f)
    pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper, new_field_spec=spec)
    with open(out, "wb") as o:
        pdf_signer.sign_pdf(w, output=o)
"#;

/// Adds a document time-stamp (PAdES B-LTA's `/ETSI.RFC3161`) with
/// pyHanko's in-process TSA.
const TIMESTAMP_PY: &str = r#"
import sys
from pyhanko.sign import signers
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
inp, out, tkey, tcert = sys.argv[1:5]
ts = DummyTimeStamper(
    tsa_cert=load_cert_from_pemder(tcert), tsa_key=load_private_key_from_pemder(tkey, None)
)
with open(inp, "rb") as f:
    w = IncrementalPdfFileWriter(f)
    with open(out, "wb") as o:
        signers.PdfTimeStamper(ts).timestamp_pdf(w, "sha256", output=o)
"#;

struct Sign<'a> {
    who: &'a str,
    field: &'a str,
    new_box: Option<&'a str>,
    tsa: bool,
}

/// The test PKI's time-stamp authority (RSA, timeStamping, critical),
/// the one the loopback TSA answers with: its key and certificate.
fn tsa() -> (PathBuf, PathBuf) {
    (pki().path("tsa.key"), pki().path("tsa.pem"))
}

/// `pdf` signed by pyHanko as `s` says.
fn pyhanko_sign(pdf: &[u8], s: &Sign) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("sign.py");
    std::fs::write(&script, SIGN_PY).unwrap();
    let (inp, out) = (dir.path().join("in.pdf"), dir.path().join("out.pdf"));
    std::fs::write(&inp, pdf).unwrap();
    let p = pki();
    let tsa = if s.tsa {
        let (k, c) = tsa();
        format!("{},{}", k.display(), c.display())
    } else {
        "-".into()
    };
    let run = Command::new(python())
        .arg(&script)
        .args([&inp, &out])
        .arg(p.path(&format!("{}.key", s.who)))
        .arg(p.path(&format!("{}.pem", s.who)))
        .arg(p.path("ca.pem"))
        .args([s.field, s.new_box.unwrap_or("-"), &tsa])
        .output()
        .expect("the venv's python runs (scripts/test installs pyHanko)");
    assert!(
        run.status.success(),
        "pyHanko: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read(&out).unwrap()
}

fn unsigned() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| render(&fixture("electronic-copy.json")).pdf().to_vec())
}

/// The fixture signed in `Signature1` by the RSA signer.
fn signed_once() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| {
        pyhanko_sign(
            unsigned(),
            &Sign {
                who: "signer",
                field: "Signature1",
                new_box: None,
                tsa: false,
            },
        )
    })
}

/// Then by the agency (P-256) in a new field, as the seal.
fn signed_twice() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| {
        pyhanko_sign(
            signed_once(),
            &Sign {
                who: "agency",
                field: "Agency",
                new_box: Some("100,100,200,200"),
                tsa: false,
            },
        )
    })
}

fn report(pdf: &[u8]) -> Report {
    verify::verify(pdf).unwrap_or_else(|e| panic!("{e}"))
}

fn pdfsig_valid(pdf: &[u8]) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f.pdf");
    std::fs::write(&f, pdf).unwrap();
    let out = Command::new("pdfsig")
        .arg(&f)
        .output()
        .expect("pdfsig runs");
    let text = String::from_utf8_lossy(&out.stdout);
    text.contains("Signature is Valid") && !text.contains("Signature is Invalid")
}

#[test]
fn one_rsa_signature_is_valid_and_covers_the_whole_file() {
    needs!(Openssl, Poppler, Venv);
    let pdf = signed_once();
    assert!(pdfsig_valid(pdf), "pdfsig agrees the signature is valid");
    let r = report(pdf);
    assert_eq!(r.signatures.len(), 1);
    let s = &r.signatures[0];
    assert_eq!(s.field, "Signature1");
    assert_eq!(s.subject, "Nguyễn Văn Hùng");
    assert_eq!(s.issuer, "Vanban Test Root CA");
    assert!(!s.serial.is_empty() && s.serial.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(s.sub_filter, "ETSI.CAdES.detached");
    assert!(s.digest_matches && s.signature_valid, "{s:?}");
    assert!(s.covers.whole_file);
    // render writes revision 1, its fields revision 2; pyHanko signs in 3.
    assert_eq!(r.revisions, 3);
    assert_eq!(s.covers.revision, 3);
    let time = s.time.as_deref().expect("/M is read");
    assert!(
        time::OffsetDateTime::parse(time, &time::format_description::well_known::Rfc3339).is_ok(),
        "{time}"
    );
    assert_eq!(s.timestamp, None);
    assert!(s.later_changes.is_empty() && !s.modified && s.problems.is_empty());
    assert!(s.valid && r.valid);
}

#[test]
fn rsa_then_p256_on_a_new_field_are_both_valid_and_the_first_covers_its_revision() {
    needs!(Openssl, Poppler, Venv);
    let pdf = signed_twice();
    assert!(pdfsig_valid(pdf));
    let r = report(pdf);
    assert_eq!(r.revisions, 4);
    let [first, second] = r.signatures.as_slice() else {
        panic!("two signatures: {r:?}");
    };
    assert_eq!(
        (first.field.as_str(), second.field.as_str()),
        ("Signature1", "Agency")
    );
    assert_eq!(second.subject, "UBND Phường Lam Sơn");
    assert!(first.digest_matches && first.signature_valid);
    assert!(
        second.digest_matches && second.signature_valid,
        "P-256: {second:?}"
    );
    assert_eq!(first.covers.revision, 3);
    assert!(!first.covers.whole_file);
    assert_eq!(second.covers.revision, 4);
    assert!(second.covers.whole_file);
    // What came after the first signature is only the second: every change
    // allowed, among them the new signature, its field and the page's
    // /Annots.
    assert!(!first.modified, "{:#?}", first.later_changes);
    assert!(first.later_changes.iter().all(|c| c.allowed));
    for kind in [ChangeKind::Signature, ChangeKind::Field, ChangeKind::Annots] {
        assert!(
            first.later_changes.iter().any(|c| c.kind == kind),
            "{kind:?} in {:#?}",
            first.later_changes
        );
    }
    assert!(first.valid && second.valid && r.valid);
    // The report is JSON with snake_case names for `vanban verify --json`.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["signatures"][0]["covers"]["whole_file"], false);
    assert_eq!(json["signatures"][0]["later_changes"][0]["allowed"], true);
    assert!(json["signatures"][1]["digest_matches"].as_bool().unwrap());
}

#[test]
fn two_signers_fill_their_own_empty_fields() {
    needs!(Openssl, Venv);
    let pdf = render(&fixture("bien-ban.json")).pdf().to_vec();
    let sign = |pdf: &[u8], who, field| {
        pyhanko_sign(
            pdf,
            &Sign {
                who,
                field,
                new_box: None,
                tsa: false,
            },
        )
    };
    let one = sign(&pdf, "signer", "Signature1");
    let two = sign(&one, "agency", "Signature2");
    let r = report(&two);
    assert_eq!(r.signatures.len(), 2, "{r:#?}");
    let first = &r.signatures[0];
    assert!(!first.covers.whole_file && r.signatures[1].covers.whole_file);
    // Signature2 was an empty field: filling it is form filling.
    assert!(
        first
            .later_changes
            .iter()
            .any(|c| c.kind == ChangeKind::Field && c.allowed),
        "{:#?}",
        first.later_changes
    );
    assert!(!first.modified && r.valid, "{r:#?}");
}

/// `pdf` with one byte changed.
fn flip(pdf: &[u8], at: usize) -> Vec<u8> {
    let mut v = pdf.to_vec();
    v[at] = if v[at] == b'0' { b'1' } else { b'0' };
    v
}

/// The `/ByteRange [0 a b c]` of the last signature, read from the bytes.
fn last_byte_range(pdf: &[u8]) -> [usize; 3] {
    let text = String::from_utf8_lossy(pdf);
    let at = text.rfind("/ByteRange").unwrap();
    let rest = &text[at + "/ByteRange".len()..];
    let open = rest.find('[').unwrap();
    let close = rest.find(']').unwrap();
    let n: Vec<usize> = rest[open + 1..close]
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    [n[1], n[2], n[3]]
}

#[test]
fn a_flipped_byte_in_the_covered_range_breaks_the_digest() {
    needs!(Openssl, Poppler, Venv);
    let pdf = signed_once();
    // A byte of the first revision's first stream's data: the file still
    // reads, but it is not what was signed.
    let text = pdf.windows(7).position(|w| w == b"stream\n").unwrap() + 20;
    let bad = flip(pdf, text);
    assert!(!pdfsig_valid(&bad), "pdfsig agrees the file is broken");
    let r = report(&bad);
    let s = &r.signatures[0];
    assert!(!s.digest_matches, "{s:?}");
    assert!(
        s.signature_valid,
        "the signature over the attributes still holds"
    );
    assert!(!s.valid && !r.valid);
}

#[test]
fn a_flipped_byte_in_the_signature_value_breaks_the_signature() {
    needs!(Openssl, Venv);
    let pdf = signed_once();
    let [a, _, _] = last_byte_range(pdf);
    // /Contents is `<hex>` at a: the CMS's length from its DER header, and
    // without unsigned attributes its last element is the signature value.
    let hex = |i: usize| {
        u8::from_str_radix(
            std::str::from_utf8(&pdf[a + 1 + 2 * i..a + 3 + 2 * i]).unwrap(),
            16,
        )
        .unwrap()
    };
    assert_eq!((hex(0), hex(1)), (0x30, 0x82), "a long DER SEQUENCE");
    let len = 4 + ((hex(2) as usize) << 8 | hex(3) as usize);
    let bad = flip(pdf, a + 1 + 2 * (len - 10));
    let r = report(&bad);
    let s = &r.signatures[0];
    assert!(s.digest_matches, "the signed bytes are untouched");
    assert!(!s.signature_valid, "{s:?}");
    assert!(!s.valid && !r.valid);
}

/// `pdf` with its last `/ByteRange` rewritten in place (pyHanko pads it
/// with spaces, so no offset moves).
fn with_byte_range(pdf: &[u8], range: &str) -> Vec<u8> {
    let at = pdf.windows(10).rposition(|w| w == b"/ByteRange").unwrap() + "/ByteRange ".len();
    let old_len = pdf[at..].iter().position(|&b| b == b']').unwrap() + 1;
    let pad = pdf[at + old_len..]
        .iter()
        .take_while(|&&b| b == b' ')
        .count();
    assert!(range.len() <= old_len + pad, "room for {range}");
    let mut v = pdf.to_vec();
    let new = format!("{range:<width$}", width = old_len + pad);
    v[at..at + old_len + pad].copy_from_slice(new.as_bytes());
    v
}

#[test]
fn a_byte_range_that_does_not_fit_the_file_is_a_problem() {
    needs!(Openssl, Venv);
    let pdf = signed_once();
    let [a, b, c] = last_byte_range(pdf);
    let cases = [
        (format!("[1 {a} {b} {c}]"), "does not start at 0"),
        (
            format!("[0 {} {b} {c}]", a - 2),
            "not exactly the <hex> of /Contents",
        ),
        (
            format!("[0 {a} {} {}]", b + 2, c - 2),
            "not exactly the <hex> of /Contents",
        ),
        (format!("[0 {b} {a} {c}]"), "does not start after the first"),
        (
            format!("[0 {a} {b} {}]", c + 10),
            "past the end of the file",
        ),
        (
            format!("[0 {a} {b} {}]", c - 10),
            "not the end of a revision",
        ),
        (format!("[0 {a} {b}]"), "not four integers"),
    ];
    for (range, problem) in cases {
        let r = report(&with_byte_range(pdf, &range));
        let s = &r.signatures[0];
        assert!(
            s.problems.iter().any(|p| p.contains(problem)),
            "{range}: {problem} in {:?}",
            s.problems
        );
        assert!(!s.valid && !r.valid, "{range}");
    }
}

/// Appends a revision to `pdf` that `edit` makes.
fn append_revision(pdf: &[u8], edit: impl FnOnce(&mut IncrementalDocument)) -> Vec<u8> {
    let prev = lopdf::Document::load_mem(pdf).unwrap();
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), prev);
    edit(&mut inc);
    let mut out = Vec::new();
    inc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_later_change_of_page_content_is_reported_with_its_object() {
    needs!(Openssl, Venv);
    let pdf = signed_once();
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let content = match doc.get_dictionary(page).unwrap().get(b"Contents").unwrap() {
        Object::Reference(id) => *id,
        Object::Array(a) => a[0].as_reference().unwrap(),
        other => panic!("{other:?}"),
    };
    let changed = append_revision(pdf, |inc| {
        inc.new_document.objects.insert(
            content,
            Object::Stream(Stream::new(
                lopdf::Dictionary::new(),
                b"BT /F1 12 Tf (forged) Tj ET".to_vec(),
            )),
        );
    });
    let r = report(&changed);
    let s = &r.signatures[0];
    assert!(
        s.digest_matches && s.signature_valid,
        "the signed revision is intact"
    );
    assert_eq!(s.covers.revision, 3);
    assert!(!s.covers.whole_file);
    assert!(s.modified && !s.valid && !r.valid);
    let bad: Vec<_> = s.later_changes.iter().filter(|c| !c.allowed).collect();
    let [c] = bad.as_slice() else {
        panic!("one change not allowed: {bad:#?}");
    };
    assert_eq!(c.object, format!("{} {}", content.0, content.1));
    assert_eq!(c.kind, ChangeKind::Other);
    assert!(
        c.detail.contains("content stream of page 1"),
        "{}",
        c.detail
    );
}

#[test]
fn a_later_change_of_the_document_information_is_reported() {
    needs!(Openssl, Venv);
    let pdf = signed_once();
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let changed = append_revision(pdf, |inc| {
        inc.opt_clone_object_to_new_document(info).unwrap();
        let d = inc
            .new_document
            .get_object_mut(info)
            .unwrap()
            .as_dict_mut()
            .unwrap();
        d.set("Title", Object::string_literal("Another title"));
    });
    let s = &report(&changed).signatures[0];
    assert!(s.modified && !s.valid);
    let c = s.later_changes.iter().find(|c| !c.allowed).unwrap();
    assert_eq!(c.object, format!("{} {}", info.0, info.1));
    assert!(
        c.detail.contains("/Info") && c.detail.contains("/Title"),
        "{}",
        c.detail
    );
}

/// The page 1 of `pdf` and its annotations.
fn page_one(pdf: &[u8]) -> (lopdf::ObjectId, Vec<Object>) {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let annots = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"Annots")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    (page, annots)
}

fn set_annots(inc: &mut IncrementalDocument, page: lopdf::ObjectId, annots: Vec<Object>) {
    inc.opt_clone_object_to_new_document(page).unwrap();
    let d = inc
        .new_document
        .get_object_mut(page)
        .unwrap()
        .as_dict_mut()
        .unwrap();
    d.set("Annots", Object::Array(annots));
}

/// Whether pyHanko's difference analysis accepts every signature of `pdf`.
fn pyhanko_accepts(pdf: &[u8]) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f.pdf");
    std::fs::write(&f, pdf).unwrap();
    Command::new(python())
        .args(["-m", "pyhanko", "sign", "validate", "--trust"])
        .arg(pki().path("ca.pem"))
        .arg(&f)
        .output()
        .expect("pyHanko runs")
        .status
        .success()
}

#[test]
fn a_new_annotation_or_a_removed_one_is_a_modification_as_pyhanko_judges() {
    needs!(Openssl, Venv);
    let pdf = signed_once();
    let (page, annots) = page_one(pdf);
    let added = append_revision(pdf, |inc| {
        let note = inc.new_document.add_object(lopdf::Dictionary::from_iter([
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Text".to_vec())),
            (
                "Rect",
                Object::Array(vec![0.into(), 0.into(), 10.into(), 10.into()]),
            ),
            (
                "Contents",
                Object::string_literal("a note added after signing"),
            ),
        ]));
        let mut more = annots.clone();
        more.push(Object::Reference(note));
        set_annots(inc, page, more);
    });
    let removed = append_revision(pdf, |inc| set_annots(inc, page, Vec::new()));
    let s = &report(&added).signatures[0];
    assert!(s.modified && !s.valid);
    // The page's /Annots grew (allowed), but by an annotation that is not a
    // signature.
    let bad: Vec<_> = s.later_changes.iter().filter(|c| !c.allowed).collect();
    assert_eq!(bad.len(), 1, "{bad:#?}");
    assert!(bad[0].detail.contains("added"), "{}", bad[0].detail);
    let s = &report(&removed).signatures[0];
    assert!(s.modified && !s.valid);
    let bad: Vec<_> = s.later_changes.iter().filter(|c| !c.allowed).collect();
    assert_eq!(bad.len(), 1, "{bad:#?}");
    assert_eq!(bad[0].object, format!("{} {}", page.0, page.1));
    assert!(bad[0].detail.contains("page 1") && bad[0].detail.contains("/Annots"));
    // pyHanko, which knows nothing of this code, judges the same files
    // (and the two signatures of the agency's seal) alike.
    for (name, pdf) in [
        ("added", &added[..]),
        ("removed", &removed[..]),
        ("twice", signed_twice()),
    ] {
        assert_eq!(report(pdf).valid, pyhanko_accepts(pdf), "{name}");
    }
}

#[test]
fn a_timestamped_signature_reads_its_gen_time() {
    needs!(Openssl, Venv);
    let pdf = pyhanko_sign(
        unsigned(),
        &Sign {
            who: "signer",
            field: "Signature1",
            new_box: None,
            tsa: true,
        },
    );
    let r = report(&pdf);
    let s = &r.signatures[0];
    let gen_time = s.timestamp.as_deref().expect("the token's genTime");
    assert!(
        time::OffsetDateTime::parse(gen_time, &time::format_description::well_known::Rfc3339)
            .is_ok(),
        "{gen_time}"
    );
    assert_eq!(s.timestamp_valid, Some(true), "{s:?}");
    assert!(s.valid, "{s:?}");
}

#[test]
fn a_document_timestamp_after_a_signature_is_read_and_checked() {
    needs!(Openssl, Venv);
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("ts.py");
    std::fs::write(&script, TIMESTAMP_PY).unwrap();
    let (inp, out) = (dir.path().join("in.pdf"), dir.path().join("out.pdf"));
    std::fs::write(&inp, signed_once()).unwrap();
    let (key, cert) = tsa();
    let run = Command::new(python())
        .arg(&script)
        .args([&inp, &out, &key, &cert])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pdf = std::fs::read(&out).unwrap();
    let r = report(&pdf);
    let [signature, stamp] = r.signatures.as_slice() else {
        panic!("a signature and a time-stamp: {r:#?}");
    };
    assert!(!signature.modified && signature.valid, "{signature:#?}");
    assert_eq!(stamp.sub_filter, "ETSI.RFC3161");
    assert_eq!(stamp.subject, "Vanban Test TSA");
    assert!(stamp.digest_matches && stamp.signature_valid && stamp.covers.whole_file);
    assert!(stamp.timestamp.is_some() && stamp.timestamp_valid == Some(true));
    assert!(r.valid);
    // A byte of the last revision changed: the imprint no longer matches.
    let [_, b, _] = last_byte_range(&pdf);
    let bad = flip(&pdf, b + 5);
    let stamp = &report(&bad).signatures[1];
    assert!(!stamp.digest_matches && !stamp.valid, "{stamp:#?}");
}

#[test]
fn an_unsigned_pdf_has_no_signature_and_is_not_valid() {
    let r = report(unsigned());
    assert!(r.signatures.is_empty());
    assert_eq!(r.revisions, 2);
    assert!(!r.valid);
}

#[test]
fn garbage_truncated_and_encrypted_files_are_errors_not_panics() {
    needs!(Openssl, Qpdf, Venv);
    for garbage in [
        &b""[..],
        b"hello",
        b"%PDF-1.7\n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
    ] {
        let e = verify::verify(garbage).expect_err("garbage is refused");
        assert!(matches!(e, vanban::Error::Sign(_)), "{e:?}");
    }
    let pdf = signed_once();
    // Cut anywhere: an error, or at least no valid signature; never a panic.
    for cut in [pdf.len() / 2, pdf.len() - 1000, pdf.len() - 20, 100] {
        match verify::verify(&pdf[..cut]) {
            Ok(r) => assert!(!r.valid, "cut at {cut}: {r:#?}"),
            Err(e) => assert!(matches!(e, vanban::Error::Sign(_))),
        }
    }
    assert!(
        verify::verify(&pdf[..pdf.len() / 2]).is_err(),
        "half a file is an error"
    );
    let dir = tempfile::tempdir().unwrap();
    let (inp, out) = (dir.path().join("in.pdf"), dir.path().join("enc.pdf"));
    std::fs::write(&inp, pdf).unwrap();
    let run = Command::new("qpdf")
        .args(["--encrypt", "", "owner", "256", "--"])
        .args([&inp, &out])
        .output()
        .expect("qpdf runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let e = verify::verify(&std::fs::read(&out).unwrap()).expect_err("encrypted");
    assert!(e.to_string().contains("encrypted"), "{e}");
}

#[test]
fn the_objects_compared_are_bounded() {
    needs!(Openssl, Venv);
    let pdf = signed_twice();
    let objects = lopdf::Document::load_mem(pdf).unwrap().objects.len();
    let limited = |n: usize| {
        let mut limits = Limits::default();
        limits.set("max_source_objects", &n.to_string()).unwrap();
        verify::verify_with(pdf, &limits)
    };
    // Enough to read the file, not to compare it with the first signature's
    // revision as well.
    let e = limited(objects).expect_err("over the limit");
    assert!(e.to_string().contains("comparing the revisions"), "{e}");
    assert!(e.to_string().contains("max_source_objects"), "{e}");
    let e = limited(objects / 2).expect_err("over the limit");
    assert!(e.to_string().contains("max_source_objects"), "{e}");
    // The values inside the objects count too (the walk for references).
    assert!(limited(100 * objects).unwrap().valid);
}

/// The covered bytes of the last signature of `pdf`, and its CMS.
fn covered_and_cms(pdf: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let [a, b, c] = last_byte_range(pdf);
    let mut covered = pdf[..a].to_vec();
    covered.extend_from_slice(&pdf[b..b + c]);
    let hex = std::str::from_utf8(&pdf[a + 1..b - 1]).unwrap();
    let cms = (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    (covered, cms)
}

#[test]
fn check_cms_takes_pyhankos_cms_and_refuses_another_digest() {
    needs!(Openssl, Venv);
    use sha2::Digest;
    for pdf in [signed_once(), signed_twice()] {
        let (covered, cms) = covered_and_cms(pdf);
        let digest: [u8; 32] = sha2::Sha256::digest(&covered).into();
        // The zero padding after the DER is ignored.
        let info = verify::check_cms(&cms, &digest).unwrap_or_else(|e| panic!("{e}"));
        assert!(info.digest_matches && info.signature_valid);
        let mut other = digest;
        other[0] ^= 1;
        let e = verify::check_cms(&cms, &other).expect_err("another digest");
        assert!(e.to_string().contains("messageDigest"), "{e}");
        let cut = &cms[..cms.len() / 3];
        assert!(verify::check_cms(cut, &digest).is_err());
    }
}

fn openssl_sign(key: &Path, message: &[u8]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m");
    std::fs::write(&m, message).unwrap();
    let out = Command::new("openssl")
        .args(["dgst", "-sha256", "-sign"])
        .arg(key)
        .arg(&m)
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
}

#[test]
fn raw_signatures_of_rsa_and_p256_keys_verify() {
    needs!(Openssl);
    let p = pki();
    for who in ["signer", "agency"] {
        let pem = std::fs::read(p.path(&format!("{who}.pem"))).unwrap();
        let cert = <x509_cert::Certificate as der::DecodePem>::from_pem(&pem).unwrap();
        let message = "the signed attributes, in Vietnamese: chữ ký số".as_bytes();
        let sig = openssl_sign(&p.path(&format!("{who}.key")), message);
        assert_eq!(
            verify::check_raw_signature(&cert, message, &sig).ok(),
            Some(true),
            "{who}"
        );
        let mut wrong = message.to_vec();
        wrong[0] ^= 1;
        assert_eq!(
            verify::check_raw_signature(&cert, &wrong, &sig).ok(),
            Some(false),
            "{who}"
        );
        assert_eq!(
            verify::check_raw_signature(&cert, message, &sig[..10]).ok(),
            Some(false)
        );
    }
}

/// The `/ByteRange` gaps of every signature of `pdf`.
fn gaps(pdf: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = pdf[from..].windows(10).position(|w| w == b"/ByteRange") {
        let [a, b, _] = last_byte_range(&pdf[..from + at + 200.min(pdf.len() - from - at)]);
        out.push(a..b);
        from += at + 10;
    }
    out
}

#[test]
fn no_changed_byte_outside_the_signature_values_leaves_the_file_valid() {
    needs!(Openssl, Venv);
    let pdf = signed_twice();
    let gaps = gaps(pdf);
    assert_eq!(gaps.len(), 2);
    let mut checked = 0;
    for at in (0..pdf.len()).step_by(661) {
        if gaps.iter().any(|g| g.contains(&at)) {
            continue;
        }
        for v in [b'0', b' ', 0xff, b'<'] {
            if pdf[at] == v {
                continue;
            }
            let mut m = pdf.to_vec();
            m[at] = v;
            // An error or an invalid report; never a panic, never valid.
            if let Ok(r) = verify::verify(&m) {
                assert!(!r.valid, "byte {at} set to {v}: {r:#?}");
            }
            checked += 1;
        }
    }
    assert!(checked > 250, "{checked}");
}

#[test]
fn a_signature_dictionary_that_cannot_be_read_is_reported_not_skipped() {
    needs!(Openssl, Venv);
    let pdf = signed_twice();
    let [a, _, _] = last_byte_range(pdf);
    let mut broken = pdf.to_vec();
    broken[a + 10] = 0xff;
    let r = report(&broken);
    assert_eq!(r.signatures.len(), 2, "{r:#?}");
    let second = &r.signatures[1];
    assert_eq!(second.field, "Agency");
    assert!(!second.valid);
    assert!(
        second
            .problems
            .iter()
            .any(|p| p.contains("not a readable signature dictionary"))
    );
    // The first signature sees an object it cannot read after it.
    let first = &r.signatures[0];
    assert!(
        first
            .later_changes
            .iter()
            .any(|c| !c.allowed && c.detail.contains("cannot be read"))
    );
    assert!(first.modified && !r.valid);
}

#[test]
fn check_cms_takes_openssls_detached_cms_for_rsa_and_p256() {
    needs!(Openssl);
    use sha2::Digest;
    let content = "the bytes a ByteRange covers: văn bản".as_bytes();
    let digest: [u8; 32] = sha2::Sha256::digest(content).into();
    // OpenSSL writes `rsaEncryption` as the RSA signature algorithm (pyHanko
    // `sha256WithRSAEncryption`), and a signingTime and smimeCapabilities
    // among the signed attributes.
    for who in ["signer", "agency"] {
        let mut cms = openssl_cms(who, "sha256", content);
        cms.extend_from_slice(&[0; 64]);
        let info = verify::check_cms(&cms, &digest).unwrap_or_else(|e| panic!("{who}: {e}"));
        assert!(info.subject == "Nguyễn Văn Hùng" || info.subject == "UBND Phường Lam Sơn");
        assert!(info.timestamp.is_none());
        let other: [u8; 32] = sha2::Sha256::digest(b"other bytes").into();
        assert!(verify::check_cms(&cms, &other).is_err(), "{who}");
    }
}

/// A detached CMS of `content` by `who`, made by `openssl cms` with `md`.
fn openssl_cms(who: &str, md: &str, content: &[u8]) -> Vec<u8> {
    let p = pki();
    let dir = tempfile::tempdir().unwrap();
    let (data, out) = (dir.path().join("data"), dir.path().join("out.p7s"));
    std::fs::write(&data, content).unwrap();
    let run = Command::new("openssl")
        .args([
            "cms", "-sign", "-binary", "-md", md, "-outform", "DER", "-in",
        ])
        .arg(&data)
        .arg("-signer")
        .arg(p.path(&format!("{who}.pem")))
        .arg("-inkey")
        .arg(p.path(&format!("{who}.key")))
        .arg("-out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read(&out).unwrap()
}

#[test]
fn sha1_signatures_as_the_government_ca_tools_make_them_are_checked_with_a_warning() {
    needs!(Openssl);
    use verify::DigestAlgorithm;
    let content = "một văn bản ký bằng SHA-1".as_bytes();
    for who in ["signer", "agency"] {
        let cms = openssl_cms(who, "sha1", content);
        let info = verify::read_cms_with(&cms, &|alg| alg.digest(&[content])).unwrap();
        assert_eq!(info.digest_algorithm, Some(DigestAlgorithm::Sha1));
        assert!(
            info.digest_matches && info.signature_valid,
            "{who}: {info:?}"
        );
        assert!(info.warnings.iter().any(|w| w.contains("SHA-1")));
        let other = verify::read_cms_with(&cms, &|alg| alg.digest(&[b"other"])).unwrap();
        assert!(!other.digest_matches);
        // The SHA-256 API refuses it: the digest given is not its kind.
        use sha2::Digest;
        let sha256: [u8; 32] = sha2::Sha256::digest(content).into();
        assert!(verify::check_cms(&cms, &sha256).is_err());
        // And SHA-256 ones carry no warning.
        let cms = openssl_cms(who, "sha256", content);
        let info = verify::read_cms_with(&cms, &|alg| alg.digest(&[content])).unwrap();
        assert_eq!(info.digest_algorithm, Some(DigestAlgorithm::Sha256));
        assert!(info.digest_matches && info.signature_valid && info.warnings.is_empty());
    }
}
