//! Embedding TrueType fonts in a DOCX package, the way Word's "Embed fonts
//! in the file" does, so that the document looks the same on a machine that
//! has none of its fonts.
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
//!   ([`obfuscate`]). The parts get the content type
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
//!   the `w:fontKey` GUID and, for subsets, `w:subsetted="1"`;
//! - in `word/settings.xml`, `w:embedTrueTypeFonts` and, when a face is a
//!   subset, `w:saveSubsetFonts`, at their schema positions (after
//!   `writeProtection` … `printFormsData`; `saveSubsetFonts` after
//!   `embedSystemFonts`).
//!
//! The parts are found the way a consumer finds them: the main document from
//! `_rels/.rels`, the font table and settings from the main document's
//! relationships. Nothing else in the package is touched, and no XML is
//! reordered: the edits are insertions at byte offsets.
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
//! # Licensing
//!
//! The OS/2 `fsType` is honoured: a font with *restricted license embedding*
//! (0x0002 without a less restrictive bit) or *bitmap embedding only*
//! (0x0200) is refused with [`FontEmbedError::NotEmbeddable`]; a font with
//! *no subsetting* (0x0100) is embedded whole. Note that LibreOffice ignores
//! embedded fonts that are only *preview & print* (0x0004); Liberation Serif
//! is *installable* (0).
//!
//! # Determinism
//!
//! The key is derived from the content: FNV-1a (128-bit) of the unobfuscated
//! font bytes, formatted as an RFC 9562 version-8 GUID in upper case (upper
//! case is what `ST_Guid` allows, and LibreOffice reads nothing else). The
//! package is rewritten with every entry deflated, timestamps fixed at
//! 1980-01-01 00:00:00, fixed permissions, the original entries in their
//! original order and the new ones after them in name order. Same input, same
//! bytes. [`add_to_parts`] does the same edits on parts already read into a
//! map, for a pipeline that writes the zip itself.
//!
//! # Usage
//!
//! ```text
//! let used: BTreeSet<char> = text.chars().collect();
//! let regular = embed_font(FontFile { data: &regular_ttf, source: "LiberationSerif-Regular.ttf" },
//!                          &used, Slot::Regular, 1)?;
//! let bold = embed_font(FontFile { data: &bold_ttf, source: "LiberationSerif-Bold.ttf" },
//!                       &used, Slot::Bold, 2)?;
//! let docx = add_to_package(&docx, "Liberation Serif", &[regular, bold])?;
//! ```

use std::collections::{BTreeMap, BTreeSet};

use ttf_parser::gsub::{SingleSubstitution, SubstitutionSubtable};
use ttf_parser::{Face, GlyphId, Permissions, name_id};
use unicode_normalization::char::decompose_canonical;

use crate::text::font::sfnt::{TableRecord, read_u16, read_u32, table_directory};

/// Content type of an obfuscated font part.
pub const OBFUSCATED_FONT_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.obfuscatedFont";
/// Relationship type from the font table to an embedded font part.
pub const FONT_RELATIONSHIP_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font";

const WML_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const CONTENT_TYPES_NS: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
const CONTENT_TYPES_PART: &str = "[Content_Types].xml";

/// Characters whose glyphs every subset keeps besides the text's own.
const ALWAYS_KEPT: &str = " \u{a0}0123456789";

/// One font file to embed.
#[derive(Debug, Clone, Copy)]
pub struct FontFile<'a> {
    /// The TrueType file's bytes.
    pub data: &'a [u8],
    /// Where it came from (a path), for error messages.
    pub source: &'a str,
}

/// The face slot of a font table entry that an embedded font fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    /// `w:embedRegular`
    Regular,
    /// `w:embedBold`
    Bold,
    /// `w:embedItalic`
    Italic,
    /// `w:embedBoldItalic`
    BoldItalic,
}

impl Slot {
    /// The slot for a face with the given style.
    pub const fn new(bold: bool, italic: bool) -> Slot {
        match (bold, italic) {
            (false, false) => Slot::Regular,
            (true, false) => Slot::Bold,
            (false, true) => Slot::Italic,
            (true, true) => Slot::BoldItalic,
        }
    }

    /// Local name of the font table element for this slot.
    pub const fn element(self) -> &'static str {
        match self {
            Slot::Regular => "embedRegular",
            Slot::Bold => "embedBold",
            Slot::Italic => "embedItalic",
            Slot::BoldItalic => "embedBoldItalic",
        }
    }
}

/// An obfuscated font part, ready to go into a package with [`add_to_package`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedFont {
    /// The face slot it fills.
    pub slot: Slot,
    /// File name of the part, e.g. `font1.odttf` (it goes in `word/fonts/`).
    pub part_name: String,
    /// The `w:fontKey`, `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`.
    pub key: String,
    /// The obfuscated font bytes (the part's content).
    pub data: Vec<u8>,
    /// Whether the font is a subset (then `w:subsetted` and
    /// `w:saveSubsetFonts` are written).
    pub subset: bool,
}

/// Why a font could not be embedded.
#[derive(Debug, thiserror::Error)]
pub enum FontEmbedError {
    /// The font file cannot be read.
    #[error("{font}: cannot read the font: {reason}; use an intact TrueType (.ttf) file")]
    Malformed {
        /// The font's source.
        font: String,
        /// What is wrong.
        reason: String,
    },
    /// The font is of a kind that cannot be embedded here.
    #[error("{font}: {reason}; embedding needs a single TrueType font with glyf outlines (.ttf)")]
    Unsupported {
        /// The font's source.
        font: String,
        /// What kind of font it is.
        reason: String,
    },
    /// The font's licence (OS/2 fsType) forbids embedding it.
    #[error(
        "{font}: the font's licence does not allow embedding it in documents (OS/2 fsType \
         {fs_type:#06x}: {what}); use a font whose licence permits embedding, such as \
         Liberation Serif (SIL Open Font License)"
    )]
    NotEmbeddable {
        /// The font's source.
        font: String,
        /// The OS/2 fsType value.
        fs_type: u16,
        /// Which restriction applies.
        what: &'static str,
    },
    /// A font key is not a GUID of the form ECMA-376 requires.
    #[error(
        "invalid font key `{key}`: a w:fontKey is a GUID written \
         {{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}} with upper-case hex digits"
    )]
    InvalidKey {
        /// The key given.
        key: String,
    },
    /// Font data shorter than the 32 obfuscated bytes.
    #[error("font data of {len} bytes cannot be obfuscated: a font part has at least 32 bytes")]
    TooShort {
        /// Its length.
        len: usize,
    },
    /// The list of fonts given to [`add_to_package`] cannot be embedded as is.
    #[error("fonts to embed for `{family}`: {reason}")]
    InvalidFontList {
        /// The family.
        family: String,
        /// What is wrong with the list.
        reason: String,
    },
    /// An embedded font is not of the family it is declared for.
    #[error(
        "{part}: the font for the {slot:?} face of `{family}` is of family `{found}`; embed the \
         files of the family the document names"
    )]
    FamilyMismatch {
        /// The font part.
        part: String,
        /// Its slot.
        slot: Slot,
        /// The family of the font table entry.
        family: String,
        /// The family named in the font.
        found: String,
    },
    /// The DOCX package lacks something the embedding needs.
    #[error(
        "DOCX package: {reason}; pass a complete .docx as written by docx-rs, without \
         embedded fonts"
    )]
    Package {
        /// What is missing or wrong.
        reason: String,
    },
    /// A part of the package is not well-formed XML.
    #[error("DOCX package: {part} is not well-formed XML ({reason}); pass a valid .docx")]
    Xml {
        /// The part.
        part: String,
        /// The problem.
        reason: String,
    },
    /// The font table already embeds fonts for the family.
    #[error(
        "DOCX package: {part} already embeds fonts for `{family}`; embed each family once, \
         into a document written without embedded fonts"
    )]
    AlreadyEmbedded {
        /// The font table part.
        part: String,
        /// The family.
        family: String,
    },
}

// ---------------------------------------------------------------------------
// Obfuscation

/// Obfuscates (or, applied again with the same key, deobfuscates) font data:
/// XORs the key bytes over the first 32 bytes (ECMA-376 Part 1 §17.8.1).
///
/// `key` is a `w:fontKey`, `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` with
/// upper-case hex digits. Its 32 hex digits, read as 16 bytes in string
/// order and reversed, give the XOR key for bytes 0–15 and again 16–31.
pub fn obfuscate(data: &[u8], key: &str) -> Result<Vec<u8>, FontEmbedError> {
    let key_bytes = parse_font_key(key)?;
    if data.len() < 32 {
        return Err(FontEmbedError::TooShort { len: data.len() });
    }
    let mut out = data.to_vec();
    for (byte, key) in out.iter_mut().take(32).zip(key_bytes.iter().cycle()) {
        *byte ^= key;
    }
    Ok(out)
}

/// The XOR key of a `w:fontKey`: the GUID's 16 bytes in string order, reversed.
fn parse_font_key(key: &str) -> Result<[u8; 16], FontEmbedError> {
    let invalid = || FontEmbedError::InvalidKey {
        key: key.to_owned(),
    };
    let inner = key
        .strip_prefix('{')
        .and_then(|k| k.strip_suffix('}'))
        .filter(|k| k.len() == 36)
        .ok_or_else(invalid)?;
    let mut digits = Vec::with_capacity(32);
    for (i, c) in inner.bytes().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            if c != b'-' {
                return Err(invalid());
            }
            continue;
        }
        match c {
            b'0'..=b'9' => digits.push(c - b'0'),
            b'A'..=b'F' => digits.push(c - b'A' + 10),
            _ => return Err(invalid()),
        }
    }
    let mut guid = [0u8; 16];
    for (byte, pair) in guid.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = pair.iter().fold(0, |acc, digit| acc << 4 | digit);
    }
    guid.reverse();
    Ok(guid)
}

