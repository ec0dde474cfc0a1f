//! The header phase: issuer and parent, `Số:`, place and date, the
//! quốc hiệu and tiêu ngữ, type names, the preamble's lines.

use super::*;

/// Type names of Phụ lục III that a layout may lack: printed through
/// `title` over the kind their symbol or `bao-cao` gives.
pub(super) const OTHER_TYPE_NAMES: &[&str] = &[
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

/// Whether `t` starts the body after the Căn cứ line `last`: one ended by
/// `;` or `.` on a short line is over, and a capital starts the body.
pub(super) fn ends_preamble(last: Option<&String>, t: &str, last_short: bool) -> bool {
    last.is_some_and(|p| p.trim_end().ends_with(['.', ';']))
        && last_short
        && t.chars().next().is_some_and(char::is_uppercase)
}

/// Joins the header lines extraction splits: `Số:` / `/BC-UBND` (next to
/// each other, or the symbol a few lines on, past the other column), and
/// `Lam Sơn, ngày` / `tháng` / `năm 2025` of a date left blank.
pub(super) fn join_header_fragments(lines: &[Line]) -> Vec<Line> {
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

pub(super) fn is_nation(t: &str) -> bool {
    let s = squash_upper(t);
    s.contains("CỘNGHÒAXÃHỘI") || s.contains("CỘNGHOÀXÃHỘI")
}

/// `Độc lập - Tự do - Hạnh phúc`, with a hyphen, an en or an em dash.
pub(super) fn is_motto(t: &str) -> bool {
    squash_upper(&t.replace(['–', '—', '‒', '−'], "-")).starts_with("ĐỘCLẬP-TỰDO")
}

pub(super) fn is_decision(t: &str) -> bool {
    matches!(squash_upper(t).as_str(), "QUYẾTĐỊNH:" | "QUYẾTNGHỊ:")
}

/// `Số: 125/BC-UBND` (number possibly blank or dots) and what follows it
/// on the line (a date line, when extraction merged the two columns).
pub(super) fn number_line(t: &str) -> Option<(Option<String>, String, Option<String>)> {
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
/// A date that is no calendar date (`30 tháng 2`) is left blank.
pub(super) fn date_line(t: &str) -> Option<(String, Option<input::DateSpec>)> {
    let (place, rest) = t.split_once(", ngày")?;
    let rest = rest.trim();
    let (day, rest) = rest.split_once("tháng")?;
    let (month, year) = rest.split_once("năm")?;
    let num = |s: &str| s.trim().trim_end_matches(['.', ',']).parse::<u32>().ok();
    let year = num(year)?;
    let date = match (num(day), num(month)) {
        // The contract's own reading checks the calendar.
        (Some(d), Some(m)) => input::parse_iso_date(&format!("{year:04}-{m:02}-{d:02}")).ok(),
        _ => i32::try_from(year).ok().map(input::DateSpec::Year),
    };
    Some((place.trim().to_string(), date))
}

/// A Căn cứ / Xét / Theo đề nghị line of a preamble.
pub(super) fn is_preamble_start(t: &str) -> bool {
    ["Căn cứ", "Xét ", "Theo đề nghị"]
        .iter()
        .any(|p| t.starts_with(p))
}

/// Parent and issuer from the header's upper-case lines, or guessed from
/// the most frequent `UBND phường …` in the text.
pub(super) fn issuer_of(
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
            warnings.push(Warning::new(
                0,
                crate::msg!("import-warn-issuer-guessed", name = &name, n = n),
            ));
            (None, name)
        }
        None => {
            warnings.push(Warning::new(0, crate::msg!("import-warn-no-issuer")));
            (None, "…".into())
        }
    }
}

/// `ỦY BAN NHÂN DÂN` / `TỈNH BÌNH THUẬN`: one issuer over two lines (a
/// council's bare name over its place), not a parent and an issuer.
pub(super) fn join_split_issuer(mut lines: Vec<String>) -> Vec<String> {
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
pub(super) fn place_from_issuer(issuer: &str) -> String {
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

/// What the header phase found.
#[derive(Default)]
pub(super) struct Header {
    /// The upper-case lines above the issuer's, the issuer's last.
    pub(super) parent_issuer: Vec<String>,
    /// Whether each of those lines is bold.
    pub(super) parent_bold: Vec<bool>,
    /// The printed type name and its kind (empty for a type name the
    /// layout lacks; `cong-van` with an empty name for a `V/v` line).
    pub(super) title: Option<(String, String)>,
    /// A type name the layout has no kind for (`NGHỊ ĐỊNH`): printed as `title`.
    pub(super) other_title: Option<String>,
    /// The subject's lines.
    pub(super) subject: Vec<String>,
    /// The number (blank when left for the clerk).
    pub(super) number: Option<String>,
    /// The symbol.
    pub(super) symbol: Option<String>,
    /// The place of the date line.
    pub(super) place: Option<String>,
    /// The date.
    pub(super) date: Option<input::DateSpec>,
    /// The deciding authority of a quyết định.
    pub(super) authority: Option<String>,
}

/// The header phase: from `lines[*i]` up to Kính gửi, the preamble or the
/// body; `*i` is left at the first line not taken. `full` is the length of
/// a full line; `styled` says the source marks bold text.
pub(super) fn header(
    lines: &[Line],
    i: &mut usize,
    kinds: &Kinds,
    full: usize,
    styled: bool,
) -> Header {
    let header_full = full;
    let mut h = Header::default();
    while let Some(l) = lines.get(*i) {
        let t = l.text.as_str();
        if is_nation(t) || is_motto(t) {
            *i += 1;
            continue;
        }
        if let Some((n, s, rest)) = number_line(t) {
            h.number = n;
            h.symbol = Some(s);
            if let Some((p, d)) = rest.as_deref().and_then(date_line) {
                h.place = Some(p);
                h.date = d;
            }
            *i += 1;
            continue;
        }
        if let Some((p, d)) = date_line(t) {
            h.place = Some(p);
            h.date = d;
            *i += 1;
            continue;
        }
        if l.table.is_some() {
            break;
        }
        if h.title.is_none()
            && let Some(k) = kinds.by_title(t)
        {
            h.title = Some((k.title.clone(), k.kind.clone()));
            *i += 1;
            continue;
        }
        if h.title.is_none()
            && let Some(name) = OTHER_TYPE_NAMES
                .iter()
                .find(|n| squash_upper(t) == squash_upper(n))
        {
            h.other_title = Some((*name).to_string());
            h.title = Some(((*name).to_string(), String::new()));
            *i += 1;
            continue;
        }
        if let Some(v) = t.strip_prefix("V/v").or_else(|| t.strip_prefix("V/V")) {
            h.subject.push(v.trim().to_string());
            h.title.get_or_insert(("".into(), "cong-van".into()));
            *i += 1;
            continue;
        }
        if t.starts_with("Kính gửi") || is_body_start(t) || is_preamble_start(t) {
            break;
        }
        if h.title.is_some() && is_upper(t) && (t.starts_with("CHỦ TỊCH") || t.contains("ỦY BAN"))
        {
            h.authority = Some(t.to_string());
            *i += 1;
            continue;
        }
        if h.title.is_none() && is_upper(t) && h.number.is_none() && h.subject.is_empty() {
            h.parent_issuer.push(t.to_string());
            h.parent_bold.push(all_bold(&l.runs));
        } else if !h.subject.is_empty() && t.chars().count() * 100 >= header_full * 85 && !l.whole {
            // A full-width line after the subject: the body has begun (a
            // h.subject is centred, shorter than the measure).
            break;
        } else if styled
            && h.title.as_ref().is_some_and(|t| !t.0.is_empty())
            && !mostly_bold(&l.runs)
        {
            // The h.subject under a type name is bold: a regular line after
            // it is the body's (a giấy mời's `Thực hiện …`).
            break;
        } else {
            h.subject.push(t.to_string());
        }
        *i += 1;
    }
    h
}

/// The Kính gửi phase: the recipients from `lines[*i]`, when it is a
/// Kính gửi line.
pub(super) fn recipients(lines: &[Line], i: &mut usize) -> Vec<String> {
    let mut recipients = Vec::new();
    if let Some(l) = lines.get(*i)
        && let Some(rest) = l.text.strip_prefix("Kính gửi")
    {
        let rest = rest.trim_start_matches([':', ' ']).trim();
        if !rest.is_empty() {
            recipients.push(strip_item(rest));
        }
        *i += 1;
        while let Some(l) = lines.get(*i) {
            match l.text.strip_prefix("- ") {
                Some(r) if recipients.len() < 30 => recipients.push(r.trim().to_string()),
                _ => break,
            }
            *i += 1;
        }
    }
    recipients
}

/// The preamble phase: Căn cứ / Xét / Theo đề nghị lines from `lines[*i]`,
/// hard-wrapped ones joined (`full`: the length of a full line).
pub(super) fn preamble(lines: &[Line], i: &mut usize, full: usize) -> Vec<String> {
    let header_full = full;
    let mut preamble: Vec<String> = Vec::new();
    let mut prev_len = 0;
    while let Some(l) = lines.get(*i) {
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
        *i += 1;
    }
    preamble
}
