//! The DOCX reader: a Word file's main document as a [`Source`] —
//! paragraphs with the emphasis of their runs (from their styles too),
//! tables with their cells, text boxes where they are anchored, page and
//! section breaks with their orientation, the labels Word numbering draws.
//!
//! [`package`] opens the zip with bounds, [`styles`] resolves what styles
//! give, [`body`] walks the blocks, [`table`] the tables, [`inline`] the
//! runs, fields and drawings.

mod body;
mod inline;
mod package;
mod styles;
mod table;
pub(super) mod xml;

use super::numbering::Numbering;
use super::source::Source;
use crate::error::{Error, Result};
use crate::input::Limits;
use package::{DOCUMENT_CAP, PART_CAP, Package, bad};

/// Reads a DOCX (`bytes`, the whole zip), with the default [`Limits`].
pub fn read(bytes: &[u8]) -> Result<Source> {
    read_with(bytes, &Limits::default())
}

/// Reads a DOCX within `limits`: zip entries and XML elements count
/// against `max_source_objects`, the bytes unpacked from all parts against
/// `max_unpacked_bytes`, the main document's paragraphs against
/// `max_elements` (each paragraph with text becomes at least one element
/// of the input), all before the parts are parsed into trees.
pub fn read_with(bytes: &[u8], limits: &Limits) -> Result<Source> {
    let mut package = Package::open(bytes, limits)?;
    let main = package.main_document()?;
    let xml = package
        .part(&main, DOCUMENT_CAP)?
        .ok_or_else(|| bad(format!("it has no main document ({main})")))?;
    package.census(&xml, &main, true)?;
    // Styles and numbering sit beside the main document (a file without
    // them is fine).
    let dir = main
        .rsplit_once('/')
        .map(|(d, _)| format!("{d}/"))
        .unwrap_or_default();
    let styles_xml = package.part(&format!("{dir}styles.xml"), PART_CAP)?;
    let numbering_xml = package.part(&format!("{dir}numbering.xml"), PART_CAP)?;

    let styles = match &styles_xml {
        Some(x) => styles::Styles::read(&package.parse(x, "styles.xml")?),
        None => styles::Styles::default(),
    };
    let numbering = match &numbering_xml {
        Some(x) => Numbering::read(&package.parse(x, "numbering.xml")?),
        None => Numbering::default(),
    };
    let doc = package.parse(&xml, &main)?;
    let body = doc
        .root_element()
        .children()
        .find(|c| xml::is_w(*c, "body"))
        .ok_or_else(|| {
            Error::Import(crate::msg!("import-docx-no-body", main = main.to_string()))
        })?;
    let mut walker = body::Walker::new(&styles, numbering, body);
    let mut flow = body::Flow::default();
    walker.blocks(body, &mut flow);
    Ok(Source {
        blocks: flow.blocks,
        left_out: walker.left_out,
        warnings: Vec::new(),
        wrapped: false,
    })
}
