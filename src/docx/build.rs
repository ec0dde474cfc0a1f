//! Maps the document model to Word's own model with docx-rs: named styles per
//! element, Word numbering for headings and lists, borderless tables for the
//! header and the closing, rules as paragraph borders sized to the measured
//! text, a `PAGE` field in a header that skips page 1.

use std::collections::BTreeMap;

use docx_rs::{
    AbstractNumbering, AlignmentType, BorderType, BreakType, Docx, FieldCharType, Header,
    IndentLevel, InstrPAGE, InstrText, Level, LevelJc, LevelOverride, LevelSuffixType, LevelText,
    LineSpacing, LineSpacingType, NumberFormat, Numbering, NumberingId, PageMargin, PageNumType,
    PageOrientationType, PageSize, Paragraph, ParagraphBorder, ParagraphBorderPosition, Pic,
    RelativeFromHType, RelativeFromVType, Run, RunFonts, SectionProperty, Start, Style, StyleType,
    Table, TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};

use crate::doc::{self, Block, LabelKind, ListStyle, Para, ParaStyle, Role, RuleOf, TextAlign};
use crate::text::{Shaper, break_para};

/// Twentieths of a point.
fn tw(pt: f32) -> i32 {
    (pt * 20.0).round() as i32
}

fn utw(pt: f32) -> u32 {
    tw(pt).max(0) as u32
}

/// The numbering ids (docx-rs always writes abstractNum/num 1 for its own
/// use, so ours start at 2).
const HEADING_NUM: usize = 2;
const LIST_ABSTRACT: [(ListStyle, usize); 4] = [
    (ListStyle::Dash, 3),
    (ListStyle::Plus, 4),
    (ListStyle::Letter, 5),
    (ListStyle::Number, 6),
];
const FIRST_LIST_NUM: usize = 10;

/// A marker the package pass turns into `<w:tblHeader/>`, which docx-rs cannot
/// write: a row height of 1 twip "at least" (harmless if left).
pub(crate) const HEADER_ROW_MARK: f32 = 1.0;

/// Builds the Word document: one section per part (the main text, then
/// each appendix with its own paper, orientation and page numbers from 1).
pub(crate) fn build(doc: &doc::Document, shaper: &Shaper, family: &str) -> Docx {
    let mut b = Builder {
        shaper,
        styles: BTreeMap::new(),
        lists: BTreeMap::new(),
        heading_levels: None,
        part_headings: BTreeMap::new(),
        next_num: FIRST_LIST_NUM,
        part: 0,
        first_indent: 0.0,
        pictures: 0,
    };
    let number_style = doc.page.page_number;
    let page_number_style = b.style_for(Role::PageNumber, &number_style);
    // The two headers, referenced by every section: the `PAGE` field, and
    // an empty one for each section's first page (`titlePg`).
    let mut docx = Docx::new()
        .default_fonts(fonts(family))
        .default_size((number_style.size * 2.0).round() as usize)
        .header(Header::new().add_paragraph(page_number(&page_number_style)))
        .first_header(Header::new().add_paragraph(Paragraph::new().style(&page_number_style)));
    let parts: Vec<(&doc::Page, &[Block])> = doc.parts().collect();
    let last = parts.len().saturating_sub(1);
    for (i, (page, blocks)) in parts.into_iter().enumerate() {
        b.part = i;
        docx = b.part(docx, page, blocks);
        if i < last {
            // The section ends with a paragraph holding its properties.
            docx = docx.add_paragraph(section_end(&mut b, section(page, i)));
        } else {
            docx.document.section_property = SectionProperty {
                header_reference: docx.document.section_property.header_reference.clone(),
                header: docx.document.section_property.header.clone(),
                first_header_reference: docx
                    .document
                    .section_property
                    .first_header_reference
                    .clone(),
                first_header: docx.document.section_property.first_header.clone(),
                ..section(page, i)
            };
        }
    }
    for style in b.styles.into_values() {
        docx = docx.add_style(style.0);
    }
    if let Some(levels) = b.heading_levels {
        docx = docx
            .add_abstract_numbering(levels)
            .add_numbering(Numbering::new(HEADING_NUM, HEADING_NUM));
        // Each appendix numbers its headings afresh (I., 1., a)).
        for num in b.part_headings.values() {
            docx = docx.add_numbering(
                Numbering::new(*num, HEADING_NUM).add_override(LevelOverride::new(0).start(1)),
            );
        }
    }
    for (style, abstract_id) in LIST_ABSTRACT {
        docx = docx.add_abstract_numbering(list_levels(style, abstract_id, b.first_indent));
    }
    for (num, style) in b.lists.values() {
        let abstract_id = LIST_ABSTRACT
            .iter()
            .find(|(s, _)| s == style)
            .map_or(3, |x| x.1);
        docx = docx.add_numbering(
            Numbering::new(*num, abstract_id).add_override(LevelOverride::new(0).start(1)),
        );
    }
    docx
}

