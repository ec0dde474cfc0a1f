//! Applies a layout to an input document: numbers the sections, formats the
//! number and date lines, adds the format's punctuation and case, and builds
//! the format-neutral [`doc::Document`] that both writers read.

use serde_json::json;

use crate::doc::{
    self, Block, Column, Columns, Label, LabelKind, ListStyle, Para, ParaStyle, Role, Run,
};
use crate::error::{Diagnostic, Error, Result};
use crate::input::{self, DateSpec, Inline, Marker};
use crate::layout::{Kind, Layout, MM, NumberFormat, Style, StyleName, TwoDigits};
use crate::picture::Pictures;

mod appendix;
mod created;
pub(crate) use created::note_in;
mod props;
pub mod signbox;

pub use props::MAX_PDF_STRING;

/// Marks where an inline value goes in a rendered template.
const SLOT: char = '\u{E000}';

/// Composes `doc` with `layout`; `file` names the input in errors.
pub fn compose(
    doc: &input::Document,
    layout: &Layout,
    pictures: &Pictures,
    file: &str,
) -> Result<doc::Document> {
    let kind = layout.kinds.get(&doc.kind).ok_or_else(|| {
        let known: Vec<&str> = layout.kinds.keys().map(String::as_str).collect();
        Error::input(
            file,
            Diagnostic::new(
                "kind",
                crate::msg!("render-unknown-kind", kind = doc.kind.as_str()),
            )
            .with_hint(crate::msg!(
                "render-known-kinds",
                layout = layout.name.as_str(),
                kinds = known.join(", ")
            )),
        )
    })?;
    let title = doc.title.clone().or_else(|| kind.title.clone());
    let c = Composer { layout, pictures };
    let mut blocks = c.header(doc, kind)?;
    if let Some(t) = &title {
        blocks.push(Block::Para(c.para(Role::Title, StyleName::Title, plain(t))));
    }
    if let Some(s) = doc.subject.as_ref().filter(|_| !kind.subject_in_header) {
        let mut p = c.para(Role::Subject, StyleName::Subject, plain(s));
        p.rule = Some(layout.subject_rule);
        blocks.push(Block::Para(p));
    }
    if let Some(a) = &doc.authority {
        blocks.push(Block::Para(c.para(
            Role::Authority,
            StyleName::Authority,
            plain(a),
        )));
    }
    blocks.extend(c.recipients(&doc.recipients)?);
    blocks.extend(c.preamble(&doc.preamble));
    if let Some(line) = &kind.decision_line {
        let written = matches!(doc.body.first(), Some(input::Block::Center(t)) if t.text().trim() == line.trim());
        if !written {
            let mut p = c.para(Role::Center, StyleName::Center, plain(line));
            p.keep_with_next = true;
            blocks.push(Block::Para(p));
        }
    }
    let mut numbering = Numbering::default();
    let body_start = blocks.len();
    for b in &doc.body {
        c.block(b, 1, &mut numbering, &mut blocks);
    }
    // The closing never stands alone: the last lines of the body go with it.
    if let Some(Block::Para(p)) = blocks.get_mut(body_start..).and_then(<[_]>::last_mut) {
        p.keep_with_next = true;
    }
    blocks.extend(c.closing(doc, kind));
    let meta = meta(doc, title.as_deref(), layout.two_digits);
    props::check(&meta, doc, file)?;
    Ok(doc::Document {
        meta,
        page: c.page(),
        blocks,
        appendices: c.appendices(doc, kind, title.as_deref(), numbering.lists)?,
    })
}

