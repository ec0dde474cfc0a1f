//! Makes a DOCX package written by docx-rs valid against the ECMA-376 schemas.
//!
//! docx-rs writes many property elements (`w:pPr`, `w:rPr`, `w:lvl`, `w:settings`, …)
//! with their children out of the order the schema's `xsd:sequence` demands, puts a
//! `w:type` attribute on `w:gridCol`, and ships no theme part. This module fixes all
//! three after the fact, without knowing anything about individual elements: one
//! generic pass over every `word/*.xml` part reorders children by the data in
//! `CHILD_ORDER` and drops the attributes listed in `DROPPED_ATTRIBUTES`, then the
//! package gets a theme part if it has none and is rezipped deterministically.
//!
//! Attribute values, text, namespace prefixes and whitespace are copied byte for byte.
//! Besides the order of children, the pass only removes `w:type` from `w:gridCol` and
//! the empty property containers docx-rs writes where the schema allows none (`<w:rPr/>`
//! in the `w:pPr` of styles and numbering levels). It cannot repair invalid attribute
//! values (docx-rs's `AlignmentType::Justified` writes `w:jc w:val="justified"`; the
//! schema's value is `both`): the writer must not produce them.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{QName, ResolveResult};
use quick_xml::{NsReader, XmlVersion};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// Why a package or part could not be normalized.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The input is not a readable ZIP archive, or the output could not be zipped.
    #[error("DOCX package: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Reading a part out of the archive or writing one into it failed.
    #[error("DOCX package I/O: {0}")]
    Io(#[from] std::io::Error),
    /// An XML document is not well-formed; `offset` is a byte offset into it.
    #[error("malformed XML at byte {offset}: {reason}")]
    Xml {
        /// Byte offset of the problem in the XML text.
        offset: u64,
        /// What is wrong there.
        reason: String,
    },
    /// A part is missing, duplicated, not UTF-8 or not well-formed.
    #[error("part {part}: {reason}")]
    Part {
        /// Name of the part inside the package, e.g. `word/styles.xml`.
        part: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Namespaces the order table can name, by the prefix the table uses for them. A table
/// name without a prefix is in the first one, WordprocessingML.
const NAMESPACES: &[(&str, &str)] = &[
    (
        "w",
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    ),
    (
        "m",
        "http://schemas.openxmlformats.org/officeDocument/2006/math",
    ),
    (
        "sl",
        "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
    ),
];

/// EG_RPrBase: the run properties shared by every `w:rPr`.
macro_rules! rpr_base {
    () => {
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss \
         imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs \
         highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout \
         specVanish oMath"
    };
}

/// CT_PPrBase: the paragraph properties shared by every `w:pPr`.
macro_rules! ppr_base {
    () => {
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr \
         suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap \
         overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd \
         snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc \
         textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle"
    };
}

/// Order of children for each WordprocessingML element whose content model is an
/// `xsd:sequence`, transcribed from ECMA-376 Part 1 `wml.xsd` (complex type in the
/// comment). Key: the element's local name in the `w:` namespace, or `parent/name`
/// where the schema gives the same name a different type under that parent (the more
/// specific key wins). Value: its children's names in schema order, separated by
/// spaces, where
///
/// * `a|b|c` is one position holding an `xsd:choice` (its members keep their order),
/// * `*` is the position of all other content (block/run content of `w:p`, `w:tc`, …);
///   without a `*`, a child the list does not name is not allowed there: if it is an
///   empty element that itself has an entry here (an empty property container such as
///   `<w:rPr/>`) it carries nothing and is dropped, any other one keeps its relative
///   order after the allowed children and `unknown_children_in_package` reports it,
/// * `m:name` names an element in another namespace of [`NAMESPACES`].
///
/// Where one key stands for several schema types the list is their union, which is
/// consistent because each type's sequence is a subsequence of it (`w:tblPr` is CT_TblPr
/// in a table and CT_TblPrBase in a style, `w:sectPr`, `w:trPr`, `w:tcPr` likewise).
/// `w:pPr` and `w:rPr` do differ by context: a paragraph's `w:pPr` (CT_PPr) may hold the
/// paragraph mark's `w:rPr` and a `w:sectPr`, the `w:pPr` of a style, numbering level or
/// default (CT_PPrGeneral) may not — docx-rs writes an empty `<w:rPr/>` there, which is
/// dropped; the paragraph mark's `w:rPr` (CT_ParaRPr) starts with `ins del moveFrom
/// moveTo`, a run's, style's or level's (CT_RPr) does not.
pub(crate) const CHILD_ORDER: &[(&str, &str)] = &[
    // CT_Document
    ("document", "background body"),
    // CT_Body: block-level content, then the last section's properties.
    ("body", "* sectPr"),
    // CT_P, CT_R: properties first, then content.
    ("p", "pPr *"),
    ("r", "rPr *"),
    // CT_PPr (in w:p) = CT_PPrBase + rPr sectPr pPrChange
    ("pPr", concat!(ppr_base!(), " rPr sectPr pPrChange")),
    // CT_PPrGeneral = CT_PPrBase + pPrChange
    ("style/pPr", concat!(ppr_base!(), " pPrChange")),
    ("lvl/pPr", concat!(ppr_base!(), " pPrChange")),
    ("pPrDefault/pPr", concat!(ppr_base!(), " pPrChange")),
    ("tblStylePr/pPr", concat!(ppr_base!(), " pPrChange")),
    // CT_PPrChange holds a CT_PPrBase
    ("pPrChange/pPr", ppr_base!()),
    // CT_RPr (in w:r, w:style, w:lvl, w:rPrDefault, w:tblStylePr) = EG_RPrBase + rPrChange
    ("rPr", concat!(rpr_base!(), " rPrChange")),
    // CT_ParaRPr (paragraph mark) = EG_ParaRPrTrackChanges + EG_RPrBase + rPrChange
    (
        "pPr/rPr",
        concat!("ins del moveFrom moveTo ", rpr_base!(), " rPrChange"),
    ),
    // CT_RPrChange holds a CT_RPrOriginal or CT_ParaRPrOriginal (no rPrChange)
    (
        "rPrChange/rPr",
        concat!("ins del moveFrom moveTo ", rpr_base!()),
    ),
    // CT_NumPr
    ("numPr", "ilvl numId numberingChange ins"),
    // CT_PBdr
    ("pBdr", "top left bottom right between bar"),
    // CT_Styles, CT_DocDefaults
    ("styles", "docDefaults latentStyles style"),
    ("docDefaults", "rPrDefault pPrDefault"),
    // CT_Style
    (
        "style",
        "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden \
         unhideWhenUsed qFormat locked personal personalCompose personalReply rsid \
         pPr rPr tblPr trPr tcPr tblStylePr",
    ),
    // CT_TblStylePr
    ("tblStylePr", "pPr rPr tblPr trPr tcPr"),
    // CT_Numbering, CT_AbstractNum, CT_Num, CT_NumLvl
    (
        "numbering",
        "numPicBullet abstractNum num numIdMacAtCleanup",
    ),
    (
        "abstractNum",
        "nsid multiLevelType tmpl name styleLink numStyleLink lvl",
    ),
    ("num", "abstractNumId lvlOverride"),
    ("lvlOverride", "startOverride lvl"),
    // CT_Lvl
    (
        "lvl",
        "start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc \
         pPr rPr",
    ),
    // CT_Tbl: range markup may also precede tblPr; it moves behind tblGrid, still valid.
    ("tbl", "tblPr tblGrid *"),
    // CT_TblPr = CT_TblPrBase + tblPrChange
    (
        "tblPr",
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize \
         tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook \
         tblCaption tblDescription tblPrChange",
    ),
    // CT_TblPrEx = CT_TblPrExBase + tblPrExChange
    (
        "tblPrEx",
        "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook \
         tblPrExChange",
    ),
    // CT_TblBorders (transitional left/right, strict start/end)
    (
        "tblBorders",
        "top left start bottom right end insideH insideV",
    ),
    // CT_TblCellMar, CT_TcMar
    ("tblCellMar", "top left start bottom right end"),
    ("tcMar", "top left start bottom right end"),
    // CT_TblGrid
    ("tblGrid", "gridCol tblGridChange"),
    // CT_Row
    ("tr", "tblPrEx trPr *"),
    // CT_TrPr = CT_TrPrBase (a repeated choice) + ins del trPrChange
    (
        "trPr",
        "cnfStyle|divId|gridBefore|gridAfter|wBefore|wAfter|cantSplit|trHeight|tblHeader|\
         tblCellSpacing|jc|hidden ins del trPrChange",
    ),
    // CT_Tc
    ("tc", "tcPr *"),
    // CT_TcPr = CT_TcPrInner (CT_TcPrBase + EG_CellMarkupElements) + tcPrChange
    (
        "tcPr",
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection \
         tcFitText vAlign hideMark headers cellIns|cellDel|cellMerge tcPrChange",
    ),
    // CT_TcBorders
    (
        "tcBorders",
        "top left start bottom right end insideH insideV tl2br tr2bl",
    ),
    // CT_SectPr: EG_HdrFtrReferences, EG_SectPrContents, sectPrChange
    (
        "sectPr",
        "headerReference|footerReference footnotePr endnotePr type pgSz pgMar paperSrc \
         pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg \
         textDirection bidi rtlGutter docGrid printerSettings sectPrChange",
    ),
    // CT_Font (fontTable)
    (
        "font",
        "altName panose1 charset family notTrueType pitch sig embedRegular embedBold \
         embedItalic embedBoldItalic",
    ),
    // CT_Settings
    (
        "settings",
        "writeProtection view zoom removePersonalInformation removeDateAndTime \
         doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText \
         printFractionalCharacterWidth printFormsData embedTrueTypeFonts \
         embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins \
         alignBordersAndEdges bordersDoNotSurroundHeader bordersDoNotSurroundFooter \
         gutterAtTop hideSpellingErrors hideGrammaticalErrors activeWritingStyle \
         proofState formsDesign attachedTemplate linkStyles stylePaneFormatFilter \
         stylePaneSortMethod documentType mailMerge revisionView trackRevisions \
         doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride \
         styleLockTheme styleLockQFSet defaultTabStop autoHyphenation \
         consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope \
         summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders \
         bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets \
         drawingGridHorizontalSpacing drawingGridVerticalSpacing \
         displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery \
         doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin \
         drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning \
         characterSpacingControl printTwoOnOne strictFirstAndLastChars \
         noLineBreaksAfter noLineBreaksBefore savePreviewPicture \
         doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent \
         alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly \
         useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace \
         updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids \
         m:mathPr uiCompat97To2003 attachedSchema themeFontLang clrSchemeMapping \
         doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions \
         readModeInkLockDown smartTagType sl:schemaLibrary shapeDefaults \
         doNotEmbedSmartTags decimalSymbol listSeparator",
    ),
    // CT_Compat
    (
        "compat",
        "useSingleBorderforContiguousCells wpJustification noTabHangInd noLeading \
         spaceForUL noColumnBalance balanceSingleByteDoubleByteWidth noExtraLineSpacing \
         doNotLeaveBackslashAlone ulTrailSpace doNotExpandShiftReturn \
         spacingInWholePoints lineWrapLikeWord6 printBodyTextBeforeHeader printColBlack \
         wpSpaceWidth showBreaksInFrames subFontBySize suppressBottomSpacing \
         suppressTopSpacing suppressSpacingAtTopOfPage suppressTopSpacingWP \
         suppressSpBfAfterPgBrk swapBordersFacingPages convMailMergeEsc \
         truncateFontHeightsLikeWP6 mwSmallCaps usePrinterMetrics \
         doNotSuppressParagraphBorders wrapTrailSpaces footnoteLayoutLikeWW8 \
         shapeLayoutLikeWW8 alignTablesRowByRow forgetLastTabAlignment \
         adjustLineHeightInTable autoSpaceLikeWord95 noSpaceRaiseLower \
         doNotUseHTMLParagraphAutoSpacing layoutRawTableWidth layoutTableRowsApart \
         useWord97LineBreakRules doNotBreakWrappedTables doNotSnapToGridInCell \
         selectFldWithFirstOrLastChar applyBreakingRules doNotWrapTextWithPunct \
         doNotUseEastAsianBreakRules useWord2002TableStyleRules growAutofit useFELayout \
         useNormalStyleForList doNotUseIndentAsNumberingTabStop \
         useAltKinsokuLineBreakRules allowSpaceOfSameStyleInTable \
         doNotSuppressIndentation doNotAutofitConstrainedTables \
         autofitToFirstFixedWidthCell underlineTabInNumList displayHangulFixedWidth \
         splitPgBreakAndParaMark doNotVertAlignCellWithSp \
         doNotBreakConstrainedForcedTable doNotVertAlignInTxbx useAnsiKerningPairs \
         cachedColBalance compatSetting",
    ),
];

/// Attributes the schema does not allow, as (element, attribute), both `w:` names:
/// docx-rs writes `w:type` on `w:gridCol` (CT_TblGridCol has only `w:w`).
pub(crate) const DROPPED_ATTRIBUTES: &[(&str, &str)] = &[("gridCol", "type")];

const CONTENT_TYPES: &str = "[Content_Types].xml";
const DOCUMENT_RELS: &str = "word/_rels/document.xml.rels";
const THEME_PART: &str = "word/theme/theme1.xml";
const THEME_TARGET: &str = "theme/theme1.xml";
const THEME_REL_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";
const THEME_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.theme+xml";

/// A minimal DrawingML theme: the Office colours, Times New Roman as major and minor
/// latin font, and the three entries each format-scheme list requires.
const THEME_XML: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Vanban">"#,
    "<a:themeElements>",
    r#"<a:clrScheme name="Office">"#,
    r#"<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>"#,
    r#"<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>"#,
    r#"<a:dk2><a:srgbClr val="44546A"/></a:dk2>"#,
    r#"<a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>"#,
    r#"<a:accent1><a:srgbClr val="4472C4"/></a:accent1>"#,
    r#"<a:accent2><a:srgbClr val="ED7D31"/></a:accent2>"#,
    r#"<a:accent3><a:srgbClr val="A5A5A5"/></a:accent3>"#,
    r#"<a:accent4><a:srgbClr val="FFC000"/></a:accent4>"#,
    r#"<a:accent5><a:srgbClr val="5B9BD5"/></a:accent5>"#,
    r#"<a:accent6><a:srgbClr val="70AD47"/></a:accent6>"#,
    r#"<a:hlink><a:srgbClr val="0563C1"/></a:hlink>"#,
    r#"<a:folHlink><a:srgbClr val="954F72"/></a:folHlink>"#,
    "</a:clrScheme>",
    r#"<a:fontScheme name="Vanban">"#,
    r#"<a:majorFont><a:latin typeface="Times New Roman"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont>"#,
    r#"<a:minorFont><a:latin typeface="Times New Roman"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont>"#,
    "</a:fontScheme>",
    r#"<a:fmtScheme name="Office">"#,
    "<a:fillStyleLst>",
    r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#,
    r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#,
    r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#,
    "</a:fillStyleLst>",
    "<a:lnStyleLst>",
    r#"<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>"#,
    r#"<a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>"#,
    r#"<a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>"#,
    "</a:lnStyleLst>",
    "<a:effectStyleLst>",
    "<a:effectStyle><a:effectLst/></a:effectStyle>",
    "<a:effectStyle><a:effectLst/></a:effectStyle>",
    "<a:effectStyle><a:effectLst/></a:effectStyle>",
    "</a:effectStyleLst>",
    "<a:bgFillStyleLst>",
    r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#,
    r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#,
    r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#,
    "</a:bgFillStyleLst>",
    "</a:fmtScheme>",
    "</a:themeElements>",
    "<a:objectDefaults/>",
    "<a:extraClrSchemeLst/>",
    "</a:theme>",
);

/// Rewrites a DOCX package produced by docx-rs so that it validates against the
/// ECMA-376 schemas: every element's children in schema order, no `w:type` on
/// `w:gridCol`, and a theme part. Deterministic: same input bytes → same output bytes.
///
/// Every `word/*.xml` part goes through [`reorder_xml`]; `word/theme/theme1.xml`, its
/// relationship and its content-type override are added unless the main document
/// already has a theme relationship. The archive is rewritten with `[Content_Types].xml`
/// first and the other parts sorted by name, deflated, dated 1980-01-01, without
/// directory entries or extra fields. Applying it twice gives the same bytes as once.
#[cfg(test)]
pub fn normalize_package(docx: &[u8]) -> Result<Vec<u8>, SchemaError> {
    let mut parts = read_parts(docx)?;
    normalize_parts(&mut parts)?;
    write_parts(&parts, None)
}

/// [`normalize_package`] on parts already read: reorders every `word/*.xml`
/// part and adds the theme.
pub(crate) fn normalize_parts(parts: &mut Parts) -> Result<(), SchemaError> {
    for (name, data) in parts.iter_mut() {
        if is_word_xml_part(name) {
            let xml = part_text(name, data)?;
            let fixed = reorder_xml(xml).map_err(|e| in_part(name, e))?;
            *data = fixed.into_bytes();
        }
    }
    add_theme(parts)
}

/// A package's parts by name.
pub(crate) type Parts = BTreeMap<String, Vec<u8>>;

/// Puts the children of every element listed in this module's `CHILD_ORDER` table into
/// ECMA-376 schema order, drops the empty property containers the schema does not allow
/// where they stand (docx-rs's `<w:rPr/>` inside a style's `w:pPr`) and removes the
/// attributes listed in `DROPPED_ATTRIBUTES` (`w:type` on `w:gridCol`). Everything else
/// (other elements, attributes, text, comments, namespace prefixes, the XML declaration)
/// is copied byte for byte. The sort is stable, so a valid document comes back identical.
pub fn reorder_xml(xml: &str) -> Result<String, SchemaError> {
    reorder(xml).map(|(out, _unknown)| out)
}

/// Namespace-qualified element name, with the namespace given by its [`NAMESPACES`]
/// prefix (`None` for a namespace the table does not know).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Name {
    ns: Option<&'static str>,
    local: String,
}

