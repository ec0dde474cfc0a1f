//! `vanban serve` over real HTTP: the binary started on `127.0.0.1:0` (its
//! port read from `listening on http://ADDR` on its standard error), asked
//! with a real client (ureq): every route, every error status, the token,
//! the caps, the full queue, images inside the JSON or refused, SIGTERM.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{Server, docx_part, fixture, png_size, poppler, read_pdf, root, squash};

impl Server {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn get(&self, path: &str) -> Answer {
        send(self.url(path), None, &[])
    }

    fn post(&self, path: &str, body: &[u8]) -> Answer {
        send(self.url(path), Some(body), &[])
    }

    fn post_with(&self, path: &str, body: &[u8], headers: &[(&str, &str)]) -> Answer {
        send(self.url(path), Some(body), headers)
    }

    /// The value of one sample of `/metrics` (0 when absent).
    fn metric(&self, sample: &str) -> f64 {
        let text = self.get("/metrics").text();
        text.lines()
            .find_map(|l| l.strip_prefix(sample)?.strip_prefix(' ')?.parse().ok())
            .unwrap_or(0.0)
    }
}

/// An answer: status, headers, body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
    fn json(&self) -> Value {
        assert_eq!(
            self.header("content-type"),
            Some("application/json; charset=utf-8")
        );
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
    /// The `{"error": {...}}` body of an error other than 422-with-problems.
    fn error(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}", self.text());
        let v = self.json();
        assert_eq!(v["error"]["status"], status, "{v}");
        assert!(v["error"]["message"].as_str().unwrap().len() > 5, "{v}");
        v["error"].clone()
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(300)))
        .build()
        .into()
}

fn send(url: String, body: Option<&[u8]>, headers: &[(&str, &str)]) -> Answer {
    let agent = agent();
    let mut response = match body {
        Some(body) => {
            let mut req = agent.post(&url);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            req.send(body)
        }
        None => {
            let mut req = agent.get(&url);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            req.call()
        }
    }
    .unwrap_or_else(|e| panic!("{url}: {e}"));
    Answer {
        status: response.status().as_u16(),
        headers: response
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
        body: response
            .body_mut()
            .with_config()
            .limit(256 << 20)
            .read_to_vec()
            .unwrap(),
    }
}

fn seed_json() -> Vec<u8> {
    std::fs::read(fixture("bao-cao-cchc-q3-2023.json")).unwrap()
}

/// A report of `paragraphs` long paragraphs: about 1.1 MB and 250 pages
/// for 1500, a second or more of typesetting in a test build.
fn big_document(paragraphs: usize) -> Vec<u8> {
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(fixture("minimal.json")).unwrap()).unwrap();
    let p = "Ủy ban nhân dân phường triển khai thực hiện các nhiệm vụ cải cách hành chính, \
             nâng cao chất lượng phục vụ người dân và doanh nghiệp trên địa bàn, bảo đảm \
             đúng tiến độ và hiệu quả. "
        .repeat(3);
    doc["body"] = Value::Array(vec![Value::String(p); paragraphs]);
    serde_json::to_vec(&doc).unwrap()
}

