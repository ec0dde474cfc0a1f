//! Issue 16, the PDF side of signing: `prepare` / `read_prepared` / `finish`
//! by role (signer, agency, attachment), judged by poppler's `pdfsig`,
//! pyHanko and veraPDF, with CAdES signatures made by `openssl cms` over the
//! bytes `prepare` says are covered (the project's own CMS builder is not
//! used here, so a fault there cannot hide one here).

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use lopdf::{Document, Object, ObjectId};
use vanban::error::Error;
use vanban::sign::pdf::{Prepared, finish, prepare, read_prepared};
use vanban::sign::{DEFAULT_RESERVE, MAX_RESERVE, Role, SignOptions};

use crate::sign_pki::pki;
use crate::support::*;

/// 24 January 2025, 20:01:14 in Việt Nam.
fn when() -> time::OffsetDateTime {
    time::macros::datetime!(2025-01-24 13:01:14 UTC)
}

fn options(role: Role) -> SignOptions {
    SignOptions {
        role,
        time: when(),
        reason: Some("Phê duyệt".into()),
        location: Some("Lam Sơn".into()),
        reserve: DEFAULT_RESERVE,
    }
}

fn image(name: &str) -> Vec<u8> {
    std::fs::read(root().join("fixtures/images").join(name)).unwrap()
}

fn signer_role() -> Role {
    Role::Signer {
        field: None,
        image: Some(image("signature.png")),
    }
}

fn agency_role() -> Role {
    Role::Agency {
        seal: image("seal.png"),
        seal_mm: None,
        name: "UBND Phường Lam Sơn".into(),
        over: None,
    }
}

fn attachment_role() -> Role {
    Role::Attachment {
        name: "UBND Phường Lam Sơn".into(),
        lines: vec!["ubndlamson@thanhhoa.gov.vn".into()],
    }
}

/// The bytes a prepared PDF's signature covers.
fn covered(p: &Prepared) -> Vec<u8> {
    let [s, a, b, c] = p.byte_range;
    let mut v = p.pdf[s..a].to_vec();
    v.extend_from_slice(&p.pdf[b..b + c]);
    v
}

/// A CAdES detached signature (signed attributes with signing-certificate-v2)
/// of `data` by `who` (`signer` or `agency` of the test PKI).
fn cades(data: &[u8], who: &str) -> Vec<u8> {
    let pki = pki();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("covered.bin");
    let output = dir.path().join("sig.der");
    std::fs::write(&input, data).unwrap();
    let out = Command::new("openssl")
        .args([
            "cms", "-sign", "-binary", "-md", "sha256", "-outform", "DER",
        ])
        .args(["-nosmimecap", "-cades", "-signer"])
        .arg(pki.path(&format!("{who}.pem")))
        .arg("-inkey")
        .arg(pki.path(&format!("{who}.key")))
        .arg("-certfile")
        .arg(pki.path("ca.pem"))
        .arg("-in")
        .arg(&input)
        .arg("-out")
        .arg(&output)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(output).unwrap()
}

/// `pdf` signed once more, as `role`, by `who`.
fn sign(pdf: &[u8], role: Role, who: &str) -> Vec<u8> {
    let p = prepare(pdf, &options(role)).unwrap_or_else(|e| panic!("{e}"));
    let cms = cades(&covered(&p), who);
    let out = finish(&p.pdf, &cms).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.len(), p.pdf.len());
    out
}

/// The seed report signed by its signer, then by the agency.
fn signed() -> &'static (Vec<u8>, Vec<u8>) {
    static S: OnceLock<(Vec<u8>, Vec<u8>)> = OnceLock::new();
    S.get_or_init(|| {
        let one = sign(seed().pdf(), signer_role(), "signer");
        let two = sign(&one, agency_role(), "agency");
        (one, two)
    })
}

fn attached() -> &'static Vec<u8> {
    static S: OnceLock<Vec<u8>> = OnceLock::new();
    S.get_or_init(|| sign(seed().pdf(), attachment_role(), "agency"))
}

