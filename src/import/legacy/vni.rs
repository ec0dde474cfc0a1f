//! VNI-Windows: a base letter followed by its marks, both directions.

use super::*;

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
