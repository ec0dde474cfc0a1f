//! Issue 14: the DOCX reader reads real Word files (tables, emphasis, text
//! boxes, sections, fields, tracked changes, drawn and typed rules) into a
//! `Source`, bounded against hostile files; `.doc` through LibreOffice.
//! Every input is written here: a small zip of WordprocessingML parts.

use std::io::Write;

use vanban::import::source::{Break, Source, SourceBlock, SourcePara, SourceTable};
use vanban::import::{ImportOptions, docx};

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" mc:Ignorable="w14""#;

/// A DOCX package of the given body (the inside of `w:body`), styles and
/// numbering (the inside of their roots), written with the zip crate.
pub(crate) fn package(body: &str, styles: &str, numbering: &str) -> Vec<u8> {
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#
                .to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#
                .to_string(),
        ),
        (
            "word/_rels/document.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#
                .to_string(),
        ),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
            ),
        ),
        (
            "word/styles.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS}>{styles}</w:styles>"#
            ),
        ),
        (
            "word/numbering.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NS}>{numbering}</w:numbering>"#
            ),
        ),
    ];
    zip_of(parts.iter().map(|(n, x)| (*n, x.as_bytes())))
}

fn zip_of<'a>(parts: impl Iterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn read(body: &str) -> Source {
    read_with(body, "", "")
}

fn read_with(body: &str, styles: &str, numbering: &str) -> Source {
    docx::read(&package(body, styles, numbering)).unwrap()
}

/// A paragraph of plain runs.
fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn paras(source: &Source) -> Vec<&SourcePara> {
    source
        .blocks
        .iter()
        .filter_map(|b| match b {
            SourceBlock::Para(p) => Some(p),
            _ => None,
        })
        .collect()
}

