//! `cables search` and `cables index` through the binary.

mod sandbox;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn cables(cache: &Path) -> Command {
    let mut cmd = sandbox::cables();
    cmd.arg("--cache-dir")
        .arg(cache)
        .arg("-a")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/mixed"));
    cmd
}

#[test]
fn index_reports_cables_and_warnings() {
    let cache = tempfile::tempdir().expect("tempdir");
    cables(cache.path())
        .arg("index")
        .assert()
        .success()
        .stdout(predicate::str::contains("7 cables"))
        .stderr(predicate::str::contains("blob.bin"));
}

#[test]
fn search_prints_id_label_snippet() {
    let cache = tempfile::tempdir().expect("tempdir");
    cables(cache.path())
        .args(["search", "manifesto"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("85BEIRUT1351 ¶"))
        .stdout(predicate::str::contains("MANIFESTO"));
}

#[test]
fn search_json_has_the_documented_keys() {
    let cache = tempfile::tempdir().expect("tempdir");
    let out = cables(cache.path())
        .args(["search", "opium", "--json", "--limit", "1"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(text.lines().count(), 1);
    let hit: serde_json::Value = serde_json::from_str(text.trim()).expect("json");
    for key in ["id", "paragraph", "label", "score", "snippet"] {
        assert!(hit.get(key).is_some(), "{key} in {hit}");
    }
}

#[test]
fn no_hit_exits_1_and_a_bad_query_is_named() {
    let cache = tempfile::tempdir().expect("tempdir");
    cables(cache.path())
        .args(["search", "zanzibar"])
        .assert()
        .code(1);
    cables(cache.path())
        .args(["search", "year:someday"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("year"));
}

#[test]
fn show_raw_prints_the_source_text_as_read() {
    // A JSONP item: `--raw` gives its `text` field as the parser got it (the glued
    // `MOSCOW 003343SUBJECT:` and `¶1.` unrepaired), not the reflowed cable.
    let cache = tempfile::tempdir().expect("tempdir");
    cables(cache.path())
        .args(["show", "08MOSCOW3343", "--raw"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "C O N F I D E N T I A L MOSCOW 003343SUBJECT: MEDVEDEV",
        ))
        .stdout(predicate::str::contains("Id:").not());
    cables(cache.path())
        .args(["show", "08MOSCOW3343", "--raw", "--json"])
        .assert()
        .failure();
}
