//! The one way vanban reads a file from disk: documents, images, fonts,
//! layouts and the sources of `import` and `extract`.
//!
//! A path may name anything: a FIFO (whose open blocks until a writer comes,
//! and whose reads may never end), a device like `/dev/zero` (endless), a
//! directory or a socket. So the file is opened non-blocking (an open of a
//! FIFO returns at once), its type is checked on the open handle (not on the
//! path, which could be swapped in between), and no more than one byte over
//! its limit is read (one over tells "too large" from "exactly the limit").

use std::fmt;
use std::io::Read;
use std::path::Path;

/// The largest font file read from `--fonts`: 64 MiB. The largest fonts in
/// use are CJK collections of about 30 MB; a Vietnamese serif face is well
/// under 1 MB. A face is held whole in memory (shaping and embedding read
/// it), once per process.
pub const MAX_FONT_BYTES: u64 = 64 << 20;

/// The largest layout file: 4 MiB. The built-in layout is about 10 KB of
/// JSON; a layout is parsed whole and its templates compiled.
pub const MAX_LAYOUT_BYTES: u64 = 4 << 20;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// The operating system refused (missing, permission, …).
    Io(std::io::Error),
    /// Not a regular file; what it is instead: `fifo`, `char-device`,
    /// `block-device`, `socket`, `directory` or `other` (a selector of the
    /// `render-not-a-file` message).
    NotAFile(&'static str),
    /// Larger than the limit; the size known (at least `limit + 1`).
    TooLarge {
        /// Its size, or the bytes read before stopping.
        size: u64,
        /// The limit.
        limit: u64,
    },
}

impl ReadError {
    /// The error in `lang` (`Display` writes it in English): the operating
    /// system's error as it wrote it in English, with a message of its own
    /// for the common kinds in Vietnamese.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::msg;
        match self {
            Self::Io(e) if lang == crate::i18n::Lang::En => e.to_string(),
            Self::Io(e) => crate::error::io_text(e, lang),
            Self::NotAFile(what) => msg!("render-not-a-file", what = *what).text(lang),
            Self::TooLarge { size, limit } => msg!(
                "render-file-over-limit",
                size = crate::input::size(*size),
                limit = crate::input::size(*limit)
            )
            .text(lang),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(crate::i18n::Lang::En))
    }
}

impl std::error::Error for ReadError {}

impl From<ReadError> for std::io::Error {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Io(e) => e,
            other => std::io::Error::new(std::io::ErrorKind::InvalidInput, other.to_string()),
        }
    }
}

/// What a file type that is not a regular file is, for the error.
fn kind_of(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "fifo";
        }
        if ft.is_char_device() {
            return "char-device";
        }
        if ft.is_block_device() {
            return "block-device";
        }
        if ft.is_socket() {
            return "socket";
        }
    }
    if ft.is_dir() { "directory" } else { "other" }
}

/// Opens `path` for reading without blocking (a FIFO's open returns at
/// once) and checks on the open handle that it is a regular file; returns
/// the file and its size.
pub fn open_regular(path: &Path) -> Result<(std::fs::File, u64), ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind_of(meta.file_type())));
    }
    Ok((file, meta.len()))
}

/// The bytes of the regular file at `path`, if it holds at most `limit`:
/// refused before reading when its size says it is over, and read no
/// further than `limit + 1` bytes (a file that grows while read).
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path)?;
    if len > limit {
        return Err(ReadError::TooLarge { size: len, limit });
    }
    // Its size is known: one buffer of that size (and one byte to see the
    // end), no regrowth.
    let hint = usize::try_from(len.saturating_add(1)).unwrap_or(usize::MAX);
    read_into(file, limit, hint)
}

/// At most `limit` bytes from `reader` (standard input, an open file); more
/// is [`ReadError::TooLarge`], found after reading `limit + 1` bytes only.
pub fn read_bounded(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_into(reader, limit, 0)
}

/// Reads as [`read_bounded`] into a buffer of `hint` bytes to start with.
/// Hand-written rather than `Read::take` + `read_to_end`, whose buffer
/// doubles past the limit: reading 256 MiB from a pipe peaked at 800 MB.
/// Here the buffer grows by doubling too, but never past `limit + 1`
/// bytes; from a pipe the peak is still about twice the limit (the
/// allocator keeps the smaller buffers it grew out of), from a regular file
/// (size known, one buffer) about the file's size.
fn read_into(mut reader: impl Read, limit: u64, hint: usize) -> Result<Vec<u8>, ReadError> {
    let most = usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX);
    let mut bytes: Vec<u8> = Vec::with_capacity(hint.min(most));
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let room = most.saturating_sub(bytes.len());
        if room == 0 {
            break;
        }
        let want = room.min(chunk.len());
        let n = match reader.read(chunk.get_mut(..want).unwrap_or_default()) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ReadError::Io(e)),
        };
        let got = chunk.get(..n).unwrap_or_default();
        if bytes.capacity() - bytes.len() < got.len() {
            let grow = bytes.capacity().max(got.len()).min(room);
            bytes.try_reserve_exact(grow).map_err(|_| {
                ReadError::Io(std::io::Error::new(
                    std::io::ErrorKind::OutOfMemory,
                    "out of memory while reading",
                ))
            })?;
        }
        bytes.extend_from_slice(got);
    }
    let got = bytes.len() as u64;
    if got > limit {
        return Err(ReadError::TooLarge { size: got, limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_within_their_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a");
        std::fs::write(&p, b"12345").unwrap();
        assert_eq!(read_regular(&p, 5).unwrap(), b"12345");
        assert!(matches!(
            read_regular(&p, 4),
            Err(ReadError::TooLarge { size: 5, limit: 4 })
        ));
        assert!(matches!(
            read_regular(dir.path(), 4),
            Err(ReadError::NotAFile("directory"))
        ));
        assert!(matches!(
            read_bounded(std::io::repeat(0), 1000),
            Err(ReadError::TooLarge { size: 1001, .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_on_the_open_handle() {
        let e = read_regular(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(e.to_string().contains("character device"), "{e}");
    }
}
