//! Shared pieces of the fuzz targets: one [`vanban::Engine`] for the
//! process, and a structure-aware generator of input documents.
//!
//! The generator follows the contract of `spec/input.md` closely, because a
//! random byte string almost never gets past the JSON parser and the
//! contract's checks: documents that are *mostly* valid are the ones that
//! reach composition, the typesetter and both writers, where the subtle
//! bugs are (line breaking of odd text, tables split across pages, deep
//! numbering). A small share of values are deliberately wrong (unknown keys,
//! wrong types, impossible dates, stray characters) so that the checks are
//! exercised against near-miss documents too.

use std::sync::OnceLock;

use arbitrary::{Result, Unstructured};
use serde_json::{Map, Value, json};

/// The engine every execution uses, built once: fonts and layout load in
/// tens of milliseconds, far longer than one execution should take.
///
/// Its limits are tighter than the defaults so that one execution stays
/// short (a one-page document renders in tens of milliseconds, a 40-page
/// one in about a second; libFuzzer's speed is the whole game). The limits are
/// the library's own guard against large inputs and are tested elsewhere;
/// what is fuzzed here is everything below them — a document the limits let
/// through must render or fail with an error, never panic, hang or blow up.
pub fn engine() -> &'static vanban::Engine {
    static ENGINE: OnceLock<vanban::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut limits = vanban::Limits::default();
        for (name, value) in [
            ("max_input_bytes", "1M"),
            ("max_string_bytes", "64K"),
            ("max_elements", "5000"),
            ("max_table_rows", "500"),
            ("max_data_values", "1000"),
            ("max_image_bytes", "1M"),
            ("max_image_pixels", "1000000"),
            ("max_pages", "40"),
        ] {
            // The harness's own setup: a failure here is a bug in the harness.
            limits.set(name, value).expect("a valid limit");
        }
        vanban::Engine::new()
            .expect("the built-in fonts and layout load")
            .with_limits(limits)
    })
}

/// Renders `json` to PDF and DOCX and validates it, asserting what must
/// hold of any input: no panic (libFuzzer catches those), and when a render
/// succeeds the files start as PDF and ZIP files do, and validation agrees
/// that the document is valid.
pub fn render_and_check(json: &[u8]) {
    render_and_check_with(json, &vanban::RenderOptions::default());
}

/// [`render_and_check`] with other PDF options than the default PDF/A-2b
/// with signature fields.
pub fn render_and_check_with(json: &[u8], options: &vanban::RenderOptions) {
    let engine = engine();
    // The file name decides where images are looked up (its folder): the
    // generator's image paths are absolute, so the name is arbitrary.
    let file = "fuzz.json";
    let validated = engine.validate_with(json, file, options);
    let rendered = engine.render_with(json, file, options);
    // For tuning the generator: how often a document gets to the writers,
    // and what stops the others (`VANBAN_FUZZ_OUTCOME=1 TARGET CORPUS
    // -runs=0` prints one line per input).
    if std::env::var_os("VANBAN_FUZZ_OUTCOME").is_some() {
        match &rendered {
            Ok(out) => eprintln!("outcome: ok, {} pages", out.pages.len()),
            Err(e) => eprintln!(
                "outcome: error: {}",
                e.to_string().lines().next().unwrap_or("")
            ),
        }
    }
    match rendered {
        Ok(out) => {
            // Both formats are asked for, so both must be there.
            let pdf = out.pdf.as_deref().unwrap_or_default();
            let docx = out.docx.as_deref().unwrap_or_default();
            assert!(
                pdf.starts_with(b"%PDF-"),
                "the PDF does not start with %PDF-"
            );
            assert!(docx.starts_with(b"PK"), "the DOCX does not start with PK");
            // A document that renders is valid: `validate_with` runs the
            // same checks for the same options, page count included.
            assert!(
                validated.is_ok(),
                "rendered, yet validate refused it: {:?}",
                validated.err()
            );
        }
        Err(e) => {
            // Errors must be printable (the CLI prints every one).
            let _ = e.to_string();
        }
    }
}