fn tables(source: &Source) -> Vec<&SourceTable> {
    source
        .blocks
        .iter()
        .filter_map(|b| match b {
            SourceBlock::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// Every paragraph's text, in tables too.
fn all_text(source: &Source) -> String {
    let mut out = Vec::new();
    for b in &source.blocks {
        match b {
            SourceBlock::Para(p) => out.push(p.text()),
            SourceBlock::Table(t) => {
                for c in t.rows.iter().flatten() {
                    out.push(c.text());
                }
            }
            SourceBlock::Break(_) => out.push("<break>".into()),
        }
    }
    out.join("\n")
}

/// TableGrid as Word defines it: single borders all round and inside.
const TABLE_GRID: &str = r#"<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr></w:style>"#;

/// A line drawn as a shape: DrawingML in the Choice, VML in the Fallback,
/// as Word writes it.
const DRAWN_LINE: &str = r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="453224" cy="0"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:spPr><a:prstGeom prst="line"><a:avLst/></a:prstGeom></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:line from="0,0" to="100pt,0"/></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#;

#[test]
fn a_header_in_a_borderless_two_column_table_keeps_the_motto_as_its_own_paragraph() {
    // TableGrid's borders turned off by the table's own: a layout grid.
    let none = r#"<w:tblBorders><w:top w:val="none" w:sz="0"/><w:left w:val="none"/><w:bottom w:val="none"/><w:right w:val="nil"/><w:insideH w:val="none"/><w:insideV w:val="none"/></w:tblBorders>"#;
    let body = format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>{none}</w:tblPr><w:tr>
        <w:tc>{}{}<w:p>{DRAWN_LINE}</w:p>{}{}</w:tc>
        <w:tc>{}{}<w:p>{DRAWN_LINE}</w:p>{}</w:tc></w:tr></w:tbl>{}"#,
        p("ỦY BAN NHÂN DÂN"),
        p("TỈNH BÌNH AN"),
        p("Số: 12/UBND-VP"),
        p("V/v kết quả đại hội Hiệp hội"),
        p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        p("Độc lập – Tự do – Hạnh phúc"),
        p("Bình An, ngày 30 tháng 6 năm 2025"),
        p("Kính gửi: Sở Nội vụ."),
    );
    let source = read_with(&body, TABLE_GRID, "");
    let t = tables(&source);
    assert_eq!(t.len(), 1);
    let header = t[0];
    assert!(!header.ruled, "a layout grid is not ruled");
    assert_eq!(header.rows.len(), 1);
    let [left, right] = header.rows[0].as_slice() else {
        panic!("two cells: {header:?}")
    };
    let left: Vec<String> = left.paras.iter().map(SourcePara::text).collect();
    let right: Vec<String> = right.paras.iter().map(SourcePara::text).collect();
    assert_eq!(
        left,
        [
            "ỦY BAN NHÂN DÂN",
            "TỈNH BÌNH AN",
            "Số: 12/UBND-VP",
            "V/v kết quả đại hội Hiệp hội"
        ]
    );
    assert_eq!(
        right,
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập – Tự do – Hạnh phúc",
            "Bình An, ngày 30 tháng 6 năm 2025"
        ]
    );
    // The paragraph after the drawn rule has a gap before it.
    assert!(header.rows[0][1].paras[2].gap);
    // The two drawn rules (each once, not once per AlternateContent branch)
    // are reported with their paragraph numbers.
    let rules: Vec<usize> = source
        .left_out
        .iter()
        .filter(|r| r.what.contains("drawn rule"))
        .map(|r| r.line)
        .collect();
    assert_eq!(rules, [3, 8], "{:?}", source.left_out);
    assert_eq!(paras(&source)[0].text(), "Kính gửi: Sở Nội vụ.");
}

#[test]
fn a_ruled_table_keeps_spans_merges_and_header_rows() {
    let cell =
        |props: &str, text: &str| format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text));
    let body = format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>
        <w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}{}</w:tr>
        <w:tr>{}{}{}</w:tr>
        <w:tr>{}<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:tbl><w:tr>{}{}</w:tr></w:tbl><w:p/></w:tc></w:tr>
        </w:tbl>"#,
        cell("", "STT"),
        cell("", "Nhiệm vụ"),
        cell("", "Thời gian"),
        cell(r#"<w:vMerge w:val="restart"/>"#, "1"),
        cell("", "Rà soát thủ tục"),
        cell("", "Quý I"),
        cell("<w:vMerge/>", ""),
        cell("", "lồng a"),
        cell("", "lồng b"),
    );
    let source = read_with(&body, TABLE_GRID, "");
    let t = tables(&source)[0];
    assert!(t.ruled, "TableGrid's borders rule the cells");
    assert_eq!(t.header_rows, 1);
    let shape: Vec<Vec<(usize, bool, String)>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| (c.span, c.merged_up, c.text())).collect())
        .collect();
    assert_eq!(
        shape,
        [
            vec![
                (1, false, "STT".to_string()),
                (1, false, "Nhiệm vụ".into()),
                (1, false, "Thời gian".into())
            ],
            vec![
                (1, false, "1".into()),
                (1, false, "Rà soát thủ tục".into()),
                (1, false, "Quý I".into())
            ],
            // The nested table's paragraphs read into the cell.
            vec![
                (1, true, String::new()),
                (2, false, "lồng a\nlồng b".into())
            ],
        ]
    );
    // Without the style, and without borders of its own, a table is a grid.
    let plain = read(&body);
    assert!(!tables(&plain)[0].ruled);
    // Borders on the cells alone rule it too.
    let boxed = r#"<w:tcBorders><w:top w:val="single"/><w:bottom w:val="single"/><w:left w:val="single"/><w:right w:val="single"/></w:tcBorders>"#;
    let body = format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        cell(boxed, "a"),
        cell(boxed, "b")
    );
    assert!(tables(&read(&body))[0].ruled);
}

#[test]
fn typed_and_drawn_rules_give_no_text_and_are_reported() {
    let body = format!(
        r#"{}<w:p>{DRAWN_LINE}</w:p>{}<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6"/></w:pBdr></w:pPr></w:p><w:p><w:r><w:pict><v:line from="0,0" to="50pt,0"/></w:pict></w:r></w:p>{}"#,
        p("CHÍNH PHỦ"),
        p("_______"),
        p("Số: 30/2020/NĐ-CP"),
    );
    let source = read(&body);
    let texts: Vec<String> = paras(&source).iter().map(|p| p.text()).collect();
    assert_eq!(texts, ["CHÍNH PHỦ", "Số: 30/2020/NĐ-CP"]);
    let report: Vec<(usize, bool)> = source
        .left_out
        .iter()
        .map(|r| (r.line, r.to.is_empty()))
        .collect();
    assert_eq!(
        report,
        [(2, true), (3, true), (4, true), (5, true)],
        "{:?}",
        source.left_out
    );
    assert_eq!(source.left_out[1].from, "_______");
    assert!(source.left_out[1].what.contains("underscores"));
    assert!(source.left_out[2].what.contains("border"));
    // The number after the rules starts after a gap.
    assert!(paras(&source)[1].gap);
    // A line of words with an underscore in it is text.
    let kept = read(&p("mã_số ___ điền vào"));
    assert_eq!(paras(&kept)[0].text(), "mã_số ___ điền vào");
    assert!(kept.left_out.is_empty());
}

