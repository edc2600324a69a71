//! Ranking a candidate list against a needle, fast enough to run on every keystroke.
//!
//! 1. **Narrowing on append**: when the needle extends the previous one (same list), only
//!    the previous matches are scanned; a line that misses `tra` cannot match `traf`.
//! 2. **Cheap first pass on every core**: chunks of the list are scanned by one thread per
//!    core with nucleo's greedy matcher, which decides *whether* a line matches (exactly as
//!    the full matcher would) and gives a rough score; each match also gets its [`Tier`].
//!    Cancellation is checked between chunks.
//! 3. **Full scoring of the few**: the best [`RESCORE`] by (tier, rough score) are scored
//!    with nucleo's optimal matcher; the top [`TOP`] are picked with `select_nth_unstable`
//!    and only those are sorted.
//!
//! The order is tier, then score, then the candidate's rank (date: newest first), then
//! list position, so a narrowed search gives exactly the ranking a fresh one does.

use super::candidates::CandidateList;
use super::needle::{Needle, Tier};
use nucleo_matcher::{Config, Matcher};
use std::cmp::Ordering;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How many ranked results a search returns.
pub const TOP: usize = 200;
/// How many first-pass matches get the full (optimal) score.
pub const RESCORE: usize = 1000;
/// Candidates per unit of parallel work (and per cancellation check).
const CHUNK: usize = 4096;
/// How long a scan runs before partial results are reported, and how often after.
const PARTIAL_EVERY: Duration = Duration::from_millis(30);

/// One matching candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Position in the candidate list.
    pub index: u32,
    pub tier: Tier,
    pub score: u32,
}

/// The best matches of a search, best first, with the counts the palette shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ranking {
    pub matches: Vec<Match>,
    /// How many candidates matched (so far, in a partial ranking).
    pub matched: usize,
    /// How many candidates the list holds.
    pub total: usize,
}

/// A useful number of matching threads: the cores available, at most 4.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// The previous completed search, the base for narrowing.
struct LastScan {
    list: Arc<CandidateList>,
    needle: String,
    indices: Vec<u32>,
}

/// The ranking engine: one nucleo matcher per thread (each holds ~135 KB of scratch
/// space) and the last match set for narrowing.
pub struct Engine {
    matchers: Vec<Matcher>,
    last: Option<LastScan>,
}

/// The matches of one chunk, once it is scanned.
type ChunkResult = Option<Vec<Match>>;

/// Which candidates a scan looks at.
#[derive(Clone, Copy)]
enum Scope<'a> {
    All(usize),
    Subset(&'a [u32]),
}

impl Scope<'_> {
    fn len(self) -> usize {
        match self {
            Scope::All(n) => n,
            Scope::Subset(s) => s.len(),
        }
    }

    fn chunk(self, k: usize, out: &mut Vec<u32>) {
        out.clear();
        let from = k * CHUNK;
        let to = (from + CHUNK).min(self.len());
        match self {
            Scope::All(_) => out.extend((from..to).filter_map(|i| u32::try_from(i).ok())),
            Scope::Subset(s) => out.extend_from_slice(s.get(from..to).unwrap_or(&[])),
        }
    }
}

impl Engine {
    /// An engine that scans with `threads` threads (at least one).
    pub fn new(threads: usize) -> Engine {
        Engine {
            matchers: (0..threads.max(1))
                .map(|_| Matcher::new(Config::DEFAULT))
                .collect(),
            last: None,
        }
    }

    /// Forget the last search, so the next one scans everything.
    pub fn reset(&mut self) {
        self.last = None;
    }

    /// Rank `list` against `needle`. Returns `None` when `cancelled` became true
    /// (checked between chunks). `partial` gets provisional rankings of long scans.
    pub fn rank(
        &mut self,
        list: &Arc<CandidateList>,
        needle: &str,
        cancelled: &(dyn Fn() -> bool + Sync),
        partial: &mut dyn FnMut(Ranking),
    ) -> Option<Ranking> {
        let parsed = Needle::new(needle);
        let total = list.len();
        if parsed.is_empty() {
            self.last = None;
            let mut all: Vec<Match> = (0..total)
                .filter_map(|i| u32::try_from(i).ok())
                .map(|index| Match {
                    index,
                    tier: Tier::Fuzzy,
                    score: 0,
                })
                .collect();
            top(list, &mut all, TOP);
            return Some(Ranking {
                matched: total,
                matches: all,
                total,
            });
        }
        let last = self.last.take();
        let scope = match &last {
            Some(l) if Arc::ptr_eq(&l.list, list) && needle.starts_with(l.needle.as_str()) => {
                Scope::Subset(&l.indices)
            }
            _ => Scope::All(total),
        };
        let Some(found) = self.scan(list, scope, &parsed, cancelled, partial) else {
            self.last = last;
            return None;
        };
        drop(last);
        self.last = Some(LastScan {
            list: Arc::clone(list),
            needle: needle.to_string(),
            indices: found.iter().map(|m| m.index).collect(),
        });
        let matched = found.len();
        let mut best = found;
        keep_best(list, &mut best, RESCORE);
        if let Some(matcher) = self.matchers.first_mut() {
            for m in &mut best {
                if let Some(c) = list.get(m.index) {
                    m.score = parsed.score(c.haystack(), matcher).unwrap_or(m.score);
                }
            }
        }
        top(list, &mut best, TOP);
        Some(Ranking {
            matches: best,
            matched,
            total,
        })
    }

