//! The DOCX's custom property `vanban-stamp` (`docProps/custom.xml`): the
//! stamp of [`crate::batch::stamp`], written through docx-rs (one property,
//! so docx-rs's unordered map writes it the same way every time) and read
//! back here for `batch --changed-only`.

use std::io::Read;
use std::path::Path;

use super::xml::Tree;

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

/// The value of the `vanban-stamp` property in a custom properties part:
/// the text of the property's `vt:lpwstr`, as written (vanban writes it
/// through docx-rs, a stamp has nothing to escape). Anything else (not
/// well-formed, another value type) reads as no stamp, which renders the
/// document again.
fn stamp_in(xml: &str) -> Option<String> {
    let tree = Tree::parse(xml).ok()?;
    let property = tree.elements().iter().position(|e| {
        tree.local(e) == "property" && tree.attr(e, "name").is_some_and(|n| n == STAMP_PROPERTY)
    })?;
    let value = tree
        .children(property)
        .filter_map(|i| tree.get(i))
        .find(|e| tree.local(e) == "lpwstr")?;
    let text = tree.content(value);
    (!value.empty && !text.contains('<')).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_property_docx_rs_writes() {
        let xml = r#"<?xml version="1.0"?><Properties><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="vanban-stamp"><vt:lpwstr>abc</vt:lpwstr></property></Properties>"#;
        assert_eq!(stamp_in(xml).as_deref(), Some("abc"));
        assert_eq!(stamp_in(&xml.replace("vanban-stamp", "other")), None);
        // Another property's value is not this one's.
        let other = xml.replace(
            "<vt:lpwstr>abc</vt:lpwstr></property>",
            r#"<vt:i4>1</vt:i4></property><property name="x"><vt:lpwstr>abc</vt:lpwstr></property>"#,
        );
        assert_eq!(stamp_in(&other), None);
    }
}