thread_local! {
    /// Whether the document being generated may be wrong (unknown keys,
    /// wrong types, characters the checks refuse, impossible dates). Set
    /// once per document: a clean document is valid but for what the
    /// limits refuse, so it reaches the typesetter and the writers, where
    /// one refused character anywhere would stop it at the checks. (A flag
    /// rather than a parameter threaded through every function.)
    static NOISY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn noisy() -> bool {
    NOISY.with(|n| n.get())
}

/// True one time in `n`, and never once the fuzzer's bytes are used up:
/// `Unstructured` answers an exhausted `ratio` with true, which would turn
/// every rare branch on at the end of each document.
fn rare(u: &mut Unstructured, n: u8) -> Result<bool> {
    Ok(!u.is_empty() && u.ratio(1u8, n)?)
}

/// [`rare`], and only in a noisy document.
fn rare_noise(u: &mut Unstructured, n: u8) -> Result<bool> {
    Ok(noisy() && rare(u, n)?)
}

/// PDF options: every standard, with and without the source attached and
/// the signature fields. A combination the standard forbids (an attachment
/// in PDF/A-2b) is an error, which is fine.
pub fn render_options(u: &mut Unstructured) -> Result<vanban::RenderOptions> {
    use vanban::PdfStandard;
    let standard = match u.int_in_range(0..=5u8)? {
        0 => PdfStandard::A3b,
        1 => PdfStandard::A2u,
        2 => PdfStandard::None,
        _ => PdfStandard::A2b,
    };
    Ok(vanban::RenderOptions {
        pdf: vanban::PdfOptions {
            standard,
            attach_source: rare(u, 4)?,
            sign_fields: !rare(u, 4)?,
        },
        ..vanban::RenderOptions::default()
    })
}

/// The kinds of the built-in layout, plus a few it does not know.
const KINDS: &[&str] = &[
    "bao-cao",
    "cong-van",
    "to-trinh",
    "ke-hoach",
    "thong-bao",
    "quyet-dinh",
    "giay-moi",
    "bien-ban",
    "huong-dan",
];

/// Words of real documents: Vietnamese with its diacritics, agency names in
/// capitals, numbers, dates and symbols as they appear in the fixtures.
const WORDS: &[&str] = &[
    "Ủy",
    "ban",
    "nhân",
    "dân",
    "phường",
    "Lam",
    "Sơn",
    "UBND",
    "THỊ",
    "XÃ",
    "BỈM",
    "SƠN",
    "CHỦ",
    "TỊCH",
    "báo",
    "cáo",
    "kết",
    "quả",
    "thực",
    "hiện",
    "cải",
    "cách",
    "hành",
    "chính",
    "chuyển",
    "đổi",
    "số",
    "năm",
    "2023",
    "Quyết",
    "định",
    "số",
    "06/QĐ-TTg",
    "ngày",
    "tháng",
    "Điều",
    "1.",
    "I.",
    "a)",
    "-",
    "+",
    "Nơi",
    "nhận:",
    "Kính",
    "gửi:",
    "Như",
    "trên",
    "Lưu:",
    "VT,",
    "VP.",
    "99,9%",
    "5.614",
    "hồ",
    "sơ",
    "thủ",
    "tục",
    "“Đẩy",
    "mạnh”",
    "–",
    "—",
    "…",
    "(b/c)",
    "./.",
    "Người",
    "Ưu",
    "tiên",
    "đường",
    "truyền",
    "khuyết",
    "tật",
    "giải",
    "quyết",
    "TCVN",
    "ISO",
    "9001:2015",
    "http://example.vn/a-very/long/path?q=1",
];

/// Combining marks Vietnamese uses (NFD input is normalised to NFC).
const MARKS: &[char] = &[
    '\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}', '\u{302}', '\u{306}', '\u{31b}',
];

/// Characters that are errors or edge cases: controls, format characters,
/// an emoji, a soft hyphen, no-break and wide spaces, tabs, a lone
/// combining mark, letters outside the fonts.
const ODD: &[char] = &[
    '\t', '\r', '\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{a0}', '\u{ad}', '\u{200b}',
    '\u{200d}', '\u{200e}', '\u{202e}', '\u{2028}', '\u{3000}', '\u{feff}', '😀', '中', 'א',
    '\u{fb01}', 'ǅ', 'ẞ', 'Ω', '\u{300}', '€', '§', '\u{2009}',
];

/// Characters a valid document may hold that are not plain words: no-break
/// and thin spaces (where lines must not, or may, break), typographic
/// quotes and dashes, Latin-1 signs.
const SIGNS: &[char] = &[
    '\u{a0}', '\u{2009}', '\u{2003}', '\u{202f}', '“', '”', '‘', '’', '–', '€', '§', '°', '½', 'Ω',
    '©', '«', '»',
];

/// Placeholders: filled from `data` when the document has one (and the
/// name is there), refused otherwise; helpers and partials are refused.
const PLACEHOLDERS: &[&str] = &[
    "{{ward}}",
    "{{count}}",
    "{{a.b}}",
    "{{missing}}",
    "{{#each x}}",
    "{{> p}}",
];

/// One piece of text: mostly words, sometimes the odd things.
fn text(u: &mut Unstructured) -> Result<String> {
    let noise = noisy();
    let mut s = String::new();
    let n = u.int_in_range(0..=12u8)?;
    for i in 0..n {
        if i > 0 {
            s.push(match u.int_in_range(0..=30u8)? {
                0 => '\n',
                1 => ',',
                2 => ';',
                _ => ' ',
            });
        }
        match u.int_in_range(0..=40u8)? {
            // A long word no line can hold (a URL, a string of digits): the
            // line breaker must still break or overflow it, not loop.
            0 => {
                let len = u.int_in_range(20..=400u16)?;
                let c = *u.choose(&['x', 'W', 'đ', '8', 'Ư', '/'])?;
                s.extend(std::iter::repeat_n(c, len.into()));
            }
            // Decomposed (NFD) letters.
            1 | 2 => {
                s.push(*u.choose(&['a', 'e', 'o', 'u', 'A', 'O', 'y'])?);
                for _ in 0..u.int_in_range(1..=3u8)? {
                    s.push(*u.choose(MARKS)?);
                }
            }
            3 if noise => s.push(*u.choose(ODD)?),
            // Any character at all.
            4 if noise => s.push(u.arbitrary::<char>()?),
            5 => s.push_str(&" ".repeat(u.int_in_range(2..=10u8)?.into())),
            6 if noise => s.push_str(u.arbitrary::<&str>()?),
            7 if rare(u, 20)? => s.push_str(u.choose(PLACEHOLDERS)?),
            8 => s.push(*u.choose(SIGNS)?),
            _ => s.push_str(u.choose(WORDS)?),
        }
    }
    Ok(s)
}

/// A string that is usually not empty (most fields refuse empty text; an
/// empty one now and then checks that they do).
fn nonempty(u: &mut Unstructured) -> Result<String> {
    let s = text(u)?;
    if s.trim().is_empty() && !rare_noise(u, 8)? {
        return Ok(u.choose(WORDS)?.to_string());
    }
    Ok(s)
}

/// A wrong value, for a key that expects something else.
fn wrong(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0..=6u8)? {
        0 => Value::Null,
        1 => json!(u.arbitrary::<i64>()?),
        2 => json!(
            u.arbitrary::<f64>()
                .map(|f| if f.is_finite() { f } else { 0.5 })?
        ),
        3 => json!(u.arbitrary::<bool>()?),
        4 => json!({}),
        5 => json!([]),
        _ => json!(text(u)?),
    })
}