#[test]
fn the_editor_files_health_schema_layouts_and_json_errors() {
    let s = Server::start(&[]);
    for (path, file, kind) in [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/editor.js", "editor.js", "text/javascript; charset=utf-8"),
        ("/editor.css", "editor.css", "text/css; charset=utf-8"),
    ] {
        let a = s.get(path);
        assert_eq!(a.status, 200, "{path}");
        assert_eq!(a.header("content-type"), Some(kind), "{path}");
        assert_eq!(a.header("cache-control"), Some("no-cache"), "{path}");
        let on_disk = std::fs::read(root().join("assets/editor").join(file)).unwrap();
        assert_eq!(a.body, on_disk, "{path} serves assets/editor/{file}");
    }
    assert!(s.get("/").text().contains("lang=\"vi\""));

    let health = s.get("/healthz");
    assert_eq!(health.status, 200);
    assert_eq!(health.json(), json!({"status": "ok"}));

    let schema = s.get("/v1/schema");
    assert_eq!(schema.status, 200);
    assert_eq!(schema.json(), vanban::input::input_schema());

    let layouts = s.get("/v1/layouts").json();
    let nd30 = layouts
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "nd30")
        .expect("the built-in layout");
    let kinds: Vec<&str> = nd30["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    for k in ["bao-cao", "cong-van", "quyet-dinh", "to-trinh"] {
        assert!(kinds.contains(&k), "{kinds:?}");
    }
    assert_eq!(nd30["titles"]["bao-cao"], "BÁO CÁO");

    // Unknown route, wrong method, bad or unknown query parameter: JSON,
    // in Vietnamese when asked.
    let e = s.get("/v1/nothing").error(404);
    assert!(e["message"].as_str().unwrap().contains("/v1/nothing"));
    let vi = send(
        s.url("/nothing"),
        None,
        &[("Accept-Language", "vi-VN,vi;q=0.9")],
    )
    .error(404);
    assert!(
        vi["message"]
            .as_str()
            .unwrap()
            .starts_with("không có đường dẫn"),
        "{vi}"
    );
    s.get("/v1/render").error(405);
    let e = s.post("/v1/render?format=odt", &seed_json()).error(400);
    assert!(e["message"].as_str().unwrap().contains("odt"), "{e}");
    assert!(e["hint"].as_str().unwrap().contains("docx"), "{e}");
    let e = s.post("/v1/preview?zoom=2", &seed_json()).error(400);
    assert!(e["hint"].as_str().unwrap().contains("dpi"), "{e}");
    s.post("/v1/preview?dpi=500", &seed_json()).error(400);
    s.post("/v1/preview?page=0", &seed_json()).error(400);
}

#[test]
fn render_gives_the_pdf_the_docx_and_both_in_a_zip() {
    needs!(Venv);
    let s = Server::start(&[]);
    let json = seed_json();
    let subject = "Kết quả công tác cải cách hành chính";
    let seed: Value = serde_json::from_slice(&json).unwrap();
    assert!(seed["subject"].as_str().unwrap().starts_with(subject));

    let pdf = s.post("/v1/render?format=pdf", &json);
    assert_eq!(pdf.status, 200, "{}", String::from_utf8_lossy(&pdf.body));
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    let stem = format!(
        "{}-{}",
        seed["number"].as_str().unwrap(),
        seed["symbol"].as_str().unwrap()
    );
    assert_eq!(
        pdf.header("content-disposition").unwrap(),
        format!("attachment; filename=\"{stem}.pdf\"; filename*=UTF-8''{stem}.pdf")
    );
    assert!(pdf.body.starts_with(b"%PDF-"));
    let read = read_pdf(&pdf.body);
    let text: String = read
        .pages
        .iter()
        .flat_map(|p| p.spans.iter().map(|s| s.text.as_str()))
        .collect();
    assert!(squash(&text).contains(&squash(subject)), "{text}");
    // The same PDF as the library makes (the output is deterministic).
    let lib = vanban::Engine::new()
        .unwrap()
        .render_as(&json, "request", vanban::Formats::PDF)
        .unwrap();
    assert_eq!(pdf.body, lib.pdf.unwrap());

    let docx = s.post("/v1/render?format=docx", &json);
    assert_eq!(docx.status, 200);
    assert_eq!(
        docx.header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    );
    assert!(
        docx.header("content-disposition")
            .unwrap()
            .contains(".docx\"")
    );
    assert!(docx.body.starts_with(b"PK"));
    assert!(docx_part(&docx.body, "word/document.xml").contains("cải cách hành chính"));

    let zip = s.post("/v1/render?format=zip", &json);
    assert_eq!(zip.status, 200);
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&zip.body)).unwrap();
    let names: Vec<String> = archive.file_names().map(String::from).collect();
    assert_eq!(names, [format!("{stem}.pdf"), format!("{stem}.docx")]);
    let mut entry = |name: &str| {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut archive.by_name(name).unwrap(), &mut out).unwrap();
        out
    };
    assert_eq!(entry(&format!("{stem}.pdf")), pdf.body);
    assert_eq!(entry(&format!("{stem}.docx")), docx.body);

    // PDF options as query parameters: plain PDF, the source attached.
    let plain = s.post("/v1/render?standard=none&signature_fields=false", &json);
    assert_eq!(plain.status, 200);
    assert!(
        !plain.body.windows(9).any(|w| w == b"pdfaid:pa"),
        "no PDF/A mark"
    );
    let attached = s.post("/v1/render?attach_source=true", &json);
    assert_eq!(attached.status, 200);
    let back = vanban::pdf::extract_source_with(&attached.body, &vanban::Limits::default());
    assert_eq!(back.unwrap(), json);
    let e = s
        .post("/v1/render?standard=a-2b&attach_source=true", &json)
        .error(422);
    assert!(e["message"].as_str().unwrap().contains("PDF/A-2b"), "{e}");

    // A document with problems is 422 with them, as for validate.
    let bad = s.post("/v1/render", br#"{"kind": "bao-cao"}"#);
    assert_eq!(bad.status, 422);
    assert_eq!(bad.json()["ok"], false);
}

