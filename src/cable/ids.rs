//! The grammar of a cable id, and repairs of cable ids as sources write them.

/// The longest id accepted (real ids are at most 24 characters: `00BANDARSERIBEGAWAN695`).
pub const MAX_ID_LEN: usize = 40;

/// Why a source's id is not an id, or `None` when it is one: 1 to [`MAX_ID_LEN`] characters,
/// ASCII letters and digits with `-`, `_`, `.` or `/` between them, and at least one letter
/// or digit. Nothing else (spaces, controls, other scripts) ever becomes an id.
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        return Some("it is empty");
    }
    if id.len() > MAX_ID_LEN {
        return Some("it is too long for a reference id");
    }
    if id.chars().any(|c| c.is_control()) {
        return Some("it holds control characters");
    }
    if id.chars().any(char::is_whitespace) {
        return Some("it holds spaces");
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
    {
        return Some("it holds characters no reference id has");
    }
    if !id.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return Some("it has no letter or digit");
    }
    None
}

/// True when `id` follows the id grammar of [`id_problem`].
pub fn is_valid_id(id: &str) -> bool {
    id_problem(id).is_none()
}

/// An id shown safely in a message: up to 48 characters, unsafe ones as escapes.
pub fn shown(id: &str) -> String {
    let cut: String = id.chars().take(48).collect();
    let more = if cut.len() < id.len() { "…" } else { "" };
    format!("{}{more}", super::sanitize::shown(&cut))
}

/// A source's id with a doubled year repaired: `7575LIBREVILLE1895` -> `75LIBREVILLE1895`
/// (the 2011 site pages name some 1970s cables so). Other ids come back as they are.
pub fn repair_id(id: &str) -> &str {
    let b = id.as_bytes();
    match b {
        [a, c, d, e, f, ..]
            if a.is_ascii_digit()
                && c.is_ascii_digit()
                && (a, c) == (d, e)
                && f.is_ascii_alphabetic() =>
        {
            id.get(2..).unwrap_or(id)
        }
        _ => id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_grammar() {
        for good in [
            "06NEWDELHI5135",
            "STATE123",
            "66X1",
            "00BANDARSERIBEGAWAN695",
            "P750001-1234",
        ] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in [
            "",
            "06ANKARA\u{1b}[2J1",
            "06ANKARA\u{9b}1",
            "06 ANKARA 1",
            "06ANKARA\u{202E}1",
            "---",
            "06ANKARAÜ1",
            &"9".repeat(41),
        ] {
            assert!(!is_valid_id(bad), "{bad:?}");
        }
        assert_eq!(shown("A\u{1b}[2JB"), "A\\u{1b}[2JB");
        assert_eq!(shown(&"x".repeat(60)).chars().count(), 49);
        assert_eq!(shown("ok"), "ok");
    }

    #[test]
    fn a_doubled_year_is_dropped_once() {
        assert_eq!(repair_id("7575LIBREVILLE1895"), "75LIBREVILLE1895");
        assert_eq!(repair_id("75LIBREVILLE1895"), "75LIBREVILLE1895");
        assert_eq!(repair_id("7576LIBREVILLE1895"), "7576LIBREVILLE1895");
        assert_eq!(repair_id("0909"), "0909");
        assert_eq!(repair_id(""), "");
    }
}