/// A part's section properties: paper (turned for landscape), margins,
/// no number on its first page, and, for an appendix, numbers from 1. The
/// header references are the document's two headers.
fn section(page: &doc::Page, part: usize) -> SectionProperty {
    let number_style = page.page_number;
    let mut size = PageSize::new().size(utw(page.width), utw(page.height));
    if page.is_landscape() {
        size = size.orient(PageOrientationType::Landscape);
    }
    let mut s = SectionProperty::new()
        .page_size(size)
        .page_margin(PageMargin {
            top: tw(page.top),
            left: tw(page.left),
            bottom: tw(page.bottom),
            right: tw(page.right),
            header: tw((page.top - number_style.line_height) / 2.0),
            footer: tw(page.bottom / 2.0),
            gutter: 0,
        })
        .title_pg();
    if part > 0 {
        s = s.page_num_type(PageNumType::new().start(1));
    }
    s
}

/// The paragraph that ends a section: as small as Word allows, so that it
/// never adds a page of its own, with the section's properties and the
/// references to the document's headers.
fn section_end(b: &mut Builder, props: SectionProperty) -> Paragraph {
    let style = ParaStyle {
        size: 1.0,
        align: TextAlign::Left,
        first_indent: 0.0,
        left_indent: 0.0,
        space_before: 0.0,
        space_after: 0.0,
        line_height: 1.0,
        bold: false,
        italic: false,
    };
    let id = b.named_style("VbSectionEnd".into(), "vanban Section End".into(), &style);
    let mut props = props;
    props.header_reference = Some(docx_rs::HeaderReference::new(
        "default",
        docx_rs::create_header_rid(1),
    ));
    props.first_header_reference = Some(docx_rs::HeaderReference::new(
        "first",
        docx_rs::create_header_rid(2),
    ));
    Paragraph::new().style(&id).section_property(props)
}

fn fonts(family: &str) -> RunFonts {
    RunFonts::new()
        .ascii(family)
        .hi_ansi(family)
        .cs(family)
        .east_asia(family)
}

fn page_number(style: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
        .add_run(Run::new().add_instr_text(InstrText::PAGE(InstrPAGE::new())))
        .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
        .add_run(Run::new().add_text("2"))
        .add_run(Run::new().add_field_char(FieldCharType::End, false))
}

struct Builder<'a> {
    shaper: &'a Shaper<'a>,
    /// Style id → (style, the paragraph style it was made from).
    styles: BTreeMap<String, (Style, ParaStyle)>,
    /// List id in the document model → (num id, marker style).
    lists: BTreeMap<usize, (usize, ListStyle)>,
    heading_levels: Option<AbstractNumbering>,
    /// The list items' first-line indent, for the list levels.
    first_indent: f32,
    /// Images so far.
    pictures: u32,
    /// The part being built: 0 the main text, `i + 1` appendix `i`.
    part: usize,
    /// Part → the num id of its headings (the main text's is `HEADING_NUM`).
    part_headings: BTreeMap<usize, usize>,
    /// The next free num id (lists and appendix headings).
    next_num: usize,
}

/// The style id of an element.
fn style_id(role: Role) -> String {
    match role {
        Role::Heading(d) => format!("VbHeading{d}"),
        Role::ListItem(d) => format!("VbListItem{d}"),
        other => format!("Vb{other:?}"),
    }
}

fn style_name(role: Role) -> String {
    match role {
        Role::Heading(d) => format!("vanban Heading {d}"),
        Role::ListItem(d) => format!("vanban List {d}"),
        other => format!("vanban {other:?}"),
    }
}

fn align(a: TextAlign) -> AlignmentType {
    match a {
        TextAlign::Left => AlignmentType::Left,
        TextAlign::Center => AlignmentType::Center,
        TextAlign::Right => AlignmentType::Right,
        // docx-rs's `Justified` writes an invalid value; `both` is Word's.
        TextAlign::Justify => AlignmentType::Both,
    }
}

fn spacing(s: &ParaStyle) -> LineSpacing {
    LineSpacing::new()
        .before(utw(s.space_before))
        .after(utw(s.space_after))
        .line(tw(s.line_height))
        .line_rule(LineSpacingType::Exact)
}

