//! `vanban import`: turns the text of an old document (extracted from a
//! PDF, legacy-encoded in TCVN3 or VNI, or a Word file) back into input JSON
//! that validates, so that a formatted copy can be regenerated.
//!
//! decode ([`legacy`]) → repair ([`repair`]: `ƣ`→`ư`, split syllables, …)
//! → lines → recognise ([`structure`]: header, title, sections, lists,
//! closing). Every repair and every guess is reported; text the importer
//! cannot place goes into the body, never away.

pub mod legacy;
mod numbering;
pub mod repair;
pub mod structure;
mod table;

use std::io::Read;

use serde::Serialize;

pub use legacy::Legacy;
pub use repair::Repair;
pub use structure::Warning;

use crate::error::{Error, Result};

/// How the input's bytes are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8.
    Utf8,
    /// TCVN3 (ABC).
    Tcvn3,
    /// VNI-Windows.
    Vni,
    /// Detected from the bytes.
    #[default]
    Auto,
}

/// What the importer may be told.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The input's encoding (plain text only).
    pub encoding: Encoding,
    /// The kind of document, when the text does not say.
    pub kind: Option<String>,
}

/// An imported document.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    /// The input JSON (the contract of `spec/input.md`).
    pub document: serde_json::Value,
    /// The encoding the text was read in.
    pub encoding: &'static str,
    /// Every repair made to the text.
    pub repairs: Vec<Repair>,
    /// Every guess and every line placed as a plain paragraph.
    pub warnings: Vec<Warning>,
}

/// Imports a plain-text document.
pub fn import_text(bytes: &[u8], options: &ImportOptions) -> Result<Imported> {
    let (text, encoding) = decode(bytes, options.encoding)?;
    let raw: Vec<(String, bool)> = text.lines().map(|l| (l.to_string(), false)).collect();
    Ok(finish(&raw, encoding, options))
}

/// Imports a Word document (`.docx`): its paragraphs' text, in order.
pub fn import_docx(bytes: &[u8], options: &ImportOptions) -> Result<Imported> {
    let paras = docx_paragraphs(bytes)?;
    Ok(finish(&paras, "DOCX", options))
}

fn finish(raw: &[(String, bool)], encoding: &'static str, options: &ImportOptions) -> Imported {
    let mut repairs = Vec::new();
    let mut warnings = Vec::new();
    let lines = lines(raw, &mut repairs);
    let document = structure::recognise(&lines, options.kind.as_deref(), &mut warnings);
    Imported {
        document,
        encoding,
        repairs,
        warnings,
    }
}

/// Decodes the bytes: UTF-8 (a byte order mark is dropped), or a legacy
/// encoding, given or detected.
fn decode(bytes: &[u8], encoding: Encoding) -> Result<(String, &'static str)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf8 = || {
        String::from_utf8(bytes.to_vec()).map_err(|e| {
            Error::Import(format!(
                "the text is not UTF-8 (byte {} is not valid): give --encoding tcvn3 or vni, or auto",
                e.utf8_error().valid_up_to()
            ))
        })
    };
    Ok(match encoding {
        Encoding::Utf8 => (utf8()?, "UTF-8"),
        Encoding::Tcvn3 => (legacy::decode_tcvn3(bytes), "TCVN3"),
        Encoding::Vni => (legacy::decode_vni(bytes), "VNI-Windows"),
        Encoding::Auto => match legacy::detect(bytes) {
            None => (utf8()?, "UTF-8"),
            Some(Legacy::Tcvn3) => (legacy::decode_tcvn3(bytes), "TCVN3"),
            Some(Legacy::Vni) => (legacy::decode_vni(bytes), "VNI-Windows"),
        },
    })
}

/// Repairs each line, drops blank ones and page numbers (a line holding
/// only the next page's number, from 2 on); notes indentation.
fn lines(raw: &[(String, bool)], repairs: &mut Vec<Repair>) -> Vec<structure::Line> {
    let mut next_page = 2;
    let mut gap = false;
    let mut out = Vec::new();
    // pdftotext starts each page with a form feed: then only a number just
    // after one is a page number (a table's serial `4` is not).
    let form_feeds = raw.iter().any(|(l, _)| l.contains('\u{c}'));
    for (i, (l, indented)) in raw.iter().enumerate() {
        let fixed = repair::repair_line(l.trim_end(), i + 1, repairs);
        let text = fixed.split_whitespace().collect::<Vec<_>>().join(" ");
        // (split_whitespace has taken the form feed off `text`.)
        let new_page = l.trim_start_matches(' ').starts_with('\u{c}');
        gap |= new_page;
        let page_start = new_page || !form_feeds;
        if page_start && text.trim_start_matches('\u{c}') == next_page.to_string() {
            repairs.push(Repair {
                line: i + 1,
                what: format!("page number {next_page} left out (the layout numbers pages)"),
                from: text,
                to: String::new(),
            });
            next_page += 1;
            gap = true;
            continue;
        }
        let text = text.trim_start_matches('\u{c}').to_string();
        if text.is_empty() {
            gap = true;
            continue;
        }
        out.push(structure::Line {
            number: i + 1,
            indented: *indented || fixed.starts_with([' ', '\t']),
            gap: std::mem::take(&mut gap),
            text,
        });
    }
    out
}

