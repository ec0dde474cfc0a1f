//! Images of the electronic copy: the signer's handwritten signature and the
//! agency's seal, read from PNG files named in the input (relative to the
//! input file). Read and checked here, once, so that both writers get the
//! same bytes and a broken file is an input error naming its path.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Diagnostic, Error, JsonPath, Result};
use crate::fsread::{self, ReadError};
use crate::i18n::Lang;
use crate::input::{self, Limits, over_limit, size};
use crate::msg;

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
    /// and no more of it than the limit (see [`crate::fsread`]).
    pub fn load(
        path: &Path,
        source: &str,
        limits: &Limits,
    ) -> std::result::Result<Self, Diagnostic> {
        Self::load_as(path, &path.display().to_string(), source, limits)
    }

    /// [`Picture::load`], naming the file `shown` in errors.
    fn load_as(
        path: &Path,
        shown: &str,
        source: &str,
        limits: &Limits,
    ) -> std::result::Result<Self, Diagnostic> {
        let data = fsread::read_regular(path, limits.max_image_bytes).map_err(|e| match e {
            ReadError::TooLarge { size: bytes, .. } => over_limit(
                "",
                msg!(
                    "render-over-image-bytes",
                    image = shown,
                    size = size(bytes),
                    limit = size(limits.max_image_bytes)
                ),
            ),
            other => Diagnostic::new(
                "",
                msg!(
                    "render-image-cannot-read",
                    image = shown,
                    reason = other.to_string(),
                    reason_vi = other.text(Lang::Vi)
                ),
            ),
        })?;
        Self::from_png(data, source, limits).map_err(|d| {
            let png = Diagnostic::new(
                d.path.clone(),
                msg!(
                    "render-image-not-png",
                    image = shown,
                    reason = d.message_in(Lang::En),
                    reason_vi = d.message_in(Lang::Vi)
                ),
            );
            match (d.hint_in(Lang::En), d.hint_in(Lang::Vi)) {
                (Some(en), Some(vi)) => png.with_hint(msg!("text-in-both", en = en, vi = vi)),
                _ => png,
            }
        })
    }

    /// Checks PNG bytes: a PNG signature, a size within `limits`, and pixel
    /// data that decodes to the end (a truncated file is caught here, not by
    /// a writer). Decodes a row at a time, so the check itself holds one row.
    /// Bytes after the PNG's end (its `IEND` chunk) are dropped: they are no
    /// part of the image, and both writers copy the bytes kept.
    ///
    /// The decoder's own error messages are not shown: some quote bytes of
    /// the file (a chunk type), and a file that is not an image at all must
    /// not have its content echoed into a log.
    pub fn from_png(
        mut data: Vec<u8>,
        source: &str,
        limits: &Limits,
    ) -> std::result::Result<Self, Diagnostic> {
        let broken = |e: png::DecodingError| {
            let what = match e {
                png::DecodingError::IoError(_) => "ends-early",
                png::DecodingError::Format(_) => "broken",
                png::DecodingError::Parameter(_) => "undecodable",
                png::DecodingError::LimitsExceeded => "memory",
            };
            Diagnostic::new("", msg!("render-png-broken", what = what))
        };
        if !data.starts_with(PNG_SIGNATURE) {
            return Err(Diagnostic::new("", msg!("render-png-signature")));
        }
        let (w, h, ppi) = {
            let mut decoder = png::Decoder::new(std::io::Cursor::new(&data[..]));
            decoder.set_limits(png::Limits { bytes: 64 << 20 });
            let mut reader = decoder.read_info().map_err(broken)?;
            let info = reader.info();
            let (w, h) = (info.width, info.height);
            let pixels = u64::from(w) * u64::from(h);
            if pixels > limits.max_image_pixels {
                return Err(over_limit(
                    "",
                    msg!(
                        "render-over-image-pixels",
                        width = w.to_string(),
                        height = h.to_string(),
                        pixels = pixels.to_string(),
                        limit = limits.max_image_pixels.to_string()
                    ),
                ));
            }
            let ppi = info.pixel_dims.and_then(|d| match d.unit {
                png::Unit::Meter if d.xppu > 0 => Some(d.xppu as f32 * 0.0254),
                _ => None,
            });
            while reader.next_row().map_err(broken)?.is_some() {}
            (w, h, ppi)
        };
        let end = png_end(&data).ok_or_else(|| Diagnostic::new("", msg!("render-png-no-end")))?;
        data.truncate(end);
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

/// The eight bytes every PNG starts with.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The length of a PNG up to and including its `IEND` chunk, walking the
/// chunks (length, type, data, CRC) from the signature; `None` when there
/// is no `IEND`. Cutting here rather than re-encoding keeps the image's
/// bytes as they were (no recompression, the same bytes in PDF and DOCX as
/// before) and the decoder has already checked every chunk before it.
fn png_end(data: &[u8]) -> Option<usize> {
    let mut at = PNG_SIGNATURE.len();
    loop {
        let header = data.get(at..at.checked_add(8)?)?;
        let (len, kind) = header.split_at(4);
        let len = usize::try_from(u32::from_be_bytes(len.try_into().ok()?)).ok()?;
        let next = at.checked_add(12)?.checked_add(len)?;
        if next > data.len() {
            return None;
        }
        if kind == b"IEND" {
            return Some(next);
        }
        at = next;
    }
}

/// The file an image path names, if it lies inside `root`: `source` is
/// taken relative to `base` (an absolute path as it is), links are
/// followed, and the real path must start with `root`'s real path. `None`
/// both for a file that does not exist and for one outside `root`, so that
/// the answer tells nothing about the files outside.
pub fn resolve(base: &Path, root: &Path, source: &str) -> Option<PathBuf> {
    let root = root.canonicalize().ok()?;
    let found = base.join(source).canonicalize().ok()?;
    found.starts_with(&root).then_some(found)
}

/// Where an image of the input comes from.
enum Found {
    /// Inside the JSON, as a `data:` URL.
    Data,
    /// A file inside the root.
    File(PathBuf),
    /// Not found, or outside the root.
    Missing,
}

fn resolve_source(base: &Path, root: &Path, source: &str) -> Found {
    if is_data_url(source) {
        return Found::Data;
    }
    match resolve(base, root, source) {
        Some(full) => Found::File(full),
        None => Found::Missing,
    }
}

/// The start every image inside the JSON has.
pub const DATA_URL_PREFIX: &str = "data:image/png;base64,";

/// Whether an image source is a `data:` URL (the image inside the JSON)
/// rather than a path: it starts with `data:`, in any case. Such a source
/// is never looked up as a file.
pub fn is_data_url(source: &str) -> bool {
    source
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
}

impl Picture {
    /// An image given inside the JSON as `data:image/png;base64,…` (what a
    /// browser's `FileReader.readAsDataURL` makes of a PNG): decoded
    /// (standard base64 with padding, by `base64ct`, in constant time), held
    /// to `max_image_bytes` before decoding, then checked as a PNG file is
    /// ([`Picture::from_png`]). The service takes images only this way or
    /// from its assets folder: no file is read because a request named it.
    pub fn from_data_url(url: &str, limits: &Limits) -> std::result::Result<Self, Diagnostic> {
        use base64ct::{Base64, Encoding};
        let shown = "data:image/png;base64,…";
        let prefix = url.get(..DATA_URL_PREFIX.len());
        let Some(encoded) = prefix
            .filter(|p| p.eq_ignore_ascii_case(DATA_URL_PREFIX))
            .and_then(|_| url.get(DATA_URL_PREFIX.len()..))
        else {
            return Err(Diagnostic::new("", crate::msg!("picture-data-not-png")));
        };
        // Base64 holds 3 bytes in 4 characters: refused before decoding.
        let decoded = (encoded.len() as u64).div_ceil(4).saturating_mul(3);
        if decoded > limits.max_image_bytes.saturating_add(2) {
            return Err(Diagnostic::new(
                "",
                msg!(
                    "picture-data-too-big",
                    size = size(decoded),
                    limit = size(limits.max_image_bytes)
                ),
            ));
        }
        let data = Base64::decode_vec(encoded.trim_end())
            .map_err(|_| Diagnostic::new("", crate::msg!("picture-data-bad-base64")))?;
        if data.len() as u64 > limits.max_image_bytes {
            return Err(Diagnostic::new(
                "",
                msg!(
                    "picture-data-too-big",
                    size = size(data.len() as u64),
                    limit = size(limits.max_image_bytes)
                ),
            ));
        }
        Self::from_png(data, shown, limits).map_err(|d| {
            let text = |lang| msg!("picture-data-unusable", reason = d.message_in(lang)).text(lang);
            let mut out = Diagnostic::new(
                "",
                msg!("text-in-both", en = text(Lang::En), vi = text(Lang::Vi)),
            );
            if let (Some(en), Some(vi)) = (d.hint_in(Lang::En), d.hint_in(Lang::Vi)) {
                out = out.with_hint(msg!("text-in-both", en = en, vi = vi));
            }
            out
        })
    }
}

/// Reads every image `doc` names, relative to `base` and confined to it,
/// within `limits`; every unreadable one is a diagnostic with its JSON path.
pub fn load(doc: &input::Document, base: &Path, file: &str, limits: &Limits) -> Result<Pictures> {
    load_within(doc, base, base, file, limits)
}

/// The paths of the images `doc` names, in signer order then the seal, each
/// with its JSON path.
pub fn image_sources(doc: &input::Document) -> Vec<(&str, JsonPath)> {
    let root = JsonPath::root();
    let mut v = Vec::new();
    if let Some(i) = doc.signature.as_ref().and_then(|s| s.image.as_deref()) {
        v.push((i, root.key("signature").key("image")));
    }
    for (k, s) in doc.signatures.iter().enumerate() {
        if let Some(i) = s.image.as_deref() {
            v.push((i, root.key("signatures").index(k).key("image")));
        }
    }
    if let Some(s) = &doc.seal {
        v.push((s.image.as_str(), root.key("seal").key("image")));
    }
    v
}

/// [`load`] with images looked up relative to `base` and confined to
/// `root` (a folder holding `base`: the tree of a batch): a path outside
/// `root`, by `..`, an absolute path or a link, is reported exactly as a
/// missing file is.
pub fn load_within(
    doc: &input::Document,
    base: &Path,
    root: &Path,
    file: &str,
    limits: &Limits,
) -> Result<Pictures> {
    let root_path = JsonPath::root();
    let mut diags = Vec::new();
    let mut one = |source: &str, path: JsonPath| -> Option<Picture> {
        let loaded = match resolve_source(base, root, source) {
            Found::Data => Picture::from_data_url(source, limits),
            // Named as the input wrote it, not by its real path.
            Found::File(full) => Picture::load_as(&full, source, source, limits),
            Found::Missing => Err(Diagnostic::new(
                "",
                msg!(
                    "render-image-not-found",
                    image = source,
                    folder = root.display().to_string()
                ),
            )),
        };
        match loaded {
            Ok(p) => Some(p),
            Err(d) => {
                diags.push(d.at(path.as_str()));
                None
            }
        }
    };
    let mut signers = Vec::new();
    if let Some(s) = &doc.signature {
        signers.push(
            s.image
                .as_deref()
                .and_then(|i| one(i, root_path.key("signature").key("image"))),
        );
    }
    for (k, s) in doc.signatures.iter().enumerate() {
        let path = root_path.key("signatures").index(k).key("image");
        signers.push(s.image.as_deref().and_then(|i| one(i, path)));
    }
    let seal = doc
        .seal
        .as_ref()
        .and_then(|s| one(&s.image, root_path.key("seal").key("image")));
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
