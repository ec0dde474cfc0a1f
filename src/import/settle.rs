//! The last step of every import: what recognition built is made to hold
//! to the input contract (blank entries it could not fill dropped, each
//! said), then checked by the same engine `vanban validate` uses, so that
//! an import either gives JSON that renders with the defaults or fails
//! here with the reason — never JSON that fails later.

use serde_json::Value;

use super::structure::Warning;
use crate::engine::Engine;
use crate::error::{Error, Result};

/// Drops blank entries from `doc`'s arrays (a paragraph, list item, Nơi
/// nhận or Kính gửi line with no text; a list left with no items), each
/// reported with its JSON path, then validates the document.
pub fn settle(doc: &mut Value, warnings: &mut Vec<Warning>) -> Result<()> {
    prune(doc, "", warnings);
    let has_body = doc
        .get("body")
        .and_then(Value::as_array)
        .is_some_and(|b| !b.is_empty());
    if !has_body {
        return Err(Error::Import(
            "no body text found: the file holds a header and a closing but nothing between \
             them (is it a cover page, or a scan with only a text stamp?)"
                .into(),
        ));
    }
    let json = serde_json::to_vec(doc).map_err(|e| Error::Import(e.to_string()))?;
    Engine::new()?.validate(&json, "the imported document").map_err(|e| {
        Error::Import(format!(
            "the document recognised in this file does not validate, so it is not written: {e}\n\
             (this is a gap in vanban's importer: please report it with the file)"
        ))
    })
}

fn blank(v: &Value) -> bool {
    match v {
        Value::String(s) => s.trim().is_empty(),
        Value::Array(runs) => runs.iter().all(|r| match r {
            Value::String(s) => s.trim().is_empty(),
            Value::Object(o) => o.get("text").is_none_or(blank),
            _ => false,
        }),
        Value::Object(o) => {
            o.get("paragraph").is_some_and(blank)
                || o.get("center").is_some_and(blank)
                || o.get("list")
                    .and_then(Value::as_array)
                    .is_some_and(Vec::is_empty)
                || o.contains_key("text")
                    && o.get("text").is_some_and(blank)
                    && !o.contains_key("list")
        }
        _ => false,
    }
}

/// Arrays whose blank entries are dropped: never a table's cells (a blank
/// cell is a cell).
const PRUNED: &[&str] = &[
    "body",
    "content",
    "list",
    "recipients",
    "preamble",
    "distribution",
];

fn prune(v: &mut Value, path: &str, warnings: &mut Vec<Warning>) {
    match v {
        Value::Object(o) => {
            for (k, child) in o.iter_mut() {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                if k == "table" || k == "data" {
                    continue;
                }
                if let (true, Value::Array(items)) = (PRUNED.contains(&k.as_str()), &mut *child) {
                    // Children first: a list emptied by its items goes too.
                    for (n, item) in items.iter_mut().enumerate() {
                        prune(item, &format!("{p}[{n}]"), warnings);
                    }
                    let mut n = 0;
                    items.retain(|item| {
                        let keep = !blank(item);
                        if !keep {
                            warnings.push(Warning {
                                line: 0,
                                message: format!("`{p}[{n}]`: a blank entry left out"),
                            });
                        }
                        n += 1;
                        keep
                    });
                } else {
                    prune(child, &p, warnings);
                }
            }
        }
        Value::Array(items) => {
            for (n, item) in items.iter_mut().enumerate() {
                prune(item, &format!("{path}[{n}]"), warnings);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn blank_entries_go_and_are_reported_with_their_paths() {
        let mut doc = json!({
            "kind": "bao-cao", "issuer": { "name": "UBND PHƯỜNG A" }, "symbol": "BC-UBND",
            "place": "A", "date": "2024-01-02",
            "body": ["Nội dung.", "  ", { "list": ["", { "text": "" }] },
                     { "heading": "Mục", "content": ["", "Có."] }],
            "signature": { "position": "CHỦ TỊCH", "name": "Nguyễn Văn A" },
            "distribution": ["Như trên;", ""]
        });
        let mut warnings = Vec::new();
        settle(&mut doc, &mut warnings).unwrap();
        assert_eq!(
            doc["body"],
            json!(["Nội dung.", { "heading": "Mục", "content": ["Có."] }])
        );
        assert_eq!(doc["distribution"], json!(["Như trên;"]));
        let said: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert!(
            said.contains(&"`distribution[1]`: a blank entry left out"),
            "{said:?}"
        );
        assert!(
            said.contains(&"`body[1]`: a blank entry left out"),
            "{said:?}"
        );
    }

    #[test]
    fn a_document_that_cannot_validate_is_an_error_not_json() {
        let mut doc = json!({
            "kind": "bao-cao", "issuer": { "name": "" }, "symbol": "BC-UBND", "place": "A",
            "body": ["x"], "signature": { "position": "CHỦ TỊCH", "name": "A" }
        });
        let e = settle(&mut doc, &mut Vec::new()).unwrap_err().to_string();
        assert!(
            e.contains("issuer.name") && e.contains("does not validate"),
            "{e}"
        );
        let mut empty = json!({ "kind": "bao-cao", "body": ["  "] });
        let e = settle(&mut empty, &mut Vec::new()).unwrap_err().to_string();
        assert!(e.contains("no body text found"), "{e}");
    }
}
