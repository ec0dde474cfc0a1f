//! Layout files made from the fuzzer's bytes: the built-in `nd30` layout
//! with some of its values replaced by numbers at the edges (0, negative,
//! tiny, huge, past `f32`), by other types, or removed, and its templates by
//! odd syntax (blocks, partials, braces, escapes, whitespace controls). What
//! must hold: loading never panics, hangs or overflows the stack; a layout
//! that loads renders a small document or refuses it with an error, every
//! typeset item inside its page, and `validate` refuses exactly what
//! `render` refuses.
#![no_main]

use std::sync::OnceLock;

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use vanban::layout::Layout;

const ND30: &str = include_str!("../../layouts/nd30/layout.json");

/// The numeric values of a layout, as JSON pointers.
const NUMBERS: &[&str] = &[
    "/page/width_mm",
    "/page/height_mm",
    "/page/margin_mm/top",
    "/page/margin_mm/bottom",
    "/page/margin_mm/left",
    "/page/margin_mm/right",
    "/page/landscape_margin_mm/top",
    "/page/landscape_margin_mm/left",
    "/header/left_ratio",
    "/header/number_gap_pt",
    "/header/issuer_rule/ratio",
    "/header/issuer_rule/offset_pt",
    "/header/issuer_rule/thickness_pt",
    "/header/motto_rule/ratio",
    "/subject_rule/offset_pt",
    "/closing/left_ratio",
    "/closing/signature_space_mm",
    "/closing/gap_before_pt",
    "/table/border_pt",
    "/table/padding_pt",
    "/table/space_before",
    "/table/space_after",
];

const STYLES: &[&str] = &[
    "body",
    "title",
    "issuer",
    "number",
    "date",
    "table_cell",
    "table_header",
    "sign_name",
    "heading1",
    "recipient_item",
    "distribution",
    "page_number",
];

const STYLE_KEYS: &[&str] = &[
    "size",
    "line_height",
    "space_before",
    "space_after",
    "first_indent_mm",
    "left_indent_mm",
];

const TEMPLATES: &[&str] = &[
    "number",
    "date",
    "recipient_one",
    "subject_line",
    "article",
    "chapter",
    "nation",
    "appendix_reference",
];

/// Pieces templates are made of.
const FRAGMENTS: &[&str] = &[
    "{{number}}",
    "{{symbol}}",
    "{{place}}",
    "{{day}}",
    "{{n}}",
    "{{missing}}",
    "{{",
    "}}",
    "{",
    "}",
    "{{{number}}}",
    "{{&symbol}}",
    "{{~",
    "~}}",
    "{{#if number}}",
    "{{/if}}",
    "{{else}}",
    "{{> p}}",
    "{{#*inline \"p\"}}",
    "{{/inline}}",
    "{{!",
    "{{!--",
    "--}}",
    "\\",
    "\\{{",
    "\\\\{{n}}",
    "{{a.b}}",
    "{{this}}",
    "{{@root.n}}",
    "{{../n}}",
    "{{[",
    "]}}",
    "{{lookup n 0}}",
    "{{(n)}}",
    "{{{{raw}}}}",
    " ",
    "\n",
    "Số: ",
    "ngày",
    "é",
    "/",
    ".",
];

fn edge_number(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0..=11)? {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(-1e6),
        3 => json!(1e-9),
        4 => json!(1e9),
        5 => json!(3.4e38),
        6 => json!(1e39),
        7 => json!(0.5),
        8 => json!(u.int_in_range(-50..=500)?),
        9 => json!(f64::from(u.arbitrary::<f32>()?).clamp(-1e300, 1e300)),
        10 => json!("12"),
        _ => Value::Null,
    })
}

fn template(u: &mut Unstructured) -> Result<Value> {
    let n = u.int_in_range(0..=12)?;
    let mut s = String::new();
    for _ in 0..n {
        if u.ratio(1, 8)? {
            // A repeated piece: nesting and length.
            let f = u.choose(FRAGMENTS)?;
            let k = u.int_in_range(1..=600)?;
            s.push_str(&f.repeat(k));
        } else {
            s.push_str(u.choose(FRAGMENTS)?);
        }
    }
    Ok(json!(s))
}

