//! Recognises the parts of an administrative document in its lines, in
//! phases over one cursor — [`header`] (with Kính gửi and the preamble),
//! [`body`], [`closing`], then [`appendix`] — each its own module:
//! the header (issuer, `Số:`, place and date), title and subject, Kính gửi,
//! Căn cứ lines, numbered sections rebuilt as nested headings, lists,
//! articles, Nơi nhận and the signature. Lines it cannot place become body
//! paragraphs, each listed as a warning; nothing is dropped silently.

mod appendix;
mod body;
mod closing;
mod header;
mod text;

use crate::input::{self, Inline, Run};
use body::*;
use closing::*;
use header::*;
use text::*;

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
    pub table: Option<input::Table>,
    /// A new page or section of the source starts with this line.
    pub page_break: Option<crate::import::source::Break>,
    /// The line is a whole paragraph of its source (DOCX, PDF): never
    /// joined to the one before as a hard-wrapped continuation.
    pub whole: bool,
}

/// Something the importer could not place, or guessed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Warning {
    /// 1-based line, 0 when it concerns the whole document.
    pub line: usize,
    /// What happened and what to check, in English (what the JSON holds);
    /// [`Warning::message_in`] in a language.
    pub message: String,
    /// The message's id (`import-warn-…`): what a program matches on.
    pub code: &'static str,
    /// The message as data.
    #[serde(skip)]
    pub msg: crate::i18n::Msg,
}

impl Warning {
    /// A warning at `line` (0: the whole document).
    pub fn new(line: usize, msg: crate::i18n::Msg) -> Self {
        Self {
            line,
            message: msg.to_string(),
            code: msg.id(),
            msg,
        }
    }

    /// The message in `lang`.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        self.msg.text(lang)
    }
}

/// The kinds of document a layout knows: (type name, kind, abbreviation,
/// the deciding line the layout prints itself), from the layout's `kinds`
/// (a công văn, which has no type name, as `CÔNG VĂN`).
pub struct Kinds(Vec<KindName>);

/// One kind as recognition looks it up.
struct KindName {
    /// The printed type name (`CÔNG VĂN` for the kind without one).
    title: String,
    /// The kind's key (`bao-cao`).
    kind: String,
    /// The symbol abbreviation (`BC`; empty for a công văn).
    abbreviation: String,
    /// The deciding line the layout prints itself (`QUYẾT ĐỊNH:`).
    decision_line: Option<String>,
}

impl Kinds {
    /// The kinds of `layout`.
    pub fn of(layout: &crate::layout::Layout) -> Self {
        Self(
            layout
                .kinds
                .iter()
                .map(|(k, v)| KindName {
                    title: v.title.clone().unwrap_or_else(|| "CÔNG VĂN".into()),
                    kind: k.clone(),
                    abbreviation: v.abbreviation.clone().unwrap_or_default(),
                    decision_line: v.decision_line.clone(),
                })
                .collect(),
        )
    }

    fn by_title(&self, t: &str) -> Option<&KindName> {
        self.0
            .iter()
            .find(|k| squash_upper(t) == squash_upper(&k.title))
    }

    fn by_kind(&self, kind: &str) -> Option<&KindName> {
        self.0.iter().find(|k| k.kind == kind)
    }

    fn by_symbol(&self, symbol: &str) -> Option<&KindName> {
        self.0
            .iter()
            .filter(|k| !k.abbreviation.is_empty() && symbol.starts_with(&k.abbreviation))
            .max_by_key(|k| k.abbreviation.len())
    }
}

/// The document recognised in `lines`; `kind` forces the kind.
pub fn recognise(
    lines: &[Line],
    kind: Option<&str>,
    kinds: &Kinds,
    warnings: &mut Vec<Warning>,
) -> input::Document {
    let cut = appendix::start(lines, 0);
    let (main, rest) = lines.split_at(cut);
    let mut doc = document(main, kind, kinds, warnings);
    doc.appendices = appendix::appendices(rest, warnings);
    doc
}

