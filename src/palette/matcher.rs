//! Ranking a candidate list against a needle, fast enough to run on every keystroke.
//!
//! 1. **Narrowing on append**: when the needle extends the previous one (same list), only
//!    the previous matches are scanned; a line that misses `tra` cannot match `traf`. A
//!    scan overtaken by the next key keeps what it scanned (a `Known` layer), so the
//!    next needle scans afresh only the lines no earlier needle reached.
//! 2. **Cheap first pass on every core**: chunks of the list are scanned by one thread per
//!    core, deciding *whether* a line matches (a `memchr` subsequence test for ASCII, exactly
//!    nucleo's notion of a match) and its [`Tier`], without scoring. Cancellation is checked
//!    between chunks.
//! 3. **Scores only where they decide**: key and word-start matches are ranked by date
//!    alone (the spec: "ties broken by date"), so they need no score. When the fuzzy tier
//!    is contested, nucleo's greedy matcher scores its matches (on every core) and the best
//!    [`RESCORE`] go on. When the needle narrows one whose fuzzy tier was contested, the
//!    first pass scores them itself, while each line is at hand, from where its last word's
//!    match ends.
//! 4. **Full scoring of the few**: the fuzzy matches among those get nucleo's optimal
//!    score; the top [`TOP`] are picked with `select_nth_unstable` and only those sorted.
//!
//! The order is tier, then score (fuzzy tier only; 0 elsewhere), then the candidate's rank
//! (date: newest first), then list position, so a narrowed search gives exactly the
//! ranking a fresh one does.

use super::candidates::{Candidate, CandidateList};
use super::needle::{Needle, Pass, Tier};
use nucleo_matcher::{Config, Matcher};
use std::cmp::Ordering;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How many ranked results a search returns.
pub const TOP: usize = 200;
/// How many first-pass matches get the full (optimal) score.
pub const RESCORE: usize = 1000;
/// Set in a first-pass match's `score` when it holds the line's greedy score.
const GREEDY_KNOWN: u32 = 1 << 31;
/// Candidates per unit of parallel work (and per cancellation check).
const CHUNK: usize = 4096;
/// A chunk whose candidates span this many times their number of list positions or more
/// is scanned with prefetching ([`scan_chunk`]).
const SPARSE: usize = 2;
/// How many candidates ahead a scan prefetches records, and texts (whose records must be
/// in cache by then).
const PREFETCH_RECORD: usize = 16;
const PREFETCH_TEXT: usize = 8;
/// By default, scans of fewer candidates than this run on one thread.
pub const PARALLEL_FROM: usize = 32_768;
/// How long a scan runs before partial results are reported, and how often after
/// (each report selects a top over the matches so far, so not too often).
const PARTIAL_FIRST: Duration = Duration::from_millis(30);
const PARTIAL_EVERY: Duration = Duration::from_millis(100);

/// One matching candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Position in the candidate list.
    pub index: u32,
    pub tier: Tier,
    pub score: u32,
    /// The candidate's tie-breaking rank (copied here to keep sorting cache-friendly).
    pub rank: u32,
    /// While ranking, what the first pass learnt ([`Pass::pack`]); 0 in a [`Ranking`].
    pass: u32,
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

/// What the previous searches of one list found, the base for narrowing. The list is
/// known from its start layer by layer, each layer the matches of one needle over a
/// stretch of it (the newest needle first; each older one is a prefix of it), and from
/// `covered` on it was not scanned. A finished search leaves one layer over the whole list.
/// A search overtaken by the next key (keys come faster than millions of lines are
/// scanned) leaves the layer it scanned in front of what is left of the older ones, so the
/// next needle scans afresh only what nobody has scanned yet: typed a key every 5 ms, the
/// last key otherwise read all 2.7 million lines again.
struct Known {
    list: Arc<CandidateList>,
    /// The newest needle.
    needle: String,
    layers: Vec<Layer>,
    covered: usize,
    /// Whether the newest needle's fuzzy tier was contested: more lines than [`RESCORE`]
    /// in and above it, so its matches were greedy-scored.
    fuzzy_contested: bool,
}

/// The matches of one needle over a stretch of the list.
struct Layer {
    parsed: Needle,
    /// Their list positions, ascending.
    indices: Vec<u32>,
    /// What the first pass learnt of each of them ([`Pass::pack`]), in the same order.
    passes: Vec<u32>,
    /// How many of them a newer layer has taken over (scanned for its own needle).
    from: usize,
}

impl Layer {
    /// The layer of the matches `found`, in list order.
    fn of(parsed: Needle, found: &[Match]) -> Layer {
        Layer {
            parsed,
            indices: found.iter().map(|m| m.index).collect(),
            passes: found.iter().map(|m| m.pass).collect(),
            from: 0,
        }
    }

