//! The real binary in a pseudo-terminal (via `script`): SIGTERM and SIGHUP restore the
//! terminal (alternate screen left, cursor shown, cooked mode back). Linux only; they fail,
//! naming it, when `script` (util-linux) is not installed: they never pass without running.
#![cfg(target_os = "linux")]

mod pty_common;
mod sandbox;

use pty_common::{ENTER_ALT, GUARD, LEAVE_ALT, Pty, kill, require_script};

/// The TUI, and then the tty mode (`stty -a`) once it exits.
fn tui_then_tty_mode() -> Pty {
    Pty::start(&format!("{}; stty -a", pty_common::cables_line("")))
}

fn drawn(s: &str) -> bool {
    s.contains(ENTER_ALT) && s.contains("help")
}

fn exited(s: &str) -> bool {
    s.contains("EXIT=") && s.contains("icanon")
}

/// Run the TUI, wait for it to draw, send `signal`, and return everything the terminal
/// received.
fn run_and_signal(signal: &str) -> String {
    let mut pty = tui_then_tty_mode();
    pty.wait_until(drawn);
    kill(signal, &pty.cables_pid());
    pty.wait_until(exited);
    pty.finish()
}

/// The state letter of a process (`R`, `S`, `T` stopped, ...), from /proc.
fn proc_state(pid: &str) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(')').next()?.trim_start().chars().next()
}

/// Ctrl-Z restores the terminal and stops the process; SIGCONT sets it up and redraws; `Q`
/// quits cleanly.
fn suspend_and_resume() -> String {
    let mut pty = tui_then_tty_mode();
    pty.wait_until(drawn);
    let pid = pty.cables_pid();
    let mark = pty.seen.len();
    pty.send(&[0x1a]); // Ctrl-Z
    pty.wait_until(|s| s[mark..].contains(LEAVE_ALT));
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
    let mark = pty.seen.len();
    kill("-CONT", &pid);
    // Set up again and redrawn in full.
    pty.wait_until(|s| drawn(&s[mark..]));
    pty.send(b"Q");
    pty.wait_until(exited);
    pty.finish()
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
    require_script();
    assert_restored(&run_and_signal("-TERM"));
}

#[test]
fn sighup_restores_the_terminal() {
    require_script();
    assert_restored(&run_and_signal("-HUP"));
}

#[test]
fn ctrl_z_suspends_with_the_terminal_restored_and_resumes() {
    require_script();
    assert_restored(&suspend_and_resume());
}

/// The TUI saves its session in the sandbox's data folder (the test's own), never in the
/// user's `~/.local/share`.
#[test]
fn the_tui_writes_only_into_the_sandbox() {
    require_script();
    let mut pty = tui_then_tty_mode();
    pty.wait_until(drawn);
    pty.send(b"Q");
    pty.wait_until(exited);
    pty.finish();
    let data = sandbox::root().join("data");
    let names: Vec<String> = std::fs::read_dir(&data)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        names.iter().any(|n| n.starts_with("session-demo")),
        "no session file in {}: {names:?}",
        data.display()
    );
}

/// The parameters of every SGR sequence (`ESC[...m`) in `seen`.
fn sgr_params(seen: &str) -> Vec<&str> {
    seen.split("\x1b[")
        .skip(1)
        .filter_map(|s| s.split_once('m').map(|(p, _)| p))
        .filter(|p| p.bytes().all(|b| b.is_ascii_digit() || b == b';'))
        .collect()
}

/// On a 16-colour terminal (`TERM=linux`) colours are sent as 16-colour codes (`33`, `44`),
/// never in the 256-colour form (`38;5;3`) or as underline colours (`58`, `59`).
#[test]
fn a_16_colour_terminal_gets_16_colour_codes() {
    require_script();
    let mut pty = Pty::start_with_term(&pty_common::cables_line(""), "linux");
    pty.wait_until(drawn);
    pty.send(b"Q");
    pty.wait_for("EXIT=");
    let seen = pty.finish();
    let params = sgr_params(&seen);
    assert!(
        params.iter().any(|p| p
            .split(';')
            .any(|n| n.parse::<u8>().is_ok_and(|c| (30..=37).contains(&c)))),
        "no 16-colour foreground at all: {params:?}"
    );
    for p in &params {
        let numbers: Vec<&str> = p.split(';').collect();
        assert!(
            !numbers
                .iter()
                .any(|n| matches!(*n, "38" | "48" | "58" | "59")),
            "256-colour or underline-colour code `ESC[{p}m` sent to TERM=linux"
        );
    }
}

/// The catalog's rows are checked behind the first frame: a cache whose kept date order was
/// damaged (it decodes, and fails the check) draws its list, then says so on the status line.
#[test]
fn a_damaged_catalog_is_said_behind_the_first_frame() {
    require_script();
    let tmp = tempfile::tempdir().expect("tempdir");
    let archive = tmp.path().join("archive");
    let mixed =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/mixed");
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(&mixed)
        .arg(&archive)
        .status()
        .expect("cp");
    assert!(copied.success());
    let cache = tmp.path().join("cache");
    let built = sandbox::cables()
        .env("CABLES_CACHE_DIR", &cache)
        .arg("--archive")
        .arg(&archive)
        .arg("index")
        .output()
        .expect("runs");
    assert!(built.status.success(), "{built:?}");
    let folder = std::fs::read_dir(&cache)
        .expect("cache")
        .flatten()
        .next()
        .expect("one folder")
        .path();
    let catalog = folder.join("catalog.bin");
    let mut bytes = std::fs::read(&catalog).expect("read");
    // The date order is the catalog's last column, a u32 per cable (7): all 0 now.
    let cables = 7;
    let end = bytes.len();
    bytes[end - 4 * cables..].fill(0);
    std::fs::write(&catalog, &bytes).expect("write");
    let args = format!(
        "--cache-dir {} --archive {}",
        cache.display(),
        archive.display()
    );
    let mut pty = Pty::start(&pty_common::cables_line(&args));
    pty.wait_until(|s| drawn(s) && s.contains("corrupt"));
    pty.send(b"Q");
    pty.wait_until(|s| s.contains("EXIT="));
    let seen = pty.finish();
    assert!(seen.contains("EXIT=0"), "{seen:?}");
}
