//! The DOCX: read back as XML, and rendered by LibreOffice headless.

use std::io::Read;
use std::process::Command;

use vanban::doc::Role;

use crate::support::*;

fn docx(r: &vanban::Rendered) -> &[u8] {
    r.docx.as_deref().expect("a DOCX was rendered")
}

fn part(docx: &[u8], name: &str) -> String {
    docx_part(docx, name)
}

/// Converts DOCX files to PDF with LibreOffice headless (one run for all).
fn libreoffice(docs: &[(String, Vec<u8>)], env: &[(&str, &str)]) -> Vec<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("soffice");
    cmd.arg(format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    ))
    .args(["--headless", "--convert-to", "pdf", "--outdir"])
    .arg(dir.path().join("out"));
    for (name, bytes) in docs {
        let path = dir.path().join(format!("{name}.docx"));
        std::fs::write(&path, bytes).unwrap();
        cmd.arg(path);
    }
    cmd.envs(env.iter().copied());
    let out = cmd.output().unwrap_or_else(|e| {
        panic!(
            "soffice is missing ({e}): run scripts/test, which installs libreoffice-writer-nogui"
        )
    });
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    docs.iter()
        .map(|(name, _)| {
            std::fs::read(dir.path().join("out").join(format!("{name}.pdf")))
                .unwrap_or_else(|e| panic!("LibreOffice wrote no PDF for {name}: {e}"))
        })
        .collect()
}

fn rendered_fixtures() -> Vec<(String, vanban::Rendered)> {
    fixtures()
        .into_iter()
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                render(&p),
            )
        })
        .collect()
}

#[test]
fn libreoffice_renders_each_docx_with_our_text_and_page_count() {
    needs!(Office, Venv);
    let all = rendered_fixtures();
    let docs: Vec<(String, Vec<u8>)> = all
        .iter()
        .map(|(n, r)| (n.clone(), docx(r).to_vec()))
        .collect();
    let pdfs = libreoffice(&docs, &[]);
    for ((name, r), lo) in all.iter().zip(pdfs) {
        let read = read_pdf(&lo);
        assert_eq!(
            read.pages.len(),
            r.pages.len(),
            "{name}: LibreOffice's page count vs ours"
        );
        let mut text = String::new();
        for (i, p) in read.pages.iter().enumerate() {
            // Each part (the main text, each appendix) numbers its pages.
            let ours = &r.pages[i];
            let top = r.doc.parts().nth(ours.section).unwrap().0.top;
            let number = find(ours, Role::PageNumber).map(|(_, t)| t.text.clone());
            for s in &p.spans {
                if s.y < top && Some(s.text.trim().to_string()) == number {
                    continue; // the page number
                }
                text.push_str(&s.text);
            }
        }
        let ours: String = r
            .pages
            .iter()
            .flat_map(|p| {
                texts(p)
                    .filter(|(_, t)| t.role != Role::PageNumber)
                    .map(|(_, t)| t.text.clone())
            })
            .collect();
        // Table header rows repeat where each renderer breaks the table;
        // compare with the repeats taken out.
        let (text, ours) = (
            without_repeats(&squash(&text), r),
            without_repeats(&squash(&ours), r),
        );
        assert_eq!(text, ours, "{name}: LibreOffice's text vs ours");
        // LibreOffice used the document's font.
        assert!(
            read.pages[0]
                .spans
                .iter()
                .all(|s| s.font.starts_with("LiberationSerif")),
            "{name}"
        );
    }
}

