//! Each kind of bad input fails with its JSON path and a useful message.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::support::*;

#[derive(Deserialize)]
struct Expect {
    path: String,
    contains: String,
    /// A fragment of the hint of the diagnostic at `path`.
    #[serde(default)]
    hint: Option<String>,
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
        // The problem at that path says what, and (when expected) what to do.
        let lower = |s: &str| s.to_lowercase();
        assert!(
            d.iter().any(|d| d.path == e.path
                && lower(&d.to_string()).contains(&lower(&e.contains))
                && e.hint.as_ref().is_none_or(|h| {
                    d.hint
                        .as_deref()
                        .is_some_and(|dh| lower(dh).contains(&lower(h)))
                })),
            "{name}: no problem at `{}` saying `{}` with hint `{:?}`: {d:#?}",
            e.path,
            e.contains,
            e.hint
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
    needs!(Poppler);
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

// Inputs too large, too deep or too many: each refused at its path, with
// its size, the limit and how to raise it (made here, not committed).

/// A small valid document around `body`, with `extra` keys spliced in.
fn doc_json(body: &str, extra: &str) -> String {
    format!(
        r#"{{"kind": "bao-cao", "issuer": {{"name": "UBND PHƯỜNG LAM SƠN"}}, "symbol": "BC-UBND",
        "place": "Lam Sơn", "date": "2024-02-29", "body": {body},
        "signature": {{"position": "CHỦ TỊCH", "name": "Nguyễn Văn Hùng"}}{extra}}}"#
    )
}

/// The one problem of `err`, which must be at `path`, say each of `says`,
/// and hint at raising the `field` limit (in the library and on the command line).
fn over_limit(err: &vanban::Error, path: &str, says: &[&str], field: &str) {
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    assert_eq!(d[0].path, path, "{err}");
    for s in says {
        assert!(d[0].message.contains(s), "`{s}` not in {}", d[0].message);
    }
    let hint = d[0].hint.as_deref().unwrap_or_default();
    assert!(
        hint.contains(&format!("Limits::{field}")) && hint.contains(&format!("--limit {field}=")),
        "{hint}"
    );
}

fn limits(f: impl FnOnce(&mut vanban::Limits)) -> vanban::Engine {
    let mut l = vanban::Limits::default();
    f(&mut l);
    engine().clone().with_limits(l)
}

