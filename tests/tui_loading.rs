//! The first open of an uncached archive in the real binary, in a pseudo-terminal (via
//! `script`): the cache is built behind a progress screen, and `q` there quits cleanly
//! (exit 0, alternate screen left). Linux only; skipped when `script` is not installed.

#![cfg(target_os = "linux")]

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const LEAVE_ALT: &str = "\x1b[?1049l";
const GUARD: Duration = Duration::from_secs(60);

fn has_script() -> bool {
    Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A folder of `n` small cables: enough that a debug build takes well over the quiet time.
fn archive(dir: &std::path::Path, n: usize) {
    for i in 0..n {
        let text = format!(
            "R 010101Z JAN 09\nFM AMEMBASSY OSLO\n\nUNCLAS OSLO {i:06}\n\nSUBJECT: TEST {i}\n\n\
             1. The first paragraph of cable {i}, about fisheries and quotas.\n\n\
             2. The second paragraph, about whales, seals and the weather.\n"
        );
        std::fs::write(dir.join(format!("09OSLO{i}.txt")), text).expect("write");
    }
}

#[test]
fn a_first_open_shows_progress_and_q_quits() {
    if !has_script() {
        eprintln!("skipped: `script` is not installed");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let folder = tmp.path().join("archive");
    std::fs::create_dir_all(&folder).expect("mkdir");
    archive(&folder, 4000);
    let bin = env!("CARGO_BIN_EXE_cables");
    let cache = tmp.path().join("cache");
    let inner = format!(
        "stty cols 80 rows 24; {bin} --cache-dir {} -a {}; echo EXIT=$?",
        cache.display(),
        folder.display()
    );
    let mut child = Command::new("script")
        .args(["-qfec", &inner, "/dev/null"])
        .env("TERM", "xterm-256color")
        .env("CABLES_CONFIG_DIR", env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut out = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut seen = String::new();
    let mut wait_for = |what: &str| {
        while !seen.contains(what) {
            match rx.recv_timeout(GUARD) {
                Ok(bytes) => seen.push_str(&String::from_utf8_lossy(&bytes)),
                Err(_) => panic!("waiting for {what:?}: got {seen:?}"),
            }
        }
        seen.clone()
    };
    // Words arrive separately (the cursor jumps over spaces).
    wait_for("building");
    wait_for("quits");
    stdin.write_all(b"q").expect("send q");
    stdin.flush().expect("flush");
    let seen = wait_for("EXIT=");
    let _ = child.kill();
    let _ = child.wait();
    assert!(seen.contains("EXIT=0"), "{seen:?}");
    assert!(seen.contains(LEAVE_ALT), "the alternate screen is left");
}
