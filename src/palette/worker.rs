//! Matching off the UI thread. The UI submits each new needle with [`PaletteWorker::submit`]
//! (never blocks) and picks results up with [`PaletteWorker::try_recv`] or through a sink
//! of its own. Every submission bumps a generation counter; the worker skips queued
//! requests that are no longer the newest and abandons a running scan between chunks as
//! soon as a newer one arrives, and results of older generations are never delivered.

use super::candidates::CandidateList;
use super::matcher::{Engine, Ranking};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// A ranking for one submitted needle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// The generation returned by the `submit` this answers.
    pub generation: u64,
    pub ranking: Ranking,
    /// False for a provisional ranking of a scan still running.
    pub done: bool,
}

struct Request {
    generation: u64,
    list: Arc<CandidateList>,
    needle: String,
}

/// Where the worker delivers updates.
pub type Sink = Box<dyn Fn(Update) + Send>;

/// A matching thread and the handle to talk to it.
pub struct PaletteWorker {
    requests: Option<Sender<Request>>,
    updates: Option<Receiver<Update>>,
    generation: Arc<AtomicU64>,
    /// The list and needle of the latest submission (`None` after a cancel): a scan it
    /// overtakes may finish to be narrowed from ([`Engine::rank_or_finish`]).
    latest: Arc<Latest>,
    thread: Option<JoinHandle<()>>,
}

impl PaletteWorker {
    /// Start a worker that scans with `threads` threads; read results with `try_recv`.
    pub fn spawn(threads: usize) -> std::io::Result<PaletteWorker> {
        let (tx, rx) = mpsc::channel();
        let mut worker = PaletteWorker::spawn_with_sink(
            threads,
            Box::new(move |update| {
                let _ = tx.send(update);
            }),
        )?;
        worker.updates = Some(rx);
        Ok(worker)
    }

    /// Start a worker that hands each update to `sink` (for example, to send it into the
    /// UI's event channel). The caller drops stale ones with [`PaletteWorker::is_current`].
    pub fn spawn_with_sink(threads: usize, sink: Sink) -> std::io::Result<PaletteWorker> {
        let (requests, inbox) = mpsc::channel::<Request>();
        let generation = Arc::new(AtomicU64::new(0));
        let current = Arc::clone(&generation);
        let latest = Arc::new(Latest::default());
        let newest = Arc::clone(&latest);
        let thread = std::thread::Builder::new()
            .name("palette".into())
            .spawn(move || serve(inbox, &current, &newest, threads, &sink))?;
        Ok(PaletteWorker {
            requests: Some(requests),
            updates: None,
            generation,
            latest,
            thread: Some(thread),
        })
    }

    /// Ask for the ranking of `list` against `needle`; older requests become stale.
    /// Returns the request's generation.
    pub fn submit(&self, list: Arc<CandidateList>, needle: &str) -> u64 {
        self.latest
            .set(Some((Arc::clone(&list), needle.to_string())));
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(requests) = &self.requests {
            let _ = requests.send(Request {
                generation,
                list,
                needle: needle.to_string(),
            });
        }
        generation
    }

    /// Like [`PaletteWorker::submit`], with the caller's own (increasing) generation number,
    /// so that the caller can match answers to requests.
    pub fn submit_as(&self, generation: u64, list: Arc<CandidateList>, needle: &str) {
        self.latest
            .set(Some((Arc::clone(&list), needle.to_string())));
        self.generation.fetch_max(generation, Ordering::SeqCst);
        if let Some(requests) = &self.requests {
            let _ = requests.send(Request {
                generation,
                list,
                needle: needle.to_string(),
            });
        }
    }

    /// Make everything submitted so far stale (e.g. when the palette closes).
    pub fn cancel(&self) {
        self.latest.set(None);
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The generation of the latest submission.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// True when `update` answers the latest submission.
    pub fn is_current(&self, update: &Update) -> bool {
        update.generation == self.generation()
    }

    /// The newest update for the latest submission, if one has arrived; stale ones are
    /// dropped. Always `None` for a worker made with `spawn_with_sink`.
    pub fn try_recv(&self) -> Option<Update> {
        let updates = self.updates.as_ref()?;
        let mut newest = None;
        while let Ok(update) = updates.try_recv() {
            if self.is_current(&update) {
                newest = Some(update);
            }
        }
        newest
    }

    /// Wait up to `timeout` for the final update of the latest submission.
    pub fn recv_done(&self, timeout: Duration) -> Option<Update> {
        let updates = self.updates.as_ref()?;
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(std::time::Instant::now())?;
            let update = updates.recv_timeout(left).ok()?;
            if update.done && self.is_current(&update) {
                return Some(update);
            }
        }
    }
}

impl Drop for PaletteWorker {
    fn drop(&mut self) {
        self.cancel();
        self.requests = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The list and needle of the latest submission.
#[derive(Default)]
struct Latest(Mutex<Option<(Arc<CandidateList>, String)>>);

impl Latest {
    fn set(&self, latest: Option<(Arc<CandidateList>, String)>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = latest;
    }

    /// Whether the latest submission is for `list` and a needle that starts with `needle`
    /// (so a finished scan of `needle` is one it can narrow from).
    fn extends(&self, list: &Arc<CandidateList>, needle: &str) -> bool {
        let latest = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        latest
            .as_ref()
            .is_some_and(|(l, n)| Arc::ptr_eq(l, list) && n.starts_with(needle))
    }
}

/// The worker's loop: take the newest request, rank, deliver unless it went stale (a scan
/// overtaken by an extension of its needle may finish first, to be narrowed from).
fn serve(
    inbox: Receiver<Request>,
    current: &AtomicU64,
    latest: &Latest,
    threads: usize,
    sink: &Sink,
) {
    let mut engine = Engine::new(threads);
    while let Ok(mut request) = inbox.recv() {
        while let Ok(newer) = inbox.try_recv() {
            request = newer;
        }
        let generation = request.generation;
        let stale = || current.load(Ordering::SeqCst) != generation;
        if stale() {
            continue;
        }
        let extended = || latest.extends(&request.list, &request.needle);
        let ranking = engine.rank_or_finish(
            &request.list,
            &request.needle,
            &stale,
            &extended,
            &mut |ranking| {
                if !stale() {
                    sink(Update {
                        generation,
                        ranking,
                        done: false,
                    });
                }
            },
        );
        if let Some(ranking) = ranking
            && !stale()
        {
            sink(Update {
                generation,
                ranking,
                done: true,
            });
        }
    }
}
