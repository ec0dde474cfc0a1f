//! Images of the electronic copy: the signer's handwritten signature and the
//! agency's seal, read from PNG files named in the input (relative to the
//! input file). Read and checked here, once, so that both writers get the
//! same bytes and a broken file is an input error naming its path.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Diagnostic, Error, JsonPath, Result};
use crate::input;

/// The largest image file accepted, in bytes.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// The largest width or height accepted, in pixels.
pub const MAX_PIXELS: u32 = 8000;

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
    /// Reads and decodes a PNG file; the error says what is wrong with it.
    pub fn load(path: &Path, source: &str) -> std::result::Result<Self, String> {
        let meta = std::fs::metadata(path)
            .map_err(|e| format!("cannot read the image `{}`: {e}", path.display()))?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(format!(
                "the image `{}` is {} MB; the limit is {} MB",
                path.display(),
                meta.len() / 1_048_576,
                MAX_FILE_BYTES / 1_048_576
            ));
        }
        let data = std::fs::read(path)
            .map_err(|e| format!("cannot read the image `{}`: {e}", path.display()))?;
        Self::from_png(data, source)
            .map_err(|e| format!("the image `{}` is not a usable PNG: {e}", path.display()))
    }

    /// Checks PNG bytes: a PNG signature, a sane size, and pixel data that
    /// decodes to the end (a truncated file is caught here, not by a writer).
    pub fn from_png(data: Vec<u8>, source: &str) -> std::result::Result<Self, String> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(&data[..]));
        decoder.set_limits(png::Limits {
            bytes: 4 * (MAX_PIXELS as usize) * (MAX_PIXELS as usize),
        });
        let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
        let info = reader.info();
        let (w, h) = (info.width, info.height);
        if w > MAX_PIXELS || h > MAX_PIXELS {
            return Err(format!(
                "it is {w}×{h} pixels; the limit is {MAX_PIXELS} on each side"
            ));
        }
        let ppi = info.pixel_dims.and_then(|d| match d.unit {
            png::Unit::Meter if d.xppu > 0 => Some(d.xppu as f32 * 0.0254),
            _ => None,
        });
        let size = reader
            .output_buffer_size()
            .ok_or("its pixel buffer would be too large")?;
        let mut buf = vec![0; size];
        reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
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

/// Reads every image `doc` names, relative to `base`; every unreadable one
/// is a diagnostic with its JSON path.
pub fn load(doc: &input::Document, base: &Path, file: &str) -> Result<Pictures> {
    let root = JsonPath::root();
    let mut diags = Vec::new();
    let mut one = |source: &str, path: JsonPath| -> Option<Picture> {
        let full: PathBuf = base.join(source);
        match Picture::load(&full, source) {
            Ok(p) => Some(p),
            Err(message) => {
                diags.push(Diagnostic::new(path.as_str(), message).with_hint(
                    "image paths are relative to the input file; give a readable PNG \
                     (transparent background)",
                ));
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
