//! Appendices (`spec/nd30.md` "Appendices"), chapters and articles across
//! them: the typeset model, the PDF read back, the DOCX read back and
//! rendered by LibreOffice.

use std::process::Command;

use vanban::doc::{Block, Role};
use vanban::pdf::Page;
use vanban::text::FaceId;

use crate::support::*;

fn appendices() -> vanban::Rendered {
    render(&fixture("appendices.json"))
}

fn dieu_le() -> vanban::Rendered {
    render(&fixture("dieu-le.json"))
}

fn landscape(p: &Page) -> bool {
    close(p.width, 297.0 * MM, 0.1) && close(p.height, 210.0 * MM, 0.1)
}

fn portrait(p: &Page) -> bool {
    close(p.width, 210.0 * MM, 0.1) && close(p.height, 297.0 * MM, 0.1)
}

/// The texts of one role on a page.
fn role_texts(page: &Page, role: Role) -> Vec<String> {
    texts(page)
        .filter(|(_, t)| t.role == role)
        .map(|(_, t)| t.text.clone())
        .collect()
}

#[test]
fn each_appendix_starts_a_page_on_its_own_paper() {
    needs!(Poppler, Venv);
    let r = appendices();
    let sections: Vec<usize> = r.pages.iter().map(|p| p.section).collect();
    // The report, appendix I (portrait), appendix II (landscape, two pages:
    // its table spans them).
    assert_eq!(sections.first(), Some(&0));
    let first_of = |s: usize| sections.iter().position(|&x| x == s).unwrap();
    let (one, two) = (first_of(1), first_of(2));
    assert!(one >= 1 && two > one, "{sections:?}");
    assert!(
        sections.iter().filter(|&&s| s == 2).count() >= 2,
        "{sections:?}"
    );
    for (i, p) in r.pages.iter().enumerate() {
        if p.section == 2 {
            assert!(landscape(p), "page {} is not A4 landscape", i + 1);
        } else {
            assert!(portrait(p), "page {} is not A4 portrait", i + 1);
        }
    }
    // The model says the same, with the margins turned with the page: the
    // binding margin (the portrait left, 30 mm) at the top.
    let page = &r.doc.appendices[1].page;
    assert!(page.is_landscape());
    assert!(close(page.top, 30.0 * MM, 0.01) && close(page.bottom, 15.0 * MM, 0.01));
    assert!(close(page.left, 20.0 * MM, 0.01) && close(page.right, 20.0 * MM, 0.01));
    // A table row on the landscape pages stays within them.
    for p in r.pages.iter().filter(|p| p.section == 2) {
        for (at, t) in texts(p) {
            assert!(at.x + t.width <= p.width - page.right + 0.5, "`{}`", t.text);
            assert!(at.y <= p.height - page.bottom + 0.5, "`{}`", t.text);
        }
    }
    // The table's header row repeats on the second landscape page.
    let second = &r.pages[two + 1];
    assert!(role_texts(second, Role::TableHeader).contains(&"STT".to_string()));
    // The PDF read back: the same page sizes.
    let read = read_pdf(r.pdf());
    assert_eq!(read.pages.len(), r.pages.len());
    for (ours, theirs) in r.pages.iter().zip(&read.pages) {
        assert!(close(ours.width, theirs.width, 0.5) && close(ours.height, theirs.height, 0.5));
    }
    let info = poppler("pdfinfo", &["-f", "1", "-l", "99"], r.pdf());
    let landscape_pages = info
        .lines()
        .filter(|l| l.contains("size:") && l.contains("841.89 x 595.2"))
        .count();
    assert_eq!(
        landscape_pages,
        sections.iter().filter(|&&s| s == 2).count(),
        "{info}"
    );
}

