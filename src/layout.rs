//! Layouts as data: page geometry, styles per element, numbering, templates
//! and kinds, read from `layouts/<name>/layout.json`. The built-in `nd30`
//! layout is compiled into the binary; `Layout::from_file` reads a user's.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::input::template;
use crate::msg;

mod geometry;
mod styles;

pub use styles::{StyleName, Styles};

const ND30: &str = include_str!("../layouts/nd30/layout.json");

/// One millimetre in PostScript points.
pub const MM: f32 = 72.0 / 25.4;

/// A layout: everything about a document's look that is not its content.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// The layout's name, chosen by `"layout"` in the input.
    pub name: String,
    /// What the layout is for.
    #[serde(default)]
    pub description: String,
    /// Paper and margins.
    pub page: PageGeometry,
    /// The two-column header.
    pub header: HeaderRules,
    /// The rule under the subject.
    pub subject_rule: RuleSpec,
    /// Which numbers get a leading zero.
    #[serde(default)]
    pub two_digits: TwoDigits,
    /// The signature and Nơi nhận row.
    pub closing: Closing,
    /// Text styles as the file writes them, by element name; moved into
    /// `styles` when the layout is loaded.
    #[serde(rename = "styles")]
    style_file: BTreeMap<String, Style>,
    /// Text styles by element, checked and completed at load.
    #[serde(skip)]
    styles: Styles,
    /// Table borders and padding.
    pub table: TableSpec,
    /// Heading numbering, one entry per depth (the last repeats deeper down).
    pub numbering: Vec<NumberLevel>,
    /// Default list markers.
    pub lists: ListMarkers,
    /// Templates of plain `{{placeholders}}` (and fixed texts) for the lines
    /// the format adds.
    pub templates: BTreeMap<String, String>,
    /// The document kinds this layout knows.
    pub kinds: BTreeMap<String, Kind>,
    /// The layout file's text, which decides everything above (batch runs
    /// hash it to know when outputs are out of date).
    #[serde(skip)]
    pub source: String,
}

/// Paper size and margins in millimetres.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageGeometry {
    /// Paper width.
    pub width_mm: f32,
    /// Paper height.
    pub height_mm: f32,
    /// Margins.
    pub margin_mm: Margins,
    /// Margins of landscape pages (appendices with wide tables); when
    /// absent, `margin_mm` turned with the page so that the binding margin
    /// (the portrait left) is at the top: top = left, bottom = right,
    /// left = top, right = bottom.
    #[serde(default)]
    pub landscape_margin_mm: Option<Margins>,
}

impl PageGeometry {
    /// The margins of a landscape page.
    pub fn landscape_margins(&self) -> Margins {
        let m = self.margin_mm;
        self.landscape_margin_mm.unwrap_or(Margins {
            top: m.left,
            bottom: m.right,
            left: m.top,
            right: m.bottom,
        })
    }
}

/// Page margins in millimetres.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    /// Top.
    pub top: f32,
    /// Bottom.
    pub bottom: f32,
    /// Left.
    pub left: f32,
    /// Right.
    pub right: f32,
}

/// Header geometry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderRules {
    /// The left column's share of the text width.
    pub left_ratio: f32,
    /// The rule under the issuer.
    pub issuer_rule: RuleSpec,
    /// The rule under the motto.
    pub motto_rule: RuleSpec,
    /// Space between the header's upper row and the Số / date row.
    pub number_gap_pt: f32,
}

/// A short horizontal rule under a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Its length as a share of the measured line.
    pub ratio: f32,
    /// Which line is measured.
    pub of: RuleOf,
    /// Distance from the last baseline down to the rule's centre.
    pub offset_pt: f32,
    /// Thickness.
    pub thickness_pt: f32,
}

/// Which line of a paragraph a rule's length is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleOf {
    /// The last line (the issuer, when its name breaks).
    LastLine,
    /// The longest line.
    LongestLine,
}

