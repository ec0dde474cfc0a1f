//! Keys and CMS: `.p12` files (modern and legacy), certificate checks, the
//! CMS `SignedData` of `vanban::sign::cms` judged by `openssl cms -verify`,
//! RFC 3161 time-stamps from the loopback TSA judged by `openssl ts
//! -verify`, and keys on a SoftHSM2 token through PKCS#11.

use std::path::{Path, PathBuf};
use std::process::Command;

use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use vanban::sign::{Certificate, Signer, cms, keys, pkcs11, tsa};

use super::sign_pki::{self, PASSWORD};
use super::sign_tsa_server::start_tsa;

fn read(name: &str) -> Vec<u8> {
    std::fs::read(sign_pki::pki().path(name)).expect(name)
}

fn p12(name: &str) -> keys::KeyFile {
    keys::load_p12(&read(name), PASSWORD, name).expect(name)
}

fn err_text<T: std::fmt::Debug>(r: vanban::Result<T>) -> String {
    r.expect_err("an error").to_string()
}

/// Runs a command; its success and its stdout + stderr.
fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().expect("the command runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

fn openssl(args: &[&str], dir: &Path) -> (bool, String) {
    run(Command::new("openssl").args(args).current_dir(dir))
}

/// Bytes that stand for the covered ranges of a PDF, and their digest.
fn covered(seed: u8) -> (Vec<u8>, [u8; 32]) {
    let bytes: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(31) as u8) ^ seed)
        .collect();
    let digest: [u8; 32] = Sha256::digest(&bytes).into();
    (bytes, digest)
}

/// `openssl cms -verify` of `cms` (DER) over `content`, trusting the test CA.
fn cms_verifies(cms: &[u8], content: &[u8]) -> (bool, String) {
    cms_verifies_with(&sign_pki::pki().path("ca.pem"), cms, content)
}

/// `openssl cms -verify` of `cms` (DER) over `content`, trusting `ca`.
fn cms_verifies_with(ca: &Path, cms: &[u8], content: &[u8]) -> (bool, String) {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("sig.p7s"), cms).expect("write");
    std::fs::write(dir.path().join("covered.bin"), content).expect("write");
    let ca = ca.to_str().expect("utf-8 path");
    openssl(
        &[
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            "sig.p7s",
            "-content",
            "covered.bin",
            "-CAfile",
            ca,
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ],
        dir.path(),
    )
}

fn cms_print(cms: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("sig.p7s"), cms).expect("write");
    let (ok, text) = openssl(
        &[
            "cms", "-cmsout", "-print", "-inform", "DER", "-in", "sig.p7s",
        ],
        dir.path(),
    );
    assert!(ok, "{text}");
    text
}

/// The SignerInfo of a CMS made by `cms::build`.
fn signer_info(cms_der: &[u8]) -> ::cms::signed_data::SignerInfo {
    let ci = ::cms::content_info::ContentInfo::from_der(cms_der).expect("ContentInfo");
    let sd: ::cms::signed_data::SignedData = ci.content.decode_as().expect("SignedData");
    sd.signer_infos.0.iter().next().expect("one signer").clone()
}

#[test]
fn p12_files_load_both_flavours_with_their_chain() {
    needs!(Openssl);
    let modern = p12("signer.p12");
    let legacy = p12("signer-legacy.p12");
    for k in [&modern, &legacy] {
        assert_eq!(k.chain().len(), 2, "the signer and the CA");
        assert_eq!(keys::subject_name(&k.chain()[0]), "Nguyễn Văn Hùng");
        assert_eq!(keys::subject_name(&k.chain()[1]), "Vanban Test Root CA");
    }
    // The same key in both files: RSA PKCS#1 v1.5 gives the same bytes.
    let m = b"message";
    assert_eq!(modern.sign(m).unwrap(), legacy.sign(m).unwrap());
    let agency = p12("agency.p12");
    assert_eq!(
        keys::subject_name(&agency.chain()[0]),
        "UBND Phường Lam Sơn"
    );
    // P-256 signs with RFC 6979 nonces: deterministic, DER Ecdsa-Sig-Value.
    let sig = agency.sign(m).unwrap();
    assert_eq!(sig, agency.sign(m).unwrap());
    assert_eq!(sig[0], 0x30, "a DER SEQUENCE");
    cms::verify_signature(&agency.chain()[0], m, &sig).unwrap();
    assert!(cms::verify_signature(&agency.chain()[0], b"other", &sig).is_err());
}