impl Name {
    fn is(&self, ns: &str, local: &str) -> bool {
        self.ns == Some(ns) && self.local == local
    }
}

/// One list of `CHILD_ORDER`, parsed.
struct ChildOrder {
    /// Position of each child the list names, by (namespace prefix, local name).
    positions: HashMap<(&'static str, &'static str), usize>,
    /// Position of `*`, if the list has one.
    others: Option<usize>,
}

impl ChildOrder {
    fn parse(list: &'static str) -> Self {
        let mut positions = HashMap::new();
        let mut others = None;
        for (position, slot) in list.split_whitespace().enumerate() {
            for token in slot.split('|') {
                if token == "*" {
                    others = Some(position);
                } else {
                    let name = token.split_once(':').unwrap_or(("w", token));
                    positions.insert(name, position);
                }
            }
        }
        ChildOrder { positions, others }
    }

    /// Position of a child: its own, else that of `*`; `None` if it is not allowed.
    fn position(&self, name: &Name) -> Option<usize> {
        name.ns
            .and_then(|ns| self.positions.get(&(ns, name.local.as_str())).copied())
            .or(self.others)
    }
}

/// The order list for an element under `parent`, if `CHILD_ORDER` has one: the
/// `parent/name` entry, else the `name` entry. The table is parsed on first use.
fn order_of(name: &Name, parent: Option<&Name>) -> Option<&'static ChildOrder> {
    /// Element local name → its lists, keyed by the parent a `parent/name` key names.
    type Table = HashMap<&'static str, Vec<(Option<&'static str>, ChildOrder)>>;
    static TABLE: OnceLock<Table> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = Table::new();
        for (key, list) in CHILD_ORDER {
            let (parent, element) = match key.split_once('/') {
                Some((parent, element)) => (Some(parent), element),
                None => (None, *key),
            };
            let lists = table.entry(element).or_default();
            lists.push((parent, ChildOrder::parse(list)));
        }
        table
    });
    if name.ns != Some("w") {
        return None;
    }
    let lists = table.get(name.local.as_str())?;
    let parent = parent
        .filter(|p| p.ns == Some("w"))
        .map(|p| p.local.as_str());
    let in_context = lists.iter().find(|(p, _)| p.is_some() && *p == parent);
    in_context
        .or_else(|| lists.iter().find(|(p, _)| p.is_none()))
        .map(|(_, order)| order)
}

