//! `vanban sign` and `vanban verify` as a user runs them: a signer then the
//! agency, judged by vanban's own verify, poppler's pdfsig, pyHanko and
//! veraPDF; the prepare → sign outside → finish steps with openssl; a
//! SoftHSM2 token; a local time-stamp server; and every refusal leaving the
//! output untouched.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::sign_pki::{PASSWORD, pki};
use crate::support::*;

const TIME: &str = "2025-01-24T20:01:14+07:00";

fn vanban() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vanban"));
    c.env_remove("VANBAN_P12_PASSWORD")
        .env_remove("VANBAN_PKCS11_PIN");
    c
}

/// `vanban sign INPUT -o OUTPUT`, to which each test adds its options.
fn sign_cmd(input: &Path, output: &Path) -> Command {
    let mut c = vanban();
    c.arg("sign").arg(input).arg("-o").arg(output);
    c
}

fn image(name: &str) -> PathBuf {
    root().join("fixtures/images").join(name)
}

/// A folder with the seed report rendered (`in.pdf`) and the password file.
fn workdir() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    std::fs::write(dir.join("in.pdf"), seed().pdf()).unwrap();
    std::fs::write(dir.join("pw"), format!("{PASSWORD}\n")).unwrap();
    (tmp, dir)
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn fails(out: Output) -> String {
    assert!(
        !out.status.success(),
        "should fail: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `vanban sign IN -o OUT` as the signer with the test signer's `.p12`.
fn sign_as_signer(dir: &Path, input: &str, output: &str) -> Output {
    sign_cmd(&dir.join(input), &dir.join(output))
        .arg("--p12")
        .arg(pki().path("signer.p12"))
        .arg("--password-file")
        .arg(dir.join("pw"))
        .arg("--image")
        .arg(image("signature.png"))
        .args(["--time", TIME])
        .output()
        .unwrap()
}

fn sign_as_agency(dir: &Path, input: &str, output: &str) -> Output {
    sign_cmd(&dir.join(input), &dir.join(output))
        .arg("--p12")
        .arg(pki().path("agency.p12"))
        .env("VANBAN_P12_PASSWORD", PASSWORD)
        .args(["--agency", "--seal"])
        .arg(image("seal.png"))
        .args(["--time", "2025-01-24T20:05:00+07:00"])
        .output()
        .unwrap()
}

fn verify_json(file: &Path) -> (bool, serde_json::Value) {
    let out = vanban()
        .arg("verify")
        .arg("--json")
        .arg(file)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.success(), v[0]["report"].clone())
}

/// poppler's verdict on each signature: `(valid, covers the whole file)`.
fn pdfsig(file: &Path) -> Vec<(bool, bool)> {
    let out = Command::new("pdfsig")
        .arg("-nocert")
        .arg(file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.split("Signature #")
        .skip(1)
        .map(|s| {
            (
                s.contains("Signature Validation: Signature is Valid."),
                s.contains("Total document signed"),
            )
        })
        .collect()
}

/// pyHanko's verdict on every signature, trusting the test CA: the lines
/// of its validation summary.
fn pyhanko(file: &Path) -> (bool, String) {
    let script = r#"
import sys
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko.keys import load_cert_from_pemder
ca = load_cert_from_pemder(sys.argv[2])
vc = ValidationContext(trust_roots=[ca], allow_fetching=False, revocation_mode='soft-fail')
ok = True
with open(sys.argv[1], 'rb') as f:
    r = PdfFileReader(f)
    for s in r.embedded_signatures:
        st = validate_pdf_signature(s, signer_validation_context=vc)
        good = st.intact and st.valid and st.trusted and st.bottom_line
        ok = ok and good
        print(s.field_name, 'intact' if st.intact else 'BROKEN', 'valid' if st.valid else 'INVALID',
              'trusted' if st.trusted else 'UNTRUSTED', st.modification_level, st.docmdp_ok)
print('ALL-OK' if ok else 'SOME-BAD')
"#;
    let out = Command::new(python())
        .arg("-c")
        .arg(script)
        .arg(file)
        .arg(pki().path("ca.pem"))
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (text.contains("ALL-OK"), text)
}

#[test]
fn a_signer_then_the_agency_sign_and_every_judge_agrees() {
    needs!(Openssl, Poppler, Venv);
    let (_t, dir) = workdir();
    ok(sign_as_signer(&dir, "in.pdf", "s1.pdf"));
    ok(sign_as_agency(&dir, "s1.pdf", "s2.pdf"));
    let s1 = std::fs::read(dir.join("s1.pdf")).unwrap();
    let s2 = std::fs::read(dir.join("s2.pdf")).unwrap();
    // Incremental: each revision keeps the one before byte for byte.
    assert!(s1.starts_with(seed().pdf()));
    assert!(s2.starts_with(&s1));

    let out = ok(vanban()
        .arg("verify")
        .arg(dir.join("s2.pdf"))
        .output()
        .unwrap());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2 signature(s)"), "{text}");
    assert!(text.contains("Nguyễn Văn Hùng"), "{text}");
    let (valid, report) = verify_json(&dir.join("s2.pdf"));
    assert!(valid, "{report:#}");
    let sigs = report["signatures"].as_array().unwrap();
    assert_eq!(sigs.len(), 2);
    assert_eq!(sigs[0]["covers"]["whole_file"], false);
    assert_eq!(sigs[1]["covers"]["whole_file"], true);
    assert!(
        sigs[0]["time"]
            .as_str()
            .unwrap()
            .starts_with("2025-01-24T20:01:14")
    );
    for s in sigs {
        assert_eq!(s["digest_matches"], true, "{s:#}");
        assert_eq!(s["signature_valid"], true, "{s:#}");
        assert_eq!(s["modified"], false, "{s:#}");
    }

    assert_eq!(pdfsig(&dir.join("s2.pdf")), [(true, false), (true, true)]);
    let (good, text) = pyhanko(&dir.join("s2.pdf"));
    assert!(good, "{text}");

    // The same input, key and time: the same bytes.
    ok(sign_as_signer(&dir, "in.pdf", "again.pdf"));
    assert_eq!(std::fs::read(dir.join("again.pdf")).unwrap(), s1);
}

#[test]
fn a_flipped_byte_fails_verify_pdfsig_and_pyhanko() {
    needs!(Openssl, Poppler, Venv);
    let (_t, dir) = workdir();
    ok(sign_as_signer(&dir, "in.pdf", "s1.pdf"));
    let mut bytes = std::fs::read(dir.join("s1.pdf")).unwrap();
    let at = bytes.len() / 3;
    bytes[at] ^= 0x01;
    std::fs::write(dir.join("bad.pdf"), &bytes).unwrap();
    let (valid, report) = verify_json(&dir.join("bad.pdf"));
    assert!(!valid, "{report:#}");
    assert_eq!(report["signatures"][0]["digest_matches"], false);
    assert_eq!(
        pdfsig(&dir.join("bad.pdf")).first().map(|v| v.0),
        Some(false)
    );
    let (good, text) = pyhanko(&dir.join("bad.pdf"));
    assert!(
        !good && text.contains("BROKEN"),
        "pyHanko finds it broken: {text}"
    );
}

#[test]
fn refusals_name_the_problem_and_leave_the_output_alone() {
    needs!(Openssl, Qpdf);
    let (_t, dir) = workdir();
    std::fs::write(dir.join("out.pdf"), b"a good earlier file").unwrap();
    let keep = || {
        assert_eq!(
            std::fs::read(dir.join("out.pdf")).unwrap(),
            b"a good earlier file"
        )
    };
    let sign_with = |p12: &str, extra: &[&str]| {
        sign_cmd(&dir.join("in.pdf"), &dir.join("out.pdf"))
            .arg("--p12")
            .arg(pki().path(p12))
            .env("VANBAN_P12_PASSWORD", PASSWORD)
            .args(extra)
            .output()
            .unwrap()
    };
    // A wrong password says so.
    let err = fails(
        sign_cmd(&dir.join("in.pdf"), &dir.join("out.pdf"))
            .arg("--p12")
            .arg(pki().path("signer.p12"))
            .env("VANBAN_P12_PASSWORD", "sai mật khẩu")
            .output()
            .unwrap(),
    );
    assert!(err.to_lowercase().contains("wrong password"), "{err}");
    assert!(err.contains("signer.p12"), "{err}");
    keep();
    // No password at all: the hint names the file option and the variable.
    let err = fails(
        sign_cmd(&dir.join("in.pdf"), &dir.join("out.pdf"))
            .arg("--p12")
            .arg(pki().path("signer.p12"))
            .output()
            .unwrap(),
    );
    assert!(
        err.contains("VANBAN_P12_PASSWORD") && err.contains("--password-file"),
        "{err}"
    );
    // An expired certificate is refused unless asked for.
    let err = fails(sign_with("expired.p12", &["--time", TIME]));
    assert!(err.contains("--allow-expired"), "{err}");
    keep();
    // A certificate that may not sign.
    let err = fails(sign_with("nosign.p12", &["--time", TIME]));
    assert!(err.to_lowercase().contains("key usage"), "{err}");
    keep();
    // No free field: the signer's field is taken.
    ok(sign_as_signer(&dir, "in.pdf", "s1.pdf"));
    let err = fails(
        sign_cmd(&dir.join("s1.pdf"), &dir.join("out.pdf"))
            .arg("--p12")
            .arg(pki().path("signer.p12"))
            .env("VANBAN_P12_PASSWORD", PASSWORD)
            .output()
            .unwrap(),
    );
    assert!(err.contains("Signature1"), "{err}");
    keep();
    // An encrypted PDF.
    let enc = dir.join("enc.pdf");
    let st = Command::new("qpdf")
        .args(["--encrypt", "u", "o", "256", "--"])
        .arg(dir.join("in.pdf"))
        .arg(&enc)
        .status()
        .unwrap();
    assert!(st.success());
    let err = fails(
        sign_cmd(&enc, &dir.join("out.pdf"))
            .arg("--p12")
            .arg(pki().path("signer.p12"))
            .env("VANBAN_P12_PASSWORD", PASSWORD)
            .output()
            .unwrap(),
    );
    assert!(
        err.contains("enc.pdf") && err.to_lowercase().contains("encrypt"),
        "{err}"
    );
    keep();
    // Not vanban's PDF.
    let other = dir.join("other.pdf");
    assert!(
        Command::new("qpdf")
            .args(["--empty", "--pages"])
            .arg(dir.join("in.pdf"))
            .args(["1", "--"])
            .arg(&other)
            .status()
            .unwrap()
            .success()
    );
    let st = Command::new("qpdf")
        .arg("--remove-info")
        .arg("--replace-input")
        .arg(&other)
        .status();
    let _ = st;
    let err = fails(
        sign_cmd(&other, &dir.join("out.pdf"))
            .arg("--p12")
            .arg(pki().path("signer.p12"))
            .env("VANBAN_P12_PASSWORD", PASSWORD)
            .output()
            .unwrap(),
    );
    assert!(err.contains("other.pdf") && err.contains("vanban"), "{err}");
    keep();
    // A password is never taken on the command line.
    let err = fails(
        vanban()
            .args(["sign", "in.pdf", "-o", "x.pdf", "--password", "x"])
            .output()
            .unwrap(),
    );
    assert!(err.contains("--password"), "{err}");
    assert_eq!(
        std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp"))
            .count(),
        0,
        "no temporary file left"
    );
}

/// The bytes a prepared PDF's signature covers.
fn covered(pdf: &[u8], range: &serde_json::Value) -> Vec<u8> {
    let r: Vec<usize> = range
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    let mut v = pdf[r[0]..r[0] + r[1]].to_vec();
    v.extend_from_slice(&pdf[r[2]..r[2] + r[3]]);
    v
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn prepare_then_a_raw_signature_made_outside_then_finish() {
    needs!(Openssl, Poppler);
    let (_t, dir) = workdir();
    ok(sign_cmd(&dir.join("in.pdf"), &dir.join("prep.pdf"))
        .arg("--prepare")
        .arg("--cert")
        .arg(pki().path("chain.pem"))
        .arg("--image")
        .arg(image("signature.png"))
        .args(["--time", TIME])
        .arg("--digest-out")
        .arg(dir.join("to-sign.json"))
        .output()
        .unwrap());
    let to_sign: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("to-sign.json")).unwrap()).unwrap();
    assert_eq!(to_sign["field"], "Signature1");
    let prep = std::fs::read(dir.join("prep.pdf")).unwrap();
    // The document digest is the SHA-256 of the covered bytes.
    let doc = covered(&prep, &to_sign["byte_range"]);
    use sha2::Digest;
    assert_eq!(
        vanban::sign::hex(&sha2::Sha256::digest(&doc)),
        to_sign["document_digest"].as_str().unwrap()
    );
    // The token's side: sign the signed attributes' digest with the key.
    std::fs::write(
        dir.join("d.bin"),
        unhex(to_sign["signed_attributes_digest"].as_str().unwrap()),
    )
    .unwrap();
    let key = pki().path("signer.key");
    openssl(
        &dir,
        &[
            "pkeyutl",
            "-sign",
            "-inkey",
            key.to_str().unwrap(),
            "-pkeyopt",
            "digest:sha256",
            "-in",
            "d.bin",
            "-out",
            "sig.bin",
        ],
    );
    ok(sign_cmd(&dir.join("prep.pdf"), &dir.join("done.pdf"))
        .args(["--finish", "--signature"])
        .arg(dir.join("sig.bin"))
        .arg("--cert")
        .arg(pki().path("chain.pem"))
        .output()
        .unwrap());
    let done = std::fs::read(dir.join("done.pdf")).unwrap();
    assert_eq!(
        done.len(),
        prep.len(),
        "finish writes only into the reservation"
    );
    let (valid, report) = verify_json(&dir.join("done.pdf"));
    assert!(valid, "{report:#}");
    assert_eq!(pdfsig(&dir.join("done.pdf")), [(true, true)]);
    // In steps or in one go, with the same key and time: the same file.
    ok(sign_as_signer(&dir, "in.pdf", "one-go.pdf"));
    assert_eq!(std::fs::read(dir.join("one-go.pdf")).unwrap(), done);

    // A signature by another key is refused; nothing is written.
    let agency = pki().path("agency.key");
    openssl(
        &dir,
        &[
            "pkeyutl",
            "-sign",
            "-inkey",
            agency.to_str().unwrap(),
            "-in",
            "d.bin",
            "-out",
            "bad.bin",
        ],
    );
    let err = fails(
        sign_cmd(&dir.join("prep.pdf"), &dir.join("bad.pdf"))
            .args(["--finish", "--signature"])
            .arg(dir.join("bad.bin"))
            .arg("--cert")
            .arg(pki().path("chain.pem"))
            .output()
            .unwrap(),
    );
    assert!(err.contains("does not match"), "{err}");
    assert!(!dir.join("bad.pdf").exists());
}

#[test]
fn prepare_then_a_cms_made_outside_then_finish() {
    needs!(Openssl, Poppler);
    let (_t, dir) = workdir();
    ok(sign_cmd(&dir.join("in.pdf"), &dir.join("prep.pdf"))
        .args(["--prepare", "--time", TIME, "--digest-out"])
        .arg(dir.join("to-sign.json"))
        .output()
        .unwrap());
    let to_sign: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("to-sign.json")).unwrap()).unwrap();
    let prep = std::fs::read(dir.join("prep.pdf")).unwrap();
    std::fs::write(
        dir.join("covered.bin"),
        covered(&prep, &to_sign["byte_range"]),
    )
    .unwrap();
    let p = |n: &str| pki().path(n).to_str().unwrap().to_string();
    openssl(
        &dir,
        &[
            "cms",
            "-sign",
            "-binary",
            "-in",
            "covered.bin",
            "-signer",
            &p("signer.pem"),
            "-inkey",
            &p("signer.key"),
            "-certfile",
            &p("ca.pem"),
            "-outform",
            "DER",
            "-md",
            "sha256",
            "-nosmimecap",
            "-cades",
            "-out",
            "sig.p7s",
        ],
    );
    ok(sign_cmd(&dir.join("prep.pdf"), &dir.join("done.pdf"))
        .args(["--finish", "--cms"])
        .arg(dir.join("sig.p7s"))
        .output()
        .unwrap());
    let (valid, report) = verify_json(&dir.join("done.pdf"));
    assert!(valid, "{report:#}");
    assert_eq!(pdfsig(&dir.join("done.pdf")), [(true, true)]);
    // A CMS over other bytes is refused.
    std::fs::write(dir.join("other.bin"), b"something else").unwrap();
    openssl(
        &dir,
        &[
            "cms",
            "-sign",
            "-binary",
            "-in",
            "other.bin",
            "-signer",
            &p("signer.pem"),
            "-inkey",
            &p("signer.key"),
            "-outform",
            "DER",
            "-md",
            "sha256",
            "-nosmimecap",
            "-cades",
            "-out",
            "other.p7s",
        ],
    );
    fails(
        sign_cmd(&dir.join("prep.pdf"), &dir.join("bad.pdf"))
            .args(["--finish", "--cms"])
            .arg(dir.join("other.p7s"))
            .output()
            .unwrap(),
    );
    assert!(!dir.join("bad.pdf").exists());
}

