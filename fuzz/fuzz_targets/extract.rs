//! `vanban extract` on a generated PDF (see `vanban_fuzz::pdf_gen`: an
//! `/AF` array and an `/EmbeddedFiles` name tree whose kids may loop,
//! file specifications, attachments stored, deflated or under other
//! filters, objects in an object stream, xref tables right or broken) or
//! on raw bytes. What it returns must be UTF-8 JSON, as the contract says;
//! anything else is an error, never a panic. The same file goes through
//! the PDF importer too (hayro over the same bounded scan).
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let pdf = if u.ratio(1, 8u8).unwrap_or(false) {
        u.take_rest().to_vec()
    } else {
        match vanban_fuzz::pdf_gen::pdf(&mut u) {
            Ok(p) => p,
            Err(_) => return,
        }
    };
    if std::env::var_os("VANBAN_FUZZ_PRINT").is_some() {
        let _ = std::fs::write("fuzz-extract.pdf", &pdf);
    }
    let limits = vanban::Limits::default();
    if let Ok(bytes) = vanban::pdf::extract::extract_source_with(&pdf, &limits) {
        let text = std::str::from_utf8(&bytes).expect("an extracted source is UTF-8");
        serde_json::from_str::<serde_json::Value>(text).expect("an extracted source is JSON");
        assert!(bytes.len() <= limits.max_input_bytes);
    }
    let _ = vanban::import::import_pdf_with(&pdf, &Default::default(), &limits);
});
