//! The date-time group (`R 241050Z NOV 09`, `P R 101222Z FEB 10`, `201247Z Jan 04`) with its
//! precedence, and the date line of newspaper-edited texts (`Tuesday, 03 July 2001, 12:03`).

use crate::cable::{CableDate, Precedence};
use regex::Regex;
use std::sync::LazyLock;

#[allow(
    clippy::expect_used,
    reason = "a fixed pattern: it compiles, and every parser test would fail if it did not"
)]
static DTG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)^(?:([ROPZ])\s+)?(?:([ROPZ])\s+)?(\d{2})(\d{2})(\d{2})\s?Z\s+([A-Z]{3})[A-Z]*\s+(\d{2}|\d{4})\b")
        .expect("static regex")
});

#[allow(
    clippy::expect_used,
    reason = "a fixed pattern: it compiles, and every parser test would fail if it did not"
)]
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+(\d{1,2})\s+([A-Z]+)\s+(\d{4}),\s+(\d{1,2}):(\d{2})",
    )
    .expect("static regex")
});

/// A DTG line read: precedence (when the line carries one) and the UTC date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dtg {
    pub precedence: Option<Precedence>,
    pub date: CableDate,
}

/// Read a DTG at the start of a trimmed line.
pub fn parse_dtg(line: &str) -> Option<Dtg> {
    // The pattern is anchored: a precedence letter or the day's first digit comes first.
    if !line.as_bytes().first().is_some_and(|b| {
        b.is_ascii_digit() || matches!(b.to_ascii_uppercase(), b'R' | b'O' | b'P' | b'Z')
    }) {
        return None;
    }
    let c = DTG.captures(line)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u16>().ok());
    let day = num(3)? as u8;
    let hour = num(4)? as u8;
    let minute = num(5)? as u8;
    let month = month_number(c.get(6)?.as_str())?;
    let year = full_year(num(7)?);
    let date = valid(year, month, day, hour, minute)?;
    let letters: Vec<&str> = [c.get(1), c.get(2)]
        .into_iter()
        .flatten()
        .map(|m| m.as_str())
        .collect();
    let precedence = (!letters.is_empty()).then(|| precedence(&letters));
    Some(Dtg { precedence, date })
}

/// Read the date line of an edited text (`Tuesday, 03 July 2001, 12:03`), taken as UTC.
pub fn parse_date_line(line: &str) -> Option<CableDate> {
    // Anchored at a weekday's name.
    if !line
        .as_bytes()
        .first()
        .is_some_and(|b| matches!(b.to_ascii_uppercase(), b'M' | b'T' | b'W' | b'F' | b'S'))
    {
        return None;
    }
    let c = DATE_LINE.captures(line)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u16>().ok());
    let month = month_number(c.get(2)?.as_str())?;
    valid(num(3)?, month, num(1)? as u8, num(4)? as u8, num(5)? as u8)
}

/// `09` -> 2009, `72` -> 1972, `2009` -> 2009. Cables run from the 1960s to 2010.
pub fn full_year(y: u16) -> u16 {
    match y {
        0..=49 => 2000 + y,
        50..=99 => 1900 + y,
        _ => y,
    }
}

fn valid(year: u16, month: u8, day: u8, hour: u8, minute: u8) -> Option<CableDate> {
    ((1..=31).contains(&day) && hour < 24 && minute < 60 && (1900..2100).contains(&year)).then_some(
        CableDate {
            year,
            month,
            day,
            hour,
            minute,
        },
    )
}

/// `NOV`, `Nov`, `November` -> 11.
pub fn month_number(name: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let head = name.get(..3)?.to_ascii_uppercase();
    MONTHS.iter().position(|m| *m == head).map(|i| i as u8 + 1)
}

fn precedence(letters: &[&str]) -> Precedence {
    let names: Vec<&str> = letters
        .iter()
        .map(|l| match l.to_ascii_uppercase().as_str() {
            "R" => "ROUTINE",
            "P" => "PRIORITY",
            "O" => "IMMEDIATE",
            _ => "FLASH",
        })
        .collect();
    Precedence {
        code: letters.join(" ").to_ascii_uppercase(),
        name: names.join(" / "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dtg_with_precedence() {
        let d = parse_dtg("P R 101222Z FEB 10").expect("dtg");
        assert_eq!(d.date.to_string(), "2010-02-10T12:22Z");
        let p = d.precedence.expect("precedence");
        assert_eq!(
            (p.code.as_str(), p.name.as_str()),
            ("P R", "PRIORITY / ROUTINE")
        );
        let d = parse_dtg("R 241050Z NOV 09").expect("dtg");
        assert_eq!(d.date.to_string(), "2009-11-24T10:50Z");
        assert_eq!(parse_dtg("201247Z Jan 04").map(|d| d.date.year), Some(2004));
        assert!(parse_dtg("R 220927Z AUG 72").is_some_and(|d| d.date.year == 1972));
        assert!(parse_dtg("R 991050Z NOV 09").is_none());
        assert!(parse_dtg("REF: STATE 2094").is_none());
    }

    #[test]
    fn reads_edited_date_line() {
        let d = parse_date_line("Tuesday, 03 July 2001, 12:03").expect("date");
        assert_eq!(d.to_string(), "2001-07-03T12:03Z");
    }
}