/// SoftHSM2's module, where Debian puts it.
fn softhsm() -> PathBuf {
    for p in [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    ] {
        if Path::new(p).exists() {
            return p.into();
        }
    }
    panic!("SoftHSM2 is not installed (scripts/test installs softhsm2)");
}

#[test]
fn a_key_on_a_pkcs11_token_signs() {
    needs!(Openssl, Poppler, SoftHsm);
    let (_t, dir) = workdir();
    let tokens = dir.join("tokens");
    std::fs::create_dir(&tokens).unwrap();
    let conf = dir.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\n",
            tokens.display()
        ),
    )
    .unwrap();
    let util = |args: &[&str]| {
        let out = Command::new("softhsm2-util")
            .args(args)
            .env("SOFTHSM2_CONF", &conf)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "softhsm2-util {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    util(&[
        "--init-token",
        "--free",
        "--label",
        "vanban",
        "--pin",
        "1234",
        "--so-pin",
        "5678",
    ]);
    let key = pki().path("signer.key");
    openssl(
        &dir,
        &[
            "pkcs8",
            "-topk8",
            "-nocrypt",
            "-in",
            key.to_str().unwrap(),
            "-out",
            "k.pk8",
        ],
    );
    let pk8 = dir.join("k.pk8");
    util(&[
        "--import",
        pk8.to_str().unwrap(),
        "--token",
        "vanban",
        "--label",
        "signer",
        "--id",
        "01",
        "--pin",
        "1234",
    ]);
    std::fs::write(dir.join("pin"), "1234\n").unwrap();
    let run = |pin: &str, out: &str| {
        std::fs::write(dir.join("pin"), format!("{pin}\n")).unwrap();
        vanban()
            .env("SOFTHSM2_CONF", &conf)
            .arg("sign")
            .arg(dir.join("in.pdf"))
            .arg("-o")
            .arg(dir.join(out))
            .arg("--pkcs11")
            .arg(softhsm())
            .arg("--pin-file")
            .arg(dir.join("pin"))
            .arg("--cert")
            .arg(pki().path("chain.pem"))
            .arg("--image")
            .arg(image("signature.png"))
            .args(["--time", TIME])
            .output()
            .unwrap()
    };
    ok(run("1234", "hsm.pdf"));
    let (valid, report) = verify_json(&dir.join("hsm.pdf"));
    assert!(valid, "{report:#}");
    assert_eq!(pdfsig(&dir.join("hsm.pdf")), [(true, true)]);
    // The token's RSA signature is the file key's: the same bytes.
    ok(sign_as_signer(&dir, "in.pdf", "file.pdf"));
    assert_eq!(
        std::fs::read(dir.join("hsm.pdf")).unwrap(),
        std::fs::read(dir.join("file.pdf")).unwrap()
    );
    let err = fails(run("0000", "wrong.pdf"));
    assert!(err.to_lowercase().contains("wrong pin"), "{err}");
    assert!(!dir.join("wrong.pdf").exists());
}

