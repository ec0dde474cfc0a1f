//! A structure-aware DOCX generator for the `import_docx` target: the
//! fuzzer's bytes choose a package (a zip written here) of a main document
//! with paragraphs, runs, fields, tracked changes, breaks and tables (with
//! `gridSpan`, `vMerge`, nesting), a `numbering.xml` with odd starts,
//! formats and level texts, and a `styles.xml` whose `basedOn` chains may
//! loop — the shapes that reach the reader's numbering, styles, tables and
//! bounds, which random bytes would almost never spell as a valid zip.
//!
//! The zip is hand-written (stored entries, or deflate in stored blocks),
//! so that a generated entry may also lie about its size or CRC, and the
//! fuzz crate needs no zip crate of its own.

use arbitrary::{Result, Unstructured};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Words and lines that recognition looks for (header, title, closing).
const TEXT: &[&str] = &[
    "UBND PHƯỜNG LAM SƠN",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 12/BC-UBND",
    "Lam Sơn, ngày 03 tháng 5 năm 2024",
    "BÁO CÁO",
    "QUYẾT ĐỊNH",
    "Kết quả công tác tháng 4",
    "Căn cứ Luật Tổ chức chính quyền địa phương;",
    "Điều 1.",
    "Chương I",
    "I. KẾT QUẢ",
    "a) ",
    "- ",
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT.",
    "CHỦ TỊCH",
    "KT. CHỦ TỊCH",
    "Nguyễn Văn A",
    "Kính gửi:",
    "Trong tháng, UBND phường đã làm các việc sau.",
    "&amp; &lt;x&gt; &quot;",
    "",
    " ",
    "\u{200b}\u{202e}",
];

const FORMATS: &[&str] = &[
    "decimal",
    "upperRoman",
    "lowerRoman",
    "upperLetter",
    "lowerLetter",
    "bullet",
    "none",
    "ordinal",
    "decimalZero",
    "chineseCounting",
    "",
];

const STARTS: &[&str] = &[
    "0",
    "1",
    "3999",
    "4000",
    "26",
    "27",
    "260",
    "261",
    "-1",
    "100000000000",
    "1000000000000",
    "18446744073709551615",
    "18446744073709551616",
    "x",
    "",
];

fn pick<'a>(u: &mut Unstructured, from: &[&'a str]) -> Result<&'a str> {
    Ok(*u.choose(from)?)
}

