//! Streaming decoders for the PDF filters hayro-syntax decodes without a
//! cap: Flate, LZW, RunLength, ASCIIHex and ASCII85. Each takes its input
//! in pieces and gives at most [`CHUNK`] bytes (plus one run) per call, so
//! a chain of them runs in constant memory while a counter downstream
//! sees every byte each filter would produce.
//!
//! Hand-written rather than taken from hayro-syntax, whose decoders are
//! crate-private and decode a whole stream into one `Vec` (the very thing
//! being bounded); LZW is not weezl's because the count must match what
//! hayro decodes, and hayro's LZW keeps reading 12-bit codes once its table
//! is full (no clear code needed) — the case an LZW bomb (~2,700×) relies
//! on. Each decoder follows hayro-syntax 0.9's, byte for byte: where hayro
//! gives up, this one stops (what was counted is then at least what hayro
//! holds).

/// The most bytes one call gives.
pub(super) const CHUNK: usize = 64 << 10;

/// PDF white space (hayro's table: NUL, TAB, LF, FF, CR, space).
pub(super) fn is_space(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

/// One filter of a stream's chain, mid-decoding.
pub(super) enum Stage {
    Flate(Flate),
    Lzw(Box<Lzw>),
    RunLength(RunLength),
    Hex(Hex),
    A85(A85),
}

impl Stage {
    /// Decodes from the start of `input` into `out` (at most about
    /// [`CHUNK`] bytes); returns how much of `input` was used. Less than
    /// all of it when `out` is full or the filter has ended.
    pub(super) fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> usize {
        match self {
            Self::Flate(f) => f.feed(input, out),
            Self::Lzw(l) => l.feed(input, out),
            Self::RunLength(r) => r.feed(input, out),
            Self::Hex(h) => h.feed(input, out),
            Self::A85(a) => a.feed(input, out),
        }
    }

    /// Output held back until the input ends (a pending nibble or group,
    /// inflated bytes not yet given).
    pub(super) fn finish(&mut self, out: &mut Vec<u8>) {
        match self {
            Self::Flate(f) => {
                f.feed(&[], out);
            }
            Self::Hex(h) => h.finish(out),
            Self::A85(a) => a.finish(out),
            Self::Lzw(_) | Self::RunLength(_) => {}
        }
    }

    /// The filter has ended (its end marker, or data it cannot decode):
    /// it takes no more input.
    pub(super) fn done(&self) -> bool {
        match self {
            Self::Flate(f) => f.done,
            Self::Lzw(l) => l.done,
            Self::RunLength(r) => r.done,
            Self::Hex(h) => h.done,
            Self::A85(a) => a.done,
        }
    }
}

/// FlateDecode: zlib when the data starts with a zlib header, else raw
/// deflate (hayro tries zlib, then raw deflate, then a lenient decoder).
pub(super) struct Flate {
    z: Option<flate2::Decompress>,
    head: Vec<u8>,
    done: bool,
}

impl Flate {
    pub(super) fn new() -> Self {
        Self {
            z: None,
            head: Vec::new(),
            done: false,
        }
    }

    fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> usize {
        if self.done {
            return 0;
        }
        let mut used = 0;
        if self.z.is_none() {
            // The first two bytes tell zlib from raw deflate.
            let take = 2usize.saturating_sub(self.head.len()).min(input.len());
            self.head
                .extend_from_slice(input.get(..take).unwrap_or(&[]));
            used = take;
            if self.head.len() < 2 {
                return used;
            }
            let zlib = matches!(self.head.as_slice(), [cmf, flg]
                if cmf & 0x0F == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0);
            let mut z = flate2::Decompress::new(zlib);
            // Two bytes inflate to a few at most: `out` has room.
            let head = std::mem::take(&mut self.head);
            inflate(&mut z, &head, out, &mut self.done);
            self.z = Some(z);
        }
        match self.z.as_mut() {
            Some(z) if !self.done => {
                used + inflate(z, input.get(used..).unwrap_or(&[]), out, &mut self.done)
            }
            _ => used,
        }
    }
}

/// Inflates from `input` until `out` holds [`CHUNK`] bytes, the input is
/// used up, or the deflate data ends (`done`); returns the input used.
fn inflate(z: &mut flate2::Decompress, input: &[u8], out: &mut Vec<u8>, done: &mut bool) -> usize {
    let mut used = 0;
    loop {
        let room = CHUNK.saturating_sub(out.len());
        if room == 0 {
            return used;
        }
        out.reserve(room);
        let (in0, out0) = (z.total_in(), z.total_out());
        let r = z.decompress_vec(
            input.get(used..).unwrap_or(&[]),
            out,
            flate2::FlushDecompress::None,
        );
        used += usize::try_from(z.total_in() - in0).unwrap_or(usize::MAX);
        match r {
            Ok(flate2::Status::Ok) if z.total_in() > in0 || z.total_out() > out0 => {}
            Ok(flate2::Status::BufError | flate2::Status::Ok) => return used,
            // The end of the deflate data, or data that is not deflate.
            Ok(flate2::Status::StreamEnd) | Err(_) => {
                *done = true;
                return used;
            }
        }
    }
}

/// LZWDecode, as hayro's: 9- to 12-bit codes, most significant bit
/// first, `EarlyChange` (default 1) switching widths one code early;
/// code 256 clears the table, 257 ends; a full table (4,096 entries)
/// takes no new entries and decoding goes on.
pub(super) struct Lzw {
    early: bool,
    table: Vec<Vec<u8>>,
    prev: Option<usize>,
    bits: u64,
    nbits: u32,
    done: bool,
}

const CLEAR: usize = 256;
const EOD: usize = 257;
const MAX_ENTRIES: usize = 4096;

impl Lzw {
    pub(super) fn new(early_change: bool) -> Self {
        let mut table: Vec<Vec<u8>> = (0..=255u8).map(|b| vec![b]).collect();
        table.push(Vec::new());
        table.push(Vec::new());
        Self {
            early: early_change,
            table,
            prev: None,
            bits: 0,
            nbits: 0,
            done: false,
        }
    }

    fn width(&self) -> u32 {
        let n = self.table.len() + usize::from(self.early);
        match n {
            2048.. => 12,
            1024.. => 11,
            512.. => 10,
            _ => 9,
        }
    }

    fn register(&mut self, prev: usize, byte: u8) {
        if self.table.len() >= MAX_ENTRIES {
            return;
        }
        let mut entry = self.table.get(prev).cloned().unwrap_or_default();
        entry.push(byte);
        self.table.push(entry);
    }

    fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> usize {
        let mut used = 0;
        for &b in input {
            if self.done || out.len() >= CHUNK {
                break;
            }
            used += 1;
            self.bits = (self.bits << 8) | u64::from(b);
            self.nbits += 8;
            while !self.done && self.nbits >= self.width() {
                let w = self.width();
                self.nbits -= w;
                let code = usize::try_from((self.bits >> self.nbits) & ((1 << w) - 1)).unwrap_or(0);
                self.bits &= (1u64 << self.nbits) - 1;
                self.code(code, out);
            }
        }
        used
    }

    fn code(&mut self, code: usize, out: &mut Vec<u8>) {
        match code {
            CLEAR => {
                self.table.truncate(258);
                self.prev = None;
            }
            EOD => self.done = true,
            new if new < self.table.len() => {
                let Some(entry) = self.table.get(new) else {
                    self.done = true;
                    return;
                };
                let Some(&first) = entry.first() else {
                    // A clear or end code's slot: hayro fails there.
                    self.done = true;
                    return;
                };
                out.extend_from_slice(entry);
                if let Some(p) = self.prev {
                    self.register(p, first);
                }
                self.prev = Some(new);
            }
            new if new == self.table.len() => {
                let Some(p) = self.prev else {
                    self.done = true;
                    return;
                };
                let Some(&first) = self.table.get(p).and_then(|e| e.first()) else {
                    self.done = true;
                    return;
                };
                if self.table.len() >= MAX_ENTRIES {
                    // hayro: the entry cannot be registered, decoding fails.
                    self.done = true;
                    return;
                }
                self.register(p, first);
                out.extend_from_slice(self.table.last().map_or(&[][..], |e| e));
                self.prev = Some(new);
            }
            _ => self.done = true,
        }
    }
}

/// RunLengthDecode: a length byte, then 1–128 literal bytes (0–127) or
/// one byte repeated 2–128 times (129–255); 128 ends.
pub(super) struct RunLength {
    literal: usize,
    repeat: Option<usize>,
    done: bool,
}

impl RunLength {
    pub(super) fn new() -> Self {
        Self {
            literal: 0,
            repeat: None,
            done: false,
        }
    }

    fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> usize {
        let mut used = 0;
        while let Some(&b) = input.get(used) {
            if self.done || out.len() >= CHUNK {
                break;
            }
            used += 1;
            if self.literal > 0 {
                out.push(b);
                self.literal -= 1;
            } else if let Some(n) = self.repeat.take() {
                out.resize(out.len() + n, b);
            } else {
                match b {
                    128 => self.done = true,
                    0..=127 => self.literal = usize::from(b) + 1,
                    _ => self.repeat = Some(257 - usize::from(b)),
                }
            }
        }
        used
    }
}

/// ASCIIHexDecode: hex digits, white space ignored, `>` ends; an odd
/// last digit is followed by 0; any other byte fails (hayro: nothing).
pub(super) struct Hex {
    high: Option<u8>,
    done: bool,
}

impl Hex {
    pub(super) fn new() -> Self {
        Self {
            high: None,
            done: false,
        }
    }

    fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> usize {
        let mut used = 0;
        while let Some(&b) = input.get(used) {
            if self.done || out.len() >= CHUNK {
                break;
            }
            used += 1;
            let digit = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                b'>' => {
                    self.finish(out);
                    self.done = true;
                    continue;
                }
                b if is_space(b) => continue,
                _ => {
                    self.done = true;
                    continue;
                }
            };
            match self.high.take() {
                Some(h) => out.push(h << 4 | digit),
                None => self.high = Some(digit),
            }
        }
        used
    }

    fn finish(&mut self, out: &mut Vec<u8>) {
        if let Some(h) = self.high.take() {
            out.push(h << 4);
        }
    }
}

