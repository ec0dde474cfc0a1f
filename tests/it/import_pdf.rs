//! Issue 14 (PDF part): `vanban import FILE.pdf` reads the text layer with
//! positions and fonts into a Source: vanban's own renders come back with
//! their words, header columns, bold headings and tables; page numbers are
//! left out and reported; a scan and a text layer in another language are
//! refused.

use vanban::import::source::{SourceBlock, SourceTable};
use vanban::import::{ImportOptions, import_bytes, pdf};

use crate::support::*;

fn render_json(json: &[u8], name: &str) -> Vec<u8> {
    engine()
        .render_with(json, name, &plain())
        .unwrap_or_else(|e| panic!("{e}"))
        .pdf
        .expect("a PDF")
}

fn tables(s: &vanban::import::Source) -> Vec<&SourceTable> {
    s.blocks
        .iter()
        .filter_map(|b| match b {
            SourceBlock::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// All text of a Source, paragraphs and cells.
fn all_text(s: &vanban::import::Source) -> String {
    let mut out = String::new();
    for b in &s.blocks {
        match b {
            SourceBlock::Para(p) => out.push_str(&p.text()),
            SourceBlock::Table(t) => {
                for c in t.rows.iter().flatten() {
                    out.push_str(&c.text());
                    out.push(' ');
                }
            }
            SourceBlock::Break(_) => {}
        }
        out.push(' ');
    }
    out
}

#[test]
fn a_rendered_report_comes_back_with_its_words_columns_bold_headings_and_page_numbers_left_out() {
    needs!(Poppler);
    let rendered = seed();
    let bytes = rendered.pdf.as_deref().expect("a PDF");
    let source = pdf::read(bytes).unwrap_or_else(|e| panic!("{e}"));
    // Every word poppler reads in the PDF is in the Source (page numbers
    // aside, which are reported instead).
    // (pdftotext joins a word hyphenated across lines: compare without
    // hyphens.)
    let got = squash(&all_text(&source)).replace('-', "");
    let poppler_text = poppler("pdftotext", &["-enc", "UTF-8"], bytes);
    let numbers: Vec<String> = source
        .left_out
        .iter()
        .filter(|r| r.what.contains("page number"))
        .map(|r| r.from.clone())
        .collect();
    for w in poppler_text.split_whitespace() {
        if numbers.iter().any(|n| n == w) {
            continue;
        }
        assert!(got.contains(&squash(w).replace('-', "")), "`{w}` lost");
    }
    // A page number for each page from 2 on, left out and reported.
    let pages = rendered.pages.len();
    assert!(pages > 1);
    assert_eq!(numbers.len(), pages - 1, "{numbers:?}");
    // Page breaks between pages.
    let breaks = source
        .blocks
        .iter()
        .filter(|b| matches!(b, SourceBlock::Break(_)))
        .count();
    assert_eq!(breaks, pages - 1);
    // The header's two columns: an unruled row of two cells, the issuer
    // on the left and the quốc hiệu on the right.
    let t = tables(&source);
    let header = t.first().expect("a header row");
    assert!(!header.ruled);
    let row = &header.rows[0];
    assert_eq!(row.len(), 2);
    assert!(row[0].text().contains("Số:"), "{:?}", row[0].text());
    assert!(row[1].text().contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(row[1].text().contains("Độc lập - Tự do - Hạnh phúc"));
    // Headings come back bold: the fixture's section headings are bold.
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("bao-cao-cchc-q3-2023.json")).unwrap())
            .unwrap();
    let first_heading = doc["body"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|b| b["heading"].as_str())
        .expect("a heading");
    let bold_heading = source.blocks.iter().any(|b| match b {
        SourceBlock::Para(p) => {
            p.text().contains(first_heading)
                && p.runs
                    .iter()
                    .any(|r| r.bold && r.text.contains(first_heading))
        }
        _ => false,
    });
    assert!(bold_heading, "`{first_heading}` not bold");
    // And the whole import gives JSON that renders.
    let imported = import_bytes(bytes, &ImportOptions::default()).unwrap();
    assert_eq!(imported.encoding, "PDF");
    let json = serde_json::to_vec(&imported.document).unwrap();
    render_json(&json, "reimported.json");
}

#[test]
fn a_ruled_table_comes_back_as_a_ruled_table_with_its_cells() {
    let path = fixture("all-blocks.json");
    let json = std::fs::read(&path).unwrap();
    let bytes = render_json(&json, "all-blocks.json");
    let source = pdf::read(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let ruled: Vec<&SourceTable> = tables(&source).into_iter().filter(|t| t.ruled).collect();
    let t = ruled.first().expect("a ruled table");
    // The column titles are the first row, one cell each.
    let head: Vec<String> = t.rows[0].iter().map(|c| c.text()).collect();
    assert_eq!(
        head,
        [
            "STT",
            "Tên thủ tục hành chính",
            "Số hồ sơ tiếp nhận",
            "Tỷ lệ đúng hạn (%)"
        ]
    );
    let first: Vec<String> = t.rows[1].iter().map(|c| c.text()).collect();
    assert_eq!(first, ["1", "Đăng ký khai sinh", "412", "100"]);
    // Its bold cell is bold.
    assert!(t.rows[1][1].paras[0].runs.iter().all(|r| r.bold));
    assert!(t.rows.iter().flatten().all(|c| c.span >= 1));
}

/// A PDF of one page holding only an image, as a scanner writes.
fn scan_pdf() -> Vec<u8> {
    let mut png = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png, 8, 8);
        enc.set_color(png::ColorType::Grayscale);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[200u8; 64]).unwrap();
    }
    let mut doc = krilla::Document::new();
    let mut page = doc.start_page_with(krilla::page::PageSettings::from_wh(595.0, 842.0).unwrap());
    let mut surface = page.surface();
    let image = krilla::image::Image::from_png(png.into(), false).unwrap();
    surface.draw_image(image, krilla::geom::Size::from_wh(595.0, 842.0).unwrap());
    surface.finish();
    page.finish();
    doc.finish().unwrap()
}

