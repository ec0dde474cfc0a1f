//! The date policy: the file's creation date (PDF/A needs one; the DOCX
//! core properties carry it), decided here and nowhere else.
//!
//! 1. `metadata.created`, when given;
//! 2. else the document's date (a year alone gives the year);
//! 3. else (a blank date, for the clerk to fill in) `SOURCE_DATE_EPOCH`
//!    when that variable is set, so that reproducible builds get
//!    byte-identical files (<https://reproducible-builds.org/specs/source-date-epoch/>);
//! 4. else the current time.
//!
//! In cases 3 and 4 the composed document carries a one-line note saying
//! so ([`crate::doc::Meta::created_note`]); the CLI prints it on stderr.

use crate::input::{self, DateSpec, Timestamp};

/// Where the current time comes from (tests fix it).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Clock {
    /// The system clock and the `SOURCE_DATE_EPOCH` variable.
    System,
    /// A fixed `SOURCE_DATE_EPOCH` value (or none), and a fixed "now", in
    /// seconds since 1970.
    #[cfg(test)]
    Fixed {
        epoch: Option<&'static str>,
        now: u64,
    },
}

impl Clock {
    fn source_date_epoch(self) -> Option<String> {
        match self {
            Self::System => std::env::var("SOURCE_DATE_EPOCH").ok(),
            #[cfg(test)]
            Self::Fixed { epoch, .. } => epoch.map(str::to_string),
        }
    }

    fn now(self) -> u64 {
        match self {
            Self::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            #[cfg(test)]
            Self::Fixed { now, .. } => now,
        }
    }
}

/// The creation date of `doc`, and the note to show when it came from
/// neither the input's `metadata.created` nor its date.
pub(crate) fn creation_date(
    doc: &input::Document,
    clock: Clock,
) -> (Option<Timestamp>, Option<String>) {
    if let Some(ts) = doc
        .metadata
        .created
        .as_deref()
        .and_then(|c| input::parse_timestamp(c).ok())
    {
        return (Some(ts), None);
    }
    let year = |y: i32| u16::try_from(y).ok();
    match doc.date {
        Some(DateSpec::Full {
            year: y,
            month,
            day,
        }) => {
            return (
                year(y).map(|year| Timestamp {
                    year,
                    month: u8::try_from(month).ok(),
                    day: u8::try_from(day).ok(),
                    ..Default::default()
                }),
                None,
            );
        }
        Some(DateSpec::Year(y)) => {
            return (
                year(y).map(|year| Timestamp {
                    year,
                    ..Default::default()
                }),
                None,
            );
        }
        None => {}
    }
    let epoch = clock.source_date_epoch();
    match epoch.as_deref().map(|e| e.trim().parse::<u64>()) {
        Some(Ok(secs)) => (
            utc(secs),
            Some(crate::msg!("render-note-epoch", seconds = secs.to_string()).to_string()),
        ),
        Some(Err(_)) => (
            utc(clock.now()),
            Some(crate::msg!("render-note-epoch-bad").to_string()),
        ),
        None => (
            utc(clock.now()),
            Some(crate::msg!("render-note-now").to_string()),
        ),
    }
}

/// A note [`creation_date`] made (in English, as the document model keeps
/// it) in `lang`; any other text as it is.
pub(crate) fn note_in(note: &str, lang: crate::i18n::Lang) -> String {
    let known = [
        crate::msg!("render-note-epoch-bad"),
        crate::msg!("render-note-now"),
    ];
    if let Some(m) = known.iter().find(|m| m.to_string() == note) {
        return m.text(lang);
    }
    let epoch = note
        .strip_prefix("the date is blank: the file's creation date is SOURCE_DATE_EPOCH (")
        .and_then(|r| r.strip_suffix(')'))
        .filter(|n| n.bytes().all(|b| b.is_ascii_digit()));
    match epoch {
        Some(secs) => crate::msg!("render-note-epoch", seconds = secs).text(lang),
        None => note.to_string(),
    }
}

/// Seconds since 1970 as a UTC timestamp. Hand-written (the civil-from-days
/// algorithm of H. Hinnant, public domain): the crate has no date library
/// and needs no more than this.
fn utc(secs: u64) -> Option<Timestamp> {
    let days = i64::try_from(secs / 86_400).ok()?;
    let rest = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(Timestamp {
        year: u16::try_from(year).ok().filter(|y| *y <= 9999)?,
        month: u8::try_from(month).ok(),
        day: u8::try_from(day).ok(),
        time: Some((
            u8::try_from(rest / 3600).ok()?,
            u8::try_from(rest % 3600 / 60).ok()?,
            u8::try_from(rest % 60).ok()?,
        )),
        offset_minutes: Some(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(date: &str, created: Option<&str>) -> input::Document {
        let meta = created.map_or(String::new(), |c| {
            format!(r#", "metadata": {{"created": "{c}"}}"#)
        });
        let json = format!(
            r#"{{"kind": "bao-cao", "issuer": {{"name": "UBND"}}, "symbol": "BC",
            "place": "X", "body": ["a"], "signature": {{"position": "A", "name": "B"}},
            "date": {date}{meta}}}"#
        );
        input::parse(json.as_bytes(), "t.json").unwrap()
    }

    #[test]
    fn the_creation_date_follows_the_policy() {
        let epoch = |e| Clock::Fixed {
            epoch: e,
            now: 1_766_102_400, // 2025-12-19T00:00:00Z
        };
        // metadata.created wins, then the document's date: no note.
        let (ts, note) = creation_date(
            &doc("null", Some("2024-03-12T16:45:00+07:00")),
            epoch(Some("0")),
        );
        assert_eq!(
            ts.map(|t| (t.year, t.time)),
            Some((2024, Some((16, 45, 0))))
        );
        assert!(note.is_none());
        let (ts, note) = creation_date(&doc("\"2023-09-25\"", None), epoch(Some("0")));
        assert_eq!(
            ts.map(|t| (t.year, t.month, t.day)),
            Some((2023, Some(9), Some(25)))
        );
        assert!(note.is_none());
        // A blank date: SOURCE_DATE_EPOCH, else the clock, with a note.
        let (ts, note) = creation_date(&doc("null", None), epoch(Some("1700000000")));
        let t = ts.unwrap();
        assert_eq!(
            (t.year, t.month, t.day, t.time),
            (2023, Some(11), Some(14), Some((22, 13, 20)))
        );
        assert!(note.unwrap().contains("SOURCE_DATE_EPOCH (1700000000)"));
        let (ts, note) = creation_date(&doc("null", None), epoch(None));
        let t = ts.unwrap();
        assert_eq!((t.year, t.month, t.day), (2025, Some(12), Some(19)));
        assert!(note.unwrap().contains("current time"));
        let (_, note) = creation_date(&doc("null", None), epoch(Some("soon")));
        assert!(note.unwrap().contains("not a number"));
    }

    #[test]
    fn seconds_become_civil_dates() {
        let t = utc(0).unwrap();
        assert_eq!((t.year, t.month, t.day), (1970, Some(1), Some(1)));
        let t = utc(951_782_400).unwrap(); // 2000-02-29
        assert_eq!((t.year, t.month, t.day), (2000, Some(2), Some(29)));
        assert!(utc(u64::MAX).is_none());
    }
}