/// A GUID derived from `data`: FNV-1a 128 of it, with the RFC 9562 version 8
/// and variant bits set, written `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`.
fn content_key(data: &[u8]) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut hash = OFFSET;
    for &byte in data {
        hash ^= u128::from(byte);
        hash = hash.wrapping_mul(PRIME);
    }
    let mut b = hash.to_be_bytes();
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02X}")).collect();
    format!(
        "{{{}-{}-{}-{}-{}}}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

// ---------------------------------------------------------------------------
// Embedding one face

/// Subsets `font` to what the characters of `text_chars` need (keeping glyph
/// ids, see the module documentation) and obfuscates it with a key derived
/// from the subset, as part `font{index}.odttf` for `slot`. Number the parts
/// 1, 2, … like Word; the numbers must differ within a package.
///
/// A font whose licence forbids subsetting (fsType 0x0100) is embedded whole
/// (`subset` is then false). Errors: [`FontEmbedError::NotEmbeddable`] when
/// the licence forbids embedding, [`FontEmbedError::Malformed`] or
/// [`FontEmbedError::Unsupported`] when the file is not a usable TrueType font.
pub fn embed_font(
    font: FontFile<'_>,
    text_chars: &BTreeSet<char>,
    slot: Slot,
    index: usize,
) -> Result<EmbeddedFont, FontEmbedError> {
    let (face, tables) = parse_face(font)?;
    check_embedding_allowed(font, &face)?;
    let (data, subset) = if subsetting_allowed(&face) {
        (subset_font(font, &face, &tables, text_chars)?, true)
    } else {
        (font.data.to_vec(), false)
    };
    finish_embedding(data, subset, slot, index)
}

/// Like [`embed_font`] but embeds the whole font file, unchanged.
#[cfg(test)]
pub fn embed_full_font(
    font: FontFile<'_>,
    slot: Slot,
    index: usize,
) -> Result<EmbeddedFont, FontEmbedError> {
    let (face, _) = parse_face(font)?;
    check_embedding_allowed(font, &face)?;
    finish_embedding(font.data.to_vec(), false, slot, index)
}

fn finish_embedding(
    data: Vec<u8>,
    subset: bool,
    slot: Slot,
    index: usize,
) -> Result<EmbeddedFont, FontEmbedError> {
    let key = content_key(&data);
    let data = obfuscate(&data, &key)?;
    Ok(EmbeddedFont {
        slot,
        part_name: format!("font{index}.odttf"),
        key,
        data,
        subset,
    })
}

fn malformed(font: FontFile<'_>, reason: impl Into<String>) -> FontEmbedError {
    FontEmbedError::Malformed {
        font: font.source.to_owned(),
        reason: reason.into(),
    }
}

fn unsupported(font: FontFile<'_>, reason: impl Into<String>) -> FontEmbedError {
    FontEmbedError::Unsupported {
        font: font.source.to_owned(),
        reason: reason.into(),
    }
}

/// The font parsed, and its table directory checked: a font embedded whole
/// is checked as much as one that is subset.
fn parse_face(font: FontFile<'_>) -> Result<(Face<'_>, Vec<TableRecord<'_>>), FontEmbedError> {
    match font.data.get(0..4) {
        Some(b"ttcf") => return Err(unsupported(font, "it is a font collection (.ttc)")),
        Some([0, 1, 0, 0]) | Some(b"true") | Some(b"OTTO") => {}
        _ => return Err(malformed(font, "it does not start with an sfnt header")),
    }
    // The directory first: it says more about a damaged file than ttf-parser.
    let tables = table_directory(font.data).map_err(|e| malformed(font, e))?;
    let face = Face::parse(font.data, 0).map_err(|e| malformed(font, e.to_string()))?;
    Ok((face, tables))
}

/// Refuses fonts whose OS/2 fsType forbids embedding in documents.
fn check_embedding_allowed(font: FontFile<'_>, face: &Face<'_>) -> Result<(), FontEmbedError> {
    let Some(os2) = face.tables().os2 else {
        // No OS/2 table, no stated restriction (LibreOffice reads it the same way).
        return Ok(());
    };
    let fs_type = os2_fs_type(face).unwrap_or(0);
    let refuse = |what| {
        Err(FontEmbedError::NotEmbeddable {
            font: font.source.to_owned(),
            fs_type,
            what,
        })
    };
    // Version 3+ makes the usage bits exclusive (ttf-parser answers None
    // otherwise); read a contradictory value as older versions do, taking the
    // least restrictive bit.
    let restricted = match os2.permissions() {
        Some(permissions) => permissions == Permissions::Restricted,
        None => fs_type & 0x000C == 0 && fs_type & 0x0002 != 0,
    };
    if restricted {
        return refuse("restricted license embedding");
    }
    if fs_type & 0x0200 != 0 {
        return refuse("bitmap embedding only, and this font is embedded as outlines");
    }
    Ok(())
}

fn subsetting_allowed(face: &Face<'_>) -> bool {
    face.tables()
        .os2
        .is_none_or(|os2| os2.is_subsetting_allowed())
}

fn os2_fs_type(face: &Face<'_>) -> Option<u16> {
    let os2 = face
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"OS/2"))?;
    read_u16(os2, 8)
}

/// Overwrites the bytes of `data` at `at` with `bytes`; `None` if they do not fit.
fn write_at(data: &mut [u8], at: usize, bytes: &[u8]) -> Option<()> {
    data.get_mut(at..)?
        .get_mut(..bytes.len())?
        .copy_from_slice(bytes);
    Some(())
}

// ---------------------------------------------------------------------------
// Subsetting

/// Builds the subset font: same tables and glyph ids, unused outlines empty.
fn subset_font(
    font: FontFile<'_>,
    face: &Face<'_>,
    tables: &[TableRecord<'_>],
    chars: &BTreeSet<char>,
) -> Result<Vec<u8>, FontEmbedError> {
    let version = match font.data.first_chunk::<4>() {
        Some(b"OTTO") => {
            return Err(unsupported(
                font,
                "it has CFF outlines (.otf), which are not subset here",
            ));
        }
        Some(&version) => version,
        None => return Err(malformed(font, "it does not start with an sfnt header")),
    };
    let find = |tag: &[u8; 4]| tables.iter().find(|t| &t.tag == tag).map(|t| t.data);
    let head = find(b"head").ok_or_else(|| malformed(font, "no `head` table"))?;
    let (Some(glyf), Some(loca)) = (find(b"glyf"), find(b"loca")) else {
        return Err(unsupported(font, "it has no `glyf`/`loca` outlines"));
    };
    let long_loca = match read_u16(head, 50) {
        Some(0) => false,
        Some(1) => true,
        _ => return Err(malformed(font, "bad `head.indexToLocFormat`")),
    };
    let num_glyphs = usize::from(face.number_of_glyphs());
    let offsets =
        parse_loca(loca, long_loca, num_glyphs, glyf.len()).map_err(|e| malformed(font, e))?;
    let glyphs = Glyphs { glyf, offsets };
    let keep = glyph_closure(face, &glyphs, chars);

    let mut new_glyf = Vec::new();
    let mut new_offsets = Vec::with_capacity(num_glyphs + 1);
    for g in 0..num_glyphs {
        new_offsets.push(new_glyf.len());
        let Ok(id) = u16::try_from(g) else { break };
        if keep.contains(&id) {
            new_glyf.extend_from_slice(glyphs.get(id));
            new_glyf.resize(new_glyf.len().next_multiple_of(4), 0);
        }
    }
    new_offsets.push(new_glyf.len());
    let short_loca = new_glyf.len() / 2 <= usize::from(u16::MAX);
    let mut new_loca = Vec::with_capacity(new_offsets.len() * 4);
    for &offset in &new_offsets {
        if short_loca {
            new_loca.extend_from_slice(&((offset / 2) as u16).to_be_bytes());
        } else {
            let offset = u32::try_from(offset).map_err(|_| malformed(font, "`glyf` too large"))?;
            new_loca.extend_from_slice(&offset.to_be_bytes());
        }
    }
    // `checkSumAdjustment` zero (`assemble_sfnt` sets it), `indexToLocFormat`
    // for the new `loca`.
    let head_too_short = || malformed(font, "`head` table too short");
    if head.len() < 54 {
        return Err(head_too_short());
    }
    let mut new_head = head.to_vec();
    write_at(&mut new_head, 8, &[0; 4]).ok_or_else(head_too_short)?;
    write_at(&mut new_head, 50, &u16::from(!short_loca).to_be_bytes())
        .ok_or_else(head_too_short)?;

    // `post` 3.0: the same metrics without glyph names, as pyftsubset writes
    // by default (the names are a quarter of a subset's size).
    let post = find(b"post")
        .and_then(|post| post.get(4..32))
        .map(|header| [0x0003_0000u32.to_be_bytes().as_slice(), header].concat());

    let mut out_tables: Vec<([u8; 4], &[u8])> = Vec::with_capacity(tables.len());
    for table in tables {
        let data: &[u8] = match &table.tag {
            b"DSIG" => continue,
            b"glyf" => &new_glyf,
            b"loca" => &new_loca,
            b"head" => &new_head,
            b"post" => post.as_deref().unwrap_or(table.data),
            _ => table.data,
        };
        out_tables.push((table.tag, data));
    }
    let subset = assemble_sfnt(version, out_tables);
    Face::parse(&subset, 0).map_err(|e| {
        malformed(
            font,
            format!("the subset does not parse ({e}); embed the whole font instead"),
        )
    })?;
    Ok(subset)
}

/// The outlines of a font: `glyf` and the glyph offsets from `loca`.
struct Glyphs<'a> {
    glyf: &'a [u8],
    /// `count() + 1` offsets, ascending, within `glyf`.
    offsets: Vec<usize>,
}

