//! Fonts: the four faces of one family (regular, bold, italic, bold italic),
//! built in (Liberation Serif) or read from a folder; their metrics, coverage
//! and embedding permission.

use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::msg;

/// Which of the four faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceId {
    /// Regular.
    Regular = 0,
    /// Bold.
    Bold = 1,
    /// Italic.
    Italic = 2,
    /// Bold italic.
    BoldItalic = 3,
}

impl FaceId {
    /// All four, in index order.
    pub const ALL: [FaceId; 4] = [Self::Regular, Self::Bold, Self::Italic, Self::BoldItalic];

    /// The face for a run's emphasis.
    pub fn of(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => Self::Regular,
            (true, false) => Self::Bold,
            (false, true) => Self::Italic,
            (true, true) => Self::BoldItalic,
        }
    }

    /// This face's element of `four`, which is in [`FaceId::ALL`] order.
    pub(crate) fn of_four<T>(self, four: &[T; 4]) -> &T {
        let [regular, bold, italic, bold_italic] = four;
        match self {
            Self::Regular => regular,
            Self::Bold => bold,
            Self::Italic => italic,
            Self::BoldItalic => bold_italic,
        }
    }

    /// [`FaceId::of_four`], mutable.
    pub(crate) fn of_four_mut<T>(self, four: &mut [T; 4]) -> &mut T {
        let [regular, bold, italic, bold_italic] = four;
        match self {
            Self::Regular => regular,
            Self::Bold => bold,
            Self::Italic => italic,
            Self::BoldItalic => bold_italic,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Regular => "regular",
            Self::Bold => "bold",
            Self::Italic => "italic",
            Self::BoldItalic => "bold italic",
        }
    }
}

/// A font file's bytes, shared by every render and writer: a built-in face
/// is the binary's own bytes (not copied into each process's heap), a face
/// read from `--fonts` is read once.
#[derive(Clone)]
pub struct FontBytes(Arc<dyn AsRef<[u8]> + Send + Sync>);

impl FontBytes {
    /// The bytes, shared, as the PDF writer takes them.
    pub(crate) fn shared(&self) -> Arc<dyn AsRef<[u8]> + Send + Sync> {
        self.0.clone()
    }
}

impl std::ops::Deref for FontBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        (*self.0).as_ref()
    }
}

impl std::fmt::Debug for FontBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FontBytes({} bytes)", self.len())
    }
}

impl From<Vec<u8>> for FontBytes {
    fn from(data: Vec<u8>) -> Self {
        Self(Arc::new(data))
    }
}

impl From<&'static [u8]> for FontBytes {
    fn from(data: &'static [u8]) -> Self {
        Self(Arc::new(data))
    }
}

/// One font file, parsed once.
#[derive(Debug, Clone)]
pub struct FontFace {
    /// Where it came from (a path, or the built-in name).
    pub source: String,
    /// The PostScript name.
    pub name: String,
    /// The family name (`Liberation Serif`), as word processors name the font.
    pub family: String,
    /// The file's bytes.
    pub data: FontBytes,
    /// Font units per em.
    pub units_per_em: f32,
    /// Ascender, in ems.
    pub ascender: f32,
    /// Descender (positive), in ems.
    pub descender: f32,
    /// Sorted code points the font maps to a glyph.
    coverage: Vec<u32>,
}

