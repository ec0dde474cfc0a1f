//! Limits on what one input may ask of the renderer, so that a service that
//! embeds vanban answers a hostile or broken document with an error instead
//! of running out of memory, overflowing its stack or never finishing.

use crate::error::{Diagnostic, Error, Result};
use crate::i18n::Msg;
use crate::msg;

/// Limits on one input document. Exceeding one is an [`Error::Input`] whose
/// diagnostic names the JSON path of the offending value, its size, the
/// limit, and how to raise it.
///
/// The defaults are generous: a 500-page report and a table of 5,000 rows
/// render with them. They bound the work and memory a single document can
/// demand (roughly: under a gigabyte and a minute, where an unbounded
/// document of a few megabytes could take tens of gigabytes or hours).
///
/// ```
/// let mut limits = vanban::Limits::default();
/// limits.max_pages = 5_000;
/// let engine = vanban::Engine::new()?.with_limits(limits);
/// # Ok::<(), vanban::Error>(())
/// ```
///
/// The command line sets any of them with `--limit NAME=VALUE`, e.g.
/// `--limit max_input_bytes=64M` (`K`, `M`, `G`: KiB, MiB, GiB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest input, in bytes, checked before parsing. Default 16 MiB:
    /// a 500-page report is about 1.5 MB of JSON and a 5,000-row table about
    /// 0.5 MB, and parsing holds several times the input in memory.
    pub max_input_bytes: usize,
    /// The longest string (any value of the input, and any text after its
    /// `{{placeholders}}` are filled), in bytes of UTF-8. Default 1 MiB:
    /// about 300 pages of one paragraph, where a real paragraph or cell is a
    /// few kilobytes; line breaking and shaping work on a paragraph at once.
    pub max_string_bytes: usize,
    /// The deepest nesting of the body: a block of `body` is at depth 1, the
    /// blocks of a section's `content` and the items of a list one deeper
    /// than their parent. Default 32: a report numbered `I.`, `1.`, `1.1.`,
    /// `a)` with lists three deep inside is at depth 8. Bounds the recursion
    /// of parsing, checking and composing. The JSON parser refuses nesting
    /// deeper than 128 levels whatever this says, so values above ~60 act
    /// as ~60.
    pub max_depth: usize,
    /// The most elements: every block, list item, table cell (column titles
    /// included), Kính gửi, Căn cứ and Nơi nhận line, and every run of an
    /// array of runs counts one (a heading with its text, two). Default
    /// 100,000: a 500-page report has about 10,000, a 5,000-row table of 10
    /// columns 50,000. Each element costs a few kilobytes by the time it is a
    /// DOCX paragraph; counted while parsing, so a flood stops early.
    pub max_elements: usize,
    /// The most body rows in one table. Default 10,000 (about 250 pages):
    /// twice the 5,000 rows of a large statistical annex.
    pub max_table_rows: usize,
    /// The most columns in one table. Default 50: on an A4 page that is
    /// 3 mm a column, already too narrow for a word.
    pub max_table_columns: usize,
    /// The most values in `data` (every string, number, array and object,
    /// at any depth). Default 10,000: placeholders are a few dozen names.
    pub max_data_values: usize,
    /// The largest image file (signature, seal), in bytes. Default 20 MiB:
    /// a seal or signature PNG is rarely over 1 MB.
    pub max_image_bytes: u64,
    /// The most pixels in an image (width × height). Default 25,000,000
    /// (5000 × 5000; a seal 40 mm wide at 600 dpi is 950 × 950): the PDF
    /// writer decodes the whole image, up to 8 bytes a pixel.
    pub max_image_pixels: u64,
    /// The most pages of the PDF, a last guard checked after pagination
    /// and before the PDF is written; page breaks are counted before that.
    /// Default 2,000: four times the 500-page report.
    pub max_pages: usize,
    /// The most signers (`signature` plus `signatures`). Default 8: a joint
    /// document of Nghị định 30 has two or three; at 40 the columns are
    /// 11.7 pt wide and the signature fields unusable.
    pub max_signers: usize,
    /// The largest file `import` or `extract` reads (a PDF, DOCX, DOC or
    /// text), in bytes, checked on the open file before reading. Default
    /// 256 MiB: a scanned-and-OCRed 500-page PDF is about 100 MB.
    pub max_source_bytes: u64,
    /// The most bytes decompressed from one source file, all parts and
    /// streams together (a DOCX's zip parts, a PDF's streams, an attached
    /// file). Default 512 MiB. Counted while inflating, so a bomb stops at
    /// the limit, not after.
    pub max_unpacked_bytes: u64,
    /// The most objects read from one source file: PDF objects, zip entries,
    /// XML elements of a DOCX part, nodes visited in a PDF tree. Default
    /// 5,000,000: a 500-page PDF has about 50,000 objects, a 500-page DOCX
    /// about 2,000,000 XML elements.
    pub max_source_objects: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_input_bytes: 16 << 20,
            max_string_bytes: 1 << 20,
            max_depth: 32,
            max_elements: 100_000,
            max_table_rows: 10_000,
            max_table_columns: 50,
            max_data_values: 10_000,
            max_image_bytes: 20 << 20,
            max_image_pixels: 25_000_000,
            max_pages: 2_000,
            max_signers: 8,
            max_source_bytes: 256 << 20,
            max_unpacked_bytes: 512 << 20,
            max_source_objects: 5_000_000,
        }
    }
}

