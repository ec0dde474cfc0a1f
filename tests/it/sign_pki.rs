//! A test PKI made once per run with the `openssl` command line: a CA, a
//! signer (RSA-2048, digitalSignature + nonRepudiation), an agency (P-256),
//! an expired signer, a certificate that may not sign (keyCertSign only),
//! and their PKCS#12 files (modern AES and legacy RC2/3DES), plus a signed
//! rendering of a fixture to sign. Shared by the signing tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The password of every test `.p12`.
pub const PASSWORD: &str = "mật-khẩu 123";

/// Where the PKI lives (a folder kept for the whole test run).
pub struct Pki {
    _dir: tempfile::TempDir,
    /// The folder.
    pub dir: PathBuf,
}

impl Pki {
    /// A file of the PKI: `ca.pem`, `signer.pem`, `signer.key`,
    /// `signer.p12`, `signer-legacy.p12`, `agency.pem`, `agency.key`,
    /// `agency.p12`, `expired.p12`, `nosign.p12`, `chain.pem` (signer + CA),
    /// `tsa.pem`, `tsa.key` (a time-stamp authority) and `tsa.cnf` (its
    /// `openssl ts` configuration, sections `tsa_ok` and `tsa_reject`).
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs (scripts/test installs it)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The test PKI, made on first use.
pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().to_path_buf();
        let w = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect("write");
        w(
            "ca.cnf",
            "[req]\ndistinguished_name=dn\nprompt=no\n[dn]\nCN=Vanban Test Root CA\nO=Vanban Test\nC=VN\n\
             [v3_ca]\nbasicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n\
             subjectKeyIdentifier=hash\n",
        );
        w(
            "leaf.cnf",
            "[sign]\nbasicConstraints=CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\n\
             subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n\
             [nosign]\nbasicConstraints=CA:false\nkeyUsage=critical,keyEncipherment\n\
             subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
        );
        let o = |args: &[&str]| openssl(&dir, args);
        o(&["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "ca.key"]);
        // `openssl ca` (not `x509 -req`) so that validity dates can be set:
        // everything is valid from 2020 to 2045, so tests sign at fixed past
        // times (2025) and their bytes stay the same from run to run.
        w(
            "ca-db.cnf",
            "[ca]\ndefault_ca=testca\n[testca]\ndir=.\ndatabase=index.txt\nnew_certs_dir=.\n\
             serial=serial\ndefault_md=sha256\npolicy=anything\nunique_subject=no\n\
             copy_extensions=none\nemail_in_dn=no\nutf8=yes\nstring_mask=utf8only\n\
             [anything]\ncommonName=optional\norganizationName=optional\ncountryName=optional\n",
        );
        w("index.txt", "");
        w("serial", "1000\n");
        let issue = |csr: &str, pem: &str, ext_file: &str, ext: &str, dates: (&str, &str)| {
            let mut args = vec![
                "ca", "-batch", "-config", "ca-db.cnf", "-in", csr, "-out", pem, "-notext",
                "-preserveDN", "-utf8", "-extfile", ext_file, "-extensions", ext, "-startdate",
                dates.0, "-enddate", dates.1,
            ];
            if csr == "ca.csr" {
                args.extend_from_slice(&["-selfsign", "-keyfile", "ca.key"]);
            } else {
                args.extend_from_slice(&["-cert", "ca.pem", "-keyfile", "ca.key"]);
            }
            o(&args);
        };
        const VALID: (&str, &str) = ("20200101000000Z", "20450101000000Z");
        o(&["req", "-new", "-key", "ca.key", "-config", "ca.cnf", "-out", "ca.csr"]);
        issue("ca.csr", "ca.pem", "ca.cnf", "v3_ca", VALID);
        let leaf = |name: &str, keyalg: &[&str], subject: &str, ext: &str, expired: bool| {
            let key = format!("{name}.key");
            let csr = format!("{name}.csr");
            let pem = format!("{name}.pem");
            let mut genkey = vec!["genpkey"];
            genkey.extend_from_slice(keyalg);
            genkey.extend_from_slice(&["-out", &key]);
            o(&genkey);
            o(&["req", "-new", "-key", &key, "-subj", subject, "-utf8", "-out", &csr]);
            // An expired certificate: valid during 2020 only.
            let dates = if expired { ("20200101000000Z", "20210101000000Z") } else { VALID };
            issue(&csr, &pem, "leaf.cnf", ext, dates);
            let chain = format!("{name}-chain.pem");
            let text = std::fs::read_to_string(dir.join(&pem)).expect("pem")
                + &std::fs::read_to_string(dir.join("ca.pem")).expect("ca");
            std::fs::write(dir.join(&chain), text).expect("chain");
            o(&[
                "pkcs12", "-export", "-inkey", &key, "-in", &pem, "-certfile", "ca.pem",
                "-name", name, "-passout", &format!("pass:{PASSWORD}"), "-out", &format!("{name}.p12"),
            ]);
        };
        let rsa = ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"];
        let ec = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"];
        leaf("signer", &rsa, "/CN=Nguyễn Văn Hùng/O=UBND Phường Lam Sơn/C=VN", "sign", false);
        leaf("agency", &ec, "/CN=UBND Phường Lam Sơn/O=UBND Phường Lam Sơn/C=VN", "sign", false);
        leaf("nosign", &rsa, "/CN=Khóa mã hóa/C=VN", "nosign", false);
        leaf("expired", &rsa, "/CN=Hết hạn/C=VN", "sign", true);
        o(&[
            "pkcs12", "-export", "-legacy", "-inkey", "signer.key", "-in", "signer.pem", "-certfile",
            "ca.pem", "-name", "signer", "-passout", &format!("pass:{PASSWORD}"), "-out",
            "signer-legacy.p12",
        ]);
        std::fs::rename(dir.join("signer-chain.pem"), dir.join("chain.pem")).expect("chain");
        // A time-stamp authority (RSA: pyHanko's in-process time-stamper signs
        // only with RSA; extendedKeyUsage critical
        // timeStamping) and its `openssl ts` configuration: the loopback
        // TSA of sign_tsa_server.rs answers with it.
        w(
            "tsa-ext.cnf",
            "[tsa]\nbasicConstraints=CA:false\nkeyUsage=critical,digitalSignature\n\
             extendedKeyUsage=critical,timeStamping\nsubjectKeyIdentifier=hash\n\
             authorityKeyIdentifier=keyid\n",
        );
        o(&["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "tsa.key"]);
        o(&["req", "-new", "-key", "tsa.key", "-subj", "/CN=Vanban Test TSA/C=VN", "-out", "tsa.csr"]);
        issue("tsa.csr", "tsa.pem", "tsa-ext.cnf", "tsa", VALID);
        w("tsaserial", "01\n");
        let d = dir.display();
        let section = |name: &str, digests: &str| {
            format!(
                "[{name}]\nserial = {d}/tsaserial\ncrypto_device = builtin\n\
                 signer_cert = {d}/tsa.pem\ncerts = {d}/ca.pem\nsigner_key = {d}/tsa.key\n\
                 signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = {digests}\n\
                 accuracy = secs:1\nordering = yes\ntsa_name = yes\n\
                 ess_cert_id_chain = no\ness_cert_id_alg = sha256\n"
            )
        };
        w(
            "tsa.cnf",
            &format!(
                "[tsa]\ndefault_tsa = tsa_ok\n{}{}",
                section("tsa_ok", "sha256, sha384, sha512"),
                // A TSA that accepts no SHA-256 imprint: it rejects (badAlg).
                section("tsa_reject", "sha512")
            ),
        );
        Pki { _dir: tmp, dir }
    })
}

#[test]
fn the_test_pki_is_made() {
    needs!(Openssl);
    let p = pki();
    for f in [
        "ca.pem",
        "signer.p12",
        "signer-legacy.p12",
        "agency.p12",
        "expired.p12",
        "nosign.p12",
        "chain.pem",
    ] {
        assert!(p.path(f).is_file(), "{f}");
    }
    let out = Command::new("openssl")
        .args(["x509", "-noout", "-checkend", "0", "-in"])
        .arg(p.path("expired.pem"))
        .output()
        .expect("openssl");
    assert!(!out.status.success(), "expired.pem has expired");
}
