//! Issue 14: recognition of documents shaped like the ones agencies really
//! write (tiêu ngữ with en dashes in a header grid, a padded blank `Số:`, a
//! `V/v` over two paragraphs, bold runs, a three-line signature chain with
//! `(Đã ký)`, `Theo đề nghị`, the deciding line written in the text, a
//! landscape appendix after the signature, chapters, a text issued with a
//! decision, a transcription whose two closing columns are interleaved, a
//! signing stamp over a Word-exported PDF). Every input is written here;
//! each import must validate and render with the default options.

use serde_json::{Value, json};
use vanban::import::{ImportOptions, import_bytes, import_text};

use crate::import_docx::package;
use crate::support::{engine, poppler};

/// A paragraph of plain runs (`*text*` is bold), with optional properties.
fn para(ppr: &str, text: &str) -> String {
    let mut runs = String::new();
    for (k, piece) in text.split('*').enumerate() {
        if piece.is_empty() {
            continue;
        }
        let b = if k % 2 == 1 {
            "<w:rPr><w:b/></w:rPr>"
        } else {
            ""
        };
        runs.push_str(&format!(
            r#"<w:r>{b}<w:t xml:space="preserve">{}</w:t></w:r>"#,
            piece.replace('&', "&amp;")
        ));
    }
    format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")
}

fn p(text: &str) -> String {
    para("", text)
}

