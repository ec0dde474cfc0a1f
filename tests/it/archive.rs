//! Issue 5: PDF/A in every standard offered (checked by veraPDF), the
//! attached source and `extract`, the signature fields, the images.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::Object;
use vanban::doc::{ImageKind, Role};
use vanban::pdf::{Item, Page, SignField};
use vanban::{Formats, PdfOptions, PdfStandard, RenderOptions};

use crate::support::*;

/// A render mode of the issue: standard, attachment, signature fields.
#[derive(Debug, Clone, Copy)]
struct Mode {
    name: &'static str,
    flavour: &'static str,
    pdf: PdfOptions,
}

const MODES: [Mode; 4] = [
    Mode {
        name: "a2b",
        flavour: "2b",
        pdf: PdfOptions {
            standard: PdfStandard::A2b,
            attach_source: false,
            sign_fields: true,
        },
    },
    Mode {
        name: "a2b-nofield",
        flavour: "2b",
        pdf: PdfOptions {
            standard: PdfStandard::A2b,
            attach_source: false,
            sign_fields: false,
        },
    },
    Mode {
        name: "a3b-source",
        flavour: "3b",
        pdf: PdfOptions {
            standard: PdfStandard::A3b,
            attach_source: true,
            sign_fields: true,
        },
    },
    Mode {
        name: "a2u",
        flavour: "2u",
        pdf: PdfOptions {
            standard: PdfStandard::A2u,
            attach_source: false,
            sign_fields: true,
        },
    },
];

fn options(pdf: PdfOptions, formats: Formats) -> RenderOptions {
    RenderOptions {
        formats,
        pdf,
        assets_dir: None,
        images_root: None,
    }
}

fn render_mode(path: &Path, pdf: PdfOptions, formats: Formats) -> vanban::Rendered {
    let json = std::fs::read(path).unwrap();
    engine()
        .render_with(&json, &path.display().to_string(), &options(pdf, formats))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_fixture_passes_verapdf_in_each_standard_offered() {
    needs!(Java, Venv);
    let dir = tempfile::tempdir().unwrap();
    let mut by_flavour: BTreeMap<&str, Vec<PathBuf>> = BTreeMap::new();
    for mode in MODES {
        for f in fixtures() {
            let r = render_mode(&f, mode.pdf, Formats::PDF);
            let stem = f.file_stem().unwrap().to_string_lossy();
            let out = dir.path().join(format!("{stem}.{}.pdf", mode.name));
            std::fs::write(&out, r.pdf()).unwrap();
            by_flavour.entry(mode.flavour).or_default().push(out);
        }
    }
    let mut failures = Vec::new();
    for (flavour, files) in &by_flavour {
        for v in verapdf(flavour, files) {
            if v["compliant"] != true {
                failures.push(v.to_string());
            }
        }
    }
    assert!(failures.is_empty(), "not PDF/A:\n{}", failures.join("\n"));
    // The harness can fail: a plain PDF is not PDF/A-2b.
    let plain = render_mode(
        &fixture("minimal.json"),
        PdfOptions {
            standard: PdfStandard::None,
            ..PdfOptions::default()
        },
        Formats::PDF,
    );
    let (_d, p) = temp_pdf(plain.pdf());
    assert_eq!(verapdf("2b", &[p])[0]["compliant"], false);
}

/// The `/Sig` widgets of a PDF: (page index, rect, name, tooltip).
fn sig_widgets(pdf: &[u8]) -> Vec<(usize, [f32; 4], String)> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut out = Vec::new();
    for (n, (_, page_id)) in doc.get_pages().into_iter().enumerate() {
        let page = doc.get_dictionary(page_id).unwrap();
        let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) else {
            continue;
        };
        for a in annots {
            let a = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            if a.get(b"FT").and_then(Object::as_name).ok() != Some(b"Sig") {
                continue;
            }
            // Print set; Invisible, Hidden, NoView, ToggleNoView clear.
            assert_eq!(
                a.get(b"F").unwrap().as_i64().unwrap() & (1 | 2 | 4 | 32 | 256),
                4
            );
            assert!(a.get(b"AP").unwrap().as_dict().unwrap().has(b"N"));
            let r: Vec<f32> = a
                .get(b"Rect")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_float().unwrap())
                .collect();
            let name = String::from_utf8_lossy(a.get(b"T").unwrap().as_str().unwrap()).into();
            out.push((n, [r[0], r[1], r[2], r[3]], name));
        }
    }
    out
}

