//! Issue 15, items 3–6: `import` and `extract` on hostile files — deflate
//! and object-stream bombs, a PDF of millions of objects, a name tree that
//! lists itself as its kid, Word numbering with huge starts, zip bombs and
//! floods of paragraphs, a text too large to become a renderable input.
//! Every probe is built here and run under a time and memory bound
//! ([`super::bounded::run_bounded`]), so a regression fails fast instead of
//! taking the machine down; the error must name the limit.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::bounded::{Run, run_bounded, vanban};

/// The bounds every probe must stay within (a debug build).
const TIME: Duration = Duration::from_secs(20);
const MEMORY: u64 = 512 << 20;

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Runs `vanban ARGS FILE` under the bounds. With `VANBAN_PROBE_DIR` set,
/// the probe file is kept there too (to time it on a release build).
fn probe(args: &[&str], file: &Path, what: &str) -> Run {
    if let Some(keep) = std::env::var_os("VANBAN_PROBE_DIR") {
        let name = file.file_name().unwrap();
        std::fs::copy(file, Path::new(&keep).join(name)).unwrap();
    }
    let mut cmd = vanban();
    cmd.args(args).arg(file);
    run_bounded(&mut cmd, TIME, MEMORY).within_bounds(what)
}

/// Asserts the run failed with a message holding every one of `needles`,
/// and wrote nothing to stdout.
fn refused(run: &Run, needles: &[&str]) {
    assert_ne!(run.code, Some(0), "must fail; stderr: {}", run.stderr);
    assert!(run.code.is_some(), "killed by a signal: {}", run.stderr);
    for n in needles {
        assert!(
            run.stderr.contains(n),
            "the error should say `{n}`: {}",
            run.stderr
        );
    }
    assert!(run.stdout.is_empty(), "nothing goes to stdout on an error");
}

// ---------------------------------------------------------------- zlib

/// A zlib stream of `n_mib` MiB of zeros, made without compressing them:
/// one MiB of zeros is deflated once up to a full flush (a byte-aligned
/// block that refers to nothing before it), and that block is repeated.
fn zlib_zeros(n_mib: u64) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let zeros = vec![0u8; 1 << 20];
    let mut block = Vec::with_capacity(4 << 10);
    c.compress_vec(&zeros, &mut block, flate2::FlushCompress::Full)
        .unwrap();
    assert_eq!(c.total_in(), 1 << 20);
    let mut out = vec![0x78, 0xDA];
    for _ in 0..n_mib {
        out.extend_from_slice(&block);
    }
    // A final empty fixed-Huffman block, then the Adler-32 of the zeros
    // (a = 1, b = n mod 65521).
    out.extend_from_slice(&[0x03, 0x00]);
    let b = ((n_mib << 20) % 65521) as u32;
    out.extend_from_slice(&((b << 16) | 1).to_be_bytes());
    out
}

#[test]
fn the_zeros_bomb_is_a_valid_zlib_stream() {
    needs!(Openssl);
    use std::io::Read;
    let mut n = 0u64;
    let bomb = zlib_zeros(3);
    let mut z = flate2::read::ZlibDecoder::new(&bomb[..]);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match z.read(&mut buf).unwrap() {
            0 => break,
            k => {
                assert!(buf[..k].iter().all(|b| *b == 0));
                n += k as u64;
            }
        }
    }
    assert_eq!(n, 3 << 20);
}

// ---------------------------------------------------------------- PDFs

/// A PDF written by hand: `objects` are the bodies of objects 1.. (object
/// 1 must be the catalog), with a correct xref table.
fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    o.extend_from_slice(data);
    o.extend_from_slice(b"\nendstream");
    o
}

/// Objects 2 and 3: a page tree of one page.
fn pages() -> [Vec<u8>; 2] {
    [
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_vec(),
    ]
}

