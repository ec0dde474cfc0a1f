//! Errors as data: where (file, JSON path), what, and how to fix it.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::i18n::{Lang, Msg};

/// One problem in one input, located by its JSON path.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The JSON path of the offending value, e.g. `body[3].content[1].list[0]`;
    /// empty for the document as a whole.
    pub path: String,
    /// What is wrong, lowercase, without a final period.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// Line and column in the source, for syntax errors.
    pub position: Option<(usize, usize)>,
    /// The message as data, shown in any [`Lang`] by [`Diagnostic::message_in`];
    /// `message` is its English text.
    msg: Box<Msg>,
    /// A hint given apart from the message ([`Diagnostic::with_hint`]);
    /// `None` when the hint is the message's own `.hint` attribute.
    hint_msg: Option<Box<Msg>>,
}

impl Diagnostic {
    /// A problem at `path`. Values quoted in the message (between backticks
    /// or double quotes) and keys of the path are shortened to their first
    /// characters, so that a 10 MB string or key is not repeated in its own
    /// error.
    ///
    /// `message` is a [`Msg`] (`msg!("input-missing", …)`, shown in the
    /// reader's language) or a plain English text; a message's `.hint`
    /// attribute becomes the diagnostic's hint.
    pub fn new(path: impl Into<String>, message: impl Into<Msg>) -> Self {
        let msg = message.into();
        Self {
            path: shorten_path(path.into()),
            message: shorten_quoted(&msg.text(Lang::En)),
            hint: msg.hint(Lang::En),
            position: None,
            msg: Box::new(msg),
            hint_msg: None,
        }
    }

    /// Adds a hint that tells the user how to fix the problem: a [`Msg`]
    /// (its text is the hint) or a plain English text.
    pub fn with_hint(mut self, hint: impl Into<Msg>) -> Self {
        let hint = hint.into();
        self.hint = Some(hint.text(Lang::En));
        self.hint_msg = Some(Box::new(hint));
        self
    }

    /// The same problem at another path.
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = shorten_path(path.into());
        self
    }

    /// The message as data (its id and arguments).
    pub fn msg(&self) -> &Msg {
        &self.msg
    }

    /// The message in `lang`, shortened as [`Diagnostic::new`] shortens it.
    pub fn message_in(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.message.clone(),
            _ => shorten_quoted(&self.msg.text(lang)),
        }
    }

    /// The hint in `lang`: the text of the hint given, or the `.hint`
    /// attribute of the message it came with.
    pub fn hint_in(&self, lang: Lang) -> Option<String> {
        if lang == Lang::En {
            return self.hint.clone();
        }
        match &self.hint_msg {
            Some(h) => Some(h.text(lang)),
            None => self.msg.hint(lang),
        }
    }

    /// The diagnostic as one text in `lang` (what `Display` writes in English).
    pub fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        if let Some((line, column)) = self.position {
            out.push_str(
                &crate::msg!("label-line-column", line = line, column = column).text(lang),
            );
            out.push_str(": ");
        }
        if !self.path.is_empty() {
            out.push_str(&escape(&self.path));
            out.push_str(": ");
        }
        out.push_str(&escape(&self.message_in(lang)));
        if let Some(hint) = self.hint_in(lang) {
            out.push_str("\n  ");
            out.push_str(&crate::msg!("label-hint").text(lang));
            out.push_str(": ");
            out.push_str(&hint);
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// Everything that can go wrong while rendering a document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input document is not valid; every problem found is listed.
    #[error("{}", self.text(Lang::En))]
    Input {
        /// The input's name (a file path, or `-` for standard input).
        file: String,
        /// The problems, in document order.
        diagnostics: Vec<Diagnostic>,
    },
    /// A layout file is missing, malformed or inconsistent.
    #[error("{}", self.text(Lang::En))]
    Layout {
        /// The layout file.
        file: String,
        /// The key within it.
        key: String,
        /// What is wrong.
        message: Msg,
    },
    /// A font file cannot be used.
    #[error("{}", self.text(Lang::En))]
    Font {
        /// The font file (or face name for built-in fonts).
        file: String,
        /// What is wrong.
        message: Msg,
    },
    /// A font could not be embedded in the DOCX: its tables are broken, or
    /// it is of a kind Word's font embedding cannot take (not a single
    /// TrueType font with `glyf` outlines).
    #[error("{}", self.text(Lang::En))]
    FontEmbed {
        /// The font file (or face name for built-in fonts).
        file: String,
        /// Why, as the embedder found it.
        #[source]
        source: crate::docx::FontEmbedError,
    },
    /// The DOCX package could not be written.
    #[error("{}", self.text(Lang::En))]
    Docx(Msg),
    /// The PDF writer refused the document (a bug, or a PDF/A rule the content breaks).
    #[error("{}", self.text(Lang::En))]
    Pdf(Msg),
    /// A PDF cannot be signed or verified as asked: a wrong password, a
    /// certificate that may not sign, no free signature field, a PDF that
    /// is not vanban's or is encrypted, an unreachable time-stamp server.
    #[error("{}", self.text(Lang::En))]
    Sign(Msg),
    /// A preview cannot be drawn as asked: a page the document does not
    /// have, a resolution or a picture size over its limit.
    #[error("{}", self.text(Lang::En))]
    Preview(Msg),
    /// A document to import cannot be read (encoding, file format).
    #[error("{}", self.text(Lang::En))]
    Import(Msg),
    /// Reading or writing a file failed.
    #[error("{}", self.text(Lang::En))]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// `s` made safe to print on a terminal: control characters (ESC, newline,
/// carriage return, …) and the invisible characters that reorder or hide
/// text (bidi embeddings, overrides and isolates, marks, zero-width
/// characters) are written as escapes (`\u{1b}`, `\n`, `\u{202e}`);
/// every other character, Vietnamese letters included, is unchanged. Used
/// wherever a file name or quoted text reaches a message: in [`Error`] and
/// [`Diagnostic`] display, and by the command line's printer.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        c => out.push(c),
    }
}

