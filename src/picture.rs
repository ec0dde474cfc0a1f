//! Images of the electronic copy: the signer's handwritten signature and the
//! agency's seal, read from PNG files named in the input (relative to the
//! input file). Read and checked here, once, so that both writers get the
//! same bytes and a broken file is an input error naming its path.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Diagnostic, Error, JsonPath, Result};
use crate::input::{self, Limits, over, size};

/// A checked PNG image.
#[derive(Clone, PartialEq)]
pub struct Picture {
    /// The path as the input wrote it.
    pub source: String,
    /// The PNG file's bytes, unchanged.
    pub data: Arc<Vec<u8>>,
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// Pixels per inch from the PNG's `pHYs` chunk, when it gives one.
    pub ppi: Option<f32>,
}

impl fmt::Debug for Picture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Picture")
            .field("source", &self.source)
            .field("bytes", &self.data.len())
            .field("width_px", &self.width_px)
            .field("height_px", &self.height_px)
            .field("ppi", &self.ppi)
            .finish()
    }
}

impl Picture {
    /// Reads and decodes a PNG file within `limits` (its size in bytes and
    /// pixels); the error says what is wrong with it and what to do. Only a
    /// regular file is read (not a device or a pipe, which could be endless),
    /// and no more of it than the limit.
    pub fn load(
        path: &Path,
        source: &str,
        limits: &Limits,
    ) -> std::result::Result<Self, Diagnostic> {
        let shown = path.display();
        let unreadable = |e: std::io::Error| {
            Diagnostic::new("", format!("cannot read the image `{shown}`: {e}"))
                .with_hint(HINT_PATH)
        };
        let meta = std::fs::metadata(path).map_err(unreadable)?;
        if !meta.is_file() {
            return Err(
                Diagnostic::new("", format!("the image `{shown}` is not a regular file"))
                    .with_hint(HINT_PATH),
            );
        }
        let too_big = |bytes: u64| {
            over(
                "",
                format!("the image `{shown}` is {}", size(bytes)),
                size(limits.max_image_bytes),
                "max_image_bytes",
                "save it smaller (a seal or signature PNG needs well under 1 MB)",
            )
        };
        if meta.len() > limits.max_image_bytes {
            return Err(too_big(meta.len()));
        }
        let mut data = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| {
                f.take(limits.max_image_bytes.saturating_add(1))
                    .read_to_end(&mut data)
            })
            .map_err(unreadable)?;
        if data.len() as u64 > limits.max_image_bytes {
            // It grew while being read.
            return Err(too_big(data.len() as u64));
        }
        Self::from_png(data, source, limits).map_err(|mut d| {
            d.message = format!("the image `{shown}` is not a usable PNG: {}", d.message);
            d
        })
    }

    /// Checks PNG bytes: a PNG signature, a size within `limits`, and pixel
    /// data that decodes to the end (a truncated file is caught here, not by
    /// a writer). Decodes a row at a time, so the check itself holds one row.
    pub fn from_png(
        data: Vec<u8>,
        source: &str,
        limits: &Limits,
    ) -> std::result::Result<Self, Diagnostic> {
        let broken = |e: png::DecodingError| {
            Diagnostic::new("", e.to_string())
                .with_hint("save it again as PNG (transparent background)")
        };
        let mut decoder = png::Decoder::new(std::io::Cursor::new(&data[..]));
        decoder.set_limits(png::Limits { bytes: 64 << 20 });
        let mut reader = decoder.read_info().map_err(broken)?;
        let info = reader.info();
        let (w, h) = (info.width, info.height);
        let pixels = u64::from(w) * u64::from(h);
        if pixels > limits.max_image_pixels {
            return Err(over(
                "",
                format!("it is {w}×{h} = {pixels} pixels"),
                format!("{} pixels", limits.max_image_pixels),
                "max_image_pixels",
                "scale it down (a seal 40 mm wide at 600 dpi is 950×950 pixels)",
            ));
        }
        let ppi = info.pixel_dims.and_then(|d| match d.unit {
            png::Unit::Meter if d.xppu > 0 => Some(d.xppu as f32 * 0.0254),
            _ => None,
        });
        while reader.next_row().map_err(broken)?.is_some() {}
        Ok(Self {
            source: source.to_string(),
            data: Arc::new(data),
            width_px: w,
            height_px: h,
            ppi,
        })
    }

    /// Height over width.
    pub fn aspect(&self) -> f32 {
        self.height_px as f32 / self.width_px.max(1) as f32
    }
}

/// The images a document names, read and checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pictures {
    /// Each signer's signature image, in signer order (`signature` first,
    /// then `signatures`).
    pub signers: Vec<Option<Picture>>,
    /// The seal.
    pub seal: Option<Picture>,
}

/// The hint for an image that cannot be read.
const HINT_PATH: &str = "image paths are relative to the input file; give a readable PNG \
                         (transparent background)";

/// Reads every image `doc` names, relative to `base`, within `limits`; every
/// unreadable one is a diagnostic with its JSON path.
pub fn load(doc: &input::Document, base: &Path, file: &str, limits: &Limits) -> Result<Pictures> {
    let root = JsonPath::root();
    let mut diags = Vec::new();
    let mut one = |source: &str, path: JsonPath| -> Option<Picture> {
        let full: PathBuf = base.join(source);
        match Picture::load(&full, source, limits) {
            Ok(p) => Some(p),
            Err(d) => {
                diags.push(Diagnostic {
                    path: path.as_str().to_string(),
                    ..d
                });
                None
            }
        }
    };
    let mut signers = Vec::new();
    if let Some(s) = &doc.signature {
        signers.push(
            s.image
                .as_deref()
                .and_then(|i| one(i, root.key("signature").key("image"))),
        );
    }
    for (k, s) in doc.signatures.iter().enumerate() {
        let path = root.key("signatures").index(k).key("image");
        signers.push(s.image.as_deref().and_then(|i| one(i, path)));
    }
    let seal = doc
        .seal
        .as_ref()
        .and_then(|s| one(&s.image, root.key("seal").key("image")));
    if diags.is_empty() {
        Ok(Pictures { signers, seal })
    } else {
        Err(Error::Input {
            file: file.to_string(),
            diagnostics: diags,
        })
    }
}

/// Where images named in `file` are looked up: the file's folder, or the
/// working directory for standard input.
pub fn base_dir(file: &str) -> PathBuf {
    match Path::new(file).parent() {
        Some(p) if file != "-" && !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
