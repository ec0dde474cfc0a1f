//! The TrueType subsetter: the glyphs a set of characters needs keep their
//! outlines, every other glyph is emptied, glyph ids and every table but
//! `glyf`, `loca`, `head` and `post` stay as they are (see the module
//! documentation of [`super`] for what is kept and why).

use std::collections::BTreeSet;

use ttf_parser::gsub::{SingleSubstitution, SubstitutionSubtable};
use ttf_parser::{Face, GlyphId};
use unicode_normalization::char::decompose_canonical;

use super::{FontEmbedError, FontFile};
use crate::text::font::sfnt::{TableRecord, read_u16, read_u32, table_directory};

/// Characters whose glyphs every subset keeps besides the text's own.
pub(crate) const ALWAYS_KEPT: &str = " \u{a0}0123456789";

/// The subset of `font` for `chars`, as a TrueType file.
pub(crate) fn subset(
    font: FontFile<'_>,
    chars: &BTreeSet<char>,
) -> Result<Vec<u8>, FontEmbedError> {
    let (face, tables) = parse_face(font)?;
    subset_font(font, &face, &tables, chars)
}

fn malformed(font: FontFile<'_>, reason: impl Into<String>) -> FontEmbedError {
    FontEmbedError::Malformed {
        font: font.source.to_owned(),
        reason: reason.into(),
    }
}

fn unsupported(font: FontFile<'_>, reason: impl Into<String>) -> FontEmbedError {
    FontEmbedError::Unsupported {
        font: font.source.to_owned(),
        reason: reason.into(),
    }
}

/// The font parsed, and its table directory checked: a font embedded whole
/// is checked as much as one that is subset.
fn parse_face(font: FontFile<'_>) -> Result<(Face<'_>, Vec<TableRecord<'_>>), FontEmbedError> {
    match font.data.get(0..4) {
        Some(b"ttcf") => return Err(unsupported(font, "it is a font collection (.ttc)")),
        Some([0, 1, 0, 0]) | Some(b"true") | Some(b"OTTO") => {}
        _ => return Err(malformed(font, "it does not start with an sfnt header")),
    }
    // The directory first: it says more about a damaged file than ttf-parser.
    let tables = table_directory(font.data).map_err(|e| malformed(font, e))?;
    let face = Face::parse(font.data, 0).map_err(|e| malformed(font, e.to_string()))?;
    Ok((face, tables))
}

/// Overwrites the bytes of `data` at `at` with `bytes`; `None` if they do not fit.
fn write_at(data: &mut [u8], at: usize, bytes: &[u8]) -> Option<()> {
    data.get_mut(at..)?
        .get_mut(..bytes.len())?
        .copy_from_slice(bytes);
    Some(())
}

/// Builds the subset font: same tables and glyph ids, unused outlines empty.
fn subset_font(
    font: FontFile<'_>,
    face: &Face<'_>,
    tables: &[TableRecord<'_>],
    chars: &BTreeSet<char>,
) -> Result<Vec<u8>, FontEmbedError> {
    let version = match font.data.first_chunk::<4>() {
        Some(b"OTTO") => {
            return Err(unsupported(
                font,
                "it has CFF outlines (.otf), which are not subset here",
            ));
        }
        Some(&version) => version,
        None => return Err(malformed(font, "it does not start with an sfnt header")),
    };
    let find = |tag: &[u8; 4]| tables.iter().find(|t| &t.tag == tag).map(|t| t.data);
    let head = find(b"head").ok_or_else(|| malformed(font, "no `head` table"))?;
    let (Some(glyf), Some(loca)) = (find(b"glyf"), find(b"loca")) else {
        return Err(unsupported(font, "it has no `glyf`/`loca` outlines"));
    };
    let long_loca = match read_u16(head, 50) {
        Some(0) => false,
        Some(1) => true,
        _ => return Err(malformed(font, "bad `head.indexToLocFormat`")),
    };
    let num_glyphs = usize::from(face.number_of_glyphs());
    let offsets =
        parse_loca(loca, long_loca, num_glyphs, glyf.len()).map_err(|e| malformed(font, e))?;
    let glyphs = Glyphs { glyf, offsets };
    let keep = glyph_closure(face, &glyphs, chars);

    let mut new_glyf = Vec::new();
    let mut new_offsets = Vec::with_capacity(num_glyphs + 1);
    for g in 0..num_glyphs {
        new_offsets.push(new_glyf.len());
        let Ok(id) = u16::try_from(g) else { break };
        if keep.contains(&id) {
            new_glyf.extend_from_slice(glyphs.get(id));
            new_glyf.resize(new_glyf.len().next_multiple_of(4), 0);
        }
    }
    new_offsets.push(new_glyf.len());
    let short_loca = new_glyf.len() / 2 <= usize::from(u16::MAX);
    let mut new_loca = Vec::with_capacity(new_offsets.len() * 4);
    for &offset in &new_offsets {
        if short_loca {
            new_loca.extend_from_slice(&((offset / 2) as u16).to_be_bytes());
        } else {
            let offset = u32::try_from(offset).map_err(|_| malformed(font, "`glyf` too large"))?;
            new_loca.extend_from_slice(&offset.to_be_bytes());
        }
    }
    // `checkSumAdjustment` zero (`assemble_sfnt` sets it), `indexToLocFormat`
    // for the new `loca`.
    let head_too_short = || malformed(font, "`head` table too short");
    if head.len() < 54 {
        return Err(head_too_short());
    }
    let mut new_head = head.to_vec();
    write_at(&mut new_head, 8, &[0; 4]).ok_or_else(head_too_short)?;
    write_at(&mut new_head, 50, &u16::from(!short_loca).to_be_bytes())
        .ok_or_else(head_too_short)?;

    // `post` 3.0: the same metrics without glyph names, as pyftsubset writes
    // by default (the names are a quarter of a subset's size).
    let post = find(b"post")
        .and_then(|post| post.get(4..32))
        .map(|header| [0x0003_0000u32.to_be_bytes().as_slice(), header].concat());

    let mut out_tables: Vec<([u8; 4], &[u8])> = Vec::with_capacity(tables.len());
    for table in tables {
        let data: &[u8] = match &table.tag {
            b"DSIG" => continue,
            b"glyf" => &new_glyf,
            b"loca" => &new_loca,
            b"head" => &new_head,
            b"post" => post.as_deref().unwrap_or(table.data),
            _ => table.data,
        };
        out_tables.push((table.tag, data));
    }
    let subset = assemble_sfnt(version, out_tables);
    Face::parse(&subset, 0).map_err(|e| {
        malformed(
            font,
            format!("the subset does not parse ({e}); embed the whole font instead"),
        )
    })?;
    Ok(subset)
}

/// The outlines of a font: `glyf` and the glyph offsets from `loca`.
pub(crate) struct Glyphs<'a> {
    /// The `glyf` table.
    pub(crate) glyf: &'a [u8],
    /// `count() + 1` offsets, ascending, within `glyf`.
    pub(crate) offsets: Vec<usize>,
}

