//! Property tests over generated documents: every generated document renders
//! without a panic, the PDF's extracted text and the DOCX's text are the
//! input's, the output is deterministic, and the page count grows linearly
//! with the content.
//!
//! Cases per property: 24 by default (CI); `VANBAN_PROPTEST_CASES=500 cargo
//! test --test it props` runs a longer search. A failing case is shrunk and
//! saved by proptest under `tests/it/props.proptest-regressions`, which is
//! replayed first on every later run: commit it with the fix.

use std::io::Read;

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization;
use vanban::doc::{Block, Role};

use crate::support::*;

fn config() -> Config {
    let cases = std::env::var("VANBAN_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    Config {
        cases,
        // The generated documents are large: shrinking takes several renders
        // per step, so keep it bounded.
        max_shrink_iters: 200,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/it/props.proptest-regressions",
        ))),
        ..Config::default()
    }
}

// ---------------------------------------------------------------- generators

/// Words as agencies write them: every tone mark on every vowel class, đ/Đ,
/// capitals, numbers and symbols, `&` and `<` (escaped in XML), quotes.
const WORDS: &[&str] = &[
    "công",
    "tác",
    "cải",
    "cách",
    "hành",
    "chính",
    "Ủy",
    "ban",
    "nhân",
    "dân",
    "phường",
    "Lam",
    "Sơn",
    "năm",
    "2023",
    "quý",
    "III",
    "người",
    "được",
    "ưu",
    "tiên",
    "Đảng",
    "ủy",
    "HĐND",
    "ĐỀ",
    "NGHỊ",
    "số",
    "17/2023/NĐ-CP",
    "(b/c)",
    "“trích",
    "yếu”",
    "…",
    "100%",
    "khuỷu",
    "ngoằn",
    "nghèo",
    "Trường",
    "Thượng",
    "giặt",
    "ễnh",
    "ương",
    "quyết",
    "định",
    "hồ",
    "sơ",
    "thủ",
    "tục",
    "trực",
    "tuyến",
    "A&B",
    "<5",
    "giấy",
    "tờ",
    "đạt",
    "tỷ",
    "lệ",
    "ỹ",
    "Ỵ",
    "ẫ",
];

/// One word: from the list, or letters drawn at random (now and then long
/// enough that no line holds it and the typesetter must break inside it).
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(WORDS).prop_map(str::to_string),
        1 => "[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐƯƠÂ0-9]{1,12}",
        1 => "[a-zươđ]{40,90}",
    ]
}

/// A line of `min..max` words; sometimes written decomposed (NFD), which the
/// pipeline must bring back to NFC.
fn text(min: usize, max: usize) -> impl Strategy<Value = String> {
    (proptest::collection::vec(word(), min..max), any::<u8>()).prop_map(|(words, pick)| {
        let line = words.join(if pick % 7 == 0 { ", " } else { " " });
        if pick % 5 == 0 {
            line.nfd().collect()
        } else {
            line
        }
    })
}

/// Inline text: a string, or runs with emphasis.
fn inline(min: usize, max: usize) -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => text(min, max).prop_map(Value::String),
        1 => proptest::collection::vec(
            (text(1, max.max(2)), any::<bool>(), any::<bool>(), any::<bool>()),
            1..4
        )
        .prop_map(|runs| {
            Value::Array(
                runs.into_iter()
                    .map(|(t, bold, italic, underline)| {
                        json!({"text": t, "bold": bold, "italic": italic, "underline": underline})
                    })
                    .collect(),
            )
        }),
    ]
}

fn list(depth: u32) -> BoxedStrategy<Value> {
    let item = if depth == 0 {
        inline(1, 20).boxed()
    } else {
        prop_oneof![
            3 => inline(1, 20),
            1 => (inline(1, 12), list(depth - 1)).prop_map(|(t, l)| json!({"text": t, "list": l["list"]})),
        ]
        .boxed()
    };
    (
        proptest::collection::vec(item, 1..5),
        proptest::option::of(proptest::sample::select(vec!["-", "+", "a)", "1."])),
    )
        .prop_map(|(items, marker)| match marker {
            Some(m) => json!({"list": items, "marker": m}),
            None => json!({"list": items}),
        })
        .boxed()
}

