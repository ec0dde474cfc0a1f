//! Issue 18: the tagged PDF (PDF/A-2a + PDF/UA-1 by default). veraPDF
//! judges every fixture in both; the structure tree is read back from the
//! file (lopdf) and checked against the document: headings in order with
//! levels that never skip, a table's header cells once however many pages
//! it spans, lists, figures with alternative text, the signature fields'
//! widgets inside their Form elements, the language and the title shown.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use lopdf::{Dictionary, Document, Object, ObjectId};
use vanban::doc::Role;
use vanban::pdf::{Item, Mark};
use vanban::{Formats, PdfOptions, PdfStandard, RenderOptions};

use crate::support::*;

fn options(standard: PdfStandard, attach_source: bool) -> RenderOptions {
    RenderOptions {
        formats: Formats::PDF,
        pdf: PdfOptions {
            standard,
            attach_source,
            sign_fields: true,
        },
        assets_dir: None,
        images_root: None,
    }
}

fn rendered(name: &str, o: &RenderOptions) -> vanban::Rendered {
    let path = fixture(name);
    let json = std::fs::read(&path).unwrap();
    engine()
        .render_with(&json, &path.display().to_string(), o)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A structure element as read back: its type, title, alternative text,
/// and children (elements, or `mcid`/`objr` leaves).
#[derive(Debug)]
enum Read {
    Elem {
        kind: String,
        title: Option<String>,
        alt: Option<String>,
        scope: Option<String>,
        kids: Vec<Read>,
    },
    Mcid(#[allow(dead_code)] i64),
    Objr(ObjectId),
}

fn text_of(o: &Object) -> Option<String> {
    match o {
        Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => {
            let units: Vec<u16> = b[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        Object::String(b, _) => Some(String::from_utf8_lossy(b).into_owned()),
        _ => None,
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    match o {
        Object::Reference(r) => doc.get_dictionary(*r).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

fn read(doc: &Document, o: &Object) -> Vec<Read> {
    match o {
        Object::Integer(i) => vec![Read::Mcid(*i)],
        Object::Array(a) => a.iter().flat_map(|k| read(doc, k)).collect(),
        _ => {
            let Some(d) = dict(doc, o) else {
                return vec![];
            };
            match d.get(b"Type").ok().and_then(|t| t.as_name().ok()) {
                Some(b"OBJR") => {
                    return vec![Read::Objr(d.get(b"Obj").unwrap().as_reference().unwrap())];
                }
                Some(b"MCR") => {
                    return vec![Read::Mcid(d.get(b"MCID").unwrap().as_i64().unwrap())];
                }
                _ => {}
            }
            let kind =
                String::from_utf8_lossy(d.get(b"S").unwrap().as_name().unwrap()).into_owned();
            let scope = d
                .get(b"A")
                .ok()
                .and_then(|a| match a {
                    Object::Array(v) => v.first().cloned(),
                    other => Some(other.clone()),
                })
                .and_then(|a| dict(doc, &a).cloned())
                .and_then(|a| {
                    a.get(b"Scope")
                        .ok()
                        .and_then(|s| s.as_name().ok())
                        .map(|s| String::from_utf8_lossy(s).into_owned())
                });
            Read::Elem {
                kind,
                title: d.get(b"T").ok().and_then(text_of),
                alt: d.get(b"Alt").ok().and_then(text_of),
                scope,
                kids: d.get(b"K").map(|k| read(doc, k)).unwrap_or_default(),
            }
            .into()
        }
    }
}

impl From<Read> for Vec<Read> {
    fn from(r: Read) -> Self {
        vec![r]
    }
}

/// The structure tree of `pdf`: the Document element and the file.
fn structure(pdf: &[u8]) -> (Vec<Read>, Document) {
    let doc = Document::load_mem(pdf).unwrap();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .unwrap()
        .clone();
    let root = dict(&doc, &root).unwrap().clone();
    let tree = read(&doc, root.get(b"K").unwrap());
    (tree, doc)
}

/// An element as (type, title, alt, scope).
type Elem = (String, Option<String>, Option<String>, Option<String>);

/// Every element in reading order.
fn elements(nodes: &[Read], out: &mut Vec<Elem>) {
    for n in nodes {
        if let Read::Elem {
            kind,
            title,
            alt,
            scope,
            kids,
        } = n
        {
            out.push((kind.clone(), title.clone(), alt.clone(), scope.clone()));
            elements(kids, out);
        }
    }
}

/// The children of every element of type `kind`, in reading order.
fn kids_of<'a>(nodes: &'a [Read], kind: &str) -> Vec<&'a [Read]> {
    let mut out = Vec::new();
    for n in nodes {
        if let Read::Elem { kind: k, kids, .. } = n {
            if k == kind {
                out.push(kids.as_slice());
            }
            out.extend(kids_of(kids, kind));
        }
    }
    out
}

fn all(pdf: &[u8]) -> Vec<Elem> {
    let (tree, _) = structure(pdf);
    let mut out = Vec::new();
    elements(&tree, &mut out);
    out
}

fn write_all(dir: &std::path::Path, name: &str, files: &[(String, Vec<u8>)]) -> Vec<PathBuf> {
    files
        .iter()
        .map(|(stem, bytes)| {
            let p = dir.join(format!("{stem}.{name}.pdf"));
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect()
}

#[test]
fn every_fixture_passes_pdf_a_2a_a_3a_and_pdf_ua_1_in_verapdf() {
    needs!(Java, Venv);
    let dir = tempfile::tempdir().unwrap();
    let mut tagged = Vec::new();
    let mut with_source = Vec::new();
    for f in fixtures() {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        // The default is the tagged pair.
        let r = render(&f);
        assert_eq!(
            r.pdf(),
            rendered(&name, &options(PdfStandard::TAGGED, false)).pdf(),
            "{name}: the default is a-2a,ua-1"
        );
        tagged.push((stem.clone(), r.pdf().to_vec()));
        let s = rendered(&name, &options(PdfStandard::default_for(true), true));
        with_source.push((stem, s.pdf().to_vec()));
    }
    let tagged = write_all(dir.path(), "tagged", &tagged);
    let with_source = write_all(dir.path(), "source", &with_source);
    let mut failures = Vec::new();
    for (flavour, files) in [
        ("2a", &tagged),
        ("ua1", &tagged),
        ("3a", &with_source),
        ("ua1", &with_source),
    ] {
        for v in verapdf(flavour, files) {
            if v["compliant"] != true {
                failures.push(v.to_string());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "not conforming:\n{}",
        failures.join("\n")
    );
    // The harness can fail: an untagged PDF/A-2b is not PDF/UA-1.
    let untagged = rendered("minimal.json", &options(PdfStandard::A2b, false));
    let (_d, p) = temp_pdf(untagged.pdf());
    assert_eq!(
        verapdf("ua1", std::slice::from_ref(&p))[0]["compliant"],
        false
    );
    assert_eq!(verapdf("2a", &[p])[0]["compliant"], false);
}

#[test]
fn pdfinfo_says_tagged_and_an_untagged_standard_is_not() {
    needs!(Poppler);
    for (standard, want) in [
        (PdfStandard::TAGGED, "yes"),
        (PdfStandard::parse("ua-1").unwrap(), "yes"),
        (PdfStandard::A2b, "no"),
        (PdfStandard::None, "no"),
    ] {
        let r = rendered("bao-cao-cchc-q3-2023.json", &options(standard, false));
        let (_d, p) = temp_pdf(r.pdf());
        let out = Command::new("pdfinfo").arg(&p).output().unwrap();
        let info = String::from_utf8_lossy(&out.stdout);
        let line = info.lines().find(|l| l.starts_with("Tagged:")).unwrap();
        assert_eq!(
            line.split_whitespace().nth(1),
            Some(want),
            "{standard}: {info}"
        );
    }
}

#[test]
fn headings_are_read_in_order_at_levels_that_never_skip() {
    let r = render(&fixture("bao-cao-cchc-q3-2023.json"));
    let headings: Vec<(u16, String)> = all(r.pdf())
        .into_iter()
        .filter_map(|(k, t, _, _)| {
            let level = k.strip_prefix('H')?.parse().ok()?;
            Some((level, t.unwrap_or_default()))
        })
        .collect();
    // The document's own headings: the type name, then its sections.
    let want: Vec<String> = r
        .doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            vanban::doc::Block::Para(p) if matches!(p.role, Role::Title | Role::Heading(_)) => {
                Some(p.text().trim().to_string())
            }
            _ => None,
        })
        .collect();
    let titles: Vec<&str> = headings.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(titles, want, "{headings:?}");
    assert_eq!(headings[0], (1, "BÁO CÁO".into()));
    assert!(headings.len() > 5, "{headings:?}");
    let mut last = 0;
    for (level, title) in &headings {
        assert!(*level <= last + 1, "{title} at H{level} after H{last}");
        last = *level;
    }
    // Sections numbered I., II. are one level under the title, their
    // 1., 2. one more.
    let level_of = |prefix: &str| {
        headings
            .iter()
            .find(|(_, t)| t.starts_with(prefix))
            .unwrap()
            .0
    };
    assert_eq!(level_of("I."), 2);
    assert_eq!(level_of("1."), 3);
    // The outline lists the same headings.
    let (_, doc) = structure(r.pdf());
    let outlines = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .unwrap()
        .as_reference()
        .unwrap();
    let first = doc
        .get_dictionary(outlines)
        .unwrap()
        .get(b"First")
        .unwrap()
        .as_reference()
        .unwrap();
    let title = doc.get_dictionary(first).unwrap().get(b"Title").unwrap();
    assert_eq!(text_of(title).as_deref(), Some("BÁO CÁO"));
}

#[test]
fn a_table_over_pages_has_its_header_cells_once_and_rows_of_equal_width() {
    let r = render(&fixture("all-blocks.json"));
    let table = r
        .doc
        .blocks
        .iter()
        .find_map(|b| match b {
            vanban::doc::Block::Table(t) if t.rows.len() > 30 => Some(t),
            _ => None,
        })
        .expect("all-blocks has a long table");
    // It spans pages, so its header is drawn more than once…
    let drawn = r
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(|(_, i)| matches!(i, Item::Text(t) if t.role == Role::TableHeader))
        .count();
    let header_items = table.header.len();
    assert!(drawn > header_items, "the header repeats: {drawn}");
    // …and read once: the repeats are artifacts.
    let els = all(r.pdf());
    let th: Vec<_> = els.iter().filter(|(k, ..)| k == "TH").collect();
    let tables = els.iter().filter(|(k, ..)| k == "Table").count();
    let all_header_cells: usize = r
        .doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            vanban::doc::Block::Table(t) => Some(t.header.len()),
            _ => None,
        })
        .sum();
    assert_eq!(th.len(), all_header_cells, "{tables} tables");
    assert!(
        th.iter()
            .all(|(.., scope)| scope.as_deref() == Some("Column")),
        "{th:?}"
    );
    let (tree, _) = structure(r.pdf());
    let widths: Vec<Vec<usize>> = kids_of(&tree, "Table")
        .into_iter()
        .map(|rows| {
            rows.iter()
                .filter_map(|row| match row {
                    Read::Elem { kind, kids, .. } if kind == "TR" => Some(kids.len()),
                    _ => None,
                })
                .collect()
        })
        .collect();
    assert_eq!(widths.len(), tables);
    for w in widths {
        assert!(w.iter().all(|&n| n == w[0]), "rows of one table: {w:?}");
    }
}

#[test]
fn lists_figures_fields_language_and_title_are_tagged() {
    let r = render(&fixture("electronic-copy.json"));
    let els = all(r.pdf());
    let kinds: BTreeSet<&str> = els.iter().map(|(k, ..)| k.as_str()).collect();
    for k in ["Document", "Div", "P", "Figure", "Form"] {
        assert!(kinds.contains(k), "{k} in {kinds:?}");
    }
    let figures: Vec<&String> = els
        .iter()
        .filter(|(k, ..)| k == "Figure")
        .filter_map(|(_, _, alt, _)| alt.as_ref())
        .collect();
    let images = r
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(|(_, i)| matches!(i, Item::Image(_)))
        .count();
    assert_eq!(
        figures.len(),
        images,
        "every image is a figure with alt text"
    );
    assert!(
        figures.iter().any(|a| a.starts_with("Chữ ký của")),
        "{figures:?}"
    );
    assert!(
        figures.iter().any(|a| a.starts_with("Con dấu")),
        "{figures:?}"
    );
    // Each signature widget is its Form element's only child, and its
    // /StructParent leads back to that element through the parent tree.
    let (tree, doc) = structure(r.pdf());
    let found: Vec<Vec<ObjectId>> = kids_of(&tree, "Form")
        .into_iter()
        .map(|kids| {
            kids.iter()
                .map(|k| match k {
                    Read::Objr(id) => *id,
                    other => panic!("a Form holds only its widget: {other:?}"),
                })
                .collect()
        })
        .collect();
    let signers = r
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(|(_, i)| matches!(i, Item::SignField(_)))
        .count();
    assert_eq!(found.len(), signers);
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .unwrap()
        .as_reference()
        .unwrap();
    let root = doc.get_dictionary(root).unwrap();
    let nums = dict(&doc, root.get(b"ParentTree").unwrap())
        .unwrap()
        .get(b"Nums")
        .unwrap()
        .as_array()
        .unwrap();
    let parents: BTreeMap<i64, &Object> = nums
        .chunks(2)
        .map(|p| (p[0].as_i64().unwrap(), &p[1]))
        .collect();
    for widgets in &found {
        assert_eq!(widgets.len(), 1);
        let w = doc.get_dictionary(widgets[0]).unwrap();
        assert_eq!(w.get(b"FT").unwrap().as_name().unwrap(), b"Sig");
        let key = w.get(b"StructParent").unwrap().as_i64().unwrap();
        let form = parents[&key].as_reference().unwrap();
        let s = doc
            .get_dictionary(form)
            .unwrap()
            .get(b"S")
            .unwrap()
            .as_name()
            .unwrap();
        assert_eq!(s, b"Form");
    }
    // The language, and the title shown in the window.
    let catalog = doc.catalog().unwrap();
    assert_eq!(
        text_of(catalog.get(b"Lang").unwrap()).as_deref(),
        Some("vi-VN")
    );
    let prefs = dict(&doc, catalog.get(b"ViewerPreferences").unwrap()).unwrap();
    assert_eq!(
        prefs.get(b"DisplayDocTitle").unwrap(),
        &Object::Boolean(true)
    );
    // A list: L of LI, each a label and a body.
    let r = render(&fixture("all-blocks.json"));
    let els = all(r.pdf());
    let count = |k: &str| els.iter().filter(|(e, ..)| e == k).count();
    assert!(count("L") > 0);
    assert_eq!(count("LI"), count("Lbl"));
    assert_eq!(count("LI"), count("LBody"));
}

#[test]
fn every_paragraph_is_marked_on_the_page_once_in_the_structure() {
    // The typesetter numbers paragraphs as the structure walks them: every
    // number drawn is one the structure has, and every paragraph the
    // structure has is drawn (an empty one with an empty mark).
    for f in fixtures() {
        let r = render(&f);
        let tree = vanban::pdf::structure(&r.doc);
        let drawn: BTreeSet<u32> = r
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|(_, i)| match i {
                Item::Text(t) => match t.mark {
                    Mark::Para(n) | Mark::Label(n) => Some(n),
                    Mark::Artifact => None,
                },
                _ => None,
            })
            .collect();
        let want: BTreeSet<u32> = (0..tree.paras).collect();
        assert_eq!(drawn, want, "{}", f.display());
        // Page numbers are artifacts.
        for (_, i) in r.pages.iter().flat_map(|p| &p.items) {
            if let Item::Text(t) = i
                && t.role == Role::PageNumber
            {
                assert_eq!(t.mark, Mark::Artifact);
            }
        }
    }
}

#[test]
fn the_pdf_standard_is_a_comma_list() {
    assert_eq!(PdfStandard::parse("a-2a,ua-1"), Ok(PdfStandard::TAGGED));
    assert_eq!(PdfStandard::parse(" UA-1 , A-2A "), Ok(PdfStandard::TAGGED));
    assert_eq!(PdfStandard::parse("a-2b"), Ok(PdfStandard::A2b));
    assert_eq!(PdfStandard::parse("none"), Ok(PdfStandard::None));
    assert_eq!(PdfStandard::TAGGED.names(), "a-2a,ua-1");
    assert_eq!(PdfStandard::default_for(true).names(), "a-3a,ua-1");
    for bad in ["a-2b,a-3b", "none,ua-1", "pdf/a", ""] {
        assert!(PdfStandard::parse(bad).is_err(), "{bad}");
    }
    // And on the command line.
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args([
            "render",
            "--pdf-standard",
            "a-2b,a-3b",
            "--format",
            "pdf",
            "-o",
        ])
        .arg(dir.path())
        .arg(fixture("minimal.json"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("two PDF/A levels"));
}
