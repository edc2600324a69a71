//! Opening an archive: walk its files, reuse what the cache already holds for files whose
//! fingerprint did not change, scan and parse the rest (in parallel, with rayon), and index
//! their paragraphs. The same path serves a cold build, an incremental update and an
//! uncached (in-RAM) open.

use super::cache::{CachedFile, FileList, Saved, Tables};
use super::fulltext::TextIndex;
use super::lazy_index::LazyIndex;
use super::packed::Packed;
use super::source::walk::{self, Found, Walked};
use super::source::{self, Locator, RawCable, Reason};
use super::table::{CableTable, TableBuilder, Traits};
use super::{Archive, ArchiveError, CableMeta, Warning};
use crate::cable::{self, Cable};
use rayon::prelude::*;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How to open an archive.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// The cache root; `None` builds an in-RAM index every time (fine for small archives).
    pub cache_dir: Option<PathBuf>,
    /// Indexing threads (0: as many as the machine has, at most 4).
    pub threads: usize,
}

/// How far a build has come.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    /// Cables parsed and indexed so far.
    pub cables: u64,
    /// Bytes of the files being (re)indexed that are done, and their total.
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub elapsed: Duration,
}

impl Progress {
    /// Throughput in MB/s.
    pub fn mb_per_s(&self) -> f64 {
        self.bytes_done as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-3)
    }
    /// Estimated time left, when some progress was made.
    pub fn time_left(&self) -> Option<Duration> {
        (self.bytes_done > 0).then(|| {
            let rate = self.bytes_done as f64 / self.elapsed.as_secs_f64().max(1e-3);
            Duration::from_secs_f64(self.bytes_total.saturating_sub(self.bytes_done) as f64 / rate)
        })
    }
}

/// Cables parsed in parallel at a time.
const BATCH: usize = 512;

/// An update that reads at most this many files, and at most [`SMALL_BYTES`] of them, is
/// small: a one-thread index writer with a [`SMALL_BUDGET`] memory budget does it (the full
/// build's writer reserves 300 MB a thread and starts a thread a core).
const SMALL_FILES: usize = 64;
const SMALL_BYTES: u64 = 8 << 20;
/// The index writer's memory budget for a small update (tantivy's least for one thread).
const SMALL_BUDGET: usize = 15_000_000;

/// Whether reading `files` files of `bytes` bytes again is a small update.
fn is_small(files: usize, bytes: u64) -> bool {
    files <= SMALL_FILES && bytes <= SMALL_BYTES
}

/// The longest gap between two previews of a build.
const PREVIEW_GAP: Duration = Duration::from_secs(30);

/// Where a long build shows what it has read so far: `sink` gets an archive of the cables
/// read until then (its keyword search says the index is still being built), first after
/// `first_after`, then at doubling intervals (at most 30 s apart).
pub struct Preview<'a> {
    pub first_after: Duration,
    pub sink: &'a mut dyn FnMut(Archive),
}

/// Parse a source's cable and merge the source's metadata (an id that is not an id is left
/// out); every field is sanitized last, after anything the source added.
pub fn parse_raw(raw: &RawCable) -> Cable {
    let mut cable = cable::parse(&raw.text);
    source::meta::apply(&mut cable, &raw.meta);
    cable::sanitize::sanitize_cable(&mut cable);
    cable
}

/// What kind of copy `raw`, parsed as `cable`, is: a partial extract, redacted, and its
/// release where the source tells it.
pub fn traits_of(raw: &RawCable, cable: &Cable) -> Traits {
    Traits {
        partial: cable.partial.is_some(),
        redacted: raw.text.contains(Traits::REDACTION),
        release: source::meta::release_day(raw.meta.released.as_deref()),
    }
}

struct Builder<'a, 'p> {
    root: &'a Path,
    /// The files done so far (in `found`'s order), and the table of their cables.
    files: FileList,
    table: TableBuilder,
    /// The previous catalog's table (unchanged files' rows are copied from it), the index
    /// of each of its names in `table` (made on first use), and its rows waiting to be
    /// copied (consecutive files' rows are copied as one run).
    old: CableTable,
    old_names: Option<Vec<u32>>,
    old_run: Option<Range<usize>>,
    /// Warnings of the walk (for previews).
    warnings: &'a [Warning],
    preview: Option<Preview<'p>>,
    next_preview: Duration,
    index: &'a TextIndex,
    writer: Option<tantivy::IndexWriter>,
    threads: usize,
    /// Nothing was indexed before (no segment merges while building).
    cold: bool,
    /// Only a few files are read again ([`is_small`]): a one-thread writer with a small
    /// memory budget does.
    small: bool,
    progress: &'a mut dyn FnMut(&Progress),
    state: Progress,
    started: Instant,
    last_report: Instant,
    done_bytes: u64,
}