/// The closing row: Nơi nhận left, signature right.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    /// The Nơi nhận column's share of the text width.
    pub left_ratio: f32,
    /// The blank space for the handwritten signature and seal.
    pub signature_space_mm: f32,
    /// Space between the body and the closing row.
    pub gap_before_pt: f32,
    /// The signature image's greatest width as a share of the signature
    /// space (Nghị định 30/2020, Phụ lục I: 0.8).
    #[serde(default = "signature_width_ratio")]
    pub signature_width_ratio: f32,
    /// The seal's printed width when neither the input nor the image says
    /// (36 mm).
    #[serde(default = "seal_mm")]
    pub seal_mm: f32,
    /// How much of the signature image the seal covers from its left edge,
    /// `[numerator, denominator]`: the seal's right edge is there (`[1, 3]`,
    /// the left third).
    #[serde(default = "seal_covers")]
    pub seal_covers: [u8; 2],
}

fn signature_width_ratio() -> f32 {
    0.8
}

fn seal_mm() -> f32 {
    36.0
}

fn seal_covers() -> [u8; 2] {
    [1, 3]
}

/// Which numbers are written with two digits (Nghị định 30/2020: a day
/// below 10, months 1 and 2, a document number below 10): each below its
/// limit gets a leading zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TwoDigits {
    /// Days below this: `05`.
    pub day_below: u32,
    /// Months below this: `02` (3 and later as they are).
    pub month_below: u32,
    /// Document numbers below this: `Số: 05`.
    pub number_below: u32,
}

impl Default for TwoDigits {
    /// Nghị định 30/2020's, for layouts written before the key existed.
    fn default() -> Self {
        TwoDigits {
            day_below: 10,
            month_below: 3,
            number_below: 10,
        }
    }
}

impl TwoDigits {
    /// A day or month number, with a leading zero below `limit`.
    pub fn pad(n: u32, limit: u32) -> String {
        if n < limit {
            format!("{n:02}")
        } else {
            n.to_string()
        }
    }

    /// A document number as the input writes it: `5` → `05` below the
    /// limit; anything else (`125`, `05a`) as written.
    pub fn number(&self, n: &str) -> String {
        match n.parse::<u32>() {
            Ok(v) if n.bytes().all(|b| b.is_ascii_digit()) => {
                if v < self.number_below {
                    format!("{v:02}")
                } else {
                    n.to_string()
                }
            }
            _ => n.to_string(),
        }
    }
}

/// Table geometry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// Border thickness.
    pub border_pt: f32,
    /// Cell padding.
    pub padding_pt: f32,
    /// Space above the table.
    pub space_before: f32,
    /// Space below the table.
    pub space_after: f32,
}

/// A text style. Its `Default` (0 pt) is what a style set holds only while
/// a layout is being loaded.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// Font size in points.
    pub size: f32,
    /// Bold.
    #[serde(default)]
    pub bold: bool,
    /// Italic.
    #[serde(default)]
    pub italic: bool,
    /// Upper-case the text.
    #[serde(default)]
    pub upper: bool,
    /// Alignment.
    #[serde(default)]
    pub align: TextAlign,
    /// First-line indent.
    #[serde(default)]
    pub first_indent_mm: f32,
    /// Left indent of every line.
    #[serde(default)]
    pub left_indent_mm: f32,
    /// Space above, in points.
    #[serde(default)]
    pub space_before: f32,
    /// Space below, in points.
    #[serde(default)]
    pub space_after: f32,
    /// Line height as a multiple of the font size.
    #[serde(default = "single")]
    pub line_height: f32,
}

fn single() -> f32 {
    1.15
}

/// Paragraph alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextAlign {
    /// Flush left.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
    /// Justified (the last line flush left).
    Justify,
}

/// One depth of heading numbering.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberLevel {
    /// `I` (upper Roman), `1` (decimal), `a` (lower letter).
    pub format: NumberFormat,
    /// What follows the number: `.` or `)`.
    pub suffix: String,
    /// Prefix the parent's number: `1.1.`.
    #[serde(default)]
    pub with_parent: bool,
}

