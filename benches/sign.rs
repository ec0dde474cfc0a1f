//! Signs the rendered seed report in-process: as the signer (RSA-2048, with
//! the handwritten image) and then as the agency (P-256, with the seal), and
//! prints the bytes each signature adds. The keys are made with the
//! `openssl` command line (scripts/test installs it).
//! `cargo bench --bench sign`

use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use vanban::sign::{self, Role, SignOptions};

const PASSWORD: &str = "bench";

/// A self-signed signing certificate and its `.p12` in `dir`.
fn p12(dir: &std::path::Path, name: &str, keyalg: &[&str]) -> Vec<u8> {
    let run = |args: &[&str]| {
        let st = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .status()
            .expect("openssl runs");
        assert!(st.success(), "openssl {args:?}");
    };
    let key = format!("{name}.key");
    let mut genkey = vec!["genpkey"];
    genkey.extend_from_slice(keyalg);
    genkey.extend_from_slice(&["-out", &key]);
    run(&genkey);
    run(&[
        "req",
        "-x509",
        "-new",
        "-key",
        &key,
        "-subj",
        "/CN=Bench/O=Vanban",
        "-days",
        "3650",
        "-addext",
        "keyUsage=critical,digitalSignature,nonRepudiation",
        "-out",
        &format!("{name}.pem"),
    ]);
    run(&[
        "pkcs12",
        "-export",
        "-inkey",
        &key,
        "-in",
        &format!("{name}.pem"),
        "-passout",
        &format!("pass:{PASSWORD}"),
        "-out",
        &format!("{name}.p12"),
    ]);
    std::fs::read(dir.join(format!("{name}.p12"))).expect("p12")
}

fn bench(c: &mut Criterion) {
    let root = env!("CARGO_MANIFEST_DIR");
    let engine = vanban::Engine::new().expect("built-in fonts and layout");
    let json = std::fs::read(format!("{root}/fixtures/bao-cao-cchc-q3-2023.json")).expect("seed");
    let pdf = engine
        .render_as(&json, "seed", vanban::Formats::PDF)
        .expect("renders")
        .pdf
        .expect("a pdf");
    let image = std::fs::read(format!("{root}/fixtures/images/signature.png")).expect("image");
    let seal = std::fs::read(format!("{root}/fixtures/images/seal.png")).expect("seal");
    let dir = tempfile::tempdir().expect("temp dir");
    let rsa = p12(
        dir.path(),
        "signer",
        &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    );
    let ec = p12(
        dir.path(),
        "agency",
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
    );
    let signer = sign::keys::load_p12(&rsa, PASSWORD, "signer.p12").expect("loads");
    let agency = sign::keys::load_p12(&ec, PASSWORD, "agency.p12").expect("loads");
    let time = time::macros::datetime!(2025-01-24 20:01:14 +7);
    let as_signer = SignOptions {
        role: Role::Signer {
            field: None,
            image: Some(image),
        },
        time,
        reason: None,
        location: None,
        reserve: sign::DEFAULT_RESERVE,
    };
    let as_agency = SignOptions {
        role: Role::Agency {
            seal,
            seal_mm: None,
            name: "UBND PHƯỜNG LAM SƠN".into(),
            over: None,
        },
        ..as_signer.clone()
    };
    let signed = sign::sign(&pdf, &as_signer, &signer, None).expect("signs");
    let sealed = sign::sign(&signed, &as_agency, &agency, None).expect("signs");
    eprintln!(
        "bytes added: signer (RSA-2048, image) {}, agency (P-256, seal) {}",
        signed.len() - pdf.len(),
        sealed.len() - signed.len()
    );
    c.bench_function("sign seed report as the signer (RSA-2048, image)", |b| {
        b.iter(|| sign::sign(std::hint::black_box(&pdf), &as_signer, &signer, None).expect("signs"))
    });
    c.bench_function("sign seed report as the agency (P-256, seal)", |b| {
        b.iter(|| {
            sign::sign(std::hint::black_box(&signed), &as_agency, &agency, None).expect("signs")
        })
    });
    c.bench_function("verify seed report with two signatures", |b| {
        b.iter(|| sign::verify::verify(std::hint::black_box(&sealed)).expect("verifies"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
