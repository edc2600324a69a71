//! A hostile archive (escape sequences, OSC, BEL, C1 and bidi controls, raw and as HTML or
//! JSON escapes, in texts, ids, origins and file names) through every output of the binary:
//! nothing it writes to stdout or stderr may hold a byte that acts on a terminal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod hostile_common;

use assert_cmd::Command;
use hostile_common::{first_unsafe, write_archive};
use std::path::Path;

struct Run {
    _data: tempfile::TempDir,
    cache: tempfile::TempDir,
    data_dir: std::path::PathBuf,
    archive: std::path::PathBuf,
}

impl Run {
    fn new(archive: &Path) -> Run {
        let data = tempfile::tempdir().expect("tempdir");
        Run {
            data_dir: data.path().to_path_buf(),
            _data: data,
            cache: tempfile::tempdir().expect("tempdir"),
            archive: archive.to_path_buf(),
        }
    }

    fn cables(&self, args: &[&str]) -> (Vec<u8>, Vec<u8>, Option<i32>) {
        let mut cmd = Command::cargo_bin("cables").expect("binary builds");
        let out = cmd
            .env_remove("CABLES_ARCHIVE")
            .env("CABLES_DATA_DIR", &self.data_dir)
            .env("CABLES_CONFIG_DIR", &self.data_dir)
            .env("HOME", &self.data_dir)
            .env("COLUMNS", "80")
            .arg("--cache-dir")
            .arg(self.cache.path())
            .arg("-a")
            .arg(&self.archive)
            .args(args)
            .output()
            .expect("runs");
        (out.stdout, out.stderr, out.status.code())
    }

    /// Run `args` and fail naming the output stream when it holds anything unsafe.
    fn clean(&self, args: &[&str]) -> String {
        let (stdout, stderr, code) = self.cables(args);
        for (name, bytes) in [("stdout", &stdout), ("stderr", &stderr)] {
            if let Some((at, what)) = first_unsafe(bytes) {
                panic!(
                    "`cables {}` wrote an unsafe character to {name} at byte {at}: {what}",
                    args.join(" ")
                );
            }
        }
        assert_ne!(code, Some(101), "`cables {}` panicked", args.join(" "));
        String::from_utf8_lossy(&stdout).into_owned()
    }
}

#[test]
fn no_output_of_the_binary_carries_terminal_controls() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_archive(dir.path());
    let run = Run::new(dir.path());
    let indexed = run.clean(&["index"]);
    assert!(indexed.contains("cables"), "{indexed}");
    let listed = run.clean(&["list"]);
    // The four cables are listed, under ids that follow the id grammar.
    for id in [
        "09ANKARA71",
        "66BUENOSAIRES2481",
        // The rejected source ids leave the text's own ids, without a year.
        "ANKARA348",
        "DUSHANBE1319",
    ] {
        assert!(listed.contains(id), "{id} in {listed}");
    }
    let json = run.clean(&["list", "--json"]);
    for line in json.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        let id = v.get("id").and_then(|i| i.as_str()).unwrap_or_default();
        assert!(cables::cable::ids::is_valid_id(id), "{id:?}");
        // JSON escapes of controls count too: a reader decoding them gets the controls back.
        assert!(
            !line.contains("\\u001b") && !line.contains("\\u0007"),
            "{line}"
        );
    }
    for id in [
        "09ANKARA71",
        "66BUENOSAIRES2481",
        "ANKARA348",
        "DUSHANBE1319",
    ] {
        run.clean(&["show", id]);
        run.clean(&["show", id, "--raw"]);
        let json = run.clean(&["show", id, "--json"]);
        assert!(!json.contains("\\u001b"), "{json}");
    }
    for word in ["trafficking", "fishing", "erdogan", "commission", "pwned"] {
        run.clean(&["search", word]);
        run.clean(&["search", word, "--json"]);
    }
    run.clean(&[
        "bookmarks",
        "add",
        "09ANKARA71",
        "1",
        "--note",
        "see \u{1b}[2J",
    ]);
    run.clean(&["bookmarks", "list"]);
    run.clean(&["bookmarks", "export", "--format", "md"]);
    run.clean(&["bookmarks", "export", "--format", "json"]);
    // Every output added since: several ids at once, filters and sorts, every export format.
    run.clean(&["show", "09ANKARA71", "66BUENOSAIRES2481", "DUSHANBE1319"]);
    run.clean(&["show", "09ANKARA71", "ANKARA348", "--json"]);
    run.clean(&["list", "--sort", "origin", "--reverse"]);
    run.clean(&["list", "class:secret", "--json"]);
    for format in ["jsonl", "csv", "md"] {
        let out = run.clean(&["export", "--format", format]);
        assert!(out.contains("09ANKARA71"), "{format}: {out}");
        assert!(
            !out.contains("\\u001b") && !out.contains("\\u0007"),
            "{format}: {out}"
        );
        run.clean(&["export", "pwned", "--format", format]);
    }
}

#[test]
fn parse_prints_nothing_unsafe_from_any_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_archive(dir.path());
    let run = Run::new(dir.path());
    let mut files = 0;
    for entry in std::fs::read_dir(dir.path()).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            continue;
        }
        let shown = path.to_string_lossy().into_owned();
        run.clean(&["parse", &shown]);
        run.clean(&["parse", &shown, "--json"]);
        files += 1;
    }
    assert!(files >= 4, "{files} files");
    let page = dir.path().join("sub/page.html");
    run.clean(&["parse", &page.to_string_lossy()]);
}

#[test]
fn a_source_id_that_is_not_an_id_is_rejected_with_a_warning_naming_the_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_archive(dir.path());
    let run = Run::new(dir.path());
    let (_, stderr, _) = run.cables(&["index"]);
    let stderr = String::from_utf8_lossy(&stderr);
    assert!(
        stderr.contains("rows.csv#row1") && stderr.contains("was rejected"),
        "{stderr}"
    );
    assert!(
        stderr.contains("dump.json#line1") && stderr.contains("was rejected"),
        "{stderr}"
    );
    // The hostile file name is named, with its escape characters shown as escapes.
    assert!(stderr.contains("notes\\u{1b}[2J"), "{stderr}");
}
