//! Errors as data: where (file, JSON path), what, and how to fix it.

use std::fmt;
use std::path::PathBuf;

/// One problem in one input, located by its JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

impl Diagnostic {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
            hint: None,
            position: None,
        }
    }

    /// Adds a hint that tells the user how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((line, column)) = self.position {
            write!(f, "line {line}, column {column}: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong while rendering a document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input document is not valid; every problem found is listed.
    #[error("{}", display_input(.file, .diagnostics))]
    Input {
        /// The input's name (a file path, or `-` for standard input).
        file: String,
        /// The problems, in document order.
        diagnostics: Vec<Diagnostic>,
    },
    /// A layout file is missing, malformed or inconsistent.
    #[error("layout {file}: {key}: {message}")]
    Layout {
        /// The layout file.
        file: String,
        /// The key within it.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// A font file cannot be used.
    #[error("font {file}: {message}")]
    Font {
        /// The font file (or face name for built-in fonts).
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The DOCX package could not be written.
    #[error("docx: {0}")]
    Docx(String),
    /// The PDF writer refused the document (a bug, or a PDF/A rule the content breaks).
    #[error("pdf: {0}")]
    Pdf(String),
    /// A document to import cannot be read (encoding, file format).
    #[error("import: {0}")]
    Import(String),
    /// Reading or writing a file failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

fn display_input(file: &str, diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("{file}: {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    /// An input error with one diagnostic.
    pub fn input(file: &str, diagnostic: Diagnostic) -> Self {
        Self::Input {
            file: file.to_string(),
            diagnostics: vec![diagnostic],
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
