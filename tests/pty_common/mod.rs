//! The real binary in a pseudo-terminal (via `script`), for the PTY tests. No sleeps: reads
//! block until the expected bytes arrive, with a generous guard so a broken build fails
//! instead of hanging. Linux only. (Each test binary uses part of it.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test support: a failure fails the test loudly"
)]
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

/// A pseudo-terminal opened here (openpty), for tests that drive a process as its
/// controlling terminal: a dropped link (closing the master), a resize (the window size set
/// on the master, SIGWINCH to the foreground process).
pub mod raw {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::time::{Duration, Instant};

    /// The longest any step may take before the test fails instead of hanging.
    pub const GUARD: Duration = Duration::from_secs(60);

    /// A pseudo-terminal of `cols` x `rows`: (master, slave).
    #[allow(unsafe_code, reason = "libc's pty calls; see each SAFETY")]
    pub fn open_pty_sized(cols: u16, rows: u16) -> (OwnedFd, OwnedFd) {
        let (mut master, mut slave) = (-1, -1);
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
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

    /// What one read of the master gave: bytes, nothing yet (200 ms passed), or the end
    /// (every process on the terminal is gone).
    enum Read {
        Bytes(Vec<u8>),
        Nothing,
        Closed,
    }

    #[allow(unsafe_code, reason = "libc's pty calls; see each SAFETY")]
    fn read_some(master: &OwnedFd) -> Read {
        let mut poll = libc::pollfd {
            fd: master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let ready = unsafe { libc::poll(&mut poll, 1, 200) };
        if ready <= 0 {
            return Read::Nothing;
        }
        let mut buf = [0u8; 8192];
        // SAFETY: reads into a buffer of the given length.
        let n = unsafe { libc::read(master.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            Read::Closed
        } else {
            Read::Bytes(buf[..n as usize].to_vec())
        }
    }

    /// Everything the master reads, appended to `seen`, until `done(seen)`.
    pub fn read_until(master: &OwnedFd, seen: &mut String, done: impl Fn(&str) -> bool) {
        let started = Instant::now();
        while !done(seen) {
            assert!(
                started.elapsed() < GUARD,
                "timed out; the terminal got: {seen:?}"
            );
            match read_some(master) {
                Read::Bytes(bytes) => seen.push_str(&String::from_utf8_lossy(&bytes)),
                Read::Nothing => {}
                Read::Closed => panic!("the terminal closed early; it got: {seen:?}"),
            }
        }
    }

    /// Read until the terminal closes (its last process exited); everything appended to
    /// `seen`. Panics after [`GUARD`].
    pub fn read_until_closed(master: &OwnedFd, seen: &mut String) {
        let started = Instant::now();
        loop {
            assert!(
                started.elapsed() < GUARD,
                "the terminal stayed open; it got: {seen:?}"
            );
            match read_some(master) {
                Read::Bytes(bytes) => seen.push_str(&String::from_utf8_lossy(&bytes)),
                Read::Nothing => {}
                Read::Closed => return,
            }
        }
    }

    /// Type `keys` on the terminal.
    #[allow(unsafe_code, reason = "libc's pty calls; see each SAFETY")]
    pub fn send(master: &OwnedFd, keys: &[u8]) {
        // SAFETY: writes from a buffer of the given length.
        let n = unsafe { libc::write(master.as_raw_fd(), keys.as_ptr().cast(), keys.len()) };
        assert_eq!(n, keys.len() as isize, "write to the terminal");
    }

    /// Start `cmd` on the terminal `slave` (stdin, stdout, stderr) in a new session whose
    /// controlling terminal it is: closing the master hangs it up, and a window change
    /// reaches it as SIGWINCH.
    #[allow(unsafe_code, reason = "libc's pty calls; see each SAFETY")]
    pub fn spawn_on(cmd: &mut std::process::Command, slave: &OwnedFd) -> std::process::Child {
        use std::os::unix::process::CommandExt;
        use std::process::Stdio;
        let stdio = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("dup"));
        cmd.stdin(stdio(slave))
            .stdout(stdio(slave))
            .stderr(stdio(slave));
        // SAFETY: between fork and exec only async-signal-safe calls: a new session whose
        // controlling terminal is the pty.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        cmd.spawn().expect("start the program on the terminal")
    }

    /// A pseudo-terminal of 80x24: (master, slave).
    pub fn open_pty() -> (OwnedFd, OwnedFd) {
        open_pty_sized(80, 24)
    }

    /// Set the window size on the master: the kernel sends SIGWINCH to the terminal's
    /// foreground process group.
    #[allow(unsafe_code, reason = "libc's pty calls; see each SAFETY")]
    pub fn resize(master: &OwnedFd, cols: u16, rows: u16) {
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ reads one winsize from the given pointer.
        let rc = unsafe { libc::ioctl(master.as_raw_fd(), libc::TIOCSWINSZ, &size) };
        assert_eq!(rc, 0, "TIOCSWINSZ: {}", std::io::Error::last_os_error());
    }
}
