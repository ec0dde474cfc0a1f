//! Plain `{{placeholders}}`: the one template language of documents (`data`)
//! and layouts (`templates`), read and filled in one linear pass.
//!
//! Hand-written instead of handlebars on purpose: the contract allows only
//! plain placeholders (`{{name}}`, `{{a.b}}`), and handlebars compiled every
//! template into a tree first (quadratic on a megabyte of `{{a}}`: 400 s of
//! CPU), recursed on nested blocks (16,000 `{{#if}}` took 26 s before they
//! were refused; 5,000 in a layout overflowed the stack) and ran partials
//! (a recursive inline partial never ends). Here every byte is looked at a
//! bounded number of times, nothing recurses, and anything but a plain
//! placeholder is refused with its position before anything is filled.
//!
//! What is accepted is what the handlebars templates accepted as plain:
//! `{{name}}`, `{{ name }}`, `{{a.b}}`, `{{a/b}}`, `{{a.[key]}}`, `{{a.0}}`
//! (an array item), the `this.` / `./` / `@root.` prefixes, the `~`
//! whitespace controls, `{{{name}}}` and `{{&name}}` (values are never
//! HTML-escaped anyway), `\{{` for literal braces and `\\{{` for a backslash
//! before a placeholder. Refused: blocks (`{{#…}}`, `{{/…}}`, `{{else}}`,
//! `{{^…}}`), partials (`{{>…}}`), decorators (`{{*…}}`), comments
//! (`{{!…}}`), raw blocks (`{{{{…}}}}`), helper calls with arguments and
//! sub-expressions, `@`-variables and `../`.

use serde_json::Value;

/// A piece of a template: text to copy, or a value to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Copied as it is.
    Text(&'a str),
    /// A placeholder: its name as written (`a.b`) and its path.
    Value { name: &'a str, path: Vec<&'a str> },
}

/// Why a template cannot be read or filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TemplateError {
    /// Not a plain placeholder, at a character (1-based) of the text.
    Syntax {
        at: usize,
        /// What the text has (a selector of `input-template-has`, or with
        /// `name`, of `input-template-name-is`).
        what: &'static str,
        /// The placeholder whose name is refused.
        name: Option<String>,
    },
    /// No value for the placeholder.
    Missing { name: String },
    /// A value that is not text, a number or true/false: `null`, an
    /// `array` or an `object`.
    NotText { name: String, kind: &'static str },
    /// The filled text would pass `max` bytes.
    TooLong { max: usize },
}

impl TemplateError {
    /// The error as a message.
    pub(crate) fn msg(&self) -> crate::i18n::Msg {
        use crate::msg;
        match self {
            Self::Syntax {
                at,
                what,
                name: None,
            } => msg!("input-template-has", what = *what, at = *at),
            Self::Syntax {
                at,
                what,
                name: Some(name),
            } => msg!(
                "input-template-name-is",
                name = name,
                what = *what,
                at = *at
            ),
            Self::Missing { name } => msg!("input-template-missing", name = name),
            Self::NotText { name, kind } => {
                msg!("input-template-not-text", name = name, kind = *kind)
            }
            Self::TooLong { max } => msg!("input-template-too-long", max = *max),
        }
    }
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.msg())
    }
}

/// The message every refused construct starts with.
#[cfg(test)]
pub(crate) const ONLY_PLAIN: &str = "only plain `{{name}}` placeholders are filled";

/// Reads `s` into pieces, refusing anything that is not a plain placeholder.
/// Linear in `s`: each byte is looked at a bounded number of times.
pub(crate) fn parse(s: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let mut pieces = Vec::new();
    // The text since the last tag, as pieces (escapes split it), trimmed as
    // the tags on either side say (`~`).
    let mut run: Vec<&str> = Vec::new();
    let mut trim_start = false;
    let mut i = 0;
    while let Some(off) = s.get(i..).and_then(|r| r.find("{{")) {
        let p = i + off;
        let slashes = s
            .get(i..p)
            .map_or(0, |t| t.bytes().rev().take_while(|&b| b == b'\\').count());
        if slashes == 1 {
            // `\{{` is a literal `{{` (and `\{{{{` a literal `{{{{`).
            let end = if s.get(p + 2..p + 4) == Some("{{") {
                p + 4
            } else {
                p + 2
            };
            run.extend(s.get(i..p - 1));
            run.extend(s.get(p..end));
            i = end;
            continue;
        }
        if slashes >= 2 {
            // One backslash of the run is dropped; the tag is a tag.
            run.extend(s.get(i..p - slashes));
            run.extend(s.get(p - slashes + 1..p));
        } else {
            run.extend(s.get(i..p));
        }
        let tag = tag(s, p)?;
        flush(&mut run, &mut pieces, trim_start, tag.trim_before);
        trim_start = tag.trim_after;
        pieces.push(tag.piece);
        i = tag.end;
    }
    run.extend(s.get(i..));
    flush(&mut run, &mut pieces, trim_start, false);
    Ok(pieces)
}

