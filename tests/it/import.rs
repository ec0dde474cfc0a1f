//! Issue 7: `vanban import` from extracted text, damaged text
//! and legacy encodings back to input JSON.

use vanban::Formats;
use vanban::import::{Encoding, ImportOptions, import_text, legacy};

use crate::support::*;

/// The text of an inline: a string, or runs of text.
fn inline_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(runs) => runs.iter().map(inline_text).collect(),
        serde_json::Value::Object(o) => o.get("text").map(inline_text).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// Headings (and articles) as `depth: text`, in order.
fn headings(body: &serde_json::Value, depth: usize, out: &mut Vec<String>) {
    for b in body.as_array().into_iter().flatten() {
        for key in ["heading", "article"] {
            if let Some(h) = b.get(key) {
                let text = inline_text(h);
                out.push(format!(
                    "{depth}: {key} {}",
                    text.trim_end_matches(['.', ':'])
                ));
                headings(&b["content"], depth + 1, out);
            }
        }
    }
}

fn heading_tree(doc: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    headings(&doc["body"], 1, &mut out);
    out
}

/// Every table anywhere in the body: its titles, then its rows, as text.
fn tables(body: &serde_json::Value, out: &mut Vec<Vec<Vec<String>>>) {
    for b in body.as_array().into_iter().flatten() {
        if let Some(t) = b.get("table") {
            let mut rows = vec![
                t["columns"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| inline_text(&c["title"]))
                    .collect::<Vec<_>>(),
            ];
            for r in t["rows"].as_array().unwrap() {
                rows.push(r.as_array().unwrap().iter().map(inline_text).collect());
            }
            out.push(rows);
        }
        tables(&b["content"], out);
    }
}

fn table_list(doc: &serde_json::Value) -> Vec<Vec<Vec<String>>> {
    let mut out = Vec::new();
    tables(&doc["body"], &mut out);
    out
}

/// Words that are not section numbers or list markers (the pipeline
/// renumbers; the seed repeats `II.`).
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| {
            let numbering = w
                .trim_end_matches(['.', ')'])
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X' | '.'))
                && w.ends_with(['.', ')']);
            !numbering && !matches!(*w, "-" | "+" | "*")
        })
        .map(|w| w.to_lowercase())
        .collect()
}

#[test]
fn the_seed_report_imports_to_json_that_validates_and_renders_like_the_fixture() {
    needs!(Poppler);
    let seed = std::fs::read(fixture("import/bao-cao-cchc-q3-2023.txt")).unwrap();
    let imported = import_text(&seed, &ImportOptions::default()).unwrap();
    assert_eq!(imported.encoding, "UTF-8");
    // Every line with ƣ/Ƣ repaired and reported.
    let seed_text = String::from_utf8(seed.clone()).unwrap();
    let damaged_lines = seed_text
        .lines()
        .filter(|l| l.contains(['\u{1A3}', '\u{1A2}']))
        .count();
    let reported: std::collections::BTreeSet<usize> = imported
        .repairs
        .iter()
        .filter(|r| r.what.contains("U+01A"))
        .map(|r| r.line)
        .collect();
    assert_eq!(reported.len(), damaged_lines);
    // What the text lacks (issuer, Số, date) is guessed and said.
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.contains("issuer"))
    );
    let json = serde_json::to_vec(&imported.document).unwrap();
    let rendered = engine()
        .render_with(&json, "seed-import.json", &plain())
        .unwrap_or_else(|e| panic!("{e}"));
    // No word lost: every word of the repaired seed is in the rendered PDF
    // as often as in the seed (the layout adds the header's words; the
    // closing's two columns may come out in either order).
    let repaired = seed_text
        .replace('\u{1A3}', "ư")
        .replace('\u{1A2}', "Ư")
        .replace("CÔN G", "CÔNG");
    let count = |t: &str| {
        let mut m = std::collections::BTreeMap::<String, usize>::new();
        // Headings print without their final `.`/`:`; pdftotext joins a
        // word hyphenated at a line end (`TT-`/`VPCP` → `TTVPCP`).
        for w in words(t) {
            let w = w.trim_end_matches(['.', ':']).replace('-', "");
            *m.entry(w).or_default() += 1;
        }
        m
    };
    let pdf = count(&poppler("pdftotext", &["-enc", "UTF-8"], rendered.pdf()));
    let lost: Vec<(String, usize)> = count(&repaired)
        .into_iter()
        .filter(|(w, n)| pdf.get(w).copied().unwrap_or(0) < *n)
        .collect();
    assert!(lost.is_empty(), "words lost: {lost:?}");
    // Structure as in the hand-made fixture.
    let fixture: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("bao-cao-cchc-q3-2023.json")).unwrap())
            .unwrap();
    let doc = &imported.json();
    assert_eq!(heading_tree(doc), heading_tree(&fixture));
    assert_eq!(doc["signature"], fixture["signature"]);
    assert_eq!(doc["recipients"].as_array().map(Vec::len), Some(1));
    let items = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().trim_end_matches(['.', ';']).to_string())
            .collect()
    };
    assert_eq!(items(&doc["distribution"]), items(&fixture["distribution"]));
}