impl Builder<'_, '_> {
    fn writer(&mut self) -> Result<&tantivy::IndexWriter, ArchiveError> {
        if self.writer.is_none() {
            let budget = 300_000_000 * self.threads;
            self.writer = Some(if self.cold {
                self.index.cold_writer(self.threads, budget)?
            } else if self.small {
                self.index.writer(1, SMALL_BUDGET)?
            } else {
                self.index.writer(self.threads, budget)?
            });
        }
        self.writer
            .as_ref()
            .ok_or_else(|| ArchiveError::Index("no writer".into()))
    }

    /// Scan one file, parse and index its cables.
    fn scan_file(
        &mut self,
        found: &Found,
        key: u64,
    ) -> Result<(CachedFile, CableTable), ArchiveError> {
        let mut entry = CachedFile {
            rel: found.rel.clone(),
            fingerprint: found.fingerprint,
            format: None,
            key,
            cables: 0,
            warnings: Vec::new(),
        };
        let path = found.path_in(self.root);
        let format = match source::detect(&path) {
            Ok(format) => format,
            Err(reason) => {
                entry.warnings.push((String::new(), reason));
                return Ok((entry, CableTable::default()));
            }
        };
        entry.format = Some(format);
        let mut batch: Vec<(Locator, RawCable)> = Vec::new();
        let mut table = TableBuilder::default();
        let mut warnings = Vec::new();
        let mut not_cables = Vec::new();
        let plain_text = format == source::Format::Text;
        let mut failure = None;
        let scanned = source::scan(
            &path,
            format,
            &mut |loc, raw| {
                batch.push((loc, raw));
                if batch.len() >= BATCH && failure.is_none() {
                    let full = std::mem::take(&mut batch);
                    match self.index_batch(&mut table, key, full, plain_text, &mut not_cables) {
                        Ok(()) => self.preview(&entry, &table),
                        Err(e) => failure = Some(e),
                    }
                }
            },
            &mut |suffix, reason| warnings.push((suffix, reason)),
        );
        if let Some(e) = failure {
            return Err(e);
        }
        self.index_batch(&mut table, key, batch, plain_text, &mut not_cables)?;
        self.preview(&entry, &table);
        entry.cables = table.len() as u32;
        entry.warnings.extend(warnings);
        entry.warnings.extend(not_cables);
        if let Err(reason) = scanned {
            entry.warnings.push((String::new(), reason));
        }
        self.done_bytes += found.fingerprint.size;
        Ok((entry, table.finish()))
    }

    /// Add file `n` of the previous catalog (`known`), whose rows are `rows` of its table.
    fn keep_old(&mut self, known: &FileList, n: usize, rows: Range<usize>) {
        match &mut self.old_run {
            Some(run) if run.end == rows.start => run.end = rows.end,
            _ => {
                self.copy_old();
                self.old_run = Some(rows);
            }
        }
        self.files.push_from(known, n);
    }

    /// Copy the previous catalog's rows waiting to be copied.
    fn copy_old(&mut self) {
        if let Some(run) = self.old_run.take() {
            if self.old_names.is_none() {
                // The first rows kept: most of the old table will follow.
                self.table.reserve_like(&self.old);
            }
            let names = self
                .old_names
                .get_or_insert_with(|| self.table.names_of(&self.old));
            self.table.append(&self.old, run, names);
        }
    }

    /// Add a file just read, and its table.
    fn add_new(&mut self, entry: &CachedFile, table: CableTable) {
        self.copy_old();
        self.table.extend_with(table);
        self.files.push(entry);
    }

