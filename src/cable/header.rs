//! The cable's header: routing lines, date-time group, FM/TO/INFO, classification line,
//! TAGS, SUBJECT, REF. (Skeleton: the parser issue fills this in.)

use super::Cable;

/// Read the header fields of a sanitized cable text.
pub fn parse_header(text: &str) -> Cable {
    let subject = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("SUBJECT:"))
        .unwrap_or("")
        .trim()
        .to_string();
    Cable {
        subject,
        ..Cable::default()
    }
}