/// A numbering format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum NumberFormat {
    /// I, II, III …
    #[serde(rename = "I")]
    UpperRoman,
    /// 1, 2, 3 …
    #[serde(rename = "1")]
    Decimal,
    /// a, b, c …
    #[serde(rename = "a")]
    LowerLetter,
}

/// Default list markers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListMarkers {
    /// At the top level.
    pub top: String,
    /// Nested.
    pub nested: String,
}

/// A document kind and how it differs from the common form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    /// The type name printed as the title; none for a công văn.
    pub title: Option<String>,
    /// The symbol abbreviation (Phụ lục III).
    pub abbreviation: Option<String>,
    /// The subject goes under the Số line as `V/v …` (công văn) instead of
    /// under the title.
    #[serde(default)]
    pub subject_in_header: bool,
    /// Whether the header has the place and date line (not for a biên bản).
    #[serde(default = "yes")]
    pub date_line: bool,
    /// A centred bold line after the preamble (`QUYẾT ĐỊNH:`).
    #[serde(default)]
    pub decision_line: Option<String>,
    /// A Nơi nhận item that always goes first when given (`Như trên`).
    #[serde(default)]
    pub distribution_first: Option<String>,
    /// The type name in an appendix's `(Kèm theo …)` line; the title in
    /// sentence case when absent (`Công văn` for a kind without a title).
    #[serde(default)]
    pub reference_name: Option<String>,
}

fn yes() -> bool {
    true
}

/// The templates every layout must define.
const REQUIRED_TEMPLATES: &[&str] = &[
    "nation",
    "motto",
    "number",
    "blank_number",
    "date",
    "blank_date_part",
    "recipient_one",
    "subject_line",
    "recipients_label",
    "distribution_label",
    "article",
];

/// Templates added after layouts were first published, with the values a
/// layout that predates them gets (`--layouts DIR` files keep working).
const LATER_TEMPLATES: &[(&str, &str)] = &[
    ("chapter", "Chương {{n}}"),
    ("appendix_label_one", "Phụ lục"),
    ("appendix_label", "Phụ lục {{n}}"),
    (
        "appendix_reference",
        "(Kèm theo {{type_name}} số {{number}}/{{symbol}} ngày {{day}} tháng {{month}} \
         năm {{year}} của {{issuer}})",
    ),
    (
        "attached_reference",
        "(Ban hành kèm theo {{type_name}} số {{number}}/{{symbol}} ngày {{day}} tháng \
         {{month}} năm {{year}} của {{issuer}})",
    ),
];

impl Layout {
    /// The built-in layout `nd30`.
    pub fn nd30() -> Result<Self> {
        Self::from_json(ND30, "layouts/nd30/layout.json (built in)")
    }

    /// Reads a layout file.
    pub fn from_file(path: &Path) -> Result<Self> {
        let bytes =
            crate::fsread::read_regular(path, crate::fsread::MAX_LAYOUT_BYTES).map_err(|e| {
                Error::Io {
                    path: path.to_path_buf(),
                    source: e.into(),
                }
            })?;
        let text = String::from_utf8(bytes).map_err(|_| Error::Layout {
            file: path.display().to_string(),
            key: String::new(),
            message: msg!("render-layout-not-utf8"),
        })?;
        Self::from_json(&text, &path.display().to_string())
    }

