//! Messages in Vietnamese and English, written in Fluent (`locales/*/*.ftl`,
//! built into the binary) and looked up by id with [`fluent_bundle`].
//!
//! A message is data: a [`Msg`] holds its id and its arguments, and is
//! turned into text only when it is shown, in the [`Lang`] of the one who
//! reads it — the command line's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`),
//! the service's `Accept-Language`, the editor always Vietnamese. Its
//! `Display` is English, so logs, tests and library users that print an
//! error keep one stable language.
//!
//! A hint (what to do) is the message's `.hint` attribute in the same file:
//!
//! ```ftl
//! sign-wrong-password = wrong password for { $file }
//!     .hint = give the password the file was exported with
//! ```

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The language a message is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English (the default, and what `Display` writes).
    #[default]
    En,
    /// Vietnamese.
    Vi,
}

impl Lang {
    /// Both languages, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Vi];

    /// The BCP 47 tag: `en`, `vi`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Vi => "vi",
        }
    }

    /// The command line's language, from the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty (the POSIX order):
    /// Vietnamese when it starts with `vi` (`vi_VN.UTF-8`, `vi`), English
    /// otherwise.
    pub fn from_env() -> Lang {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let value = var("LC_ALL")
            .or_else(|| var("LC_MESSAGES"))
            .or_else(|| var("LANG"));
        Lang::from_locale(value.as_deref().unwrap_or(""))
    }

    /// The language of a POSIX locale name (`vi_VN.UTF-8`, `C`, `en_US`).
    pub fn from_locale(locale: &str) -> Lang {
        let lower = locale.trim().to_ascii_lowercase();
        if lower == "vi"
            || lower.starts_with("vi_")
            || lower.starts_with("vi-")
            || lower.starts_with("vi.")
        {
            Lang::Vi
        } else {
            Lang::En
        }
    }

    /// The language an HTTP `Accept-Language` header prefers among the two
    /// (`vi-VN,vi;q=0.9,en;q=0.8` → Vietnamese; `en;q=0.5, vi` →
    /// Vietnamese); English when it names neither, or is absent or
    /// malformed. The ranges are ordered by their q-values here (the
    /// header's order is not a preference order, and `fluent-langneg`'s
    /// parser keeps it); matching a range to a language is
    /// `fluent-langneg`'s.
    pub fn from_accept_language(header: &str) -> Lang {
        use fluent_langneg::{NegotiationStrategy, negotiate_languages};
        use unic_langid::LanguageIdentifier;
        let mut ranges: Vec<(u16, usize, LanguageIdentifier)> = Vec::new();
        for (i, part) in header.split(',').take(32).enumerate() {
            let mut fields = part.split(';');
            let tag = fields.next().unwrap_or("").trim();
            let mut q = 1000u16;
            for f in fields {
                if let Some(v) = f.trim().strip_prefix("q=") {
                    q = v
                        .trim()
                        .parse::<f32>()
                        .map(|v| (v.clamp(0.0, 1.0) * 1000.0) as u16)
                        .unwrap_or(0);
                }
            }
            if q == 0 {
                continue;
            }
            if let Ok(id) = tag.parse::<LanguageIdentifier>() {
                ranges.push((q, i, id));
            }
        }
        ranges.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let requested: Vec<LanguageIdentifier> = ranges.into_iter().map(|r| r.2).collect();
        let available: Vec<LanguageIdentifier> = Lang::ALL
            .iter()
            .filter_map(|l| l.tag().parse().ok())
            .collect();
        let chosen =
            negotiate_languages(&requested, &available, None, NegotiationStrategy::Filtering);
        match chosen.first().map(|l| l.language.as_str()) {
            Some("vi") => Lang::Vi,
            _ => Lang::En,
        }
    }
}

/// One argument of a message: a text (a file name, a value quoted from the
/// input) or a number (which chooses English plural forms).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A text, shown as it is.
    Text(String),
    /// A number.
    Number(f64),
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Text(s) => f.write_str(s),
            Arg::Number(n) => write!(f, "{n}"),
        }
    }
}