/// The text items of `role` on a page with their baseline and extent.
fn role_items(page: &Page, role: Role) -> Vec<(f32, f32, f32, f32)> {
    texts(page)
        .filter(|(_, t)| t.role == role)
        .map(|(p, t)| (p.x, p.y, t.width, t.size))
        .collect()
}

#[test]
fn one_signature_field_per_signer_between_position_and_name() {
    needs!(Poppler, Qpdf);
    for f in fixtures() {
        let r = render(&f);
        let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
        let signers = usize::from(json.get("signature").is_some())
            + json
                .get("signatures")
                .and_then(|s| s.as_array())
                .map_or(0, Vec::len);
        // qpdf, independently of lopdf: one /Sig field per signer.
        let q = poppler("qpdf", &["--json", "--json-key=acroform"], r.pdf());
        let q: serde_json::Value = serde_json::from_str(&q).unwrap();
        let fields = q["acroform"]["fields"].as_array().unwrap();
        assert_eq!(fields.len(), signers, "{}", f.display());
        assert!(fields.iter().all(|x| x["fieldtype"] == "/Sig"));
        let widgets = sig_widgets(r.pdf());
        assert_eq!(widgets.len(), signers, "{}", f.display());
        for (k, (n, rect, name)) in widgets.iter().enumerate() {
            assert_eq!(name, &format!("Signature{}", k + 1));
            let page = &r.pages[*n];
            let [x1, y1, x2, y2] = *rect;
            // Top-down coordinates of the field.
            let (top, bottom) = (page.height - y2, page.height - y1);
            // Its signer's position line above and name below, in its column.
            let inside = |x: f32, w: f32| x >= x1 - 0.5 && x + w <= x2 + 0.5;
            let positions: Vec<_> = role_items(page, Role::SignPosition)
                .into_iter()
                .filter(|&(x, _, w, _)| inside(x, w))
                .collect();
            let names: Vec<_> = role_items(page, Role::SignName)
                .into_iter()
                .filter(|&(x, _, w, _)| inside(x, w))
                .collect();
            assert!(
                !positions.is_empty() && !names.is_empty(),
                "{}: field {k} is not in a signer's column",
                f.display()
            );
            let (_, pos_base, _, pos_size) =
                positions
                    .iter()
                    .copied()
                    .fold(
                        (0.0, f32::MIN, 0.0, 0.0),
                        |a, b| if b.1 > a.1 { b } else { a },
                    );
            let (_, name_base, _, name_size) = names[0];
            // Below the position's descenders, above the name's ascenders.
            assert!(
                top >= pos_base + 0.2 * pos_size,
                "{}: {top} vs {pos_base}",
                f.display()
            );
            assert!(bottom <= name_base - 0.7 * name_size, "{}", f.display());
            // The whole signature space of the layout: 25 mm tall.
            assert!(close(bottom - top, 25.0 * MM, 0.01), "{}", f.display());
        }
    }
}

#[test]
fn no_sign_field_leaves_no_form() {
    let r = render_mode(
        &fixture("bien-ban.json"),
        PdfOptions {
            sign_fields: false,
            ..PdfOptions::default()
        },
        Formats::PDF,
    );
    assert!(sig_widgets(r.pdf()).is_empty());
    let doc = lopdf::Document::load_mem(r.pdf()).unwrap();
    assert!(!doc.catalog().unwrap().has(b"AcroForm"));
}