impl FontFace {
    /// Parses a font file and checks that it may be embedded.
    pub fn parse(data: impl Into<FontBytes>, source: &str) -> Result<Self> {
        let data = data.into();
        let err = |message: Msg| Error::Font {
            file: source.to_string(),
            message,
        };
        // ttf-parser reads a truncated file as long as its header is there,
        // and the PDF would then lack glyphs: every table must be in the file.
        if matches!(data.get(0..4), Some([0, 1, 0, 0] | b"true" | b"OTTO")) {
            sfnt::table_directory(&data)
                .map_err(|e| err(msg!("render-font-damaged", reason = e.to_string())))?;
        }
        let face = ttf_parser::Face::parse(&data, 0)
            .map_err(|e| err(msg!("render-font-unusable", reason = e.to_string())))?;
        if let Some(ttf_parser::Permissions::Restricted) = face.permissions() {
            return Err(err(msg!("render-font-no-embedding")));
        }
        if !face.is_subsetting_allowed() {
            return Err(err(msg!("render-font-no-subsetting")));
        }
        if !face.is_outline_embedding_allowed() {
            return Err(err(msg!("render-font-bitmaps-only")));
        }
        let mut coverage = Vec::new();
        if let Some(cmap) = face.tables().cmap {
            // Fonts list one subtable under several platforms (Liberation's
            // (0, 3) and (3, 1) are the same bytes): each is read once.
            let offsets =
                subtable_offsets(face.raw_face().table(ttf_parser::Tag::from_bytes(b"cmap")));
            let mut seen = Vec::with_capacity(offsets.len());
            for (i, sub) in cmap.subtables.into_iter().enumerate() {
                let offset = offsets.get(i).copied();
                if !sub.is_unicode() || offset.is_some_and(|o| seen.contains(&o)) {
                    continue;
                }
                seen.extend(offset);
                sub.codepoints(|cp| {
                    if sub.glyph_index(cp).is_some_and(|g| g.0 != 0) {
                        coverage.push(cp);
                    }
                });
            }
        }
        coverage.sort_unstable();
        coverage.dedup();
        let upem = f32::from(face.units_per_em());
        let name = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| source.to_string());
        let family = [
            ttf_parser::name_id::TYPOGRAPHIC_FAMILY,
            ttf_parser::name_id::FAMILY,
        ]
        .iter()
        .find_map(|id| {
            face.names()
                .into_iter()
                .find(|n| n.name_id == *id && n.is_unicode())
                .and_then(|n| n.to_string())
        })
        .unwrap_or_else(|| name.clone());
        let (ascender, descender) = (f32::from(face.ascender()), f32::from(face.descender()));
        Ok(Self {
            source: source.to_string(),
            name,
            family,
            units_per_em: upem,
            ascender: ascender / upem,
            descender: -descender / upem,
            coverage,
            data,
        })
    }

    /// Whether the font maps `ch` to a glyph.
    pub fn covers(&self, ch: char) -> bool {
        self.coverage.binary_search(&(ch as u32)).is_ok()
    }
}

/// The offset of each of a `cmap` table's subtables, in the order of its
/// encoding records (the order ttf-parser gives them in); empty if the table
/// is cut short, when every subtable is read.
fn subtable_offsets(cmap: Option<&[u8]>) -> Vec<u32> {
    let Some(cmap) = cmap else {
        return Vec::new();
    };
    let count = sfnt::read_u16(cmap, 2).map_or(0, usize::from);
    let offsets: Option<Vec<u32>> = (0..count)
        .map(|i| sfnt::read_u32(cmap, 4 + 8 * i + 4))
        .collect();
    offsets.unwrap_or_default()
}

/// The four faces of one family.
#[derive(Debug, Clone)]
pub struct FontSet {
    faces: [FontFace; 4],
    /// Bits of the Basic Multilingual Plane that all four faces cover, for a
    /// fast check of every character of every input.
    bmp: Vec<u64>,
}

/// The built-in faces: name, bytes, and the SHA-256 of the bytes (what a
/// document's stamp hashes for the face), written here so that no process
/// hashes 1.6 MB of fonts it did not choose; a test recomputes them.
const BUILT_IN: [(&str, &[u8], &str); 4] = [
    (
        "LiberationSerif-Regular.ttf",
        include_bytes!("../../fonts/LiberationSerif-Regular.ttf"),
        "29d12439831b7f59194efec85872f24f54eff05738933f9a860220d2abff88ba",
    ),
    (
        "LiberationSerif-Bold.ttf",
        include_bytes!("../../fonts/LiberationSerif-Bold.ttf"),
        "446a4421f297698427170fd7db20e59169a4188baaaf940e9bea58af6341a723",
    ),
    (
        "LiberationSerif-Italic.ttf",
        include_bytes!("../../fonts/LiberationSerif-Italic.ttf"),
        "c1830c433ab41379f1139fac388989d37c9f08c81e1bd643efdcc7946db30753",
    ),
    (
        "LiberationSerif-BoldItalic.ttf",
        include_bytes!("../../fonts/LiberationSerif-BoldItalic.ttf"),
        "36dd6965be8915f6d7efb259757f1f7546a7c6f72c53a20bbe4ae7092f2cd558",
    ),
];

impl FontFace {
    /// The SHA-256 of the face's bytes in lowercase hex when it is one of
    /// the built-in faces, used in place (known without hashing); `None`
    /// for a face read from a file.
    pub fn built_in_digest(&self) -> Option<&'static str> {
        let data: &[u8] = &self.data;
        BUILT_IN
            .iter()
            .find(|(_, bytes, _)| std::ptr::eq(data, *bytes))
            .map(|(_, _, digest)| *digest)
    }
}

/// Characters every Vietnamese document needs; a family without them is refused.
const VIETNAMESE_PROBE: &str =
    "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ";

impl FontSet {
    /// Liberation Serif 2.x, compiled into the binary.
    pub fn built_in() -> Result<Self> {
        let mut faces = Vec::with_capacity(4);
        for (name, bytes, _) in BUILT_IN {
            faces.push(FontFace::parse(bytes, name)?);
        }
        Self::from_faces(faces)
    }

