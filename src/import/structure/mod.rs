//! Recognises the parts of an administrative document in its lines of text:
//! the header (issuer, `Số:`, place and date), title and subject, Kính gửi,
//! Căn cứ lines, numbered sections rebuilt as nested headings, lists,
//! articles, Nơi nhận and the signature. Lines it cannot place become body
//! paragraphs, each listed as a warning; nothing is dropped silently.

use serde_json::{Map, Value, json};

mod appendix;

use crate::input::Run;

/// A line of the input after repair, with its 1-based number.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the input.
    pub number: usize,
    /// The text, trimmed.
    pub text: String,
    /// Whether the line was indented (a first-line indent in the source).
    pub indented: bool,
    /// Whether a blank line (or a page break) comes before it: extraction
    /// separates table cells and columns by blank lines.
    pub gap: bool,
    /// The text with its emphasis (the runs' text is `text`).
    pub runs: Vec<crate::input::Run>,
    /// A ruled table of the source, whole, as input JSON (`text` is empty).
    pub table: Option<Value>,
    /// A new page or section of the source starts with this line.
    pub page_break: Option<crate::import::source::Break>,
    /// The line is a whole paragraph of its source (DOCX, PDF): never
    /// joined to the one before as a hard-wrapped continuation.
    pub whole: bool,
}

/// Something the importer could not place, or guessed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// 1-based line, 0 when it concerns the whole document.
    pub line: usize,
    /// What happened and what to check.
    pub message: String,
}

/// The kinds of document a layout knows: (type name, kind, abbreviation,
/// the deciding line the layout prints itself), from the layout's `kinds`
/// (a công văn, which has no type name, as `CÔNG VĂN`).
pub struct Kinds(Vec<(String, String, String, Option<String>)>);

impl Kinds {
    /// The kinds of `layout`.
    pub fn of(layout: &crate::layout::Layout) -> Self {
        Self(
            layout
                .kinds
                .iter()
                .map(|(k, v)| {
                    (
                        v.title.clone().unwrap_or_else(|| "CÔNG VĂN".into()),
                        k.clone(),
                        v.abbreviation.clone().unwrap_or_default(),
                        v.decision_line.clone(),
                    )
                })
                .collect(),
        )
    }

    fn by_title(&self, t: &str) -> Option<&(String, String, String, Option<String>)> {
        self.0
            .iter()
            .find(|k| squash_upper(t) == squash_upper(&k.0))
    }

    fn by_kind(&self, kind: &str) -> Option<&(String, String, String, Option<String>)> {
        self.0.iter().find(|k| k.1 == kind)
    }

    fn by_symbol(&self, symbol: &str) -> Option<&(String, String, String, Option<String>)> {
        self.0
            .iter()
            .filter(|k| !k.2.is_empty() && symbol.starts_with(&k.2))
            .max_by_key(|k| k.2.len())
    }
}

/// Type names of Phụ lục III that a layout may lack: printed through
/// `title` over the kind their symbol or `bao-cao` gives.
const OTHER_TYPE_NAMES: &[&str] = &[
    "NGHỊ QUYẾT",
    "NGHỊ ĐỊNH",
    "CHỈ THỊ",
    "QUY CHẾ",
    "QUY ĐỊNH",
    "THÔNG CÁO",
    "HƯỚNG DẪN",
    "CHƯƠNG TRÌNH",
    "PHƯƠNG ÁN",
    "ĐỀ ÁN",
    "DỰ ÁN",
    "HỢP ĐỒNG",
    "CÔNG ĐIỆN",
    "BẢN GHI NHỚ",
    "BẢN THỎA THUẬN",
    "GIẤY ỦY QUYỀN",
    "GIẤY GIỚI THIỆU",
    "GIẤY NGHỈ PHÉP",
    "PHIẾU GỬI",
    "PHIẾU CHUYỂN",
    "PHIẾU BÁO",
    "THƯ CÔNG",
];

/// Heading levels in the order they nest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Roman,
    Num1,
    Num2,
    Num3,
    Letter,
}