#[test]
fn emphasis_comes_from_runs_and_styles_and_can_be_turned_off() {
    let styles = r#"
      <w:docDefaults><w:rPrDefault><w:rPr><w:i w:val="0"/></w:rPr></w:rPrDefault></w:docDefaults>
      <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:jc w:val="both"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Base"><w:pPr><w:jc w:val="center"/><w:ind w:firstLine="567"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
      <w:style w:type="paragraph" w:styleId="Title2"><w:basedOn w:val="Base"/><w:rPr><w:u w:val="single"/></w:rPr></w:style>
      <w:style w:type="character" w:styleId="Emph"><w:rPr><w:i/></w:rPr></w:style>
      <w:style w:type="character" w:styleId="EmphMore"><w:basedOn w:val="Emph"/><w:rPr><w:u w:val="double"/></w:rPr></w:style>"#;
    let body = r#"
      <w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Điều 1.</w:t></w:r><w:r><w:rPr><w:b w:val="1"/></w:rPr><w:t xml:space="preserve"> Phạm vi</w:t></w:r><w:r><w:t xml:space="preserve"> thường </w:t></w:r><w:r><w:rPr><w:i/><w:u w:val="single"/></w:rPr><w:t>nghiêng gạch</w:t></w:r></w:p>
      <w:p><w:pPr><w:pStyle w:val="Title2"/></w:pPr><w:r><w:t>đậm gạch</w:t></w:r><w:r><w:rPr><w:b w:val="0"/><w:u w:val="none"/></w:rPr><w:t>thường</w:t></w:r><w:r><w:rPr><w:rStyle w:val="EmphMore"/></w:rPr><w:t>cả ba</w:t></w:r></w:p>
      <w:p><w:pPr><w:spacing w:before="240"/></w:pPr><w:r><w:rPr><w:rStyle w:val="Emph"/><w:i w:val="false"/></w:rPr><w:t>tắt</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r></w:p>"#;
    let source = read_with(body, styles, "");
    let got: Vec<Vec<(String, bool, bool, bool)>> = paras(&source)
        .iter()
        .map(|p| {
            p.runs
                .iter()
                .map(|r| (r.text.clone(), r.bold, r.italic, r.underline))
                .collect()
        })
        .collect();
    let r = |t: &str, b, i, u| (t.to_string(), b, i, u);
    assert_eq!(
        got,
        [
            vec![
                // Adjacent bold runs merged.
                r("Điều 1. Phạm vi", true, false, false),
                r(" thường ", false, false, false),
                r("nghiêng gạch", false, true, true),
            ],
            vec![
                r("đậm gạch", true, false, true),
                r("thường", false, false, false),
                r("cả ba", true, true, true),
            ],
            vec![r("tắt", false, false, false)],
        ]
    );
    use vanban::import::source::SourceAlign;
    let ps = paras(&source);
    assert_eq!(
        ps[0].align,
        Some(SourceAlign::Justify),
        "the default style's"
    );
    assert_eq!(ps[1].align, Some(SourceAlign::Center), "through basedOn");
    assert!(ps[1].indented && !ps[0].indented);
    assert!(ps[2].gap && !ps[1].gap, "12 pt before is a gap");
}

#[test]
fn a_text_box_is_read_once_where_it_is_anchored() {
    let box_content = format!("<w:txbxContent>{}</w:txbxContent>", p("DỰ THẢO"));
    let vml_box = format!("<w:txbxContent>{}</w:txbxContent>", p("Hộp VML"));
    let body = format!(
        r#"{}<w:p><w:r><w:t>Neo</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>{box_content}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box_content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>{}<w:p><w:r><w:pict><v:rect><v:textbox>{}</v:textbox></v:rect></w:pict></w:r></w:p>"#,
        p("Trước"),
        p("Sau"),
        vml_box,
    );
    let source = read(&body);
    let texts: Vec<String> = paras(&source).iter().map(|p| p.text()).collect();
    assert_eq!(texts, ["Trước", "Neo", "DỰ THẢO", "Sau", "Hộp VML"]);
    assert!(source.left_out.is_empty(), "{:?}", source.left_out);
}

