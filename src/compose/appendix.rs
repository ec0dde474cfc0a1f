//! Appendices (phụ lục) and texts issued with the document (văn bản ban
//! hành kèm theo), `spec/nd30.md` "Appendices": each a [`doc::Section`] of
//! its own, after the closing, from a new page, numbered afresh.
//!
//! - `form: appendix`: `Phụ lục` (one appendix) or `Phụ lục I`, `Phụ lục II`
//!   … (counted among the appendices of this form; `label` overrides), the
//!   title in UPPER case, the `(Kèm theo …)` line, a short rule.
//! - `form: attached`: the header's upper part (issuer, quốc hiệu, tiêu
//!   ngữ) again, without the Số and date line (the text has no number of its
//!   own: the reference line carries the decision's), then the type name
//!   as a title, the appendix's `title` as its subject, the
//!   `(Ban hành kèm theo …)` line and the rule.
//!
//! The reference line is a layout template filled with the document's type
//! name in sentence case, its number and symbol (a blank number stays
//! blank), its date (blank parts stay blank, as on the date line) and the
//! issuer written out, see [`issuer_in_text`]; `attached_to` replaces it.

use serde_json::json;

use super::{Composer, Numbering, plain, roman_numeral};
use crate::doc::{self, Block, Role};
use crate::error::Result;
use crate::input::{self, AppendixForm, Orientation};
use crate::layout::{Kind, MM, StyleName};

/// Abbreviations of agency names written out in running text.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("TP.", "thành phố"),
];

/// Administrative units: the words after one of them are a place name,
/// capitalised (`tỉnh Lâm Đồng`, `phường Lam Sơn`). Two-word units first.
const UNITS: &[&str] = &[
    "thành phố",
    "thị xã",
    "thị trấn",
    "đặc khu",
    "tỉnh",
    "huyện",
    "quận",
    "phường",
    "xã",
];

impl Composer<'_> {
    /// The sections of the document's appendices.
    pub(super) fn appendices(
        &self,
        doc: &input::Document,
        kind: &Kind,
        title: Option<&str>,
        lists_before: usize,
    ) -> Result<Vec<doc::Section>> {
        // Lists keep ids unique across the document (a writer numbers each
        // list by its id); headings and articles count afresh.
        let mut lists = lists_before;
        let numbered = doc
            .appendices
            .iter()
            .filter(|a| a.form == AppendixForm::Appendix)
            .count();
        let mut n = 0;
        let mut out = Vec::with_capacity(doc.appendices.len());
        for a in &doc.appendices {
            let mut blocks = Vec::new();
            let template = match a.form {
                AppendixForm::Appendix => {
                    n += 1;
                    let label = match &a.label {
                        Some(l) => l.clone(),
                        None if numbered == 1 => {
                            self.layout.template("appendix_label_one").to_string()
                        }
                        None => self
                            .layout
                            .fill("appendix_label", &json!({ "n": roman_numeral(n) }))?,
                    };
                    self.line(
                        &mut blocks,
                        Role::AppendixLabel,
                        StyleName::AppendixLabel,
                        &label,
                    );
                    if let Some(t) = &a.title {
                        self.line(
                            &mut blocks,
                            Role::AppendixTitle,
                            StyleName::AppendixTitle,
                            t,
                        );
                    }
                    "appendix_reference"
                }
                AppendixForm::Attached => {
                    blocks.push(Block::Columns(self.masthead(doc)));
                    if let Some(t) = a.type_name.as_ref().or(a.label.as_ref()) {
                        self.line(&mut blocks, Role::Title, StyleName::Title, t);
                    }
                    if let Some(t) = &a.title {
                        self.line(&mut blocks, Role::Subject, StyleName::Subject, t);
                    }
                    "attached_reference"
                }
            };
            let reference = match &a.attached_to {
                Some(r) => r.clone(),
                None => self.reference(doc, kind, title, template)?,
            };
            let mut p = self.para(
                Role::AppendixReference,
                StyleName::AppendixReference,
                plain(&reference),
            );
            p.rule = Some(self.layout.subject_rule);
            blocks.push(Block::Para(p));
            let mut numbering = Numbering {
                lists,
                ..Numbering::default()
            };
            for b in &a.body {
                self.block(b, 1, &mut numbering, &mut blocks);
            }
            lists = numbering.lists;
            out.push(doc::Section {
                page: self.section_page(a.orientation),
                blocks,
            });
        }
        Ok(out)
    }

    /// A centred line that stays with what follows.
    fn line(&self, blocks: &mut Vec<Block>, role: Role, style: StyleName, text: &str) {
        let mut p = self.para(role, style, plain(text));
        p.keep_with_next = true;
        blocks.push(Block::Para(p));
    }

    /// The `(Kèm theo …)` line from the layout's template.
    fn reference(
        &self,
        doc: &input::Document,
        kind: &Kind,
        title: Option<&str>,
        template: &str,
    ) -> Result<String> {
        let type_name = kind
            .reference_name
            .clone()
            .or_else(|| title.map(sentence_case))
            .unwrap_or_else(|| "Văn bản".to_string());
        let number = match doc.number.as_deref().map(str::trim) {
            Some(n) if !n.is_empty() => self.layout.two_digits.number(n),
            _ => self.layout.template("blank_number").to_string(),
        };
        let mut values = self.date_values(&doc.place, doc.date);
        if let serde_json::Value::Object(m) = &mut values {
            m.insert("type_name".into(), type_name.into());
            m.insert("number".into(), number.into());
            m.insert("symbol".into(), doc.symbol.clone().into());
            m.insert("issuer".into(), issuer_in_text(&doc.issuer.name).into());
        }
        self.layout.fill(template, &values)
    }

    /// The paper of an appendix: the document's, or turned for landscape.
    fn section_page(&self, orientation: Orientation) -> doc::Page {
        let page = self.page();
        match orientation {
            Orientation::Portrait => page,
            Orientation::Landscape => {
                let m = self.layout.page.landscape_margins();
                doc::Page {
                    width: page.height,
                    height: page.width,
                    top: m.top * MM,
                    bottom: m.bottom * MM,
                    left: m.left * MM,
                    right: m.right * MM,
                    ..page
                }
            }
        }
    }
}

