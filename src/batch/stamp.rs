//! The stamp: the SHA-256 of everything that decides a document's outputs
//! (the input's bytes, the images it names, the layouts, the fonts, the
//! options and vanban's version), written INSIDE every output, so that
//! `batch --changed-only` can tell an up-to-date output from its file
//! alone, with no file beside it.
//!
//! - In the PDF it is a keyword, `vanban-stamp:<64 hex digits>`: krilla
//!   writes keywords into the XMP packet (UTF-8, uncompressed, near the end
//!   of the file) and the Info dictionary. It is read back from the last
//!   64 KiB of the file (the whole file when not found there), without a
//!   PDF parse: the marker cannot come from the document's text (content
//!   streams are compressed and hold glyph ids), and a user who types it
//!   into a title or keyword can only make a stamp that never equals a
//!   real one (the stamp hashes the input that holds it).
//! - In the DOCX it is the custom property `vanban-stamp`
//!   (`docProps/custom.xml`), read back through the zip's central
//!   directory.
//!
//! Every render computes it ([`crate::Engine::render_with`]), so `vanban
//! render` and `vanban batch` write the same bytes for the same input.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use sha2::{Digest, Sha256};

pub use crate::doc::Stamps;
use crate::engine::{Engine, RenderOptions};
use crate::sign::hex;

/// What the PDF's keyword starts with.
pub const PDF_MARKER: &str = "vanban-stamp:";

/// The stamp's length: SHA-256 in lowercase hex.
pub const STAMP_LEN: usize = 64;

/// How much of a PDF's end is read first for its stamp.
const PDF_TAIL: u64 = 64 * 1024;

/// The hash of what every document depends on besides its input and
/// images: vanban's version, the layouts and the fonts (the options are
/// added per render). Computed once per engine (the fonts are megabytes).
pub(crate) fn engine_key(engine: &Engine) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    for layout in engine.layouts() {
        h.update((layout.name.len() as u64).to_be_bytes());
        h.update(layout.name.as_bytes());
        h.update((layout.source.len() as u64).to_be_bytes());
        h.update(layout.source.as_bytes());
    }
    // Each face by the SHA-256 of its bytes: known for the built-in faces
    // (computing it was 5 % of a render), hashed for a user's.
    for id in crate::text::FaceId::ALL {
        let face = engine.fonts().face(id);
        let digest = match face.built_in_digest() {
            Some(hex) => hex.to_string(),
            None => hex(&Sha256::digest(&face.data[..])),
        };
        h.update(digest.as_bytes());
    }
    h.finalize().into()
}

/// The stamps of one render: the engine's key, the input's bytes and its images (the paths as the engine fills them,
/// resolved as it resolves them: `images` is the assets folder and the
/// folder images must lie in). Where the images are looked up is not in
/// it, only what is found: the same input and images give the same stamps
/// from `render` and from `batch`. The PDF's adds the PDF options; neither
/// holds the formats asked for (a PDF is the same whether a DOCX is made
/// beside it or not).
pub(crate) fn compute(
    engine: &Engine,
    key: &[u8; 32],
    json: &[u8],
    doc: &crate::input::Document,
    options: &RenderOptions,
    (base, root): (&Path, &Path),
) -> Stamps {
    let mut h = Sha256::new();
    h.update(key);
    h.update((json.len() as u64).to_be_bytes());
    h.update(json);
    for (image, _) in crate::picture::image_sources(doc) {
        h.update((image.len() as u64).to_be_bytes());
        h.update(image.as_bytes());
        // Only a regular file inside the tree, no further than the image
        // limit: a FIFO or /dev/zero must not hang the render (which then
        // refuses it, with its JSON path).
        let bytes = crate::picture::resolve(base, root, image)
            .and_then(|p| crate::fsread::read_regular(&p, engine.limits().max_image_bytes).ok());
        match bytes {
            Some(bytes) => {
                h.update(b"file");
                h.update((bytes.len() as u64).to_be_bytes());
                h.update(&bytes);
            }
            None => h.update(b"missing"),
        }
    }
    let mut pdf = h.clone();
    pdf.update(b"pdf");
    pdf.update(format!("{:?}", options.pdf).as_bytes());
    h.update(b"docx");
    Stamps {
        pdf: hex(&pdf.finalize()),
        docx: hex(&h.finalize()),
    }
}

