//! Structure-aware: the fuzzer's bytes drive a generator of input documents
//! (`vanban_fuzz::document`) that follows the contract, so that nearly every
//! execution gets past parsing and checking to composition, the typesetter
//! and both writers. The document is serialised and rendered as bytes, the
//! path a caller's JSON takes.
//!
//! The PDF options (standard, attached source, signature fields) are drawn
//! after the document: a regression saved as JSON alone replays with the
//! default options, so a crash that needs other options says so in its name.
//!
//! A crash's input file is the generator's bytes, not JSON: replay it with
//! `cargo fuzz run render_structured FILE` (it prints the JSON to stderr
//! when `VANBAN_FUZZ_PRINT` is set) and save that JSON in fuzz/regressions.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = arbitrary::Unstructured::new(data);
    let Ok(doc) = vanban_fuzz::document(&mut u) else {
        return;
    };
    let Ok(options) = vanban_fuzz::render_options(&mut u) else {
        return;
    };
    // Pretty-printed half the time: error positions (line, column) are
    // computed from the text, and both layouts of the text should parse.
    let json = match data.first().is_some_and(|b| b & 1 == 1) {
        true => serde_json::to_vec_pretty(&doc),
        false => serde_json::to_vec(&doc),
    };
    let Ok(json) = json else {
        return;
    };
    if std::env::var_os("VANBAN_FUZZ_PRINT").is_some() {
        eprintln!("{}", String::from_utf8_lossy(&json));
    }
    vanban_fuzz::render_and_check_with(&json, &options);
});
