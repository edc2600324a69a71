//! `cables serve` against the real OpenSSH client: the server on 127.0.0.1 with a random
//! port, a temporary authorized-keys file and data folder, keys made by `ssh-keygen`, and
//! `ssh -tt` in a pseudo-terminal of our own (so a resize reaches it as SIGWINCH).
//!
//! These need the OpenSSH client, which a fresh machine may not have, so they are ignored by
//! a plain `cargo test`; `.ci/run` installs `openssh-client` when it is missing and runs
//! them with `--include-ignored`. Run here: `cargo test --test serve_ssh -- --include-ignored`.
//! When they run without `ssh` or `ssh-keygen` they fail, naming what is missing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]
#![cfg(target_os = "linux")]

mod pty_common;
mod sandbox;

use pty_common::raw::{
    GUARD, open_pty_sized, read_until, read_until_closed, resize, send, spawn_on,
};
use std::io::{BufRead, BufReader};
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Fail, naming it, when a program the test needs is missing.
fn require(program: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "the SSH tests need `{program}` on PATH (apt-get install openssh-client); they do not \
         pass without running"
    );
}

/// A test's folder: keys, the authorized-keys file, the server's data folder.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        require("ssh");
        require("ssh-keygen");
        let dir = tempfile::Builder::new()
            .prefix("serve-")
            .tempdir_in(sandbox::root())
            .expect("a temp folder");
        Setup { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A new ed25519 key pair; the private key's path.
    fn key(&self, name: &str) -> PathBuf {
        let path = self.path(name);
        let status = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
            .arg(&path)
            .stdin(Stdio::null())
            .status()
            .expect("run ssh-keygen");
        assert!(status.success(), "ssh-keygen failed");
        path
    }

    /// The authorized-keys file: one line per (key, user).
    fn authorize(&self, users: &[(&Path, &str)]) {
        let mut text = String::new();
        for (key, user) in users {
            let public = std::fs::read_to_string(key.with_extension("pub")).expect("public key");
            let mut words = public.split_whitespace();
            let (kind, data) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
            text.push_str(&format!("{kind} {data} {user}\n"));
        }
        std::fs::write(self.path("authorized_keys"), text).expect("write authorized_keys");
    }

    fn data(&self) -> PathBuf {
        self.path("data")
    }

    /// Everything saved in `user`'s folder, as one string.
    fn user_files(&self, user: &str) -> String {
        let dir = self.data().join("users").join(user);
        let mut all = String::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            all.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
        all
    }
}

