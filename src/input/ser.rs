//! `Serialize` for the input's polymorphic forms, writing exactly the JSON of
//! the contract (`spec/input.md`), so that a document made in code (by the
//! importer, or an integrator) can be saved and read back unchanged:
//! a single plain run as a plain string, runs as the array form, optional
//! keys left out when absent, empty or at their default, dates as
//! `YYYY-MM-DD` or `{"year": N}`, blocks in their keyed forms.
//!
//! The structs derive `Serialize` (with `skip_serializing_if`) in `mod.rs`;
//! the forms serde's derive cannot write (an enum chosen by its keys, a
//! string-or-array) are written by hand here, mirroring `de.rs`.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::keys::{BlockKey, ItemKey};
use super::{Block, DateSpec, Inline, Item, List, Marker, Run};

/// Whether a value is its type's default (a key serde leaves out).
pub(super) fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// Whether a column width is the default, 1.
#[allow(clippy::trivially_copy_pass_by_ref, clippy::float_cmp)]
pub(super) fn is_one(w: &f64) -> bool {
    *w == 1.0
}

impl Run {
    /// A run with no emphasis, written as a plain string.
    fn is_plain(&self) -> bool {
        !(self.bold || self.italic || self.underline)
    }
}

impl Serialize for Run {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_plain() {
            return s.serialize_str(&self.text);
        }
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("text", &self.text)?;
        for (key, on) in [
            ("bold", self.bold),
            ("italic", self.italic),
            ("underline", self.underline),
        ] {
            if on {
                m.serialize_entry(key, &true)?;
            }
        }
        m.end()
    }
}

impl Inline {
    /// The one plain run this text is, if it is one (written as a string).
    fn as_plain(&self) -> Option<&str> {
        match self.0.as_slice() {
            [run] if run.is_plain() => Some(&run.text),
            _ => None,
        }
    }
}

impl Serialize for Inline {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.as_plain() {
            Some(text) => s.serialize_str(text),
            None => {
                let mut seq = s.serialize_seq(Some(self.0.len()))?;
                for run in &self.0 {
                    seq.serialize_element(run)?;
                }
                seq.end()
            }
        }
    }
}

impl Serialize for DateSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            DateSpec::Full { year, month, day } => {
                s.serialize_str(&format!("{year:04}-{month:02}-{day:02}"))
            }
            DateSpec::Year(year) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("year", &year)?;
                m.end()
            }
        }
    }
}

impl Serialize for Marker {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Serialize for Item {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Some(list) = &self.list else {
            return self.text.serialize(s);
        };
        let mut m = s.serialize_map(None)?;
        m.serialize_entry(ItemKey::Text.name(), &self.text)?;
        m.serialize_entry(ItemKey::List.name(), &list.items)?;
        if let Some(marker) = &list.marker {
            m.serialize_entry(ItemKey::Marker.name(), marker)?;
        }
        m.end()
    }
}

/// `{"<key>": value, "content": [...]}`, `content` left out when empty.
fn with_content<S: Serializer>(
    s: S,
    key: BlockKey,
    value: &Inline,
    content: &[Block],
    numbered: Option<bool>,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(None)?;
    m.serialize_entry(key.name(), value)?;
    if !content.is_empty() {
        m.serialize_entry(BlockKey::Content.name(), content)?;
    }
    if numbered == Some(false) {
        m.serialize_entry(BlockKey::Numbered.name(), &false)?;
    }
    m.end()
}

fn keyed<S: Serializer, T: Serialize + ?Sized>(
    s: S,
    key: BlockKey,
    v: &T,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(1))?;
    m.serialize_entry(key.name(), v)?;
    m.end()
}