impl<'a> Glyphs<'a> {
    fn count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The glyph's data (empty for an empty glyph or an id out of range).
    fn get(&self, g: u16) -> &'a [u8] {
        let g = usize::from(g);
        match (self.offsets.get(g), self.offsets.get(g + 1)) {
            (Some(&start), Some(&end)) => self.glyf.get(start..end).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Glyph offsets from `loca`, checked against `glyf`.
fn parse_loca(
    loca: &[u8],
    long: bool,
    num_glyphs: usize,
    glyf_len: usize,
) -> Result<Vec<usize>, String> {
    let mut offsets = Vec::with_capacity(num_glyphs + 1);
    for i in 0..=num_glyphs {
        let offset = if long {
            read_u32(loca, 4 * i).map(|o| o as usize)
        } else {
            read_u16(loca, 2 * i).map(|o| usize::from(o) * 2)
        };
        let offset = offset.ok_or("`loca` is shorter than `maxp.numGlyphs` needs")?;
        if offset > glyf_len || offsets.last().is_some_and(|&last| offset < last) {
            return Err(format!("`loca` entry {i} points outside `glyf`"));
        }
        offsets.push(offset);
    }
    Ok(offsets)
}

/// The glyph ids that `chars` need, closed under GSUB and composite glyphs.
fn glyph_closure(face: &Face<'_>, glyphs: &Glyphs<'_>, chars: &BTreeSet<char>) -> BTreeSet<u16> {
    let num_glyphs = glyphs.count();
    let mut wanted: BTreeSet<char> = chars.clone();
    wanted.extend(ALWAYS_KEPT.chars());
    add_compositions(face, &mut wanted);
    let mut keep = BTreeSet::from([0u16]);
    keep.extend(
        wanted
            .iter()
            .filter_map(|&c| face.glyph_index(c))
            .map(|g| g.0),
    );
    keep.retain(|&g| usize::from(g) < num_glyphs);
    loop {
        let before = keep.len();
        gsub_pass(face, num_glyphs, &mut keep);
        composite_closure(glyphs, &mut keep);
        if keep.len() == before {
            return keep;
        }
    }
}

/// Adds the font's precomposed characters whose canonical decomposition
/// consists only of wanted characters (a shaper may compose them).
fn add_compositions(face: &Face<'_>, wanted: &mut BTreeSet<char>) {
    let Some(cmap) = face.tables().cmap else {
        return;
    };
    let mut mapped = BTreeSet::new();
    for subtable in cmap.subtables {
        if subtable.is_unicode() {
            subtable.codepoints(|cp| {
                if let Some(c) = char::from_u32(cp) {
                    mapped.insert(c);
                }
            });
        }
    }
    let mut found = Vec::new();
    for c in mapped {
        if wanted.contains(&c) {
            continue;
        }
        let mut parts = Vec::new();
        decompose_canonical(c, |d| parts.push(d));
        if parts.len() > 1 && parts.iter().all(|d| wanted.contains(d)) {
            found.push(c);
        }
    }
    wanted.extend(found);
}

/// Adds every glyph a GSUB lookup can put in place of kept glyphs.
fn gsub_pass(face: &Face<'_>, num_glyphs: usize, keep: &mut BTreeSet<u16>) {
    let Some(gsub) = face.tables().gsub else {
        return;
    };
    let mut found = Vec::new();
    for lookup in gsub.lookups {
        for subtable in lookup.subtables.into_iter::<SubstitutionSubtable<'_>>() {
            for &g in keep.iter() {
                substitutes(&subtable, GlyphId(g), keep, &mut found);
            }
        }
    }
    keep.extend(found.into_iter().filter(|&g| usize::from(g) < num_glyphs));
}

fn substitutes(
    subtable: &SubstitutionSubtable<'_>,
    g: GlyphId,
    keep: &BTreeSet<u16>,
    found: &mut Vec<u16>,
) {
    match subtable {
        SubstitutionSubtable::Single(SingleSubstitution::Format1 { coverage, delta }) => {
            if coverage.contains(g) {
                found.push(g.0.wrapping_add_signed(*delta));
            }
        }
        SubstitutionSubtable::Single(SingleSubstitution::Format2 {
            coverage,
            substitutes,
        }) => {
            if let Some(s) = coverage.get(g).and_then(|i| substitutes.get(i)) {
                found.push(s.0);
            }
        }
        SubstitutionSubtable::Multiple(m) => {
            if let Some(seq) = m.coverage.get(g).and_then(|i| m.sequences.get(i)) {
                found.extend(seq.substitutes.into_iter().map(|s| s.0));
            }
        }
        SubstitutionSubtable::Alternate(a) => {
            if let Some(set) = a.coverage.get(g).and_then(|i| a.alternate_sets.get(i)) {
                found.extend(set.alternates.into_iter().map(|s| s.0));
            }
        }
        SubstitutionSubtable::Ligature(l) => {
            if let Some(set) = l.coverage.get(g).and_then(|i| l.ligature_sets.get(i)) {
                for ligature in set {
                    if ligature.components.into_iter().all(|c| keep.contains(&c.0)) {
                        found.push(ligature.glyph.0);
                    }
                }
            }
        }
        SubstitutionSubtable::ReverseChainSingle(r) => {
            if let Some(s) = r.coverage.get(g).and_then(|i| r.substitutes.get(i)) {
                found.push(s.0);
            }
        }
        // Contextual lookups only apply other lookups, which the pass visits anyway.
        SubstitutionSubtable::Context(_) | SubstitutionSubtable::ChainContext(_) => {}
    }
}

/// Adds the components of kept composite glyphs, recursively.
fn composite_closure(glyphs: &Glyphs<'_>, keep: &mut BTreeSet<u16>) {
    let mut stack: Vec<u16> = keep.iter().copied().collect();
    while let Some(g) = stack.pop() {
        for component in composite_components(glyphs.get(g)) {
            if usize::from(component) < glyphs.count() && keep.insert(component) {
                stack.push(component);
            }
        }
    }
}

/// Glyph ids referenced by a composite glyph (none for a simple one).
fn composite_components(glyph: &[u8]) -> Vec<u16> {
    const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
    const WE_HAVE_A_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
    const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
    let mut components = Vec::new();
    match read_u16(glyph, 0) {
        Some(contours) if (contours as i16) < 0 => {}
        _ => return components,
    }
    let mut at = 10;
    while let (Some(flags), Some(id)) = (read_u16(glyph, at), read_u16(glyph, at + 2)) {
        components.push(id);
        at += 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        at += if flags & WE_HAVE_A_SCALE != 0 {
            2
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            4
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    components
}

/// Writes an sfnt file from its tables: directory sorted by tag, tables
/// 4-byte aligned, checksums and `head.checkSumAdjustment` computed (the
/// `head` given must have a zero `checkSumAdjustment`).
fn assemble_sfnt(version: [u8; 4], mut tables: Vec<([u8; 4], &[u8])>) -> Vec<u8> {
    tables.sort_by_key(|t| t.0);
    let count = tables.len() as u32;
    let entry_selector = count.max(1).ilog2();
    let search_range = (1u32 << entry_selector) * 16;
    let range_shift = count * 16 - search_range;
    let mut out = Vec::new();
    out.extend_from_slice(&version);
    for field in [count, search_range, entry_selector, range_shift] {
        out.extend_from_slice(&(field as u16).to_be_bytes());
    }
    // The directory, then the tables in the same order, each 4-byte aligned.
    let mut offset = out.len() + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(head) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        // `head` is 54 bytes (`subset_font` checks), so the field is there.
        let _ = write_at(&mut out, head + 8, &adjustment.to_be_bytes());
    }
    out
}

/// The sfnt checksum: the sum of big-endian u32s, the last one zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        for (w, &b) in word.iter_mut().zip(chunk) {
            *w = b;
        }
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

// ---------------------------------------------------------------------------
// The package

/// The parts of a package by name, as [`add_to_parts`] edits them.
pub type Parts = BTreeMap<String, Vec<u8>>;

/// Adds the fonts to a DOCX package (zip bytes); see [`add_to_parts`].
#[cfg(test)]
pub fn add_to_package(
    docx: &[u8],
    family: &str,
    fonts: &[EmbeddedFont],
) -> Result<Vec<u8>, FontEmbedError> {
    let mut parts = super::parts::read_parts(docx).map_err(|e| package_error(e.to_string()))?;
    add_to_parts(&mut parts, family, fonts)?;
    super::parts::write_parts(&parts, None).map_err(|e| package_error(e.to_string()))
}

/// [`add_to_package`] on a package already read into parts (zip entry names
/// without a leading `/`, directories left out): edits the font table, its
/// relationships, `[Content_Types].xml` and the settings, and adds the font
/// parts. On error `parts` is unchanged.
pub fn add_to_parts(
    parts: &mut Parts,
    family: &str,
    fonts: &[EmbeddedFont],
) -> Result<(), FontEmbedError> {
    check_font_list(family, fonts)?;
    let mut fonts: Vec<&EmbeddedFont> = fonts.iter().collect();
    fonts.sort_by_key(|f| f.slot);

    let main = relationship_target(parts, "", "_rels/.rels", "/officeDocument")?
        .ok_or_else(|| package_error("_rels/.rels names no main document"))?;
    let main_rels = rels_part_for(&main);
    let font_table = relationship_target(parts, &main, &main_rels, "/fontTable")?
        .ok_or_else(|| package_error(format!("{main_rels} names no font table")))?;
    let settings = relationship_target(parts, &main, &main_rels, "/settings")?
        .ok_or_else(|| package_error(format!("{main_rels} names no settings part")))?;
    let font_dir = parent_dir(&font_table);
    let font_parts: Vec<String> = fonts
        .iter()
        .map(|f| format!("{font_dir}fonts/{}", f.part_name))
        .collect();
    if let Some(clash) = font_parts.iter().find(|p| find_part(parts, p).is_some()) {
        return Err(package_error(format!("it already has a part {clash}")));
    }

    // Relationships from the font table to the font parts.
    let rels_name = rels_part_for(&font_table);
    let targets: Vec<String> = fonts
        .iter()
        .map(|f| format!("fonts/{}", f.part_name))
        .collect();
    let rels_key = find_part(parts, &rels_name).unwrap_or(rels_name);
    let rels_xml = match parts.get(&rels_key) {
        Some(_) => part_text(parts, &rels_key)?,
        None => EMPTY_RELATIONSHIPS.to_owned(),
    };
    let (rels_xml, ids) = add_relationships(&rels_xml, &rels_key, &targets)?;

    let font_table_key = find_part(parts, &font_table)
        .ok_or_else(|| package_error(format!("the font table {font_table} is missing")))?;
    let table_xml = part_text(parts, &font_table_key)?;
    let table_xml = add_font_table_entries(&table_xml, &font_table_key, family, &fonts, &ids)?;

    let content_types_key = find_part(parts, CONTENT_TYPES_PART)
        .ok_or_else(|| package_error(format!("{CONTENT_TYPES_PART} is missing")))?;
    let content_types = part_text(parts, &content_types_key)?;
    let content_types = add_font_content_type(&content_types)?;

    let settings_key = find_part(parts, &settings)
        .ok_or_else(|| package_error(format!("the settings part {settings} is missing")))?;
    let settings_xml = part_text(parts, &settings_key)?;
    let any_subset = fonts.iter().any(|f| f.subset);
    let settings_xml = add_embedding_settings(&settings_xml, &settings_key, any_subset)?;

    parts.insert(font_table_key, table_xml.into_bytes());
    parts.insert(content_types_key, content_types.into_bytes());
    parts.insert(settings_key, settings_xml.into_bytes());
    parts.insert(rels_key, rels_xml.into_bytes());
    for (font, name) in fonts.iter().zip(font_parts) {
        parts.insert(name, font.data.clone());
    }
    Ok(())
}

fn package_error(reason: impl Into<String>) -> FontEmbedError {
    FontEmbedError::Package {
        reason: reason.into(),
    }
}

fn check_font_list(family: &str, fonts: &[EmbeddedFont]) -> Result<(), FontEmbedError> {
    let invalid = |reason: String| FontEmbedError::InvalidFontList {
        family: family.to_owned(),
        reason,
    };
    if family.is_empty() {
        return Err(invalid("the family name is empty".to_owned()));
    }
    if fonts.is_empty() {
        return Err(invalid("no fonts given".to_owned()));
    }
    let mut slots = BTreeSet::new();
    let mut names = BTreeSet::new();
    for font in fonts {
        if !slots.insert(font.slot) {
            return Err(invalid(format!("two fonts for the {:?} face", font.slot)));
        }
        if !names.insert(font.part_name.as_str()) {
            return Err(invalid(format!("two fonts named {}", font.part_name)));
        }
        let name_ok = !font.part_name.is_empty()
            && font
                .part_name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !name_ok || !font.part_name.ends_with(".odttf") {
            return Err(invalid(format!(
                "part name `{}` is not of the form font1.odttf",
                font.part_name
            )));
        }
        let plain = obfuscate(&font.data, &font.key)?;
        let face = Face::parse(&plain, 0).map_err(|e| FontEmbedError::Malformed {
            font: font.part_name.clone(),
            reason: format!("{e} (after deobfuscation with its key)"),
        })?;
        let names: Vec<String> = face
            .names()
            .into_iter()
            .filter(|n| matches!(n.name_id, name_id::FAMILY | name_id::TYPOGRAPHIC_FAMILY))
            .filter_map(|n| n.to_string())
            .collect();
        if !names.iter().any(|n| n.eq_ignore_ascii_case(family)) {
            return Err(FontEmbedError::FamilyMismatch {
                part: font.part_name.clone(),
                slot: font.slot,
                family: family.to_owned(),
                found: names
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "(none)".to_owned()),
            });
        }
    }
    Ok(())
}