fn meta(doc: &input::Document, title: Option<&str>, digits: TwoDigits) -> doc::Meta {
    let created = created::creation_date(doc, created::Clock::System);
    let number = doc
        .number
        .as_deref()
        .map(|n| digits.number(n))
        .unwrap_or_default();
    let mut t = format!(
        "{}{number}/{}",
        title.map(|t| format!("{t} ")).unwrap_or_default(),
        doc.symbol
    );
    if let Some(s) = &doc.subject {
        t = format!("{t}: {s}");
    }
    doc::Meta {
        title: t,
        author: doc
            .metadata
            .author
            .clone()
            .unwrap_or_else(|| doc.issuer.name.replace('\n', " ")),
        subject: doc.subject.clone(),
        keywords: doc
            .metadata
            .keywords
            .iter()
            .flat_map(|k| k.split([',', ';']))
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect(),
        language: doc
            .metadata
            .language
            .clone()
            .unwrap_or_else(|| "vi-VN".into()),
        reference: format!("{number}/{}", doc.symbol),
        created: created.0,
        created_note: created.1,
        stamp: None,
    }
}

struct Composer<'a> {
    layout: &'a Layout,
    pictures: &'a Pictures,
}

impl Composer<'_> {
    fn page(&self) -> doc::Page {
        let g = &self.layout.page;
        doc::Page {
            width: g.width_mm * MM,
            height: g.height_mm * MM,
            top: g.margin_mm.top * MM,
            bottom: g.margin_mm.bottom * MM,
            left: g.margin_mm.left * MM,
            right: g.margin_mm.right * MM,
            page_number: para_style(&self.layout.style(StyleName::PageNumber)),
        }
    }

    /// A paragraph in the named style; upper-cases it when the style says so.
    fn para(&self, role: Role, style: StyleName, runs: Vec<Run>) -> Para {
        let s = self.layout.style(style);
        styled(role, &s, runs)
    }

    /// The upper header: issuer (and parent) left, quốc hiệu and tiêu ngữ right.
    fn masthead(&self, doc: &input::Document) -> Columns {
        let l = self.layout;
        let mut left = Vec::new();
        if let Some(p) = &doc.issuer.parent {
            left.push(self.para(Role::Parent, StyleName::Parent, plain(p)));
        }
        let mut issuer = self.para(Role::Issuer, StyleName::Issuer, plain(&doc.issuer.name));
        issuer.rule = Some(l.header.issuer_rule);
        left.push(issuer);
        let nation = self.para(Role::Nation, StyleName::Nation, plain(l.template("nation")));
        let mut motto = self.para(Role::Motto, StyleName::Motto, plain(l.template("motto")));
        motto.rule = Some(l.header.motto_rule);
        let share = l.header.left_ratio;
        Columns {
            columns: vec![
                Column { share, paras: left },
                Column {
                    share: 1.0 - share,
                    paras: vec![nation, motto],
                },
            ],
            space_before: 0.0,
            space_after: 0.0,
        }
    }

    fn header(&self, doc: &input::Document, kind: &Kind) -> Result<Vec<Block>> {
        let l = self.layout;
        let share = l.header.left_ratio;
        let upper = self.masthead(doc);
        let number = match doc.number.as_deref().map(str::trim) {
            Some(n) if !n.is_empty() => l.two_digits.number(n),
            _ => l.template("blank_number").to_string(),
        };
        let number_line = l.fill("number", &json!({"number": number, "symbol": doc.symbol}))?;
        let mut below = vec![self.para(Role::Number, StyleName::Number, plain(&number_line))];
        if let Some(s) = doc.subject.as_ref().filter(|_| kind.subject_in_header) {
            let line = l.fill("subject_line", &json!({ "subject": s }))?;
            below.push(self.para(Role::SubjectLine, StyleName::SubjectLine, plain(&line)));
        }
        let mut date = Vec::new();
        if kind.date_line {
            let line = l.fill("date", &self.date_values(&doc.place, doc.date))?;
            date.push(self.para(Role::Date, StyleName::Date, plain(&line)));
        }
        let lower = Columns {
            columns: vec![
                Column {
                    share,
                    paras: below,
                },
                Column {
                    share: 1.0 - share,
                    paras: date,
                },
            ],
            space_before: l.header.number_gap_pt,
            space_after: 0.0,
        };
        Ok(vec![Block::Columns(upper), Block::Columns(lower)])
    }

    /// Day and month with the layout's leading zeros (Nghị định 30/2020: a
    /// day below 10, months 1–2).
    fn date_values(&self, place: &str, date: Option<DateSpec>) -> serde_json::Value {
        let blank = self.layout.template("blank_date_part");
        let digits = self.layout.two_digits;
        let (day, month, year) = match date {
            Some(DateSpec::Full { year, month, day }) => (
                TwoDigits::pad(day, digits.day_below),
                TwoDigits::pad(month, digits.month_below),
                year.to_string(),
            ),
            Some(DateSpec::Year(y)) => (blank.into(), blank.into(), y.to_string()),
            None => (blank.into(), blank.into(), blank.into()),
        };
        json!({"place": place, "day": day, "month": month, "year": year})
    }

    fn recipients(&self, recipients: &[Inline]) -> Result<Vec<Block>> {
        let l = self.layout;
        Ok(match recipients {
            [] => vec![],
            [one] => {
                let template =
                    l.fill("recipient_one", &json!({ "recipient": SLOT.to_string() }))?;
                let runs = splice(&template, &punctuate(one, "."));
                vec![Block::Para(self.para(
                    Role::Recipients,
                    StyleName::Recipients,
                    runs,
                ))]
            }
            many => {
                let mut out = vec![Block::Para(self.para(
                    Role::Recipients,
                    StyleName::RecipientsLabel,
                    plain(l.template("recipients_label")),
                ))];
                let n = many.len();
                for (i, r) in many.iter().enumerate() {
                    let end = if i + 1 == n { "." } else { ";" };
                    let mut runs = plain("- ");
                    runs.extend(punctuate(r, end));
                    out.push(Block::Para(self.para(
                        Role::Recipients,
                        StyleName::RecipientItem,
                        runs,
                    )));
                }
                // The list ends with the space the single-line form has.
                if let Some(Block::Para(last)) = out.last_mut() {
                    last.style.space_after = l.style(StyleName::Recipients).space_after;
                }
                out
            }
        })
    }

    fn preamble(&self, lines: &[Inline]) -> Vec<Block> {
        let n = lines.len();
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let end = if i + 1 == n { "." } else { ";" };
                Block::Para(self.para(Role::Preamble, StyleName::Preamble, punctuate(line, end)))
            })
            .collect()
    }

    fn block(&self, b: &input::Block, depth: usize, num: &mut Numbering, out: &mut Vec<Block>) {
        match b {
            input::Block::Paragraph(t) => {
                out.push(Block::Para(self.para(Role::Body, StyleName::Body, runs(t))))
            }
            input::Block::Heading {
                heading,
                content,
                numbered,
            } => {
                let style = self.layout.heading_style(depth);
                let depth8 = depth.min(255) as u8;
                let mut p = styled(Role::Heading(depth8), &style, runs(heading));
                if *numbered {
                    p.label = Some(Label {
                        text: num.next(self.layout, depth),
                        kind: LabelKind::Heading { depth: depth8 },
                    });
                }
                p.keep_with_next = true;
                out.push(Block::Para(p));
                for c in content {
                    self.block(c, depth + 1, num, out);
                }
            }
            input::Block::Article { article, content } => {
                num.articles += 1;
                let label = self
                    .layout
                    .fill("article", &json!({ "n": num.articles }))
                    .unwrap_or_else(|_| format!("Điều {}.", num.articles));
                let mut r = vec![Run {
                    text: format!("{label} "),
                    bold: true,
                    ..Run::default()
                }];
                r.extend(runs(article));
                let mut p = self.para(Role::Article, StyleName::Article, r);
                p.keep_with_next = !content.is_empty();
                out.push(Block::Para(p));
                for c in content {
                    self.block(c, depth, num, out);
                }
            }
            input::Block::List(list) => self.list(list, 1, num, out),
            input::Block::Table(t) => out.push(Block::Table(self.table(t))),
            input::Block::Center(t) => out.push(Block::Para(self.para(
                Role::Center,
                StyleName::Center,
                runs(t),
            ))),
            input::Block::Chapter { chapter, content } => {
                num.chapters += 1;
                let n = roman_numeral(num.chapters);
                let label = self
                    .layout
                    .fill("chapter", &json!({ "n": n }))
                    .unwrap_or_else(|_| format!("Chương {n}"));
                let mut line = self.para(Role::Chapter, StyleName::Chapter, plain(&label));
                line.keep_with_next = true;
                let mut title =
                    self.para(Role::ChapterTitle, StyleName::ChapterTitle, runs(chapter));
                title.keep_with_next = true;
                out.push(Block::Para(line));
                out.push(Block::Para(title));
                for c in content {
                    self.block(c, depth, num, out);
                }
            }
            input::Block::PageBreak => out.push(Block::PageBreak),
        }
    }

    fn list(&self, list: &input::List, depth: u8, num: &mut Numbering, out: &mut Vec<Block>) {
        num.lists += 1;
        let id = num.lists;
        let default = if depth == 1 {
            &self.layout.lists.top
        } else {
            &self.layout.lists.nested
        };
        let style = match list.marker {
            Some(Marker::Dash) => ListStyle::Dash,
            Some(Marker::Plus) => ListStyle::Plus,
            Some(Marker::Letter) => ListStyle::Letter,
            Some(Marker::Number) => ListStyle::Number,
            None if default == "+" => ListStyle::Plus,
            None => ListStyle::Dash,
        };
        for (i, item) in list.items.iter().enumerate() {
            let text = match style {
                ListStyle::Dash => "-".to_string(),
                ListStyle::Plus => "+".to_string(),
                ListStyle::Letter => format!("{})", letter(i + 1)),
                ListStyle::Number => format!("{}.", i + 1),
            };
            let mut p = self.para(Role::ListItem(depth), StyleName::ListItem, runs(&item.text));
            p.label = Some(Label {
                text,
                kind: LabelKind::List {
                    list: id,
                    depth,
                    style,
                },
            });
            out.push(Block::Para(p));
            if let Some(sub) = &item.list {
                self.list(sub, depth.saturating_add(1), num, out);
            }
        }
    }

    fn table(&self, t: &input::Table) -> doc::Table {
        let l = self.layout;
        let total: f64 = t.columns.iter().map(|c| c.width).sum();
        let cell = l.style(StyleName::TableCell);
        let head = l.style(StyleName::TableHeader);
        let align = |a: input::Align| match a {
            input::Align::Left => doc::TextAlign::Left,
            input::Align::Center => doc::TextAlign::Center,
            input::Align::Right => doc::TextAlign::Right,
        };
        doc::Table {
            columns: t
                .columns
                .iter()
                .map(|c| doc::TableColumn {
                    share: (c.width / total) as f32,
                })
                .collect(),
            header: t
                .columns
                .iter()
                .map(|c| styled(Role::TableHeader, &head, runs(&c.title)))
                .collect(),
            rows: t
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .zip(&t.columns)
                        .map(|(v, c)| {
                            let mut p = styled(Role::TableCell, &cell, runs(v));
                            p.style.align = align(c.align);
                            p
                        })
                        .collect()
                })
                .collect(),
            border: l.table.border_pt,
            padding: l.table.padding_pt,
            space_before: l.table.space_before,
            space_after: l.table.space_after,
        }
    }

    fn closing(&self, doc: &input::Document, kind: &Kind) -> Vec<Block> {
        let l = self.layout;
        let signers: Vec<&input::Signature> = doc.signature.iter().chain(&doc.signatures).collect();
        let mut distribution = Vec::new();
        let items = first_item(&doc.distribution, kind.distribution_first.as_deref());
        if !items.is_empty() {
            distribution.push(self.para(
                Role::DistributionLabel,
                StyleName::DistributionLabel,
                plain(l.template("distribution_label")),
            ));
            let n = items.len();
            for (i, d) in items.iter().enumerate() {
                let end = if i + 1 == n { "." } else { ";" };
                let mut r = plain("- ");
                r.extend(punctuate(d, end));
                distribution.push(self.para(Role::Distribution, StyleName::Distribution, r));
            }
        }
        let gap = l.closing.gap_before_pt;
        let shares: Vec<f32> = match signers.len() {
            1 => vec![1.0 - l.closing.left_ratio],
            n => vec![1.0 / n.max(1) as f32; n],
        };
        let seal_of = signers
            .len()
            .checked_sub(1)
            .map(|last| doc.seal.as_ref().and_then(|s| s.signer).unwrap_or(last));
        let signer_cols: Vec<Vec<Para>> = signers
            .iter()
            .zip(&shares)
            .enumerate()
            .map(|(i, (s, &share))| {
                let seal = doc.seal.as_ref().filter(|_| seal_of == Some(i));
                self.signer(s, i, share * self.page().text_width(), seal)
            })
            .collect();
        if signer_cols.len() == 1 {
            let share = l.closing.left_ratio;
            let mut cols = vec![Column {
                share,
                paras: distribution,
            }];
            cols.extend(signer_cols.into_iter().map(|paras| Column {
                share: 1.0 - share,
                paras,
            }));
            return vec![Block::Columns(Columns {
                columns: cols,
                space_before: gap,
                space_after: 0.0,
            })];
        }
        let share = 1.0 / signer_cols.len().max(1) as f32;
        let mut out = vec![Block::Columns(Columns {
            columns: signer_cols
                .into_iter()
                .map(|paras| Column { share, paras })
                .collect(),
            space_before: gap,
            space_after: 0.0,
        })];
        if !distribution.is_empty() {
            out.push(Block::Columns(Columns {
                columns: vec![Column {
                    share: l.closing.left_ratio,
                    paras: distribution,
                }],
                space_before: gap,
                space_after: 0.0,
            }));
        }
        out
    }

    /// A signer's column: authority, position, the signature space with its
    /// images, name. `index` counts signers from the left.
    fn signer(
        &self,
        s: &input::Signature,
        index: usize,
        width: f32,
        seal: Option<&input::Seal>,
    ) -> Vec<Para> {
        let mut paras = Vec::new();
        if let Some(a) = &s.authority {
            paras.push(self.para(Role::SignAuthority, StyleName::SignAuthority, plain(a)));
        }
        paras.push(self.para(
            Role::SignPosition,
            StyleName::SignPosition,
            plain(&s.position),
        ));
        let mut name = self.para(Role::SignName, StyleName::SignName, plain(&s.name));
        let height = self.layout.closing.signature_space_mm * MM;
        name.style.space_before = height;
        let signature = self.pictures.signers.get(index).cloned().flatten();
        let seal = seal.zip(self.pictures.seal.clone());
        name.sign = Some(doc::SignSpace {
            signer: index,
            tooltip: format!("{} – {}", s.name.trim(), s.position.trim()),
            width,
            height,
            images: sign_images(&self.layout.closing, width, height, signature, seal),
        });
        paras.push(name);
        paras
    }
}

