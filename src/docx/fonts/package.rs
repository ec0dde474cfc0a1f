//! The package edits that embed fonts: the font parts, their relationships
//! from the font table, the `odttf` content type, the font table's
//! `w:embed…` elements and the settings' flags, each made with the part
//! editor ([`crate::docx::xml`]): inserted where they belong, every other
//! byte kept.

use std::collections::BTreeSet;

use ttf_parser::{Face, name_id};

use super::obfuscate::obfuscate;
use super::{EmbeddedFont, FontEmbedError};
use crate::docx::parts::{CONTENT_TYPES, Parts};
use crate::docx::schema::schema_position;
use crate::docx::xml::{Edits, Element, Tree, WML_NS, escape};
use crate::text::FaceId;
use crate::text::font::sfnt::read_u32;

/// Content type of an obfuscated font part.
pub(crate) const OBFUSCATED_FONT_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.obfuscatedFont";
/// Relationship type from the font table to an embedded font part.
pub(crate) const FONT_RELATIONSHIP_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font";

const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const CONTENT_TYPES_NS: &str = "http://schemas.openxmlformats.org/package/2006/content-types";

/// Adds the fonts to a DOCX package (zip bytes); see [`add_to_parts`].
#[cfg(test)]
pub(crate) fn add_to_package(
    docx: &[u8],
    family: &str,
    fonts: &[EmbeddedFont],
) -> Result<Vec<u8>, FontEmbedError> {
    let mut parts =
        crate::docx::parts::read_parts(docx).map_err(|e| package_error(e.to_string()))?;
    add_to_parts(&mut parts, family, fonts)?;
    crate::docx::parts::write_parts(&parts, None).map_err(|e| package_error(e.to_string()))
}

/// Adds the fonts to a package already read into parts (zip entry names
/// without a leading `/`, directories left out): edits the font table, its
/// relationships, `[Content_Types].xml` and the settings, and adds the font
/// parts. On error `parts` is unchanged.
pub(crate) fn add_to_parts(
    parts: &mut Parts,
    family: &str,
    fonts: &[EmbeddedFont],
) -> Result<(), FontEmbedError> {
    check_font_list(family, fonts)?;
    let mut fonts: Vec<&EmbeddedFont> = fonts.iter().collect();
    fonts.sort_by_key(|f| f.face);

    let main = relationship_target(parts, "", "_rels/.rels", "/officeDocument")?
        .ok_or_else(|| package_error("_rels/.rels names no main document"))?;
    let main_rels = rels_part_for(&main);
    let font_table = relationship_target(parts, &main, &main_rels, "/fontTable")?
        .ok_or_else(|| package_error(format!("{main_rels} names no font table")))?;
    let settings = relationship_target(parts, &main, &main_rels, "/settings")?
        .ok_or_else(|| package_error(format!("{main_rels} names no settings part")))?;
    let font_dir = parent_dir(&font_table);
    let font_parts: Vec<String> = fonts
        .iter()
        .map(|f| format!("{font_dir}fonts/{}", f.part_name))
        .collect();
    if let Some(clash) = font_parts.iter().find(|p| find_part(parts, p).is_some()) {
        return Err(package_error(format!("it already has a part {clash}")));
    }

    // Relationships from the font table to the font parts.
    let rels_name = rels_part_for(&font_table);
    let targets: Vec<String> = fonts
        .iter()
        .map(|f| format!("fonts/{}", f.part_name))
        .collect();
    let rels_key = find_part(parts, &rels_name).unwrap_or(rels_name);
    let rels_xml = match parts.get(&rels_key) {
        Some(_) => part_text(parts, &rels_key)?,
        None => EMPTY_RELATIONSHIPS.to_owned(),
    };
    let (rels_xml, ids) = add_relationships(&rels_xml, &rels_key, &targets)?;

    let font_table_key = find_part(parts, &font_table)
        .ok_or_else(|| package_error(format!("the font table {font_table} is missing")))?;
    let table_xml = part_text(parts, &font_table_key)?;
    let table_xml = add_font_table_entries(&table_xml, &font_table_key, family, &fonts, &ids)?;

    let content_types_key = find_part(parts, CONTENT_TYPES)
        .ok_or_else(|| package_error(format!("{CONTENT_TYPES} is missing")))?;
    let content_types = part_text(parts, &content_types_key)?;
    let content_types = add_font_content_type(&content_types)?;

    let settings_key = find_part(parts, &settings)
        .ok_or_else(|| package_error(format!("the settings part {settings} is missing")))?;
    let settings_xml = part_text(parts, &settings_key)?;
    let settings_xml = add_embedding_settings(&settings_xml, &settings_key)?;

    parts.insert(font_table_key, table_xml.into_bytes());
    parts.insert(content_types_key, content_types.into_bytes());
    parts.insert(settings_key, settings_xml.into_bytes());
    parts.insert(rels_key, rels_xml.into_bytes());
    for (font, name) in fonts.iter().zip(font_parts) {
        parts.insert(name, font.data.clone());
    }
    Ok(())
}