/// A PDF whose attached source (object 5, its filespec object 4) is the
/// stream `data` with `filter` (`""` for none).
fn pdf_with_attachment(filter: &str, data: &[u8]) -> Vec<u8> {
    let [p, page] = pages();
    pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R /AF [4 0 R] /Names << /EmbeddedFiles << /Names [(vanban-source.json) 4 0 R] >> >> >>".to_vec(),
        p,
        page,
        b"<< /Type /Filespec /F (vanban-source.json) /UF (vanban-source.json) /AFRelationship /Source /EF << /F 5 0 R /UF 5 0 R >> >>".to_vec(),
        stream(&format!("/Type /EmbeddedFile {filter}"), data),
    ])
}

#[test]
fn a_hand_made_attachment_is_extracted() {
    let json = br#"{"kind": "cong-van"}"#;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(json).unwrap();
    let pdf = pdf_with_attachment("/Filter /FlateDecode", &z.finish().unwrap());
    assert_eq!(vanban::pdf::extract_source(&pdf).unwrap(), json);
    let plain = pdf_with_attachment("", json);
    assert_eq!(vanban::pdf::extract_source(&plain).unwrap(), json);
}

/// Item 3: an attachment that inflates to 256 MiB (the input limit is
/// 16 MiB) stops at the limit: bounded memory, nothing written.
#[test]
fn extract_of_a_deflate_bomb_stops_at_the_input_limit() {
    let d = dir();
    let pdf = write(
        d.path(),
        "bomb.pdf",
        &pdf_with_attachment("/Filter /FlateDecode", &zlib_zeros(256)),
    );
    let out = d.path().join("out.json");
    let run = probe(
        &["extract", "-o", out.to_str().unwrap()],
        &pdf,
        "extract: 256 MiB deflate bomb attached",
    );
    refused(&run, &["max_input_bytes"]);
    assert!(!out.exists(), "nothing written");
}

/// Item 3: an attachment that is not JSON (binary bytes) is refused, not
/// written to the terminal.
#[test]
fn extract_refuses_an_attachment_that_is_not_json() {
    let d = dir();
    let pdf = write(
        d.path(),
        "binary.pdf",
        &pdf_with_attachment("", b"\x00\x01\x1b[31m\xff\xfe not json"),
    );
    let run = probe(&["extract"], &pdf, "extract: a binary attachment");
    refused(&run, &["not JSON"]);
    let pdf = write(
        d.path(),
        "text.pdf",
        &pdf_with_attachment("", b"this is text, but not JSON"),
    );
    let run = probe(&["extract"], &pdf, "extract: a text attachment");
    refused(&run, &["not JSON"]);
}

/// Item 3: an object stream that inflates past `max_unpacked_bytes`
/// (1 GiB, the limit 512 MiB) is refused before any of it is held.
#[test]
fn extract_of_an_object_stream_bomb_is_refused() {
    let d = dir();
    let [p, page] = pages();
    let objstm = stream(
        "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
        &zlib_zeros(1024),
    );
    let pdf = write(
        d.path(),
        "objstm.pdf",
        &pdf_of(&[
            b"<< /Type /Catalog /Pages 2 0 R /Names 5 0 R >>".to_vec(),
            p,
            page,
            objstm,
        ]),
    );
    let run = probe(&["extract"], &pdf, "extract: 1 GiB object-stream bomb");
    refused(&run, &["max_unpacked_bytes"]);
}

/// Item 3: a PDF of 2,000,000 objects is read lazily: its answer (no
/// source attached) comes in bounded memory.
#[test]
fn extract_of_two_million_objects_stays_in_memory_bounds() {
    let d = dir();
    let [p, page] = pages();
    let mut objects = vec![b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(), p, page];
    objects.extend(std::iter::repeat_n(b"null".to_vec(), 2_000_000));
    let pdf = write(d.path(), "many.pdf", &pdf_of(&objects));
    let run = probe(&["extract"], &pdf, "extract: 2,000,000 objects");
    refused(&run, &["no attached source"]);
}

