//! The ECMA-376 font obfuscation (Part 1 §17.8.1) and the content-derived
//! font keys.

use super::FontEmbedError;

/// Obfuscates (or, applied again with the same key, deobfuscates) font data:
/// XORs the key bytes over the first 32 bytes (ECMA-376 Part 1 §17.8.1).
///
/// `key` is a `w:fontKey`, `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` with
/// upper-case hex digits. Its 32 hex digits, read as 16 bytes in string
/// order and reversed, give the XOR key for bytes 0–15 and again 16–31.
pub(crate) fn obfuscate(data: &[u8], key: &str) -> Result<Vec<u8>, FontEmbedError> {
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
pub(crate) fn parse_font_key(key: &str) -> Result<[u8; 16], FontEmbedError> {
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
pub(crate) fn content_key(data: &[u8]) -> String {
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
