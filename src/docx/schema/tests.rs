use std::io::Cursor;

use zip::{CompressionMethod, DateTime, ZipArchive};

use super::order::{NAMESPACES, entries, parse_table};
use super::*;
use crate::docx::parts::{SMALL_PART, read_parts};

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// Wraps a fragment in `w:document`/`w:body` (which take any content) and declares
/// the `w:` prefix.
fn doc(body: &str) -> String {
    format!("<w:document {W}><w:body>{body}</w:body></w:document>")
}

fn reordered(body: &str) -> String {
    match reorder_xml(&doc(body)) {
        Ok(xml) => xml,
        Err(e) => panic!("reorder failed: {e}"),
    }
}

#[test]
fn orders_paragraph_properties() {
    let got = reordered(
        r#"<w:p><w:r><w:t>x</w:t></w:r><w:pPr><w:rPr><w:b/></w:rPr><w:jc w:val="both"/><w:ind w:firstLine="567"/><w:spacing w:before="0" w:after="120"/><w:tabs><w:tab w:val="left" w:pos="2000"/></w:tabs><w:pBdr><w:bottom w:val="single"/><w:top w:val="nil"/></w:pBdr><w:keepLines/><w:keepNext/><w:numPr><w:numId w:val="2"/><w:ilvl w:val="0"/></w:numPr><w:pStyle w:val="Body"/></w:pPr></w:p>"#,
    );
    assert_eq!(
        got,
        doc(
            r#"<w:p><w:pPr><w:pStyle w:val="Body"/><w:keepNext/><w:keepLines/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr><w:pBdr><w:top w:val="nil"/><w:bottom w:val="single"/></w:pBdr><w:tabs><w:tab w:val="left" w:pos="2000"/></w:tabs><w:spacing w:before="0" w:after="120"/><w:ind w:firstLine="567"/><w:jc w:val="both"/><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#
        )
    );
}