    /// Parse and index a batch. A plain-text file that does not look like a cable (a README,
    /// notes) is left out, and a source id that is not an id is dropped, each with a warning
    /// in `notes`.
    fn index_batch(
        &mut self,
        table: &mut TableBuilder,
        key: u64,
        batch: Vec<(Locator, RawCable)>,
        plain_text: bool,
        notes: &mut Vec<(String, Reason)>,
    ) -> Result<(), ArchiveError> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut batch = batch;
        for (_, raw) in &mut batch {
            if let Some(reason) = source::meta::reject_bad_id(&mut raw.meta) {
                notes.push((raw.suffix.clone(), reason));
            }
        }
        let parsed: Vec<(Locator, String, Cable, Traits)> = batch
            .into_par_iter()
            .map(|(loc, raw)| {
                let cable = parse_raw(&raw);
                let traits = traits_of(&raw, &cable);
                (loc, raw.suffix, cable, traits)
            })
            .collect();
        let mut last_end = 0;
        self.state.cables += parsed.len() as u64;
        for (loc, suffix, cable, traits) in parsed {
            if plain_text && !cable.looks_like_cable() {
                notes.push((
                    suffix,
                    "not a cable (no date-time group, routing or extract note, and too little \
                     else of a cable: classification, TAGS, SUBJECT, signer, marked paragraphs)"
                        .into(),
                ));
                continue;
            }
            let ord = table.len() as u32;
            let index = self.index;
            index.add_cable(self.writer()?, key, ord, loc, &cable)?;
            let meta = CableMeta::of(&cable, "");
            table.push(&meta, &suffix, loc, traits, &cable.references);
            if let Locator::Span { offset, len } = loc {
                last_end = offset + len as u64;
            }
        }
        self.report(last_end);
        Ok(())
    }

    /// When a preview is due, hand the sink an archive of the files done so far and the
    /// cables of `current` read so far (`table`), its metadata already built.
    fn preview(&mut self, current: &CachedFile, table: &TableBuilder) {
        let elapsed = self.started.elapsed();
        let Some(preview) = self.preview.as_mut() else {
            return;
        };
        if elapsed < self.next_preview {
            return;
        }
        self.next_preview = (elapsed * 2).clamp(preview.first_after, elapsed + PREVIEW_GAP);
        let mut files = self.files.clone();
        files.push(&CachedFile {
            cables: table.len() as u32,
            warnings: Vec::new(),
            ..current.clone()
        });
        // Kept files' rows still waiting to be copied, then the current file's so far.
        let mut merged = self.table.clone();
        if let Some(run) = self.old_run.clone() {
            let names = merged.names_of(&self.old);
            merged.append(&self.old, run, &names);
        }
        merged.extend_with(table.snapshot());
        // A preview is a courtesy: if it cannot be made, the build goes on without it.
        let Ok(index) = TextIndex::in_ram() else {
            return;
        };
        let mut archive = Archive::from_parts(
            self.root,
            files,
            Shelved::Ready(Box::new(merged.finish())),
            LazyIndex::Open(index),
            self.warnings.to_vec(),
        );
        archive.building = true;
        (preview.sink)(archive);
    }

    fn report(&mut self, within_file: u64) {
        self.state.bytes_done = (self.done_bytes + within_file).min(self.state.bytes_total);
        self.state.elapsed = self.started.elapsed();
        if self.last_report.elapsed() >= Duration::from_millis(100) {
            self.last_report = Instant::now();
            (self.progress)(&self.state);
        }
    }
}

/// The files the cache knew, matched against a walk's by path. Both lists are in path order
/// (a walk sorts its files, and a catalog keeps them as walked), so one cursor over each
/// pairs them: no map of every known path is made. A list out of order (a catalog written
/// otherwise) is walked through a sorted copy of its positions, a path listed twice once.
struct Known<'a> {
    list: &'a FileList,
    /// Where each file's rows start in the old table, and where the last one's end.
    starts: Vec<usize>,
    /// The positions of `list` in path order, when it is not in path order itself.
    order: Option<Vec<u32>>,
}

impl<'a> Known<'a> {
    fn new(list: &'a FileList) -> Known<'a> {
        let mut starts = Vec::with_capacity(list.len() + 1);
        let mut next = 0usize;
        starts.push(0);
        for n in 0..list.len() {
            next += list.cables(n) as usize;
            starts.push(next);
        }
        let sorted = (1..list.len()).all(|n| list.rel(n - 1) < list.rel(n));
        let order = (!sorted).then(|| {
            let mut order: Vec<u32> = (0..list.len() as u32).collect();
            order.sort_by(|&a, &b| list.rel(a as usize).cmp(list.rel(b as usize)));
            order.dedup_by(|a, b| list.rel(*a as usize) == list.rel(*b as usize));
            order
        });
        Known {
            list,
            starts,
            order,
        }
    }

    /// File `n`'s rows in the old table.
    fn rows(&self, n: usize) -> Range<usize> {
        let start = self.starts.get(n).copied().unwrap_or(0);
        start..self.starts.get(n + 1).copied().unwrap_or(start)
    }

    /// For each file of `found` (in path order, no path twice), the known file it still is:
    /// the same path and fingerprint, with its rows in a readable old table (`rows`). Then
    /// the known files no longer found.
    fn pair(&self, found: &[Found], rows: bool) -> (Vec<Option<usize>>, Vec<usize>) {
        let len = self.order.as_ref().map_or(self.list.len(), Vec::len);
        let at = |pos: usize| match &self.order {
            Some(order) => order.get(pos).map_or(0, |&n| n as usize),
            None => pos,
        };
        let mut kept = Vec::with_capacity(found.len());
        let mut gone = Vec::new();
        let mut next = 0;
        for f in found {
            let mut same = None;
            while next < len {
                let n = at(next);
                match self.list.rel(n).cmp(f.rel.as_str()) {
                    std::cmp::Ordering::Less => gone.push(n),
                    std::cmp::Ordering::Equal => same = Some(n),
                    std::cmp::Ordering::Greater => break,
                }
                next += 1;
                if same.is_some() {
                    break;
                }
            }
            kept.push(same.filter(|&n| rows && self.list.fingerprint(n) == f.fingerprint));
        }
        gone.extend((next..len).map(at));
        (kept, gone)
    }
}

/// Saves a new catalog.
pub type Save<'a> = dyn FnMut(&Saved<'_>) -> Result<(), ArchiveError> + 'a;

