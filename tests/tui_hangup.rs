//! A dropped SSH link: the real binary in a pseudo-terminal whose master side is closed
//! while a cable is open. The kernel hangs up the terminal (SIGHUP, then EIO on every write):
//! the process must save the reading position first, never panic on the dead terminal or
//! stderr, and exit. Linux only (openpty, a controlling terminal per session).
#![cfg(target_os = "linux")]

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The longest any step may take before the test fails instead of hanging.
const GUARD: Duration = Duration::from_secs(60);

/// A pseudo-terminal of 80x24: (master, slave).
fn open_pty() -> (OwnedFd, OwnedFd) {
    let (mut master, mut slave) = (-1, -1);
    let size = libc::winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two fds into the given ints; the name and termios are null.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // The child must not inherit the master: closing ours must drop the link.
    for fd in [master, slave] {
        // SAFETY: fcntl on an fd just opened.
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    // SAFETY: both fds were just opened and are owned by nothing else.
    unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

/// Everything the master reads within `wait`, appended to `seen`, until `done(seen)`.
fn read_until(master: &OwnedFd, seen: &mut String, done: impl Fn(&str) -> bool) {
    let started = Instant::now();
    while !done(seen) {
        assert!(
            started.elapsed() < GUARD,
            "timed out; the terminal got: {seen:?}"
        );
        let mut poll = libc::pollfd {
            fd: master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let ready = unsafe { libc::poll(&mut poll, 1, 200) };
        if ready <= 0 {
            continue;
        }
        let mut buf = [0u8; 8192];
        // SAFETY: reads into a buffer of the given length.
        let n = unsafe { libc::read(master.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
        assert!(n > 0, "the terminal closed early; it got: {seen:?}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n as usize]));
    }
}

fn send(master: &OwnedFd, keys: &[u8]) {
    // SAFETY: writes from a buffer of the given length.
    let n = unsafe { libc::write(master.as_raw_fd(), keys.as_ptr().cast(), keys.len()) };
    assert_eq!(n, keys.len() as isize, "write to the terminal");
}

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
    let stdio = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("dup"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cables"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TERM", "xterm-256color")
        .env("HOME", data.path())
        .env("CABLES_DATA_DIR", data.path().join("data"))
        .env("CABLES_CONFIG_DIR", data.path().join("config"))
        .env("CABLES_CACHE_DIR", data.path().join("cache"))
        .stdin(stdio(&slave))
        .stdout(stdio(&slave))
        // stderr on the terminal too, as over SSH: it dies with the link.
        .stderr(stdio(&slave));
    // SAFETY: between fork and exec only async-signal-safe calls: a new session whose
    // controlling terminal is the pty, so closing the master hangs the process up.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("start cables");
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