/// `BÁO CÁO` → `Báo cáo`.
fn sentence_case(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The issuer as running text names it. A name in capitals (as the header
/// prints it: `UBND TỈNH LÂM ĐỒNG`) has its common abbreviations written out
/// and goes to sentence case, with the place name after an administrative
/// unit capitalised: `Ủy ban nhân dân tỉnh Lâm Đồng`. A name with lower-case
/// letters is taken as written. Line breaks become spaces.
///
/// Hand-written: the rule is particular to Vietnamese agency names. Names of
/// fields (`SỞ Y TẾ` → `Sở y tế`, not `Sở Y tế`) cannot be told from common
/// words: `attached_to` gives the line exactly.
pub(super) fn issuer_in_text(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.chars().any(char::is_lowercase) {
        return joined;
    }
    let mut out: Vec<String> = Vec::new();
    for w in words {
        match ABBREVIATIONS.iter().find(|(a, _)| *a == w) {
            Some((_, full)) => out.extend(full.split(' ').map(str::to_string)),
            None => out.push(w.to_lowercase()),
        }
    }
    // Words after the first administrative unit are the place name.
    let mut place_from = None;
    let mut i = 0;
    while i < out.len() && place_from.is_none() {
        for unit in UNITS {
            let n = unit.split(' ').count();
            let here = out.get(i..i + n).map(|s| s.join(" "));
            if here.as_deref() == Some(*unit) && i + n < out.len() {
                place_from = Some(i + n);
                break;
            }
        }
        i += 1;
    }
    let capital = |w: &str| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    out.iter()
        .enumerate()
        .map(|(i, w)| {
            if i == 0 || place_from.is_some_and(|p| i >= p) {
                capital(w)
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_in_capitals_are_written_out_in_sentence_case() {
        assert_eq!(
            issuer_in_text("UBND TỈNH LÂM ĐỒNG"),
            "Ủy ban nhân dân tỉnh Lâm Đồng"
        );
        assert_eq!(
            issuer_in_text("ỦY BAN NHÂN DÂN\nPHƯỜNG LAM SƠN"),
            "Ủy ban nhân dân phường Lam Sơn"
        );
        assert_eq!(
            issuer_in_text("HĐND THÀNH PHỐ ĐÀ LẠT"),
            "Hội đồng nhân dân thành phố Đà Lạt"
        );
        assert_eq!(issuer_in_text("SỞ Y TẾ"), "Sở y tế");
        assert_eq!(issuer_in_text("Chính phủ"), "Chính phủ");
        assert_eq!(sentence_case("QUYẾT ĐỊNH"), "Quyết định");
    }
}
