//! A paragraph's content: runs with their emphasis, fields (their result,
//! never their instruction), symbols, tracked changes (insertions kept,
//! deletions left out), text boxes (read where anchored) and drawn shapes
//! (no text).

use roxmltree::Node;

use super::body::{Flow, Walker};
use super::styles::RunProps;
use super::xml::{
    DRAWING, MATH, PICTURE, VML, alternate_branch, is_alternate, is_ns, is_w, w_attr, w_child,
};
use crate::import::source::SourceBlock;
use crate::input::Run;

/// How many complex fields may be open inside each other.
const FIELDS_CAP: usize = 64;

/// One piece of a paragraph's content.
pub enum Piece {
    /// Text with its emphasis.
    Text(Run),
    /// `w:br w:type="page"`.
    PageBreak,
}

/// What a paragraph's content held.
#[derive(Default)]
pub struct Inline {
    pub pieces: Vec<Piece>,
    /// The blocks of text boxes anchored in it.
    pub boxes: Vec<SourceBlock>,
    /// What was left out: drawn shapes, pictures.
    pub shapes: Vec<crate::i18n::Msg>,
}

impl Inline {
    fn text(&mut self, props: RunProps, text: &str) {
        self.pieces.push(Piece::Text(Run {
            text: text.to_string(),
            bold: props.bold.unwrap_or(false),
            italic: props.italic.unwrap_or(false),
            underline: props.underline.unwrap_or(false),
        }));
    }
}

