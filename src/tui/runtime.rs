//! The runtime: the loop that reads events, calls `update`, performs effects and draws when
//! something changed, on any front end ([`super::frontend`]). Slow effects (parsing a cable,
//! keyword searches, saves) run on [`Workers`]; what they produce comes back as actions.
//! Effects that produce data (`perform`) are shared with the test harness.

use super::action::{Action, BookmarksAction, LoadPurpose, Moment, PaletteAction};
use super::effect::Effect;
use super::event::{Event, Signal};
use super::frontend::{Frontend, LocalTerminal};
use super::state::ReaderState;
use super::update::App;
use super::{terminal, view};
use crate::archive::Archive;
use crate::palette::PaletteWorker;
use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Keyword hits the palette loads at a time (more as the user scrolls).
pub const PAGE: usize = crate::palette::TOP;

/// Perform a data effect against the archive; `None` for terminal effects. Workers call
/// this off the UI thread; the test harness calls it inline.
pub fn perform(archive: &Archive, effect: &Effect) -> Option<Action> {
    match effect {
        Effect::LoadCable {
            ticket,
            index,
            purpose,
        } => Some(load(archive, *ticket, *index, *purpose)),
        Effect::OpenId {
            ticket,
            id,
            purpose,
        } => Some(match archive.find(id) {
            Some(index) => load(archive, *ticket, index, *purpose),
            None => Action::LoadFailed {
                ticket: *ticket,
                error: format!("{id} is not in this archive"),
            },
        }),
        Effect::SaveBookmarks(_) | Effect::ReloadBookmarks(_) | Effect::SaveSession(_) => {
            Some(perform_save(effect))
        }
        Effect::ExportBookmarks {
            bookmarks,
            format,
            dir,
        } => {
            let items = crate::bookmarks::resolve_all(archive, bookmarks);
            let now = time::OffsetDateTime::now_utc();
            let stamp = format!(
                "{:04}{:02}{:02}-{:02}{:02}{:02}",
                now.year(),
                u8::from(now.month()),
                now.day(),
                now.hour(),
                now.minute(),
                now.second()
            );
            let written =
                crate::bookmarks::export::write_new(dir, archive.name(), *format, &items, &stamp);
            Some(Action::Bookmarks(BookmarksAction::Exported {
                count: items.len(),
                format: *format,
                result: written.map_err(|e| e.to_string()),
            }))
        }
        Effect::PaletteMatch {
            generation,
            list,
            needle,
        } => {
            // Synchronous (tests, or no matcher thread): the loop uses the worker instead.
            let ranking = crate::palette::Engine::new(1)
                .rank(&list.0, needle, &|| false, &mut |_| {})
                .unwrap_or_default();
            Some(Action::Palette(PaletteAction::Matched(
                crate::palette::Update {
                    generation: *generation,
                    ranking,
                    done: true,
                },
            )))
        }
        Effect::PaletteKeyword {
            generation,
            needle,
            offset,
        } => {
            let page = crate::archive::query::Query::parse(needle).and_then(|q| {
                archive.search_page(&q, crate::archive::SearchOrder::Relevance, *offset, PAGE)
            });
            Some(Action::Palette(PaletteAction::Found {
                generation: *generation,
                offset: *offset,
                page: page.map_err(|e| e.to_string()),
            }))
        }
        Effect::CountFacets { generation, rows } => Some(Action::FacetsCounted {
            generation: *generation,
            facets: Box::new(archive.facets(rows)),
        }),
        Effect::CountFilter { text, filter } => Some(Action::FilterCounted {
            text: text.clone(),
            count: Ok(crate::archive::filter::count(
                archive.meta_refs(),
                || archive.copy_flags(),
                filter,
            )),
        }),
        Effect::SortRows(job) => Some(Action::RowsSorted {
            ticket: job.ticket,
            descending: job.descending,
            rows: archive.select(&job.filter, job.key, job.descending),
        }),
        Effect::ResultSet { query } => {
            let stops = crate::archive::query::Query::parse(query)
                .and_then(|q| archive.search_cables(&q, crate::archive::SearchOrder::Relevance));
            Some(Action::Palette(PaletteAction::Walk {
                query: query.clone(),
                stops: stops.map_err(|e| e.to_string()),
            }))
        }
        _ => None,
    }
}