    /// The matches no newer layer has taken over.
    fn indices(&self) -> &[u32] {
        self.indices.get(self.from..).unwrap_or(&[])
    }

    /// What the first pass learnt of each of [`Layer::indices`].
    fn passes(&self) -> &[u32] {
        self.passes.get(self.from..).unwrap_or(&[])
    }
}

impl Known {
    /// What is known after a search of `needle` over the whole list found `found`.
    fn finished(list: &Arc<CandidateList>, needle: &str, parsed: Needle, found: &[Match]) -> Known {
        Known {
            list: Arc::clone(list),
            needle: needle.to_string(),
            layers: vec![Layer::of(parsed, found)],
            covered: list.len(),
            fuzzy_contested: false,
        }
    }

    /// What is known after a search of `needle` over the scope of `older` (the whole list
    /// when `None`) stopped once it had scanned the scope's first `consumed` candidates,
    /// finding `found`: a layer of its own in front of the rest of the older ones.
    fn overtaken(
        older: Option<Known>,
        list: &Arc<CandidateList>,
        needle: &str,
        parsed: Needle,
        found: &[Match],
        consumed: usize,
    ) -> Known {
        let (mut layers, mut covered) = older.map_or((Vec::new(), 0), |k| (k.layers, k.covered));
        let mut consumed = consumed;
        for layer in &mut layers {
            let taken = layer.indices().len().min(consumed);
            layer.from += taken;
            consumed -= taken;
        }
        layers.retain(|l| !l.indices().is_empty());
        covered += consumed;
        layers.insert(0, Layer::of(parsed, found));
        Known {
            list: Arc::clone(list),
            needle: needle.to_string(),
            layers,
            covered,
            fuzzy_contested: matches!(contested_tier(found), Some((Tier::Fuzzy, _))),
        }
    }

    /// The candidates a needle that extends this one's looks at: the layers' matches,
    /// then the list from `covered`.
    fn scope(&self) -> Scope<'_> {
        Scope::new(
            self.layers.iter().map(Layer::indices).collect(),
            self.covered..self.list.len(),
        )
    }
}

/// The ranking engine: one nucleo matcher per thread (each holds ~135 KB of scratch
/// space) and what the last searches found, for narrowing.
pub struct Engine {
    matchers: Vec<Matcher>,
    known: Option<Known>,
    /// A finished search that a fresh one (after a backspace, say) overtook part way: kept
    /// for a needle that extends it again and not the partial one (the same key typed
    /// again).
    spare: Option<Known>,
    parallel_from: usize,
}

/// What a parallel pass does with one candidate: its index in the list and its position
/// in the scope.
type PerItem<'a> = dyn Fn(&Candidate<'_>, u32, usize, &mut Matcher) -> Option<Match> + Sync + 'a;

/// The matches of one chunk, once it is scanned.
type ChunkResult = Option<Vec<Match>>;

/// Which candidates a scan looks at, in list order: some named one by one, piece after
/// piece, then every list position in `rest`.
struct Scope<'a> {
    pieces: Vec<&'a [u32]>,
    /// Where each piece starts in the scope.
    starts: Vec<usize>,
    /// How many candidates the pieces name.
    named: usize,
    rest: Range<usize>,
}

impl<'a> Scope<'a> {
    fn new(pieces: Vec<&'a [u32]>, rest: Range<usize>) -> Scope<'a> {
        let mut starts = Vec::with_capacity(pieces.len());
        let mut named = 0;
        for piece in &pieces {
            starts.push(named);
            named += piece.len();
        }
        Scope {
            pieces,
            starts,
            named,
            rest,
        }
    }

    /// Every candidate of a list of `n`.
    fn all(n: usize) -> Scope<'a> {
        Scope::new(Vec::new(), 0..n)
    }

    /// These candidates.
    fn subset(indices: &'a [u32]) -> Scope<'a> {
        Scope::new(vec![indices], 0..0)
    }

    fn len(&self) -> usize {
        self.named + self.rest.len()
    }

    /// The piece that holds scope position `at`, and the position in it; `None` past the
    /// pieces.
    fn piece_at(&self, at: usize) -> Option<(usize, usize)> {
        if at >= self.named {
            return None;
        }
        let piece = self.starts.partition_point(|&s| s <= at).checked_sub(1)?;
        Some((piece, at - self.starts.get(piece)?))
    }

    /// The list positions of chunk `k` of the scope.
    fn chunk(&self, k: usize, out: &mut Vec<u32>) {
        out.clear();
        let from = k * CHUNK;
        let to = (from + CHUNK).min(self.len());
        for (piece, &start) in self.pieces.iter().zip(&self.starts) {
            let end = start + piece.len();
            if end > from && start < to {
                let span = from.max(start) - start..to.min(end) - start;
                out.extend_from_slice(piece.get(span).unwrap_or(&[]));
            }
        }
        if to > self.named {
            let first = self.rest.start + from.max(self.named) - self.named;
            let end = self.rest.start + to - self.named;
            out.extend((first..end).filter_map(|i| u32::try_from(i).ok()));
        }
    }
}

/// What a parallel pass found in the candidates it scanned: the first `consumed` of its
/// scope (all of it unless it was cancelled).
struct Scanned {
    found: Vec<Match>,
    consumed: usize,
}

impl Engine {
    /// An engine that scans with `threads` threads (at least one).
    pub fn new(threads: usize) -> Engine {
        Engine {
            matchers: (0..threads.max(1))
                .map(|_| Matcher::new(Config::DEFAULT))
                .collect(),
            known: None,
            spare: None,
            parallel_from: PARALLEL_FROM,
        }
    }

