//! The document properties a PDF can hold: PDF/A (ISO 19005-2, 6.1.3 via
//! ISO 32000-1 Annex C) allows no string over 32,767 bytes, and krilla
//! refuses the file when one is, with no word of which value; so each
//! property is measured here, where `validate` sees it too, and refused at
//! the JSON path of what made it long.

use crate::doc::Meta;
use crate::error::{Diagnostic, Error, Result};
use crate::input;

/// The longest string a PDF/A file may hold, in bytes (krilla counts the
/// UTF-8 bytes of a text string).
pub const MAX_PDF_STRING: usize = 32_767;

/// Refuses `meta` if a property, as the PDF writer writes it, is too long.
pub(super) fn check(meta: &Meta, doc: &input::Document, file: &str) -> Result<()> {
    let len = |s: Option<&String>| s.map_or(0, String::len);
    // The inputs that make up each property, the longest first named.
    let title_parts = [
        ("title", len(doc.title.as_ref())),
        ("subject", len(doc.subject.as_ref())),
        ("symbol", doc.symbol.len()),
        ("number", len(doc.number.as_ref())),
    ];
    let author_path = match doc.metadata.author {
        Some(_) => "metadata.author",
        None => "issuer.name",
    };
    let keywords_len = 2 * meta.keywords.len()
        + meta.keywords.iter().map(String::len).sum::<usize>()
        + "Số ".len()
        + meta.reference.len();
    let keyword_parts = [
        ("metadata.keywords", len(doc.metadata.keywords.as_ref())),
        ("symbol", doc.symbol.len()),
        ("number", len(doc.number.as_ref())),
    ];
    let checks: [(&str, usize, &str); 4] = [
        ("title", meta.title.len(), longest(&title_parts)),
        ("author", meta.author.len(), author_path),
        ("subject", len(meta.subject.as_ref()), "subject"),
        ("keywords", keywords_len, longest(&keyword_parts)),
    ];
    for (what, bytes, path) in checks {
        if bytes > MAX_PDF_STRING {
            return Err(Error::input(
                file,
                Diagnostic::new(
                    path,
                    crate::msg!(
                        "render-pdf-property",
                        what = what,
                        bytes = bytes,
                        max = MAX_PDF_STRING
                    ),
                ),
            ));
        }
    }
    Ok(())
}

fn longest<'a>(parts: &[(&'a str, usize)]) -> &'a str {
    parts.iter().max_by_key(|(_, n)| *n).map_or("", |(p, _)| *p)
}