/// Item 4: a name-tree node listing itself four times as a kid (426
/// bytes in the report) ends at once: each node is visited once.
#[test]
fn extract_of_a_self_referencing_name_tree_ends() {
    let d = dir();
    let [p, page] = pages();
    let pdf = write(
        d.path(),
        "tree.pdf",
        &pdf_of(&[
            b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>".to_vec(),
            p,
            page,
            b"<< /Kids [4 0 R 4 0 R 4 0 R 4 0 R] >>".to_vec(),
        ]),
    );
    let run = probe(&["extract"], &pdf, "extract: self-kid name tree");
    refused(&run, &["no attached source"]);
    assert!(run.elapsed < Duration::from_secs(5), "{:?}", run.elapsed);
}

// ---------------------------------------------------------------- DOCX

fn numbering_docx(format: &str, start: &str, text: &str) -> Vec<u8> {
    let numbering = format!(
        r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#
    );
    let item = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Nội dung của mục.</w:t></w:r></w:p>"#;
    let p = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    let body = format!(
        "{}{}{}{}{}{}{}{}{}{}{}",
        p("UBND PHƯỜNG LAM SƠN"),
        p("Số: 12/BC-UBND"),
        p("Lam Sơn, ngày 03 tháng 5 năm 2024"),
        p("BÁO CÁO"),
        p("Kết quả công tác tháng 4 năm 2024"),
        p("Trong tháng, UBND phường đã làm các việc sau:"),
        item.repeat(3),
        p("Nơi nhận:"),
        p("- Như trên;"),
        p("CHỦ TỊCH"),
        p("Nguyễn Văn A"),
    );
    super::import_docx::package(&body, "", &numbering)
}

