//! Content checks of a parsed document: NFC normalisation of every string,
//! characters the fonts cannot draw, the rules serde cannot express
//! (non-empty body, table shape, a signer) and the [`Limits`] on strings,
//! tables, nesting and page breaks. Collects every problem, not only the
//! first (up to [`MAX_DIAGNOSTICS`]).

use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

use super::keys::{BlockKey, ItemKey};
use super::limits::{Limits, over_limit, size};
use super::template::{self, TemplateError};
use super::{Appendix, AppendixForm, Block, Document, Inline, List, Signature, Table};
use crate::error::{Diagnostic, Error, JsonPath, Result};
use crate::msg;

/// The most problems listed for one document; the rest are counted.
pub const MAX_DIAGNOSTICS: usize = 100;

/// Normalises `doc` to NFC in place and checks its content with the default
/// [`Limits`]; `covers` says whether the fonts can draw a character.
pub fn check(doc: &mut Document, file: &str, covers: &dyn Fn(char) -> bool) -> Result<()> {
    check_with(doc, file, covers, &Limits::default())
}

/// [`check`] within `limits`.
pub fn check_with(
    doc: &mut Document,
    file: &str,
    covers: &dyn Fn(char) -> bool,
    limits: &Limits,
) -> Result<()> {
    let data = doc.data.clone().map(serde_json::Value::Object);
    let mut c = Checker {
        diags: Vec::new(),
        more: 0,
        covers,
        data,
        limits,
        filled: 0,
        page_breaks: 0,
    };
    c.document(doc, &JsonPath::root());
    let mut diags = c.diags;
    if c.more > 0 {
        diags.push(Diagnostic::new(
            "",
            msg!("input-more-problems", count = c.more),
        ));
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Error::Input {
            file: file.to_string(),
            diagnostics: diags,
        })
    }
}

struct Checker<'a> {
    diags: Vec<Diagnostic>,
    /// Problems found beyond [`MAX_DIAGNOSTICS`].
    more: usize,
    covers: &'a dyn Fn(char) -> bool,
    /// The values for `{{placeholders}}`, when the input has `data`.
    data: Option<serde_json::Value>,
    limits: &'a Limits,
    /// Bytes written by filling placeholders so far.
    filled: usize,
    /// Forced page breaks so far.
    page_breaks: usize,
}

