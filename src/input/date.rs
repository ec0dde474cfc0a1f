//! Dates of the input: the date line's `YYYY-MM-DD` or `{"year": YYYY}`
//! ([`DateSpec`]), checked against the calendar, and the metadata's
//! `created` timestamp ([`Timestamp`]).

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use super::DateSpec;
use super::de::custom;
use crate::i18n::Msg;
use crate::msg;

impl<'de> Deserialize<'de> for DateSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DateVisitor)
    }
}

struct DateVisitor;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct YearOnly {
    year: i32,
}

impl<'de> Visitor<'de> for DateVisitor {
    type Value = DateSpec;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date \"YYYY-MM-DD\", {\"year\": YYYY} or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateSpec, E> {
        parse_iso_date(v).map_err(custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DateSpec, A::Error> {
        let y = YearOnly::deserialize(MapAccessDeserializer::new(map))?;
        check_year(y.year).map_err(custom)?;
        Ok(DateSpec::Year(y.year))
    }
}

fn check_year(year: i32) -> Result<(), Msg> {
    if (1900..=9999).contains(&year) {
        Ok(())
    } else {
        Err(msg!("input-year-out-of-range", year = year.to_string()))
    }
}

/// Parses `YYYY-MM-DD` into a valid calendar date.
pub(crate) fn parse_iso_date(v: &str) -> Result<DateSpec, Msg> {
    let bad = || msg!("input-date-form", date = v);
    let parts: Vec<&str> = v.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let num = |s: &str| -> Result<u32, Msg> {
        if s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let (year, month, day) = (num(y)? as i32, num(m)?, num(d)?);
    check_year(year)?;
    if !(1..=12).contains(&month) {
        return Err(msg!("input-date-month", date = v, month = month));
    }
    let last = days_in_month(year, month);
    if day == 0 || day > last {
        return Err(msg!(
            "input-date-day",
            date = v,
            month = month,
            year = year.to_string(),
            days = last
        ));
    }
    Ok(DateSpec::Full { year, month, day })
}

/// A moment for the PDF's creation date: a date, or a date and time with an
/// optional UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Timestamp {
    /// Year.
    pub year: u16,
    /// Month, 1–12, when known.
    pub month: Option<u8>,
    /// Day, when known.
    pub day: Option<u8>,
    /// Hour, minute and second, when known.
    pub time: Option<(u8, u8, u8)>,
    /// Offset from UTC in minutes, when known.
    pub offset_minutes: Option<i16>,
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`.
pub(crate) fn parse_timestamp(v: &str) -> Result<Timestamp, Msg> {
    let bad = || msg!("input-timestamp-form", timestamp = v);
    let (date, time) = match v.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (v, None),
    };
    let DateSpec::Full { year, month, day } = parse_iso_date(date)? else {
        return Err(bad());
    };
    let mut ts = Timestamp {
        year: u16::try_from(year).map_err(|_| bad())?,
        month: u8::try_from(month).ok(),
        day: u8::try_from(day).ok(),
        ..Timestamp::default()
    };
    let Some(t) = time else {
        return Ok(ts);
    };
    let (clock, offset) = if let Some(c) = t.strip_suffix('Z') {
        (c, Some(0))
    } else if let Some(i) = t.rfind(['+', '-']) {
        let (c, o) = t.split_at(i);
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let (h, m) = o.get(1..).and_then(|o| o.split_once(':')).ok_or_else(bad)?;
        let (h, m) = (
            two_digits(h, 14).ok_or_else(bad)?,
            two_digits(m, 59).ok_or_else(bad)?,
        );
        (c, Some(sign * (i16::from(h) * 60 + i16::from(m))))
    } else {
        (t, None)
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let (h, m, s) = match parts.as_slice() {
        [h, m] => (*h, *m, "00"),
        [h, m, s] => (*h, *m, *s),
        _ => return Err(bad()),
    };
    ts.time = Some((
        two_digits(h, 23).ok_or_else(bad)?,
        two_digits(m, 59).ok_or_else(bad)?,
        two_digits(s, 59).ok_or_else(bad)?,
    ));
    ts.offset_minutes = offset;
    Ok(ts)
}

fn two_digits(s: &str, max: u8) -> Option<u8> {
    if s.len() != 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|&n| n <= max)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_take_a_date_or_a_date_and_time() {
        let t = parse_timestamp("2023-09-25T08:30:05+07:00").unwrap();
        assert_eq!((t.year, t.month, t.day), (2023, Some(9), Some(25)));
        assert_eq!((t.time, t.offset_minutes), (Some((8, 30, 5)), Some(420)));
        let t = parse_timestamp("2023-09-25T23:59Z").unwrap();
        assert_eq!((t.time, t.offset_minutes), (Some((23, 59, 0)), Some(0)));
        assert_eq!(parse_timestamp("2023-09-25").unwrap().time, None);
        for bad in [
            "2023-02-30",
            "2023-09-25T24:00",
            "2023-09-25T08",
            "2023-09-25T08:30+7",
        ] {
            assert!(parse_timestamp(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert_eq!(
            parse_iso_date("2024-02-29"),
            Ok(DateSpec::Full {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        assert!(
            parse_iso_date("2023-02-29")
                .unwrap_err()
                .to_string()
                .contains("28 days")
        );
        assert!(
            parse_iso_date("2023-13-01")
                .unwrap_err()
                .to_string()
                .contains("month 13")
        );
        assert!(
            parse_iso_date("25/09/2023")
                .unwrap_err()
                .to_string()
                .contains("YYYY-MM-DD")
        );
        assert!(parse_iso_date("2023-9-25").is_err());
    }
}