#[test]
fn extract_returns_the_input_and_rerendering_gives_the_same_bytes() {
    let attach = MODES[2].pdf;
    for f in fixtures() {
        let json = std::fs::read(&f).unwrap();
        let first = render_mode(&f, attach, Formats::ALL);
        let source = vanban::pdf::extract_source(first.pdf()).unwrap();
        assert_eq!(source, json, "{}", f.display());
        // Regenerate from the archived source alone (same folder for images).
        let again = engine()
            .render_with(
                &source,
                &f.display().to_string(),
                &options(attach, Formats::ALL),
            )
            .unwrap();
        assert!(again.pdf == first.pdf, "{}: PDF differs", f.display());
        assert!(again.docx == first.docx, "{}: DOCX differs", f.display());
    }
}

#[test]
fn extract_without_a_source_says_so() {
    let plain = render(&fixture("minimal.json"));
    let e = vanban::pdf::extract_source(plain.pdf())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no attached source") && e.contains("--attach-source"),
        "{e}"
    );
    let e = vanban::pdf::extract_source(b"{\"not\": \"a pdf\"}")
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a readable PDF"), "{e}");
}

#[test]
fn output_is_byte_identical_in_every_mode() {
    for mode in MODES {
        for name in ["electronic-copy.json", "bien-ban.json", "minimal.json"] {
            let a = render_mode(&fixture(name), mode.pdf, Formats::ALL);
            let b = render_mode(&fixture(name), mode.pdf, Formats::ALL);
            assert!(a.pdf == b.pdf && a.docx == b.docx, "{name} {}", mode.name);
        }
    }
}

#[test]
fn attaching_the_source_needs_pdfa_3b() {
    let json = std::fs::read(fixture("minimal.json")).unwrap();
    for standard in [PdfStandard::A2b, PdfStandard::A2u] {
        let o = options(
            PdfOptions {
                standard,
                attach_source: true,
                sign_fields: true,
            },
            Formats::PDF,
        );
        let e = engine()
            .render_with(&json, "m.json", &o)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("PDF/A-3") && e.contains("--pdf-standard a-3a,ua-1"),
            "{e}"
        );
    }
}

fn without_date(extra: &str) -> Vec<u8> {
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("minimal.json")).unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("date");
    if !extra.is_empty() {
        v["metadata"] = serde_json::json!({ "created": extra });
    }
    serde_json::to_vec(&v).unwrap()
}

#[test]
fn pdfa_takes_its_date_from_metadata_the_document_or_the_clock() {
    needs!(Java, Venv);
    // No date at all: PDF/A still renders, dated now (SOURCE_DATE_EPOCH is
    // tried first: see the CLI test), with a note for the user.
    let r = engine()
        .render_as(&without_date(""), "blank.json", Formats::PDF)
        .unwrap();
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
    assert!(r.notes[0].contains("date is blank"), "{:?}", r.notes);
    let (info, _) = info_and_xmp(r.pdf());
    let year: u32 = info["CreationDate"][2..6].parse().unwrap();
    assert!(year >= 2025, "{info:?}");
    let (_d, p) = temp_pdf(r.pdf());
    assert_eq!(verapdf("2b", &[p])[0]["compliant"], true);
    // A dated document has no note.
    assert!(render(&fixture("cong-van.json")).notes.is_empty());
    // Plain PDF renders too.
    let plain = options(
        PdfOptions {
            standard: PdfStandard::None,
            ..PdfOptions::default()
        },
        Formats::PDF,
    );
    assert!(
        engine()
            .render_with(&without_date(""), "b.json", &plain)
            .is_ok()
    );
    // metadata.created is the creation date, in the Info dictionary and XMP.
    let r = engine()
        .render_as(
            &without_date("2024-03-12T16:45:00+07:00"),
            "c.json",
            Formats::PDF,
        )
        .unwrap();
    let (info, xmp) = info_and_xmp(r.pdf());
    assert_eq!(info["CreationDate"], "D:20240312164500+07'00");
    assert!(xmp.contains("2024-03-12T16:45:00+07:00"), "{xmp}");
    // Else the document's date.
    let r = render(&fixture("cong-van.json"));
    let (info, xmp) = info_and_xmp(r.pdf());
    assert_eq!(info["CreationDate"], "D:20240312000000Z");
    assert!(
        xmp.contains(">2024-03-12T00:00:00Z<") || xmp.contains(">2024-03-12<"),
        "{xmp}"
    );
}