/// Perform a save effect: lock, merge and write the store, and answer with what it holds now.
fn perform_save(effect: &Effect) -> Action {
    let action = match effect {
        Effect::SaveBookmarks(sent) => {
            let mut store = sent.clone();
            let (notes, error, retry) = match store.save() {
                Ok(notes) => (notes.iter().map(ToString::to_string).collect(), None, false),
                Err(e) => (
                    Vec::new(),
                    Some(format!("bookmarks not saved: {e}")),
                    matches!(e, crate::bookmarks::BookmarkError::Locked { .. }),
                ),
            };
            BookmarksAction::Saved {
                sent: sent.clone(),
                store,
                notes,
                error,
                retry,
            }
        }
        Effect::ReloadBookmarks(sent) => {
            let mut store = sent.clone();
            let notes = store.reload().iter().map(ToString::to_string).collect();
            BookmarksAction::Saved {
                sent: sent.clone(),
                store,
                notes,
                error: None,
                retry: false,
            }
        }
        Effect::SaveSession(sent) => {
            let mut session = sent.clone();
            let error = session
                .save()
                .err()
                .map(|e| format!("reading positions not saved: {e}"));
            BookmarksAction::SessionSaved {
                sent: sent.clone(),
                session,
                error,
            }
        }
        _ => return Action::Failed("not a save".into()),
    };
    Action::Bookmarks(action)
}

fn load(archive: &Archive, ticket: u64, index: usize, purpose: LoadPurpose) -> Action {
    match archive.cable(index) {
        Ok(cable) => Action::CableLoaded {
            ticket,
            reader: Box::new(ReaderState::open(archive, index, cable)),
            purpose,
        },
        Err(e) => Action::LoadFailed {
            ticket,
            error: e.to_string(),
        },
    }
}

/// What a worker answers when performing `effect` panicked: the failure as the action
/// `update` waits for (a save's result, a load's failure), so nothing waits forever.
fn panicked(effect: &Effect) -> Action {
    let why = "an internal error stopped it".to_string();
    match effect {
        Effect::LoadCable { ticket, .. } | Effect::OpenId { ticket, .. } => Action::LoadFailed {
            ticket: *ticket,
            error: format!("the cable could not be opened: {why}"),
        },
        Effect::SortRows(job) => Action::SortFailed {
            ticket: job.ticket,
            error: format!("the list could not be sorted: {why}"),
        },
        Effect::CountFilter { text, .. } => Action::FilterCounted {
            text: text.clone(),
            count: Err(format!("not counted: {why}")),
        },
        Effect::SaveBookmarks(sent) | Effect::ReloadBookmarks(sent) => {
            Action::Bookmarks(BookmarksAction::Saved {
                sent: sent.clone(),
                store: sent.clone(),
                notes: Vec::new(),
                error: Some(format!("bookmarks not saved: {why}")),
                retry: false,
            })
        }
        Effect::SaveSession(sent) => Action::Bookmarks(BookmarksAction::SessionSaved {
            sent: sent.clone(),
            session: sent.clone(),
            error: Some(format!("reading positions not saved: {why}")),
        }),
        _ => Action::Failed(format!("not done: {why}")),
    }
}

/// Which worker performs an effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lane {
    /// Parsing a cable: only the newest asked for matters.
    Load,
    /// Keyword searches, in order (a newer palette query drops the older one's waiting).
    Search,
    /// Saves, reloads and exports of the bookmark and session files, in order.
    Store,
    /// Counting the list's facets, or the cables a filter being typed keeps: only the
    /// newest of each matters.
    Count,
    /// Sorting a long list: only the newest sort matters.
    Sort,
}

fn lane(effect: &Effect) -> Option<Lane> {
    match effect {
        Effect::LoadCable { .. } | Effect::OpenId { .. } => Some(Lane::Load),
        Effect::PaletteKeyword { .. } | Effect::ResultSet { .. } => Some(Lane::Search),
        Effect::CountFacets { .. } | Effect::CountFilter { .. } => Some(Lane::Count),
        Effect::SortRows(_) => Some(Lane::Sort),
        Effect::SaveBookmarks(_)
        | Effect::ReloadBookmarks(_)
        | Effect::SaveSession(_)
        | Effect::ExportBookmarks { .. } => Some(Lane::Store),
        _ => None,
    }
}

/// True when `new` makes `old`, still waiting for a worker, useless: a load replaces any
/// load (only the newest cable is wanted), a keyword page of a newer palette query replaces
/// the older query's.
fn supersedes(new: &Effect, old: &Effect) -> bool {
    match (new, old) {
        (
            Effect::LoadCable { .. } | Effect::OpenId { .. },
            Effect::LoadCable { .. } | Effect::OpenId { .. },
        ) => true,
        (
            Effect::PaletteKeyword { generation: g, .. },
            Effect::PaletteKeyword { generation: h, .. },
        ) => h < g,
        (Effect::CountFacets { .. }, Effect::CountFacets { .. }) => true,
        (Effect::CountFilter { .. }, Effect::CountFilter { .. }) => true,
        (Effect::SortRows(_), Effect::SortRows(_)) => true,
        _ => false,
    }
}