    /// The four faces of the one family found in `dir` (`.ttf`/`.otf` files),
    /// chosen by their bold and italic flags.
    pub fn from_dir(dir: &Path) -> Result<Self> {
        let err = |message: Msg| Error::Font {
            file: dir.display().to_string(),
            message,
        };
        let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf"))
            })
            .collect();
        paths.sort();
        let mut slots: [Option<FontFace>; 4] = [None, None, None, None];
        for path in &paths {
            let source = path.display().to_string();
            let data =
                crate::fsread::read_regular(path, crate::fsread::MAX_FONT_BYTES).map_err(|e| {
                    Error::Font {
                        file: source.clone(),
                        message: msg!("render-font-cannot-read", reason = e.to_string()),
                    }
                })?;
            let (bold, italic) = {
                let face = ttf_parser::Face::parse(&data, 0).map_err(|e| Error::Font {
                    file: source.clone(),
                    message: msg!("render-font-unusable-in-folder", reason = e.to_string()),
                })?;
                (face.is_bold(), face.is_italic() || face.is_oblique())
            };
            let id = FaceId::of(bold, italic);
            let slot = id.of_four_mut(&mut slots);
            if let Some(prev) = slot {
                return Err(err(msg!(
                    "render-font-two-faces",
                    face = id.label().replace(' ', "-"),
                    first = prev.source.as_str(),
                    second = source.as_str()
                )));
            }
            *slot = Some(FontFace::parse(data, &source)?);
        }
        let mut faces = Vec::with_capacity(4);
        for (id, slot) in FaceId::ALL.iter().zip(slots) {
            faces.push(slot.ok_or_else(|| {
                err(msg!(
                    "render-font-face-missing",
                    face = id.label().replace(' ', "-")
                ))
            })?);
        }
        Self::from_faces(faces)
    }

    fn from_faces(faces: Vec<FontFace>) -> Result<Self> {
        let faces: [FontFace; 4] = faces.try_into().map_err(|_| Error::Font {
            file: String::new(),
            message: msg!("render-font-four-faces"),
        })?;
        for f in &faces {
            if let Some(ch) = VIETNAMESE_PROBE.chars().find(|&c| !f.covers(c)) {
                return Err(Error::Font {
                    file: f.source.clone(),
                    message: msg!(
                        "render-font-no-vietnamese",
                        char = ch,
                        code = format!("U+{:04X}", ch as u32)
                    ),
                });
            }
        }
        let mut bmp = vec![0u64; 0x10000 / 64];
        for cp in faces[0].coverage.iter().copied() {
            if let Some(bits) = bmp.get_mut(cp as usize / 64)
                && faces.iter().all(|f| f.coverage.binary_search(&cp).is_ok())
            {
                *bits |= 1 << (cp % 64);
            }
        }
        Ok(Self { faces, bmp })
    }

    /// One face.
    pub fn face(&self, id: FaceId) -> &FontFace {
        id.of_four(&self.faces)
    }

    /// Where the baseline sits below the top of a line box `line_height`
    /// tall, for text of `size`: the face's ascent and descent centred in the
    /// box. The PDF typesetter and the DOCX rules both place text by it.
    pub fn baseline(&self, size: f32, line_height: f32) -> f32 {
        let f = self.face(FaceId::Regular);
        (line_height - (f.ascender + f.descender) * size) / 2.0 + f.ascender * size
    }

    /// Whether all four faces can draw `ch`.
    pub fn covers(&self, ch: char) -> bool {
        let cp = ch as usize;
        match self.bmp.get(cp / 64) {
            Some(bits) => bits & (1 << (cp % 64)) != 0,
            None => self.faces.iter().all(|f| f.covers(ch)),
        }
    }
}

/// Reading the sfnt container (the table directory) of TrueType and
/// OpenType files, checked against the file's length.
pub(crate) mod sfnt {
    /// The big-endian u16 at `at`, if the data reaches that far.
    pub(crate) fn read_u16(data: &[u8], at: usize) -> Option<u16> {
        data.get(at..)?
            .first_chunk()
            .copied()
            .map(u16::from_be_bytes)
    }

    /// The big-endian u32 at `at`, if the data reaches that far.
    pub(crate) fn read_u32(data: &[u8], at: usize) -> Option<u32> {
        data.get(at..)?
            .first_chunk()
            .copied()
            .map(u32::from_be_bytes)
    }