/// Places the signature image and the seal in a signature space `width` ×
/// `height`: the signature fitted and centred, the seal at its printed size
/// covering the signature's left third (Nghị định 30/2020, Phụ lục I; the
/// layout's `closing` holds the numbers), both centred on the space's
/// middle line.
fn sign_images(
    closing: &crate::layout::Closing,
    width: f32,
    height: f32,
    signature: Option<crate::picture::Picture>,
    seal: Option<(&input::Seal, crate::picture::Picture)>,
) -> Vec<doc::PlacedImage> {
    let mut out = Vec::new();
    let rules = signbox::Rules::of(closing);
    let aspect = signature.as_ref().map(|p| p.aspect());
    let sig = signbox::signature_box(width, height, aspect, &rules);
    if let Some(p) = signature {
        out.push(doc::PlacedImage {
            kind: doc::ImageKind::Signature,
            picture: p,
            x: sig.x,
            y: sig.y,
            width: sig.width,
            height: sig.height,
        });
    }
    if let Some((s, p)) = seal {
        let mm = s
            .width_mm
            .or_else(|| p.ppi.map(|ppi| p.width_px as f32 / ppi * 25.4))
            .filter(|w| (10.0..=80.0).contains(w))
            .unwrap_or(closing.seal_mm);
        let b = signbox::seal_box(&sig, mm * MM, p.aspect(), &rules);
        out.push(doc::PlacedImage {
            kind: doc::ImageKind::Seal,
            picture: p,
            x: b.x,
            y: b.y,
            width: b.width,
            height: b.height,
        });
    }
    out
}