/// Whether `s` has no placeholder at all (and so is copied as it is).
pub(crate) fn is_plain_text(s: &str) -> bool {
    !s.contains("{{")
}

/// Fills `pieces` from `values` (an object), into at most `max` bytes.
pub(crate) fn fill(
    pieces: &[Piece<'_>],
    values: &Value,
    max: usize,
) -> Result<String, TemplateError> {
    let mut out = String::new();
    for piece in pieces {
        let text: std::borrow::Cow<'_, str> = match piece {
            Piece::Text(t) => (*t).into(),
            Piece::Value { name, path } => lookup(values, path, name)?,
        };
        if out.len().saturating_add(text.len()) > max {
            return Err(TemplateError::TooLong { max });
        }
        out.push_str(&text);
    }
    Ok(out)
}

/// The names of the placeholders of `pieces`.
pub(crate) fn placeholders<'a>(pieces: &'a [Piece<'a>]) -> impl Iterator<Item = &'a str> {
    pieces.iter().filter_map(|p| match p {
        Piece::Value { name, .. } => Some(*name),
        Piece::Text(_) => None,
    })
}

fn lookup<'v>(
    values: &'v Value,
    path: &[&str],
    name: &str,
) -> Result<std::borrow::Cow<'v, str>, TemplateError> {
    let mut v = values;
    for seg in path {
        let next = match v {
            Value::Object(m) => m.get(*seg),
            Value::Array(a) => seg.parse::<usize>().ok().and_then(|k| a.get(k)),
            _ => None,
        };
        v = next.ok_or_else(|| TemplateError::Missing {
            name: name.to_string(),
        })?;
    }
    let kind = match v {
        Value::String(s) => return Ok(s.as_str().into()),
        Value::Number(n) => return Ok(n.to_string().into()),
        Value::Bool(b) => return Ok(if *b { "true" } else { "false" }.into()),
        Value::Null => "null",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    Err(TemplateError::NotText {
        name: name.to_string(),
        kind,
    })
}

/// Pushes the text run, trimmed at either end as the tags say.
fn flush<'a>(run: &mut Vec<&'a str>, pieces: &mut Vec<Piece<'a>>, start: bool, end: bool) {
    if start {
        while let Some(first) = run.first_mut() {
            *first = first.trim_start();
            if !first.is_empty() {
                break;
            }
            run.remove(0);
        }
    }
    if end {
        while let Some(last) = run.last_mut() {
            *last = last.trim_end();
            if !last.is_empty() {
                break;
            }
            run.pop();
        }
    }
    pieces.extend(run.drain(..).filter(|t| !t.is_empty()).map(Piece::Text));
}

struct Tag<'a> {
    piece: Piece<'a>,
    trim_before: bool,
    trim_after: bool,
    /// Just past the closing braces.
    end: usize,
}

