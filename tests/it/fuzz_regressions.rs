//! The fuzz targets' checks (`fuzz/`), run on stable in every test run: each
//! input the fuzzers ever crashed on (`fuzz/regressions/`), and every
//! fixture cut short and bit-flipped, go through parse, validate, render
//! (PDF and DOCX) and import without a panic; whatever renders is a PDF and a
//! DOCX, whatever fails says where.

use std::path::Path;

use vanban::import::{Encoding, ImportOptions};

use crate::support::*;

/// What the fuzz targets assert for one input: `render_bytes` and
/// `import_text` in one.
fn survives(bytes: &[u8], name: &str, encodings: &[Encoding]) {
    let engine = engine();
    let validated = engine.validate(bytes, name);
    match engine.render(bytes, name) {
        Ok(r) => {
            assert!(validated.is_ok(), "{name}: renders but does not validate");
            assert!(
                r.pdf.as_deref().is_some_and(|p| p.starts_with(b"%PDF-")),
                "{name}"
            );
            assert!(
                r.docx.as_deref().is_some_and(|d| d.starts_with(b"PK")),
                "{name}"
            );
        }
        Err(e) => {
            assert!(validated.is_err() || !e.to_string().is_empty(), "{name}");
            assert!(!e.to_string().trim().is_empty(), "{name}: an empty error");
        }
    }
    for encoding in encodings {
        let options = ImportOptions {
            encoding: *encoding,
            ..ImportOptions::default()
        };
        if let Ok(imported) = vanban::import::import_text(bytes, &options) {
            // What import gives renders, or fails with a clear error.
            let json = serde_json::to_vec(&imported.document).unwrap();
            if let Err(e) = engine.render_as(&json, name, vanban::Formats::PDF) {
                assert!(!e.to_string().trim().is_empty(), "{name}");
            }
        }
    }
}

#[test]
fn every_input_a_fuzzer_crashed_on_now_passes() {
    let dir = root().join("fuzz/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        survives(
            &std::fs::read(&path).unwrap(),
            &path.display().to_string(),
            &[
                Encoding::Auto,
                Encoding::Utf8,
                Encoding::Tcvn3,
                Encoding::Vni,
            ],
        );
        n += 1;
    }
    eprintln!("{n} fuzz regressions replayed from {}", dir.display());
}

/// Every good and bad fixture: each prefix at 23 cuts, and with bytes
/// flipped at 23 places (a cheap, deterministic sample of the damage a
/// fuzzer starts from).
#[test]
fn fixtures_cut_short_or_with_flipped_bytes_fail_cleanly() {
    let mut files = fixtures();
    files.extend(
        std::fs::read_dir(root().join("fixtures/bad"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().is_some_and(|n| n != "expected.json")),
    );
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let name = Path::new(path.file_name().unwrap()).display().to_string();
        let step = (bytes.len() / 23).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            survives(
                &bytes[..cut],
                &format!("{name}[..{cut}]"),
                &[Encoding::Auto],
            );
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0x80 | (cut as u8 & 0x3f);
            survives(&flipped, &format!("{name} flipped at {cut}"), &[]);
        }
    }
}
