//! DOCX output: the same document as the PDF, built from the same
//! [`crate::doc::Document`], editable in Word with named styles and real
//! numbering. `build` maps the model to docx-rs; `package` finishes the
//! package docx-rs writes: core properties, header rows and drawings, the
//! embedded fonts (`fonts`), schema order and the theme (`schema`). Every
//! change to a part docx-rs wrote goes through one XML part editor (`xml`),
//! and the package is unzipped and zipped in one place (`parts`).

mod build;
mod custom;
mod fonts;
mod package;
mod parts;
mod schema;
mod xml;

use std::sync::{Arc, OnceLock};

use crate::doc;
use crate::error::{Error, Result};
use crate::text::{FaceId, FontSet, Shaper};

pub use custom::{STAMP_PROPERTY, read_stamp};
pub use fonts::FontEmbedError;
pub use package::REPERTOIRE;

/// The four faces subset to the standard repertoire ([`REPERTOIRE`]),
/// obfuscated and deflated once per engine: most documents use nothing
/// else, and then their font parts are copied, not rebuilt (embedding was
/// half the DOCX time). Cloning shares the cache.
#[derive(Clone, Default)]
pub struct FontCache(Arc<OnceLock<Result<package::CachedFonts>>>);

impl std::fmt::Debug for FontCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0.get() {
            Some(Ok(_)) => "FontCache(ready)",
            Some(Err(_)) => "FontCache(failed)",
            None => "FontCache(empty)",
        })
    }
}

/// Writes a composed document as a DOCX package.
pub fn write_docx(doc: &doc::Document, fonts: &FontSet) -> Result<Vec<u8>> {
    write_docx_cached(doc, fonts, &FontCache::default())
}

/// [`write_docx`] with the font parts of `cache`, which must belong to
/// `fonts` (the engine keeps one per font set).
pub fn write_docx_cached(
    doc: &doc::Document,
    fonts: &FontSet,
    cache: &FontCache,
) -> Result<Vec<u8>> {
    let shaper = Shaper::new(fonts)?;
    let family = fonts.face(FaceId::Regular).family.clone();
    let mut docx = build::build(doc, &shaper, &family);
    if let Some(stamp) = &doc.meta.stamp {
        docx = docx.custom_property(STAMP_PROPERTY, &stamp.docx);
    }
    let mut raw = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut raw)
        .map_err(|e| Error::Docx(crate::msg!("render-docx-package", reason = e.to_string())))?;
    // A cache that failed is not used: the document's own embedding then
    // reports the same error.
    let cached = cache.0.get_or_init(|| package::CachedFonts::new(fonts));
    package::finish(&raw.into_inner(), doc, fonts, cached.as_ref().ok())
}