/// The document before its appendices.
fn document(
    lines: &[Line],
    kind: Option<&str>,
    kinds: &Kinds,
    warnings: &mut Vec<Warning>,
) -> input::Document {
    let mut i = 0;
    // The header: everything before the first body line. Extraction splits
    // `Số:      /BC-UBND` and a blank date line into fragments: join them.
    let joined = join_header_fragments(lines);
    let lines = joined.as_slice();
    let header_full = typical_length(lines);
    // The source says which text is bold (a DOCX, a PDF with its fonts).
    let styled = lines.iter().any(|l| l.runs.iter().any(|r| r.bold));
    let Header {
        parent_issuer,
        parent_bold,
        title,
        other_title,
        subject,
        number,
        symbol,
        place,
        date,
        authority,
    } = header(lines, &mut i, kinds, header_full, styled);
    let recipients = recipients(lines, &mut i);
    let preamble = preamble(lines, &mut i, header_full);
    // The body, up to Nơi nhận or the signature.
    let full = header_full;
    let decision_printed = kind
        .and_then(|k| kinds.by_kind(k))
        .or_else(|| title.as_ref().and_then(|(_, k)| kinds.by_kind(k)))
        .and_then(|k| k.decision_line.clone());
    let (mut pieces, mut emphasis) =
        body(lines, &mut i, full, decision_printed.as_deref(), warnings);
    // Nơi nhận and the signature, in either order.
    let (distribution, mut sign) = closing(lines, &mut i, warnings);
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
    // The document.
    let guess = |warnings: &mut Vec<Warning>| {
        let guessed = symbol
            .as_deref()
            .and_then(|s| kinds.by_symbol(s))
            .map_or("bao-cao".to_string(), |k| k.kind.clone());
        if other_title.is_none() {
            warnings.push(Warning::new(
                0,
                crate::msg!("import-warn-no-type-name", guessed = &guessed),
            ));
        }
        guessed
    };
    let kind_name = match (kind, &title) {
        (Some(k), _) => k.to_string(),
        (None, Some((_, k))) if !k.is_empty() => k.clone(),
        _ => guess(warnings),
    };
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
    let symbol = symbol.unwrap_or_else(|| {
        let abbr = kinds
            .by_kind(&kind_name)
            .map_or("", |k| k.abbreviation.as_str());
        let s = if abbr.is_empty() {
            "UBND".to_string()
        } else {
            format!("{abbr}-UBND")
        };
        warnings.push(Warning::new(
            0,
            crate::msg!("import-warn-no-number-line", s = &s),
        ));
        s
    });
    let place = place.unwrap_or_else(|| {
        let p = place_from_issuer(&issuer);
        warnings.push(Warning::new(
            0,
            crate::msg!("import-warn-no-place-date", p = &p),
        ));
        p
    });
    let (mut signers, leftover) = signature(&sign, warnings);
    // Closing lines that are no part of the signer: kept, at the body's end.
    for (line, text) in leftover {
        warnings.push(Warning::new(
            line,
            crate::msg!("import-warn-after-signer", text = &text),
        ));
        pieces.push((line, Piece::Para(text)));
        emphasis.push(Vec::new());
    }
    let (signature, signatures) = match signers.len() {
        1 => (signers.pop(), Vec::new()),
        _ => (None, signers),
    };
    let plains = |v: &[String]| v.iter().map(|s| plain(s)).collect::<Vec<Inline>>();
    input::Document {
        kind: kind_name,
        layout: None,
        issuer: input::Issuer {
            parent,
            name: issuer,
        },
        number: number.filter(|n| !n.is_empty()),
        symbol,
        place,
        date,
        title: other_title,
        subject: (!subject.is_empty()).then(|| join_words(&subject)),
        recipients: plains(&recipients),
        authority,
        preamble: plains(&preamble),
        body: nest(pieces, emphasis, warnings),
        signature,
        signatures,
        distribution: plains(&distribution),
        data: None,
        metadata: input::Metadata::default(),
        seal: None,
        appendices: Vec::new(),
    }
}
