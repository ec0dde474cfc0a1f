use std::collections::BTreeMap;
use std::path::Path;

use super::*;

fn entries(lang: Lang) -> BTreeMap<String, CatalogueEntry> {
    let mut map = BTreeMap::new();
    for e in catalogue(lang) {
        assert!(
            e.error.is_none(),
            "{} ({lang:?}) does not parse: {:?}",
            e.file,
            e.error
        );
        let id = e.id.clone();
        if let Some(old) = map.insert(id.clone(), e) {
            panic!("{id} is defined twice ({lang:?}, {} and again)", old.file);
        }
    }
    map
}

#[test]
fn every_message_has_both_texts_with_the_same_variables() {
    let en = entries(Lang::En);
    let vi = entries(Lang::Vi);
    let only_en: Vec<_> = en.keys().filter(|k| !vi.contains_key(*k)).collect();
    let only_vi: Vec<_> = vi.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty(), "no Vietnamese text for {only_en:?}");
    assert!(only_vi.is_empty(), "no English text for {only_vi:?}");
    for (id, e) in &en {
        let v = &vi[id];
        assert_eq!(e.file, v.file, "{id} is in different files");
        assert_eq!(e.attributes, v.attributes, "{id}: attributes differ");
        assert_eq!(e.variables, v.variables, "{id}: variables differ");
    }
}

/// The words of a message outside its placeables.
fn words(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            c if depth == 0 && c.is_alphabetic() => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn vietnamese_texts_are_translations_not_copies() {
    // A message with words in it reads differently in Vietnamese; only the
    // frames made of placeables and format names may be the same.
    let same_allowed = ["untranslated", "error-docx", "error-pdf"];
    for (_, en, vi) in RESOURCES {
        let parse = |s: &str| -> BTreeMap<String, String> {
            s.lines()
                .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" = "))
                .filter_map(|l| l.split_once(" = "))
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .collect()
        };
        let (en, vi) = (parse(en), parse(vi));
        for (id, text) in &en {
            if same_allowed.contains(&id.as_str()) || words(text).is_empty() {
                continue;
            }
            assert_ne!(Some(text), vi.get(id), "{id} is not translated");
        }
    }
}

/// Every `msg!("id"` written in the sources (the id on the next line too),
/// with the file it is in.
fn ids_in_sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        if entry.path().ends_with("i18n/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        // Code only: the examples in doc comments are not messages.
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        // `msg!(` then the id, on the same line or the next (rustfmt
        // breaks long calls).
        let mut rest = code.as_str();
        while let Some(i) = rest.find("msg!(") {
            rest = rest[i + 5..].trim_start();
            if let Some(r) = rest.strip_prefix('"') {
                let end = r.find('"').unwrap();
                out.push((r[..end].to_string(), entry.path().display().to_string()));
            }
        }
    }
    out
}

#[test]
fn every_id_the_code_uses_is_in_the_files() {
    let en = entries(Lang::En);
    let used = ids_in_sources();
    assert!(used.len() > 200, "{}", used.len());
    let missing: Vec<_> = used.iter().filter(|(id, _)| !en.contains_key(id)).collect();
    assert!(missing.is_empty(), "ids used but not defined: {missing:?}");
}

#[test]
fn a_message_reads_in_both_languages() {
    let m = crate::msg!("label-line-column", line = 3, column = 14);
    assert_eq!(m.text(Lang::En), "line 3, column 14");
    assert_eq!(m.text(Lang::Vi), "dòng 3, cột 14");
    assert_eq!(m.to_string(), "line 3, column 14");
    assert_eq!(Msg::plain("as is").text(Lang::Vi), "as is");
    // An id missing from the files shows the id and arguments, not nothing.
    let missing = Msg::new("no-such-id", vec![("file", Arg::from("a.json"))]);
    assert_eq!(missing.text(Lang::En), "no-such-id file=a.json");
}

#[test]
fn the_language_comes_from_the_locale_and_the_header() {
    assert_eq!(Lang::from_locale("vi_VN.UTF-8"), Lang::Vi);
    assert_eq!(Lang::from_locale("vi"), Lang::Vi);
    assert_eq!(Lang::from_locale("C.UTF-8"), Lang::En);
    assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
    assert_eq!(Lang::from_locale("vietnam"), Lang::En);
    assert_eq!(Lang::from_locale(""), Lang::En);
    assert_eq!(
        Lang::from_accept_language("vi-VN,vi;q=0.9,en;q=0.8"),
        Lang::Vi
    );
    assert_eq!(
        Lang::from_accept_language("en-US,en;q=0.9,vi;q=0.8"),
        Lang::En
    );
    assert_eq!(Lang::from_accept_language("en;q=0.5, vi"), Lang::Vi);
    assert_eq!(Lang::from_accept_language("fr, vi;q=0.1"), Lang::Vi);
    assert_eq!(Lang::from_accept_language("vi;q=0, en"), Lang::En);
    assert_eq!(Lang::from_accept_language("fr"), Lang::En);
    assert_eq!(Lang::from_accept_language(""), Lang::En);
    assert_eq!(Lang::from_accept_language(";;,,q=x"), Lang::En);
}