/// Item 5: numbering that starts at 10^11 (`lowerLetter`), 10^12
/// (`upperRoman`) or has an `lvlText` of 20,000 `%1`: labels are short
/// and computed at once, in the library and the CLI.
#[test]
fn huge_word_numbering_gives_short_labels_at_once() {
    let d = dir();
    let cases = [
        ("lowerLetter", "100000000000", "%1)"),
        ("upperRoman", "1000000000000", "%1."),
        ("decimal", "1", &"%1".repeat(20_000)),
        ("upperLetter", "18446744073709551615", "%1%1%1%1"),
    ];
    for (format, start, text) in cases {
        let docx = numbering_docx(format, start, text);
        let t = Instant::now();
        let imported =
            vanban::import::import_bytes(&docx, &vanban::import::ImportOptions::default()).unwrap();
        assert!(t.elapsed() < Duration::from_secs(20), "{format}");
        let json = serde_json::to_string(&imported.document).unwrap();
        assert!(
            json.len() < 20_000,
            "{format} {start}: {} bytes",
            json.len()
        );
        let file = write(d.path(), &format!("{format}.docx"), &docx);
        let run = probe(
            &["import"],
            &file,
            &format!("import: numbering {format} {start}"),
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(run.stdout.len() < 20_000);
    }
}

/// The labels themselves, as Word draws them, however large the counter:
/// no label is long.
#[test]
fn letter_and_roman_labels_past_their_usual_range() {
    let labels = |format: &str, start: &str, text: &str| -> Vec<String> {
        let docx = numbering_docx(format, start, text);
        let src = vanban::import::docx::read(&docx).unwrap();
        let mut out = Vec::new();
        for b in &src.blocks {
            // The label is put in front of the item's text.
            if let vanban::import::SourceBlock::Para(p) = b
                && let Some((label, "Nội dung của mục.")) = p.text().split_once(' ')
            {
                out.push(label.to_string());
            }
        }
        out
    };
    // Word's letters past `z` repeat the letter (`aa`, `bb`), not count
    // in base 26; past ten letters the label is in digits.
    assert_eq!(labels("lowerLetter", "26", "%1)"), ["z)", "aa)", "bb)"]);
    assert_eq!(
        labels("upperLetter", "259", "%1."),
        ["YYYYYYYYYY.", "ZZZZZZZZZZ.", "261."]
    );
    let huge = labels("lowerLetter", "100000000000", "%1)");
    assert!(huge.iter().all(|l| l.len() <= 64), "{huge:?}");
    assert_ne!(huge[0], huge[1], "counting goes on: {huge:?}");
    let roman = labels("upperRoman", "3999", "%1.");
    assert_eq!(roman[0], "MMMCMXCIX.");
    assert_eq!(roman[1], "4000.", "past 3999 in digits");
    let long = labels("decimal", "1", &"%1".repeat(20_000));
    assert!(long.iter().all(|l| l.len() <= 64), "{long:?}");
}

/// A zip written by hand, so that an entry may lie about its size: each
/// entry is (name, raw deflate data, CRC-32, declared size).
fn zip_raw(entries: &[(&str, Vec<u8>, u32, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data, crc, size) in entries {
        let offset = out.len() as u32;
        let head = |sig: &[u8], central: bool| {
            let mut h = sig.to_vec();
            if central {
                h.extend_from_slice(&20u16.to_le_bytes()); // made by
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&8u16.to_le_bytes()); // deflate
            h.extend_from_slice(&0u32.to_le_bytes()); // time, date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&size.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                h.extend_from_slice(&[0; 6]); // comment, disk, attributes
                h.extend_from_slice(&0u32.to_le_bytes()); // external
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(head(b"PK\x03\x04", false));
        out.extend_from_slice(data);
        central.extend(head(b"PK\x01\x02", true));
    }
    let at = out.len() as u32;
    let n = entries.len() as u16;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

/// A DOCX whose main document is `xml` (deflated honestly).
fn docx_of(xml: &[u8]) -> Vec<u8> {
    zip_raw(&[(
        "word/document.xml",
        deflate(xml),
        crc32fast::hash(xml),
        xml.len() as u32,
    )])
}

fn document(body: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
    .into_bytes()
}

/// Item 6: a 4 MiB zip whose main document inflates to 4 GiB (and says
/// it is 1 KiB): reading stops at the cap.
#[test]
fn import_of_a_zip_bomb_stops_at_the_cap() {
    let d = dir();
    let z = zlib_zeros(4096);
    // The zlib wrapper off: a zip entry is raw deflate.
    let raw = z[2..z.len() - 4].to_vec();
    let file = write(
        d.path(),
        "bomb.docx",
        &zip_raw(&[("word/document.xml", raw, 0, 1024)]),
    );
    let run = probe(&["import"], &file, "import: 4 GiB zip bomb in 4 MiB");
    refused(&run, &["unpacks to more than"]);
}

/// Item 6: ten million empty paragraphs in a zip of well under 1 MB are
/// refused while the part is scanned, not after building them all.
#[test]
fn import_of_ten_million_paragraphs_is_refused_at_once() {
    let d = dir();
    let file = write(
        d.path(),
        "flood.docx",
        &docx_of(&document(&"<w:p/>".repeat(10_000_000))),
    );
    assert!(std::fs::metadata(&file).unwrap().len() < 1 << 20);
    let run = probe(&["import"], &file, "import: 10,000,000 paragraphs");
    refused(&run, &["max_elements"]);
}

/// Item 6: 200,000 paragraphs of text (twice `max_elements`) are refused
/// before recognition, naming the limit.
#[test]
fn import_of_more_paragraphs_than_elements_is_refused_naming_the_limit() {
    let d = dir();
    let file = write(
        d.path(),
        "many.docx",
        &docx_of(&document(
            &"<w:p><w:r><w:t>Một dòng văn bản.</w:t></w:r></w:p>".repeat(200_000),
        )),
    );
    let run = probe(&["import"], &file, "import: 200,000 text paragraphs");
    refused(&run, &["max_elements"]);
}

/// Item 6: a text larger than `max_input_bytes` cannot become an input
/// `render` accepts (the JSON holds all of its text): refused at once.
#[test]
fn import_of_a_text_over_the_input_limit_is_refused_at_once() {
    let d = dir();
    let line = "Điều 1. Một dòng văn bản hành chính, đủ dài để đọc.\n";
    let text = line.repeat((17 << 20) / line.len() + 1);
    let file = write(d.path(), "big.txt", text.as_bytes());
    let run = probe(&["import"], &file, "import: 17 MiB text");
    refused(&run, &["max_input_bytes"]);
    let t = Instant::now();
    let e = vanban::import::import_bytes(text.as_bytes(), &Default::default()).unwrap_err();
    assert!(t.elapsed() < Duration::from_secs(5));
    assert!(e.to_string().contains("max_input_bytes"), "{e}");
}

/// Item 6: a line longer than `max_string_bytes` is refused naming the
/// limit (the JSON `render` would refuse is never written).
#[test]
fn import_of_a_line_over_the_string_limit_names_the_limit() {
    let text = format!("CÔNG VĂN\n{}\n", "chữ ".repeat(300_000));
    let e = vanban::import::import_bytes(text.as_bytes(), &Default::default()).unwrap_err();
    assert!(e.to_string().contains("max_string_bytes"), "{e}");
}

/// A PDF of 100,000 pages (hayro builds every page when it opens a file,
/// some 1.5 KB each) is refused before it is opened, naming `max_pages`.
#[test]
fn extract_of_a_hundred_thousand_pages_is_refused_before_opening() {
    let d = dir();
    let n = 100_000;
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", i + 3)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
    ];
    objects.extend(std::iter::repeat_n(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_vec(),
        n,
    ));
    let pdf = write(d.path(), "pages.pdf", &pdf_of(&objects));
    let run = probe(&["extract"], &pdf, "extract: 100,000 pages");
    refused(&run, &["max_pages"]);
    let run = probe(&["import"], &pdf, "import: 100,000 pages");
    refused(&run, &["max_pages"]);
}

/// `--limit` reaches the parsers of `import` and `extract`, not only the
/// file read: lowering `max_elements` refuses a DOCX of 50 paragraphs, and
/// lowering `max_unpacked_bytes` refuses an attachment the defaults accept.
#[test]
fn the_limit_flag_reaches_import_and_extract() {
    let d = dir();
    let paras = "<w:p><w:r><w:t>Một đoạn văn.</w:t></w:r></w:p>".repeat(50);
    let docx = write(d.path(), "fifty.docx", &docx_of(&document(&paras)));
    let run = probe(
        &["import", "--limit", "max_elements=10"],
        &docx,
        "import: 50 paragraphs over --limit max_elements=10",
    );
    refused(&run, &["max_elements"]);
    let source = br#"{"kind": "cong-van"}"#.repeat(4_000);
    let pdf = write(
        d.path(),
        "attached.pdf",
        &pdf_with_attachment("/Filter /FlateDecode", &{
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), Default::default());
            z.write_all(&source).unwrap();
            z.finish().unwrap()
        }),
    );
    let run = probe(
        &["extract", "--limit", "max_unpacked_bytes=16K"],
        &pdf,
        "extract: 80 KB attachment over --limit max_unpacked_bytes=16K",
    );
    refused(&run, &["max_unpacked_bytes"]);
}

// ------------------------------------------- filter chains, untyped kids

/// ASCIIHex of `data`, ended by `>`.
fn hex(data: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = data
        .iter()
        .flat_map(|b| format!("{b:02X}").into_bytes())
        .collect();
    out.push(b'>');
    out
}

/// ASCII85 of `data` (`z` for four zeros), ended by `~>`.
fn a85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 5 / 4 + 2);
    for group in data.chunks(4) {
        let mut b = [0u8; 4];
        b[..group.len()].copy_from_slice(group);
        let mut v = u32::from_be_bytes(b);
        if v == 0 && group.len() == 4 {
            out.push(b'z');
            continue;
        }
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = (v % 85) as u8 + b'!';
            v /= 85;
        }
        out.extend_from_slice(&digits[..group.len() + 1]);
    }
    out.extend_from_slice(b"~>");
    out
}

