//! Line-level repair of conversion artifacts: markdown links (`[PHUM](#)`, `[1](#)1.`),
//! LaTeX paragraph marks (`$\underline{\P}7.$`), `\$` escapes, `####` heading marks and
//! trailing spaces. The `¶` a converter turned into `[1](#)` or `$\underline{\P}` comes back
//! as `¶`, so the paragraph-label logic sees one form.

use std::borrow::Cow;

/// Clean one line (without its newline). Borrows when there is nothing to repair.
pub fn clean_line(line: &str) -> Cow<'_, str> {
    let trimmed = line.trim_end();
    let bytes = trimmed.as_bytes();
    if !needs_repair(bytes) {
        return Cow::Borrowed(trimmed);
    }
    let mut rest = trimmed;
    // `#### Heading` -> `Heading`
    let lead = rest.len() - rest.trim_start().len();
    let body = rest.trim_start();
    // What the line keeps before `rest`: its leading spaces, unless it is a heading.
    let mut kept_lead = "";
    if body.starts_with('#') {
        let hashes = body.bytes().take_while(|&b| b == b'#').count();
        if hashes <= 6 && body[hashes..].starts_with(' ') {
            rest = body[hashes..].trim_start();
        }
    } else {
        kept_lead = &rest[..lead];
        rest = body;
    }
    let next_mark = |s: &str| memchr::memchr3(b'[', b'\\', b'$', s.as_bytes());
    if next_mark(rest).is_none() {
        // Only a `#` (a heading mark, or one inside the line): a slice of the line.
        return Cow::Borrowed(if kept_lead.is_empty() { rest } else { trimmed });
    }
    let mut out = String::with_capacity(trimmed.len());
    out.push_str(kept_lead);
    while let Some(i) = next_mark(rest) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("[1](#)") {
            out.push('¶');
            rest = after;
        } else if let Some(after) = tail.strip_prefix('[') {
            match link_text(tail) {
                Some((text, len)) => {
                    out.push_str(text);
                    rest = tail.get(len..).unwrap_or("");
                }
                None => {
                    out.push('[');
                    rest = after;
                }
            }
        } else if let Some(after) = tail.strip_prefix("$\\underline{\\P}") {
            out.push('¶');
            // the closing `$` after the label (`7.$`)
            let label_len = after.find('$').filter(|&j| {
                j <= 6
                    && after[..j]
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'.')
            });
            match label_len {
                Some(j) => {
                    out.push_str(&after[..j]);
                    rest = &after[j + 1..];
                }
                None => rest = after,
            }
        } else if let Some(after) = tail.strip_prefix("\\$") {
            out.push('$');
            rest = after;
        } else {
            let c = tail.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &tail[c.len_utf8()..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The line holds `[`, `\\`, `$` or `#`: one branch-free pass (lines are short, so this beats
/// separate SIMD searches).
fn needs_repair(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |found, &b| {
        found | matches!(b, b'[' | b'\\' | b'$' | b'#')
    })
}

/// `[text](target)` at the start of `s`: the text and the length of the whole link.
fn link_text(s: &str) -> Option<(&str, usize)> {
    let close = s.find(']')?;
    let text = &s[1..close];
    if text.contains('[') || text.len() > 200 {
        return None;
    }
    let after = &s[close + 1..];
    if !after.starts_with('(') {
        return None;
    }
    let end = after.find(')')?;
    let target = &after[1..end];
    if target.contains(char::is_whitespace) {
        return None;
    }
    Some((text, close + 1 + end + 1))
}

#[cfg(test)]
mod tests {
    use super::clean_line;

    #[test]
    fn repairs_markdown_and_latex() {
        assert_eq!(clean_line("TAGS: [PHUM](#) [TI](#)  "), "TAGS: PHUM TI");
        assert_eq!(clean_line("[1](#)1. This"), "¶1. This");
        assert_eq!(clean_line(" $\\underline{\\P}7.$ The MOI"), " ¶7. The MOI");
        assert_eq!(clean_line("over \\$600,000"), "over $600,000");
        assert_eq!(clean_line("#### Prosecution"), "Prosecution");
        assert_eq!(
            clean_line("at [www.state.gov/g/tip](http://www.state.gov/g/tip) soon"),
            "at www.state.gov/g/tip soon"
        );
        assert_eq!(clean_line("a [b] c $ d \\ e"), "a [b] c $ d \\ e");
    }
}
