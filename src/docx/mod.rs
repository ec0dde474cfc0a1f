//! DOCX output: the same document as the PDF, built from the same
//! [`crate::doc::Document`], editable in Word with named styles and real
//! numbering. `build` maps the model to docx-rs; `package` fixes up the
//! package docx-rs writes (core properties, header rows).

mod build;
mod fonts;
mod package;
mod schema;

use crate::doc;
use crate::error::{Error, Result};
use crate::text::{FaceId, FontSet, Shaper};

/// Writes a composed document as a DOCX package.
pub fn write_docx(doc: &doc::Document, fonts: &FontSet) -> Result<Vec<u8>> {
    let shaper = Shaper::new(fonts)?;
    let family = fonts.face(FaceId::Regular).family.clone();
    let docx = build::build(doc, &shaper, &family);
    let mut raw = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut raw)
        .map_err(|e| Error::Docx(format!("docx-rs could not write the package: {e}")))?;
    package::finish(&raw.into_inner(), doc, fonts)
}
