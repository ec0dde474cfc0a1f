//! `--fonts DIR` with broken, incomplete or unusable fonts: each is an
//! `Error::Font` naming the file and saying what to do, never a panic or a
//! PDF with blank boxes. The bad fonts are made here from Liberation Serif,
//! by cutting or patching bytes.

use std::path::Path;
use std::process::Command;

use vanban::Error;
use vanban::text::FontSet;

use crate::support::*;

const FACES: [&str; 4] = [
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
];

/// The four built-in faces' files, by name.
fn liberation() -> Vec<(String, Vec<u8>)> {
    FACES
        .iter()
        .map(|n| {
            (
                n.to_string(),
                std::fs::read(root().join("fonts").join(n)).unwrap(),
            )
        })
        .collect()
}

/// A folder holding `files`.
fn folder(files: &[(String, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, data) in files {
        std::fs::write(dir.path().join(name), data).unwrap();
    }
    dir
}

/// The four faces with the one called `name` changed by `f`.
fn with_face(name: &str, f: impl FnOnce(&mut Vec<u8>)) -> tempfile::TempDir {
    let mut files = liberation();
    let (_, data) = files.iter_mut().find(|(n, _)| n == name).unwrap();
    f(data);
    folder(&files)
}

/// The font error of loading `dir`: its file and message.
fn font_error(dir: &Path) -> (String, String) {
    let err = FontSet::from_dir(dir).expect_err("the folder is refused");
    // The engine gives the same error, so no document is rendered with it.
    let engine_err = vanban::Engine::new()
        .unwrap()
        .with_fonts_dir(dir)
        .expect_err("the engine refuses the folder too");
    assert_eq!(engine_err.to_string(), err.to_string());
    match err {
        Error::Font { file, message } => (file, message.to_string()),
        other => panic!("not a font error: {other}"),
    }
}

fn u16_at(data: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([data[at], data[at + 1]])
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

fn put_u16(data: &mut [u8], at: usize, v: u16) {
    data[at..at + 2].copy_from_slice(&v.to_be_bytes());
}

/// The offset of table `tag`, from the sfnt table directory.
fn table(data: &[u8], tag: &[u8; 4]) -> usize {
    let count = usize::from(u16_at(data, 4));
    (0..count)
        .map(|i| 12 + 16 * i)
        .find(|&r| &data[r..r + 4] == tag)
        .map(|r| u32_at(data, r + 8) as usize)
        .unwrap_or_else(|| panic!("no {} table", String::from_utf8_lossy(tag)))
}

#[test]
fn the_untouched_faces_load() {
    let dir = folder(&liberation());
    let set = FontSet::from_dir(dir.path()).unwrap();
    assert!(set.covers('ự'));
}

#[test]
fn a_missing_face_is_named() {
    let files: Vec<_> = liberation()
        .into_iter()
        .filter(|(n, _)| !n.contains("BoldItalic"))
        .collect();
    let dir = folder(&files);
    let (file, message) = font_error(dir.path());
    assert_eq!(file, dir.path().display().to_string());
    assert!(
        message.contains("no bold italic face found")
            && message.contains("needs regular, bold, italic and bold italic"),
        "{message}"
    );
}

#[test]
fn a_truncated_font_is_refused_naming_the_file() {
    // Cut inside its table directory: ttf-parser cannot read the tables it
    // needs. (Cuts further in, inside the glyphs, are the sfnt directory
    // check's: see text::font's tests.)
    let dir = with_face("LiberationSerif-Italic.ttf", |d| d.truncate(300));
    let (file, message) = font_error(dir.path());
    assert!(file.ends_with("LiberationSerif-Italic.ttf"), "{file}");
    assert!(
        message.contains("not a usable TrueType/OpenType font") && message.contains("replace"),
        "{message}"
    );
}

#[test]
fn a_file_named_ttf_that_is_no_font_is_refused() {
    let mut files = liberation();
    files.push((
        "times.ttf".into(),
        std::fs::read(root().join("fixtures/images/seal.png")).unwrap(),
    ));
    let dir = folder(&files);
    let (file, message) = font_error(dir.path());
    assert!(file.ends_with("times.ttf"), "{file}");
    assert!(
        message.contains("not a usable TrueType/OpenType font")
            && message.contains("remove or replace it"),
        "{message}"
    );
}

/// Unmaps every code point from U+0100 to U+1EFF in the format 4 subtables
/// of `data`'s cmap: Latin-1 (à, â, é …) stays, Vietnamese (ă, đ, ơ, ư, ạ …)
/// goes, as in a Western-only font.
fn drop_vietnamese(data: &mut [u8]) {
    let cmap = table(data, b"cmap");
    let subtables = usize::from(u16_at(data, cmap + 2));
    let mut patched = 0;
    for i in 0..subtables {
        let rec = cmap + 4 + 8 * i;
        let platform = u16_at(data, rec);
        let at = cmap + u32_at(data, rec + 4) as usize;
        if platform == 1 || u16_at(data, at) != 4 {
            continue;
        }
        let segments = usize::from(u16_at(data, at + 6)) / 2;
        let ends = at + 14;
        let starts = ends + 2 * segments + 2;
        for s in 0..segments {
            let (start, end) = (u16_at(data, starts + 2 * s), u16_at(data, ends + 2 * s));
            if end < 0x100 || start > 0x1EFF || end == 0xFFFF {
                continue;
            }
            if start < 0x100 {
                put_u16(data, ends + 2 * s, 0xFF);
            } else if end > 0x1EFF {
                put_u16(data, starts + 2 * s, 0x1F00);
            } else {
                // An empty segment: its start after its end.
                put_u16(data, starts + 2 * s, end + 1);
            }
            patched += 1;
        }
    }
    assert!(patched > 0, "no Vietnamese segment found");
}

#[test]
fn a_font_without_vietnamese_letters_is_refused() {
    let dir = with_face("LiberationSerif-Bold.ttf", |d| drop_vietnamese(d));
    let (file, message) = font_error(dir.path());
    assert!(file.ends_with("LiberationSerif-Bold.ttf"), "{file}");
    assert!(
        message.contains("no Vietnamese letter `ă` (U+0103)")
            && message.contains("use a font with Vietnamese coverage"),
        "{message}"
    );
    // The patched face still reads, Latin-1 included: it is refused for
    // what it lacks, not for being broken.
    let data = std::fs::read(dir.path().join("LiberationSerif-Bold.ttf")).unwrap();
    let face = vanban::text::FontFace::parse(data, "b.ttf").unwrap();
    assert!(face.covers('â') && face.covers('A') && !face.covers('ư') && !face.covers('ạ'));
}

/// Sets the OS/2 table's fsType (the u16 at offset 8).
fn fs_type(v: u16) -> impl FnOnce(&mut Vec<u8>) {
    move |d| {
        let os2 = table(d, b"OS/2");
        put_u16(d, os2 + 8, v);
    }
}

#[test]
fn a_font_whose_licence_forbids_embedding_is_refused() {
    for (bits, says) in [
        (0x0002, "forbids embedding (OS/2 fsType: restricted licence"),
        (0x0100, "forbids subsetting (OS/2 fsType bit 8)"),
        (0x0200, "embedding bitmaps only (OS/2 fsType bit 9)"),
    ] {
        let dir = with_face("LiberationSerif-Regular.ttf", fs_type(bits));
        let (file, message) = font_error(dir.path());
        assert!(file.ends_with("LiberationSerif-Regular.ttf"), "{file}");
        assert!(
            message.contains(says) && message.contains("use a font whose licence allows"),
            "{bits:#06x}: {message}"
        );
    }
    // Installable, editable, preview & print: embedding is allowed.
    for bits in [0x0000, 0x0008, 0x0004] {
        let dir = with_face("LiberationSerif-Regular.ttf", fs_type(bits));
        FontSet::from_dir(dir.path()).unwrap_or_else(|e| panic!("{bits:#06x}: {e}"));
    }
}

#[test]
fn the_command_line_names_the_refused_font() {
    let dir = with_face("LiberationSerif-BoldItalic.ttf", fs_type(0x0002));
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["render", "--fonts"])
        .arg(dir.path())
        .arg("-o")
        .arg(out.path())
        .arg(fixture("minimal.json"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("LiberationSerif-BoldItalic.ttf") && stderr.contains("forbids embedding"),
        "{stderr}"
    );
    // Nothing was written.
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}
