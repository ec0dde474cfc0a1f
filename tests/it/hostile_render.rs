//! Hostile inputs to the render side (issue 15, items 7–10, 12, 13 and the
//! low items on metadata, placeholders and signers): each probe ends in
//! bounded time and memory with an error at its path, and `validate`
//! refuses exactly what `render` refuses.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use vanban::pdf::{Item, Page};

use crate::bounded::{run_bounded, vanban};
use crate::support::*;

const GIB: u64 = 1 << 30;

/// A small valid document with `body`, and `extra` keys merged in.
fn doc(body: Value, extra: Value) -> Value {
    let mut d = json!({
        "kind": "bao-cao", "issuer": {"name": "UBND PHƯỜNG LAM SƠN"}, "symbol": "BC-UBND",
        "place": "Lam Sơn", "date": "2024-02-29", "body": body,
        "signature": {"position": "CHỦ TỊCH", "name": "Nguyễn Văn Hùng"}
    });
    if let (Some(d), Value::Object(extra)) = (d.as_object_mut(), extra) {
        d.extend(extra);
    }
    d
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

/// `v` written to `name` in `dir`.
fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes(v)).unwrap();
    p
}

/// The one problem of `err`, at `path`, saying `says`.
fn one_problem(err: &vanban::Error, path: &str, says: &str) {
    let d = err.diagnostics();
    assert!(!d.is_empty(), "{err}");
    assert_eq!(d[0].path, path, "{err}");
    assert!(d[0].message.contains(says), "`{says}` not in: {err}");
}

// Item 7: placeholders are filled in one pass.

#[test]
fn a_megabyte_of_placeholders_validates_in_seconds() {
    let dir = tempfile::tempdir().unwrap();
    // 1,000,000 bytes of `{{a}}`, within the 1 MiB string limit.
    let d = doc(
        json!(["{{a}}".repeat(200_000)]),
        json!({"data": {"a": "x"}}),
    );
    let file = write(dir.path(), "ph.json", &d);
    let r = run_bounded(
        vanban().arg("validate").arg(&file),
        Duration::from_secs(60),
        2 * GIB,
    )
    .within_bounds("1 MB of {{a}}");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.elapsed < Duration::from_secs(20), "{:?}", r.elapsed);
    // Filled past the string limit, it is refused as it is written.
    let d = doc(
        json!(["{{a}}".repeat(200_000)]),
        json!({"data": {"a": "xxxxxx"}}),
    );
    let start = Instant::now();
    let err = engine().check(&bytes(&d), "t.json").unwrap_err();
    one_problem(&err, "body[0]", "with its placeholders filled");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn sixteen_thousand_nested_ifs_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let t = format!(
        "{}x{}",
        "{{#if a}}".repeat(16_000),
        "{{/if}}".repeat(16_000)
    );
    let file = write(
        dir.path(),
        "ifs.json",
        &doc(json!(["Đoạn một.", t]), json!({"data": {"a": true}})),
    );
    let r = run_bounded(
        vanban().arg("validate").arg(&file),
        Duration::from_secs(20),
        GIB,
    )
    .within_bounds("16,000 nested {{#if}}");
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("body[1]")
            && r.stderr.contains("only plain `{{name}}` placeholders")
            && r.stderr.contains("a block (`{{#…}}`) (at character 1)"),
        "{}",
        r.stderr
    );
    assert!(r.elapsed < Duration::from_secs(5), "{:?}", r.elapsed);
}

#[test]
fn objects_arrays_and_null_are_no_text() {
    for (value, kind) in [
        (json!({"b": 1}), "an object"),
        (json!([1, 2]), "an array"),
        (Value::Null, "null"),
    ] {
        let d = doc(json!(["Giá trị: {{v}}."]), json!({"data": {"v": value}}));
        let err = engine().validate(&bytes(&d), "t.json").unwrap_err();
        one_problem(&err, "body[0]", &format!("`{{{{v}}}}` is {kind} in `data`"));
    }
    // A field of an object, a number and a bool still fill as before.
    let d = doc(
        json!(["{{o.b}} {{n}} {{t}}."]),
        json!({"data": {"o": {"b": "Lan"}, "n": 1.5, "t": false}}),
    );
    let r = engine()
        .render_as(&bytes(&d), "t.json", vanban::Formats::DOCX)
        .unwrap();
    assert!(
        doc_text(&r.doc).contains("Lan 1.5 false."),
        "{}",
        doc_text(&r.doc)
    );
}