impl Serialize for Block {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Block::Paragraph(t) => match t.as_plain() {
                Some(text) => s.serialize_str(text),
                None => keyed(s, BlockKey::Paragraph, t),
            },
            Block::Heading {
                heading,
                content,
                numbered,
            } => with_content(s, BlockKey::Heading, heading, content, Some(*numbered)),
            Block::Article { article, content } => {
                with_content(s, BlockKey::Article, article, content, None)
            }
            Block::Chapter { chapter, content } => {
                with_content(s, BlockKey::Chapter, chapter, content, None)
            }
            Block::List(List { items, marker }) => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry(BlockKey::List.name(), items)?;
                if let Some(marker) = marker {
                    m.serialize_entry(BlockKey::Marker.name(), marker)?;
                }
                m.end()
            }
            Block::Table(t) => keyed(s, BlockKey::Table, t),
            Block::Center(t) => keyed(s, BlockKey::Center, t),
            Block::PageBreak => keyed(s, BlockKey::PageBreak, &true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Appendix, AppendixForm, Document, Orientation, parse};
    use super::*;

    fn round_trip(doc: &Document, what: &str) {
        let json = serde_json::to_vec_pretty(doc).unwrap();
        let back = parse(&json, what)
            .unwrap_or_else(|e| panic!("{what}: {e}\n{}", String::from_utf8_lossy(&json)));
        assert_eq!(&back, doc, "{what}");
    }

    #[test]
    fn every_fixture_survives_serialize_then_parse() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let bytes = std::fs::read(&path).unwrap();
                let doc = parse(&bytes, &path.display().to_string()).unwrap();
                round_trip(&doc, &path.display().to_string());
                n += 1;
            }
        }
        assert!(n >= 10, "only {n} fixtures");
    }

    #[test]
    fn every_block_and_appendix_form_survives_serialize_then_parse() {
        let json = r#"{
            "kind": "quyet-dinh", "issuer": {"parent": "UBND TỈNH X", "name": "SỞ Y"},
            "number": "05", "symbol": "QĐ-SY", "place": "X", "date": {"year": 2025},
            "title": "QUYẾT ĐỊNH", "subject": "Về việc …", "authority": "GIÁM ĐỐC SỞ Y",
            "recipients": ["A", ["B ", {"text": "c", "bold": true}]],
            "preamble": [[{"text": "Căn cứ", "italic": true, "underline": true}]],
            "body": [
                "plain", ["runs ", {"text": "bold", "bold": true}],
                {"paragraph": [{"text": "only", "italic": true}]},
                {"heading": "H", "numbered": false, "content": [{"heading": "H2"}]},
                {"article": "A", "content": ["x"]}, {"article": "B"},
                {"chapter": "Quy định chung", "content": [{"article": "C"}]},
                {"list": ["a", {"text": "b", "list": ["c"], "marker": "1."}], "marker": "a)"},
                {"list": [["x ", {"text": "y", "bold": true}]]},
                {"table": {"columns": [{"title": "T", "width": 2, "align": "right"},
                    {"title": "U"}], "rows": [["1", ""], ["2", [{"text": "3", "bold": true}]]]}},
                {"center": "QUYẾT ĐỊNH:"}, {"page_break": true}
            ],
            "signatures": [{"authority": "KT", "position": "P", "name": "N", "image": "s.png"},
                {"position": "Q", "name": "M"}],
            "distribution": ["Lưu: VT"],
            "data": {"x": [1, {"y": null}]},
            "metadata": {"author": "A", "created": "2025-01-02"},
            "seal": {"image": "seal.png", "width_mm": 36.5, "signer": 1},
            "appendices": [
                {"body": ["a"]},
                {"title": "T", "label": "Phụ lục A", "attached_to": "(Kèm theo …)",
                 "orientation": "landscape", "body": [{"table": {"columns": [{"title": "a"}], "rows": []}}]},
                {"form": "attached", "type_name": "ĐIỀU LỆ", "title": "Hội", "body": [
                    {"chapter": "C", "content": [{"article": "A", "content": ["x"]}]}]}
            ]
        }"#;
        let doc = parse(json.as_bytes(), "all.json").unwrap();
        assert_eq!(doc.appendices.len(), 3);
        assert_eq!(doc.appendices[1].orientation, Orientation::Landscape);
        assert_eq!(doc.appendices[2].form, AppendixForm::Attached);
        assert!(matches!(&doc.body[1], Block::Paragraph(t) if t.0.len() == 2));
        round_trip(&doc, "all.json");
        // Defaults and absent keys are left out; a plain run is a string.
        let v = serde_json::to_value(&doc).unwrap();
        assert_eq!(v["appendices"][0], serde_json::json!({"body": ["a"]}));
        assert_eq!(v["date"], serde_json::json!({"year": 2025}));
        assert_eq!(v["body"][0], serde_json::json!("plain"));
        assert_eq!(v["body"][11], serde_json::json!({"page_break": true}));
        assert_eq!(
            v["body"][9]["table"]["columns"][1],
            serde_json::json!({"title": "U"})
        );
        assert!(v.get("signature").is_none() && v.get("layout").is_none());
        let full = Document {
            date: Some(DateSpec::Full {
                year: 2025,
                month: 3,
                day: 5,
            }),
            appendices: vec![Appendix::default()],
            ..doc
        };
        assert_eq!(serde_json::to_value(&full).unwrap()["date"], "2025-03-05");
        assert_eq!(
            serde_json::to_value(&full).unwrap()["appendices"][0],
            serde_json::json!({"body": []})
        );
    }
}
