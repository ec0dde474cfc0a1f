use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{DateTime, ZipArchive, ZipWriter};

use super::*;
use crate::docx::fonts::package::{FONT_RELATIONSHIP_TYPE, add_to_package};
use crate::docx::parts::Parts;

const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn docx_rs_package() -> Vec<u8> {
    let mut buffer = Cursor::new(Vec::new());
    docx_rs::Docx::new()
        .add_paragraph(
            docx_rs::Paragraph::new().add_run(
                docx_rs::Run::new().add_text(TEXT).fonts(
                    docx_rs::RunFonts::new()
                        .ascii("Liberation Serif")
                        .hi_ansi("Liberation Serif")
                        .cs("Liberation Serif"),
                ),
            ),
        )
        .build()
        .pack(&mut buffer)
        .expect("pack");
    buffer.into_inner()
}

fn read_part(docx: &[u8], name: &str) -> Vec<u8> {
    let mut archive = ZipArchive::new(Cursor::new(docx)).expect("zip");
    let mut file = archive.by_name(name).expect(name);
    let mut data = Vec::new();
    file.read_to_end(&mut data).expect("read");
    data
}

fn read_text(docx: &[u8], name: &str) -> String {
    String::from_utf8(read_part(docx, name)).expect("utf-8")
}

fn four_faces(chars: &BTreeSet<char>) -> Vec<EmbeddedFont> {
    ["Regular", "Bold", "Italic", "BoldItalic"]
        .into_iter()
        .enumerate()
        .map(|(i, face)| {
            let data = font_bytes(face);
            let id = FaceId::of(face.starts_with("Bold"), face.ends_with("Italic"));
            embed_file(
                FontFile {
                    data: &data,
                    source: face,
                },
                chars,
                id,
                i + 1,
            )
            .expect(face)
        })
        .collect()
}