/// Inline text: a string, or an array of runs (strings or objects with
/// emphasis).
fn inline(u: &mut Unstructured) -> Result<Value> {
    if rare_noise(u, 60)? {
        return wrong(u);
    }
    if u.ratio(2u8, 3)? {
        return Ok(json!(nonempty(u)?));
    }
    let n = u.int_in_range(1..=5u8)?;
    let mut runs = Vec::new();
    for _ in 0..n {
        if rare(u, 3)? {
            runs.push(json!(nonempty(u)?));
            continue;
        }
        let mut run = Map::new();
        run.insert("text".into(), json!(nonempty(u)?));
        for key in ["bold", "italic", "underline"] {
            if rare(u, 3)? {
                run.insert(key.into(), json!(u.arbitrary::<bool>()?));
            }
        }
        maybe_unknown(u, &mut run)?;
        runs.push(Value::Object(run));
    }
    Ok(Value::Array(runs))
}

/// Sometimes adds a key the contract does not have (a typo, or a key from
/// another object).
fn maybe_unknown(u: &mut Unstructured, obj: &mut Map<String, Value>) -> Result<()> {
    if rare_noise(u, 40)? {
        let key = *u.choose(&["sigature", "recipents", "bold ", "Text", "content", "x", ""])?;
        obj.insert(key.into(), wrong(u)?);
    }
    Ok(())
}

