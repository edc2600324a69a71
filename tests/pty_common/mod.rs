//! The real binary in a pseudo-terminal (via `script`), for the PTY tests. No sleeps: reads
//! block until the expected bytes arrive, with a generous guard so a broken build fails
//! instead of hanging. Linux only. (Each test binary uses part of it.)
#![allow(dead_code)]

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub const ENTER_ALT: &str = "\x1b[?1049h";
pub const LEAVE_ALT: &str = "\x1b[?1049l";
pub const GUARD: Duration = Duration::from_secs(60);

/// Fail the test, naming what is missing, when `script` (util-linux) is not installed: a PTY
/// test never passes without running.
pub fn require_script() {
    let found = Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "the PTY tests need `script` (util-linux) on PATH; install it, or leave these tests \
         out with `--skip` (they do not pass without running)"
    );
}

/// A shell line that sizes the terminal to 80x24, prints its pid (`SHPID=`), then runs
/// `cables ARGS` and prints `EXIT=` with its status.
pub fn cables_line(args: &str) -> String {
    let bin = env!("CARGO_BIN_EXE_cables");
    format!("stty cols 80 rows 24; echo SHPID=$$; {bin} {args}; echo EXIT=$?")
}

/// A shell line run under `script`, and everything its terminal received so far.
pub struct Pty {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: mpsc::Receiver<Vec<u8>>,
    pub seen: String,
}

impl Pty {
    /// Start `line` (see [`cables_line`]) in a pseudo-terminal with `TERM=xterm-256color`.
    pub fn start(line: &str) -> Pty {
        Pty::start_with_term(line, "xterm-256color")
    }

    /// Start `line` in a pseudo-terminal with this `TERM` (and no `COLORTERM`).
    pub fn start_with_term(line: &str, term: &str) -> Pty {
        let mut child = match Command::new("script")
            .args(["-qfec", line, "/dev/null"])
            .envs(crate::sandbox::env())
            .env("TERM", term)
            .env_remove("COLORTERM")
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
        let stdin = child.stdin.take();
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
        Pty {
            child,
            stdin,
            rx,
            seen: String::new(),
        }
    }

    /// Read until `done(everything seen)`; panics when the output stops for [`GUARD`] or
    /// ends first.
    pub fn wait_until(&mut self, done: impl Fn(&str) -> bool) {
        while !done(&self.seen) {
            match self.rx.recv_timeout(GUARD) {
                Ok(bytes) => self.seen.push_str(&String::from_utf8_lossy(&bytes)),
                Err(e) => {
                    let _ = self.child.kill();
                    panic!("waiting ({e:?}): got {:?}", self.seen);
                }
            }
        }
    }

    /// Read until `what` has been seen.
    pub fn wait_for(&mut self, what: &str) {
        self.wait_until(|s| s.contains(what));
    }

    /// Type `bytes`.
    pub fn send(&mut self, bytes: &[u8]) {
        if let Some(s) = self.stdin.as_mut() {
            let _ = s.write_all(bytes);
            let _ = s.flush();
        }
    }

    /// The pid of `cables`: the child of the shell that printed `SHPID=`.
    pub fn cables_pid(&self) -> String {
        let shpid = self
            .seen
            .split("SHPID=")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .unwrap_or_default();
        let children = std::fs::read_to_string(format!("/proc/{shpid}/task/{shpid}/children"))
            .unwrap_or_default();
        let pid = children.split_whitespace().next().unwrap_or_default();
        assert!(!pid.is_empty(), "no child of {shpid}");
        pid.to_string()
    }

    /// Close the terminal's input, end the shell, and return everything seen.
    pub fn finish(mut self) -> String {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.seen
    }
}

/// Send `signal` (`-TERM`, `-CONT`...) to `pid`.
pub fn kill(signal: &str, pid: &str) {
    let status = Command::new("kill").args([signal, pid]).status();
    assert!(status.is_ok_and(|s| s.success()), "kill {signal} {pid}");
}
