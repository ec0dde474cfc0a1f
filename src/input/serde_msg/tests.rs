use super::*;
use crate::i18n::Lang;
use crate::input::parse;

/// The diagnostic of parsing `json`.
fn diag(json: &str) -> crate::error::Diagnostic {
    let e = parse(json.as_bytes(), "t.json").expect_err(json);
    e.diagnostics().first().cloned().expect("one diagnostic")
}

const DOC: &str = r#""kind": "bao-cao", "issuer": {"name": "UBND"}, "symbol": "BC-UBND",
    "place": "Hà Nội""#;

/// `extra` added to a valid document.
fn doc(extra: &str) -> String {
    if extra.contains(r#""body""#) {
        format!("{{{DOC}{extra}}}")
    } else {
        format!(r#"{{{DOC}, "body": ["x"]{extra}}}"#)
    }
}

/// serde's own text (without its position) for the error of `json`.
fn serde_text(json: &str) -> String {
    let e = serde_json::from_str::<crate::input::Document>(json).expect_err(json);
    let full = e.to_string();
    full.rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m)
        .to_string()
}

#[test]
fn every_shape_keeps_serdes_english_text() {
    let cases = [
        doc(r#", "sigature": {}"#),
        r#"{"kind": "bao-cao"}"#.to_string(),
        doc(r#", "recipients": "x""#),
        doc(r#", "number": 5"#),
        doc(r#", "metadata": {"author": true}"#),
        doc(r#", "seal": {"image": "a.png", "width_mm": "x"}"#),
        doc(r#", "seal": {"image": "a.png", "signer": -1}"#),
        doc(r#", "appendices": [{"body": ["x"], "orientation": "sideways"}]"#),
        doc(r#", "symbol": "a""#),
        doc(r#", "title": null"#).replace(r#""title": null"#, r#""subject": 1.5"#),
    ];
    for json in &cases {
        let d = diag(json);
        assert_eq!(d.message, serde_text(json), "{json}");
        assert_ne!(d.msg().id(), "input-json-other", "{json}: {}", d.message);
        let vi = d.message_in(Lang::Vi);
        assert_ne!(vi, d.message, "{json}");
    }
}

#[test]
fn unknown_field_in_both_languages() {
    let d = diag(&doc(r#", "sigature": {}"#));
    assert_eq!(d.path, "sigature");
    assert!(
        d.message
            .starts_with("unknown field `sigature`, expected one of `kind`")
    );
    let vi = d.message_in(Lang::Vi);
    assert!(
        vi.starts_with("không có trường `sigature` ở đây; các trường được dùng: `kind`, `layout`"),
        "{vi}"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some(
            "rename it (did you mean `signature`?); unknown keys are refused so that a typo \
             cannot drop content silently; keep your own values in `data`"
        )
    );
    let hint = d.hint_in(Lang::Vi).unwrap();
    assert!(
        hint.starts_with("hãy đổi tên (có phải ý bạn là `signature`?)"),
        "{hint}"
    );
}

#[test]
fn missing_and_duplicate_fields_in_both_languages() {
    let d = diag(r#"{"kind": "bao-cao"}"#);
    assert_eq!(d.message, "missing field `issuer`");
    assert_eq!(d.message_in(Lang::Vi), "thiếu trường `issuer`");
    assert_eq!(
        d.hint_in(Lang::Vi).as_deref(),
        Some("hãy thêm khóa còn thiếu; spec/input.md liệt kê các khóa bắt buộc")
    );
    let m = data_message("duplicate field `kind`");
    assert_eq!(m.text(Lang::En), "duplicate field `kind`");
    assert_eq!(m.text(Lang::Vi), "trường `kind` xuất hiện hai lần");
    let d = diag(&doc(r#", "kind": "to-trinh""#));
    assert!(d.message.contains("kind"), "{}", d.message);
    assert!(
        d.message_in(Lang::Vi).contains("hai lần"),
        "{}",
        d.message_in(Lang::Vi)
    );
}

#[test]
fn invalid_types_in_both_languages() {
    let d = diag(&doc(r#", "recipients": "x""#));
    assert_eq!(
        d.message,
        r#"invalid type: string "x", expected a sequence"#
    );
    assert_eq!(
        d.message_in(Lang::Vi),
        r#"giá trị sai kiểu: ở đây là chuỗi "x", cần một mảng"#
    );
    assert_eq!(
        d.hint_in(Lang::Vi).as_deref(),
        Some("hãy viết một mảng (`[…]`), kể cả khi chỉ có một phần tử")
    );
    let d = diag(&doc(r#", "number": 5"#));
    assert_eq!(d.message, "invalid type: integer `5`, expected a string");
    assert_eq!(
        d.message_in(Lang::Vi),
        "giá trị sai kiểu: ở đây là số nguyên `5`, cần một chuỗi"
    );
    let d = diag(&doc(r#", "issuer": null"#).replace(r#""issuer": {"name": "UBND"}, "#, ""));
    assert!(
        d.message.starts_with("invalid type: null, expected"),
        "{}",
        d.message
    );
    assert!(
        d.message_in(Lang::Vi)
            .starts_with("giá trị sai kiểu: ở đây là `null`, cần một đối tượng"),
        "{}",
        d.message_in(Lang::Vi)
    );
    // An expectation vanban does not know is shown as serde wrote it.
    let m = data_message("invalid type: map, expected a tuple of two");
    assert_eq!(
        m.text(Lang::En),
        "invalid type: map, expected a tuple of two"
    );
    assert_eq!(
        m.text(Lang::Vi),
        "giá trị sai kiểu: ở đây là một đối tượng, cần a tuple of two"
    );
    let m = data_message("invalid value: integer `-1`, expected usize");
    assert_eq!(
        m.text(Lang::En),
        "invalid value: integer `-1`, expected usize"
    );
    assert_eq!(
        m.text(Lang::Vi),
        "giá trị không hợp lệ: số nguyên `-1`, cần một số nguyên không âm"
    );
    let m = data_message("invalid length 3, expected a sequence");
    assert_eq!(m.text(Lang::En), "invalid length 3, expected a sequence");
    assert_eq!(m.text(Lang::Vi), "độ dài 3 không đúng, cần một mảng");
}

#[test]
fn unknown_variants_in_both_languages() {
    let d = diag(&doc(
        r#", "appendices": [{"body": ["x"], "orientation": "landscpe"}]"#,
    ));
    assert_eq!(
        d.message,
        "unknown variant `landscpe`, expected `portrait` or `landscape`"
    );
    assert_eq!(
        d.message_in(Lang::Vi),
        "không nhận giá trị `landscpe`; các giá trị được nhận: `portrait`, `landscape`"
    );
    assert_eq!(
        d.hint_in(Lang::Vi).as_deref(),
        Some("hãy dùng một trong các giá trị đã liệt kê (có phải ý bạn là `landscape`?)")
    );
    let m = data_message("unknown variant `x`, there are no variants");
    assert_eq!(
        m.text(Lang::En),
        "unknown variant `x`, there are no variants"
    );
    assert!(
        m.text(Lang::Vi).contains("không có giá trị nào"),
        "{}",
        m.text(Lang::Vi)
    );
}

#[test]
fn syntax_errors_in_both_languages() {
    let trailing = doc("") + " x";
    let cases = [
        (
            r#"{"kind": "a" "issuer": 1}"#,
            "expected `,` or `}`",
            "thiếu dấu `,` hoặc `}`",
        ),
        (r#"{"kind" "a"}"#, "expected `:`", "thiếu dấu `:`"),
        (
            r#"["a" "b"]"#,
            "expected `,` or `]`",
            "thiếu dấu `,` hoặc `]`",
        ),
        (
            r#"{"kind": tru}"#,
            "expected ident",
            "có một từ không hợp lệ",
        ),
        (r#"{"kind": }"#, "expected value", "thiếu một giá trị"),
        (
            r#"{"kind": "\q"}"#,
            "invalid escape",
            "chuỗi thoát `\\` không hợp lệ",
        ),
        (
            r#"{"kind": 1e999}"#,
            "number out of range",
            "vượt quá phạm vi",
        ),
        (trailing.as_str(), "trailing characters", "còn ký tự thừa"),
        (
            "{\"kind\": \"a\u{1}\"}",
            "control character",
            "ký tự điều khiển",
        ),
        (
            r#"{"kind": "\ud800"}"#,
            "unexpected end of hex escape",
            "kết thúc giữa chừng",
        ),
        (
            r#"{"kind": "\ud800\u0041"}"#,
            "lone leading surrogate",
            "một nửa cặp thay thế",
        ),
        (r#"{"kind": "\u12"}"#, "invalid escape", "chuỗi thoát"),
        (r#"{"kind": "a","#, "EOF while parsing", "kết thúc quá sớm"),
        (
            r#"{"kind": "a"#,
            "EOF while parsing a string",
            "chưa đóng một chuỗi",
        ),
        (
            r#"{1: 2}"#,
            "key must be a string",
            "khóa phải là một chuỗi",
        ),
    ];
    for (json, en, vi) in cases {
        let e = parse(json.as_bytes(), "t.json").expect_err(json);
        let d = &e.diagnostics()[0];
        assert!(d.message.contains(en), "{json}: {}", d.message);
        assert!(d.position.is_some(), "{json}");
        let text = d.message_in(Lang::Vi);
        assert!(text.contains(vi), "{json}: {text}");
        assert_ne!(d.hint_in(Lang::Vi), d.hint, "{json}");
        let shown = d.text(Lang::Vi);
        assert!(shown.starts_with("dòng "), "{shown}");
        assert!(shown.contains("\n  gợi ý: "), "{shown}");
    }
    // The English frame is unchanged.
    let m = syntax_message("expected `:`", false);
    assert_eq!(m.text(Lang::En), "not valid JSON (expected `:`)");
    assert_eq!(m.text(Lang::Vi), "JSON không hợp lệ (thiếu dấu `:`)");
    let m = syntax_message("EOF while parsing an object", true);
    assert_eq!(
        m.text(Lang::En),
        "the JSON ends too early (EOF while parsing an object)"
    );
    assert_eq!(
        m.text(Lang::Vi),
        "tệp JSON kết thúc quá sớm (chưa đóng một đối tượng `{`)"
    );
    // A syntax error serde_json may add later is shown as it wrote it.
    let m = syntax_message("something new", false);
    assert_eq!(m.text(Lang::Vi), "JSON không hợp lệ (something new)");
}

#[test]
fn dates_and_vanbans_own_messages_in_both_languages() {
    for (date, en, vi) in [
        (
            "2023-02-30",
            "invalid date `2023-02-30`: month 2 of 2023 has 28 days",
            "ngày tháng `2023-02-30` không hợp lệ: tháng 2 năm 2023 chỉ có 28 ngày",
        ),
        (
            "05/09/2023",
            "invalid date `05/09/2023`: write it as YYYY-MM-DD, e.g. 2023-09-25",
            "ngày tháng `05/09/2023` không hợp lệ: hãy ghi theo dạng YYYY-MM-DD, ví dụ 2023-09-25",
        ),
        (
            "2023-13-01",
            "invalid date `2023-13-01`: there is no month 13",
            "ngày tháng `2023-13-01` không hợp lệ: không có tháng 13",
        ),
    ] {
        let d = diag(&doc(&format!(r#", "date": "{date}""#)));
        assert_eq!(d.path, "date");
        assert_eq!(d.message, en);
        assert_eq!(d.message_in(Lang::Vi), vi);
        assert!(
            d.hint_in(Lang::Vi)
                .unwrap()
                .starts_with("hãy ghi một ngày có thật theo dạng YYYY-MM-DD"),
        );
    }
    let d = diag(&doc(r#", "date": {"year": 1800}"#));
    assert_eq!(d.message, "the year 1800 is out of range (1900–9999)");
    assert_eq!(
        d.message_in(Lang::Vi),
        "năm 1800 nằm ngoài phạm vi cho phép (1900–9999)"
    );
    let d = diag(&doc(r#", "body": [{"paragraph": "a", "heading": "b"}]"#));
    assert_eq!(
        d.message,
        "a block has one form, this one has paragraph and heading: split it into several blocks"
    );
    assert_eq!(
        d.message_in(Lang::Vi),
        "mỗi khối chỉ có một dạng, khối này có `paragraph`, `heading`: hãy tách thành nhiều khối"
    );
    let d = diag(&doc(r#", "body": [{"contnet": []}]"#));
    assert_eq!(d.path, "body[0].contnet");
    assert!(
        d.message_in(Lang::Vi)
            .starts_with("khóa `contnet` không có trong một khối")
    );
    assert!(
        d.hint_in(Lang::Vi)
            .unwrap()
            .contains("có phải ý bạn là `content`?")
    );
    let d = diag(&doc(r#", "body": [{"list": ["a"], "marker": "*"}]"#));
    assert_eq!(
        d.message_in(Lang::Vi),
        "ký hiệu đầu dòng `*` không được nhận: hãy dùng `-`, `+`, `a)` hoặc `1.`"
    );
}

#[test]
fn an_unknown_text_is_shown_as_is_inside_a_translated_frame() {
    let m = data_message("something serde says");
    assert_eq!(m.text(Lang::En), "something serde says");
    assert_eq!(
        m.text(Lang::Vi),
        "dữ liệu không đúng dạng: something serde says"
    );
}