#[test]
fn validate_answers_every_problem_with_its_path_in_either_language() {
    let s = Server::start(&[]);
    let ok = s.post("/v1/validate", &seed_json());
    assert_eq!(ok.status, 200);
    assert_eq!(ok.json(), json!({"ok": true, "problems": []}));

    let mut doc: Value = serde_json::from_slice(&seed_json()).unwrap();
    doc["issuer"]["name"] = json!("");
    doc["subject"] = json!(" ");
    doc["signature"]["name"] = json!("");
    let bad = serde_json::to_vec(&doc).unwrap();
    let answer = s.post("/v1/validate", &bad);
    assert_eq!(answer.status, 422, "{}", answer.text());
    let v = answer.json();
    assert_eq!(v["ok"], false);
    let problems = v["problems"].as_array().unwrap();
    // The same diagnostics as the library's (and so `vanban validate`'s).
    let lib = vanban::Engine::new()
        .unwrap()
        .validate(&bad, "x")
        .unwrap_err();
    let expected: Vec<(&str, &str)> = lib
        .diagnostics()
        .iter()
        .map(|d| (d.path.as_str(), d.message.as_str()))
        .collect();
    let got: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p["path"].as_str().unwrap(), p["message"].as_str().unwrap()))
        .collect();
    assert_eq!(got, expected);
    assert!(got.len() >= 3, "{got:?}");
    // A problem found while reading has its line and column too.
    doc["date"] = json!("2023-02-30");
    let v = s
        .post("/v1/validate", &serde_json::to_vec(&doc).unwrap())
        .json();
    let p = &v["problems"][0];
    assert_eq!(p["path"], "date", "{p}");
    assert!(
        p["line"].as_u64().unwrap() >= 1 && p["column"].as_u64().unwrap() > 1,
        "{p}"
    );
    for p in problems {
        assert!(p.get("hint").is_some(), "{p}");
    }

    // A syntax error: its line and column.
    let syntax = s.post("/v1/validate", b"{\"kind\": ");
    assert_eq!(syntax.status, 422);
    let p = &syntax.json()["problems"][0];
    assert_eq!((&p["line"], &p["column"]), (&json!(1), &json!(9)), "{p}");
    // Vietnamese: the service's own problem (the engine's diagnostics are
    // being translated; the frame of its other errors is, see the preview
    // and import tests).
    let vi = [("Accept-Language", "vi")];
    let mut with_path: Value = serde_json::from_slice(&seed_json()).unwrap();
    with_path["signature"]["image"] = json!("chu-ky.png");
    let refused = s.post_with(
        "/v1/validate",
        &serde_json::to_vec(&with_path).unwrap(),
        &vi,
    );
    assert_eq!(refused.status, 422);
    let p = &refused.json()["problems"][0];
    assert_eq!(p["path"], "signature.image");
    assert!(
        p["message"]
            .as_str()
            .unwrap()
            .contains("dịch vụ không đọc tệp hình ảnh"),
        "{p}"
    );
    assert!(
        p["hint"]
            .as_str()
            .unwrap()
            .contains("data:image/png;base64"),
        "{p}"
    );
}

