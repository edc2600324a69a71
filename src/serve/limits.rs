//! The server's limits and the book-keeping behind them: the sessions open (total and per
//! user, and who has been idle too long), connections not yet authenticated, and the
//! failures per source address that slow its next connections down.

use crate::tui::event::{Event, Signal};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Every limit, with its default (each has a flag of `cables serve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Sessions open at once, all users together.
    pub max_sessions: usize,
    /// Sessions open at once by one user.
    pub max_sessions_per_user: usize,
    /// A session without a key pressed for this long is saved and closed.
    pub idle_timeout: Duration,
    /// Keys a connection may try before it is dropped.
    pub auth_attempts: usize,
    /// Connections not yet authenticated at once; more are closed at once.
    pub max_startups: usize,
    /// Failed connections from one address before its next ones are delayed (1 s, 2 s,
    /// 4 s… up to [`MAX_DELAY`]).
    pub slowdown_after: u32,
    /// The largest window (columns, rows); a bigger one is drawn at this size.
    pub max_window: (u16, u16),
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_sessions: 32,
            max_sessions_per_user: 4,
            idle_timeout: Duration::from_secs(30 * 60),
            auth_attempts: 6,
            max_startups: 16,
            slowdown_after: 3,
            max_window: (500, 200),
        }
    }
}

impl Limits {
    /// A window size from the client, clamped to `1..=max_window`.
    pub fn window(&self, cols: u32, rows: u32) -> (u16, u16) {
        let clamp = |v: u32, max: u16| v.clamp(1, u32::from(max.max(1))) as u16;
        (
            clamp(cols, self.max_window.0),
            clamp(rows, self.max_window.1),
        )
    }
}

/// The longest delay before a connection from an address that keeps failing is served.
pub const MAX_DELAY: Duration = Duration::from_secs(30);

/// Failures are forgotten this long after an address's last one.
const FAILURE_MEMORY: Duration = Duration::from_secs(10 * 60);

/// Addresses remembered at most (the oldest are forgotten first past this).
const MAX_ADDRESSES: usize = 10_000;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One open session, as the registry knows it.
struct Entry {
    user: String,
    events: Sender<Event>,
    last_input: Instant,
    ending: Arc<Mutex<Option<String>>>,
}

/// The sessions open now.
#[derive(Default)]
pub struct Sessions {
    open: Mutex<HashMap<u64, Entry>>,
    next: AtomicU64,
}

/// A session's place in the registry; dropping it (the session ended) frees the place.
pub struct Ticket {
    sessions: Arc<Sessions>,
    /// The session's number.
    pub id: u64,
    /// Why the server ended the session (idle, shutting down), told to the user at the end.
    pub ending: Arc<Mutex<Option<String>>>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        lock(&self.sessions.open).remove(&self.id);
    }
}

impl Sessions {
    /// Register a session of `user` whose loop reads `events`, or say which limit refuses it.
    pub fn start(
        self: &Arc<Self>,
        user: &str,
        events: Sender<Event>,
        limits: &Limits,
    ) -> Result<Ticket, String> {
        let mut open = lock(&self.open);
        if open.len() >= limits.max_sessions {
            return Err(format!(
                "the server is full ({} sessions open); try again later",
                limits.max_sessions
            ));
        }
        let mine = open.values().filter(|e| e.user == user).count();
        if mine >= limits.max_sessions_per_user {
            return Err(format!(
                "{user} already has {mine} sessions open (the limit is {}); close one first",
                limits.max_sessions_per_user
            ));
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let ending = Arc::new(Mutex::new(None));
        open.insert(
            id,
            Entry {
                user: user.to_string(),
                events,
                last_input: Instant::now(),
                ending: Arc::clone(&ending),
            },
        );
        Ok(Ticket {
            sessions: Arc::clone(self),
            id,
            ending,
        })
    }

    /// The user pressed a key in session `id`.
    pub fn touch(&self, id: u64) {
        if let Some(entry) = lock(&self.open).get_mut(&id) {
            entry.last_input = Instant::now();
        }
    }

    /// End every session idle for `timeout` or longer (saved, and told why). The number ended.
    pub fn end_idle(&self, timeout: Duration) -> usize {
        let open = lock(&self.open);
        let mut ended = 0;
        for entry in open.values() {
            if entry.last_input.elapsed() >= timeout {
                let minutes = timeout.as_secs().div_ceil(60);
                end(
                    entry,
                    &format!("closed after {minutes} minute(s) without a key; your place is saved"),
                );
                ended += 1;
            }
        }
        ended
    }

    /// End every session (the server is stopping), telling each why.
    pub fn end_all(&self, reason: &str) {
        for entry in lock(&self.open).values() {
            end(entry, reason);
        }
    }

    /// Sessions open now.
    pub fn len(&self) -> usize {
        lock(&self.open).len()
    }

    /// True when no session is open.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn end(entry: &Entry, reason: &str) {
    let mut ending = lock(&entry.ending);
    if ending.is_none() {
        *ending = Some(reason.to_string());
    }
    let _ = entry.events.send(Event::Signal(Signal::Terminate));
}

/// Connections not authenticated yet (OpenSSH's MaxStartups).
#[derive(Default)]
pub struct Startups {
    count: AtomicUsize,
}

/// A connection's place among those not authenticated yet; freed on drop.
pub struct Startup {
    startups: Arc<Startups>,
}

impl Drop for Startup {
    fn drop(&mut self) {
        self.startups.count.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Startups {
    /// A place for a new connection, or `None` when `max` are waiting already.
    pub fn enter(self: &Arc<Self>, max: usize) -> Option<Startup> {
        let taken = self
            .count
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            });
        taken.ok().map(|_| Startup {
            startups: Arc::clone(self),
        })
    }
}

/// Failed connections per source address.
#[derive(Default)]
pub struct Failures {
    by_address: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

impl Failures {
    /// How long to wait before serving a new connection from `ip`: nothing until `after`
    /// failures, then 1 s, doubling with each failure, up to [`MAX_DELAY`].
    pub fn delay(&self, ip: IpAddr, after: u32) -> Duration {
        let map = lock(&self.by_address);
        match map.get(&ip) {
            Some(&(n, last)) if n >= after && last.elapsed() < FAILURE_MEMORY => {
                let doublings = (n - after).min(5);
                Duration::from_secs(1 << doublings).min(MAX_DELAY)
            }
            _ => Duration::ZERO,
        }
    }

    /// A connection from `ip` ended without authenticating after trying a key.
    pub fn failed(&self, ip: IpAddr) {
        let mut map = lock(&self.by_address);
        if map.len() >= MAX_ADDRESSES {
            map.retain(|_, (_, last)| last.elapsed() < FAILURE_MEMORY);
            if map.len() >= MAX_ADDRESSES
                && let Some(oldest) = map
                    .iter()
                    .min_by_key(|(_, (_, last))| *last)
                    .map(|(ip, _)| *ip)
            {
                map.remove(&oldest);
            }
        }
        let entry = map.entry(ip).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= FAILURE_MEMORY {
            entry.0 = 0;
        }
        entry.0 = entry.0.saturating_add(1);
        entry.1 = Instant::now();
    }

    /// A user from `ip` authenticated: its failures are forgotten.
    pub fn succeeded(&self, ip: IpAddr) {
        lock(&self.by_address).remove(&ip);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn sessions_are_limited_in_total_and_per_user() {
        let sessions = Arc::new(Sessions::default());
        let limits = Limits {
            max_sessions: 3,
            max_sessions_per_user: 2,
            ..Limits::default()
        };
        let (tx, _rx) = mpsc::channel();
        let a1 = sessions.start("alice", tx.clone(), &limits);
        let a2 = sessions.start("alice", tx.clone(), &limits);
        assert!(a1.is_ok() && a2.is_ok());
        let a3 = sessions.start("alice", tx.clone(), &limits);
        assert!(a3.is_err_and(|e| e.contains("alice already has 2")));
        let b1 = sessions.start("bob", tx.clone(), &limits);
        assert!(b1.is_ok());
        let c1 = sessions.start("carol", tx.clone(), &limits);
        assert!(c1.is_err_and(|e| e.contains("full")));
        drop(a1);
        assert_eq!(sessions.len(), 2);
        assert!(sessions.start("carol", tx, &limits).is_ok());
    }

    #[test]
    fn idle_sessions_are_ended_and_told_why() {
        let sessions = Arc::new(Sessions::default());
        let (tx, rx) = mpsc::channel();
        let ticket = sessions.start("alice", tx, &Limits::default());
        let Ok(ticket) = ticket else {
            panic!("a session");
        };
        assert_eq!(sessions.end_idle(Duration::from_secs(3600)), 0);
        assert!(rx.try_recv().is_err());
        assert_eq!(sessions.end_idle(Duration::ZERO), 1);
        assert_eq!(rx.try_recv().ok(), Some(Event::Signal(Signal::Terminate)));
        let why = lock(&ticket.ending).clone();
        assert!(why.is_some_and(|w| w.contains("without a key")));
    }

    #[test]
    fn failures_slow_an_address_down_and_success_forgives() {
        let failures = Failures::default();
        let ip: IpAddr = [10, 0, 0, 1].into();
        let other: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..3 {
            assert_eq!(failures.delay(ip, 3), Duration::ZERO);
            failures.failed(ip);
        }
        assert_eq!(failures.delay(ip, 3), Duration::from_secs(1));
        failures.failed(ip);
        assert_eq!(failures.delay(ip, 3), Duration::from_secs(2));
        for _ in 0..20 {
            failures.failed(ip);
        }
        assert_eq!(failures.delay(ip, 3), MAX_DELAY);
        assert_eq!(failures.delay(other, 3), Duration::ZERO);
        failures.succeeded(ip);
        assert_eq!(failures.delay(ip, 3), Duration::ZERO);
    }

    #[test]
    fn startups_are_capped_and_freed() {
        let startups = Arc::new(Startups::default());
        let a = startups.enter(2);
        let b = startups.enter(2);
        assert!(a.is_some() && b.is_some());
        assert!(startups.enter(2).is_none());
        drop(a);
        assert!(startups.enter(2).is_some());
    }

    #[test]
    fn windows_are_clamped() {
        let limits = Limits::default();
        assert_eq!(limits.window(10_000, 10_000), (500, 200));
        assert_eq!(limits.window(0, 0), (1, 1));
        assert_eq!(limits.window(80, 24), (80, 24));
    }
}
