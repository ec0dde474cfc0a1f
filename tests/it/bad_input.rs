//! Each kind of bad input fails with its JSON path and a useful message.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::support::*;

#[derive(Deserialize)]
struct Expect {
    path: String,
    contains: String,
}

#[test]
fn every_bad_fixture_fails_with_its_path() {
    let dir = root().join("fixtures/bad");
    let expected: BTreeMap<String, Expect> =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && n != "expected.json")
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        expected.len(),
        "every bad fixture has an expectation"
    );
    for name in files {
        let e = &expected[&name];
        let json = std::fs::read(dir.join(&name)).unwrap();
        let err = engine().render(&json, &name).expect_err(&name);
        let d = err.diagnostics();
        assert!(!d.is_empty(), "{name}: {err}");
        assert!(
            d.iter().any(|d| d.path == e.path),
            "{name}: expected path `{}`, got {d:?}",
            e.path
        );
        let msg = err.to_string();
        assert!(
            msg.starts_with(&format!("{name}: ")),
            "{name}: the message names the file: {msg}"
        );
        assert!(
            msg.to_lowercase().contains(&e.contains.to_lowercase()),
            "{name}: `{}` not in {msg}",
            e.contains
        );
        assert!(
            d.iter().all(|d| d.hint.is_some()),
            "{name}: every problem has a hint"
        );
    }
}

#[test]
fn syntax_errors_give_line_and_column() {
    let err = engine()
        .render(b"{\n  \"kind\": \"bao-cao\",\n  \"body\": [\n", "t.json")
        .unwrap_err();
    assert_eq!(err.diagnostics()[0].position, Some((4, 0)));
    let err = engine().render(b"{\"kind\": bao}", "t.json").unwrap_err();
    assert_eq!(err.diagnostics()[0].position, Some((1, 10)));
}

#[test]
fn every_problem_is_listed_not_only_the_first() {
    let json = r#"{"kind": "bao-cao", "issuer": {"name": "UBND"}, "symbol": "BC", "place": "X",
        "body": ["ok 😀", {"list": ["a", "b\u0007"]}, {"table": {"columns": [{"title": "A", "width": -1}], "rows": [["1", "2"]]}}]}"#;
    let err = engine().render(json.as_bytes(), "t.json").unwrap_err();
    let paths: Vec<&str> = err.diagnostics().iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "body[0]",
            "body[1].list[1]",
            "body[2].table.columns[0].width",
            "body[2].table.rows[0]",
            "signature"
        ]
    );
}

#[test]
fn text_is_normalised_to_nfc() {
    // "Việt" written decomposed (NFD) comes out composed.
    let json = "{\"kind\": \"bao-cao\", \"issuer\": {\"name\": \"UBND\"}, \"symbol\": \"BC\", \"place\": \"X\",
        \"date\": \"2024-01-02\", \"body\": [\"Vie\u{323}\u{302}t Nam\"], \"signature\": {\"position\": \"A\", \"name\": \"B\"}}";
    let r = engine().render(json.as_bytes(), "t.json").unwrap();
    assert!(doc_text(&r.doc).contains("Việt Nam"));
    let text = poppler("pdftotext", &["-enc", "UTF-8"], r.pdf());
    assert!(text.contains("Việt Nam"), "{text}");
}

#[test]
fn unknown_kinds_and_keys_are_errors() {
    let base = |extra: &str| {
        format!(
            r#"{{"kind": "bao-cao", "issuer": {{"name": "UBND"}}, "symbol": "BC", "place": "X", "body": ["a"],
            "signature": {{"position": "A", "name": "B"}}{extra}}}"#
        )
    };
    let err = engine()
        .render(base(r#", "recipents": ["x"]"#).as_bytes(), "t.json")
        .unwrap_err();
    assert!(
        err.to_string().contains("unknown field `recipents`"),
        "{err}"
    );
    let json = base("").replace("bao-cao", "bao-cao-x");
    let err = engine().render(json.as_bytes(), "t.json").unwrap_err();
    assert_eq!(err.diagnostics()[0].path, "kind");
    let err = engine()
        .render(base(r#", "layout": "nope""#).as_bytes(), "t.json")
        .unwrap_err();
    assert_eq!(err.diagnostics()[0].path, "layout");
}

#[test]
fn data_fills_placeholders_and_a_missing_one_names_its_path() {
    let doc = |data: &str| {
        format!(
            r#"{{"kind": "bao-cao", "issuer": {{"name": "UBND PHƯỜNG {{{{ward}}}}"}}, "symbol": "BC", "place": "{{{{ward}}}}",
            "date": "2024-01-02", "body": ["Tổng số: {{{{total}}}} hồ sơ, {{{{missing}}}}."], "signature": {{"position": "A", "name": "B"}}{data}}}"#
        )
    };
    let err = engine()
        .render(
            doc(r#", "data": {"ward": "Lam Sơn", "total": 674}"#).as_bytes(),
            "t.json",
        )
        .unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    assert_eq!(d[0].path, "body[0]");
    assert!(d[0].message.contains("{{missing}}"), "{}", d[0].message);
    let ok = doc(r#", "data": {"ward": "Lam Sơn", "total": 674, "missing": "<đủ>"}"#);
    let r = engine().render(ok.as_bytes(), "t.json").unwrap();
    let text = doc_text(&r.doc);
    // Values are not HTML-escaped, and filled text is upper-cased where the format wants it.
    assert!(
        text.contains("Tổng số: 674 hồ sơ, <đủ>.") && text.contains("UBND PHƯỜNG LAM SƠN"),
        "{text}"
    );
    // Without `data`, braces are text.
    let r = engine().render(doc("").as_bytes(), "t.json").unwrap();
    assert!(doc_text(&r.doc).contains("{{total}}"));
}