/// The limits' names, as [`Limits::set`] and `--limit` take them.
pub const LIMIT_NAMES: [&str; 14] = [
    "max_input_bytes",
    "max_string_bytes",
    "max_depth",
    "max_elements",
    "max_table_rows",
    "max_table_columns",
    "max_data_values",
    "max_image_bytes",
    "max_image_pixels",
    "max_pages",
    "max_signers",
    "max_source_bytes",
    "max_unpacked_bytes",
    "max_source_objects",
];

impl Limits {
    /// No limits at all (every one at its type's maximum), for trusted input.
    /// The JSON parser's own nesting limit of 128 levels still holds.
    pub fn none() -> Self {
        Self {
            max_input_bytes: usize::MAX,
            max_string_bytes: usize::MAX,
            max_depth: usize::MAX,
            max_elements: usize::MAX,
            max_table_rows: usize::MAX,
            max_table_columns: usize::MAX,
            max_data_values: usize::MAX,
            max_image_bytes: u64::MAX,
            max_image_pixels: u64::MAX,
            max_pages: usize::MAX,
            max_signers: usize::MAX,
            max_source_bytes: u64::MAX,
            max_unpacked_bytes: u64::MAX,
            max_source_objects: usize::MAX,
        }
    }

    /// Sets one limit by name from text: `max_pages`, `5000`. Sizes take a
    /// `K`, `M` or `G` suffix (KiB, MiB, GiB): `max_input_bytes`, `64M`.
    pub fn set(&mut self, name: &str, value: &str) -> std::result::Result<(), String> {
        self.set_msg(name, value).map_err(|m| m.to_string())
    }

