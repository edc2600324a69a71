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

#[test]
fn parse_of_an_endless_input_stops_at_the_cap_with_a_message() {
    use std::io::Write;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cables"))
        .envs(sandbox::env())
        .args(["parse", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdin = child.stdin.take().expect("stdin");
    // Endless: written until the reader goes away (a broken pipe), at most 1 GB.
    let writer = std::thread::spawn(move || {
        let block = b"SUBJECT: MORE AND MORE TEXT WITHOUT END\n".repeat(1 << 12);
        let mut written = 0u64;
        while written < 1 << 30 && stdin.write_all(&block).is_ok() {
            written += block.len() as u64;
        }
        written
    });
    let out = child.wait_with_output().expect("ends");
    let written = writer.join().expect("writer");
    assert!(written < 1 << 30, "the input was read to the end");
    assert_eq!(out.status.code(), Some(3), "fails as an error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("standard input is larger than 64 MB"), "{err}");
    assert!(out.stdout.is_empty());
}