#[test]
fn orders_run_properties_by_context() {
    // A run's rPr (CT_RPr) ...
    let run = reordered(
        r#"<w:r><w:rPr><w:lang w:val="vi-VN"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:caps/><w:u w:val="single"/><w:i/><w:b/><w:rFonts w:ascii="Times New Roman"/><w:rStyle w:val="Emph"/></w:rPr><w:t>x</w:t></w:r>"#,
    );
    assert_eq!(
        run,
        doc(
            r#"<w:r><w:rPr><w:rStyle w:val="Emph"/><w:rFonts w:ascii="Times New Roman"/><w:b/><w:i/><w:caps/><w:sz w:val="28"/><w:szCs w:val="28"/><w:u w:val="single"/><w:lang w:val="vi-VN"/></w:rPr><w:t>x</w:t></w:r>"#
        )
    );
    // ... and the paragraph mark's (CT_ParaRPr), where w:ins comes first.
    let mark = reordered(
        r#"<w:p><w:pPr><w:rPr><w:b/><w:ins w:id="1" w:author="a"/></w:rPr></w:pPr></w:p>"#,
    );
    assert_eq!(
        mark,
        doc(r#"<w:p><w:pPr><w:rPr><w:ins w:id="1" w:author="a"/><w:b/></w:rPr></w:pPr></w:p>"#)
    );
}

#[test]
fn orders_style_and_drops_its_empty_paragraph_mark_properties() {
    let got = reordered(
        r#"<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body"/><w:rPr><w:sz w:val="28"/><w:b/></w:rPr><w:pPr><w:rPr /><w:jc w:val="both"/><w:keepNext/></w:pPr><w:next w:val="Body"/><w:qFormat/><w:basedOn w:val="Normal"/></w:style>"#,
    );
    assert_eq!(
        got,
        doc(
            r#"<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body"/><w:basedOn w:val="Normal"/><w:next w:val="Body"/><w:qFormat/><w:pPr><w:keepNext/><w:jc w:val="both"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>"#
        )
    );
}

#[test]
fn orders_numbering_level() {
    let got = reordered(
        r#"<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:rPr></w:rPr><w:ind w:left="0" w:firstLine="0"/></w:pPr><w:rPr><w:b/><w:rFonts w:ascii="Times New Roman"/></w:rPr><w:suff w:val="space"/></w:lvl></w:abstractNum>"#,
    );
    assert_eq!(
        got,
        doc(
            r#"<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:suff w:val="space"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman"/><w:b/></w:rPr></w:lvl></w:abstractNum>"#
        )
    );
}

#[test]
fn orders_settings_and_compat() {
    let got = reorder_xml(&format!(
        r#"<w:settings {W}><w:defaultTabStop w:val="720" /><w:zoom w:percent="100" /><w:compat><w:useFELayout /><w:spaceForUL /></w:compat><w:evenAndOddHeaders/></w:settings>"#
    ));
    assert_eq!(
        got.ok(),
        Some(format!(
            r#"<w:settings {W}><w:zoom w:percent="100" /><w:defaultTabStop w:val="720" /><w:evenAndOddHeaders/><w:compat><w:spaceForUL /><w:useFELayout /></w:compat></w:settings>"#
        ))
    );
}

#[test]
fn orders_tables_and_sections() {
    let got = reordered(
        r#"<w:tbl><w:tblPr><w:tblLook w:val="04A0"/><w:tblLayout w:type="fixed"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders><w:insideH w:val="nil"/><w:left w:val="nil"/><w:top w:val="nil"/></w:tblBorders><w:jc w:val="center"/><w:tblW w:w="9000" w:type="dxa"/><w:tblStyle w:val="T"/></w:tblPr><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:ins w:id="1" w:author="a"/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:vAlign w:val="center"/><w:tcBorders><w:bottom w:val="single"/><w:top w:val="nil"/></w:tcBorders><w:tcW w:w="9000" w:type="dxa"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl><w:sectPr><w:titlePg/><w:pgMar w:top="1134"/><w:pgSz w:w="11906"/><w:headerReference w:type="default" r:id="rId1"/><w:headerReference w:type="first" r:id="rId2"/></w:sectPr>"#,
    );
    assert_eq!(
        got,
        doc(
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="T"/><w:tblW w:w="9000" w:type="dxa"/><w:jc w:val="center"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:insideH w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/><w:ins w:id="1" w:author="a"/></w:trPr><w:tc><w:tcPr><w:tcW w:w="9000" w:type="dxa"/><w:tcBorders><w:top w:val="nil"/><w:bottom w:val="single"/></w:tcBorders><w:vAlign w:val="center"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl><w:sectPr><w:headerReference w:type="default" r:id="rId1"/><w:headerReference w:type="first" r:id="rId2"/><w:pgSz w:w="11906"/><w:pgMar w:top="1134"/><w:titlePg/></w:sectPr>"#
        )
    );
}

#[test]
fn keeps_unknown_children_last_and_reports_them() {
    let input = doc(
        r#"<w:p><w:pPr><x:ext xmlns:x="urn:x"><x:y/></x:ext><w:jc w:val="left"/><w:future w:val="1"/><w:pStyle w:val="A"/></w:pPr></w:p>"#,
    );
    let (got, unknown) = match reorder(&input) {
        Ok(result) => result,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        got,
        doc(
            r#"<w:p><w:pPr><w:pStyle w:val="A"/><w:jc w:val="left"/><x:ext xmlns:x="urn:x"><x:y/></x:ext><w:future w:val="1"/></w:pPr></w:p>"#
        )
    );
    assert_eq!(unknown, ["p/pPr/{?}ext", "p/pPr/w:future"]);
}

#[test]
fn drops_only_the_type_of_grid_columns() {
    let got = reordered(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto" /></w:tblPr><w:tblGrid><w:gridCol w:w="100" w:type="dxa" /><w:gridCol w:type='dxa' w:w='200'></w:gridCol></w:tblGrid></w:tbl>"#,
    );
    assert_eq!(
        got,
        doc(
            r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto" /></w:tblPr><w:tblGrid><w:gridCol w:w="100"/><w:gridCol w:w="200"></w:gridCol></w:tblGrid></w:tbl>"#
        )
    );
}

#[test]
fn copies_a_valid_document_byte_for_byte() {
    let input = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<!-- c -->\n<w:document {W} xmlns:mc=\"urn:mc\">\n  <w:body>\n    <w:p w:rsidR='00A1'>\n      <w:pPr>\n        <!-- style --><w:pStyle w:val=\"Body\" />\n        <w:jc w:val=\"both\"/>\n      </w:pPr>\n      <w:r><w:t xml:space=\"preserve\">Căn cứ &amp; &#273;iều <![CDATA[<x>]]></w:t></w:r>\n    </w:p>\n    <?pi data?>\n    <w:sectPr><w:pgSz w:w=\"11906\"/></w:sectPr>\n  </w:body>\n</w:document>\n"
    );
    assert_eq!(reorder_xml(&input).ok(), Some(input));
}