/// The tag starting at byte `p` (at its `{{`).
fn tag(s: &str, p: usize) -> Result<Tag<'_>, TemplateError> {
    let b = s.as_bytes();
    let at = |k: usize| b.get(k).copied();
    let refuse = |what: &'static str| {
        Err(TemplateError::Syntax {
            at: chars_to(s, p),
            what,
            name: None,
        })
    };
    let mut k = p + 2;
    if at(k) == Some(b'{') && at(k + 1) == Some(b'{') {
        return refuse("raw-block");
    }
    // `{{{name}}}` (the legacy form may have its `~` inside the third brace).
    let mut triple = false;
    let mut trim_before = false;
    if at(k) == Some(b'{') {
        triple = true;
        k += 1;
    }
    if at(k) == Some(b'~') {
        trim_before = true;
        k += 1;
    }
    k = skip_ws(b, k);
    if !triple && at(k) == Some(b'{') {
        triple = true;
        k = skip_ws(b, k + 1);
    } else if !triple && at(k) == Some(b'&') {
        k = skip_ws(b, k + 1);
    }
    match at(k) {
        Some(b'#') => return refuse("block"),
        Some(b'/') => return refuse("block-end"),
        Some(b'^') => return refuse("inverted"),
        Some(b'>') => return refuse("partial"),
        Some(b'*') => return refuse("decorator"),
        Some(b'!') => return refuse("comment"),
        Some(b'(') => return refuse("sub-expression"),
        Some(b'@') if !s.get(k..).is_some_and(|r| r.starts_with("@root")) => {
            return refuse("at-variable");
        }
        None => return refuse("unclosed"),
        _ => {}
    }
    let start = k;
    while let Some(c) = at(k) {
        if c.is_ascii_whitespace() || c == b'}' || c == b'~' || c == b'{' {
            break;
        }
        if c == b'[' {
            // `[any key]`, up to its `]`.
            match s.get(k..).and_then(|r| r.find(']')) {
                Some(close) => k += close + 1,
                None => return refuse("unclosed-bracket"),
            }
            continue;
        }
        k += 1;
    }
    let name = s.get(start..k).unwrap_or_default();
    if name.is_empty() {
        return refuse("empty");
    }
    if name == "else" {
        return refuse("else");
    }
    k = skip_ws(b, k);
    let mut trim_after = false;
    if triple {
        // `}~}}`, `~}}}` or `}}}`.
        if at(k) == Some(b'}') && at(k + 1) == Some(b'~') {
            trim_after = true;
            k += 2;
        } else {
            if at(k) == Some(b'~') {
                trim_after = true;
                k += 1;
            }
            if at(k) != Some(b'}') {
                return close_problem(s, p, k);
            }
            k += 1;
        }
    } else if at(k) == Some(b'~') {
        trim_after = true;
        k += 1;
    }
    if at(k) != Some(b'}') || at(k + 1) != Some(b'}') {
        return close_problem(s, p, k);
    }
    let path = path(name).map_err(|what| TemplateError::Syntax {
        at: chars_to(s, p),
        what,
        name: Some(name.to_string()),
    })?;
    Ok(Tag {
        piece: Piece::Value { name, path },
        trim_before,
        trim_after,
        end: k + 2,
    })
}

/// What is wrong where a tag should close at `k`.
fn close_problem(s: &str, p: usize, k: usize) -> Result<Tag<'_>, TemplateError> {
    let what = match s.as_bytes().get(k) {
        None => "unclosed",
        Some(_) => "helper",
    };
    Err(TemplateError::Syntax {
        at: chars_to(s, p),
        what,
        name: None,
    })
}

/// The segments of a placeholder's name.
fn path(name: &str) -> Result<Vec<&str>, &'static str> {
    let mut rest = name;
    for prefix in ["this.", "this/", "./"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            break;
        }
    }
    for prefix in ["@root.", "@root/"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
        }
    }
    if name == "this" || name == "@root" {
        return Ok(Vec::new());
    }
    let bad = |what: &'static str| Err(what);
    if rest.starts_with("..") {
        return bad("parent");
    }
    let mut segs = Vec::new();
    let mut r = rest;
    loop {
        let (seg, tail) = if let Some(inner) = r.strip_prefix('[') {
            match inner.find(']') {
                Some(close) => (
                    inner.get(..close).unwrap_or_default(),
                    inner.get(close + 1..).unwrap_or_default(),
                ),
                None => return bad("not-name"),
            }
        } else {
            let end = r.find(['.', '/']).unwrap_or(r.len());
            let seg = r.get(..end).unwrap_or_default();
            if seg.is_empty() || !seg.chars().all(symbol_char) {
                return bad("not-name-chars");
            }
            (seg, r.get(end..).unwrap_or_default())
        };
        segs.push(seg);
        if tail.is_empty() {
            return Ok(segs);
        }
        match tail.strip_prefix(['.', '/']) {
            Some(t) if !t.is_empty() => r = t,
            _ => return bad("not-name"),
        }
    }
}

/// Handlebars' name characters.
fn symbol_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '$' | ':') || !c.is_ascii()
}

fn skip_ws(b: &[u8], mut k: usize) -> usize {
    while b.get(k).is_some_and(u8::is_ascii_whitespace) {
        k += 1;
    }
    k
}