/// Renders a fixture, extracts its text with pdftotext, damages it with
/// `damage`, imports it and renders again: the text and structure agree.
fn round_trip(name: &str, damage: impl Fn(&str) -> Vec<u8>, encoding: Encoding, fold_case: bool) {
    let path = fixture(name);
    let json = std::fs::read(&path).unwrap();
    let first = engine()
        .render_with(&json, &path.display().to_string(), &plain())
        .unwrap();
    let text = poppler("pdftotext", &["-enc", "UTF-8"], first.pdf());
    let original: serde_json::Value = serde_json::from_slice(&json).unwrap();
    // A table's header row is repeated on each page it runs onto, where
    // each render's pages break: only its first occurrence counts.
    let table_heads: Vec<String> = table_list(&original)
        .iter()
        .map(|t| words(&t[0].join(" ")).concat().replace('-', ""))
        .collect();
    let options = ImportOptions {
        encoding,
        ..ImportOptions::default()
    };
    let imported = import_text(&damage(&text), &options).unwrap();
    let again_json = serde_json::to_vec(&imported.document).unwrap();
    let again = engine()
        .render_with(&again_json, &path.display().to_string(), &plain())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let again_text = poppler("pdftotext", &["-enc", "UTF-8"], again.pdf());
    // Words without spaces: pdftotext joins a word hyphenated at a line end
    // (`TT-`/`VPCP` → `TTVPCP`) and the new render may break it elsewhere.
    // Page numbers fall where each render's pages break: left out.
    let norm = |t: &str| {
        let t: String = t
            .lines()
            .filter(|l| {
                let number = l.trim().trim_start_matches('\u{c}');
                !(l.starts_with('\u{c}') && number.chars().all(|c| c.is_ascii_digit()))
            })
            .collect::<Vec<_>>()
            .join("\n");
        let mut w: String = words(&t).concat().replace('-', "");
        for head in &table_heads {
            if let Some(first) = w.find(head.as_str()) {
                let after = first + head.len();
                let rest = w[after..].replace(head.as_str(), "");
                w.truncate(after);
                w.push_str(&rest);
            }
        }
        if fold_case { w.to_lowercase() } else { w }
    };
    let (a, b) = (norm(&again_text), norm(&text));
    if a != b {
        // Where they part, for the failure message.
        let at = a
            .char_indices()
            .zip(b.chars())
            .find(|((_, x), y)| x != y)
            .map_or(a.len().min(b.len()), |((i, _), _)| i);
        let from = a.floor_char_boundary(at.saturating_sub(80));
        let around = |s: &str| s[from.min(s.len())..].chars().take(240).collect::<String>();
        panic!(
            "{name}: the text differs\n   again: {}\noriginal: {}",
            around(&a),
            around(&b)
        );
    }
    let fold = |v: Vec<String>| -> Vec<String> {
        v.into_iter()
            .map(|s| if fold_case { s.to_lowercase() } else { s })
            .collect()
    };
    assert_eq!(
        fold(heading_tree(&imported.json())),
        fold(heading_tree(&original)),
        "{name}: the sections differ"
    );
    let fold_table = |t: Vec<Vec<Vec<String>>>| -> Vec<Vec<Vec<String>>> {
        t.into_iter()
            .map(|rows| {
                rows.into_iter()
                    .map(|r| {
                        r.into_iter()
                            .map(|c| {
                                let c = c.split_whitespace().collect::<Vec<_>>().join(" ");
                                if fold_case { c.to_lowercase() } else { c }
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect()
    };
    assert_eq!(
        fold_table(table_list(&imported.json())),
        fold_table(table_list(&original)),
        "{name}: the tables differ"
    );
    assert_eq!(imported.json()["kind"], original["kind"], "{name}");
}

/// Every fixture.
const ROUND_TRIP: [&str; 12] = [
    "all-blocks.json",
    "to-trinh.json",
    "bao-cao-cchc-q3-2023.json",
    "bien-ban.json",
    "ke-hoach.json",
    "minimal.json",
    "cong-van.json",
    "data-template.json",
    "electronic-copy.json",
    "giay-moi.json",
    "quyet-dinh.json",
    "thong-bao.json",
];

#[test]
fn render_extract_import_render_keeps_text_and_structure() {
    needs!(Poppler);
    for name in ROUND_TRIP {
        round_trip(name, |t| t.as_bytes().to_vec(), Encoding::Auto, false);
    }
}

#[test]
fn the_round_trip_survives_old_pdf_damage() {
    needs!(Poppler);
    for name in ROUND_TRIP {
        // ư → ƣ as old PDFs' fonts extract it.
        round_trip(
            name,
            |t| {
                t.replace('ư', "\u{1A3}")
                    .replace('Ư', "\u{1A2}")
                    .into_bytes()
            },
            Encoding::Auto,
            false,
        );
    }
}

#[test]
fn tcvn3_text_is_detected_and_decoded() {
    needs!(Poppler);
    for name in [
        "cong-van.json",
        "to-trinh.json",
        "bao-cao-cchc-q3-2023.json",
    ] {
        let json = std::fs::read(fixture(name)).unwrap();
        let r = engine().render_with(&json, name, &plain()).unwrap();
        let text = poppler("pdftotext", &["-enc", "UTF-8"], r.pdf());
        // TCVN3 has no capital vowels with tones: old files hold them in
        // lower case (typed in an upper-case font), so compare case-folded.
        let lower = text.to_lowercase();
        let bytes = legacy::encode_tcvn3(&lower);
        assert_eq!(
            legacy::detect(&bytes),
            Some(legacy::Legacy::Tcvn3),
            "{name}"
        );
        let fold = |t: &str| t.split_whitespace().collect::<String>();
        assert_eq!(fold(&legacy::decode_tcvn3(&bytes)), fold(&lower), "{name}");
        let imported = import_text(&bytes, &ImportOptions::default()).unwrap();
        assert_eq!(imported.encoding, "TCVN3");
    }
}

#[test]
fn a_docx_imports_by_its_paragraphs_with_word_numbered_headings() {
    for name in [
        "bao-cao-cchc-q3-2023.json",
        "ke-hoach.json",
        "cong-van.json",
    ] {
        let path = fixture(name);
        let json = std::fs::read(&path).unwrap();
        let r = engine()
            .render_as(&json, &path.display().to_string(), Formats::DOCX)
            .unwrap();
        let imported =
            vanban::import::import_docx(r.docx.as_deref().unwrap(), &ImportOptions::default())
                .unwrap();
        let original: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(imported.json()["kind"], original["kind"], "{name}");
        assert_eq!(
            heading_tree(&imported.json()),
            heading_tree(&original),
            "{name}"
        );
        let again = serde_json::to_vec(&imported.document).unwrap();
        engine()
            .render_with(&again, name, &plain())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn a_docx_keeps_the_characters_xml_escapes() {
    // `&`, `<`, `>` and quotes are entities in document.xml; each must come
    // back as its character, not vanish.
    let json = r#"{"kind": "bao-cao", "issuer": {"name": "UBND PHƯỜNG LAM SƠN"},
      "symbol": "BC-UBND", "place": "Lam Sơn", "date": "2023-09-05",
      "subject": "Kết quả",
      "body": ["Tỷ lệ <5% & >2%, gọi là \"đạt\" và 'khá' (A&B)."],
      "signature": {"position": "Chủ tịch", "name": "Nguyễn Văn A"}}"#;
    let r = engine()
        .render_as(json.as_bytes(), "escapes.json", Formats::DOCX)
        .unwrap();
    let imported =
        vanban::import::import_docx(r.docx.as_deref().unwrap(), &ImportOptions::default()).unwrap();
    let text = serde_json::to_string(&imported.json()["body"]).unwrap();
    assert!(
        text.contains(r#"Tỷ lệ <5% & >2%, gọi là \"đạt\" và 'khá' (A&B)."#),
        "{text}"
    );
}

#[test]
fn vni_text_round_trips_whole() {
    needs!(Poppler);
    // VNI-Windows holds every Vietnamese letter in both cases: the whole
    // round trip holds, detected without being told.
    for name in ROUND_TRIP {
        round_trip(name, legacy::encode_vni, Encoding::Auto, false);
    }
}

#[test]
fn tcvn3_text_round_trips_case_folded() {
    needs!(Poppler);
    // Capitals with tones come back in lower case (TCVN3 cannot hold them);
    // text and sections agree case-folded.
    let damage = |t: &str| {
        let lower: String = t
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c
                } else {
                    c.to_lowercase().next().unwrap_or(c)
                }
            })
            .collect();
        legacy::encode_tcvn3(&lower)
    };
    for name in ROUND_TRIP {
        round_trip(name, damage, Encoding::Auto, true);
    }
}

#[test]
fn lines_it_cannot_place_are_kept_and_reported() {
    // A line after the signer's name belongs to no part of the closing: it
    // ends the body, and the warning names its line.
    let seed = std::fs::read_to_string(fixture("import/bao-cao-cchc-q3-2023.txt")).unwrap();
    let stray = "Bản này lưu tại hồ sơ gốc của Văn phòng";
    let text = format!("{}\n{stray}\n", seed.trim_end());
    let line = text.lines().count();
    let imported = import_text(text.as_bytes(), &ImportOptions::default()).unwrap();
    let json = imported.json();
    let body = json["body"].as_array().unwrap();
    assert_eq!(body.last().and_then(|b| b.as_str()), Some(stray));
    assert_eq!(imported.json()["signature"]["name"], "Trịnh Ngọc Hoàng");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.line == line && w.message.contains(stray)),
        "{:?}",
        imported.warnings
    );
    // Without it, no such warning: the check can fail.
    let clean = import_text(seed.as_bytes(), &ImportOptions::default()).unwrap();
    assert!(
        !clean
            .warnings
            .iter()
            .any(|w| w.message.contains("fits no part"))
    );
}

#[test]
fn a_foreign_docx_gets_the_numbers_word_draws() {
    // A Word file from elsewhere: numbering from numbering.xml (Roman and
    // decimal levels, a bullet list), no vanban styles.
    use docx_rs::{
        AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat, Numbering,
        NumberingId, Paragraph, Run, Start,
    };
    let level = |i: usize, format: &str, text: &str| {
        Level::new(
            i,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )
    };
    let p = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
    let numbered =
        |t: &str, id: usize, l: usize| p(t).numbering(NumberingId::new(id), IndentLevel::new(l));
    let mut docx = Docx::new()
        .add_abstract_numbering(
            AbstractNumbering::new(10)
                .add_level(level(0, "upperRoman", "%1."))
                .add_level(level(1, "decimal", "%2.")),
        )
        .add_numbering(Numbering::new(10, 10))
        .add_abstract_numbering(AbstractNumbering::new(11).add_level(level(0, "bullet", "•")))
        .add_numbering(Numbering::new(11, 11));
    for para in [
        p("UBND THỊ XÃ BỈM SƠN"),
        p("UBND PHƯỜNG LAM SƠN"),
        p("Số: 12/BC-UBND"),
        p("Lam Sơn, ngày 03 tháng 5 năm 2024"),
        p("BÁO CÁO"),
        p("Kết quả công tác tháng 4 năm 2024"),
        numbered("KẾT QUẢ THỰC HIỆN", 10, 0),
        numbered("Cải cách thể chế", 10, 1),
        p("Trong tháng, UBND phường đã ban hành các văn bản sau:"),
        numbered("Kế hoạch tuyên truyền cải cách hành chính;", 11, 0),
        numbered("Quyết định kiện toàn Tổ công nghệ số cộng đồng.", 11, 0),
        numbered("Cải cách thủ tục hành chính", 10, 1),
        p("Tiếp nhận 512 hồ sơ, giải quyết đúng hạn 100%."),
        numbered("PHƯƠNG HƯỚNG THÁNG 5", 10, 0),
        p("Tiếp tục thực hiện các nhiệm vụ theo kế hoạch./."),
        p("Nơi nhận:"),
        p("- UBND thị xã;"),
        p("- Lưu: VT."),
        p("CHỦ TỊCH"),
        p("Nguyễn Văn An"),
    ] {
        docx = docx.add_paragraph(para);
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).unwrap();
    let imported = vanban::import::import_docx(bytes.get_ref(), &ImportOptions::default()).unwrap();
    let doc = &imported.json();
    assert_eq!(
        heading_tree(doc),
        [
            "1: heading KẾT QUẢ THỰC HIỆN",
            "2: heading Cải cách thể chế",
            "2: heading Cải cách thủ tục hành chính",
            "1: heading PHƯƠNG HƯỚNG THÁNG 5",
        ]
    );
    let first = &doc["body"][0]["content"][0]["content"];
    assert_eq!(first[1]["marker"], "-", "{first}");
    assert_eq!(
        first[1]["list"].as_array().map(Vec::len),
        Some(2),
        "{first}"
    );
    assert_eq!(doc["number"], "12");
    assert_eq!(doc["signature"]["name"], "Nguyễn Văn An");
    let json = serde_json::to_vec(doc).unwrap();
    engine()
        .render_with(&json, "foreign.docx", &plain())
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_table_without_a_serial_column_stays_as_paragraphs_with_a_warning() {
    needs!(Poppler);
    let json = std::fs::read(fixture("to-trinh.json")).unwrap();
    let r = engine().render_with(&json, "to-trinh", &plain()).unwrap();
    let text = poppler("pdftotext", &["-enc", "UTF-8"], r.pdf());
    // The same table without its STT column.
    let without: String = text
        .lines()
        .filter(|l| !matches!(*l, "STT" | "1" | "2" | "3"))
        .map(|l| format!("{l}\n"))
        .collect();
    let first_cell = without.lines().position(|l| l == "Hạng mục").unwrap() + 1;
    let imported = import_text(without.as_bytes(), &ImportOptions::default()).unwrap();
    assert!(table_list(&imported.json()).is_empty());
    let warning = imported
        .warnings
        .iter()
        .find(|w| w.message.contains("serial-number column"))
        .unwrap_or_else(|| panic!("{:?}", imported.warnings));
    // It points at the first cell, or at the line above it (which a blank
    // line follows too, so it might be the table's first cell).
    assert!(
        (first_cell - 2..=first_cell).contains(&warning.line),
        "{warning:?}, first cell at {first_cell}"
    );
    // Nothing dropped: every cell's text is in the body.
    let body = imported.json()["body"].to_string();
    for cell in ["Hạng mục", "Kinh phí (triệu", "185", "Tổng cộng", "460"] {
        assert!(body.contains(cell), "{cell} missing from {body}");
    }
    // With the column, a table and no such warning.
    let with = import_text(text.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(table_list(&with.json()).len(), 1);
    assert!(
        !with
            .warnings
            .iter()
            .any(|w| w.message.contains("serial-number"))
    );
}