type Job = (Arc<Archive>, Effect);

#[derive(Default)]
struct Jobs {
    queue: VecDeque<Job>,
    closed: bool,
}

/// One thread performing effects of one lane in order, answering on the loop's channel. A
/// new job drops the waiting ones it supersedes.
struct Worker {
    jobs: Arc<(Mutex<Jobs>, Condvar)>,
    /// Finish every job at drop (saves), joining the thread; else drop what waits.
    finish: bool,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn lock(jobs: &Mutex<Jobs>) -> std::sync::MutexGuard<'_, Jobs> {
    jobs.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Worker {
    fn spawn(name: &str, finish: bool, tx: Sender<Event>) -> std::io::Result<Worker> {
        let jobs: Arc<(Mutex<Jobs>, Condvar)> = Arc::default();
        let theirs = Arc::clone(&jobs);
        let thread = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let (mutex, ready) = &*theirs;
                loop {
                    let job = {
                        let mut jobs = lock(mutex);
                        loop {
                            if let Some(job) = jobs.queue.pop_front() {
                                break Some(job);
                            }
                            if jobs.closed {
                                break None;
                            }
                            jobs = ready
                                .wait(jobs)
                                .unwrap_or_else(std::sync::PoisonError::into_inner);
                        }
                    };
                    let Some((archive, effect)) = job else {
                        return;
                    };
                    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        perform(&archive, &effect)
                    }));
                    let action = match done {
                        Ok(Some(action)) => action,
                        Ok(None) => continue,
                        Err(_) => panicked(&effect),
                    };
                    // The loop is gone when this fails: the rest of the queue still runs
                    // (a save must be written), its answers dropped.
                    let _ = tx.send(Event::Action(action));
                }
            })?;
        Ok(Worker {
            jobs,
            finish,
            thread: Some(thread),
        })
    }

    fn submit(&self, archive: Arc<Archive>, effect: Effect) {
        let (mutex, ready) = &*self.jobs;
        let mut jobs = lock(mutex);
        jobs.queue.retain(|(_, old)| !supersedes(&effect, old));
        jobs.queue.push_back((archive, effect));
        ready.notify_one();
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let (mutex, ready) = &*self.jobs;
        {
            let mut jobs = lock(mutex);
            jobs.closed = true;
            if !self.finish {
                jobs.queue.clear();
            }
            ready.notify_one();
        }
        // Saves are finished before the process goes on; a load or a search is not waited
        // for (its answer has no one left to read it).
        if self.finish
            && let Some(thread) = self.thread.take()
        {
            let _ = thread.join();
        }
    }
}

/// The threads that perform slow effects off the UI thread: parsing a cable, keyword
/// searches, saves (which can wait seconds on another process's lock), and the palette's
/// matcher. Their results come back on the loop's channel as actions, applied by `update`.
/// Without them ([`Workers::inline`]) every effect is performed on the loop's thread.
#[derive(Default)]
pub struct Workers {
    palette: Option<PaletteWorker>,
    load: Option<Worker>,
    search: Option<Worker>,
    store: Option<Worker>,
    count: Option<Worker>,
    sort: Option<Worker>,
}

impl Workers {
    /// No worker: every effect performed inline (tests).
    pub fn inline() -> Workers {
        Workers::default()
    }

    /// A worker per lane, answering on `tx`, and the palette's matcher if there is one.
    pub fn spawn(tx: &Sender<Event>, palette: Option<PaletteWorker>) -> std::io::Result<Workers> {
        Ok(Workers {
            palette,
            load: Some(Worker::spawn("load", false, tx.clone())?),
            search: Some(Worker::spawn("search", false, tx.clone())?),
            store: Some(Worker::spawn("store", true, tx.clone())?),
            count: Some(Worker::spawn("facets", false, tx.clone())?),
            sort: Some(Worker::spawn("sort", false, tx.clone())?),
        })
    }

    /// Hand `effect` to its worker; gives it back when it has none (performed inline).
    fn submit(&self, archive: &Arc<Archive>, effect: Effect) -> Option<Effect> {
        if let (
            Effect::PaletteMatch {
                generation,
                list,
                needle,
            },
            Some(worker),
        ) = (&effect, &self.palette)
        {
            worker.submit_as(*generation, Arc::clone(&list.0), needle);
            return None;
        }
        let worker = match lane(&effect) {
            Some(Lane::Load) => self.load.as_ref(),
            Some(Lane::Search) => self.search.as_ref(),
            Some(Lane::Store) => self.store.as_ref(),
            Some(Lane::Count) => self.count.as_ref(),
            Some(Lane::Sort) => self.sort.as_ref(),
            None => None,
        };
        match worker {
            Some(w) => {
                w.submit(Arc::clone(archive), effect);
                None
            }
            None => Some(effect),
        }
    }
}