#[test]
fn an_attachment_is_signed_by_the_agency_alone() {
    needs!(Openssl, Venv);
    let (_t, dir) = workdir();
    ok(sign_cmd(&dir.join("in.pdf"), &dir.join("att.pdf"))
        .arg("--p12")
        .arg(pki().path("agency.p12"))
        .env("VANBAN_P12_PASSWORD", PASSWORD)
        .args([
            "--attachment",
            "--name",
            "UBND PHƯỜNG LAM SƠN",
            "--line",
            "vanthu@lamson.gov.vn",
            "--time",
            TIME,
        ])
        .output()
        .unwrap());
    let (valid, report) = verify_json(&dir.join("att.pdf"));
    assert!(valid, "{report:#}");
    assert_eq!(report["signatures"][0]["subject"], "UBND Phường Lam Sơn");
    let (good, text) = pyhanko(&dir.join("att.pdf"));
    assert!(good, "{text}");
}

#[test]
fn a_time_stamp_server_makes_it_pades_b_t() {
    needs!(Openssl, Poppler, Venv);
    let (_t, dir) = workdir();
    let url = crate::sign_tsa_server::start_tsa();
    let sign = |tsa: &str, out: &str| {
        sign_cmd(&dir.join("in.pdf"), &dir.join(out))
            .arg("--p12")
            .arg(pki().path("signer.p12"))
            .env("VANBAN_P12_PASSWORD", PASSWORD)
            .args(["--tsa", tsa, "--time", TIME])
            .output()
            .unwrap()
    };
    ok(sign(&url, "bt.pdf"));
    let (valid, report) = verify_json(&dir.join("bt.pdf"));
    assert!(valid, "{report:#}");
    let s = &report["signatures"][0];
    assert_eq!(s["timestamp_valid"], true, "{s:#}");
    assert!(s["timestamp"].as_str().unwrap().starts_with("20"), "{s:#}");
    assert_eq!(pdfsig(&dir.join("bt.pdf")), [(true, true)]);
    let (good, text) = pyhanko(&dir.join("bt.pdf"));
    assert!(good, "{text}");
    // A server that cannot be reached: the URL named, nothing written.
    let err = fails(sign("http://127.0.0.1:9/tsa", "none.pdf"));
    assert!(
        err.contains("127.0.0.1:9") && err.contains("--tsa"),
        "{err}"
    );
    assert!(!dir.join("none.pdf").exists());
}