/// Where a build reports and keeps its work.
pub struct Sinks<'a, 'p> {
    pub progress: &'a mut dyn FnMut(&Progress),
    /// Called with the new catalog when anything changed.
    pub save: &'a mut Save<'a>,
    /// Where to show the cables read so far during a build (the TUI).
    pub preview: Option<Preview<'p>>,
}

/// What the cache held: its files, and their table (read only when needed).
#[derive(Debug, Default)]
pub struct Previous {
    pub files: FileList,
    pub tables: Option<Tables>,
}

/// The table of an opened archive: in memory, or still on disk (a warm open).
pub enum Shelved {
    Ready(Box<CableTable>),
    OnDisk(Option<Tables>),
}

/// Open `root` with `index`, reusing `previous` (the cached catalog) where the fingerprints
/// match; anything new or changed is indexed and the catalog saved. When nothing changed,
/// the catalog's table is left on disk until the archive's metadata is first asked for.
/// `walked` is what a walk of `root` found, when the caller walked it already
/// ([`walk::rewalk`]); else `root` is walked here, every file looked at.
/// Whether the files `found` by a walk are the `known` ones, each unchanged (same path, size
/// and modification time).
pub fn unchanged(known: &FileList, found: &[Found]) -> bool {
    known.len() == found.len()
        && (found.iter().enumerate())
            .all(|(n, f)| known.rel(n) == f.rel && known.fingerprint(n) == f.fingerprint)
}

