//! Arbitrary bytes as a text file to import (`vanban import FILE.txt`), in
//! each encoding: UTF-8, TCVN3, VNI and detected. An import that succeeds
//! must give JSON that the renderer takes, or refuses with an error; never
//! a panic, in the importer or in the render of what it produced.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vanban::import::{Encoding, ImportOptions, import_text};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the `--kind` given, if any; the rest is the file.
    let (kind, text) = match data.split_first() {
        Some((k, rest)) => (*k, rest),
        None => (0, data),
    };
    let kind = match kind % 4 {
        0 => None,
        1 => Some("quyet-dinh".to_string()),
        2 => Some("cong-van".to_string()),
        _ => Some("bao-cao".to_string()),
    };
    // Rendering is the slow part: a text that imports the same in several
    // encodings (ASCII does in all four) is rendered once.
    let mut rendered: Vec<Vec<u8>> = Vec::new();
    let options_plain = vanban::RenderOptions {
        pdf: vanban::PdfOptions {
            standard: vanban::PdfStandard::None,
            ..vanban::PdfOptions::default()
        },
        ..vanban::RenderOptions::default()
    };
    for encoding in [
        Encoding::Utf8,
        Encoding::Tcvn3,
        Encoding::Vni,
        Encoding::Auto,
    ] {
        let options = ImportOptions {
            encoding,
            kind: kind.clone(),
        };
        let Ok(imported) = import_text(text, &options) else {
            continue;
        };
        let Ok(json) = serde_json::to_vec_pretty(&imported.document) else {
            continue;
        };
        if rendered.contains(&json) {
            continue;
        }
        // A plain PDF: a text without a date imports without one, which
        // PDF/A refuses (a clear error, but one that would stop most
        // imports before the writers).
        vanban_fuzz::render_and_check_with(&json, &options_plain);
        rendered.push(json);
    }
});