fn inlines(u: &mut Unstructured, max: u8) -> Result<Value> {
    let n = u.int_in_range(0..=max)?;
    (0..n)
        .map(|_| inline(u))
        .collect::<Result<Vec<_>>>()
        .map(Value::Array)
}

/// A list, with nested items.
fn list(u: &mut Unstructured, depth: u8) -> Result<Value> {
    let mut obj = Map::new();
    let n = u.int_in_range(1..=8u8)?;
    let mut items = Vec::new();
    for _ in 0..n {
        if depth < 6 && rare(u, 5)? {
            let mut item = Map::new();
            item.insert("text".into(), inline(u)?);
            if u.ratio(4u8, 5)? {
                item.insert("list".into(), list_items(u, depth + 1)?);
            }
            maybe_unknown(u, &mut item)?;
            items.push(Value::Object(item));
        } else {
            items.push(inline(u)?);
        }
    }
    obj.insert("list".into(), Value::Array(items));
    if u.ratio(2u8, 3)? {
        let markers: &[&str] = match noisy() {
            true => &["-", "+", "a)", "1.", "*", "I.", ""],
            false => &["-", "+", "a)", "1."],
        };
        let marker = *u.choose(markers)?;
        obj.insert("marker".into(), json!(marker));
    }
    maybe_unknown(u, &mut obj)?;
    Ok(Value::Object(obj))
}

/// A nested item's `list`: the array of items (the contract's shape) or,
/// now and then, a list object where the array belongs.
fn list_items(u: &mut Unstructured, depth: u8) -> Result<Value> {
    let l = list(u, depth)?;
    if rare_noise(u, 20)? {
        return Ok(l);
    }
    Ok(l.get("list").cloned().unwrap_or(Value::Array(Vec::new())))
}

