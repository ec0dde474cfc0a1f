//! The messages of signing, verifying, importing and previewing in
//! Vietnamese: the real binary run with `LANG=vi_VN.UTF-8` (or `LC_ALL`
//! over `LANG=C`) says them in Vietnamese, naming the file; with `LANG=C`
//! it says the English the other tests expect; `--json` stays English with
//! the message ids beside. And the library's errors, warnings and repairs
//! in either language.

use std::path::Path;
use std::process::{Command, Output};

use vanban::Lang;

use crate::sign_pki::{PASSWORD, pki};
use crate::support::*;

const TIME: &str = "2025-01-24T20:01:14+07:00";

/// The binary with the locale variables set to `vars` only (the test
/// runner's own locale left out).
fn vanban(vars: &[(&str, &str)]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vanban"));
    for v in [
        "LC_ALL",
        "LC_MESSAGES",
        "LANG",
        "VANBAN_P12_PASSWORD",
        "VANBAN_PKCS11_PIN",
    ] {
        c.env_remove(v);
    }
    for (k, v) in vars {
        c.env(k, v);
    }
    c
}

const VI: &[(&str, &str)] = &[("LANG", "vi_VN.UTF-8")];
const C: &[(&str, &str)] = &[("LANG", "C")];

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A folder with the seed report rendered (`in.pdf`), a wrong password
/// (`wrong`) and the right one (`pw`).
fn workdir() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("in.pdf"), seed().pdf()).unwrap();
    std::fs::write(tmp.path().join("wrong"), "not the password\n").unwrap();
    std::fs::write(tmp.path().join("pw"), format!("{PASSWORD}\n")).unwrap();
    tmp
}

fn sign(dir: &Path, password: &str, vars: &[(&str, &str)]) -> Output {
    vanban(vars)
        .arg("sign")
        .arg(dir.join("in.pdf"))
        .arg("-o")
        .arg(dir.join("out.pdf"))
        .arg("--p12")
        .arg(pki().path("signer.p12"))
        .arg("--password-file")
        .arg(dir.join(password))
        .args(["--time", TIME])
        .output()
        .unwrap()
}

/// How many revisions the seed report's PDF has before it is signed.
fn unsigned_revisions() -> usize {
    vanban::sign::verify::verify(seed().pdf())
        .unwrap()
        .revisions
}

#[test]
fn a_wrong_password_is_told_in_vietnamese_naming_the_key_file() {
    needs!(Openssl);
    let dir = workdir();
    let p12 = pki().path("signer.p12").display().to_string();
    let o = sign(dir.path(), "wrong", VI);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.starts_with("lỗi: "), "{err}");
    assert!(
        err.contains(&format!("sai mật khẩu của tệp {p12}")),
        "{err}"
    );
    assert!(
        err.contains("hãy nhập đúng mật khẩu đã đặt khi xuất tệp"),
        "{err}"
    );
    assert!(!err.contains("wrong password"), "{err}");
    assert!(!dir.path().join("out.pdf").exists());

    // LC_ALL wins over LANG (POSIX order), both ways.
    let o = sign(
        dir.path(),
        "wrong",
        &[("LANG", "C"), ("LC_ALL", "vi_VN.UTF-8")],
    );
    assert!(
        stderr(&o).contains("sai mật khẩu của tệp"),
        "{}",
        stderr(&o)
    );
    let o = sign(
        dir.path(),
        "wrong",
        &[("LANG", "vi_VN.UTF-8"), ("LC_ALL", "C")],
    );
    assert!(stderr(&o).contains("wrong password for"), "{}", stderr(&o));

    // The English as before.
    let o = sign(dir.path(), "wrong", C);
    let err = stderr(&o);
    assert!(err.starts_with("error: "), "{err}");
    assert!(
        err.contains(&format!(
            "wrong password for {p12}: give the password the file was exported with"
        )),
        "{err}"
    );
}