/// The items with `first` (`Như trên`) moved to the front when present.
fn first_item<'a>(items: &'a [Inline], first: Option<&str>) -> Vec<&'a Inline> {
    let key = |t: &Inline| {
        t.text()
            .trim()
            .trim_start_matches("- ")
            .trim_end_matches([';', '.', ','])
            .trim()
            .to_lowercase()
    };
    let mut out: Vec<&Inline> = items.iter().collect();
    if let Some(first) = first {
        let want = first.trim().to_lowercase();
        if let Some(i) = out.iter().position(|t| key(t) == want) {
            let item = out.remove(i);
            out.insert(0, item);
        }
    }
    out
}

/// A paragraph in style `s`.
fn styled(role: Role, s: &Style, mut runs: Vec<Run>) -> Para {
    let style = para_style(s);
    for r in &mut runs {
        r.bold |= s.bold;
        r.italic |= s.italic;
        if s.upper {
            r.text = r.text.to_uppercase();
        }
    }
    Para {
        role,
        runs,
        style,
        rule: None,
        keep_with_next: false,
        label: None,
        sign: None,
    }
}

fn para_style(s: &Style) -> ParaStyle {
    ParaStyle {
        size: s.size,
        align: s.align,
        first_indent: s.first_indent_mm * MM,
        left_indent: s.left_indent_mm * MM,
        space_before: s.space_before,
        space_after: s.space_after,
        line_height: s.line_height * s.size,
        bold: s.bold,
        italic: s.italic,
    }
}