fn c(text: &str) -> String {
    para(r#"<w:jc w:val="center"/>"#, text)
}

/// A borderless table of one row: the header's or the closing's grid.
fn grid(left: &[String], right: &[String]) -> String {
    let cell = |ps: &[String]| format!("<w:tc>{}</w:tc>", ps.concat());
    format!(
        r#"<w:tbl><w:tblPr><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="3600"/><w:gridCol w:w="5600"/></w:tblGrid><w:tr>{}{}</w:tr></w:tbl>"#,
        cell(left),
        cell(right)
    )
}

/// A ruled table of plain cells.
fn ruled(rows: &[&[&str]]) -> String {
    let single = r#"w:val="single" w:sz="4""#;
    let mut out = format!(
        r#"<w:tbl><w:tblPr><w:tblBorders><w:top {single}/><w:left {single}/><w:bottom {single}/><w:right {single}/><w:insideH {single}/><w:insideV {single}/></w:tblBorders></w:tblPr><w:tblGrid>"#
    );
    for _ in 0..rows.first().map_or(0, |r| r.len()) {
        out.push_str(r#"<w:gridCol w:w="2000"/>"#);
    }
    out.push_str("</w:tblGrid>");
    for r in rows {
        out.push_str("<w:tr>");
        for cell in *r {
            out.push_str(&format!("<w:tc>{}</w:tc>", p(cell)));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

const PORTRAIT_END: &str =
    r#"<w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr></w:p>"#;
const LANDSCAPE: &str =
    r#"<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr>"#;

/// Imports `bytes` and renders the JSON with the default options: the
/// JSON, the import, and the regenerated PDF's text.
fn import_and_render(bytes: &[u8]) -> (Value, vanban::import::Imported, String) {
    let imported = import_bytes(bytes, &ImportOptions::default()).expect("imports");
    let text = pdf_text(&imported.json());
    (imported.json(), imported, text)
}

/// The text of `doc` rendered with the default options (PDF/A).
fn pdf_text(doc: &Value) -> String {
    let json = serde_json::to_vec(doc).unwrap();
    let r = engine()
        .render(&json, "imported.json")
        .unwrap_or_else(|e| panic!("the import does not render: {e}\n{doc}"));
    poppler("pdftotext", &["-raw"], r.pdf.as_deref().unwrap())
}

/// A công văn as a province writes it in Word, with a statistics appendix
/// on a landscape page after the signature.
fn cong_van() -> Vec<u8> {
    let header = grid(
        &[
            c("*ỦY BAN NHÂN DÂN*"),
            c("*TỈNH BÌNH AN*"),
            c("Số:        /UBND-VP"),
            c("V/v góp ý dự thảo Quy chế"),
            c("làm việc của Ủy ban nhân dân tỉnh"),
        ],
        &[
            c("*CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM*"),
            c("*Độc lập – Tự do – Hạnh phúc*"),
            c("Bình An, ngày 14 tháng 3 năm 2025"),
        ],
    );
    let closing = grid(
        &[
            p("*Nơi nhận:*"),
            p("- Như trên;"),
            p("- Sở Tư pháp;"),
            p("- Lưu: VT, VP."),
        ],
        &[
            c("*TL. CHỦ TỊCH*"),
            c("*KT. CHÁNH VĂN PHÒNG*"),
            c("*PHÓ CHÁNH VĂN PHÒNG*"),
            c("(Đã ký)"),
            c("*Trần Văn Bình*"),
        ],
    );
    let body = [
        header,
        p("Kính gửi: Các sở, ban, ngành tỉnh."),
        p("Ủy ban nhân dân tỉnh đề nghị các cơ quan góp ý dự thảo *trước ngày 20 tháng 3 năm 2025*, gửi về Văn phòng Ủy ban nhân dân tỉnh (số liệu theo Phụ lục kèm theo)."),
        p("Văn phòng Ủy ban nhân dân tỉnh tổng hợp, báo cáo Chủ tịch Ủy ban nhân dân tỉnh./."),
        closing,
        PORTRAIT_END.to_string(),
        c("*PHỤ LỤC*"),
        c("*SỐ LIỆU GÓP Ý CỦA CÁC CƠ QUAN*"),
        c("(Kèm theo Công văn số      /UBND-VP ngày 14 tháng 3 năm 2025 của Ủy ban nhân dân tỉnh Bình An)"),
        ruled(&[
            &["STT", "Cơ quan", "Số ý kiến", "Đã tiếp thu", "Ghi chú"],
            &["1", "Sở Tư pháp", "12", "10", ""],
            &["2", "Sở Nội vụ", "8", "8", "Đủ"],
        ]),
        LANDSCAPE.to_string(),
    ]
    .concat();
    package(&body, "", "")
}

#[test]
fn a_province_cong_van_with_an_en_dash_motto_a_signature_chain_and_a_landscape_appendix() {
    needs!(Poppler);
    let (doc, imported, text) = import_and_render(&cong_van());
    assert_eq!(doc["kind"], "cong-van");
    // The en-dash tiêu ngữ is not glued onto the V/v subject, which runs
    // over two paragraphs.
    assert_eq!(
        doc["subject"],
        "góp ý dự thảo Quy chế làm việc của Ủy ban nhân dân tỉnh"
    );
    // Two bold lines are one issuer, not a parent and an issuer.
    assert_eq!(
        doc["issuer"],
        json!({ "name": "ỦY BAN NHÂN DÂN\nTỈNH BÌNH AN" })
    );
    // `Số:        /UBND-VP`: the number left blank for the clerk.
    assert!(doc.get("number").is_none(), "{doc}");
    assert_eq!(doc["symbol"], "UBND-VP");
    assert_eq!(doc["date"], "2025-03-14");
    assert_eq!(
        doc["signature"],
        json!({
            "authority": "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG",
            "position": "PHÓ CHÁNH VĂN PHÒNG",
            "name": "Trần Văn Bình"
        })
    );
    assert_eq!(
        doc["distribution"],
        json!(["Như trên;", "Sở Tư pháp;", "Lưu: VT, VP."])
    );
    // The bold run of the body keeps its emphasis.
    let first = &doc["body"][0];
    assert_eq!(
        first["paragraph"][1],
        json!({ "text": "trước ngày 20 tháng 3 năm 2025", "bold": true }),
        "{first}"
    );
    // The signing note is left out, and said.
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.contains("(Đã ký)")),
        "{:?}",
        imported.warnings
    );
    // The appendix: landscape, its title, its reference line, its table.
    let a = &doc["appendices"][0];
    assert_eq!(a["orientation"], "landscape", "{a}");
    assert_eq!(a["title"], "SỐ LIỆU GÓP Ý CỦA CÁC CƠ QUAN");
    assert!(
        a.get("label").is_none(),
        "`PHỤ LỤC` is the layout's own label"
    );
    let table = &a["body"][0]["table"];
    assert_eq!(table["columns"].as_array().map(Vec::len), Some(5), "{a}");
    assert_eq!(table["rows"][1], json!(["2", "Sở Nội vụ", "8", "8", "Đủ"]));
    // Nothing of the motto or the note is in the regenerated text twice.
    assert_eq!(text.matches("Độc lập").count(), 1, "{text}");
    assert!(!text.contains("Đã ký"), "{text}");
    assert!(text.contains("SỐ LIỆU GÓP Ý CỦA CÁC CƠ QUAN"), "{text}");
}

/// A quyết định with `Theo đề nghị` and its deciding line typed in the text.
fn quyet_dinh() -> Vec<u8> {
    let header = grid(
        &[
            c("*ỦY BAN NHÂN DÂN*"),
            c("*TỈNH BÌNH AN*"),
            c("Số: 215/QĐ-UBND"),
        ],
        &[
            c("*CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM*"),
            c("*Độc lập - Tự do - Hạnh phúc*"),
            c("Bình An, ngày 05 tháng 02 năm 2025"),
        ],
    );
    let closing = grid(
        &[p("*Nơi nhận:*"), p("- Như Điều 3;"), p("- Lưu: VT.")],
        &[c("*KT. CHỦ TỊCH*"), c("*PHÓ CHỦ TỊCH*"), c("*Lê Thị Hoa*")],
    );
    let body = [
        header,
        c("*QUYẾT ĐỊNH*"),
        c("*Về việc thành lập Tổ công tác*"),
        c("*CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH AN*"),
        p("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"),
        p("Căn cứ Quyết định số 12/QĐ-UBND ngày 10 tháng 01 năm 2025 của Ủy ban nhân dân tỉnh;"),
        p("Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 30/TTr-SNV ngày 01 tháng 02 năm 2025."),
        c("*QUYẾT ĐỊNH:*"),
        p("*Điều 1.* Thành lập Tổ công tác rà soát thủ tục hành chính của tỉnh."),
        p("*Điều 2.* Quyết định này có hiệu lực kể từ ngày ký."),
        p("*Điều 3.* Chánh Văn phòng Ủy ban nhân dân tỉnh và các thành viên chịu trách nhiệm thi hành Quyết định này./."),
        closing,
    ]
    .concat();
    package(&body, "", "")
}

#[test]
fn a_quyet_dinh_keeps_theo_de_nghi_in_the_preamble_and_prints_its_deciding_line_once() {
    needs!(Poppler);
    let (doc, imported, text) = import_and_render(&quyet_dinh());
    assert_eq!(doc["kind"], "quyet-dinh");
    assert_eq!(doc["authority"], "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH AN");
    let preamble = doc["preamble"].as_array().unwrap();
    assert_eq!(preamble.len(), 3, "{doc}");
    assert!(preamble[2].as_str().unwrap().starts_with("Theo đề nghị"));
    // The deciding line is the layout's: not in the body, printed once.
    assert!(
        !doc["body"].to_string().contains("QUYẾT ĐỊNH:"),
        "{}",
        doc["body"]
    );
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.contains("prints the deciding line"))
    );
    let articles: Vec<&Value> = doc["body"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b.get("article").is_some())
        .collect();
    assert_eq!(articles.len(), 3, "{}", doc["body"]);
    assert_eq!(text.matches("QUYẾT ĐỊNH:").count(), 1, "{text}");
    assert!(text.contains("Điều 3."), "{text}");
}

#[test]
fn an_attached_dieu_le_after_the_decision_becomes_an_attached_appendix_with_chapters() {
    needs!(Poppler);
    let text = "\
ỦY BAN NHÂN DÂN
TỈNH BÌNH AN
Số: 216/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bình An, ngày 06 tháng 02 năm 2025
QUYẾT ĐỊNH
Phê duyệt Điều lệ Hội Khuyến học tỉnh
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH AN
Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
Theo đề nghị của Giám đốc Sở Nội vụ.
QUYẾT ĐỊNH:
Điều 1. Phê duyệt Điều lệ Hội Khuyến học tỉnh kèm theo Quyết định này.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Thị Hoa
\u{c}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐIỀU LỆ
HỘI KHUYẾN HỌC TỈNH BÌNH AN
(Ban hành kèm theo Quyết định số 216/QĐ-UBND ngày 06 tháng 02 năm 2025 của Chủ tịch Ủy ban nhân dân tỉnh)
Chương I
QUY ĐỊNH CHUNG
Điều 1. Tên gọi
Hội Khuyến học tỉnh Bình An là tổ chức xã hội.
Điều 2. Mục đích
Hội hoạt động vì sự nghiệp khuyến học.
Chương II
TỔ CHỨC CỦA HỘI
Điều 3. Cơ cấu tổ chức
Hội có Ban Chấp hành và Ban Kiểm tra.
";
    let imported = import_text(text.as_bytes(), &ImportOptions::default()).unwrap();
    let doc = &imported.json();
    assert_eq!(doc["kind"], "quyet-dinh");
    assert_eq!(doc["signature"]["name"], "Lê Thị Hoa", "{doc}");
    let a = &doc["appendices"][0];
    assert_eq!(a["form"], "attached", "{a}");
    assert_eq!(a["type_name"], "ĐIỀU LỆ");
    assert_eq!(a["title"], "HỘI KHUYẾN HỌC TỈNH BÌNH AN");
    let chapters = a["body"].as_array().unwrap();
    assert_eq!(chapters.len(), 2, "{a}");
    assert_eq!(chapters[0]["chapter"], "QUY ĐỊNH CHUNG");
    assert_eq!(chapters[1]["chapter"], "TỔ CHỨC CỦA HỘI");
    assert_eq!(chapters[0]["content"].as_array().map(Vec::len), Some(2));
    assert_eq!(chapters[1]["content"][0]["article"], "Cơ cấu tổ chức");
    // Articles count across chapters in the regenerated copy.
    let pdf = pdf_text(doc);
    assert!(pdf.contains("Điều 3. Cơ cấu tổ chức"), "{pdf}");
    assert!(pdf.contains("Chương II"), "{pdf}");
}

#[test]
fn a_transcription_with_interleaved_closing_columns_is_taken_apart() {
    let text = "\
SỞ GIÁO DỤC VÀ ĐÀO TẠO
Số: 77/SGDĐT-VP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bình An, ngày 02 tháng 8 năm 2024
V/v chuẩn bị năm học mới
Sở Giáo dục và Đào tạo đề nghị các trường hoàn thành công tác chuẩn bị năm học mới trước ngày 20 tháng 8 năm 2024./.
Nơi nhận: GIÁM ĐỐC
Như trên; (Đã ký và đóng dấu)
Các phòng thuộc Sở;
UBND các huyện, thị xã; Nguyễn Thị Mai
Lưu: VT, VP.
";
    let imported = import_text(text.as_bytes(), &ImportOptions::default()).unwrap();
    let doc = &imported.json();
    assert_eq!(
        doc["signature"],
        json!({ "position": "GIÁM ĐỐC", "name": "Nguyễn Thị Mai" })
    );
    assert_eq!(
        doc["distribution"],
        json!([
            "Như trên;",
            "Các phòng thuộc Sở;",
            "UBND các huyện, thị xã;",
            "Lưu: VT, VP."
        ])
    );
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.contains("(Đã ký và đóng dấu)"))
    );
    assert!(
        !doc["body"].to_string().contains("Nguyễn Thị Mai"),
        "{}",
        doc["body"]
    );
}