/// The name under which `parts` holds `name` (part names are case-insensitive).
fn find_part(parts: &Parts, name: &str) -> Option<String> {
    if parts.contains_key(name) {
        return Some(name.to_owned());
    }
    parts.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()
}

/// The text of part `part` (a key of `parts`), without a byte order mark.
fn part_text(parts: &Parts, part: &str) -> Result<String, FontEmbedError> {
    let data = parts
        .get(part)
        .ok_or_else(|| package_error(format!("{part} is missing")))?;
    let text = std::str::from_utf8(data).map_err(|e| FontEmbedError::Xml {
        part: part.to_owned(),
        reason: format!("not UTF-8: {e}"),
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_owned())
}

/// The relationships part of `part`: `word/document.xml` → `word/_rels/document.xml.rels`.
fn rels_part_for(part: &str) -> String {
    let dir = parent_dir(part);
    let file = &part[dir.len()..];
    format!("{dir}_rels/{file}.rels")
}

/// `word/document.xml` → `word/`; `document.xml` → ``.
fn parent_dir(part: &str) -> &str {
    part.rfind('/').map_or("", |i| &part[..=i])
}

/// The part that the first relationship of type `…{type_suffix}` in `rels`
/// targets, resolved against `source` (a part name, `` for the package).
fn relationship_target(
    parts: &Parts,
    source: &str,
    rels: &str,
    type_suffix: &str,
) -> Result<Option<String>, FontEmbedError> {
    let Some(key) = find_part(parts, rels) else {
        return Ok(None);
    };
    let xml = part_text(parts, &key)?;
    let elements = parse_xml(&xml).map_err(|reason| FontEmbedError::Xml {
        part: rels.to_owned(),
        reason,
    })?;
    for element in elements.iter().filter(|e| e.depth == 1) {
        if local_name(element.name) != "Relationship"
            || attr(element, "TargetMode").is_some_and(|m| m == "External")
        {
            continue;
        }
        let (Some(kind), Some(target)) = (attr(element, "Type"), attr(element, "Target")) else {
            continue;
        };
        if kind.ends_with(type_suffix) {
            return Ok(Some(resolve_target(source, &target)));
        }
    }
    Ok(None)
}

/// Resolves a relationship target against the part that holds it.
fn resolve_target(source: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("{}{target}", parent_dir(source)),
    };
    let mut segments: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

const EMPTY_RELATIONSHIPS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>";

/// Adds font relationships to a relationships part; returns it and their ids.
fn add_relationships(
    xml: &str,
    part: &str,
    targets: &[String],
) -> Result<(String, Vec<String>), FontEmbedError> {
    let xml_error = |reason: String| FontEmbedError::Xml {
        part: part.to_owned(),
        reason,
    };
    let elements = parse_xml(xml).map_err(xml_error)?;
    let root = elements
        .first()
        .ok_or_else(|| xml_error("no root element".to_owned()))?;
    let prefix = root_prefix(root, "Relationships", PKG_REL_NS).map_err(xml_error)?;
    let used: BTreeSet<String> = elements
        .iter()
        .filter(|e| e.depth == 1)
        .filter_map(|e| attr(e, "Id"))
        .collect();
    let mut ids = Vec::with_capacity(targets.len());
    let mut next = 1usize;
    let mut inserted = String::new();
    for target in targets {
        let id = loop {
            let id = format!("rId{next}");
            next += 1;
            if !used.contains(&id) {
                break id;
            }
        };
        inserted.push_str(&format!(
            "<{prefix}Relationship Id=\"{id}\" Type=\"{FONT_RELATIONSHIP_TYPE}\" Target=\"{}\"/>",
            escape_attr(target)
        ));
        ids.push(id);
    }
    let edit = append_child(xml, root, &inserted);
    Ok((apply_edits(xml, vec![edit]), ids))
}

/// Adds the embed elements of `fonts` to `family`'s entry in the font table,
/// creating the entry if there is none.
fn add_font_table_entries(
    xml: &str,
    part: &str,
    family: &str,
    fonts: &[&EmbeddedFont],
    ids: &[String],
) -> Result<String, FontEmbedError> {
    let xml_error = |reason: String| FontEmbedError::Xml {
        part: part.to_owned(),
        reason,
    };
    let elements = parse_xml(xml).map_err(xml_error)?;
    let root = elements
        .first()
        .ok_or_else(|| xml_error("no root element".to_owned()))?;
    let w = root_prefix(root, "fonts", WML_NS).map_err(xml_error)?;
    let (r, r_declaration) = match namespace_prefix(root, REL_NS) {
        Some(p) => (p, String::new()),
        None => ("r".to_owned(), format!(" xmlns:r=\"{REL_NS}\"")),
    };
    let mut embeds = String::new();
    for (font, id) in fonts.iter().zip(ids) {
        embeds.push_str(&format!(
            "<{w}{element}{r_declaration} {r}:id=\"{id}\" {w}fontKey=\"{key}\"{subsetted}/>",
            element = font.slot.element(),
            key = font.key,
            subsetted = if font.subset {
                format!(" {w}subsetted=\"1\"")
            } else {
                String::new()
            },
        ));
    }
    let name_attr = format!("{w}name");
    let entry = elements.iter().enumerate().find(|(_, e)| {
        e.parent == Some(0)
            && e.name == format!("{w}font")
            && attr(e, &name_attr).is_some_and(|n| n == family)
    });
    let edit = match entry {
        Some((i, entry)) => {
            let embedded = elements.iter().any(|e| {
                e.parent == Some(i)
                    && matches!(
                        local_name(e.name),
                        "embedRegular" | "embedBold" | "embedItalic" | "embedBoldItalic"
                    )
            });
            if embedded {
                return Err(FontEmbedError::AlreadyEmbedded {
                    part: part.to_owned(),
                    family: family.to_owned(),
                });
            }
            // The embed elements come last in CT_Font, so they go at its end.
            append_child(xml, entry, &embeds)
        }
        None => {
            let properties = font_properties(fonts, &w)?;
            let new_entry = format!(
                "<{w}font {w}name=\"{}\">{properties}{embeds}</{w}font>",
                escape_attr(family)
            );
            append_child(xml, root, &new_entry)
        }
    };
    Ok(apply_edits(xml, vec![edit]))
}

/// `w:panose1`, `w:charset`, `w:family`, `w:pitch`, `w:sig` for a new font
/// table entry, from the first font's OS/2 and post tables.
fn font_properties(fonts: &[&EmbeddedFont], w: &str) -> Result<String, FontEmbedError> {
    let Some(font) = fonts.first() else {
        return Ok(String::new());
    };
    let plain = obfuscate(&font.data, &font.key)?;
    let face = Face::parse(&plain, 0).map_err(|e| FontEmbedError::Malformed {
        font: font.part_name.clone(),
        reason: e.to_string(),
    })?;
    let os2 = face
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"OS/2"))
        .unwrap_or(&[]);
    let mut out = String::new();
    let panose = os2.get(32..).and_then(<[u8]>::first_chunk::<10>);
    if let Some(panose) = panose {
        let hex: String = panose.iter().map(|b| format!("{b:02X}")).collect();
        out.push_str(&format!("<{w}panose1 {w}val=\"{hex}\"/>"));
    }
    out.push_str(&format!("<{w}charset {w}val=\"00\"/>"));
    let kind = match panose.map(|p| (p[0], p[1])) {
        _ if face.is_monospaced() => "modern",
        Some((2, 11..=13)) => "swiss",
        Some((2, _)) => "roman",
        Some((3, _)) => "script",
        Some((4, _)) => "decorative",
        _ => "auto",
    };
    out.push_str(&format!("<{w}family {w}val=\"{kind}\"/>"));
    let pitch = if face.is_monospaced() {
        "fixed"
    } else {
        "variable"
    };
    out.push_str(&format!("<{w}pitch {w}val=\"{pitch}\"/>"));
    let ranges = [42, 46, 50, 54, 78, 82].map(|at| read_u32(os2, at));
    if let [
        Some(usb0),
        Some(usb1),
        Some(usb2),
        Some(usb3),
        Some(csb0),
        Some(csb1),
    ] = ranges
    {
        out.push_str(&format!(
            "<{w}sig {w}usb0=\"{usb0:08X}\" {w}usb1=\"{usb1:08X}\" {w}usb2=\"{usb2:08X}\" \
             {w}usb3=\"{usb3:08X}\" {w}csb0=\"{csb0:08X}\" {w}csb1=\"{csb1:08X}\"/>"
        ));
    }
    Ok(out)
}

/// Adds `<Default Extension="odttf" …/>` to `[Content_Types].xml`.
fn add_font_content_type(xml: &str) -> Result<String, FontEmbedError> {
    let xml_error = |reason: String| FontEmbedError::Xml {
        part: CONTENT_TYPES_PART.to_owned(),
        reason,
    };
    let elements = parse_xml(xml).map_err(xml_error)?;
    let root = elements
        .first()
        .ok_or_else(|| xml_error("no root element".to_owned()))?;
    let prefix = root_prefix(root, "Types", CONTENT_TYPES_NS).map_err(xml_error)?;
    let defaults: Vec<&Element<'_>> = elements
        .iter()
        .filter(|e| e.parent == Some(0) && local_name(e.name) == "Default")
        .collect();
    for default in &defaults {
        if attr(default, "Extension").is_some_and(|x| x.eq_ignore_ascii_case("odttf")) {
            if attr(default, "ContentType").as_deref() == Some(OBFUSCATED_FONT_CONTENT_TYPE) {
                return Ok(xml.to_owned());
            }
            return Err(package_error(format!(
                "{CONTENT_TYPES_PART} gives .odttf another content type"
            )));
        }
    }
    let text = format!(
        "<{prefix}Default Extension=\"odttf\" ContentType=\"{OBFUSCATED_FONT_CONTENT_TYPE}\"/>"
    );
    let edit = match defaults.last() {
        Some(last) => Edit::insert(last.end, text),
        None if !root.empty => Edit::insert(root.open_end, text),
        None => append_child(xml, root, &text),
    };
    Ok(apply_edits(xml, vec![edit]))
}

/// Settings children that come before `w:embedTrueTypeFonts` (CT_Settings).
const BEFORE_EMBED_TRUE_TYPE: &[&str] = &[
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
];