#[test]
fn package_gets_parts_relationships_content_type_font_table_and_settings() {
    let docx = docx_rs_package();
    let fonts = four_faces(&text_chars());
    let out = add_to_package(&docx, "Liberation Serif", &fonts).expect("add");

    for font in &fonts {
        let part = read_part(&out, &format!("word/fonts/{}", font.part_name));
        assert_eq!(part, font.data);
    }
    let types = read_text(&out, "[Content_Types].xml");
    assert_eq!(
        types
            .matches(
                "<Default Extension=\"odttf\" ContentType=\"application/vnd.openxmlformats-officedocument.obfuscatedFont\"/>"
            )
            .count(),
        1,
        "{types}"
    );
    let rels = read_text(&out, "word/_rels/fontTable.xml.rels");
    for (i, font) in fonts.iter().enumerate() {
        let rel = format!(
            "<Relationship Id=\"rId{}\" Type=\"{FONT_RELATIONSHIP_TYPE}\" Target=\"fonts/{}\"/>",
            i + 1,
            font.part_name
        );
        assert!(rels.contains(&rel), "{rels}");
    }
    let table = read_text(&out, "word/fontTable.xml");
    let start = table
        .find("<w:font w:name=\"Liberation Serif\">")
        .expect("entry");
    let entry = &table[start..start + table[start..].find("</w:font>").expect("end")];
    let order = [
        "<w:panose1 ",
        "<w:charset ",
        "<w:family ",
        "<w:pitch ",
        "<w:sig ",
        "<w:embedRegular ",
        "<w:embedBold ",
        "<w:embedItalic ",
        "<w:embedBoldItalic ",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|e| entry.find(e).unwrap_or_else(|| panic!("{e} in {entry}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{entry}");
    assert!(entry.contains(&format!(
        "<w:embedRegular r:id=\"rId1\" w:fontKey=\"{}\" w:subsetted=\"1\"/>",
        fonts[0].key
    )));
    assert!(entry.contains("<w:family w:val=\"roman\"/>"), "{entry}");
    // docx-rs's own entries are untouched.
    let original = String::from_utf8(read_part(&docx, "word/fontTable.xml")).expect("utf-8");
    assert!(table.starts_with(&original[..original.find("</w:fonts>").expect("end")]));

    let settings = read_text(&out, "word/settings.xml");
    let embed = settings
        .find("<w:embedTrueTypeFonts/>")
        .expect("embed flag");
    let subset = settings.find("<w:saveSubsetFonts/>").expect("subset flag");
    assert!(embed < subset);
    if let Some(zoom) = settings.find("<w:zoom") {
        assert!(zoom < embed, "{settings}");
    }
    // docx-rs writes w:defaultTabStop before w:zoom (out of schema order);
    // the flags go after w:zoom and before everything that follows it.
    assert!(
        subset < settings.find("<w:compat>").expect("compat"),
        "{settings}"
    );
    // Every other part is unchanged.
    let mut archive = ZipArchive::new(Cursor::new(&docx[..])).expect("zip");
    for i in 0..archive.len() {
        let name = archive.by_index(i).expect("entry").name().to_owned();
        if name.ends_with('/')
            || [
                "[Content_Types].xml",
                "word/fontTable.xml",
                "word/settings.xml",
            ]
            .contains(&name.as_str())
        {
            continue;
        }
        assert_eq!(read_part(&out, &name), read_part(&docx, &name), "{name}");
    }
}

#[test]
fn parts_api_matches_the_package_api_and_leaves_parts_alone_on_error() {
    let docx = docx_rs_package();
    let fonts = four_faces(&text_chars());
    let mut archive = ZipArchive::new(Cursor::new(&docx[..])).expect("zip");
    let mut parts = Parts::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        if file.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("read");
        parts.insert(file.name().to_owned(), data);
    }
    let before = parts.clone();
    let err = add_to_parts(&mut parts, "DejaVu Serif", &fonts).expect_err("family");
    assert!(
        matches!(err, FontEmbedError::FamilyMismatch { .. }),
        "{err}"
    );
    assert_eq!(parts, before);
    add_to_parts(&mut parts, "Liberation Serif", &fonts).expect("add");
    let package = add_to_package(&docx, "Liberation Serif", &fonts).expect("package");
    let mut archive = ZipArchive::new(Cursor::new(&package[..])).expect("zip");
    let files = (0..archive.len())
        .filter(|&i| !archive.by_index(i).expect("entry").is_dir())
        .count();
    assert_eq!(files, parts.len());
    for (name, data) in &parts {
        assert_eq!(&read_part(&package, name), data, "{name}");
    }
    let new: Vec<&str> = parts
        .keys()
        .filter(|k| !before.contains_key(*k))
        .map(String::as_str)
        .collect();
    assert_eq!(
        new,
        [
            "word/_rels/fontTable.xml.rels",
            "word/fonts/font1.odttf",
            "word/fonts/font2.odttf",
            "word/fonts/font3.odttf",
            "word/fonts/font4.odttf"
        ]
    );
}

#[test]
fn package_rewrite_is_deterministic() {
    let docx = docx_rs_package();
    let fonts = four_faces(&text_chars());
    let a = add_to_package(&docx, "Liberation Serif", &fonts).expect("a");
    let b = add_to_package(&docx, "Liberation Serif", &fonts).expect("b");
    assert_eq!(a, b);
    let mut archive = ZipArchive::new(Cursor::new(&a[..])).expect("zip");
    for i in 0..archive.len() {
        let entry = archive.by_index(i).expect("entry");
        assert_eq!(entry.last_modified(), Some(DateTime::default()));
    }
}

const HAND_WRITTEN: [(&str, &str); 5] = [
    (
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
    ),
    (
        "_rels/.rels",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document.xml"/></Relationships>"#,
    ),
    (
        "word/_rels/document.xml.rels",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="./fontTable.xml"/></Relationships>"#,
    ),
    (
        "word/fontTable.xml",
        r#"<?xml version="1.0"?><!-- fonts --><x:fonts xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:font x:name="Liberation Serif"/><x:font x:name="A &amp; &quot;B&quot;"><x:charset x:val="00"/></x:font></x:fonts>"#,
    ),
    (
        "word/settings.xml",
        r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:embedSystemFonts/><w:embedTrueTypeFonts w:val="false"/><w:defaultTabStop w:val="720"/></w:settings>"#,
    ),
];

fn hand_written(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(*name, SimpleFileOptions::default())
            .expect("start");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

#[test]
fn package_edits_respect_prefixes_existing_entries_and_schema_order() {
    let docx = hand_written(&HAND_WRITTEN);
    let data = font_bytes("Bold");
    let bold = embed_file(
        FontFile {
            data: &data,
            source: "b",
        },
        &text_chars(),
        FaceId::Bold,
        3,
    )
    .expect("embed");
    let out = add_to_package(&docx, "Liberation Serif", std::slice::from_ref(&bold)).expect("add");
    let table = read_text(&out, "word/fontTable.xml");
    assert!(
        table.contains(&format!(
            "<x:font x:name=\"Liberation Serif\"><x:embedBold xmlns:r=\"{REL_NS}\" r:id=\"rId1\" \
         x:fontKey=\"{}\" x:subsetted=\"1\"/></x:font><x:font x:name=\"A &amp; &quot;B&quot;\">",
            bold.key
        )),
        "{table}"
    );
    let settings = read_text(&out, "word/settings.xml");
    assert_eq!(
        settings,
        r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:embedTrueTypeFonts/><w:embedSystemFonts/><w:saveSubsetFonts/><w:defaultTabStop w:val="720"/></w:settings>"#
    );
    let types = read_text(&out, "[Content_Types].xml");
    assert!(
        types.contains(
            r#"<Default Extension="xml" ContentType="application/xml"/><Default Extension="odttf""#
        ),
        "{types}"
    );
    assert_eq!(read_part(&out, "word/fonts/font3.odttf"), bold.data);

    // The same part again is refused, and so is a second embedding.
    let err =
        add_to_package(&out, "Liberation Serif", std::slice::from_ref(&bold)).expect_err("part");
    assert!(matches!(err, FontEmbedError::Package { .. }), "{err}");
    assert!(err.to_string().contains("word/fonts/font3.odttf"), "{err}");
    let again = EmbeddedFont {
        part_name: "font4.odttf".to_owned(),
        ..bold
    };
    let err = add_to_package(&out, "Liberation Serif", &[again]).expect_err("twice");
    assert!(
        matches!(err, FontEmbedError::AlreadyEmbedded { .. }),
        "{err}"
    );
}

#[test]
fn existing_font_relationships_keep_their_ids() {
    let mut parts = HAND_WRITTEN.to_vec();
    parts.push((
        "word/_rels/fontTable.xml.rels",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/font" Target="fonts/font1.odttf"/></Relationships>"#,
    ));
    let docx = hand_written(&parts);
    let data = regular();
    let font = embed_file(file(&data), &text_chars(), FaceId::Regular, 2).expect("embed");
    let out = add_to_package(&docx, "Liberation Serif", &[font]).expect("add");
    let rels = read_text(&out, "word/_rels/fontTable.xml.rels");
    assert!(rels.contains("Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/font\" Target=\"fonts/font1.odttf\"/><Relationship Id=\"rId2\""), "{rels}");
    let table = read_text(&out, "word/fontTable.xml");
    assert!(table.contains("r:id=\"rId2\""), "{table}");
}

#[test]
fn package_errors_say_what_is_wrong() {
    let docx = docx_rs_package();
    let data = regular();
    let font = embed_file(file(&data), &text_chars(), FaceId::Regular, 1).expect("embed");
    // Wrong family.
    let err =
        add_to_package(&docx, "Times New Roman", std::slice::from_ref(&font)).expect_err("family");
    assert!(
        matches!(err, FontEmbedError::FamilyMismatch { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("Liberation Serif"), "{err}");
    // Duplicate slot.
    let err = add_to_package(&docx, "Liberation Serif", &[font.clone(), font.clone()])
        .expect_err("duplicate");
    assert!(
        matches!(err, FontEmbedError::InvalidFontList { .. }),
        "{err}"
    );
    // Not a zip.
    let err = add_to_package(
        b"not a zip",
        "Liberation Serif",
        std::slice::from_ref(&font),
    )
    .expect_err("zip");
    assert!(matches!(err, FontEmbedError::Package { .. }), "{err}");
    // No font table.
    let parts: Vec<_> = HAND_WRITTEN
        .iter()
        .filter(|(n, _)| *n != "word/fontTable.xml")
        .copied()
        .collect();
    let err = add_to_package(
        &hand_written(&parts),
        "Liberation Serif",
        std::slice::from_ref(&font),
    )
    .expect_err("no font table");
    assert!(err.to_string().contains("word/fontTable.xml"), "{err}");
    // Broken XML.
    let mut parts = HAND_WRITTEN.to_vec();
    parts[4] = ("word/settings.xml", "<w:settings><w:zoom></w:settings>");
    let err =
        add_to_package(&hand_written(&parts), "Liberation Serif", &[font]).expect_err("bad xml");
    assert!(matches!(err, FontEmbedError::Xml { .. }), "{err}");
}
