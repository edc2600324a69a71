//! A dropped SSH link: the real binary in a pseudo-terminal whose master side is closed
//! while a cable is open. The kernel hangs up the terminal (SIGHUP, then EIO on every write):
//! the process must save the reading position first, never panic on the dead terminal or
//! stderr, and exit. Linux only (openpty, a controlling terminal per session).
#![cfg(target_os = "linux")]

mod pty_common;
mod sandbox;

use pty_common::raw::{GUARD, open_pty, read_until, send, spawn_on};
use std::process::Command;
use std::time::{Duration, Instant};

/// Whether `screen` holds a status-bar position such as `¶3/14`.
fn shows_paragraph_position(screen: &str) -> bool {
    screen.match_indices('¶').any(|(at, mark)| {
        let rest = &screen[at + mark.len()..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with('/')
    })
}

#[test]
fn a_dropped_link_saves_the_position_and_exits_without_a_panic() {
    let data = tempfile::tempdir().expect("tempdir");
    let (master, slave) = open_pty();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cables"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TERM", "xterm-256color")
        .env("HOME", data.path())
        .env("CABLES_DATA_DIR", data.path().join("data"))
        .env("CABLES_CONFIG_DIR", data.path().join("config"))
        .env("CABLES_CACHE_DIR", data.path().join("cache"));
    // stderr on the terminal too, as over SSH: it dies with the link.
    let mut child = spawn_on(&mut cmd, &slave);
    drop(slave);
    let mut seen = String::new();
    read_until(&master, &mut seen, |s| s.contains("q quit"));
    // Open the first cable and read on: the position moves without being saved yet.
    send(&master, b"\r");
    read_until(&master, &mut seen, |s| {
        s.contains("SUBJECT") || s.contains("¶")
    });
    // The status bar says "header" at the top of a cable and `¶N/M` once a numbered
    // paragraph is at the top: wait for that, so the keys were handled before the drop.
    let marker = seen.len();
    send(&master, b"jjjjjjjjjjjj");
    read_until(&master, &mut seen, |s| {
        shows_paragraph_position(&s[marker..])
    });
    // The link drops.
    drop(master);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > GUARD {
            let _ = child.kill();
            panic!("cables did not exit after the hangup");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_ne!(status.code(), Some(101), "cables panicked: {status:?}");
    assert!(
        status.code().is_some(),
        "cables was killed by a signal instead of exiting: {status:?}"
    );
    // The position was saved: a session file names the open cable, past its start.
    let dir = data.path().join("data");
    let session = std::fs::read_dir(&dir)
        .expect("the data folder exists")
        .flatten()
        .find(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("session-") && name.ends_with(".json")
        })
        .map(|e| std::fs::read_to_string(e.path()).expect("read session"))
        .expect("a session file");
    let doc: serde_json::Value = serde_json::from_str(&session).expect("session is JSON");
    let last = doc
        .pointer("/last/cable")
        .and_then(|v| v.as_str())
        .expect("the last cable is saved")
        .to_string();
    let position = doc
        .get("positions")
        .and_then(|p| p.as_array())
        .and_then(|list| {
            list.iter()
                .find(|p| p.get("cable").and_then(|c| c.as_str()) == Some(last.as_str()))
        })
        .unwrap_or_else(|| panic!("a position for {last} in {session}"));
    let paragraph = position.get("paragraph").and_then(|p| p.as_u64());
    let offset = position.get("offset").and_then(|p| p.as_u64());
    assert!(
        paragraph.unwrap_or(0) > 0 || offset.unwrap_or(0) > 0,
        "the position moved by the keys was saved: {position}"
    );
}