/// An LZW bomb (EarlyChange 1): the table filled with ever longer runs of
/// zeros (code 258 + k is k + 2 zeros), then its longest entry (3,839
/// zeros) `repeats` times — 12 bits each, ~2,560× — with no clear code.
fn lzw_bomb(repeats: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut n) = (0u64, 0u32);
    let mut put = |code: u64, width: u32| {
        acc = (acc << width) | code;
        n += width;
        while n >= 8 {
            n -= 8;
            out.push((acc >> n) as u8);
        }
        acc &= (1 << n) - 1;
    };
    let width = |size: usize| match size + 1 {
        2048.. => 12,
        1024.. => 11,
        512.. => 10,
        _ => 9,
    };
    put(256, 9);
    put(0, 9);
    // Each code registers one entry: the table holds `code` entries.
    for code in 258..4096u64 {
        put(code, width(code as usize));
    }
    for _ in 0..repeats {
        put(4095, 12);
    }
    put(257, 12);
    if n > 0 {
        out.push((acc << (8 - n)) as u8);
    }
    out
}

/// What hayro-syntax decodes a stream of `filter` and `data` to (the
/// reader `import` and `extract` use), in a hand-made PDF.
fn hayro_decoded(filter: &str, data: &[u8]) -> Vec<u8> {
    let [p, page] = pages();
    let pdf = pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        p,
        page,
        stream(filter, data),
    ]);
    let doc = hayro_syntax::Pdf::new(pdf).unwrap();
    let s = doc
        .xref()
        .get::<hayro_syntax::object::Stream<'_>>(hayro_syntax::object::ObjectIdentifier::new(4, 0))
        .unwrap();
    s.decoded()
        .unwrap_or_else(|e| panic!("{filter}: {e:?}"))
        .into_owned()
}