#[test]
fn page_numbers_restart_in_each_appendix_and_skip_its_first_page() {
    needs!(Poppler);
    let r = appendices();
    let mut expected = Vec::new();
    let mut n = 0;
    for (i, p) in r.pages.iter().enumerate() {
        n = if i > 0 && r.pages[i - 1].section == p.section {
            n + 1
        } else {
            1
        };
        expected.push(n);
    }
    for (i, p) in r.pages.iter().enumerate() {
        let number = role_texts(p, Role::PageNumber);
        let want = expected[i];
        if want == 1 {
            assert!(number.is_empty(), "page {} shows {number:?}", i + 1);
        } else {
            assert_eq!(number, [want.to_string()], "page {}", i + 1);
        }
        // From pdftotext: the page's first line is its number, or none.
        let page = (i + 1).to_string();
        let text = poppler("pdftotext", &["-f", &page, "-l", &page, "-layout"], r.pdf());
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap().trim();
        if want == 1 {
            assert!(first.parse::<usize>().is_err(), "page {}: {first}", i + 1);
        } else {
            assert_eq!(first, want.to_string(), "page {}", i + 1);
        }
    }
    // The second landscape page is page 2 of appendix II.
    assert!(expected.contains(&2) && r.pages.iter().any(|p| p.section == 2));
}

#[test]
fn the_appendix_head_has_its_label_title_and_reference_line() {
    let r = appendices();
    let first = |s: usize| r.pages.iter().find(|p| p.section == s).unwrap();
    for (s, label) in [(1, "Phụ lục I"), (2, "Phụ lục II")] {
        let page = first(s);
        let part = &r.doc.appendices[s - 1].page;
        let mid = part.left + part.text_width() / 2.0;
        let (at, l) = find(page, Role::AppendixLabel).unwrap();
        assert_eq!(l.text, label);
        assert_eq!((l.size, l.face), (14.0, FaceId::Bold));
        assert!(close(at.x + l.width / 2.0, mid, HALF_MM));
        // The title in UPPER case, bold, 12–14 pt, centred.
        let title = role_texts(page, Role::AppendixTitle).concat();
        assert_eq!(title, title.to_uppercase());
        assert!(title.starts_with(if s == 1 {
            "DANH MỤC"
        } else {
            "BIỂU TỔNG HỢP"
        }));
        for (at, t) in texts(page).filter(|(_, t)| t.role == Role::AppendixTitle) {
            assert!((12.0..=14.0).contains(&t.size) && t.face == FaceId::Bold);
            assert!(close(at.x + t.width / 2.0, mid, HALF_MM), "`{}`", t.text);
        }
        // The reference line: 14 pt italic, each line centred, under the
        // title, with a short rule under it.
        let lines: Vec<_> = texts(page)
            .filter(|(_, t)| t.role == Role::AppendixReference)
            .collect();
        assert!(!lines.is_empty());
        for (_, t) in &lines {
            assert_eq!((t.size, t.face), (14.0, FaceId::Italic), "`{}`", t.text);
        }
        // Lines (each possibly several runs) are centred: group by baseline.
        let mut rows: Vec<(f32, f32, f32)> = Vec::new();
        for (at, t) in &lines {
            match rows.iter_mut().find(|r| close(r.0, at.y, 0.1)) {
                Some(r) => {
                    r.1 = r.1.min(at.x);
                    r.2 = r.2.max(at.x + t.width);
                }
                None => rows.push((at.y, at.x, at.x + t.width)),
            }
        }
        for (_, x0, x1) in &rows {
            assert!(close((x0 + x1) / 2.0, mid, HALF_MM), "{rows:?}");
        }
        let text: String = lines
            .iter()
            .map(|(_, t)| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(
            squash(&text),
            squash(
                "(Kèm theo Báo cáo số 329/BC-UBND ngày 19 tháng 12 năm 2025 của Ủy ban nhân \
                 dân tỉnh Lâm Đồng)"
            )
        );
        let label_y = find(page, Role::AppendixLabel).unwrap().0.y;
        assert!(lines.iter().all(|(at, _)| at.y > label_y));
        assert_eq!(rules(page, Role::AppendixReference).len(), 1);
    }
}

#[test]
fn one_appendix_is_phu_luc_and_a_label_overrides() {
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("appendices.json")).unwrap()).unwrap();
    let appendices = v["appendices"].as_array_mut().unwrap();
    appendices.truncate(1);
    let json = serde_json::to_vec(&v).unwrap();
    let d = engine().compose(&json, "one.json").unwrap();
    let labels = |d: &vanban::doc::Document| -> Vec<String> {
        d.appendices
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Para(p) if p.role == Role::AppendixLabel => Some(p.text()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(labels(&d), ["Phụ lục"]);
    v["appendices"][0]["label"] = "Phụ lục số 01".into();
    v["appendices"][0]["attached_to"] = "(Kèm theo văn bản này)".into();
    v.as_object_mut().unwrap().remove("number");
    let d = engine()
        .compose(&serde_json::to_vec(&v).unwrap(), "o.json")
        .unwrap();
    assert_eq!(labels(&d), ["Phụ lục số 01"]);
    assert!(doc_text(&d).contains("(Kèm theo văn bản này)"));
    // Without `attached_to` and with a blank number, the blank is kept.
    v["appendices"][0]
        .as_object_mut()
        .unwrap()
        .remove("attached_to");
    let d = engine()
        .compose(&serde_json::to_vec(&v).unwrap(), "b.json")
        .unwrap();
    assert!(
        doc_text(&d).contains("Báo cáo số       /BC-UBND ngày 19"),
        "{}",
        doc_text(&d)
    );
}

#[test]
fn headings_restart_in_each_appendix() {
    let r = appendices();
    let heading_labels = |blocks: &[Block]| -> Vec<String> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) if matches!(p.role, Role::Heading(1)) => {
                    p.label.as_ref().map(|l| l.text.clone())
                }
                _ => None,
            })
            .collect()
    };
    assert_eq!(heading_labels(&r.doc.blocks), ["I.", "II."]);
    assert_eq!(heading_labels(&r.doc.appendices[0].blocks), ["I.", "II."]);
}