macro_rules! arg_from_number {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn from(n: $t) -> Self {
                Arg::Number(n as f64)
            }
        }
    )*};
}
arg_from_number!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, f32, f64);

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<Cow<'_, str>> for Arg {
    fn from(s: Cow<'_, str>) -> Self {
        Arg::Text(s.into_owned())
    }
}
impl From<char> for Arg {
    fn from(c: char) -> Self {
        Arg::Text(c.to_string())
    }
}

/// A message: an id of the Fluent files and its arguments. Shown with
/// [`Msg::text`] in a language, or with `Display` in English.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// The id of a message that has no translation yet: its one argument,
/// `text`, is shown as it is in every language.
pub const UNTRANSLATED: &str = "untranslated";

impl Msg {
    /// The message `id` with `args`. Prefer the [`msg!`](crate::msg) macro.
    pub fn new(id: &'static str, args: Vec<(&'static str, Arg)>) -> Self {
        Self { id, args }
    }

    /// A text that has no message id (yet): shown as it is in every
    /// language. Kept for text that comes from elsewhere (an operating
    /// system's error, a library's message).
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            id: UNTRANSLATED,
            args: vec![("text", Arg::Text(text.into()))],
        }
    }

    /// The id.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The arguments, in the order given.
    pub fn args(&self) -> &[(&'static str, Arg)] {
        &self.args
    }

    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        format_message(lang, self.id, None, &self.args).unwrap_or_else(|| self.fallback())
    }

    /// The message's hint (its `.hint` attribute) in `lang`, if it has one.
    pub fn hint(&self, lang: Lang) -> Option<String> {
        format_message(lang, self.id, Some("hint"), &self.args)
    }

    /// What is shown when an id is missing from the files (a test makes
    /// sure none is): the id and its arguments, so nothing is lost.
    fn fallback(&self) -> String {
        if self.id == UNTRANSLATED {
            return self
                .args
                .first()
                .map(|(_, a)| a.to_string())
                .unwrap_or_default();
        }
        let mut out = self.id.to_string();
        for (k, v) in &self.args {
            out.push_str(&format!(" {k}={v}"));
        }
        out
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl From<String> for Msg {
    fn from(s: String) -> Self {
        Msg::plain(s)
    }
}

impl From<&str> for Msg {
    fn from(s: &str) -> Self {
        Msg::plain(s)
    }
}

/// A [`Msg`]: `msg!("sign-wrong-password", file = name)`. Each argument is
/// anything an [`Arg`] converts from (texts, numbers).
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $k:ident = $v:expr)* $(,)?) => {
        $crate::i18n::Msg::new($id, vec![$((stringify!($k), $crate::i18n::Arg::from($v))),*])
    };
}

/// The Fluent files: (name, English, Vietnamese). A new area of messages
/// adds its pair of files here.
pub const RESOURCES: &[(&str, &str, &str)] = &[
    (
        "common.ftl",
        include_str!("../../locales/en/common.ftl"),
        include_str!("../../locales/vi/common.ftl"),
    ),
    (
        "input.ftl",
        include_str!("../../locales/en/input.ftl"),
        include_str!("../../locales/vi/input.ftl"),
    ),
    (
        "cli.ftl",
        include_str!("../../locales/en/cli.ftl"),
        include_str!("../../locales/vi/cli.ftl"),
    ),
    (
        "sign.ftl",
        include_str!("../../locales/en/sign.ftl"),
        include_str!("../../locales/vi/sign.ftl"),
    ),
    (
        "import.ftl",
        include_str!("../../locales/en/import.ftl"),
        include_str!("../../locales/vi/import.ftl"),
    ),
    (
        "render.ftl",
        include_str!("../../locales/en/render.ftl"),
        include_str!("../../locales/vi/render.ftl"),
    ),
    (
        "preview.ftl",
        include_str!("../../locales/en/preview.ftl"),
        include_str!("../../locales/vi/preview.ftl"),
    ),
    (
        "serve.ftl",
        include_str!("../../locales/en/serve.ftl"),
        include_str!("../../locales/vi/serve.ftl"),
    ),
];

