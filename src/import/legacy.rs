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

// ---------------------------------------------------------------- TCVN3 ---

/// TCVN 5712 at 0xA0–0xFF. The VN3 (ABC font) assignments are the no-break
/// space, the capitals at 0xA1–0xA7 and every lowercase letter; the rest are
/// VN2's: toned capitals at the gaps and combining tone marks at 0xB0–0xB4.
#[rustfmt::skip]
const TCVN3_HIGH: [char; 96] = [
    // 0xA0
    '\u{A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ',
    // 0xB0
    '\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã',
    'á', 'ạ', 'Ẳ', 'ằ', 'ẳ', 'ẵ', 'ắ', 'Ẵ',
    // 0xC0
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ',
    // 0xD0
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò',
    // 0xE0
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù',
    // 0xF0
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố',
];

/// The toned capitals TCVN 5712 VN1 puts among the C0 controls (0x00–0x17;
/// tab, line feed and carriage return stay controls).
const TCVN3_C0: [(u8, char); 12] = [
    (0x01, 'Ú'),
    (0x02, 'Ụ'),
    (0x04, 'Ừ'),
    (0x05, 'Ử'),
    (0x06, 'Ữ'),
    (0x11, 'Ứ'),
    (0x12, 'Ự'),
    (0x13, 'Ỳ'),
    (0x14, 'Ỷ'),
    (0x15, 'Ỹ'),
    (0x16, 'Ý'),
    (0x17, 'Ỵ'),
];

/// A TCVN3 byte as a character (combining marks are composed later).
fn tcvn3_char(b: u8) -> char {
    match b {
        0x00..=0x7F => TCVN3_C0
            .iter()
            .find(|&&(byte, _)| byte == b)
            .map_or(char::from(b), |&(_, c)| c),
        0x80..=0x9F => cp1252_char(b),
        _ => TCVN3_HIGH
            .get(usize::from(b - 0xA0))
            .copied()
            .unwrap_or(char::REPLACEMENT_CHARACTER),
    }
}

/// Whether a position of [`TCVN3_HIGH`] is assigned in VN3, the table of the
/// ABC fonts: no-break space, the seven capitals, the lowercase letters.
fn tcvn3_in_vn3(index: usize, c: char) -> bool {
    index <= 0x0E || c.is_lowercase()
}

/// The TCVN3 (VN3) byte of a character, if it has one.
fn tcvn3_byte(c: char) -> Option<u8> {
    if c.is_ascii() {
        let b = u8::try_from(c).ok()?;
        return TCVN3_C0.iter().all(|&(byte, _)| byte != b).then_some(b);
    }
    if let Some(b) = cp1252_byte(c).filter(|b| (0x80..=0x9F).contains(b)) {
        return Some(b);
    }
    TCVN3_HIGH
        .iter()
        .enumerate()
        .find(|&(i, &h)| h == c && tcvn3_in_vn3(i, h))
        .and_then(|(i, _)| u8::try_from(i + 0xA0).ok())
}

/// Decodes TCVN3 (TCVN 5712:1993, "ABC" fonts like .VnTime) bytes to Unicode
/// NFC text.
///
/// Bytes are read by the TCVN 5712 table: ASCII, the VN3 letters at
/// 0xA1–0xFF, and where VN3 leaves a byte unassigned the fuller VN1/VN2
/// tables' toned capitals (at 0x01–0x06, 0x11–0x17 and the gaps of
/// 0xA0–0xFF) and combining tone marks (0xB0–0xB4). Bytes 0x80–0x9F are read
/// as Windows-1252 punctuation (`“ ” – …`), as documents in the ABC fonts
/// hold them. Capitals typed in an all-capitals font (.VnTimeH) are stored
/// as lowercase bytes and so come out lowercase.
pub fn decode_tcvn3(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| tcvn3_char(b)).nfc().collect()
}

/// Encodes Unicode text to TCVN3 bytes (characters TCVN3 cannot hold become
/// '?'); the inverse of [`decode_tcvn3`] for text TCVN3 can hold. Used by
/// tests to damage text the way old files hold it.
///
/// TCVN3 (VN3) holds ASCII, the no-break space, the capitals
/// `Ă Â Ê Ô Ơ Ư Đ`, all 67 lowercase Vietnamese letters and the
/// Windows-1252 punctuation at 0x80–0x9F. It does not hold capital vowels
/// with a tone mark (`Á`, `Ủ`, `Ở`, `Ý`, …), Latin-1 symbols such as
/// `©` or `°`, or the C0 controls 0x01–0x06 and 0x11–0x17 (the full table's
/// capitals); those become `?`. The text is put in NFC first.
pub fn encode_tcvn3(text: &str) -> Vec<u8> {
    text.nfc().map(|c| tcvn3_byte(c).unwrap_or(b'?')).collect()
}

// ------------------------------------------------------------------ VNI ---