#[test]
fn a_landscape_appendix_after_the_signature_starts_with_a_landscape_section_break() {
    let portrait = r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>"#;
    // Landscape said by the size alone in the final (body) sectPr.
    let landscape = r#"<w:sectPr><w:pgSz w:w="16838" w:h="11906"/></w:sectPr>"#;
    let body = format!(
        r#"{}<w:p><w:r><w:br w:type="page"/></w:r><w:r><w:t>Trang hai</w:t></w:r></w:p><w:p><w:pPr>{portrait}</w:pPr><w:r><w:t>Nguyễn Văn An</w:t></w:r></w:p>{}<w:p><w:r><w:t>dòng một</w:t><w:br/><w:t>dòng hai</w:t></w:r></w:p><w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>Trang sau</w:t></w:r></w:p>{landscape}"#,
        p("CHỦ TỊCH"),
        p("PHỤ LỤC"),
    );
    let source = read(&body);
    let seq: Vec<String> = source
        .blocks
        .iter()
        .map(|b| match b {
            SourceBlock::Para(p) => p.text(),
            SourceBlock::Break(Break { landscape, section }) => {
                format!("<break section={section} landscape={landscape}>")
            }
            SourceBlock::Table(_) => "<table>".into(),
        })
        .collect();
    assert_eq!(
        seq,
        [
            "CHỦ TỊCH",
            "<break section=false landscape=false>",
            "Trang hai",
            "Nguyễn Văn An",
            "<break section=true landscape=true>",
            "PHỤ LỤC",
            "dòng một\ndòng hai",
            "<break section=false landscape=true>",
            "Trang sau",
        ]
    );
    // Said by w:orient, in the other direction: portrait after landscape.
    let body = format!(
        r#"<w:p><w:pPr><w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr></w:pPr><w:r><w:t>ngang</w:t></w:r></w:p>{}{portrait}"#,
        p("dọc")
    );
    let source = read(&body);
    assert_eq!(
        source.blocks.get(1),
        Some(&SourceBlock::Break(Break {
            landscape: false,
            section: true
        }))
    );
}

#[test]
fn fields_keep_their_result_and_drop_their_instruction() {
    let body = r#"<w:p>
      <w:r><w:t xml:space="preserve">Trang </w:t></w:r>
      <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE \* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
      <w:r><w:t xml:space="preserve">, ngày </w:t></w:r>
      <w:fldSimple w:instr=" DATE \@ &quot;dd/MM/yyyy&quot; "><w:r><w:t>30/6/2025</w:t></w:r></w:fldSimple>
      <w:r><w:t xml:space="preserve"> </w:t></w:r>
      <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>NUMPAGES</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>9</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:instrText> &gt; 1 "nhiều"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>nhiều trang</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
      <w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:t xml:space="preserve"> Hà</w:t><w:noBreakHyphen/><w:t>Nội ti</w:t><w:softHyphen/><w:t>ếp</w:t><w:tab/><w:t>A&amp;B</w:t></w:r>
    </w:p>"#;
    let source = read(body);
    assert_eq!(
        paras(&source)[0].text(),
        "Trang 3, ngày 30/6/2025 nhiều trang- Hà-Nội tiếp A&B"
    );
}

#[test]
fn tracked_deletions_are_left_out_and_insertions_kept() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">Giao </w:t></w:r><w:del w:id="1" w:author="x"><w:r><w:delText>Sở Tài chính</w:delText></w:r><w:r><w:t>cũ</w:t></w:r></w:del><w:ins w:id="2" w:author="x"><w:r><w:t>Sở Nội vụ</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> chủ trì.</w:t></w:r></w:p>
      <w:del w:id="3" w:author="x"><w:p><w:r><w:t>đoạn đã xóa</w:t></w:r></w:p></w:del>"#;
    let source = read(body);
    assert_eq!(all_text(&source), "Giao Sở Nội vụ chủ trì.");
}

#[test]
fn word_numbering_labels_are_put_in_front_and_a_huge_start_is_written_in_digits() {
    let numbering = r#"
      <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>
      <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="100000000000"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#;
    // A heading style carries the numbering (as Word's Heading 1 can).
    let styles = r#"<w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>"#;
    let num = |id: &str, lvl: &str, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{id}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let body = format!(
        r#"{}{}{}<w:p><w:pPr><w:pStyle w:val="H1"/></w:pPr><w:r><w:t>PHƯƠNG HƯỚNG</w:t></w:r></w:p>{}{}"#,
        num("1", "0", "KẾT QUẢ"),
        num("1", "1", "Thể chế"),
        p("3. Số gõ tay là chữ"),
        num("2", "0", "Lớn"),
        num("0", "0", "Không số"),
    );
    let source = read_with(&body, styles, numbering);
    let texts: Vec<String> = paras(&source).iter().map(|p| p.text()).collect();
    assert_eq!(
        texts,
        [
            "I. KẾT QUẢ",
            "1. Thể chế",
            "3. Số gõ tay là chữ",
            "II. PHƯƠNG HƯỚNG",
            "100000000000. Lớn",
            "Không số"
        ]
    );
}