impl Checker<'_> {
    fn document(&mut self, d: &mut Document, p: &JsonPath) {
        self.required(&mut d.kind, &p.key("kind"));
        if let Some(parent) = &mut d.issuer.parent {
            self.text(parent, &p.key("issuer").key("parent"), true);
        }
        self.required(&mut d.issuer.name, &p.key("issuer").key("name"));
        if let Some(n) = &mut d.number {
            self.text(n, &p.key("number"), false);
        }
        self.required(&mut d.symbol, &p.key("symbol"));
        self.required(&mut d.place, &p.key("place"));
        for (key, value) in [
            ("title", &mut d.title),
            ("subject", &mut d.subject),
            ("authority", &mut d.authority),
        ] {
            if let Some(v) = value {
                self.required(v, &p.key(key));
            }
        }
        self.inlines(&mut d.recipients, &p.key("recipients"));
        self.inlines(&mut d.preamble, &p.key("preamble"));
        self.inlines(&mut d.distribution, &p.key("distribution"));
        if d.body.is_empty() {
            self.fail(Diagnostic::new(
                p.key("body").as_str(),
                msg!("input-body-empty"),
            ));
        }
        self.blocks(&mut d.body, &p.key("body"), 1);
        for (i, a) in d.appendices.iter_mut().enumerate() {
            self.appendix(a, &p.key("appendices").index(i));
        }
        self.signatures(d, p);
        self.seal(d, p);
        if let Some(c) = &d.metadata.created
            && let Err(e) = super::date::parse_timestamp(c)
        {
            self.fail(Diagnostic::new(
                p.key("metadata").key("created").as_str(),
                e,
            ));
        }
        let m = &mut d.metadata;
        for (key, value) in [
            ("author", &mut m.author),
            ("keywords", &mut m.keywords),
            ("language", &mut m.language),
        ] {
            if let Some(v) = value {
                self.text(v, &p.key("metadata").key(key), false);
            }
        }
        if let Some(tag) = &d.metadata.language
            && !super::lang::is_language_tag(tag)
        {
            self.fail(Diagnostic::new(
                p.key("metadata").key("language").as_str(),
                msg!(
                    "input-language-tag",
                    tag = tag.escape_debug().take(80).collect::<String>(),
                    max = super::lang::MAX_TAG
                ),
            ));
        }
    }

    /// An appendix is checked like the body, with its own paths.
    fn appendix(&mut self, a: &mut Appendix, p: &JsonPath) {
        for (key, value) in [
            ("title", &mut a.title),
            ("label", &mut a.label),
            ("attached_to", &mut a.attached_to),
            ("type_name", &mut a.type_name),
        ] {
            if let Some(v) = value {
                self.required(v, &p.key(key));
            }
        }
        if a.form == AppendixForm::Attached && a.type_name.is_none() {
            self.fail(Diagnostic::new(
                p.key("type_name").as_str(),
                msg!("input-type-name-missing"),
            ));
        }
        if a.body.is_empty() {
            self.fail(Diagnostic::new(
                p.key("body").as_str(),
                msg!("input-appendix-empty"),
            ));
        }
        self.new_page(p, "appendix");
        self.blocks(&mut a.body, &p.key("body"), 1);
    }

    fn signatures(&mut self, d: &mut Document, p: &JsonPath) {
        if d.signature.is_none() && d.signatures.is_empty() {
            self.fail(Diagnostic::new(
                p.key("signature").as_str(),
                msg!("input-no-signer"),
            ));
        }
        let one = usize::from(d.signature.is_some());
        let signers = one + d.signatures.len();
        let max = self.limits.max_signers;
        if signers > max {
            self.fail(over_limit(
                p.key("signatures").index(max.saturating_sub(one)).as_str(),
                msg!("input-over-signers", count = signers, limit = max),
            ));
        }
        if let Some(s) = &mut d.signature {
            self.signature(s, &p.key("signature"));
        }
        for (i, s) in d.signatures.iter_mut().enumerate() {
            self.signature(s, &p.key("signatures").index(i));
        }
    }

    fn seal(&mut self, d: &mut Document, p: &JsonPath) {
        let signers = d.signatures.len().max(usize::from(d.signature.is_some()));
        let Some(seal) = &mut d.seal else {
            return;
        };
        let p = p.key("seal");
        self.required(&mut seal.image, &p.key("image"));
        if let Some(w) = seal.width_mm
            && !(10.0..=80.0).contains(&w)
        {
            self.fail(Diagnostic::new(
                p.key("width_mm").as_str(),
                msg!("input-seal-width", width = w.to_string()),
            ));
        }
        if let Some(i) = seal.signer
            && i >= signers
        {
            self.fail(Diagnostic::new(
                p.key("signer").as_str(),
                msg!("input-seal-signer", signer = i, count = signers),
            ));
        }
    }

    fn signature(&mut self, s: &mut Signature, p: &JsonPath) {
        if let Some(a) = &mut s.authority {
            self.required(a, &p.key("authority"));
        }
        if let Some(i) = &mut s.image {
            self.required(i, &p.key("image"));
        }
        self.required(&mut s.position, &p.key("position"));
        self.required(&mut s.name, &p.key("name"));
    }

    /// Blocks at `depth` (1 in `body`); deeper than the limit, the first is
    /// reported and none is gone into.
    fn blocks(&mut self, blocks: &mut [Block], p: &JsonPath, depth: usize) {
        if !blocks.is_empty() && !self.shallow(&p.index(0), depth) {
            return;
        }
        for (i, b) in blocks.iter_mut().enumerate() {
            self.block(b, &p.index(i), depth);
        }
    }

    /// Whether `depth` is within the limit; reports it at `p` if not.
    fn shallow(&mut self, p: &JsonPath, depth: usize) -> bool {
        if depth <= self.limits.max_depth {
            return true;
        }
        self.fail(over_limit(
            p.as_str(),
            msg!(
                "input-over-depth",
                depth = depth,
                limit = self.limits.max_depth
            ),
        ));
        false
    }

    fn block(&mut self, b: &mut Block, p: &JsonPath, depth: usize) {
        match b {
            Block::Paragraph(t) | Block::Center(t) => self.inline(t, p),
            Block::Heading {
                heading, content, ..
            } => {
                self.inline(heading, &p.key(BlockKey::Heading.name()));
                self.blocks(content, &p.key(BlockKey::Content.name()), depth + 1);
            }
            Block::Article { article, content } => {
                self.inline(article, &p.key(BlockKey::Article.name()));
                self.blocks(content, &p.key(BlockKey::Content.name()), depth + 1);
            }
            Block::Chapter { chapter, content } => {
                self.inline(chapter, &p.key(BlockKey::Chapter.name()));
                self.blocks(content, &p.key(BlockKey::Content.name()), depth + 1);
            }
            Block::List(l) => self.list(l, &p.key(BlockKey::List.name()), depth + 1),
            Block::Table(t) => self.table(t, &p.key(BlockKey::Table.name())),
            Block::PageBreak => self.new_page(p, "page-break"),
        }
    }

    /// A forced new page (a page break, an appendix), counted against
    /// [`Limits::max_pages`].
    fn new_page(&mut self, p: &JsonPath, what: &str) {
        self.page_breaks += 1;
        let max = self.limits.max_pages;
        if self.page_breaks == max {
            self.fail(over_limit(
                p.as_str(),
                msg!("input-over-pages", what = what, page = max + 1, limit = max),
            ));
        }
    }

    /// A list whose items are at `depth`.
    fn list(&mut self, l: &mut List, p: &JsonPath, depth: usize) {
        if l.items.is_empty() {
            self.fail(Diagnostic::new(p.as_str(), msg!("input-list-empty")));
        } else if !self.shallow(&p.index(0), depth) {
            return;
        }
        for (i, item) in l.items.iter_mut().enumerate() {
            let ip = p.index(i);
            match &mut item.list {
                Some(sub) => {
                    self.inline(&mut item.text, &ip.key(ItemKey::Text.name()));
                    self.list(sub, &ip.key(ItemKey::List.name()), depth + 1);
                }
                None => self.inline(&mut item.text, &ip),
            }
        }
    }

    fn table(&mut self, t: &mut Table, p: &JsonPath) {
        if t.columns.is_empty() {
            self.fail(Diagnostic::new(
                p.key("columns").as_str(),
                msg!("input-table-no-columns"),
            ));
        }
        let (max_columns, max_rows) = (self.limits.max_table_columns, self.limits.max_table_rows);
        if t.columns.len() > max_columns {
            self.fail(over_limit(
                p.key("columns").index(max_columns).as_str(),
                msg!(
                    "input-over-columns",
                    count = t.columns.len(),
                    limit = max_columns
                ),
            ));
        }
        if t.rows.len() > max_rows {
            self.fail(over_limit(
                p.key("rows").index(max_rows).as_str(),
                msg!("input-over-rows", count = t.rows.len(), limit = max_rows),
            ));
        }
        for (i, c) in t.columns.iter_mut().enumerate() {
            let cp = p.key("columns").index(i);
            self.inline(&mut c.title, &cp.key("title"));
            if !(c.width.is_finite() && c.width > 0.0) {
                self.fail(Diagnostic::new(
                    cp.key("width").as_str(),
                    msg!("input-column-width", width = c.width.to_string()),
                ));
            }
        }
        let n = t.columns.len();
        // Rows over the limit are not gone through: one problem is enough.
        for (r, row) in t.rows.iter_mut().enumerate().take(max_rows) {
            let rp = p.key("rows").index(r);
            if row.len() != n {
                self.fail(Diagnostic::new(
                    rp.as_str(),
                    msg!("input-row-cells", cells = row.len(), columns = n),
                ));
            }
            for (c, cell) in row.iter_mut().enumerate() {
                // Empty cells are normal in tables: no emptiness check here.
                let single = cell.0.len() == 1;
                for (k, run) in cell.0.iter_mut().enumerate() {
                    let path = if single {
                        rp.index(c)
                    } else {
                        rp.index(c).index(k)
                    };
                    self.text(&mut run.text, &path, true);
                }
            }
        }
    }

    fn inlines(&mut self, items: &mut [Inline], p: &JsonPath) {
        for (i, t) in items.iter_mut().enumerate() {
            self.inline(t, &p.index(i));
        }
    }

    /// Inline text must not be empty; each run is checked.
    fn inline(&mut self, t: &mut Inline, p: &JsonPath) {
        if t.0.iter().all(|r| r.text.trim().is_empty()) {
            self.fail(Diagnostic::new(p.as_str(), msg!("input-text-empty")));
        }
        let single = t.0.len() == 1;
        for (i, run) in t.0.iter_mut().enumerate() {
            let path = if single { p.clone() } else { p.index(i) };
            self.text(&mut run.text, &path, true);
        }
    }

    fn required(&mut self, s: &mut String, p: &JsonPath) {
        if s.trim().is_empty() {
            self.fail(Diagnostic::new(p.as_str(), msg!("input-value-empty")));
        }
        self.text(s, p, true);
    }

    /// Fills placeholders, NFC-normalises one string and checks each of its
    /// characters. A string over the length limit is reported and left alone
    /// (nothing else is done with it, so it costs no time).
    fn text(&mut self, s: &mut String, p: &JsonPath, newlines: bool) {
        if !self.short(s, p) || !self.fill(s, p) {
            return;
        }
        if is_nfc_quick(s.chars()) != unicode_normalization::IsNormalized::Yes {
            *s = s.nfc().collect();
        }
        // Each character is reported once per string.
        let mut seen: Vec<char> = Vec::new();
        for ch in s.chars() {
            if ch == '\n' && newlines {
                continue;
            }
            let bad = ch.is_control() || is_invisible_format(ch) || ch != ' ' && !(self.covers)(ch);
            if bad && seen.contains(&ch) {
                continue;
            } else if bad && seen.len() < 16 {
                seen.push(ch);
            }
            if ch.is_control() || is_invisible_format(ch) {
                let what = if ch.is_control() {
                    "control"
                } else {
                    "invisible"
                };
                self.fail(Diagnostic::new(
                    p.as_str(),
                    msg!(
                        "input-character-not-allowed",
                        what = what,
                        code = code_point(ch),
                        name = name(ch)
                    ),
                ));
            } else if ch != ' ' && !(self.covers)(ch) {
                self.fail(Diagnostic::new(
                    p.as_str(),
                    msg!("input-fonts-cannot-draw", char = ch, code = code_point(ch)),
                ));
            }
        }
    }

    /// Whether `s` is within the string limit; reports it at `p` if not.
    fn short(&mut self, s: &str, p: &JsonPath) -> bool {
        let max = self.limits.max_string_bytes;
        if s.len() <= max {
            return true;
        }
        self.fail(over_limit(
            p.as_str(),
            msg!(
                "input-over-string",
                size = size(s.len() as u64),
                limit = size(max as u64)
            ),
        ));
        false
    }

    /// Fills the `{{placeholders}}` of `s` from `data`; false (and reported)
    /// if it cannot be. Only plain placeholders are allowed (see
    /// [`template`]): block helpers (`{{#each}}`), partials and decorators
    /// could loop for ever or recurse until the stack overflows. One linear
    /// pass; the result is bounded by the string limit as it is written, and
    /// all the text filled in by [`Limits::max_input_bytes`].
    fn fill(&mut self, s: &mut String, p: &JsonPath) -> bool {
        let Some(values) = &self.data else {
            return true;
        };
        if template::is_plain_text(s) {
            return true;
        }
        let hint = || msg!("input-hint-placeholder");
        let total_left = self.limits.max_input_bytes.saturating_sub(self.filled);
        let max = self.limits.max_string_bytes.min(total_left);
        let filled = template::parse(s).and_then(|pieces| template::fill(&pieces, values, max));
        let e = match filled {
            Ok(filled) => {
                self.filled += filled.len();
                *s = filled;
                return true;
            }
            Err(e) => e,
        };
        let d = match e {
            TemplateError::TooLong { .. } => {
                let total = max == total_left && total_left < self.limits.max_string_bytes;
                if total && self.filled > self.limits.max_input_bytes {
                    // Reported once, at the first string that went over.
                    return false;
                }
                if total {
                    self.filled = self.limits.max_input_bytes.saturating_add(1);
                    over_limit(
                        p.as_str(),
                        msg!(
                            "input-over-filled-total",
                            limit = size(self.limits.max_input_bytes as u64)
                        ),
                    )
                } else {
                    over_limit(
                        p.as_str(),
                        msg!(
                            "input-over-filled",
                            size = size(max as u64),
                            limit = size(self.limits.max_string_bytes as u64)
                        ),
                    )
                }
            }
            TemplateError::NotText { name, kind } => Diagnostic::new(
                p.as_str(),
                msg!("input-placeholder-not-text", name = name, kind = kind),
            ),
            TemplateError::Missing { name } => {
                Diagnostic::new(p.as_str(), msg!("input-placeholder-missing", name = name))
                    .with_hint(hint())
            }
            TemplateError::Syntax { .. } => Diagnostic::new(p.as_str(), e.msg()).with_hint(hint()),
        };
        self.fail(d);
        false
    }

    fn fail(&mut self, d: Diagnostic) {
        if self.diags.len() < MAX_DIAGNOSTICS {
            self.diags.push(d);
        } else {
            self.more += 1;
        }
    }
}