fn plain(text: &str) -> Vec<Run> {
    vec![Run {
        text: text.to_string(),
        ..Run::default()
    }]
}

fn runs(t: &Inline) -> Vec<Run> {
    t.0.iter()
        .map(|r| Run {
            text: r.text.clone(),
            bold: r.bold,
            italic: r.italic,
            underline: r.underline,
        })
        .collect()
}

/// Replaces the slot in a rendered template by `value`'s runs.
fn splice(template: &str, value: &[Run]) -> Vec<Run> {
    let (before, after) = template.split_once(SLOT).unwrap_or((template, ""));
    let mut out = Vec::new();
    if !before.is_empty() {
        out.extend(plain(before));
    }
    out.extend(value.iter().cloned());
    if !after.is_empty() {
        out.extend(plain(after));
    }
    out
}

/// Ends an item with `end` (`;` or `.`), replacing the punctuation it has,
/// and drops a leading `- ` the writer may have typed.
fn punctuate(t: &Inline, end: &str) -> Vec<Run> {
    let mut r = runs(t);
    if let Some(first) = r.first_mut()
        && let Some(rest) = first.text.strip_prefix("- ")
    {
        first.text = rest.to_string();
    }
    if let Some(last) = r.last_mut() {
        let trimmed = last
            .text
            .trim_end()
            .trim_end_matches([';', '.', ','])
            .trim_end();
        last.text = format!("{trimmed}{end}");
    }
    r
}