impl Walker<'_> {
    /// Reads the inline content of `node` (a paragraph, a hyperlink, an
    /// insertion …); `base` is what the paragraph's style gives its runs.
    pub fn inline(&mut self, node: Node<'_, '_>, base: RunProps, out: &mut Inline) {
        for c in node.children().filter(Node::is_element) {
            if is_w(c, "r") {
                self.run(c, base, out);
            } else if [
                "hyperlink",
                "smartTag",
                "customXml",
                "ins",
                "moveTo",
                "fldSimple",
                "dir",
                "bdo",
            ]
            .iter()
            .any(|n| is_w(c, n))
            {
                // fldSimple: its runs are the field's result.
                self.inline(c, base, out);
            } else if is_w(c, "sdt") {
                if let Some(content) = w_child(c, "sdtContent") {
                    self.inline(content, base, out);
                }
            } else if is_alternate(c) {
                if let Some(branch) = alternate_branch(c) {
                    self.inline(branch, base, out);
                }
            } else if is_ns(c, MATH, "oMath") || is_ns(c, MATH, "oMathPara") {
                let text: String = c
                    .descendants()
                    .filter(|t| is_ns(*t, MATH, "t"))
                    .filter_map(|t| t.text())
                    .collect();
                if !text.is_empty() && self.showing() {
                    out.text(base, &text);
                }
            }
            // w:del, w:moveFrom: deleted text; w:pPr, bookmarks, proofErr:
            // no text.
        }
    }

    /// Whether text now is shown: not inside a field's instruction.
    fn showing(&self) -> bool {
        self.fields.iter().all(|in_result| *in_result)
    }

    /// Reads one `w:r`.
    fn run(&mut self, r: Node<'_, '_>, base: RunProps, out: &mut Inline) {
        let rpr = w_child(r, "rPr");
        let mut props = base;
        if let Some(id) = rpr
            .and_then(|x| w_child(x, "rStyle"))
            .and_then(|s| w_attr(s, "val"))
        {
            props = props.under(self.styles.character(id));
        }
        if let Some(rpr) = rpr {
            props = props.under(RunProps::read(rpr));
        }
        self.run_content(r, props, out);
    }

    fn run_content(&mut self, r: Node<'_, '_>, props: RunProps, out: &mut Inline) {
        let hidden = props.hidden == Some(true);
        for c in r.children().filter(Node::is_element) {
            let show = self.showing() && !hidden;
            let name = if is_w(c, c.tag_name().name()) {
                c.tag_name().name()
            } else {
                ""
            };
            match name {
                "t" if show => out.text(props, c.text().unwrap_or("")),
                "tab" | "ptab" if show => out.text(props, " "),
                "br" if show => match w_attr(c, "type") {
                    Some("page") => out.pieces.push(Piece::PageBreak),
                    _ => out.text(props, "\n"),
                },
                "cr" if show => out.text(props, "\n"),
                "noBreakHyphen" if show => out.text(props, "-"),
                "sym" if show => {
                    if let Some(ch) = symbol(c) {
                        out.text(props, &ch.to_string());
                    }
                }
                "fldChar" => match w_attr(c, "fldCharType") {
                    Some("begin") if self.fields.len() < FIELDS_CAP => {
                        self.fields.push(false);
                    }
                    Some("separate") => {
                        if let Some(top) = self.fields.last_mut() {
                            *top = true;
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                },
                "drawing" | "pict" | "object" => self.drawing(c, out),
                // softHyphen: not printed; instrText, delText: never text.
                _ if is_alternate(c) => {
                    if let Some(branch) = alternate_branch(c) {
                        self.run_content(branch, props, out);
                    }
                }
                _ if is_ns(c, VML, "shape") || is_ns(c, VML, "line") || is_ns(c, VML, "rect") => {
                    self.drawing(c, out);
                }
                _ => {}
            }
        }
    }

    /// A drawing (DrawingML or VML): the paragraphs of its text boxes, read
    /// once, where it is anchored; a shape without text (a drawn rule) or a
    /// picture gives none and is reported.
    fn drawing(&mut self, d: Node<'_, '_>, out: &mut Inline) {
        let mut flow = Flow::default();
        let found = self.text_boxes(d, &mut flow);
        out.boxes.extend(flow.blocks);
        if found {
            return;
        }
        let line = d.descendants().any(|n| {
            is_ns(n, VML, "line")
                || (is_ns(n, DRAWING, "prstGeom")
                    && matches!(
                        n.attribute("prst"),
                        Some("line" | "straightConnector1" | "bentConnector2" | "bentConnector3")
                    ))
        });
        let picture = d
            .descendants()
            .any(|n| is_ns(n, PICTURE, "pic") || is_ns(n, VML, "imagedata"));
        out.shapes.push(if line {
            crate::msg!("import-repair-line-shape")
        } else if picture {
            crate::msg!("import-repair-picture")
        } else {
            crate::msg!("import-repair-shape")
        });
    }

    /// Reads the outermost `w:txbxContent`s under `n` (one branch of each
    /// `mc:AlternateContent`); whether there were any.
    fn text_boxes(&mut self, n: Node<'_, '_>, flow: &mut Flow) -> bool {
        let mut found = false;
        for c in n.children().filter(Node::is_element) {
            if is_w(c, "txbxContent") {
                // The fields of the anchor's paragraph are not the box's.
                let fields = std::mem::take(&mut self.fields);
                self.blocks(c, flow);
                self.fields = fields;
                found = true;
            } else if is_alternate(c) {
                if let Some(branch) = alternate_branch(c) {
                    found |= self.text_boxes(branch, flow);
                }
            } else if self.depth < super::body::DEPTH_CAP {
                self.depth += 1;
                found |= self.text_boxes(c, flow);
                self.depth -= 1;
            }
        }
        found
    }
}

/// The character of a `w:sym`: a bullet of the Symbol or Wingdings fonts
/// as `-` (the list marker of the input contract), else the character.
fn symbol(sym: Node<'_, '_>) -> Option<char> {
    let code = u32::from_str_radix(w_attr(sym, "char")?, 16).ok()?;
    // Symbol fonts address their glyphs as U+F0xx or as the plain byte.
    let byte = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    let font = w_attr(sym, "font").unwrap_or("").to_ascii_lowercase();
    let symbol_font =
        font.contains("symbol") || font.contains("wingdings") || font.contains("webdings");
    if symbol_font || code >= 0xF000 {
        return Some(match byte {
            // Symbol's minus; the rest are bullets, squares and arrows.
            0x2D | 0xB7 | 0xA7 | 0xA8 | 0xD8 | 0x76 | 0x6C | 0x6E | 0x71 | 0x9F | 0xFC | 0xE0
            | 0xF0 => '-',
            // Letters and digits of the font's lower half read as they are.
            0x30..=0x39 | 0x41..=0x5A | 0x61..=0x7A => char::from_u32(byte)?,
            _ => '-',
        });
    }
    char::from_u32(code)
}