/// A body element before nesting.
#[derive(Debug, Clone)]
enum Piece {
    /// A numbered heading: its level, its number (the last part), its text.
    Heading(Level, usize, String),
    Article(String),
    Item(&'static str, String),
    Para(String),
    Center(String),
    /// `Chương I` and its title.
    Chapter(String),
    /// A table, already as input JSON.
    Table(Value),
}

/// The document recognised in `lines`; `kind` forces the kind.
pub fn recognise(
    lines: &[Line],
    kind: Option<&str>,
    kinds: &Kinds,
    warnings: &mut Vec<Warning>,
) -> Value {
    let cut = appendix::start(lines, 0);
    let (main, rest) = lines.split_at(cut);
    let mut doc = document(main, kind, kinds, warnings);
    let appendices = appendix::appendices(rest, warnings);
    if let Value::Object(d) = &mut doc
        && !appendices.is_empty()
    {
        d.insert("appendices".into(), Value::Array(appendices));
    }
    doc
}

/// The document before its appendices.
fn document(
    lines: &[Line],
    kind: Option<&str>,
    kinds: &Kinds,
    warnings: &mut Vec<Warning>,
) -> Value {
    let mut doc = Map::new();
    let mut i = 0;
    let mut parent_issuer: Vec<String> = Vec::new();
    let mut title: Option<(String, String)> = None;
    // A type name the layout has no kind for (`NGHỊ ĐỊNH`): printed as `title`.
    let mut other_title: Option<String> = None;
    let mut parent_bold: Vec<bool> = Vec::new();
    let mut subject: Vec<String> = Vec::new();
    let mut number: Option<String> = None;
    let mut symbol: Option<String> = None;
    let mut place: Option<String> = None;
    let mut date: Option<Value> = None;
    let mut authority: Option<String> = None;
    // The header: everything before the first body line. Extraction splits
    // `Số:      /BC-UBND` and a blank date line into fragments: join them.
    let joined = join_header_fragments(lines);
    let lines = joined.as_slice();
    let header_full = typical_length(lines);
    // The source says which text is bold (a DOCX, a PDF with its fonts).
    let styled = lines.iter().any(|l| l.runs.iter().any(|r| r.bold));
    while let Some(l) = lines.get(i) {
        let t = l.text.as_str();
        if is_nation(t) || is_motto(t) {
            i += 1;
            continue;
        }
        if let Some((n, s, rest)) = number_line(t) {
            number = n;
            symbol = Some(s);
            if let Some((p, d)) = rest.as_deref().and_then(date_line) {
                place = Some(p);
                date = d;
            }
            i += 1;
            continue;
        }
        if let Some((p, d)) = date_line(t) {
            place = Some(p);
            date = d;
            i += 1;
            continue;
        }
        if l.table.is_some() {
            break;
        }
        if title.is_none()
            && let Some(k) = kinds.by_title(t)
        {
            title = Some((k.0.clone(), k.1.clone()));
            i += 1;
            continue;
        }
        if title.is_none()
            && let Some(name) = OTHER_TYPE_NAMES
                .iter()
                .find(|n| squash_upper(t) == squash_upper(n))
        {
            other_title = Some((*name).to_string());
            title = Some(((*name).to_string(), String::new()));
            i += 1;
            continue;
        }
        if let Some(v) = t.strip_prefix("V/v").or_else(|| t.strip_prefix("V/V")) {
            subject.push(v.trim().to_string());
            title.get_or_insert(("".into(), "cong-van".into()));
            i += 1;
            continue;
        }
        if t.starts_with("Kính gửi") || is_body_start(t) || is_preamble_start(t) {
            break;
        }
        if title.is_some() && is_upper(t) && (t.starts_with("CHỦ TỊCH") || t.contains("ỦY BAN"))
        {
            authority = Some(t.to_string());
            i += 1;
            continue;
        }
        if title.is_none() && is_upper(t) && number.is_none() && subject.is_empty() {
            parent_issuer.push(t.to_string());
            parent_bold.push(all_bold(&l.runs));
        } else if !subject.is_empty() && t.chars().count() * 100 >= header_full * 85 && !l.whole {
            // A full-width line after the subject: the body has begun (a
            // subject is centred, shorter than the measure).
            break;
        } else if styled && title.as_ref().is_some_and(|t| !t.0.is_empty()) && !all_bold(&l.runs) {
            // The subject under a type name is bold: a regular line after
            // it is the body's (a giấy mời's `Thực hiện …`).
            break;
        } else {
            subject.push(t.to_string());
        }
        i += 1;
    }
    // Kính gửi.
    let mut recipients = Vec::new();
    if let Some(l) = lines.get(i)
        && let Some(rest) = l.text.strip_prefix("Kính gửi")
    {
        let rest = rest.trim_start_matches([':', ' ']).trim();
        if !rest.is_empty() {
            recipients.push(strip_item(rest));
        }
        i += 1;
        while let Some(l) = lines.get(i) {
            match l.text.strip_prefix("- ") {
                Some(r) if recipients.len() < 30 => recipients.push(r.trim().to_string()),
                _ => break,
            }
            i += 1;
        }
    }
    // Căn cứ / Xét lines, and the deciding line.
    let mut preamble: Vec<String> = Vec::new();
    let mut prev_len = 0;
    while let Some(l) = lines.get(i) {
        let t = l.text.as_str();
        if is_preamble_start(t) {
            preamble.push(t.to_string());
        } else if !preamble.is_empty()
            && !is_decision(t)
            && !is_body_start(t)
            && !l.whole
            && !ends_preamble(preamble.last(), t, prev_len * 100 < header_full * 85)
        {
            if let Some(last) = preamble.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
        } else {
            break;
        }
        prev_len = t.chars().count();
        i += 1;
    }
    // The body, up to Nơi nhận or the signature.
    let full = header_full;
    let decision_printed = kind
        .and_then(|k| kinds.by_kind(k))
        .or_else(|| title.as_ref().and_then(|(_, k)| kinds.by_kind(k)))
        .and_then(|k| k.3.clone());
    let (mut pieces, mut emphasis) =
        body(lines, &mut i, full, decision_printed.as_deref(), warnings);
    // Nơi nhận and the signature, in either order.
    let mut distribution: Vec<String> = Vec::new();
    // The closing's lines with their numbers.
    let mut sign: Vec<(usize, String)> = Vec::new();
    let mut in_distribution = false;
    while let Some(l) = lines.get(i) {
        let t = l.text.as_str();
        if let Some(rest) = t.strip_prefix("Nơi nhận") {
            in_distribution = true;
            let rest = rest.trim_start_matches([':', ' ']);
            if !rest.is_empty() {
                sign.push((l.number, rest.to_string()));
            }
        } else if is_signing_note(t) {
            warnings.push(Warning {
                line: l.number,
                message: format!(
                    "`{t}` (a signing note) left out: the signature space replaces it"
                ),
            });
        } else if in_distribution
            && sign.len() < 4
            && let Some((item, rest)) = split_item(t)
        {
            // A transcription interleaves the two columns line by line:
            // `Như trên; (Đã ký và đóng dấu)`, `UBND thành phố; Lê Thị B`.
            let open = distribution
                .last()
                .is_some_and(|d| !d.trim_end().ends_with([';', '.']));
            match distribution.last_mut() {
                // The end of an item wrapped onto this line.
                Some(last) if open && !t.starts_with(['-', '–']) => {
                    last.push(' ');
                    last.push_str(item.trim());
                }
                _ => distribution.push(strip_item(&item)),
            }
            if is_signing_note(&rest) {
                warnings.push(Warning {
                    line: l.number,
                    message: format!(
                        "`{rest}` (a signing note) left out: the signature space replaces it"
                    ),
                });
            } else if !rest.is_empty() {
                sign.push((l.number, rest));
            }
        } else if in_distribution && t.starts_with(['-', '–']) && sign.is_empty() {
            distribution.push(strip_item(t));
        } else if in_distribution
            && !distribution.is_empty()
            && !signature_start(t)
            && !is_upper(t)
            && sign.is_empty()
            && !t.starts_with('(')
        {
            if let Some(last) = distribution.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
        } else {
            sign.push((l.number, t.to_string()));
        }
        i += 1;
    }
    // No closing found after the body: a signer ends the text (an upper-case
    // position and a name), take them back from the body.
    if sign.is_empty() {
        let name_like = |t: &str| {
            let words: Vec<&str> = t.split_whitespace().collect();
            (2..=5).contains(&words.len())
                && words
                    .iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                && !is_upper(t)
                && !t.contains(['.', ',', ';', ':'])
        };
        if let Some((line, Piece::Para(name))) = pieces.last()
            && name_like(name)
        {
            let name = (*line, name.clone());
            pieces.pop();
            emphasis.pop();
            let mut upper = Vec::new();
            while let Some((line, Piece::Para(p))) = pieces.last() {
                if is_upper(p) && upper.len() < 3 {
                    upper.insert(0, (*line, p.clone()));
                    pieces.pop();
                    emphasis.pop();
                } else {
                    break;
                }
            }
            sign.extend(upper);
            sign.push(name);
        }
    }
    // Build the JSON.
    let guess = |warnings: &mut Vec<Warning>| {
        let guessed = symbol
            .as_deref()
            .and_then(|s| kinds.by_symbol(s))
            .map_or("bao-cao".to_string(), |k| k.1.clone());
        if other_title.is_none() {
            warnings.push(Warning {
                line: 0,
                message: format!(
                    "no type name (BÁO CÁO, TỜ TRÌNH, …) found: kind `{guessed}` assumed"
                ),
            });
        }
        guessed
    };
    let kind_name = match (kind, &title) {
        (Some(k), _) => k.to_string(),
        (None, Some((_, k))) if !k.is_empty() => k.clone(),
        _ => guess(warnings),
    };
    doc.insert("kind".into(), json!(kind_name));
    if let Some(t) = &other_title {
        doc.insert("title".into(), json!(t));
    }
    // The issuer over two lines in bold (`ỦY BAN NHÂN DÂN` / `TỈNH BÌNH
    // THUẬN`): one name, the regular lines above it its parent.
    let bold_from = parent_bold.iter().position(|b| *b);
    let header_lines = match bold_from {
        Some(k) if parent_bold.iter().skip(k).all(|b| *b) && parent_issuer.len() > k + 1 => {
            let mut v: Vec<String> = parent_issuer.iter().take(k).cloned().collect();
            v.push(parent_issuer.get(k..).unwrap_or_default().join("\n"));
            v
        }
        _ => parent_issuer.clone(),
    };
    let header_lines = join_split_issuer(header_lines);
    let (parent, issuer) = issuer_of(&header_lines, lines, warnings);
    let mut iss = Map::new();
    if let Some(p) = parent {
        iss.insert("parent".into(), json!(p));
    }
    iss.insert("name".into(), json!(issuer));
    doc.insert("issuer".into(), Value::Object(iss));
    if let Some(n) = number.filter(|n| !n.is_empty()) {
        doc.insert("number".into(), json!(n));
    }
    let symbol = symbol.unwrap_or_else(|| {
        let abbr = kinds.by_kind(&kind_name).map_or("", |k| k.2.as_str());
        let s = if abbr.is_empty() {
            "UBND".to_string()
        } else {
            format!("{abbr}-UBND")
        };
        warnings.push(Warning {
            line: 0,
            message: format!("no `Số:` line: symbol `{s}` assumed and the number left blank"),
        });
        s
    });
    doc.insert("symbol".into(), json!(symbol));
    let place = place.unwrap_or_else(|| {
        let p = place_from_issuer(&issuer);
        warnings.push(Warning {
            line: 0,
            message: format!(
                "no place and date line: place `{p}` taken from the issuer, date left blank"
            ),
        });
        p
    });
    doc.insert("place".into(), json!(place));
    if let Some(d) = date {
        doc.insert("date".into(), d);
    }
    if !subject.is_empty() {
        doc.insert("subject".into(), json!(join_words(&subject)));
    }
    if !recipients.is_empty() {
        doc.insert("recipients".into(), json!(recipients));
    }
    if let Some(a) = authority {
        doc.insert("authority".into(), json!(a));
    }
    if !preamble.is_empty() {
        doc.insert("preamble".into(), json!(preamble));
    }
    let (key, signature, leftover) = signature(&sign, warnings);
    // Closing lines that are no part of the signer: kept, at the body's end.
    for (line, text) in leftover {
        warnings.push(Warning {
            line,
            message: format!(
                "`{text}` after the signer's name fits no part of the closing: placed as the body's last paragraph; move it"
            ),
        });
        pieces.push((line, Piece::Para(text)));
        emphasis.push(Vec::new());
    }
    let body = nest(pieces, emphasis, warnings);
    doc.insert("body".into(), Value::Array(body));
    doc.insert(key.into(), signature);
    if !distribution.is_empty() {
        doc.insert("distribution".into(), json!(distribution));
    }
    Value::Object(doc)
}

/// The body's pieces from `lines[*i]` up to Nơi nhận, the signature or the
/// line after the content's `./.`, with each piece's runs (empty: plain);
/// `*i` is left at the first line not taken. `decision_printed` is the
/// deciding line the layout prints itself (not taken twice).
fn body(
    lines: &[Line],
    i: &mut usize,
    full: usize,
    decision_printed: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> (Vec<(usize, Piece)>, Vec<Vec<Run>>) {
    let mut pieces: Vec<(usize, Piece)> = Vec::new();
    // Each piece's runs, where its source said which text was bold,
    // italic or underlined (empty: plain).
    let mut emphasis: Vec<Vec<Run>> = Vec::new();
    let mut prev_len = 0;
    let mut in_article = false;
    let mut cells_checked = 0;
    while let Some(l) = lines.get(*i) {
        let t = l.text.as_str();
        if t.starts_with("Nơi nhận") || signature_start(t) {
            break;
        }
        // `./.` ends the content: what follows is the closing.
        if pieces
            .last()
            .is_some_and(|(_, p)| piece_text(p).trim_end().ends_with("./."))
            && matches!(classify(t, in_article), Piece::Para(_))
        {
            break;
        }
        if let Some(table) = &l.table {
            pieces.push((l.number, Piece::Table(table.clone())));
            emphasis.push(Vec::new());
            *i += 1;
            prev_len = 0;
            continue;
        }
        if let Some((table, used)) = crate::import::table::table_at(lines, *i, full) {
            pieces.push((l.number, Piece::Table(table)));
            emphasis.push(Vec::new());
            *i += used;
            prev_len = 0;
            continue;
        }
        if *i >= cells_checked
            && let Some((cells, used)) = crate::import::table::cells_at(lines, *i, full)
            && cells.len() >= 4
        {
            // Short blocks between blank lines, but no serial column to
            // count the columns by: kept as paragraphs, and said.
            warnings.push(Warning {
                line: l.number,
                message: format!(
                    "{} short blocks from here look like a table's cells, but without a serial-number column (1, 2, 3 …) its columns are unknown: kept as paragraphs; make it a table by hand",
                    cells.len()
                ),
            });
            cells_checked = *i + used;
        }
        if is_decision(t) {
            let line = t.to_uppercase();
            if decision_printed.is_some_and(|d| squash_upper(d) == squash_upper(&line)) {
                // The layout prints it after the preamble: not twice.
                warnings.push(Warning {
                    line: l.number,
                    message: format!("`{t}` left out: the layout prints the deciding line itself"),
                });
            } else {
                // In capitals as the layout prints it (TCVN3 text may hold them lower-cased).
                pieces.push((l.number, Piece::Center(line)));
                emphasis.push(Vec::new());
            }
            *i += 1;
            continue;
        }
        let mut piece = classify(t, in_article);
        if let Piece::Article(_) = piece {
            in_article = true;
        }
        if let Piece::Chapter(title) = &mut piece
            && title.is_empty()
            && let Some(next) = lines.get(*i + 1)
            && is_upper(&next.text)
        {
            // `Chương I` / `NHỮNG QUY ĐỊNH CHUNG`: the title on its own line.
            *title = next.text.clone();
            *i += 1;
        }
        // A line that ended well short of the measure ended its paragraph.
        let prev_short = prev_len * 100 < full * 85;
        match piece {
            Piece::Para(text)
                if !l.whole && continues(l, pieces.last().map(|p| &p.1), prev_short) =>
            {
                if let Some((_, last)) = pieces.last_mut() {
                    append(last, &text);
                }
                if let Some(runs) = emphasis.last_mut() {
                    runs.push(Run {
                        text: " ".into(),
                        ..runs.last().cloned().unwrap_or_default()
                    });
                    runs.extend(tail_runs(&l.runs, &text));
                }
            }
            p => {
                emphasis.push(tail_runs(&l.runs, piece_text(&p)));
                pieces.push((l.number, p));
            }
        }
        prev_len = t.chars().count();
        *i += 1;
    }
    (pieces, emphasis)
}

fn piece_text(p: &Piece) -> &str {
    match p {
        Piece::Heading(_, _, s)
        | Piece::Article(s)
        | Piece::Item(_, s)
        | Piece::Para(s)
        | Piece::Chapter(s)
        | Piece::Center(s) => s,
        Piece::Table(_) => "",
    }
}

/// Whether `t` starts the body after the Căn cứ line `last`: one ended by
/// `;` or `.` on a short line is over, and a capital starts the body.
fn ends_preamble(last: Option<&String>, t: &str, last_short: bool) -> bool {
    last.is_some_and(|p| p.trim_end().ends_with(['.', ';']))
        && last_short
        && t.chars().next().is_some_and(char::is_uppercase)
}

/// Joins the header lines extraction splits: `Số:` / `/BC-UBND` (next to
/// each other, or the symbol a few lines on, past the other column), and
/// `Lam Sơn, ngày` / `tháng` / `năm 2025` of a date left blank.
fn join_header_fragments(lines: &[Line]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut open_date = false;
    for l in lines {
        let t = l.text.as_str();
        let symbol = t.starts_with('/') && !t.contains(' ') && t.contains('-');
        if symbol
            && out.len() < 12
            && let Some(number) = out.iter_mut().rev().find(|p| p.text.trim_end() == "Số:")
        {
            number.text.push(' ');
            number.text.push_str(t);
            continue;
        }
        if let Some(prev) = out.last_mut() {
            let number_open = prev.text.trim_end().ends_with("Số:") && t.starts_with('/');
            let date_open = open_date && (t.starts_with("tháng") || t.starts_with("năm"));
            if number_open || date_open {
                prev.text.push(' ');
                prev.text.push_str(t);
                open_date = date_open && !t.starts_with("năm");
                continue;
            }
        }
        open_date = t.trim_end().ends_with(", ngày") || t.contains(", ngày") && !t.contains("năm");
        out.push(l.clone());
    }
    out
}

fn append(p: &mut Piece, text: &str) {
    let s = match p {
        Piece::Heading(_, _, s)
        | Piece::Article(s)
        | Piece::Item(_, s)
        | Piece::Para(s)
        | Piece::Chapter(s)
        | Piece::Center(s) => s,
        Piece::Table(_) => return,
    };
    // A word hyphenated across lines is not rejoined: Vietnamese syllables
    // are whole words, and a hyphen at a line end is a real dash.
    s.push(' ');
    s.push_str(text);
}

/// The length of a full line: the 75th percentile of the lengths of lines
/// of running text (no blank line before or after: not a table cell nor a
/// header column), since most of them fill the measure.
fn typical_length(lines: &[Line]) -> usize {
    let running =
        |k: usize| lines.get(k).is_some_and(|l| !l.gap) && lines.get(k + 1).is_none_or(|n| !n.gap);
    let mut lens: Vec<usize> = (0..lines.len())
        .filter(|&k| running(k))
        .filter_map(|k| lines.get(k).map(|l| l.text.chars().count()))
        .collect();
    if lens.len() < 4 {
        lens = lines.iter().map(|l| l.text.chars().count()).collect();
    }
    lens.sort_unstable();
    lens.get(lens.len() * 3 / 4).copied().unwrap_or(0)
}

/// Whether a plain line continues the piece before it rather than starting
/// a paragraph: hard-wrapped text is joined; a new paragraph starts after a
/// line that ended short, at an indented line, or at a `*` line. A heading
/// that ended without punctuation takes the line that completes it.
fn continues(l: &Line, prev: Option<&Piece>, prev_short: bool) -> bool {
    let t = l.text.as_str();
    let Some(prev) = prev else {
        return false;
    };
    let upper_start = t.chars().next().is_some_and(char::is_uppercase);
    match prev {
        Piece::Center(_) | Piece::Table(_) | Piece::Chapter(_) => false,
        Piece::Heading(_, _, h) => {
            let open = !h.trim_end().ends_with(['.', ':', '!', '?']);
            let short_tail = t.split_whitespace().count() <= 2 && t.ends_with(['.', ';']);
            // A heading line can fill the measure and the paragraph start
            // on the next: only a lower-case start, more upper-case text
            // or a lone last word continues it.
            open && !l.indented
                && (is_upper(h) && is_upper(t) || short_tail || !prev_short && !upper_start)
        }
        // A list item is one sentence: after its `;` or `.`, a capital
        // starts what follows.
        Piece::Item(_, item) if upper_start && item.trim_end().ends_with(['.', ';']) => false,
        // Lines in capitals run on (a caption over two lines).
        Piece::Para(p) if is_upper(p) && is_upper(t) && !l.gap => true,
        Piece::Article(_) | Piece::Item(..) | Piece::Para(_) => {
            !t.starts_with("* ")
                && !t.starts_with("Trên đây")
                && !(upper_start && (l.indented || prev_short))
        }
    }
}

/// What a body line is, by its marker.
fn classify(t: &str, in_article: bool) -> Piece {
    if let Some(title) = chapter_line(t) {
        return Piece::Chapter(title);
    }
    // (`điều`: TCVN3 text may hold the capital in lower case.)
    if let Some(rest) = t.strip_prefix("Điều ").or_else(|| t.strip_prefix("điều "))
        && let Some((n, title)) = rest.split_once('.')
        && n.trim().chars().all(|c| c.is_ascii_digit())
        && !n.trim().is_empty()
    {
        return Piece::Article(title.trim().to_string());
    }
    if let Some((roman, rest)) = t.split_once(". ")
        && is_roman(roman)
    {
        return Piece::Heading(Level::Roman, roman_value(roman), heading_text(rest));
    }
    if let Some((n, number, rest)) = numbered(t) {
        let level = match n {
            1 => Level::Num1,
            2 => Level::Num2,
            _ => Level::Num3,
        };
        if in_article && n == 1 {
            return Piece::Item("1.", rest.to_string());
        }
        return Piece::Heading(level, number, heading_text(rest));
    }
    if let Some(rest) = letter_item(t) {
        return Piece::Item("a)", rest.to_string());
    }
    for (m, marker) in [("- ", "-"), ("– ", "-"), ("+ ", "+")] {
        if let Some(rest) = t.strip_prefix(m) {
            return Piece::Item(marker, rest.trim().to_string());
        }
    }
    Piece::Para(t.to_string())
}

/// `Chương I`, `CHƯƠNG II. QUY ĐỊNH CHUNG`, `Chương 3: …` → the title
/// after the number (empty when it is on the next line).
fn chapter_line(t: &str) -> Option<String> {
    let rest = t
        .strip_prefix("Chương ")
        .or_else(|| t.strip_prefix("CHƯƠNG "))?;
    let (number, title) = match rest.split_once([' ', '.', ':']) {
        Some((n, title)) => (n, title.trim_start_matches(['.', ':', ' ', '-', '–'])),
        None => (rest, ""),
    };
    let number = number.trim_end_matches(['.', ':']);
    (is_roman(number) || !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
        .then(|| title.trim().to_string())
}

/// `1. text` → (1, 1, text); `1.2. text` → (2, 2, text); `1.2.3. text` →
/// (3, 3, text): the depth, the last number, the text.
fn numbered(t: &str) -> Option<(usize, usize, &str)> {
    let (head, rest) = t.split_once(' ')?;
    let head = head.strip_suffix('.')?;
    let parts: Vec<&str> = head.split('.').collect();
    if parts.is_empty()
        || parts.len() > 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let last = parts.last()?.parse().ok()?;
    Some((parts.len(), last, rest.trim()))
}

/// The value of a Roman numeral of `I`, `V` and `X`.
fn roman_value(s: &str) -> usize {
    let digit = |c: char| match c {
        'I' => 1,
        'V' => 5,
        _ => 10,
    };
    let values: Vec<usize> = s.chars().map(digit).collect();
    values
        .iter()
        .enumerate()
        .map(|(k, &v)| {
            if values.get(k + 1).is_some_and(|&next| next > v) {
                v.wrapping_neg()
            } else {
                v
            }
        })
        .fold(0usize, usize::wrapping_add)
}

fn letter_item(t: &str) -> Option<&str> {
    let mut chars = t.chars();
    let c = chars.next()?;
    if !(c.is_ascii_lowercase() || c == 'đ') || chars.next() != Some(')') {
        return None;
    }
    t.get(c.len_utf8() + 1..).map(str::trim)
}

fn heading_text(t: &str) -> String {
    t.trim().to_string()
}

/// A heading's text as printed by the layout: without the final `.` or `:`.
fn heading_final(t: &str) -> String {
    t.trim().trim_end_matches(['.', ':']).trim().to_string()
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 5 && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

fn is_body_start(t: &str) -> bool {
    !matches!(classify(t, false), Piece::Para(_))
}

fn is_nation(t: &str) -> bool {
    let s = squash_upper(t);
    s.contains("CỘNGHÒAXÃHỘI") || s.contains("CỘNGHOÀXÃHỘI")
}

/// `Độc lập - Tự do - Hạnh phúc`, with a hyphen, an en or an em dash.
fn is_motto(t: &str) -> bool {
    squash_upper(&t.replace(['–', '—', '‒', '−'], "-")).starts_with("ĐỘCLẬP-TỰDO")
}

fn is_decision(t: &str) -> bool {
    matches!(squash_upper(t).as_str(), "QUYẾTĐỊNH:" | "QUYẾTNGHỊ:")
}

fn squash_upper(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whether a line is in capitals. Only ASCII lower case counts against it:
/// TCVN3 files hold capitals with tones as lower-case bytes (typed in an
/// upper-case font), so `KếT QUả` is a heading in capitals, while running
/// Vietnamese text always has ASCII lower-case letters.
fn is_upper(t: &str) -> bool {
    t.chars().any(char::is_uppercase) && !t.chars().any(|c| c.is_ascii_lowercase())
}

/// `Số: 125/BC-UBND` (number possibly blank or dots) and what follows it
/// on the line (a date line, when extraction merged the two columns).
fn number_line(t: &str) -> Option<(Option<String>, String, Option<String>)> {
    let rest = t.strip_prefix("Số")?.trim_start().strip_prefix(':')?.trim();
    let (reference, after) = match rest.split_once(char::is_whitespace) {
        Some((r, a)) if r.contains('/') => (r.to_string(), Some(a.trim().to_string())),
        _ => {
            // `Số:      /BC-UBND`: the number is blank.
            let r: String = rest.split_whitespace().take(2).collect::<Vec<_>>().join("");
            (r, None)
        }
    };
    let (n, s) = reference.split_once('/')?;
    // `30/2020/NĐ-CP`: the year belongs to the number.
    let (n, s) = match s.split_once('/') {
        Some((year, rest)) if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) => {
            (format!("{n}/{year}"), rest.to_string())
        }
        _ => (n.to_string(), s.to_string()),
    };
    let n = n.trim_matches(['.', '…', ' ']);
    if s.is_empty() {
        return None;
    }
    Some((
        Some(n.to_string()),
        s.to_string(),
        after.filter(|a| !a.is_empty()),
    ))
}

/// `Lam Sơn, ngày 25 tháng 9 năm 2023` → place and date.
fn date_line(t: &str) -> Option<(String, Option<Value>)> {
    let (place, rest) = t.split_once(", ngày")?;
    let rest = rest.trim();
    let (day, rest) = rest.split_once("tháng")?;
    let (month, year) = rest.split_once("năm")?;
    let num = |s: &str| s.trim().trim_end_matches(['.', ',']).parse::<u32>().ok();
    let year = num(year)?;
    let date = match (num(day), num(month)) {
        (Some(d), Some(m)) => Some(json!(format!("{year:04}-{m:02}-{d:02}"))),
        _ => Some(json!({ "year": year })),
    };
    Some((place.trim().to_string(), date))
}

/// A Căn cứ / Xét / Theo đề nghị line of a preamble.
fn is_preamble_start(t: &str) -> bool {
    ["Căn cứ", "Xét ", "Theo đề nghị"]
        .iter()
        .any(|p| t.starts_with(p))
}

/// `(Đã ký)`, `(Đã ký và đóng dấu)`, `(ký, ghi rõ họ tên)`: a note where a
/// signature was, which the signature space replaces.
fn is_signing_note(t: &str) -> bool {
    // (`[ (Đã ký)`: a picture's placeholder before it.)
    let t = t
        .trim()
        .trim_start_matches(['[', ' '])
        .trim_end_matches([']', ' ']);
    t.starts_with('(') && t.ends_with(')') && t.to_lowercase().contains("ký") && t.len() < 60
}

/// A Nơi nhận item that ends on this line, and the text after it (the
/// other column's, in a transcription that interleaves them): split after
/// the item's `;` (or, for `Lưu: …`, its `.`).
fn split_item(t: &str) -> Option<(String, String)> {
    if let Some((item, rest)) = t.split_once("; ") {
        return Some((format!("{item};"), rest.trim().to_string()));
    }
    if t.ends_with(';') {
        return Some((t.to_string(), String::new()));
    }
    let bare = t.trim_start_matches(['-', '–', ' ']);
    if bare.starts_with("Lưu") {
        return Some(match bare.split_once(". ") {
            Some((item, rest)) => (format!("{item}."), rest.trim().to_string()),
            None => (t.to_string(), String::new()),
        });
    }
    None
}

/// Whether every letter of the runs is bold (and there are letters).
fn all_bold(runs: &[Run]) -> bool {
    runs.iter()
        .any(|r| r.bold && r.text.chars().any(char::is_alphabetic))
        && runs
            .iter()
            .all(|r| r.bold || !r.text.chars().any(char::is_alphabetic))
}

/// The runs of the end of a line whose text (after its marker) is `text`;
/// empty when nothing in them is emphasised or they do not end in `text`.
fn tail_runs(runs: &[Run], text: &str) -> Vec<Run> {
    if !runs.iter().any(|r| r.bold || r.italic || r.underline) {
        return Vec::new();
    }
    let full: String = runs.iter().map(|r| r.text.as_str()).collect();
    let Some(skip) = full.len().checked_sub(text.len()) else {
        return Vec::new();
    };
    if full.get(skip..) != Some(text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = 0;
    for r in runs {
        let end = at + r.text.len();
        if end > skip {
            let from = skip.saturating_sub(at);
            out.push(Run {
                text: r.text.get(from..).unwrap_or_default().to_string(),
                ..r.clone()
            });
        }
        at = end;
    }
    out
}

/// `text` as Inline JSON: its runs when they carry emphasis and spell
/// exactly `text` (neighbours of one emphasis merged), else the string.
fn inline(text: &str, runs: &[Run]) -> Value {
    let spelled: String = runs.iter().map(|r| r.text.as_str()).collect();
    if spelled != text || !runs.iter().any(|r| r.bold || r.italic || r.underline) {
        return json!(text);
    }
    let mut merged: Vec<Run> = Vec::new();
    for r in runs {
        match merged.last_mut() {
            Some(m) if (m.bold, m.italic, m.underline) == (r.bold, r.italic, r.underline) => {
                m.text.push_str(&r.text);
            }
            _ => merged.push(r.clone()),
        }
    }
    Value::Array(
        merged
            .into_iter()
            .filter(|r| !r.text.is_empty())
            .map(|r| {
                if !(r.bold || r.italic || r.underline) {
                    return json!(r.text);
                }
                let mut o = Map::new();
                o.insert("text".into(), json!(r.text));
                for (k, on) in [
                    ("bold", r.bold),
                    ("italic", r.italic),
                    ("underline", r.underline),
                ] {
                    if on {
                        o.insert(k.into(), json!(true));
                    }
                }
                Value::Object(o)
            })
            .collect(),
    )
}

fn signature_start(t: &str) -> bool {
    ["TM. ", "KT. ", "Q. ", "TL. ", "TUQ. "]
        .iter()
        .any(|p| t.starts_with(p))
        && is_upper(t)
}

fn strip_item(t: &str) -> String {
    t.trim_start_matches(['-', '–', ' ']).trim().to_string()
}

fn join_words(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The signer from the closing lines: authority (TM./KT./…), position
/// (upper case), name (the last line in mixed case).
///
/// Returns the key (`signature` or `signatures`), the value, and the lines
/// that are none of these, with their numbers.
fn signature(
    numbered: &[(usize, String)],
    warnings: &mut Vec<Warning>,
) -> (&'static str, Value, Vec<(usize, String)>) {
    let numbered: Vec<(usize, &str)> = numbered
        .iter()
        .map(|(n, s)| (*n, s.trim()))
        .filter(|(_, s)| !s.is_empty())
        .collect();
    let lines: Vec<&str> = numbered.iter().map(|(_, s)| *s).collect();
    let mut leftover = Vec::new();
    // Signers side by side (biên bản): their positions, then their names.
    let positions: Vec<&str> = lines.iter().copied().filter(|l| is_upper(l)).collect();
    let names: Vec<&str> = lines.iter().copied().filter(|l| !is_upper(l)).collect();
    if names.len() >= 2
        && positions.len() == names.len()
        && !positions.iter().any(|p| signature_start(p))
        && lines.iter().take(positions.len()).all(|l| is_upper(l))
    {
        let signers: Vec<Value> = positions
            .iter()
            .zip(&names)
            .map(|(p, n)| json!({ "position": p, "name": n }))
            .collect();
        return ("signatures", Value::Array(signers), leftover);
    }
    let mut authority = None;
    let mut position = Vec::new();
    let mut name = None;
    for (number, l) in &numbered {
        if signature_start(l) && authority.is_none() {
            authority = Some(l.to_string());
        } else if signature_start(l) && position.is_empty() && name.is_none() {
            // A chain: `TL. CHỦ TỊCH` / `KT. CHÁNH VĂN PHÒNG` / the position.
            if let Some(a) = authority.as_mut() {
                a.push('\n');
                a.push_str(l);
            }
        } else if is_upper(l) && name.is_none() {
            position.push(l.to_string());
        } else if name.is_none() {
            name = Some(l.to_string());
        } else {
            leftover.push((*number, l.to_string()));
        }
    }
    let position = if position.is_empty() {
        warnings.push(Warning {
            line: 0,
            message: "no signer's position found: fill in `signature.position`".into(),
        });
        "…".to_string()
    } else {
        position.join(" ")
    };
    let name = name.unwrap_or_else(|| {
        warnings.push(Warning {
            line: 0,
            message: "no signer's name found: fill in `signature.name`".into(),
        });
        "…".to_string()
    });
    let mut s = Map::new();
    if let Some(a) = authority {
        s.insert("authority".into(), json!(a));
    }
    s.insert("position".into(), json!(position));
    s.insert("name".into(), json!(name));
    ("signature", Value::Object(s), leftover)
}

/// Parent and issuer from the header's upper-case lines, or guessed from
/// the most frequent `UBND phường …` in the text.
fn issuer_of(
    header: &[String],
    lines: &[Line],
    warnings: &mut Vec<Warning>,
) -> (Option<String>, String) {
    match header {
        [] => {}
        [one] => return (None, one.clone()),
        [parent @ .., name] => return (Some(parent.join("\n")), name.clone()),
    }
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for l in lines {
        let words: Vec<&str> = l.text.split_whitespace().collect();
        for w in words.windows(4) {
            if let [a, b, c, d] = w
                && a.eq_ignore_ascii_case("UBND")
                && matches!(
                    b.to_lowercase().as_str(),
                    "phường" | "xã" | "thị" | "huyện" | "quận" | "tỉnh"
                )
            {
                let name = format!("{a} {b} {c} {}", d.trim_end_matches(['.', ',', ';']));
                *counts.entry(name.to_uppercase()).or_default() += 1;
            }
        }
    }
    let best = counts
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(k, n)| (k.clone(), *n));
    match best {
        Some((name, n)) => {
            warnings.push(Warning {
                line: 0,
                message: format!("no issuer in the header: `{name}` guessed from {n} mentions in the text; check it"),
            });
            (None, name)
        }
        None => {
            warnings.push(Warning {
                line: 0,
                message: "no issuer found: fill in `issuer.name`".into(),
            });
            (None, "…".into())
        }
    }
}

/// `ỦY BAN NHÂN DÂN` / `TỈNH BÌNH THUẬN`: one issuer over two lines (a
/// council's bare name over its place), not a parent and an issuer.
fn join_split_issuer(mut lines: Vec<String>) -> Vec<String> {
    const BODIES: &[&str] = &[
        "ỦYBANNHÂNDÂN",
        "UỶBANNHÂNDÂN",
        "UBND",
        "HỘIĐỒNGNHÂNDÂN",
        "HĐND",
    ];
    const PLACES: &[&str] = &[
        "TỈNH ",
        "THÀNH PHỐ ",
        "HUYỆN ",
        "QUẬN ",
        "THỊ XÃ ",
        "XÃ ",
        "PHƯỜNG ",
        "THỊ TRẤN ",
        "ĐẶC KHU ",
    ];
    if let [.., body, place] = lines.as_slice()
        && BODIES.contains(&squash_upper(body).as_str())
        && PLACES.iter().any(|p| place.starts_with(p))
    {
        let name = format!("{body}\n{place}");
        lines.truncate(lines.len() - 2);
        lines.push(name);
    }
    lines
}

/// `UBND PHƯỜNG LAM SƠN` → `Lam Sơn`.
fn place_from_issuer(issuer: &str) -> String {
    let words: Vec<&str> = issuer.split_whitespace().collect();
    let skip = words
        .iter()
        .position(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "phường" | "xã" | "huyện" | "quận" | "tỉnh" | "thị"
            )
        })
        .map_or(0, |i| i + 1);
    let skip = if words
        .get(skip.saturating_sub(1))
        .is_some_and(|w| w.eq_ignore_ascii_case("thị"))
    {
        skip + 1
    } else {
        skip
    };
    words
        .get(skip..)
        .unwrap_or_default()
        .iter()
        .map(|w| {
            let lower = w.to_lowercase();
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A body element once its context is known.
enum Block {
    /// A numbered heading at a level.
    Heading(Level, String),
    /// A heading printed without a number.
    Unnumbered(String),
    Article(String),
    Item(&'static str, String),
    Para(String),
    Center(String),
    Chapter(String),
    Table(Value),
}

/// Terminal punctuation: a line ending in it ends a sentence.
fn ends_sentence(t: &str) -> bool {
    t.trim_end().ends_with(['.', ';', ':', ',', '!', '?', '…'])
}

/// Decides, with the pieces around it, what each piece is: a numbered
/// line ending like a sentence, or continuing a numbered list, is an item;
/// an `a)` line without punctuation is a heading; a short line without
/// punctuation between paragraphs is an unnumbered heading; a line in
/// capitals is centred.
fn reclassify(pieces: Vec<(usize, Piece)>, warnings: &mut Vec<Warning>) -> Vec<Block> {
    let mut out = Vec::with_capacity(pieces.len());
    // Items in the current `1.` list (its sub-items do not end it).
    let mut run = 0usize;
    let mut iter = pieces.into_iter().peekable();
    while let Some((line, piece)) = iter.next() {
        let next = iter.peek().map(|(_, p)| p);
        let block = match piece {
            Piece::Heading(Level::Num1, n, text)
                if text.chars().count() > 90
                    || text.trim_end().ends_with([';', ','])
                    || (run > 0 && n == run + 1) =>
            {
                run = n;
                Block::Item("1.", text)
            }
            Piece::Heading(level, _, text) => {
                run = 0;
                Block::Heading(level, text)
            }
            Piece::Item("a)", text) if !ends_sentence(&text) && text.chars().count() <= 90 => {
                run = 0;
                Block::Heading(Level::Letter, text)
            }
            Piece::Item(marker, text) => {
                if marker == "1." {
                    run += 1;
                } else if marker != "+" {
                    run = 0;
                }
                Block::Item(marker, text)
            }
            Piece::Para(text) if is_upper(&text) => {
                run = 0;
                Block::Center(text)
            }
            Piece::Para(text)
                if text.chars().count() <= 60
                    && text.split_whitespace().count() >= 2
                    && !ends_sentence(&text)
                    && text.chars().next().is_some_and(char::is_uppercase)
                    && text
                        .chars()
                        .all(|c| c.is_alphabetic() || matches!(c, ' ' | ',' | '-' | '–'))
                    && matches!(next, Some(Piece::Para(_) | Piece::Item(..))) =>
            {
                run = 0;
                warnings.push(Warning {
                    line,
                    message: format!(
                        "`{text}` (a short line without punctuation) read as a heading without a number; check it"
                    ),
                });
                Block::Unnumbered(text)
            }
            Piece::Para(text) => {
                run = 0;
                Block::Para(text)
            }
            Piece::Article(text) => {
                run = 0;
                Block::Article(text)
            }
            Piece::Center(text) => {
                run = 0;
                Block::Center(text)
            }
            Piece::Table(t) => {
                run = 0;
                Block::Table(t)
            }
            Piece::Chapter(t) => {
                run = 0;
                Block::Chapter(t)
            }
        };
        out.push(block);
    }
    out
}

/// An open container while nesting: its depth, its head (a heading or an
/// article object, `Null` for the body), its content.
struct Open {
    depth: usize,
    head: Value,
    content: Vec<Value>,
}

/// Rebuilds sections from headings: each heading holds what follows it
/// until a heading of its level or higher; articles nest in the section
/// they stand in; items in a row form one list, `+` items after another
/// list's item its sub-list.
fn nest(
    pieces: Vec<(usize, Piece)>,
    emphasis: Vec<Vec<Run>>,
    warnings: &mut Vec<Warning>,
) -> Vec<Value> {
    let blocks = reclassify(pieces, warnings);
    // Levels present, in nesting order, give the depths.
    let mut levels: Vec<Level> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(l, _) => Some(*l),
            _ => None,
        })
        .collect();
    levels.sort();
    levels.dedup();
    let depth = |l: Level| levels.iter().position(|x| *x == l).unwrap_or(0) + 1;
    let mut stack: Vec<Open> = vec![Open {
        depth: 0,
        head: Value::Null,
        content: Vec::new(),
    }];
    let open = |stack: &mut Vec<Open>, depth: usize, head: Value| {
        close_to(stack, depth);
        stack.push(Open {
            depth,
            head,
            content: Vec::new(),
        });
    };
    let mut emphasis = emphasis.into_iter();
    for block in blocks {
        let runs = emphasis.next().unwrap_or_default();
        let value = match block {
            Block::Heading(l, text) => {
                open(
                    &mut stack,
                    depth(l),
                    json!({ "heading": heading_final(&text) }),
                );
                continue;
            }
            Block::Unnumbered(text) => {
                // A sibling of the innermost open section.
                let section = stack
                    .iter()
                    .rev()
                    .find(|o| o.head.get("heading").is_some())
                    .map(|o| o.depth);
                match section {
                    Some(d) => {
                        let head = json!({ "heading": text, "numbered": false });
                        open(&mut stack, d, head);
                        continue;
                    }
                    None => json!(text),
                }
            }
            // The closing sentence stands outside the sections.
            Block::Para(text) if text.starts_with("Trên đây") => {
                close_to(&mut stack, 1);
                json!(text)
            }
            Block::Chapter(text) => {
                // Chapters hold everything up to the next one.
                open(&mut stack, 1, json!({ "chapter": text }));
                continue;
            }
            Block::Article(text) => {
                // After the article before it, or inside the open section.
                let d = match stack.iter().rev().find(|o| o.head.get("article").is_some()) {
                    Some(a) => a.depth,
                    None => stack.last().map_or(1, |o| o.depth + 1),
                };
                open(&mut stack, d, json!({ "article": text }));
                continue;
            }
            Block::Item(marker, text) => {
                if let Some(top) = stack.last_mut() {
                    list_item(&mut top.content, marker, inline(&text, &runs));
                }
                continue;
            }
            Block::Para(text) => match inline(&text, &runs) {
                Value::Array(runs) => json!({ "paragraph": runs }),
                plain => plain,
            },
            Block::Center(text) => json!({ "center": text }),
            Block::Table(t) => t,
        };
        if let Some(top) = stack.last_mut() {
            top.content.push(value);
        }
    }
    close_to(&mut stack, 1);
    stack.pop().map(|s| s.content).unwrap_or_default()
}

/// Adds an item to the list just before, or starts a list; a `+` item
/// after another list's item goes into that item's sub-list.
fn list_item(content: &mut Vec<Value>, marker: &str, text: Value) {
    if let Some(Value::Object(last)) = content.last_mut() {
        let same = last.get("marker").and_then(Value::as_str) == Some(marker);
        let Some(Value::Array(items)) = last.get_mut("list") else {
            content.push(json!({ "list": [text], "marker": marker }));
            return;
        };
        if same {
            items.push(json!(text));
            return;
        }
        if marker == "+"
            && let Some(item) = items.last_mut()
        {
            match item {
                Value::Object(o) if o.get("list").is_some() => {
                    if let Some(Value::Array(sub)) = o.get_mut("list") {
                        sub.push(json!(text));
                    }
                }
                other => {
                    let t = other.take();
                    *other = json!({ "text": t, "list": [text] });
                }
            }
            return;
        }
    }
    content.push(json!({ "list": [text], "marker": marker }));
}

/// Closes every open container at `depth` or deeper into its parent.
fn close_to(stack: &mut Vec<Open>, depth: usize) {
    while stack.len() > 1 && stack.last().is_some_and(|s| s.depth >= depth) {
        if let Some(Open { head, content, .. }) = stack.pop() {
            let mut block = match head {
                Value::Object(o) => o,
                _ => Map::new(),
            };
            block.insert("content".into(), Value::Array(content));
            if let Some(top) = stack.last_mut() {
                top.content.push(Value::Object(block));
            }
        }
    }
}