impl Builder<'_> {
    /// One part's blocks, on `page`.
    fn part(&mut self, mut docx: Docx, page: &doc::Page, blocks: &[Block]) -> Docx {
        let b = self;
        let mut page_break = false;
        for block in blocks {
            match block {
                Block::Para(p) => {
                    for mut para in b.para(p, page.text_width()) {
                        if page_break {
                            para = para.page_break_before(true);
                            page_break = false;
                        }
                        docx = docx.add_paragraph(para);
                    }
                }
                Block::Columns(c) => docx = docx.add_table(b.columns(c, page.text_width())),
                Block::Table(t) => {
                    if page_break {
                        docx = docx.add_paragraph(
                            Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
                        );
                        page_break = false;
                    }
                    docx = docx.add_table(b.table(t, page.text_width()));
                }
                Block::PageBreak => page_break = true,
            }
        }
        docx
    }

    /// The id of the style for `role`, defining it from `s` the first time.
    fn style_for(&mut self, role: Role, s: &ParaStyle) -> String {
        self.named_style(style_id(role), style_name(role), s)
    }

    fn named_style(&mut self, id: String, name: String, s: &ParaStyle) -> String {
        self.styles.entry(id.clone()).or_insert_with(|| {
            let mut style = Style::new(id.clone(), StyleType::Paragraph)
                .name(name)
                .size((s.size * 2.0).round() as usize)
                .align(align(s.align))
                .line_spacing(spacing(s))
                .indent(Some(tw(s.left_indent)), first_line(s), None, None);
            if s.bold {
                style = style.bold();
            }
            if s.italic {
                style = style.italic();
            }
            (style, *s)
        });
        id
    }

    /// A paragraph, and the rule paragraph under it if it has one.
    fn para(&mut self, p: &Para, width: f32) -> Vec<Paragraph> {
        let s = &p.style;
        let id = self.style_for(p.role, s);
        let mut para = Paragraph::new().style(&id);
        // Direct formatting where this paragraph differs from its style.
        if let Some((_, base)) = self.styles.get(&id) {
            let base = *base;
            if base.align != s.align {
                para = para.align(align(s.align));
            }
            if base.left_indent != s.left_indent || base.first_indent != s.first_indent {
                para = para.indent(Some(tw(s.left_indent)), first_line(s), None, None);
            }
            if base.space_before != s.space_before || base.space_after != s.space_after {
                para = para.line_spacing(spacing(s));
            }
        }
        let keep =
            p.keep_with_next || matches!(p.role, Role::Heading(_) | Role::Title | Role::Subject);
        if keep {
            para = para.keep_next(true);
        }
        if let Some(label) = &p.label {
            para = match label.kind {
                LabelKind::Heading { depth } => {
                    self.heading_levels
                        .get_or_insert_with(|| heading_levels(s.first_indent));
                    let num = match self.part {
                        0 => HEADING_NUM,
                        part => *self.part_headings.entry(part).or_insert_with(|| {
                            self.next_num += 1;
                            self.next_num - 1
                        }),
                    };
                    para.numbering(
                        NumberingId::new(num),
                        IndentLevel::new(usize::from(depth.max(1)) - 1),
                    )
                }
                LabelKind::List { list, style, .. } => {
                    self.first_indent = s.first_indent;
                    let next = self.next_num;
                    let num = self.lists.entry(list).or_insert((next, style)).0;
                    if num == next {
                        self.next_num += 1;
                    }
                    para.numbering(NumberingId::new(num), IndentLevel::new(0))
                }
            };
        }
        for r in &p.runs {
            para = para.add_run(run(r, s));
        }
        let Some(rule) = p.rule else {
            return vec![para];
        };
        // The rule sits right under the text: the paragraph's space after
        // goes below the rule instead.
        if s.space_after > 0.0 {
            para = para.line_spacing(spacing(&ParaStyle {
                space_after: 0.0,
                ..*s
            }));
        }
        let rule = self.rule(p, &rule, width);
        let rule = rule.line_spacing(
            LineSpacing::new()
                .before(utw(self.rule_gap(p)))
                .after(utw(s.space_after))
                .line(40)
                .line_rule(LineSpacingType::Exact),
        );
        vec![para, rule]
    }

    /// An empty paragraph whose top border is the rule: as long as the rule
    /// under the text in the PDF (measured with the same line breaking).
    fn rule(&mut self, p: &Para, rule: &doc::RuleSpec, width: f32) -> Paragraph {
        let lines = break_para(self.shaper, p, width);
        let measured = match rule.of {
            RuleOf::LastLine => lines.last().map_or(0.0, |l| l.width),
            RuleOf::LongestLine => lines.iter().map(|l| l.width).fold(0.0, f32::max),
        };
        let length = measured * rule.ratio;
        let side = ((width - length) / 2.0).max(0.0);
        let style = ParaStyle {
            size: 2.0,
            align: TextAlign::Left,
            first_indent: 0.0,
            left_indent: 0.0,
            space_before: 0.0,
            space_after: 0.0,
            line_height: 2.0,
            bold: false,
            italic: false,
        };
        let id = self.named_style("VbRule".into(), "vanban Rule".into(), &style);
        let mut para =
            Paragraph::new()
                .style(&id)
                .indent(Some(tw(side)), None, Some(tw(side)), None);
        if p.keep_with_next || matches!(p.role, Role::Subject) {
            para = para.keep_next(true);
        }
        // Only the top border: docx-rs's default border set has all four.
        para.property = para.property.set_borders(
            docx_rs::ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Top)
                    .val(BorderType::Single)
                    .size(((rule.thickness_pt * 8.0).round() as usize).max(2))
                    .space(0)
                    .color("000000"),
            ),
        );
        para
    }

    /// The PDF draws a rule `offset` below the last baseline; the line box
    /// ends (line height − baseline) below it: the rest is space before the
    /// rule paragraph.
    fn rule_gap(&self, p: &Para) -> f32 {
        let s = &p.style;
        let base = self.shaper.fonts().baseline(s.size, s.line_height);
        p.rule
            .map_or(0.0, |r| (r.offset_pt - (s.line_height - base)).max(0.0))
    }

    /// Columns as a borderless one-row table.
    fn columns(&mut self, c: &doc::Columns, width: f32) -> Table {
        let widths: Vec<f32> = c.columns.iter().map(|col| col.share * width).collect();
        let cells: Vec<TableCell> = c
            .columns
            .iter()
            .zip(&widths)
            .map(|(col, &w)| {
                let mut cell = TableCell::new()
                    .width(utw(w) as usize, WidthType::Dxa)
                    .clear_all_border();
                let mut paras: Vec<Paragraph> = Vec::new();
                for (i, p) in col.paras.iter().enumerate() {
                    let mut p = p.clone();
                    if i == 0 {
                        p.style.space_before += c.space_before;
                    }
                    let mut out = self.para(&p, w);
                    // A signature space's images hang from the line above it.
                    if let (Some(next), Some(last)) = (col.paras.get(i + 1), out.last_mut())
                        && let Some(sign) = &next.sign
                    {
                        let below = p.style.line_height + p.style.space_after;
                        for im in &sign.images {
                            let pic = self.picture(im, below);
                            *last = std::mem::take(last).add_run(Run::new().add_image(pic));
                        }
                    }
                    paras.extend(out);
                }
                if paras.is_empty() {
                    paras.push(Paragraph::new());
                }
                for p in paras {
                    cell = cell.add_paragraph(p);
                }
                cell
            })
            .collect();
        Table::without_borders(vec![TableRow::new(cells).cant_split()])
            .set_grid(widths.iter().map(|&w| utw(w) as usize).collect())
            .width(utw(width) as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(0, 0, 0, 0))
    }

    /// An image floating in front of the text, from the left of its column
    /// and from the top of the anchoring line, `below` points above the
    /// signature space. Ids are numbered here, not by docx-rs's global
    /// counter, so output is deterministic.
    fn picture(&mut self, im: &doc::PlacedImage, below: f32) -> Pic {
        const EMU: f32 = 12_700.0;
        self.pictures += 1;
        let emu = |pt: f32| (pt * EMU).round() as i32;
        let mut pic = Pic::new_with_dimensions(
            im.picture.data.to_vec(),
            im.picture.width_px,
            im.picture.height_px,
        )
        .id(format!("rIdImage{}", self.pictures))
        .size(emu(im.width).max(1) as u32, emu(im.height).max(1) as u32)
        .floating()
        .overlapping()
        .relative_from_h(RelativeFromHType::Column)
        .relative_from_v(RelativeFromVType::Line)
        .offset_x(emu(im.x))
        .offset_y(emu(below + im.y));
        pic.layout_in_cell = true;
        pic.relative_height = 251_659_264 + self.pictures;
        pic
    }

    /// A body table: borders, header row repeated, rows kept whole.
    fn table(&mut self, t: &doc::Table, width: f32) -> Table {
        let widths: Vec<f32> = t.columns.iter().map(|c| c.share * width).collect();
        let pad = utw(t.padding) as usize;
        let row = |cells: &[Para], header: bool, b: &mut Self| {
            let cells: Vec<TableCell> = cells
                .iter()
                .zip(&widths)
                .map(|(p, &w)| {
                    let mut cell = TableCell::new().width(utw(w) as usize, WidthType::Dxa);
                    for para in b.para(p, w - 2.0 * t.padding) {
                        cell = cell.add_paragraph(para);
                    }
                    cell
                })
                .collect();
            let r = TableRow::new(cells).cant_split();
            if header {
                r.row_height(HEADER_ROW_MARK)
            } else {
                r
            }
        };
        let mut rows = vec![row(&t.header, true, self)];
        for r in &t.rows {
            rows.push(row(r, false, self));
        }
        let border = ((t.border * 8.0).round() as usize).max(2);
        let mut table = Table::new(rows)
            .set_grid(widths.iter().map(|&w| utw(w) as usize).collect())
            .width(utw(width) as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(pad, pad, pad, pad));
        table = table.set_borders(
            docx_rs::TableBorders::with_empty().set(
                docx_rs::TableBorder::new(docx_rs::TableBorderPosition::Top)
                    .size(border)
                    .border_type(BorderType::Single),
            ),
        );
        for pos in [
            docx_rs::TableBorderPosition::Left,
            docx_rs::TableBorderPosition::Bottom,
            docx_rs::TableBorderPosition::Right,
            docx_rs::TableBorderPosition::InsideH,
            docx_rs::TableBorderPosition::InsideV,
        ] {
            table = table.set_border(
                docx_rs::TableBorder::new(pos)
                    .size(border)
                    .border_type(BorderType::Single),
            );
        }
        table
    }
}

