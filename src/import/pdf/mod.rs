//! The PDF reader: a PDF's text layer, with positions and fonts, as a
//! [`Source`] — paragraphs with bold/italic runs, the header's and the
//! closing's two columns as unruled two-cell rows, ruled tables from the
//! drawn cell rules, a page break between pages; the signing stamp, page
//! numbers and `(Đã ký)` notes left out and reported.
//!
//! Crate choice (measured on the shared agency PDFs, release builds;
//! details in the integration report):
//!
//! | crate | Vietnamese text | glyph positions / font | paths | 4-page signed PDF | new crates | licence |
//! |---|---|---|---|---|---|---|
//! | **hayro-interpret 0.9** | right (ToUnicode; no `ƣ`, no lost marks) | yes / PostScript name, weight, italic (embedded fonts) | yes (device callback) | 60 ms | 17 | MIT/Apache-2.0 |
//! | pdf-extract 0.12 | right (same words as poppler) | positions, no font name (no bold) | stroke/fill callbacks | 36 ms | 21 (a second lopdf, 0.42) | MIT |
//! | pdf (pdf-rs) 0.10 | interpret yourself | — | — | — | 32 | MIT |
//! | pdf_oxide 0.3 | not built: 140 crates | | | | 32 | MIT/Apache-2.0 |
//! | lopdf 0.47 (have) | interpret content streams and CMaps by hand | | | | 0 | MIT |
//!
//! hayro (by krilla's author, actively kept) interprets content streams,
//! fonts and CMaps and hands each glyph with its transform and Unicode
//! text to a device, and each path; the reader is that device
//! ([`extract`]) and the geometry on top ([`geometry`], [`tables`],
//! [`leftout`], [`layout`]).
//!
//! Bounds (hostile files): at most [`MAX_PAGES`] pages and
//! [`extract::MAX_GLYPHS`] glyphs are read; before hayro sees the file,
//! every stream in it is decoded through its whole filter chain into a
//! counter and a file that would decode past [`Limits::max_unpacked_bytes`]
//! in total (a deflate or LZW bomb, behind any filters), holds more than
//! [`Limits::max_source_objects`] streams, or more pages or page-tree kids
//! than four times [`Limits::max_pages`], is refused — neither hayro nor
//! lopdf caps decoding (the scan is `vanban extract`'s too:
//! `crate::pdf::extract::check_streams`). hayro bounds its own reference
//! chains; a panic inside it is caught and reported as an unreadable file.

mod extract;
mod geometry;
mod layout;
mod leftout;
mod tables;

use std::panic::{AssertUnwindSafe, catch_unwind};

use hayro_interpret::{Context, InterpreterCache, InterpreterSettings, interpret_page};
use hayro_syntax::{LoadPdfError, Pdf};
use kurbo::Affine;

use super::source::{Break, Source, SourceBlock};
use super::structure::Warning;
use crate::error::{Error, Result};
use crate::input::Limits;

/// Most pages read.
pub const MAX_PAGES: usize = 2_000;
/// Reads a PDF's text layer, with the default [`Limits`].
pub fn read(bytes: &[u8]) -> Result<Source> {
    read_with(bytes, &Limits::default())
}

/// Reads a PDF's text layer within `limits`.
pub fn read_with(bytes: &[u8], limits: &Limits) -> Result<Source> {
    crate::pdf::extract::check_streams(bytes, limits, |d| Error::Import(d.to_string().into()))?;
    let pages = catch_unwind(AssertUnwindSafe(|| extract_pages(bytes)))
        .map_err(|_| Error::Import(crate::msg!("import-pdf-malformed")))??;
    let ink: usize = pages
        .iter()
        .map(|p| p.glyphs.iter().filter(|g| !g.is_space()).count())
        .sum();
    if ink == 0 {
        let images: usize = pages.iter().map(|p| p.images).sum();
        return Err(Error::Import(if images > 0 {
            crate::msg!("import-pdf-scanned", count = pages.len())
        } else {
            crate::msg!("import-pdf-no-text", count = pages.len())
        }));
    }
    let mut source = Source::default();
    let mut number = 0;
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            source.blocks.push(SourceBlock::Break(Break {
                landscape: page.width > page.height,
                section: false,
            }));
        }
        if page.images > 0 && page.glyphs.iter().all(|g| g.is_space()) {
            source.warnings.push(Warning::new(
                number + 1,
                crate::msg!("import-warn-image-page", page = i + 1),
            ));
        }
        source.blocks.extend(layout::page_blocks(
            page,
            i + 1,
            &mut number,
            &mut source.left_out,
        ));
    }
    check_vietnamese(&source)?;
    Ok(source)
}

