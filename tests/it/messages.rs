//! Messages in the reader's language: the command line in Vietnamese when
//! the locale says so (`LC_ALL`, then `LC_MESSAGES`, then `LANG`), English
//! otherwise; and the library's diagnostics in either language.

use std::path::Path;
use std::process::{Command, Output};

use vanban::Lang;

/// `vanban` with exactly the locale variables given (the others removed).
fn vanban(locale: &[(&str, &str)]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vanban"));
    for v in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        c.env_remove(v);
    }
    for (k, v) in locale {
        c.env(k, v);
    }
    c
}

const VI: &[(&str, &str)] = &[("LANG", "vi_VN.UTF-8")];
const C: &[(&str, &str)] = &[("LANG", "C")];

const HEAD: &str = r#""kind": "bao-cao", "issuer": {"name": "UBND XÃ AN BÌNH"},
    "symbol": "BC-UBND", "place": "An Bình""#;

/// Four inputs, each with one problem: a missing key, an unknown key with a
/// typo, a date that does not exist, a table with uneven rows.
fn bad_inputs(dir: &Path) -> Vec<std::path::PathBuf> {
    let signer = r#""signature": {"position": "CHỦ TỊCH", "name": "Nguyễn Văn A"}"#;
    let files = [
        (
            "missing.json",
            r#"{"kind": "bao-cao", "symbol": "BC-UBND", "place": "An Bình", "body": ["x"]}"#
                .to_string(),
        ),
        (
            "typo.json",
            format!(
                r#"{{{HEAD}, "sigature": {{"position": "CHỦ TỊCH", "name": "A"}}, "body": ["x"]}}"#
            ),
        ),
        (
            "date.json",
            format!(r#"{{{HEAD}, {signer}, "date": "2023-02-30", "body": ["x"]}}"#),
        ),
        (
            "table.json",
            format!(
                r#"{{{HEAD}, {signer}, "body": [{{"table": {{"columns": [{{"title": "STT"}},
                {{"title": "Nội dung"}}], "rows": [["1", "Họp"], ["2"]]}}}}]}}"#
            ),
        ),
    ];
    files
        .iter()
        .map(|(name, json)| {
            let p = dir.join(name);
            std::fs::write(&p, json).unwrap();
            p
        })
        .collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn validate(locale: &[(&str, &str)], files: &[std::path::PathBuf]) -> String {
    let o = vanban(locale).arg("validate").args(files).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    stderr(&o)
}

#[test]
fn validate_speaks_vietnamese_with_paths_and_hints() {
    let dir = tempfile::tempdir().unwrap();
    let files = bad_inputs(dir.path());
    let err = validate(VI, &files);
    for expected in [
        "lỗi: ",
        "missing.json: dòng 1, cột 76: thiếu trường `issuer`",
        "gợi ý: hãy thêm khóa còn thiếu",
        "typo.json: dòng 2, cột 56: sigature: không có trường `sigature` ở đây",
        "gợi ý: hãy đổi tên (có phải ý bạn là `signature`?)",
        "date.json: dòng 2, cột 136: date: ngày tháng `2023-02-30` không hợp lệ: tháng 2 năm 2023 \
         chỉ có 28 ngày",
        "gợi ý: hãy ghi một ngày có thật theo dạng YYYY-MM-DD",
        "table.json: body[0].table.rows[1]: hàng có 1 ô nhưng bảng có 2 cột",
        "gợi ý: mỗi hàng cần đúng một ô cho mỗi cột",
        "4 trên 4 văn bản có lỗi",
    ] {
        assert!(err.contains(expected), "no {expected:?} in:\n{err}");
    }
    assert!(!err.contains("hint:") && !err.contains("error:"), "{err}");
}

#[test]
fn lc_all_wins_over_lang() {
    let dir = tempfile::tempdir().unwrap();
    let files = bad_inputs(dir.path());
    let vi = validate(&[("LC_ALL", "vi_VN.UTF-8"), ("LANG", "C")], &files[2..3]);
    assert!(vi.contains("ngày tháng `2023-02-30` không hợp lệ"), "{vi}");
    let en = validate(&[("LC_ALL", "C"), ("LANG", "vi_VN.UTF-8")], &files[2..3]);
    assert!(
        en.contains("invalid date `2023-02-30`: month 2 of 2023 has 28 days"),
        "{en}"
    );
    let vi = validate(
        &[("LC_MESSAGES", "vi_VN.UTF-8"), ("LANG", "C")],
        &files[2..3],
    );
    assert!(vi.contains("gợi ý:"), "{vi}");
}