/// The PDF keyword that carries `stamp`.
pub(crate) fn pdf_keyword(stamp: &str) -> String {
    format!("{PDF_MARKER}{stamp}")
}

/// Whether `hay`, the end of a PDF (or all of it), ends with `%%EOF`
/// (a file cut short does not) and holds `vanban-stamp:<stamp>` followed by
/// a byte that is no hex digit.
fn pdf_bytes_carry(hay: &[u8], stamp: &str) -> bool {
    if !hay.trim_ascii_end().ends_with(b"%%EOF") {
        return false;
    }
    let needle = pdf_keyword(stamp);
    memchr::memmem::find_iter(hay, needle.as_bytes()).any(|at| {
        hay.get(at + needle.len())
            .is_some_and(|b| !b.is_ascii_hexdigit())
    })
}

/// Whether the PDF at `path` carries `stamp`: its last 64 KiB are read
/// first, the whole file only when the stamp is not there.
pub fn pdf_carries(path: &Path, stamp: &str) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(len) = file.metadata().map(|m| m.len()) else {
        return false;
    };
    let start = len.saturating_sub(PDF_TAIL);
    let mut tail = Vec::new();
    if file.seek(SeekFrom::Start(start)).is_err() || file.read_to_end(&mut tail).is_err() {
        return false;
    }
    if pdf_bytes_carry(&tail, stamp) {
        return true;
    }
    if start == 0 {
        return false;
    }
    let mut whole = Vec::new();
    file.seek(SeekFrom::Start(0)).is_ok()
        && file.read_to_end(&mut whole).is_ok()
        && pdf_bytes_carry(&whole, stamp)
}

/// Whether the DOCX at `path` carries `stamp` in its custom properties.
pub fn docx_carries(path: &Path, stamp: &str) -> bool {
    crate::docx::read_stamp(path).is_some_and(|s| s == stamp)
}

/// Whether the output at `path` (a `.pdf` or a `.docx`) carries its stamp
/// of `stamps`.
pub fn carries(path: &Path, stamps: &Stamps) -> bool {
    // Only a regular file is opened: a FIFO put where an output belongs
    // must not hang the run (it is no output, so it is rendered over).
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("pdf") => pdf_carries(path, &stamps.pdf),
        Some("docx") => docx_carries(path, &stamps.docx),
        _ => false,
    }
}

/// The stamp file that earlier builds wrote beside the outputs of
/// `out_base` (`.<name>.vanban-stamp`).
pub(crate) fn old_stamp_path(out_root: &Path, out_base: &Path) -> std::path::PathBuf {
    let name = out_base
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out_root
        .join(out_base)
        .with_file_name(format!(".{name}.vanban-stamp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_carries_its_stamp_only_whole() {
        let stamp = "a".repeat(STAMP_LEN);
        let pdf = format!(
            "%PDF-1.7 ... <pdf:Keywords>Số 1, {PDF_MARKER}{stamp}</pdf:Keywords> ... %%EOF\n"
        );
        assert!(pdf_bytes_carry(pdf.as_bytes(), &stamp));
        let cut = pdf.replace("%%EOF\n", "startxref\n");
        assert!(!pdf_bytes_carry(cut.as_bytes(), &stamp), "no end, no stamp");
        let longer = pdf.replace(&stamp, &format!("{stamp}0"));
        assert!(
            !pdf_bytes_carry(longer.as_bytes(), &stamp),
            "a longer hex is another stamp"
        );
        assert!(!pdf_bytes_carry(pdf.as_bytes(), &"b".repeat(STAMP_LEN)));
    }
}
