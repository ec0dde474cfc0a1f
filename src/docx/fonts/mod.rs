//! Embedding TrueType fonts in a DOCX package, the way Word's "Embed fonts
//! in the file" does, so that the document looks the same on a machine that
//! has none of its fonts.
//!
//! By job: [`obfuscate`] (the ECMA-376 font obfuscation and the content
//! keys), [`subset`] (the TrueType subsetter), [`package`] (the package
//! edits, made with the part editor of [`super::xml`]), [`error`] (why a
//! font could not be embedded). The licence (OS/2 `fsType`) is checked in
//! one place, when a face is loaded ([`crate::text::FontFace::parse`]): a
//! face that may not be embedded, may not be subset or may be embedded as
//! bitmaps only never reaches this module, so every face is subset here.
//!
//! # What goes into the package
//!
//! For one font family (e.g. `Liberation Serif`) and up to four faces:
//!
//! - one part per face, `word/fonts/font{index}.odttf` (next to the font
//!   table), holding the font *obfuscated* as ECMA-376 Part 1 §17.8.1
//!   prescribes: the 16 bytes of a GUID key, taken from the key's string
//!   form two hex digits at a time starting from the right-hand end, are
//!   XORed over bytes 0–15 and again over bytes 16–31 of the font file; the
//!   rest of the file is unchanged. The operation is its own inverse
//!   ([`obfuscate::obfuscate`]). The parts get the content type
//!   `application/vnd.openxmlformats-officedocument.obfuscatedFont` through a
//!   `Default Extension="odttf"` entry in `[Content_Types].xml`;
//! - one relationship per part in the font table's relationships
//!   (`word/_rels/fontTable.xml.rels`), of type
//!   `…/officeDocument/2006/relationships/font`;
//! - in `word/fontTable.xml`, the family's `w:font` entry (created, with
//!   `w:panose1`, `w:charset`, `w:family`, `w:pitch` and `w:sig` taken from
//!   the font's OS/2 table, when the writer did not emit one) gets
//!   `w:embedRegular`, `w:embedBold`, `w:embedItalic`, `w:embedBoldItalic`
//!   (in that order, last in `CT_Font` after `altName`, `panose1`, `charset`,
//!   `family`, `notTrueType`, `pitch`, `sig`), each with the relationship id,
//!   the `w:fontKey` GUID and `w:subsetted="1"`;
//! - in `word/settings.xml`, `w:embedTrueTypeFonts` and `w:saveSubsetFonts`
//!   at their schema positions (from `data/child-order.txt`).
//!
//! The parts are found the way a consumer finds them: the main document from
//! `_rels/.rels`, the font table and settings from the main document's
//! relationships. Nothing else in the package is touched, and no XML is
//! reordered: the edits are insertions, every other byte is kept.
//!
//! # Subsetting
//!
//! [`embed_font`] keeps the glyphs that the given characters need and empties
//! the outlines of all the others ("embed only the characters used"), **without
//! renumbering glyphs**: `cmap`, `hmtx`, `kern`, `GDEF`, `GPOS`, `GSUB`, `name`,
//! `OS/2` and the hinting tables stay byte-for-byte the same and valid, so
//! Word and LibreOffice lay the text out with the embedded font exactly as
//! with the installed one. Only `glyf`, `loca` (short format when the smaller
//! `glyf` allows it), `head` (`indexToLocFormat`, `checkSumAdjustment`) and
//! `post` (version 3.0, without glyph names, as pyftsubset writes by default:
//! the names are a quarter of a subset) are rewritten, `DSIG` (whose
//! signature no longer matches) is dropped, and every table checksum is
//! recomputed.
//!
//! The glyphs kept are: `.notdef`; those that the characters, the space, the
//! no-break space and the digits `0`–`9` (page numbers come from fields, not
//! from the text) map to; those of the precomposed characters whose canonical
//! decomposition consists of given characters (a shaper composes `o` +
//! U+0323 + U+0302 to `ộ`); everything any `GSUB` lookup can substitute for
//! kept glyphs (ligatures only when all their components are kept); and the
//! components of kept composite glyphs — repeated until nothing changes. A
//! character outside the subset still maps to its glyph, which then draws
//! nothing: an editor who types new characters sees them invisible, not in a
//! fallback font. Pass each face the characters set in that face (the bold
//! face needs only the bold runs' characters) to keep the package small.
//!
//! ## Why our own subsetter, not `subsetter` or `write-fonts`
//!
//! Both crates are in `Cargo.lock` (through krilla), and both renumber
//! glyphs and rebuild `cmap`, `hmtx` and the layout tables for the glyphs
//! kept: right for a PDF, where nothing is typed later, wrong for a DOCX,
//! where a clerk types into the embedded face. Keeping glyph ids and the
//! whole `cmap` means only `glyf`/`loca`/`head`/`post` change, the layout
//! tables need no rewriting and stay valid, and a character typed later maps
//! to an empty glyph instead of to another letter's outline. The reading
//! side shares [`crate::text::font::sfnt`]'s table directory with the font
//! loader and ttf-parser for `cmap`, `GSUB` and OS/2 (already a dependency);
//! read-fonts (0.39.2 and 0.46.0 are in the lock file, neither a direct
//! dependency) would be a second parser of the same tables for the few
//! fixed-offset fields read here (`head.indexToLocFormat`, `loca`, the OS/2
//! panose and range fields of a new font table entry); the output, pinned
//! by the byte-identical fixtures, does not depend on which parser reads
//! them, so the dependency is not worth adding.
//!
//! # Determinism
//!
//! The key is derived from the content: FNV-1a (128-bit) of the unobfuscated
//! font bytes, formatted as an RFC 9562 version-8 GUID in upper case (upper
//! case is what `ST_Guid` allows, and LibreOffice reads nothing else). Same
//! input, same bytes. [`package::add_to_parts`] edits parts already read
//! into a map; the pipeline writes the zip itself ([`super::parts`]).