    /// One table of an sfnt file.
    pub(crate) struct TableRecord<'a> {
        /// The table's tag, e.g. `glyf`.
        pub(crate) tag: [u8; 4],
        /// The table's bytes.
        pub(crate) data: &'a [u8],
    }

    /// Reads the table directory of a single (non-collection) sfnt file, checking
    /// that every table lies within the file: a truncated file, or one whose
    /// directory is corrupt, is an error saying which table is out of place.
    pub(crate) fn table_directory(data: &[u8]) -> Result<Vec<TableRecord<'_>>, String> {
        let count = read_u16(data, 4).ok_or_else(|| {
            format!(
                "the file of {} bytes is too short for an sfnt header",
                data.len()
            )
        })?;
        let records = data
            .get(12..)
            .and_then(|rest| rest.get(..16 * usize::from(count)))
            .ok_or_else(|| {
                format!(
                    "the table directory is cut short: the file has {} bytes, its {count} table \
                     records end at byte {}",
                    data.len(),
                    12 + 16 * usize::from(count)
                )
            })?;
        let mut tables = Vec::with_capacity(usize::from(count));
        for record in records.chunks_exact(16) {
            let (Some(&tag), Some(offset), Some(len)) = (
                record.first_chunk::<4>(),
                read_u32(record, 8),
                read_u32(record, 12),
            ) else {
                // `chunks_exact(16)` gives 16-byte records, which have all three fields.
                return Err("a table record is cut short".to_owned());
            };
            let (start, len) = (offset as usize, len as usize);
            let table = start
                .checked_add(len)
                .and_then(|end| data.get(start..end))
                .ok_or_else(|| {
                    format!(
                        "table `{}` (offset {start}, length {len}) lies outside the file of {} \
                         bytes: the file is truncated or its table directory is corrupt",
                        String::from_utf8_lossy(&tag).escape_debug(),
                        data.len()
                    )
                })?;
            tables.push(TableRecord { tag, data: table });
        }
        Ok(tables)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_digests_are_the_fonts_sha256() {
        use sha2::{Digest, Sha256};
        let set = FontSet::built_in().unwrap();
        for (id, (name, data, digest)) in FaceId::ALL.into_iter().zip(BUILT_IN) {
            let hex = crate::sign::hex(&Sha256::digest(data));
            assert_eq!(
                hex, digest,
                "{name}: the digest written in BUILT_IN is stale"
            );
            assert_eq!(set.face(id).built_in_digest(), Some(digest), "{name}");
        }
        // The same bytes read from a file are not the built-in face.
        let copy = FontFace::parse(BUILT_IN[0].1.to_vec(), "copy.ttf").unwrap();
        assert_eq!(copy.built_in_digest(), None);
    }

    #[test]
    fn the_built_in_fonts_cover_vietnamese_and_not_emoji() {
        let set = FontSet::built_in().unwrap();
        assert!(set.covers('ư') && set.covers('Ử') && set.covers('“'));
        assert!(!set.covers('😀'));
        assert_eq!(set.face(FaceId::Bold).name, "LiberationSerif-Bold");
    }

    #[test]
    fn truncated_fonts_are_refused_saying_which_table_is_cut() {
        let (name, data, _) = BUILT_IN[0];
        let mut refused = 0;
        for len in (4..data.len()).step_by(997) {
            let e = FontFace::parse(data[..len].to_vec(), "x.ttf")
                .expect_err("a truncated font")
                .to_string();
            assert!(e.starts_with("font x.ttf: "), "{e}");
            // Cut in the header, in the directory or, after it, the last
            // table (FFTM).
            assert!(
                e.contains("too short for an sfnt header")
                    || e.contains("the table directory is cut short")
                    || e.contains(&format!("lies outside the file of {len} bytes")),
                "cut at {len}: {e}"
            );
            refused += 1;
        }
        assert!(refused > 390);
        assert!(FontFace::parse(data.to_vec(), name).is_ok());
    }

    #[test]
    fn a_font_folder_with_a_truncated_face_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        for (name, data, _) in BUILT_IN {
            let data = if name.contains("Regular") {
                &data[..data.len() - 100]
            } else {
                data
            };
            std::fs::write(dir.path().join(name), data).unwrap();
        }
        let e = FontSet::from_dir(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains("LiberationSerif-Regular.ttf") && e.contains("table `FFTM`"),
            "{e}"
        );
        std::fs::write(dir.path().join(BUILT_IN[0].0), BUILT_IN[0].1).unwrap();
        assert!(FontSet::from_dir(dir.path()).is_ok());
    }

    #[test]
    fn a_non_font_is_refused_clearly() {
        let e = FontFace::parse(b"not a font".to_vec(), "x.ttf")
            .unwrap_err()
            .to_string();
        assert!(e.contains("x.ttf") && e.contains("not a usable"), "{e}");
    }
}
