//! serde's and serde_json's error texts as messages ([`Msg`]), so that a
//! decoding error reads in the reader's language.
//!
//! serde carries an error as English text only. Its texts come in a fixed
//! set of shapes (`missing field `x``, `invalid type: string "5", expected
//! a sequence`, …, see `serde::de::Error`'s provided methods and
//! serde_json's `ErrorCode`), stable across versions: each shape is
//! recognised here and made a message with its parts as arguments. The
//! English text of each message is serde's own, rebuilt from the parts (the
//! tests check that it comes out identical); the Vietnamese one translates
//! the parts it knows (kinds of values, the forms vanban's visitors expect)
//! and shows the others as serde wrote them. A text of no known shape is
//! shown as it is, inside a translated frame. The messages vanban's own
//! visitors raise are taken back as they were raised ([`super::de::raised`]).
//!
//! This is hand-written because no crate translates serde's messages; the
//! parsing is plain prefix matching on serde's documented formats.

use crate::i18n::Msg;
use crate::msg;

/// The message of a serde "data" error (a value of the wrong type or form,
/// a missing or unknown key).
pub(crate) fn data_message(text: &str) -> Msg {
    if let Some(m) = super::de::raised(text) {
        return m;
    }
    if let Some(rest) = text.strip_prefix("invalid type: ")
        && let Some((found, expected)) = split_expected(rest)
    {
        let (found_kind, found_value) = found_kind(found);
        return msg!(
            "input-json-invalid-type",
            found = found,
            found_kind = found_kind,
            found_value = found_value,
            expected = expected,
            expected_kind = expected_kind(expected)
        );
    }
    if let Some(rest) = text.strip_prefix("invalid value: ")
        && let Some((found, expected)) = split_expected(rest)
    {
        let (found_kind, found_value) = found_kind(found);
        return msg!(
            "input-json-invalid-value",
            found = found,
            found_kind = found_kind,
            found_value = found_value,
            expected = expected,
            expected_kind = expected_kind(expected)
        );
    }
    if let Some(rest) = text.strip_prefix("invalid length ")
        && let Some((length, expected)) = split_expected(rest)
    {
        return msg!(
            "input-json-invalid-length",
            length = length,
            expected = expected,
            expected_kind = expected_kind(expected)
        );
    }
    if let Some(rest) = text.strip_prefix("unknown field `")
        && let Some((field, tail)) = rest.split_once("`, ")
    {
        return msg!(
            "input-json-unknown-field",
            field = field,
            tail = tail,
            known = known(tail)
        );
    }
    if let Some(rest) = text.strip_prefix("unknown variant `")
        && let Some((value, tail)) = rest.split_once("`, ")
    {
        return msg!(
            "input-json-unknown-variant",
            value = value,
            tail = tail,
            known = known(tail)
        );
    }
    if let Some(field) = quoted(text, "missing field `") {
        return msg!("input-json-missing-field", field = field);
    }
    if let Some(field) = quoted(text, "duplicate field `") {
        return msg!("input-json-duplicate-field", field = field);
    }
    msg!("input-json-other", text = text)
}

/// The hint for a serde "data" error: what to do about it, chosen by its
/// English `text` (the shape, or the message a visitor raised).
pub(crate) fn data_hint(text: &str) -> Msg {
    if text.starts_with("missing field") {
        msg!("input-hint-missing-key")
    } else if let Some(rest) = text.strip_prefix("unknown field `") {
        // serde: "unknown field `x`, expected one of `a`, `b`" (or "expected `a`").
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        rename_or_remove(key, &known)
    } else if let Some(rest) = text.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        match super::de::suggest(value, &known) {
            Some(s) => msg!("input-hint-variant-suggest", suggestion = s),
            None => msg!("input-hint-variant"),
        }
    } else if let Some(rest) = text
        .strip_prefix("unknown block key `")
        .or_else(|| text.strip_prefix("unknown list item key `"))
    {
        let key = rest.split_once('`').map_or(rest, |(k, _)| k);
        if text.starts_with("unknown block") {
            rename_or_remove(key, &super::keys::BlockKey::names())
        } else {
            rename_or_remove(key, &super::keys::ItemKey::names())
        }
    } else if text.starts_with("duplicate field") || text.contains("appears twice") {
        msg!("input-hint-twice")
    } else if text.starts_with("invalid type: null") {
        msg!("input-hint-null")
    } else if text.starts_with("invalid type") && text.ends_with("expected a sequence") {
        msg!("input-hint-array")
    } else if text.starts_with("invalid type") && text.ends_with("expected a string") {
        msg!("input-hint-string")
    } else if text.starts_with("invalid date") {
        msg!("input-hint-date")
    } else {
        msg!("input-hint-spec")
    }
}