use std::collections::BTreeSet;

use crate::text::{FaceId, FontFace};

pub(crate) mod error;
pub(crate) mod obfuscate;
pub(crate) mod package;
pub(crate) mod subset;

pub use error::FontEmbedError;
pub(crate) use package::add_to_parts;

/// One font file to embed: its bytes and where they came from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FontFile<'a> {
    /// The TrueType file's bytes.
    pub(crate) data: &'a [u8],
    /// Where it came from (a path), for error messages.
    pub(crate) source: &'a str,
}

/// An obfuscated font part, ready to go into a package with [`add_to_parts`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EmbeddedFont {
    /// The face it embeds (which `w:embed…` element names it).
    pub(crate) face: FaceId,
    /// File name of the part, e.g. `font1.odttf` (it goes in `word/fonts/`).
    pub(crate) part_name: String,
    /// The `w:fontKey`, `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`.
    pub(crate) key: String,
    /// The obfuscated font bytes (the part's content).
    pub(crate) data: Vec<u8>,
}

/// Subsets `face` to what the characters of `text_chars` need (keeping glyph
/// ids, see the module documentation) and obfuscates it with a key derived
/// from the subset, as part `font{index}.odttf` for the face `id`. Number the
/// parts 1, 2, … like Word; the numbers must differ within a package.
///
/// The face's licence was checked when it was loaded. Errors:
/// [`FontEmbedError::Malformed`] or [`FontEmbedError::Unsupported`] when the
/// file is not a TrueType font that can be subset.
pub(crate) fn embed_font(
    face: &FontFace,
    text_chars: &BTreeSet<char>,
    id: FaceId,
    index: usize,
) -> Result<EmbeddedFont, FontEmbedError> {
    let file = FontFile {
        data: &face.data,
        source: &face.source,
    };
    embed_file(file, text_chars, id, index)
}

/// [`embed_font`] on a file's bytes.
fn embed_file(
    font: FontFile<'_>,
    text_chars: &BTreeSet<char>,
    id: FaceId,
    index: usize,
) -> Result<EmbeddedFont, FontEmbedError> {
    let data = subset::subset(font, text_chars)?;
    let key = obfuscate::content_key(&data);
    let data = obfuscate::obfuscate(&data, &key)?;
    Ok(EmbeddedFont {
        face: id,
        part_name: format!("font{index}.odttf"),
        key,
        data,
    })
}

#[cfg(test)]
mod tests;
