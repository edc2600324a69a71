//! `cables serve`: the archive as an SSH application for a team. Readers connect with an
//! ordinary OpenSSH client and get the reader, with their own bookmarks and reading
//! positions, and nothing else (no shell, no files, no forwarding).
//!
//! - `users`: the authorized-keys file (the comment names the user).
//! - `hostkey`: the host key, made on first start (mode 0600).
//! - `handler`: one connection (authentication, the channel's requests, refusals).
//! - `session`: one session's App on the shared archive, run on a thread by the TUI's loop.
//! - `terminal`: the channel as a front end of that loop; `input`: keys from its bytes.
//! - `limits`: sessions (total, per user, idle), unauthenticated connections, slowdown.
//! - `log`: the connection log line.

pub mod handler;
pub mod hostkey;
pub mod input;
pub mod limits;
pub mod log;
pub mod session;
pub mod terminal;
pub mod users;

use crate::archive::Archive;
use crate::tui::state::palette::{PaletteLists, SharedLists};
use limits::{Failures, Limits, Sessions, Startups};
use russh::MethodKind;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How the server is run (from `cables serve`'s flags).
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen (`127.0.0.1:2222`; port 0 picks a free one, said at start).
    pub listen: String,
    /// The server's data folder: the host key, and each user's bookmarks and positions.
    pub data_dir: PathBuf,
    /// The authorized-keys file.
    pub authorized_keys: PathBuf,
    /// The limits.
    pub limits: Limits,
    /// Theme and colour depth for every session (`--theme`, `--color`); by default the
    /// colour depth follows each client's TERM and NO_COLOR.
    pub theme: Option<String>,
    pub color: Option<String>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    HostKey(#[from] hostkey::HostKeyError),
    #[error(transparent)]
    Keys(#[from] users::KeysFileError),
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: String,
        source: std::io::Error,
    },
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// What every connection shares: the archive (opened once, read-only), the palette's lists,
/// the limits and their book-keeping.
pub struct Shared {
    archive: Arc<Archive>,
    lists: SharedLists,
    copies: usize,
    data_dir: PathBuf,
    keys_path: PathBuf,
    limits: Limits,
    theme: Option<String>,
    color: Option<String>,
    sessions: Arc<Sessions>,
    startups: Arc<Startups>,
    failures: Failures,
    stopping: Arc<AtomicBool>,
}

/// How long the server waits for its sessions to save and close when it stops.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// Run the server until SIGTERM or Ctrl-C; then stop accepting, end every session (each is
/// told and saved) and return.
pub fn serve(archive: Archive, options: ServeOptions) -> Result<(), ServeError> {
    use crate::cable::sanitize::shown_path;
    let say = |text: &str| crate::output::report(&format!("cables serve: {text}"));
    create_private_dir(&options.data_dir).map_err(|source| ServeError::DataDir {
        path: shown_path(&options.data_dir),
        source,
    })?;
    let key_path = options.data_dir.join(hostkey::HOST_KEY_FILE);
    let (host_key, made) = hostkey::load_or_create(&key_path)?;
    let keys = users::AuthorizedKeys::load(&options.authorized_keys)?;
    say(&format!(
        "archive {} ({} cables)",
        archive.name(),
        archive.len()
    ));
    say(&format!(
        "host key {} {} ({})",
        hostkey::fingerprint(&host_key),
        if made { "made now in" } else { "from" },
        shown_path(&key_path)
    ));
    for problem in &keys.problems {
        say(&format!("warning: {problem}"));
    }
    let mut names: Vec<&str> = keys.keys.iter().map(|k| k.user.as_str()).collect();
    names.dedup();
    if names.is_empty() {
        say(&format!(
            "warning: no usable key in {} yet: add one line per user, `ssh-ed25519 AAAA… alice`",
            shown_path(&options.authorized_keys)
        ));
    } else {
        say(&format!(
            "{} user(s) in {}: {}",
            names.len(),
            shown_path(&options.authorized_keys),
            names.join(", ")
        ));
    }
    // Every session searches the same index: it is opened (a broken one rebuilt) before the
    // first reader connects, not by the first reader's search.
    if let Err(e) = archive.prepare_index() {
        say(&format!("warning: keyword search will fail: {e}"));
    }
    for w in archive.take_index_news() {
        say(&format!("warning: {}: {}", w.source, w.reason));
    }
    let archive = Arc::new(archive);
    let keymap = crate::tui::keymap::Keymap::defaults();
    let lists = SharedLists(Arc::new(PaletteLists::build(&archive, &keymap)));
    let shared = Arc::new(Shared {
        copies: archive.folded_copies(),
        archive,
        lists,
        data_dir: options.data_dir.clone(),
        keys_path: options.authorized_keys.clone(),
        limits: options.limits,
        theme: options.theme.clone(),
        color: options.color.clone(),
        sessions: Arc::new(Sessions::default()),
        startups: Arc::new(Startups::default()),
        failures: Failures::default(),
        stopping: Arc::new(AtomicBool::new(false)),
    });
    let config = russh::server::Config {
        methods: russh::MethodSet::from(&[MethodKind::PublicKey][..]),
        keys: vec![host_key],
        max_auth_attempts: options.limits.auth_attempts,
        auth_rejection_time: Duration::from_millis(500),
        auth_rejection_time_initial: Some(Duration::ZERO),
        // Also bounds a connection that never authenticates: nothing received for this long.
        inactivity_timeout: Some(options.limits.idle_timeout + Duration::from_secs(60)),
        keepalive_interval: Some(Duration::from_secs(60)),
        nodelay: true,
        ..Default::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let result = runtime.block_on(run(Arc::clone(&shared), Arc::new(config), &options.listen));
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

/// The data folder, made private to the server's user when it is created.
fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

async fn run(
    shared: Arc<Shared>,
    config: Arc<russh::server::Config>,
    listen: &str,
) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|source| ServeError::Listen {
            address: listen.to_string(),
            source,
        })?;
    let address = listener
        .local_addr()
        .map_or_else(|_| listen.to_string(), |a| a.to_string());
    crate::output::report(&format!("cables serve: listening on {address}"));
    let idle = shared.limits.idle_timeout;
    let reaper_shared = Arc::clone(&shared);
    let reaper = tokio::spawn(async move {
        let tick = (idle / 4).clamp(Duration::from_millis(200), Duration::from_secs(5));
        loop {
            tokio::time::sleep(tick).await;
            reaper_shared.sessions.end_idle(idle);
        }
    });
    let stop = stop_signal();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((socket, peer)) => accept(&shared, &config, socket, peer),
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    crate::output::report(&format!("cables serve: accept failed: {e}"));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
        }
    }
    drop(listener);
    reaper.abort();
    shared.stopping.store(true, Ordering::SeqCst);
    let open = shared.sessions.len();
    crate::output::report(&format!(
        "cables serve: stopping; saving and closing {open} session(s)"
    ));
    shared
        .sessions
        .end_all("the server is shutting down; your place is saved");
    let deadline = tokio::time::Instant::now() + STOP_GRACE;
    while !shared.sessions.is_empty() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let left = shared.sessions.len();
    if left > 0 {
        crate::output::report(&format!(
            "cables serve: {left} session(s) did not close in time"
        ));
    }
    crate::output::report("cables serve: stopped");
    Ok(())
}

/// Serve one accepted connection on a task of its own: refused at once when too many are
/// still authenticating, delayed when its address failed too often.
fn accept(
    shared: &Arc<Shared>,
    config: &Arc<russh::server::Config>,
    socket: tokio::net::TcpStream,
    peer: SocketAddr,
) {
    let Some(startup) = shared.startups.enter(shared.limits.max_startups) else {
        log::connection(&log::Line {
            user: None,
            fingerprint: None,
            peer: Some(peer),
            duration: Duration::ZERO,
            end: "refused: too many connections authenticating",
        });
        return;
    };
    let delay = shared
        .failures
        .delay(peer.ip(), shared.limits.slowdown_after);
    let (shared, config) = (Arc::clone(shared), Arc::clone(config));
    if !delay.is_zero() {
        crate::output::report(&format!(
            "cables serve: time={} from={peer} delayed={}s after failed connections",
            log::now(),
            delay.as_secs()
        ));
    }
    tokio::spawn(async move {
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let _ = socket.set_nodelay(true);
        let handler = handler::Connection::new(shared, Some(peer), startup);
        if let Ok(session) = russh::server::run_stream(config, socket, handler).await {
            let _ = session.await;
        }
    });
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