/// VNI-Windows' marks, written after the base letter, in lowercase form
/// (the capital form, for capital letters, is 0x20 lower).
#[rustfmt::skip]
const VNI_MARKS: [(u8, Option<Shape>, Option<Tone>); 17] = [
    (0xF8, None, Some(Tone::Grave)),
    (0xF9, None, Some(Tone::Acute)),
    (0xFB, None, Some(Tone::Hook)),
    (0xF5, None, Some(Tone::Tilde)),
    (0xEF, None, Some(Tone::Dot)),
    (0xE2, Some(Shape::Circumflex), None),
    (0xE0, Some(Shape::Circumflex), Some(Tone::Grave)),
    (0xE1, Some(Shape::Circumflex), Some(Tone::Acute)),
    (0xE5, Some(Shape::Circumflex), Some(Tone::Hook)),
    (0xE3, Some(Shape::Circumflex), Some(Tone::Tilde)),
    (0xE4, Some(Shape::Circumflex), Some(Tone::Dot)),
    (0xEA, Some(Shape::Breve), None),
    (0xE8, Some(Shape::Breve), Some(Tone::Grave)),
    (0xE9, Some(Shape::Breve), Some(Tone::Acute)),
    (0xFA, Some(Shape::Breve), Some(Tone::Hook)),
    (0xFC, Some(Shape::Breve), Some(Tone::Tilde)),
    (0xEB, Some(Shape::Breve), Some(Tone::Dot)),
];

/// VNI-Windows' single-byte letters.
const VNI_LETTERS: [(u8, char); 18] = [
    (0xF1, 'đ'),
    (0xD1, 'Đ'),
    (0xF6, 'ư'),
    (0xD6, 'Ư'),
    (0xF4, 'ơ'),
    (0xD4, 'Ơ'),
    (0xEC, 'ì'),
    (0xCC, 'Ì'),
    (0xED, 'í'),
    (0xCD, 'Í'),
    (0xE6, 'ỉ'),
    (0xC6, 'Ỉ'),
    (0xF3, 'ĩ'),
    (0xD3, 'Ĩ'),
    (0xF2, 'ị'),
    (0xD2, 'Ị'),
    (0xEE, 'ỵ'),
    (0xCE, 'Ỵ'),
];

/// The lowercase form of a VNI mark byte.
fn vni_lower(b: u8) -> u8 {
    if (0xC0..=0xDF).contains(&b) {
        b + 0x20
    } else {
        b
    }
}

/// What a VNI mark byte (either case) adds to the letter before it.
fn vni_mark(b: u8) -> Option<(Option<Shape>, Option<Tone>)> {
    let b = vni_lower(b);
    VNI_MARKS
        .iter()
        .find(|m| m.0 == b)
        .map(|&(_, shape, tone)| (shape, tone))
}

/// The VNI mark byte for a shape and tone, in the case of the letter.
fn vni_mark_byte(shape: Option<Shape>, tone: Option<Tone>, upper: bool) -> Option<u8> {
    VNI_MARKS
        .iter()
        .find(|m| m.1 == shape && m.2 == tone)
        .map(|m| if upper { m.0 - 0x20 } else { m.0 })
}

/// A letter that VNI marks may follow, with the shapes it takes.
fn vni_base(b: u8) -> Option<(char, &'static [Shape])> {
    match b {
        b'a' | b'A' => Some((char::from(b), &[Shape::Circumflex, Shape::Breve])),
        b'e' | b'E' | b'o' | b'O' => Some((char::from(b), &[Shape::Circumflex])),
        b'i' | b'I' | b'u' | b'U' | b'y' | b'Y' => Some((char::from(b), &[])),
        0xF4 => Some(('ơ', &[])),
        0xD4 => Some(('Ơ', &[])),
        0xF6 => Some(('ư', &[])),
        0xD6 => Some(('Ư', &[])),
        _ => None,
    }
}

/// Whether a byte is one of VNI's letters or marks, which Windows-1252
/// characters of the same byte cannot be written as.
fn vni_special(b: u8) -> bool {
    vni_mark(b).is_some() || VNI_LETTERS.iter().any(|l| l.0 == b)
}

/// Decodes VNI-Windows bytes (text typed with VNI fonts like "VNI-Times",
/// stored as Windows-1252 bytes where base letters are followed by VNI's
/// tone/diacritic bytes) to Unicode NFC.
///
/// A vowel followed by mark bytes (either case: `aù`, `AÙ`, `oä`, `eâ`
/// then a tone) becomes one letter, in the case of the vowel; `ñ ö ô` and
/// their capitals are `đ ư ơ`, `ì í æ ó ò` are `ì í ỉ ĩ ị`, `î` is `ỵ`. A
/// mark byte with no vowel before it, and every other byte, is read as
/// Windows-1252.
pub fn decode_vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        if let Some((letter, shapes)) = vni_base(b) {
            out.push(letter);
            let Some((shape, mut tone)) = bytes.get(i).and_then(|&m| vni_mark(m)) else {
                continue;
            };
            if shape.is_some_and(|s| !shapes.contains(&s)) {
                continue;
            }
            i += 1;
            if tone.is_none()
                && let Some((None, Some(t))) = bytes.get(i).and_then(|&m| vni_mark(m))
            {
                tone = Some(t);
                i += 1;
            }
            out.extend(shape.map(Shape::mark));
            out.extend(tone.map(Tone::mark));
        } else if let Some(&(_, letter)) = VNI_LETTERS.iter().find(|l| l.0 == b) {
            out.push(letter);
        } else {
            out.push(cp1252_char(b));
        }
    }
    out.nfc().collect()
}

