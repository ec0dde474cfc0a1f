//! The last step of every import: what recognition built is made to hold
//! to the input contract (blank entries it could not fill dropped, each
//! said), then checked by the same engine `vanban validate` uses, so that
//! an import either gives JSON that renders with the defaults or fails
//! here with the reason — never JSON that fails later.

use super::structure::Warning;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::input::{Block, BlockKey, Document, Inline, ItemKey, List};

/// Drops blank entries from `doc` (a paragraph, list item, Nơi nhận or
/// Kính gửi line with no text; a list left with no items), each reported
/// with its JSON path, then validates the document.
pub fn settle(doc: &mut Document, engine: &Engine, warnings: &mut Vec<Warning>) -> Result<()> {
    let mut said = |path: String| {
        warnings.push(Warning::new(
            0,
            crate::msg!("import-warn-blank-entry", path = path),
        ));
    };
    for (key, lines) in [
        ("recipients", &mut doc.recipients),
        ("preamble", &mut doc.preamble),
        ("distribution", &mut doc.distribution),
    ] {
        retain(lines, key, |l| !blank(l), &mut said);
    }
    blocks(&mut doc.body, "body", &mut said);
    for (n, a) in doc.appendices.iter_mut().enumerate() {
        blocks(&mut a.body, &format!("appendices[{n}].body"), &mut said);
    }
    if doc.body.is_empty() {
        return Err(Error::Import(crate::msg!("import-no-body")));
    }
    let json = serde_json::to_vec(doc).map_err(|e| {
        Error::Import(crate::msg!(
            "import-result-unwritable",
            reason = e.to_string()
        ))
    })?;
    engine
        .validate(&json, "the imported document")
        .map_err(|e| Error::Import(crate::msg!("import-result-invalid", reason = e.to_string())))
}

fn blank(t: &Inline) -> bool {
    t.text().trim().is_empty()
}

/// Keeps the entries of `items` that `keep` says, reporting the others by
/// their path (`path[n]`, as they were numbered in the input).
fn retain<T>(
    items: &mut Vec<T>,
    path: &str,
    keep: impl Fn(&T) -> bool,
    said: &mut impl FnMut(String),
) {
    let mut n = 0;
    items.retain(|item| {
        let k = keep(item);
        if !k {
            said(format!("{path}[{n}]"));
        }
        n += 1;
        k
    });
}

/// Prunes the blocks at `path`, depth first (a list emptied by its items
/// goes too). A table's cells are never pruned: a blank cell is a cell.
fn blocks(items: &mut Vec<Block>, path: &str, said: &mut impl FnMut(String)) {
    for (n, b) in items.iter_mut().enumerate() {
        let at = format!("{path}[{n}]");
        match b {
            Block::Heading { content, .. }
            | Block::Article { content, .. }
            | Block::Chapter { content, .. } => {
                blocks(content, &format!("{at}.{}", BlockKey::Content.name()), said)
            }
            Block::List(list) => prune_list(list, &format!("{at}.{}", BlockKey::List.name()), said),
            _ => {}
        }
    }
    retain(
        items,
        path,
        |b| match b {
            Block::Paragraph(t) | Block::Center(t) => !blank(t),
            Block::List(l) => !l.items.is_empty(),
            _ => true,
        },
        said,
    );
}

fn prune_list(list: &mut List, path: &str, said: &mut impl FnMut(String)) {
    for (n, item) in list.items.iter_mut().enumerate() {
        if let Some(sub) = &mut item.list {
            prune_list(sub, &format!("{path}[{n}].{}", ItemKey::List.name()), said);
            if sub.items.is_empty() {
                item.list = None;
            }
        }
    }
    retain(
        &mut list.items,
        path,
        |i| !blank(&i.text) || i.list.is_some(),
        said,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A document from JSON, read as the contract reads it (blank entries
    /// and all: only the checks refuse them).
    fn doc(v: serde_json::Value) -> Document {
        crate::input::parse(v.to_string().as_bytes(), "test.json").unwrap()
    }

    #[test]
    fn blank_entries_go_and_are_reported_with_their_paths() {
        let mut d = doc(json!({
            "kind": "bao-cao", "issuer": { "name": "UBND PHƯỜNG A" }, "symbol": "BC-UBND",
            "place": "A", "date": "2024-01-02",
            "body": ["Nội dung.", "  ", { "list": ["", { "text": "" }] },
                     { "heading": "Mục", "content": ["", "Có."] }],
            "signature": { "position": "CHỦ TỊCH", "name": "Nguyễn Văn A" },
            "distribution": ["Như trên;", ""]
        }));
        let mut warnings = Vec::new();
        settle(&mut d, &Engine::new().unwrap(), &mut warnings).unwrap();
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(
            v["body"],
            json!(["Nội dung.", { "heading": "Mục", "content": ["Có."] }])
        );
        assert_eq!(v["distribution"], json!(["Như trên;"]));
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
        let mut d = doc(json!({
            "kind": "bao-cao", "issuer": { "name": "" }, "symbol": "BC-UBND", "place": "A",
            "body": ["x"], "signature": { "position": "CHỦ TỊCH", "name": "A" }
        }));
        let e = settle(&mut d, &Engine::new().unwrap(), &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("issuer.name") && e.contains("does not validate"),
            "{e}"
        );
        let mut empty = doc(json!({
            "kind": "bao-cao", "issuer": { "name": "A" }, "symbol": "BC-UBND", "place": "A",
            "body": ["  "], "signature": { "position": "CHỦ TỊCH", "name": "A" }
        }));
        let e = settle(&mut empty, &Engine::new().unwrap(), &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(e.contains("no body text found"), "{e}");
    }
}
