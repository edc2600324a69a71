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

/// Start the binary on a fresh archive under `script`, wait for the progress screen, call
/// `act` with the stdin and the shell's pid, and return everything the terminal received.
fn first_open(act: &dyn Fn(&mut std::process::ChildStdin, &str)) -> String {
    let tmp = tempfile::tempdir().expect("tempdir");
    let folder = tmp.path().join("archive");
    std::fs::create_dir_all(&folder).expect("mkdir");
    archive(&folder, 4000);
    let bin = env!("CARGO_BIN_EXE_cables");
    let cache = tmp.path().join("cache");
    let inner = format!(
        "stty cols 80 rows 24; echo SHPID=$$; {bin} --cache-dir {} -a {}; echo EXIT=$?",
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
    let shpid = wait_for("quits")
        .split("SHPID=")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_default()
        .to_string();
    act(&mut stdin, &shpid);
    let seen = wait_for("EXIT=");
    let _ = child.kill();
    let _ = child.wait();
    seen
}

#[test]
fn a_first_open_shows_progress_and_q_quits() {
    if !has_script() {
        eprintln!("skipped: `script` is not installed");
        return;
    }
    let seen = first_open(&|stdin, _| {
        stdin.write_all(b"q").expect("send q");
        stdin.flush().expect("flush");
    });
    assert!(seen.contains("EXIT=0"), "{seen:?}");
    assert!(seen.contains(LEAVE_ALT), "the alternate screen is left");
}

#[test]
fn sigterm_on_the_progress_screen_restores_the_terminal() {
    if !has_script() {
        eprintln!("skipped: `script` is not installed");
        return;
    }
    let seen = first_open(&|_, shpid| {
        let children = std::fs::read_to_string(format!("/proc/{shpid}/task/{shpid}/children"))
            .unwrap_or_default();
        let pid = children.split_whitespace().next().unwrap_or_default();
        assert!(!pid.is_empty(), "no child of {shpid}");
        let status = Command::new("kill").args(["-TERM", pid]).status();
        assert!(status.is_ok_and(|s| s.success()));
    });
    assert!(seen.contains("EXIT=0"), "{seen:?}");
    assert!(seen.contains(LEAVE_ALT), "the alternate screen is left");
}
