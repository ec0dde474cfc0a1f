//! A well-formedness check of BCP 47 language tags (RFC 5646, section 2.1),
//! for `metadata.language`: the tag goes into the PDF's XMP packet (as an
//! attribute krilla does not escape) and the DOCX properties, so anything
//! but a tag could inject markup. Hand-written: the syntax is a dozen lines
//! of ABNF, and only well-formedness (not registry validity) is asked.

/// The longest tag accepted (RFC 5646 advises buffers of at least 35
/// characters for the common forms; 64 leaves room for extensions).
pub(crate) const MAX_TAG: usize = 64;

/// Whether `tag` is a well-formed BCP 47 language tag: `vi`, `vi-VN`,
/// `en-US`, `zh-Hant-TW`, `sr-Latn-RS`, `de-CH-1996`, `x-private`.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    if tag.is_empty()
        || tag.len() > MAX_TAG
        || !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return false;
    }
    let subtags: Vec<&str> = tag.split('-').collect();
    if subtags.iter().any(|s| s.is_empty() || s.len() > 8) {
        return false;
    }
    let alpha = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    let digit = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mut it = subtags.iter().copied().peekable();
    let Some(first) = it.next() else {
        return false;
    };
    if first.eq_ignore_ascii_case("x") {
        return private_use(it);
    }
    // language: 2–3 letters (with up to three 3-letter extlangs), or 4–8.
    if !alpha(first) || first.len() < 2 {
        return false;
    }
    if first.len() <= 3 {
        for _ in 0..3 {
            if it.next_if(|s| s.len() == 3 && alpha(s)).is_none() {
                break;
            }
        }
    }
    // script: 4 letters.
    it.next_if(|s| s.len() == 4 && alpha(s));
    // region: 2 letters or 3 digits.
    it.next_if(|s| (s.len() == 2 && alpha(s)) || (s.len() == 3 && digit(s)));
    // variants: 5–8 alphanumerics, or a digit and 3 alphanumerics.
    while it
        .next_if(|s| {
            s.len() >= 5 || (s.len() == 4 && s.as_bytes().first().is_some_and(u8::is_ascii_digit))
        })
        .is_some()
    {}
    // extensions: a singleton (not x) and subtags of 2–8.
    while let Some(s) = it.next_if(|s| s.len() == 1 && !s.eq_ignore_ascii_case("x")) {
        let _ = s;
        let mut n = 0;
        while it.next_if(|s| s.len() >= 2).is_some() {
            n += 1;
        }
        if n == 0 {
            return false;
        }
    }
    match it.next() {
        None => true,
        Some(x) if x.eq_ignore_ascii_case("x") => private_use(it),
        Some(_) => false,
    }
}

/// `x-` and at least one subtag of 1–8 (lengths were checked).
fn private_use<'a>(mut rest: impl Iterator<Item = &'a str>) -> bool {
    rest.next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_checked_for_form() {
        for ok in [
            "vi",
            "vi-VN",
            "en-US",
            "EN-us",
            "zh-Hant-TW",
            "sr-Latn-RS",
            "de-CH-1996",
            "x-private",
            "en-a-bbb-x-ccc",
            "zh-yue-HK",
            "es-419",
            "sl-rozaj-biske",
        ] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "vi_VN",
            "vi-",
            "-vi",
            "v",
            "vi--VN",
            "vi-VN-",
            "toolongsubtag",
            "vi VN",
            "vi\"/><x",
            "vi-a",
            "vi-x",
            "1a",
            "vi-VN-a-",
            "en-US-u",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
        assert!(!is_language_tag(&format!("x-{}", "-aaaaaaaa".repeat(8))));
    }
}