#[test]
fn a_zip_bomb_is_refused_with_a_clear_error() {
    // 65 MiB of spaces inside the body compresses to some 65 KiB.
    let filler = " ".repeat(65 << 20);
    let doc = format!(r#"<w:document {NS}><w:body>{filler}</w:body></w:document>"#);
    let bytes = zip_of([("word/document.xml", doc.as_bytes())].into_iter());
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    let err = docx::read(&bytes).unwrap_err().to_string();
    assert!(err.contains("more than 64 MiB"), "{err}");
    assert!(err.contains("word/document.xml"), "{err}");
    // A styles part past its own cap is refused too.
    let styles = format!(r#"<w:styles {NS}>{}</w:styles>"#, " ".repeat(17 << 20));
    let ok_doc = format!(
        r#"<w:document {NS}><w:body>{}</w:body></w:document>"#,
        p("x")
    );
    let bytes = zip_of(
        [
            ("word/document.xml", ok_doc.as_bytes()),
            ("word/styles.xml", styles.as_bytes()),
        ]
        .into_iter(),
    );
    let err = docx::read(&bytes).unwrap_err().to_string();
    assert!(err.contains("styles.xml") && err.contains("MiB"), "{err}");
    // Deep nesting stops with a report, not a stack overflow.
    let deep = format!(
        "{}{}{}",
        "<w:tbl><w:tr><w:tc>".repeat(200),
        p("sâu"),
        "</w:tc></w:tr></w:tbl>".repeat(200)
    );
    let source = read(&deep);
    assert!(source.left_out.iter().any(|r| r.what.contains("nested")));
}

#[test]
fn a_doc_is_read_through_libreoffice() {
    needs!(Office);
    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        println!("skipped: LibreOffice (soffice) is not installed");
        return;
    };
    // A body ends with a paragraph (Word's rule: a table last is lost in
    // the .doc LibreOffice writes).
    let body = format!(
        "{}{}{}{}{}",
        p("ỦY BAN NHÂN DÂN TỈNH BÌNH AN"),
        r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>GIẤY MỜI</w:t></w:r></w:p>"#,
        p("Trân trọng kính mời Sở Nội vụ dự họp."),
        TABLE_CONTENT,
        p("Nguyễn Văn An"),
    );
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("moi.docx");
    std::fs::write(&input, package(&body, TABLE_GRID, "")).unwrap();
    let status = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--headless", "--convert-to", "doc", "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let doc = std::fs::read(dir.path().join("moi.doc")).unwrap();
    assert_eq!(
        vanban::import::Format::sniff(&doc),
        vanban::import::Format::Doc
    );
    let source = vanban::import::doc::read(&doc).unwrap();
    let texts: Vec<String> = paras(&source).iter().map(|p| p.text()).collect();
    assert_eq!(
        texts,
        [
            "ỦY BAN NHÂN DÂN TỈNH BÌNH AN",
            "GIẤY MỜI",
            "Trân trọng kính mời Sở Nội vụ dự họp.",
            "Nguyễn Văn An"
        ]
    );
    assert!(paras(&source)[1].runs[0].bold);
    assert!(!paras(&source)[2].runs[0].bold);
    let t = tables(&source)[0];
    assert!(t.ruled);
    assert_eq!(t.rows[0][0].text(), "STT");
    // The whole import takes the .doc by its first bytes.
    let imported = vanban::import::import_bytes(&doc, &ImportOptions::default()).unwrap();
    assert_eq!(imported.encoding, "DOC");
}

/// A small ruled table.
const TABLE_CONTENT: &str = r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="4000"/></w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Nội dung</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Họp</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;

#[test]
fn a_doc_without_libreoffice_names_the_package_to_install() {
    // The OLE2 signature is enough to tell a .doc; with no soffice on PATH
    // the error says what to install, and nothing is half-imported.
    let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    doc.resize(4096, 0);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cu.doc");
    std::fs::write(&input, &doc).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("import")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("cu.json"))
        .env("PATH", dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("apt-get install libreoffice-writer-nogui"),
        "{stderr}"
    );
    assert!(!dir.path().join("cu.json").exists());
}
