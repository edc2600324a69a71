//! Repairs of cable ids as sources write them.

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
    use super::repair_id;

    #[test]
    fn a_doubled_year_is_dropped_once() {
        assert_eq!(repair_id("7575LIBREVILLE1895"), "75LIBREVILLE1895");
        assert_eq!(repair_id("75LIBREVILLE1895"), "75LIBREVILLE1895");
        assert_eq!(repair_id("7576LIBREVILLE1895"), "7576LIBREVILLE1895");
        assert_eq!(repair_id("0909"), "0909");
        assert_eq!(repair_id(""), "");
    }
}
