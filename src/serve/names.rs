//! The file names of rendered documents (from their number and symbol) and
//! the zip of both files.

use std::io::Write;

use unicode_normalization::UnicodeNormalization;

use crate::engine::Rendered;
use crate::input;

/// A rendered document's file name without extension: its number and
/// symbol (`215-UBND-VP`), `van-ban` when it has neither; once in ASCII
/// (Vietnamese letters without their marks, `đ` as `d`) and once in UTF-8
/// with only the characters a file name may not hold replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stem {
    pub ascii: String,
    pub utf8: String,
}

impl Stem {
    pub fn of(doc: &input::Document) -> Self {
        let parts: Vec<&str> = [doc.number.as_deref().unwrap_or(""), doc.symbol.as_str()]
            .into_iter()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let joined = parts.join("-");
        let utf8 = clean(&joined, |c| c.is_alphanumeric());
        let ascii = clean(&ascii_letters(&joined), |c| c.is_ascii_alphanumeric());
        let fallback = |s: String| match s.is_empty() {
            true => "van-ban".to_string(),
            false => s,
        };
        Self {
            ascii: fallback(ascii),
            utf8: fallback(utf8),
        }
    }

    /// `attachment; filename="215-UBND-VP.pdf"; filename*=UTF-8''…` (RFC
    /// 6266, the UTF-8 name percent-encoded as RFC 8187 says).
    pub fn content_disposition(&self, ext: &str) -> String {
        format!(
            "attachment; filename=\"{}.{ext}\"; filename*=UTF-8''{}.{ext}",
            self.ascii,
            percent_encode(&self.utf8)
        )
    }
}

/// Letters without their Vietnamese marks: decomposed, marks dropped, `đ`
/// and `Đ` (which do not decompose) as `d` and `D`.
fn ascii_letters(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// Keeps the characters `keep` allows and `-`, `_`, `.`; each run of
/// others becomes one `-`; no `-` or `.` at either end (no hidden file, no
/// `..`).
fn clean(s: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::new();
    for c in s.nfc() {
        if keep(c) || c == '_' || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches(|c| c == '-' || c == '.')
        .chars()
        .take(100)
        .collect()
}

/// RFC 8187's `attr-char` kept, every other byte as `%XX`. Hand-written:
/// a dozen lines, where a crate would bring its own tables for one header.
fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Both files in one zip: `STEM.pdf` and `STEM.docx`, with a fixed date
/// (the same document gives the same bytes).
pub(crate) fn zip(stem: &Stem, rendered: &Rendered) -> zip::result::ZipResult<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (ext, bytes) in [("pdf", &rendered.pdf), ("docx", &rendered.docx)] {
        if let Some(bytes) = bytes {
            writer.start_file(format!("{}.{ext}", stem.ascii), options)?;
            writer.write_all(bytes)?;
        }
    }
    Ok(writer.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_ascii_safe_and_keep_the_vietnamese_in_utf8() {
        let d = r#"{"kind": "quyet-dinh", "issuer": {"name": "UBND"}, "number": "12",
            "symbol": "QĐ-UBND/../x", "place": "Lam Sơn", "date": "2023-09-05",
            "subject": "s", "body": ["a"], "signature": {"position": "P", "name": "N"}}"#;
        let doc: input::Document = serde_json::from_str(d).unwrap();
        let stem = Stem::of(&doc);
        assert_eq!(stem.ascii, "12-QD-UBND-..-x");
        assert_eq!(stem.utf8, "12-QĐ-UBND-..-x");
        let cd = stem.content_disposition("pdf");
        assert_eq!(
            cd,
            "attachment; filename=\"12-QD-UBND-..-x.pdf\"; \
             filename*=UTF-8''12-Q%C4%90-UBND-..-x.pdf"
        );
        assert_eq!(ascii_letters("Lâm Sơn Đường"), "Lam Son Duong");
        assert_eq!(clean("..//", |c| c.is_alphanumeric()), "");
    }
}