#[test]
fn a_wrong_password_says_so() {
    needs!(Openssl);
    for name in ["signer.p12", "signer-legacy.p12"] {
        let err = err_text(keys::load_p12(&read(name), "sai mật khẩu", name));
        assert!(err.contains(&format!("wrong password for {name}")), "{err}");
        assert!(!err.to_lowercase().contains("mac"), "{err}");
    }
}

#[test]
fn files_that_are_not_key_files_are_named_errors() {
    needs!(Openssl);
    let pki = sign_pki::pki();
    let err = err_text(keys::load_p12(&read("ca.pem"), PASSWORD, "ca.pem"));
    assert!(err.contains("ca.pem is not a PKCS#12"), "{err}");
    // A .p12 with certificates only.
    let dir = tempfile::tempdir().unwrap();
    let ca = pki.path("ca.pem");
    let (ok, text) = openssl(
        &[
            "pkcs12",
            "-export",
            "-nokeys",
            "-in",
            ca.to_str().unwrap(),
            "-passout",
            &format!("pass:{PASSWORD}"),
            "-out",
            "certs.p12",
        ],
        dir.path(),
    );
    assert!(ok, "{text}");
    let bytes = std::fs::read(dir.path().join("certs.p12")).unwrap();
    let err = err_text(keys::load_p12(&bytes, PASSWORD, "certs.p12"));
    assert!(err.contains("certs.p12 holds no private key"), "{err}");
    // A key without its certificate.
    let key_path = pki.path("signer.key");
    let (ok, text) = openssl(
        &[
            "pkcs12",
            "-export",
            "-nocerts",
            "-inkey",
            key_path.to_str().unwrap(),
            "-passout",
            &format!("pass:{PASSWORD}"),
            "-out",
            "key.p12",
        ],
        dir.path(),
    );
    assert!(ok, "{text}");
    let bytes = std::fs::read(dir.path().join("key.p12")).unwrap();
    let err = err_text(keys::load_p12(&bytes, PASSWORD, "key.p12"));
    assert!(
        err.contains("key.p12: no certificate for the private key"),
        "{err}"
    );
    // A key of a type vanban does not sign with (Ed25519): named.
    for args in [
        &["genpkey", "-algorithm", "ED25519", "-out", "ed.key"][..],
        &[
            "req", "-x509", "-new", "-key", "ed.key", "-subj", "/CN=Ed", "-days", "1", "-out",
            "ed.pem",
        ],
        &[
            "pkcs12",
            "-export",
            "-inkey",
            "ed.key",
            "-in",
            "ed.pem",
            "-passout",
            &format!("pass:{PASSWORD}"),
            "-out",
            "ed.p12",
        ],
    ] {
        let (ok, text) = openssl(args, dir.path());
        assert!(ok, "{text}");
    }
    let bytes = std::fs::read(dir.path().join("ed.p12")).unwrap();
    let err = err_text(keys::load_p12(&bytes, PASSWORD, "ed.p12"));
    assert!(
        err.contains("ed.p12: the private key is of type 1.3.101.112"),
        "{err}"
    );
    assert!(err.contains("RSA or a P-256"), "{err}");
    // A key with a certificate that is not its own.
    let key = std::fs::read(pki.path("signer.key")).unwrap();
    let text = String::from_utf8(key).unwrap();
    let b64: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    let pkcs8 = base64_decode(&b64);
    let other = keys::load_certificates(&read("nosign.pem"), "nosign.pem").unwrap();
    let err = err_text(keys::KeyFile::from_pkcs8(&pkcs8, other, "mixed"));
    assert!(err.contains("not the key of the certificate"), "{err}");
}

/// A small base64 decoder for the test's PEM key (no crate needed for it).
fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::new();
    for chunk in bytes.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &c)| {
            acc | (u32::from(val(c)) << (18 - 6 * i))
        });
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

