//! Reference outputs, checked in under `tests/reference/<fixture>/`: per
//! fixture, the typeset page model as text (every item with its position and
//! size in mm, rounded to 0.01 mm), the DOCX's `document.xml`, `styles.xml`
//! and `numbering.xml` one element per line, and the SHA-256 of the PDF and
//! the DOCX. A change that moves a rule by a millimetre, renames a style or
//! changes one byte of an output fails here, and its diff shows what moved.
//!
//! After a change that is meant to alter the output, refresh them with
//! `REPLACE=1 cargo test --test it reference::` and review the diff.
//!
//! Pure Rust: needs none of the external checkers.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use sha2::{Digest, Sha256};
use vanban::pdf::{Item, Page, Point};

use crate::support::*;

/// The DOCX parts kept as references.
const PARTS: [&str; 3] = ["word/document.xml", "word/styles.xml", "word/numbering.xml"];

fn mm(v: f32) -> String {
    format!("{:.2}", v / MM)
}

/// The page model as text, one item per line.
pub fn page_dump(pages: &[Page]) -> String {
    let mut out = String::new();
    for (n, page) in pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "page {} section {} {}x{}",
            n + 1,
            page.section,
            mm(page.width),
            mm(page.height)
        );
        for (at, item) in &page.items {
            out.push_str("  ");
            out.push_str(&item_line(*at, item));
            out.push('\n');
        }
    }
    out
}

fn item_line(at: Point, item: &Item) -> String {
    let pos = format!("{} {}", mm(at.x), mm(at.y));
    match item {
        Item::Text(t) => format!(
            "text {pos} w{} {:?} {:?} {:?} {}pt {:?}",
            mm(t.width),
            t.role,
            t.mark,
            t.face,
            t.size,
            t.text
        ),
        Item::Rule(r) => format!("rule {pos} w{} h{} {:?}", mm(r.width), mm(r.height), r.role),
        Item::Image(i) => format!(
            "image {pos} w{} h{} {:?} {:?}",
            mm(i.width),
            mm(i.height),
            i.kind,
            i.mark
        ),
        Item::SignField(f) => format!(
            "field {pos} w{} h{} signer {} {:?}",
            mm(f.width),
            mm(f.height),
            f.signer,
            f.tooltip
        ),
    }
}

/// An XML part one element per line, indented by depth; text stays on the
/// line of its element, attributes and text byte for byte.
pub fn xml_lines(xml: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut depth = 0usize;
    // Whether the last thing written was an open tag or text (so that its
    // end tag goes on the same line).
    let mut inline = false;
    loop {
        let event = reader.read_event().unwrap_or_else(|e| panic!("{e}"));
        let raw = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        match event {
            Event::Start(e) => {
                newline(&mut out, depth);
                let _ = write!(out, "<{}>", raw(&e));
                depth += 1;
                inline = true;
            }
            Event::Empty(e) => {
                newline(&mut out, depth);
                let _ = write!(out, "<{}/>", raw(&e));
                inline = false;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if !inline {
                    newline(&mut out, depth);
                }
                let _ = write!(out, "</{}>", raw(&e));
                inline = false;
            }
            Event::Text(t) => {
                out.push_str(&raw(&t));
                inline = true;
            }
            Event::GeneralRef(r) => {
                let _ = write!(out, "&{};", raw(&r));
                inline = true;
            }
            Event::CData(c) => {
                let _ = write!(out, "<![CDATA[{}]]>", raw(&c));
            }
            Event::Decl(d) => {
                let _ = write!(out, "<?{}?>", raw(&d));
            }
            Event::PI(p) => {
                newline(&mut out, depth);
                let _ = write!(out, "<?{}?>", raw(&p));
            }
            Event::Comment(c) => {
                newline(&mut out, depth);
                let _ = write!(out, "<!--{}-->", raw(&c));
            }
            Event::DocType(d) => {
                let _ = write!(out, "<!DOCTYPE {}>", raw(&d));
            }
            Event::Eof => break,
        }
    }
    out.push('\n');
    out
}