    /// Use every thread from scans of `n` candidates up (default [`PARALLEL_FROM`]).
    pub fn parallel_from(mut self, n: usize) -> Engine {
        self.parallel_from = n;
        self
    }

    /// Forget the last search, so the next one scans everything.
    pub fn reset(&mut self) {
        (self.known, self.spare) = (None, None);
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
        self.rank_or_finish(list, needle, cancelled, &|| false, partial)
    }

    /// [`Engine::rank`], except that a scan cancelled when it is past half way, and
    /// `overtaken_by_extension` says the needle that overtook it extends this one, goes on
    /// to the end of its first pass and is kept to narrow from; it still returns `None`.
    pub fn rank_or_finish(
        &mut self,
        list: &Arc<CandidateList>,
        needle: &str,
        cancelled: &(dyn Fn() -> bool + Sync),
        overtaken_by_extension: &(dyn Fn() -> bool + Sync),
        partial: &mut dyn FnMut(Ranking),
    ) -> Option<Ranking> {
        let parsed = Needle::new(needle);
        let total = list.len();
        if parsed.is_empty() {
            (self.known, self.spare) = (None, None);
            let mut all: Vec<Match> = (0..total)
                .filter_map(|i| u32::try_from(i).ok())
                .filter(|&i| !list.is_hidden(i))
                .map(|index| Match {
                    index,
                    tier: Tier::Fuzzy,
                    score: 0,
                    rank: list.rank(index),
                    pass: 0,
                })
                .collect();
            top(&mut all, TOP);
            return Some(Ranking {
                matched: list.shown(),
                matches: all,
                total: list.shown(),
            });
        }
        let extended = |k: &Known| Arc::ptr_eq(&k.list, list) && needle.starts_with(&k.needle);
        // The base: the spare finished search when this needle extends it (it narrows every
        // line), else what is known of the newest needle when this one extends that.
        let (known, spare) = match (self.known.take(), self.spare.take()) {
            (_, Some(spare)) if extended(&spare) => (Some(spare), None),
            (known, spare) => (known, spare),
        };
        let base = known.as_ref().filter(|k| extended(k));
        let scope = base.map_or_else(|| Scope::all(total), Known::scope);
        // Per layer, how its lines are narrowed: from where its needle's last word matched,
        // when this needle only adds to that word.
        let narrowing: Vec<Option<(usize, &[u32])>> = base.map_or_else(Vec::new, |k| {
            let layers = k.layers.iter();
            layers
                .map(|l| parsed.extends(&l.parsed).map(|len| (len, l.passes())))
                .collect()
        });
        let fuse = base.is_some_and(|k| k.fuzzy_contested);
        // When the fuzzy tier of the needle this one narrows was contested, this one's
        // likely is too: its lines are greedy-scored here, while the line is at hand (a
        // second pass over hundreds of thousands of lines read each again from memory).
        let first_pass = |c: &Candidate<'_>, index: u32, at: usize, m: &mut Matcher| {
            if c.hidden {
                return None;
            }
            let layer = scope.piece_at(at);
            let pass = match layer.and_then(|(k, at)| Some((narrowing.get(k).copied()??, at))) {
                Some(((word_len, passes), at)) => {
                    let previous = Pass::unpack(*passes.get(at)?);
                    parsed.rescan(c, m, previous, word_len)
                }
                None => parsed.scan(c, m),
            }?;
            let greedy = match fuse && pass.tier == Tier::Fuzzy {
                true => (parsed.greedy_score_after(c.haystack(), m, pass))
                    .map_or(0, |g| g | GREEDY_KNOWN),
                false => 0,
            };
            Some(Match {
                index,
                tier: pass.tier,
                score: greedy,
                rank: c.rank,
                pass: pass.pack(),
            })
        };
        let finish = Finish {
            cancelled,
            overtaken_by_extension,
        };
        let scanned = self.parallel(list, &scope, &finish, &first_pass, Some(partial));
        let (based, finished) = (base.is_some(), scanned.consumed >= scope.len());
        if !finished {
            // Overtaken: what it scanned is kept for the next needle to narrow from, and a
            // finished search it did not extend is kept aside.
            let finished_before = |k: &Known| k.covered == k.list.len() && k.layers.len() == 1;
            (self.known, self.spare) = match (scanned.consumed, based) {
                (0, _) => (known, spare),
                (consumed, true) => (
                    Some(Known::overtaken(
                        known,
                        list,
                        needle,
                        parsed,
                        &scanned.found,
                        consumed,
                    )),
                    spare,
                ),
                (consumed, false) => (
                    Some(Known::overtaken(
                        None,
                        list,
                        needle,
                        parsed,
                        &scanned.found,
                        consumed,
                    )),
                    known.filter(finished_before).or(spare),
                ),
            };
            return None;
        }
        drop((known, spare));
        let found = scanned.found;
        let matched = found.len();
        self.known = Some(Known::finished(list, needle, parsed.clone(), &found));
        if cancelled() {
            // Finished for the needle that overtook it: kept to narrow from, not ranked.
            if let Some(known) = self.known.as_mut() {
                known.fuzzy_contested = matches!(contested_tier(&found), Some((Tier::Fuzzy, _)));
            }
            return None;
        }
        let (mut best, contested) = self.pick_for_scoring(list, found, &parsed, cancelled)?;
        if let Some(known) = self.known.as_mut() {
            known.fuzzy_contested = contested;
        }
        // Only fuzzy matches are scored, below; the others rank by tier and date alone.
        for m in &mut best {
            (m.pass, m.score) = (0, 0);
        }
        if let Some(matcher) = self.matchers.first_mut() {
            for m in best.iter_mut().filter(|m| m.tier == Tier::Fuzzy) {
                if let Some(c) = list.get(m.index) {
                    m.score = parsed.score(c.haystack(), matcher).unwrap_or(0);
                }
            }
        }
        top(&mut best, TOP);
        Some(Ranking {
            matches: best,
            matched,
            total: list.shown(),
        })
    }

