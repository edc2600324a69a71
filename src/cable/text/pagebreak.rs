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

/// A line with a page-break marker inside it, cut out: texts that lost the line break before
/// the marker (`... if the US or Israel BAKU 00001835 002.2 OF 003 increase the pressure`).
/// The marker is an eight-digit serial, a page, `OF`, a page count, after the origin's words:
/// those are the tail of `origin` (the classification line's), or, in mixed-case text, the
/// capitalised words before the serial (three at most). `None` when the line holds none.
pub fn cut_inline(line: &str, origin_line: &str) -> Option<String> {
    let b = line.as_bytes();
    if !has_digit_run(b, 8) || !has_of(b) {
        return None;
    }
    let words: Vec<(usize, &str)> = word_spans(line);
    let digits = |w: &str, n: usize| w.len() == n && w.bytes().all(|c| c.is_ascii_digit());
    let page = |w: &str| {
        let (n, sub) = w.split_once('.').unwrap_or((w, "1"));
        digits(n, 3) && !sub.is_empty() && sub.bytes().all(|c| c.is_ascii_digit())
    };
    let at = (0..words.len().saturating_sub(3)).find(|&i| {
        digits(words[i].1, 8) && page(words[i + 1].1) && words[i + 2].1 == "OF" && {
            let count = words[i + 3].1;
            digits(count.trim_end_matches(|c: char| !c.is_ascii_digit()), 3)
        }
    })?;
    let caps = |w: &str| {
        w.bytes()
            .all(|c| c.is_ascii_uppercase() || c == b'\'' || c == b'-')
    };
    let run = words[..at]
        .iter()
        .rev()
        .take_while(|(_, w)| caps(w))
        .count();
    let origin: Vec<&str> = origin_line.split_whitespace().collect();
    let from_origin = (1..=run.min(origin.len()))
        .rev()
        .find(|&n| {
            words[at - n..at]
                .iter()
                .map(|(_, w)| *w)
                .eq(origin[origin.len() - n..].iter().copied())
        })
        .unwrap_or(0);
    // Mixed-case text around the marker: the word before the capitals, or at the line's
    // start the word after the marker.
    let lower = |w: &str| w.bytes().any(|c| c.is_ascii_lowercase());
    let mixed_before = match at.checked_sub(run + 1) {
        Some(i) => lower(words[i].1),
        None => words.get(at + 4).is_some_and(|(_, w)| lower(w)),
    };
    let take = if from_origin > 0 {
        from_origin
    } else if mixed_before {
        run.min(3)
    } else {
        0
    };
    let mut start = words[at - take].0;
    if take == 0
        && let Some(&(prev_at, prev)) = words.get(at.wrapping_sub(1))
    {
        // `a living.ASHGABAT 00001182 ...`: the origin glued to the word before.
        let tail = prev.len()
            - prev
                .trim_end_matches(|c: char| c.is_ascii_uppercase())
                .len();
        let before = prev[..prev.len() - tail].chars().next_back();
        if tail >= 3 && before.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_punctuation()) {
            start = prev_at + prev.len() - tail;
        }
    }
    let (last_at, last) = words[at + 3];
    let count_end = last_at + last.trim_end_matches(|c: char| !c.is_ascii_digit()).len();
    let mut out = String::with_capacity(line.len());
    out.push_str(line[..start].trim_end());
    let rest = line[count_end..].trim_start();
    if !out.is_empty() && !rest.is_empty() {
        out.push(' ');
    }
    out.push_str(rest);
    // A second marker on the same line.
    Some(match cut_inline(&out, origin_line) {
        Some(again) if again.len() < out.len() => again,
        _ => out,
    })
}

/// The words of `line` with their byte offsets.
fn word_spans(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &line[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out
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

/// A record dump's end banner: `=======CABLE ENDS=======` (also `CABLE BEGINS`).
pub fn is_end_banner(t: &str) -> bool {
    t.starts_with("===")
        && matches!(
            t.trim_matches(|c: char| c == '=' || c.is_whitespace()),
            "CABLE ENDS" | "CABLE BEGINS"
        )
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
    fn cuts_markers_inside_a_line() {
        let cut = |l: &str, o: &str| cut_inline(l, o);
        assert_eq!(
            cut(
                "if the US or Israel BAKU 00001835 002.2 OF 003 increase the",
                "BAKU"
            )
            .as_deref(),
            Some("if the US or Israel increase the")
        );
        // The marker repeats the tail of the origin; mixed-case text without an origin.
        assert_eq!(
            cut("the man RPO DUBAI 00000023 002.2 OF 002", "IRAN RPO DUBAI").as_deref(),
            Some("the man")
        );
        assert_eq!(
            cut("financing BRASILIA 00000043 002 OF 004 activity", "").as_deref(),
            Some("financing activity")
        );
        // All capitals: only the origin's words go.
        assert_eq!(
            cut("THE SHAH SAID TEHRAN 00002077 002 OF 003 THAT", "TEHRAN").as_deref(),
            Some("THE SHAH SAID THAT")
        );
        assert_eq!(
            cut("THE SHAH SAID TEHRAN 00002077 002 OF 003 THAT", "").as_deref(),
            Some("THE SHAH SAID TEHRAN THAT")
        );
        assert_eq!(
            cut("make a living.ASHGABAT 00001182 002.2 OF 003 THE", "").as_deref(),
            Some("make a living. THE")
        );
        assert_eq!(cut("votes 12345678 were cast, one OF them", "X"), None);
        assert_eq!(
            cut("UNCLAS SECTION 01 OF 02 DUSHANBE 001319", "DUSHANBE"),
            None
        );
    }

    #[test]
    fn recognises_end_banners() {
        assert!(is_end_banner(
            "=======================CABLE ENDS============================"
        ));
        assert!(!is_end_banner("==========="));
        assert!(!is_end_banner("CABLE ENDS here"));
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
