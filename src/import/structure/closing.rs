//! The closing phase: Nơi nhận items (also interleaved with the
//! signature column) and the signer (authority chain, position, name).

use super::*;

/// `(Đã ký)`, `(Đã ký và đóng dấu)`, `(ký, ghi rõ họ tên)`: a note where a
/// signature was, which the signature space replaces.
pub(super) fn is_signing_note(t: &str) -> bool {
    // (`[ (Đã ký)`: a picture's placeholder before it.)
    let t = t
        .trim()
        .trim_start_matches(['[', ' '])
        .trim_end_matches([']', ' ']);
    t.starts_with('(') && t.ends_with(')') && t.to_lowercase().contains("ký") && t.len() < 60
}

/// A Nơi nhận item that ends on this line, and the text after it (the
/// other column's, in a transcription that interleaves them): split after
/// the item's `;` (or, for `Lưu: …`, its `.`).
pub(super) fn split_item(t: &str) -> Option<(String, String)> {
    if let Some((item, rest)) = t.split_once("; ") {
        return Some((format!("{item};"), rest.trim().to_string()));
    }
    if t.ends_with(';') {
        return Some((t.to_string(), String::new()));
    }
    let bare = t.trim_start_matches(['-', '–', ' ']);
    if bare.starts_with("Lưu") {
        return Some(match bare.split_once(". ") {
            Some((item, rest)) => (format!("{item}."), rest.trim().to_string()),
            None => (t.to_string(), String::new()),
        });
    }
    None
}

pub(super) fn signature_start(t: &str) -> bool {
    ["TM. ", "KT. ", "Q. ", "TL. ", "TUQ. "]
        .iter()
        .any(|p| t.starts_with(p))
        && is_upper(t)
}

/// The signer from the closing lines: authority (TM./KT./…), position
/// (upper case), name (the last line in mixed case).
///
/// Returns the signers (one, or several side by side), and the lines that
/// are none of these, with their numbers.
pub(super) fn signature(
    numbered: &[(usize, String)],
    warnings: &mut Vec<Warning>,
) -> (Vec<input::Signature>, Vec<(usize, String)>) {
    let numbered: Vec<(usize, &str)> = numbered
        .iter()
        .map(|(n, s)| (*n, s.trim()))
        .filter(|(_, s)| !s.is_empty())
        .collect();
    let lines: Vec<&str> = numbered.iter().map(|(_, s)| *s).collect();
    let mut leftover = Vec::new();
    // Signers side by side (biên bản): their positions, then their names.
    let positions: Vec<&str> = lines.iter().copied().filter(|l| is_upper(l)).collect();
    let names: Vec<&str> = lines.iter().copied().filter(|l| !is_upper(l)).collect();
    if names.len() >= 2
        && positions.len() == names.len()
        && !positions.iter().any(|p| signature_start(p))
        && lines.iter().take(positions.len()).all(|l| is_upper(l))
    {
        let signers = positions
            .iter()
            .zip(&names)
            .map(|(p, n)| signer(None, p, n))
            .collect();
        return (signers, leftover);
    }
    let mut authority = None;
    let mut position = Vec::new();
    let mut name = None;
    for (number, l) in &numbered {
        if signature_start(l) && authority.is_none() {
            authority = Some(l.to_string());
        } else if signature_start(l) && position.is_empty() && name.is_none() {
            // A chain: `TL. CHỦ TỊCH` / `KT. CHÁNH VĂN PHÒNG` / the position.
            if let Some(a) = authority.as_mut() {
                a.push('\n');
                a.push_str(l);
            }
        } else if is_upper(l) && name.is_none() {
            position.push(l.to_string());
        } else if name.is_none() {
            name = Some(l.to_string());
        } else {
            leftover.push((*number, l.to_string()));
        }
    }
    let position = if position.is_empty() {
        warnings.push(Warning::new(0, crate::msg!("import-warn-no-position")));
        "…".to_string()
    } else {
        position.join(" ")
    };
    let name = name.unwrap_or_else(|| {
        warnings.push(Warning::new(0, crate::msg!("import-warn-no-signer-name")));
        "…".to_string()
    });
    (vec![signer(authority, &position, &name)], leftover)
}

fn signer(authority: Option<String>, position: &str, name: &str) -> input::Signature {
    input::Signature {
        authority,
        position: position.to_string(),
        name: name.to_string(),
        image: None,
    }
}

/// The closing phase: Nơi nhận and the signature, in either order, from
/// `lines[*i]` to the end; the Nơi nhận items, and the signer's lines with
/// their numbers.
pub(super) fn closing(
    lines: &[Line],
    i: &mut usize,
    warnings: &mut Vec<Warning>,
) -> (Vec<String>, Vec<(usize, String)>) {
    let mut distribution: Vec<String> = Vec::new();
    // The closing's lines with their numbers.
    let mut sign: Vec<(usize, String)> = Vec::new();
    let mut in_distribution = false;
    while let Some(l) = lines.get(*i) {
        let t = l.text.as_str();
        if let Some(rest) = t.strip_prefix("Nơi nhận") {
            in_distribution = true;
            let rest = rest.trim_start_matches([':', ' ']);
            if !rest.is_empty() {
                sign.push((l.number, rest.to_string()));
            }
        } else if is_signing_note(t) {
            warnings.push(Warning::new(
                l.number,
                crate::msg!("import-warn-signing-note", t = t),
            ));
        } else if in_distribution
            && sign.len() < 4
            && let Some((item, rest)) = split_item(t)
        {
            // A transcription interleaves the two columns line by line:
            // `Như trên; (Đã ký và đóng dấu)`, `UBND thành phố; Lê Thị B`.
            let open = distribution
                .last()
                .is_some_and(|d| !d.trim_end().ends_with([';', '.']));
            match distribution.last_mut() {
                // The end of an item wrapped onto this line.
                Some(last) if open && !t.starts_with(['-', '–']) => {
                    last.push(' ');
                    last.push_str(item.trim());
                }
                _ => distribution.push(strip_item(&item)),
            }
            if is_signing_note(&rest) {
                warnings.push(Warning::new(
                    l.number,
                    crate::msg!("import-warn-signing-note", t = rest),
                ));
            } else if !rest.is_empty() {
                sign.push((l.number, rest));
            }
        } else if in_distribution && t.starts_with(['-', '–']) && sign.is_empty() {
            distribution.push(strip_item(t));
        } else if in_distribution
            && !distribution.is_empty()
            && !signature_start(t)
            && !is_upper(t)
            && sign.is_empty()
            && !t.starts_with('(')
        {
            if let Some(last) = distribution.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
        } else {
            sign.push((l.number, t.to_string()));
        }
        *i += 1;
    }
    (distribution, sign)
}
