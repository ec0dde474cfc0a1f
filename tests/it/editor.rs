//! The editor page of `vanban serve` in a real browser: headless Chromium
//! driven by selenium (tests/helpers/editor_browser.py) against the real
//! binary, with an access token. The script fills the form, adds a section
//! holding a table, sees the preview change, reads the Vietnamese error
//! beside a bad date and downloads the PDF with the keyboard alone; here the
//! files it saved are checked again.

use std::path::Path;
use std::process::Command;

use crate::support::{Server, png_size, python, read_pdf, root, squash};

const TOKEN: &str = "ma-truy-cap-thu-nghiem-17";

#[test]
fn editor_in_headless_chromium() {
    needs!(Chromium, Openssl, Venv);
    let server = Server::start(&["--token", TOKEN]);
    assert!(
        server.base.starts_with("http://127.0.0.1:"),
        "{}",
        server.base
    );
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("editor.png");
    let out = Command::new(python())
        .arg(root().join("tests/helpers/editor_browser.py"))
        .arg(&server.base)
        .arg(dir.path())
        .arg("--screenshot")
        .arg(&shot)
        .arg("--token")
        .arg(TOKEN)
        .output()
        .expect("run tests/helpers/editor_browser.py");
    assert!(
        out.status.success(),
        "the browser script failed (a screenshot is in {}/failure.png):\n{}",
        dir.keep().display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], true, "{report}");
    // The page asked for the token once and kept it for the tab.
    assert_eq!(report["token_stored"], true, "{report}");
    // The preview changed when the section and its table came in.
    let (before, after) = (&report["preview_before"], &report["preview_after"]);
    assert!(
        before.is_string() && after.is_string() && before != after,
        "{report}"
    );
    // Alt+Page Down showed page 2 of a two-page document.
    assert!(report["page_two"].is_string(), "{report}");
    // Every fixture opened into the form and came back unchanged.
    assert_eq!(
        report["fixtures_round_trip"],
        crate::support::fixtures().len(),
        "{report}"
    );
    // Tải PDF is the second stop of Tab (after the skip link).
    assert_eq!(report["tabs_to_pdf"], 2, "{report}");
    // The error beside the date came in Vietnamese with the page's own label.
    let date_error = report["date_error"].as_str().unwrap();
    assert!(date_error.starts_with("Lỗi: "), "{date_error}");

    // The PDF the browser saved, named by the server from the number and symbol.
    let pdf_path = Path::new(report["pdf"].as_str().unwrap());
    assert_eq!(pdf_path.file_name().unwrap(), "17-BC-UBND.pdf");
    let pdf = std::fs::read(pdf_path).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text: String = read_pdf(&pdf)
        .pages
        .iter()
        .flat_map(|p| p.spans.iter().map(|s| s.text.as_str()))
        .collect();
    for typed in [
        "Kết quả thử nghiệm trình soạn thảo văn bản quý I năm 2025",
        "KẾT QUẢ ĐẠT ĐƯỢC",
        "Tiếp nhận hồ sơ trực tuyến",
        "Trả kết quả qua bưu điện",
        "Nguyễn Văn An",
    ] {
        assert!(
            squash(&text).contains(&squash(typed)),
            "{typed:?} not in the PDF"
        );
    }
    let docx = std::fs::read(report["docx"].as_str().unwrap()).unwrap();
    assert!(docx.starts_with(b"PK\x03\x04"), "the DOCX is a zip");

    // The JSON the form built is a valid document for the command line too,
    // and Lưu JSON (Ctrl+S) saved exactly that.
    let built = report["built"].as_str().unwrap();
    let st = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["validate", built])
        .env("LANG", "C")
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let read = |p: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
    };
    assert_eq!(read(built), read(report["json"].as_str().unwrap()));

    // The screenshot: the whole 1366 px wide window.
    let (w, h) = png_size(&std::fs::read(&shot).unwrap());
    assert_eq!((w, h), (1366, 900));
}