#[test]
fn an_attached_charter_has_chapters_and_articles_counting_across_them() {
    let r = dieu_le();
    assert_eq!(r.doc.appendices.len(), 1);
    let blocks = &r.doc.appendices[0].blocks;
    // The masthead again, the type name as the title, the title as the
    // subject, the (Ban hành kèm theo …) line keeping the blanks.
    assert!(matches!(blocks.first(), Some(Block::Columns(_))));
    let text = doc_text(&vanban::doc::Document {
        blocks: blocks.clone(),
        appendices: vec![],
        ..r.doc.clone()
    });
    for want in [
        "SỞ NỘI VỤ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "ĐIỀU LỆ",
        "Hội Khuyến học tỉnh",
        "(Ban hành kèm theo Quyết định số       /QĐ-SNV ngày        tháng        năm \
         2025 của Sở nội vụ)",
    ] {
        assert!(text.contains(want), "`{want}` missing from {text}");
    }
    assert!(!text.contains("Số:"), "an attached text has no Số line");
    let paras: Vec<(Role, String)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => Some((p.role, p.text())),
            _ => None,
        })
        .collect();
    let of = |role: Role| -> Vec<String> {
        paras
            .iter()
            .filter(|(r, _)| *r == role)
            .map(|(_, t)| t.clone())
            .collect()
    };
    assert_eq!(of(Role::Chapter), ["Chương I", "Chương II", "Chương III"]);
    assert_eq!(
        of(Role::ChapterTitle),
        [
            "QUY ĐỊNH CHUNG",
            "NHIỆM VỤ, QUYỀN HẠN",
            "ĐIỀU KHOẢN THI HÀNH"
        ]
    );
    let articles: Vec<String> = of(Role::Article)
        .iter()
        .map(|t| t.split(' ').take(2).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        articles,
        [
            "Điều 1.",
            "Điều 2.",
            "Điều 3.",
            "Điều 4.",
            "Điều 5.",
            "Điều 6."
        ]
    );
    // The main decision counts its own articles.
    let main_articles = r
        .doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Para(p) if p.role == Role::Article))
        .count();
    assert_eq!(main_articles, 3);
    // Typeset: the chapter lines are bold, body size, centred, and the
    // `Chương` line is on the page with its title.
    let page = r.pages.iter().find(|p| p.section == 1).unwrap();
    let part = &r.doc.appendices[0].page;
    let mid = part.left + part.text_width() / 2.0;
    for role in [Role::Chapter, Role::ChapterTitle] {
        let lines: Vec<_> = texts(page).filter(|(_, t)| t.role == role).collect();
        assert_eq!(lines.len(), 3, "{role:?}");
        for (at, t) in lines {
            assert_eq!((t.size, t.face), (14.0, FaceId::Bold));
            assert!(close(at.x + t.width / 2.0, mid, HALF_MM), "`{}`", t.text);
        }
    }
}

