//! Every error the service answers, as JSON, through one function
//! ([`ApiError::into_response`]): input problems as 422 with `problems`
//! (the engine's diagnostics, in the asker's language), anything else as
//! `{"error": {"status", "message", "hint"}}`. No stack trace, no Rust
//! error's debug text, ever reaches a client.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::error::{Diagnostic, Error};
use crate::i18n::{Lang, Msg};

/// An answer other than success.
#[derive(Debug)]
pub(crate) enum ApiError {
    /// 422: the document has problems; each with its JSON path.
    Problems(Vec<serde_json::Value>),
    /// Any other error status.
    Status {
        status: StatusCode,
        message: String,
        hint: Option<String>,
        /// Seconds, for a 503.
        retry_after: Option<u64>,
    },
}

/// The JSON media type, with its charset (the messages are Vietnamese).
pub(crate) const JSON: &str = "application/json; charset=utf-8";

impl ApiError {
    /// One of the service's own messages (`locales/*/serve.ftl`) with its
    /// hint, in `lang`.
    pub fn msg(status: StatusCode, m: &Msg, lang: Lang) -> Self {
        Self::Status {
            status,
            message: m.text(lang),
            hint: m.hint(lang),
            retry_after: None,
        }
    }

    /// A 503 (or 504) with `Retry-After`.
    pub fn retry(status: StatusCode, m: &Msg, lang: Lang, seconds: u64) -> Self {
        match Self::msg(status, m, lang) {
            Self::Status {
                status,
                message,
                hint,
                ..
            } => Self::Status {
                status,
                message,
                hint,
                retry_after: Some(seconds),
            },
            other => other,
        }
    }

    /// Problems found by the service itself (an image path it will not
    /// read), answered as the engine's are.
    pub fn problems(diagnostics: &[Diagnostic], lang: Lang) -> Self {
        Self::Problems(diagnostics.iter().map(|d| problem(d, lang)).collect())
    }

    /// An engine error: an input error is 422 with its problems; a page
    /// or resolution a preview cannot draw, a file import cannot read, a
    /// PDF standard the document cannot meet are 422 with the message; the
    /// rest (fonts, layouts, writers, files: the server's own business) 500.
    pub fn engine(e: &Error, lang: Lang) -> Self {
        if let Error::Input { diagnostics, .. } = e {
            return Self::problems(diagnostics, lang);
        }
        let status = match e {
            Error::Preview(_) | Error::Import(_) | Error::Pdf(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let (message, hint) = split_hint(&e.text(lang), lang);
        Self::Status {
            status,
            message,
            hint,
            retry_after: None,
        }
    }

    /// The status this error is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Problems(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Status { status, .. } => *status,
        }
    }
}

/// One problem as JSON: `{"path", "message", "hint"}` (the message and
/// hint of the library's diagnostic, in `lang`), and `line` and `column`
/// when it was found while reading the JSON.
fn problem(d: &Diagnostic, lang: Lang) -> serde_json::Value {
    let mut v = serde_json::Map::new();
    v.insert("path".into(), json!(d.path));
    v.insert("message".into(), json!(d.message_in(lang)));
    v.insert("hint".into(), json!(d.hint_in(lang)));
    if let Some((line, column)) = d.position {
        v.insert("line".into(), json!(line));
        v.insert("column".into(), json!(column));
    }
    serde_json::Value::Object(v)
}

/// `Error::text` writes a hint on its own line after `\n  hint: `: split
/// back into the message and the hint, for the JSON's two fields.
fn split_hint(text: &str, lang: Lang) -> (String, Option<String>) {
    let marker = format!("\n  {}: ", crate::msg!("label-hint").text(lang));
    match text.split_once(&marker) {
        Some((message, hint)) => (message.to_string(), Some(hint.to_string())),
        None => (text.to_string(), None),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let (body, retry_after) = match self {
            Self::Problems(problems) => (json!({"ok": false, "problems": problems}), None),
            Self::Status {
                status,
                message,
                hint,
                retry_after,
            } => (
                json!({"error": {"status": status.as_u16(), "message": message, "hint": hint}}),
                retry_after,
            ),
        };
        let mut response = (
            status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(JSON))],
            body.to_string(),
        )
            .into_response();
        if let Some(s) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        response
    }
}