/// `pdfsig`'s report, one block per signature (unsigned fields left out).
fn pdfsig(pdf: &[u8]) -> Vec<String> {
    let (_dir, path) = temp_pdf(pdf);
    let out = Command::new("pdfsig")
        .arg(&path)
        .output()
        .expect("pdfsig runs (scripts/test installs poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.split("Signature #")
        .skip(1)
        .filter(|s| !s.contains("is not signed"))
        .map(str::to_string)
        .collect()
}

const PYHANKO: &str = r#"
import json, sys
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.keys import load_cert_from_pemder
from pyhanko_certvalidator import ValidationContext
vc = ValidationContext(trust_roots=[load_cert_from_pemder(sys.argv[1])])
with open(sys.argv[2], 'rb') as f:
    r = PdfFileReader(f)
    for s in r.embedded_signatures:
        st = validate_pdf_signature(s, vc)
        print(json.dumps({"field": s.field_name, "intact": st.intact, "valid": st.valid,
            "trusted": st.trusted, "coverage": st.coverage.name,
            "modification": st.modification_level.name if st.modification_level else None,
            "subfilter": str(s.sig_object['/SubFilter'])}))
"#;

/// pyHanko's verdict on each signature, trusting the test CA.
fn pyhanko(pdf: &[u8]) -> Vec<serde_json::Value> {
    let (_dir, path) = temp_pdf(pdf);
    let out = Command::new(python())
        .arg("-c")
        .arg(PYHANKO)
        .arg(pki().path("ca.pem"))
        .arg(&path)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn assert_pdfsig_valid(pdf: &[u8], count: usize) {
    let sigs = pdfsig(pdf);
    assert_eq!(sigs.len(), count, "{sigs:#?}");
    for s in &sigs {
        assert!(
            s.contains("Signature Validation: Signature is Valid."),
            "{s}"
        );
    }
    let last = sigs.last().unwrap();
    assert!(
        last.contains("The signature form field is signed by the whole document")
            || last.contains("Total document signed"),
        "the last signature covers the whole file: {last}"
    );
}

fn assert_pyhanko_valid(pdf: &[u8], fields: &[&str]) {
    let v = pyhanko(pdf);
    let names: Vec<&str> = v.iter().map(|s| s["field"].as_str().unwrap()).collect();
    assert_eq!(names, fields, "{v:#?}");
    for (i, s) in v.iter().enumerate() {
        assert_eq!(s["intact"], true, "{s}");
        assert_eq!(s["valid"], true, "{s}");
        assert_eq!(s["trusted"], true, "{s}");
        assert_eq!(s["subfilter"], "/ETSI.CAdES.detached", "{s}");
        if i + 1 == v.len() {
            assert_eq!(s["coverage"], "ENTIRE_FILE", "{s}");
        } else {
            // What came after an earlier signature is only signing.
            assert_eq!(s["coverage"], "ENTIRE_REVISION", "{s}");
            assert_eq!(s["modification"], "FORM_FILLING", "{s}");
        }
    }
}

/// Every `(field name, widget id)` on page `page` in `/Annots` order.
fn widgets(doc: &Document, page: usize) -> Vec<(String, ObjectId)> {
    let page_id = *doc.get_pages().values().nth(page).unwrap();
    let annots = doc.get_dictionary(page_id).unwrap().get(b"Annots").unwrap();
    let annots = match annots {
        Object::Reference(id) => doc.get_object(*id).unwrap().as_array().unwrap(),
        a => a.as_array().unwrap(),
    };
    annots
        .iter()
        .map(|o| {
            let id = o.as_reference().unwrap();
            let d = doc.get_dictionary(id).unwrap();
            let name = match d.get(b"T") {
                Ok(Object::String(s, _)) => String::from_utf8_lossy(s).to_string(),
                _ => String::new(),
            };
            (name, id)
        })
        .collect()
}

fn rect(doc: &Document, id: ObjectId) -> [f32; 4] {
    let a = doc
        .get_dictionary(id)
        .unwrap()
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap();
    let v: Vec<f32> = a.iter().map(|n| n.as_float().unwrap()).collect();
    [v[0], v[1], v[2], v[3]]
}

/// The widget's `/AP /N` stream: its dictionary and decoded content.
fn appearance(doc: &Document, widget: ObjectId) -> (lopdf::Dictionary, String) {
    let ap = doc
        .get_dictionary(widget)
        .unwrap()
        .get(b"AP")
        .unwrap()
        .as_dict()
        .unwrap()
        .get(b"N")
        .unwrap()
        .as_reference()
        .unwrap();
    let s = doc.get_object(ap).unwrap().as_stream().unwrap();
    assert_eq!(
        s.dict.get(b"Filter").unwrap().as_name().unwrap(),
        b"FlateDecode",
        "appearance streams are compressed"
    );
    let content = String::from_utf8(s.decompressed_content().unwrap()).unwrap();
    (s.dict.clone(), content)
}

/// The `[x, y, w, h]` of the image an appearance draws (`w 0 0 h x y cm`).
fn drawn_box(content: &str) -> [f32; 4] {
    let t: Vec<&str> = content.split_whitespace().collect();
    let cm = t.iter().position(|x| *x == "cm").unwrap();
    let n: Vec<f32> = t[cm - 6..cm].iter().map(|x| x.parse().unwrap()).collect();
    [n[4], n[5], n[0], n[3]]
}

#[test]
fn the_signer_then_the_agency_are_valid_for_pdfsig_and_pyhanko() {
    needs!(Openssl, Poppler, Venv);
    let (one, two) = signed();
    assert!(one.starts_with(seed().pdf()), "the rendered bytes are kept");
    assert!(two.starts_with(one), "the first signature's bytes are kept");
    assert_pdfsig_valid(one, 1);
    assert_pdfsig_valid(two, 2);
    assert_pyhanko_valid(two, &["Signature1", "Seal1"]);
}

#[test]
fn a_third_signature_keeps_the_first_two_valid() {
    needs!(Openssl, Poppler, Venv);
    let three = three();
    assert_pdfsig_valid(three, 3);
    assert_pyhanko_valid(three, &["Signature1", "Seal1", "Seal2"]);
}

/// [`signed`]'s second file with a third signature, a 30 mm seal.
fn three() -> &'static Vec<u8> {
    static S: OnceLock<Vec<u8>> = OnceLock::new();
    S.get_or_init(|| {
        sign(
            &signed().1,
            Role::Agency {
                seal: image("seal.png"),
                seal_mm: Some(30.0),
                name: "Văn thư".into(),
                over: Some("Signature1".into()),
            },
            "agency",
        )
    })
}

#[test]
fn a_long_attachment_line_is_set_smaller_to_stay_in_the_corner() {
    needs!(Openssl);
    let long = "Ủy ban nhân dân phường Lam Sơn, thị xã Bỉm Sơn, tỉnh Thanh Hóa, Việt Nam";
    let pdf = sign(
        seed().pdf(),
        Role::Attachment {
            name: long.into(),
            lines: vec![],
        },
        "agency",
    );
    let doc = Document::load_mem(&pdf).unwrap();
    let (_, id) = widgets(&doc, 0)
        .into_iter()
        .find(|(n, _)| n == "Attachment1")
        .unwrap();
    let [x1, _, x2, _] = rect(&doc, id);
    let half_text = (210.0 - 30.0 - 15.0) * MM / 2.0;
    assert!(close(x2 - x1, half_text, 0.5), "{} {half_text}", x2 - x1);
}

#[test]
fn the_attachment_signature_is_valid_and_at_the_top_right_of_page_1() {
    needs!(Openssl, Poppler, Venv);
    let pdf = attached();
    assert_pdfsig_valid(pdf, 1);
    assert_pyhanko_valid(pdf, &["Attachment1"]);
    let doc = Document::load_mem(pdf).unwrap();
    let w = widgets(&doc, 0);
    let (_, id) = w.iter().find(|(n, _)| n == "Attachment1").unwrap();
    let [x1, y1, x2, y2] = rect(&doc, *id);
    let page_w = 210.0 * MM;
    let page_h = 297.0 * MM;
    // Right-aligned on the text's right edge (15 mm margin), in the top
    // margin (20 mm), the left half of the page free.
    assert!(close(x2, page_w - 15.0 * MM, 0.5), "{x2}");
    assert!(x1 > page_w / 2.0, "{x1}");
    assert!(y2 <= page_h && y1 >= page_h - 20.0 * MM, "{y1} {y2}");
    let (dict, content) = appearance(&doc, *id);
    assert!(
        content.contains(" c\n") && content.ends_with("f\n"),
        "outlines"
    );
    assert!(!content.contains("Tf"), "no font is used");
    let res = dict.get(b"Resources").unwrap().as_dict().unwrap();
    assert!(!res.has(b"Font"));
    // The block shows three lines, the last the time in Việt Nam time.
    let text = poppler("pdftotext", &["-f", "1", "-l", "1"], pdf);
    assert!(!text.contains("24.01.2025"), "outlines are no text");
    let bbox: Vec<f32> = dict
        .get(b"BBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_float().unwrap())
        .collect();
    assert!(close(bbox[3], y2 - y1, 0.05), "{bbox:?}");
    assert!(
        bbox[3] > 3.0 * 10.0 && bbox[3] < 4.0 * 12.0,
        "three lines: {bbox:?}"
    );
}

#[test]
fn the_seal_sits_over_the_left_third_of_the_signature_and_paints_above_it() {
    needs!(Openssl);
    let (_, two) = signed();
    let doc = Document::load_mem(two).unwrap();
    let fields: Vec<(String, ObjectId)> = (0..doc.get_pages().len())
        .flat_map(|p| {
            let d = &doc;
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| widgets(d, p)))
                .unwrap_or_default()
        })
        .collect();
    let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
    let sig_at = names.iter().position(|n| *n == "Signature1").unwrap();
    let seal_at = names.iter().position(|n| *n == "Seal1").unwrap();
    assert!(seal_at > sig_at, "the seal's widget comes after: {names:?}");
    let (_, sig_id) = &fields[sig_at];
    let (_, seal_id) = &fields[seal_at];
    // The signer's appearance holds the image, with its alpha as /SMask.
    let (dict, content) = appearance(&doc, *sig_id);
    let xobjects = dict
        .get(b"Resources")
        .unwrap()
        .as_dict()
        .unwrap()
        .get(b"XObject")
        .unwrap()
        .as_dict()
        .unwrap();
    let (_, im) = xobjects.iter().next().unwrap();
    let im = doc
        .get_object(im.as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap();
    assert_eq!(
        im.dict.get(b"Subtype").unwrap().as_name().unwrap(),
        b"Image"
    );
    assert_eq!(
        im.dict.get(b"BitsPerComponent").unwrap().as_i64().unwrap(),
        8
    );
    assert!(im.dict.has(b"SMask"), "the transparency is kept");
    assert_eq!(
        im.dict.get(b"Filter").unwrap().as_name().unwrap(),
        b"FlateDecode"
    );
    let sig_rect = rect(&doc, *sig_id);
    let [bx, by, bw, bh] = drawn_box(&content);
    // Fitted and centred as the page would place it: the whole height or
    // 80 % of the width, centred.
    let (w, h) = (sig_rect[2] - sig_rect[0], sig_rect[3] - sig_rect[1]);
    assert!(
        close(bw, 0.8 * w, 0.05) || close(bh, h, 0.05),
        "{bw}×{bh} in {w}×{h}"
    );
    assert!(close(bx + bw / 2.0, w / 2.0, 0.05) && close(by + bh / 2.0, h / 2.0, 0.05));
    let left = sig_rect[0] + bx;
    let centre = sig_rect[1] + by + bh / 2.0;
    let [x1, y1, x2, y2] = rect(&doc, *seal_id);
    assert!(
        close(x2, left + bw / 3.0, 0.5),
        "seal right {x2}, image {left}+{bw}/3"
    );
    assert!(close((y1 + y2) / 2.0, centre, 0.5), "same vertical centre");
    assert!(
        close(x2 - x1, 36.0 * MM, 0.2 * MM),
        "36 mm: {}",
        (x2 - x1) / MM
    );
    let (_, seal_content) = appearance(&doc, *seal_id);
    assert!(seal_content.contains("/Im0 Do"));
    // The AcroForm lists the seal and says signatures exist, append only.
    let catalog = doc.catalog().unwrap();
    let form = match catalog.get(b"AcroForm").unwrap() {
        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        o => o.as_dict().unwrap(),
    };
    assert_eq!(form.get(b"SigFlags").unwrap().as_i64().unwrap(), 3);
    let listed: Vec<ObjectId> = form
        .get(b"Fields")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_reference().unwrap())
        .collect();
    assert!(listed.contains(seal_id) && listed.contains(sig_id));
    // The signature dictionaries: PAdES, Việt Nam time.
    let v = doc
        .get_dictionary(*seal_id)
        .unwrap()
        .get(b"V")
        .unwrap()
        .as_reference()
        .unwrap();
    let v = doc.get_dictionary(v).unwrap();
    assert_eq!(
        v.get(b"SubFilter").unwrap().as_name().unwrap(),
        b"ETSI.CAdES.detached"
    );
    assert_eq!(
        v.get(b"Filter").unwrap().as_name().unwrap(),
        b"Adobe.PPKLite"
    );
    let Object::String(m, _) = v.get(b"M").unwrap() else {
        panic!()
    };
    assert_eq!(m, b"D:20250124200114+07'00'");
    assert!(
        !v.has(b"Perms") && !catalog.has(b"Perms"),
        "approval signatures only"
    );
}

