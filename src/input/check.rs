//! Content checks of a parsed document: NFC normalisation of every string,
//! characters the fonts cannot draw, and the rules serde cannot express
//! (non-empty body, table shape, a signer). Collects every problem, not only
//! the first.

use handlebars::{Handlebars, RenderErrorReason};
use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

use super::{Block, Document, Inline, List, Signature, Table};
use crate::error::{Diagnostic, Error, JsonPath, Result};

/// Normalises `doc` to NFC in place and checks its content; `covers` says
/// whether the fonts can draw a character.
pub fn check(doc: &mut Document, file: &str, covers: &dyn Fn(char) -> bool) -> Result<()> {
    let data = doc.data.take().map(serde_json::Value::Object);
    let mut c = Checker {
        diags: Vec::new(),
        covers,
        data: data.as_ref().map(|d| (templates(), d)),
    };
    c.document(doc, &JsonPath::root());
    let diags = c.diags;
    if let Some(serde_json::Value::Object(d)) = data {
        doc.data = Some(d);
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
    covers: &'a dyn Fn(char) -> bool,
    /// The engine and values for `{{placeholders}}`, when the input has `data`.
    data: Option<(Handlebars<'static>, &'a serde_json::Value)>,
}

/// Handlebars in strict mode (a missing value is an error), no HTML escaping.
fn templates() -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    hb
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
            self.fail(
                Diagnostic::new(p.key("body").as_str(), "the body is empty")
                    .with_hint("a document needs at least one paragraph"),
            );
        }
        self.blocks(&mut d.body, &p.key("body"));
        self.signatures(d, p);
        self.seal(d, p);
        if let Some(c) = &d.metadata.created
            && let Err(e) = super::de::parse_timestamp(c)
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
    }

    fn signatures(&mut self, d: &mut Document, p: &JsonPath) {
        if d.signature.is_none() && d.signatures.is_empty() {
            self.fail(
                Diagnostic::new(p.key("signature").as_str(), "the document has no signer")
                    .with_hint("add \"signature\": {\"position\": …, \"name\": …}"),
            );
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
            self.fail(
                Diagnostic::new(
                    p.key("width_mm").as_str(),
                    format!("a seal {w} mm wide is out of range"),
                )
                .with_hint("give its printed width in millimetres, 10–80 (a round seal is 30–42)"),
            );
        }
        if let Some(i) = seal.signer
            && i >= signers
        {
            self.fail(
                Diagnostic::new(
                    p.key("signer").as_str(),
                    format!("there is no signer {i}: the document has {signers}"),
                )
                .with_hint("count signers from 0, left to right"),
            );
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

    fn blocks(&mut self, blocks: &mut [Block], p: &JsonPath) {
        for (i, b) in blocks.iter_mut().enumerate() {
            self.block(b, &p.index(i));
        }
    }

    fn block(&mut self, b: &mut Block, p: &JsonPath) {
        match b {
            Block::Paragraph(t) | Block::Center(t) => self.inline(t, p),
            Block::Heading {
                heading, content, ..
            } => {
                self.inline(heading, &p.key("heading"));
                self.blocks(content, &p.key("content"));
            }
            Block::Article { article, content } => {
                self.inline(article, &p.key("article"));
                self.blocks(content, &p.key("content"));
            }
            Block::List(l) => self.list(l, &p.key("list")),
            Block::Table(t) => self.table(t, &p.key("table")),
            Block::PageBreak => {}
        }
    }

    fn list(&mut self, l: &mut List, p: &JsonPath) {
        if l.items.is_empty() {
            self.fail(Diagnostic::new(p.as_str(), "the list is empty").with_hint("remove it"));
        }
        for (i, item) in l.items.iter_mut().enumerate() {
            let ip = p.index(i);
            match &mut item.list {
                Some(sub) => {
                    self.inline(&mut item.text, &ip.key("text"));
                    self.list(sub, &ip.key("list"));
                }
                None => self.inline(&mut item.text, &ip),
            }
        }
    }

    fn table(&mut self, t: &mut Table, p: &JsonPath) {
        if t.columns.is_empty() {
            self.fail(Diagnostic::new(
                p.key("columns").as_str(),
                "the table has no columns",
            ));
        }
        for (i, c) in t.columns.iter_mut().enumerate() {
            let cp = p.key("columns").index(i);
            self.inline(&mut c.title, &cp.key("title"));
            if !(c.width.is_finite() && c.width > 0.0) {
                self.fail(
                    Diagnostic::new(
                        cp.key("width").as_str(),
                        format!("the column width {} is not positive", c.width),
                    )
                    .with_hint("widths are relative: 1, 2, 0.5 …"),
                );
            }
        }
        let n = t.columns.len();
        for (r, row) in t.rows.iter_mut().enumerate() {
            let rp = p.key("rows").index(r);
            if row.len() != n {
                self.fail(
                    Diagnostic::new(
                        rp.as_str(),
                        format!(
                            "the row has {} cells but the table has {n} columns",
                            row.len()
                        ),
                    )
                    .with_hint("give every row one cell per column (\"\" for an empty cell)"),
                );
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
            self.fail(
                Diagnostic::new(p.as_str(), "the text is empty")
                    .with_hint("remove the entry: spacing comes from the layout"),
            );
        }
        let single = t.0.len() == 1;
        for (i, run) in t.0.iter_mut().enumerate() {
            let path = if single { p.clone() } else { p.index(i) };
            self.text(&mut run.text, &path, true);
        }
    }

    fn required(&mut self, s: &mut String, p: &JsonPath) {
        if s.trim().is_empty() {
            self.fail(Diagnostic::new(p.as_str(), "the value is empty").with_hint("fill it in"));
        }
        self.text(s, p, true);
    }

    /// Fills placeholders, NFC-normalises one string and checks each of its characters.
    fn text(&mut self, s: &mut String, p: &JsonPath, newlines: bool) {
        if let Some((hb, data)) = &self.data
            && s.contains("{{")
        {
            match hb.render_template(s, data) {
                Ok(filled) => *s = filled,
                Err(e) => {
                    let message = match e.reason() {
                        RenderErrorReason::MissingVariable(Some(name)) => {
                            format!("the placeholder `{{{{{name}}}}}` has no value in `data`")
                        }
                        _ => format!("the template cannot be filled: {e}"),
                    };
                    let hint = "add the value to `data`, or write `\\{{` for literal braces";
                    self.fail(Diagnostic::new(p.as_str(), message).with_hint(hint));
                    return;
                }
            }
        }
        if is_nfc_quick(s.chars()) != unicode_normalization::IsNormalized::Yes {
            *s = s.nfc().collect();
        }
        for ch in s.chars() {
            if ch == '\n' && newlines {
                continue;
            }
            if ch.is_control() || is_invisible_format(ch) {
                self.fail(
                    Diagnostic::new(
                        p.as_str(),
                        format!(
                            "the control character {} is not allowed here",
                            code_point(ch)
                        ),
                    )
                    .with_hint("remove it; line breaks are made by the layout"),
                );
            } else if ch != ' ' && !(self.covers)(ch) {
                self.fail(
                    Diagnostic::new(
                        p.as_str(),
                        format!("the fonts cannot draw `{ch}` ({})", code_point(ch)),
                    )
                    .with_hint(
                        "remove or replace the character, or use fonts that have it (--fonts DIR)",
                    ),
                );
            }
        }
    }

    fn fail(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }
}

/// Bidirectional controls and other invisible format characters, which would
/// silently reorder or hide text in an official document.
fn is_invisible_format(ch: char) -> bool {
    matches!(ch, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// `U+1F600`
pub(crate) fn code_point(ch: char) -> String {
    format!("U+{:04X}", ch as u32)
}