fn first_line(s: &ParaStyle) -> Option<docx_rs::SpecialIndentType> {
    (s.first_indent != 0.0).then(|| docx_rs::SpecialIndentType::FirstLine(tw(s.first_indent)))
}

/// A run; emphasis written only where it differs from the paragraph style.
fn run(r: &doc::Run, s: &ParaStyle) -> Run {
    let mut run = Run::new();
    for (i, part) in r.text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        if !part.is_empty() {
            run = run.add_text(part);
        }
    }
    match (r.bold, s.bold) {
        (true, false) => run = run.bold(),
        (false, true) => run = run.disable_bold(),
        _ => {}
    }
    match (r.italic, s.italic) {
        (true, false) => run = run.italic(),
        (false, true) => run = run.disable_italic(),
        _ => {}
    }
    if r.underline {
        run = run.underline("single");
    }
    run
}

/// `I.`, `1.`, `1.1.`, `a)` — the nd30 scheme, then `a)` repeated deeper down.
fn heading_levels(first_indent: f32) -> AbstractNumbering {
    let levels: [(&str, &str); 9] = [
        ("upperRoman", "%1."),
        ("decimal", "%2."),
        ("decimal", "%2.%3."),
        ("lowerLetter", "%4)"),
        ("lowerLetter", "%5)"),
        ("lowerLetter", "%6)"),
        ("lowerLetter", "%7)"),
        ("lowerLetter", "%8)"),
        ("lowerLetter", "%9)"),
    ];
    let mut a = AbstractNumbering::new(HEADING_NUM);
    for (i, (fmt, text)) in levels.iter().enumerate() {
        a = a.add_level(level(i, fmt, text, first_indent));
    }
    a
}

/// One numbering level: the number at the first-line indent, then a space.
fn level(index: usize, fmt: &str, text: &str, first_indent: f32) -> Level {
    Level::new(
        index,
        Start::new(1),
        NumberFormat::new(fmt),
        LevelText::new(text),
        LevelJc::new("left"),
    )
    .indent(
        Some(0),
        Some(docx_rs::SpecialIndentType::FirstLine(tw(first_indent))),
        None,
        None,
    )
    .suffix(LevelSuffixType::Space)
}

fn list_levels(style: ListStyle, id: usize, first_indent: f32) -> AbstractNumbering {
    let (fmt, text) = match style {
        ListStyle::Dash => ("bullet", "-"),
        ListStyle::Plus => ("bullet", "+"),
        ListStyle::Letter => ("lowerLetter", "%1)"),
        ListStyle::Number => ("decimal", "%1."),
    };
    AbstractNumbering::new(id).add_level(level(0, fmt, text, first_indent))
}