#[test]
fn the_command_line_s_own_sign_messages_are_vietnamese_too() {
    needs!(Openssl);
    let dir = workdir();
    // No key at all: the message and its hint, both in Vietnamese.
    let o = vanban(VI)
        .arg("sign")
        .arg(dir.path().join("in.pdf"))
        .arg("-o")
        .arg(dir.path().join("out.pdf"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(err.contains("chưa có khóa để ký"), "{err}");
    assert!(err.contains("\n  gợi ý: hãy dùng --p12 FILE"), "{err}");
    // A password file that cannot be read names it.
    let missing = dir.path().join("không-có.txt");
    let o = vanban(VI)
        .arg("sign")
        .arg(dir.path().join("in.pdf"))
        .arg("-o")
        .arg(dir.path().join("out.pdf"))
        .arg("--p12")
        .arg(pki().path("signer.p12"))
        .arg("--password-file")
        .arg(&missing)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(
        err.contains(&format!("không đọc được mật khẩu {}", missing.display())),
        "{err}"
    );
    // And in English as before.
    let o = vanban(C)
        .arg("sign")
        .arg(dir.path().join("in.pdf"))
        .arg("-o")
        .arg(dir.path().join("out.pdf"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(
        err.contains("no key to sign with\n  hint: give --p12 FILE"),
        "{err}"
    );
}

#[test]
fn verify_reports_an_unsigned_pdf_in_vietnamese() {
    needs!(Openssl);
    let dir = workdir();
    let revisions = unsigned_revisions();
    let file = dir.path().join("in.pdf");
    let o = vanban(VI).arg("verify").arg(&file).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!(
            "{}: 0 chữ ký, {revisions} phiên bản: KHÔNG HỢP LỆ\n",
            file.display()
        )
    );
    let o = vanban(C).arg("verify").arg(&file).output().unwrap();
    assert_eq!(
        stdout(&o),
        format!(
            "{}: 0 signature(s), {revisions} revision(s): NOT VALID\n",
            file.display()
        )
    );
    // Not a PDF at all: the error in Vietnamese.
    let junk = dir.path().join("rác.pdf");
    std::fs::write(&junk, "không phải PDF").unwrap();
    let o = vanban(VI).arg("verify").arg(&junk).output().unwrap();
    let err = stderr(&o);
    assert!(
        err.contains("đây không phải là tệp PDF (không có phần đầu `%PDF-`)"),
        "{err}"
    );
    assert!(err.contains("rác.pdf"), "{err}");
    // --json keeps English, with the message's id.
    let o = vanban(VI)
        .arg("verify")
        .arg("--json")
        .arg(&junk)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json[0]["code"], "verify-not-pdf", "{json}");
    assert!(
        json[0]["error"]
            .as_str()
            .unwrap()
            .contains("this is not a PDF (no `%PDF-` header)"),
        "{json}"
    );
}

#[test]
fn verify_reports_a_signed_and_a_broken_pdf_in_vietnamese() {
    needs!(Openssl);
    let dir = workdir();
    // Signing adds a revision.
    let revisions = unsigned_revisions() + 1;
    assert!(sign(dir.path(), "pw", C).status.success());
    let signed = dir.path().join("out.pdf");
    let o = vanban(VI).arg("verify").arg(&signed).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with(&format!(
            "{}: 1 chữ ký, {revisions} phiên bản: hợp lệ\n",
            signed.display()
        )),
        "{text}"
    );
    for line in [
        "    người ký:      ".to_string(),
        "    giá trị băm:   khớp\n".to_string(),
        "    chữ ký:        hợp lệ\n".to_string(),
        format!("    phạm vi ký:    phiên bản {revisions} (toàn bộ tệp)\n"),
        "    sau chữ ký:    không có gì\n".to_string(),
    ] {
        assert!(text.contains(&line), "{line:?} in\n{text}");
    }
    let o = vanban(C).arg("verify").arg(&signed).output().unwrap();
    let text = stdout(&o);
    assert!(text.contains("    digest:    matches\n"), "{text}");
    assert!(
        text.contains(&format!(
            "    covers:    revision {revisions} (the whole file)\n"
        )),
        "{text}"
    );

    // A byte of the first stream changed: the problem in Vietnamese, and in
    // the JSON in English with its id.
    let mut bad = std::fs::read(&signed).unwrap();
    let at = bad.windows(7).position(|w| w == b"stream\n").unwrap() + 20;
    bad[at] = if bad[at] == b'0' { b'1' } else { b'0' };
    let broken = dir.path().join("broken.pdf");
    std::fs::write(&broken, &bad).unwrap();
    let o = vanban(VI).arg("verify").arg(&broken).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("KHÔNG HỢP LỆ"), "{text}");
    assert!(
        text.contains("    giá trị băm:   KHÔNG KHỚP với tệp\n"),
        "{text}"
    );
    assert!(
        text.contains("    vấn đề:        các byte được ký đã bị thay đổi sau khi ký"),
        "{text}"
    );
    let o = vanban(VI)
        .arg("verify")
        .arg("--json")
        .arg(&broken)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let s = &json[0]["report"]["signatures"][0];
    let codes: Vec<&str> = s["problem_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let problems: Vec<&str> = s["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), problems.len(), "{s}");
    let i = codes
        .iter()
        .position(|c| *c == "verify-bytes-changed")
        .unwrap_or_else(|| panic!("{s}"));
    assert!(
        problems[i].starts_with("the signed bytes changed after signing"),
        "{s}"
    );
}