#[test]
fn follows_the_namespace_not_the_prefix() {
    let input = r#"<doc xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><rPr><b/><rFonts/></rPr><x:rPr xmlns:x="urn:other"><x:b/><x:rFonts/></x:rPr></doc>"#;
    assert_eq!(
        reorder_xml(input).ok().as_deref(),
        Some(
            r#"<doc xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><rPr><rFonts/><b/></rPr><x:rPr xmlns:x="urn:other"><x:b/><x:rFonts/></x:rPr></doc>"#
        )
    );
}

#[test]
fn rejects_malformed_xml() {
    assert!(reorder_xml(&doc("<w:pPr><w:jc></w:pPr>")).is_err());
    assert!(reorder_xml(&format!("<w:document {W}><w:body><w:p>")).is_err());
    assert!(reorder_xml("</w:p>").is_err());
    assert!(normalize_package(b"not a zip").is_err());
}

#[test]
fn order_table_is_well_formed() {
    let table = entries();
    assert_eq!(
        parse_table(include_str!("../data/child-order.txt")).map(|t| t.len()),
        Ok(40)
    );
    for (i, (key, order)) in table.iter().enumerate() {
        assert!(
            table[..i].iter().all(|(k, _)| k != key),
            "{key} listed twice"
        );
        let names: Vec<&str> = order
            .split_whitespace()
            .flat_map(|s| s.split('|'))
            .collect();
        assert!(!names.is_empty(), "{key} has no children");
        for (j, name) in names.iter().enumerate() {
            assert!(!names[..j].contains(name), "{key}: {name} listed twice");
            if let Some((prefix, _)) = name.split_once(':') {
                assert!(
                    NAMESPACES.iter().any(|(p, _)| *p == prefix),
                    "{key}: unknown prefix in {name}"
                );
            }
        }
    }
}