#[test]
fn preview_draws_a_page_as_png_at_the_resolution_asked() {
    let s = Server::start(&[]);
    let json = seed_json();
    let engine = vanban::Engine::new().unwrap();
    let pages = engine
        .pages(&json, "request", &vanban::RenderOptions::default())
        .unwrap();
    let one = s.post("/v1/preview", &json);
    assert_eq!(one.status, 200, "{}", String::from_utf8_lossy(&one.body));
    assert_eq!(one.header("content-type"), Some("image/png"));
    assert_eq!(
        one.header("x-vanban-pages"),
        Some(pages.len().to_string().as_str())
    );
    // Default 60 dpi.
    assert_eq!(
        png_size(&one.body),
        vanban::preview::pixel_size(&pages[0], 60.0).unwrap()
    );
    let two = s.post("/v1/preview?page=2&dpi=100", &json);
    assert_eq!(two.status, 200);
    let (w, h) = png_size(&two.body);
    assert_eq!(
        (w, h),
        vanban::preview::pixel_size(&pages[1], 100.0).unwrap()
    );
    assert!(
        (w as f32 - pages[1].width * 100.0 / 72.0).abs() <= 1.0,
        "{w}"
    );
    // What the library draws for that page.
    let lib = vanban::preview::png(&pages[1], engine.fonts(), 100.0).unwrap();
    assert_eq!(two.body, lib);
    let beyond = format!("/v1/preview?page={}", pages.len() + 1);
    let e = s.post(&beyond, &json).error(422);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains(&pages.len().to_string()),
        "names the page count: {e}"
    );
    let vi = s
        .post_with(&beyond, &json, &[("Accept-Language", "vi")])
        .error(422);
    assert!(
        vi["message"].as_str().unwrap().starts_with("xem trước: "),
        "{vi}"
    );
    let invalid = s.post("/v1/preview", br#"{"kind": "bao-cao"}"#);
    assert_eq!(invalid.status, 422);
    assert!(!invalid.json()["problems"].as_array().unwrap().is_empty());
}

#[test]
fn import_reads_a_docx_and_a_text_back_to_json() {
    let s = Server::start(&[]);
    let minimal = std::fs::read(fixture("minimal.json")).unwrap();
    let original: Value = serde_json::from_slice(&minimal).unwrap();
    // A DOCX made here, by the service itself.
    let docx = s.post("/v1/render?format=docx", &minimal);
    assert_eq!(docx.status, 200);
    let back = s.post("/v1/import?name=cu.docx", &docx.body);
    assert_eq!(back.status, 200, "{}", back.text());
    let v = back.json();
    assert_eq!(v["encoding"], "DOCX");
    for key in ["kind", "issuer", "symbol", "subject", "body", "signature"] {
        assert_eq!(v["document"][key], original[key], "{key}");
    }
    assert!(
        v["repairs"]
            .as_array()
            .unwrap()
            .iter()
            .all(Value::is_string)
    );
    // The document imported validates.
    let again = s.post("/v1/validate", &serde_json::to_vec(&v["document"]).unwrap());
    assert_eq!(again.status, 200, "{}", again.text());

    let text = "ỦY BAN NHÂN DÂN\nPHƯỜNG LAM SƠN\nSố: 12/BC-UBND\n\
                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
                Lam Sơn, ngày 05 tháng 9 năm 2023\nBÁO CÁO\n\
                Kết quả công tác quý III năm 2023\n\
                Trong quý III, phường đã hoàn thành các nhiệm vụ được giao./.\n\
                CHỦ TỊCH\nNguyễn Văn A\n";
    let t = s.post("/v1/import?name=cu.txt", text.as_bytes());
    assert_eq!(t.status, 200, "{}", t.text());
    let v = t.json();
    assert_eq!(v["encoding"], "UTF-8");
    assert_eq!(v["document"]["kind"], "bao-cao");
    assert_eq!(
        v["document"]["subject"],
        "Kết quả công tác quý III năm 2023"
    );
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["line"].is_u64())
    );

    let e = s
        .post("/v1/import", b"PK\x03\x04 not a zip at all")
        .error(422);
    assert!(
        e["message"].as_str().unwrap().starts_with("import: "),
        "{e}"
    );
    let vi = s.post_with(
        "/v1/import",
        b"PK\x03\x04 not a zip",
        &[("Accept-Language", "vi")],
    );
    assert!(
        vi.error(422)["message"]
            .as_str()
            .unwrap()
            .starts_with("nhập văn bản: ")
    );
}