/// Sets `w:embedTrueTypeFonts` (and `w:saveSubsetFonts` when `subset`) in
/// settings, replacing any existing ones, at their schema positions.
fn add_embedding_settings(xml: &str, part: &str, subset: bool) -> Result<String, FontEmbedError> {
    let xml_error = |reason: String| FontEmbedError::Xml {
        part: part.to_owned(),
        reason,
    };
    let elements = parse_xml(xml).map_err(xml_error)?;
    let root = elements
        .first()
        .ok_or_else(|| xml_error("no root element".to_owned()))?;
    let w = root_prefix(root, "settings", WML_NS).map_err(xml_error)?;
    if root.empty {
        let mut flags = format!("<{w}embedTrueTypeFonts/>");
        if subset {
            flags.push_str(&format!("<{w}saveSubsetFonts/>"));
        }
        return Ok(apply_edits(xml, vec![append_child(xml, root, &flags)]));
    }
    let children: Vec<&Element<'_>> = elements.iter().filter(|e| e.parent == Some(0)).collect();
    let mut edits = Vec::new();
    let mut replaced = |name: &str| {
        for child in children.iter().filter(|c| c.name == format!("{w}{name}")) {
            edits.push(Edit {
                start: child.start,
                end: child.end,
                text: String::new(),
            });
        }
    };
    replaced("embedTrueTypeFonts");
    if subset {
        replaced("saveSubsetFonts");
    }
    let after = |names: &[&str]| {
        children
            .iter()
            .filter(|c| c.name.starts_with(w.as_str()) && names.contains(&local_name(c.name)))
            .map(|c| c.end)
            .max()
            .unwrap_or(root.open_end)
    };
    let embed_at = after(BEFORE_EMBED_TRUE_TYPE);
    let mut embed = format!("<{w}embedTrueTypeFonts/>");
    let mut save_subset = None;
    if subset {
        let mut before_subset = BEFORE_EMBED_TRUE_TYPE.to_vec();
        before_subset.push("embedSystemFonts");
        let subset_at = after(&before_subset);
        let text = format!("<{w}saveSubsetFonts/>");
        if subset_at == embed_at {
            embed.push_str(&text);
        } else {
            save_subset = Some(Edit::insert(subset_at, text));
        }
    }
    edits.push(Edit::insert(embed_at, embed));
    edits.extend(save_subset);
    Ok(apply_edits(xml, edits))
}

// ---------------------------------------------------------------------------
// A minimal XML scanner: element positions, names and raw attributes, enough
// to insert elements at the right place without rewriting anything else.

/// One element of a parsed XML document.
#[derive(Debug)]
struct Element<'a> {
    /// Qualified name.
    name: &'a str,
    /// Raw attribute text of the start tag.
    attributes: &'a str,
    /// Offset of the start tag's `<`.
    start: usize,
    /// Offset just after the start tag's `>`.
    open_end: usize,
    /// Offset of the end tag's `<` (`start` for an empty element).
    close_start: usize,
    /// Offset just after the element.
    end: usize,
    /// Written `<a/>`.
    empty: bool,
    /// 0 for the root.
    depth: usize,
    /// Index of the parent element.
    parent: Option<usize>,
}

/// Elements in document order; the root is the first.
fn parse_xml(xml: &str) -> Result<Vec<Element<'_>>, String> {
    let mut elements: Vec<Element<'_>> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut at = 0;
    while let Some(found) = xml[at..].find('<') {
        let lt = at + found;
        let rest = &xml[lt..];
        let skip_to = |end: &str| -> Result<usize, String> {
            rest.find(end)
                .map(|i| lt + i + end.len())
                .ok_or_else(|| format!("unterminated markup at byte {lt}"))
        };
        if rest.starts_with("<?") {
            at = skip_to("?>")?;
        } else if rest.starts_with("<!--") {
            at = skip_to("-->")?;
        } else if rest.starts_with("<![CDATA[") {
            at = skip_to("]]>")?;
        } else if rest.starts_with("<!") {
            return Err("document type declarations are not allowed".to_owned());
        } else if let Some(tail) = rest.strip_prefix("</") {
            let gt = tail
                .find('>')
                .ok_or_else(|| format!("unterminated end tag at byte {lt}"))?;
            let name = tail[..gt].trim();
            let index = open
                .pop()
                .ok_or_else(|| format!("end tag </{name}> without start tag"))?;
            let element = elements
                .get_mut(index)
                .ok_or_else(|| format!("end tag </{name}> without start tag"))?;
            if element.name != name {
                return Err(format!(
                    "end tag </{name}> does not match <{}>",
                    element.name
                ));
            }
            element.close_start = lt;
            at = lt + 2 + gt + 1;
            element.end = at;
        } else {
            let gt = tag_end(rest).ok_or_else(|| format!("unterminated start tag at byte {lt}"))?;
            let inner = &rest[1..gt];
            let (inner, empty) = match inner.trim_end().strip_suffix('/') {
                Some(stripped) => (stripped, true),
                None => (inner, false),
            };
            let name_len = inner
                .find(|c: char| c.is_whitespace())
                .unwrap_or(inner.len());
            let name = &inner[..name_len];
            if name.is_empty() {
                return Err(format!("start tag without a name at byte {lt}"));
            }
            if open.is_empty() && !elements.is_empty() {
                return Err("more than one root element".to_owned());
            }
            let open_end = lt + gt + 1;
            elements.push(Element {
                name,
                attributes: &inner[name_len..],
                start: lt,
                open_end,
                close_start: lt,
                end: open_end,
                empty,
                depth: open.len(),
                parent: open.last().copied(),
            });
            if !empty {
                open.push(elements.len() - 1);
            }
            at = open_end;
        }
    }
    if let Some(&index) = open.last() {
        let name = elements.get(index).map_or("", |e| e.name);
        return Err(format!("<{name}> is not closed"));
    }
    if elements.is_empty() {
        return Err("no root element".to_owned());
    }
    Ok(elements)
}

/// Offset of the `>` that ends the tag starting `s`, outside quoted values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The unescaped value of attribute `name` (qualified) of `element`.
fn attr(element: &Element<'_>, name: &str) -> Option<String> {
    attributes(element.attributes)
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| unescape(v))
}