fn package_error(reason: impl Into<String>) -> FontEmbedError {
    FontEmbedError::Package {
        reason: reason.into(),
    }
}

fn check_font_list(family: &str, fonts: &[EmbeddedFont]) -> Result<(), FontEmbedError> {
    let invalid = |reason: String| FontEmbedError::InvalidFontList {
        family: family.to_owned(),
        reason,
    };
    if family.is_empty() {
        return Err(invalid("the family name is empty".to_owned()));
    }
    if fonts.is_empty() {
        return Err(invalid("no fonts given".to_owned()));
    }
    let mut faces = BTreeSet::new();
    let mut names = BTreeSet::new();
    for font in fonts {
        if !faces.insert(font.face) {
            return Err(invalid(format!("two fonts for the {:?} face", font.face)));
        }
        if !names.insert(font.part_name.as_str()) {
            return Err(invalid(format!("two fonts named {}", font.part_name)));
        }
        let name_ok = !font.part_name.is_empty()
            && font
                .part_name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !name_ok || !font.part_name.ends_with(".odttf") {
            return Err(invalid(format!(
                "part name `{}` is not of the form font1.odttf",
                font.part_name
            )));
        }
        let plain = obfuscate(&font.data, &font.key)?;
        let face = Face::parse(&plain, 0).map_err(|e| FontEmbedError::Malformed {
            font: font.part_name.clone(),
            reason: format!("{e} (after deobfuscation with its key)"),
        })?;
        let names: Vec<String> = face
            .names()
            .into_iter()
            .filter(|n| matches!(n.name_id, name_id::FAMILY | name_id::TYPOGRAPHIC_FAMILY))
            .filter_map(|n| n.to_string())
            .collect();
        if !names.iter().any(|n| n.eq_ignore_ascii_case(family)) {
            return Err(FontEmbedError::FamilyMismatch {
                part: font.part_name.clone(),
                face: font.face,
                family: family.to_owned(),
                found: names
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "(none)".to_owned()),
            });
        }
    }
    Ok(())
}

/// The name under which `parts` holds `name` (part names are case-insensitive).
fn find_part(parts: &Parts, name: &str) -> Option<String> {
    if parts.contains_key(name) {
        return Some(name.to_owned());
    }
    parts.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()
}

