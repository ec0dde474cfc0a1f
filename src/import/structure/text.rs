//! Small judgements on a line's text used by every phase: capitals,
//! Roman numerals, emphasis runs, joining and trimming.

use super::*;

/// The value of a Roman numeral of `I`, `V` and `X`.
pub(super) fn roman_value(s: &str) -> usize {
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

pub(super) fn heading_text(t: &str) -> String {
    t.trim().to_string()
}

/// A heading's text as printed by the layout: without the final `.` or `:`.
pub(super) fn heading_final(t: &str) -> String {
    t.trim().trim_end_matches(['.', ':']).trim().to_string()
}

pub(super) fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 5 && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

pub(super) fn squash_upper(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whether a line is in capitals. Only ASCII lower case counts against it:
/// TCVN3 files hold capitals with tones as lower-case bytes (typed in an
/// upper-case font), so `KếT QUả` is a heading in capitals, while running
/// Vietnamese text always has ASCII lower-case letters.
pub(super) fn is_upper(t: &str) -> bool {
    t.chars().any(char::is_uppercase) && !t.chars().any(|c| c.is_ascii_lowercase())
}

/// Whether nearly all letters of the runs are bold (nine in ten): a PDF
/// whose bold font is not embedded loses the emphasis of a few glyphs.
pub(super) fn mostly_bold(runs: &[Run]) -> bool {
    let (mut bold, mut all) = (0usize, 0usize);
    for r in runs {
        let letters = r.text.chars().filter(|c| c.is_alphabetic()).count();
        all += letters;
        if r.bold {
            bold += letters;
        }
    }
    all > 0 && bold * 10 >= all * 9
}

/// Whether every letter of the runs is bold (and there are letters).
pub(super) fn all_bold(runs: &[Run]) -> bool {
    runs.iter()
        .any(|r| r.bold && r.text.chars().any(char::is_alphabetic))
        && runs
            .iter()
            .all(|r| r.bold || !r.text.chars().any(char::is_alphabetic))
}

/// The runs of the end of a line whose text (after its marker) is `text`;
/// empty when nothing in them is emphasised or they do not end in `text`.
pub(super) fn tail_runs(runs: &[Run], text: &str) -> Vec<Run> {
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

/// `text` as Inline: its runs when they carry emphasis and spell exactly
/// `text` (neighbours of one emphasis merged), else one plain run.
pub(super) fn inline(text: &str, runs: &[Run]) -> Inline {
    let spelled: String = runs.iter().map(|r| r.text.as_str()).collect();
    if spelled != text || !runs.iter().any(|r| r.bold || r.italic || r.underline) {
        return plain(text);
    }
    let mut merged: Vec<Run> = Vec::new();
    for r in runs.iter().filter(|r| !r.text.is_empty()) {
        match merged.last_mut() {
            Some(m) if (m.bold, m.italic, m.underline) == (r.bold, r.italic, r.underline) => {
                m.text.push_str(&r.text);
            }
            _ => merged.push(r.clone()),
        }
    }
    Inline(merged)
}

/// `text` as one plain run.
pub(super) fn plain(text: &str) -> Inline {
    Inline(vec![Run {
        text: text.to_string(),
        ..Run::default()
    }])
}

pub(super) fn strip_item(t: &str) -> String {
    t.trim_start_matches(['-', '–', ' ']).trim().to_string()
}

pub(super) fn join_words(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Terminal punctuation: a line ending in it ends a sentence.
pub(super) fn ends_sentence(t: &str) -> bool {
    t.trim_end().ends_with(['.', ';', ':', ',', '!', '?', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, bold: bool) -> Run {
        Run {
            text: text.into(),
            bold,
            ..Run::default()
        }
    }

    #[test]
    fn a_subject_line_with_a_glyph_or_two_not_bold_is_still_bold() {
        // A signed PDF's subject line: `t` and `- ` lost their bold font.
        let line = [
            run("tại cuộc họp nghe báo cáo ", true),
            run("t", false),
            run("iến độ triển khai thực hiện 02 Chương trình", true),
            run("- ", false),
        ];
        assert!(mostly_bold(&line));
        assert!(!all_bold(&line));
        let body = [run("Ngày 12/11/2024, ", false), run("tại trụ sở", true)];
        assert!(!mostly_bold(&body));
        assert!(!mostly_bold(&[run("- 12", true)]), "no letters");
    }
}