/// Heading counters per depth, the article counter, and the lists so far.
#[derive(Default)]
struct Numbering {
    counts: Vec<usize>,
    articles: usize,
    chapters: usize,
    lists: usize,
}

impl Numbering {
    /// The label of the next heading at `depth` (1-based): `I.`, `1.`, `1.1.`, `a)`.
    /// Empty if the layout has no numbering levels (a checked layout has).
    fn next(&mut self, layout: &Layout, depth: usize) -> String {
        self.counts.resize(depth.max(1), 0);
        if let Some(last) = self.counts.last_mut() {
            *last += 1;
        }
        // The level of 0-based depth `i`; the last one repeats deeper down.
        let level = |i: usize| layout.numbering.get(i).or(layout.numbering.last());
        // This depth's number, then its parents' while the levels say so.
        let mut numbers = Vec::new();
        let mut suffix = None;
        for (i, &count) in self.counts.iter().enumerate().rev() {
            let Some(lv) = level(i) else {
                return String::new();
            };
            numbers.push(format_number(lv.format, count));
            suffix.get_or_insert(lv.suffix.as_str());
            if !lv.with_parent {
                break;
            }
        }
        numbers.reverse();
        format!("{}{}", numbers.join("."), suffix.unwrap_or_default())
    }
}

fn format_number(f: NumberFormat, n: usize) -> String {
    match f {
        NumberFormat::Decimal => n.to_string(),
        NumberFormat::UpperRoman => roman_numeral(n),
        NumberFormat::LowerLetter => letter(n),
    }
}