/// A table: columns with widths and alignments, rows usually as long as
/// the columns, sometimes many rows so that it spans pages.
fn table(u: &mut Unstructured) -> Result<Value> {
    let cols = u.int_in_range(if noisy() { 0 } else { 1 }..=8u8)?;
    let mut columns = Vec::new();
    for _ in 0..cols {
        let mut c = Map::new();
        c.insert("title".into(), inline(u)?);
        if u.ratio(2u8, 3)? {
            let w = match u.int_in_range(0..=10u8)? {
                0 if noisy() => json!(0),
                1 if noisy() => json!(-1.5),
                2 if noisy() => json!(1e300),
                2 => json!(1000),
                3 => json!(0.001),
                _ => json!(u.int_in_range(1..=10u8)?),
            };
            c.insert("width".into(), w);
        }
        if u.ratio(1u8, 2)? {
            let aligns: &[&str] = match noisy() {
                true => &["left", "center", "right", "justify", "Left"],
                false => &["left", "center", "right"],
            };
            let a = *u.choose(aligns)?;
            c.insert("align".into(), json!(a));
        }
        maybe_unknown(u, &mut c)?;
        columns.push(Value::Object(c));
    }
    let rows_n: u16 = match u.int_in_range(0..=10u8)? {
        0 if !u.is_empty() => u.int_in_range(20..=150u16)?,
        _ => u.int_in_range(0..=6u16)?,
    };
    let mut rows = Vec::new();
    for _ in 0..rows_n {
        let len = if rare_noise(u, 15)? {
            u.int_in_range(0..=9u8)?
        } else {
            cols
        };
        let mut row = Vec::new();
        for _ in 0..len {
            // Short cells keep long tables cheap; some cells are long
            // enough to wrap over many lines (a row taller than a page).
            row.push(if rare(u, 4)? {
                inline(u)?
            } else {
                json!(u.choose(WORDS)?)
            });
        }
        rows.push(Value::Array(row));
    }
    Ok(json!({ "table": { "columns": columns, "rows": rows } }))
}

/// A body block.
fn block(u: &mut Unstructured, depth: u8) -> Result<Value> {
    let nest = depth < 10;
    Ok(match u.int_in_range(0..=20u8)? {
        0..=4 => json!(nonempty(u)?),
        5 | 6 => json!({ "paragraph": inline(u)? }),
        7..=9 if nest => {
            let mut h = Map::new();
            h.insert("heading".into(), inline(u)?);
            if u.ratio(4u8, 5)? {
                h.insert("content".into(), blocks(u, depth + 1, 5)?);
            }
            if rare(u, 6)? {
                h.insert("numbered".into(), json!(u.arbitrary::<bool>()?));
            }
            maybe_unknown(u, &mut h)?;
            Value::Object(h)
        }
        10 | 11 if nest => {
            let mut a = Map::new();
            a.insert("article".into(), inline(u)?);
            if u.ratio(2u8, 3)? {
                a.insert("content".into(), blocks(u, depth + 1, 4)?);
            }
            maybe_unknown(u, &mut a)?;
            Value::Object(a)
        }
        12..=14 => list(u, 0)?,
        15 | 16 => table(u)?,
        17 => json!({ "center": inline(u)? }),
        18 => json!({ "page_break": if rare_noise(u, 10)? { wrong(u)? } else { json!(true) } }),
        19 if noisy() => wrong(u)?,
        20 if noisy() => json!(text(u)?),
        _ => json!(nonempty(u)?),
    })
}

fn blocks(u: &mut Unstructured, depth: u8, max: u8) -> Result<Value> {
    let n = u.int_in_range(0..=max)?;
    (0..n)
        .map(|_| block(u, depth))
        .collect::<Result<Vec<_>>>()
        .map(Value::Array)
}

/// The fixtures' PNGs, by absolute path (the engine reads images from
/// disk), and paths that are not PNGs or not there.
fn image(u: &mut Unstructured) -> Result<Value> {
    let images = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/images/");
    Ok(json!(match u.int_in_range(0..=5u8)? {
        0 => format!("{images}signature.png"),
        1 => format!("{images}seal.png"),
        _ if !noisy() => format!("{images}signature.png"),
        2 => format!("{images}make.py"),
        3 => "/dev/zero".to_string(),
        4 => "no-such.png".to_string(),
        _ => images.to_string(),
    }))
}