/// Characters [`escape`] writes as escapes.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// A file name (any bytes) made safe to print: [`escape`] on its UTF-8
/// parts, and each byte that is not UTF-8 as `\xNN` — so two names that
/// differ only there are shown different, not as the same `�`.
pub fn escape_os(name: &OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            for c in chunk.valid().chars() {
                push_escaped(&mut out, c);
            }
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        escape(&name.to_string_lossy()).into_owned()
    }
}

/// [`escape_os`] of a path.
pub fn escape_path(path: &Path) -> String {
    escape_os(path.as_os_str())
}

/// The most characters of a quoted value a message repeats.
const QUOTED_CHARS: usize = 80;
/// The most characters of a message.
const MESSAGE_CHARS: usize = 2000;

/// Shortens every span between backticks or double quotes longer than
/// [`QUOTED_CHARS`] to its start, `…` and its length; then the whole
/// message to [`MESSAGE_CHARS`].
fn shorten_quoted(message: &str) -> String {
    /// A quoted value being read: its quote, first characters, length.
    struct Quoted {
        quote: char,
        head: String,
        chars: usize,
        bytes: usize,
    }
    impl Quoted {
        fn finish(&self, out: &mut String, closed: bool) {
            out.push_str(&self.head);
            if self.chars > self.head.chars().count() {
                out.push('…');
            }
            if closed {
                out.push(self.quote);
            }
            if self.chars > QUOTED_CHARS {
                out.push_str(&format!(" ({} bytes)", self.bytes));
            }
        }
    }
    if message.chars().count() <= QUOTED_CHARS {
        return message.to_string();
    }
    let keep = QUOTED_CHARS - 20;
    let mut out = String::new();
    let mut open: Option<Quoted> = None;
    for ch in message.chars() {
        match &mut open {
            None => {
                out.push(ch);
                if ch == '`' || ch == '"' {
                    open = Some(Quoted {
                        quote: ch,
                        head: String::new(),
                        chars: 0,
                        bytes: 0,
                    });
                }
            }
            Some(q) if ch == q.quote => {
                if q.chars <= QUOTED_CHARS {
                    // Short: kept whole (its head is all of it).
                    out.push_str(&q.head);
                    out.push(ch);
                } else {
                    q.finish(&mut out, true);
                }
                open = None;
            }
            Some(q) => {
                q.chars += 1;
                q.bytes += ch.len_utf8();
                if q.chars <= QUOTED_CHARS {
                    q.head.push(ch);
                }
                if q.chars == QUOTED_CHARS + 1 {
                    q.head = q.head.chars().take(keep).collect();
                }
            }
        }
    }
    if let Some(q) = open {
        q.finish(&mut out, false);
    }
    if out.chars().count() > MESSAGE_CHARS {
        let cut: String = out.chars().take(MESSAGE_CHARS).collect();
        return cut + "…";
    }
    out
}

