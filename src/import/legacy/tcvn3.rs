//! TCVN 5712 (VN3, the ABC fonts): the byte tables and both directions.

use super::*;

/// TCVN 5712 at 0xA0–0xFF. The VN3 (ABC font) assignments are the no-break
/// space, the capitals at 0xA1–0xA7 and every lowercase letter; the rest are
/// VN2's: toned capitals at the gaps and combining tone marks at 0xB0–0xB4.
#[rustfmt::skip]
pub(super) const TCVN3_HIGH: [char; 96] = [
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
pub(super) const TCVN3_C0: [(u8, char); 12] = [
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
pub(super) fn tcvn3_char(b: u8) -> char {
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
pub(super) fn tcvn3_in_vn3(index: usize, c: char) -> bool {
    index <= 0x0E || c.is_lowercase()
}

/// The TCVN3 (VN3) byte of a character, if it has one.
pub(super) fn tcvn3_byte(c: char) -> Option<u8> {
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
