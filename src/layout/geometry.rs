//! A layout file checked in full when it is loaded: every length within the
//! range the format allows, every template plain, so that no layout can
//! draw text or rules off the page or make the typesetter loop.
//!
//! The ranges start from Nghị định 30/2020 (Phụ lục I): A4 paper, margins
//! of 20–25 mm (top, bottom), 30–35 mm (left) and 15–20 mm (right), text of
//! 12–14 pt, spacing of a few points. They are wide enough for any real
//! paper (A5 to A3) and house style, and narrow enough that every element
//! stays on its page:
//! - paper 100–1000 mm a side;
//! - margins ≥ 0 mm (the top one at least a page number's height: the
//!   numbers are centred in it), leaving at least half the paper's width and height for
//!   text (Nghị định 30's A4 leaves 79 % and 87 %);
//! - indents: the left indent ≥ 0, the first line's (left + first) ≥ 0,
//!   and together at most two thirds of the text width, so a third of each
//!   line is left for text (the deepest of nd30, the Kính gửi items, is a
//!   third of A4's text width, and still fits A5's two thirds);
//! - space before and after a paragraph or table, the gap above the closing
//!   and the Số / date row: 0–72 pt (an inch; nd30's largest is 24 pt);
//! - the signature space 0–100 mm and at most 40 % of the text height
//!   (nd30: 25 mm of 257), so the signer's block fits a page; the signature
//!   image 0.1–1 of the space's width (nd30: 0.8), the seal 10–80 mm (36)
//!   with its right edge within the signature image (`seal_covers` n/d with
//!   1 ≤ n ≤ d: nd30's 1/3);
//! - a line (size × line height) at most a quarter of the text height;
//! - rules: 0.1–1 of the line, 0–24 pt below it, 0.1–3 pt thick; table
//!   borders 0–3 pt, cell padding 0–20 pt;
//! - numbering suffixes and list markers at most 8 characters;
//! - templates at most 4,096 bytes with at most 32 placeholders, plain.

use super::{Layout, Margins, RuleSpec};
use crate::i18n::Msg;
use crate::input::template;
use crate::layout::StyleName;
use crate::msg;

type Problem = (String, Msg);

/// The most bytes in one layout template.
const MAX_TEMPLATE_BYTES: usize = 4096;
/// The most placeholders in one layout template.
const MAX_PLACEHOLDERS: usize = 32;

/// The values each filled line of a layout gets (the rest are fixed texts).
const VALUES: &[(&str, &[&str])] = &[
    ("number", &["number", "symbol"]),
    ("date", &["place", "day", "month", "year"]),
    ("recipient_one", &["recipient"]),
    ("subject_line", &["subject"]),
    ("article", &["n"]),
    ("chapter", &["n"]),
    ("appendix_label", &["n"]),
    ("appendix_reference", REFERENCE),
    ("attached_reference", REFERENCE),
];
const REFERENCE: &[&str] = &[
    "type_name",
    "number",
    "symbol",
    "place",
    "day",
    "month",
    "year",
    "issuer",
];