    /// Pick the (at most) [`RESCORE`] best candidates: every match of the better tiers,
    /// and of the tier where the count passes [`RESCORE`] the best by rank or, in the fuzzy
    /// tier, by greedy score (scored on every thread, unless the first pass did). With
    /// them, whether the fuzzy tier was contested.
    fn pick_for_scoring(
        &mut self,
        list: &CandidateList,
        found: Vec<Match>,
        needle: &Needle,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<(Vec<Match>, bool)> {
        let Some((contested, below)) = contested_tier(&found) else {
            return Some((found, false));
        };
        // The better tiers are sure of a place; the contested one is sorted out below.
        let mut sure = Vec::with_capacity(below);
        let mut rest = Vec::with_capacity(found.len() - below);
        for m in found {
            match m.tier.cmp(&contested) {
                Ordering::Less => sure.push(m),
                Ordering::Equal => rest.push(m),
                Ordering::Greater => {}
            }
        }
        if contested != Tier::Fuzzy {
            // Key and word-start matches are ordered by rank alone: no scores needed.
            keep_best(&mut rest, RESCORE - sure.len());
            sure.append(&mut rest);
            return Some((sure, false));
        }
        let mut scored = if rest.iter().all(|m| m.score & GREEDY_KNOWN != 0) {
            for m in &mut rest {
                m.score &= !GREEDY_KNOWN;
            }
            rest
        } else {
            let passes: Vec<u32> = rest.iter().map(|m| m.pass).collect();
            let contenders: Vec<u32> = rest.iter().map(|m| m.index).collect();
            drop(rest);
            let greedy = |c: &Candidate<'_>, index: u32, at: usize, m: &mut Matcher| {
                let pass = Pass::unpack(*passes.get(at)?);
                needle
                    .greedy_score_after(c.haystack(), m, pass)
                    .map(|score| Match {
                        index,
                        tier: contested,
                        score,
                        rank: c.rank,
                        pass: 0,
                    })
            };
            let finish = Finish {
                cancelled,
                overtaken_by_extension: &|| false,
            };
            let scope = Scope::subset(&contenders);
            let scanned = self.parallel(list, &scope, &finish, &greedy, None);
            if scanned.consumed < scope.len() {
                return None;
            }
            scanned.found
        };
        keep_best(&mut scored, RESCORE - sure.len());
        sure.append(&mut scored);
        Some((sure, true))
    }