/// One child of an element being reordered: its serialized text (with any comments or
/// whitespace that preceded it) and its position in the parent's order.
struct Child {
    rank: usize,
    xml: String,
}

/// An open element while the document is being copied.
struct Frame<'a> {
    name: Name,
    /// The start tag as it will be written.
    open: Cow<'a, str>,
    /// This element's child order if `CHILD_ORDER` has one.
    order: Option<&'static ChildOrder>,
    /// Whether the start tag has attributes (then the element is never empty).
    has_attributes: bool,
    children: Vec<Child>,
    /// Text read since the last child element (all content for an unordered element).
    pending: String,
}

impl Frame<'_> {
    /// Whether the element carries nothing: no attributes, no children, no text.
    fn is_empty(&self) -> bool {
        !self.has_attributes && self.children.is_empty() && self.pending.trim().is_empty()
    }

    fn close(mut self, end_tag: &str) -> String {
        self.children.sort_by_key(|c| c.rank);
        let len = self.open.len()
            + self.children.iter().map(|c| c.xml.len()).sum::<usize>()
            + self.pending.len()
            + end_tag.len();
        let mut out = String::with_capacity(len);
        out.push_str(&self.open);
        for child in &self.children {
            out.push_str(&child.xml);
        }
        out.push_str(&self.pending);
        out.push_str(end_tag);
        out
    }
}