fn table() -> impl Strategy<Value = Value> {
    (1usize..5).prop_flat_map(|cols| {
        (
            proptest::collection::vec(
                (
                    inline(1, 3),
                    1u8..4,
                    proptest::sample::select(vec!["left", "center", "right"]),
                ),
                cols,
            ),
            proptest::collection::vec(proptest::collection::vec(inline(1, 8), cols), 1..8),
        )
            .prop_map(|(columns, rows)| {
                let columns: Vec<Value> = columns
                    .into_iter()
                    .map(|(title, width, align)| json!({"title": title, "width": width, "align": align}))
                    .collect();
                json!({"table": {"columns": columns, "rows": rows}})
            })
    })
}

/// A body block; headings nest up to three levels.
fn block() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        // Runs as a block are written `{"paragraph": [...]}`.
        6 => inline(3, 60).prop_map(|p| if p.is_array() { json!({"paragraph": p}) } else { p }),
        1 => inline(1, 8).prop_map(|c| json!({"center": c})),
        2 => list(1),
        1 => table(),
        1 => Just(json!({"page_break": true})),
    ];
    leaf.prop_recursive(3, 40, 6, |inner| {
        prop_oneof![
            (
                inline(1, 10),
                proptest::collection::vec(inner.clone(), 0..6),
                any::<u8>()
            )
                .prop_map(|(h, content, n)| {
                    let mut v = json!({"heading": h, "content": content});
                    if n % 6 == 0 {
                        v["numbered"] = json!(false);
                    }
                    v
                }),
            (inline(2, 12), proptest::collection::vec(inner, 0..4))
                .prop_map(|(a, content)| json!({"article": a, "content": content})),
        ]
    })
}

fn signature() -> impl Strategy<Value = Value> {
    (
        proptest::option::of(proptest::sample::select(vec![
            "KT. CHỦ TỊCH",
            "TM. ỦY BAN NHÂN DÂN",
            "Q. GIÁM ĐỐC",
        ])),
        text(1, 4),
        text(2, 4),
    )
        .prop_map(|(authority, position, name)| {
            let mut s = json!({"position": position, "name": name});
            if let Some(a) = authority {
                s["authority"] = json!(a);
            }
            s
        })
}

const KINDS: &[&str] = &[
    "bao-cao",
    "cong-van",
    "to-trinh",
    "ke-hoach",
    "thong-bao",
    "quyet-dinh",
    "giay-moi",
    "bien-ban",
];

/// A whole document, of any kind, with the parts that kind takes.
fn document() -> impl Strategy<Value = Value> {
    (
        (
            proptest::sample::select(KINDS),
            proptest::option::of(text(2, 6)),
            text(2, 8),
            proptest::option::of("[0-9]{1,4}"),
            (2000i32..2040, 1u32..13, 1u32..29),
            proptest::option::of(text(3, 25)),
        ),
        (
            proptest::collection::vec(inline(1, 10), 0..3),
            proptest::collection::vec(inline(3, 25), 0..3),
            proptest::collection::vec(block(), 1..8),
            proptest::collection::vec(signature(), 1..3),
            proptest::collection::vec(inline(1, 6), 0..5),
        ),
    )
        .prop_map(
            |(
                (kind, parent, issuer, number, (y, m, d), subject),
                (recipients, preamble, body, signers, distribution),
            )| {
                let mut doc = json!({
                    "kind": kind,
                    "issuer": {"name": issuer},
                    "symbol": "BC-UBND",
                    "place": "Lam Sơn",
                    "date": format!("{y:04}-{m:02}-{d:02}"),
                    "body": body,
                    "distribution": distribution,
                });
                if let Some(p) = parent {
                    // The parent agency is printed above the issuer.
                    doc["issuer"] = json!({"parent": p, "name": doc["issuer"]["name"]});
                }
                if let Some(n) = number {
                    doc["number"] = json!(n);
                }
                if let Some(s) = subject {
                    doc["subject"] = json!(s);
                }
                if kind == "quyet-dinh" {
                    doc["authority"] = json!("CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG LAM SƠN");
                }
                if !recipients.is_empty() {
                    doc["recipients"] = json!(recipients);
                }
                if !preamble.is_empty() {
                    doc["preamble"] = json!(preamble);
                }
                if signers.len() > 1 {
                    doc["signatures"] = json!(signers);
                } else {
                    doc["signature"] = signers.into_iter().next().unwrap_or(Value::Null);
                }
                doc
            },
        )
}