/// A thông báo made in Word with the agency's signing stamp as a text box
/// at the top right of page 1, exported to PDF by LibreOffice.
#[test]
fn a_signing_stamp_on_a_word_exported_pdf_is_left_out_and_reported() {
    needs!(Office, Poppler);
    let stamp = |t: &str| {
        format!(
            r#"<w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t>{t}</w:t></w:r></w:p>"#
        )
    };
    let text_box = format!(
        r#"<w:p><w:r><w:pict><v:shape style="position:absolute;margin-left:330pt;margin-top:-60pt;width:150pt;height:48pt;z-index:1" stroked="f"><v:textbox><w:txbxContent>{}{}{}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"#,
        stamp("TRUNG TÂM TIN HỌC TỈNH BÌNH AN"),
        stamp("ttth@binhan.gov.vn"),
        stamp("14.03.2025 09:12:45 +07:00"),
    );
    let header = grid(
        &[
            c("*ỦY BAN NHÂN DÂN*"),
            c("*TỈNH BÌNH AN*"),
            c("Số: 88/TB-UBND"),
        ],
        &[
            c("*CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM*"),
            c("*Độc lập – Tự do – Hạnh phúc*"),
            c("Bình An, ngày 14 tháng 3 năm 2025"),
        ],
    );
    let closing = grid(
        &[p("*Nơi nhận:*"), p("- Các sở, ngành;"), p("- Lưu: VT.")],
        &[
            c("*TL. CHỦ TỊCH*"),
            c("*CHÁNH VĂN PHÒNG*"),
            c("*Phạm Minh Tâm*"),
        ],
    );
    let body = [
        text_box,
        header,
        c("*THÔNG BÁO*"),
        c("*Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về cải cách hành chính*"),
        p("Ngày 12 tháng 3 năm 2025, Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp về cải cách hành chính với các sở, ngành của tỉnh."),
        p("Các sở, ngành khẩn trương triển khai các nhiệm vụ được giao và báo cáo kết quả trước ngày 30 tháng 3 năm 2025./."),
        closing,
    ]
    .concat();
    let docx = package(&body, "", "");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("tb.docx");
    std::fs::write(&input, docx).unwrap();
    let out = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .unwrap();
    let pdf = std::fs::read(dir.path().join("tb.pdf"))
        .unwrap_or_else(|e| panic!("soffice made no PDF ({e}): {out:?}"));
    let (doc, imported, _) = import_and_render(&pdf);
    assert_eq!(imported.encoding, "PDF");
    assert_eq!(doc["kind"], "thong-bao", "{doc}");
    assert_eq!(doc["number"], "88");
    assert_eq!(
        doc["issuer"]["name"], "ỦY BAN NHÂN DÂN\nTỈNH BÌNH AN",
        "{doc}"
    );
    assert_eq!(doc["signature"]["name"], "Phạm Minh Tâm");
    let all = doc.to_string();
    for stamp in ["TRUNG TÂM TIN HỌC", "ttth@binhan.gov.vn", "09:12:45"] {
        assert!(
            !all.contains(stamp),
            "the stamp's `{stamp}` was imported: {doc}"
        );
    }
    let said: String = imported
        .repairs
        .iter()
        .map(|r| format!("{} {}\n", r.what, r.from))
        .collect();
    assert!(said.contains("ttth@binhan.gov.vn"), "{said}");
}