/// The next event and the byte offset where it ends.
fn next_event<'x>(
    reader: &mut NsReader<&'x [u8]>,
    pos: usize,
) -> Result<(Event<'x>, usize), SchemaError> {
    let event = reader.read_event().map_err(|e| SchemaError::Xml {
        offset: reader.error_position(),
        reason: e.to_string(),
    })?;
    let end = usize::try_from(reader.buffer_position()).map_err(|_| xml_error(pos, "offset"))?;
    Ok((event, end))
}

/// The reordering pass; also returns `parent/child` for every child an order list does
/// not name (such children are kept, after the known ones).
fn reorder(xml: &str) -> Result<(String, Vec<String>), SchemaError> {
    let mut reader = NsReader::from_str(xml);
    let mut out = String::with_capacity(xml.len());
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut unknown = Vec::new();
    let mut pos = 0usize;
    loop {
        let (event, end) = next_event(&mut reader, pos)?;
        let raw = xml
            .get(pos..end)
            .ok_or_else(|| xml_error(pos, "bad event span"))?;
        pos = end;
        match event {
            Event::Start(start) => {
                let name = resolve(&reader, start.name());
                let open = drop_attributes(&reader, &name, &start, raw, false)?;
                let order = order_of(&name, stack.last().map(|parent| &parent.name));
                stack.push(Frame {
                    name,
                    open,
                    order,
                    has_attributes: start.attributes().next().is_some(),
                    children: Vec::new(),
                    pending: String::new(),
                });
            }
            Event::Empty(start) => {
                let name = resolve(&reader, start.name());
                let text = drop_attributes(&reader, &name, &start, raw, true)?;
                let empty = start.attributes().next().is_none();
                place(&mut stack, &mut out, &mut unknown, &name, empty, &text);
            }
            Event::End(_) => {
                let frame = stack
                    .pop()
                    .ok_or_else(|| xml_error(pos, "end tag without start tag"))?;
                let name = frame.name.clone();
                let empty = frame.is_empty();
                let text = frame.close(raw);
                place(&mut stack, &mut out, &mut unknown, &name, empty, &text);
            }
            Event::Eof => break,
            _ => match stack.last_mut() {
                Some(frame) => frame.pending.push_str(raw),
                None => out.push_str(raw),
            },
        }
    }
    if let Some(frame) = stack.last() {
        return Err(xml_error(
            pos,
            &format!("element {} is not closed", frame.name.local),
        ));
    }
    Ok((out, unknown))
}

/// Appends a finished child element to its parent (or to the output at top level); a
/// child its parent's order list does not allow is dropped when it is an empty
/// property container, else kept last and reported in `unknown`.
fn place(
    stack: &mut [Frame<'_>],
    out: &mut String,
    unknown: &mut Vec<String>,
    name: &Name,
    empty: bool,
    text: &str,
) {
    let Some((parent, ancestors)) = stack.split_last_mut() else {
        out.push_str(text);
        return;
    };
    let Some(order) = parent.order else {
        parent.pending.push_str(text);
        return;
    };
    let rank = match order.position(name) {
        Some(rank) => rank,
        None if empty && order_of(name, Some(&parent.name)).is_some() => {
            // An empty container carries nothing: drop it (text before it stays).
            return;
        }
        None => {
            let grandparent = ancestors.last().map_or("", |g| g.name.local.as_str());
            unknown.push(format!(
                "{grandparent}/{}/{}",
                parent.name.local,
                display(name)
            ));
            usize::MAX
        }
    };
    let mut xml = std::mem::take(&mut parent.pending);
    xml.push_str(text);
    parent.children.push(Child { rank, xml });
}

fn display(name: &Name) -> String {
    match name.ns {
        Some(prefix) => format!("{prefix}:{}", name.local),
        None => format!("{{?}}{}", name.local),
    }
}

fn resolve<R>(reader: &NsReader<R>, qname: QName<'_>) -> Name {
    let (ns, local) = reader.resolver().resolve_element(qname);
    name_from(ns, local.as_ref())
}

fn name_from(ns: ResolveResult<'_>, local: &[u8]) -> Name {
    let ns = match ns {
        ResolveResult::Bound(uri) => NAMESPACES
            .iter()
            .find(|(_, known)| known.as_bytes() == uri.as_ref())
            .map(|(prefix, _)| *prefix),
        _ => None,
    };
    Name {
        ns,
        local: String::from_utf8_lossy(local).into_owned(),
    }
}

/// The tag `raw` without the attributes [`DROPPED_ATTRIBUTES`] lists for `name`;
/// `raw` itself when there are none.
fn drop_attributes<'a, R>(
    reader: &NsReader<R>,
    name: &Name,
    start: &BytesStart<'_>,
    raw: &'a str,
    empty: bool,
) -> Result<Cow<'a, str>, SchemaError> {
    let dropped: Vec<&str> = DROPPED_ATTRIBUTES
        .iter()
        .filter(|(element, _)| name.is("w", element))
        .map(|(_, attribute)| *attribute)
        .collect();
    if dropped.is_empty() {
        return Ok(Cow::Borrowed(raw));
    }
    let mut tag = String::from("<");
    tag.push_str(utf8(start.name().as_ref())?);
    let mut changed = false;
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| xml_error(0, &e.to_string()))?;
        let (ns, local) = reader.resolver().resolve_attribute(attribute.key);
        let attr_name = name_from(ns, local.as_ref());
        if dropped.iter().any(|d| attr_name.is("w", d)) {
            changed = true;
            continue;
        }
        let value = utf8(&attribute.value)?;
        let quote = if value.contains('"') { '\'' } else { '"' };
        tag.push(' ');
        tag.push_str(utf8(attribute.key.as_ref())?);
        tag.push('=');
        tag.push(quote);
        tag.push_str(value);
        tag.push(quote);
    }
    if !changed {
        return Ok(Cow::Borrowed(raw));
    }
    tag.push_str(if empty { "/>" } else { ">" });
    Ok(Cow::Owned(tag))
}

fn utf8(bytes: &[u8]) -> Result<&str, SchemaError> {
    std::str::from_utf8(bytes).map_err(|e| xml_error(0, &e.to_string()))
}

fn xml_error(offset: usize, reason: &str) -> SchemaError {
    SchemaError::Xml {
        offset: u64::try_from(offset).unwrap_or(u64::MAX),
        reason: reason.to_owned(),
    }
}

fn part_error(part: &str, reason: impl Into<String>) -> SchemaError {
    SchemaError::Part {
        part: part.to_owned(),
        reason: reason.into(),
    }
}

fn in_part(part: &str, error: SchemaError) -> SchemaError {
    part_error(part, error.to_string())
}