/// The Info dictionary's strings and the XMP packet.
fn info_and_xmp(pdf: &[u8]) -> (BTreeMap<String, String>, String) {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let info_ref = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc
        .get_dictionary(info_ref)
        .unwrap()
        .iter()
        .filter_map(|(k, v)| {
            let s = v.as_str().ok()?;
            let text = match s.strip_prefix(&[0xFE, 0xFF]) {
                Some(be) => String::from_utf16(
                    &be.chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect::<Vec<_>>(),
                )
                .unwrap(),
                None => String::from_utf8_lossy(s).into_owned(),
            };
            Some((String::from_utf8_lossy(k).into_owned(), text))
        })
        .collect();
    let meta = doc
        .catalog()
        .unwrap()
        .get(b"Metadata")
        .unwrap()
        .as_reference()
        .unwrap();
    let stream = doc.get_object(meta).unwrap().as_stream().unwrap();
    let xmp = String::from_utf8(
        stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone()),
    )
    .unwrap();
    (info, xmp)
}

#[test]
fn xmp_and_info_agree_on_title_issuer_symbol_date_language() {
    let r = render(&fixture("cong-van.json"));
    let (info, xmp) = info_and_xmp(r.pdf());
    let title = &r.doc.meta.title;
    assert!(title.contains("215/UBND-VP"), "{title}");
    assert_eq!(&info["Title"], title);
    assert_eq!(info["Author"], "UBND phường Lam Sơn");
    assert!(info["Keywords"].starts_with("Số 215/UBND-VP"), "{info:?}");
    for needle in [
        title.as_str(),
        "UBND phường Lam Sơn",
        "Số 215/UBND-VP",
        "vi-VN",
        "pdfaid:part",
    ] {
        let escaped = needle.replace('&', "&amp;");
        assert!(xmp.contains(&escaped), "XMP lacks {needle}: {xmp}");
    }
}

/// The signature field and images of a signer on the page model.
fn sign_space(page: &Page, signer: usize) -> (vanban::pdf::Point, SignField) {
    page.items
        .iter()
        .find_map(|(p, i)| match i {
            Item::SignField(f) if f.signer == signer => Some((*p, f.clone())),
            _ => None,
        })
        .expect("a signature field")
}

fn images(page: &Page) -> Vec<(vanban::pdf::Point, &vanban::pdf::ImageItem)> {
    page.items
        .iter()
        .filter_map(|(p, i)| match i {
            Item::Image(im) => Some((*p, im)),
            _ => None,
        })
        .collect()
}

#[test]
fn signature_image_is_centred_and_the_seal_covers_its_left_third() {
    needs!(Poppler);
    let r = render(&fixture("electronic-copy.json"));
    let page = r.pages.last().unwrap();
    let (at, field) = sign_space(page, 0);
    let ims = images(page);
    assert_eq!(ims.len(), 2);
    let (sp, sig) = ims
        .iter()
        .find(|(_, i)| i.kind == ImageKind::Signature)
        .unwrap();
    let (kp, seal) = ims.iter().find(|(_, i)| i.kind == ImageKind::Seal).unwrap();
    // Centred in the space, inside it.
    assert!(close(
        sp.x + sig.width / 2.0,
        at.x + field.width / 2.0,
        0.01
    ));
    assert!(close(
        sp.y + sig.height / 2.0,
        at.y + field.height / 2.0,
        0.01
    ));
    assert!(sig.height <= field.height + 0.01 && sig.width <= field.width);
    // The seal: its printed size from the PNG's 300 ppi (425 px = 36 mm),
    // its right edge a third into the signature, centred on the same line.
    assert!(
        close(seal.width, 425.0 / 300.0 * 25.4 * MM, 0.1),
        "{}",
        seal.width
    );
    assert!(close(kp.x + seal.width, sp.x + sig.width / 3.0, 0.01));
    assert!(close(
        kp.y + seal.height / 2.0,
        at.y + field.height / 2.0,
        0.01
    ));
    // Both are in the PDF, with their transparency as soft masks.
    let list = poppler("pdfimages", &["-list"], r.pdf());
    let types: Vec<&str> = list
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().nth(2))
        .collect();
    assert_eq!(types, ["image", "smask", "image", "smask"], "{list}");
    // The DOCX has both, floating in the signer's column.
    let docx = r.docx.as_deref().unwrap();
    let names = docx_names(docx);
    assert_eq!(
        names
            .iter()
            .filter(|k| k.starts_with("word/media/"))
            .count(),
        2
    );
    let xml = docx_part(docx, "word/document.xml");
    assert_eq!(xml.matches("<wp:anchor ").count(), 2);
    assert_eq!(
        xml.matches("layoutInCell=\"1\" allowOverlap=\"1\"").count(),
        2
    );
    assert!(xml.contains("<wp:docPr id=\"2\""));
    // The seal's width in the DOCX equals the PDF's (EMU = pt × 12700).
    let seal_emu = (seal.width * 12_700.0).round() as i64;
    assert!(xml.contains(&format!("cx=\"{seal_emu}\"")), "{seal_emu}");
}

