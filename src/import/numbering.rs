//! Word's list numbering (`word/numbering.xml`) for DOCX import: the label
//! Word draws before a paragraph with `w:numPr` (`I.`, `1.`, `1.1.`, `a)`,
//! a bullet), counted as Word counts, so that the text reads as printed.
//! docx-rs's reader keeps the ids but computes no labels, hence this.

use std::collections::HashMap;

use super::docx::xml;

/// The longest level text (`%1.%2.`) kept, in characters: at most 32
/// placeholders, each a number of at most 20 characters
/// ([`format_number`] spells no counter longer).
const LEVEL_TEXT_CAP: usize = 64;
/// The longest label kept, in characters (a real one is a few).
const LABEL_CAP: usize = 64;
/// The most abstract numberings and num instances read.
const DEFINITIONS_CAP: usize = 10_000;

/// One level of an abstract numbering.
#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u64,
}

/// The numbering definitions and the running counters.
#[derive(Debug, Default)]
pub struct Numbering {
    /// abstractNumId → levels by ilvl.
    abstract_levels: HashMap<String, Vec<Level>>,
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
    /// Counters per abstract numbering (Word continues a list across
    /// num instances of one abstract definition unless restarted).
    counters: HashMap<String, [u64; 9]>,
}

impl Numbering {
    /// Reads `word/numbering.xml`, parsed by the package (with its node
    /// limit); elements and attributes matched by namespace, not prefix.
    pub fn read(doc: &roxmltree::Document<'_>) -> Self {
        let mut n = Numbering::default();
        let root = doc.root_element();
        for a in root.children().filter(|c| xml::is_w(*c, "abstractNum")) {
            let Some(id) = xml::w_attr(a, "abstractNumId") else {
                continue;
            };
            if n.abstract_levels.len() >= DEFINITIONS_CAP {
                break;
            }
            let levels = n.abstract_levels.entry(id.to_string()).or_default();
            for lvl in a.children().filter(|c| xml::is_w(*c, "lvl")) {
                let ilvl: usize = xml::w_attr(lvl, "ilvl")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                if levels.len() <= ilvl && ilvl < 9 {
                    levels.resize(ilvl + 1, Level::default());
                }
                if let Some(slot) = levels.get_mut(ilvl) {
                    *slot = level(lvl);
                }
            }
        }
        for num in root.children().filter(|c| xml::is_w(*c, "num")) {
            if n.nums.len() >= DEFINITIONS_CAP {
                break;
            }
            if let (Some(id), Some(a)) = (
                xml::w_attr(num, "numId"),
                xml::child_val(num, "abstractNumId"),
            ) {
                n.nums.insert(id.to_string(), a.to_string());
            }
        }
        n
    }

    /// The label of the next paragraph numbered `num_id` at `level`, and
    /// counts it; `None` for an unknown or `0` (no numbering) id.
    pub fn label(&mut self, num_id: &str, level: usize) -> Option<String> {
        let abstract_id = self.nums.get(num_id)?.clone();
        let levels = self.abstract_levels.get(&abstract_id)?;
        let this = levels.get(level)?;
        let counters = self.counters.entry(abstract_id.clone()).or_insert([0; 9]);
        let slot = counters.get_mut(level)?;
        *slot = if *slot == 0 {
            this.start
        } else {
            slot.saturating_add(1)
        };
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = 0;
        }
        if this.format == "bullet" {
            // Bullets print as the marker the input contract knows.
            return Some(if this.text == "+" { "+" } else { "-" }.to_string());
        }
        let mut label = this.text.clone();
        for (k, l) in levels.iter().enumerate().take(9).rev() {
            let value = counters.get(k).copied().unwrap_or(0).max(l.start);
            label = label.replace(&format!("%{}", k + 1), &format_number(value, &l.format));
        }
        let label: String = label.chars().take(LABEL_CAP).collect();
        (!label.trim().is_empty()).then_some(label)
    }
}