/// ASCII85Decode: groups of five characters `!`–`u` make four bytes, `z`
/// four zeros, white space ignored, `~` ends; a short last group makes
/// one byte fewer than its characters.
pub(super) struct A85 {
    group: Vec<u8>,
    done: bool,
}

impl A85 {
    pub(super) fn new() -> Self {
        Self {
            group: Vec::with_capacity(5),
            done: false,
        }
    }

    /// Flushes the group; `false` when it cannot be decoded.
    fn flush(&mut self, out: &mut Vec<u8>) -> bool {
        let n = self.group.len();
        if n == 0 {
            return true;
        }
        if n == 1 {
            return false;
        }
        let mut value: u64 = 0;
        for i in 0..5 {
            let c = self.group.get(i).copied().unwrap_or(b'u');
            value = value * 85 + u64::from(c - b'!');
        }
        self.group.clear();
        let Ok(value) = u32::try_from(value) else {
            return false;
        };
        out.extend_from_slice(value.to_be_bytes().get(..n - 1).unwrap_or(&[]));
        true
    }

    fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> usize {
        let mut used = 0;
        while let Some(&b) = input.get(used) {
            if self.done || out.len() >= CHUNK {
                break;
            }
            used += 1;
            match b {
                b'!'..=b'u' => {
                    self.group.push(b);
                    if self.group.len() == 5 && !self.flush(out) {
                        self.done = true;
                    }
                }
                b'z' => {
                    if self.flush(out) {
                        out.extend_from_slice(&[0; 4]);
                    } else {
                        self.done = true;
                    }
                }
                b'~' => {
                    self.flush(out);
                    self.done = true;
                }
                b if is_space(b) => {}
                _ => self.done = true,
            }
        }
        used
    }

    fn finish(&mut self, out: &mut Vec<u8>) {
        if !self.done {
            self.flush(out);
        }
    }
}
