use super::*;
use ttf_parser::Face;

use crate::docx::fonts::obfuscate::{content_key, parse_font_key};

#[test]
fn key_bytes_are_the_guid_read_from_the_right() {
    // The example key in LibreOffice's reader: its pairs from the right.
    let zeros = [0u8; 40];
    let out = obfuscate(&zeros, "{62E79491-959F-41E9-B76B-6B32631DEA5C}").expect("obfuscate");
    let expected = [
        0x5C, 0xEA, 0x1D, 0x63, 0x32, 0x6B, 0x6B, 0xB7, 0xE9, 0x41, 0x9F, 0x95, 0x91, 0x94, 0xE7,
        0x62,
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
        (0..32)
            .all(|i| obfuscated[i] != data[i] || parse_font_key(&key).expect("key")[i % 16] == 0)
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
