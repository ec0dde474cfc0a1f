//! The written PDF, read back: text, fonts, metadata, positions, determinism.

use unicode_normalization::UnicodeNormalization;
use vanban::text::FaceId;

use crate::support::*;

/// Every string of the input, in document order (what the writer typed).
fn input_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.nfc().collect()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| input_strings(x, out)),
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                // Values that are not printed as text.
                if !matches!(
                    k.as_str(),
                    "kind"
                        | "date"
                        | "marker"
                        | "align"
                        | "metadata"
                        | "layout"
                        | "number"
                        | "symbol"
                        | "place"
                        | "image"
                ) {
                    input_strings(x, out);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn extracted_text_equals_the_typeset_text_on_every_fixture() {
    needs!(Venv);
    for path in fixtures() {
        let r = render(&path);
        let pdf = read_pdf(r.pdf());
        assert_eq!(pdf.pages.len(), r.pages.len());
        let mut extracted = String::new();
        for (i, p) in pdf.pages.iter().enumerate() {
            let top = page_settings(&r, i).top;
            for s in &p.spans {
                if s.y < top {
                    // Only the page number lives in the top margin; each
                    // part (an appendix) numbers its pages from 1.
                    assert_eq!(
                        s.text.trim(),
                        number_in_part(&r, i).to_string(),
                        "{}: page {}",
                        path.display(),
                        i + 1
                    );
                    continue;
                }
                extracted.push_str(&s.text);
            }
        }
        let typeset = pages_text_with_repeats(&r.pages);
        assert_eq!(squash(&extracted), squash(&typeset), "{}", path.display());
    }
}

#[test]
fn typeset_text_equals_the_composed_text_and_keeps_every_input_string() {
    for path in fixtures() {
        let r = render(&path);
        let composed = doc_text(&r.doc);
        assert_eq!(
            squash(&pages_text(&r.pages)),
            squash(&composed),
            "{}",
            path.display()
        );
        // Every string of the input appears, in order, in the composed text
        // (which adds numbers, markers, punctuation and the fixed lines).
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        // Top-level parts in reading order (Nơi nhận is left of the signature).
        let mut strings = Vec::new();
        for key in [
            "issuer",
            "title",
            "subject",
            "authority",
            "recipients",
            "preamble",
            "body",
            "distribution",
            "signature",
            "signatures",
        ] {
            if let Some(v) = json.get(key) {
                input_strings(v, &mut strings);
            }
        }
        // Placeholders stand for their `data` values.
        if let Some(serde_json::Value::Object(data)) = json.get("data") {
            for s in &mut strings {
                for (k, v) in data {
                    let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                    *s = s.replace(&format!("{{{{{k}}}}}"), &v);
                }
            }
        }
        let hay = squash(&composed).to_lowercase();
        let mut at = 0;
        for s in strings {
            let needle = squash(&s).to_lowercase();
            let needle = needle.trim_end_matches([';', '.']).trim_start_matches('-');
            match hay[at..].find(needle) {
                Some(i) => at += i + needle.len(),
                None => panic!("{}: `{s}` is missing or out of order", path.display()),
            }
        }
    }
}

#[test]
fn pdftotext_extracts_the_repaired_letters() {
    needs!(Poppler);
    let text = poppler("pdftotext", &["-enc", "UTF-8"], seed().pdf());
    assert!(text.contains("PHƯƠNG HƯỚNG NHIỆM VỤ QUÝ IV"), "{text}");
    assert!(!text.contains('ƣ') && !text.contains('Ƣ'));
    assert!(text.contains("Kính gửi: UBND thị phường Bỉm Sơn."));
}

#[test]
fn every_font_is_embedded_and_subset() {
    needs!(Poppler);
    for path in fixtures() {
        let r = render(&path);
        let out = poppler("pdffonts", &[], r.pdf());
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{out}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            // name type... emb sub uni id gen
            assert_eq!(
                &cols[n - 5..n - 2],
                ["yes", "yes", "yes"],
                "{}: {row}",
                path.display()
            );
            let name = cols[0];
            assert!(
                name.len() > 7
                    && name.as_bytes()[6] == b'+'
                    && name[..6].bytes().all(|b| b.is_ascii_uppercase()),
                "not a subset name: {name}"
            );
            assert!(name.contains("LiberationSerif"), "{name}");
        }
    }
}

#[test]
fn the_subset_is_small() {
    // Four faces of ~380 KB each are embedded as subsets of the glyphs used.
    assert!(seed().pdf().len() < 200_000, "{} bytes", seed().pdf().len());
}

#[test]
fn metadata_names_the_document() {
    needs!(Venv);
    let pdf = read_pdf(seed().pdf());
    let m = &pdf.metadata;
    let title = m["title"].as_str().unwrap();
    assert!(
        title.starts_with("BÁO CÁO 125/BC-UBND: Kết quả công tác cải cách hành chính"),
        "{title}"
    );
    assert_eq!(m["author"], "UBND phường Lam Sơn");
    assert_eq!(pdf.lang.as_deref(), Some("vi-VN"));
    // The document's date, never the wall clock.
    assert_eq!(m["creationDate"], "D:20230925000000Z");
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    for path in fixtures() {
        let json = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let a = vanban::Engine::new().unwrap().render(&json, &name).unwrap();
        let b = engine().render(&json, &name).unwrap();
        assert!(
            a.pdf() == b.pdf(),
            "{}: output differs between runs",
            path.display()
        );
    }
}

fn face_name(f: FaceId) -> &'static str {
    match f {
        FaceId::Regular => "LiberationSerif",
        FaceId::Bold => "LiberationSerif-Bold",
        FaceId::Italic => "LiberationSerif-Italic",
        FaceId::BoldItalic => "LiberationSerif-BoldItalic",
    }
}

#[test]
fn every_text_run_is_where_the_page_model_put_it() {
    needs!(Venv);
    for path in fixtures() {
        let r = render(&path);
        let pdf = read_pdf(r.pdf());
        for (n, (page, read)) in r.pages.iter().zip(&pdf.pages).enumerate() {
            assert!(close(read.width, page.width, 0.01) && close(read.height, page.height, 0.01));
            for (at, t) in texts(page) {
                if t.text.trim().is_empty() {
                    continue;
                }
                let span = read
                    .spans
                    .iter()
                    .find(|s| {
                        close(s.x, at.x, HALF_MM)
                            && close(s.y, at.y, HALF_MM)
                            && s.text.trim_start().starts_with(t.text.trim())
                    })
                    .or_else(|| {
                        read.spans
                            .iter()
                            .find(|s| close(s.y, at.y, HALF_MM) && s.text.contains(t.text.trim()))
                    });
                let Some(span) = span else {
                    panic!(
                        "{} page {}: `{}` not found at ({}, {})",
                        path.display(),
                        n + 1,
                        t.text,
                        at.x,
                        at.y
                    );
                };
                // PyMuPDF cuts font names at 24 bytes.
                let font = face_name(t.face);
                assert!(
                    span.font == font || (span.font.len() >= 24 && font.starts_with(&span.font)),
                    "`{}`: {} vs {font}",
                    t.text,
                    span.font
                );
                assert!(
                    close(span.size, t.size, 0.01),
                    "`{}`: {} vs {}",
                    t.text,
                    span.size,
                    t.size
                );
            }
        }
    }
}