#[test]
fn the_seal_goes_to_the_signer_it_names() {
    let r = render(&fixture("bien-ban.json"));
    let page = r.pages.last().unwrap();
    let (right, field) = sign_space(page, 1);
    let seal = images(page)
        .into_iter()
        .find(|(_, i)| i.kind == ImageKind::Seal)
        .unwrap();
    // Default: the last (rightmost) signer; its width as the input says.
    assert!(seal.0.x + seal.1.width > right.x && seal.0.x < right.x + field.width);
    assert!(close(seal.1.width, 34.0 * MM, 0.01));
}

#[test]
fn missing_or_broken_images_are_errors_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.png"),
        b"\x89PNG\r\n\x1a\nnot really",
    )
    .unwrap();
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("minimal.json")).unwrap()).unwrap();
    v["signature"]["image"] = "missing.png".into();
    v["seal"] = serde_json::json!({ "image": "broken.png" });
    let json = serde_json::to_vec(&v).unwrap();
    let file = dir.path().join("doc.json");
    let e = engine()
        .render(&json, &file.display().to_string())
        .unwrap_err();
    let d = e.diagnostics();
    assert_eq!(d.len(), 2, "{e}");
    assert_eq!(d[0].path, "signature.image");
    assert!(d[0].message.contains("missing.png"), "{}", d[0].message);
    assert_eq!(d[1].path, "seal.image");
    assert!(
        d[1].message.contains("not a usable PNG"),
        "{}",
        d[1].message
    );
}

#[test]
fn cli_attaches_and_extracts() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("electronic-copy.json");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(args)
            .output()
            .unwrap()
    };
    let out = dir.path().to_str().unwrap();
    let o = run(&[
        "render",
        input.to_str().unwrap(),
        "-o",
        out,
        "--attach-source",
        "--format",
        "pdf",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = dir.path().join("electronic-copy.pdf");
    let o = run(&["extract", pdf.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(o.stdout, std::fs::read(&input).unwrap());
    let json_out = dir.path().join("back.json");
    let o = run(&[
        "extract",
        pdf.to_str().unwrap(),
        "-o",
        json_out.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert_eq!(
        std::fs::read(json_out).unwrap(),
        std::fs::read(&input).unwrap()
    );
    // A PDF without a source: a clear error naming the file, exit 1.
    let plain = dir.path().join("plain");
    let o = run(&[
        "render",
        input.to_str().unwrap(),
        "-o",
        plain.to_str().unwrap(),
        "--format",
        "pdf",
    ]);
    assert!(o.status.success());
    let o = run(&[
        "extract",
        plain.join("electronic-copy.pdf").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("electronic-copy.pdf") && err.contains("no attached source"),
        "{err}"
    );
    // --pdf-standard a-2b with --attach-source is refused before writing.
    let o = run(&[
        "render",
        input.to_str().unwrap(),
        "-o",
        out,
        "--attach-source",
        "--pdf-standard",
        "a-2b",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("PDF/A-3"));
}