#[test]
fn certificates_load_from_pem_chains_and_der() {
    needs!(Openssl);
    let chain = keys::load_certificates(&read("chain.pem"), "chain.pem").unwrap();
    let names: Vec<String> = chain.iter().map(keys::subject_name).collect();
    assert_eq!(names, ["Nguyễn Văn Hùng", "Vanban Test Root CA"]);
    // Text around the blocks (as `openssl x509 -text` prints) is skipped.
    let mut noisy = b"Bag Attributes\n    friendlyName: signer\n".to_vec();
    noisy.extend(read("chain.pem"));
    assert_eq!(keys::load_certificates(&noisy, "x").unwrap(), chain);
    let der = chain[0].to_der().unwrap();
    let one = keys::load_certificates(&der, "signer.der").unwrap();
    assert_eq!(one, chain[..1]);
    let err = err_text(keys::load_certificates(b"not a certificate", "junk.txt"));
    assert!(
        err.contains("junk.txt is neither a PEM nor a DER certificate"),
        "{err}"
    );
    let cut = &read("chain.pem")[..200];
    let err = err_text(keys::load_certificates(cut, "cut.pem"));
    assert!(err.contains("cut.pem"), "{err}");
    // The subject without a CN: the whole RFC 4514 string.
    let dir = tempfile::tempdir().unwrap();
    let (ok, text) = openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "k.pem",
            "-subj",
            "/O=Không CN/C=VN",
            "-utf8",
            "-days",
            "1",
            "-out",
            "c.pem",
        ],
        dir.path(),
    );
    assert!(ok, "{text}");
    let c =
        keys::load_certificates(&std::fs::read(dir.path().join("c.pem")).unwrap(), "c").unwrap();
    let name = keys::subject_name(&c[0]);
    assert!(
        name.contains("O=Không CN") && name.contains("C=VN"),
        "{name}"
    );
}

#[test]
fn expired_and_non_signing_certificates_are_refused() {
    needs!(Openssl);
    let now = OffsetDateTime::now_utc();
    let signer = p12("signer.p12");
    keys::check_certificate(&signer.chain()[0], now, false, "signer.p12").unwrap();
    // Before its notBefore (the test PKI's certificates start in 2020).
    let early = time::macros::datetime!(2019-12-30 00:00 UTC);
    let err = err_text(keys::check_certificate(
        &signer.chain()[0],
        early,
        false,
        "signer.p12",
    ));
    assert!(
        err.contains("signer.p12") && err.contains("not valid before"),
        "{err}"
    );

    let expired = p12("expired.p12");
    let err = err_text(keys::check_certificate(
        &expired.chain()[0],
        now,
        false,
        "expired.p12",
    ));
    assert!(err.contains("expired.p12"), "{err}");
    assert!(err.contains("expired on 20"), "names the date: {err}");
    assert!(err.contains("--allow-expired"), "{err}");
    keys::check_certificate(&expired.chain()[0], now, true, "expired.p12").unwrap();

    let nosign = p12("nosign.p12");
    let err = err_text(keys::check_certificate(
        &nosign.chain()[0],
        now,
        true,
        "nosign.p12",
    ));
    assert!(
        err.contains("nosign.p12") && err.contains("may not sign"),
        "{err}"
    );
    assert!(
        err.contains("digitalSignature") && err.contains("nonRepudiation"),
        "{err}"
    );
}

#[test]
fn the_cms_verifies_with_openssl_for_rsa_and_p256() {
    needs!(Openssl);
    for (name, seed) in [("signer.p12", 1u8), ("agency.p12", 2)] {
        let key = p12(name);
        let (bytes, digest) = covered(seed);
        let sig = cms::build(&digest, &key, None).unwrap();
        let (ok, text) = cms_verifies(&sig, &bytes);
        assert!(ok, "{name}: {text}");
        // Deterministic.
        assert_eq!(sig, cms::build(&digest, &key, None).unwrap(), "{name}");
        // A changed covered byte: the digest no longer matches.
        let mut changed = bytes.clone();
        changed[100] ^= 1;
        let (ok, _) = cms_verifies(&sig, &changed);
        assert!(!ok, "{name}: a changed byte must not verify");

        let printed = cms_print(&sig);
        if std::env::var_os("VANBAN_SHOW_CMS").is_some() {
            eprintln!("{printed}");
        }
        assert!(printed.contains("signingCertificateV2"), "{printed}");
        assert!(!printed.contains("signingTime"), "{printed}");
        assert!(printed.contains("messageDigest"), "{printed}");
        let info = signer_info(&sig);
        assert_eq!(info.version, ::cms::content_info::CmsVersion::V1);
        assert!(matches!(
            info.sid,
            ::cms::signed_data::SignerIdentifier::IssuerAndSerialNumber(_)
        ));
        let alg = info.signature_algorithm.oid;
        if name == "agency.p12" {
            assert_eq!(alg, cms::ECDSA_WITH_SHA256);
        } else {
            assert_eq!(alg, cms::RSA_ENCRYPTION);
        }
        // The stored attributes are the signed SET, retagged [0].
        let attrs = cms::signed_attributes(&digest, &key.chain()[0]).unwrap();
        assert_eq!(attrs[0], 0x31);
        assert_eq!(info.signed_attrs.unwrap().to_der().unwrap(), attrs);
        assert!(info.unsigned_attrs.is_none());
    }
}

