//! Repairs the damage text extraction does to Vietnamese: letters from the
//! wrong code points (`ƣ` for `ư`, `Ð` for `Đ`), private-use bullets,
//! decomposed accents, and syllables split by a stray space (`CÔN G`).
//! Every repair is reported with its line.

use unicode_normalization::UnicodeNormalization;

/// One repair made to the text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Repair {
    /// 1-based line of the input.
    pub line: usize,
    /// What was wrong, in words.
    pub what: String,
    /// The text as it was.
    pub from: String,
    /// The text as it is now.
    pub to: String,
}

/// Single characters that extractors produce for Vietnamese letters or list
/// bullets, with what they stand for and why.
const LETTERS: &[(char, &str, &str)] = &[
    ('\u{01A3}', "ư", "ƣ (U+01A3, oi) for ư"),
    ('\u{01A2}', "Ư", "Ƣ (U+01A2, OI) for Ư"),
    ('\u{00D0}', "Đ", "Ð (U+00D0, eth) for Đ"),
    ('\u{00F0}', "đ", "ð (U+00F0, eth) for đ"),
    (
        '\u{F0B7}',
        "-",
        "a private-use bullet (U+F0B7, Symbol font) for -",
    ),
    (
        '\u{F0A7}',
        "-",
        "a private-use bullet (U+F0A7, Wingdings) for -",
    ),
    (
        '\u{F0D8}',
        "-",
        "a private-use arrow (U+F0D8, Wingdings) for -",
    ),
    (
        '\u{F076}',
        "-",
        "a private-use bullet (U+F076, Wingdings) for -",
    ),
    (
        '\u{F02D}',
        "-",
        "a private-use dash (U+F02D, Symbol font) for -",
    ),
    ('\u{2022}', "-", "a bullet • for -"),
    ('\u{FEFF}', "", "a byte order mark inside the text"),
];

/// Repairs one line (1-based `line` for the report) and reports each fix.
pub fn repair_line(text: &str, line: usize, out: &mut Vec<Repair>) -> String {
    let mut s: String = text.nfc().collect();
    if s != text {
        out.push(Repair {
            line,
            what: "decomposed accents (NFD) composed (NFC)".into(),
            from: text.to_string(),
            to: s.clone(),
        });
    }
    for (bad, good, what) in LETTERS {
        if s.contains(*bad) {
            let fixed = s.replace(*bad, good);
            out.push(Repair {
                line,
                what: (*what).to_string(),
                from: excerpt(&s, *bad),
                to: excerpt(&fixed, good.chars().next().unwrap_or(' ')),
            });
            s = fixed;
        }
    }
    let s = strip_invisible(&s, line, out);
    join_split_syllables(&s, line, out)
}

/// Control and invisible format characters (a soft hyphen, a zero-width
/// space, C1 controls left by a wrong code page), which the input checks
/// refuse: a tab becomes a space, the others are dropped, each kind
/// reported once per line, so that what import gives renders.
fn strip_invisible(s: &str, line: usize, out: &mut Vec<Repair>) -> String {
    let refused = |c: char| c.is_control() || crate::input::check::is_invisible_format(c);
    if !s.chars().any(refused) {
        return s.to_string();
    }
    let clean = |s: &str| -> String {
        s.chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                c if refused(c) => None,
                c => Some(c),
            })
            .collect()
    };
    let fixed = clean(s);
    let mut kinds: Vec<char> = s.chars().filter(|&c| refused(c)).collect();
    kinds.sort_unstable();
    kinds.dedup();
    for c in kinds {
        out.push(Repair {
            line,
            what: if c == '\t' {
                "a tab (U+0009) made a space".into()
            } else {
                format!("an invisible character (U+{:04X}) removed", u32::from(c))
            },
            from: excerpt(s, c),
            to: clean(&excerpt(s, c)),
        });
    }
    fixed
}

/// A few words around the first `c`, for the report.
fn excerpt(s: &str, c: char) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let at = words.iter().position(|w| w.contains(c)).unwrap_or(0);
    let from = at.saturating_sub(2);
    words
        .get(from..(at + 3).min(words.len()))
        .map(|w| w.join(" "))
        .unwrap_or_default()
}

/// Joins `CÔN G` into `CÔNG`: an upper-case word followed by a lone
/// upper-case consonant that can end a Vietnamese syllable only together
/// with it (`NG`, `NH`, `CH`). Only then is it unambiguous: a lone letter is
/// never a Vietnamese word in running upper-case text, while the pair makes
/// a syllable final. Lower case is left alone (`a`, `b` are list labels).
fn join_split_syllables(s: &str, line: usize, out: &mut Vec<Repair>) -> String {
    let words: Vec<&str> = s.split(' ').collect();
    let mut result: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while let Some(w) = words.get(i) {
        let next = words.get(i + 1).copied().unwrap_or("");
        let (core, tail) = split_trailing_punct(next);
        let joinable = is_upper_word(w)
            && matches!(core, "G" | "H")
            && matches!(
                (w.chars().last(), core),
                (Some('N'), "G") | (Some('N'), "H") | (Some('C'), "H")
            )
            && w.chars().count() >= 2;
        if joinable {
            let joined = format!("{w}{core}{tail}");
            out.push(Repair {
                line,
                what: "a syllable split by a stray space, joined".into(),
                from: format!("{w} {next}"),
                to: joined.clone(),
            });
            result.push(joined);
            i += 2;
        } else {
            result.push((*w).to_string());
            i += 1;
        }
    }
    result.join(" ")
}

fn split_trailing_punct(w: &str) -> (&str, &str) {
    let end = w.trim_end_matches([',', '.', ';', ':']).len();
    w.split_at(end)
}

fn is_upper_word(w: &str) -> bool {
    w.chars().any(char::is_alphabetic) && w.chars().all(|c| !c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_the_invisible_characters_the_checks_refuse() {
        let mut out = Vec::new();
        let s = repair_line("Báo\u{00AD}cáo\tquý\u{009D} III\u{200B}", 3, &mut out);
        assert_eq!(s, "Báocáo quý III");
        let what: Vec<&str> = out.iter().map(|r| r.what.as_str()).collect();
        assert_eq!(
            what,
            [
                "a tab (U+0009) made a space",
                "an invisible character (U+009D) removed",
                "an invisible character (U+00AD) removed",
                "an invisible character (U+200B) removed",
            ]
        );
        assert!(out.iter().all(|r| r.line == 3));
    }

    #[test]
    fn repairs_extraction_damage_and_reports_it() {
        let mut r = Vec::new();
        let fixed = repair_line("III. PHƢƠNG HƢỚNG, Ðề án của phƣờng", 7, &mut r);
        assert_eq!(fixed, "III. PHƯƠNG HƯỚNG, Đề án của phường");
        assert_eq!(r.len(), 3, "{r:?}");
        assert!(r.iter().all(|x| x.line == 7));
        let fixed = repair_line(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM. CÔN G TÁC, \u{F0B7} Mục",
            1,
            &mut r,
        );
        assert_eq!(fixed, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM. CÔNG TÁC, - Mục");
        // NFD in, NFC out.
        let fixed = repair_line("Vie\u{323}\u{302}t Nam", 2, &mut Vec::new());
        assert_eq!(fixed, "Việt Nam");
        // Not joined: lower case, or a letter that is a word on its own.
        let mut none = Vec::new();
        assert_eq!(repair_line("mục a b", 3, &mut none), "mục a b");
        assert_eq!(repair_line("ĐIỂM A", 3, &mut none), "ĐIỂM A");
        assert!(none.is_empty(), "{none:?}");
    }
}
