//! `cables config --path` and `--print-default`, and the TUI's refusal without a terminal.

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
    let Ok(dir) = tempfile::tempdir() else { return };
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
