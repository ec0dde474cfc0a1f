//! The published JSON Schema (`vanban::input::input_schema`) is valid draft
//! 2020-12, accepts every good fixture and every block form, and refuses the
//! structural mistakes that vanban's parser refuses.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::support::*;

fn schema() -> Value {
    vanban::input::input_schema()
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema()).expect("the schema compiles")
}

/// The schema's errors for an instance, as `pointer: message` lines.
fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path().as_str()))
        .collect()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// vanban's own verdict: parse (serde) then check, with every character drawable.
fn vanban_accepts(doc: &Value) -> Result<(), String> {
    let bytes = serde_json::to_vec(doc).unwrap();
    let mut d = vanban::input::parse(&bytes, "t.json").map_err(|e| e.to_string())?;
    vanban::input::check(&mut d, "t.json", &|_| true).map_err(|e| e.to_string())
}

/// `body[0].list[2]` → `/body/0/list/2`.
fn pointer(path: &str) -> String {
    path.split(['.', '['])
        .filter(|s| !s.is_empty())
        .map(|s| format!("/{}", s.trim_end_matches(']')))
        .collect()
}

/// The bad fixtures whose mistake is in the structure: serde refuses them.
const STRUCTURAL: [&str; 15] = [
    "missing-issuer-name.json",
    "body-not-array.json",
    "unknown-block.json",
    "list-item-number.json",
    "list-marker.json",
    "table-width-zero.json",
    "date-format.json",
    "type-string-for-array.json",
    "type-number-for-string.json",
    "type-object-for-string.json",
    "type-null-for-string.json",
    "unknown-key-typo.json",
    "unknown-block-key.json",
    "unknown-metadata-key.json",
    "unknown-align.json",
];
/// Content rules of `check` that the schema states as well.
const CHECKED_AND_IN_SCHEMA: [&str; 4] = [
    "empty-body.json",
    "missing-signature.json",
    "empty-issuer-name.json",
    "language-injection.json",
];
/// Content rules beyond JSON Schema: valid against it, refused by vanban.
/// (A duplicate key is invisible once parsed: the last one wins.)
const BEYOND_SCHEMA: [&str; 21] = [
    "empty-paragraph.json",
    "date-invalid.json",
    "date-month-13.json",
    "emoji.json",
    "table-row-cells.json",
    "date-not-leap-year.json",
    "control-nul.json",
    "control-bell.json",
    "control-escape.json",
    "bidi-rtl-mark.json",
    "bidi-override.json",
    "zero-width-space.json",
    "soft-hyphen.json",
    "duplicate-key.json",
    "duplicate-block-key.json",
    "duplicate-data-key.json",
    "template-block.json",
    "template-partial.json",
    "template-object.json",
    "template-helper.json",
    "too-many-signers.json",
];
/// Not JSON at all.
const NOT_JSON: [&str; 3] = ["not-json.json", "truncated.json", "lone-surrogate.json"];

