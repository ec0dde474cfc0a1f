//! What a signature shows: the signer's image, the seal over its left third,
//! an attachment's lines of text — each a form XObject (`/AP /N` of the
//! signature's widget), Flate-compressed, with nothing PDF/A forbids: images
//! are 8-bit DeviceRGB or DeviceGray with their alpha as an `/SMask`, and text
//! is drawn as the glyph outlines of the built-in font (filled paths), since
//! no font may be used unembedded.

use std::io::Write;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::error::{Error, Result};
use crate::input::Limits;
use crate::picture::Picture;

mod text;

pub use text::{TextBlock, text_block};

/// A PNG image checked and decoded: its size and its pixels as PDF wants
/// them.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// Pixels per inch from the PNG, when it gives one.
    pub ppi: Option<f32>,
    /// `true`: three samples a pixel (DeviceRGB); `false`: one (DeviceGray).
    rgb: bool,
    /// The colour samples, 8-bit, row after row.
    color: Vec<u8>,
    /// The alpha samples, 8-bit, when the PNG has any transparency.
    alpha: Option<Vec<u8>>,
}

impl Image {
    /// Checks and decodes PNG bytes; `image` says which image it is in
    /// errors: `"seal"` (the seal image), else the signature image.
    pub fn from_png(png_bytes: &[u8], image: &'static str) -> Result<Self> {
        let image = if image == "seal" { "seal" } else { "signature" };
        let what = if image == "seal" {
            "the seal image"
        } else {
            "the signature image"
        };
        let picture =
            Picture::from_png(png_bytes.to_vec(), what, &Limits::default()).map_err(|d| {
                Error::Sign(crate::msg!(
                    "sign-image-not-png",
                    image = image,
                    reason = format!(
                        "{}{}",
                        d.message,
                        d.hint.map(|h| format!(" ({h})")).unwrap_or_default()
                    )
                ))
            })?;
        let broken = |_| Error::Sign(crate::msg!("sign-image-undecodable", image = image));
        let mut decoder = png::Decoder::new(std::io::Cursor::new(picture.data.as_slice()));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        decoder.set_limits(png::Limits { bytes: 64 << 20 });
        let mut reader = decoder.read_info().map_err(broken)?;
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| Error::Sign(crate::msg!("sign-image-too-large", image = image)))?;
        let mut buf = vec![0; size];
        let info = reader.next_frame(&mut buf).map_err(broken)?;
        buf.truncate(info.buffer_size());
        let (rgb, channels, has_alpha) = match info.color_type {
            png::ColorType::Grayscale => (false, 1, false),
            png::ColorType::GrayscaleAlpha => (false, 2, true),
            png::ColorType::Rgb => (true, 3, false),
            png::ColorType::Rgba => (true, 4, true),
            png::ColorType::Indexed => {
                return Err(Error::Sign(crate::msg!(
                    "sign-image-palette",
                    image = image
                )));
            }
        };
        let colors = if rgb { 3 } else { 1 };
        let pixels = buf.len() / channels;
        let mut color = Vec::with_capacity(pixels * colors);
        let mut alpha = Vec::with_capacity(if has_alpha { pixels } else { 0 });
        for px in buf.chunks_exact(channels) {
            let (c, a) = px.split_at(colors);
            color.extend_from_slice(c);
            alpha.extend_from_slice(a);
        }
        // Fully opaque alpha is no transparency: no soft mask then.
        let alpha = (has_alpha && alpha.iter().any(|&a| a != 255)).then_some(alpha);
        Ok(Self {
            width_px: info.width,
            height_px: info.height,
            ppi: picture.ppi,
            rgb,
            color,
            alpha,
        })
    }

    /// Height over width.
    pub fn aspect(&self) -> f32 {
        self.height_px as f32 / self.width_px.max(1) as f32
    }

    /// Adds the image XObject (and its `/SMask`) to `doc`.
    pub fn add_to(&self, doc: &mut Document) -> Result<ObjectId> {
        let base = |space: &str| {
            Dictionary::from_iter([
                ("Type", Object::Name(b"XObject".to_vec())),
                ("Subtype", Object::Name(b"Image".to_vec())),
                ("Width", Object::Integer(i64::from(self.width_px))),
                ("Height", Object::Integer(i64::from(self.height_px))),
                ("ColorSpace", Object::Name(space.as_bytes().to_vec())),
                ("BitsPerComponent", Object::Integer(8)),
            ])
        };
        let mut dict = base(if self.rgb { "DeviceRGB" } else { "DeviceGray" });
        if let Some(alpha) = &self.alpha {
            let mask = doc.add_object(flate(base("DeviceGray"), alpha)?);
            dict.set("SMask", Object::Reference(mask));
        }
        Ok(doc.add_object(flate(dict, &self.color)?))
    }
}