/// The text of part `part` (a key of `parts`), without a byte order mark.
fn part_text(parts: &Parts, part: &str) -> Result<String, FontEmbedError> {
    let data = parts
        .get(part)
        .ok_or_else(|| package_error(format!("{part} is missing")))?;
    let text = std::str::from_utf8(data).map_err(|e| FontEmbedError::Xml {
        part: part.to_owned(),
        reason: format!("not UTF-8: {e}"),
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_owned())
}

/// The relationships part of `part`: `word/document.xml` → `word/_rels/document.xml.rels`.
fn rels_part_for(part: &str) -> String {
    let dir = parent_dir(part);
    let file = &part[dir.len()..];
    format!("{dir}_rels/{file}.rels")
}

/// `word/document.xml` → `word/`; `document.xml` → ``.
fn parent_dir(part: &str) -> &str {
    part.rfind('/').map_or("", |i| &part[..=i])
}

/// Resolves a relationship target against the part that holds it.
fn resolve_target(source: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("{}{target}", parent_dir(source)),
    };
    let mut segments: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

const EMPTY_RELATIONSHIPS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>";

/// The font table element that embeds `face`.
const fn embed_element(face: FaceId) -> &'static str {
    match face {
        FaceId::Regular => "embedRegular",
        FaceId::Bold => "embedBold",
        FaceId::Italic => "embedItalic",
        FaceId::BoldItalic => "embedBoldItalic",
    }
}

/// `part` read with the part editor; a part that is not well-formed is an
/// error naming it.
fn parse<'x>(xml: &'x str, part: &str) -> Result<Tree<'x>, FontEmbedError> {
    Tree::parse(xml).map_err(|e| xml_error(part, e.to_string()))
}

fn xml_error(part: &str, reason: impl Into<String>) -> FontEmbedError {
    FontEmbedError::Xml {
        part: part.to_owned(),
        reason: reason.into(),
    }
}

/// The root of `tree`, checked to be the element `local` in namespace `ns`.
fn root<'t>(
    tree: &'t Tree<'_>,
    part: &str,
    local: &str,
    ns: &str,
) -> Result<&'t Element, FontEmbedError> {
    let root = tree
        .root()
        .ok_or_else(|| xml_error(part, "no root element"))?;
    if tree.local(root) != local {
        let reason = format!("the root element is <{}>, not {local}", tree.name(root));
        return Err(xml_error(part, reason));
    }
    if tree.namespace(root) != Some(ns) {
        let reason = format!("<{}> is not in namespace {ns}", tree.name(root));
        return Err(xml_error(part, reason));
    }
    Ok(root)
}

/// The children of the root of `tree`.
fn top_level<'t>(tree: &'t Tree<'_>) -> impl Iterator<Item = &'t Element> + 't {
    tree.children(0).filter_map(|i| tree.get(i))
}

/// The part that the first relationship of type `…{type_suffix}` in `rels`
/// targets, resolved against `source` (a part name, `` for the package).
fn relationship_target(
    parts: &Parts,
    source: &str,
    rels: &str,
    type_suffix: &str,
) -> Result<Option<String>, FontEmbedError> {
    let Some(key) = find_part(parts, rels) else {
        return Ok(None);
    };
    let xml = part_text(parts, &key)?;
    let tree = parse(&xml, rels)?;
    for element in top_level(&tree) {
        if tree.local(element) != "Relationship"
            || tree
                .attr(element, "TargetMode")
                .is_some_and(|m| m == "External")
        {
            continue;
        }
        let (Some(kind), Some(target)) = (tree.attr(element, "Type"), tree.attr(element, "Target"))
        else {
            continue;
        };
        if kind.ends_with(type_suffix) {
            return Ok(Some(resolve_target(source, &target)));
        }
    }
    Ok(None)
}

/// Adds font relationships to a relationships part; returns it and their ids.
fn add_relationships(
    xml: &str,
    part: &str,
    targets: &[String],
) -> Result<(String, Vec<String>), FontEmbedError> {
    let tree = parse(xml, part)?;
    let root = root(&tree, part, "Relationships", PKG_REL_NS)?;
    let prefix = tree.prefix(root);
    let used: BTreeSet<String> = top_level(&tree)
        .filter_map(|e| tree.attr(e, "Id"))
        .map(|id| id.into_owned())
        .collect();
    let mut ids = Vec::with_capacity(targets.len());
    let mut next = 1usize;
    let mut inserted = String::new();
    for target in targets {
        let id = loop {
            let id = format!("rId{next}");
            next += 1;
            if !used.contains(&id) {
                break id;
            }
        };
        inserted.push_str(&format!(
            "<{prefix}Relationship Id=\"{id}\" Type=\"{FONT_RELATIONSHIP_TYPE}\" Target=\"{}\"/>",
            escape(target)
        ));
        ids.push(id);
    }
    let mut edits = Edits::new();
    edits.append_child(&tree, root, &inserted);
    Ok((edits.apply(xml), ids))
}