#[test]
fn the_signing_certificate_v2_names_the_signers_certificate() {
    needs!(Openssl);
    let key = p12("signer.p12");
    let cert = &key.chain()[0];
    let attrs = cms::signed_attributes(&[9; 32], cert).unwrap();
    let hash = Sha256::digest(cert.to_der().unwrap());
    // The ESSCertIDv2's certHash is the SHA-256 of the certificate's DER,
    // and the hash algorithm is left out (the SHA-256 default).
    let needle: Vec<u8> = [&[0x04, 0x20][..], &hash[..]].concat();
    assert!(attrs.windows(needle.len()).any(|w| w == needle));
    assert!(
        !attrs
            .windows(9)
            .any(|w| w == [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04]),
        "no explicit sha256 AlgorithmIdentifier"
    );
    // Other certificates give other attributes.
    let agency = p12("agency.p12");
    assert_ne!(
        attrs,
        cms::signed_attributes(&[9; 32], &agency.chain()[0]).unwrap()
    );
}

#[test]
fn assemble_with_a_signature_made_by_openssl_equals_build() {
    needs!(Openssl);
    let pki = sign_pki::pki();
    let key = p12("signer.p12");
    let (_, digest) = covered(3);
    let attrs = cms::signed_attributes(&digest, &key.chain()[0]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("attrs.der"), &attrs).unwrap();
    let (ok, text) = openssl(
        &[
            "dgst",
            "-sha256",
            "-binary",
            "-out",
            "hash.bin",
            "attrs.der",
        ],
        dir.path(),
    );
    assert!(ok, "{text}");
    let signer_key = pki.path("signer.key");
    let (ok, text) = openssl(
        &[
            "pkeyutl",
            "-sign",
            "-inkey",
            signer_key.to_str().unwrap(),
            "-in",
            "hash.bin",
            "-pkeyopt",
            "digest:sha256",
            "-out",
            "sig.bin",
        ],
        dir.path(),
    );
    assert!(ok, "{text}");
    let outside = std::fs::read(dir.path().join("sig.bin")).unwrap();
    let chain = keys::load_certificates(&read("chain.pem"), "chain.pem").unwrap();
    let assembled = cms::assemble(&attrs, &outside, &chain, None).unwrap();
    assert_eq!(assembled, cms::build(&digest, &key, None).unwrap());
}

