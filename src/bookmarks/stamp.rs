//! Timestamps of bookmarks and positions: UTC, millisecond precision, written as RFC 3339
//! (`2026-11-23T10:58:12.345Z`) so the files stay readable.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A point in time, UTC, to the millisecond. Ordered; compared when merging copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// The current time, truncated to the millisecond.
    pub fn now() -> Timestamp {
        Timestamp::from_unix_millis(
            (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64,
        )
    }

    /// The time `millis` milliseconds after the Unix epoch (clamped to the representable range).
    pub fn from_unix_millis(millis: i64) -> Timestamp {
        let nanos = i128::from(millis) * 1_000_000;
        Timestamp(
            OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH),
        )
    }

    /// Milliseconds since the Unix epoch.
    pub fn unix_millis(self) -> i64 {
        (self.0.unix_timestamp_nanos() / 1_000_000) as i64
    }

    /// One millisecond later: a change made "now" always sorts after the previous one.
    pub fn next(self) -> Timestamp {
        Timestamp::from_unix_millis(self.unix_millis().saturating_add(1))
    }

    /// Parse RFC 3339 (any offset; converted to UTC, truncated to the millisecond).
    pub fn parse(text: &str) -> Option<Timestamp> {
        let t = OffsetDateTime::parse(text.trim(), &Rfc3339).ok()?;
        Some(Timestamp::from_unix_millis(
            (t.unix_timestamp_nanos() / 1_000_000) as i64,
        ))
    }

    /// The date only: `2026-11-23`.
    pub fn date(self) -> String {
        let d = self.0.date();
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }

    /// Date and time to the minute, for lists: `2026-11-23 10:58`.
    pub fn short(self) -> String {
        format!(
            "{} {:02}:{:02}",
            self.date(),
            self.0.hour(),
            self.0.minute()
        )
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        write!(
            f,
            "{}T{:02}:{:02}:{:02}.{:03}Z",
            self.date(),
            t.hour(),
            t.minute(),
            t.second(),
            t.millisecond()
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 time: {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_rfc3339() {
        let t = Timestamp::from_unix_millis(1_795_000_000_123);
        let text = t.to_string();
        assert_eq!(text, "2026-11-18T11:06:40.123Z");
        assert_eq!(Timestamp::parse(&text), Some(t));
    }

    #[test]
    fn parses_other_offsets_as_utc() {
        let t = Timestamp::parse("2026-11-18T13:06:40+02:00");
        assert_eq!(
            t.map(|t| t.to_string()).as_deref(),
            Some("2026-11-18T11:06:40.000Z")
        );
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(Timestamp::parse("yesterday"), None);
        assert!(serde_json::from_str::<Timestamp>("\"2026-13-01\"").is_err());
    }

    #[test]
    fn next_is_later() {
        let t = Timestamp::now();
        assert!(t.next() > t);
    }
}