fn part_text<'a>(name: &str, data: &'a [u8]) -> Result<&'a str, SchemaError> {
    std::str::from_utf8(data).map_err(|e| part_error(name, format!("not UTF-8: {e}")))
}

/// `word/*.xml`: the WordprocessingML parts (document, styles, numbering, settings,
/// headers, footers, fontTable, …), not the theme or the relationships.
fn is_word_xml_part(name: &str) -> bool {
    name.strip_prefix("word/")
        .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".xml"))
}

/// The package's parts by name; directory entries are not parts and are left out.
pub(crate) fn read_parts(docx: &[u8]) -> Result<Parts, SchemaError> {
    let mut archive = ZipArchive::new(Cursor::new(docx))?;
    let mut parts = BTreeMap::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        if parts.insert(name.clone(), data).is_some() {
            return Err(part_error(&name, "appears twice in the package"));
        }
    }
    Ok(parts)
}

/// Parts smaller than this are stored, not deflated.
const SMALL_PART: usize = 2048;

/// Zips the parts: `[Content_Types].xml` first, then by name; XML deflated at level 6, font parts at level 1,
/// timestamps 1980-01-01 00:00, mode 0644, no extra fields.
///
/// A part whose bytes equal an entry of `precompressed` (a zip written by
/// this function) is copied from it still compressed, not deflated again.
pub(crate) fn write_parts(
    parts: &Parts,
    precompressed: Option<&[u8]>,
) -> Result<Vec<u8>, SchemaError> {
    let mut cache = match precompressed {
        Some(z) => Some(ZipArchive::new(Cursor::new(z))?),
        None => None,
    };
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    // Font programs compress little beyond what a fast level gets, and are
    // most of the bytes: level 1 for them keeps the write fast.
    let fast = options.compression_level(Some(1));
    // Small parts are stored: a deflate encoder zeroes ~300 KB of state to
    // save a few hundred bytes.
    let stored = options
        .compression_method(CompressionMethod::Stored)
        .compression_level(None);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let first = parts.get_key_value(CONTENT_TYPES);
    let rest = parts.iter().filter(|(name, _)| *name != CONTENT_TYPES);
    for (name, data) in first.into_iter().chain(rest) {
        if let Some(entry) = cache.as_mut().and_then(|c| same_entry(c, name, data)) {
            zip.raw_copy_file(entry)?;
            continue;
        }
        let options = if name.ends_with(".odttf") {
            fast
        } else if data.len() < SMALL_PART {
            stored
        } else {
            options
        };
        zip.start_file(name.as_str(), options)?;
        zip.write_all(data)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The entry `name` of `cache` if its content is exactly `data`.
fn same_entry<'c, 'z>(
    cache: &'c mut ZipArchive<Cursor<&'z [u8]>>,
    name: &str,
    data: &[u8],
) -> Option<zip::read::ZipFile<'c, Cursor<&'z [u8]>>> {
    let index = cache.index_for_name(name)?;
    let entry = cache.by_index_raw(index).ok()?;
    // Size and CRC-32 as the zip records them: the cache holds only parts
    // this writer made from the same font data.
    (entry.size() == data.len() as u64 && entry.crc32() == crc32fast::hash(data)).then_some(entry)
}

/// Adds `word/theme/theme1.xml`, its relationship from the main document and its
/// content-type override, each only if missing; does nothing when the document already
/// has a theme relationship.
fn add_theme(parts: &mut BTreeMap<String, Vec<u8>>) -> Result<(), SchemaError> {
    let rels = match parts.get(DOCUMENT_RELS) {
        Some(data) => part_text(DOCUMENT_RELS, data)?,
        None => return Err(part_error(DOCUMENT_RELS, "missing")),
    };
    let relationships = root_children(rels, "Relationship", &["Id", "Type"])
        .map_err(|e| in_part(DOCUMENT_RELS, e))?;
    if relationships.iter().any(|[_, kind]| kind == THEME_REL_TYPE) {
        return Ok(());
    }
    let id = (1..)
        .map(|n| format!("rIdTheme{n}"))
        .find(|id| relationships.iter().all(|[used, _]| used != id))
        .unwrap_or_default();
    let rels = append_to_root(
        rels,
        "Relationship",
        &[
            ("Id", &id),
            ("Type", THEME_REL_TYPE),
            ("Target", THEME_TARGET),
        ],
    )
    .map_err(|e| in_part(DOCUMENT_RELS, e))?;

    let types = match parts.get(CONTENT_TYPES) {
        Some(data) => part_text(CONTENT_TYPES, data)?,
        None => return Err(part_error(CONTENT_TYPES, "missing")),
    };
    let part_name = format!("/{THEME_PART}");
    let overrides =
        root_children(types, "Override", &["PartName"]).map_err(|e| in_part(CONTENT_TYPES, e))?;
    let types = if overrides
        .iter()
        .any(|[name]| name.eq_ignore_ascii_case(&part_name))
    {
        types.to_owned()
    } else {
        append_to_root(
            types,
            "Override",
            &[
                ("PartName", &part_name),
                ("ContentType", THEME_CONTENT_TYPE),
            ],
        )
        .map_err(|e| in_part(CONTENT_TYPES, e))?
    };

    parts.insert(DOCUMENT_RELS.to_owned(), rels.into_bytes());
    parts.insert(CONTENT_TYPES.to_owned(), types.into_bytes());
    parts
        .entry(THEME_PART.to_owned())
        .or_insert_with(|| THEME_XML.as_bytes().to_vec());
    Ok(())
}

/// The given attributes (unescaped, "" when absent) of each child of the root element
/// whose local name is `local`.
fn root_children<const N: usize>(
    xml: &str,
    local: &str,
    attributes: &[&str; N],
) -> Result<Vec<[String; N]>, SchemaError> {
    let mut reader = NsReader::from_str(xml);
    let mut depth = 0usize;
    let mut found = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| SchemaError::Xml {
            offset: reader.error_position(),
            reason: e.to_string(),
        })?;
        let (start, opens) = match event {
            Event::Start(start) => (start, true),
            Event::Empty(start) => (start, false),
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        if depth == 1 && start.local_name().as_ref() == local.as_bytes() {
            let mut values: [String; N] = std::array::from_fn(|_| String::new());
            for attribute in start.attributes() {
                let attribute = attribute.map_err(|e| xml_error(0, &e.to_string()))?;
                let key = attribute.key.local_name();
                let slot = attributes
                    .iter()
                    .zip(values.iter_mut())
                    .find(|(a, _)| a.as_bytes() == key.as_ref());
                if let Some((_, slot)) = slot {
                    let value = attribute
                        .normalized_value(XmlVersion::Implicit1_0)
                        .map_err(|e| xml_error(0, &e.to_string()))?;
                    *slot = value.into_owned();
                }
            }
            found.push(values);
        }
        if opens {
            depth += 1;
        }
    }
    Ok(found)
}

/// `xml` with a new last child of the root element, written with the root's prefix.
fn append_to_root(
    xml: &str,
    local: &str,
    attributes: &[(&str, &str)],
) -> Result<String, SchemaError> {
    let mut reader = NsReader::from_str(xml);
    let mut depth = 0usize;
    let mut pos = 0usize;
    loop {
        let (event, end) = next_event(&mut reader, pos)?;
        let (insert_at, root_qname, empty) = match event {
            Event::Start(_) => {
                depth += 1;
                pos = end;
                continue;
            }
            Event::End(e) if depth == 1 => (pos, utf8(e.name().as_ref())?.to_owned(), false),
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                pos = end;
                continue;
            }
            Event::Empty(e) if depth == 0 => (pos, utf8(e.name().as_ref())?.to_owned(), true),
            Event::Eof => return Err(xml_error(pos, "no root element")),
            _ => {
                pos = end;
                continue;
            }
        };
        let prefix = root_qname
            .split_once(':')
            .map(|(p, _)| format!("{p}:"))
            .unwrap_or_default();
        let mut child = format!("<{prefix}{local}");
        for (key, value) in attributes {
            child.push_str(&format!(" {key}=\"{}\"", quick_xml::escape::escape(*value)));
        }
        child.push_str("/>");
        let head = xml
            .get(..insert_at)
            .ok_or_else(|| xml_error(insert_at, "span"))?;
        let tail = xml.get(end..).ok_or_else(|| xml_error(end, "span"))?;
        let root_tag = xml
            .get(insert_at..end)
            .ok_or_else(|| xml_error(insert_at, "span"))?;
        return Ok(if empty {
            // `<Root …/>` becomes `<Root …>child</Root>`.
            let open = root_tag.trim_end_matches("/>").trim_end();
            format!("{head}{open}>{child}</{root_qname}>{tail}")
        } else {
            format!("{head}{child}{root_tag}{tail}")
        });
    }
}

