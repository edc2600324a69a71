//! The first open of an uncached archive in the real binary, in a pseudo-terminal (via
//! `script`): the cache is built behind a progress screen, then behind the list of the cables
//! read so far; `q` quits cleanly from either (exit 0, alternate screen left). Linux only;
//! skipped when `script` is not installed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]
#![cfg(target_os = "linux")]

mod pty_common;
mod sandbox;

use pty_common::{LEAVE_ALT, Pty, kill, require_script};

/// A folder of `n` small cables: enough that the build takes well over the quiet time.
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

/// Start the binary on a fresh archive, wait for the progress screen, call `act`, and
/// return everything the terminal received.
fn first_open(act: &dyn Fn(&mut Pty)) -> String {
    let tmp = tempfile::tempdir().expect("tempdir");
    let folder = tmp.path().join("archive");
    std::fs::create_dir_all(&folder).expect("mkdir");
    // A release build reads 4,000 of them before its first preview: ten times as many.
    archive(
        &folder,
        if cfg!(debug_assertions) {
            4_000
        } else {
            40_000
        },
    );
    let cache = tmp.path().join("cache");
    let mut pty = Pty::start(&pty_common::cables_line(&format!(
        "--cache-dir {} -a {}",
        cache.display(),
        folder.display()
    )));
    // Words arrive separately (the cursor jumps over spaces).
    pty.wait_for("building");
    pty.wait_for("quits");
    act(&mut pty);
    pty.wait_for("EXIT=");
    pty.finish()
}

#[test]
fn a_first_open_shows_progress_and_q_quits() {
    require_script();
    let seen = first_open(&|pty| pty.send(b"q"));
    assert!(seen.contains("EXIT=0"), "{seen:?}");
    assert!(seen.contains(LEAVE_ALT), "the alternate screen is left");
}

#[test]
fn sigterm_on_the_progress_screen_restores_the_terminal() {
    require_script();
    let seen = first_open(&|pty| kill("-TERM", &pty.cables_pid()));
    assert!(seen.contains("EXIT=0"), "{seen:?}");
    assert!(seen.contains(LEAVE_ALT), "the alternate screen is left");
}

#[test]
fn the_list_is_usable_while_the_build_goes_on() {
    require_script();
    let seen = first_open(&|pty| {
        // The list of the cables read so far, with the build's progress in the status bar.
        pty.wait_for("indexing");
        pty.wait_for("OSLO");
        pty.send(b"q");
    });
    assert!(seen.contains("EXIT=0"), "{seen:?}");
    assert!(seen.contains(LEAVE_ALT), "the alternate screen is left");
}