// Items 12 and 13: layout files.

/// The built-in layout as JSON, named `name`, changed by `edit`.
fn layout(name: &str, edit: impl FnOnce(&mut Value)) -> Value {
    let text = std::fs::read_to_string(root().join("layouts/nd30/layout.json")).unwrap();
    let mut l: Value = serde_json::from_str(&text).unwrap();
    l["name"] = json!(name);
    edit(&mut l);
    l
}

/// A `--layouts` folder holding `l`.
fn layouts_dir(l: &Value) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let name = l["name"].as_str().unwrap();
    std::fs::create_dir(dir.path().join(name)).unwrap();
    write(&dir.path().join(name), "layout.json", l);
    dir
}

fn load(l: &Value) -> vanban::Result<vanban::layout::Layout> {
    vanban::layout::Layout::from_json(&serde_json::to_string(l).unwrap(), "x/layout.json")
}

#[test]
fn layout_templates_are_plain_and_checked_when_loaded() {
    let recursive = "{{#*inline \"p\"}}a{{> p}}{{/inline}}{{> p}}";
    let nested = format!(
        "{}x{}",
        "{{#if number}}".repeat(5_000),
        "{{/if}}".repeat(5_000)
    );
    for (template, says) in [
        (recursive.to_string(), "a block (`{{#…}}`) (at character 1)"),
        (nested, "bytes long; allowed: at most 4096"),
        (
            "Số: {{number}}/{{> symbol}}".into(),
            "a partial (`{{>…}}`) (at character 16)",
        ),
        ("Số: {{lookup number 0}}".into(), "a helper call"),
        ("Số: {{!-- x --}}".into(), "a comment"),
        (
            "Số: {{numbr}}/{{symbol}}".into(),
            "`{{numbr}}` is not a value of this line; it has: {{number}}, {{symbol}}",
        ),
        ("Số: {{number.x}}".into(), "`{{number.x}}` is not a value"),
    ] {
        let l = layout("evil", |l| l["templates"]["number"] = json!(template));
        let err = load(&l).unwrap_err().to_string();
        assert!(
            err.contains("x/layout.json") && err.contains("templates.number") && err.contains(says),
            "{}: {err}",
            template.chars().take(60).collect::<String>()
        );
    }
    let l = layout("evil", |l| {
        l["templates"]["number"] = json!(format!(
            "{}x{}",
            "{{#if n}}".repeat(200),
            "{{/if}}".repeat(200)
        ))
    });
    let err = load(&l).unwrap_err().to_string();
    assert!(err.contains("a block"), "{err}");
}

#[test]
fn a_stack_overflowing_layout_ends_the_run_with_its_name_not_an_abort() {
    let l = layout("evil", |l| {
        l["templates"]["number"] = json!("{{#*inline \"p\"}}a{{> p}}{{/inline}}{{> p}}")
    });
    let layouts = layouts_dir(&l);
    let inputs = tempfile::tempdir().unwrap();
    write(inputs.path(), "a.json", &doc(json!(["Một."]), json!({})));
    write(
        inputs.path(),
        "b.json",
        &doc(json!(["Hai."]), json!({"layout": "evil"})),
    );
    let out = tempfile::tempdir().unwrap();
    for (what, args) in [
        (
            "render",
            vec!["render".into(), inputs.path().join("b.json")],
        ),
        ("batch", vec!["batch".into(), inputs.path().to_path_buf()]),
    ] {
        let r = run_bounded(
            vanban()
                .args(&args)
                .arg("--layouts")
                .arg(layouts.path())
                .arg("-o")
                .arg(out.path()),
            Duration::from_secs(60),
            GIB,
        )
        .within_bounds(what);
        // An exit code: no abort by a signal.
        assert!(
            matches!(r.code, Some(1 | 2)),
            "{what}: {:?} {}",
            r.code,
            r.stderr
        );
        assert!(
            r.stderr.contains("evil") && r.stderr.contains("templates.number"),
            "{what}: {}",
            r.stderr
        );
    }
}