/// `n` in upper-case Roman numerals (`14` → `XIV`).
pub fn roman_numeral(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// a, b, … z, aa, ab … (Vietnamese lists skip no letters in practice).
fn letter(n: usize) -> String {
    let mut n = n;
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_administrative_scheme() {
        let l = Layout::nd30().unwrap();
        let mut n = Numbering::default();
        let labels: Vec<String> = [1, 2, 3, 3, 4, 4, 2, 3, 1, 2, 1]
            .iter()
            .map(|&d| n.next(&l, d))
            .collect();
        assert_eq!(
            labels,
            [
                "I.", "1.", "1.1.", "1.2.", "a)", "b)", "2.", "2.1.", "II.", "1.", "III."
            ]
        );
    }

    #[test]
    fn a_layout_without_numbering_levels_gives_no_labels() {
        let mut l = Layout::nd30().unwrap();
        l.numbering.clear();
        let mut n = Numbering::default();
        let labels: Vec<String> = [1, 3, 0].iter().map(|&d| n.next(&l, d)).collect();
        assert_eq!(labels, ["", "", ""]);
        // Depth 0 counts as depth 1.
        let l = Layout::nd30().unwrap();
        let mut n = Numbering::default();
        assert_eq!([n.next(&l, 0), n.next(&l, 1)], ["I.", "II."]);
    }

    #[test]
    fn small_numbers_get_a_leading_zero() {
        let digits = Layout::nd30().unwrap().two_digits;
        assert_eq!(digits.number("5"), "05");
        assert_eq!(digits.number("125"), "125");
        assert_eq!(digits.number("12a"), "12a");
        assert_eq!(TwoDigits::pad(2, digits.month_below), "02");
        assert_eq!(TwoDigits::pad(3, digits.month_below), "3");
        assert_eq!(TwoDigits::pad(9, digits.day_below), "09");
        assert_eq!(roman_numeral(14), "XIV");
        assert_eq!(letter(27), "aa");
    }

    #[test]
    fn dates_follow_the_leading_zero_rule() {
        let l = Layout::nd30().unwrap();
        let pictures = Pictures::default();
        let c = Composer {
            layout: &l,
            pictures: &pictures,
        };
        let line = |d| l.fill("date", &c.date_values("Lam Sơn", d)).unwrap();
        let full = |year, month, day| Some(DateSpec::Full { year, month, day });
        assert_eq!(line(full(2023, 9, 5)), "Lam Sơn, ngày 05 tháng 9 năm 2023");
        assert_eq!(
            line(full(2024, 2, 15)),
            "Lam Sơn, ngày 15 tháng 02 năm 2024"
        );
        assert_eq!(
            line(full(2024, 12, 25)),
            "Lam Sơn, ngày 25 tháng 12 năm 2024"
        );
        let b = l.template("blank_date_part");
        assert_eq!(
            line(Some(DateSpec::Year(2025))),
            format!("Lam Sơn, ngày {b} tháng {b} năm 2025")
        );
    }

    #[test]
    fn items_get_their_punctuation_once() {
        let t = |s: &str| punctuate(&Inline::plain(s), ";")[0].text.clone();
        assert_eq!(t("Như trên"), "Như trên;");
        assert_eq!(t("- Như trên;"), "Như trên;");
        assert_eq!(t("Lưu: VT."), "Lưu: VT;");
    }
}