#[test]
fn a_broken_docx_is_told_in_vietnamese() {
    let (_dir, file) = temp_file(b"PK\x03\x04 this is no zip", "hỏng.docx");
    let o = vanban(VI).arg("import").arg(&file).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.starts_with("lỗi: "), "{err}");
    assert!(err.contains("hỏng.docx"), "{err}");
    assert!(
        err.contains("nhập văn bản: đây không phải là tệp DOCX đọc được"),
        "{err}"
    );
    let o = vanban(C).arg("import").arg(&file).output().unwrap();
    let err = stderr(&o);
    assert!(
        err.contains("import: this is not a readable DOCX file"),
        "{err}"
    );
}

#[test]
fn a_page_the_document_lacks_is_told_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.png");
    let run = |vars: &[(&str, &str)]| {
        vanban(vars)
            .arg("preview")
            .arg(fixture("minimal.json"))
            .args(["--page", "99", "-o"])
            .arg(&out)
            .output()
            .unwrap()
    };
    let pages = engine()
        .pages(
            &std::fs::read(fixture("minimal.json")).unwrap(),
            "minimal.json",
            &plain(),
        )
        .unwrap()
        .len();
    let o = run(VI);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "xem trước: không có trang 99: văn bản có {pages} trang (hãy chọn từ 1 đến {pages})"
        )),
        "{err}"
    );
    let o = run(C);
    let err = stderr(&o);
    let noun = if pages == 1 { "page" } else { "pages" };
    assert!(
        err.contains(&format!(
            "preview: there is no page 99: the document has {pages} {noun} (ask for 1 to {pages})"
        )),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn the_library_s_errors_read_in_both_languages() {
    needs!(Openssl);
    // A wrong password.
    let p12 = std::fs::read(pki().path("signer.p12")).unwrap();
    let e = vanban::sign::keys::load_p12(&p12, "sai", "khóa.p12").unwrap_err();
    assert_eq!(
        e.text(Lang::Vi),
        "sai mật khẩu của tệp khóa.p12: hãy nhập đúng mật khẩu đã đặt khi xuất tệp"
    );
    assert_eq!(e.text(Lang::En), e.to_string());
    assert!(e.to_string().starts_with("wrong password for khóa.p12"));

    // Not a PDF, to verify.
    let e = vanban::sign::verify::verify(b"hello").unwrap_err();
    assert!(
        e.text(Lang::Vi).starts_with("đây không phải là tệp PDF"),
        "{}",
        e.text(Lang::Vi)
    );

    // A seal that is not a PNG: the selector names the seal, in each language.
    let e = vanban::sign::appearance::Image::from_png(b"not a png", "seal").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("the seal image is not a usable PNG"),
        "{e}"
    );
    assert!(
        e.text(Lang::Vi)
            .starts_with("hình con dấu không phải là tệp PNG dùng được"),
        "{}",
        e.text(Lang::Vi)
    );

    // A page the document lacks: English plural forms, Vietnamese none.
    let pages = &seed().pages;
    assert!(pages.len() > 1);
    let e = vanban::preview::page_of(&pages[..1], 4).unwrap_err();
    assert_eq!(
        e.to_string(),
        "preview: there is no page 5: the document has 1 page (ask for 1 to 1)"
    );
    assert_eq!(
        e.text(Lang::Vi),
        "xem trước: không có trang 5: văn bản có 1 trang (hãy chọn từ 1 đến 1)"
    );
    let e = vanban::preview::page_of(pages, 99).unwrap_err();
    assert!(
        e.to_string()
            .contains(&format!("has {} pages", pages.len())),
        "{e}"
    );

    // A broken DOCX to import.
    let e = vanban::import::import_bytes(b"PK\x03\x04 no zip", &Default::default()).unwrap_err();
    assert!(
        e.text(Lang::Vi)
            .starts_with("nhập văn bản: đây không phải là tệp DOCX đọc được"),
        "{}",
        e.text(Lang::Vi)
    );
    assert!(
        e.to_string()
            .starts_with("import: this is not a readable DOCX file")
    );

    // A limit: the message, then its hint under the language's label.
    let mut limits = vanban::Limits::default();
    limits.max_string_bytes = 100;
    let text = format!("CÔNG VĂN\n{}\n", "chữ ".repeat(100));
    let e = vanban::import::import_bytes_with(text.as_bytes(), &Default::default(), &limits)
        .unwrap_err();
    let vi = e.text(Lang::Vi);
    assert!(vi.starts_with("nhập văn bản: dòng 2 dài "), "{vi}");
    assert!(
        vi.contains("; giới hạn là 100 bytes\n  gợi ý: hãy ngắt dòng thành các đoạn văn, hoặc nâng giới hạn: `Limits::max_string_bytes`"),
        "{vi}"
    );
    let en = e.to_string();
    assert!(
        en.contains("; the limit is 100 bytes\n  hint: break the line into paragraphs, or raise the limit: `Limits::max_string_bytes` in the library"),
        "{en}"
    );
}