/// A document using what the vanban DOCX writer uses, as docx-rs writes it.
fn sample_docx() -> Vec<u8> {
    use docx_rs::*;
    let font = || {
        RunFonts::new()
            .ascii("Times New Roman")
            .hi_ansi("Times New Roman")
            .cs("Times New Roman")
    };
    let mut body = Style::new("Body", StyleType::Paragraph)
        .name("Body")
        .based_on("Normal")
        .next("Body")
        .fonts(font())
        .size(28)
        .align(AlignmentType::Both)
        .line_spacing(LineSpacing::new().before(0).after(120).line(288))
        .indent(Some(0), Some(SpecialIndentType::FirstLine(567)), None, None);
    body.paragraph_property = body
        .paragraph_property
        .keep_next(true)
        .keep_lines(true)
        .add_tab(Tab::new().val(TabValueType::Center).pos(4536))
        .set_borders(
            ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                    .val(BorderType::Single)
                    .size(6),
            ),
        );
    body.run_property = body.run_property.caps();
    let emph = Style::new("Emph", StyleType::Character)
        .name("Emph")
        .italic()
        .bold()
        .underline("single");
    let level = |i: usize, fmt: &str, text: &str| {
        Level::new(
            i,
            Start::new(1),
            NumberFormat::new(fmt),
            LevelText::new(text),
            LevelJc::new("left"),
        )
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
        .suffix(LevelSuffixType::Space)
        .bold()
        .fonts(font())
    };
    let cell = |text: &str, w: usize| {
        TableCell::new()
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_text(text).bold().size(26)),
            )
            .width(w, WidthType::Dxa)
            .vertical_align(VAlignType::Center)
            .set_border(
                TableCellBorder::new(TableCellBorderPosition::Bottom)
                    .border_type(BorderType::Single)
                    .size(4),
            )
    };
    let table = Table::new(vec![
        TableRow::new(vec![cell("STT", 1000), cell("Nội dung", 8000)]).cant_split(),
    ])
    .set_grid(vec![1000, 8000])
    .width(9000, WidthType::Dxa)
    .layout(TableLayoutType::Fixed);
    let borderless = Table::without_borders(vec![TableRow::new(vec![
        TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text("BỘ"))),
    ])])
    .set_grid(vec![9000])
    .margins(TableCellMargins::new().margin(0, 0, 0, 0));
    let header = Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
            .add_run(Run::new().add_instr_text(InstrText::PAGE(InstrPAGE::new())))
            .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
            .add_run(Run::new().add_text("2").disable_bold().disable_italic())
            .add_run(Run::new().add_field_char(FieldCharType::End, false)),
    );
    let docx = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .left(1701)
                .right(1134)
                .bottom(1134),
        )
        .header(header)
        .first_header(Header::new())
        .title_pg()
        .default_fonts(font())
        .default_size(28)
        .add_style(body)
        .add_style(emph)
        .add_abstract_numbering(
            AbstractNumbering::new(2)
                .add_level(level(0, "upperRoman", "%1."))
                .add_level(level(1, "decimal", "%2."))
                .add_level(level(2, "lowerLetter", "%3)")),
        )
        .add_numbering(Numbering::new(2, 2))
        .add_numbering(Numbering::new(10, 2).add_override(LevelOverride::new(0).start(1)))
        .add_table(borderless)
        .add_table(table)
        .add_paragraph(
            Paragraph::new()
                .style("Body")
                .numbering(NumberingId::new(2), IndentLevel::new(0))
                .keep_next(true)
                .align(AlignmentType::Both)
                .indent(
                    Some(720),
                    Some(SpecialIndentType::FirstLine(567)),
                    None,
                    None,
                )
                .bold()
                .add_run(Run::new().style("Emph").add_text("Điều 1.").bold().italic()),
        )
        .add_paragraph(
            Paragraph::new()
                .page_break_before(true)
                .line_spacing(
                    LineSpacing::new()
                        .line(360)
                        .line_rule(LineSpacingType::Exact),
                )
                .numbering(NumberingId::new(10), IndentLevel::new(0))
                .add_run(Run::new().add_break(BreakType::Page).color("000000")),
        );
    let mut out = Cursor::new(Vec::new());
    if let Err(e) = docx.build().pack(&mut out) {
        panic!("docx-rs failed: {e}");
    }
    out.into_inner()
}

fn normalized(docx: &[u8]) -> Vec<u8> {
    match normalize_package(docx) {
        Ok(bytes) => bytes,
        Err(e) => panic!("normalize failed: {e}"),
    }
}

fn part(docx: &[u8], name: &str) -> String {
    let parts = match read_parts(docx) {
        Ok(parts) => parts,
        Err(e) => panic!("{e}"),
    };
    String::from_utf8_lossy(parts.get(name).map_or(&[][..], Vec::as_slice)).into_owned()
}

