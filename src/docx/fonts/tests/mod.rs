//! Tests of font embedding, by job: obfuscation, subsetting, package edits.

use std::collections::BTreeSet;

use super::obfuscate::obfuscate;
use super::*;
use crate::text::font::sfnt::table_directory;

mod obfuscation;
mod package;
mod subsetting;

pub(super) const FONT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts");
pub(super) const TEXT: &str =
    "Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập, tự do, hạnh phúc; ướ ựờ";

pub(super) fn font_bytes(face: &str) -> Vec<u8> {
    let path = format!("{FONT_DIR}/LiberationSerif-{face}.ttf");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub(super) fn regular() -> Vec<u8> {
    font_bytes("Regular")
}

pub(super) fn text_chars() -> BTreeSet<char> {
    TEXT.chars().collect()
}

pub(super) fn file(data: &[u8]) -> FontFile<'_> {
    FontFile {
        data,
        source: "LiberationSerif-Regular.ttf",
    }
}

pub(super) fn deobfuscated(font: &EmbeddedFont) -> Vec<u8> {
    obfuscate(&font.data, &font.key).expect("deobfuscate")
}

/// A copy of `data` with the OS/2 fsType set to `fs_type`.
pub(super) fn with_fs_type(data: &[u8], fs_type: u16) -> Vec<u8> {
    let tables = table_directory(data).expect("directory");
    let os2 = tables.iter().find(|t| &t.tag == b"OS/2").expect("OS/2");
    let offset = os2.data.as_ptr() as usize - data.as_ptr() as usize;
    let mut out = data.to_vec();
    out[offset + 8..offset + 10].copy_from_slice(&fs_type.to_be_bytes());
    out
}
