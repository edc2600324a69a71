//! The real binary in a pseudo-terminal (via `script`): SIGTERM and SIGHUP restore the
//! terminal (alternate screen left, cursor shown, cooked mode back). Linux only; skipped
//! when `script` is not installed. No sleeps: reads block until the expected bytes arrive,
//! with a generous guard so a broken build fails instead of hanging.

#![cfg(target_os = "linux")]

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const ENTER_ALT: &str = "\x1b[?1049h";
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

/// Run the TUI under `script`, wait for it to draw, send `signal`, and return everything the
/// terminal received.
fn run_and_signal(signal: &str) -> String {
    let bin = env!("CARGO_BIN_EXE_cables");
    // The shell prints its pid, runs cables as its child, then prints the tty mode.
    let inner = format!("stty cols 80 rows 24; echo SHPID=$$; {bin}; echo EXIT=$?; stty -a");
    let mut child = match Command::new("script")
        .args(["-qfec", &inner, "/dev/null"])
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .env("CABLES_CONFIG_DIR", env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!("cannot start script: {e}"),
    };
    let mut out = child.stdout.take().map(std::io::BufReader::new);
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Some(Ok(n)) = out.as_mut().map(|o| o.read(&mut buf)) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut seen = String::new();
    let mut signalled = false;
    loop {
        match rx.recv_timeout(GUARD) {
            Ok(bytes) => seen.push_str(&String::from_utf8_lossy(&bytes)),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                panic!("no output for {GUARD:?}; got {seen:?}");
            }
        }
        if !signalled && seen.contains(ENTER_ALT) && seen.contains("help") {
            let shpid = seen
                .split("SHPID=")
                .nth(1)
                .and_then(|s| s.split_whitespace().next())
                .unwrap_or_default()
                .to_string();
            let children = std::fs::read_to_string(format!("/proc/{shpid}/task/{shpid}/children"))
                .unwrap_or_default();
            let pid = children
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            assert!(!pid.is_empty(), "no child of {shpid}");
            let status = Command::new("kill").args([signal, &pid]).status();
            assert!(status.is_ok_and(|s| s.success()));
            signalled = true;
        }
        if seen.contains("EXIT=") && seen.contains("icanon") {
            break;
        }
    }
    drop(child.stdin.take());
    let _ = child.wait();
    seen
}

/// The state letter of a process (`R`, `S`, `T` stopped, ...), from /proc.
fn proc_state(pid: &str) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(')').next()?.trim_start().chars().next()
}

/// Ctrl-Z restores the terminal and stops the process; SIGCONT sets it up and redraws; `Q`
/// quits cleanly.
fn suspend_and_resume() -> String {
    use std::io::Write;
    let bin = env!("CARGO_BIN_EXE_cables");
    let inner = format!("stty cols 80 rows 24; echo SHPID=$$; {bin}; echo EXIT=$?; stty -a");
    let mut child = match Command::new("script")
        .args(["-qfec", &inner, "/dev/null"])
        .env("TERM", "xterm-256color")
        .env("CABLES_CONFIG_DIR", env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!("cannot start script: {e}"),
    };
    let mut stdin = child.stdin.take();
    let mut out = child.stdout.take();
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Some(Ok(n)) = out.as_mut().map(|o| o.read(&mut buf)) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut seen = String::new();
    let wait_for = |seen: &mut String, what: &dyn Fn(&str) -> bool| {
        while !what(seen) {
            match rx.recv_timeout(GUARD) {
                Ok(bytes) => seen.push_str(&String::from_utf8_lossy(&bytes)),
                Err(_) => panic!("waiting: got {seen:?}"),
            }
        }
    };
    wait_for(&mut seen, &|s| s.contains(ENTER_ALT) && s.contains("help"));
    let shpid = seen
        .split("SHPID=")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_default()
        .to_string();
    let children =
        std::fs::read_to_string(format!("/proc/{shpid}/task/{shpid}/children")).unwrap_or_default();
    let pid = children
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let mark = seen.len();
    if let Some(s) = stdin.as_mut() {
        let _ = s.write_all(&[0x1a]); // Ctrl-Z
        let _ = s.flush();
    }
    wait_for(&mut seen, &|s| s[mark..].contains(LEAVE_ALT));
    // Wait until the process has stopped (no sleep: yield while polling, with a guard).
    let start = std::time::Instant::now();
    while proc_state(&pid) != Some('T') {
        assert!(
            start.elapsed() < GUARD,
            "never stopped: {:?}",
            proc_state(&pid)
        );
        std::thread::yield_now();
    }
    let mark = seen.len();
    let status = Command::new("kill").args(["-CONT", &pid]).status();
    assert!(status.is_ok_and(|s| s.success()));
    // Set up again and redrawn in full.
    wait_for(&mut seen, &|s| {
        s[mark..].contains(ENTER_ALT) && s[mark..].contains("help")
    });
    if let Some(s) = stdin.as_mut() {
        let _ = s.write_all(b"Q");
        let _ = s.flush();
    }
    wait_for(&mut seen, &|s| s.contains("EXIT=") && s.contains("icanon"));
    drop(stdin);
    let _ = child.wait();
    seen
}

fn assert_restored(seen: &str) {
    let entered = seen.rfind(ENTER_ALT);
    let left = seen.rfind(LEAVE_ALT);
    assert!(entered.is_some(), "never entered the alternate screen");
    assert!(left > entered, "alternate screen not left: {seen:?}");
    assert!(seen.contains("EXIT=0"), "exit status: {seen:?}");
    // Cooked mode again: `stty -a` shows `icanon` and `echo`, not `-icanon`.
    let stty = seen.split("EXIT=").nth(1).unwrap_or_default();
    assert!(
        stty.contains(" icanon") && !stty.contains("-icanon"),
        "{stty}"
    );
    assert!(
        stty.contains(" echo ") && !stty.contains("-echo "),
        "{stty}"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    if !has_script() {
        eprintln!("skipped: `script` is not installed");
        return;
    }
    assert_restored(&run_and_signal("-TERM"));
}

#[test]
fn sighup_restores_the_terminal() {
    if !has_script() {
        eprintln!("skipped: `script` is not installed");
        return;
    }
    assert_restored(&run_and_signal("-HUP"));
}

#[test]
fn ctrl_z_suspends_with_the_terminal_restored_and_resumes() {
    if !has_script() {
        eprintln!("skipped: `script` is not installed");
        return;
    }
    assert_restored(&suspend_and_resume());
}
