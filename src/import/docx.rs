//! The DOCX reader: a Word file's main document as a [`Source`].

use std::io::Read;

use quick_xml::events::Event;

use super::numbering;
use super::source::{Source, SourceBlock, SourcePara};
use crate::error::{Error, Result};

/// The paragraphs of a DOCX's main document: text of `w:t`, `w:tab` as a
/// space, `w:br` as a new line; paragraphs in vanban's heading and list
/// styles get back the marker Word numbering drew.
pub fn read(bytes: &[u8]) -> Result<Source> {
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
    let mut out = Source::default();
    let mut para = String::new();
    let mut style = String::new();
    let mut in_text = false;
    let mut counters = [0usize; 4];
    let mut count = 0;
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
                count += 1;
                let numbered = std::mem::take(&mut num);
                let marker = match numbered {
                    (Some(id), level) if !para.trim().is_empty() => numbering.label(&id, level),
                    _ => None,
                }
                .or_else(|| heading_marker(&style, &mut counters));
                let text = match marker {
                    Some(m) => format!("{m} {para}"),
                    None => para.clone(),
                };
                out.blocks
                    .push(SourceBlock::Para(SourcePara::plain(text, count)));
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