/// Writes a Vietnamese vowel letter as a base letter and a VNI mark; false
/// if it is not one. (Letters VNI writes as one byte are looked up first.)
fn vni_vowel(p: Parts, out: &mut Vec<u8>) -> bool {
    let upper = p.base.is_ascii_uppercase();
    let Ok(base) = u8::try_from(p.base) else {
        return false;
    };
    let single = |c: Option<char>| {
        c.and_then(|c| VNI_LETTERS.iter().find(|l| l.1 == c))
            .map(|l| l.0)
    };
    let (first, mark) = match (p.base.to_ascii_lowercase(), p.shape, p.tone) {
        ('a' | 'e' | 'o', Some(Shape::Circumflex), _) | ('a', Some(Shape::Breve), _) => {
            (Some(base), vni_mark_byte(p.shape, p.tone, upper))
        }
        ('o' | 'u', Some(Shape::Horn), Some(t)) => (
            single(compose(p.base, Shape::Horn.mark())),
            vni_mark_byte(None, Some(t), upper),
        ),
        ('a' | 'e' | 'o' | 'u' | 'y', None, Some(t)) => {
            (Some(base), vni_mark_byte(None, Some(t), upper))
        }
        _ => return false,
    };
    let (Some(first), Some(mark)) = (first, mark) else {
        return false;
    };
    out.push(first);
    out.push(mark);
    true
}

/// Encodes Unicode to VNI-Windows bytes (the inverse of [`decode_vni`]).
///
/// Every Vietnamese letter is written as VNI-Windows types it (a base
/// letter and its marks, or one of VNI's single-byte letters); other
/// characters as Windows-1252, except those whose byte VNI uses for a letter
/// or mark (`ä`, `ñ`, `ø`, …), which like anything outside Windows-1252
/// become `?`. The text is put in NFC first.
pub fn encode_vni(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 2);
    for c in text.nfc() {
        if let Some(&(b, _)) = VNI_LETTERS.iter().find(|l| l.1 == c) {
            out.push(b);
        } else if c.is_ascii() {
            out.extend(u8::try_from(c).ok());
        } else if !parts(c).is_some_and(|p| vni_vowel(p, &mut out)) {
            out.push(cp1252_byte(c).filter(|&b| !vni_special(b)).unwrap_or(b'?'));
        }
    }
    out
}

// ------------------------------------------------------------ detection ---