#[test]
fn a_leap_day_is_a_date_and_a_bom_is_skipped() {
    let json = doc_json(r#"["Nội dung."]"#, "");
    engine().validate(json.as_bytes(), "t.json").unwrap();
    // Windows editors start UTF-8 files with a byte-order mark.
    let bom = [b"\xEF\xBB\xBF".as_slice(), json.as_bytes()].concat();
    engine().validate(&bom, "t.json").unwrap();
    // UTF-16 (Notepad's "Unicode") is named, not "expected value".
    let utf16: Vec<u8> = "\u{FEFF}{\"kind\": 1}"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let err = engine().validate(&utf16, "t.json").unwrap_err();
    assert!(err.to_string().contains("UTF-16, not UTF-8"), "{err}");
}

#[test]
fn data_is_the_one_open_object() {
    // Any keys, nested values, unused ones: the integrator's own fields.
    let json = doc_json(
        r#"["Phường {{ward}}."]"#,
        r#", "data": {"ward": "Lam Sơn", "ma_ho_so": "HS-2024-01", "nguon": {"he_thong": "DVC", "ids": [1, 2]}}"#,
    );
    let r = engine().render_as(json.as_bytes(), "t.json", vanban::Formats::DOCX);
    assert!(doc_text(&r.unwrap().doc).contains("Phường Lam Sơn."));
}

#[test]
fn a_ten_megabyte_string_is_refused_at_once() {
    let big = "x".repeat(10 << 20);
    let json = doc_json(&format!(r#"["Đoạn một.", "{big}"]"#), "");
    let start = std::time::Instant::now();
    let err = engine().render(json.as_bytes(), "t.json").unwrap_err();
    let took = start.elapsed();
    over_limit(
        &err,
        "body[1]",
        &["10 MiB (10485760 bytes)", "the limit is 1 MiB"],
        "max_string_bytes",
    );
    // Parsing 10 MB and nothing else (debug build): well under a second.
    assert!(took.as_secs_f32() < 3.0, "{took:?}");
    // The message does not repeat the string.
    assert!(err.to_string().len() < 1000);
    // A key as long is named by its start.
    let json = doc_json(r#"["a"]"#, &format!(r#", "{big}": 1"#));
    let err = engine().render(json.as_bytes(), "t.json").unwrap_err();
    assert!(err.to_string().len() < 2000, "{}", err.to_string().len());
    assert!(err.to_string().contains("xxxx…` (10485760 bytes)"));
    // Raised, the limit lets it through to the next check.
    let l = limits(|l| l.max_string_bytes = 11 << 20);
    l.validate(doc_json(r#"["a"]"#, "").as_bytes(), "t.json")
        .unwrap();
}

#[test]
fn an_input_over_the_size_limit_is_refused_before_parsing() {
    let l = limits(|l| l.max_input_bytes = 1000);
    let json = doc_json(&format!(r#"["{}"]"#, "a".repeat(2000)), "");
    let err = l.validate(json.as_bytes(), "t.json").unwrap_err();
    over_limit(&err, "", &["the limit is 1000 bytes"], "max_input_bytes");
    // Not parsed: a size error, even though it is not JSON.
    let err = l.validate(&[b'{'; 5000], "t.json").unwrap_err();
    over_limit(&err, "", &["4 KiB (5000 bytes)"], "max_input_bytes");
}

/// `body` with headings nested `levels` deep.
fn nested_headings(levels: usize) -> String {
    let mut b = r#""Nội dung.""#.to_string();
    for _ in 0..levels {
        b = format!(r#"{{"heading": "Mục", "content": [{b}]}}"#);
    }
    format!("[{b}]")
}

#[test]
fn nesting_deeper_than_the_limit_is_refused_where_it_goes_over() {
    // 32 headings deep is allowed: the paragraph inside is at depth 33.
    let json = doc_json(&nested_headings(32), "");
    let err = engine().validate(json.as_bytes(), "t.json").unwrap_err();
    let path = format!("body[0]{}", ".content[0]".repeat(32));
    over_limit(
        &err,
        &path,
        &["nested 33 levels deep", "the limit is 32"],
        "max_depth",
    );
    engine()
        .validate(doc_json(&nested_headings(31), "").as_bytes(), "t.json")
        .unwrap();
    // Lists count the same way.
    let mut list = r#"["x"]"#.to_string();
    for _ in 0..40 {
        list = format!(r#"[{{"text": "a", "list": {list}}}]"#);
    }
    let json = doc_json(&format!(r#"[{{"list": {list}}}]"#), "");
    let err = engine().validate(json.as_bytes(), "t.json").unwrap_err();
    let path = format!("body[0]{}", ".list[0]".repeat(32));
    over_limit(&err, &path, &["nested 33 levels deep"], "max_depth");
}

#[test]
fn json_nested_past_the_parser_is_refused_without_overflowing_the_stack() {
    // Run on a small stack, as a service's worker thread might be: nothing
    // recurses past the 128 levels the JSON parser allows.
    let run = || {
        let deep = limits(|l| l.max_depth = 1000);
        let json = doc_json(&nested_headings(100), "");
        let err = deep.validate(json.as_bytes(), "t.json").unwrap_err();
        let d = &err.diagnostics()[0];
        assert!(
            d.message.contains("nested more than 128 levels"),
            "{}",
            d.message
        );
        assert!(d.hint.as_deref().unwrap().contains("max_depth"));
        let arrays = format!(
            r#", "data": {{"x": {}{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        let err = engine()
            .validate(doc_json(r#"["a"]"#, &arrays).as_bytes(), "t.json")
            .unwrap_err();
        assert!(err.to_string().contains("nested more than 128 levels"));
        // 60 levels of headings, the most the parser reaches, go all the way
        // through checking and composing.
        deep.validate(doc_json(&nested_headings(60), "").as_bytes(), "t.json")
            .unwrap();
    };
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn a_flood_of_elements_stops_at_the_limit() {
    let body = format!("[{}]", vec![r#""a""#; 100_001].join(","));
    let err = engine()
        .validate(doc_json(&body, "").as_bytes(), "t.json")
        .unwrap_err();
    over_limit(
        &err,
        "body[100000]",
        &["element 100001", "the limit is 100000"],
        "max_elements",
    );
    // `data` is counted too.
    let values = vec!["0"; 10_001].join(",");
    let err = engine()
        .validate(
            doc_json(r#"["a"]"#, &format!(r#", "data": {{"x": [{values}]}}"#)).as_bytes(),
            "t.json",
        )
        .unwrap_err();
    over_limit(
        &err,
        "data.x[9998]",
        &["value 10001 of `data`", "the limit is 10000"],
        "max_data_values",
    );
}

/// A table of `rows` rows of three cells.
fn table(rows: usize) -> String {
    let rows: Vec<String> = (0..rows)
        .map(|i| format!(r#"["{i}", "Nguyễn Văn An, tổ dân phố {i}", "{}"]"#, i * 7))
        .collect();
    format!(
        r#"[{{"table": {{"columns": [{{"title": "STT"}}, {{"title": "Họ và tên", "width": 4}},
        {{"title": "Số hồ sơ", "align": "right"}}], "rows": [{}]}}}}]"#,
        rows.join(",")
    )
}

#[test]
fn a_table_over_the_row_limit_is_refused_at_the_first_row_over() {
    let err = engine()
        .validate(doc_json(&table(10_001), "").as_bytes(), "t.json")
        .unwrap_err();
    over_limit(
        &err,
        "body[0].table.rows[10000]",
        &["10001 rows", "the limit is 10000"],
        "max_table_rows",
    );
    let columns = vec![r#"{"title": "C"}"#; 51].join(",");
    let json = doc_json(
        &format!(r#"[{{"table": {{"columns": [{columns}], "rows": []}}}}]"#),
        "",
    );
    let err = engine().validate(json.as_bytes(), "t.json").unwrap_err();
    over_limit(
        &err,
        "body[0].table.columns[50]",
        &["51 columns", "the limit is 50"],
        "max_table_columns",
    );
}

#[test]
fn a_five_thousand_row_table_renders_with_the_defaults() {
    let r = engine()
        .render_as(
            doc_json(&table(5000), "").as_bytes(),
            "t.json",
            vanban::Formats::PDF,
        )
        .unwrap();
    assert!(r.pages.len() > 100, "{} pages", r.pages.len());
}

#[test]
fn a_five_hundred_page_report_renders_with_the_defaults() {
    let para = "Trong kỳ, Ủy ban nhân dân phường đã tiếp nhận và giải quyết hồ sơ \
                thủ tục hành chính đúng hạn, không có hồ sơ quá hạn; công tác tiếp công dân \
                được duy trì thường xuyên theo quy định.";
    let mut sections = Vec::new();
    for i in 0..700 {
        let paras = vec![format!(r#""{para}""#); 8].join(",");
        sections.push(format!(
            r#"{{"heading": "Nội dung {i}", "content": [{paras}, {{"list": ["Một;", "Hai."]}}]}}"#
        ));
    }
    let json = doc_json(&format!("[{}]", sections.join(",")), "");
    let r = engine()
        .render_as(json.as_bytes(), "t.json", vanban::Formats::PDF)
        .unwrap();
    assert!(r.pages.len() >= 500, "{} pages", r.pages.len());
}

#[test]
fn pages_over_the_limit_are_refused_before_the_pdf_is_written() {
    let l = limits(|l| l.max_pages = 3);
    let json = doc_json(&table(300), "");
    let err = l
        .render_as(json.as_bytes(), "t.json", vanban::Formats::PDF)
        .unwrap_err();
    let d = &err.diagnostics()[0];
    assert!(
        d.message.contains("pages; the limit is 3 pages"),
        "{}",
        d.message
    );
    over_limit(&err, "", &["the document runs to"], "max_pages");
    // Forced breaks are counted before any typesetting.
    let body = format!("[{}]", [r#""a", {"page_break": true}"#; 5].join(","));
    let err = l
        .validate(doc_json(&body, "").as_bytes(), "t.json")
        .unwrap_err();
    over_limit(&err, "body[5]", &["page 4 begins"], "max_pages");
}

/// A document whose seal is `image`, in `dir`.
fn with_seal(dir: &std::path::Path, image: &str) -> (String, String) {
    let json = doc_json(r#"["a"]"#, &format!(r#", "seal": {{"image": "{image}"}}"#));
    (json, dir.join("t.json").display().to_string())
}

#[test]
fn oversized_and_odd_images_are_refused_with_their_path() {
    let dir = tempfile::tempdir().unwrap();
    // Over 20 MiB: a sparse file, refused by its size before it is read.
    let big = std::fs::File::create(dir.path().join("big.png")).unwrap();
    big.set_len((20 << 20) + 1).unwrap();
    let (json, file) = with_seal(dir.path(), "big.png");
    let err = engine().compose(json.as_bytes(), &file).unwrap_err();
    over_limit(
        &err,
        "seal.image",
        &["20 MiB (20971521 bytes)", "the limit is 20 MiB"],
        "max_image_bytes",
    );
    // 5001 × 5000 pixels: small as a file, refused by its pixel count.
    let mut png = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png, 5001, 5000);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::One);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&vec![0; 626 * 5000]).unwrap();
    }
    assert!(png.len() < 100_000);
    std::fs::write(dir.path().join("wide.png"), &png).unwrap();
    let (json, file) = with_seal(dir.path(), "wide.png");
    let err = engine().compose(json.as_bytes(), &file).unwrap_err();
    over_limit(
        &err,
        "seal.image",
        &[
            "5001×5000 = 25005000 pixels",
            "the limit is 25000000 pixels",
        ],
        "max_image_pixels",
    );
    // A device would be read for ever (and is outside the folder: not
    // found, issue 15); a folder is no image either.
    for (odd, says) in [("/dev/zero", "is not found"), (".", "not a regular file")] {
        let (json, file) = with_seal(dir.path(), odd);
        let err = engine().compose(json.as_bytes(), &file).unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.path, "seal.image");
        assert!(d.message.contains(says), "{}", d.message);
    }
    // Lowered, the byte limit refuses the committed seal too.
    let seal = root().join("fixtures/images/seal.png");
    let small = limits(|l| l.max_image_bytes = 100);
    let (json, file) = with_seal(seal.parent().unwrap(), "seal.png");
    let err = small.compose(json.as_bytes(), &file).unwrap_err();
    over_limit(
        &err,
        "seal.image",
        &["the limit is 100 bytes"],
        "max_image_bytes",
    );
}

#[test]
fn templates_are_placeholders_only_and_their_output_is_bounded() {
    // Filling may not grow the text past the string limit.
    let json = doc_json(
        r#"["{{x}}{{x}}{{x}}"]"#,
        &format!(r#", "data": {{"x": "{}"}}"#, "a".repeat(400_000)),
    );
    let err = engine().validate(json.as_bytes(), "t.json").unwrap_err();
    over_limit(
        &err,
        "body[0]",
        &["with its placeholders filled, the text is more than 1 MiB"],
        "max_string_bytes",
    );
    // Nor all the filled text past the input limit.
    let l = limits(|l| l.max_input_bytes = 1 << 20);
    let body = format!("[{}]", vec![r#""{{x}}""#; 20].join(","));
    let json = doc_json(
        &body,
        &format!(r#", "data": {{"x": "{}"}}"#, "a".repeat(100_000)),
    );
    let err = l.validate(json.as_bytes(), "t.json").unwrap_err();
    over_limit(
        &err,
        "body[10]",
        &["past the input's size limit; the limit is 1 MiB"],
        "max_input_bytes",
    );
}

#[test]
fn at_most_a_hundred_problems_are_listed() {
    let body = format!("[{}]", vec![r#""😀""#; 500].join(","));
    let err = engine()
        .validate(doc_json(&body, "").as_bytes(), "t.json")
        .unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 101);
    assert_eq!(d[100].message, "and 400 more problems");
}

#[test]
fn limits_are_set_on_the_command_line() {
    let vanban = || std::process::Command::new(env!("CARGO_BIN_EXE_vanban"));
    let fixture = fixture("minimal.json");
    let o = vanban()
        .args(["validate", "--limit", "max_string_bytes=8"])
        .arg(&fixture)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("the limit is 8 bytes") && stderr.contains("--limit max_string_bytes="),
        "{stderr}"
    );
    let o = vanban()
        .args(["validate", "--limit", "max_input_bytes=100"])
        .arg(&fixture)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("the limit is 100 bytes"), "{stderr}");
    // A misspelt limit is a usage error, before any work.
    let o = vanban()
        .args(["validate", "--limit", "max_pagez=5"])
        .arg(&fixture)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown limit `max_pagez`"));
}
