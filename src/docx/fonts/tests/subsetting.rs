use ttf_parser::Face;

use ttf_parser::GlyphId;

use super::*;
use crate::docx::fonts::subset::{ALWAYS_KEPT, Glyphs, checksum, composite_components, parse_loca};
use crate::text::font::sfnt::{read_u16, read_u32};

#[test]
fn subset_keeps_glyph_ids_and_used_outlines_only() {
    let data = regular();
    let chars = text_chars();
    let embedded = embed_file(file(&data), &chars, FaceId::Regular, 1).expect("embed");
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
    let embedded = embed_file(file(&data), &text_chars(), FaceId::Regular, 1).expect("embed");
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
    let embedded = embed_file(file(&data), &chars, FaceId::Regular, 1).expect("embed");
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
        ("Regular", FaceId::Regular),
        ("Bold", FaceId::Bold),
        ("Italic", FaceId::Italic),
        ("BoldItalic", FaceId::BoldItalic),
    ]
    .into_iter()
    .enumerate()
    {
        let data = font_bytes(face);
        let font = FontFile {
            data: &data,
            source: face,
        };
        let embedded = embed_file(font, &chars, slot, index + 1).expect("embed");
        let subset = deobfuscated(&embedded);
        let sub = Face::parse(&subset, 0).expect("parses");
        for c in chars.iter().filter(|c| !c.is_whitespace()) {
            let g = sub.glyph_index(*c).expect("mapped");
            assert!(sub.glyph_bounding_box(g).is_some(), "{face} {c:?}");
        }
        assert!(subset.len() * 3 < data.len(), "{face}");
    }
}

/// The licence is checked once, when a face is loaded: what may not be
/// embedded, subset, or embedded as outlines never reaches the embedder.
#[test]
fn restricted_and_bitmap_only_fonts_are_refused() {
    let data = regular();
    for (fs_type, what) in [
        (0x0002, "restricted"),
        (0x0200, "bitmap"),
        (0x0202, "restricted"),
    ] {
        let patched = with_fs_type(&data, fs_type);
        let Err(err) = FontFace::parse(patched, "restricted.ttf") else {
            panic!("refused")
        };
        let message = err.to_string();
        assert!(message.contains("restricted.ttf"), "{message}");
        assert!(message.contains(what), "{message}");
    }
    // Editable and preview & print are allowed (least restrictive bit wins).
    for fs_type in [0x0004, 0x0008, 0x0006] {
        let patched = with_fs_type(&data, fs_type);
        let face = FontFace::parse(patched, "allowed.ttf").expect("allowed");
        assert!(embed_font(&face, &text_chars(), FaceId::Regular, 1).is_ok());
    }
}

/// A font that may not be subset is refused at load, so every embedded
/// face is a subset.
#[test]
fn no_subsetting_fonts_are_refused_at_load() {
    let patched = with_fs_type(&regular(), 0x0100);
    let Err(err) = FontFace::parse(patched, "whole.ttf") else {
        panic!("refused")
    };
    assert!(err.to_string().contains("subsetting"), "{err}");
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
        let result = embed_file(file(bad), &chars, FaceId::Regular, 1);
        if let Err(err) = &result {
            assert!(
                err.to_string().contains("LiberationSerif-Regular.ttf"),
                "{err}"
            );
        }
    }
    let err = embed_file(file(b"ttcf\0\0\0\0"), &chars, FaceId::Regular, 1).expect_err("ttc");
    assert!(matches!(err, FontEmbedError::Unsupported { .. }), "{err}");
    // The crate's error keeps it typed, as its source, and says the same.
    let text = err.to_string();
    let crate_error = err.into_error("x.ttc");
    assert!(
        matches!(
            &crate_error,
            crate::Error::FontEmbed { file, source: FontEmbedError::Unsupported { .. } } if file == "x.ttc"
        ),
        "{crate_error}"
    );
    let shown = crate_error.to_string();
    assert!(shown.contains("x.ttc") && shown.contains(&text), "{shown}");
    assert!(std::error::Error::source(&crate_error).is_some());
    // Scrambled bytes after the header must not panic either.
    let mut scrambled = data.clone();
    for (i, b) in scrambled.iter_mut().enumerate().skip(300) {
        *b = b.wrapping_mul(31).wrapping_add(i as u8);
    }
    let _ = embed_file(file(&scrambled), &chars, FaceId::Regular, 1);
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
        let reason = malformed_reason(embed_file(file(cut), &chars, FaceId::Regular, 1), &what);
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
    // Whatever its fsType says (the licence is checked at load), a damaged
    // font is an error.
    let whole = with_fs_type(&data, 0x0100);
    let cut = &whole[..whole.len() / 2];
    let reason = malformed_reason(
        embed_file(file(cut), &chars, FaceId::Regular, 1),
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
            let result = embed_file(file(&bad), &chars, FaceId::Regular, 1);
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
                        | FontEmbedError::Unsupported { font, .. },
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
        let reason = malformed_reason(embed_file(file(&bad), &chars, FaceId::Regular, 1), what);
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
    let a = embed_file(file(&data), &text_chars(), FaceId::Regular, 1).expect("a");
    let b = embed_file(file(&data), &text_chars(), FaceId::Regular, 1).expect("b");
    assert_eq!(a, b);
    let other: BTreeSet<char> = "abc".chars().collect();
    let c = embed_file(file(&data), &other, FaceId::Regular, 1).expect("c");
    assert_ne!(a.key, c.key);
}