/// The server, its stderr lines as they come.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(setup: &Setup, flags: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cables"))
            .arg("serve")
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(setup.data())
            .arg("--authorized-keys")
            .arg(setup.path("authorized_keys"))
            .args(flags)
            .envs(sandbox::env())
            .env_remove("CABLES_ARCHIVE")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start cables serve");
        let log = Arc::new(Mutex::new(Vec::new()));
        let lines = Arc::clone(&log);
        let stderr = child.stderr.take().expect("stderr");
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                lines.lock().expect("log").push(line);
            }
        });
        let mut server = Server {
            child,
            port: 0,
            log,
            reader: Some(reader),
        };
        let line = server.wait_for_log(|l| l.contains("listening on"));
        server.port = line
            .rsplit(':')
            .next()
            .and_then(|p| p.trim().parse().ok())
            .expect("a port");
        server
    }

    /// The first log line for which `want` holds, waiting for it.
    fn wait_for_log(&mut self, want: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            if let Some(line) = self.log.lock().expect("log").iter().find(|l| want(l)) {
                return line.clone();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server ended ({status}): {:?}", self.log());
            }
            assert!(
                started.elapsed() < GUARD,
                "no such log line: {:?}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log(&self) -> Vec<String> {
        self.log.lock().expect("log").clone()
    }

    /// `ssh` to this server with `key`, quiet and sandboxed (no user config, no known hosts).
    fn ssh(&self, key: &Path) -> Command {
        let mut cmd = Command::new("ssh");
        cmd.args(["-F", "/dev/null", "-p", &self.port.to_string(), "-i"])
            .arg(key)
            .args([
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "BatchMode=yes",
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "LogLevel=ERROR",
            ])
            .envs(sandbox::env())
            .env("TERM", "xterm-256color")
            .env_remove("SSH_AUTH_SOCK");
        cmd
    }

    /// Run `ssh` to completion with `args` after the host; its output.
    fn run(&self, key: &Path, before: &[&str], after: &[&str]) -> Output {
        self.ssh(key)
            .args(before)
            .arg("reader@127.0.0.1")
            .args(after)
            .stdin(Stdio::null())
            .output()
            .expect("run ssh")
    }

    /// SIGTERM, then wait for the exit; its status code.
    fn stop(mut self) -> (Option<i32>, Vec<String>) {
        let pid = self.child.id().to_string();
        pty_common::kill("-TERM", &pid);
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                // The reader thread takes the last lines.
                if let Some(reader) = self.reader.take() {
                    let _ = reader.join();
                }
                return (status.code(), self.log());
            }
            if started.elapsed() > GUARD {
                let _ = self.child.kill();
                panic!("the server did not stop: {:?}", self.log());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `ssh -tt` in a pseudo-terminal of its own (a new session whose controlling terminal it
/// is, so a window change reaches it), and what its terminal showed.
struct Client {
    child: Child,
    master: OwnedFd,
    seen: String,
}

impl Client {
    fn connect(server: &Server, key: &Path, size: (u16, u16)) -> Client {
        Client::connect_with(server, key, size, &[])
    }

    /// Connect with more `ssh` options (`-o SetEnv=…`).
    fn connect_with(server: &Server, key: &Path, size: (u16, u16), options: &[&str]) -> Client {
        let (master, slave) = open_pty_sized(size.0, size.1);
        let mut cmd = server.ssh(key);
        cmd.args(options).args(["-tt", "reader@127.0.0.1"]);
        let child = spawn_on(&mut cmd, &slave);
        // The command holds copies of the terminal's fd: gone, ssh's exit closes it.
        drop(cmd);
        drop(slave);
        Client {
            child,
            master,
            seen: String::new(),
        }
    }

    /// Wait until what arrived after byte `from` holds `what`.
    fn wait_after(&mut self, from: usize, what: &str) {
        read_until(&self.master, &mut self.seen, |s| s[from..].contains(what));
    }

    fn wait_for(&mut self, what: &str) {
        self.wait_after(0, what);
    }

    fn mark(&self) -> usize {
        self.seen.len()
    }

    fn send(&mut self, keys: &[u8]) {
        send(&self.master, keys);
    }

    /// Read until ssh exits and its terminal closes; its exit code.
    fn wait_closed(mut self) -> (Option<i32>, String) {
        read_until_closed(&self.master, &mut self.seen);
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return (status.code(), self.seen.clone());
            }
            assert!(started.elapsed() < GUARD, "ssh did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server whose only user is alice, started with `flags`; alice's key.
fn alice_server(flags: &[&str]) -> (Setup, PathBuf, Server) {
    let setup = Setup::new();
    let alice = setup.key("alice");
    setup.authorize(&[(&alice, "alice")]);
    let server = Server::start(&setup, flags);
    (setup, alice, server)
}

/// The demo archive's first cable in the list (oldest first).
const A_CABLE: &str = "06DUSHANBE50";

/// Whether `screen` holds a status-bar position such as `¶3/14`.
fn shows_paragraph_position(screen: &str) -> bool {
    screen.match_indices('¶').any(|(at, mark)| {
        let rest = &screen[at + mark.len()..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with('/')
    })
}

/// Open the first cable and scroll until a numbered paragraph is on top.
fn open_a_paragraph(client: &mut Client) {
    client.wait_for(A_CABLE);
    let mark = client.mark();
    client.send(b"\r}}");
    read_until(&client.master, &mut client.seen, |s| {
        shows_paragraph_position(&s[mark..])
    });
}

/// Wait until `read()` holds `what`.
fn eventually(what: &str, read: impl Fn() -> String) -> String {
    let started = Instant::now();
    loop {
        let text = read();
        if text.contains(what) {
            return text;
        }
        assert!(started.elapsed() < GUARD, "never saw {what:?} in {text:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
#[ignore = "needs the OpenSSH client (ssh, ssh-keygen); .ci/run installs and runs it"]
fn a_bookmark_made_over_ssh_lands_in_that_users_store_only() {
    let setup = Setup::new();
    let (alice, bob) = (setup.key("alice"), setup.key("bob"));
    setup.authorize(&[(&alice, "alice"), (&bob, "bob")]);
    let mut server = Server::start(&setup, &[]);
    // Alice: the list appears, keys work (open, scroll), a bookmark with a note, quit.
    let mut a = Client::connect(&server, &alice, (100, 30));
    open_a_paragraph(&mut a);
    let mark = a.mark();
    a.send(b"m");
    a.wait_after(mark, "note: ");
    a.send(b"alice-only-note\r");
    let mark = a.mark();
    a.send(b"B");
    a.wait_after(mark, "alice-only-note");
    a.send(b"Q");
    let (code, _) = a.wait_closed();
    assert_eq!(code, Some(0));
    let alice_files = eventually("alice-only-note", || setup.user_files("alice"));
    assert!(alice_files.contains(A_CABLE), "{alice_files}");
    // Bob (a second key is a second user): his bookmarks screen is empty, his store his own.
    let mut b = Client::connect(&server, &bob, (100, 30));
    b.wait_for(A_CABLE);
    let mark = b.mark();
    b.send(b"B");
    b.wait_after(mark, "ookmark");
    b.send(b"Q");
    let (code, seen) = b.wait_closed();
    assert_eq!(code, Some(0));
    assert!(!seen.contains("alice-only-note"), "bob saw alice's note");
    assert!(!setup.user_files("bob").contains("alice-only-note"));
    let line = server.wait_for_log(|l| l.contains("user=bob"));
    assert!(line.contains("key=SHA256:") && line.contains("from=127.0.0.1:"));
    assert!(
        line.contains("duration=") && line.contains("end=closed"),
        "{line}"
    );
}

#[test]
#[ignore = "needs the OpenSSH client (ssh, ssh-keygen); .ci/run installs and runs it"]
fn unknown_keys_commands_subsystems_and_forwarding_are_refused() {
    let setup = Setup::new();
    let (alice, mallory) = (setup.key("alice"), setup.key("mallory"));
    setup.authorize(&[(&alice, "alice")]);
    let mut server = Server::start(&setup, &[]);
    let out = server.run(&mallory, &[], &[]);
    assert_eq!(out.status.code(), Some(255));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Permission denied (publickey)"));
    server.wait_for_log(|l| l.contains("user=- ") && l.contains("end=refused:_unknown_key"));
    let out = server.run(&alice, &[], &["ls"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cables serve: commands are not run here"),
        "{err}"
    );
    let out = server.run(&alice, &["-s"], &["sftp"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no subsystem is served here"), "{err}");
    let out = server.run(&alice, &["-T"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a terminal"), "{err}");
    let out = server.run(
        &alice,
        &[
            "-N",
            "-R",
            "0:127.0.0.1:9",
            "-o",
            "ExitOnForwardFailure=yes",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(255));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("remote port forwarding failed"), "{err}");
    // A forward to an address through the server (what `-L` does per connection): refused.
    let out = server.run(&alice, &["-W", "127.0.0.1:9"], &[]);
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("forwarding failed"), "{err}");
}

#[test]
#[ignore = "needs the OpenSSH client (ssh, ssh-keygen); .ci/run installs and runs it"]
fn a_resize_redraws_at_the_new_size_and_a_huge_window_is_clamped() {
    let (_setup, alice, server) = alice_server(&["--max-window", "150x50"]);
    let mut a = Client::connect(&server, &alice, (80, 24));
    a.wait_for(A_CABLE);
    assert!(!a.seen.contains("\x1b[40;"), "drawn past row 24 at 80x24");
    // 120x40: the next frame reaches row 40.
    let mark = a.mark();
    resize(&a.master, 120, 40);
    a.wait_after(mark, "\x1b[40;");
    // 10000x10000 is drawn at the largest window allowed (150x50), nothing past row 50.
    let mark = a.mark();
    resize(&a.master, 10_000, 10_000);
    a.wait_after(mark, "\x1b[50;");
    // Still answering: the help opens.
    let mark = a.mark();
    a.send(b"?");
    a.wait_after(mark, "esc close");
    assert!(!a.seen[mark..].contains("\x1b[51;"), "drawn past the limit");
    a.send(b"Q");
    let (code, _) = a.wait_closed();
    assert_eq!(code, Some(0));
}

#[test]
#[ignore = "needs the OpenSSH client (ssh, ssh-keygen); .ci/run installs and runs it"]
fn garbage_bytes_are_dropped_and_the_session_goes_on() {
    let (_setup, alice, server) = alice_server(&[]);
    let mut a = Client::connect(&server, &alice, (80, 24));
    a.wait_for(A_CABLE);
    a.send(b"\x1b[<999999;999999;999999M\x1b[[[[\x1bO\x1b[1;99999999X\x1b]0;t\x07\x1b[999999999999999999999999");
    a.send(&[0xff, 0xfe, 0xc3, 0x28, 0xf0, 0x28, 0x8c, 0x28]);
    let mark = a.mark();
    a.send(b"\x1b?");
    a.send(b"?");
    a.wait_after(mark, "esc close");
    a.send(b"Q");
    let (code, _) = a.wait_closed();
    assert_eq!(code, Some(0));
}

#[test]
#[ignore = "needs the OpenSSH client (ssh, ssh-keygen); .ci/run installs and runs it"]
fn killing_the_client_ends_the_session_and_saves_it() {
    let (setup, alice, mut server) = alice_server(&[]);
    let mut a = Client::connect(&server, &alice, (80, 24));
    open_a_paragraph(&mut a);
    pty_common::kill("-KILL", &a.child.id().to_string());
    server.wait_for_log(|l| l.contains("user=alice") && l.contains("end=closed"));
    // The reading position in the cable, past its start, is saved in alice's session file.
    let started = Instant::now();
    while saved_paragraph(&setup, "alice", A_CABLE).unwrap_or(0) == 0 {
        assert!(
            started.elapsed() < GUARD,
            "no position saved: {}",
            setup.user_files("alice")
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The paragraph of `cable` in `user`'s saved session, if any.
fn saved_paragraph(setup: &Setup, user: &str, cable: &str) -> Option<u64> {
    let dir = setup.data().join("users").join(user);
    let file = std::fs::read_dir(dir).ok()?.flatten().find(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        name.starts_with("session-") && name.ends_with(".json")
    })?;
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file.path()).ok()?).ok()?;
    doc.get("positions")?
        .as_array()?
        .iter()
        .find(|p| p.get("cable").and_then(|c| c.as_str()) == Some(cable))?
        .get("paragraph")?
        .as_u64()
}

#[test]
#[ignore = "needs the OpenSSH client (ssh, ssh-keygen); .ci/run installs and runs it"]
fn sigterm_tells_every_session_saves_it_and_exits() {
    let setup = Setup::new();
    let (alice, bob) = (setup.key("alice"), setup.key("bob"));
    setup.authorize(&[(&alice, "alice"), (&bob, "bob")]);
    let server = Server::start(&setup, &[]);
    let mut a = Client::connect(&server, &alice, (80, 24));
    open_a_paragraph(&mut a);
    let mut b = Client::connect(&server, &bob, (80, 24));
    b.wait_for(A_CABLE);
    let (code, log) = server.stop();
    assert_eq!(code, Some(0), "{log:?}");
    assert!(
        log.iter()
            .any(|l| l.contains("saving and closing 2 session(s)")),
        "{log:?}"
    );
    for client in [a, b] {
        let (code, seen) = client.wait_closed();
        assert_eq!(code, Some(0));
        assert!(seen.contains("the server is shutting down"), "{seen:?}");
    }
    assert!(saved_paragraph(&setup, "alice", A_CABLE).is_some_and(|p| p > 0));
}

#[test]
#[ignore = "needs the OpenSSH client (ssh, ssh-keygen); .ci/run installs and runs it"]
fn a_session_over_the_users_limit_is_refused_with_a_reason() {
    let (_setup, alice, server) = alice_server(&["--max-sessions-per-user", "1"]);
    let mut a = Client::connect(&server, &alice, (80, 24));
    a.wait_for(A_CABLE);
    let out = server.run(&alice, &["-tt"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("alice already has 1 sessions open"), "{all}");
    // The first session is not disturbed.
    let mark = a.mark();
    a.send(b"?");
    a.wait_after(mark, "esc close");
}

#[test]
#[ignore = "needs the OpenSSH client (ssh, ssh-keygen); .ci/run installs and runs it"]
fn an_idle_session_is_saved_and_closed_with_a_reason() {
    let (_setup, alice, server) = alice_server(&["--idle-timeout", "1s"]);
    let mut a = Client::connect(&server, &alice, (80, 24));
    a.wait_for(A_CABLE);
    let (code, seen) = a.wait_closed();
    assert_eq!(code, Some(0));
    assert!(
        seen.contains("without a key; your place is saved"),
        "{seen:?}"
    );
}

#[test]
#[ignore = "needs the OpenSSH client (ssh, ssh-keygen); .ci/run installs and runs it"]
fn a_flood_from_one_address_is_capped_and_slowed_down() {
    let setup = Setup::new();
    let (alice, mallory) = (setup.key("alice"), setup.key("mallory"));
    setup.authorize(&[(&alice, "alice")]);
    let mut server = Server::start(&setup, &["--max-startups", "2", "--slowdown-after", "2"]);
    // Two connections that never authenticate hold every place: the next is closed at once.
    let held: Vec<_> = (0..2)
        .map(|_| std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("connect"))
        .collect();
    let out = server.run(&alice, &[], &["ls"]);
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    server.wait_for_log(|l| l.contains("end=refused:_too_many_connections_authenticating"));
    drop(held);
    let freed = |l: &str| l.contains("end=closed_before_authenticating");
    let started = Instant::now();
    while server.log().iter().filter(|l| freed(l)).count() < 2 {
        assert!(started.elapsed() < GUARD, "{:?}", server.log());
        std::thread::sleep(Duration::from_millis(20));
    }
    // Failed logins from the address: after two, the next connection waits first.
    for _ in 0..2 {
        let out = server.run(&mallory, &[], &[]);
        assert_eq!(out.status.code(), Some(255));
    }
    let out = server.run(&alice, &[], &["ls"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "alice still gets in (and is refused a command)"
    );
    server.wait_for_log(|l| l.contains("from=127.0.0.1") && l.contains("delayed=1s"));
}

#[test]
#[ignore = "needs the OpenSSH client (ssh, ssh-keygen); .ci/run installs and runs it"]
fn colours_follow_the_clients_term_and_no_color() {
    let (_setup, alice, server) = alice_server(&[]);
    // xterm-256color: 256-colour codes.
    let mut a = Client::connect(&server, &alice, (80, 24));
    a.wait_for(A_CABLE);
    assert!(a.seen.contains("\x1b[38;5;") && has_colour(&a.seen));
    a.send(b"Q");
    a.wait_closed();
    // NO_COLOR sent by the client (SetEnv): no colour at all.
    let mut b = Client::connect_with(&server, &alice, (80, 24), &["-o", "SetEnv=NO_COLOR=1"]);
    b.wait_for(A_CABLE);
    b.send(b"Q");
    let (code, seen) = b.wait_closed();
    assert_eq!(code, Some(0));
    assert!(!has_colour(&seen), "{seen:?}");
}

/// Whether an SGR sequence in `screen` sets a foreground or background colour.
fn has_colour(screen: &str) -> bool {
    screen.split("\x1b[").skip(1).any(|rest| {
        let params: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ';')
            .collect();
        rest[params.len()..].starts_with('m')
            && params.split(';').any(|p| {
                matches!(
                    p.parse::<u32>(),
                    Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
                )
            })
    })
}