    /// Run `per_item` over `scope` on every thread, chunk by chunk: the matches in scope
    /// order, of all of it or, when cancelled, of the chunks scanned by then (the first
    /// ones: every chunk handed out is scanned to its end). `partial` gets provisional
    /// rankings of long runs.
    fn parallel(
        &mut self,
        list: &CandidateList,
        scope: &Scope<'_>,
        finish: &Finish<'_>,
        per_item: &PerItem<'_>,
        mut partial: Option<&mut dyn FnMut(Ranking)>,
    ) -> Scanned {
        let chunks = scope.len().div_ceil(CHUNK);
        let done: Mutex<Vec<ChunkResult>> = Mutex::new(vec![None; chunks]);
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        // Each thread takes the next chunk until none is left or the search is cancelled;
        // `after_chunk` sees the finished chunks (under the lock).
        let work = |matcher: &mut Matcher, after_chunk: &mut dyn FnMut(&[ChunkResult])| {
            let mut ids = Vec::with_capacity(CHUNK);
            let mut scratch = Vec::with_capacity(CHUNK);
            loop {
                if stop.load(Relaxed) || finish.stops(next.load(Relaxed), chunks) {
                    stop.store(true, Relaxed);
                    return;
                }
                let k = next.fetch_add(1, Relaxed);
                if k >= chunks {
                    return;
                }
                scope.chunk(k, &mut ids);
                let found = scan_chunk(list, &ids, k * CHUNK, per_item, matcher, &mut scratch);
                let mut slots = done.lock().unwrap_or_else(PoisonError::into_inner);
                if let Some(slot) = slots.get_mut(k) {
                    *slot = Some(found);
                }
                after_chunk(&slots);
            }
        };
        let Some((first, others)) = self.matchers.split_first_mut() else {
            return Scanned {
                found: Vec::new(),
                consumed: 0,
            };
        };
        // Small scans stay on this thread: waking helpers costs more than they save,
        // especially on a busy machine.
        let helpers = if scope.len() < self.parallel_from {
            0
        } else {
            others.len()
        };
        std::thread::scope(|s| {
            for matcher in others.iter_mut().take(helpers) {
                s.spawn(|| work(matcher, &mut |_| {}));
            }
            // This thread works too, and reports partial rankings of long scans.
            let started = Instant::now();
            let mut report_at = PARTIAL_FIRST;
            let mut so_far = PartialTop::new(chunks);
            work(first, &mut |slots| {
                let Some(partial) = partial.as_mut() else {
                    return;
                };
                if started.elapsed() < report_at {
                    return;
                }
                partial(so_far.add_new(slots, list.shown()));
                report_at = started.elapsed() + PARTIAL_EVERY;
            });
        });
        let slots = done.into_inner().unwrap_or_else(PoisonError::into_inner);
        let scanned = slots.iter().take_while(|slot| slot.is_some()).count();
        // Sized once: a vector of millions grown by doubling was copied and faulted in anew.
        let total = slots.iter().take(scanned).flatten().map(Vec::len).sum();
        let mut found = Vec::with_capacity(total);
        for chunk in slots.into_iter().take(scanned).flatten() {
            found.extend_from_slice(&chunk);
        }
        Scanned {
            found,
            consumed: (scanned * CHUNK).min(scope.len()),
        }
    }
}

/// When a pass stops: once `cancelled`, unless it has handed out half of its chunks and
/// `overtaken_by_extension`: then it goes on to its end, and the next scan narrows from it
/// instead of reading every line again (typed a key every 150 ms, a needle matching most of
/// 2.7 million lines was otherwise overtaken at every key, and the last key scanned fresh).
struct Finish<'a> {
    cancelled: &'a (dyn Fn() -> bool + Sync),
    overtaken_by_extension: &'a (dyn Fn() -> bool + Sync),
}

impl Finish<'_> {
    /// Whether a pass that has handed out `taken` of its `chunks` stops now.
    fn stops(&self, taken: usize, chunks: usize) -> bool {
        if !(self.cancelled)() {
            return false;
        }
        let past_half = taken * 2 >= chunks;
        !(past_half && (self.overtaken_by_extension)())
    }
}

/// The tier where the count of `found` passes [`RESCORE`] (the better tiers are sure of a
/// place, this one's matches compete for the rest), with how many matches are in the better
/// tiers; `None` when every match has a place.
fn contested_tier(found: &[Match]) -> Option<(Tier, usize)> {
    if found.len() <= RESCORE {
        return None;
    }
    let mut per_tier = [0usize; 4];
    for m in found {
        if let Some(n) = per_tier.get_mut(m.tier as usize) {
            *n += 1;
        }
    }
    let mut below = 0;
    for (tier, n) in [Tier::KeyExact, Tier::KeyPrefix, Tier::WordStart]
        .into_iter()
        .zip(per_tier)
    {
        if below + n >= RESCORE {
            return Some((tier, below));
        }
        below += n;
    }
    Some((Tier::Fuzzy, below))
}