#[test]
fn a_giay_moi_numbered_list_with_labels_and_dash_sub_lists_stays_one_list() {
    needs!(Poppler);
    let text = "\
ỦY BAN NHÂN DÂN
TỈNH BÌNH AN
Số: 12/GM-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bình An, ngày 10 tháng 01 năm 2026
GIẤY MỜI
Họp sơ kết công tác cải cách hành chính
Ủy ban nhân dân tỉnh tổ chức họp sơ kết công tác cải cách hành chính năm 2025 như sau:
1. Chủ trì: Đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh.
2. Thành phần mời:
- Lãnh đạo các sở, ban, ngành;
- Lãnh đạo Văn phòng Ủy ban nhân dân tỉnh.
3. Thời gian: từ 14 giờ 00 ngày 20 tháng 01 năm 2026.
4. Địa điểm: Hội trường Ủy ban nhân dân tỉnh./.
Nơi nhận:
- Như thành phần mời;
- Lưu: VT.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Trần Văn Bình
";
    let imported = import_text(text.as_bytes(), &ImportOptions::default()).unwrap();
    let doc = imported.json();
    assert_eq!(doc["kind"], "giay-moi");
    let body = doc["body"].as_array().unwrap();
    // One numbered list 1–4 (not headings I., II. then a list from 1), the
    // dash items under `2. Thành phần mời:`.
    let list = body
        .iter()
        .find(|b| b.get("list").is_some())
        .unwrap_or_else(|| panic!("no list: {}", doc["body"]));
    assert_eq!(list["marker"], "1.", "{list}");
    let items = list["list"].as_array().unwrap();
    assert_eq!(items.len(), 4, "{list}");
    assert_eq!(items[1]["text"], "Thành phần mời:");
    assert_eq!(items[1]["list"].as_array().map(Vec::len), Some(2));
    assert!(
        !doc["body"].to_string().contains("\"heading\""),
        "{}",
        doc["body"]
    );
    let pdf = pdf_text(&doc);
    for n in [
        "1. Chủ trì",
        "2. Thành phần mời",
        "3. Thời gian",
        "4. Địa điểm",
    ] {
        assert!(pdf.contains(n), "`{n}` not in {pdf}");
    }
}