fn newline(out: &mut String, depth: usize) {
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&"  ".repeat(depth));
}

fn sha256(bytes: &[u8]) -> String {
    vanban::sign::hex(&Sha256::digest(bytes))
}

/// The reference files of one rendered fixture, by file name.
fn references(r: &vanban::Rendered) -> Vec<(String, String)> {
    let docx = r.docx.as_deref().expect("a DOCX was rendered");
    let mut files = vec![
        ("pages.txt".to_string(), page_dump(&r.pages)),
        (
            "outputs.sha256".to_string(),
            format!(
                "{}  document.pdf\n{}  document.docx\n",
                sha256(r.pdf()),
                sha256(docx)
            ),
        ),
    ];
    let names = docx_names(docx);
    for part in PARTS.into_iter().filter(|p| names.iter().any(|n| n == p)) {
        let name = part.trim_start_matches("word/").replace(".xml", ".xml.txt");
        files.push((name, xml_lines(&docx_part(docx, part))));
    }
    files
}

fn reference_dir(fixture: &Path) -> PathBuf {
    let stem = fixture.file_stem().unwrap().to_string_lossy().into_owned();
    root().join("tests").join("reference").join(stem)
}

/// The first line that differs, with its neighbours, for the failure message.
fn first_difference(want: &str, got: &str) -> String {
    let (w, g): (Vec<_>, Vec<_>) = (want.lines().collect(), got.lines().collect());
    let at = w
        .iter()
        .zip(&g)
        .position(|(a, b)| a != b)
        .unwrap_or(w.len().min(g.len()));
    format!(
        "line {}:\n  want: {}\n  got:  {}",
        at + 1,
        w.get(at).unwrap_or(&"<end>"),
        g.get(at).unwrap_or(&"<end>")
    )
}

#[test]
fn every_fixture_matches_its_reference_outputs() {
    let replace = std::env::var_os("REPLACE").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for fixture in fixtures() {
        let dir = reference_dir(&fixture);
        let rendered = render(&fixture);
        for (name, got) in references(&rendered) {
            let path = dir.join(&name);
            if replace {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &got).unwrap();
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(want) if want == got => {}
                Ok(want) => failures.push(format!(
                    "{} differs, {}",
                    path.display(),
                    first_difference(&want, &got)
                )),
                Err(e) => failures.push(format!("{}: {e}", path.display())),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "outputs differ from tests/reference (if the change is meant, run \
         `REPLACE=1 cargo test --test it reference::` and review the diff):\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_fixture_has_a_reference_and_every_reference_a_fixture() {
    let want: std::collections::BTreeSet<PathBuf> =
        fixtures().iter().map(|f| reference_dir(f)).collect();
    let got: std::collections::BTreeSet<PathBuf> =
        std::fs::read_dir(root().join("tests").join("reference"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    assert_eq!(want, got, "tests/reference/ and fixtures/ disagree");
}

#[test]
fn the_page_dump_shows_a_moved_item() {
    let r = seed();
    let before = page_dump(&r.pages);
    let mut moved = r.pages.clone();
    moved[0].items[0].0.x += MM;
    let after = page_dump(&moved);
    assert_ne!(before, after);
    assert!(first_difference(&before, &after).starts_with("line 2:"));
}

#[test]
fn xml_lines_keep_text_and_attributes() {
    let xml = r#"<?xml version="1.0"?><w:p a="1"><w:r><w:t xml:space="preserve"> x &amp; y</w:t></w:r><w:br/></w:p>"#;
    assert_eq!(
        xml_lines(xml),
        "<?xml version=\"1.0\"?>\n<w:p a=\"1\">\n  <w:r>\n    <w:t xml:space=\"preserve\"> x &amp; y</w:t>\n  </w:r>\n  <w:br/>\n</w:p>\n"
    );
}
