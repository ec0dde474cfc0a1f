//! Which encoding a text is in: Vietnamese syllables counted under each reading.

use super::*;

/// Initial consonants, longest first.
const INITIALS: [&str; 28] = [
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

/// Final consonants, longest first.
const FINALS: [&str; 9] = ["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];

/// Vowel nuclei found with or without a final consonant.
const NUCLEI_ANY: [&str; 14] = [
    "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uy",
];

/// Vowel nuclei found only without a final consonant (they end in a glide).
const NUCLEI_OPEN: [&str; 31] = [
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui", "ưi", "ưu",
    "ưa", "ua", "uơ", "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya",
    "uyu",
];

/// Vowel nuclei found only before a final consonant.
const NUCLEI_CLOSED: [&str; 10] = ["ă", "â", "iê", "yê", "uô", "ươ", "oă", "uâ", "uyê", "oo"];

/// The only nuclei before final `ch` and `nh`.
const NUCLEI_BEFORE_CH_NH: [&str; 6] = ["a", "ê", "i", "oa", "uê", "uy"];

/// Whether a rhyme (nucleus and final, tone taken off) is Vietnamese.
fn is_rhyme(rhyme: &str, tone: Option<Tone>) -> bool {
    FINALS.iter().any(|&fin| {
        let Some(nucleus) = rhyme.strip_suffix(fin) else {
            return false;
        };
        let fits = if fin.is_empty() {
            NUCLEI_ANY.contains(&nucleus) || NUCLEI_OPEN.contains(&nucleus)
        } else {
            NUCLEI_ANY.contains(&nucleus) || NUCLEI_CLOSED.contains(&nucleus)
        };
        let final_fits = match fin {
            "ch" | "nh" => NUCLEI_BEFORE_CH_NH.contains(&nucleus),
            _ => true,
        };
        // A syllable closed by a stop takes only the acute or dot tone.
        let tone_fits = match fin {
            "c" | "ch" | "p" | "t" => matches!(tone, Some(Tone::Acute | Tone::Dot)),
            _ => true,
        };
        fits && final_fits && tone_fits
    })
}

/// Whether a word (letters only) is one Vietnamese syllable: at most one
/// tone mark, an initial consonant, a vowel nucleus and a final consonant
/// that exist and go together.
pub(super) fn is_syllable(word: &str) -> bool {
    let mut plain = String::with_capacity(word.len());
    let mut tone = None;
    for c in word.chars().flat_map(char::to_lowercase) {
        let (letter, t) = if c == 'đ' {
            (c, None)
        } else {
            let Some(p) = parts(c) else {
                return false;
            };
            let letter = match p.shape {
                None => Some(p.base),
                Some(s) => compose(p.base, s.mark()),
            };
            let Some(letter) = letter else {
                return false;
            };
            (letter, p.tone)
        };
        if !"aăâbcdđeêghiklmnoôơpqrstuưvxy".contains(letter) {
            return false;
        }
        if let Some(t) = t
            && tone.replace(t).is_some()
        {
            return false;
        }
        plain.push(letter);
    }
    INITIALS.iter().any(|&init| {
        plain
            .strip_prefix(init)
            .is_some_and(|rhyme| is_rhyme(rhyme, tone))
    })
}

/// Punctuation outside ASCII that Vietnamese text holds.
const PUNCTUATION: [char; 9] = ['\u{A0}', '‘', '’', '“', '”', '–', '—', '…', '•'];

/// How much a text reads as Vietnamese: each word with letters outside
/// ASCII counts one up if it is a Vietnamese syllable and one down if not;
/// each character outside ASCII that is neither a letter nor common
/// punctuation counts one down. ASCII words, the same in every decoding,
/// do not count.
fn score(text: &str) -> i64 {
    let mut score = 0;
    let mut word = String::new();
    for c in text.chars().chain(iter::once(' ')) {
        if c.is_alphabetic() {
            word.push(c);
            continue;
        }
        if !word.is_ascii() {
            score += if is_syllable(&word) { 1 } else { -1 };
        }
        word.clear();
        if !c.is_ascii() && !PUNCTUATION.contains(&c) {
            score -= 1;
        }
    }
    score
}

/// Counts of a text's words (runs of letters): all of them, those with
/// letters outside ASCII, and of those the Vietnamese syllables — how a
/// reader tells a text layer in another language (or garbage) from
/// Vietnamese.
pub(crate) fn syllable_counts(text: &str) -> (usize, usize, usize) {
    let (mut words, mut wide, mut syllables) = (0, 0, 0);
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if !word.is_ascii() {
            wide += 1;
            syllables += usize::from(is_syllable(&word.nfc().collect::<String>()));
        }
    }
    (words, wide, syllables)
}

/// Guesses whether bytes are UTF-8, TCVN3 or VNI: returns None for valid
/// UTF-8 that reads as Vietnamese/ASCII text, Some(Legacy::Tcvn3) or
/// Some(Legacy::Vni) otherwise, by scoring how many Vietnamese syllables
/// each decoding produces (a decoding that yields valid Vietnamese syllables
/// — e.g. vowels with at most one tone mark, words like "của", "và",
/// "người", "Việt", "năm" — scores higher). Must be right on ordinary
/// administrative prose of a few hundred bytes.
///
/// ASCII is `None` (it reads the same in all three). Valid UTF-8 is `None`
/// unless a legacy decoding reads as Vietnamese and better than UTF-8 does;
/// bytes that are not UTF-8 are always `Some`, TCVN3 when neither decoding
/// reads better (as with text that has no Vietnamese letters). Text already
/// decoded wrongly into Unicode (a .VnTime run in a DOCX read as
/// Windows-1252, say) must be turned back into its bytes first.
pub fn detect(bytes: &[u8]) -> Option<Legacy> {
    if bytes.is_ascii() {
        return None;
    }
    let tcvn3 = score(&decode_tcvn3(bytes));
    let vni = score(&decode_vni(bytes));
    let (best, best_score) = if vni > tcvn3 {
        (Legacy::Vni, vni)
    } else {
        (Legacy::Tcvn3, tcvn3)
    };
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let utf8 = score(&text.nfc().collect::<String>());
            (best_score > 0 && best_score > utf8).then_some(best)
        }
        Err(_) => Some(best),
    }
}
