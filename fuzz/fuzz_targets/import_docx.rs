//! A generated DOCX (see `vanban_fuzz::docx_gen`: paragraphs, runs, tables
//! with gridSpan and vMerge, numbering with odd starts and formats, styles
//! whose chains may loop) imported with the default limits; the first byte
//! picks the `--kind`. An import that succeeds must give JSON the renderer
//! takes or refuses with an error; never a panic, a hang or a blow-up.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use vanban::import::{ImportOptions, import_bytes_with};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let kind = match u.int_in_range(0..=3u8).unwrap_or(0) {
        0 => None,
        1 => Some("quyet-dinh".to_string()),
        2 => Some("cong-van".to_string()),
        _ => Some("bao-cao".to_string()),
    };
    let Ok(docx) = vanban_fuzz::docx_gen::docx(&mut u) else {
        return;
    };
    if std::env::var_os("VANBAN_FUZZ_PRINT").is_some() {
        let _ = std::fs::write("fuzz-import.docx", &docx);
    }
    let options = ImportOptions {
        kind,
        ..ImportOptions::default()
    };
    let Ok(imported) = import_bytes_with(&docx, &options, &vanban::Limits::default()) else {
        return;
    };
    let json = serde_json::to_vec_pretty(&imported.document).expect("a document serialises");
    let plain = vanban::RenderOptions {
        pdf: vanban::PdfOptions {
            standard: vanban::PdfStandard::None,
            ..vanban::PdfOptions::default()
        },
        ..vanban::RenderOptions::default()
    };
    vanban_fuzz::render_and_check_with(&json, &plain);
});
