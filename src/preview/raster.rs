//! PNG previews: the page rasterised with tiny-skia (anti-aliased, on white)
//! and encoded with the `png` crate.

use tiny_skia::{
    FillRule, FilterQuality, IntSize, Paint, PathBuilder, Pixmap, PixmapPaint, Rect, Transform,
};

use super::outline::{Faces, Sink};
use crate::doc::Picture;
use crate::error::{Error, Result};
use crate::pdf::{Item, Page};
use crate::text::FontSet;

/// `page` as a PNG file at `dpi` dots per inch (10 to 600, at most
/// [`super::MAX_PIXELS`] pixels): white paper, black text and rules, the
/// images with their transparency. Its `pHYs` chunk gives the resolution.
pub fn png(page: &Page, fonts: &FontSet, dpi: f32) -> Result<Vec<u8>> {
    let (w, h) = super::pixel_size(page, dpi)?;
    let mut pixmap = Pixmap::new(w, h)
        .ok_or_else(|| Error::Preview(crate::msg!("preview-picture-size", w = w, h = h)))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let faces = Faces::new(fonts)?;
    let page_to_pixels = Transform::from_scale(dpi / 72.0, dpi / 72.0);
    let black = Paint::default();
    for (at, item) in &page.items {
        match item {
            Item::Text(t) => {
                let mut path = PathSink(PathBuilder::new());
                if faces.text(*at, t, &mut path)
                    && let Some(p) = path.0.finish()
                {
                    pixmap.fill_path(&p, &black, FillRule::Winding, page_to_pixels, None);
                }
            }
            Item::Rule(r) => {
                if let Some(rect) = rule_rect(at.x, at.y, r.width, r.height, dpi / 72.0) {
                    pixmap.fill_rect(rect, &black, Transform::identity(), None);
                }
            }
            Item::Image(i) => {
                let image = decode(&i.picture)?;
                let (iw, ih) = (image.width() as f32, image.height() as f32);
                if !(i.width > 0.0 && i.height > 0.0) {
                    continue;
                }
                let place = page_to_pixels
                    .pre_translate(at.x, at.y)
                    .pre_scale(i.width / iw, i.height / ih);
                let paint = PixmapPaint {
                    quality: FilterQuality::Bicubic,
                    ..PixmapPaint::default()
                };
                pixmap.draw_pixmap(0, 0, image.as_ref(), &paint, place, None);
            }
            // Invisible on the printed page, and so in its preview.
            Item::SignField(_) => {}
        }
    }
    encode(&pixmap, dpi)
}

/// A rule's rectangle in pixels: a side thinner than a pixel is drawn one
/// pixel thick on the pixel row (column) holding its middle, as PDF viewers
/// draw hairlines (poppler's stroke adjustment), instead of a faint grey.
fn rule_rect(x: f32, y: f32, w: f32, h: f32, scale: f32) -> Option<Rect> {
    let snap = |start: f32, len: f32| {
        let (start, len) = (start * scale, len * scale);
        if len < 1.0 {
            ((start + len / 2.0).floor(), 1.0)
        } else {
            (start, len)
        }
    };
    let (x, w) = snap(x, w);
    let (y, h) = snap(y, h);
    Rect::from_xywh(x, y, w, h)
}

/// The page's pixels (all opaque: the paper is white) as an RGB PNG.
fn encode(pixmap: &Pixmap, dpi: f32) -> Result<Vec<u8>> {
    let rgb: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect();
    let failed = |e: png::EncodingError| {
        Error::Preview(crate::msg!("preview-png-write", reason = e.to_string()))
    };
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Pixels per metre, so that viewers show the page at its size.
        let ppm = (f64::from(dpi) / 0.0254).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: ppm,
            yppu: ppm,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder.write_header().map_err(failed)?;
        writer.write_image_data(&rgb).map_err(failed)?;
        writer.finish().map_err(failed)?;
    }
    Ok(out)
}

/// A picture's PNG decoded to premultiplied RGBA (8 bits a channel), as
/// tiny-skia draws it. The picture was decoded once already when the input
/// was read (and held to the image limits), so this only fails on a bug.
fn decode(picture: &Picture) -> Result<Pixmap> {
    let failed = |what: String| {
        Error::Preview(crate::msg!(
            "preview-image-undrawable",
            image = &picture.source,
            reason = what
        ))
    };
    let mut decoder = png::Decoder::new(std::io::Cursor::new(&picture.data[..]));
    decoder.set_limits(png::Limits { bytes: 256 << 20 });
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| failed(e.to_string()))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| failed("it is too large".into()))?;
    let mut buf = vec![0; size];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| failed(e.to_string()))?;
    let pixels = buf.get(..info.buffer_size()).unwrap_or(&[]);
    let rgba: Vec<u8> = match info.color_type {
        png::ColorType::Rgba => pixels
            .chunks_exact(4)
            .flat_map(|p| premultiply(p.first(), p.get(1), p.get(2), p.get(3)))
            .collect(),
        png::ColorType::Rgb => pixels
            .chunks_exact(3)
            .map(|p| [p.first(), p.get(1), p.get(2)].map(|c| c.copied().unwrap_or(0)))
            .flat_map(|[r, g, b]| [r, g, b, 255])
            .collect(),
        png::ColorType::GrayscaleAlpha => pixels
            .chunks_exact(2)
            .flat_map(|p| premultiply(p.first(), p.first(), p.first(), p.get(1)))
            .collect(),
        png::ColorType::Grayscale => pixels.iter().flat_map(|&v| [v, v, v, 255]).collect(),
        png::ColorType::Indexed => return Err(failed("its palette was not expanded".into())),
    };
    let size = IntSize::from_wh(info.width, info.height)
        .ok_or_else(|| failed(format!("it is {}×{} pixels", info.width, info.height)))?;
    Pixmap::from_vec(rgba, size).ok_or_else(|| failed("its pixels do not fill it".into()))
}

/// One pixel's channels premultiplied by its alpha.
fn premultiply(r: Option<&u8>, g: Option<&u8>, b: Option<&u8>, a: Option<&u8>) -> [u8; 4] {
    let a = a.copied().unwrap_or(255);
    let mul = |c: Option<&u8>| {
        // Rounded (c·a + 127) / 255: at most 255, so it fits a u8.
        ((u16::from(c.copied().unwrap_or(0)) * u16::from(a) + 127) / 255) as u8
    };
    [mul(r), mul(g), mul(b), a]
}

/// Glyph outlines into a tiny-skia path.
struct PathSink(PathBuilder);

impl Sink for PathSink {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}