#[test]
fn a_token_guards_every_route_but_health_and_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, "s3cr3t-42\n").unwrap();
    for s in [
        Server::start(&["--token", "s3cr3t-42"]),
        Server::start(&["--token-file", file.to_str().unwrap()]),
    ] {
        assert_eq!(s.get("/healthz").status, 200);
        assert_eq!(s.get("/").status, 200);
        assert_eq!(s.get("/editor.js").status, 200);
        let none = s.post("/v1/validate", &seed_json());
        let e = none.error(401);
        assert_eq!(
            none.header("www-authenticate"),
            Some("Bearer realm=\"vanban\"")
        );
        assert!(
            e["hint"]
                .as_str()
                .unwrap()
                .contains("Authorization: Bearer"),
            "{e}"
        );
        let vi = s.post_with("/v1/render", &seed_json(), &[("Accept-Language", "vi")]);
        assert!(
            vi.error(401)["message"]
                .as_str()
                .unwrap()
                .contains("thiếu mã truy cập")
        );
        let wrong = [("Authorization", "Bearer s3cr3t-43")];
        let e = s.post_with("/v1/validate", &seed_json(), &wrong).error(401);
        assert!(e["message"].as_str().unwrap().contains("wrong"), "{e}");
        s.get("/metrics").error(401);
        s.get("/v1/schema").error(401);
        let right = [("Authorization", "Bearer s3cr3t-42")];
        assert_eq!(
            s.post_with("/v1/validate", &seed_json(), &right).status,
            200
        );
        assert_eq!(send(s.url("/metrics"), None, &right).status, 200);
        assert_eq!(send(s.url("/v1/layouts"), None, &right).status, 200);
    }
}

#[test]
fn a_body_over_the_cap_is_413() {
    let s = Server::start(&["--max-body", "4000", "--max-upload", "2000"]);
    let json = std::fs::read(fixture("minimal.json")).unwrap();
    assert!(json.len() < 2000);
    assert_eq!(s.post("/v1/validate", &json).status, 200);
    let mut big: Value = serde_json::from_slice(&json).unwrap();
    big["body"] = json!(["Đoạn văn dài. ".repeat(400)]);
    let big = serde_json::to_vec(&big).unwrap();
    assert!(big.len() > 4000 && big.len() < 10_000);
    for path in ["/v1/validate", "/v1/render", "/v1/preview"] {
        let e = s.post(path, &big).error(413);
        assert!(e["message"].as_str().unwrap().contains("4000"), "{e}");
    }
    let e = s.post("/v1/import", &[b'a'; 3000]).error(413);
    assert!(e["message"].as_str().unwrap().contains("2000"), "{e}");
    assert!(s.metric("vanban_rejected_total{reason=\"body_too_large\"}") >= 4.0);
    // A body far over the socket's buffers: the client still reads the 413
    // (what is over is read and dropped, up to the cap again).
    let s = Server::start(&["--max-body", "1000000"]);
    let e = s.post("/v1/render", &vec![b' '; 1_900_000]).error(413);
    assert!(e["message"].as_str().unwrap().contains("1000000"), "{e}");
}

