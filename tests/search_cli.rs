//! `cables search` on the demo archive: limits, queries that start with `-`.

mod sandbox;

use sandbox::cables;

/// The lines `cables search ARGS` prints, and its exit code.
fn search(args: &[&str]) -> (Vec<String>, Option<i32>, String) {
    let out = cables().arg("search").args(args).output().expect("runs");
    let lines = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (lines, out.status.code(), err)
}

fn ids(lines: &[String]) -> Vec<&str> {
    lines
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect()
}

#[test]
fn filters_alone_give_as_many_cables_as_the_limit_allows() {
    // Four demo cables come from Embassy Dushanbe.
    for limit in 1..=5usize {
        let (lines, code, err) = search(&["origin:dushanbe", "--limit", &limit.to_string()]);
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(lines.len(), limit.min(4), "--limit {limit}: {lines:?}");
        let mut seen = ids(&lines);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), lines.len(), "each cable once: {lines:?}");
    }
}

#[test]
fn a_query_may_start_with_a_hyphen() {
    // `-afghanistan` (not `-a fghanistan`): the paragraphs without the word, so every
    // demo cable once (a query of exclusions alone is a filter).
    let (lines, code, err) = search(&["-afghanistan", "--limit", "20"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(ids(&lines).len(), 5, "{lines:?}");
    // An exclusion first, then a word, as one argument.
    let (lines, code, err) = search(&["-tip dushanbe"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!lines.is_empty());
    for line in &lines {
        assert!(
            !line.to_lowercase().contains(" tip "),
            "an excluded word in {line}"
        );
    }
}