/// Every page's glyphs, rules and images.
fn extract_pages(bytes: &[u8]) -> Result<Vec<extract::PageContent>> {
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| {
        Error::Import(match e {
            LoadPdfError::Decryption(d) => {
                crate::msg!("import-pdf-encrypted", reason = format!("{d:?}"))
            }
            LoadPdfError::Invalid => crate::msg!("import-pdf-broken"),
        })
    })?;
    let pages = pdf.pages();
    if pages.len() > MAX_PAGES {
        return Err(Error::Import(crate::msg!(
            "import-pdf-too-many-pages",
            count = pages.len(),
            max_pages = MAX_PAGES
        )));
    }
    let cache = InterpreterCache::new();
    let mut out = Vec::with_capacity(pages.len());
    let mut budget = extract::MAX_GLYPHS;
    for page in pages.iter() {
        let cb = page.intersected_crop_box();
        // PDF space (y up, origin anywhere) to the page's top left.
        let flip = Affine::new([1.0, 0.0, 0.0, -1.0, -cb.x0, cb.y1]);
        let mut ctx = Context::new(
            Affine::IDENTITY,
            kurbo::Rect::new(cb.x0, cb.y0, cb.x1, cb.y1),
            &cache,
            pdf.xref(),
            InterpreterSettings::default(),
        );
        let mut dev = extract::Collector {
            page: extract::PageContent {
                width: cb.width(),
                height: cb.height(),
                ..Default::default()
            },
            flip,
            budget,
        };
        interpret_page(page, &mut ctx, &mut dev);
        budget = dev.budget;
        out.push(dev.page);
        if budget == 0 {
            return Err(Error::Import(crate::msg!(
                "import-pdf-too-many-glyphs",
                max = extract::MAX_GLYPHS,
                page = out.len()
            )));
        }
    }
    Ok(out)
}

/// Refuses a text layer that is not Vietnamese (an OCR run in the wrong
/// language, or a font without a Unicode map): fewer than a third of its
/// words with letters outside ASCII read as Vietnamese syllables, or
/// almost no such words at all. An error rather than a warning: repairing
/// garbage would hand recognition garbage that still validates.
fn check_vietnamese(source: &Source) -> Result<()> {
    let mut text = String::new();
    for b in &source.blocks {
        collect_text(b, &mut text);
    }
    let (words, vietnamese, syllables) = super::legacy::syllable_counts(&text);
    if words < 20 {
        return Ok(());
    }
    if syllables * 3 < vietnamese || vietnamese * 5 < words {
        return Err(Error::Import(crate::msg!(
            "import-pdf-not-vietnamese",
            syllables = syllables,
            words = words
        )));
    }
    Ok(())
}

fn collect_text(b: &SourceBlock, out: &mut String) {
    match b {
        SourceBlock::Para(p) => {
            out.push_str(&p.text());
            out.push('\n');
        }
        SourceBlock::Table(t) => {
            for p in t.rows.iter().flatten().flat_map(|c| &c.paras) {
                out.push_str(&p.text());
                out.push('\n');
            }
        }
        SourceBlock::Break(_) => {}
    }
}

#[cfg(test)]
mod dump {
    #[test]
    #[ignore = "a look at a file's Source: VANBAN_PDF_DUMP=file.pdf"]
    fn dump() {
        let path = std::env::var("VANBAN_PDF_DUMP").unwrap();
        let s = super::read(&std::fs::read(path).unwrap()).unwrap();
        for b in &s.blocks {
            match b {
                super::SourceBlock::Para(p) => println!(
                    "P{} {:?} ind={} gap={} {:?}",
                    p.line,
                    p.align,
                    p.indented,
                    p.gap,
                    p.runs
                        .iter()
                        .map(|r| format!(
                            "{}{}{}",
                            if r.bold { "*" } else { "" },
                            if r.italic { "/" } else { "" },
                            r.text
                        ))
                        .collect::<Vec<_>>()
                ),
                super::SourceBlock::Table(t) => {
                    println!("T{} ruled={}", t.line, t.ruled);
                    for row in &t.rows {
                        for c in row {
                            println!(
                                "  | span={} up={} {:?}",
                                c.span,
                                c.merged_up,
                                c.paras.iter().map(|p| p.text()).collect::<Vec<_>>()
                            );
                        }
                        println!("  --");
                    }
                }
                super::SourceBlock::Break(b) => println!("BREAK {b:?}"),
            }
        }
    }
}
