//! Arbitrary bytes as an input document: parse, check, compose, typeset and
//! write (PDF and DOCX), and validate. An error is a fine answer; a panic,
//! a hang, a blown stack or memory is not.
//!
//! Most random bytes die in the JSON parser: the corpus seeded from the
//! fixtures and the dictionary (`fuzz/render_bytes.dict`) carry it further,
//! and `render_structured` covers the typesetter more deeply.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vanban_fuzz::render_and_check(data);
});
