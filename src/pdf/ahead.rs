//! Line breaks made ahead of the typesetting, on a second core: the body's
//! paragraphs (top-level, at the part's text width) are broken in two
//! halves at once, one on a scoped thread with a shaper of its own; the
//! typesetter then takes each paragraph's lines from here instead of
//! breaking it itself. Breaking lines is the typesetter's largest cost
//! (shaping and measuring, two thirds of `typeset` for the seed report),
//! and a paragraph's lines depend on nothing but the paragraph, its width
//! and the fonts, so the pages come out the same, byte for byte; the order
//! the typesetter walks (and numbers) paragraphs in is untouched.
//!
//! Only where a core is free to take it: not for a short document (a thread
//! and a shaper cost ~0.1 ms), not on a single core, and not on a rayon
//! worker (`batch` keeps every core busy with documents of its own, and a
//! library caller inside a rayon pool has chosen its parallelism).

use std::cell::RefCell;
use std::collections::HashMap;

use crate::doc::{self, Block, Para};
use crate::text::{FontSet, Line, Shaper, break_para};

/// Below this much text (bytes of the paragraphs' runs) a document is broken
/// on one thread: a one-page letter gains less than the thread costs.
const MIN_TEXT: usize = 4096;

/// The lines of paragraphs broken ahead, taken once each.
#[derive(Default)]
pub(super) struct Ahead(RefCell<HashMap<Key, Vec<Line>>>);

/// A paragraph (by address: the document outlives the typesetting) and the
/// width its lines were broken to.
type Key = (usize, u32);

fn key(p: &Para, width: f32) -> Key {
    (std::ptr::from_ref(p) as usize, width.to_bits())
}

impl Ahead {
    /// Breaks the lines of `doc`'s top-level paragraphs in two halves at
    /// once, when worth it (else nothing is broken ahead).
    pub(super) fn new(doc: &doc::Document, fonts: &FontSet, shaper: &Shaper) -> Self {
        // Asked first: a batch renders every document on a rayon worker.
        if rayon::current_thread_index().is_some() || cores() < 2 {
            return Self::default();
        }
        let work: Vec<(&Para, f32)> = doc
            .parts()
            .flat_map(|(page, blocks)| {
                let width = page.text_width();
                blocks.iter().filter_map(move |b| match b {
                    Block::Para(p) => Some((p, width)),
                    _ => None,
                })
            })
            .collect();
        let sizes: Vec<usize> = work
            .iter()
            .map(|(p, _)| p.runs.iter().map(|r| r.text.len()).sum())
            .collect();
        let total: usize = sizes.iter().sum();
        if total < MIN_TEXT {
            return Self::default();
        }
        // The halves by text, not by count: headings are short.
        let mut sum = 0;
        let cut = sizes
            .iter()
            .position(|s| {
                sum += s;
                sum * 2 >= total
            })
            .map_or(work.len(), |i| i + 1);
        let (first, second) = work.split_at(cut);
        let broken = std::thread::scope(|s| {
            let other = std::thread::Builder::new()
                .spawn_scoped(s, || {
                    let shaper = Shaper::new(fonts).ok()?;
                    Some(break_all(&shaper, second))
                })
                .ok();
            let mut broken = break_all(shaper, first);
            // No thread, or it failed: the typesetter breaks the rest.
            if let Some(Ok(Some(rest))) = other.map(|h| h.join()) {
                broken.extend(rest);
            }
            broken
        });
        Self(RefCell::new(broken.into_iter().collect()))
    }

    /// The lines of `p` at `width`, if broken ahead.
    pub(super) fn take(&self, p: &Para, width: f32) -> Option<Vec<Line>> {
        self.0.borrow_mut().remove(&key(p, width))
    }
}

/// The cores this process may use, asked once (Linux reads the affinity
/// mask and the cgroup's quota for it).
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from))
}

fn break_all(shaper: &Shaper, work: &[(&Para, f32)]) -> Vec<(Key, Vec<Line>)> {
    work.iter()
        .map(|&(p, width)| (key(p, width), break_para(shaper, p, width)))
        .collect()
}