/// Loop on the local terminal until the app stops running (see [`run`]).
pub fn event_loop(
    app: &mut App,
    rx: &Receiver<Event>,
    workers: &Workers,
    after_first_frame: impl FnOnce(),
) -> std::io::Result<()> {
    let mut local = LocalTerminal::new(app.few_colours)?;
    let result = run(app, rx, workers, after_first_frame, &mut local);
    local.release();
    result
}

/// Loop until the app has quit: draw on `frontend` when something changed, then wait for
/// events on `rx` (from the front end's [`super::frontend::EventSource`], the signal thread
/// and `workers`, whose results arrive as actions), or until the time `update` asked to be
/// woken at ([`App::due`]). Every action is applied by `update` with the time it happened
/// ([`Moment`]). Any front end drives the same App this way.
///
/// The loop ends when `update` asks for [`Effect::Quit`], which it does once the saves made
/// at quitting are done: when this returns, everything that could be saved is. When the
/// front end fails (a dropped link), nothing more is drawn, the app is told to terminate, and
/// the error is returned once its saves are done.
pub fn run<F: Frontend>(
    app: &mut App,
    rx: &Receiver<Event>,
    workers: &Workers,
    after_first_frame: impl FnOnce(),
    frontend: &mut F,
) -> std::io::Result<()> {
    let mut after_first_frame = Some(after_first_frame);
    let mut lp = Loop {
        workers,
        hung_up: false,
        failure: None,
        quit: false,
    };
    match frontend.size() {
        Ok((width, height)) => lp.apply(app, frontend, Action::Resize(width, height)),
        Err(e) => lp.fail(app, frontend, e),
    }
    let mut dirty = true;
    while !lp.quit {
        if dirty && !lp.hung_up {
            lp.apply(app, frontend, Action::Settle);
            if lp.quit {
                break;
            }
            if let Err(e) = terminal::draw(frontend.terminal(), |f| view::render(app, f)) {
                // The terminal is gone (a dropped link gives EIO before SIGHUP arrives):
                // stop as on a hangup, saving first.
                lp.fail(app, frontend, e);
                continue;
            }
            dirty = false;
            if let Some(then) = after_first_frame.take() {
                then();
            }
        }
        let first = match app.due() {
            Some(due) => {
                let wait = Duration::from_millis(Moment::real().millis_until(due));
                match rx.recv_timeout(wait) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => Event::Action(Action::Tick),
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            None => match rx.recv() {
                Ok(event) => event,
                Err(_) => break,
            },
        };
        // Take every event already waiting before drawing again.
        let mut events = vec![first];
        events.extend(rx.try_iter());
        for event in events {
            match event {
                Event::Signal(Signal::Hangup) | Event::InputClosed => lp.hung_up = true,
                Event::Resize(w, h) if !lp.hung_up => {
                    if let Err(e) = frontend.resized(w, h) {
                        lp.fail(app, frontend, e);
                    }
                }
                _ => {}
            }
            let effects = app.handle_event(event, Moment::real());
            lp.perform(app, frontend, effects);
            dirty = true;
            if lp.quit {
                break;
            }
        }
    }
    if !lp.quit {
        // Every sender is gone (no front end, no worker): finish the quit on this thread.
        finish(app);
    }
    lp.failure.map_or(Ok(()), Err)
}

/// Quit without a front end or workers: apply `Action::Terminate` and perform what it asks
/// for (the last saves) on this thread, until the app has quit. For a session whose loop
/// could not start, or a loop whose channel closed.
pub fn finish(app: &mut App) {
    let mut queue: VecDeque<Effect> = app.update(Action::Terminate, Moment::real()).into();
    while let Some(effect) = queue.pop_front() {
        if let Some(action) = perform(&app.archive, &effect) {
            queue.extend(app.update(action, Moment::real()));
        }
    }
}

/// The loop's book-keeping while it performs effects.
struct Loop<'w> {
    workers: &'w Workers,
    /// The front end is gone: nothing is drawn or written to it any more.
    hung_up: bool,
    /// Why the front end failed, returned when the loop ends.
    failure: Option<std::io::Error>,
    /// `update` asked to quit.
    quit: bool,
}