    /// Parses and validates a layout; `file` names it in errors.
    pub fn from_json(text: &str, file: &str) -> Result<Self> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let mut layout: Layout =
            serde_path_to_error::deserialize(de).map_err(|e| Error::Layout {
                file: file.to_string(),
                key: e.path().to_string(),
                // serde's text with its position, inside the translated
                // frame of a layout error.
                message: e.inner().to_string().into(),
            })?;
        layout.validate(file)?;
        layout.source = text.to_string();
        Ok(layout)
    }

    fn validate(&mut self, file: &str) -> Result<()> {
        let bad = |key: String, message: Msg| {
            Err(Error::Layout {
                file: file.to_string(),
                key,
                message,
            })
        };
        match Styles::from_file(&self.style_file) {
            Ok(styles) => self.styles = styles,
            Err((key, message)) => return bad(key, message),
        }
        for (name, s) in &std::mem::take(&mut self.style_file) {
            if !(4.0..=72.0).contains(&s.size) {
                return bad(
                    format!("styles.{name}.size"),
                    msg!("render-layout-text-size", size = s.size.to_string()),
                );
            }
            if !(0.8..=3.0).contains(&s.line_height) {
                return bad(
                    format!("styles.{name}.line_height"),
                    msg!(
                        "render-layout-line-height-range",
                        value = s.line_height.to_string()
                    ),
                );
            }
        }
        for (key, r) in [
            ("header.left_ratio", self.header.left_ratio),
            ("closing.left_ratio", self.closing.left_ratio),
        ] {
            if !(0.1..=0.9).contains(&r) {
                return bad(
                    key.into(),
                    msg!("render-layout-ratio", value = r.to_string()),
                );
            }
        }
        if self.numbering.is_empty() {
            return bad("numbering".into(), msg!("render-layout-numbering"));
        }
        for (name, text) in LATER_TEMPLATES {
            self.templates
                .entry((*name).to_string())
                .or_insert_with(|| (*text).to_string());
        }
        for name in REQUIRED_TEMPLATES {
            if !self.templates.contains_key(*name) {
                return bad(
                    format!("templates.{name}"),
                    msg!("render-layout-template-missing"),
                );
            }
        }
        for (name, t) in &self.templates {
            if let Err(message) = geometry::template(name, t) {
                return bad(format!("templates.{name}"), message);
            }
        }
        geometry::check(self).map_err(|(key, message)| Error::Layout {
            file: file.to_string(),
            key,
            message,
        })
    }

    /// The style of an element.
    pub fn style(&self, name: StyleName) -> Style {
        self.styles.get(name)
    }

    /// Every style with its key in the file.
    pub fn styles(&self) -> impl Iterator<Item = (&'static str, Style)> + '_ {
        self.styles.iter()
    }

    /// The heading style of a depth (1-based); depth 4 serves every deeper one.
    pub fn heading_style(&self, depth: usize) -> Style {
        self.style(StyleName::heading(depth))
    }

    /// A template's text (validated to exist for the required ones).
    pub fn template(&self, name: &str) -> &str {
        self.templates.get(name).map_or("", String::as_str)
    }

    /// Fills a template with the given values (an object); a missing value
    /// is an error naming the template. Plain placeholders only, read in one
    /// pass (see [`crate::input::template`]); checked when the layout was
    /// loaded, and bounded there, so the line is at most a few times the
    /// longest value.
    pub fn fill(&self, name: &str, values: &serde_json::Value) -> Result<String> {
        let problem = |message: Msg| Error::Layout {
            file: format!("layout {}", self.name),
            key: format!("templates.{name}"),
            message,
        };
        let pieces = template::parse(self.template(name)).map_err(|e| problem(e.msg()))?;
        template::fill(&pieces, values, usize::MAX).map_err(|e| problem(e.msg()))
    }

    /// The text width in points.
    pub fn text_width(&self) -> f32 {
        (self.page.width_mm - self.page.margin_mm.left - self.page.margin_mm.right) * MM
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_layout_loads() {
        let l = Layout::nd30().unwrap();
        assert_eq!(l.name, "nd30");
        assert_eq!(l.style(StyleName::Body).size, 14.0);
        assert_eq!(l.heading_style(9), l.style(StyleName::Heading4));
    }

    fn without_style(key: &str) -> String {
        let mut json: serde_json::Value = serde_json::from_str(ND30).unwrap();
        json["styles"].as_object_mut().unwrap().remove(key);
        json.to_string()
    }

    #[test]
    fn every_style_the_composer_sets_is_required_or_derived() {
        for key in ["authority", "preamble", "body", "heading1", "page_number"] {
            let e = Layout::from_json(&without_style(key), "l.json").unwrap_err();
            let Error::Layout { key: at, .. } = &e else {
                panic!("{e}")
            };
            assert_eq!(at, &format!("styles.{key}"));
        }
        // Later styles are made from `center`, deeper headings repeat the one above.
        let l = Layout::from_json(&without_style("chapter"), "l.json").unwrap();
        let center = l.style(StyleName::Center);
        assert_eq!(l.style(StyleName::Chapter).size, center.size);
        assert!(l.style(StyleName::Chapter).bold);
        let l = Layout::from_json(&without_style("heading3"), "l.json").unwrap();
        assert_eq!(l.heading_style(3), l.style(StyleName::Heading2));
    }

    fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> Result<Layout> {
        let mut json: serde_json::Value = serde_json::from_str(ND30).unwrap();
        edit(&mut json);
        Layout::from_json(&json.to_string(), "l.json")
    }

    fn error_key(r: Result<Layout>) -> String {
        match r {
            Err(Error::Layout { key, .. }) => key,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_nd30_numbers_are_in_the_layout_file() {
        let l = Layout::nd30().unwrap();
        assert_eq!(
            l.two_digits,
            TwoDigits {
                day_below: 10,
                month_below: 3,
                number_below: 10
            }
        );
        assert_eq!(l.closing.signature_width_ratio, 0.8);
        assert_eq!(l.closing.seal_mm, 36.0);
        assert_eq!(l.closing.seal_covers, [1, 3]);
        // A layout written before the keys existed gets the same numbers.
        let old = edited(|j| {
            j.as_object_mut().unwrap().remove("two_digits");
            for k in ["signature_width_ratio", "seal_mm", "seal_covers"] {
                j["closing"].as_object_mut().unwrap().remove(k);
            }
        })
        .unwrap();
        assert_eq!(old.two_digits, l.two_digits);
        assert_eq!(old.closing.seal_covers, l.closing.seal_covers);
        assert_eq!(old.closing.seal_mm, l.closing.seal_mm);
        assert_eq!(old.closing.signature_width_ratio, 0.8);
        // And a layout's own numbers are used.
        let own = edited(|j| j["two_digits"]["month_below"] = 13.into()).unwrap();
        assert_eq!(TwoDigits::pad(11, own.two_digits.month_below), "11");
        assert_eq!(TwoDigits::pad(4, own.two_digits.month_below), "04");
    }

    #[test]
    fn signature_numbers_out_of_range_name_their_key() {
        let cases: [(&str, serde_json::Value, &str); 5] = [
            (
                "signature_width_ratio",
                1.5.into(),
                "closing.signature_width_ratio",
            ),
            ("seal_mm", 5.into(), "closing.seal_mm"),
            (
                "seal_covers",
                serde_json::json!([1, 0]),
                "closing.seal_covers[1]",
            ),
            (
                "seal_covers",
                serde_json::json!([0, 3]),
                "closing.seal_covers[0]",
            ),
            (
                "seal_covers",
                serde_json::json!([4, 3]),
                "closing.seal_covers[0]",
            ),
        ];
        for (k, v, key) in cases {
            assert_eq!(error_key(edited(|j| j["closing"][k] = v)), key);
        }
    }

    #[test]
    fn a_style_no_element_has_is_an_error() {
        let mut json: serde_json::Value = serde_json::from_str(ND30).unwrap();
        json["styles"]["bodyy"] = json["styles"]["body"].clone();
        let e = Layout::from_json(&json.to_string(), "l.json").unwrap_err();
        let Error::Layout { key, .. } = &e else {
            panic!("{e}")
        };
        assert_eq!(key, "styles.bodyy");
    }

    #[test]
    fn a_broken_layout_names_its_key() {
        let text = ND30.replace("\"size\": 14, \"bold\": true, \"upper\": true, \"align\": \"center\", \"space_before\": 24", "\"size\": 140, \"bold\": true, \"upper\": true, \"align\": \"center\", \"space_before\": 24");
        let e = Layout::from_json(&text, "x.json").unwrap_err().to_string();
        assert!(e.contains("styles.title.size"), "{e}");
        let e = Layout::from_json("{\"name\": 3}", "y.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("y.json") && e.contains("name"), "{e}");
    }
}