fn text(u: &mut Unstructured) -> Result<String> {
    if u.ratio(1, 8)? {
        // Some raw text, escaped so the XML stays well formed.
        let s: String = u.arbitrary()?;
        return Ok(s
            .chars()
            .take(200)
            .filter(|c| !c.is_control() || *c == '\t')
            .collect::<String>()
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;"));
    }
    Ok(pick(u, TEXT)?.to_string())
}

fn run(u: &mut Unstructured) -> Result<String> {
    let mut props = String::new();
    for tag in ["b", "i", "u", "caps", "vanish", "strike"] {
        if u.ratio(1, 6)? {
            let off = if u.ratio(1, 4)? { r#" w:val="0""# } else { "" };
            props.push_str(&format!("<w:{tag}{off}/>"));
        }
    }
    if u.ratio(1, 6)? {
        props.push_str(&format!(
            r#"<w:rStyle w:val="S{}"/>"#,
            u.int_in_range(0..=5)?
        ));
    }
    let body = match u.int_in_range(0..=9)? {
        0 => "<w:br/>".to_string(),
        1 => r#"<w:br w:type="page"/>"#.to_string(),
        2 => "<w:tab/>".to_string(),
        3 => format!(
            r#"<w:sym w:font="Symbol" w:char="{:04X}"/>"#,
            u.arbitrary::<u16>()?
        ),
        4 => r#"<w:fldChar w:fldCharType="begin"/>"#.to_string(),
        5 => r#"<w:instrText> PAGE </w:instrText>"#.to_string(),
        6 => r#"<w:fldChar w:fldCharType="end"/>"#.to_string(),
        _ => format!(r#"<w:t xml:space="preserve">{}</w:t>"#, text(u)?),
    };
    Ok(format!("<w:r><w:rPr>{props}</w:rPr>{body}</w:r>"))
}

fn paragraph(u: &mut Unstructured) -> Result<String> {
    let mut ppr = String::new();
    if u.ratio(1, 3)? {
        ppr.push_str(&format!(
            r#"<w:pStyle w:val="P{}"/>"#,
            u.int_in_range(0..=5)?
        ));
    }
    if u.ratio(1, 3)? {
        ppr.push_str(&format!(
            r#"<w:numPr><w:ilvl w:val="{}"/><w:numId w:val="{}"/></w:numPr>"#,
            u.int_in_range(0..=10)?,
            u.int_in_range(0..=4)?
        ));
    }
    if u.ratio(1, 4)? {
        ppr.push_str(&format!(
            r#"<w:jc w:val="{}"/>"#,
            pick(u, &["center", "right", "both", "left", "start", "x"])?
        ));
    }
    if u.ratio(1, 5)? {
        ppr.push_str(r#"<w:ind w:firstLine="720"/>"#);
    }
    if u.ratio(1, 10)? {
        let orient = pick(u, &["landscape", "portrait"])?;
        ppr.push_str(&format!(
            r#"<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="{orient}"/></w:sectPr>"#
        ));
    }
    let mut runs = String::new();
    for _ in 0..u.int_in_range(0..=4)? {
        let r = run(u)?;
        runs.push_str(&match u.int_in_range(0..=12)? {
            0 => format!("<w:ins>{r}</w:ins>"),
            1 => format!(
                "<w:del>{}</w:del>",
                r.replace("w:t ", "w:delText ")
                    .replace("</w:t>", "</w:delText>")
            ),
            2 => format!(r#"<w:hyperlink r:id="rId9">{r}</w:hyperlink>"#),
            3 => format!(r#"<w:fldSimple w:instr="PAGE">{r}</w:fldSimple>"#),
            4 => format!("<w:smartTag>{r}</w:smartTag>"),
            _ => r,
        });
    }
    Ok(format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"))
}

fn table(u: &mut Unstructured, depth: usize) -> Result<String> {
    let rows = u.int_in_range(1..=5)?;
    let cols = u.int_in_range(1..=4)?;
    let mut t = String::from("<w:tbl><w:tblPr>");
    if u.ratio(1, 2)? {
        t.push_str(r#"<w:tblBorders><w:top w:val="single"/><w:bottom w:val="single"/><w:insideH w:val="single"/><w:insideV w:val="single"/></w:tblBorders>"#);
    }
    t.push_str("</w:tblPr><w:tblGrid>");
    for _ in 0..cols {
        t.push_str(r#"<w:gridCol w:w="2000"/>"#);
    }
    t.push_str("</w:tblGrid>");
    for _ in 0..rows {
        t.push_str("<w:tr>");
        if u.ratio(1, 4)? {
            t.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        for _ in 0..u.int_in_range(1..=cols + 1)? {
            let mut tcpr = String::new();
            if u.ratio(1, 4)? {
                tcpr.push_str(&format!(
                    r#"<w:gridSpan w:val="{}"/>"#,
                    u.int_in_range(0..=6)?
                ));
            }
            match u.int_in_range(0..=5)? {
                0 => tcpr.push_str(r#"<w:vMerge w:val="restart"/>"#),
                1 => tcpr.push_str("<w:vMerge/>"),
                _ => {}
            }
            t.push_str(&format!("<w:tc><w:tcPr>{tcpr}</w:tcPr>"));
            t.push_str(&blocks(u, depth + 1, 3)?);
            t.push_str("</w:tc>");
        }
        t.push_str("</w:tr>");
    }
    t.push_str("</w:tbl>");
    Ok(t)
}

fn blocks(u: &mut Unstructured, depth: usize, most: usize) -> Result<String> {
    let mut out = String::new();
    for _ in 0..u.int_in_range(0..=most)? {
        if depth < 3 && u.ratio(1, 6)? {
            out.push_str(&table(u, depth)?);
        } else if u.ratio(1, 20)? {
            // A text box anchored in a run.
            out.push_str(&format!(
                r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>{}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r></w:p>"#,
                paragraph(u)?
            ));
        } else {
            out.push_str(&paragraph(u)?);
        }
    }
    Ok(out)
}

fn numbering(u: &mut Unstructured) -> Result<String> {
    let mut x = String::new();
    for a in 0..u.int_in_range(0..=3)? {
        x.push_str(&format!(r#"<w:abstractNum w:abstractNumId="{a}">"#));
        for _ in 0..u.int_in_range(0..=4)? {
            let ilvl = u.int_in_range(0..=10)?;
            let mut lvl_text = String::new();
            for _ in 0..u.int_in_range(0..=4)? {
                lvl_text.push_str(pick(
                    u,
                    &["%1", "%2", "%3", "%9", "%0", "%10", ".", ")", "-", "%"],
                )?);
            }
            if u.ratio(1, 16)? {
                lvl_text = "%1".repeat(u.int_in_range(1..=20_000)?);
            }
            x.push_str(&format!(
                r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="{}"/><w:numFmt w:val="{}"/><w:lvlText w:val="{lvl_text}"/></w:lvl>"#,
                pick(u, STARTS)?,
                pick(u, FORMATS)?
            ));
        }
        x.push_str("</w:abstractNum>");
    }
    for n in 0..u.int_in_range(0..=4)? {
        x.push_str(&format!(
            r#"<w:num w:numId="{n}"><w:abstractNumId w:val="{}"/></w:num>"#,
            u.int_in_range(0..=3)?
        ));
    }
    Ok(format!(r#"<w:numbering xmlns:w="{W}">{x}</w:numbering>"#))
}

fn styles(u: &mut Unstructured) -> Result<String> {
    let mut x = String::new();
    for i in 0..u.int_in_range(0..=6)? {
        let kind = if u.ratio(1, 2)? {
            "paragraph"
        } else {
            "character"
        };
        let prefix = if kind == "paragraph" { "P" } else { "S" };
        let based = if u.ratio(1, 2)? {
            format!(r#"<w:basedOn w:val="{prefix}{}"/>"#, u.int_in_range(0..=5)?)
        } else {
            String::new()
        };
        let mut rpr = String::new();
        for tag in ["b", "i", "caps"] {
            if u.ratio(1, 3)? {
                rpr.push_str(&format!("<w:{tag}/>"));
            }
        }
        let ppr = if u.ratio(1, 4)? {
            format!(
                r#"<w:pPr><w:numPr><w:numId w:val="{}"/></w:numPr></w:pPr>"#,
                u.int_in_range(0..=4)?
            )
        } else {
            String::new()
        };
        x.push_str(&format!(
            r#"<w:style w:type="{kind}" w:styleId="{prefix}{i}"><w:name w:val="{}"/>{based}{ppr}<w:rPr>{rpr}</w:rPr></w:style>"#,
            pick(u, &["heading 1", "Heading 2", "Title", "Normal", "x"])?
        ));
    }
    Ok(format!(r#"<w:styles xmlns:w="{W}">{x}</w:styles>"#))
}

/// A DOCX package from the fuzzer's bytes.
pub fn docx(u: &mut Unstructured) -> Result<Vec<u8>> {
    let body = blocks(u, 0, 40)?;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let main = pick(
        u,
        &[
            "word/document.xml",
            "word/document.xml",
            "doc/main.xml",
            "/word/document.xml",
        ],
    )?;
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{main}"/></Relationships>"#
    );
    let dir = main
        .trim_start_matches('/')
        .rsplit_once('/')
        .map(|(d, _)| d)
        .unwrap_or("");
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("_rels/.rels".into(), rels.into_bytes()),
        (main.trim_start_matches('/').into(), document.into_bytes()),
    ];
    if u.ratio(3, 4)? {
        entries.push((format!("{dir}/numbering.xml"), numbering(u)?.into_bytes()));
    }
    if u.ratio(3, 4)? {
        entries.push((format!("{dir}/styles.xml"), styles(u)?.into_bytes()));
    }
    if u.ratio(1, 8)? {
        // A part replaced by raw bytes (broken XML, not UTF-8, a BOM).
        let i = u.choose_index(entries.len())?;
        let raw: Vec<u8> = u.arbitrary()?;
        if let Some(e) = entries.get_mut(i) {
            e.1 = raw;
        }
    }
    let mut zip = Zip::default();
    for (name, data) in &entries {
        let deflate = u.ratio(1, 2)?;
        let lie = u.ratio(1, 16)?;
        zip.entry(name, data, deflate, lie);
    }
    Ok(zip.finish())
}

/// A zip written by hand: stored entries, or deflate in stored blocks.
#[derive(Default)]
struct Zip {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

impl Zip {
    fn entry(&mut self, name: &str, data: &[u8], deflate: bool, lie: bool) {
        let packed = if deflate {
            stored_deflate(data)
        } else {
            data.to_vec()
        };
        let crc = if lie { 0 } else { crc32(data) };
        let size = if lie { 1 } else { data.len() as u32 };
        let offset = self.out.len() as u32;
        let head = |central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(if central {
                b"PK\x01\x02"
            } else {
                b"PK\x03\x04"
            });
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            h.extend_from_slice(&(if deflate { 8u16 } else { 0 }).to_le_bytes());
            h.extend_from_slice(&0u32.to_le_bytes());
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&(packed.len() as u32).to_le_bytes());
            h.extend_from_slice(&size.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central {
                h.extend_from_slice(&[0; 6]);
                h.extend_from_slice(&0u32.to_le_bytes());
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        self.out.extend(head(false));
        self.out.extend_from_slice(&packed);
        self.central.extend(head(true));
        self.count += 1;
    }

    fn finish(mut self) -> Vec<u8> {
        let at = self.out.len() as u32;
        self.out.extend_from_slice(&self.central);
        self.out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
        self.out.extend_from_slice(&self.count.to_le_bytes());
        self.out.extend_from_slice(&self.count.to_le_bytes());
        self.out
            .extend_from_slice(&(self.central.len() as u32).to_le_bytes());
        self.out.extend_from_slice(&at.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out
    }
}

/// Raw deflate of `data` in stored (uncompressed) blocks.
pub fn stored_deflate(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 65535 * 5 + 5);
    let mut chunks = data.chunks(65535).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xFF, 0xFF]);
    }
    while let Some(c) = chunks.next() {
        out.push(u8::from(chunks.peek().is_none()));
        let n = c.len() as u16;
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&(!n).to_le_bytes());
        out.extend_from_slice(c);
    }
    out
}

/// A zlib stream of `data` in stored blocks.
pub fn stored_zlib(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    out.extend(stored_deflate(data));
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// CRC-32 (IEEE), bitwise: the fuzz crate's zips are small.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