/// The probes' encoders make what hayro decodes: the bombs are bombs.
#[test]
fn the_filter_bombs_decode_in_hayro_as_built() {
    let text = b"BT /F1 12 Tf (Xin chao) Tj ET ".repeat(50);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&text).unwrap();
    let z = z.finish().unwrap();
    assert_eq!(
        hayro_decoded("/Filter [/ASCIIHexDecode /FlateDecode]", &hex(&z)),
        text
    );
    assert_eq!(
        hayro_decoded("/Filter [/ASCII85Decode /FlateDecode]", &a85(&z)),
        text
    );
    let lzw = hayro_decoded("/Filter /LZWDecode", &lzw_bomb(10));
    let built: usize = (2..=3839).sum::<usize>() + 1;
    assert_eq!(lzw.len(), built + 10 * 3839);
    assert!(lzw.iter().all(|b| *b == 0));
    let rl = hayro_decoded(
        "/Filter /RunLengthDecode",
        &[&[[129u8, 7]; 4].concat()[..], &[128]].concat(),
    );
    assert_eq!(rl, [7u8; 512]);
}

/// A PDF of one page whose content stream (object 4) is `data` under
/// `filter`: `import` decodes it to read the page.
fn pdf_with_content(filter: &str, data: &[u8]) -> Vec<u8> {
    pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        stream(filter, data),
    ])
}

/// Gap 1: content streams that decode to 1 GiB through filter chains the
/// zlib-only scan did not see — hex or ASCII85 around a deflate bomb, an
/// LZW bomb, RunLength after Flate — are refused before hayro decodes
/// them, naming `max_unpacked_bytes`.
#[test]
fn import_of_filter_chain_bombs_is_refused() {
    let d = dir();
    let zeros = zlib_zeros(1024);
    let rl = {
        // 8 Mi runs of 128 zeros (1 GiB), deflated.
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let block = [129u8, 0].repeat(1 << 16);
        for _ in 0..128 {
            z.write_all(&block).unwrap();
        }
        z.write_all(&[128]).unwrap();
        z.finish().unwrap()
    };
    let cases: [(&str, &str, Vec<u8>); 4] = [
        (
            "hex.pdf",
            "/Filter [/ASCIIHexDecode /FlateDecode]",
            hex(&zeros),
        ),
        ("a85.pdf", "/Filter [/A85 /Fl]", a85(&zeros)),
        ("lzw.pdf", "/Filter /LZWDecode", lzw_bomb((1 << 30) / 3839)),
        ("rl.pdf", "/Filter [/FlateDecode /RunLengthDecode]", rl),
    ];
    for (name, filter, data) in cases {
        let pdf = write(d.path(), name, &pdf_with_content(filter, &data));
        let run = probe(&["import"], &pdf, &format!("import: 1 GiB bomb, {filter}"));
        refused(&run, &["max_unpacked_bytes"]);
    }
}

