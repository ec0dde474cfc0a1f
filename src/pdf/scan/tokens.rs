//! Counts what hayro would build a page from, in bytes given in pieces
//! (the file, then what each stream decodes to): `/Page` names, and the
//! entries of every `/Kids` array — hayro takes a kid with no `/Type` (or
//! any type but `/Pages`) as a page, so a million untyped kids are a
//! million pages though no `/Page` is written.
//!
//! Hand-written: a byte-level state machine over the scan's own pieces (no
//! PDF parser counts without building the objects it counts).

use super::filters::is_space;

/// Counts `/Page` names and `/Kids` entries; a token split between two
/// pieces is still counted once.
#[derive(Default)]
pub(super) struct Tokens {
    /// Whole `/Page` names seen.
    pub(super) pages: usize,
    /// Entries (references and direct dictionaries) of `/Kids` arrays.
    pub(super) kids: usize,
    /// The last five bytes of the previous piece (a `/Page` split).
    tail: Vec<u8>,
    /// How much of `/Kids` has been matched.
    key: usize,
    state: Kids,
    /// The byte before, inside a `/Kids` array.
    last: u8,
}

#[derive(Default, Clone, Copy)]
enum Kids {
    #[default]
    Out,
    /// After `/Kids`, before its `[`.
    Key,
    /// Inside the array: nesting of `[`/`<<` (1 = the array itself),
    /// strings' `(` nesting, a `\` escape pending, a `<` or `>` pending.
    In {
        depth: u32,
        paren: u32,
        escape: bool,
        angle: Option<u8>,
    },
}

fn is_delimiter(b: u8) -> bool {
    is_space(b) || matches!(b, b'/' | b'>' | b'<' | b'[' | b']' | b'(' | b')' | b'%')
}

impl Tokens {
    /// Counts the tokens in `piece`, the bytes after the previous piece.
    pub(super) fn feed(&mut self, piece: &[u8]) {
        self.pages(piece);
        let mut i = 0;
        while let Some(&b) = piece.get(i) {
            if matches!(self.state, Kids::Out) && self.key == 0 {
                // Outside an array: on to the next `/Kids` at once.
                let rest = piece.get(i..).unwrap_or(&[]);
                match memchr::memmem::find(rest, b"/Kids") {
                    Some(k) => {
                        i += k + 5;
                        self.state = Kids::Key;
                    }
                    None => {
                        // A key split at the end: how much of it is there.
                        self.key = (1..5)
                            .rev()
                            .find(|&n| rest.ends_with(b"/Kids".get(..n).unwrap_or(&[])))
                            .unwrap_or(0);
                        return;
                    }
                }
                continue;
            }
            self.kids_byte(b);
            i += 1;
        }
    }

    /// Starts a new run of bytes (another stream): nothing carries over.
    pub(super) fn reset(&mut self) {
        self.tail.clear();
        self.key = 0;
        self.state = Kids::Out;
    }

    fn pages(&mut self, piece: &[u8]) {
        // A name split between the pieces starts in the tail.
        let mut joined = self.tail.clone();
        joined.extend_from_slice(piece.get(..piece.len().min(5)).unwrap_or(piece));
        let split = (0..self.tail.len())
            .filter(|&i| joined.get(i..i + 6).is_some_and(is_page))
            .count();
        self.pages += split
            + memchr::memmem::find_iter(piece, b"/Page")
                .filter(|&i| piece.get(i..i + 6).is_some_and(is_page))
                .count();
        // The new tail: the last five bytes seen. A name starting there
        // ends in the next piece, so it was not counted yet.
        let mut tail = std::mem::take(&mut self.tail);
        tail.extend_from_slice(piece.get(piece.len().saturating_sub(5)..).unwrap_or(&[]));
        let cut = tail.len().saturating_sub(5);
        tail.drain(..cut);
        self.tail = tail;
    }

    fn kids_byte(&mut self, b: u8) {
        const KEY: &[u8] = b"/Kids";
        match self.state {
            Kids::Out => {
                if KEY.get(self.key) == Some(&b) {
                    self.key += 1;
                    if self.key == KEY.len() {
                        self.key = 0;
                        self.state = Kids::Key;
                    }
                } else {
                    self.key = usize::from(b == b'/');
                }
            }
            Kids::Key => match b {
                b'[' => {
                    self.last = b'[';
                    self.state = Kids::In {
                        depth: 1,
                        paren: 0,
                        escape: false,
                        angle: None,
                    };
                }
                b if is_space(b) => {}
                // `/KidsX`, or a value that is not an array.
                _ => {
                    self.state = Kids::Out;
                    self.key = usize::from(b == b'/');
                }
            },
            Kids::In {
                mut depth,
                mut paren,
                mut escape,
                mut angle,
            } => {
                if paren > 0 {
                    if escape {
                        escape = false;
                    } else {
                        match b {
                            b'\\' => escape = true,
                            b'(' => paren += 1,
                            b')' => paren -= 1,
                            _ => {}
                        }
                    }
                } else {
                    let pending = angle.take();
                    match (pending, b) {
                        (Some(b'<'), b'<') => {
                            if depth == 1 {
                                self.kids += 1;
                            }
                            depth += 1;
                        }
                        (Some(b'>'), b'>') => depth = depth.saturating_sub(1).max(1),
                        (_, b'<' | b'>') => angle = Some(b),
                        (_, b'(') => paren = 1,
                        (_, b'[') => depth += 1,
                        (_, b']') => depth -= 1,
                        (_, b'R') if depth == 1 && is_space(self.last) => self.kids += 1,
                        _ => {}
                    }
                }
                self.last = b;
                if depth == 0 {
                    self.state = Kids::Out;
                    self.key = 0;
                } else {
                    self.state = Kids::In {
                        depth,
                        paren,
                        escape,
                        angle,
                    };
                }
            }
        }
    }
}

/// `/Page` as a whole name (not `/Pages`, `/PageMode`, …): six bytes,
/// the last a delimiter.
fn is_page(w: &[u8]) -> bool {
    w.starts_with(b"/Page") && w.get(5).is_some_and(|&b| is_delimiter(b) && b != b')')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(pieces: &[&[u8]]) -> (usize, usize) {
        let mut t = Tokens::default();
        for p in pieces {
            t.feed(p);
        }
        (t.pages, t.kids)
    }

    #[test]
    fn pages_and_kids_are_counted_across_pieces() {
        assert_eq!(count(&[b"/Pages /PageMode /Page/Page>"]).0, 2);
        assert_eq!(count(&[b"<< /Pa", b"ge >> << /P", b"a", b"g", b"e/"]).0, 2);
        assert_eq!(count(&[b"/Kids [3 0 R 4 0 R 5 0 R]"]).1, 3);
        assert_eq!(
            count(&[b"/Ki", b"ds[3 0 ", b"R <</A [1] /B (])) 9 0 R)>> 4 0 R]"]).1,
            3
        );
        // Not a kids array; a reference after the array is not a kid.
        assert_eq!(count(&[b"/KidsX [1 0 R] /Kids 5 0 R /Kids [] 6 0 R"]).1, 0);
    }
}
