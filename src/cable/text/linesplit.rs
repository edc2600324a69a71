//! Line splitting with one SIMD scan for the line ends (`memchr`), for the per-line passes of
//! the parser; the same pieces as `str::split('\n')` and `str::split_inclusive('\n')`.

/// `text.split('\n')`, with the line ends found by one SIMD scan of the whole text.
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .map(Some)
        .chain(std::iter::once(None))
        .map(move |end| {
            let from = start;
            let to = end.unwrap_or(text.len());
            start = to + 1;
            // `\n` is one byte: both ends are character boundaries.
            text.get(from..to).unwrap_or("")
        })
}

/// `text.split_inclusive('\n')`: each line with its `\n`, the last one without when the
/// text does not end with one (and no empty last line).
pub fn split_lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|i| i + 1)
        .chain(std::iter::once(text.len()))
        .filter_map(move |end| {
            let from = start;
            start = end;
            (end > from).then(|| text.get(from..end).unwrap_or(""))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_splits_agree_with_std() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "\n\nb\n\n",
            "é\n¶ x\n",
            "x\n\n",
        ] {
            let mine: Vec<&str> = split_lines(text).collect();
            let std: Vec<&str> = text.split('\n').collect();
            assert_eq!(mine, std, "{text:?}");
            let mine: Vec<&str> = split_lines_inclusive(text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(mine, std, "{text:?}");
        }
    }
}