#[test]
fn layout_geometry_is_within_the_format() {
    type Edit = fn(&mut Value);
    let cases: [(Edit, &str, &str); 13] = [
        // Found by the `layout` fuzz target: page numbers, centred in the
        // top margin, were drawn above the page.
        (
            |l| l["page"]["margin_mm"]["top"] = json!(0),
            "page.margin_mm.top",
            "cannot hold the page number",
        ),
        (
            |l| l["page"]["margin_mm"]["left"] = json!(-30),
            "page.margin_mm.left",
            "allowed: 0",
        ),
        (
            |l| l["page"]["margin_mm"]["top"] = json!(-5),
            "page.margin_mm.top",
            "allowed: 0",
        ),
        (
            |l| l["page"]["margin_mm"]["right"] = json!(100),
            "page.margin_mm.left",
            "less than half the paper",
        ),
        (
            |l| l["page"]["landscape_margin_mm"]["bottom"] = json!(-1),
            "page.landscape_margin_mm.bottom",
            "allowed: 0",
        ),
        (
            |l| l["page"]["width_mm"] = json!(5000),
            "page.width_mm",
            "allowed: 100–1000 mm",
        ),
        (
            |l| l["styles"]["body"]["first_indent_mm"] = json!(-500),
            "styles.body.first_indent_mm",
            "allowed: 0–",
        ),
        (
            |l| l["styles"]["body"]["left_indent_mm"] = json!(400),
            "styles.body.left_indent_mm",
            "allowed: 0–110 mm",
        ),
        (
            |l| l["styles"]["body"]["space_before"] = json!(100000),
            "styles.body.space_before",
            "allowed: 0–72 pt",
        ),
        (
            |l| l["table"]["border_pt"] = json!(500),
            "table.border_pt",
            "allowed: 0–3 pt",
        ),
        (
            |l| l["closing"]["signature_space_mm"] = json!(5000),
            "closing.signature_space_mm",
            "allowed: 0–",
        ),
        (
            |l| l["header"]["issuer_rule"]["offset_pt"] = json!(-300),
            "header.issuer_rule.offset_pt",
            "allowed: 0–24 pt",
        ),
        (
            |l| l["header"]["number_gap_pt"] = json!(9000),
            "header.number_gap_pt",
            "allowed: 0–72 pt",
        ),
    ];
    for (edit, key, says) in cases {
        let err = load(&layout("bad", edit)).unwrap_err();
        let vanban::Error::Layout {
            file,
            key: k,
            message,
        } = &err
        else {
            panic!("{err}");
        };
        assert_eq!((file.as_str(), k.as_str()), ("x/layout.json", key), "{err}");
        assert!(
            message.to_string().contains(says),
            "`{says}` not in {message}"
        );
    }
    // The built-in layout and A5 paper pass.
    load(&layout("nd30", |_| {})).unwrap();
    load(&layout("a5", |l| {
        l["page"]["width_mm"] = json!(148);
        l["page"]["height_mm"] = json!(210);
    }))
    .unwrap();
}

// Item 9: a table header taller than most of a page.

/// Every item of `pages` inside its page.
fn all_on_the_page(pages: &[Page]) {
    for (i, page) in pages.iter().enumerate() {
        for (at, item) in &page.items {
            let (top, bottom, right) = match item {
                Item::Text(t) => (at.y - t.size, at.y + 0.3 * t.size, at.x + t.width),
                Item::Rule(r) => (at.y, at.y + r.height, at.x + r.width),
                Item::Image(m) => (at.y, at.y + m.height, at.x + m.width),
                Item::SignField(f) => (at.y, at.y + f.height, at.x + f.width),
            };
            assert!(
                top >= -0.5
                    && bottom <= page.height + 0.5
                    && at.x >= -0.5
                    && right <= page.width + 0.5,
                "page {}: {item:?} at {at:?} is off the {}×{} page",
                i + 1,
                page.width,
                page.height
            );
        }
    }
}