/// Adds the embed elements of `fonts` to `family`'s entry in the font table,
/// creating the entry if there is none.
fn add_font_table_entries(
    xml: &str,
    part: &str,
    family: &str,
    fonts: &[&EmbeddedFont],
    ids: &[String],
) -> Result<String, FontEmbedError> {
    let tree = parse(xml, part)?;
    let root = root(&tree, part, "fonts", WML_NS)?;
    let w = tree.prefix(root);
    let (r, r_declaration) = match tree.declared_prefix(root, REL_NS) {
        Some(p) => (p.to_owned(), String::new()),
        None => ("r".to_owned(), format!(" xmlns:r=\"{REL_NS}\"")),
    };
    let mut embeds = String::new();
    for (font, id) in fonts.iter().zip(ids) {
        embeds.push_str(&format!(
            "<{w}{element}{r_declaration} {r}:id=\"{id}\" {w}fontKey=\"{key}\" {w}subsetted=\"1\"/>",
            element = embed_element(font.face),
            key = font.key,
        ));
    }
    let entry = tree.children(0).find(|&i| {
        tree.get(i).is_some_and(|e| {
            tree.is(e, WML_NS, "font")
                && tree
                    .find_attr_ns(e, WML_NS, "name")
                    .is_some_and(|n| tree.value(n) == family)
        })
    });
    let mut edits = Edits::new();
    match entry.and_then(|i| Some((i, tree.get(i)?))) {
        Some((i, entry)) => {
            let embedded = tree.children(i).filter_map(|c| tree.get(c)).any(|e| {
                tree.namespace(e) == Some(WML_NS)
                    && FaceId::ALL
                        .iter()
                        .any(|&face| tree.local(e) == embed_element(face))
            });
            if embedded {
                return Err(FontEmbedError::AlreadyEmbedded {
                    part: part.to_owned(),
                    family: family.to_owned(),
                });
            }
            // The embed elements come last in CT_Font, so they go at its end.
            edits.append_child(&tree, entry, &embeds);
        }
        None => {
            let properties = font_properties(fonts, w)?;
            let new_entry = format!(
                "<{w}font {w}name=\"{}\">{properties}{embeds}</{w}font>",
                escape(family)
            );
            edits.append_child(&tree, root, &new_entry);
        }
    }
    Ok(edits.apply(xml))
}