fn layout_json(u: &mut Unstructured) -> Result<Value> {
    let mut l: Value = serde_json::from_str(ND30).unwrap_or(Value::Null);
    l["name"] = json!("fuzz");
    let edits = u.int_in_range(1..=6)?;
    for _ in 0..edits {
        match u.int_in_range(0..=4)? {
            0 => {
                if let Some(v) = l.pointer_mut(u.choose(NUMBERS)?) {
                    *v = edge_number(u)?;
                }
            }
            1 => {
                let (s, k) = (u.choose(STYLES)?, u.choose(STYLE_KEYS)?);
                let v = edge_number(u)?;
                if let Some(style) = l.pointer_mut(&format!("/styles/{s}")) {
                    style[*k] = v;
                }
            }
            2 => {
                let t = u.choose(TEMPLATES)?;
                l["templates"][*t] = template(u)?;
            }
            3 => {
                // A key removed.
                let p = u.choose(NUMBERS)?;
                if let Some((parent, key)) = p.rsplit_once('/')
                    && let Some(Value::Object(m)) = l.pointer_mut(parent)
                {
                    m.remove(key);
                }
            }
            _ => {
                l["numbering"][0]["suffix"] = template(u)?;
            }
        }
    }
    Ok(l)
}

fn base() -> &'static vanban::Engine {
    static E: OnceLock<vanban::Engine> = OnceLock::new();
    E.get_or_init(|| {
        let mut limits = vanban::Limits::default();
        limits.max_pages = 20;
        vanban::Engine::new()
            .expect("the engine loads")
            .with_limits(limits)
    })
}

/// A small document using every templated line: number, date, Kính gửi,
/// article, chapter, a table and an appendix.
fn document() -> Vec<u8> {
    let d = json!({
        "kind": "quyet-dinh", "layout": "fuzz", "issuer": {"name": "UBND PHƯỜNG LAM SƠN"},
        "number": "12", "symbol": "QĐ-UBND", "place": "Lam Sơn", "date": "2024-02-29",
        "subject": "Về việc ban hành quy chế", "recipients": ["Sở Nội vụ"],
        "body": [
            {"chapter": "Quy định chung", "content": [{"article": "Phạm vi", "content": ["Nội dung."]}]},
            {"heading": "Mục một", "content": ["Đoạn văn bản có nội dung đủ dài để xuống dòng."]},
            {"table": {"columns": [{"title": "STT"}, {"title": "Nội dung", "width": 3}],
                       "rows": [["1", "Một"], ["2", "Hai"]]}}
        ],
        "signature": {"authority": "TM. ỦY BAN NHÂN DÂN", "position": "CHỦ TỊCH", "name": "Nguyễn Văn Hùng"},
        "distribution": ["Như trên", "Lưu: VT"],
        "appendices": [{"title": "Danh sách", "body": ["Phụ lục."]}]
    });
    serde_json::to_vec(&d).unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(l) = layout_json(&mut u) else {
        return;
    };
    let Ok(text) = serde_json::to_string(&l) else {
        return;
    };
    // `VANBAN_FUZZ_LAYOUT=1 TARGET INPUT` prints the layout made.
    if std::env::var_os("VANBAN_FUZZ_LAYOUT").is_some() {
        eprintln!("layout: {text}");
    }
    let Ok(layout) = Layout::from_json(&text, "fuzz/layout.json") else {
        return;
    };
    let engine = base().clone().with_layout(layout);
    let json = document();
    let validated = engine.validate(&json, "fuzz.json");
    let rendered = engine.render(&json, "fuzz.json");
    assert_eq!(
        validated.is_ok(),
        rendered.is_ok(),
        "validate and render disagree: {:?} / {:?}",
        validated.err().map(|e| e.to_string()),
        rendered.as_ref().err().map(|e| e.to_string())
    );
    if let Ok(r) = rendered {
        for (i, page) in r.pages.iter().enumerate() {
            for (at, item) in &page.items {
                let (top, bottom, right) = match item {
                    vanban::pdf::Item::Text(t) => {
                        (at.y - t.size, at.y + 0.3 * t.size, at.x + t.width)
                    }
                    vanban::pdf::Item::Rule(r) => (at.y, at.y + r.height, at.x + r.width),
                    vanban::pdf::Item::Image(m) => (at.y, at.y + m.height, at.x + m.width),
                    vanban::pdf::Item::SignField(f) => (at.y, at.y + f.height, at.x + f.width),
                };
                assert!(
                    top >= -1.0
                        && bottom <= page.height + 1.0
                        && at.x >= -1.0
                        && right <= page.width + 1.0,
                    "page {}: {item:?} at {at:?} is off the {}×{} page",
                    i + 1,
                    page.width,
                    page.height
                );
            }
        }
    }
});