#[test]
fn a_header_row_taller_than_a_page_is_not_repeated_nor_drawn_off_the_page() {
    let words = "Họ và tên người được khen thưởng ".repeat(170); // ~1,200 words
    let rows: Vec<Value> = (0..120)
        .map(|i| json!([format!("{i}"), "Nguyễn Văn An"]))
        .collect();
    let body = json!([{"table": {"columns": [{"title": "STT"}, {"title": words, "width": 4}], "rows": rows}}]);
    let start = Instant::now();
    let r = engine()
        .render_as(
            &bytes(&doc(body, json!({}))),
            "t.json",
            vanban::Formats::PDF,
        )
        .unwrap();
    eprintln!(
        "probe: a 1,200-word table header: {} pages, {:?}",
        r.pages.len(),
        start.elapsed()
    );
    all_on_the_page(&r.pages);
    let with_header = r
        .pages
        .iter()
        .filter(|p| texts(p).any(|(_, t)| t.role == vanban::doc::Role::TableHeader))
        .count();
    assert!(with_header <= 3, "the header is on {with_header} pages");
    // All the rows are there, once.
    let text = pages_text(&r.pages);
    assert!(text.contains("119") && text.matches("Nguyễn Văn An").count() == 120);
    // A short header is still repeated on every page of the table.
    let rows: Vec<Value> = (0..200)
        .map(|i| json!([format!("{i}"), "Nguyễn Văn An"]))
        .collect();
    let body =
        json!([{"table": {"columns": [{"title": "STT"}, {"title": "Họ và tên"}], "rows": rows}}]);
    let r = engine()
        .render_as(
            &bytes(&doc(body, json!({}))),
            "t.json",
            vanban::Formats::PDF,
        )
        .unwrap();
    all_on_the_page(&r.pages);
    let with_header = r
        .pages
        .iter()
        .filter(|p| texts(p).any(|(_, t)| t.role == vanban::doc::Role::TableHeader))
        .count();
    assert!(
        r.pages.len() >= 3 && with_header == r.pages.len(),
        "{with_header} of {}",
        r.pages.len()
    );
}

// Item 10: max_pages while paginating, and in validate.

#[test]
fn max_pages_is_enforced_while_paginating_and_by_validate() {
    // 99,000 one-word paragraphs: 495 KB within every limit, 3,095 pages.
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "pages.json",
        &doc(json!(vec!["a"; 99_000]), json!({})),
    );
    for cmd in ["validate", "render"] {
        let mut c = vanban();
        c.arg(cmd).arg(&file);
        if cmd == "render" {
            c.arg("-o").arg(dir.path().join("out"));
        }
        let r = run_bounded(&mut c, Duration::from_secs(120), 2 * GIB)
            .within_bounds(&format!("{cmd}: 495 KB, 3,095 pages (max_pages 2,000)"));
        assert_eq!(r.code, Some(1), "{cmd}: {}", r.stderr);
        assert!(
            r.stderr
                .contains("the document runs to more than 2000 pages"),
            "{cmd}: {}",
            r.stderr
        );
    }
    // In the library: validate and render agree, at any limit.
    let mut l = vanban::Limits::default();
    l.max_pages = 3;
    let e = engine().clone().with_limits(l);
    let long = bytes(&doc(json!(vec!["Nội dung của đoạn văn."; 200]), json!({})));
    let err = e.validate(&long, "t.json").unwrap_err();
    one_problem(&err, "", "the document runs to more than 3 pages");
    assert!(e.render(&long, "t.json").is_err());
    let short = bytes(&doc(json!(vec!["Nội dung của đoạn văn."; 20]), json!({})));
    e.validate(&short, "t.json").unwrap();
    e.render(&short, "t.json").unwrap();
}

// Item 8 and the low items: metadata and signers.

#[test]
fn the_language_is_a_bcp47_tag_and_nothing_is_injected_into_xmp() {
    let attack = "vi\"/><pdfaid:part>3</pdfaid:part><x a=\"";
    for bad in [attack, "vi_VN", "vi VN", ""] {
        let d = doc(json!(["Một."]), json!({"metadata": {"language": bad}}));
        let err = engine().validate(&bytes(&d), "t.json").unwrap_err();
        one_problem(&err, "metadata.language", "is not a BCP 47 language tag");
        assert!(engine().render(&bytes(&d), "t.json").is_err());
    }
    for good in ["vi", "en-US", "zh-Hant-TW"] {
        let d = doc(
            json!(["Một."]),
            json!({"metadata": {"language": good, "author": "A <b> & \"c\""}}),
        );
        let r = engine().render(&bytes(&d), "t.json").unwrap();
        let pdf = r.pdf.as_deref().unwrap();
        let xmp_start = find_bytes(pdf, b"<x:xmpmeta").expect("an XMP packet");
        let xmp_end = find_bytes(pdf, b"</x:xmpmeta>").unwrap();
        let xmp = String::from_utf8_lossy(&pdf[xmp_start..xmp_end]);
        assert_eq!(xmp.matches("<pdfaid:part>").count(), 1, "{xmp}");
        assert!(
            xmp.contains(good) && xmp.contains("A &lt;b&gt; &amp;"),
            "{xmp}"
        );
        let core = docx_part(r.docx.as_deref().unwrap(), "docProps/core.xml");
        assert!(
            core.contains(&format!("<dc:language>{good}</dc:language>")),
            "{core}"
        );
        assert!(core.contains("A &lt;b&gt; &amp; &quot;c&quot;"), "{core}");
    }
}

fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn a_metadata_string_too_long_for_a_pdf_is_refused_by_validate_at_its_path() {
    let long = "a".repeat(40_000);
    for (extra, path) in [
        (json!({"metadata": {"author": long}}), "metadata.author"),
        (json!({"metadata": {"keywords": long}}), "metadata.keywords"),
        (json!({"subject": long}), "subject"),
        (json!({"title": long}), "title"),
    ] {
        let d = bytes(&doc(json!(["Một."]), extra));
        let err = engine().validate(&d, "t.json").unwrap_err();
        one_problem(&err, path, "a PDF holds at most 32767 bytes in one string");
        assert!(
            err.diagnostics()[0]
                .hint
                .as_deref()
                .unwrap_or("")
                .contains("shorten it")
        );
        assert!(engine().render(&d, "t.json").is_err());
    }
    // Just under the limit, all is well.
    let d = doc(
        json!(["Một."]),
        json!({"metadata": {"author": "a".repeat(32_000)}}),
    );
    engine().validate(&bytes(&d), "t.json").unwrap();
}

#[test]
fn signers_are_capped() {
    let signer = json!({"position": "THÀNH VIÊN", "name": "Nguyễn Văn An"});
    let mut d = doc(
        json!(["Một."]),
        json!({"signatures": vec![signer.clone(); 9]}),
    );
    d.as_object_mut().unwrap().remove("signature");
    let err = engine().validate(&bytes(&d), "t.json").unwrap_err();
    one_problem(
        &err,
        "signatures[8]",
        "the document has 9 signers; the limit is 8",
    );
    let hint = err.diagnostics()[0].hint.clone().unwrap_or_default();
    assert!(hint.contains("--limit max_signers="), "{hint}");
    d["signatures"] = json!(vec![signer; 8]);
    engine().validate(&bytes(&d), "t.json").unwrap();
}

// Validate refuses exactly what render refuses.

