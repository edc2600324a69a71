//! `cables search` on the demo archive: limits, queries that start with `-`, exit codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

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
    // `-afghanistan` (not `-a fghanistan`): the cables without the word, each once (a query
    // of exclusions alone is a filter); one demo cable mentions Afghanistan.
    let (lines, code, err) = search(&["-afghanistan", "--limit", "20"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(ids(&lines).len(), 4, "{lines:?}");
    let (mentions, _, _) = search(&["afghanistan"]);
    assert_eq!(ids(&mentions).len(), 1, "{mentions:?}");
    assert!(!ids(&lines).contains(&ids(&mentions)[0]), "{lines:?}");
    // An exclusion first, then a word, as one argument.
    let (lines, code, err) = search(&["-afghanistan tajikistan"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!lines.is_empty());
    let (both, _, _) = search(&["afghanistan tajikistan"]);
    for id in ids(&both) {
        assert!(!ids(&lines).contains(&id), "{id}, excluded, in {lines:?}");
    }
    // Every cable with the word is one or the other.
    let (all, _, _) = search(&["tajikistan"]);
    assert_eq!(ids(&all).len(), ids(&lines).len() + ids(&both).len());
}

#[test]
fn no_hit_a_bad_query_and_an_unknown_field_have_distinct_exit_codes() {
    let (lines, code, _) = search(&["zanzibar"]);
    assert!(lines.is_empty());
    assert_eq!(code, Some(1), "no hit");
    let (_, code, err) = search(&["year:abc"]);
    assert_eq!(code, Some(2), "bad query: {err}");
    assert!(err.contains("year") && err.contains("abc"), "{err}");
    let (_, code, err) = search(&["foo:bar opium"]);
    assert_eq!(code, Some(2), "unknown field: {err}");
    assert!(err.contains("unknown field `foo`"), "{err}");
}

/// `cables -a PATH list` on something that is not an archive: (exit code, stderr, stdout).
fn list_of(path: &std::path::Path) -> (Option<i32>, String, String) {
    let out = cables()
        .env("RUST_BACKTRACE", "1")
        .arg("-a")
        .arg(path)
        .arg("list")
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_path_that_is_not_an_archive_fails_and_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let passwd = dir.path().join("passwd");
    std::fs::write(&passwd, "root:x:0:0:root:/root:/bin/bash\n").expect("write");
    let (code, err, out) = list_of(&passwd);
    assert_eq!(code, Some(3), "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("not an archive") && err.contains("passwd"),
        "{err}"
    );
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    let (code, err, _) = list_of(&empty);
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains("not an archive") && err.contains("no cable"),
        "{err}"
    );
}

#[test]
fn an_ordinary_error_is_one_line_without_stack_frames() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("no-such-folder");
    let (code, err, _) = list_of(&missing);
    assert_eq!(code, Some(3), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(!err.to_lowercase().contains("backtrace"), "{err}");
    let name = missing.display().to_string();
    assert_eq!(err.matches(&name).count(), 1, "the path said once: {err}");
}

/// A folder of `cables` texts of `paragraphs` numbered paragraphs each, every one holding
/// `needle`.
fn needles(dir: &std::path::Path, cables: usize, paragraphs: usize) {
    for c in 0..cables {
        let body: String = (1..=paragraphs)
            .map(|p| format!("{p}. The needle number {p} of cable {c}.\n\n"))
            .collect();
        let text = format!("UNCLASSIFIED\nSUBJECT: HAYSTACK {c}\nTAGS: PGOV\n\n{body}");
        std::fs::write(dir.join(format!("09HAYSTACK{}.txt", c + 1)), text).expect("writes");
    }
}

#[test]
fn no_silent_cap_on_the_number_of_hits() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 10,200 cables with the word: more than one page of the index (10,000).
    needles(dir.path(), 10_200, 1);
    let run = |limit: &str| {
        let out = cables()
            .arg("-a")
            .arg(dir.path())
            .args(["search", "needle", "--limit", limit])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).lines().count()
    };
    assert_eq!(run("0"), 10_200, "--limit 0 gives every hit");
    assert_eq!(run("10050"), 10_050);
    assert_eq!(run("7"), 7);
}