/// `w:panose1`, `w:charset`, `w:family`, `w:pitch`, `w:sig` for a new font
/// table entry, from the first font's OS/2 and post tables.
fn font_properties(fonts: &[&EmbeddedFont], w: &str) -> Result<String, FontEmbedError> {
    let Some(font) = fonts.first() else {
        return Ok(String::new());
    };
    let plain = obfuscate(&font.data, &font.key)?;
    let face = Face::parse(&plain, 0).map_err(|e| FontEmbedError::Malformed {
        font: font.part_name.clone(),
        reason: e.to_string(),
    })?;
    let os2 = face
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"OS/2"))
        .unwrap_or(&[]);
    let mut out = String::new();
    let panose = os2.get(32..).and_then(<[u8]>::first_chunk::<10>);
    if let Some(panose) = panose {
        let hex: String = panose.iter().map(|b| format!("{b:02X}")).collect();
        out.push_str(&format!("<{w}panose1 {w}val=\"{hex}\"/>"));
    }
    out.push_str(&format!("<{w}charset {w}val=\"00\"/>"));
    let kind = match panose.map(|p| (p[0], p[1])) {
        _ if face.is_monospaced() => "modern",
        Some((2, 11..=13)) => "swiss",
        Some((2, _)) => "roman",
        Some((3, _)) => "script",
        Some((4, _)) => "decorative",
        _ => "auto",
    };
    out.push_str(&format!("<{w}family {w}val=\"{kind}\"/>"));
    let pitch = if face.is_monospaced() {
        "fixed"
    } else {
        "variable"
    };
    out.push_str(&format!("<{w}pitch {w}val=\"{pitch}\"/>"));
    let ranges = [42, 46, 50, 54, 78, 82].map(|at| read_u32(os2, at));
    if let [
        Some(usb0),
        Some(usb1),
        Some(usb2),
        Some(usb3),
        Some(csb0),
        Some(csb1),
    ] = ranges
    {
        out.push_str(&format!(
            "<{w}sig {w}usb0=\"{usb0:08X}\" {w}usb1=\"{usb1:08X}\" {w}usb2=\"{usb2:08X}\" \
             {w}usb3=\"{usb3:08X}\" {w}csb0=\"{csb0:08X}\" {w}csb1=\"{csb1:08X}\"/>"
        ));
    }
    Ok(out)
}

/// Adds `<Default Extension="odttf" …/>` to `[Content_Types].xml`.
fn add_font_content_type(xml: &str) -> Result<String, FontEmbedError> {
    let tree = parse(xml, CONTENT_TYPES)?;
    let root = root(&tree, CONTENT_TYPES, "Types", CONTENT_TYPES_NS)?;
    let defaults: Vec<&Element> = top_level(&tree)
        .filter(|e| tree.local(e) == "Default")
        .collect();
    for default in &defaults {
        if tree
            .attr(default, "Extension")
            .is_some_and(|x| x.eq_ignore_ascii_case("odttf"))
        {
            if tree.attr(default, "ContentType").as_deref() == Some(OBFUSCATED_FONT_CONTENT_TYPE) {
                return Ok(xml.to_owned());
            }
            return Err(package_error(format!(
                "{CONTENT_TYPES} gives .odttf another content type"
            )));
        }
    }
    let text = format!(
        "<{}Default Extension=\"odttf\" ContentType=\"{OBFUSCATED_FONT_CONTENT_TYPE}\"/>",
        tree.prefix(root)
    );
    let mut edits = Edits::new();
    match defaults.last() {
        Some(last) => edits.insert(last.end, text),
        None if !root.empty => edits.insert(root.open_end, text),
        None => edits.append_child(&tree, root, &text),
    }
    Ok(edits.apply(xml))
}

/// Sets `w:embedTrueTypeFonts` and `w:saveSubsetFonts` in settings,
/// replacing any existing ones, at their schema positions.
fn add_embedding_settings(xml: &str, part: &str) -> Result<String, FontEmbedError> {
    const FLAGS: [&str; 2] = ["embedTrueTypeFonts", "saveSubsetFonts"];
    let tree = parse(xml, part)?;
    let root = root(&tree, part, "settings", WML_NS)?;
    let w = tree.prefix(root);
    let [embed, save_subset] = FLAGS.map(|flag| format!("<{w}{flag}/>"));
    let mut edits = Edits::new();
    if root.empty {
        edits.append_child(&tree, root, &format!("{embed}{save_subset}"));
        return Ok(edits.apply(xml));
    }
    for child in top_level(&tree) {
        if tree.namespace(child) == Some(WML_NS) && FLAGS.contains(&tree.local(child)) {
            edits.remove(child);
        }
    }
    let [embed_at, subset_at] = FLAGS.map(|flag| schema_position(&tree, 0, flag, &FLAGS));
    if subset_at == embed_at {
        edits.insert(embed_at, format!("{embed}{save_subset}"));
    } else {
        edits.insert(embed_at, embed);
        edits.insert(subset_at, save_subset);
    }
    Ok(edits.apply(xml))
}