// ------------------------------------------------------------ reading back

/// Renders a generated document; a generated document is valid, so an error
/// fails the case as surely as a panic does.
fn render_json(doc: &Value) -> Result<vanban::Rendered, TestCaseError> {
    let bytes = serde_json::to_vec_pretty(doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
    engine()
        .render(&bytes, "generated.json")
        .map_err(|e| TestCaseError::fail(format!("{e}\n{}", String::from_utf8_lossy(&bytes))))
}

/// The text pdftotext extracts, in content-stream order (`-raw`), without the
/// page numbers (drawn last on every page after the first).
fn pdf_text(pdf: &[u8]) -> String {
    let raw = poppler("pdftotext", &["-raw", "-enc", "UTF-8"], pdf);
    let mut out = String::new();
    for (i, page) in raw.split('\u{c}').enumerate() {
        let mut lines: Vec<&str> = page.lines().collect();
        if i > 0 {
            let number = (i + 1).to_string();
            if let Some(at) = lines.iter().rposition(|l| l.trim() == number) {
                lines.remove(at);
            }
        }
        for l in lines {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// The text of the DOCX body (`w:t` of word/document.xml, entities
/// resolved), in order.
fn docx_text(docx: &[u8]) -> String {
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut out, mut in_text) = (String::new(), false);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::Text(t) if in_text => out.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) if in_text => {
                let name = r.decode().unwrap();
                let c = match quick_xml::escape::resolve_xml_entity(&name) {
                    Some(s) => s.chars().next().unwrap(),
                    None => r.resolve_char_ref().unwrap().expect("a known entity"),
                };
                out.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The typeset text without page numbers and table headers.
fn typeset_without_headers(pages: &[vanban::pdf::Page]) -> String {
    pages
        .iter()
        .flat_map(|p| {
            texts(p)
                .filter(|(_, t)| !matches!(t.role, Role::PageNumber | Role::TableHeader))
                .map(|(_, t)| t.text.clone())
        })
        .collect()
}

/// The composed text without table headers.
fn composed_without_headers(d: &vanban::doc::Document) -> String {
    let mut d = d.clone();
    for b in &mut d.blocks {
        if let Block::Table(t) = b {
            t.header.clear();
        }
    }
    doc_text(&d)
}

/// The composed text without the labels Word numbers itself: what the DOCX
/// holds as text.
fn composed_runs(d: &vanban::doc::Document) -> String {
    let mut out = String::new();
    let mut para = |p: &vanban::doc::Para| p.runs.iter().for_each(|r| out.push_str(&r.text));
    for b in &d.blocks {
        match b {
            Block::Para(p) => para(p),
            Block::Columns(c) => c.columns.iter().flat_map(|c| &c.paras).for_each(&mut para),
            Block::Table(t) => t
                .header
                .iter()
                .chain(t.rows.iter().flatten())
                .for_each(&mut para),
            Block::PageBreak => {}
        }
    }
    out
}

/// Every string of the input (NFC), in document order.
fn input_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.nfc().collect()),
        Value::Array(a) => a.iter().for_each(|x| input_strings(x, out)),
        Value::Object(m) => {
            for (k, x) in m {
                if !matches!(
                    k.as_str(),
                    "kind" | "date" | "marker" | "align" | "number" | "symbol" | "place"
                ) {
                    input_strings(x, out);
                }
            }
        }
        _ => {}
    }
}

/// Asserts each input string appears in `hay`, in order (whitespace and
/// case aside: titles are set in capitals, and the pipeline adds the
/// punctuation the standard asks for).
fn in_order(doc: &Value, hay: &str, what: &str) -> Result<(), TestCaseError> {
    let strings = |keys: &[&str]| {
        let mut out = Vec::new();
        for key in keys {
            if let Some(v) = doc.get(*key) {
                input_strings(v, &mut out);
            }
        }
        out
    };
    let hay = squash(hay).to_lowercase();
    let find_from = |from: usize, s: &str| {
        let needle = squash(s).to_lowercase();
        let needle = needle.trim_end_matches([';', '.']).trim_start_matches('-');
        hay.get(from..)
            .and_then(|h| h.find(needle))
            .map(|i| from + i + needle.len())
    };
    let missing =
        |s: &str| TestCaseError::fail(format!("{what}: `{s}` is missing or out of order"));
    // The header and the body, in reading order.
    let mut at = 0;
    for s in strings(&[
        "issuer",
        "subject",
        "authority",
        "recipients",
        "preamble",
        "body",
    ]) {
        at = find_from(at, &s).ok_or_else(|| missing(&s))?;
    }
    // The closing after the body: Nơi nhận in order; signers side by side are
    // read across, line by line, so each of their strings is somewhere there.
    let mut after = at;
    for s in strings(&["distribution"]) {
        after = find_from(after, &s).ok_or_else(|| missing(&s))?;
    }
    for s in strings(&["signature", "signatures"]) {
        find_from(at, &s).ok_or_else(|| missing(&s))?;
    }
    Ok(())
}

/// Equal strings, or where they part, with some context.
fn same(what: &str, a: &str, b: &str) -> Result<(), TestCaseError> {
    if a == b {
        return Ok(());
    }
    let i = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let around = |s: &str| {
        s.chars()
            .skip(i.saturating_sub(30))
            .take(60)
            .collect::<String>()
    };
    Err(TestCaseError::fail(format!(
        "{what}: they part at character {i}:\n  {}\n  {}",
        around(a),
        around(b)
    )))
}

// ----------------------------------------------------------------- properties

#[test]
fn generated_documents_render_with_the_input_text_in_pdf_and_docx() {
    needs!(Poppler);
    TestRunner::new(config())
        .run(&document(), |doc| {
            let r = render_json(&doc)?;
            let pdf = r
                .pdf
                .as_deref()
                .ok_or_else(|| TestCaseError::fail("no PDF"))?;
            let docx = r
                .docx
                .as_deref()
                .ok_or_else(|| TestCaseError::fail("no DOCX"))?;
            // The PDF: what pdftotext reads is exactly what was typeset…
            let extracted = pdf_text(pdf);
            same(
                "pdftotext vs typeset",
                &squash(&extracted),
                &squash(&pages_text_with_repeats(&r.pages)),
            )?;
            // …which is the composed text: in order on one page; on several,
            // nothing lost or doubled once the table headers are set aside
            // (they repeat on every page a table spans, and a block taller
            // than a page is cut and read across each piece).
            if r.pages.len() == 1 {
                same(
                    "typeset vs composed",
                    &squash(&pages_text(&r.pages)),
                    &squash(&doc_text(&r.doc)),
                )?;
            } else {
                let sorted = |s: String| {
                    let mut v: Vec<char> = squash(&s).chars().collect();
                    v.sort_unstable();
                    v
                };
                prop_assert!(
                    sorted(typeset_without_headers(&r.pages))
                        == sorted(composed_without_headers(&r.doc)),
                    "the typeset text is not the composed text"
                );
            }
            // …which holds every input string, in order.
            in_order(&doc, &doc_text(&r.doc), "composed")?;
            // The DOCX: its text is the composed text (numbers aside, which
            // Word draws), and so holds every input string too.
            let text = docx_text(docx);
            same(
                "DOCX vs composed",
                &squash(&text),
                &squash(&composed_runs(&r.doc)),
            )?;
            in_order(&doc, &text, "DOCX")?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn generated_documents_render_to_the_same_bytes_twice() {
    let mut config = config();
    config.cases = config.cases.div_ceil(2);
    TestRunner::new(config)
        .run(&document(), |doc| {
            let (a, b) = (render_json(&doc)?, render_json(&doc)?);
            prop_assert!(a.pdf == b.pdf, "the PDF differs between two renders");
            prop_assert!(a.docx == b.docx, "the DOCX differs between two renders");
            Ok(())
        })
        .unwrap();
}

/// The page count of a document whose body is `body` repeated `n` times.
fn pages_with(doc: &Value, n: usize) -> Result<usize, TestCaseError> {
    let mut d = doc.clone();
    let body = doc["body"].as_array().cloned().unwrap_or_default();
    d["body"] = Value::Array(std::iter::repeat_n(body, n).flatten().collect());
    let r = engine()
        .render_as(
            &serde_json::to_vec(&d).unwrap(),
            "generated.json",
            vanban::Formats::PDF,
        )
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    Ok(r.pages.len())
}

#[test]
fn page_count_grows_linearly_with_the_content() {
    let mut config = config();
    config.cases = config.cases.div_ceil(2);
    TestRunner::new(config)
        .run(&document(), |doc| {
            let [p4, p8, p16] = [
                pages_with(&doc, 4)?,
                pages_with(&doc, 8)?,
                pages_with(&doc, 16)?,
            ];
            prop_assert!(
                p4 <= p8 && p8 <= p16,
                "more content, fewer pages: {p4}, {p8}, {p16}"
            );
            // Pages are whole: each count is a linear function of the content
            // rounded up, so the 8 copies added from 8 to 16 take twice the
            // pages of the 4 added from 4 to 8, within the rounding of three
            // counts (±2) and a page where a kept-together block moves. (Few
            // copies are not linear: four headings without content in a row
            // move to the next page together, eight no longer fit one page
            // and flow.)
            let (d1, d2) = ((p8 - p4) as i64, (p16 - p8) as i64);
            prop_assert!(
                (d2 - 2 * d1).abs() <= 3,
                "pages for 4, 8, 16 copies: {p4}, {p8}, {p16}: not linear"
            );
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_long_report_takes_ten_times_the_pages_of_a_tenth_of_it() {
    // The seed report's body, 5 and 50 times: 50 times the content is ten
    // times the pages, within one page per 5 copies' header and closing.
    let seed: Value =
        serde_json::from_slice(&std::fs::read(fixture("bao-cao-cchc-q3-2023.json")).unwrap())
            .unwrap();
    let small = pages_with(&seed, 5).unwrap();
    let large = pages_with(&seed, 50).unwrap();
    assert!(small >= 10, "{small} pages for 5 copies");
    let ratio = large as f64 / small as f64;
    assert!(
        (9.5..=10.1).contains(&ratio),
        "5 copies: {small} pages, 50 copies: {large} pages (×{ratio:.2})"
    );
}

/// What `vanban import` is given in the import property: a rendered file
/// whole, cut short, or with bytes changed.
#[derive(Debug, Clone)]
enum Damage {
    None,
    Cut(f64),
    Flip(Vec<(f64, u8)>),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        2 => Just(Damage::None),
        1 => (0.05f64..1.0).prop_map(Damage::Cut),
        1 => prop::collection::vec((0.0f64..1.0, any::<u8>()), 1..6).prop_map(Damage::Flip),
    ]
}

fn damaged(bytes: &[u8], d: &Damage) -> Vec<u8> {
    let at = |f: f64| ((bytes.len() as f64) * f) as usize;
    match d {
        Damage::None => bytes.to_vec(),
        Damage::Cut(f) => bytes.get(..at(*f)).unwrap_or(bytes).to_vec(),
        Damage::Flip(flips) => {
            let mut b = bytes.to_vec();
            for (f, v) in flips {
                if let Some(x) = b.get_mut(at(*f)) {
                    *x ^= v | 1;
                }
            }
            b
        }
    }
}

/// Every import of a generated document's PDF, DOCX or extracted text —
/// whole, cut short or with bytes changed — either fails with a message or
/// gives JSON that renders with the default options (PDF/A, DOCX): never
/// JSON that fails later.
#[test]
fn every_import_renders_with_the_defaults_or_is_refused() {
    needs!(Poppler);
    let mut config = config();
    config.cases = config.cases.div_ceil(2);
    TestRunner::new(config)
        .run(
            &(document(), damage(), 0..3usize),
            |(doc, damage, format)| {
                let rendered = render_json(&doc)?;
                let file = match format {
                    0 => rendered.pdf.clone().unwrap_or_default(),
                    1 => rendered.docx.clone().unwrap_or_default(),
                    _ => pdf_text(rendered.pdf.as_deref().unwrap_or_default()).into_bytes(),
                };
                let input = damaged(&file, &damage);
                match vanban::import::import_bytes(
                    &input,
                    &vanban::import::ImportOptions::default(),
                ) {
                    Err(e) => prop_assert!(!e.to_string().trim().is_empty(), "an empty error"),
                    Ok(imported) => {
                        let json = serde_json::to_vec(&imported.document).unwrap_or_default();
                        if let Err(e) = engine().render(&json, "imported.json") {
                            return Err(TestCaseError::fail(format!(
                                "format {format}, {damage:?}: the import does not render: {e}\n{}",
                                imported.json()
                            )));
                        }
                    }
                }
                Ok(())
            },
        )
        .unwrap();
}
