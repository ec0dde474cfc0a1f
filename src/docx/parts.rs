//! The package as parts: the one place a DOCX is unzipped and zipped.
//!
//! Reading keeps every part's bytes by name (directory entries are not
//! parts). Writing is deterministic: `[Content_Types].xml` first, then the
//! parts by name; timestamps 1980-01-01 00:00, mode 0644, no extra fields;
//! small parts stored, XML deflated at level 6, font parts at level 1; and a
//! part equal to an entry of an earlier zip of this writer copied from it
//! still compressed.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// A package's parts by name (zip entry names, without a leading `/`).
pub(crate) type Parts = BTreeMap<String, Vec<u8>>;

/// The content types part, which goes first.
pub(crate) const CONTENT_TYPES: &str = "[Content_Types].xml";

/// Why a package could not be unzipped or zipped.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ZipError {
    /// The input is not a readable ZIP archive, or the output could not be zipped.
    #[error("DOCX package: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Reading a part out of the archive or writing one into it failed.
    #[error("DOCX package I/O: {0}")]
    Io(#[from] std::io::Error),
    /// Two entries of the archive have the same name.
    #[error("part {0}: appears twice in the package")]
    Duplicate(String),
}

/// The package's parts by name; directory entries are not parts and are left out.
pub(crate) fn read_parts(docx: &[u8]) -> Result<Parts, ZipError> {
    let mut archive = ZipArchive::new(Cursor::new(docx))?;
    let mut parts = Parts::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        if parts.contains_key(&name) {
            return Err(ZipError::Duplicate(name));
        }
        parts.insert(name, data);
    }
    Ok(parts)
}

/// Parts smaller than this are stored, not deflated.
pub(crate) const SMALL_PART: usize = 2048;

/// Zips the parts: `[Content_Types].xml` first, then by name; XML deflated at level 6, font parts at level 1,
/// timestamps 1980-01-01 00:00, mode 0644, no extra fields.
///
/// A part whose bytes equal an entry of `precompressed` (a zip written by
/// this function) is copied from it still compressed, not deflated again.
pub(crate) fn write_parts(
    parts: &Parts,
    precompressed: Option<&[u8]>,
) -> Result<Vec<u8>, ZipError> {
    let mut cache = match precompressed {
        Some(z) => Some(ZipArchive::new(Cursor::new(z))?),
        None => None,
    };
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    // Font programs compress little beyond what a fast level gets, and are
    // most of the bytes: level 1 for them keeps the write fast.
    let fast = options.compression_level(Some(1));
    // Small parts are stored: a deflate encoder zeroes ~300 KB of state to
    // save a few hundred bytes.
    let stored = options
        .compression_method(CompressionMethod::Stored)
        .compression_level(None);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let first = parts.get_key_value(CONTENT_TYPES);
    let rest = parts.iter().filter(|(name, _)| *name != CONTENT_TYPES);
    for (name, data) in first.into_iter().chain(rest) {
        if let Some(entry) = cache.as_mut().and_then(|c| same_entry(c, name, data)) {
            zip.raw_copy_file(entry)?;
            continue;
        }
        let options = if name.ends_with(".odttf") {
            fast
        } else if data.len() < SMALL_PART {
            stored
        } else {
            options
        };
        zip.start_file(name.as_str(), options)?;
        zip.write_all(data)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The entry `name` of `cache` if its content is exactly `data`.
fn same_entry<'c, 'z>(
    cache: &'c mut ZipArchive<Cursor<&'z [u8]>>,
    name: &str,
    data: &[u8],
) -> Option<zip::read::ZipFile<'c, Cursor<&'z [u8]>>> {
    let index = cache.index_for_name(name)?;
    let entry = cache.by_index_raw(index).ok()?;
    // Size and CRC-32 as the zip records them: the cache holds only parts
    // this writer made from the same font data.
    (entry.size() == data.len() as u64 && entry.crc32() == crc32fast::hash(data)).then_some(entry)
}