#[test]
fn the_schema_is_valid_draft_2020_12() {
    let s = schema();
    jsonschema::draft202012::meta::validate(&s)
        .unwrap_or_else(|e| panic!("the schema is not valid draft 2020-12: {e}"));
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(
        s.as_object().unwrap().keys().next().map(String::as_str),
        Some("$schema")
    );
    assert!(s["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(s["description"].as_str().is_some_and(|t| !t.is_empty()));
    let defs: Vec<&str> = s["$defs"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for name in [
        "Issuer",
        "Signature",
        "Metadata",
        "DateSpec",
        "Inline",
        "Run",
        "Block",
        "List",
        "Item",
        "Marker",
        "Table",
        "Column",
        "Align",
    ] {
        assert!(defs.contains(&name), "$defs lacks {name}: {defs:?}");
    }
    // Every `$ref` resolves.
    let mut refs = Vec::new();
    walk(&s, "#", &mut |_, v| {
        if let Some(r) = v.get("$ref").and_then(Value::as_str) {
            refs.push(r.to_string());
        }
    });
    assert!(!refs.is_empty());
    for r in refs {
        let target = s.pointer(r.trim_start_matches('#'));
        assert!(target.is_some(), "dangling $ref {r}");
    }
}

/// Calls `f` on every object schema below `v`, with its location.
fn walk(v: &Value, at: &str, f: &mut dyn FnMut(&str, &Value)) {
    match v {
        Value::Object(m) => {
            f(at, v);
            for (k, child) in m {
                walk(child, &format!("{at}/{k}"), f);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                walk(child, &format!("{at}/{i}"), f);
            }
        }
        _ => {}
    }
}

#[test]
fn every_property_is_described_and_every_object_is_closed() {
    let s = schema();
    let mut properties = 0;
    walk(&s, "#", &mut |at, v| {
        // The signer rule's branches only narrow properties described above them.
        if at.contains("/anyOf/") {
            return;
        }
        let Some(props) = v.get("properties").and_then(Value::as_object) else {
            return;
        };
        assert_eq!(
            v["additionalProperties"],
            json!(false),
            "{at}: unknown keys are errors"
        );
        for (key, p) in props {
            properties += 1;
            assert!(
                p["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{at}/properties/{key} has no description"
            );
        }
        if let Some(required) = v.get("required").and_then(Value::as_array) {
            for r in required {
                assert!(
                    props.contains_key(r.as_str().unwrap()),
                    "{at}: required {r} is no property"
                );
            }
        }
    });
    assert!(properties >= 40, "only {properties} properties");
}

#[test]
fn the_schema_follows_the_serde_types() {
    let s = schema();
    let d = &s["$defs"];
    let required = |v: &Value| -> Vec<String> {
        v["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(required(&s), ["kind", "issuer", "symbol", "place", "body"]);
    assert_eq!(required(&d["Issuer"]), ["name"]);
    assert_eq!(required(&d["Signature"]), ["position", "name"]);
    assert_eq!(required(&d["Run"]), ["text"]);
    assert_eq!(required(&d["Table"]), ["columns", "rows"]);
    assert_eq!(required(&d["Column"]), ["title"]);
    assert!(d["Metadata"].get("required").is_none());
    assert_eq!(d["Marker"]["enum"], json!(["-", "+", "a)", "1."]));
    assert_eq!(d["Align"]["enum"], json!(["left", "center", "right"]));
    assert_eq!(
        d["Column"]["properties"]["width"]["exclusiveMinimum"],
        json!(0)
    );
    assert_eq!(
        d["DateSpec"]["oneOf"][0]["pattern"],
        json!("^\\d{4}-\\d{2}-\\d{2}$")
    );
    // One object per block form, each requiring its form key.
    let forms: Vec<(String, Vec<String>)> = d["Block"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["type"] == "object")
        .map(|f| (f["title"].as_str().unwrap().to_string(), required(f)))
        .collect();
    let keys = [
        "paragraph",
        "heading",
        "article",
        "list",
        "table",
        "center",
        "chapter",
        "page_break",
    ];
    assert_eq!(forms.len(), keys.len());
    for (key, (title, req)) in keys.iter().zip(&forms) {
        assert_eq!(
            (title.as_str(), req.as_slice()),
            (*key, [key.to_string()].as_slice())
        );
    }
    assert_eq!(
        d["Block"]["oneOf"][8]["properties"]["page_break"]["const"],
        json!(true)
    );
}

#[test]
fn every_fixture_is_valid() {
    let v = validator();
    for path in fixtures() {
        let doc = read_json(&path);
        let errs = errors(&v, &doc);
        assert!(errs.is_empty(), "{}: {errs:#?}", path.display());
    }
}

#[test]
fn structural_bad_fixtures_are_rejected_where_vanban_points() {
    #[derive(serde::Deserialize)]
    struct Expect {
        path: String,
    }
    let dir = root().join("fixtures/bad");
    let expected: BTreeMap<String, Expect> =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
    let v = validator();
    for name in STRUCTURAL.iter().chain(&CHECKED_AND_IN_SCHEMA) {
        let doc = read_json(&dir.join(name));
        let errs: Vec<(String, String)> = v
            .iter_errors(&doc)
            .map(|e| (e.instance_path().as_str().to_string(), e.to_string()))
            .collect();
        assert!(!errs.is_empty(), "{name}: the schema accepts it");
        // The schema's complaint is at vanban's path or above it (a block whose
        // inside is wrong matches none of the block forms).
        let want = pointer(&expected[*name].path);
        assert!(
            errs.iter()
                .any(|(at, _)| want == *at || want.starts_with(&format!("{at}/"))),
            "{name}: expected an error at or above {want}, got {errs:#?}"
        );
    }
}

#[test]
fn every_bad_fixture_is_classified() {
    let mut files: Vec<String> = std::fs::read_dir(root().join("fixtures/bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && n != "expected.json")
        .collect();
    files.sort();
    let mut known: Vec<String> = STRUCTURAL
        .iter()
        .chain(&CHECKED_AND_IN_SCHEMA)
        .chain(&BEYOND_SCHEMA)
        .chain(&NOT_JSON)
        .map(|s| s.to_string())
        .collect();
    known.sort();
    assert_eq!(
        files, known,
        "a new bad fixture: say whether the schema can refuse it"
    );
}

#[test]
fn content_rules_beyond_the_schema() {
    let dir = root().join("fixtures/bad");
    let v = validator();
    for name in BEYOND_SCHEMA {
        let doc = read_json(&dir.join(name));
        let errs = errors(&v, &doc);
        assert!(
            errs.is_empty(),
            "{name}: the schema now refuses it; move it to CHECKED_AND_IN_SCHEMA: {errs:?}"
        );
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert!(
            engine().render(&bytes, name).is_err(),
            "{name}: vanban accepts it"
        );
    }
    // A validator that asserts `format` refuses an impossible calendar date.
    let strict = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema())
        .unwrap();
    assert!(!strict.is_valid(&read_json(&dir.join("date-invalid.json"))));
    for f in fixtures() {
        assert!(strict.is_valid(&read_json(&f)), "{}", f.display());
    }
}

/// A small valid document whose body is `body`.
fn doc_with(body: Value) -> Value {
    json!({
        "kind": "bao-cao",
        "issuer": { "name": "UBND PHƯỜNG LAM SƠN" },
        "symbol": "BC-UBND",
        "place": "Lam Sơn",
        "body": body,
        "signature": { "position": "CHỦ TỊCH", "name": "Nguyễn Văn Hùng" }
    })
}

/// Documents that use every block form, every inline form and every optional key.
fn good_documents() -> Vec<Value> {
    let every_block = json!([
        "Đoạn văn thường.",
        { "paragraph": ["Chữ ", { "text": "đậm", "bold": true }, " và ",
            { "text": "nghiêng gạch chân", "italic": true, "underline": true, "bold": false }] },
        { "heading": "KẾT QUẢ", "content": [
            { "heading": ["Công tác ", { "text": "chỉ đạo", "italic": true }], "numbered": false,
              "content": ["Nội dung."] },
            { "heading": "Mục không có nội dung" }
        ]},
        { "center": "QUYẾT ĐỊNH:" },
        { "article": "Phê duyệt kế hoạch.", "content": [
            { "list": ["Khoản một;", "Khoản hai."], "marker": "1." }
        ]},
        { "article": "Điều không có khoản." },
        { "list": [
            "mục một;",
            ["mục ", { "text": "hai", "bold": true }, ";"],
            { "text": "mục ba, gồm:", "list": ["ý a;", { "text": "ý b:", "list": ["ý con."] }],
              "marker": "a)" },
            { "text": "mục bốn không có danh sách con." }
        ]},
        { "list": ["dòng +"], "marker": "+" },
        { "list": ["dòng -"], "marker": "-" },
        { "page_break": true },
        { "table": {
            "columns": [
                { "title": "STT", "width": 0.5, "align": "center" },
                { "title": ["Nội ", { "text": "dung", "bold": true }], "width": 5 },
                { "title": "Số lượng", "align": "right" },
                { "title": "Ghi chú", "align": "left", "width": 2 }
            ],
            "rows": [
                ["1", "Đơn kiến nghị", "9", ""],
                ["2", ["Đơn ", { "text": "khiếu nại", "italic": true }], "0", "Không phát sinh"]
            ]
        }},
        { "table": { "columns": [{ "title": "Trống" }], "rows": [] } },
        ["Một đoạn ", { "text": "là mảng các đoạn chữ", "bold": true }],
        { "chapter": "Quy định chung", "content": [{ "article": "Phạm vi điều chỉnh." }] },
        { "chapter": "Điều khoản thi hành" }
    ]);
    let mut all = doc_with(every_block);
    let extra = json!({
        "layout": "nd30",
        "issuer": { "parent": "UBND THỊ XÃ BỈM SƠN", "name": "ỦY BAN NHÂN DÂN\nPHƯỜNG LAM SƠN" },
        "number": "125",
        "date": "2024-02-29",
        "title": "BÁO CÁO",
        "subject": "Kết quả công tác quý {{quy}}",
        "recipients": ["UBND thị xã Bỉm Sơn;", ["Phòng ", { "text": "Nội vụ", "bold": true }]],
        "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG LAM SƠN",
        "preamble": ["Căn cứ Luật Tổ chức chính quyền địa phương"],
        "signature": { "authority": "KT. CHỦ TỊCH", "position": "PHÓ CHỦ TỊCH", "name": "Trịnh Ngọc Hoàng" },
        "distribution": ["Như trên", "Lưu: VP"],
        "data": { "quy": "III" },
        "metadata": { "author": "UBND phường", "keywords": "cải cách", "language": "vi-VN" },
        "appendices": [
            { "title": "Biểu số liệu", "orientation": "landscape", "body": ["Nội dung."] },
            { "label": "Phụ lục A", "attached_to": "(Kèm theo Báo cáo số 1/BC-X)",
              "orientation": "portrait", "form": "appendix", "body": ["Nội dung."] },
            { "form": "attached", "type_name": "QUY CHẾ", "title": "Làm việc",
              "body": [{ "chapter": "Chung", "content": [{ "article": "Một." }] }] }
        ]
    });
    for (k, v) in extra.as_object().unwrap() {
        all[k] = v.clone();
    }
    // Every `Option` takes null; several signers instead of one; a year alone.
    let mut nulls = doc_with(json!([{ "paragraph": "Một đoạn." }]));
    for (k, v) in json!({
        "layout": null, "number": null, "date": null, "title": null, "subject": null,
        "authority": null, "data": null, "signature": null,
        "issuer": { "parent": null, "name": "UBND" },
        "signatures": [
            { "authority": null, "position": "ĐẠI DIỆN A", "name": "Nguyễn Văn A" },
            { "position": "ĐẠI DIỆN B", "name": "Trần Thị B" }
        ],
        "metadata": { "author": null, "keywords": null, "language": null },
        "appendices": [{ "title": null, "label": null, "attached_to": null, "type_name": null,
            "body": ["Một."] }]
    })
    .as_object()
    .unwrap()
    {
        nulls[k] = v.clone();
    }
    let mut year = doc_with(json!(["Nội dung."]));
    year["date"] = json!({ "year": 2025 });
    vec![all, nulls, year]
}

#[test]
fn every_block_form_validates() {
    let v = validator();
    for (i, doc) in good_documents().iter().enumerate() {
        let errs = errors(&v, doc);
        assert!(errs.is_empty(), "document {i}: {errs:#?}");
        vanban_accepts(doc).unwrap_or_else(|e| panic!("document {i}: vanban refuses it: {e}"));
    }
    // And the one with every form renders.
    let json = serde_json::to_vec(&good_documents()[0]).unwrap();
    engine().render(&json, "every-form.json").unwrap();
}

#[test]
fn the_schema_and_vanban_refuse_the_same_structural_mistakes() {
    let v = validator();
    let base = doc_with(json!(["Nội dung."]));
    let block = |b: Value| doc_with(json!([b]));
    let with = |key: &str, value: Value| {
        let mut d = base.clone();
        d[key] = value;
        d
    };
    let cases: Vec<(&str, Value)> = vec![
        ("unknown top-level key", with("subjet", json!("x"))),
        (
            "unknown issuer key",
            with("issuer", json!({ "name": "A", "code": 1 })),
        ),
        ("number as a number", with("number", json!(125))),
        ("recipients null", with("recipients", Value::Null)),
        ("metadata null", with("metadata", Value::Null)),
        (
            "unknown metadata key",
            with("metadata", json!({ "lang": "vi" })),
        ),
        (
            "signature without name",
            with("signature", json!({ "position": "CHỦ TỊCH" })),
        ),
        (
            "date with a month",
            with("date", json!({ "year": 2023, "month": 9 })),
        ),
        ("year as a string", with("date", json!({ "year": "2023" }))),
        ("year before 1900", with("date", json!({ "year": 1899 }))),
        ("short date", with("date", json!("2023-9-25"))),
        ("date as a number", with("date", json!(20230925))),
        ("body null", with("body", Value::Null)),
        ("a number as a block", block(json!(42))),
        ("an empty block", block(json!({}))),
        (
            "two forms",
            block(json!({ "paragraph": "a", "center": "b" })),
        ),
        ("page_break false", block(json!({ "page_break": false }))),
        (
            "content on a list",
            block(json!({ "list": ["a"], "content": [] })),
        ),
        (
            "numbered on an article",
            block(json!({ "article": "a", "numbered": false })),
        ),
        (
            "marker on a table",
            block(json!({ "table": { "columns": [{ "title": "A" }], "rows": [] }, "marker": "-" })),
        ),
        (
            "numbered not a boolean",
            block(json!({ "heading": "a", "numbered": "no" })),
        ),
        (
            "content null",
            block(json!({ "heading": "a", "content": null })),
        ),
        (
            "marker null",
            block(json!({ "list": ["a"], "marker": null })),
        ),
        (
            "unknown run key",
            block(json!({ "paragraph": [{ "text": "a", "strike": true }] })),
        ),
        (
            "run without text",
            block(json!({ "paragraph": [{ "bold": true }] })),
        ),
        ("a number as a run", block(json!({ "paragraph": ["a", 1] }))),
        (
            "item marker without list",
            block(json!({ "list": [{ "text": "a", "marker": "+" }] })),
        ),
        (
            "item without text",
            block(json!({ "list": [{ "list": ["a"] }] })),
        ),
        (
            "unknown item key",
            block(json!({ "list": [{ "text": "a", "items": ["b"] }] })),
        ),
        ("list not an array", block(json!({ "list": "a" }))),
        (
            "table without rows",
            block(json!({ "table": { "columns": [{ "title": "A" }] } })),
        ),
        (
            "width as a string",
            block(json!({ "table": { "columns": [{ "title": "A", "width": "1" }], "rows": [] } })),
        ),
        (
            "align justify",
            block(
                json!({ "table": { "columns": [{ "title": "A", "align": "justify" }], "rows": [] } }),
            ),
        ),
        (
            "row not an array",
            block(json!({ "table": { "columns": [{ "title": "A" }], "rows": ["a"] } })),
        ),
        (
            "unknown table key",
            block(
                json!({ "table": { "columns": [{ "title": "A" }], "rows": [], "header": true } }),
            ),
        ),
        (
            "attached without type_name",
            with("appendices", json!([{ "form": "attached", "body": ["a"] }])),
        ),
        (
            "unknown appendix key",
            with("appendices", json!([{ "tittle": "a", "body": ["a"] }])),
        ),
        (
            "appendix without body",
            with("appendices", json!([{ "title": "a" }])),
        ),
        (
            "orientation sideways",
            with(
                "appendices",
                json!([{ "orientation": "sideways", "body": ["a"] }]),
            ),
        ),
        (
            "form unknown",
            with("appendices", json!([{ "form": "annex", "body": ["a"] }])),
        ),
        (
            "numbered on a chapter",
            block(json!({ "chapter": "a", "numbered": false })),
        ),
    ];
    for (what, doc) in cases {
        assert!(vanban_accepts(&doc).is_err(), "{what}: vanban accepts it");
        assert!(!v.is_valid(&doc), "{what}: the schema accepts it");
    }
}