fn signature(u: &mut Unstructured) -> Result<Value> {
    let mut s = Map::new();
    if rare(u, 2)? {
        let a = *u.choose(&[
            "KT. CHỦ TỊCH",
            "TM. ỦY BAN NHÂN DÂN",
            "TL. CHỦ TỊCH",
            "Q. CHỦ TỊCH",
        ])?;
        s.insert(
            "authority".into(),
            json!(if rare(u, 4)? { nonempty(u)? } else { a.into() }),
        );
    }
    if !rare_noise(u, 20)? {
        s.insert("position".into(), json!(nonempty(u)?));
    }
    if !rare_noise(u, 20)? {
        s.insert("name".into(), json!(nonempty(u)?));
    }
    if rare(u, 30)? {
        s.insert("image".into(), image(u)?);
    }
    maybe_unknown(u, &mut s)?;
    Ok(Value::Object(s))
}

/// A date: valid, a year alone, impossible, malformed, or null.
fn date(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0..=9u8)? {
        0 if noisy() => json!({ "year": u.int_in_range(-5..=10000i32)? }),
        0 => json!({ "year": u.int_in_range(1900..=2100i32)? }),
        1 if noisy() => json!({ "year": 2024, "month": 2 }),
        2 => Value::Null,
        3 if noisy() => json!(format!(
            "{}-{:02}-{:02}",
            u.int_in_range(0..=9999u16)?,
            u.int_in_range(0..=13u8)?,
            u.int_in_range(0..=32u8)?
        )),
        4 if noisy() => json!(*u.choose(&[
            "2023-02-29",
            "2024-02-29",
            "2023-9-5",
            "05/09/2023",
            "",
            "2023-09-05T10:00"
        ])?),
        5 if noisy() => wrong(u)?,
        4 => json!("2024-02-29"),
        _ => json!(format!(
            "{}-{:02}-{:02}",
            u.int_in_range(1990..=2030u16)?,
            u.int_in_range(1..=12u8)?,
            u.int_in_range(1..=28u8)?
        )),
    })
}

/// A value for `data`: strings and numbers for the placeholders, nested
/// now and then.
fn data(u: &mut Unstructured) -> Result<Value> {
    let mut m = Map::new();
    for key in ["ward", "count", "a"] {
        if !rare(u, 4)? {
            let v = match key {
                "count" => json!(u.arbitrary::<i32>()?),
                "a" => json!({ "b": text(u)? }),
                _ => json!(text(u)?),
            };
            m.insert(key.into(), v);
        }
    }
    Ok(Value::Object(m))
}