/// The best matches of the chunks scanned so far, for partial rankings: each chunk's
/// matches are looked at once, when the first report after it was scanned takes them in
/// (taking every match so far at every report cost up to 100 ms at 2.7M lines, under the
/// lock the other threads wait on).
struct PartialTop {
    taken: Vec<bool>,
    best: Vec<Match>,
    matched: usize,
}

impl PartialTop {
    fn new(chunks: usize) -> PartialTop {
        PartialTop {
            taken: vec![false; chunks],
            best: Vec::with_capacity(TOP),
            matched: 0,
        }
    }

    /// Take in the chunks scanned since the last call; the ranking so far.
    fn add_new(&mut self, slots: &[ChunkResult], total: usize) -> Ranking {
        for (taken, slot) in self.taken.iter_mut().zip(slots) {
            if let (false, Some(found)) = (*taken, slot) {
                *taken = true;
                self.matched += found.len();
                // Scores are not final yet (the first pass keeps other things there).
                self.best.extend(found.iter().map(|&m| Match {
                    score: 0,
                    pass: 0,
                    ..m
                }));
            }
        }
        top(&mut self.best, TOP);
        Ranking {
            matches: self.best.clone(),
            matched: self.matched,
            total,
        }
    }
}

/// Apply `per_item` to one chunk of candidates, the first at position `from` in scope.
/// The matches gather in `scratch` (one per thread, kept from chunk to chunk) and are
/// returned in a vector of their exact size: a vector grown match by match was copied and
/// its new pages faulted in again and again, a tenth of a narrowed scan in the TUI.
///
/// When the chunk's candidates lie far apart in the list (a narrowed needle's matches),
/// the CPU's own prefetching cannot guess where the next one is, and a scan waited for
/// memory more than it matched: the records [`PREFETCH_RECORD`] candidates ahead and the
/// texts [`PREFETCH_TEXT`] ahead are asked for while the current one is matched.
fn scan_chunk(
    list: &CandidateList,
    ids: &[u32],
    from: usize,
    per_item: &PerItem<'_>,
    matcher: &mut Matcher,
    scratch: &mut Vec<Match>,
) -> Vec<Match> {
    scratch.clear();
    let item = |(&index, at): (&u32, usize), matcher: &mut Matcher| {
        per_item(&list.get(index)?, index, at, matcher)
    };
    let spread = match (ids.first(), ids.last()) {
        (Some(&first), Some(&last)) => last.saturating_sub(first) as usize,
        _ => 0,
    };
    if spread < SPARSE * ids.len() {
        scratch.extend(ids.iter().zip(from..).filter_map(|i| item(i, matcher)));
    } else {
        for (k, i) in ids.iter().zip(from..).enumerate() {
            if let Some(&ahead) = ids.get(k + PREFETCH_RECORD) {
                list.prefetch_record(ahead);
            }
            if let Some(&ahead) = ids.get(k + PREFETCH_TEXT) {
                list.prefetch_text(ahead);
            }
            scratch.extend(item(i, matcher));
        }
    }
    scratch.to_vec()
}

/// The palette's order: tier, score (high first), rank (high first), list position.
fn order(a: &Match, b: &Match) -> Ordering {
    a.tier
        .cmp(&b.tier)
        .then_with(|| b.score.cmp(&a.score))
        .then_with(|| b.rank.cmp(&a.rank))
        .then_with(|| a.index.cmp(&b.index))
}

/// Keep the best `n` matches, in no particular order.
fn keep_best(matches: &mut Vec<Match>, n: usize) {
    if matches.len() > n && n > 0 {
        matches.select_nth_unstable_by(n - 1, order);
        matches.truncate(n);
        // The ranking is kept while the palette is open: not the capacity of every candidate
        // (4 MB at 251k cables, per palette, per SSH session).
        matches.shrink_to_fit();
    }
}