/// Bidirectional controls and other invisible format characters, which would
/// silently reorder or hide text in an official document; and the soft
/// hyphen, which the typesetter would print as a hyphen mid-word (Vietnamese
/// syllables are not hyphenated).
pub(crate) fn is_invisible_format(ch: char) -> bool {
    matches!(
        ch,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// ` (RIGHT-TO-LEFT MARK)` for the invisible characters most often pasted
/// in by accident; empty for others.
fn name(ch: char) -> &'static str {
    match ch {
        '\0' => " (NULL)",
        '\u{7}' => " (BELL)",
        '\u{1B}' => " (ESCAPE)",
        '\t' => " (TAB)",
        '\r' => " (CARRIAGE RETURN)",
        '\u{00AD}' => " (SOFT HYPHEN)",
        '\u{200B}' => " (ZERO WIDTH SPACE)",
        '\u{200C}' => " (ZERO WIDTH NON-JOINER)",
        '\u{200D}' => " (ZERO WIDTH JOINER)",
        '\u{200E}' => " (LEFT-TO-RIGHT MARK)",
        '\u{200F}' => " (RIGHT-TO-LEFT MARK)",
        '\u{202A}' => " (LEFT-TO-RIGHT EMBEDDING)",
        '\u{202B}' => " (RIGHT-TO-LEFT EMBEDDING)",
        '\u{202C}' => " (POP DIRECTIONAL FORMATTING)",
        '\u{202D}' => " (LEFT-TO-RIGHT OVERRIDE)",
        '\u{202E}' => " (RIGHT-TO-LEFT OVERRIDE)",
        '\u{2060}' => " (WORD JOINER)",
        '\u{2066}' => " (LEFT-TO-RIGHT ISOLATE)",
        '\u{2067}' => " (RIGHT-TO-LEFT ISOLATE)",
        '\u{2068}' => " (FIRST STRONG ISOLATE)",
        '\u{2069}' => " (POP DIRECTIONAL ISOLATE)",
        '\u{FEFF}' => " (ZERO WIDTH NO-BREAK SPACE / BYTE ORDER MARK)",
        _ => "",
    }
}

/// `U+1F600`
pub(crate) fn code_point(ch: char) -> String {
    format!("U+{:04X}", ch as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Inline, Signature};

    /// A document built in code (not parsed) with sections `levels` deep.
    fn nested(levels: usize) -> Document {
        let mut block = Block::Paragraph(Inline::plain("Nội dung."));
        for _ in 0..levels {
            block = Block::Heading {
                heading: Inline::plain("Mục"),
                content: vec![block],
                numbered: true,
            };
        }
        let json = r#"{"kind": "bao-cao", "issuer": {"name": "UBND"}, "symbol": "BC",
            "place": "X", "body": ["a"], "signature": {"position": "A", "name": "B"}}"#;
        let mut doc = crate::input::parse(json.as_bytes(), "t.json").unwrap();
        doc.body = vec![block];
        doc.signature = Some(Signature {
            authority: None,
            position: "A".into(),
            name: "B".into(),
            image: None,
        });
        doc
    }

    #[test]
    fn a_document_built_in_code_is_held_to_the_depth_limit_too() {
        // The parser counts depth as it reads; a document made in code meets
        // the same limit here, and checking never goes deeper than it.
        let mut doc = nested(500);
        let err = check(&mut doc, "t.json", &|_| true).unwrap_err();
        let d = err.diagnostics();
        assert_eq!(d.len(), 1, "{err}");
        assert_eq!(d[0].path, format!("body[0]{}", ".content[0]".repeat(32)));
        assert!(d[0].message.contains("nested 33 levels deep"));
        check(&mut nested(31), "t.json", &|_| true).unwrap();
    }

    #[test]
    fn appendices_are_checked_with_their_paths() {
        let json = r#"{"kind": "quyet-dinh", "issuer": {"name": "UBND"}, "symbol": "QĐ",
            "place": "X", "body": ["a"], "signature": {"position": "A", "name": "B"},
            "appendices": [{"body": [{"heading": " "}]}, {"form": "attached", "body": []}]}"#;
        let mut doc = crate::input::parse(json.as_bytes(), "t.json").unwrap();
        let err = check(&mut doc, "t.json", &|_| true).unwrap_err();
        let paths: Vec<&str> = err.diagnostics().iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "appendices[0].body[0].heading",
                "appendices[1].type_name",
                "appendices[1].body"
            ],
            "{err}"
        );
        let hint = err.diagnostics()[1].hint.as_deref().unwrap_or_default();
        assert!(hint.contains("QUY CHẾ"), "{hint}");
        // An unknown key of an appendix is refused with a suggestion.
        let typo = json.replace("\"form\"", "\"from\"");
        let err = crate::input::parse(typo.as_bytes(), "t.json").unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.path, "appendices[1].from", "{err}");
        assert!(
            d.hint.as_deref().unwrap_or_default().contains("`form`"),
            "{err}"
        );
    }
}