/// A counter in a Word number format, in time and length independent of
/// its size: Roman numerals past 3999 (where their notation ends: a
/// million would be a thousand `M`s) and letters past `zzzzzzzzzz` are
/// written in digits, at most 20 of them.
/// One `w:lvl`: its start (any a u64 holds is kept: labels are computed
/// from the number, never counted out), format and level text.
fn level(lvl: roxmltree::Node<'_, '_>) -> Level {
    Level {
        start: xml::child_val(lvl, "start")
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(1),
        format: xml::child_val(lvl, "numFmt")
            .unwrap_or_default()
            .to_string(),
        text: xml::child_val(lvl, "lvlText")
            .unwrap_or_default()
            .chars()
            .take(LEVEL_TEXT_CAP)
            .collect(),
    }
}

fn format_number(n: u64, format: &str) -> String {
    let small = usize::try_from(n).unwrap_or(usize::MAX);
    match format {
        "upperRoman" if n <= 3999 => crate::compose::roman_numeral(small),
        "lowerRoman" if n <= 3999 => crate::compose::roman_numeral(small).to_lowercase(),
        "lowerLetter" | "upperLetter" if n <= 26 * 10 => {
            // a … z, then aa, bb, … as Word does (not base 26: Word's
            // 28th item is `bb`).
            let letter = char::from(b'a' + u8::try_from((small.max(1) - 1) % 26).unwrap_or(0));
            let s = letter.to_string().repeat((small.max(1) - 1) / 26 + 1);
            if format == "upperLetter" {
                s.to_uppercase()
            } else {
                s
            }
        }
        "none" => String::new(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="5">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>
        <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%4)"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="6">
        <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="5"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="6"/></w:num>
    </w:numbering>"#;

    fn parse(xml: &str) -> Numbering {
        Numbering::read(&roxmltree::Document::parse(xml).unwrap())
    }

    #[test]
    fn the_namespace_counts_not_the_prefix() {
        let other = XML.replace("w:", "wp0:").replace("xmlns:w=", "xmlns:wp0=");
        let mut n = parse(&other);
        assert_eq!(n.label("1", 0).as_deref(), Some("I."));
        let elsewhere = XML.replace(
            "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            "urn:x",
        );
        assert_eq!(parse(&elsewhere).label("1", 0), None);
    }

    #[test]
    fn labels_are_counted_as_word_counts_them() {
        let mut n = parse(XML);
        let seq: Vec<Option<String>> = [
            ("1", 0),
            ("1", 1),
            ("1", 2),
            ("1", 2),
            ("1", 3),
            ("1", 3),
            ("1", 1),
            ("1", 0),
            ("1", 1),
            ("2", 0),
            ("9", 0),
        ]
        .iter()
        .map(|(id, l)| n.label(id, *l))
        .collect();
        let want = [
            "I.", "1.", "1.1.", "1.2.", "a)", "b)", "2.", "II.", "1.", "-",
        ];
        for (got, want) in seq.iter().zip(want) {
            assert_eq!(got.as_deref(), Some(want));
        }
        assert_eq!(seq.last(), Some(&None), "an unknown numId has no label");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
    }

    #[test]
    fn a_huge_start_is_written_in_digits_not_spelled_out() {
        let xml = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
          <w:abstractNum w:abstractNumId="1">
            <w:lvl w:ilvl="0"><w:start w:val="100000000000"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="100000000000"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
          </w:abstractNum>
          <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
        </w:numbering>"#;
        let mut n = parse(xml);
        assert_eq!(n.label("1", 0).as_deref(), Some("100000000000."));
        assert_eq!(n.label("1", 1).as_deref(), Some("100000000000)"));
        assert_eq!(n.label("1", 1).as_deref(), Some("100000000001)"));
        assert_eq!(format_number(3999, "upperRoman"), "MMMCMXCIX");
        assert_eq!(format_number(4000, "upperRoman"), "4000");
    }
}
