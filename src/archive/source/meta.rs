//! Metadata a source carries of its own (CSV columns, the site's table, JSON keys, a file
//! name), and how it is merged with what the parser read from the text.

use crate::cable::{Cable, CableDate, Classification};

/// What a source says about a cable, before the text is parsed. Empty fields say nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceMeta {
    /// The canonical reference id (`66BUENOSAIRES2481`).
    pub id: Option<String>,
    /// The date as written (`12/28/1966 18:48`, `2005-12-08 15:03`, `2008-11-19 06:06:00`).
    pub date: Option<String>,
    /// The classification as written (`SECRET//NOFORN`, `UNCLASSIFIED//FOUO`).
    pub classification: Option<String>,
    /// The origin in the site's form (`Embassy Tehran`).
    pub origin: Option<String>,
    /// The subject, where the source has one (JSONP).
    pub subject: Option<String>,
    /// When the copy was released (`2011-01-21 16:04`), where the source tells it: a site
    /// page's `Released` column (the first release's template: its date), a cables.csv row.
    pub released: Option<String>,
}

/// True for a reference id such as `06NEWDELHI5135` or `STATE123`: optional two-digit year,
/// letters, then digits.
pub fn looks_like_id(s: &str) -> bool {
    let rest = s.trim_start_matches(|c: char| c.is_ascii_digit());
    let letters = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let digits_at_end = !letters.is_empty() && letters.chars().all(|c| c.is_ascii_digit());
    s.len() - rest.len() <= 4 && rest.len() > letters.len() && digits_at_end
}

/// Drop a source id that does not follow the id grammar ([`crate::cable::ids::id_problem`]):
/// `Some(reason)` says why, for a warning naming the file and row. The text's own id stands.
pub fn reject_bad_id(meta: &mut SourceMeta) -> Option<String> {
    let id = meta.id.as_deref()?.trim();
    let problem = crate::cable::ids::id_problem(id)?;
    let reason = format!(
        "the source's id \"{}\" was rejected ({problem}); the id is read from the text",
        crate::cable::ids::shown(id)
    );
    meta.id = None;
    Some(reason)
}

/// A release date as `yyyymmdd` (`2011-01-21 16:04` -> 20110121), 0 when it cannot be read.
pub fn release_day(released: Option<&str>) -> u32 {
    let Some(s) = released.map(str::trim) else {
        return 0;
    };
    let mut parts = s.get(..10).unwrap_or(s).split('-');
    let mut next = || parts.next().and_then(|p| p.parse::<u32>().ok());
    match (next(), next(), next()) {
        (Some(y), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
            y.min(9999) * 10_000 + m * 100 + d
        }
        _ => 0,
    }
}

/// Parse a source's date: `12/28/1966 18:48`, `2005-12-08 15:03`, `2008-11-19 06:06:00`.
pub fn parse_date(s: &str) -> Option<CableDate> {
    let s = s.trim();
    if let Some(d) = CableDate::parse_iso(s) {
        return Some(d);
    }
    if let Some(d) = s.get(..16).and_then(CableDate::parse_iso) {
        return Some(d);
    }
    let (date, time) = s.split_once(' ').unwrap_or((s, "0:0"));
    let mut dp = date.split('/');
    let month: u8 = dp.next()?.parse().ok()?;
    let day: u8 = dp.next()?.parse().ok()?;
    let year: u16 = dp.next()?.parse().ok()?;
    let mut tp = time.split(':');
    let hour: u8 = tp.next()?.parse().ok()?;
    let minute: u8 = tp.next()?.parse().ok()?;
    CableDate::parse_iso(&format!(
        "{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}"
    ))
}

/// Caveats named in a source's classification (`SECRET//NOFORN` -> `NOFORN`).
fn caveats_of(classification: &str) -> Vec<String> {
    let upper = classification.to_ascii_uppercase();
    let mut out = Vec::new();
    if upper.contains("NOFORN") {
        out.push("NOFORN".to_string());
    }
    if upper.contains("FOUO") {
        out.push("FOUO".to_string());
    }
    out
}

/// Merge what the source says into the parsed cable. The source's id, origin and
/// classification win (they are the archive's own record); the parser's date wins when it
/// falls on the same day (the site's minutes are sometimes wrong). Disagreements on the id
/// are recorded in `cable.warnings`.
pub fn apply(cable: &mut Cable, meta: &SourceMeta) {
    if let Some(id) = meta
        .id
        .as_deref()
        .map(str::trim)
        .filter(|s| crate::cable::ids::is_valid_id(s))
    {
        // Takes the year from the source and notes a disagreement in `cable.warnings`.
        cable.apply_id_hint(id);
        cable.id = crate::cable::ids::repair_id(id).to_string();
    }
    if let Some(date) = meta.date.as_deref().and_then(parse_date) {
        let same_day = cable
            .date
            .is_some_and(|d| (d.year, d.month, d.day) == (date.year, date.month, date.day));
        if !same_day {
            cable.date = Some(date);
        }
    }
    if let Some(class) = meta.classification.as_deref() {
        if let Some(level) = Classification::from_name(class) {
            cable.classification = level;
        }
        for caveat in caveats_of(class) {
            if !cable.caveats.contains(&caveat) {
                cable.caveats.push(caveat);
            }
        }
    }
    if let Some(origin) = meta
        .origin
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        cable.origin = crate::cable::sanitize::sanitize(origin).into_owned();
    }
    if cable.subject.is_empty()
        && let Some(subject) = meta.subject.as_deref()
    {
        cable.subject = crate::cable::sanitize::sanitize(subject.trim()).into_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_days() {
        assert_eq!(release_day(Some("2011-01-21 16:04")), 20110121);
        assert_eq!(release_day(Some("2010-11-28")), 20101128);
        for bad in [
            None,
            Some(""),
            Some("soon"),
            Some("2011-13-01"),
            Some("2011-1"),
        ] {
            assert_eq!(release_day(bad), 0, "{bad:?}");
        }
    }

    #[test]
    fn ids() {
        assert!(looks_like_id("06NEWDELHI5135"));
        assert!(looks_like_id("STATE123"));
        assert!(!looks_like_id("notes"));
        assert!(!looks_like_id("12345"));
        assert!(!looks_like_id("cable-1"));
    }

    #[test]
    fn dates() {
        let d = parse_date("12/28/1966 18:48").expect("us date");
        assert_eq!(d.to_string(), "1966-12-28T18:48Z");
        let d = parse_date("2008-11-19 06:06:00").expect("with seconds");
        assert_eq!(d.to_string(), "2008-11-19T06:06Z");
        assert!(parse_date("13/45/2000 1:1").is_none());
        assert!(parse_date("").is_none());
    }

    #[test]
    fn source_wins_and_mismatch_is_noted() {
        let mut cable = Cable {
            id: "09X1".into(),
            ..Cable::default()
        };
        apply(
            &mut cable,
            &SourceMeta {
                id: Some("09ANKARA71".into()),
                classification: Some("SECRET//NOFORN".into()),
                origin: Some("Embassy Ankara".into()),
                date: Some("2009-01-15 11:11".into()),
                subject: None,
                released: None,
            },
        );
        assert_eq!(cable.id, "09ANKARA71");
        assert_eq!(cable.classification, Classification::Secret);
        assert_eq!(cable.caveats, vec!["NOFORN".to_string()]);
        assert_eq!(cable.origin, "Embassy Ankara");
        assert_eq!(cable.warnings.len(), 1);
    }
}