/// Gap 1: an object-stream bomb behind ASCIIHex is counted by `extract`
/// too.
#[test]
fn extract_of_a_hex_wrapped_object_stream_bomb_is_refused() {
    let d = dir();
    let [p, page] = pages();
    let objstm = stream(
        "/Type /ObjStm /N 1 /First 4 /Filter [/AHx /FlateDecode]",
        &hex(&zlib_zeros(1024)),
    );
    let pdf = write(
        d.path(),
        "objstm-hex.pdf",
        &pdf_of(&[
            b"<< /Type /Catalog /Pages 2 0 R /Names 5 0 R >>".to_vec(),
            p,
            page,
            objstm,
        ]),
    );
    let run = probe(&["extract"], &pdf, "extract: 1 GiB object stream in hex");
    refused(&run, &["max_unpacked_bytes"]);
}

/// Gap 3: page-tree kids with no `/Type` are pages to hayro: a million
/// direct `<<>>` kids (5 MB), and 100,000 untyped page objects, are
/// refused before the file is opened, naming `max_pages`.
#[test]
fn untyped_page_kids_are_counted_as_pages() {
    let d = dir();
    let n = 1_000_000;
    let direct = pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /MediaBox [0 0 595 842] /Kids [{}] /Count {n} >>",
            "<<>>".repeat(n)
        )
        .into_bytes(),
    ]);
    let direct = write(d.path(), "direct-kids.pdf", &direct);
    let n = 100_000;
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", i + 3)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
    ];
    objects.extend(std::iter::repeat_n(
        b"<< /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_vec(),
        n,
    ));
    let untyped = write(d.path(), "untyped.pdf", &pdf_of(&objects));
    for (file, what) in [
        (&direct, "1,000,000 direct kids"),
        (&untyped, "100,000 untyped pages"),
    ] {
        let run = probe(&["extract"], file, &format!("extract: {what}"));
        refused(&run, &["max_pages"]);
        let run = probe(&["import"], file, &format!("import: {what}"));
        refused(&run, &["max_pages"]);
    }
}

/// Gap 2: the DOCX LibreOffice writes for a `.doc` is read as any source
/// is — here a stand-in `soffice` writes a 4 GiB (sparse) file: refused by
/// its size, naming `max_source_bytes`, without reading it.
#[cfg(unix)]
#[test]
fn import_of_a_doc_bounds_what_libreoffice_writes() {
    needs!(Office);
    use std::os::unix::fs::PermissionsExt;
    let d = dir();
    let bin = d.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let soffice = bin.join("soffice");
    std::fs::write(
        &soffice,
        "#!/bin/sh\n\
         while [ $# -gt 0 ]; do\n\
           if [ \"$1\" = --outdir ]; then out=$2; fi\n\
           shift\n\
         done\n\
         mkdir -p \"$out\" && truncate -s 4G \"$out/input.docx\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&soffice, std::fs::Permissions::from_mode(0o755)).unwrap();
    // An OLE header is all `import` needs to take the file for a .doc.
    let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    doc.resize(4096, 0);
    let file = write(d.path(), "old.doc", &doc);
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = vanban();
    cmd.env("PATH", path).arg("import").arg(&file);
    let run = run_bounded(&mut cmd, TIME, MEMORY).within_bounds("import: .doc converted to 4 GiB");
    eprintln!(
        "probe import: .doc converted to 4 GiB: {:?}, peak {} MiB",
        run.elapsed,
        run.peak_rss >> 20
    );
    refused(&run, &["max_source_bytes", "LibreOffice"]);
}
