//! Lines that are page furniture, not text: page-break lines and repeated classification
//! banners. Each rule tests a cheap byte precondition before it splits words.

/// A page-break line: `DUSHANBE 00001319 001.2 OF 002`, `CARACAS 00002200 002 OF 002`,
/// `PAGE 02 HARARE 06677 01 OF 03 291400Z`.
pub fn is_page_break(t: &str) -> bool {
    if let Some(rest) = t.strip_prefix("PAGE ") {
        return rest
            .trim_start()
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit());
    }
    let b = t.as_bytes();
    if b.len() > 60 {
        return false;
    }
    // The first word is upper case: a line starting otherwise (after no space) is not one.
    if let Some(&first) = b.first()
        && first.is_ascii()
        && !first.is_ascii_whitespace()
        && !(first.is_ascii_uppercase() || first == b'\'' || first == b'-')
    {
        return false;
    }
    // The serial has five digits or more; then ` OF `.
    if !has_digit_run(b, 5) || !has_of(b) {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let Some(of) = words.iter().position(|w| *w == "OF") else {
        return false;
    };
    if of < 3 || of + 1 >= words.len() || !words[of + 1].bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let page = words[of - 1];
    let serial = words[of - 2];
    page.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && serial.len() >= 5
        && serial.bytes().all(|b| b.is_ascii_digit())
        && words[..of - 2].iter().all(|w| {
            w.bytes()
                .all(|b| b.is_ascii_uppercase() || b == b'\'' || b == b'-')
        })
}

/// `b` holds `n` (> 0) ASCII digits in a row. Such a run covers one of the bytes
/// `n - 1`, `2n - 1`, ...: only those are probed, and the run is measured around a digit.
fn has_digit_run(b: &[u8], n: usize) -> bool {
    let digit = |c: &&u8| c.is_ascii_digit();
    let mut i = n.saturating_sub(1);
    while let Some(c) = b.get(i) {
        if c.is_ascii_digit() {
            let left = b[..i].iter().rev().take_while(digit).count();
            let right = b[i + 1..].iter().take_while(digit).count();
            if left + 1 + right >= n {
                return true;
            }
        }
        i += n.max(1);
    }
    false
}

/// `b` holds ` OF `.
fn has_of(b: &[u8]) -> bool {
    memchr::memchr_iter(b'O', b).any(|i| {
        i > 0 && b[i - 1] == b' ' && b.get(i + 1) == Some(&b'F') && b.get(i + 2) == Some(&b' ')
    })
}

/// A classification banner repeated alone on a line (`CONFIDENTIAL`, `SECRET//NOFORN`).
pub fn is_banner(t: &str) -> bool {
    // Every banner starts with one of these letters (a cheap test before the trims).
    if t.len() > 60 || !matches!(t.as_bytes().first(), Some(b'U' | b'C' | b'S' | b'L')) {
        return false;
    }
    let u = t.trim_end_matches(['/', ' ']);
    let head = u.find('/').map_or(u, |i| &u[..i]);
    matches!(
        head,
        "UNCLASSIFIED" | "CONFIDENTIAL" | "SECRET" | "LIMITED OFFICIAL USE" | "UNCLAS"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_runs_are_found_wherever_they_stand() {
        for s in ["", "1234", "a1234b", "12 345", "1234 5678", "x1234"] {
            assert!(!has_digit_run(s.as_bytes(), 5), "{s}");
        }
        for s in ["12345", "a12345", "ab 001319", "0000123", "x 1 123456789"] {
            assert!(has_digit_run(s.as_bytes(), 5), "{s}");
        }
    }

    #[test]
    fn recognises_page_breaks() {
        assert!(is_page_break("DUSHANBE 00001319 001.2 OF 002"));
        assert!(is_page_break("STATE 00060639 002 OF 005"));
        assert!(is_page_break("PAGE 02 HARARE 06677 01 OF 03 291400Z"));
        assert!(!is_page_break("UNCLAS SECTION 01 OF 02 DUSHANBE 001319"));
        assert!(!is_page_break("One of Djurakulov's goals"));
    }

    #[test]
    fn recognises_banners() {
        assert!(is_banner("CONFIDENTIAL"));
        assert!(is_banner("SECRET//NOFORN"));
        assert!(is_banner("UNCLASSIFIED /"));
        assert!(!is_banner("Confidential sources said"));
        assert!(!is_banner("SECRETARY RICE"));
    }
}
