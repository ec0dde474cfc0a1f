//! Previews of typeset pages, drawn from vanban's own page model
//! ([`pdf::Page`]) with no external program: PNG through tiny-skia
//! ([`png`]), SVG as text ([`svg`]).
//!
//! Both draw exactly what the PDF writer writes: every text run as the
//! filled outlines of the glyphs the PDF embeds (same faces, glyph ids,
//! advances, offsets and size, in black as the PDF's default fill), rules
//! as filled rectangles, images (the PNG the page holds, with its alpha)
//! scaled to their box, on a white page. Signature fields, invisible on the
//! printed page, draw nothing. The same page gives the same bytes.

mod outline;
mod raster;
mod svg;

use crate::engine::{Engine, RenderOptions};
use crate::error::{Error, Result};
use crate::pdf::{self, Page};
use crate::text::FontSet;

pub use raster::png;
pub use svg::svg;

/// The lowest resolution a PNG preview may ask for, in dots per inch.
pub const MIN_DPI: f32 = 10.0;
/// The highest resolution a PNG preview may ask for, in dots per inch.
pub const MAX_DPI: f32 = 600.0;
/// The most pixels one PNG preview may have (A4 at 600 dpi has 34.8 M;
/// an A3 page at 600 dpi, 69.6 M, is refused): about 200 MB of memory.
pub const MAX_PIXELS: u64 = 50_000_000;

/// What a preview is drawn as.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Format {
    /// A PNG image at `dpi` dots per inch ([`MIN_DPI`] to [`MAX_DPI`]).
    Png {
        /// Resolution, in dots per inch.
        dpi: f32,
    },
    /// An SVG image, in points (1/72 inch).
    Svg,
}

/// The size in pixels of `page` at `dpi`, refused with an error naming the
/// limit when the resolution or the pixel count is over it.
pub fn pixel_size(page: &Page, dpi: f32) -> Result<(u32, u32)> {
    check_dpi(dpi)?;
    let scale = f64::from(dpi) / 72.0;
    let (w, h) = (f64::from(page.width), f64::from(page.height));
    if !(w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0) {
        return Err(Error::Preview(crate::msg!(
            "preview-page-size",
            w = w.to_string(),
            h = h.to_string()
        )));
    }
    // Rounded up to whole pixels, as poppler's pdftoppm sizes its pages
    // (A4 at 80 dpi: 662×936); a hair over a whole number is that number.
    let up = |v: f64| (v - 1e-6).ceil().max(1.0);
    let (wp, hp) = (up(w * scale), up(h * scale));
    let pixels = wp * hp;
    if pixels > MAX_PIXELS as f64 {
        return Err(Error::Preview(crate::msg!(
            "preview-too-many-pixels",
            wp = wp.to_string(),
            hp = hp.to_string(),
            pixels = pixels.to_string(),
            dpi = dpi.to_string(),
            max_pixels = MAX_PIXELS
        )));
    }
    // Both are at most MAX_PIXELS, so they fit a u32.
    Ok((wp as u32, hp as u32))
}

/// Refuses a resolution outside [`MIN_DPI`]–[`MAX_DPI`] (or not a number).
pub fn check_dpi(dpi: f32) -> Result<()> {
    if dpi.is_finite() && (MIN_DPI..=MAX_DPI).contains(&dpi) {
        Ok(())
    } else {
        Err(Error::Preview(crate::msg!(
            "preview-bad-dpi",
            dpi = dpi.to_string(),
            min_dpi = MIN_DPI.to_string(),
            max_dpi = MAX_DPI.to_string()
        )))
    }
}

impl Engine {
    /// Typesets a document into pages as [`Engine::render_with`] would for
    /// its PDF (same fonts, layout, images and page limit), without writing
    /// the PDF: what previews are drawn from.
    pub fn pages(&self, json: &[u8], file: &str, options: &RenderOptions) -> Result<Vec<Page>> {
        let input = self.check(json, file)?;
        let doc = self.compose_for(&input, file, options)?;
        pdf::typeset_within(&doc, self.fonts(), self.limits().max_pages, file)
    }

    /// One page of a document (`page_index` from 0) as a PNG or SVG file's
    /// bytes, typesetting it once; a page the document does not have is an
    /// error naming its page count.
    pub fn preview(
        &self,
        json: &[u8],
        file: &str,
        options: &RenderOptions,
        page_index: usize,
        format: Format,
    ) -> Result<Vec<u8>> {
        // A bad resolution is refused before any work.
        if let Format::Png { dpi } = format {
            check_dpi(dpi)?;
        }
        let pages = self.pages(json, file, options)?;
        let page = page_of(&pages, page_index)?;
        draw(page, self.fonts(), format)
    }
}

/// The page at `index` (from 0), or an error naming the page count.
pub fn page_of(pages: &[Page], index: usize) -> Result<&Page> {
    pages.get(index).ok_or_else(|| {
        Error::Preview(crate::msg!(
            "preview-no-such-page",
            page = index.saturating_add(1),
            count = pages.len()
        ))
    })
}

/// `page` drawn as `format`: the file's bytes.
pub fn draw(page: &Page, fonts: &FontSet, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::Png { dpi } => png(page, fonts, dpi),
        Format::Svg => svg(page, fonts).map(String::into_bytes),
    }
}
