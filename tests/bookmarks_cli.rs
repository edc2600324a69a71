//! `cables bookmarks ...` end to end, with a temporary data folder.
//!
//! Cable ids are taken from `cables list --json`, so the tests do not depend on the parser.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod sandbox;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn cables(data: &Path) -> Command {
    let mut cmd = sandbox::cables();
    cmd.env("CABLES_DATA_DIR", data).env("RUST_BACKTRACE", "0");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The first demo cable's id and the text of its first paragraph.
fn first_cable(data: &Path) -> (String, String) {
    let list = stdout(cables(data).args(["list", "--json"]));
    let first: serde_json::Value =
        serde_json::from_str(list.lines().next().expect("a cable")).expect("json");
    let id = first["id"].as_str().expect("id").to_string();
    let shown = stdout(cables(data).args(["show", &id, "--json"]));
    let cable: serde_json::Value = serde_json::from_str(&shown).expect("json");
    let text = cable["paragraphs"][0]["text"].as_str().expect("text");
    (id, text.to_string())
}

/// The files moved aside in `data`.
fn set_aside(data: &Path) -> Vec<std::fs::DirEntry> {
    std::fs::read_dir(data)
        .expect("lists")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
        .collect()
}

#[test]
fn add_list_note_export_remove() {
    let data = tempfile::tempdir().expect("tempdir");
    let (id, text) = first_cable(data.path());

    let new_id = stdout(cables(data.path()).args([
        "bookmarks",
        "add",
        &id,
        "#1",
        "--note",
        "for the intro",
    ]));
    let new_id = new_id.trim().to_string();
    assert!(!new_id.is_empty());

    let list = stdout(cables(data.path()).args(["bookmarks", "list"]));
    // The list names each bookmark by its short id: the start of the id's random part.
    let short = list.split_whitespace().next().unwrap_or("").to_string();
    let random = new_id.split_once('-').map_or("", |(_, random)| random);
    assert!(
        short.len() >= 4 && random.starts_with(&short),
        "{short} is not a short form of {new_id}: {list}"
    );
    assert!(list.contains("for the intro"), "{list}");
    assert!(list.contains("exact"), "{list}");

    let json = stdout(cables(data.path()).args(["bookmarks", "list", "--json"]));
    let entry: serde_json::Value = serde_json::from_str(json.trim()).expect("json line");
    assert_eq!(entry["id"], new_id.as_str());
    assert_eq!(entry["text"], text.as_str());

    stdout(cables(data.path()).args(["bookmarks", "note", &short, "edited"]));
    let md = stdout(cables(data.path()).args(["bookmarks", "export"]));
    assert!(md.contains("Note: edited"), "{md}");
    let last_word = text.split_whitespace().last().unwrap_or("");
    assert!(md.contains(last_word), "{md}");

    let out = data.path().join("export.json");
    let out_arg = out.to_string_lossy().into_owned();
    stdout(cables(data.path()).args(["bookmarks", "export", "--format", "json", "-o", &out_arg]));
    let exported: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("json");
    assert_eq!(exported["bookmarks"][0]["note"], "edited");

    stdout(cables(data.path()).args(["bookmarks", "remove", &new_id]));
    let list = stdout(cables(data.path()).args(["bookmarks", "list"]));
    assert!(list.is_empty(), "{list}");
}

