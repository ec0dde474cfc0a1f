//! Repairs the damage text extraction does to Vietnamese: letters from the
//! wrong code points (`ƣ` for `ư`, `Ð` for `Đ`), private-use bullets,
//! decomposed accents, and syllables split by a stray space (`CÔN G`).
//! Every repair is reported with its line.

use unicode_normalization::UnicodeNormalization;

use crate::i18n::{Lang, Msg};

/// One repair made to the text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Repair {
    /// 1-based line of the input.
    pub line: usize,
    /// What was wrong, in words, in English (what the JSON holds);
    /// [`Repair::what_in`] in a language.
    pub what: String,
    /// The message's id (`import-repair-…`): what a program matches on.
    pub code: &'static str,
    /// The text as it was.
    pub from: String,
    /// The text as it is now.
    pub to: String,
    /// `what` as data.
    #[serde(skip)]
    pub msg: Msg,
}

impl Repair {
    /// A repair at `line`: `what` was wrong, `from` became `to`.
    pub fn new(line: usize, what: Msg, from: String, to: String) -> Self {
        Self {
            line,
            what: what.to_string(),
            code: what.id(),
            from,
            to,
            msg: what,
        }
    }

    /// What was wrong, in `lang`.
    pub fn what_in(&self, lang: Lang) -> String {
        self.msg.text(lang)
    }
}

/// Single characters that extractors produce for Vietnamese letters or list
/// bullets, with what they stand for and the id of the message that says
/// why (`locales/*/import.ftl`).
const LETTERS: &[(char, &str, &str)] = &[
    ('\u{01A3}', "ư", "import-repair-oi"),
    ('\u{01A2}', "Ư", "import-repair-oi-upper"),
    ('\u{00D0}', "Đ", "import-repair-eth-upper"),
    ('\u{00F0}', "đ", "import-repair-eth"),
    ('\u{F0B7}', "-", "import-repair-bullet-symbol"),
    ('\u{F0A7}', "-", "import-repair-bullet-wingdings"),
    ('\u{F0D8}', "-", "import-repair-arrow-wingdings"),
    ('\u{F076}', "-", "import-repair-bullet-wingdings-f076"),
    ('\u{F02D}', "-", "import-repair-dash-symbol"),
    ('\u{2022}', "-", "import-repair-bullet"),
    ('\u{FEFF}', "", "import-repair-bom"),
];

/// Repairs one line (1-based `line` for the report) and reports each fix.
pub fn repair_line(text: &str, line: usize, out: &mut Vec<Repair>) -> String {
    let mut s: String = text.nfc().collect();
    if s != text {
        out.push(Repair::new(
            line,
            crate::msg!("import-repair-nfc"),
            text.to_string(),
            s.clone(),
        ));
    }
    for (bad, good, what) in LETTERS {
        if s.contains(*bad) {
            let fixed = s.replace(*bad, good);
            out.push(Repair::new(
                line,
                Msg::new(what, Vec::new()),
                excerpt(&s, *bad),
                excerpt(&fixed, good.chars().next().unwrap_or(' ')),
            ));
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
        out.push(Repair::new(
            line,
            if c == '\t' {
                crate::msg!("import-repair-tab")
            } else {
                crate::msg!(
                    "import-repair-invisible",
                    code = format!("U+{:04X}", u32::from(c))
                )
            },
            excerpt(s, c),
            clean(&excerpt(s, c)),
        ));
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
            out.push(Repair::new(
                line,
                crate::msg!("import-repair-split-syllable"),
                format!("{w} {next}"),
                joined.clone(),
            ));
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
    fn every_letter_repair_has_both_texts() {
        for (_, _, id) in LETTERS {
            let m = Msg::new(id, Vec::new());
            let (en, vi) = (m.text(Lang::En), m.text(Lang::Vi));
            assert!(
                !en.starts_with("import-") && !vi.starts_with("import-"),
                "{id}"
            );
            assert_ne!(en, vi, "{id}");
        }
    }

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