/// A layout template must be plain placeholders, short, with few of them,
/// each a value its line gets (so that no document can fail on it later).
pub(super) fn template(name: &str, t: &str) -> Result<(), Msg> {
    if t.len() > MAX_TEMPLATE_BYTES {
        return Err(msg!(
            "render-layout-template-long",
            bytes = t.len(),
            max = MAX_TEMPLATE_BYTES
        ));
    }
    let pieces = template::parse(t).map_err(|e| e.msg())?;
    let n = template::placeholders(&pieces).count();
    if n > MAX_PLACEHOLDERS {
        return Err(msg!(
            "render-layout-placeholders",
            count = n,
            max = MAX_PLACEHOLDERS
        ));
    }
    let Some((_, known)) = VALUES.iter().find(|(t, _)| *t == name) else {
        return Ok(());
    };
    for piece in &pieces {
        if let template::Piece::Value { name: p, path } = piece
            && !matches!(path.as_slice(), [one] if known.contains(one))
        {
            return Err(msg!(
                "render-layout-not-a-value",
                name = *p,
                values = known
                    .iter()
                    .map(|k| format!("{{{{{k}}}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    Ok(())
}

/// Every length of `l` in range; the first problem as (key, message).
pub(super) fn check(l: &Layout) -> Result<(), Problem> {
    let g = &l.page;
    within("page.width_mm", g.width_mm, 100.0, 1000.0, "mm")?;
    within("page.height_mm", g.height_mm, 100.0, 1000.0, "mm")?;
    margins("page.margin_mm", g.margin_mm, g.width_mm, g.height_mm)?;
    margins(
        "page.landscape_margin_mm",
        g.landscape_margins(),
        g.height_mm,
        g.width_mm,
    )?;
    // Page numbers are centred in the top margin: it must hold one.
    let n = l.style(StyleName::PageNumber);
    let number_mm = n.size * n.line_height.max(1.0) / super::MM;
    for (key, top) in [
        ("page.margin_mm.top", g.margin_mm.top),
        ("page.landscape_margin_mm.top", g.landscape_margins().top),
    ] {
        if top < number_mm {
            return Err((
                key.to_string(),
                msg!(
                    "render-layout-top-margin",
                    top = top.to_string(),
                    size = n.size.to_string(),
                    least = format!("{number_mm:.1}")
                ),
            ));
        }
    }
    let text_mm = g.width_mm - g.margin_mm.left - g.margin_mm.right;
    // The shorter text height of portrait and landscape pages, in points.
    let lm = g.landscape_margins();
    let text_height_mm =
        (g.height_mm - g.margin_mm.top - g.margin_mm.bottom).min(g.width_mm - lm.top - lm.bottom);
    for (name, s) in l.styles() {
        let key = |k: &str| format!("styles.{name}.{k}");
        within(&key("size"), s.size, 4.0, 72.0, "pt")?;
        within(&key("line_height"), s.line_height, 0.8, 3.0, "times-size")?;
        let line = s.size * s.line_height;
        let most = text_height_mm * super::MM / 4.0;
        if line > most {
            return Err((
                key("size"),
                msg!(
                    "render-layout-line-height",
                    line = line.to_string(),
                    most = format!("{most:.1}")
                ),
            ));
        }
        within(&key("space_before"), s.space_before, 0.0, 72.0, "pt")?;
        within(&key("space_after"), s.space_after, 0.0, 72.0, "pt")?;
        let most = text_mm * 2.0 / 3.0;
        within(&key("left_indent_mm"), s.left_indent_mm, 0.0, most, "mm")?;
        let first = s.left_indent_mm + s.first_indent_mm;
        if !(0.0..=most).contains(&first) {
            return Err((
                key("first_indent_mm"),
                msg!(
                    "render-layout-first-indent",
                    first = first.to_string(),
                    most = most.to_string()
                ),
            ));
        }
    }
    rule("header.issuer_rule", l.header.issuer_rule)?;
    rule("header.motto_rule", l.header.motto_rule)?;
    rule("subject_rule", l.subject_rule)?;
    within(
        "header.number_gap_pt",
        l.header.number_gap_pt,
        0.0,
        72.0,
        "pt",
    )?;
    within(
        "closing.gap_before_pt",
        l.closing.gap_before_pt,
        0.0,
        72.0,
        "pt",
    )?;
    within(
        "closing.signature_space_mm",
        l.closing.signature_space_mm,
        0.0,
        (text_height_mm * 0.4).min(100.0),
        "mm-signature",
    )?;
    within(
        "closing.signature_width_ratio",
        l.closing.signature_width_ratio,
        0.1,
        1.0,
        "of-the-space",
    )?;
    within("closing.seal_mm", l.closing.seal_mm, 10.0, 80.0, "mm")?;
    let [n, d] = l.closing.seal_covers;
    within(
        "closing.seal_covers[1]",
        f32::from(d),
        1.0,
        255.0,
        "denominator",
    )?;
    within(
        "closing.seal_covers[0]",
        f32::from(n),
        1.0,
        f32::from(d),
        "of-the-signature",
    )?;
    let t = &l.table;
    within("table.border_pt", t.border_pt, 0.0, 3.0, "pt")?;
    within("table.padding_pt", t.padding_pt, 0.0, 20.0, "pt")?;
    within("table.space_before", t.space_before, 0.0, 72.0, "pt")?;
    within("table.space_after", t.space_after, 0.0, 72.0, "pt")?;
    for (i, n) in l.numbering.iter().enumerate() {
        short(&format!("numbering[{i}].suffix"), &n.suffix)?;
    }
    short("lists.top", &l.lists.top)?;
    short("lists.nested", &l.lists.nested)?;
    Ok(())
}

fn within(key: &str, v: f32, lo: f32, hi: f32, unit: &str) -> Result<(), Problem> {
    if (lo..=hi).contains(&v) {
        return Ok(());
    }
    Err((
        key.to_string(),
        msg!(
            "render-layout-range",
            value = v.to_string(),
            low = lo.to_string(),
            high = hi.to_string(),
            unit = unit
        ),
    ))
}

/// Margins ≥ 0 leaving half the paper (`w` × `h` mm) for text.
fn margins(key: &str, m: Margins, w: f32, h: f32) -> Result<(), Problem> {
    for (side, v) in [
        ("top", m.top),
        ("bottom", m.bottom),
        ("left", m.left),
        ("right", m.right),
    ] {
        within(&format!("{key}.{side}"), v, 0.0, h.max(w) / 2.0, "mm")?;
    }
    for (sides, paper, a, b) in [("left", w, m.left, m.right), ("top", h, m.top, m.bottom)] {
        if a + b > paper / 2.0 {
            return Err((
                format!("{key}.{sides}"),
                msg!(
                    "render-layout-margins",
                    sides = sides,
                    sum = (a + b).to_string(),
                    paper = paper.to_string(),
                    most = (paper / 2.0).to_string()
                ),
            ));
        }
    }
    Ok(())
}

fn rule(key: &str, r: RuleSpec) -> Result<(), Problem> {
    within(&format!("{key}.ratio"), r.ratio, 0.1, 1.0, "of-the-line")?;
    within(&format!("{key}.offset_pt"), r.offset_pt, 0.0, 24.0, "pt")?;
    within(
        &format!("{key}.thickness_pt"),
        r.thickness_pt,
        0.1,
        3.0,
        "pt",
    )
}

fn short(key: &str, s: &str) -> Result<(), Problem> {
    let n = s.chars().count();
    if n <= 8 {
        return Ok(());
    }
    Err((
        key.to_string(),
        msg!("render-layout-too-long", text = s, count = n),
    ))
}