/// Keep the best `n` matches, best first.
fn top(matches: &mut Vec<Match>, n: usize) {
    keep_best(matches, n);
    matches.sort_unstable_by(order);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list whose every third line holds `x`, and a per-item test for it that also says
    /// where in the scope it was asked (`at`, in `score`).
    fn third_lines() -> CandidateList {
        let lines: Vec<String> = (0..20_000)
            .map(|i| match i % 3 {
                0 => format!("{i:05} x line"),
                _ => format!("{i:05} plain"),
            })
            .collect();
        lines.iter().map(|l| (l.as_str(), 5, 0)).collect()
    }

    fn has_x(c: &Candidate<'_>, index: u32, at: usize, _: &mut Matcher) -> Option<Match> {
        c.display().contains('x').then(|| Match {
            index,
            tier: Tier::Fuzzy,
            score: u32::try_from(at).unwrap_or(u32::MAX),
            rank: c.rank,
            pass: 0,
        })
    }

    #[test]
    fn partial_rankings_taken_chunk_by_chunk_are_the_best_of_every_match_so_far() {
        let matched = |i: u32| Match {
            index: i,
            tier: [Tier::Fuzzy, Tier::WordStart, Tier::KeyPrefix][(i % 7 % 3) as usize],
            score: i * 31 % 1000,
            rank: i * 7919 % 5000,
            pass: i,
        };
        let chunks: Vec<Vec<Match>> = (0..40u32)
            .map(|k| (k * 500..k * 500 + 300 + k * 11).map(matched).collect())
            .collect();
        let mut slots: Vec<ChunkResult> = vec![None; chunks.len()];
        let mut so_far = PartialTop::new(chunks.len());
        // Chunks finish out of order; a report comes after every few.
        let order_done: Vec<usize> = (0..chunks.len()).map(|k| k * 17 % chunks.len()).collect();
        for (n, &k) in order_done.iter().enumerate() {
            slots[k] = Some(chunks[k].clone());
            if n % 3 != 0 {
                continue;
            }
            let got = so_far.add_new(&slots, 99);
            let mut all: Vec<Match> = slots
                .iter()
                .flatten()
                .flatten()
                .map(|&m| Match {
                    score: 0,
                    pass: 0,
                    ..m
                })
                .collect();
            let count = all.len();
            top(&mut all, TOP);
            assert_eq!(got.matched, count);
            assert_eq!(got.matches, all, "after {} chunks", n + 1);
            assert_eq!(got.total, 99);
        }
    }

    #[test]
    fn a_sparse_chunk_scanned_with_prefetching_finds_what_a_dense_scan_does() {
        let list = third_lines();
        let mut matcher = Matcher::new(Config::DEFAULT);
        // Every seventh line: spread far beyond twice their number, so prefetched.
        let sparse: Vec<u32> = (0..20_000).step_by(7).collect();
        let mut scratch =
            vec![has_x(&list.get(0).expect("a line"), 0, 0, &mut matcher).expect("x")];
        let found = scan_chunk(&list, &sparse, 100, &has_x, &mut matcher, &mut scratch);
        let expected: Vec<Match> = sparse
            .iter()
            .zip(100..)
            .filter_map(|(&i, at)| has_x(&list.get(i)?, i, at, &mut matcher))
            .collect();
        assert_eq!(found, expected);
        assert_eq!(found.len(), sparse.iter().filter(|&&i| i % 3 == 0).count());
        // Past the end of the list: nothing, and no panic while prefetching.
        let beyond: Vec<u32> = (19_990..20_100).step_by(3).collect();
        let found = scan_chunk(&list, &beyond, 0, &has_x, &mut matcher, &mut scratch);
        assert!(found.iter().all(|m| m.index < 20_000), "{found:?}");
    }

    /// Keys typed faster than a scan: each needle's scan is overtaken after a few chunks
    /// (by the schedule), keeping what it scanned as a layer; the needle typed last, let to
    /// finish, ranks exactly as a fresh search does, and so does every needle let to
    /// finish on the way (one that does not extend the one before among them).
    #[test]
    fn scans_overtaken_part_way_leave_layers_that_narrow_to_a_fresh_ranking() {
        use std::sync::atomic::AtomicUsize;
        let words = ["line", "plain", "lxne", "nile", "x2", "lean", "linen", "ex"];
        let lines: Vec<String> = (0..30_000u32)
            .map(|i| {
                let pick = |k: u32| words[((i * 7 + k * 13) ^ (i >> 3)) as usize % words.len()];
                format!("{i:05} {} {} {}", pick(1), pick(2), pick(i % 5))
            })
            .collect();
        let list = Arc::new(
            lines
                .iter()
                .map(|l| (l.as_str(), 5, 0))
                .collect::<CandidateList>(),
        );
        let typed = [
            "l", "li", "lin", "line", "line ", "line x", "line x2", "lx", "lxn",
        ];
        let fresh = |needle: &str| Engine::new(1).rank(&list, needle, &|| false, &mut |_| {});
        let mut most_layers = 0;
        let mut seed = 7u32;
        for _schedule in 0..8 {
            let mut engine = Engine::new(1);
            for needle in typed {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                // Overtaken before the `stop`-th chunk (one thread: one check per chunk;
                // eight chunks, so from 8 on it finishes).
                let stop = (seed >> 16) as usize % 10;
                let checks = AtomicUsize::new(0);
                let cancelled = || checks.fetch_add(1, Relaxed) >= stop;
                let ranked =
                    engine.rank_or_finish(&list, needle, &cancelled, &|| false, &mut |_| {});
                if let Some(ranked) = ranked {
                    assert_eq!(Some(ranked), fresh(needle), "{needle:?} finished");
                }
                most_layers = most_layers.max(engine.known.as_ref().map_or(0, |k| k.layers.len()));
            }
            let last = engine.rank(&list, "lxne", &|| false, &mut |_| {});
            assert_eq!(last, fresh("lxne"));
            assert!(last.is_some_and(|r| r.matched > 0));
        }
        assert!(
            most_layers >= 3,
            "the schedules left at most {most_layers} layers"
        );
    }

    /// A finished search overtaken by a fresh one (a backspace) is kept aside, and a needle
    /// that extends it again (the key typed again) narrows it rather than the fresh scan's
    /// few chunks; a needle that extends only the fresh one narrows that.
    #[test]
    fn a_finished_search_overtaken_by_a_backspace_is_kept_for_the_key_typed_again() {
        use std::sync::atomic::AtomicUsize;
        let list = Arc::new(third_lines());
        let after = |checks: usize| {
            let seen = AtomicUsize::new(0);
            move || seen.fetch_add(1, Relaxed) >= checks
        };
        let mut engine = Engine::new(1);
        assert!(engine.rank(&list, "lin", &|| false, &mut |_| {}).is_some());
        // Backspace: `li` scans afresh and is overtaken after two chunks of five.
        assert_eq!(engine.rank(&list, "li", &after(2), &mut |_| {}), None);
        let needle = |k: &Option<Known>| k.as_ref().map(|k| k.needle.clone());
        assert_eq!(needle(&engine.spare).as_deref(), Some("lin"));
        assert_eq!(needle(&engine.known).as_deref(), Some("li"));
        // `lin` again, overtaken after one chunk: it narrowed the spare, which covers the
        // whole list (the partial `li` covered two chunks).
        assert_eq!(engine.rank(&list, "lin", &after(1), &mut |_| {}), None);
        let known = engine.known.as_ref().expect("known");
        assert_eq!((known.needle.as_str(), known.covered), ("lin", list.len()));
        assert!(engine.spare.is_none());
        let fresh = |needle: &str| Engine::new(1).rank(&list, needle, &|| false, &mut |_| {});
        assert_eq!(
            engine.rank(&list, "line", &|| false, &mut |_| {}),
            fresh("line")
        );
        // A needle that extends only the partial scan narrows it.
        let mut engine = Engine::new(1);
        assert!(engine.rank(&list, "lin", &|| false, &mut |_| {}).is_some());
        assert_eq!(engine.rank(&list, "li", &after(2), &mut |_| {}), None);
        assert_eq!(engine.rank(&list, "lix", &after(1), &mut |_| {}), None);
        assert_eq!(needle(&engine.spare).as_deref(), Some("lin"), "still aside");
        assert_eq!(
            engine.rank(&list, "lix", &|| false, &mut |_| {}),
            fresh("lix")
        );
    }

    /// A scan overtaken past half way by a needle that extends its own goes on to its end
    /// and is kept to narrow from (narrowing from it ranks as a fresh scan does); one
    /// overtaken before half way, or by a needle that does not extend it, stops and keeps
    /// only what it scanned. (20,000 lines: five chunks, scanned in turn by one thread.)
    #[test]
    fn an_overtaken_scan_past_half_way_finishes_to_be_narrowed_from() {
        use std::sync::atomic::AtomicUsize;
        let list = Arc::new(third_lines());
        // Cancelled from the `from`-th check before a chunk on (the first is 0).
        let overtaken = |from: usize, extension: bool| {
            let mut engine = Engine::new(1);
            let checks = AtomicUsize::new(0);
            let cancelled = || checks.fetch_add(1, Relaxed) >= from;
            let ranked = engine.rank_or_finish(&list, "li", &cancelled, &|| extension, &mut |_| {});
            assert_eq!(ranked, None, "an overtaken scan ranks nothing");
            (
                engine
                    .known
                    .as_ref()
                    .filter(|k| k.covered == k.list.len())
                    .map(|k| k.needle.clone()),
                engine,
            )
        };
        let (kept, mut engine) = overtaken(3, true);
        assert_eq!(
            kept.as_deref(),
            Some("li"),
            "three chunks of five: finished"
        );
        let narrowed = engine.rank(&list, "lin", &|| false, &mut |_| {});
        let fresh = Engine::new(1).rank(&list, "lin", &|| false, &mut |_| {});
        assert!(narrowed.is_some());
        assert_eq!(narrowed, fresh);
        assert_eq!(overtaken(2, true).0, None, "two chunks of five: stopped");
        assert_eq!(overtaken(3, false).0, None, "not by an extension: stopped");
    }
}