#[test]
fn the_pdf_text_is_the_composed_text_and_passes_verapdf() {
    needs!(Venv);
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for r in [appendices(), dieu_le()] {
        assert_eq!(
            squash(&pages_text(&r.pages)),
            squash(&doc_text(&r.doc)),
            "typeset vs composed"
        );
        let extracted: String = read_pdf(r.pdf())
            .pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                let ours = &r.pages[i];
                let top = r.doc.parts().nth(ours.section).unwrap().0.top;
                let number = find(ours, Role::PageNumber).map(|(_, t)| t.text.clone());
                p.spans
                    .iter()
                    .filter(move |s| s.y >= top || Some(s.text.trim().to_string()) != number)
                    .map(|s| s.text.clone())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(
            without_repeats(&squash(&extracted), &r),
            without_repeats(&squash(&pages_text_with_repeats(&r.pages)), &r),
            "extracted vs typeset"
        );
        let path = dir.path().join(format!("{}.pdf", files.len()));
        std::fs::write(&path, r.pdf()).unwrap();
        files.push(path);
    }
    let out = Command::new(root().join("tests/helpers/verapdf"))
        .arg("2b")
        .args(&files)
        .env("VANBAN_PYTHON", python())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let verdicts: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(verdicts.len(), 2, "{stdout}");
    for v in verdicts {
        assert_eq!(v["compliant"], true, "{v}");
    }
}

#[test]
fn the_docx_has_one_section_per_part() {
    let r = appendices();
    let docx = r.docx.as_deref().unwrap();
    let xml = docx_part(docx, "word/document.xml");
    let sections: Vec<&str> = xml.split("<w:sectPr").skip(1).collect();
    assert_eq!(sections.len(), 3, "the report and two appendices");
    let landscape: Vec<&&str> = sections
        .iter()
        .filter(|s| s.contains(r#"w:orient="landscape""#))
        .collect();
    assert_eq!(landscape.len(), 1);
    assert!(
        landscape[0].contains(r#"<w:pgSz w:w="16838" w:h="11906""#),
        "{}",
        landscape[0]
    );
    for (i, s) in sections.iter().enumerate() {
        let s = s.split("</w:sectPr>").next().unwrap();
        assert!(s.contains("<w:titlePg"), "section {i}: {s}");
        assert!(s.contains(r#"w:type="default""#) && s.contains(r#"w:type="first""#));
        assert_eq!(
            s.contains(r#"<w:pgNumType w:start="1""#),
            i > 0,
            "section {i}: {s}"
        );
    }
    // The header holds the PAGE field.
    let headers: String = docx_names(docx)
        .iter()
        .filter(|n| n.starts_with("word/header"))
        .map(|n| docx_part(docx, n))
        .collect();
    assert!(headers.contains("PAGE"));
}

#[test]
fn the_docx_validates_and_libreoffice_paginates_it_as_we_do() {
    needs!(Office, Venv);
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    let rendered = [("appendices", appendices()), ("dieu-le", dieu_le())];
    for (name, r) in &rendered {
        let path = dir.path().join(format!("{name}.docx"));
        std::fs::write(&path, r.docx.as_deref().unwrap()).unwrap();
        let errors = docx_schema_errors(&path);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        names.push(path);
    }
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path().join("out"))
        .args(&names)
        .output()
        .expect("soffice runs (scripts/test installs it)");
    assert!(out.status.success());
    for (name, r) in &rendered {
        let lo = std::fs::read(dir.path().join("out").join(format!("{name}.pdf"))).unwrap();
        let read = read_pdf(&lo);
        assert_eq!(
            read.pages.len(),
            r.pages.len(),
            "{name}: LibreOffice's page count"
        );
        for (i, (ours, theirs)) in r.pages.iter().zip(&read.pages).enumerate() {
            assert!(
                close(ours.width, theirs.width, 1.0) && close(ours.height, theirs.height, 1.0),
                "{name} page {}: {}×{} vs ours {}×{}",
                i + 1,
                theirs.width,
                theirs.height,
                ours.width,
                ours.height
            );
        }
    }
}