#[test]
fn lang_c_keeps_the_english() {
    let dir = tempfile::tempdir().unwrap();
    let files = bad_inputs(dir.path());
    let err = validate(C, &files);
    for expected in [
        "error: ",
        "missing.json: line 1, column 76: missing field `issuer`",
        "hint: add the missing key; spec/input.md lists the required keys",
        "typo.json: line 2, column 56: sigature: unknown field `sigature`, expected one of `kind`",
        "hint: rename it (did you mean `signature`?); unknown keys are refused",
        "date.json: line 2, column 136: date: invalid date `2023-02-30`: month 2 of 2023 has 28 days",
        "hint: write a real calendar date as YYYY-MM-DD (or {\"year\": YYYY}, or null to leave it blank)",
        "table.json: body[0].table.rows[1]: the row has 1 cells but the table has 2 columns",
        "hint: give every row one cell per column (\"\" for an empty cell)",
        "4 of 4 documents have problems",
    ] {
        assert!(err.contains(expected), "no {expected:?} in:\n{err}");
    }
    // Unset is English too.
    let o = vanban(&[])
        .arg("validate")
        .args(&files[3..])
        .output()
        .unwrap();
    assert!(stderr(&o).contains("the row has 1 cells"), "{}", stderr(&o));
}

#[test]
fn validate_says_ok_in_the_locales_language() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("tot.json");
    std::fs::write(
        &good,
        format!(
            r#"{{{HEAD}, "signature": {{"position": "CHỦ TỊCH", "name": "Nguyễn Văn A"}},
            "body": ["Nội dung."]}}"#
        ),
    )
    .unwrap();
    let o = vanban(VI).arg("validate").arg(&good).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.trim_end().ends_with("tot.json: hợp lệ"), "{out}");
    let o = vanban(C).arg("validate").arg(&good).output().unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.trim_end().ends_with("tot.json: ok"), "{out}");
}

#[test]
fn render_of_a_missing_file_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("khong-co.json");
    let o = vanban(VI)
        .args(["render", "-o"])
        .arg(dir.path())
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "lỗi: {}: không đọc được: không có tệp hoặc thư mục này",
            missing.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("1 trên 1 văn bản không kết xuất được"),
        "{err}"
    );
    let o = vanban(C)
        .args(["render", "-o"])
        .arg(dir.path())
        .arg(&missing)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(
        err.contains("cannot read: No such file or directory"),
        "{err}"
    );
    assert!(err.contains("1 of 1 documents failed"), "{err}");
}