impl Loop<'_> {
    fn apply<F: Frontend>(&mut self, app: &mut App, frontend: &mut F, action: Action) {
        let effects = app.update(action, Moment::real());
        self.perform(app, frontend, effects);
    }

    /// The front end failed: draw nothing more, and terminate (saving first).
    fn fail<F: Frontend>(&mut self, app: &mut App, frontend: &mut F, error: std::io::Error) {
        self.hung_up = true;
        if self.failure.is_none() {
            self.failure = Some(error);
        }
        self.apply(app, frontend, Action::Terminate);
    }

    fn perform<F: Frontend>(&mut self, app: &mut App, frontend: &mut F, effects: Vec<Effect>) {
        let mut queue: VecDeque<Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            let Some(effect) = self.workers.submit(&app.archive, effect) else {
                continue;
            };
            if let Some(action) = perform(&app.archive, &effect) {
                queue.extend(app.update(action, Moment::real()));
                continue;
            }
            if effect == Effect::Quit {
                self.quit = true;
                continue;
            }
            if self.hung_up {
                continue;
            }
            if let Err(e) = self.terminal_effect(app, frontend, effect) {
                self.hung_up = true;
                if self.failure.is_none() {
                    self.failure = Some(e);
                }
                queue.extend(app.update(Action::Terminate, Moment::real()));
            }
        }
    }

    fn terminal_effect<F: Frontend>(
        &mut self,
        app: &mut App,
        frontend: &mut F,
        effect: Effect,
    ) -> std::io::Result<()> {
        match effect {
            Effect::SetMouse(on) => frontend.set_mouse(on)?,
            Effect::Suspend => {
                if frontend.suspend(app.mouse)? {
                    let (width, height) = frontend.size()?;
                    let effects = app.update(Action::Resize(width, height), Moment::real());
                    self.perform(app, frontend, effects);
                } else {
                    let effects = app.update(
                        Action::Failed("this session cannot be suspended".into()),
                        Moment::real(),
                    );
                    self.perform(app, frontend, effects);
                }
            }
            Effect::Redraw => frontend.full_redraw()?,
            Effect::Copy(text) => frontend.copy(&text)?,
            Effect::Quit
            | Effect::LoadCable { .. }
            | Effect::OpenId { .. }
            | Effect::SaveBookmarks(_)
            | Effect::ReloadBookmarks(_)
            | Effect::SaveSession(_)
            | Effect::ExportBookmarks { .. }
            | Effect::PaletteMatch { .. }
            | Effect::PaletteKeyword { .. }
            | Effect::ResultSet { .. }
            | Effect::CountFacets { .. }
            | Effect::CountFilter { .. }
            | Effect::SortRows(_) => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(ticket: u64) -> Effect {
        Effect::LoadCable {
            ticket,
            index: 0,
            purpose: LoadPurpose::Preview,
        }
    }

    fn page(generation: u64) -> Effect {
        Effect::PaletteKeyword {
            generation,
            needle: "tip".into(),
            offset: 0,
        }
    }

    #[test]
    fn only_waiting_work_made_useless_is_dropped() {
        assert!(supersedes(&load(2), &load(1)));
        let open = Effect::OpenId {
            ticket: 3,
            id: "09STATE1".into(),
            purpose: LoadPurpose::Follow,
        };
        assert!(supersedes(&open, &load(2)));
        assert!(supersedes(&page(5), &page(4)));
        assert!(
            !supersedes(&page(5), &page(5)),
            "a second page of one query"
        );
        let walk = Effect::ResultSet {
            query: "tip".into(),
        };
        assert!(!supersedes(&page(6), &walk));
        let store = crate::bookmarks::BookmarkStore::in_memory("demo");
        let save = Effect::SaveBookmarks(Box::new(store));
        assert!(!supersedes(&save, &save.clone()), "every save is made");
    }

    #[test]
    fn a_worker_answers_on_the_channel_and_finishes_its_saves_when_dropped() {
        let (tx, rx) = std::sync::mpsc::channel();
        let archive = Arc::new(Archive::demo());
        let worker = Worker::spawn("test-store", true, tx).expect("a thread");
        let session = crate::bookmarks::session::SessionStore::in_memory("demo");
        worker.submit(Arc::clone(&archive), Effect::SaveSession(Box::new(session)));
        worker.submit(archive, load(1));
        drop(worker);
        let answers: Vec<Event> = rx.try_iter().collect();
        assert!(matches!(
            answers.first(),
            Some(Event::Action(Action::Bookmarks(
                BookmarksAction::SessionSaved { error: Some(_), .. }
            )))
        ));
        assert!(matches!(
            answers.get(1),
            Some(Event::Action(Action::CableLoaded { ticket: 1, .. }))
        ));
    }
}