/// The paragraphs of a DOCX's main document: text of `w:t`, `w:tab` as a
/// space, `w:br` as a new line; paragraphs in vanban's heading and list
/// styles get back the marker Word numbering drew.
fn docx_paragraphs(bytes: &[u8]) -> Result<Vec<(String, bool)>> {
    use quick_xml::events::Event;
    let bad = |e: String| Error::Import(format!("this is not a readable DOCX file: {e}"));
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .map_err(|e| bad(e.to_string()))?
        .read_to_string(&mut xml)
        .map_err(|e| bad(e.to_string()))?;
    // Word numbering, when the file has any (a file without is fine).
    let mut numbering_xml = String::new();
    let mut numbering = match zip.by_name("word/numbering.xml") {
        Ok(mut part) => {
            part.read_to_string(&mut numbering_xml)
                .map_err(|e| bad(e.to_string()))?;
            numbering::Numbering::parse(&numbering_xml).map_err(bad)?
        }
        Err(_) => numbering::Numbering::default(),
    };
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = Vec::new();
    let mut para = String::new();
    let mut style = String::new();
    let mut in_text = false;
    let mut counters = [0usize; 4];
    // The paragraph's numbering: (numId, ilvl).
    let mut num: (Option<String>, usize) = (None, 0);
    loop {
        match reader.read_event().map_err(|e| bad(e.to_string()))? {
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::Text(t) if in_text => {
                para.push_str(&t.decode().map_err(|e| bad(e.to_string()))?);
            }
            // quick-xml hands `&amp;`, `&lt;`, `&#x1EA0;` … over as events
            // of their own: without this arm `A&B` came back as `AB`.
            Event::GeneralRef(r) if in_text => {
                let name = r.decode().map_err(|e| bad(e.to_string()))?;
                let c = match quick_xml::escape::resolve_xml_entity(&name) {
                    Some(s) => s.chars().next(),
                    None => r.resolve_char_ref().map_err(|e| bad(e.to_string()))?,
                };
                para.push(c.ok_or_else(|| bad(format!("unknown entity &{name};")))?);
            }
            Event::Empty(e) if e.name().as_ref() == b"w:tab" => para.push(' '),
            Event::Empty(e) if e.name().as_ref() == b"w:br" => para.push('\n'),
            Event::Empty(e) if e.name().as_ref() == b"w:pStyle" => {
                style = e
                    .try_get_attribute("w:val")
                    .ok()
                    .flatten()
                    .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                    .unwrap_or_default();
            }
            Event::Empty(e) if e.name().as_ref() == b"w:numId" => {
                num.0 = numbering::attr(&e, b"w:val");
            }
            Event::Empty(e) if e.name().as_ref() == b"w:ilvl" => {
                num.1 = numbering::attr(&e, b"w:val")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
            }
            Event::End(e) if e.name().as_ref() == b"w:p" => {
                let numbered = std::mem::take(&mut num);
                let marker = match numbered {
                    (Some(id), level) if !para.trim().is_empty() => numbering.label(&id, level),
                    _ => None,
                }
                .or_else(|| heading_marker(&style, &mut counters));
                for (k, line) in para.split('\n').enumerate() {
                    let line = match (&marker, k) {
                        (Some(m), 0) => format!("{m} {line}"),
                        _ => line.to_string(),
                    };
                    out.push((line, false));
                }
                para.clear();
                style.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The number Word draws for vanban's heading styles (`VbHeading1` → `I.`,
/// `VbHeading2` → `1.`, `VbHeading3` → `1.1.`), counted as Word does.
fn heading_marker(style: &str, counters: &mut [usize; 4]) -> Option<String> {
    let depth: usize = style.strip_prefix("VbHeading")?.parse().ok()?;
    let d = depth.clamp(1, 4) - 1;
    if let Some(c) = counters.get_mut(d) {
        *c += 1;
    }
    for c in counters.iter_mut().skip(d + 1) {
        *c = 0;
    }
    let n = |i: usize| counters.get(i).copied().unwrap_or(0);
    Some(match d {
        0 => format!("{}.", crate::compose::roman_numeral(n(0))),
        1 => format!("{}.", n(1)),
        2 => format!("{}.{}.", n(1), n(2)),
        _ => format!("{}.{}.{}.", n(1), n(2), n(3)),
    })
}