type Bundle = FluentBundle<FluentResource>;

/// One bundle per language, built on first use. A file that does not parse
/// keeps the messages that do (a test makes sure every file parses).
static BUNDLES: LazyLock<[Bundle; 2]> = LazyLock::new(|| Lang::ALL.map(build));

fn build(lang: Lang) -> Bundle {
    let id = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: messages go to terminals
    // and JSON, where FSI/PDI would show as escapes.
    bundle.set_use_isolating(false);
    for (_, en, vi) in RESOURCES {
        let source = match lang {
            Lang::En => en,
            Lang::Vi => vi,
        };
        let resource = FluentResource::try_new((*source).to_string()).unwrap_or_else(|(r, _)| r);
        // Duplicate ids are reported by the test; the first one wins here.
        let _ = bundle.add_resource(resource);
    }
    bundle
}

fn format_message(
    lang: Lang,
    id: &str,
    attribute: Option<&str>,
    args: &[(&'static str, Arg)],
) -> Option<String> {
    let bundles = &*BUNDLES;
    let bundle = match lang {
        Lang::En => &bundles[0],
        Lang::Vi => &bundles[1],
    };
    let message = bundle.get_message(id)?;
    let pattern = match attribute {
        None => message.value()?,
        Some(name) => message.get_attribute(name)?.value(),
    };
    let mut fargs = FluentArgs::new();
    for (k, v) in args {
        match v {
            Arg::Text(s) => fargs.set(*k, FluentValue::from(s.as_str())),
            Arg::Number(n) => fargs.set(*k, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned(),
    )
}

/// Every message id of a language's files, with its attributes and the
/// variables it uses — what the completeness test compares.
pub fn catalogue(lang: Lang) -> Vec<CatalogueEntry> {
    use fluent_syntax::ast;
    let mut out = Vec::new();
    for (file, en, vi) in RESOURCES {
        let source = match lang {
            Lang::En => en,
            Lang::Vi => vi,
        };
        let parsed = fluent_syntax::parser::parse(*source);
        let (resource, errors) = match parsed {
            Ok(r) => (r, Vec::new()),
            Err((r, e)) => (r, e),
        };
        for e in errors {
            out.push(CatalogueEntry {
                file,
                id: String::new(),
                attributes: Vec::new(),
                variables: Vec::new(),
                error: Some(format!("{e:?}")),
            });
        }
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut variables = Vec::new();
                if let Some(p) = &m.value {
                    pattern_variables(p, &mut variables);
                }
                for a in &m.attributes {
                    pattern_variables(&a.value, &mut variables);
                }
                variables.sort();
                variables.dedup();
                out.push(CatalogueEntry {
                    file,
                    id: m.id.name.to_string(),
                    attributes: m.attributes.iter().map(|a| a.id.name.to_string()).collect(),
                    variables,
                    error: None,
                });
            }
        }
    }
    out
}

/// One message of [`catalogue`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueEntry {
    /// The file it is in.
    pub file: &'static str,
    /// Its id (empty for a parse error).
    pub id: String,
    /// Its attributes (`hint`).
    pub attributes: Vec<String>,
    /// The variables (`$file`) its value and attributes use, sorted.
    pub variables: Vec<String>,
    /// A parse error of the file, if this entry is one.
    pub error: Option<String>,
}

fn pattern_variables(p: &fluent_syntax::ast::Pattern<&str>, out: &mut Vec<String>) {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    fn inline(e: &InlineExpression<&str>, out: &mut Vec<String>) {
        match e {
            InlineExpression::VariableReference { id } => out.push(id.name.to_string()),
            InlineExpression::Placeable { expression } => expr(expression, out),
            InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline(a, out);
                }
            }
            _ => {}
        }
    }
    fn expr(e: &Expression<&str>, out: &mut Vec<String>) {
        match e {
            Expression::Inline(i) => inline(i, out),
            Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    pattern_variables(&v.value, out);
                }
            }
        }
    }
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            expr(expression, out);
        }
    }
}

#[cfg(test)]
mod tests;