/// Initial consonants, longest first.
const INITIALS: [&str; 28] = [
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

/// Final consonants, longest first.
const FINALS: [&str; 9] = ["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];

/// Vowel nuclei found with or without a final consonant.
const NUCLEI_ANY: [&str; 14] = [
    "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uy",
];

/// Vowel nuclei found only without a final consonant (they end in a glide).
const NUCLEI_OPEN: [&str; 31] = [
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui", "ưi", "ưu",
    "ưa", "ua", "uơ", "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya",
    "uyu",
];

/// Vowel nuclei found only before a final consonant.
const NUCLEI_CLOSED: [&str; 10] = ["ă", "â", "iê", "yê", "uô", "ươ", "oă", "uâ", "uyê", "oo"];

/// The only nuclei before final `ch` and `nh`.
const NUCLEI_BEFORE_CH_NH: [&str; 6] = ["a", "ê", "i", "oa", "uê", "uy"];

/// Whether a rhyme (nucleus and final, tone taken off) is Vietnamese.
fn is_rhyme(rhyme: &str, tone: Option<Tone>) -> bool {
    FINALS.iter().any(|&fin| {
        let Some(nucleus) = rhyme.strip_suffix(fin) else {
            return false;
        };
        let fits = if fin.is_empty() {
            NUCLEI_ANY.contains(&nucleus) || NUCLEI_OPEN.contains(&nucleus)
        } else {
            NUCLEI_ANY.contains(&nucleus) || NUCLEI_CLOSED.contains(&nucleus)
        };
        let final_fits = match fin {
            "ch" | "nh" => NUCLEI_BEFORE_CH_NH.contains(&nucleus),
            _ => true,
        };
        // A syllable closed by a stop takes only the acute or dot tone.
        let tone_fits = match fin {
            "c" | "ch" | "p" | "t" => matches!(tone, Some(Tone::Acute | Tone::Dot)),
            _ => true,
        };
        fits && final_fits && tone_fits
    })
}

/// Whether a word (letters only) is one Vietnamese syllable: at most one
/// tone mark, an initial consonant, a vowel nucleus and a final consonant
/// that exist and go together.
fn is_syllable(word: &str) -> bool {
    let mut plain = String::with_capacity(word.len());
    let mut tone = None;
    for c in word.chars().flat_map(char::to_lowercase) {
        let (letter, t) = if c == 'đ' {
            (c, None)
        } else {
            let Some(p) = parts(c) else {
                return false;
            };
            let letter = match p.shape {
                None => Some(p.base),
                Some(s) => compose(p.base, s.mark()),
            };
            let Some(letter) = letter else {
                return false;
            };
            (letter, p.tone)
        };
        if !"aăâbcdđeêghiklmnoôơpqrstuưvxy".contains(letter) {
            return false;
        }
        if let Some(t) = t
            && tone.replace(t).is_some()
        {
            return false;
        }
        plain.push(letter);
    }
    INITIALS.iter().any(|&init| {
        plain
            .strip_prefix(init)
            .is_some_and(|rhyme| is_rhyme(rhyme, tone))
    })
}

/// Punctuation outside ASCII that Vietnamese text holds.
const PUNCTUATION: [char; 9] = ['\u{A0}', '‘', '’', '“', '”', '–', '—', '…', '•'];

/// How much a text reads as Vietnamese: each word with letters outside
/// ASCII counts one up if it is a Vietnamese syllable and one down if not;
/// each character outside ASCII that is neither a letter nor common
/// punctuation counts one down. ASCII words, the same in every decoding,
/// do not count.
fn score(text: &str) -> i64 {
    let mut score = 0;
    let mut word = String::new();
    for c in text.chars().chain(iter::once(' ')) {
        if c.is_alphabetic() {
            word.push(c);
            continue;
        }
        if !word.is_ascii() {
            score += if is_syllable(&word) { 1 } else { -1 };
        }
        word.clear();
        if !c.is_ascii() && !PUNCTUATION.contains(&c) {
            score -= 1;
        }
    }
    score
}

/// Counts of a text's words (runs of letters): all of them, those with
/// letters outside ASCII, and of those the Vietnamese syllables — how a
/// reader tells a text layer in another language (or garbage) from
/// Vietnamese.
pub(crate) fn syllable_counts(text: &str) -> (usize, usize, usize) {
    let (mut words, mut wide, mut syllables) = (0, 0, 0);
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if !word.is_ascii() {
            wide += 1;
            syllables += usize::from(is_syllable(&word.nfc().collect::<String>()));
        }
    }
    (words, wide, syllables)
}

/// Guesses whether bytes are UTF-8, TCVN3 or VNI: returns None for valid
/// UTF-8 that reads as Vietnamese/ASCII text, Some(Legacy::Tcvn3) or
/// Some(Legacy::Vni) otherwise, by scoring how many Vietnamese syllables
/// each decoding produces (a decoding that yields valid Vietnamese syllables
/// — e.g. vowels with at most one tone mark, words like "của", "và",
/// "người", "Việt", "năm" — scores higher). Must be right on ordinary
/// administrative prose of a few hundred bytes.
///
/// ASCII is `None` (it reads the same in all three). Valid UTF-8 is `None`
/// unless a legacy decoding reads as Vietnamese and better than UTF-8 does;
/// bytes that are not UTF-8 are always `Some`, TCVN3 when neither decoding
/// reads better (as with text that has no Vietnamese letters). Text already
/// decoded wrongly into Unicode (a .VnTime run in a DOCX read as
/// Windows-1252, say) must be turned back into its bytes first.
pub fn detect(bytes: &[u8]) -> Option<Legacy> {
    if bytes.is_ascii() {
        return None;
    }
    let tcvn3 = score(&decode_tcvn3(bytes));
    let vni = score(&decode_vni(bytes));
    let (best, best_score) = if vni > tcvn3 {
        (Legacy::Vni, vni)
    } else {
        (Legacy::Tcvn3, tcvn3)
    };
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let utf8 = score(&text.nfc().collect::<String>());
            (best_score > 0 && best_score > utf8).then_some(best)
        }
        Err(_) => Some(best),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ward's report: administrative prose with capitals, `ư ơ đ Đ` and
    /// every tone on every kind of vowel.
    const REPORT: &str = "Ủy ban nhân dân phường Lam Sơn báo cáo kết quả thực hiện \
        công tác cải cách hành chính quý III năm 2023 như sau. Thực hiện Kế hoạch \
        số 15/KH-UBND ngày 20 tháng 01 năm 2023 của Ủy ban nhân dân thành phố về cải \
        cách hành chính, Đảng ủy và Ủy ban nhân dân phường đã chỉ đạo các bộ phận \
        chuyên môn triển khai đầy đủ những nhiệm vụ được giao. Công tác tuyên truyền \
        được đẩy mạnh qua hệ thống loa truyền thanh, trang thông tin điện tử và các \
        buổi họp tổ dân phố. Trong quý, bộ phận “một cửa” đã tiếp nhận 1.245 hồ sơ, \
        giải quyết đúng hạn 1.238 hồ sơ, đạt tỷ lệ 99,4%; không có hồ sơ quá hạn gây \
        phiền hà cho người dân. Việc ứng dụng công nghệ thông tin tiếp tục được quan \
        tâm: tỷ lệ hồ sơ trực tuyến toàn trình đạt 62%, tăng 8% so với cùng kỳ năm \
        trước. Ông Nguyễn Văn Hùng, Chủ tịch Ủy ban nhân dân phường, đã trực tiếp đối \
        thoại với nhân dân tại hai khu phố, lắng nghe ý kiến phản ánh về thủ tục đất \
        đai, hộ tịch và chứng thực. Ở một số lĩnh vực, việc niêm yết thủ tục còn \
        chậm; cán bộ chưa thật sự chủ động hướng dẫn người dân sử dụng dịch vụ công \
        trực tuyến. Những hạn chế này đã được chấn chỉnh kịp thời. Ổn định tình hình \
        an ninh, trật tự ở khu dân cư vẫn được giữ vững. Để nâng cao chất lượng phục \
        vụ, trong quý IV năm 2023 phường sẽ tập trung rà soát, đơn giản hóa thủ tục, \
        bồi dưỡng kỹ năng giao tiếp cho đội ngũ công chức, đồng thời tăng cường kiểm \
        tra, giám sát việc thực hiện kỷ luật, kỷ cương hành chính. Ưu tiên bố trí cán \
        bộ có năng lực, sẵn sàng phục vụ nhân dân vào ngày thứ Bảy hằng tuần. Ủy ban \
        nhân dân phường khẳng định quyết tâm hoàn thành kế hoạch năm và đề nghị Văn \
        phòng Ủy ban nhân dân thành phố tiếp tục hỗ trợ kinh phí nâng cấp trang thiết \
        bị, đường truyền và phần mềm quản lý văn bản – nhất là ở bộ phận tiếp nhận \
        của phường và ở huyện lỵ. Ấn định thời hạn gửi báo cáo trước ngày 25 hằng \
        tháng. Ý kiến đóng góp xin gửi về Văn phòng Ủy ban nhân dân phường trước ngày \
        15 tháng 10 năm 2023. Nơi nhận: Thường trực Đảng ủy phường; Ủy ban Mặt trận \
        Tổ quốc Việt Nam phường; các tổ dân phố; lưu: VT.";

    /// The bytes of text shown as Windows-1252 characters (how legacy text
    /// looks in a font that is not the legacy one).
    fn win1252(shown: &str) -> Vec<u8> {
        assert!(shown.chars().all(|c| cp1252_byte(c).is_some()), "{shown}");
        shown.chars().filter_map(cp1252_byte).collect()
    }

    /// The text as an old TCVN3 file gives it back: toned capitals, typed in
    /// an all-capitals font over the lowercase bytes, come out lowercase.
    fn tcvn3_holdable(text: &str) -> String {
        text.chars()
            .flat_map(|c| {
                let held = tcvn3_byte(c).is_some() || !c.is_uppercase();
                let lower = c.to_lowercase();
                held.then_some(c)
                    .into_iter()
                    .chain(lower.filter(move |_| !held))
            })
            .collect()
    }

    /// Every Vietnamese letter: 12 vowels × 6 tones in both cases, and đ Đ.
    fn all_letters() -> Vec<char> {
        let mut letters = vec!['đ', 'Đ'];
        for vowel in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY".chars() {
            letters.push(vowel);
            for tone in ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'] {
                let composed: Vec<char> = [vowel, tone].into_iter().nfc().collect();
                assert_eq!(composed.len(), 1, "{vowel} {tone:?}");
                letters.extend(composed);
            }
        }
        letters
    }

    #[test]
    fn display_names() {
        assert_eq!(Legacy::Tcvn3.to_string(), "TCVN3");
        assert_eq!(Legacy::Vni.to_string(), "VNI-Windows");
    }

    #[test]
    fn tcvn3_decodes_the_national_motto() {
        let cases = [
            (
                "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
                "Cộng hoà xã hội chủ nghĩa Việt Nam",
            ),
            ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
            ("n¨m", "năm"),
            ("ng\u{AD}êi", "người"),
            ("cña", "của"),
            ("vµ", "và"),
            ("¡ ¢ £ ¤ ¥ ¦ §", "Ă Â Ê Ô Ơ Ư Đ"),
        ];
        for (shown, text) in cases {
            assert_eq!(decode_tcvn3(&win1252(shown)), text);
            assert_eq!(encode_tcvn3(text), win1252(shown));
        }
    }

    #[test]
    fn tcvn3_table_is_tcvn_5712() {
        // TCVN 5712:1993 (VN1/VN2) at 0xA0–0xFF, as libiconv has it.
        #[rustfmt::skip]
        const CODES: [u32; 96] = [
            0x00a0, 0x0102, 0x00c2, 0x00ca, 0x00d4, 0x01a0, 0x01af, 0x0110,
            0x0103, 0x00e2, 0x00ea, 0x00f4, 0x01a1, 0x01b0, 0x0111, 0x1eb0,
            0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00e0, 0x1ea3, 0x00e3,
            0x00e1, 0x1ea1, 0x1eb2, 0x1eb1, 0x1eb3, 0x1eb5, 0x1eaf, 0x1eb4,
            0x1eae, 0x1ea6, 0x1ea8, 0x1eaa, 0x1ea4, 0x1ec0, 0x1eb7, 0x1ea7,
            0x1ea9, 0x1eab, 0x1ea5, 0x1ead, 0x00e8, 0x1ec2, 0x1ebb, 0x1ebd,
            0x00e9, 0x1eb9, 0x1ec1, 0x1ec3, 0x1ec5, 0x1ebf, 0x1ec7, 0x00ec,
            0x1ec9, 0x1ec4, 0x1ebe, 0x1ed2, 0x0129, 0x00ed, 0x1ecb, 0x00f2,
            0x1ed4, 0x1ecf, 0x00f5, 0x00f3, 0x1ecd, 0x1ed3, 0x1ed5, 0x1ed7,
            0x1ed1, 0x1ed9, 0x1edd, 0x1edf, 0x1ee1, 0x1edb, 0x1ee3, 0x00f9,
            0x1ed6, 0x1ee7, 0x0169, 0x00fa, 0x1ee5, 0x1eeb, 0x1eed, 0x1eef,
            0x1ee9, 0x1ef1, 0x1ef3, 0x1ef7, 0x1ef9, 0x00fd, 0x1ef5, 0x1ed0,
        ];
        let table: Vec<u32> = TCVN3_HIGH.iter().map(|&c| u32::from(c)).collect();
        assert_eq!(table, CODES);
        // VN3: the no-break space, 7 capitals and 67 lowercase letters.
        let vn3: Vec<char> = TCVN3_HIGH
            .iter()
            .enumerate()
            .filter(|&(i, &c)| tcvn3_in_vn3(i, c))
            .map(|(_, &c)| c)
            .collect();
        assert_eq!(vn3.len(), 75);
        assert_eq!(vn3.iter().filter(|c| c.is_lowercase()).count(), 67);
        assert_eq!(vn3.iter().filter(|c| c.is_uppercase()).count(), 7);
    }

    #[test]
    fn tcvn3_holds_every_lowercase_letter_and_no_toned_capital() {
        for c in all_letters() {
            let text = c.to_string();
            let bytes = encode_tcvn3(&text);
            let toned_capital = c.is_uppercase() && parts(c).is_some_and(|p| p.tone.is_some());
            if toned_capital {
                assert_eq!(bytes, b"?", "{c}");
            } else {
                assert_eq!(bytes.len(), 1, "{c}");
                assert_eq!(decode_tcvn3(&bytes), text);
            }
        }
        // Latin-1 symbols sit where TCVN3 has letters.
        assert_eq!(encode_tcvn3("© 5°C «x»"), b"? 5?C ?x?");
    }

    #[test]
    fn tcvn3_bytes_round_trip() {
        // Every byte the encoder writes decodes to a character it writes back.
        for b in (0x00..=0xFF_u8).filter(|b| !TCVN3_C0.iter().any(|c| c.0 == *b)) {
            let c = tcvn3_char(b);
            let index = usize::from(b.wrapping_sub(0xA0));
            let vn3 = b < 0xA0 || tcvn3_in_vn3(index, c);
            if vn3 {
                assert_eq!(encode_tcvn3(&decode_tcvn3(&[b])), [b], "{b:#04x}");
            }
        }
    }

    #[test]
    fn tcvn3_reads_the_fuller_tables() {
        // VN1 capitals among the controls, VN2 capitals in VN3's gaps,
        // VN2 combining tone marks; tab and new lines stay.
        assert_eq!(decode_tcvn3(b"\x01y \x16 \x17"), "Úy Ý Ỵ");
        assert_eq!(decode_tcvn3(b"\xC4p \xDBng \xFFc"), "Ấp Ồng Ốc");
        assert_eq!(decode_tcvn3(b"a\xB3 \xA9\xB4 \xB0"), "á ậ \u{300}");
        assert_eq!(decode_tcvn3(b"a\tb\r\nc"), "a\tb\r\nc");
        // Windows-1252 punctuation at 0x80–0x9F.
        assert_eq!(decode_tcvn3(b"\x93x\x94 \x96 \x85"), "“x” – …");
        assert_eq!(encode_tcvn3("“x” – … €"), b"\x93x\x94 \x96 \x85 \x80");
    }

    #[test]
    fn vni_decodes_the_national_motto() {
        let cases = [
            ("Vieät Nam", "Việt Nam"),
            ("ñoäc laäp", "độc lập"),
            ("Coäng hoøa", "Cộng hòa"),
            ("ngöôøi", "người"),
            ("naêm", "năm"),
            ("cuûa", "của"),
            ("vaø", "và"),
            ("COÄNG HOØA", "CỘNG HÒA"),
            ("ÑOÄC LAÄP", "ĐỘC LẬP"),
            (
                "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            ),
            (
                "Ñoäc laäp - Töï do - Haïnh phuùc",
                "Độc lập - Tự do - Hạnh phúc",
            ),
            ("UÛy ban nhaân daân", "Ủy ban nhân dân"),
            ("UÛY BAN NHAÂN DAÂN", "ỦY BAN NHÂN DÂN"),
            ("ÔÛ ÖÙng Ñaûng", "Ở Ứng Đảng"),
            (
                "lónh vöïc, kyû luaät, huyeän lî",
                "lĩnh vực, kỷ luật, huyện lỵ",
            ),
        ];
        for (shown, text) in cases {
            assert_eq!(decode_vni(&win1252(shown)), text);
            assert_eq!(encode_vni(text), win1252(shown));
        }
    }

    #[test]
    fn vni_holds_every_letter() {
        for c in all_letters() {
            let text = c.to_string();
            let bytes = encode_vni(&text);
            assert!(!bytes.contains(&b'?'), "{c}");
            assert_eq!(decode_vni(&bytes), text, "{c}");
        }
    }

    #[test]
    fn vni_reads_loose_forms_and_stray_marks() {
        // A tone after a bare circumflex or breve; marks of the other case.
        assert_eq!(decode_vni(&win1252("aâù eâÕ aêï")), "ấ ễ ặ");
        assert_eq!(decode_vni(&win1252("Aù aÙ Uûy yï iø")), "Á á Ủy ỵ ì");
        // "uô" is u then ơ, never a horn on the u.
        assert_eq!(decode_vni(&win1252("thuôû")), "thuở");
        // A mark with no vowel to sit on is Windows-1252; so is one a vowel
        // cannot take (no breve on e), and a second tone.
        assert_eq!(decode_vni(&win1252("bø ø eê aùù")), "bø ø eê áù");
        assert_eq!(decode_vni(b"\x93x\x94 \x96"), "“x” –");
    }

    #[test]
    fn vni_cannot_hold_its_own_bytes() {
        assert_eq!(encode_vni("ä ö ñ ø Ñ ü"), b"? ? ? ? ? ?");
        assert_eq!(encode_vni("ç × ß – € 中"), win1252("ç × ß – € ?"));
        assert_eq!(decode_vni(&encode_vni("ç × ß – €")), "ç × ß – €");
    }

    #[test]
    fn encoders_take_decomposed_text() {
        let nfd: String = "Việt Nam, người".nfd().collect();
        assert_eq!(encode_tcvn3(&nfd), encode_tcvn3("Việt Nam, người"));
        assert_eq!(encode_vni(&nfd), encode_vni("Việt Nam, người"));
    }

    #[test]
    fn report_round_trips_through_vni() {
        let bytes = encode_vni(REPORT);
        assert!(!bytes.contains(&b'?'));
        assert_eq!(decode_vni(&bytes), REPORT);
    }

    #[test]
    fn report_round_trips_through_tcvn3_as_old_files_hold_it() {
        let holdable = tcvn3_holdable(REPORT);
        assert_ne!(holdable, REPORT);
        assert!(holdable.starts_with("ủy ban nhân dân phường Lam Sơn"));
        let bytes = encode_tcvn3(&holdable);
        assert!(!bytes.contains(&b'?'));
        assert_eq!(decode_tcvn3(&bytes), holdable);
    }

    #[test]
    fn report_loses_only_toned_capitals_to_tcvn3() {
        let lost: String = REPORT
            .chars()
            .map(|c| if tcvn3_byte(c).is_some() { c } else { '?' })
            .collect();
        let missing: String = REPORT
            .chars()
            .filter(|&c| tcvn3_byte(c).is_none())
            .collect();
        assert_eq!(missing, "ỦỦỦỦỞỔỦỦẤÝỦỦ");
        assert_eq!(decode_tcvn3(&encode_tcvn3(REPORT)), lost);
    }

    #[test]
    fn outputs_are_nfc_and_nothing_panics() {
        let mut bytes: Vec<u8> = (0..=0xFF).collect();
        for a in 0..=0xFF_u8 {
            for b in [b'a', b'O', 0xE2, 0xC2, 0xF4, 0xD6, 0xF9, 0xD9, 0xB3, 0xA9] {
                bytes.extend([a, b, a]);
            }
        }
        for text in [decode_tcvn3(&bytes), decode_vni(&bytes)] {
            assert!(unicode_normalization::is_nfc(&text));
            // Every decoded text encodes without panicking.
            let _ = (encode_tcvn3(&text), encode_vni(&text));
        }
        let _ = detect(&bytes);
        assert_eq!(decode_tcvn3(b""), "");
        assert_eq!(decode_vni(b""), "");
        assert_eq!(detect(b""), None);
        let odd: String = (0..0x3000)
            .filter_map(char::from_u32)
            .chain(['\u{1F600}', '\u{10FFFF}'])
            .collect();
        let _ = (encode_tcvn3(&odd), encode_vni(&odd));
    }

    #[test]
    fn detects_the_report_in_each_form() {
        assert_eq!(detect(REPORT.as_bytes()), None);
        assert_eq!(detect(&encode_vni(REPORT)), Some(Legacy::Vni));
        assert_eq!(detect(&encode_tcvn3(REPORT)), Some(Legacy::Tcvn3));
        assert_eq!(
            detect(&encode_tcvn3(&tcvn3_holdable(REPORT))),
            Some(Legacy::Tcvn3)
        );
        let nfd: String = REPORT.nfd().collect();
        assert_eq!(detect(nfd.as_bytes()), None);
    }

    #[test]
    fn detects_each_sentence_of_the_report() {
        for sentence in REPORT.split_inclusive(". ") {
            let old = tcvn3_holdable(sentence);
            assert_eq!(detect(sentence.as_bytes()), None, "{sentence}");
            assert_eq!(
                detect(&encode_vni(sentence)),
                Some(Legacy::Vni),
                "{sentence}"
            );
            assert_eq!(
                detect(&encode_tcvn3(&old)),
                Some(Legacy::Tcvn3),
                "{sentence}"
            );
        }
    }

    #[test]
    fn detects_short_headings() {
        let cases = [
            "Cộng hoà xã hội chủ nghĩa Việt Nam",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "ỦY BAN NHÂN DÂN PHƯỜNG LAM SƠN",
            "Lam Sơn, ngày 05 tháng 9 năm 2023",
        ];
        for text in cases {
            assert_eq!(detect(text.as_bytes()), None, "{text}");
            assert_eq!(detect(&encode_vni(text)), Some(Legacy::Vni), "{text}");
            let old = encode_tcvn3(&tcvn3_holdable(text));
            assert_eq!(detect(&old), Some(Legacy::Tcvn3), "{text}");
        }
        assert_eq!(detect(b"Plain ASCII, no accents."), None);
    }

    #[test]
    fn detects_a_decision_with_capital_headings() {
        let decision = "ỦY BAN NHÂN DÂN\r\nPHƯỜNG LAM SƠN\r\n\r\nQUYẾT ĐỊNH\r\n\
            Về việc thành lập Tổ công tác rà soát thủ tục hành chính\r\n\r\n\
            Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\r\n\
            Xét đề nghị của công chức Văn phòng - Thống kê,\r\n\r\nQUYẾT ĐỊNH:\r\n\
            Điều 1. Thành lập Tổ công tác gồm các ông, bà có tên sau đây.\r\n\
            Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\r\n";
        // Headings typed in an all-capitals ABC font are lowercase bytes.
        let old: String = decision
            .split_inclusive('\n')
            .map(|line| {
                if line == line.to_uppercase() {
                    line.to_lowercase()
                } else {
                    tcvn3_holdable(line)
                }
            })
            .collect();
        assert!(old.starts_with("ủy ban nhân dân\r\nphường lam sơn"));
        assert_eq!(decode_tcvn3(&encode_tcvn3(&old)), old);
        assert_eq!(decode_vni(&encode_vni(decision)), decision);
        assert_eq!(detect(decision.as_bytes()), None);
        assert_eq!(detect(&encode_vni(decision)), Some(Legacy::Vni));
        assert_eq!(detect(&encode_tcvn3(&old)), Some(Legacy::Tcvn3));
        assert_eq!(detect(&encode_tcvn3(decision)), Some(Legacy::Tcvn3));
    }

    #[test]
    fn scores_syllables() {
        for word in [
            "của", "và", "người", "Việt", "năm", "Nguyễn", "quyết", "giữa", "gì", "khuya", "khuỷu",
            "ngoằn", "thuở", "Đảng", "ỦY", "xoong", "quốc", "được", "huyện", "lỵ",
        ] {
            assert!(is_syllable(word), "{word}");
        }
        for word in [
            "Vieọt",
            "ngửụứi",
            "chđ",
            "hoµ",
            "viưt",
            "năn\u{300}",
            "cáà",
            "hàt",
            "ăm\u{0}",
            "anhh",
            "ênh\u{301}x",
            "coấng",
            "ñ",
        ] {
            assert!(!is_syllable(word), "{word}");
        }
    }
}