#[test]
fn a_scan_without_a_text_layer_is_refused_with_what_to_do() {
    let err = pdf::read(&scan_pdf()).unwrap_err().to_string();
    assert!(err.contains("scanned PDF"), "{err}");
    assert!(err.contains("ocrmypdf -l vie"), "{err}");
    assert!(err.contains("1 page"), "{err}");
    // Through the CLI's path too.
    assert!(import_bytes(&scan_pdf(), &ImportOptions::default()).is_err());
}

#[test]
fn a_text_layer_that_is_not_vietnamese_is_refused() {
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("cong-van.json")).unwrap()).unwrap();
    let english = "The quick brown fox jumps over the lazy dog while the committee \
                   reviews the annual budget and the members discuss the schedule.";
    doc["body"] = serde_json::json!(vec![english; 40]);
    let bytes = render_json(&serde_json::to_vec(&doc).unwrap(), "english.json");
    let err = pdf::read(&bytes).unwrap_err().to_string();
    assert!(err.contains("does not read as Vietnamese"), "{err}");
    // The same document in Vietnamese reads.
    let vi = render_json(&std::fs::read(fixture("cong-van.json")).unwrap(), "cv.json");
    assert!(pdf::read(&vi).is_ok());
}

#[test]
fn a_broken_or_bomb_pdf_is_an_error_not_a_crash() {
    assert!(pdf::read(b"%PDF-1.7\nnot really").is_err());
    // A stream inflating to far more than the bound.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..1100 {
        std::io::Write::write_all(&mut z, &zeros).unwrap();
    }
    let mut bomb = b"%PDF-1.7\n1 0 obj << /Filter /FlateDecode >> stream\n".to_vec();
    bomb.extend(z.finish().unwrap());
    bomb.extend(b"\nendstream endobj\n");
    let err = pdf::read(&bomb).unwrap_err().to_string();
    assert!(err.contains("inflate to more than"), "{err}");
}