#[test]
fn a_full_queue_is_503_with_retry_after_and_every_request_is_answered() {
    let s = Server::start(&["--jobs", "1", "--queue", "1"]);
    let big = std::sync::Arc::new(big_document(1500));
    let url = s.url("/v1/render?format=pdf");
    let clients: Vec<_> = (0..6)
        .map(|_| {
            let (big, url) = (big.clone(), url.clone());
            std::thread::spawn(move || send(url, Some(&big), &[]))
        })
        .collect();
    let answers: Vec<Answer> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 503),
        "{statuses:?}"
    );
    assert!(statuses.contains(&200), "{statuses:?}");
    let busy: Vec<&Answer> = answers.iter().filter(|a| a.status == 503).collect();
    assert!(
        !busy.is_empty(),
        "six at once on one worker and one place: {statuses:?}"
    );
    for a in &busy {
        assert_eq!(a.header("retry-after"), Some("1"));
        a.error(503);
    }
    for a in answers.iter().filter(|a| a.status == 200) {
        assert!(a.body.starts_with(b"%PDF-"));
    }
    assert_eq!(
        s.metric("vanban_rejected_total{reason=\"queue_full\"}"),
        busy.len() as f64
    );
    // The health check answered at once while the worker was busy, and
    // the gauges are back at rest.
    assert_eq!(s.metric("vanban_busy_workers"), 0.0);
    assert_eq!(s.metric("vanban_queue_depth"), 0.0);
}

#[test]
fn a_request_over_the_time_limit_is_answered_504_on_time() {
    let s = Server::start(&["--timeout", "0.2", "--jobs", "1"]);
    let big = big_document(1500);
    let start = Instant::now();
    let e = s.post("/v1/render", &big);
    let took = start.elapsed();
    let v = e.error(504);
    assert!(v["message"].as_str().unwrap().contains("0.2"), "{v}");
    assert!(
        took < Duration::from_millis(1500),
        "answered after {took:?}"
    );
    // The server goes on: the next small request is served.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let a = s.post(
            "/v1/validate",
            &std::fs::read(fixture("minimal.json")).unwrap(),
        );
        if a.status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "{}", a.text());
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// `electronic-copy.json` with its two images inside the JSON.
fn with_data_images() -> Value {
    use base64ct::{Base64, Encoding};
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(fixture("electronic-copy.json")).unwrap()).unwrap();
    let data = |name: &str| {
        let png = std::fs::read(fixture("images").join(name)).unwrap();
        format!("data:image/png;base64,{}", Base64::encode_string(&png))
    };
    doc["signature"]["image"] = json!(data("signature.png"));
    doc["seal"]["image"] = json!(data("seal.png"));
    doc
}

/// The kinds of image `pdfimages -list` finds in a PDF.
fn image_kinds(pdf: &[u8]) -> Vec<String> {
    poppler("pdfimages", &["-list"], pdf)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().nth(2).map(String::from))
        .collect()
}