    /// [`Limits::set`] with its error as a message, for the reader's language.
    pub fn set_msg(&mut self, name: &str, value: &str) -> std::result::Result<(), Msg> {
        let n = parse_size(value).ok_or_else(|| msg!("input-limit-not-number", value = value))?;
        let small =
            || usize::try_from(n).map_err(|_| msg!("input-limit-too-large", value = n.to_string()));
        match name {
            "max_input_bytes" => self.max_input_bytes = small()?,
            "max_string_bytes" => self.max_string_bytes = small()?,
            "max_depth" => self.max_depth = small()?,
            "max_elements" => self.max_elements = small()?,
            "max_table_rows" => self.max_table_rows = small()?,
            "max_table_columns" => self.max_table_columns = small()?,
            "max_data_values" => self.max_data_values = small()?,
            "max_image_bytes" => self.max_image_bytes = n,
            "max_image_pixels" => self.max_image_pixels = n,
            "max_pages" => self.max_pages = small()?,
            "max_signers" => self.max_signers = small()?,
            "max_source_bytes" => self.max_source_bytes = n,
            "max_unpacked_bytes" => self.max_unpacked_bytes = n,
            "max_source_objects" => self.max_source_objects = small()?,
            _ => {
                return Err(msg!(
                    "input-limit-unknown",
                    name = name,
                    names = LIMIT_NAMES.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// Refuses an input of `len` bytes if it is over [`Limits::max_input_bytes`];
    /// call it before reading or parsing a large input.
    pub fn check_input_size(&self, len: u64, file: &str) -> Result<()> {
        if len <= self.max_input_bytes as u64 {
            return Ok(());
        }
        Err(Error::input(
            file,
            over_limit(
                "",
                msg!(
                    "input-over-input-bytes",
                    size = size(len),
                    limit = size(self.max_input_bytes as u64)
                ),
            ),
        ))
    }
}

/// A diagnostic for a value over a limit: `m` says what (with its size) and
/// the limit, its hint what to do instead and how to raise the limit (the
/// [`Limits`] field and the command-line flag: the `-raise-limit` term of
/// `locales/*/input.ftl`).
pub(crate) fn over_limit(path: &str, m: Msg) -> Diagnostic {
    Diagnostic::new(path, m)
}

/// `10485760` → `10 MiB (10485760 bytes)`; small sizes in bytes alone.
pub(crate) fn size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    const KIB: u64 = 1 << 10;
    if bytes >= MIB {
        let (whole, tenth) = (bytes / MIB, (bytes % MIB) * 10 / MIB);
        match tenth {
            0 => format!("{whole} MiB ({bytes} bytes)"),
            t => format!("{whole}.{t} MiB ({bytes} bytes)"),
        }
    } else if bytes >= KIB {
        format!("{} KiB ({bytes} bytes)", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// `5000`, `64K`, `16M`, `1G`, `16MiB`, `16 MB` → bytes (binary multiples).
fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(digits);
    let n: u64 = num.parse().ok()?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return None,
    };
    n.checked_mul(1 << shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_set_by_name_with_sizes() {
        let mut l = Limits::default();
        l.set("max_input_bytes", "64M").unwrap();
        assert_eq!(l.max_input_bytes, 64 << 20);
        l.set("max_pages", "5000").unwrap();
        assert_eq!(l.max_pages, 5000);
        l.set("max_image_bytes", "512k").unwrap();
        assert_eq!(l.max_image_bytes, 512 << 10);
        assert!(l.set("max_pagez", "1").unwrap_err().contains("max_pages"));
        assert!(l.set("max_pages", "lots").is_err());
        assert!(l.set("max_pages", "99999999999G").is_err());
    }

    #[test]
    fn sizes_read_as_people_and_machines_count() {
        assert_eq!(size(512), "512 bytes");
        assert_eq!(size(2048), "2 KiB (2048 bytes)");
        assert_eq!(size(10 << 20), "10 MiB (10485760 bytes)");
        assert_eq!(size(10_000_000), "9.5 MiB (10000000 bytes)");
    }

    #[test]
    fn an_input_over_the_limit_names_the_field_and_the_flag() {
        let l = Limits::default();
        assert!(l.check_input_size(16 << 20, "a.json").is_ok());
        let e = l.check_input_size((16 << 20) + 1, "a.json").unwrap_err();
        let d = &e.diagnostics()[0];
        assert!(d.message.contains("16 MiB"), "{}", d.message);
        let hint = d.hint.as_deref().unwrap();
        assert!(
            hint.contains("Limits::max_input_bytes") && hint.contains("--limit max_input_bytes="),
            "{hint}"
        );
    }
}