/// A whole input document, built per the contract. About one in four is
/// noisy (may hold wrong keys, types, characters, dates); the others are
/// valid unless a limit refuses them.
pub fn document(u: &mut Unstructured) -> Result<Value> {
    NOISY.with(|n| n.set(false));
    let noise = rare(u, 4)?;
    NOISY.with(|n| n.set(noise));
    let mut d = Map::new();
    let kind = if rare_noise(u, 30)? {
        text(u)?
    } else {
        u.choose(KINDS)?.to_string()
    };
    d.insert("kind".into(), json!(kind));
    if rare(u, 30)? {
        let layouts: &[&str] = if noise {
            &["nd30", "tinh", ""]
        } else {
            &["nd30"]
        };
        d.insert("layout".into(), json!(*u.choose(layouts)?));
    }
    let mut issuer = Map::new();
    if u.ratio(2u8, 3)? {
        issuer.insert("parent".into(), json!(nonempty(u)?));
    }
    if !rare_noise(u, 20)? {
        issuer.insert("name".into(), json!(nonempty(u)?));
    }
    maybe_unknown(u, &mut issuer)?;
    d.insert("issuer".into(), Value::Object(issuer));
    match u.int_in_range(0..=5u8)? {
        0 => {}
        1 => {
            d.insert("number".into(), Value::Null);
        }
        2 => {
            d.insert("number".into(), json!(nonempty(u)?));
        }
        _ => {
            d.insert(
                "number".into(),
                json!(u.int_in_range(0..=99999u32)?.to_string()),
            );
        }
    }
    if !rare_noise(u, 20)? {
        let symbol = if rare(u, 4)? {
            nonempty(u)?
        } else {
            "BC-UBND".to_string()
        };
        d.insert("symbol".into(), json!(symbol));
    }
    if !rare_noise(u, 20)? {
        d.insert("place".into(), json!(nonempty(u)?));
    }
    if !rare(u, 8)? {
        d.insert("date".into(), date(u)?);
    }
    if rare(u, 8)? {
        d.insert("title".into(), json!(nonempty(u)?));
    }
    if u.ratio(3u8, 4)? {
        d.insert("subject".into(), json!(nonempty(u)?));
    }
    if rare(u, 2)? {
        d.insert("recipients".into(), inlines(u, 5)?);
    }
    if rare(u, 4)? {
        d.insert("authority".into(), json!(nonempty(u)?));
    }
    if rare(u, 4)? {
        d.insert("preamble".into(), inlines(u, 5)?);
    }
    if !rare_noise(u, 30)? {
        let max = u.int_in_range(1..=12u8)?;
        let mut body = blocks(u, 0, max)?;
        // An empty body is an error: a clean document has a paragraph.
        if let Value::Array(b) = &mut body
            && b.is_empty()
            && !noise
        {
            b.push(json!("Nội dung./."));
        }
        d.insert("body".into(), body);
    }
    match u.int_in_range(0..=9u8)? {
        0 if noise => {}
        1 | 2 => {
            let lo = if noise { 0 } else { 1 };
            let n = u.int_in_range(lo..=4u8)?;
            let s = (0..n).map(|_| signature(u)).collect::<Result<Vec<_>>>()?;
            d.insert("signatures".into(), Value::Array(s));
        }
        3 if noise => {
            d.insert("signature".into(), signature(u)?);
            d.insert("signatures".into(), json!([]));
        }
        _ => {
            d.insert("signature".into(), signature(u)?);
        }
    }
    if u.ratio(2u8, 3)? {
        d.insert("distribution".into(), inlines(u, 6)?);
    }
    if rare(u, 3)? {
        d.insert("data".into(), data(u)?);
    }
    // PDF/A (the default) needs a creation date: a document without a full
    // date usually gets one here, or fails the render (and validates).
    let full_date = d.get("date").and_then(Value::as_str).is_some();
    if rare(u, 4)? || (!full_date && !rare(u, 6)?) {
        let mut m = Map::new();
        for key in ["author", "keywords", "language"] {
            if rare(u, 2)? {
                m.insert(key.into(), json!(nonempty(u)?));
            }
        }
        let created: &[&str] = match noise {
            true => &[
                "2024-03-12T16:45:00+07:00",
                "2024-13-12T25:61:00+99:00",
                "yesterday",
                "",
            ],
            false => &[
                "2024-03-12T16:45:00+07:00",
                "2024-03-12",
                "2024-03-12T16:45:00Z",
            ],
        };
        if !full_date || rare(u, 2)? {
            m.insert("created".into(), json!(*u.choose(created)?));
        }
        maybe_unknown(u, &mut m)?;
        d.insert("metadata".into(), Value::Object(m));
    }
    if rare(u, 30)? {
        let mut s = Map::new();
        s.insert("image".into(), image(u)?);
        if rare(u, 2)? {
            let w: &[f64] = if noise {
                &[0.0, 36.0, -1.0, 1e6, 0.01]
            } else {
                &[36.0, 10.0, 60.0]
            };
            s.insert("width_mm".into(), json!(*u.choose(w)?));
        }
        if rare(u, 2)? {
            s.insert("signer".into(), json!(u.int_in_range(0..=5u8)?));
        }
        d.insert("seal".into(), Value::Object(s));
    }
    maybe_unknown(u, &mut d)?;
    // A key now and then replaced by a wrong type (the checks name its path).
    if rare_noise(u, 10)? && !d.is_empty() {
        let i = u.choose_index(d.len())?;
        if let Some((_, v)) = d.iter_mut().nth(i) {
            *v = wrong(u)?;
        }
    }
    Ok(Value::Object(d))
}

pub mod docx_gen;
pub mod pdf_gen;