#[test]
fn a_time_stamped_cms_verifies_and_its_token_too() {
    needs!(Openssl);
    let url = start_tsa();
    let pki = sign_pki::pki();
    for (name, seed) in [("signer.p12", 4u8), ("agency.p12", 5)] {
        let key = p12(name);
        let (bytes, digest) = covered(seed);
        let started = std::time::Instant::now();
        let sig = cms::build(&digest, &key, Some(&url)).unwrap();
        if std::env::var_os("VANBAN_SHOW_CMS").is_some() {
            let plain = cms::build(&digest, &key, None).unwrap();
            eprintln!(
                "{name}: CMS {} bytes, with a time-stamp token {} bytes ({:?} with the TSA)",
                plain.len(),
                sig.len(),
                started.elapsed()
            );
        }
        // The chain and a token fit the default /Contents reservation.
        assert!(
            sig.len() < vanban::sign::DEFAULT_RESERVE,
            "{name}: {}",
            sig.len()
        );
        let (ok, text) = cms_verifies(&sig, &bytes);
        assert!(ok, "{name}: {text}");
        assert!(
            cms_print(&sig).contains("id-smime-aa-timeStampToken"),
            "{name}"
        );

        let info = signer_info(&sig);
        let unsigned = info.unsigned_attrs.expect("unsigned attributes");
        let attr = unsigned.iter().next().expect("one attribute");
        assert_eq!(attr.oid, cms::ID_SIGNATURE_TIME_STAMP_TOKEN);
        let token = attr.values.iter().next().unwrap().to_der().unwrap();
        let signature = info.signature.as_bytes();
        let ti = tsa::token_info(&token).unwrap();
        assert_eq!(ti.imprint, Sha256::digest(signature).to_vec());
        assert!(ti.gen_time.ends_with('Z'), "{}", ti.gen_time);

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("token.der"), &token).unwrap();
        std::fs::write(dir.path().join("sig.bin"), signature).unwrap();
        let ca = pki.path("ca.pem");
        let (ok, text) = openssl(
            &[
                "ts",
                "-verify",
                "-data",
                "sig.bin",
                "-in",
                "token.der",
                "-token_in",
                "-CAfile",
                ca.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(ok && text.contains("Verification: OK"), "{name}: {text}");
        // The token covers this signature and no other.
        std::fs::write(dir.path().join("other.bin"), b"another signature").unwrap();
        let (ok, _) = openssl(
            &[
                "ts",
                "-verify",
                "-data",
                "other.bin",
                "-in",
                "token.der",
                "-token_in",
                "-CAfile",
                ca.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(!ok, "{name}: the token must not verify for other data");
    }
}

#[test]
fn time_stamp_failures_are_clear_errors() {
    needs!(Openssl);
    let url = start_tsa();
    let key = p12("signer.p12");
    let reject = format!("{url}reject");
    let err = err_text(cms::build(&[1; 32], &key, Some(&reject)));
    assert!(err.contains(&reject), "{err}");
    assert!(err.contains("refused the request (rejection 2)"), "{err}");
    assert!(err.contains("badAlg"), "{err}");
    let http500 = format!("{url}http500");
    let err = err_text(cms::build(&[1; 32], &key, Some(&http500)));
    assert!(err.contains("answered HTTP 500"), "{err}");
    assert!(err.contains(&http500), "{err}");
    // Nothing listens: the URL is named, and signing without --tsa is offered.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead = format!("http://127.0.0.1:{port}/");
    let err = err_text(tsa::timestamp(&dead, b"signature"));
    assert!(
        err.contains(&dead) && err.contains("without --tsa"),
        "{err}"
    );
}

/// The SoftHSM2 module, where Debian puts it.
fn softhsm_module() -> PathBuf {
    [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
    .expect("SoftHSM2 is installed (scripts/test installs softhsm2)")
}

const TOKEN_ENV: &str = "VANBAN_TEST_SOFTHSM_DIR";

/// SoftHSM2 reads its configuration (`SOFTHSM2_CONF`) from the environment
/// when the module is initialised, once per process: the token tests run in
/// a child process of this test binary with its own configuration and
/// token folder, so no test changes this process's environment.
#[test]
fn keys_on_a_softhsm2_token_sign() {
    needs!(Openssl, SoftHsm);
    let pki = sign_pki::pki();
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("tokens");
    std::fs::create_dir(&tokens).unwrap();
    let conf = dir.path().join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            tokens.display()
        ),
    )
    .unwrap();
    let util = |args: &[&str]| {
        let (ok, text) = run(Command::new("softhsm2-util")
            .args(args)
            .env("SOFTHSM2_CONF", &conf)
            .current_dir(dir.path()));
        assert!(ok, "softhsm2-util {args:?}: {text}");
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
    for (key, label, id) in [("signer", "signer", "01"), ("agency", "agency", "02")] {
        let pk8 = format!("{key}.pk8");
        let src = pki.path(&format!("{key}.key"));
        let (ok, text) = openssl(
            &[
                "pkcs8",
                "-topk8",
                "-nocrypt",
                "-in",
                src.to_str().unwrap(),
                "-out",
                &pk8,
            ],
            dir.path(),
        );
        assert!(ok, "{text}");
        util(&[
            "--import", &pk8, "--token", "vanban", "--label", label, "--id", id, "--pin", "1234",
        ]);
    }
    let exe = std::env::current_exe().unwrap();
    let (ok, text) = run(Command::new(exe)
        .args([
            "sign_keys::token_signing_in_a_child_process",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("SOFTHSM2_CONF", &conf)
        .env(TOKEN_ENV, dir.path())
        .env("VANBAN_SIGN_PKI", &pki.dir));
    assert!(ok && text.contains("1 passed"), "{text}");
}

/// Writes the signer's certificate onto the token next to its key (CKA_ID
/// 01), as a token issued by a CA holds it; softhsm2-util imports keys only.
fn put_certificate_on_token(module: &Path, cert: &Certificate) {
    use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
    use cryptoki::object::{Attribute, CertificateType, ObjectClass};
    use cryptoki::session::UserType;
    let ctx = Pkcs11::new(module).unwrap();
    let _ = ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK));
    let slot = ctx.get_slots_with_token().unwrap()[0];
    let session = ctx.open_rw_session(slot).unwrap();
    session
        .login(
            UserType::User,
            Some(&cryptoki::types::AuthPin::from("1234")),
        )
        .unwrap();
    session
        .create_object(&[
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::CertificateType(CertificateType::X_509),
            Attribute::Token(true),
            Attribute::Id(vec![1]),
            Attribute::Label(b"signer".to_vec()),
            Attribute::Subject(cert.tbs_certificate().subject().to_der().unwrap()),
            Attribute::Value(cert.to_der().unwrap()),
        ])
        .unwrap();
}

/// `openssl dgst -sha256 -verify` of a raw signature with a certificate's
/// public key.
fn dgst_verifies(cert_pem: &Path, message: &[u8], signature: &[u8]) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let (ok, text) = openssl(
        &[
            "x509",
            "-in",
            cert_pem.to_str().unwrap(),
            "-pubkey",
            "-noout",
            "-out",
            "pub.pem",
        ],
        dir.path(),
    );
    assert!(ok, "{text}");
    std::fs::write(dir.path().join("msg.bin"), message).unwrap();
    std::fs::write(dir.path().join("sig.bin"), signature).unwrap();
    openssl(
        &[
            "dgst",
            "-sha256",
            "-verify",
            "pub.pem",
            "-signature",
            "sig.bin",
            "msg.bin",
        ],
        dir.path(),
    )
    .0
}

/// Run by [`keys_on_a_softhsm2_token_sign`] in a child process, with the
/// token it prepared; not on its own.
#[test]
#[ignore = "run by keys_on_a_softhsm2_token_sign in a child process with its own SOFTHSM2_CONF"]
fn token_signing_in_a_child_process() {
    needs!(Openssl);
    let dir = PathBuf::from(std::env::var_os("VANBAN_SIGN_PKI").expect(
        "run by keys_on_a_softhsm2_token_sign (it sets VANBAN_SIGN_PKI and SOFTHSM2_CONF)",
    ));
    assert!(std::env::var_os(TOKEN_ENV).is_some());
    let module = softhsm_module();
    let pem = |name: &str| dir.join(name);
    let certs =
        |name: &str| keys::load_certificates(&std::fs::read(pem(name)).unwrap(), name).unwrap();
    let signer_chain = certs("chain.pem");
    put_certificate_on_token(&module, &signer_chain[0]);

    // RSA, by label, its certificate read from the token.
    let rsa = pkcs11::TokenKey::open(&module, None, "1234", Some("signer"), None).unwrap();
    assert_eq!(rsa.chain(), &signer_chain[..1]);
    let message = b"the signed attributes";
    let sig = rsa.sign(message).unwrap();
    assert!(dgst_verifies(&pem("signer.pem"), message, &sig));
    // The same key in the .p12: PKCS#1 v1.5 gives the very same bytes.
    let file = keys::load_p12(&std::fs::read(pem("signer.p12")).unwrap(), PASSWORD, "p12").unwrap();
    assert_eq!(sig, file.sign(message).unwrap());
    let (bytes, digest) = covered(6);
    let cms_der = cms::build(&digest, &rsa, None).unwrap();
    let (ok, text) = cms_verifies_with(&pem("ca.pem"), &cms_der, &bytes);
    assert!(ok, "{text}");

    // P-256, by id, by slot index 0, the chain given from a file.
    let ec = pkcs11::TokenKey::open(
        &module,
        Some(0),
        "1234",
        Some("02"),
        Some(certs("agency-chain.pem")),
    )
    .unwrap();
    let sig = ec.sign(message).unwrap();
    assert_eq!(sig[0], 0x30, "DER Ecdsa-Sig-Value");
    assert!(dgst_verifies(&pem("agency.pem"), message, &sig));
    assert!(!dgst_verifies(&pem("agency.pem"), b"other", &sig));
    let (bytes, digest) = covered(7);
    let cms_der = cms::build(&digest, &ec, None).unwrap();
    let (ok, text) = cms_verifies_with(&pem("ca.pem"), &cms_der, &bytes);
    assert!(ok, "{text}");

    // The errors. A PKCS#11 login holds for all the sessions of a process:
    // the keys opened above are closed first, so that the PIN is checked.
    drop((rsa, ec));
    let err = err_text(pkcs11::TokenKey::open(
        &module,
        None,
        "0000",
        Some("signer"),
        None,
    ));
    assert!(err.contains("wrong PIN"), "{err}");
    let err = err_text(pkcs11::TokenKey::open(&module, None, "1234", None, None));
    assert!(err.contains("holds 2 private keys"), "{err}");
    assert!(
        err.contains("\"signer\"") && err.contains("\"agency\""),
        "{err}"
    );
    let err = err_text(pkcs11::TokenKey::open(
        &module,
        None,
        "1234",
        Some("nobody"),
        None,
    ));
    assert!(
        err.contains("no private key labelled or with id \"nobody\""),
        "{err}"
    );
    let err = err_text(pkcs11::TokenKey::open(
        &module,
        Some(99),
        "1234",
        None,
        None,
    ));
    assert!(err.contains("no token in slot 99"), "{err}");
    // The agency's key has no certificate on the token.
    let err = err_text(pkcs11::TokenKey::open(
        &module,
        None,
        "1234",
        Some("agency"),
        None,
    ));
    assert!(err.contains("no certificate for the key"), "{err}");
    // A chain for another key is caught when signing.
    let wrong = pkcs11::TokenKey::open(
        &module,
        None,
        "1234",
        Some("signer"),
        Some(certs("nosign-chain.pem")),
    )
    .unwrap();
    let err = err_text(cms::build(&digest, &wrong, None));
    assert!(err.contains("not a pair"), "{err}");
}

/// pyHanko's CMS validator (the judge of the signed PDFs) over a detached
/// CMS: intact, valid, trusted (the test CA), and its time-stamp valid.
const PYHANKO_CHECK: &str = r#"
import asyncio, sys
from asn1crypto import cms, pem, x509
from pyhanko.sign.validation import async_validate_detached_cms
from pyhanko_certvalidator import ValidationContext
_, _, der = pem.unarmor(open(sys.argv[1], 'rb').read())
vc = ValidationContext(trust_roots=[x509.Certificate.load(der)])
for p7s, data in zip(sys.argv[2::2], sys.argv[3::2]):
    sd = cms.ContentInfo.load(open(p7s, 'rb').read())['content']
    st = asyncio.run(async_validate_detached_cms(
        open(data, 'rb').read(), sd,
        signer_validation_context=vc, ts_validation_context=vc))
    ts = st.timestamp_validity
    print(p7s, st.intact, st.valid, st.trusted, ts is not None and ts.intact and ts.valid,
          st.signing_cert.subject.native['common_name'])
"#;

#[test]
fn pyhanko_validates_the_cms_and_its_time_stamp() {
    needs!(Openssl, Venv);
    let url = start_tsa();
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![sign_pki::pki().path("ca.pem")];
    for (name, seed) in [("signer.p12", 8u8), ("agency.p12", 9)] {
        let (bytes, digest) = covered(seed);
        let sig = cms::build(&digest, &p12(name), Some(&url)).unwrap();
        let p7s = dir.path().join(format!("{name}.p7s"));
        let data = dir.path().join(format!("{name}.bin"));
        std::fs::write(&p7s, &sig).unwrap();
        std::fs::write(&data, &bytes).unwrap();
        args.extend([p7s, data]);
    }
    let (ok, text) = run(Command::new(super::support::python())
        .arg("-c")
        .arg(PYHANKO_CHECK)
        .args(&args));
    assert!(ok, "{text}");
    let lines: Vec<&str> = text.lines().filter(|l| l.contains(".p7s")).collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].ends_with("True True True True Nguyễn Văn Hùng"),
        "{text}"
    );
    assert!(
        lines[1].ends_with("True True True True UBND Phường Lam Sơn"),
        "{text}"
    );
}