#[test]
fn images_come_inside_the_json_or_from_the_assets_folder_only() {
    needs!(Poppler);
    let s = Server::start(&[]);
    let doc = with_data_images();
    let pdf = s.post("/v1/render", &serde_json::to_vec(&doc).unwrap());
    assert_eq!(pdf.status, 200, "{}", String::from_utf8_lossy(&pdf.body));
    assert_eq!(image_kinds(&pdf.body), ["image", "smask", "image", "smask"]);
    let preview = s.post("/v1/preview", &serde_json::to_vec(&doc).unwrap());
    assert_eq!(preview.status, 200);

    // A data: URL that is no PNG, or no base64: 422 at its path.
    let mut broken = doc.clone();
    broken["seal"]["image"] = json!("data:image/png;base64,iVBORw0KGgo=");
    broken["signature"]["image"] = json!("data:image/jpeg;base64,AAAA");
    let v = s.post("/v1/validate", &serde_json::to_vec(&broken).unwrap());
    assert_eq!(v.status, 422);
    let problems = v.json()["problems"].clone();
    let paths: Vec<&str> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["signature.image", "seal.image"], "{problems}");

    // An image inside the JSON is held to max_image_bytes (the seal is
    // 8,094 bytes, the signature 2,449).
    let small = Server::start(&["--limit", "max_image_bytes=4000"]);
    let v = small.post("/v1/render", &serde_json::to_vec(&doc).unwrap());
    assert_eq!(v.status, 422);
    let p = &v.json()["problems"];
    assert_eq!(p.as_array().unwrap().len(), 1, "{p}");
    assert_eq!(p[0]["path"], "seal.image");
    assert!(
        p[0]["hint"].as_str().unwrap().contains("max_image_bytes"),
        "{p}"
    );

    // A path: refused without an assets folder, the file never read
    // (this one exists and is a good PNG).
    let mut by_path = doc.clone();
    let real = fixture("images/signature.png");
    by_path["signature"]["image"] = json!(real.to_str().unwrap());
    let v = s.post("/v1/render", &serde_json::to_vec(&by_path).unwrap());
    assert_eq!(v.status, 422);
    let p = &v.json()["problems"];
    assert_eq!(p.as_array().unwrap().len(), 1, "{p}");
    assert_eq!(p[0]["path"], "signature.image");

    // With an assets folder: a name inside it is read; one outside it (by
    // `..`, an absolute path or a link) is refused, naming no folder.
    let assets = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("images/seal.png"), assets.path().join("seal.png")).unwrap();
    std::os::unix::fs::symlink(&real, assets.path().join("link.png")).unwrap();
    let s = Server::start(&["--assets", assets.path().to_str().unwrap()]);
    let mut inside = doc.clone();
    inside["seal"]["image"] = json!("seal.png");
    let pdf = s.post("/v1/render", &serde_json::to_vec(&inside).unwrap());
    assert_eq!(pdf.status, 200, "{}", String::from_utf8_lossy(&pdf.body));
    assert_eq!(image_kinds(&pdf.body).len(), 4);
    let folder = assets.path().to_str().unwrap();
    for outside in [
        "../seal.png",
        real.to_str().unwrap(),
        "link.png",
        "/etc/passwd",
    ] {
        let mut d = doc.clone();
        d["signature"]["image"] = json!(outside);
        let v = s.post("/v1/render", &serde_json::to_vec(&d).unwrap());
        assert_eq!(v.status, 422, "{outside}");
        let body = v.text();
        assert!(
            !body.contains(folder),
            "names no folder of the server: {body}"
        );
        let p = &v.json()["problems"];
        assert_eq!(p.as_array().unwrap().len(), 1, "{outside}: {p}");
        assert_eq!(p[0]["path"], "signature.image", "{outside}");
    }
}

#[test]
fn metrics_count_requests_and_render_time() {
    let s = Server::start(&[]);
    let sample = "vanban_http_requests_total{route=\"/v1/validate\",status=\"200\"}";
    let before = s.metric(sample);
    for _ in 0..3 {
        assert_eq!(s.post("/v1/validate", &seed_json()).status, 200);
    }
    assert_eq!(s.metric(sample), before + 3.0);
    assert_eq!(s.post("/v1/render?format=docx", &seed_json()).status, 200);
    assert_eq!(
        s.metric("vanban_render_seconds_count{format=\"docx\"}"),
        1.0
    );
    assert!(s.metric("vanban_render_seconds_sum{format=\"docx\"}") > 0.0);
    let bad = "vanban_http_requests_total{route=\"/v1/validate\",status=\"422\"}";
    assert_eq!(s.post("/v1/validate", b"{}").status, 422);
    assert_eq!(s.metric(bad), 1.0);
    let text = s.get("/metrics");
    assert!(
        text.header("content-type")
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    for name in [
        "# TYPE vanban_queue_depth gauge",
        "# TYPE vanban_busy_workers gauge",
    ] {
        assert!(text.text().contains(name), "{name}");
    }
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_and_exits_0() {
    let mut s = Server::start(&["--jobs", "1"]);
    let big = big_document(1500);
    let url = s.url("/v1/render?format=pdf");
    let client = std::thread::spawn(move || send(url, Some(&big), &[]));
    // Wait until the worker has the job.
    let deadline = Instant::now() + Duration::from_secs(60);
    while s.metric("vanban_busy_workers") < 1.0 {
        assert!(Instant::now() < deadline, "the job never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = i32::try_from(s.id()).unwrap();
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let answer = client.join().unwrap();
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert!(answer.body.starts_with(b"%PDF-"));
    let status = s.wait();
    assert_eq!(status.code(), Some(0), "{status:?}");
    // And it no longer listens.
    let addr = s.base.trim_start_matches("http://").to_string();
    assert!(std::net::TcpStream::connect(addr).is_err());
}
