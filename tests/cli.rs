//! Integration tests of the command-line interface.

mod sandbox;

use predicates::prelude::*;
use sandbox::cables;

#[test]
fn list_shows_the_five_demo_cables() {
    let out = cables().args(["list", "--json"]).output().expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(text.lines().count(), 5);
}

#[test]
fn tui_refuses_a_pipe() {
    cables()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a terminal"));
}
