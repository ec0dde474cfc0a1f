//! Why a font could not be embedded: typed, so that callers and tests can
//! tell the cases apart; [`FontEmbedError::into_error`] is where it becomes
//! the crate's [`Error`].

use crate::error::Error;
use crate::text::FaceId;

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
    /// The list of fonts given to [`super::add_to_parts`] cannot be embedded as is.
    #[error("fonts to embed for `{family}`: {reason}")]
    InvalidFontList {
        /// The family.
        family: String,
        /// What is wrong with the list.
        reason: String,
    },
    /// An embedded font is not of the family it is declared for.
    #[error(
        "{part}: the font for the {face:?} face of `{family}` is of family `{found}`; embed the \
         files of the family the document names"
    )]
    FamilyMismatch {
        /// The font part.
        part: String,
        /// Its face.
        face: FaceId,
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

impl FontEmbedError {
    /// The crate's [`Error::FontEmbed`], for the font `file`; it keeps this
    /// error as its source, so a library caller can still tell the cases
    /// apart.
    pub(crate) fn into_error(self, file: &str) -> Error {
        Error::FontEmbed {
            file: file.to_owned(),
            source: self,
        }
    }
}