#[test]
fn validate_refuses_exactly_what_render_refuses() {
    let mut inputs: Vec<(String, Vec<u8>)> = std::fs::read_dir(root().join("fixtures/bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("expected.json"))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 30);
    let hostile = [
        doc(json!(["{{#if a}}x{{/if}}"]), json!({"data": {"a": 1}})),
        doc(json!(["{{o}}"]), json!({"data": {"o": {}}})),
        doc(json!(["{{z}}"]), json!({"data": {"z": null}})),
        doc(
            json!(["Một."]),
            json!({"metadata": {"language": "vi\"><x"}}),
        ),
        doc(
            json!(["Một."]),
            json!({"metadata": {"author": "a".repeat(40_000)}}),
        ),
        doc(json!(["Một."]), json!({"subject": "a".repeat(40_000)})),
        doc(json!(vec!["a"; 20]), json!({})),
        doc(json!(vec!["a"; 200]), json!({})),
        doc(
            json!(["Một."]),
            json!({"signatures": vec![json!({"position": "A", "name": "B"}); 8]}),
        ),
        doc(json!(["Một."]), json!({"metadata": {"language": "en-US"}})),
    ];
    for (i, h) in hostile.iter().enumerate() {
        inputs.push((format!("hostile {i}"), bytes(h)));
    }
    let mut l = vanban::Limits::default();
    l.max_pages = 3;
    let e = engine().clone().with_limits(l);
    let (mut refused, mut rendered) = (0, 0);
    for (name, json) in &inputs {
        let v = e.validate(json, name);
        let r = e.render(json, name);
        assert_eq!(
            v.is_err(),
            r.is_err(),
            "{name}: validate {:?}, render {:?}",
            v.err().map(|e| e.to_string()),
            r.err().map(|e| e.to_string())
        );
        if v.is_err() {
            refused += 1;
        } else {
            rendered += 1;
        }
    }
    assert!(
        refused >= 35 && rendered >= 2,
        "{refused} refused, {rendered} rendered"
    );
}

#[test]
fn a_batch_with_one_hostile_template_renders_the_others_and_reports_it() {
    let inputs = tempfile::tempdir().unwrap();
    write(inputs.path(), "a.json", &doc(json!(["Một."]), json!({})));
    let nested = format!(
        "{}x{}",
        "{{#if a}}".repeat(16_000),
        "{{/if}}".repeat(16_000)
    );
    write(
        inputs.path(),
        "b.json",
        &doc(json!([nested]), json!({"data": {"a": true}})),
    );
    let out = tempfile::tempdir().unwrap();
    let r = run_bounded(
        vanban()
            .arg("batch")
            .arg(inputs.path())
            .arg("-o")
            .arg(out.path())
            .args(["--format", "pdf"]),
        Duration::from_secs(60),
        GIB,
    )
    .within_bounds("batch with 16,000 nested {{#if}}");
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("b.json") && r.stderr.contains("a block"),
        "{}",
        r.stderr
    );
    assert!(out.path().join("a.pdf").is_file());
    assert!(!out.path().join("b.pdf").exists());
}

#[test]
fn a_layout_line_longer_than_a_page_stays_on_its_pages() {
    // Found by the `layout` fuzz target: a number line of 250 blank lines
    // and then text ran the header past the first page, the text at y =
    // 3,922 pt on page 2 (the cut found no place between items to cut at).
    for number in [
        format!("{}{{{{number}}}}", "Số: ".repeat(600)),
        format!("{{{{number}}}}{}Số: Số: Số:", "\n".repeat(248)),
    ] {
        let l = layout("long", |l| l["templates"]["number"] = json!(number));
        let e = engine().clone().with_layout(load(&l).unwrap());
        let d = doc(json!(["Một."]), json!({"layout": "long"}));
        let r = e
            .render_as(&bytes(&d), "t.json", vanban::Formats::PDF)
            .unwrap();
        assert!(r.pages.len() >= 2);
        all_on_the_page(&r.pages);
    }
}

/// `vanban validate` takes render's options and agrees with `render` under
/// them: with `--limit max_pages=3` a 40-paragraph document is refused by
/// both for the PDF, and accepted by both with `--format docx` (a DOCX's
/// pages are its reader's business).
#[test]
fn the_validate_command_takes_renders_options_and_agrees_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "long.json",
        &doc(
            json!(vec![
                "Nội dung của một đoạn văn khá dài, lặp lại.";
                200
            ]),
            json!({}),
        ),
    );
    for (format, ok) in [("pdf,docx", false), ("docx", true)] {
        for cmd in ["validate", "render"] {
            let mut c = vanban();
            c.args([cmd, "--limit", "max_pages=3", "--format", format])
                .arg(&file);
            if cmd == "render" {
                c.arg("-o").arg(dir.path().join(format!("out-{format}")));
            }
            let r = run_bounded(&mut c, Duration::from_secs(60), GIB).within_bounds(cmd);
            assert_eq!(
                r.code == Some(0),
                ok,
                "{cmd} --format {format}: {}",
                r.stderr
            );
            if !ok {
                assert!(r.stderr.contains("more than 3 pages"), "{}", r.stderr);
            }
        }
    }
}

#[test]
fn a_layout_with_an_empty_chapter_line_renders_a_tagged_pdf() {
    // Found by the `layout` fuzz target: with the chapter template "" the
    // chapter's line was an `H2` without a title, which krilla (PDF/UA)
    // refuses, so `render` failed where `validate` had passed.
    let l = layout("blank", |l| l["templates"]["chapter"] = json!(""));
    let e = engine().clone().with_layout(load(&l).unwrap());
    let d = doc(
        json!([{"chapter": "Quy định chung", "content": [{"article": "Phạm vi", "content": ["Nội dung."]}]}]),
        json!({"layout": "blank", "kind": "quyet-dinh"}),
    );
    e.validate(&bytes(&d), "t.json").unwrap();
    let r = e
        .render_as(&bytes(&d), "t.json", vanban::Formats::PDF)
        .unwrap();
    assert!(r.pdf.is_some_and(|p| !p.is_empty()));
}