impl<'a> Glyphs<'a> {
    /// The number of glyphs.
    pub(crate) fn count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The glyph's data (empty for an empty glyph or an id out of range).
    pub(crate) fn get(&self, g: u16) -> &'a [u8] {
        let g = usize::from(g);
        match (self.offsets.get(g), self.offsets.get(g + 1)) {
            (Some(&start), Some(&end)) => self.glyf.get(start..end).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Glyph offsets from `loca`, checked against `glyf`.
pub(crate) fn parse_loca(
    loca: &[u8],
    long: bool,
    num_glyphs: usize,
    glyf_len: usize,
) -> Result<Vec<usize>, String> {
    let mut offsets = Vec::with_capacity(num_glyphs + 1);
    for i in 0..=num_glyphs {
        let offset = if long {
            read_u32(loca, 4 * i).map(|o| o as usize)
        } else {
            read_u16(loca, 2 * i).map(|o| usize::from(o) * 2)
        };
        let offset = offset.ok_or("`loca` is shorter than `maxp.numGlyphs` needs")?;
        if offset > glyf_len || offsets.last().is_some_and(|&last| offset < last) {
            return Err(format!("`loca` entry {i} points outside `glyf`"));
        }
        offsets.push(offset);
    }
    Ok(offsets)
}

/// The glyph ids that `chars` need, closed under GSUB and composite glyphs.
fn glyph_closure(face: &Face<'_>, glyphs: &Glyphs<'_>, chars: &BTreeSet<char>) -> BTreeSet<u16> {
    let num_glyphs = glyphs.count();
    let mut wanted: BTreeSet<char> = chars.clone();
    wanted.extend(ALWAYS_KEPT.chars());
    add_compositions(face, &mut wanted);
    let mut keep = BTreeSet::from([0u16]);
    keep.extend(
        wanted
            .iter()
            .filter_map(|&c| face.glyph_index(c))
            .map(|g| g.0),
    );
    keep.retain(|&g| usize::from(g) < num_glyphs);
    loop {
        let before = keep.len();
        gsub_pass(face, num_glyphs, &mut keep);
        composite_closure(glyphs, &mut keep);
        if keep.len() == before {
            return keep;
        }
    }
}

/// Adds the font's precomposed characters whose canonical decomposition
/// consists only of wanted characters (a shaper may compose them).
fn add_compositions(face: &Face<'_>, wanted: &mut BTreeSet<char>) {
    let Some(cmap) = face.tables().cmap else {
        return;
    };
    let mut mapped = BTreeSet::new();
    for subtable in cmap.subtables {
        if subtable.is_unicode() {
            subtable.codepoints(|cp| {
                if let Some(c) = char::from_u32(cp) {
                    mapped.insert(c);
                }
            });
        }
    }
    let mut found = Vec::new();
    for c in mapped {
        if wanted.contains(&c) {
            continue;
        }
        let mut parts = Vec::new();
        decompose_canonical(c, |d| parts.push(d));
        if parts.len() > 1 && parts.iter().all(|d| wanted.contains(d)) {
            found.push(c);
        }
    }
    wanted.extend(found);
}

/// Adds every glyph a GSUB lookup can put in place of kept glyphs.
fn gsub_pass(face: &Face<'_>, num_glyphs: usize, keep: &mut BTreeSet<u16>) {
    let Some(gsub) = face.tables().gsub else {
        return;
    };
    let mut found = Vec::new();
    for lookup in gsub.lookups {
        for subtable in lookup.subtables.into_iter::<SubstitutionSubtable<'_>>() {
            for &g in keep.iter() {
                substitutes(&subtable, GlyphId(g), keep, &mut found);
            }
        }
    }
    keep.extend(found.into_iter().filter(|&g| usize::from(g) < num_glyphs));
}

fn substitutes(
    subtable: &SubstitutionSubtable<'_>,
    g: GlyphId,
    keep: &BTreeSet<u16>,
    found: &mut Vec<u16>,
) {
    match subtable {
        SubstitutionSubtable::Single(SingleSubstitution::Format1 { coverage, delta }) => {
            if coverage.contains(g) {
                found.push(g.0.wrapping_add_signed(*delta));
            }
        }
        SubstitutionSubtable::Single(SingleSubstitution::Format2 {
            coverage,
            substitutes,
        }) => {
            if let Some(s) = coverage.get(g).and_then(|i| substitutes.get(i)) {
                found.push(s.0);
            }
        }
        SubstitutionSubtable::Multiple(m) => {
            if let Some(seq) = m.coverage.get(g).and_then(|i| m.sequences.get(i)) {
                found.extend(seq.substitutes.into_iter().map(|s| s.0));
            }
        }
        SubstitutionSubtable::Alternate(a) => {
            if let Some(set) = a.coverage.get(g).and_then(|i| a.alternate_sets.get(i)) {
                found.extend(set.alternates.into_iter().map(|s| s.0));
            }
        }
        SubstitutionSubtable::Ligature(l) => {
            if let Some(set) = l.coverage.get(g).and_then(|i| l.ligature_sets.get(i)) {
                for ligature in set {
                    if ligature.components.into_iter().all(|c| keep.contains(&c.0)) {
                        found.push(ligature.glyph.0);
                    }
                }
            }
        }
        SubstitutionSubtable::ReverseChainSingle(r) => {
            if let Some(s) = r.coverage.get(g).and_then(|i| r.substitutes.get(i)) {
                found.push(s.0);
            }
        }
        // Contextual lookups only apply other lookups, which the pass visits anyway.
        SubstitutionSubtable::Context(_) | SubstitutionSubtable::ChainContext(_) => {}
    }
}

/// Adds the components of kept composite glyphs, recursively.
fn composite_closure(glyphs: &Glyphs<'_>, keep: &mut BTreeSet<u16>) {
    let mut stack: Vec<u16> = keep.iter().copied().collect();
    while let Some(g) = stack.pop() {
        for component in composite_components(glyphs.get(g)) {
            if usize::from(component) < glyphs.count() && keep.insert(component) {
                stack.push(component);
            }
        }
    }
}

/// Glyph ids referenced by a composite glyph (none for a simple one).
pub(crate) fn composite_components(glyph: &[u8]) -> Vec<u16> {
    const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
    const WE_HAVE_A_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
    const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
    let mut components = Vec::new();
    match read_u16(glyph, 0) {
        Some(contours) if (contours as i16) < 0 => {}
        _ => return components,
    }
    let mut at = 10;
    while let (Some(flags), Some(id)) = (read_u16(glyph, at), read_u16(glyph, at + 2)) {
        components.push(id);
        at += 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        at += if flags & WE_HAVE_A_SCALE != 0 {
            2
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            4
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    components
}

/// Writes an sfnt file from its tables: directory sorted by tag, tables
/// 4-byte aligned, checksums and `head.checkSumAdjustment` computed (the
/// `head` given must have a zero `checkSumAdjustment`).
fn assemble_sfnt(version: [u8; 4], mut tables: Vec<([u8; 4], &[u8])>) -> Vec<u8> {
    tables.sort_by_key(|t| t.0);
    let count = tables.len() as u32;
    let entry_selector = count.max(1).ilog2();
    let search_range = (1u32 << entry_selector) * 16;
    let range_shift = count * 16 - search_range;
    let mut out = Vec::new();
    out.extend_from_slice(&version);
    for field in [count, search_range, entry_selector, range_shift] {
        out.extend_from_slice(&(field as u16).to_be_bytes());
    }
    // The directory, then the tables in the same order, each 4-byte aligned.
    let mut offset = out.len() + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(head) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        // `head` is 54 bytes (`subset_font` checks), so the field is there.
        let _ = write_at(&mut out, head + 8, &adjustment.to_be_bytes());
    }
    out
}

/// The sfnt checksum: the sum of big-endian u32s, the last one zero-padded.
pub(crate) fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        for (w, &b) in word.iter_mut().zip(chunk) {
            *w = b;
        }
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}