/// A stream of `content` compressed with Flate (zlib, the best level: the
/// same bytes for the same input).
pub fn flate(mut dict: Dictionary, content: &[u8]) -> Result<Stream> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(content)
        .and_then(|()| z.finish())
        .map(|data| {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            Stream::new(dict, data)
        })
        .map_err(|e| {
            Error::Sign(crate::msg!(
                "sign-appearance-compress",
                reason = e.to_string()
            ))
        })
}

/// A number in a content stream: two decimals at most (a hundredth of a
/// point), no exponent, no `-0`, the same text for the same value.
pub fn num(v: f32) -> String {
    let r = (f64::from(v) * 100.0).round() / 100.0;
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match s {
        "-0" | "" => "0".to_string(),
        s => s.to_string(),
    }
}

/// A form XObject `width` × `height` drawing `content` with `resources`.
pub fn form(
    doc: &mut Document,
    width: f32,
    height: f32,
    resources: Dictionary,
    content: &[u8],
) -> Result<ObjectId> {
    let dict = Dictionary::from_iter([
        ("Type", Object::Name(b"XObject".to_vec())),
        ("Subtype", Object::Name(b"Form".to_vec())),
        (
            "BBox",
            Object::Array(vec![
                Object::Integer(0),
                Object::Integer(0),
                Object::Real(round2(width)),
                Object::Real(round2(height)),
            ]),
        ),
        ("Resources", Object::Dictionary(resources)),
    ]);
    Ok(doc.add_object(flate(dict, content)?))
}

/// An appearance `width` × `height` that shows nothing (a signer without an
/// image: the signature is in the file, the page stays as it was).
pub fn empty(doc: &mut Document, width: f32, height: f32) -> Result<ObjectId> {
    form(doc, width, height, Dictionary::new(), b"")
}

/// An appearance `width` × `height` showing `image` in the box `[x, y, w,
/// h]` (from the bottom-left corner, y up).
pub fn image(
    doc: &mut Document,
    width: f32,
    height: f32,
    image: &Image,
    place: [f32; 4],
) -> Result<ObjectId> {
    let id = image.add_to(doc)?;
    let resources = Dictionary::from_iter([(
        "XObject",
        Object::Dictionary(Dictionary::from_iter([("Im0", Object::Reference(id))])),
    )]);
    let [x, y, w, h] = place;
    let content = format!(
        "q {} 0 0 {} {} {} cm /Im0 Do Q",
        num(w),
        num(h),
        num(x),
        num(y)
    );
    form(doc, width, height, resources, content.as_bytes())
}

/// Reads back the image box that [`image`] wrote (`w 0 0 h x y cm` before
/// `/Im0 Do`): `[x, y, w, h]`, or `None` if the content is not vanban's.
pub fn image_place(content: &[u8]) -> Option<[f32; 4]> {
    let text = std::str::from_utf8(content).ok()?;
    let tokens: Vec<&str> = text.split_ascii_whitespace().collect();
    let at = tokens.iter().position(|t| *t == "cm")?;
    if tokens.get(at + 1..at + 3)? != ["/Im0", "Do"] {
        return None;
    }
    let nums: Vec<f32> = tokens
        .get(at.checked_sub(6)?..at)?
        .iter()
        .map(|t| t.parse::<f32>().ok())
        .collect::<Option<_>>()?;
    match nums.as_slice() {
        [w, 0.0, 0.0, h, x, y] if *w > 0.0 && *h > 0.0 => Some([*x, *y, *w, *h]),
        _ => None,
    }
}

fn round2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.345_67), "12.35");
        assert_eq!(num(0.5), "0.5");
    }

    #[test]
    fn the_image_box_reads_back() {
        let c = format!(
            "q {} 0 0 {} {} {} cm /Im0 Do Q",
            num(80.5),
            num(40.0),
            10,
            3.25
        );
        assert_eq!(image_place(c.as_bytes()), Some([10.0, 3.25, 80.5, 40.0]));
        assert_eq!(image_place(b"q 1 0 0 1 0 0 cm /X Do Q"), None);
        assert_eq!(image_place(b""), None);
    }
}
