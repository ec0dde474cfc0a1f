//! The DOCX's custom property `vanban-stamp` (`docProps/custom.xml`): the
//! stamp of [`crate::batch::stamp`], written through docx-rs (one property,
//! so docx-rs's unordered map writes it the same way every time) and read
//! back here for `batch --changed-only`.

use std::io::Read;
use std::path::Path;

/// The custom property's name.
pub const STAMP_PROPERTY: &str = "vanban-stamp";

/// The custom properties part.
const CUSTOM_PART: &str = "docProps/custom.xml";

/// The most of `docProps/custom.xml` read back: vanban writes some hundred
/// bytes, so a larger part is not vanban's and is not read whole.
const MAX_CUSTOM_BYTES: u64 = 64 * 1024;

/// The stamp the DOCX at `path` carries, if it is a zip whose central
/// directory reads (a file cut short has none) and whose custom properties
/// name one. Only the central directory and that one part are read.
pub fn read_stamp(path: &Path) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let part = archive.by_name(CUSTOM_PART).ok()?;
    let mut xml = String::new();
    part.take(MAX_CUSTOM_BYTES).read_to_string(&mut xml).ok()?;
    stamp_in(&xml)
}

/// The value of the `vanban-stamp` property in a custom properties part.
/// Hand-matched rather than parsed: vanban writes the part (docx-rs's
/// fixed form, `name="…"><vt:lpwstr>…</vt:lpwstr>`), and anything else
/// only reads as no stamp, which renders the document again.
fn stamp_in(xml: &str) -> Option<String> {
    let name = format!("name=\"{STAMP_PROPERTY}\"");
    let after = xml.get(xml.find(&name)? + name.len()..)?;
    let open = "<vt:lpwstr>";
    let value = after.get(after.find(open)? + open.len()..)?;
    let end = value.find("</vt:lpwstr>")?;
    // The property's own element, not a later one's.
    let value = value.get(..end)?;
    (!value.contains('<')).then(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_property_docx_rs_writes() {
        let xml = r#"<?xml version="1.0"?><Properties><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="vanban-stamp"><vt:lpwstr>abc</vt:lpwstr></property></Properties>"#;
        assert_eq!(stamp_in(xml).as_deref(), Some("abc"));
        assert_eq!(stamp_in(&xml.replace("vanban-stamp", "other")), None);
    }
}