#[test]
fn the_order_table_covers_docx_rs_output() {
    let unknown = unknown_children_in_package(&sample_docx()).ok();
    assert_eq!(unknown, Some(Vec::new()));
}

#[test]
fn normalizing_is_deterministic_and_idempotent() {
    let raw = sample_docx();
    let once = normalized(&raw);
    assert_eq!(normalized(&raw), once, "same input, same bytes");
    assert_eq!(
        normalized(&once),
        once,
        "a normalized package is a fixed point"
    );
    // The fixes are in: grid columns without w:type, w:suff before w:lvlText, no
    // <w:rPr /> in a style's or level's w:pPr.
    let document = part(&once, "word/document.xml");
    let grid_cols: Vec<&str> = document
        .split("<w:gridCol ")
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .collect();
    assert_eq!(
        grid_cols,
        [r#"w:w="9000"/"#, r#"w:w="1000"/"#, r#"w:w="8000"/"#]
    );
    let numbering = part(&once, "word/numbering.xml");
    assert!(numbering.contains(r#"<w:suff w:val="space" /><w:lvlText w:val="%1." />"#));
    assert!(!numbering.contains("<w:pPr><w:rPr />"));
    assert!(!part(&once, "word/styles.xml").contains("<w:pPr><w:rPr />"));
}

#[test]
fn writes_a_plain_zip_with_content_types_first() {
    let out = normalized(&sample_docx());
    let mut archive = match ZipArchive::new(Cursor::new(out.as_slice())) {
        Ok(archive) => archive,
        Err(e) => panic!("{e}"),
    };
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let entry = match archive.by_index(i) {
            Ok(entry) => entry,
            Err(e) => panic!("{e}"),
        };
        assert!(!entry.is_dir());
        // Small parts stored, the rest deflated.
        let want = if entry.size() < SMALL_PART as u64 {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        assert_eq!(entry.compression(), want, "{}", entry.name());
        assert_eq!(entry.last_modified(), Some(DateTime::default()));
        assert!(entry.extra_data().is_none_or(<[u8]>::is_empty));
        names.push(entry.name().to_owned());
    }
    assert_eq!(names.first().map(String::as_str), Some(CONTENT_TYPES));
    let mut rest = names[1..].to_vec();
    rest.sort();
    assert_eq!(rest, names[1..]);
}

#[test]
fn adds_the_theme_once() {
    let twice = normalized(&normalized(&sample_docx()));
    assert_eq!(part(&twice, THEME_PART), THEME_XML);
    let rels = part(&twice, DOCUMENT_RELS);
    assert_eq!(rels.matches(THEME_REL_TYPE).count(), 1);
    assert!(rels.contains(r#"Target="theme/theme1.xml"/></Relationships>"#));
    let types = part(&twice, CONTENT_TYPES);
    assert_eq!(types.matches(THEME_CONTENT_TYPE).count(), 1);
    assert!(types.contains(r#"<Override PartName="/word/theme/theme1.xml""#));
}

#[test]
fn appends_to_empty_and_prefixed_roots() {
    let empty = append_to_root(r#"<Types xmlns="urn:t" />"#, "Override", &[("A", "<&>")]);
    assert_eq!(
        empty.ok().as_deref(),
        Some(r#"<Types xmlns="urn:t"><Override A="&lt;&amp;&gt;"/></Types>"#)
    );
    let prefixed = append_to_root(
        r#"<r:Rels xmlns:r="urn:r"><r:R Id="a"/></r:Rels>"#,
        "R",
        &[("Id", "b")],
    );
    assert_eq!(
        prefixed.ok().as_deref(),
        Some(r#"<r:Rels xmlns:r="urn:r"><r:R Id="a"/><r:R Id="b"/></r:Rels>"#)
    );
}