/// Shortens each key of a path longer than [`QUOTED_CHARS`] (`body[0].xxx…`).
fn shorten_path(path: String) -> String {
    if path.len() <= QUOTED_CHARS {
        return path;
    }
    path.split('.')
        .map(|key| {
            if key.chars().count() > QUOTED_CHARS {
                key.chars().take(QUOTED_CHARS - 20).collect::<String>() + "…"
            } else {
                key.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn display_input(file: &str, diagnostics: &[Diagnostic], lang: Lang) -> String {
    diagnostics
        .iter()
        .map(|d| format!("{}: {}", escape(file), d.text(lang)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A message and, on its own line, its hint, in `lang`.
fn with_hint(m: &Msg, lang: Lang) -> String {
    let mut out = escape(&m.text(lang)).into_owned();
    if let Some(hint) = m.hint(lang) {
        out.push_str("\n  ");
        out.push_str(&crate::msg!("label-hint").text(lang));
        out.push_str(": ");
        out.push_str(&hint);
    }
    out
}

/// A message carried as an operating system error's payload
/// (`io::Error::new(kind, MsgError(m))`), so that an [`Error::Io`] made by
/// vanban itself (two inputs for one output, a render half replaced) reads
/// in the reader's language. Its `Display` is English.
#[derive(Debug, Clone, PartialEq)]
pub struct MsgError(pub Msg);

impl fmt::Display for MsgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.text(Lang::En))
    }
}

impl std::error::Error for MsgError {}

/// The operating system's error in `lang`: the common kinds have a
/// message of their own; any other is shown as the system wrote it. An
/// error carrying a [`MsgError`] adds its message in `lang`.
pub fn io_text(e: &std::io::Error, lang: Lang) -> String {
    let own = e
        .get_ref()
        .and_then(|p| p.downcast_ref::<MsgError>())
        .map(|p| p.0.text(lang));
    let kind = io_kind_text(e, lang, own.is_some());
    match (kind, own) {
        (Some(k), Some(o)) => format!("{k}: {o}"),
        (None, Some(o)) => o,
        (Some(k), None) => k,
        (None, None) => escape(&e.to_string()).into_owned(),
    }
}

/// The message of `e`'s kind, for the common kinds (and, without a
/// payload of vanban's, the data error with the system's text).
fn io_kind_text(e: &std::io::Error, lang: Lang, payload: bool) -> Option<String> {
    use std::io::ErrorKind as K;
    let m = match e.kind() {
        K::NotFound => crate::msg!("io-not-found"),
        K::PermissionDenied => crate::msg!("io-permission-denied"),
        K::AlreadyExists => crate::msg!("io-already-exists"),
        K::IsADirectory => crate::msg!("io-is-a-directory"),
        K::NotADirectory => crate::msg!("io-not-a-directory"),
        K::StorageFull => crate::msg!("io-storage-full"),
        K::ReadOnlyFilesystem => crate::msg!("io-read-only"),
        K::InvalidData if !payload => crate::msg!("io-invalid-data", text = e.to_string()),
        _ => return None,
    };
    Some(m.text(lang))
}

impl Error {
    /// An input error with one diagnostic.
    pub fn input(file: &str, diagnostic: Diagnostic) -> Self {
        Self::Input {
            file: file.to_string(),
            diagnostics: vec![diagnostic],
        }
    }

    /// The error as text in `lang` (`Display` writes it in English): every
    /// diagnostic of an input error on its own line, a message's hint on
    /// the line after it.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Self::Input { file, diagnostics } => display_input(file, diagnostics, lang),
            Self::Layout { file, key, message } => crate::msg!(
                "error-layout",
                file = escape(file),
                key = escape(key),
                message = with_hint(message, lang)
            )
            .text(lang),
            Self::Font { file, message } => crate::msg!(
                "error-font",
                file = escape(file),
                message = with_hint(message, lang)
            )
            .text(lang),
            // The embedder's own (English) text, inside the translated frame.
            Self::FontEmbed { file, source } => crate::msg!(
                "error-font",
                file = escape(file),
                message = escape(&source.to_string())
            )
            .text(lang),
            Self::Docx(m) => crate::msg!("error-docx", message = with_hint(m, lang)).text(lang),
            Self::Pdf(m) => crate::msg!("error-pdf", message = with_hint(m, lang)).text(lang),
            Self::Preview(m) => {
                crate::msg!("error-preview", message = with_hint(m, lang)).text(lang)
            }
            Self::Import(m) => crate::msg!("error-import", message = with_hint(m, lang)).text(lang),
            Self::Sign(m) => with_hint(m, lang),
            Self::Io { path, source } => {
                format!("{}: {}", escape_path(path), io_text(source, lang))
            }
        }
    }

    /// The diagnostics of an input error (empty for other errors).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Self::Input { diagnostics, .. } => diagnostics,
            _ => &[],
        }
    }
}

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A JSON path under construction: `body[3].content[1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(String);

impl JsonPath {
    /// The document root.
    pub fn root() -> Self {
        Self(String::new())
    }

    /// The path of a key below this one.
    pub fn key(&self, key: &str) -> Self {
        if self.0.is_empty() {
            Self(key.to_string())
        } else {
            Self(format!("{}.{key}", self.0))
        }
    }

    /// The path of an array element below this one.
    pub fn index(&self, index: usize) -> Self {
        Self(format!("{}[{index}]", self.0))
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped_and_letters_kept() {
        assert_eq!(escape("Báo cáo Lâm Sơn"), "Báo cáo Lâm Sơn");
        assert_eq!(
            escape("a\u{1b}[31m\nb\u{202e}c\td"),
            "a\\u{1b}[31m\\nb\\u{202e}c\\td"
        );
        assert_eq!(
            escape_os(std::os::unix::ffi::OsStrExt::from_bytes(b"t\xffs\xe1.json")),
            "t\\xffs\\xe1.json"
        );
    }

    #[test]
    fn long_quoted_values_are_shortened() {
        let long = "x".repeat(10_000);
        let d = Diagnostic::new("a", format!("unknown field `{long}`, expected `b`"));
        assert!(d.message.len() < 200, "{}", d.message);
        assert!(
            d.message.ends_with("…` (10000 bytes), expected `b`"),
            "{}",
            d.message
        );
        let d = Diagnostic::new("a", format!("invalid type: string \"{long}\""));
        assert!(d.message.contains("…\" (10000 bytes)"), "{}", d.message);
        let d = Diagnostic::new("a", format!("odd `{long}"));
        assert!(d.message.len() < 200, "{}", d.message);
        let d = Diagnostic::new(format!("metadata.{long}"), "unknown field");
        assert_eq!(d.path, format!("metadata.{}…", "x".repeat(60)));
        let deep = "body[0].content[0]".repeat(20);
        assert_eq!(Diagnostic::new(deep.clone(), "x").path, deep);
        let short = "unknown field `sigature`, expected one of `kind`, `layout`, `issuer`, \
                     `number`, `symbol`, `place`";
        assert_eq!(Diagnostic::new("", short).message, short);
    }
}
