//! The body phase: pieces by their markers, joined when hard-wrapped,
//! then nested into sections, chapters, articles and lists.

use super::*;

/// Heading levels in the order they nest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Level {
    Roman,
    Num1,
    Num2,
    Num3,
    Letter,
}

/// A body element before nesting.
#[derive(Debug, Clone)]
pub(super) enum Piece {
    /// A numbered heading: its level, its number (the last part), its text.
    Heading(Level, usize, String),
    Article(String),
    Item(&'static str, String),
    Para(String),
    Center(String),
    /// `Chương I` and its title.
    Chapter(String),
    /// A table, already as input JSON.
    Table(input::Table),
}

/// The body's pieces from `lines[*i]` up to Nơi nhận, the signature or the
/// line after the content's `./.`, with each piece's runs (empty: plain);
/// `*i` is left at the first line not taken. `decision_printed` is the
/// deciding line the layout prints itself (not taken twice).
pub(super) fn body(
    lines: &[Line],
    i: &mut usize,
    full: usize,
    decision_printed: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> (Vec<(usize, Piece)>, Vec<Vec<Run>>) {
    let mut pieces: Vec<(usize, Piece)> = Vec::new();
    // Each piece's runs, where its source said which text was bold,
    // italic or underlined (empty: plain).
    let mut emphasis: Vec<Vec<Run>> = Vec::new();
    let mut prev_len = 0;
    let mut in_article = false;
    let mut cells_checked = 0;
    while let Some(l) = lines.get(*i) {
        let t = l.text.as_str();
        if t.starts_with("Nơi nhận") || signature_start(t) {
            break;
        }
        // `./.` ends the content: what follows is the closing.
        if pieces
            .last()
            .is_some_and(|(_, p)| piece_text(p).trim_end().ends_with("./."))
            && matches!(classify(t, in_article), Piece::Para(_))
        {
            break;
        }
        if let Some(table) = &l.table {
            pieces.push((l.number, Piece::Table(table.clone())));
            emphasis.push(Vec::new());
            *i += 1;
            prev_len = 0;
            continue;
        }
        if let Some((table, used)) = crate::import::table::table_at(lines, *i, full) {
            pieces.push((l.number, Piece::Table(table)));
            emphasis.push(Vec::new());
            *i += used;
            prev_len = 0;
            continue;
        }
        if *i >= cells_checked
            && let Some((cells, used)) = crate::import::table::cells_at(lines, *i, full)
            && cells.len() >= 4
        {
            // Short blocks between blank lines, but no serial column to
            // count the columns by: kept as paragraphs, and said.
            warnings.push(Warning::new(
                l.number,
                crate::msg!("import-warn-table-cells", count = cells.len()),
            ));
            cells_checked = *i + used;
        }
        if is_decision(t) {
            let line = t.to_uppercase();
            if decision_printed.is_some_and(|d| squash_upper(d) == squash_upper(&line)) {
                // The layout prints it after the preamble: not twice.
                warnings.push(Warning::new(
                    l.number,
                    crate::msg!("import-warn-deciding-line", t = t),
                ));
            } else {
                // In capitals as the layout prints it (TCVN3 text may hold them lower-cased).
                pieces.push((l.number, Piece::Center(line)));
                emphasis.push(Vec::new());
            }
            *i += 1;
            continue;
        }
        let mut piece = classify(t, in_article);
        if let Piece::Article(_) = piece {
            in_article = true;
        }
        if let Piece::Chapter(title) = &mut piece
            && title.is_empty()
            && let Some(next) = lines.get(*i + 1)
            && is_upper(&next.text)
        {
            // `Chương I` / `NHỮNG QUY ĐỊNH CHUNG`: the title on its own line.
            *title = next.text.clone();
            *i += 1;
        }
        // A line that ended well short of the measure ended its paragraph.
        let prev_short = prev_len * 100 < full * 85;
        match piece {
            Piece::Para(text)
                if !l.whole && continues(l, pieces.last().map(|p| &p.1), prev_short) =>
            {
                if let Some((_, last)) = pieces.last_mut() {
                    append(last, &text);
                }
                if let Some(runs) = emphasis.last_mut() {
                    runs.push(Run {
                        text: " ".into(),
                        ..runs.last().cloned().unwrap_or_default()
                    });
                    runs.extend(tail_runs(&l.runs, &text));
                }
            }
            p => {
                emphasis.push(tail_runs(&l.runs, piece_text(&p)));
                pieces.push((l.number, p));
            }
        }
        prev_len = t.chars().count();
        *i += 1;
    }
    (pieces, emphasis)
}

pub(super) fn piece_text(p: &Piece) -> &str {
    match p {
        Piece::Heading(_, _, s)
        | Piece::Article(s)
        | Piece::Item(_, s)
        | Piece::Para(s)
        | Piece::Chapter(s)
        | Piece::Center(s) => s,
        Piece::Table(_) => "",
    }
}

pub(super) fn append(p: &mut Piece, text: &str) {
    let s = match p {
        Piece::Heading(_, _, s)
        | Piece::Article(s)
        | Piece::Item(_, s)
        | Piece::Para(s)
        | Piece::Chapter(s)
        | Piece::Center(s) => s,
        Piece::Table(_) => return,
    };
    // A word hyphenated across lines is not rejoined: Vietnamese syllables
    // are whole words, and a hyphen at a line end is a real dash.
    s.push(' ');
    s.push_str(text);
}

/// The length of a full line: the 75th percentile of the lengths of lines
/// of running text (no blank line before or after: not a table cell nor a
/// header column), since most of them fill the measure.
pub(super) fn typical_length(lines: &[Line]) -> usize {
    let running =
        |k: usize| lines.get(k).is_some_and(|l| !l.gap) && lines.get(k + 1).is_none_or(|n| !n.gap);
    let mut lens: Vec<usize> = (0..lines.len())
        .filter(|&k| running(k))
        .filter_map(|k| lines.get(k).map(|l| l.text.chars().count()))
        .collect();
    if lens.len() < 4 {
        lens = lines.iter().map(|l| l.text.chars().count()).collect();
    }
    lens.sort_unstable();
    lens.get(lens.len() * 3 / 4).copied().unwrap_or(0)
}

/// Whether a plain line continues the piece before it rather than starting
/// a paragraph: hard-wrapped text is joined; a new paragraph starts after a
/// line that ended short, at an indented line, or at a `*` line. A heading
/// that ended without punctuation takes the line that completes it.
pub(super) fn continues(l: &Line, prev: Option<&Piece>, prev_short: bool) -> bool {
    let t = l.text.as_str();
    let Some(prev) = prev else {
        return false;
    };
    let upper_start = t.chars().next().is_some_and(char::is_uppercase);
    match prev {
        Piece::Center(_) | Piece::Table(_) | Piece::Chapter(_) => false,
        Piece::Heading(_, _, h) => {
            let open = !h.trim_end().ends_with(['.', ':', '!', '?']);
            let short_tail = t.split_whitespace().count() <= 2 && t.ends_with(['.', ';']);
            // A heading line can fill the measure and the paragraph start
            // on the next: only a lower-case start, more upper-case text
            // or a lone last word continues it.
            open && !l.indented
                && (is_upper(h) && is_upper(t) || short_tail || !prev_short && !upper_start)
        }
        // A list item is one sentence: after its `;` or `.`, a capital
        // starts what follows.
        Piece::Item(_, item) if upper_start && item.trim_end().ends_with(['.', ';']) => false,
        // Lines in capitals run on (a caption over two lines).
        Piece::Para(p) if is_upper(p) && is_upper(t) && !l.gap => true,
        Piece::Article(_) | Piece::Item(..) | Piece::Para(_) => {
            !t.starts_with("* ")
                && !t.starts_with("Trên đây")
                && !(upper_start && (l.indented || prev_short))
        }
    }
}

/// What a body line is, by its marker.
pub(super) fn classify(t: &str, in_article: bool) -> Piece {
    if let Some(title) = chapter_line(t) {
        return Piece::Chapter(title);
    }
    // (`điều`: TCVN3 text may hold the capital in lower case.)
    if let Some(rest) = t.strip_prefix("Điều ").or_else(|| t.strip_prefix("điều "))
        && let Some((n, title)) = rest.split_once('.')
        && n.trim().chars().all(|c| c.is_ascii_digit())
        && !n.trim().is_empty()
    {
        return Piece::Article(title.trim().to_string());
    }
    if let Some((roman, rest)) = t.split_once(". ")
        && is_roman(roman)
    {
        return Piece::Heading(Level::Roman, roman_value(roman), heading_text(rest));
    }
    if let Some((n, number, rest)) = numbered(t) {
        let level = match n {
            1 => Level::Num1,
            2 => Level::Num2,
            _ => Level::Num3,
        };
        if in_article && n == 1 {
            return Piece::Item("1.", rest.to_string());
        }
        return Piece::Heading(level, number, heading_text(rest));
    }
    if let Some(rest) = letter_item(t) {
        return Piece::Item("a)", rest.to_string());
    }
    for (m, marker) in [("- ", "-"), ("– ", "-"), ("+ ", "+")] {
        if let Some(rest) = t.strip_prefix(m) {
            return Piece::Item(marker, rest.trim().to_string());
        }
    }
    Piece::Para(t.to_string())
}

/// `Chương I`, `CHƯƠNG II. QUY ĐỊNH CHUNG`, `Chương 3: …` → the title
/// after the number (empty when it is on the next line).
pub(super) fn chapter_line(t: &str) -> Option<String> {
    let rest = t
        .strip_prefix("Chương ")
        .or_else(|| t.strip_prefix("CHƯƠNG "))?;
    let (number, title) = match rest.split_once([' ', '.', ':']) {
        Some((n, title)) => (n, title.trim_start_matches(['.', ':', ' ', '-', '–'])),
        None => (rest, ""),
    };
    let number = number.trim_end_matches(['.', ':']);
    (is_roman(number) || !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
        .then(|| title.trim().to_string())
}

/// `1. text` → (1, 1, text); `1.2. text` → (2, 2, text); `1.2.3. text` →
/// (3, 3, text): the depth, the last number, the text.
pub(super) fn numbered(t: &str) -> Option<(usize, usize, &str)> {
    let (head, rest) = t.split_once(' ')?;
    let head = head.strip_suffix('.')?;
    let parts: Vec<&str> = head.split('.').collect();
    if parts.is_empty()
        || parts.len() > 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let last = parts.last()?.parse().ok()?;
    Some((parts.len(), last, rest.trim()))
}

pub(super) fn letter_item(t: &str) -> Option<&str> {
    let mut chars = t.chars();
    let c = chars.next()?;
    if !(c.is_ascii_lowercase() || c == 'đ') || chars.next() != Some(')') {
        return None;
    }
    t.get(c.len_utf8() + 1..).map(str::trim)
}

pub(super) fn is_body_start(t: &str) -> bool {
    !matches!(classify(t, false), Piece::Para(_))
}

/// A body element once its context is known.
pub(super) enum Block {
    /// A numbered heading at a level.
    Heading(Level, String),
    /// A heading printed without a number.
    Unnumbered(String),
    Article(String),
    Item(&'static str, String),
    Para(String),
    Center(String),
    Chapter(String),
    Table(input::Table),
}

/// Decides, with the pieces around it, what each piece is: a numbered
/// line ending like a sentence, or continuing a numbered list, is an item;
/// an `a)` line without punctuation is a heading; a short line without
/// punctuation between paragraphs is an unnumbered heading; a line in
/// capitals is centred.
pub(super) fn reclassify(pieces: Vec<(usize, Piece)>, warnings: &mut Vec<Warning>) -> Vec<Block> {
    let mut out = Vec::with_capacity(pieces.len());
    let items = numbered_items(&pieces);
    // Items in the current `1.` list (its sub-items do not end it).
    let mut run = 0usize;
    let mut iter = pieces.into_iter().enumerate().peekable();
    while let Some((k, (line, piece))) = iter.next() {
        let next = iter.peek().map(|(_, (_, p))| p);
        let block = match piece {
            Piece::Heading(Level::Num1, n, text)
                if items.contains(&k)
                    || text.chars().count() > 90
                    || text.trim_end().ends_with([';', ','])
                    || (run > 0 && n == run + 1) =>
            {
                run = n;
                Block::Item("1.", text)
            }
            Piece::Heading(level, _, text) => {
                run = 0;
                Block::Heading(level, text)
            }
            Piece::Item("a)", text) if !ends_sentence(&text) && text.chars().count() <= 90 => {
                run = 0;
                Block::Heading(Level::Letter, text)
            }
            Piece::Item(marker, text) => {
                if marker == "1." {
                    run += 1;
                } else if marker != "+" {
                    run = 0;
                }
                Block::Item(marker, text)
            }
            Piece::Para(text) if is_upper(&text) => {
                run = 0;
                Block::Center(text)
            }
            Piece::Para(text)
                if text.chars().count() <= 60
                    && text.split_whitespace().count() >= 2
                    && !ends_sentence(&text)
                    && text.chars().next().is_some_and(char::is_uppercase)
                    && text
                        .chars()
                        .all(|c| c.is_alphabetic() || matches!(c, ' ' | ',' | '-' | '–'))
                    && matches!(next, Some(Piece::Para(_) | Piece::Item(..))) =>
            {
                run = 0;
                warnings.push(Warning::new(
                    line,
                    crate::msg!("import-warn-unnumbered-heading", text = &text),
                ));
                Block::Unnumbered(text)
            }
            Piece::Para(text) => {
                run = 0;
                Block::Para(text)
            }
            Piece::Article(text) => {
                run = 0;
                Block::Article(text)
            }
            Piece::Center(text) => {
                run = 0;
                Block::Center(text)
            }
            Piece::Table(t) => {
                run = 0;
                Block::Table(t)
            }
            Piece::Chapter(t) => {
                run = 0;
                Block::Chapter(t)
            }
        };
        out.push(block);
    }
    out
}

/// What an open container is headed by while nesting.
pub(super) enum Head {
    /// The body itself.
    Body,
    /// A section.
    Heading(Inline, bool),
    /// An article.
    Article(Inline),
    /// A chapter.
    Chapter(Inline),
}

/// The `1.` … `n.` lines that are one numbered list rather than headings:
/// a run numbered 1, 2, 3 … with nothing but `-`/`+` items between them,
/// where one of them reads as an item (longer than a heading, ending like
/// a clause, or a `Label: value` line such as a giấy mời's `1. Chủ trì:
/// Đồng chí …`). Without this the run broke in two: headings, then a list
/// the layout numbered from 1 again.
fn numbered_items(pieces: &[(usize, Piece)]) -> std::collections::BTreeSet<usize> {
    let item_like = |t: &str| {
        t.chars().count() > 90
            || t.trim_end().ends_with([';', ','])
            || t.split_once(": ")
                .is_some_and(|(_, v)| v.split_whitespace().count() >= 3)
    };
    let mut out = std::collections::BTreeSet::new();
    let mut k = 0;
    while let Some((_, p)) = pieces.get(k) {
        let Piece::Heading(Level::Num1, 1, _) = p else {
            k += 1;
            continue;
        };
        let mut members = vec![k];
        let mut j = k + 1;
        while let Some((_, p)) = pieces.get(j) {
            match p {
                Piece::Item("-" | "+", _) => j += 1,
                Piece::Heading(Level::Num1, n, _) if *n == members.len() + 1 => {
                    members.push(j);
                    j += 1;
                }
                _ => break,
            }
        }
        let any_item = members
            .iter()
            .any(|m| matches!(pieces.get(*m), Some((_, Piece::Heading(_, _, t))) if item_like(t)));
        if members.len() >= 2 && any_item {
            out.extend(members);
        }
        k = j.max(k + 1);
    }
    out
}

/// An open container while nesting: its depth, its head, its content.
pub(super) struct Open {
    depth: usize,
    head: Head,
    content: Vec<input::Block>,
}

/// Rebuilds sections from headings: each heading holds what follows it
/// until a heading of its level or higher; articles nest in the section
/// they stand in, chapters hold their articles; items in a row form one
/// list, `+` items after another list's item its sub-list.
pub(super) fn nest(
    pieces: Vec<(usize, Piece)>,
    emphasis: Vec<Vec<Run>>,
    warnings: &mut Vec<Warning>,
) -> Vec<input::Block> {
    let blocks = reclassify(pieces, warnings);
    // Levels present, in nesting order, give the depths.
    let mut levels: Vec<Level> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(l, _) => Some(*l),
            _ => None,
        })
        .collect();
    levels.sort();
    levels.dedup();
    let depth = |l: Level| levels.iter().position(|x| *x == l).unwrap_or(0) + 1;
    let mut stack: Vec<Open> = vec![Open {
        depth: 0,
        head: Head::Body,
        content: Vec::new(),
    }];
    let open = |stack: &mut Vec<Open>, depth: usize, head: Head| {
        close_to(stack, depth);
        stack.push(Open {
            depth,
            head,
            content: Vec::new(),
        });
    };
    let mut emphasis = emphasis.into_iter();
    for block in blocks {
        let runs = emphasis.next().unwrap_or_default();
        let value = match block {
            Block::Heading(l, text) => {
                let head = Head::Heading(plain(&heading_final(&text)), true);
                open(&mut stack, depth(l), head);
                continue;
            }
            Block::Unnumbered(text) => {
                // A sibling of the innermost open section.
                let section = stack
                    .iter()
                    .rev()
                    .find(|o| matches!(o.head, Head::Heading(..)))
                    .map(|o| o.depth);
                match section {
                    Some(d) => {
                        open(&mut stack, d, Head::Heading(plain(&text), false));
                        continue;
                    }
                    None => input::Block::Paragraph(plain(&text)),
                }
            }
            // The closing sentence stands outside the sections.
            Block::Para(text) if text.starts_with("Trên đây") => {
                close_to(&mut stack, 1);
                input::Block::Paragraph(inline(&text, &runs))
            }
            Block::Chapter(text) => {
                // Chapters hold everything up to the next one.
                open(&mut stack, 1, Head::Chapter(plain(&text)));
                continue;
            }
            Block::Article(text) => {
                // After the article before it, or inside the open section.
                let d = match stack
                    .iter()
                    .rev()
                    .find(|o| matches!(o.head, Head::Article(_)))
                {
                    Some(a) => a.depth,
                    None => stack.last().map_or(1, |o| o.depth + 1),
                };
                open(&mut stack, d, Head::Article(plain(&text)));
                continue;
            }
            Block::Item(marker, text) => {
                if let Some(top) = stack.last_mut() {
                    list_item(&mut top.content, marker, inline(&text, &runs));
                }
                continue;
            }
            Block::Para(text) => input::Block::Paragraph(inline(&text, &runs)),
            Block::Center(text) => input::Block::Center(plain(&text)),
            Block::Table(t) => input::Block::Table(t),
        };
        if let Some(top) = stack.last_mut() {
            top.content.push(value);
        }
    }
    close_to(&mut stack, 1);
    stack.pop().map(|s| s.content).unwrap_or_default()
}

/// Adds an item to the list just before, or starts a list; a `+` item
/// after another list's item goes into that item's sub-list.
pub(super) fn list_item(content: &mut Vec<input::Block>, marker: &str, text: Inline) {
    let parsed = input::Marker::parse(marker);
    let item = |text| input::Item { text, list: None };
    if let Some(input::Block::List(last)) = content.last_mut() {
        if last.marker == parsed {
            last.items.push(item(text));
            return;
        }
        // `-` items under a numbered item that ends with `:` (`2. Thành
        // phần mời:`) are its sub-list, so the numbers run on after them.
        let numbered = last.marker == Some(input::Marker::Number);
        if let Some(prev) = last.items.last_mut() {
            let opens = prev.text.text().trim_end().ends_with(':') || prev.list.is_some();
            if marker == "+" || numbered && marker == "-" && opens {
                match &mut prev.list {
                    Some(sub) => sub.items.push(item(text)),
                    None => {
                        let marker = if marker == "+" { None } else { parsed };
                        prev.list = Some(input::List {
                            items: vec![item(text)],
                            marker,
                        });
                    }
                }
                return;
            }
        }
    }
    content.push(input::Block::List(input::List {
        items: vec![item(text)],
        marker: parsed,
    }));
}

/// Closes every open container at `depth` or deeper into its parent.
pub(super) fn close_to(stack: &mut Vec<Open>, depth: usize) {
    while stack.len() > 1 && stack.last().is_some_and(|s| s.depth >= depth) {
        if let Some(Open { head, content, .. }) = stack.pop() {
            let block = match head {
                Head::Heading(heading, numbered) => input::Block::Heading {
                    heading,
                    content,
                    numbered,
                },
                Head::Article(article) => input::Block::Article { article, content },
                Head::Chapter(chapter) => input::Block::Chapter { chapter, content },
                // (The body is never closed: it is the stack's bottom.)
                Head::Body => continue,
            };
            if let Some(top) = stack.last_mut() {
                top.content.push(block);
            }
        }
    }
}