#[test]
fn signed_files_still_pass_verapdf_2a_and_the_signers_ua_1() {
    needs!(Java, Openssl, Venv);
    let (one, two) = signed();
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = [
        ("one", one),
        ("two", two),
        ("three", three()),
        ("att", attached()),
    ]
    .iter()
    .map(|(n, b)| {
        let p = dir.path().join(format!("{n}.pdf"));
        std::fs::write(&p, b).unwrap();
        p
    })
    .collect();
    // The seed is tagged (PDF/A-2a + PDF/UA-1): every signature keeps
    // PDF/A-2a (and so 2b).
    for l in verapdf("2a", &files) {
        assert_eq!(l["compliant"], true, "{l}");
    }
    // The signer signs the field the render made, already in the
    // structure: still PDF/UA-1. The agency's seal and the attachment are
    // new widgets, described (/TU) but outside the structure tree, which
    // only a change to objects the earlier signature covers could put them
    // in (pdfsig, pyHanko and `vanban verify` would call that a
    // modification): 7.18.4-1 is the one rule they break.
    let ua = verapdf("ua1", &files);
    assert_eq!(ua[0]["compliant"], true, "{}", ua[0]);
    for l in &ua[1..] {
        let rules: Vec<&str> = l["failed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules, ["ISO 14289-1:2014 7.18.4-1"], "{l}");
    }
}

#[test]
fn a_flipped_byte_makes_the_signature_invalid() {
    needs!(Openssl, Poppler);
    let (one, _) = signed();
    let p = read_prepared_range(one);
    let mut bad = one.clone();
    // A byte of the page content, inside the first covered range.
    let at = p / 2;
    bad[at] ^= 0x01;
    let sigs = pdfsig(&bad);
    assert_eq!(sigs.len(), 1, "{sigs:?}");
    assert!(!sigs[0].contains("Signature is Valid."), "{}", sigs[0]);
}

/// The end of the first covered range of the (only) signature of `pdf`.
fn read_prepared_range(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let at = text.rfind("/ByteRange").unwrap();
    let nums: Vec<usize> = text[at + 10..]
        .trim_start_matches([' ', '['])
        .split([' ', ']'])
        .filter(|s| !s.is_empty())
        .take(4)
        .map(|s| s.parse().unwrap())
        .collect();
    nums[1]
}

#[test]
fn prepare_is_deterministic_and_read_prepared_finds_its_reservation() {
    needs!(Openssl);
    let a = prepare(seed().pdf(), &options(signer_role())).unwrap();
    let b = prepare(seed().pdf(), &options(signer_role())).unwrap();
    assert_eq!(a, b, "same input and time, same bytes");
    assert_eq!(a.field, "Signature1");
    let again = read_prepared(a.pdf.clone()).unwrap();
    assert_eq!(again, a);
    // Only the reservation changes when finishing.
    let cms = cades(&covered(&a), "signer");
    let done = finish(&a.pdf, &cms).unwrap();
    let [_, x, y, _] = a.byte_range;
    assert_eq!(done[..x + 1], a.pdf[..x + 1]);
    assert_eq!(done[y - 1..], a.pdf[y - 1..]);
    assert_ne!(done, a.pdf);
    // The covered bytes' digest is SHA-256 of both ranges.
    use sha2::Digest;
    let digest: [u8; 32] = sha2::Sha256::digest(covered(&a)).into();
    assert_eq!(digest, a.digest);
    // A finished file has no reservation left.
    let e = read_prepared(done).unwrap_err();
    assert!(e.to_string().contains("no signature reservation"), "{e}");
}

fn sign_error(pdf: &[u8], options: &SignOptions) -> String {
    match prepare(pdf, options) {
        Err(e @ Error::Sign(_)) => e.to_string(),
        Err(e) => panic!("not a signing error: {e}"),
        Ok(_) => panic!("prepared"),
    }
}

#[test]
fn every_refusal_is_a_clear_signing_error() {
    needs!(Openssl, Qpdf);
    let seed_pdf = seed().pdf();
    // Not vanban's: the same file with another producer and creator.
    let mut doc = Document::load_mem(seed_pdf).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let d = doc.get_dictionary_mut(info).unwrap();
    d.set("Producer", Object::string_literal("Other Writer"));
    d.set("Creator", Object::string_literal("Other Writer"));
    let mut other = Vec::new();
    doc.save_to(&mut other).unwrap();
    let e = sign_error(&other, &options(signer_role()));
    assert!(e.contains("not made by vanban"), "{e}");
    // Encrypted (qpdf): with an owner password only, which opens without
    // one, and with a user password, which does not open.
    let (dir, path) = temp_pdf(seed_pdf);
    for user in ["", "user"] {
        let enc = dir.path().join("enc.pdf");
        let st = Command::new("qpdf")
            .args(["--encrypt", user, "owner", "256", "--"])
            .arg(&path)
            .arg(&enc)
            .status()
            .expect("qpdf runs (scripts/test installs it)");
        assert!(st.success());
        let e = sign_error(&std::fs::read(&enc).unwrap(), &options(signer_role()));
        assert!(
            e.contains("the PDF is encrypted"),
            "user password `{user}`: {e}"
        );
    }
    // Damaged: cut short, garbage, empty.
    for bad in [
        &seed_pdf[..seed_pdf.len() / 3],
        b"%PDF-1.7\ngarbage".as_slice(),
        b"",
    ] {
        let e = sign_error(bad, &options(signer_role()));
        assert!(e.contains("not a readable PDF"), "{e}");
    }
    // Damaged cross-reference data: the last `startxref` offset moved.
    let at = seed_pdf
        .windows(9)
        .rposition(|w| w == b"startxref")
        .unwrap()
        + 10;
    let mut moved = seed_pdf.to_vec();
    moved[at] = if moved[at] == b'1' { b'2' } else { b'1' };
    let e = sign_error(&moved, &options(signer_role()));
    assert!(e.contains("damaged"), "{e}");
    // A bad PNG.
    let e = sign_error(
        seed_pdf,
        &options(Role::Signer {
            field: None,
            image: Some(b"\x89PNG\r\n\x1a\nbroken".to_vec()),
        }),
    );
    assert!(e.contains("the signature image is not a usable PNG"), "{e}");
    let e = sign_error(
        seed_pdf,
        &options(Role::Agency {
            seal: b"GIF89a".to_vec(),
            seal_mm: None,
            name: "X".into(),
            over: None,
        }),
    );
    assert!(e.contains("the seal image is not a usable PNG"), "{e}");
    // An unknown field, a field signed already, no free field.
    let e = sign_error(
        seed_pdf,
        &options(Role::Signer {
            field: Some("Signature9".into()),
            image: None,
        }),
    );
    assert!(
        e.contains("no signature field `Signature9`") && e.contains("Signature1"),
        "{e}"
    );
    let (one, _) = signed();
    let e = sign_error(one, &options(signer_role()));
    assert!(e.contains("no unsigned signature field left"), "{e}");
    let e = sign_error(
        one,
        &options(Role::Signer {
            field: Some("Signature1".into()),
            image: None,
        }),
    );
    assert!(e.contains("signed already"), "{e}");
    // A prepared PDF not finished: its reservation would stay empty.
    let prepared = prepare(seed_pdf, &options(signer_role())).unwrap();
    let e = sign_error(&prepared.pdf, &options(agency_role()));
    assert!(e.contains("prepared but never finished"), "{e}");
    // Texts too long for a signature.
    let mut o = options(signer_role());
    o.reason = Some("x".repeat(40_000));
    let e = sign_error(seed_pdf, &o);
    assert!(e.contains("the reason is 40000 characters long"), "{e}");
    let e = sign_error(
        seed_pdf,
        &options(Role::Attachment {
            name: "X".into(),
            lines: vec!["a".into(); 50],
        }),
    );
    assert!(e.contains("at most 6 lines"), "{e}");
    // The reservation's bounds.
    let mut o = options(signer_role());
    o.reserve = MAX_RESERVE + 1;
    let e = sign_error(seed_pdf, &o);
    assert!(e.contains("32767") && e.contains("--reserve"), "{e}");
    // A seal size out of range.
    let e = sign_error(
        one,
        &options(Role::Agency {
            seal: image("seal.png"),
            seal_mm: Some(500.0),
            name: "X".into(),
            over: None,
        }),
    );
    assert!(e.contains("out of range") && e.contains("--seal-mm"), "{e}");
}

#[test]
fn finish_refuses_a_signature_larger_than_the_reservation_and_a_changed_file() {
    needs!(Openssl);
    let mut o = options(signer_role());
    o.reserve = 1000;
    let p = prepare(seed().pdf(), &o).unwrap();
    let cms = cades(&covered(&p), "signer");
    assert!(cms.len() > 1000);
    match finish(&p.pdf, &cms) {
        Err(Error::Sign(e)) => {
            let e = e.to_string();
            assert!(
                e.contains("1000 bytes reserved") && e.contains("--reserve"),
                "{e}"
            )
        }
        other => panic!("{other:?}"),
    }
    // A byte appended after prepare: the range no longer ends at the end.
    let mut longer = p.pdf.clone();
    longer.push(b'\n');
    match read_prepared(longer) {
        Err(Error::Sign(e)) => assert!(
            e.to_string().contains("does not match its /ByteRange"),
            "{e}"
        ),
        other => panic!("{other:?}"),
    }
    match finish(b"not a pdf", &cms) {
        Err(Error::Sign(e)) => assert!(e.to_string().contains("no signature reservation"), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_input_makes_prepare_panic() {
    // Cuts and byte flips of a real file: each an error or a PDF, never a
    // panic.
    let pdf = seed().pdf();
    let step = (pdf.len() / 40).max(1);
    for cut in (0..pdf.len()).step_by(step) {
        let _ = prepare(&pdf[..cut], &options(signer_role()));
        let mut flipped = pdf.to_vec();
        flipped[cut] ^= 0xFF;
        let _ = prepare(&flipped, &options(agency_role()));
        let _ = read_prepared(flipped);
    }
}

/// The boxes `[x1, y1, x2, y2]` (PDF space, y up) of the images drawn in
/// page `page`'s content, by PyMuPDF.
fn page_images(pdf: &[u8], page: usize) -> Vec<[f32; 4]> {
    let (_dir, path) = temp_pdf(pdf);
    let script = "import sys, json, pymupdf\n\
                  d = pymupdf.open(sys.argv[1]); p = d[int(sys.argv[2])]; h = p.rect.height\n\
                  print(json.dumps([[i['bbox'][0], h - i['bbox'][3], i['bbox'][2], h - i['bbox'][1]] \
                  for i in p.get_image_info()]))";
    let out = Command::new(python())
        .arg("-c")
        .arg(script)
        .arg(&path)
        .arg(page.to_string())
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn near(a: [f32; 4], b: [f32; 4], tol: f32) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

#[test]
fn two_signers_and_the_agency_land_exactly_where_the_page_draws_their_images() {
    needs!(Openssl, Poppler, Venv);
    // bien-ban draws both signatures and the 34 mm seal on the page itself:
    // each signature's appearance must cover the page's image exactly.
    let rendered = render(&fixture("bien-ban.json"));
    let pdf = rendered.pdf();
    let one = sign(pdf, signer_role(), "signer");
    let two = sign(
        &one,
        Role::Signer {
            field: Some("Signature2".into()),
            image: Some(image("signature.png")),
        },
        "signer",
    );
    let three = sign(
        &two,
        Role::Agency {
            seal: image("seal.png"),
            seal_mm: Some(34.0),
            name: "UBND Phường Lam Sơn".into(),
            over: None,
        },
        "agency",
    );
    assert_pdfsig_valid(&three, 3);
    assert_pyhanko_valid(&three, &["Signature1", "Signature2", "Seal1"]);
    let doc = Document::load_mem(&three).unwrap();
    let page = doc.get_pages().len() - 1;
    let drawn = page_images(pdf, page);
    assert_eq!(drawn.len(), 3, "two signatures and the seal: {drawn:?}");
    let w = widgets(&doc, page);
    let names: Vec<&str> = w.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Signature1", "Signature2", "Seal1"]);
    for (name, id) in &w[..2] {
        let r = rect(&doc, *id);
        let [x, y, bw, bh] = drawn_box(&appearance(&doc, *id).1);
        let b = [r[0] + x, r[1] + y, r[0] + x + bw, r[1] + y + bh];
        assert!(
            drawn.iter().any(|d| near(*d, b, 0.5)),
            "{name}'s image {b:?} is drawn on the page: {drawn:?}"
        );
    }
    // No `over`: the last signed field, Signature2, the right-hand signer.
    let seal = rect(&doc, w[2].1);
    let right_image = drawn
        .iter()
        .filter(|d| d[0] > 250.0)
        .copied()
        .collect::<Vec<_>>();
    assert!(
        right_image.iter().any(|d| near(*d, seal, 0.5)),
        "the seal {seal:?} covers the page's seal: {drawn:?}"
    );
}

#[test]
fn a_signer_without_an_image_shows_nothing_and_the_seal_uses_the_nominal_box() {
    needs!(Openssl, Poppler);
    let one = sign(
        seed().pdf(),
        Role::Signer {
            field: None,
            image: None,
        },
        "signer",
    );
    let two = sign(&one, agency_role(), "agency");
    assert_pdfsig_valid(&two, 2);
    let doc = Document::load_mem(&two).unwrap();
    let page = doc.get_pages().len() - 1;
    let w = widgets(&doc, page);
    let (dict, content) = appearance(&doc, w[0].1);
    assert!(content.is_empty(), "{content}");
    assert!(
        !dict
            .get(b"Resources")
            .unwrap()
            .as_dict()
            .unwrap()
            .has(b"XObject")
    );
    // The nominal box: as high as the space, twice as wide (at most 80 %
    // of the width), centred.
    let r = rect(&doc, w[0].1);
    let (sw, sh) = (r[2] - r[0], r[3] - r[1]);
    let bw = (2.0 * sh).min(0.8 * sw);
    let left = r[0] + (sw - bw) / 2.0;
    let seal = rect(&doc, w[1].1);
    assert!(close(seal[2], left + bw / 3.0, 0.5), "{seal:?} {left} {bw}");
    assert!(close((seal[1] + seal[3]) / 2.0, (r[1] + r[3]) / 2.0, 0.5));
}

#[test]
fn a_field_of_no_size_or_on_no_page_is_refused() {
    // The signer's widget taken off its page and pointed at no page.
    let mut doc = Document::load_mem(seed().pdf()).unwrap();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut widget = None;
    for p in pages {
        let d = doc.get_dictionary_mut(p).unwrap();
        if let Ok(Object::Array(a)) = d.get(b"Annots") {
            widget = a.first().and_then(|o| o.as_reference().ok()).or(widget);
            d.remove(b"Annots");
        }
    }
    let widget = widget.expect("the seed has a signature field");
    // A field of no size first.
    let mut flat = doc.clone();
    flat.get_dictionary_mut(widget).unwrap().set(
        "Rect",
        Object::Array(vec![10.into(), 10.into(), 10.into(), 300.into()]),
    );
    let mut bytes = Vec::new();
    flat.save_to(&mut bytes).unwrap();
    let e = sign_error(&bytes, &options(signer_role()));
    assert!(e.contains("no usable size"), "{e}");
    doc.get_dictionary_mut(widget)
        .unwrap()
        .set("P", Object::Reference((9999, 0)));
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let e = sign_error(&bytes, &options(signer_role()));
    assert!(e.contains("out of range"), "{e}");
}