/// The attributes of a start tag, with raw values.
fn attributes(src: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = src;
    loop {
        rest = rest.trim_start();
        let Some(eq) = rest.find('=') else { break };
        let name = rest[..eq].trim();
        let value = rest[eq + 1..].trim_start();
        let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            break;
        };
        let Some(close) = value[1..].find(quote) else {
            break;
        };
        out.push((name, &value[1..1 + close]));
        rest = &value[close + 2..];
    }
    out
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let Some(semi) = tail.find(';') else { break };
        let entity = &tail[1..semi];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn escape_attr(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn local_name(name: &str) -> &str {
    name.rfind(':').map_or(name, |i| &name[i + 1..])
}

/// The prefix (with its colon, or empty) of `root`, checked to be the element
/// `local` in namespace `ns`.
fn root_prefix(root: &Element<'_>, local: &str, ns: &str) -> Result<String, String> {
    if local_name(root.name) != local {
        return Err(format!("the root element is <{}>, not {local}", root.name));
    }
    let prefix = root.name.strip_suffix(local).unwrap_or("");
    let declaration = match prefix.strip_suffix(':') {
        Some(p) => format!("xmlns:{p}"),
        None => "xmlns".to_owned(),
    };
    if attr(root, &declaration).as_deref() != Some(ns) {
        return Err(format!("<{}> is not in namespace {ns}", root.name));
    }
    Ok(prefix.to_owned())
}

/// A prefix that `element` binds to `ns`.
fn namespace_prefix(element: &Element<'_>, ns: &str) -> Option<String> {
    attributes(element.attributes)
        .into_iter()
        .find(|(n, v)| n.starts_with("xmlns:") && unescape(v) == ns)
        .map(|(n, _)| n["xmlns:".len()..].to_owned())
}

/// A replacement of `start..end` by `text`.
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

impl Edit {
    fn insert(at: usize, text: String) -> Edit {
        Edit {
            start: at,
            end: at,
            text,
        }
    }
}

/// The edit that makes `text` the last content of `element`.
fn append_child(xml: &str, element: &Element<'_>, text: &str) -> Edit {
    if element.empty {
        // `<a …/>` → `<a …>text</a>`
        let tag = &xml[element.start..element.open_end];
        let open = tag.trim_end_matches('>').trim_end().trim_end_matches('/');
        Edit {
            start: element.start,
            end: element.open_end,
            text: format!("{open}>{text}</{}>", element.name),
        }
    } else {
        Edit::insert(element.close_start, text.to_owned())
    }
}

/// Applies non-overlapping edits (an insertion at the start of a removal goes
/// before what follows the removal).
fn apply_edits(xml: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by(|a, b| b.start.cmp(&a.start).then(b.end.cmp(&a.end)));
    let mut out = xml.to_owned();
    for edit in edits {
        out.replace_range(edit.start..edit.end, &edit.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read, Write};

    use zip::write::SimpleFileOptions;
    use zip::{DateTime, ZipArchive, ZipWriter};

    use super::*;

    const FONT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts");
    const TEXT: &str = "Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập, tự do, hạnh phúc; ướ ựờ";

    fn font_bytes(face: &str) -> Vec<u8> {
        let path = format!("{FONT_DIR}/LiberationSerif-{face}.ttf");
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn regular() -> Vec<u8> {
        font_bytes("Regular")
    }

    fn text_chars() -> BTreeSet<char> {
        TEXT.chars().collect()
    }

    fn file(data: &[u8]) -> FontFile<'_> {
        FontFile {
            data,
            source: "LiberationSerif-Regular.ttf",
        }
    }

    fn deobfuscated(font: &EmbeddedFont) -> Vec<u8> {
        obfuscate(&font.data, &font.key).expect("deobfuscate")
    }

    /// A copy of `data` with the OS/2 fsType set to `fs_type`.
    fn with_fs_type(data: &[u8], fs_type: u16) -> Vec<u8> {
        let tables = table_directory(data).expect("directory");
        let os2 = tables.iter().find(|t| &t.tag == b"OS/2").expect("OS/2");
        let offset = os2.data.as_ptr() as usize - data.as_ptr() as usize;
        let mut out = data.to_vec();
        out[offset + 8..offset + 10].copy_from_slice(&fs_type.to_be_bytes());
        out
    }

    #[test]
    fn key_bytes_are_the_guid_read_from_the_right() {
        // The example key in LibreOffice's reader: its pairs from the right.
        let zeros = [0u8; 40];
        let out = obfuscate(&zeros, "{62E79491-959F-41E9-B76B-6B32631DEA5C}").expect("obfuscate");
        let expected = [
            0x5C, 0xEA, 0x1D, 0x63, 0x32, 0x6B, 0x6B, 0xB7, 0xE9, 0x41, 0x9F, 0x95, 0x91, 0x94,
            0xE7, 0x62,
        ];
        assert_eq!(out[..16], expected);
        assert_eq!(out[16..32], expected);
        assert_eq!(out[32..], [0u8; 8]);
    }

    #[test]
    fn obfuscation_round_trips_and_changes_only_the_first_32_bytes() {
        let data = regular();
        let key = content_key(&data);
        let obfuscated = obfuscate(&data, &key).expect("obfuscate");
        assert_eq!(obfuscated.len(), data.len());
        assert!(
            (0..32).all(
                |i| obfuscated[i] != data[i] || parse_font_key(&key).expect("key")[i % 16] == 0
            )
        );
        assert_ne!(obfuscated[..32], data[..32]);
        assert_eq!(obfuscated[32..], data[32..]);
        assert_eq!(obfuscate(&obfuscated, &key).expect("deobfuscate"), data);
        assert!(
            Face::parse(&obfuscated, 0).is_err(),
            "obfuscated data should not parse"
        );
    }

    #[test]
    fn bad_keys_and_short_data_are_refused() {
        for key in [
            "",
            "62E79491-959F-41E9-B76B-6B32631DEA5C",
            "{62e79491-959f-41e9-b76b-6b32631dea5c}",
            "{62E79491-959F-41E9-B76B-6B32631DEA5}",
            "{62E79491-959F-41E9-B76B6-B32631DEA5C}",
            "{62E79491-959F-41E9-B76B-6B32631DEA5G}",
        ] {
            assert!(
                matches!(
                    obfuscate(&[0; 64], key),
                    Err(FontEmbedError::InvalidKey { .. })
                ),
                "{key}"
            );
        }
        assert!(matches!(
            obfuscate(&[0; 31], "{62E79491-959F-41E9-B76B-6B32631DEA5C}"),
            Err(FontEmbedError::TooShort { len: 31 })
        ));
    }

    #[test]
    fn content_keys_are_upper_case_guids() {
        let key = content_key(b"abc");
        assert!(parse_font_key(&key).is_ok(), "{key}");
        assert_eq!(key, content_key(b"abc"));
        assert_ne!(key, content_key(b"abd"));
        assert_eq!(&key[15..16], "8", "version nibble");
    }

    #[test]
    fn subset_keeps_glyph_ids_and_used_outlines_only() {
        let data = regular();
        let chars = text_chars();
        let embedded = embed_font(file(&data), &chars, Slot::Regular, 1).expect("embed");
        assert!(embedded.subset);
        assert_eq!(embedded.part_name, "font1.odttf");
        let subset = deobfuscated(&embedded);
        assert!(
            subset.len() * 3 < data.len(),
            "subset {} vs full {}",
            subset.len(),
            data.len()
        );
        let full = Face::parse(&data, 0).expect("full");
        let sub = Face::parse(&subset, 0).expect("subset parses");
        assert_eq!(sub.number_of_glyphs(), full.number_of_glyphs());
        for c in chars.iter().copied().chain(ALWAYS_KEPT.chars()) {
            let g = full
                .glyph_index(c)
                .expect("Liberation Serif covers the text");
            assert_eq!(sub.glyph_index(c), Some(g), "{c:?}");
            assert_eq!(sub.glyph_hor_advance(g), full.glyph_hor_advance(g), "{c:?}");
            assert_eq!(
                sub.glyph_bounding_box(g),
                full.glyph_bounding_box(g),
                "{c:?}"
            );
            if !c.is_whitespace() {
                assert!(sub.glyph_bounding_box(g).is_some(), "{c:?} has an outline");
            }
        }
        for c in ['Q', 'z', 'Ж', 'ß', 'Ặ'] {
            let g = full.glyph_index(c).expect("covered");
            assert!(full.glyph_bounding_box(g).is_some());
            assert_eq!(sub.glyph_index(c), Some(g), "{c:?} still mapped");
            assert_eq!(sub.glyph_bounding_box(g), None, "{c:?} emptied");
        }
        // .notdef is kept.
        assert_eq!(
            sub.glyph_bounding_box(GlyphId(0)),
            full.glyph_bounding_box(GlyphId(0))
        );
    }

    #[test]
    fn subset_tables_and_checksums_are_valid() {
        let data = regular();
        let embedded = embed_font(file(&data), &text_chars(), Slot::Regular, 1).expect("embed");
        let subset = deobfuscated(&embedded);
        assert_eq!(checksum(&subset), 0xB1B0_AFBA, "whole-font checksum");
        let tables = table_directory(&subset).expect("directory");
        let tags: Vec<[u8; 4]> = tables.iter().map(|t| t.tag).collect();
        let mut sorted = tags.clone();
        sorted.sort();
        assert_eq!(tags, sorted);
        assert!(!tags.contains(b"DSIG"));
        let original = table_directory(&data).expect("directory");
        for table in &original {
            if matches!(&table.tag, b"glyf" | b"loca" | b"head" | b"DSIG" | b"post") {
                continue;
            }
            let copy = tables.iter().find(|t| t.tag == table.tag).expect("kept");
            assert_eq!(
                copy.data,
                table.data,
                "{}",
                String::from_utf8_lossy(&table.tag)
            );
        }
        let post = tables.iter().find(|t| &t.tag == b"post").expect("post");
        let original_post = original.iter().find(|t| &t.tag == b"post").expect("post");
        assert_eq!(post.data[..4], [0, 3, 0, 0], "post 3.0");
        assert_eq!(
            post.data[4..],
            original_post.data[4..32],
            "post metrics kept"
        );
        for (i, table) in tables.iter().enumerate() {
            let stored = read_u32(&subset, 12 + 16 * i + 4).expect("checksum");
            let mut data = table.data.to_vec();
            if &table.tag == b"head" {
                data[8..12].fill(0);
            }
            assert_eq!(
                stored,
                checksum(&data),
                "{}",
                String::from_utf8_lossy(&table.tag)
            );
        }
    }

    #[test]
    fn composite_components_and_compositions_are_kept() {
        let data = regular();
        let full = Face::parse(&data, 0).expect("full");
        // Decomposed text: the shaper may compose it to the precomposed glyph.
        let chars: BTreeSet<char> = "o\u{323}\u{302}".chars().collect();
        let embedded = embed_font(file(&data), &chars, Slot::Regular, 1).expect("embed");
        let subset = deobfuscated(&embedded);
        let sub = Face::parse(&subset, 0).expect("subset");
        let g = full.glyph_index('ộ').expect("ộ");
        assert!(sub.glyph_bounding_box(g).is_some(), "ộ kept for o+◌̣+◌̂");
        // Components of every kept composite glyph are kept, byte for byte.
        fn glyphs(font: &[u8]) -> Glyphs<'_> {
            let tables = table_directory(font).expect("directory");
            let find = |tag: &[u8; 4]| tables.iter().find(|t| &t.tag == tag).expect("table").data;
            let (glyf, loca, head) = (find(b"glyf"), find(b"loca"), find(b"head"));
            let long = read_u16(head, 50) == Some(1);
            let n = usize::from(Face::parse(font, 0).expect("face").number_of_glyphs());
            let offsets = parse_loca(loca, long, n, glyf.len()).expect("loca");
            Glyphs { glyf, offsets }
        }
        let (original, kept) = (glyphs(&data), glyphs(&subset));
        let mut composites = 0;
        for g in 0..kept.count() as u16 {
            for c in composite_components(kept.get(g)) {
                composites += 1;
                assert!(
                    kept.get(c).starts_with(original.get(c)),
                    "component {c} of {g}"
                );
                assert!(
                    kept.get(c).len() < original.get(c).len() + 4,
                    "component {c} of {g}"
                );
            }
        }
        assert!(composites > 0, "the font has composite glyphs in use");
    }

    #[test]
    fn all_four_faces_subset_and_parse() {
        let chars = text_chars();
        for (index, (face, slot)) in [
            ("Regular", Slot::Regular),
            ("Bold", Slot::Bold),
            ("Italic", Slot::Italic),
            ("BoldItalic", Slot::BoldItalic),
        ]
        .into_iter()
        .enumerate()
        {
            let data = font_bytes(face);
            let font = FontFile {
                data: &data,
                source: face,
            };
            let embedded = embed_font(font, &chars, slot, index + 1).expect("embed");
            let subset = deobfuscated(&embedded);
            let sub = Face::parse(&subset, 0).expect("parses");
            for c in chars.iter().filter(|c| !c.is_whitespace()) {
                let g = sub.glyph_index(*c).expect("mapped");
                assert!(sub.glyph_bounding_box(g).is_some(), "{face} {c:?}");
            }
            assert!(subset.len() * 3 < data.len(), "{face}");
        }
    }

    #[test]
    fn restricted_and_bitmap_only_fonts_are_refused() {
        let data = regular();
        for (fs_type, what) in [
            (0x0002, "restricted"),
            (0x0200, "bitmap"),
            (0x0202, "restricted"),
        ] {
            let patched = with_fs_type(&data, fs_type);
            let font = FontFile {
                data: &patched,
                source: "restricted.ttf",
            };
            for result in [
                embed_font(font, &text_chars(), Slot::Regular, 1),
                embed_full_font(font, Slot::Regular, 1),
            ] {
                let err = result.expect_err("refused");
                assert!(matches!(err, FontEmbedError::NotEmbeddable { .. }), "{err}");
                let message = err.to_string();
                assert!(message.contains("restricted.ttf"), "{message}");
                assert!(message.contains(what), "{message}");
            }
        }
        // Editable and preview & print are allowed (least restrictive bit wins).
        for fs_type in [0x0004, 0x0008, 0x0006] {
            let patched = with_fs_type(&data, fs_type);
            assert!(embed_font(file(&patched), &text_chars(), Slot::Regular, 1).is_ok());
        }
    }

    #[test]
    fn no_subsetting_fonts_are_embedded_whole() {
        let patched = with_fs_type(&regular(), 0x0100);
        let embedded = embed_font(file(&patched), &text_chars(), Slot::Regular, 1).expect("embed");
        assert!(!embedded.subset);
        assert_eq!(deobfuscated(&embedded), patched);
    }

    #[test]
    fn malformed_fonts_are_errors_not_panics() {
        let data = regular();
        let chars = text_chars();
        for bad in [
            &b""[..],
            &b"OTTO"[..],
            &data[..100],
            &data[..data.len() / 2],
        ] {
            let result = embed_font(file(bad), &chars, Slot::Regular, 1);
            if let Err(err) = &result {
                assert!(
                    err.to_string().contains("LiberationSerif-Regular.ttf"),
                    "{err}"
                );
            }
        }
        let err = embed_font(file(b"ttcf\0\0\0\0"), &chars, Slot::Regular, 1).expect_err("ttc");
        assert!(matches!(err, FontEmbedError::Unsupported { .. }), "{err}");
        // Scrambled bytes after the header must not panic either.
        let mut scrambled = data.clone();
        for (i, b) in scrambled.iter_mut().enumerate().skip(300) {
            *b = b.wrapping_mul(31).wrapping_add(i as u8);
        }
        let _ = embed_font(file(&scrambled), &chars, Slot::Regular, 1);
    }

    /// The message of a [`FontEmbedError::Malformed`] for `font`, or a
    /// failure saying what came instead.
    fn malformed_reason(result: Result<EmbeddedFont, FontEmbedError>, what: &str) -> String {
        match result {
            Err(FontEmbedError::Malformed { font, reason }) => {
                assert_eq!(font, "LiberationSerif-Regular.ttf", "{what}");
                reason
            }
            Err(other) => panic!("{what}: expected a Malformed error, got {other}"),
            Ok(_) => panic!("{what}: a damaged font was embedded"),
        }
    }

    /// Byte offset of the table directory record of `tag` in `data`.
    fn record_of(data: &[u8], tag: &[u8; 4]) -> usize {
        let count = usize::from(read_u16(data, 4).expect("numTables"));
        (0..count)
            .map(|i| 12 + 16 * i)
            .find(|&r| data.get(r..r + 4) == Some(tag.as_slice()))
            .unwrap_or_else(|| panic!("no {tag:?} record"))
    }

    /// Byte offset of table `tag` in `data`.
    fn table_offset(data: &[u8], tag: &[u8; 4]) -> usize {
        read_u32(data, record_of(data, tag) + 8).expect("offset") as usize
    }

    fn put_u16(data: &mut [u8], at: usize, value: u16) {
        data[at..at + 2].copy_from_slice(&value.to_be_bytes());
    }

    fn put_u32(data: &mut [u8], at: usize, value: u32) {
        data[at..at + 4].copy_from_slice(&value.to_be_bytes());
    }

    #[test]
    fn truncated_fonts_are_malformed_errors_that_say_what_is_wrong() {
        let data = regular();
        let chars = text_chars();
        // Cuts in the header, in the directory (19 records end at byte 316),
        // and every 997 bytes through the tables.
        let mut lengths = vec![0, 3, 4, 5, 11, 12, 100, 315, 316, data.len() - 1];
        lengths.extend((0..data.len()).step_by(997));
        for len in lengths {
            let cut = &data[..len];
            let what = format!("cut at {len} of {} bytes", data.len());
            let reason = malformed_reason(embed_font(file(cut), &chars, Slot::Regular, 1), &what);
            let expected = if len < 4 {
                "does not start with an sfnt header"
            } else if len < 6 {
                "too short for an sfnt header"
            } else if len < 316 {
                "the table directory is cut short"
            } else {
                "lies outside the file"
            };
            assert!(reason.contains(expected), "{what}: {reason}");
            if len >= 316 {
                // The last table in the file, FFTM, is the first cut off.
                assert!(
                    reason.contains(&format!("lies outside the file of {len} bytes")),
                    "{what}: {reason}"
                );
            }
        }
        // A font that may not be subset is embedded whole, but not when damaged.
        let whole = with_fs_type(&data, 0x0100);
        assert!(
            !embed_font(file(&whole), &chars, Slot::Regular, 1)
                .expect("whole")
                .subset
        );
        let cut = &whole[..whole.len() / 2];
        let reason = malformed_reason(
            embed_font(file(cut), &chars, Slot::Regular, 1),
            "no-subsetting font cut in half",
        );
        assert!(reason.contains("lies outside the file"), "{reason}");
    }

    #[test]
    fn corrupt_table_records_are_errors_naming_the_table_or_give_a_valid_font() {
        let data = regular();
        let chars = text_chars();
        let count = usize::from(read_u16(&data, 4).expect("numTables"));
        let file_len = data.len() as u32;
        let mut outside = 0;
        for i in 0..count {
            let record = 12 + 16 * i;
            let tag = String::from_utf8_lossy(&data[record..record + 4]).into_owned();
            let offset = read_u32(&data, record + 8).expect("offset");
            let length = read_u32(&data, record + 12).expect("length");
            // (field, value) pairs: offsets and lengths past the end, wrapping
            // sums, zero, and single bit flips.
            let mut edits = vec![
                (8, u32::MAX),
                (8, file_len),
                (8, file_len - length + 1),
                (8, 0),
                (12, u32::MAX),
                (12, file_len - offset + 1),
                (12, 0),
            ];
            for bit in [0, 7, 12, 20, 31] {
                edits.push((8, offset ^ 1 << bit));
                edits.push((12, length ^ 1 << bit));
            }
            for (field, value) in edits {
                let mut bad = data.clone();
                put_u32(&mut bad, record + field, value);
                let (offset, length) = if field == 8 {
                    (value, length)
                } else {
                    (offset, value)
                };
                let what = format!("`{tag}` with offset {offset}, length {length}");
                let result = embed_font(file(&bad), &chars, Slot::Regular, 1);
                if u64::from(offset) + u64::from(length) > u64::from(file_len) {
                    outside += 1;
                    let reason = malformed_reason(result, &what);
                    let expected = format!(
                        "table `{tag}` (offset {offset}, length {length}) lies outside the file"
                    );
                    assert!(reason.contains(&expected), "{what}: {reason}");
                } else {
                    match result {
                        Ok(font) => {
                            let plain = deobfuscated(&font);
                            Face::parse(&plain, 0).expect("the subset of a corrupt font parses");
                        }
                        // A flipped OS/2 offset may read another fsType.
                        Err(
                            FontEmbedError::Malformed { font, .. }
                            | FontEmbedError::Unsupported { font, .. }
                            | FontEmbedError::NotEmbeddable { font, .. },
                        ) => assert_eq!(font, "LiberationSerif-Regular.ttf"),
                        Err(other) => panic!("{what}: unexpected {other}"),
                    }
                }
            }
        }
        assert!(outside >= 5 * count, "only {outside} cases pointed outside");
    }

    #[test]
    fn corrupt_glyph_tables_are_malformed_errors() {
        let data = regular();
        let chars = text_chars();
        let head = table_offset(&data, b"head");
        let maxp = table_offset(&data, b"maxp");
        let loca = table_offset(&data, b"loca");
        let long_loca = read_u16(&data, head + 50) == Some(1);
        let corrupted = |edit: &dyn Fn(&mut [u8])| {
            let mut bad = data.clone();
            edit(&mut bad);
            bad
        };
        let check = |what: &str, expected: &str, bad: Vec<u8>| {
            let reason = malformed_reason(embed_font(file(&bad), &chars, Slot::Regular, 1), what);
            assert!(reason.contains(expected), "{what}: {reason}");
        };
        // ttf-parser refuses this one before `subset_font` looks.
        check(
            "indexToLocFormat 7",
            "head",
            corrupted(&|d| put_u16(d, head + 50, 7)),
        );
        check(
            "the other loca format",
            "`loca`",
            corrupted(&|d| put_u16(d, head + 50, u16::from(!long_loca))),
        );
        check(
            "numGlyphs 65535",
            "`loca` is shorter than `maxp.numGlyphs` needs",
            corrupted(&|d| put_u16(d, maxp + 4, u16::MAX)),
        );
        // Glyphs 0–3 are empty, glyph 4 is not.
        check(
            "glyph 5 ends before it starts",
            "`loca` entry 6 points outside `glyf`",
            corrupted(&|d| {
                if long_loca {
                    put_u32(d, loca + 4 * 6, 0);
                } else {
                    put_u16(d, loca + 2 * 6, 0);
                }
            }),
        );
        let last = usize::from(read_u16(&data, maxp + 4).expect("numGlyphs"));
        check(
            "loca ends past glyf",
            "points outside `glyf`",
            corrupted(&|d| {
                if long_loca {
                    put_u32(d, loca + 4 * last, u32::MAX);
                } else {
                    put_u16(d, loca + 2 * last, u16::MAX);
                }
            }),
        );
    }

    #[test]
    fn embedding_is_deterministic() {
        let data = regular();
        let a = embed_font(file(&data), &text_chars(), Slot::Regular, 1).expect("a");
        let b = embed_font(file(&data), &text_chars(), Slot::Regular, 1).expect("b");
        assert_eq!(a, b);
        let other: BTreeSet<char> = "abc".chars().collect();
        let c = embed_font(file(&data), &other, Slot::Regular, 1).expect("c");
        assert_ne!(a.key, c.key);
    }

    fn docx_rs_package() -> Vec<u8> {
        let mut buffer = Cursor::new(Vec::new());
        docx_rs::Docx::new()
            .add_paragraph(
                docx_rs::Paragraph::new().add_run(
                    docx_rs::Run::new().add_text(TEXT).fonts(
                        docx_rs::RunFonts::new()
                            .ascii("Liberation Serif")
                            .hi_ansi("Liberation Serif")
                            .cs("Liberation Serif"),
                    ),
                ),
            )
            .build()
            .pack(&mut buffer)
            .expect("pack");
        buffer.into_inner()
    }

    fn read_part(docx: &[u8], name: &str) -> Vec<u8> {
        let mut archive = ZipArchive::new(Cursor::new(docx)).expect("zip");
        let mut file = archive.by_name(name).expect(name);
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("read");
        data
    }

    fn read_text(docx: &[u8], name: &str) -> String {
        String::from_utf8(read_part(docx, name)).expect("utf-8")
    }

    fn four_faces(chars: &BTreeSet<char>) -> Vec<EmbeddedFont> {
        ["Regular", "Bold", "Italic", "BoldItalic"]
            .into_iter()
            .enumerate()
            .map(|(i, face)| {
                let data = font_bytes(face);
                let slot = Slot::new(face.starts_with("Bold"), face.ends_with("Italic"));
                embed_font(
                    FontFile {
                        data: &data,
                        source: face,
                    },
                    chars,
                    slot,
                    i + 1,
                )
                .expect(face)
            })
            .collect()
    }

    #[test]
    fn package_gets_parts_relationships_content_type_font_table_and_settings() {
        let docx = docx_rs_package();
        let fonts = four_faces(&text_chars());
        let out = add_to_package(&docx, "Liberation Serif", &fonts).expect("add");

        for font in &fonts {
            let part = read_part(&out, &format!("word/fonts/{}", font.part_name));
            assert_eq!(part, font.data);
        }
        let types = read_text(&out, "[Content_Types].xml");
        assert_eq!(
            types
                .matches(
                    "<Default Extension=\"odttf\" ContentType=\"application/vnd.openxmlformats-officedocument.obfuscatedFont\"/>"
                )
                .count(),
            1,
            "{types}"
        );
        let rels = read_text(&out, "word/_rels/fontTable.xml.rels");
        for (i, font) in fonts.iter().enumerate() {
            let rel = format!(
                "<Relationship Id=\"rId{}\" Type=\"{FONT_RELATIONSHIP_TYPE}\" Target=\"fonts/{}\"/>",
                i + 1,
                font.part_name
            );
            assert!(rels.contains(&rel), "{rels}");
        }
        let table = read_text(&out, "word/fontTable.xml");
        let start = table
            .find("<w:font w:name=\"Liberation Serif\">")
            .expect("entry");
        let entry = &table[start..start + table[start..].find("</w:font>").expect("end")];
        let order = [
            "<w:panose1 ",
            "<w:charset ",
            "<w:family ",
            "<w:pitch ",
            "<w:sig ",
            "<w:embedRegular ",
            "<w:embedBold ",
            "<w:embedItalic ",
            "<w:embedBoldItalic ",
        ];
        let positions: Vec<usize> = order
            .iter()
            .map(|e| entry.find(e).unwrap_or_else(|| panic!("{e} in {entry}")))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{entry}");
        assert!(entry.contains(&format!(
            "<w:embedRegular r:id=\"rId1\" w:fontKey=\"{}\" w:subsetted=\"1\"/>",
            fonts[0].key
        )));
        assert!(entry.contains("<w:family w:val=\"roman\"/>"), "{entry}");
        // docx-rs's own entries are untouched.
        let original = String::from_utf8(read_part(&docx, "word/fontTable.xml")).expect("utf-8");
        assert!(table.starts_with(&original[..original.find("</w:fonts>").expect("end")]));

        let settings = read_text(&out, "word/settings.xml");
        let embed = settings
            .find("<w:embedTrueTypeFonts/>")
            .expect("embed flag");
        let subset = settings.find("<w:saveSubsetFonts/>").expect("subset flag");
        assert!(embed < subset);
        if let Some(zoom) = settings.find("<w:zoom") {
            assert!(zoom < embed, "{settings}");
        }
        // docx-rs writes w:defaultTabStop before w:zoom (out of schema order);
        // the flags go after w:zoom and before everything that follows it.
        assert!(
            subset < settings.find("<w:compat>").expect("compat"),
            "{settings}"
        );
        // Every other part is unchanged.
        let mut archive = ZipArchive::new(Cursor::new(&docx[..])).expect("zip");
        for i in 0..archive.len() {
            let name = archive.by_index(i).expect("entry").name().to_owned();
            if name.ends_with('/')
                || [
                    "[Content_Types].xml",
                    "word/fontTable.xml",
                    "word/settings.xml",
                ]
                .contains(&name.as_str())
            {
                continue;
            }
            assert_eq!(read_part(&out, &name), read_part(&docx, &name), "{name}");
        }
    }

    #[test]
    fn parts_api_matches_the_package_api_and_leaves_parts_alone_on_error() {
        let docx = docx_rs_package();
        let fonts = four_faces(&text_chars());
        let mut archive = ZipArchive::new(Cursor::new(&docx[..])).expect("zip");
        let mut parts = Parts::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).expect("entry");
            if file.is_dir() {
                continue;
            }
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("read");
            parts.insert(file.name().to_owned(), data);
        }
        let before = parts.clone();
        let err = add_to_parts(&mut parts, "DejaVu Serif", &fonts).expect_err("family");
        assert!(
            matches!(err, FontEmbedError::FamilyMismatch { .. }),
            "{err}"
        );
        assert_eq!(parts, before);
        add_to_parts(&mut parts, "Liberation Serif", &fonts).expect("add");
        let package = add_to_package(&docx, "Liberation Serif", &fonts).expect("package");
        let mut archive = ZipArchive::new(Cursor::new(&package[..])).expect("zip");
        let files = (0..archive.len())
            .filter(|&i| !archive.by_index(i).expect("entry").is_dir())
            .count();
        assert_eq!(files, parts.len());
        for (name, data) in &parts {
            assert_eq!(&read_part(&package, name), data, "{name}");
        }
        let new: Vec<&str> = parts
            .keys()
            .filter(|k| !before.contains_key(*k))
            .map(String::as_str)
            .collect();
        assert_eq!(
            new,
            [
                "word/_rels/fontTable.xml.rels",
                "word/fonts/font1.odttf",
                "word/fonts/font2.odttf",
                "word/fonts/font3.odttf",
                "word/fonts/font4.odttf"
            ]
        );
    }

    #[test]
    fn package_rewrite_is_deterministic() {
        let docx = docx_rs_package();
        let fonts = four_faces(&text_chars());
        let a = add_to_package(&docx, "Liberation Serif", &fonts).expect("a");
        let b = add_to_package(&docx, "Liberation Serif", &fonts).expect("b");
        assert_eq!(a, b);
        let mut archive = ZipArchive::new(Cursor::new(&a[..])).expect("zip");
        for i in 0..archive.len() {
            let entry = archive.by_index(i).expect("entry");
            assert_eq!(entry.last_modified(), Some(DateTime::default()));
        }
    }

    const HAND_WRITTEN: [(&str, &str); 5] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document.xml"/></Relationships>"#,
        ),
        (
            "word/_rels/document.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="./fontTable.xml"/></Relationships>"#,
        ),
        (
            "word/fontTable.xml",
            r#"<?xml version="1.0"?><!-- fonts --><x:fonts xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:font x:name="Liberation Serif"/><x:font x:name="A &amp; &quot;B&quot;"><x:charset x:val="00"/></x:font></x:fonts>"#,
        ),
        (
            "word/settings.xml",
            r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:embedSystemFonts/><w:embedTrueTypeFonts w:val="false"/><w:defaultTabStop w:val="720"/></w:settings>"#,
        ),
    ];

    fn hand_written(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(*name, SimpleFileOptions::default())
                .expect("start");
            zip.write_all(text.as_bytes()).expect("write");
        }
        zip.finish().expect("finish").into_inner()
    }

    #[test]
    fn package_edits_respect_prefixes_existing_entries_and_schema_order() {
        let docx = hand_written(&HAND_WRITTEN);
        let data = font_bytes("Bold");
        let bold = embed_font(
            FontFile {
                data: &data,
                source: "b",
            },
            &text_chars(),
            Slot::Bold,
            3,
        )
        .expect("embed");
        let out =
            add_to_package(&docx, "Liberation Serif", std::slice::from_ref(&bold)).expect("add");
        let table = read_text(&out, "word/fontTable.xml");
        assert!(table.contains(&format!(
            "<x:font x:name=\"Liberation Serif\"><x:embedBold xmlns:r=\"{REL_NS}\" r:id=\"rId1\" \
             x:fontKey=\"{}\" x:subsetted=\"1\"/></x:font><x:font x:name=\"A &amp; &quot;B&quot;\">",
            bold.key
        )), "{table}");
        let settings = read_text(&out, "word/settings.xml");
        assert_eq!(
            settings,
            r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:embedTrueTypeFonts/><w:embedSystemFonts/><w:saveSubsetFonts/><w:defaultTabStop w:val="720"/></w:settings>"#
        );
        let types = read_text(&out, "[Content_Types].xml");
        assert!(types.contains(r#"<Default Extension="xml" ContentType="application/xml"/><Default Extension="odttf""#), "{types}");
        assert_eq!(read_part(&out, "word/fonts/font3.odttf"), bold.data);

        // The same part again is refused, and so is a second embedding.
        let err = add_to_package(&out, "Liberation Serif", std::slice::from_ref(&bold))
            .expect_err("part");
        assert!(matches!(err, FontEmbedError::Package { .. }), "{err}");
        assert!(err.to_string().contains("word/fonts/font3.odttf"), "{err}");
        let again = EmbeddedFont {
            part_name: "font4.odttf".to_owned(),
            ..bold
        };
        let err = add_to_package(&out, "Liberation Serif", &[again]).expect_err("twice");
        assert!(
            matches!(err, FontEmbedError::AlreadyEmbedded { .. }),
            "{err}"
        );
    }

    #[test]
    fn existing_font_relationships_keep_their_ids() {
        let mut parts = HAND_WRITTEN.to_vec();
        parts.push((
            "word/_rels/fontTable.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/font" Target="fonts/font1.odttf"/></Relationships>"#,
        ));
        let docx = hand_written(&parts);
        let data = regular();
        let font = embed_font(file(&data), &text_chars(), Slot::Regular, 2).expect("embed");
        let out = add_to_package(&docx, "Liberation Serif", &[font]).expect("add");
        let rels = read_text(&out, "word/_rels/fontTable.xml.rels");
        assert!(rels.contains("Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/font\" Target=\"fonts/font1.odttf\"/><Relationship Id=\"rId2\""), "{rels}");
        let table = read_text(&out, "word/fontTable.xml");
        assert!(table.contains("r:id=\"rId2\""), "{table}");
    }

    #[test]
    fn package_errors_say_what_is_wrong() {
        let docx = docx_rs_package();
        let data = regular();
        let font = embed_font(file(&data), &text_chars(), Slot::Regular, 1).expect("embed");
        // Wrong family.
        let err = add_to_package(&docx, "Times New Roman", std::slice::from_ref(&font))
            .expect_err("family");
        assert!(
            matches!(err, FontEmbedError::FamilyMismatch { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("Liberation Serif"), "{err}");
        // Duplicate slot.
        let err = add_to_package(&docx, "Liberation Serif", &[font.clone(), font.clone()])
            .expect_err("duplicate");
        assert!(
            matches!(err, FontEmbedError::InvalidFontList { .. }),
            "{err}"
        );
        // Not a zip.
        let err = add_to_package(
            b"not a zip",
            "Liberation Serif",
            std::slice::from_ref(&font),
        )
        .expect_err("zip");
        assert!(matches!(err, FontEmbedError::Package { .. }), "{err}");
        // No font table.
        let parts: Vec<_> = HAND_WRITTEN
            .iter()
            .filter(|(n, _)| *n != "word/fontTable.xml")
            .copied()
            .collect();
        let err = add_to_package(
            &hand_written(&parts),
            "Liberation Serif",
            std::slice::from_ref(&font),
        )
        .expect_err("no font table");
        assert!(err.to_string().contains("word/fontTable.xml"), "{err}");
        // Broken XML.
        let mut parts = HAND_WRITTEN.to_vec();
        parts[4] = ("word/settings.xml", "<w:settings><w:zoom></w:settings>");
        let err = add_to_package(&hand_written(&parts), "Liberation Serif", &[font])
            .expect_err("bad xml");
        assert!(matches!(err, FontEmbedError::Xml { .. }), "{err}");
    }

    #[test]
    fn xml_scanner_handles_the_usual_constructs() {
        let xml = r#"<?xml version="1.0"?><!-- c > d --><a x='1>2' y="&lt;&#x41;&#66;&amp;"><b/><![CDATA[<c>]]><c >t</c ></a>"#;
        let elements = parse_xml(xml).expect("parse");
        let names: Vec<&str> = elements.iter().map(|e| e.name).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(attr(&elements[0], "x").as_deref(), Some("1>2"));
        assert_eq!(attr(&elements[0], "y").as_deref(), Some("<AB&"));
        assert_eq!(elements[2].parent, Some(0));
        assert_eq!(&xml[elements[2].start..elements[2].end], "<c >t</c >");
        for bad in [
            "<a>",
            "<a></b>",
            "<a/><b/>",
            "<!DOCTYPE a><a/>",
            "text",
            "<a x='1></a>",
        ] {
            assert!(parse_xml(bad).is_err(), "{bad}");
        }
    }
}