    /// The first pass over `scope` on every thread: the matches in list order, with tier
    /// and rough score; `None` when cancelled.
    fn scan(
        &mut self,
        list: &CandidateList,
        scope: Scope<'_>,
        needle: &Needle,
        cancelled: &(dyn Fn() -> bool + Sync),
        partial: &mut dyn FnMut(Ranking),
    ) -> Option<Vec<Match>> {
        let chunks = scope.len().div_ceil(CHUNK);
        let done: Mutex<Vec<ChunkResult>> = Mutex::new(vec![None; chunks]);
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        // Each thread takes the next chunk until none is left or the search is cancelled;
        // `after_chunk` sees the finished chunks (under the lock).
        let work = |matcher: &mut Matcher, after_chunk: &mut dyn FnMut(&[ChunkResult])| {
            let mut ids = Vec::with_capacity(CHUNK);
            loop {
                if stop.load(Relaxed) || cancelled() {
                    stop.store(true, Relaxed);
                    return;
                }
                let k = next.fetch_add(1, Relaxed);
                if k >= chunks {
                    return;
                }
                scope.chunk(k, &mut ids);
                let found = scan_chunk(list, &ids, needle, matcher);
                let mut slots = done.lock().unwrap_or_else(PoisonError::into_inner);
                if let Some(slot) = slots.get_mut(k) {
                    *slot = Some(found);
                }
                after_chunk(&slots);
            }
        };
        let (first, others) = self.matchers.split_first_mut()?;
        std::thread::scope(|s| {
            for matcher in others.iter_mut() {
                s.spawn(|| work(matcher, &mut |_| {}));
            }
            // This thread works too, and reports partial rankings of long scans.
            let started = Instant::now();
            let mut report_at = PARTIAL_EVERY;
            work(first, &mut |slots| {
                if started.elapsed() < report_at {
                    return;
                }
                let mut so_far: Vec<Match> = slots.iter().flatten().flatten().copied().collect();
                let matched = so_far.len();
                top(list, &mut so_far, TOP);
                partial(Ranking {
                    matches: so_far,
                    matched,
                    total: list.len(),
                });
                report_at = started.elapsed() + PARTIAL_EVERY;
            });
        });
        if stop.load(Relaxed) {
            return None;
        }
        let slots = done.into_inner().unwrap_or_else(PoisonError::into_inner);
        Some(slots.into_iter().flatten().flatten().collect())
    }
}

/// Match one chunk of candidates: greedy score and tier of each that matches.
fn scan_chunk(
    list: &CandidateList,
    ids: &[u32],
    needle: &Needle,
    matcher: &mut Matcher,
) -> Vec<Match> {
    let mut found = Vec::new();
    for &index in ids {
        let Some(c) = list.get(index) else { continue };
        if let Some(score) = needle.greedy_score(c.haystack(), matcher) {
            found.push(Match {
                index,
                tier: needle.tier(c),
                score,
            });
        }
    }
    found
}

/// The palette's order: tier, score (high first), rank (high first), list position.
fn order(list: &CandidateList) -> impl Fn(&Match, &Match) -> Ordering + '_ {
    let rank = |m: &Match| list.get(m.index).map_or(0, |c| c.rank);
    move |a, b| {
        a.tier
            .cmp(&b.tier)
            .then_with(|| b.score.cmp(&a.score))
            .then_with(|| rank(b).cmp(&rank(a)))
            .then_with(|| a.index.cmp(&b.index))
    }
}

/// Keep the best `n` matches, in no particular order.
fn keep_best(list: &CandidateList, matches: &mut Vec<Match>, n: usize) {
    if matches.len() > n && n > 0 {
        matches.select_nth_unstable_by(n - 1, order(list));
        matches.truncate(n);
    }
}

/// Keep the best `n` matches, best first.
fn top(list: &CandidateList, matches: &mut Vec<Match>, n: usize) {
    keep_best(list, matches, n);
    matches.sort_unstable_by(order(list));
}