pub fn assemble(
    root: &Path,
    index: TextIndex,
    previous: Previous,
    options: &OpenOptions,
    sinks: Sinks<'_, '_>,
    mut warnings: Vec<Warning>,
    walked: Option<Walked>,
) -> Result<Archive, ArchiveError> {
    let progress = sinks.progress;
    let Walked {
        files: found,
        dirs,
        started_ns,
    } = walked.unwrap_or_else(|| {
        walk::walk_all(root, &mut |source, reason| {
            warnings.push(Warning::new(source, reason))
        })
    });
    if unchanged(&previous.files, &found) && previous.tables.is_some() {
        index.reload()?;
        let shelved = Shelved::OnDisk(previous.tables);
        let index = LazyIndex::Open(index);
        let mut archive = Archive::from_parts(root, previous.files, shelved, index, warnings);
        archive.mark_unchanged();
        return Ok(archive);
    }
    // Something changed: the unchanged files' rows go into the new catalog.
    let old = match previous.tables.map(Tables::read) {
        Some(Ok((table, _))) => Some(table),
        Some(Err(reason)) => {
            warnings.push(Warning::new(
                "catalog.bin",
                format!("the cache's catalog {reason}; every file is read again"),
            ));
            None
        }
        None => None,
    };
    let known = Known::new(&previous.files);
    let mut found = found;
    if !found.is_sorted_by(|a, b| a.rel < b.rel) {
        // A walk lists its files in path order; the pairing below relies on it.
        found.sort_by(|a, b| a.rel.cmp(&b.rel));
        found.dedup_by(|a, b| a.rel == b.rel);
    }
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get().min(4)),
        n => n,
    };
    // Each file found paired with the known file it still is (same path and fingerprint,
    // and its rows readable in the old table); the rest are read again.
    let (kept, gone) = known.pair(&found, old.is_some());
    let stale_bytes: u64 = (found.iter().zip(&kept))
        .filter(|(_, k)| k.is_none())
        .map(|(f, _)| f.fingerprint.size)
        .sum();
    let stale_files = kept.iter().filter(|k| k.is_none()).count();
    let first_preview = sinks
        .preview
        .as_ref()
        .map_or(Duration::ZERO, |p| p.first_after);
    let walk_warnings = warnings.clone();
    let mut files = FileList::default();
    files.reserve_like(&previous.files, found.len());
    let mut builder = Builder {
        root,
        files,
        table: TableBuilder::default(),
        old: old.unwrap_or_default(),
        old_names: None,
        old_run: None,
        warnings: &walk_warnings,
        preview: sinks.preview,
        next_preview: first_preview,
        index: &index,
        writer: None,
        threads,
        cold: previous.files.is_empty() && index.cables() == 0,
        small: is_small(stale_files, stale_bytes),
        progress,
        state: Progress {
            bytes_total: stale_bytes,
            ..Progress::default()
        },
        started: Instant::now(),
        last_report: Instant::now(),
        done_bytes: 0,
    };
    for (f, kept) in found.iter().zip(&kept) {
        match kept {
            Some(n) => builder.keep_old(&previous.files, *n, known.rows(*n)),
            None => {
                let key = walk::file_key(&f.rel);
                let writer = builder.writer()?;
                index.delete_file(writer, key);
                builder.copy_old();
                let (entry, table) = builder.scan_file(f, key)?;
                builder.add_new(&entry, table);
            }
        }
    }
    builder.copy_old();
    // Files that are gone.
    for n in gone {
        let writer = builder.writer()?;
        index.delete_file(writer, previous.files.key(n));
    }
    builder.state.elapsed = builder.started.elapsed();
    builder.state.bytes_done = builder.state.bytes_total;
    let last = builder.state;
    let (files, table) = (
        std::mem::take(&mut builder.files),
        std::mem::take(&mut builder.table).finish(),
    );
    if let Some(writer) = builder.writer.take() {
        (builder.progress)(&last);
        index.commit(writer)?;
    } else {
        index.reload()?;
    }
    // Sorted once: saved with the catalog and kept by the archive.
    let order = super::catalog::date_order_of(&[&table]);
    (sinks.save)(&Saved {
        files: &files,
        table: &table,
        date_order: &order,
        dirs: &dirs,
        walked_ns: started_ns,
    })?;
    let shelved = Shelved::Ready(Box::new(table));
    let index = LazyIndex::Open(index);
    let mut archive = Archive::from_parts(root, files, shelved, index, warnings);
    archive.date_order = std::sync::OnceLock::from(Packed::from(order));
    Ok(archive)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::source::walk::Fingerprint;

    fn file(rel: &str, size: u64) -> CachedFile {
        CachedFile {
            rel: rel.into(),
            fingerprint: Fingerprint { size, mtime_ns: 1 },
            format: None,
            key: walk::file_key(rel),
            cables: 1,
            warnings: Vec::new(),
        }
    }

    fn found(rel: &str, size: u64) -> Found {
        Found {
            path: PathBuf::from(rel),
            rel: rel.into(),
            fingerprint: Fingerprint { size, mtime_ns: 1 },
        }
    }

    /// Known files pair with the files found by path and fingerprint; the rest are gone,
    /// whether the catalog listed them in path order or not (a path listed twice counts once).
    #[test]
    fn known_files_pair_with_the_walk_in_or_out_of_order() {
        let walk = [found("a", 1), found("c", 3), found("d", 9), found("e", 5)];
        for known in [
            vec![file("a", 1), file("b", 2), file("c", 3), file("d", 4)],
            vec![
                file("d", 4),
                file("c", 3),
                file("b", 2),
                file("c", 3),
                file("a", 1),
            ],
        ] {
            let list = FileList::of(&known);
            let known = Known::new(&list);
            let (kept, gone) = known.pair(&walk, true);
            let rel = |n: Option<usize>| n.map(|n| list.rel(n));
            let kept: Vec<_> = kept.into_iter().map(rel).collect();
            assert_eq!(kept, [Some("a"), Some("c"), None, None]);
            let gone: Vec<_> = gone.into_iter().map(|n| list.rel(n)).collect();
            assert_eq!(gone, ["b"]);
            // Rows come from the list's own order.
            let c = (0..list.len()).find(|&n| list.rel(n) == "c").unwrap_or(0);
            assert_eq!(known.rows(c), c..c + 1);
            // Without readable rows, nothing is kept.
            assert!(known.pair(&walk, false).0.iter().all(Option::is_none));
        }
    }
}