#[test]
fn import_warnings_and_repairs_read_in_both_languages() {
    // A text with no header: the importer guesses, and says so; and a
    // letter from the wrong code point (ƣ for ư), repaired.
    let text = "BÁO CÁO\nTình hình thực hiện nhiệm vụ năm 2025\n\nNội dung báo cáo của cơ quan trƣớc đây.\n";
    let imported = vanban::import::import_bytes(text.as_bytes(), &Default::default()).unwrap();
    assert!(!imported.warnings.is_empty());
    for w in &imported.warnings {
        assert!(w.code.starts_with("import-warn-"), "{w:?}");
        assert_eq!(w.message, w.message_in(Lang::En));
        assert_ne!(w.message_in(Lang::Vi), w.message, "{w:?}");
    }
    let no_issuer = imported
        .warnings
        .iter()
        .find(|w| w.code == "import-warn-no-issuer")
        .unwrap_or_else(|| panic!("{:?}", imported.warnings));
    assert_eq!(no_issuer.message, "no issuer found: fill in `issuer.name`");
    assert_eq!(
        no_issuer.message_in(Lang::Vi),
        "không tìm thấy cơ quan ban hành: hãy điền `issuer.name`"
    );
    let repair = imported
        .repairs
        .iter()
        .find(|r| r.code == "import-repair-oi")
        .unwrap_or_else(|| panic!("{:?}", imported.repairs));
    assert_eq!(repair.what, "ƣ (U+01A3, oi) for ư");
    assert_eq!(repair.what_in(Lang::Vi), "ƣ (U+01A3, chữ oi) thay cho ư");
    // The JSON a program reads: English, with the id.
    let json = serde_json::to_value(no_issuer).unwrap();
    assert_eq!(json["code"], "import-warn-no-issuer");
    assert_eq!(json["message"], "no issuer found: fill in `issuer.name`");
}
