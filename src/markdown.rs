//! Markdown escaping, so cable text renders as written in exports (bookmarks, `cables export`).

/// Escape Markdown's inline syntax so cable text renders as written.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape a paragraph quoted as one block: inline syntax, and a start that would read as a
/// heading, list item or rule (`5. (C) ...`, `- ...`, `# ...`).
pub fn escape_block(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let escaped = escape_inline(&text);
    let digits = escaped.chars().take_while(char::is_ascii_digit).count();
    let after = escaped.get(digits..digits + 1);
    if digits > 0 && matches!(after, Some(".") | Some(")")) {
        return format!("{}\\{}", &escaped[..digits], &escaped[digits..]);
    }
    if escaped.starts_with(['#', '-', '+', '=']) {
        return format!("\\{escaped}");
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_start_that_reads_as_markdown_is_escaped() {
        assert_eq!(escape_block("5. (C) The"), "5\\. (C) The");
        assert_eq!(escape_block("- item"), "\\- item");
        assert_eq!(escape_block("a *b* <c>"), "a \\*b\\* \\<c\\>");
        assert_eq!(escape_block("line\none"), "line one");
    }
}