fn rename_or_remove(key: &str, known: &[&str]) -> Msg {
    match super::de::suggest(key, known) {
        Some(s) => msg!("input-hint-rename-key", suggestion = s),
        None => msg!("input-hint-remove-key"),
    }
}

/// The message of a serde_json syntax error (`expected `,` or `}``, …),
/// `eof` when the input ended early.
pub(crate) fn syntax_message(text: &str, eof: bool) -> Msg {
    if eof {
        msg!("input-json-eof", detail = text, what = syntax_kind(text))
    } else {
        msg!("input-json-syntax", detail = text, what = syntax_kind(text))
    }
}

/// The hint for a serde_json syntax error.
pub(crate) fn syntax_hint(text: &str) -> Msg {
    if text.contains("hex escape") || text.contains("surrogate") {
        msg!("input-hint-escape")
    } else if text.contains("invalid unicode code point") {
        msg!("input-hint-not-utf8")
    } else if text.contains("control character") {
        msg!("input-hint-control")
    } else {
        msg!("input-hint-syntax")
    }
}

/// Which of serde_json's syntax errors `text` is: a selector of the
/// messages' Vietnamese text; `other` for one it does not know.
fn syntax_kind(text: &str) -> &'static str {
    match text {
        "EOF while parsing a list" => "eof-list",
        "EOF while parsing an object" => "eof-object",
        "EOF while parsing a string" => "eof-string",
        "EOF while parsing a value" => "eof-value",
        "expected `:`" => "colon",
        "expected `,` or `]`" => "comma-list",
        "expected `,` or `}`" => "comma-object",
        "expected ident" => "ident",
        "expected value" => "value",
        "expected `\"`" => "quote",
        "invalid escape" => "escape",
        "invalid number" => "number",
        "number out of range" => "number-range",
        "invalid unicode code point" => "code-point",
        "control character (\\u0000-\\u001F) found while parsing a string" => "control",
        "key must be a string" => "key-string",
        "lone leading surrogate in hex escape" => "surrogate",
        "trailing comma" => "trailing-comma",
        "trailing characters" => "trailing",
        "unexpected end of hex escape" => "hex-end",
        _ => "other",
    }
}

/// `rest` of "invalid type: {found}, expected {expected}" split in two.
/// The found part may itself hold ", expected " only inside a quoted
/// string, so the split is at the last one.
fn split_expected(rest: &str) -> Option<(&str, &str)> {
    rest.rsplit_once(", expected ")
}

/// The value of `text` = `prefix` value "`", when `text` is that.
fn quoted<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.strip_prefix(prefix)?.strip_suffix('`')
}

/// The kind of value serde found (`serde::de::Unexpected`'s display, with
/// serde_json's `null`), and the value itself when it shows one.
fn found_kind(found: &str) -> (&'static str, &str) {
    let kinds = [
        ("string ", "string"),
        ("integer ", "integer"),
        ("floating point ", "float"),
        ("boolean ", "boolean"),
        ("character ", "character"),
    ];
    for (prefix, kind) in kinds {
        if let Some(value) = found.strip_prefix(prefix) {
            return (kind, value);
        }
    }
    let kind = match found {
        "null" | "unit value" => "null",
        "sequence" => "sequence",
        "map" => "map",
        "number" => "number",
        _ => "other",
    };
    (kind, "")
}

/// What serde was expecting (a visitor's `expecting` text): a selector of
/// the Vietnamese text; `other` (shown as serde wrote it) for one it does
/// not know.
fn expected_kind(expected: &str) -> &'static str {
    match expected {
        "a string" => "string",
        "a sequence" => "sequence",
        "a boolean" => "boolean",
        "a map" => "object",
        "i8" | "i16" | "i32" | "i64" | "isize" => "integer",
        "u8" | "u16" | "u32" | "u64" | "usize" => "unsigned",
        "f32" | "f64" => "number",
        "variant identifier" => "variant",
        "field identifier" => "field",
        "a JSON value" => "json",
        "a date \"YYYY-MM-DD\", {\"year\": YYYY} or null" => "date",
        "an object of values for the {{placeholders}}" => "data",
        e if e.starts_with("struct ") => "object",
        e if e.starts_with("a block is ") => "block",
        e if e.starts_with("a list item: ") => "item",
        e if e.starts_with("text: a string") => "text",
        e if e.starts_with("a run: ") => "run",
        _ => "other",
    }
}

/// The names listed in serde's "expected one of `a`, `b`" (or "expected
/// `a` or `b`", "expected `a`") as "`a`, `b`"; `none` for "there are no
/// fields/variants".
fn known(tail: &str) -> String {
    let names: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
    if names.is_empty() {
        return "none".to_string();
    }
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;
