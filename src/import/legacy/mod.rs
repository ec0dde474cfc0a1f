//! Legacy Vietnamese 8-bit encodings, which old documents are still found in:
//! TCVN3 (TCVN 5712:1993 VN3, the "ABC" fonts such as .VnTime) and
//! VNI-Windows (the VNI fonts such as VNI-Times). Both decode to Unicode NFC;
//! both encode back (tests use that to damage text the way old files hold
//! it); [`detect`] tells them from each other and from UTF-8.
//!
//! What the encodings cannot hold:
//!
//! - TCVN3 has no capital vowels with a tone mark (`Á`, `Ủ`, `Ở`, `Ý`, …):
//!   VN3 holds ASCII, the seven capitals `Ă Â Ê Ô Ơ Ư Đ`, the 67 lowercase
//!   Vietnamese letters and the no-break space. Old files got toned capitals
//!   from a separate all-capitals font (.VnTimeH) over the *lowercase*
//!   bytes, so they decode as lowercase; [`encode_tcvn3`] writes `?`.
//!   Nor can it hold Latin-1 symbols such as `©`, `°`, `«`, whose bytes are
//!   letters in TCVN3. Bytes 0x80–0x9F are read and written as
//!   Windows-1252 (`“ ” – … •`), which is what documents in the ABC fonts
//!   hold there; the capitals the full VN1 table puts at those bytes are not
//!   decoded. The decoder does read the other VN1/VN2 additions, which VN3
//!   leaves unassigned: toned capitals at 0x01–0x17 and at the gaps of
//!   0xA0–0xFF, and combining tone marks at 0xB0–0xB4.
//! - VNI-Windows holds every Vietnamese letter, lowercase and capital, and
//!   Windows-1252 punctuation. It cannot hold the other Latin-1 letters
//!   whose bytes are its own letters and marks (`Ä Å Æ Ë Î Ï Ñ Ö Ø Ü` and
//!   their lowercase), nor anything outside Windows-1252; [`encode_vni`]
//!   writes `?` for them (`Ç Ð Þ ß ç ð þ ÿ × ÷` are kept).
//!
//! [`detect`] scores Vietnamese syllables, so text with few words carrying
//! diacritics (a line or two, lists of names and numbers) may be guessed
//! wrong, and valid UTF-8 is taken for UTF-8 unless a legacy reading is
//! clearly Vietnamese and better.

use std::fmt;
use std::iter;

mod detect;
mod tcvn3;
#[cfg(test)]
mod tests;
mod vni;

pub use detect::detect;
pub(crate) use detect::syllable_counts;
pub use tcvn3::{decode_tcvn3, encode_tcvn3};
pub use vni::{decode_vni, encode_vni};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{compose, decompose_canonical};

/// A legacy Vietnamese text encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN3 (TCVN 5712:1993 VN3, the "ABC" fonts such as .VnTime).
    Tcvn3,
    /// VNI-Windows (the VNI fonts such as VNI-Times).
    Vni,
}

/// The encoding's name for messages: "TCVN3" / "VNI-Windows".
impl fmt::Display for Legacy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Legacy::Tcvn3 => "TCVN3",
            Legacy::Vni => "VNI-Windows",
        })
    }
}

/// Vietnamese tone marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Grave,
    Acute,
    Hook,
    Tilde,
    Dot,
}

impl Tone {
    /// The combining mark.
    fn mark(self) -> char {
        match self {
            Tone::Grave => '\u{300}',
            Tone::Acute => '\u{301}',
            Tone::Hook => '\u{309}',
            Tone::Tilde => '\u{303}',
            Tone::Dot => '\u{323}',
        }
    }

    /// The tone a combining mark stands for (the deprecated Vietnamese tone
    /// marks U+0340/U+0341 included).
    fn from_mark(c: char) -> Option<Tone> {
        match c {
            '\u{300}' | '\u{340}' => Some(Tone::Grave),
            '\u{301}' | '\u{341}' => Some(Tone::Acute),
            '\u{309}' => Some(Tone::Hook),
            '\u{303}' => Some(Tone::Tilde),
            '\u{323}' => Some(Tone::Dot),
            _ => None,
        }
    }
}

/// The diacritics that make Vietnamese vowel letters (ă â ê ô ơ ư).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Circumflex,
    Breve,
    Horn,
}

impl Shape {
    /// The combining mark.
    fn mark(self) -> char {
        match self {
            Shape::Circumflex => '\u{302}',
            Shape::Breve => '\u{306}',
            Shape::Horn => '\u{31B}',
        }
    }

    /// The shape a combining mark stands for.
    fn from_mark(c: char) -> Option<Shape> {
        match c {
            '\u{302}' => Some(Shape::Circumflex),
            '\u{306}' => Some(Shape::Breve),
            '\u{31B}' => Some(Shape::Horn),
            _ => None,
        }
    }
}

/// A Latin letter taken apart: ASCII base, vowel shape, tone.
#[derive(Debug, Clone, Copy)]
struct Parts {
    base: char,
    shape: Option<Shape>,
    tone: Option<Tone>,
}

/// Takes a letter apart by canonical decomposition; `None` unless it is an
/// ASCII letter with at most one shape and one tone mark (so `đ`, which does
/// not decompose, gives `None`).
fn parts(c: char) -> Option<Parts> {
    let mut base = None;
    let mut shape = None;
    let mut tone = None;
    let mut ok = true;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        } else if let Some(t) = Tone::from_mark(d) {
            ok &= tone.replace(t).is_none();
        } else if let Some(s) = Shape::from_mark(d) {
            ok &= shape.replace(s).is_none();
        } else {
            ok = false;
        }
    });
    let base = base?;
    (ok && base.is_ascii_alphabetic()).then_some(Parts { base, shape, tone })
}

/// Windows-1252 at 0x80–0x9F; the five unassigned bytes stand for the C1
/// controls of the same value, as Windows and WHATWG read them.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// A byte read as Windows-1252.
fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH
            .get(usize::from(b - 0x80))
            .copied()
            .unwrap_or(char::REPLACEMENT_CHARACTER),
        _ => char::from(b),
    }
}

/// The Windows-1252 byte of a character, if it has one.
fn cp1252_byte(c: char) -> Option<u8> {
    match u32::from(c) {
        0x00..=0x7F | 0xA0..=0xFF => u8::try_from(u32::from(c)).ok(),
        _ => CP1252_HIGH
            .iter()
            .position(|&h| h == c)
            .and_then(|i| u8::try_from(i + 0x80).ok()),
    }
}