#[test]
fn styles_sizes_and_margins_follow_the_layout() {
    let r = seed();
    let d = docx(r);
    let doc = part(d, "word/document.xml");
    let styles = part(d, "word/styles.xml");
    // A4, margins 20/20/30/15 mm in twips (1 mm = 56.69 twips).
    assert!(
        doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "page size"
    );
    for (side, twips) in [
        ("top", 1134),
        ("bottom", 1134),
        ("left", 1701),
        ("right", 850),
    ] {
        assert!(
            doc.contains(&format!(r#"w:{side}="{twips}""#)),
            "margin {side}"
        );
    }
    let style = |id: &str| -> String {
        let start = styles
            .find(&format!(r#"w:styleId="{id}""#))
            .unwrap_or_else(|| panic!("style {id}"));
        let end = styles[start..].find("</w:style>").unwrap() + start;
        styles[start..end].to_string()
    };
    let issuer = style("VbIssuer");
    assert!(
        issuer.contains(r#"<w:sz w:val="26""#)
            && issuer.contains("<w:b ")
            && issuer.contains(r#"w:val="center""#),
        "{issuer}"
    );
    let body = style("VbBody");
    assert!(
        body.contains(r#"<w:jc w:val="both""#)
            && body.contains(r#"w:firstLine="720""#)
            && body.contains(r#"<w:sz w:val="28""#),
        "{body}"
    );
    assert!(
        body.contains(r#"w:after="120""#) && body.contains(r#"w:line="336""#),
        "6 pt after, 16.8 pt lines: {body}"
    );
    let date = style("VbDate");
    assert!(
        date.contains("<w:i ") && date.contains(r#"<w:sz w:val="26""#),
        "{date}"
    );
    let label = style("VbDistributionLabel");
    assert!(
        label.contains("<w:b ") && label.contains("<w:i ") && label.contains(r#"<w:sz w:val="24""#),
        "{label}"
    );
    assert!(style("VbDistribution").contains(r#"<w:sz w:val="22""#));
    // Every paragraph of the body carries its element's style.
    let body_paras = r
        .doc
        .blocks
        .iter()
        .filter(|b| matches!(b, vanban::doc::Block::Para(p) if p.role == Role::Body))
        .count();
    assert_eq!(
        doc.matches(r#"<w:pStyle w:val="VbBody""#).count(),
        body_paras
    );
    assert!(
        !doc.contains("justified"),
        "docx-rs's invalid alignment value"
    );
}

#[test]
fn headings_and_lists_use_word_numbering() {
    let d = docx(seed()).to_vec();
    let numbering = part(&d, "word/numbering.xml");
    let doc = part(&d, "word/document.xml");
    let abs = numbering
        .find(r#"w:abstractNumId="2""#)
        .expect("heading numbering has id 2");
    let heading = &numbering[abs..];
    for (fmt, text) in [
        ("upperRoman", "%1."),
        ("decimal", "%2."),
        ("decimal", "%2.%3."),
        ("lowerLetter", "%4)"),
    ] {
        assert!(
            heading.contains(&format!(r#"<w:numFmt w:val="{fmt}""#))
                && heading.contains(&format!(r#"<w:lvlText w:val="{text}""#)),
            "{fmt} {text}"
        );
    }
    // Heading paragraphs are numbered by Word, not by typed text.
    assert!(doc.contains(r#"<w:numId w:val="2""#));
    assert!(!doc.contains(">I. CÔNG TÁC") && doc.contains(">CÔNG TÁC CẢI CÁCH HÀNH CHÍNH<"));
    // Lists: a bullet `-` level.
    assert!(numbering.contains(r#"<w:lvlText w:val="-""#));
}

#[test]
fn tables_repeat_header_rows_and_keep_rows_whole() {
    let r = render(&fixture("all-blocks.json"));
    let doc = part(docx(&r), "word/document.xml");
    assert!(doc.contains("<w:tblHeader"), "header row repeats");
    assert!(doc.matches("<w:cantSplit").count() > 40);
    assert!(
        !doc.contains(r#"<w:trHeight w:val="1""#),
        "the marker is replaced"
    );
}

#[test]
fn page_numbers_skip_the_first_page() {
    let d = docx(seed()).to_vec();
    let doc = part(&d, "word/document.xml");
    assert!(doc.contains("<w:titlePg"), "a different first page");
    let headers: Vec<String> = ["word/header1.xml", "word/header2.xml"]
        .iter()
        .map(|n| part(&d, n))
        .collect();
    assert!(headers.iter().any(|h| h.contains("PAGE")), "a PAGE field");
    assert!(
        headers.iter().any(|h| !h.contains("PAGE")),
        "an empty first-page header"
    );
}

#[test]
fn core_properties_name_the_document_without_invented_dates() {
    let d = docx(seed()).to_vec();
    let core = part(&d, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>BÁO CÁO 125/BC-UBND: Kết quả công tác"),
        "{core}"
    );
    assert!(core.contains("<dc:creator>UBND phường Lam Sơn</dc:creator>"));
    assert!(core.contains("<dc:language>vi-VN</dc:language>"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&d)).unwrap();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = Vec::new();
        f.read_to_end(&mut s).unwrap();
        assert!(
            !String::from_utf8_lossy(&s).contains("1970-01-01"),
            "{} has a 1970 date",
            f.name()
        );
    }
}

#[test]
fn docx_output_is_deterministic() {
    for path in fixtures() {
        let json = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let a = vanban::Engine::new().unwrap().render(&json, &name).unwrap();
        let b = engine().render(&json, &name).unwrap();
        assert!(a.docx == b.docx, "{}", path.display());
    }
}

#[test]
fn every_docx_passes_the_open_xml_schema_validator() {
    needs!(Venv);
    for (name, r) in rendered_fixtures() {
        let (_dir, path) = temp_file(docx(&r), "doc.docx");
        let schema = docx_schema_errors(&path);
        if let Some(f) = schema.first() {
            panic!(
                "{name}: {} schema errors, first in {} at {}: {}",
                schema.len(),
                f["part"],
                f["path"],
                f["description"]
            );
        }
    }
}

#[test]
fn libreoffice_uses_the_embedded_fonts_when_none_are_installed() {
    needs!(Office, Poppler, Venv);
    // A fontconfig that knows only DejaVu: Liberation Serif is not installed
    // as far as LibreOffice can tell, so it can only come from the DOCX.
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\
             <dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{}</cachedir></fontconfig>\n",
            dir.path().join("cache").display()
        ),
    )
    .unwrap();
    let conf = conf.display().to_string();
    let r = seed();
    // One document per LibreOffice process: it caches embedded fonts by name.
    let pdf = libreoffice(
        &[("seed".into(), docx(r).to_vec())],
        &[("FONTCONFIG_FILE", conf.as_str())],
    );
    let fonts = poppler("pdffonts", &[], &pdf[0]);
    let names: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(!names.is_empty(), "{fonts}");
    for face in [
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    ] {
        assert!(
            names.iter().any(|n| n.split('+').next_back() == Some(face)),
            "{face} missing: {fonts}"
        );
    }
    assert!(
        !fonts.contains("DejaVu"),
        "a fallback font was used: {fonts}"
    );
    // And the text is all there, in the same number of pages.
    let read = read_pdf(&pdf[0]);
    assert_eq!(read.pages.len(), r.pages.len());

    // The same DOCX without its fonts falls back to DejaVu: the check above
    // can fail.
    let bare = strip_fonts(docx(r));
    let pdf = libreoffice(
        &[("bare".into(), bare)],
        &[("FONTCONFIG_FILE", conf.as_str())],
    );
    assert!(poppler("pdffonts", &[], &pdf[0]).contains("DejaVu"));
}

/// A copy of a DOCX whose font table embeds nothing.
fn strip_fonts(docx: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "word/fontTable.xml" {
            let mut xml = String::from_utf8(data).unwrap();
            while let Some(start) = xml.find("<w:embed") {
                let end = start + xml[start..].find("/>").unwrap() + 2;
                xml.replace_range(start..end, "");
            }
            data = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn the_seed_docx_is_small() {
    let size = docx(seed()).len();
    assert!(size < 250_000, "{size} bytes");
    // The fonts are subsets: four whole faces would be ~1.5 MB.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx(seed()))).unwrap();
    let fonts: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().to_string())
        .filter(|n| n.starts_with("word/fonts/") && n.ends_with(".odttf"))
        .collect();
    assert_eq!(fonts.len(), 4, "{fonts:?}");
    let table = part(docx(seed()), "word/fontTable.xml");
    for e in [
        "embedRegular",
        "embedBold",
        "embedItalic",
        "embedBoldItalic",
    ] {
        assert!(table.contains(&format!("<w:{e} ")), "{e}");
    }
}