/// The 1-based character position of byte `p` of `s` (counted only when a
/// problem is reported).
fn chars_to(s: &str, p: usize) -> usize {
    s.get(..p).map_or(0, |h| h.chars().count()) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(t: &str, v: &Value) -> Result<String, TemplateError> {
        fill(&parse(t)?, v, usize::MAX)
    }

    #[test]
    fn plain_placeholders_fill_as_handlebars_did() {
        let v = json!({"a": "A", "n": 674, "f": 1.5, "t": true, "o": {"b": "B", "l": [1, "x"]}, "k y": "K"});
        let ok = |t: &str, want: &str| assert_eq!(render(t, &v).unwrap(), want, "{t}");
        ok("{{a}}-{{ a }}-{{{a}}}-{{&a}}-{{{ a }}}", "A-A-A-A-A");
        ok("{{o.b}}{{o/b}}{{this.a}}{{./a}}{{@root.o.b}}", "BBAAB");
        ok("{{o.l.0}}{{o.l.[1]}}{{[k y]}}", "1xK");
        ok("{{n}} {{f}} {{t}}", "674 1.5 true");
        ok("x  {{~a~}}  y", "xAy");
        ok("x \n {{~{a}~}} \n y", "xAy");
        ok("\\{{a}} \\\\{{a}} \\{{{{a}}", "{{a}} \\A {{{{a}}");
        ok("a }} b { c", "a }} b { c");
        ok("Số: {{a}}/{{o.b}}", "Số: A/B");
        assert_eq!(
            render("{{nope}}", &v),
            Err(TemplateError::Missing {
                name: "nope".into()
            })
        );
        assert_eq!(
            render("{{a.b}}", &v),
            Err(TemplateError::Missing { name: "a.b".into() })
        );
        assert!(matches!(
            render("{{o}}", &v),
            Err(TemplateError::NotText { kind: "object", .. })
        ));
        assert!(matches!(
            render("{{o.l}}", &v),
            Err(TemplateError::NotText { kind: "array", .. })
        ));
        let n = json!({"z": null});
        assert!(matches!(
            render("{{z}}", &n),
            Err(TemplateError::NotText { kind: "null", .. })
        ));
    }

    #[test]
    fn everything_else_is_refused_with_its_position() {
        for (t, what, at) in [
            ("ab{{#if a}}x{{/if}}", "a block", 3),
            ("{{/if}}", "the end of a block", 1),
            ("{{else}}", "`{{else}}`", 1),
            ("{{^a}}", "an inverted block", 1),
            ("é{{> p}}", "a partial", 2),
            ("{{#*inline \"p\"}}a{{> p}}{{/inline}}", "a block", 1),
            ("{{*d}}", "a decorator", 1),
            ("{{! note }}", "a comment", 1),
            ("{{!-- note --}}", "a comment", 1),
            ("{{{{raw}}}}x{{{{/raw}}}}", "a raw block", 1),
            ("{{lookup a 1}}", "a helper call", 1),
            ("{{a b=1}}", "a helper call", 1),
            ("{{(a)}}", "a sub-expression", 1),
            ("{{@index}}", "`@` variable", 1),
            ("{{../a}}", "a parent", 1),
            ("x {{a", "never closed", 3),
            ("{{}}", "empty placeholder", 1),
            ("{{a..b}}", "not a name", 1),
            ("{{a|b}}", "not a name", 1),
        ] {
            match parse(t) {
                Err(e @ TemplateError::Syntax { at: a, .. }) => {
                    let message = e.to_string();
                    assert!(
                        message.starts_with(ONLY_PLAIN) && message.contains(what),
                        "{t}: {message}"
                    );
                    assert_eq!(a, at, "{t}");
                }
                other => panic!("{t}: {other:?}"),
            }
        }
    }

    #[test]
    fn the_byte_budget_is_checked_as_it_writes() {
        let v = json!({"x": "a".repeat(100)});
        let p = parse("{{x}}{{x}}{{x}}").unwrap();
        assert_eq!(fill(&p, &v, 300).unwrap().len(), 300);
        assert_eq!(fill(&p, &v, 299), Err(TemplateError::TooLong { max: 299 }));
    }

    #[test]
    fn a_megabyte_of_placeholders_is_linear() {
        let t = "{{a}}".repeat(200_000);
        let start = std::time::Instant::now();
        let out = render(&t, &json!({"a": "x"})).unwrap();
        assert_eq!(out.len(), 200_000);
        let nested = format!(
            "{}x{}",
            "{{#if a}}".repeat(16_000),
            "{{/if}}".repeat(16_000)
        );
        assert!(parse(&nested).is_err());
        // A hang guard (debug build: well under a second), not a benchmark.
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }
}