/// `part: parent/child` for every child that an order list in [`CHILD_ORDER`] does not
/// name, over all `word/*.xml` parts; empty when the table covers the package. Tests of
/// the DOCX writer call this on its output.
#[cfg(test)]
pub(crate) fn unknown_children_in_package(docx: &[u8]) -> Result<Vec<String>, SchemaError> {
    let mut report = Vec::new();
    for (name, data) in &read_parts(docx)? {
        if is_word_xml_part(name) {
            let (_, unknown) = reorder(part_text(name, data)?).map_err(|e| in_part(name, e))?;
            report.extend(unknown.into_iter().map(|u| format!("{name}: {u}")));
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    /// Wraps a fragment in `w:document`/`w:body` (which take any content) and declares
    /// the `w:` prefix.
    fn doc(body: &str) -> String {
        format!("<w:document {W}><w:body>{body}</w:body></w:document>")
    }

    fn reordered(body: &str) -> String {
        match reorder_xml(&doc(body)) {
            Ok(xml) => xml,
            Err(e) => panic!("reorder failed: {e}"),
        }
    }

    #[test]
    fn orders_paragraph_properties() {
        let got = reordered(
            r#"<w:p><w:r><w:t>x</w:t></w:r><w:pPr><w:rPr><w:b/></w:rPr><w:jc w:val="both"/><w:ind w:firstLine="567"/><w:spacing w:before="0" w:after="120"/><w:tabs><w:tab w:val="left" w:pos="2000"/></w:tabs><w:pBdr><w:bottom w:val="single"/><w:top w:val="nil"/></w:pBdr><w:keepLines/><w:keepNext/><w:numPr><w:numId w:val="2"/><w:ilvl w:val="0"/></w:numPr><w:pStyle w:val="Body"/></w:pPr></w:p>"#,
        );
        assert_eq!(
            got,
            doc(
                r#"<w:p><w:pPr><w:pStyle w:val="Body"/><w:keepNext/><w:keepLines/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr><w:pBdr><w:top w:val="nil"/><w:bottom w:val="single"/></w:pBdr><w:tabs><w:tab w:val="left" w:pos="2000"/></w:tabs><w:spacing w:before="0" w:after="120"/><w:ind w:firstLine="567"/><w:jc w:val="both"/><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#
            )
        );
    }

    #[test]
    fn orders_run_properties_by_context() {
        // A run's rPr (CT_RPr) ...
        let run = reordered(
            r#"<w:r><w:rPr><w:lang w:val="vi-VN"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:caps/><w:u w:val="single"/><w:i/><w:b/><w:rFonts w:ascii="Times New Roman"/><w:rStyle w:val="Emph"/></w:rPr><w:t>x</w:t></w:r>"#,
        );
        assert_eq!(
            run,
            doc(
                r#"<w:r><w:rPr><w:rStyle w:val="Emph"/><w:rFonts w:ascii="Times New Roman"/><w:b/><w:i/><w:caps/><w:sz w:val="28"/><w:szCs w:val="28"/><w:u w:val="single"/><w:lang w:val="vi-VN"/></w:rPr><w:t>x</w:t></w:r>"#
            )
        );
        // ... and the paragraph mark's (CT_ParaRPr), where w:ins comes first.
        let mark = reordered(
            r#"<w:p><w:pPr><w:rPr><w:b/><w:ins w:id="1" w:author="a"/></w:rPr></w:pPr></w:p>"#,
        );
        assert_eq!(
            mark,
            doc(r#"<w:p><w:pPr><w:rPr><w:ins w:id="1" w:author="a"/><w:b/></w:rPr></w:pPr></w:p>"#)
        );
    }

    #[test]
    fn orders_style_and_drops_its_empty_paragraph_mark_properties() {
        let got = reordered(
            r#"<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body"/><w:rPr><w:sz w:val="28"/><w:b/></w:rPr><w:pPr><w:rPr /><w:jc w:val="both"/><w:keepNext/></w:pPr><w:next w:val="Body"/><w:qFormat/><w:basedOn w:val="Normal"/></w:style>"#,
        );
        assert_eq!(
            got,
            doc(
                r#"<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body"/><w:basedOn w:val="Normal"/><w:next w:val="Body"/><w:qFormat/><w:pPr><w:keepNext/><w:jc w:val="both"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>"#
            )
        );
    }

    #[test]
    fn orders_numbering_level() {
        let got = reordered(
            r#"<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:rPr></w:rPr><w:ind w:left="0" w:firstLine="0"/></w:pPr><w:rPr><w:b/><w:rFonts w:ascii="Times New Roman"/></w:rPr><w:suff w:val="space"/></w:lvl></w:abstractNum>"#,
        );
        assert_eq!(
            got,
            doc(
                r#"<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:suff w:val="space"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman"/><w:b/></w:rPr></w:lvl></w:abstractNum>"#
            )
        );
    }

    #[test]
    fn orders_settings_and_compat() {
        let got = reorder_xml(&format!(
            r#"<w:settings {W}><w:defaultTabStop w:val="720" /><w:zoom w:percent="100" /><w:compat><w:useFELayout /><w:spaceForUL /></w:compat><w:evenAndOddHeaders/></w:settings>"#
        ));
        assert_eq!(
            got.ok(),
            Some(format!(
                r#"<w:settings {W}><w:zoom w:percent="100" /><w:defaultTabStop w:val="720" /><w:evenAndOddHeaders/><w:compat><w:spaceForUL /><w:useFELayout /></w:compat></w:settings>"#
            ))
        );
    }

    #[test]
    fn orders_tables_and_sections() {
        let got = reordered(
            r#"<w:tbl><w:tblPr><w:tblLook w:val="04A0"/><w:tblLayout w:type="fixed"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders><w:insideH w:val="nil"/><w:left w:val="nil"/><w:top w:val="nil"/></w:tblBorders><w:jc w:val="center"/><w:tblW w:w="9000" w:type="dxa"/><w:tblStyle w:val="T"/></w:tblPr><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:ins w:id="1" w:author="a"/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:vAlign w:val="center"/><w:tcBorders><w:bottom w:val="single"/><w:top w:val="nil"/></w:tcBorders><w:tcW w:w="9000" w:type="dxa"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl><w:sectPr><w:titlePg/><w:pgMar w:top="1134"/><w:pgSz w:w="11906"/><w:headerReference w:type="default" r:id="rId1"/><w:headerReference w:type="first" r:id="rId2"/></w:sectPr>"#,
        );
        assert_eq!(
            got,
            doc(
                r#"<w:tbl><w:tblPr><w:tblStyle w:val="T"/><w:tblW w:w="9000" w:type="dxa"/><w:jc w:val="center"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:insideH w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/><w:ins w:id="1" w:author="a"/></w:trPr><w:tc><w:tcPr><w:tcW w:w="9000" w:type="dxa"/><w:tcBorders><w:top w:val="nil"/><w:bottom w:val="single"/></w:tcBorders><w:vAlign w:val="center"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl><w:sectPr><w:headerReference w:type="default" r:id="rId1"/><w:headerReference w:type="first" r:id="rId2"/><w:pgSz w:w="11906"/><w:pgMar w:top="1134"/><w:titlePg/></w:sectPr>"#
            )
        );
    }

    #[test]
    fn keeps_unknown_children_last_and_reports_them() {
        let input = doc(
            r#"<w:p><w:pPr><x:ext xmlns:x="urn:x"><x:y/></x:ext><w:jc w:val="left"/><w:future w:val="1"/><w:pStyle w:val="A"/></w:pPr></w:p>"#,
        );
        let (got, unknown) = match reorder(&input) {
            Ok(result) => result,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            got,
            doc(
                r#"<w:p><w:pPr><w:pStyle w:val="A"/><w:jc w:val="left"/><x:ext xmlns:x="urn:x"><x:y/></x:ext><w:future w:val="1"/></w:pPr></w:p>"#
            )
        );
        assert_eq!(unknown, ["p/pPr/{?}ext", "p/pPr/w:future"]);
    }

    #[test]
    fn drops_only_the_type_of_grid_columns() {
        let got = reordered(
            r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto" /></w:tblPr><w:tblGrid><w:gridCol w:w="100" w:type="dxa" /><w:gridCol w:type='dxa' w:w='200'></w:gridCol></w:tblGrid></w:tbl>"#,
        );
        assert_eq!(
            got,
            doc(
                r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto" /></w:tblPr><w:tblGrid><w:gridCol w:w="100"/><w:gridCol w:w="200"></w:gridCol></w:tblGrid></w:tbl>"#
            )
        );
    }

    #[test]
    fn copies_a_valid_document_byte_for_byte() {
        let input = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<!-- c -->\n<w:document {W} xmlns:mc=\"urn:mc\">\n  <w:body>\n    <w:p w:rsidR='00A1'>\n      <w:pPr>\n        <!-- style --><w:pStyle w:val=\"Body\" />\n        <w:jc w:val=\"both\"/>\n      </w:pPr>\n      <w:r><w:t xml:space=\"preserve\">Căn cứ &amp; &#273;iều <![CDATA[<x>]]></w:t></w:r>\n    </w:p>\n    <?pi data?>\n    <w:sectPr><w:pgSz w:w=\"11906\"/></w:sectPr>\n  </w:body>\n</w:document>\n"
        );
        assert_eq!(reorder_xml(&input).ok(), Some(input));
    }

    #[test]
    fn follows_the_namespace_not_the_prefix() {
        let input = r#"<doc xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><rPr><b/><rFonts/></rPr><x:rPr xmlns:x="urn:other"><x:b/><x:rFonts/></x:rPr></doc>"#;
        assert_eq!(
            reorder_xml(input).ok().as_deref(),
            Some(
                r#"<doc xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><rPr><rFonts/><b/></rPr><x:rPr xmlns:x="urn:other"><x:b/><x:rFonts/></x:rPr></doc>"#
            )
        );
    }

    #[test]
    fn rejects_malformed_xml() {
        assert!(reorder_xml(&doc("<w:pPr><w:jc></w:pPr>")).is_err());
        assert!(reorder_xml(&format!("<w:document {W}><w:body><w:p>")).is_err());
        assert!(reorder_xml("</w:p>").is_err());
        assert!(normalize_package(b"not a zip").is_err());
    }

    #[test]
    fn order_table_is_well_formed() {
        for (i, (key, order)) in CHILD_ORDER.iter().enumerate() {
            assert!(
                CHILD_ORDER[..i].iter().all(|(k, _)| k != key),
                "{key} listed twice"
            );
            let names: Vec<&str> = order
                .split_whitespace()
                .flat_map(|s| s.split('|'))
                .collect();
            assert!(!names.is_empty(), "{key} has no children");
            for (j, name) in names.iter().enumerate() {
                assert!(!names[..j].contains(name), "{key}: {name} listed twice");
                if let Some((prefix, _)) = name.split_once(':') {
                    assert!(
                        NAMESPACES.iter().any(|(p, _)| *p == prefix),
                        "{key}: unknown prefix in {name}"
                    );
                }
            }
        }
    }

    /// A document using what the vanban DOCX writer uses, as docx-rs writes it.
    fn sample_docx() -> Vec<u8> {
        use docx_rs::*;
        let font = || {
            RunFonts::new()
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman")
                .cs("Times New Roman")
        };
        let mut body = Style::new("Body", StyleType::Paragraph)
            .name("Body")
            .based_on("Normal")
            .next("Body")
            .fonts(font())
            .size(28)
            .align(AlignmentType::Both)
            .line_spacing(LineSpacing::new().before(0).after(120).line(288))
            .indent(Some(0), Some(SpecialIndentType::FirstLine(567)), None, None);
        body.paragraph_property = body
            .paragraph_property
            .keep_next(true)
            .keep_lines(true)
            .add_tab(Tab::new().val(TabValueType::Center).pos(4536))
            .set_borders(
                ParagraphBorders::with_empty().set(
                    ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                        .val(BorderType::Single)
                        .size(6),
                ),
            );
        body.run_property = body.run_property.caps();
        let emph = Style::new("Emph", StyleType::Character)
            .name("Emph")
            .italic()
            .bold()
            .underline("single");
        let level = |i: usize, fmt: &str, text: &str| {
            Level::new(
                i,
                Start::new(1),
                NumberFormat::new(fmt),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
            .suffix(LevelSuffixType::Space)
            .bold()
            .fonts(font())
        };
        let cell = |text: &str, w: usize| {
            TableCell::new()
                .add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_text(text).bold().size(26)),
                )
                .width(w, WidthType::Dxa)
                .vertical_align(VAlignType::Center)
                .set_border(
                    TableCellBorder::new(TableCellBorderPosition::Bottom)
                        .border_type(BorderType::Single)
                        .size(4),
                )
        };
        let table = Table::new(vec![
            TableRow::new(vec![cell("STT", 1000), cell("Nội dung", 8000)]).cant_split(),
        ])
        .set_grid(vec![1000, 8000])
        .width(9000, WidthType::Dxa)
        .layout(TableLayoutType::Fixed);
        let borderless = Table::without_borders(vec![TableRow::new(vec![
            TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text("BỘ"))),
        ])])
        .set_grid(vec![9000])
        .margins(TableCellMargins::new().margin(0, 0, 0, 0));
        let header = Header::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
                .add_run(Run::new().add_instr_text(InstrText::PAGE(InstrPAGE::new())))
                .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
                .add_run(Run::new().add_text("2").disable_bold().disable_italic())
                .add_run(Run::new().add_field_char(FieldCharType::End, false)),
        );
        let docx = Docx::new()
            .page_size(11906, 16838)
            .page_margin(
                PageMargin::new()
                    .top(1134)
                    .left(1701)
                    .right(1134)
                    .bottom(1134),
            )
            .header(header)
            .first_header(Header::new())
            .title_pg()
            .default_fonts(font())
            .default_size(28)
            .add_style(body)
            .add_style(emph)
            .add_abstract_numbering(
                AbstractNumbering::new(2)
                    .add_level(level(0, "upperRoman", "%1."))
                    .add_level(level(1, "decimal", "%2."))
                    .add_level(level(2, "lowerLetter", "%3)")),
            )
            .add_numbering(Numbering::new(2, 2))
            .add_numbering(Numbering::new(10, 2).add_override(LevelOverride::new(0).start(1)))
            .add_table(borderless)
            .add_table(table)
            .add_paragraph(
                Paragraph::new()
                    .style("Body")
                    .numbering(NumberingId::new(2), IndentLevel::new(0))
                    .keep_next(true)
                    .align(AlignmentType::Both)
                    .indent(
                        Some(720),
                        Some(SpecialIndentType::FirstLine(567)),
                        None,
                        None,
                    )
                    .bold()
                    .add_run(Run::new().style("Emph").add_text("Điều 1.").bold().italic()),
            )
            .add_paragraph(
                Paragraph::new()
                    .page_break_before(true)
                    .line_spacing(
                        LineSpacing::new()
                            .line(360)
                            .line_rule(LineSpacingType::Exact),
                    )
                    .numbering(NumberingId::new(10), IndentLevel::new(0))
                    .add_run(Run::new().add_break(BreakType::Page).color("000000")),
            );
        let mut out = Cursor::new(Vec::new());
        if let Err(e) = docx.build().pack(&mut out) {
            panic!("docx-rs failed: {e}");
        }
        out.into_inner()
    }

    fn normalized(docx: &[u8]) -> Vec<u8> {
        match normalize_package(docx) {
            Ok(bytes) => bytes,
            Err(e) => panic!("normalize failed: {e}"),
        }
    }

    fn part(docx: &[u8], name: &str) -> String {
        let parts = match read_parts(docx) {
            Ok(parts) => parts,
            Err(e) => panic!("{e}"),
        };
        String::from_utf8_lossy(parts.get(name).map_or(&[][..], Vec::as_slice)).into_owned()
    }

    #[test]
    fn the_order_table_covers_docx_rs_output() {
        let unknown = unknown_children_in_package(&sample_docx()).ok();
        assert_eq!(unknown, Some(Vec::new()));
    }

    #[test]
    fn normalizing_is_deterministic_and_idempotent() {
        let raw = sample_docx();
        let once = normalized(&raw);
        assert_eq!(normalized(&raw), once, "same input, same bytes");
        assert_eq!(
            normalized(&once),
            once,
            "a normalized package is a fixed point"
        );
        // The fixes are in: grid columns without w:type, w:suff before w:lvlText, no
        // <w:rPr /> in a style's or level's w:pPr.
        let document = part(&once, "word/document.xml");
        let grid_cols: Vec<&str> = document
            .split("<w:gridCol ")
            .skip(1)
            .filter_map(|rest| rest.split('>').next())
            .collect();
        assert_eq!(
            grid_cols,
            [r#"w:w="9000"/"#, r#"w:w="1000"/"#, r#"w:w="8000"/"#]
        );
        let numbering = part(&once, "word/numbering.xml");
        assert!(numbering.contains(r#"<w:suff w:val="space" /><w:lvlText w:val="%1." />"#));
        assert!(!numbering.contains("<w:pPr><w:rPr />"));
        assert!(!part(&once, "word/styles.xml").contains("<w:pPr><w:rPr />"));
    }

    #[test]
    fn writes_a_plain_zip_with_content_types_first() {
        let out = normalized(&sample_docx());
        let mut archive = match ZipArchive::new(Cursor::new(out.as_slice())) {
            Ok(archive) => archive,
            Err(e) => panic!("{e}"),
        };
        let mut names = Vec::new();
        for i in 0..archive.len() {
            let entry = match archive.by_index(i) {
                Ok(entry) => entry,
                Err(e) => panic!("{e}"),
            };
            assert!(!entry.is_dir());
            // Small parts stored, the rest deflated.
            let want = if entry.size() < SMALL_PART as u64 {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            };
            assert_eq!(entry.compression(), want, "{}", entry.name());
            assert_eq!(entry.last_modified(), Some(DateTime::default()));
            assert!(entry.extra_data().is_none_or(<[u8]>::is_empty));
            names.push(entry.name().to_owned());
        }
        assert_eq!(names.first().map(String::as_str), Some(CONTENT_TYPES));
        let mut rest = names[1..].to_vec();
        rest.sort();
        assert_eq!(rest, names[1..]);
    }

    #[test]
    fn adds_the_theme_once() {
        let twice = normalized(&normalized(&sample_docx()));
        assert_eq!(part(&twice, THEME_PART), THEME_XML);
        let rels = part(&twice, DOCUMENT_RELS);
        assert_eq!(rels.matches(THEME_REL_TYPE).count(), 1);
        assert!(rels.contains(r#"Target="theme/theme1.xml"/></Relationships>"#));
        let types = part(&twice, CONTENT_TYPES);
        assert_eq!(types.matches(THEME_CONTENT_TYPE).count(), 1);
        assert!(types.contains(r#"<Override PartName="/word/theme/theme1.xml""#));
    }

    #[test]
    fn appends_to_empty_and_prefixed_roots() {
        let empty = append_to_root(r#"<Types xmlns="urn:t" />"#, "Override", &[("A", "<&>")]);
        assert_eq!(
            empty.ok().as_deref(),
            Some(r#"<Types xmlns="urn:t"><Override A="&lt;&amp;&gt;"/></Types>"#)
        );
        let prefixed = append_to_root(
            r#"<r:Rels xmlns:r="urn:r"><r:R Id="a"/></r:Rels>"#,
            "R",
            &[("Id", "b")],
        );
        assert_eq!(
            prefixed.ok().as_deref(),
            Some(r#"<r:Rels xmlns:r="urn:r"><r:R Id="a"/><r:R Id="b"/></r:Rels>"#)
        );
    }
}