#[test]
fn bad_arguments_give_clear_errors() {
    let data = tempfile::tempdir().expect("tempdir");
    let (id, _) = first_cable(data.path());
    cables(data.path())
        .args(["bookmarks", "add", "99NOWHERE1", "1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no cable with id 99NOWHERE1"));
    cables(data.path())
        .args(["bookmarks", "add", &id, "#9999"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no paragraph #9999"));
    cables(data.path())
        .args(["bookmarks", "remove", "nope"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no bookmark with id"));
    cables(data.path())
        .args(["bookmarks", "export", "--format", "pdf"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("pdf"));
}

#[test]
fn a_corrupt_file_is_reported_with_both_paths() {
    let data = tempfile::tempdir().expect("tempdir");
    let path = stdout(cables(data.path()).args(["bookmarks", "path"]));
    let path = Path::new(path.trim()).to_path_buf();
    assert!(path.starts_with(data.path()));
    std::fs::write(&path, "{ not json").expect("writes");
    let out = cables(data.path())
        .args(["bookmarks", "list"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains(".corrupt-"), "{err}");
    let aside = set_aside(data.path());
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read_to_string(aside[0].path()).expect("reads"),
        "{ not json"
    );
}

#[test]
fn an_unwritable_data_folder_fails_the_command_with_a_message() {
    let data = tempfile::tempdir().expect("tempdir");
    let blocker = data.path().join("file");
    std::fs::write(&blocker, "x").expect("writes");
    let (id, _) = first_cable(data.path());
    cables(&blocker.join("sub"))
        .args(["bookmarks", "add", &id, "#1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("bookmarks not saved"));
}

/// A cable with two lists, each with paragraphs `A` and `B` (ordinals 2, 3 and 5, 6).
const TWO_LISTS: &str = "R 241050Z NOV 09\nFM AMEMBASSY DUSHANBE\nTO SECSTATE WASHDC\n\n\
UNCLAS DUSHANBE 001319\n\nTAGS: KTIP, TI\nSUBJECT: TWO LISTS\n\n1. The first list follows.\n\n\
A. Alpha one of the first list.\n\nB. Bravo one of the first list.\n\n\
2. The second list follows.\n\nA. Alpha two of the second list.\n\n\
B. Bravo two of the second list.\n";

#[test]
fn a_label_several_paragraphs_carry_is_refused_with_the_choices() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let archive = tmp.path().join("archive");
    std::fs::create_dir(&archive).expect("mkdir");
    std::fs::write(archive.join("09DUSHANBE1319.txt"), TWO_LISTS).expect("write");
    let data = tmp.path().join("data");
    let run = |args: &[&str]| {
        cables(&data)
            .arg("--cache-dir")
            .arg(tmp.path().join("cache"))
            .arg("-a")
            .arg(&archive)
            .args(args)
            .output()
            .expect("runs")
    };
    let out = run(&["bookmarks", "add", "09DUSHANBE1319", "A"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "refused: {err}");
    assert!(err.contains("2 paragraphs labelled A"), "{err}");
    assert!(
        err.contains("#2") && err.contains("#5"),
        "the choices: {err}"
    );
    assert!(err.contains("Alpha two"), "with their first words: {err}");
    // Nothing was added.
    let list = run(&["bookmarks", "list"]);
    assert!(
        list.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&list.stdout)
    );
    // The ordinal picks one.
    let out = run(&["bookmarks", "add", "09DUSHANBE1319", "#5"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = run(&["bookmarks", "list", "--json"]);
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.contains("Alpha two"), "{text}");
}

#[test]
fn a_file_of_the_wrong_shape_is_set_aside_and_never_written_over() {
    let data = tempfile::tempdir().expect("tempdir");
    let (id, _) = first_cable(data.path());
    let path = stdout(cables(data.path()).args(["bookmarks", "path"]));
    let path = Path::new(path.trim()).to_path_buf();
    let text = r#"{"format": "cables-bookmarks", "version": 1, "bookmarks": {"mine": "precious"}}"#;
    std::fs::write(&path, text).expect("writes");
    let out = cables(data.path())
        .args(["bookmarks", "add", &id, "#1"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains("\"bookmarks\" is an object"), "{err}");
    let aside = set_aside(data.path());
    assert_eq!(aside.len(), 1, "{err}");
    assert_eq!(
        std::fs::read_to_string(aside[0].path()).expect("reads"),
        text
    );
    let list = stdout(cables(data.path()).args(["bookmarks", "list", "--json"]));
    assert_eq!(list.lines().count(), 1, "{list}");
}

#[test]
fn a_lock_held_past_the_first_wait_is_tried_again() {
    let data = tempfile::tempdir().expect("tempdir");
    let (id, _) = first_cable(data.path());
    let path = stdout(cables(data.path()).args(["bookmarks", "path"]));
    let mut lock_path = Path::new(path.trim()).as_os_str().to_os_string();
    lock_path.push(".lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .expect("lock file");
    lock.lock().expect("locks");
    // Another process holds the lock a little longer than one wait (5 s), then lets go.
    let holder = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(6500));
        drop(lock);
    });
    let out = cables(data.path())
        .args(["bookmarks", "add", &id, "#1", "--note", "waited"])
        .output()
        .expect("runs");
    holder.join().expect("holder");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("trying again"), "{err}");
    let list = stdout(cables(data.path()).args(["bookmarks", "list", "--json"]));
    assert!(list.contains("waited"), "{list}");
}
