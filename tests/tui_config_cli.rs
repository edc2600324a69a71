//! `cables config --path` and `--print-default`, and the TUI's refusal without a terminal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod sandbox;

use assert_cmd::Command;
use predicates::prelude::*;

fn cables() -> Command {
    let mut cmd = sandbox::cables();
    cmd.env("CABLES_CONFIG_DIR", "/nonexistent/cables-test-config");
    cmd
}

#[test]
fn config_path_names_the_file() {
    cables()
        .args(["config", "--path"])
        .assert()
        .success()
        .stdout("/nonexistent/cables-test-config/config.toml\n");
}

#[test]
fn print_default_is_a_valid_config() {
    let out = cables()
        .args(["config", "--print-default"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("theme = \"ansi\""));
    let parsed = cables::tui::config::Config::parse(std::path::Path::new("default"), &text);
    assert!(parsed.is_ok(), "{parsed:?}");
}

#[test]
fn a_bad_config_file_is_named() {
    let dir = tempfile::tempdir().expect("a temp folder");
    std::fs::write(dir.path().join("config.toml"), "mouse = \"yes\"\n").ok();
    cables()
        .env("CABLES_CONFIG_DIR", dir.path())
        .arg("config")
        .assert()
        .failure()
        .stderr(predicate::str::contains("config.toml"));
}

#[test]
fn without_a_terminal_the_tui_points_to_list_and_show() {
    cables()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cables list"));
}

/// `cables config` with this `config.toml`: (exit code, stderr).
fn check_config(text: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("config.toml"), text).expect("write");
    let out = cables()
        .env("CABLES_CONFIG_DIR", dir.path())
        .arg("config")
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn config_names_an_unknown_theme_or_colour_depth() {
    let (code, err) = check_config("theme = \"nosuch\"\n");
    assert_ne!(code, Some(0), "{err}");
    assert!(err.contains("theme") && err.contains("nosuch"), "{err}");
    assert!(!err.contains("valid"), "{err}");
    let (code, err) = check_config("color = \"purple\"\n");
    assert_ne!(code, Some(0), "{err}");
    assert!(err.contains("color") && err.contains("purple"), "{err}");
    let (code, err) = check_config("theme = \"dark\"\ncolor = \"16\"\n");
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("the file is valid"), "{err}");
}

#[test]
fn config_names_a_bad_colour_in_a_user_theme() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("themes")).expect("mkdir");
    std::fs::write(
        dir.path().join("themes/mine.toml"),
        "[tag]\nfg = \"purplish\"\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("config.toml"), "theme = \"mine\"\n").expect("write");
    let out = cables()
        .env("CABLES_CONFIG_DIR", dir.path())
        .arg("config")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("purplish"), "{err}");
}
