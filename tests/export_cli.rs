//! `cables export`, `cables list` with filters and sorting, and `cables show` of several ids,
//! on the demo archive: what a researcher scripts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod sandbox;

use predicates::prelude::*;
use sandbox::cables;

fn stdout_of(args: &[&str]) -> String {
    let out = cables().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The id column of `cables list`'s table.
fn ids(listing: &str) -> Vec<String> {
    listing
        .lines()
        .filter_map(|l| l.get(12..).and_then(|rest| rest.split_whitespace().next()))
        .map(String::from)
        .collect()
}

#[test]
fn list_takes_the_filter_language_and_a_sort() {
    let listing = stdout_of(&["list", "tag:KTIP", "year:2009..2010", "--sort", "date"]);
    assert_eq!(
        ids(&listing),
        ["09STATE60639", "09DUSHANBE1319", "10DUSHANBE170"]
    );
    let reversed = stdout_of(&["list", "--sort", "date", "--reverse", "--limit", "2"]);
    assert_eq!(ids(&reversed), ["10DUSHANBE170", "09DUSHANBE1319"]);
    // `--limit 0` is every cable, as in `search`, not none.
    assert_eq!(ids(&stdout_of(&["list", "--limit", "0"])).len(), 5);
    let exported = stdout_of(&["export", "--format", "jsonl", "--limit", "0"]);
    assert_eq!(exported.lines().count(), 5);
    // A bare word is a tag, as in the filter bar.
    let bare = stdout_of(&["list", "elab"]);
    assert_eq!(ids(&bare), ["09STATE60639"]);
}

#[test]
fn list_names_an_unknown_filter_field_and_exits_2() {
    cables()
        .args(["list", "colour:red"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown filter field `colour`"));
}

#[test]
fn show_prints_several_cables_and_names_the_missing_one() {
    let out = cables()
        .args(["show", "09STATE60639", "NOSUCH1", "10DUSHANBE170"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let first = text.find("Id:             09STATE60639");
    let second = text.find("Id:             10DUSHANBE170");
    assert!(first.is_some() && second > first, "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no cable with id NOSUCH1"));
    // JSON: one cable a line when several are asked for.
    let json = stdout_of(&["show", "--json", "09STATE60639", "10DUSHANBE170"]);
    let ids: Vec<String> = json
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            v["id"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    assert_eq!(ids, ["09STATE60639", "10DUSHANBE170"]);
}

#[test]
fn export_json_lines_carry_every_field_and_the_citation() {
    let text = stdout_of(&["export", "tag:KTIP", "--order", "oldest"]);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let ids: Vec<&str> = lines.iter().filter_map(|v| v["id"].as_str()).collect();
    assert_eq!(ids, ["09STATE60639", "09DUSHANBE1319", "10DUSHANBE170"]);
    let first = &lines[1];
    for field in [
        "subject",
        "tags",
        "references",
        "paragraphs",
        "signer",
        "source",
    ] {
        assert!(first.get(field).is_some(), "{field} missing: {first}");
    }
    assert_eq!(
        first["citation"],
        "Cable 09DUSHANBE1319, Embassy Dushanbe to Secretary of State, \
         \"TAJIK TIP COMMISSION: EVOLVING DESPITE A SOVIET DINOSAUR\", 24 November 2009 \
         (archive: demo)"
    );
    assert!(
        first["bibtex"]
            .as_str()
            .is_some_and(|b| b.starts_with("@misc{cable09DUSHANBE1319,"))
    );
}

#[test]
fn export_csv_has_one_row_per_paragraph_with_its_citation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("out.csv");
    cables()
        .args(["export", "--format", "csv", "-o"])
        .arg(&path)
        .arg("Djurakulov")
        .assert()
        .success()
        .stderr(predicate::str::contains("1 cables exported"));
    let mut reader = csv::Reader::from_path(&path).expect("a CSV file");
    let header = reader.headers().expect("header").clone();
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    // 06DUSHANBE50 has 14 blocks: 11 numbered paragraphs and 3 headings.
    assert_eq!(rows.len(), 14);
    assert!(rows.iter().all(|r| &r[column("id")] == "06DUSHANBE50"));
    let fourth = &rows[3];
    assert_eq!(&fourth[column("label")], "3");
    assert!(fourth[column("text")].starts_with("The Tajik government understands"));
    assert!(fourth[column("citation")].ends_with(", ¶3 (archive: demo)"));
}

#[test]
fn export_markdown_quotes_paragraphs_with_labels() {
    let md = stdout_of(&["export", "--format", "md", "ref:10STATE2094"]);
    assert!(md.starts_with("# Cables from demo\n"), "{md}");
    assert!(md.contains("## 10DUSHANBE170: 2010 TRAFFICKING IN PERSONS REPORT FOR TAJIKISTAN"));
    assert!(md.contains("- **To**: Secretary of State"));
    assert!(md.contains("**¶1** (U) Enclosed is Embassy Dushanbe's submission"));
    assert!(md.contains("— Cable 10DUSHANBE170, Embassy Dushanbe to Secretary of State"));
}

#[test]
fn export_of_nothing_found_exits_1_and_writes_no_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("none.jsonl");
    cables()
        .args(["export", "zzqqxxnotaword", "-o"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no cable matches"));
    assert!(!path.exists());
}