#[test]
fn usage_errors_of_vanbans_own_checks_in_vietnamese() {
    let o = vanban(VI)
        .args(["validate", "--limit", "max_pagez=5", "x.json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("không có giới hạn `max_pagez`"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let o = vanban(VI)
        .args(["preview", "x.json", "-o"])
        .arg(dir.path().join("trang.gif"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(
        err.contains("không xác định được định dạng ảnh từ tên tệp"),
        "{err}"
    );
}

#[test]
fn diagnostics_in_both_languages_from_the_library() {
    let parse = |json: &str| {
        vanban::input::parse(json.as_bytes(), "a.json")
            .expect_err(json)
            .diagnostics()[0]
            .clone()
    };
    let d = parse(&format!(
        r#"{{{HEAD}, "body": ["x"], "date": "05/09/2023"}}"#
    ));
    assert_eq!(
        d.message,
        "invalid date `05/09/2023`: write it as YYYY-MM-DD, e.g. 2023-09-25"
    );
    assert_eq!(
        d.message_in(Lang::Vi),
        "ngày tháng `05/09/2023` không hợp lệ: hãy ghi theo dạng YYYY-MM-DD, ví dụ 2023-09-25"
    );
    let d = parse(&format!(r#"{{{HEAD}, "body": "x"}}"#));
    assert_eq!(
        d.message,
        r#"invalid type: string "x", expected a sequence"#
    );
    assert_eq!(
        d.message_in(Lang::Vi),
        r#"giá trị sai kiểu: ở đây là chuỗi "x", cần một mảng"#
    );
    let d = parse(&format!(r#"{{{HEAD}, "body": ["x"], "recipents": []}}"#));
    assert!(
        d.message_in(Lang::Vi)
            .starts_with("không có trường `recipents` ở đây; các trường được dùng: `kind`"),
        "{}",
        d.message_in(Lang::Vi)
    );
    assert!(
        d.hint_in(Lang::Vi)
            .unwrap()
            .contains("có phải ý bạn là `recipients`?")
    );
    let d = parse(&format!(r#"{{{HEAD}, "body": ["x"], "kind": "x"}}"#));
    assert_eq!(d.message, "duplicate field `kind`");
    assert_eq!(d.message_in(Lang::Vi), "trường `kind` xuất hiện hai lần");
    let d = parse(r#"{"kind": "bao-cao",}"#);
    assert_eq!(d.position, Some((1, 20)));
    assert!(
        d.text(Lang::Vi)
            .starts_with("dòng 1, cột 20: ?: JSON không hợp lệ (thừa dấu phẩy ở cuối)\n  gợi ý: "),
        "{}",
        d.text(Lang::Vi)
    );
    // An error of the whole input, in Vietnamese.
    let e = vanban::input::parse(b"\xff\xfe{\0}\0", "u16.json").unwrap_err();
    assert_eq!(
        e.text(Lang::Vi),
        "u16.json: tệp được mã hóa UTF-16, không phải UTF-8\n  gợi ý: hãy lưu tệp dưới dạng \
         UTF-8 (bảng mã chuẩn của JSON)"
    );
    assert_eq!(
        e.to_string(),
        "u16.json: the file is UTF-16, not UTF-8\n  hint: save it as UTF-8 (the JSON standard's \
         encoding)"
    );
}

#[test]
fn render_notes_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("khong-ngay.json");
    std::fs::write(
        &input,
        format!(
            r#"{{{HEAD}, "signature": {{"position": "CHỦ TỊCH", "name": "Nguyễn Văn A"}},
            "body": ["Nội dung."]}}"#
        ),
    )
    .unwrap();
    for (locale, expected) in [
        (
            VI,
            "khong-ngay.json: lưu ý: văn bản để trống ngày: ngày tạo tệp là thời điểm hiện tại",
        ),
        (
            C,
            "khong-ngay.json: note: the date is blank: the file's creation date is the current \
             time",
        ),
    ] {
        let o = vanban(locale)
            .env_remove("SOURCE_DATE_EPOCH")
            .args(["render", "--format", "pdf", "-o"])
            .arg(dir.path())
            .arg(&input)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains(expected), "{}", stderr(&o));
    }
    let o = vanban(VI)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["render", "--format", "pdf", "-o"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        stderr(&o).contains("ngày tạo tệp lấy theo SOURCE_DATE_EPOCH (1700000000)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn library_errors_of_every_kind_in_vietnamese() {
    let engine = crate::support::engine();
    const SIGNER: &str = r#""signature": {"position": "CHỦ TỊCH", "name": "Nguyễn Văn A"}"#;
    // An unknown layout and an unknown kind: input errors with hints.
    let e = engine
        .validate(
            format!(r#"{{{HEAD}, {SIGNER}, "layout": "nd31", "body": ["x"]}}"#).as_bytes(),
            "a.json",
        )
        .unwrap_err();
    assert_eq!(
        e.text(Lang::Vi),
        "a.json: layout: không có bố cục `nd31`\n  gợi ý: các bố cục hiện có: nd30"
    );
    assert_eq!(
        e.to_string(),
        "a.json: layout: unknown layout `nd31`\n  hint: known layouts: nd30"
    );
    let e = engine
        .validate(
            format!(r#"{{{HEAD}, {SIGNER}, "kind": "bao-ca", "body": ["x"]}}"#)
                .replace(r#""kind": "bao-cao", "#, "")
                .as_bytes(),
            "a.json",
        )
        .unwrap_err();
    assert!(
        e.text(Lang::Vi).starts_with(
            "a.json: kind: không có loại văn bản `bao-ca`\n  gợi ý: bố cục `nd30` có các loại: "
        ),
        "{}",
        e.text(Lang::Vi)
    );
    // A layout error.
    let bad = vanban::layout::Layout::nd30().unwrap().source.replacen(
        r#""left_ratio": 0.4"#,
        r#""left_ratio": 5"#,
        1,
    );
    let e = vanban::layout::Layout::from_json(&bad, "l.json").unwrap_err();
    assert_eq!(
        e.text(Lang::Vi),
        "bố cục l.json: header.left_ratio: 5 không phải là tỷ lệ hợp lệ của chiều rộng (0.1–0.9)"
    );
    assert_eq!(
        e.to_string(),
        "layout l.json: header.left_ratio: 5 is not a share of the width (0.1–0.9)"
    );
    // A font folder with no fonts.
    let dir = tempfile::tempdir().unwrap();
    let e = vanban::text::FontSet::from_dir(dir.path()).unwrap_err();
    assert!(
        e.text(Lang::Vi)
            .contains("không tìm thấy kiểu chữ thường; thư mục cần có đủ các tệp chữ thường"),
        "{}",
        e.text(Lang::Vi)
    );
    // A PDF with no source, and a file that is no PDF.
    let e = vanban::pdf::extract_source(b"not a pdf").unwrap_err();
    assert!(
        e.text(Lang::Vi)
            .starts_with("pdf: đây không phải là tệp PDF đọc được ("),
        "{}",
        e.text(Lang::Vi)
    );
    let e =
        vanban::pdf::extract_source(crate::support::seed().pdf.as_deref().unwrap()).unwrap_err();
    assert!(
        e.text(Lang::Vi)
            .starts_with("pdf: tệp PDF này không có tệp nguồn đính kèm (`"),
        "{}",
        e.text(Lang::Vi)
    );
    // A limit named wrong.
    let e = vanban::Limits::default()
        .set_msg("max_pagez", "5")
        .unwrap_err();
    assert!(
        e.text(Lang::Vi)
            .starts_with("không có giới hạn `max_pagez`; các giới hạn là max_input_bytes")
    );
    assert_eq!(
        vanban::Limits::default()
            .set("max_pages", "lots")
            .unwrap_err(),
        "`lots` is not a number (a size may end in K, M or G)"
    );
}

#[test]
fn batch_reports_in_the_locales_language() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    bad_inputs(&input);
    std::fs::write(
        input.join("tot.json"),
        format!(
            r#"{{{HEAD}, "date": "2023-09-25", "signature": {{"position": "CHỦ TỊCH",
            "name": "Nguyễn Văn A"}}, "body": ["Nội dung."]}}"#
        ),
    )
    .unwrap();
    let run = |locale: &[(&str, &str)], out: &str| {
        let o = vanban(locale)
            .arg("batch")
            .arg(&input)
            .arg("-o")
            .arg(dir.path().join(out))
            .args(["--format", "pdf", "--report"])
            .arg(dir.path().join(format!("{out}.json")))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        stderr(&o)
    };
    let vi = run(VI, "vi");
    assert_eq!(vi.matches("lỗi: ").count(), 4, "{vi}");
    assert!(
        vi.contains("/date.json: dòng 2, cột 136: date: ngày tháng `2023-02-30` không hợp lệ"),
        "{vi}"
    );
    assert!(
        vi.contains("5 văn bản: 1 đã kết xuất, 0 đã cập nhật từ trước, 4 lỗi trong "),
        "{vi}"
    );
    let en = run(C, "en");
    assert_eq!(en.matches("error: ").count(), 4, "{en}");
    assert!(
        en.contains("/date.json: line 2, column 136: date: invalid date `2023-02-30`"),
        "{en}"
    );
    assert!(
        en.contains("5 documents: 1 rendered, 0 up to date, 4 failed in "),
        "{en}"
    );
    // The JSON report is in English whatever the locale.
    let report = std::fs::read_to_string(dir.path().join("vi.json")).unwrap();
    assert!(report.contains("invalid date `2023-02-30`"), "{report}");
    assert!(!report.contains("không hợp lệ"), "{report}");
}

#[test]
fn batch_name_clashes_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for name in ["bc.json", "BC.json"] {
        std::fs::write(input.join(name), "{}").unwrap();
    }
    let run = |locale: &[(&str, &str)]| {
        let o = vanban(locale)
            .arg("batch")
            .arg(&input)
            .arg("-o")
            .arg(dir.path().join("out"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        stderr(&o)
    };
    let vi = run(VI);
    assert!(
        vi.contains(
            ": tệp đã tồn tại: `BC.json` và `bc.json` sẽ được ghi vào cùng các tệp kết quả"
        ),
        "{vi}"
    );
    assert!(!vi.contains("would be written"), "{vi}");
    let en = run(C);
    assert!(
        en.contains(
            ": the file already exists: `BC.json` and `bc.json` would be written to the same \
             output files (their names differ only in case, or in bytes that are not UTF-8): \
             rename all but one; nothing was rendered"
        ),
        "{en}"
    );
}
