//! Slow effects off the UI thread: loads, saves and their results applied by `update`.
//!
//! Headless (the harness holds loads or saves back, as a slow worker would, and releases them
//! later): a stale parse is dropped, a bookmark made while a save is in flight is saved by
//! the next save, quitting waits for the last saves, the session file is written when the
//! user is idle rather than at every move, and a run replays exactly (the time and the random
//! number come with each action). Then the real loop with real workers: a save waiting on
//! another process's lock does not stop the keys.

mod tui_common;

use cables::archive::Archive;
use cables::bookmarks::BookmarkStore;
use cables::bookmarks::session::SessionStore;
use cables::tui::effect::Effect;
use cables::tui::harness::Harness;
use cables::tui::state::Overlay;
use cables::tui::state::bookmarks::BookmarksState;
use cables::tui::theme::Theme;

fn harness(w: u16, h: u16) -> Harness {
    Harness::new(Archive::demo(), Theme::role_test(), w, h)
}

/// A harness whose bookmarks and session are saved in `dir`.
fn saving_in(dir: &std::path::Path, w: u16, h: u16) -> Harness {
    let mut h = harness(w, h);
    let (state, notes) = BookmarksState::open(&h.app.archive, dir);
    assert!(notes.is_empty(), "{notes:?}");
    h.app.bookmarks = state;
    h
}

fn bookmark_with_note(h: &mut Harness, note: &str) {
    h.keys("m");
    assert!(matches!(h.app.overlays.last(), Some(Overlay::Prompt(_))));
    h.type_text(note);
    h.keys("enter");
}

/// A harness saving into `dir` with a cable open and a bookmark with `note` just made, its
/// save held in flight.
fn a_bookmark_saving(dir: &std::path::Path, note: &str) -> Harness {
    let mut h = saving_in(dir, 80, 24);
    h.keys("enter } }");
    h.hold_saves = true;
    bookmark_with_note(&mut h, note);
    h
}

fn held_saves(h: &Harness) -> usize {
    h.held
        .iter()
        .filter(|e| matches!(e, Effect::SaveBookmarks(_)))
        .count()
}

fn held_session_saves(h: &Harness) -> usize {
    h.held
        .iter()
        .filter(|e| matches!(e, Effect::SaveSession(_)))
        .count()
}

fn notes_on_disk(dir: &std::path::Path, archive: &Archive) -> Vec<String> {
    let (store, _) = BookmarkStore::open(dir, archive.name());
    let mut notes: Vec<String> = store.bookmarks().iter().map(|b| b.note.clone()).collect();
    notes.sort();
    notes
}

#[test]
fn a_bookmark_made_while_a_save_is_in_flight_is_saved_by_the_next_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = a_bookmark_saving(dir.path(), "first");
    assert_eq!(held_saves(&h), 1, "the first save is on its way");
    // A second bookmark while the first save waits (on another process's lock, say): no
    // second save at the same time...
    h.keys("}");
    bookmark_with_note(&mut h, "second");
    assert_eq!(held_saves(&h), 1, "one save at a time");
    // ...the first one's result (which holds only "first") keeps "second" in memory, and the
    // next save writes it.
    while h.release() {}
    let mut in_memory: Vec<&str> = h
        .app
        .bookmarks
        .store
        .bookmarks()
        .iter()
        .map(|b| b.note.as_str())
        .collect();
    in_memory.sort();
    assert_eq!(in_memory, ["first", "second"]);
    assert_eq!(
        notes_on_disk(dir.path(), &h.app.archive),
        ["first", "second"]
    );
    assert!(!h.app.bookmarks.store.is_dirty());
    assert!(!h.app.bookmarks.saving.in_flight);
}

#[test]
fn a_deletion_made_while_a_save_is_in_flight_is_not_undone_by_its_result() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = saving_in(dir.path(), 80, 24);
    h.keys("enter } }");
    bookmark_with_note(&mut h, "keep");
    h.keys("}");
    bookmark_with_note(&mut h, "drop");
    h.hold_saves = true;
    h.keys("esc B");
    // Reloading on opening the screen is in flight; delete the newest bookmark meanwhile.
    h.keys("d");
    while h.release() {}
    let notes: Vec<&str> = h
        .app
        .bookmarks
        .store
        .bookmarks()
        .iter()
        .map(|b| b.note.as_str())
        .collect();
    assert_eq!(notes, ["keep"]);
    assert_eq!(notes_on_disk(dir.path(), &h.app.archive), ["keep"]);
}

#[test]
fn a_parse_no_longer_wanted_is_dropped_and_the_status_bar_says_what_is_loading() {
    // Side by side, the list focused: moving in the list previews the selected cable.
    let mut h = harness(140, 40);
    h.keys("enter tab");
    assert!(h.app.layout().wide);
    let (first, second) = (
        h.app.archive.id(h.app.list.rows[1] as usize).to_string(),
        h.app.archive.id(h.app.list.rows[2] as usize).to_string(),
    );
    h.hold_loads = true;
    h.keys("j");
    assert!(
        h.text().contains(&format!("opening {first}…")),
        "{}",
        h.text()
    );
    h.keys("j");
    assert!(h.text().contains(&format!("opening {second}…")));
    // The first preview arrives late: dropped (the reader does not flash to it).
    assert!(h.release());
    assert!(
        h.app.reader.as_ref().is_none_or(|r| r.cable.id != first),
        "a stale parse was shown"
    );
    assert!(h.app.loading.is_some(), "still waiting for the second");
    assert!(h.release());
    assert_eq!(
        h.app.reader.as_ref().map(|r| r.cable.id.as_str()),
        Some(second.as_str())
    );
    assert!(h.app.loading.is_none());
    assert!(!h.text().contains("opening"));
    // Back on the cable shown while another is on its way: that one is dropped too.
    h.keys("j k");
    assert!(h.app.loading.is_none());
    while h.release() {}
    assert_eq!(
        h.app.reader.as_ref().map(|r| r.cable.id.as_str()),
        Some(second.as_str())
    );
}

#[test]
fn quitting_waits_for_the_saves_in_flight_and_ignores_keys_meanwhile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = a_bookmark_saving(dir.path(), "last words");
    h.keys("Q");
    assert!(h.app.running, "a save is in flight");
    assert!(h.app.quitting);
    assert!(h.text().contains("saving…"), "{}", h.text());
    h.keys("j j");
    assert!(h.app.overlays.is_empty());
    assert!(!h.effects.contains(&Effect::Quit));
    while h.release() {}
    assert!(!h.app.running);
    assert_eq!(h.effects.last(), Some(&Effect::Quit));
    assert_eq!(
        h.effects.iter().filter(|e| **e == Effect::Quit).count(),
        1,
        "asked to quit once"
    );
    assert_eq!(notes_on_disk(dir.path(), &h.app.archive), ["last words"]);
    assert!(h.app.exit_problems.is_empty());
}

#[test]
fn the_session_is_written_when_the_user_is_idle_not_at_every_move() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = saving_in(dir.path(), 140, 40);
    h.keys("enter tab");
    h.hold_saves = true;
    // Moving through the list previews cable after cable: no write yet.
    h.keys("j j j");
    assert_eq!(held_session_saves(&h), 0, "{:?}", h.held);
    h.idle(1000);
    assert_eq!(held_session_saves(&h), 0, "not idle long enough");
    // Another move puts the save off again.
    h.keys("j");
    h.idle(1500);
    assert_eq!(held_session_saves(&h), 0);
    h.idle(600);
    assert_eq!(held_session_saves(&h), 1, "two seconds after the last move");
    while h.release() {}
    let shown = h.app.reader.as_ref().map(|r| r.cable.id.clone());
    let (session, _) = SessionStore::open(dir.path(), h.app.archive.name());
    assert_eq!(session.last().and_then(|l| l.cable.clone()), shown);
    assert!(h.app.due().is_none(), "nothing left to save: no wake-up");
    // Opening a cable writes it at once; so does quitting (after a move).
    h.keys("enter");
    assert_eq!(held_session_saves(&h), 1);
    while h.release() {}
    h.keys("} Q");
    assert_eq!(held_session_saves(&h), 1);
    while h.release() {}
    assert!(!h.app.running);
}

#[test]
fn a_run_replays_exactly_the_time_and_randomness_come_with_the_actions() {
    let run = || {
        let mut h = harness(80, 24);
        h.keys("enter } }");
        bookmark_with_note(&mut h, "same");
        h.app.bookmarks.store.bookmarks().to_vec()
    };
    let (a, b) = (run(), run());
    assert_eq!(a.len(), 1);
    assert_eq!(a, b, "ids and times differ between two identical runs");
}

/// The real loop with its workers, drawing into memory: a bookmark save that waits on a lock
/// another process holds does not hold up the keys, and is written once the lock is free;
/// quitting meanwhile waits for it.
#[test]
fn a_save_waiting_on_another_process_lock_does_not_stop_the_keys() {
    use cables::tui::event::Event;
    use cables::tui::frontend::FixedTerminal;
    use cables::tui::keymap::Keymap;
    use cables::tui::keys::parse_sequence;
    use cables::tui::runtime::{Workers, run};
    use cables::tui::update::App;
    use std::sync::{Arc, mpsc};
    use std::time::{Duration, Instant};
    use tui_common::Sink;

    /// Wait (a minute at most) until `done` holds.
    fn wait_for(what: &str, done: impl Fn() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(start.elapsed() < Duration::from_secs(60), "never: {what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    let dir = tempfile::tempdir().expect("tempdir");
    let archive = Arc::new(Archive::demo());
    let mut app = App::new(Arc::clone(&archive), Keymap::defaults(), Vec::new());
    let (state, _) = BookmarksState::open(&archive, dir.path());
    let file = state.store.path().to_path_buf();
    app.bookmarks = state;

    // Another process holds the bookmark file's lock.
    std::fs::create_dir_all(file.parent().expect("a folder")).expect("mkdir");
    let mut lock_path = file.clone().into_os_string();
    lock_path.push(".lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .expect("lock file");
    lock.try_lock().expect("the lock");

    let sink = Sink::default();
    let mut screen = FixedTerminal::new(sink.clone(), (100, 30)).expect("a terminal in memory");
    let (tx, rx) = mpsc::channel();
    let workers = Workers::spawn(&tx, None).expect("workers");
    let looping = std::thread::spawn(move || {
        let ran = run(&mut app, &rx, &workers, || {}, &mut screen);
        (app, ran)
    });
    let press = |keys: &str| {
        for key in parse_sequence(keys).expect("keys") {
            tx.send(Event::Key(key)).expect("the loop listens");
        }
    };
    // Typed ahead: the keys after Enter wait for the cable, then bookmark its paragraph.
    press("enter } } m h e l d enter");
    // The save now waits on the lock; the keys still work: help opens, and quitting is
    // taken while the save is still in flight, not after it gave up (then quitting would
    // warn that the bookmark is not saved).
    press("? Q");
    wait_for("help, then `saving…` while the save waits", || {
        let text = sink.text();
        text.contains("Help: [") && text.contains("saving…")
    });
    assert!(
        !sink.text().contains("quit again"),
        "the save gave up first"
    );
    assert!(
        notes_on_disk(dir.path(), &archive).is_empty(),
        "not written yet"
    );
    // The lock is let go: the save waiting on it goes through, and the loop ends.
    drop(lock);
    let (app, ran) = looping.join().expect("the loop thread");
    assert!(ran.is_ok(), "{ran:?}");
    assert!(!app.running);
    assert!(app.exit_problems.is_empty(), "{:?}", app.exit_problems);
    assert!(!app.bookmarks.store.is_dirty());
    assert_eq!(notes_on_disk(dir.path(), &archive), ["held"]);
}

#[test]
fn a_keyword_search_on_its_way_shows_as_such_and_an_older_query_answer_is_dropped() {
    let mut h = harness(100, 30);
    h.hold_searches = true;
    h.keys("ctrl-p");
    h.type_text("/tajik");
    // The palette's input line, inside its box: the query and the count (`… ` while the
    // search is on its way).
    let counter = |h: &Harness| {
        let text = h.text();
        let line = text
            .lines()
            .find(|l| l.contains("/tajik"))
            .unwrap_or_default();
        line.split('│').nth(1).unwrap_or_default().to_string()
    };
    assert!(counter(&h).contains('…'), "{}", h.text());
    // Every key started a search; only the last query's answer is taken.
    let queued = h.held.len();
    assert!(queued > 1, "{queued}");
    while h.held.len() > 1 {
        h.release();
        assert!(
            counter(&h).contains('…'),
            "an older query's answer was shown"
        );
    }
    h.release();
    assert!(!counter(&h).contains('…'), "{}", h.text());
    let Some(Overlay::Palette(p)) = h.app.overlays.last() else {
        panic!("the palette is open");
    };
    assert!(!p.hits.is_empty());
}

/// A save that found the file locked by another process for too long is tried again a
/// little later, by itself, and its failure is said once.
#[test]
fn a_save_that_found_the_file_locked_is_tried_again_later_and_said_once() {
    use cables::tui::action::{Action, BookmarksAction};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = a_bookmark_saving(dir.path(), "wait for it");
    let locked = |h: &mut Harness| {
        let at = h
            .held
            .iter()
            .position(|e| matches!(e, Effect::SaveBookmarks(_)));
        let Some(Effect::SaveBookmarks(sent)) = at.and_then(|i| h.held.remove(i)) else {
            panic!("a bookmark save held: {:?}", h.held);
        };
        h.apply(Action::Bookmarks(BookmarksAction::Saved {
            store: sent.clone(),
            sent,
            notes: Vec::new(),
            error: Some("bookmarks not saved: the lock was held for 5 s".into()),
            retry: true,
        }));
    };
    // `m` saved once, the note asked for a second save meanwhile: made at once.
    locked(&mut h);
    assert!(h.text().contains("the lock was held"), "{}", h.text());
    assert_eq!(held_saves(&h), 1, "the save asked for meanwhile");
    // Locked too: tried again later, by itself.
    h.keys("j");
    locked(&mut h);
    assert!(h.app.message.is_none(), "said once: {:?}", h.app.message);
    assert_eq!(held_saves(&h), 0);
    assert!(h.app.due().is_some(), "a wake-up to try again");
    h.idle(5_000);
    assert_eq!(held_saves(&h), 0, "not yet");
    h.idle(6_000);
    assert_eq!(held_saves(&h), 1, "tried again");
    while h.release() {}
    assert_eq!(notes_on_disk(dir.path(), &h.app.archive), ["wait for it"]);
    assert!(h.app.due().is_none());
}

fn held_counts(h: &Harness) -> Vec<u64> {
    h.held
        .iter()
        .filter_map(|e| match e {
            Effect::CountFacets { generation, .. } => Some(*generation),
            _ => None,
        })
        .collect()
}

fn filter_by(h: &mut Harness, filter: &str) {
    h.keys("f ctrl-u");
    h.type_text(filter);
    h.keys("enter");
}

/// The facet panel is counted on a worker after the frame (a count over every cable took a
/// fifth of the first screen at 2.7 million cables): until the count comes back the panel
/// says so; a count made for rows that changed since is dropped, and the newest is shown.
#[test]
fn facets_are_counted_after_the_frame_and_a_stale_count_is_dropped() {
    let mut h = harness(120, 40);
    assert!(h.app.list.show_facets);
    assert!(!h.app.list.facets_stale(), "the first count is done");
    let all = h.app.list.facets.clone();
    assert!(!all.tags.is_empty());
    h.hold_counts = true;
    filter_by(&mut h, "tag:KTIP");
    let first = held_counts(&h);
    assert_eq!(first.len(), 1, "{first:?}");
    assert!(h.app.list.facets_stale());
    assert!(h.text().contains("Top tags counting…"), "{}", h.text());
    let ktip_rows = h.app.list.rows.len();
    assert!(ktip_rows > 0 && ktip_rows < h.app.archive.len());
    // The rows change again before the first count is back.
    filter_by(&mut h, "");
    assert_eq!(held_counts(&h).len(), 2);
    assert!(h.release(), "the stale count");
    assert!(
        h.app.list.facets_stale(),
        "a count for older rows is not taken"
    );
    assert_eq!(h.app.list.facets, all, "the panel kept what it had");
    assert!(h.release(), "the newest count");
    assert!(!h.app.list.facets_stale());
    assert!(!h.text().contains("counting…"), "{}", h.text());
    assert_eq!(h.app.list.facets, h.app.archive.facets(&h.app.list.rows));
    // Sorting keeps the set of rows: nothing to count again.
    h.keys("s");
    assert!(held_counts(&h).is_empty());
}

/// Counts in the millions (PlusD's most used tags and posts) keep a space before the tag's
/// meaning and the post's name.
#[test]
fn facet_counts_in_the_millions_stay_apart_from_their_names() {
    let mut h = harness(120, 40);
    assert!(h.app.list.show_facets);
    let tag = h.app.list.facets.tags[0].0.clone();
    let origin = h.app.list.facets.origins[0].0.clone();
    h.app.list.facets.tags[0].1 = 1_330_022;
    h.app.list.facets.origins[0].1 = 12_540_896;
    let text = h.text();
    let tag_line = text
        .lines()
        .find(|l| l.contains(&format!("{tag} ")) && l.contains("1330022"))
        .unwrap_or_else(|| panic!("no line for {tag}:\n{text}"));
    assert!(tag_line.contains("1330022 "), "{tag_line}");
    assert!(
        tag_line.contains(&format!(
            "12540896 {}",
            origin.chars().take(8).collect::<String>()
        )),
        "{tag_line}"
    );
}

/// A hidden facet panel is not counted; it is when shown.
#[test]
fn a_hidden_facet_panel_is_not_counted() {
    let mut h = harness(80, 24);
    assert!(!h.app.list.show_facets);
    h.hold_counts = true;
    filter_by(&mut h, "tag:KTIP");
    assert!(held_counts(&h).is_empty(), "{:?}", h.held);
    h.keys("v");
    assert_eq!(held_counts(&h).len(), 1);
    assert!(h.release());
    assert_eq!(h.app.list.facets, h.app.archive.facets(&h.app.list.rows));
}

fn held_sorts(h: &Harness) -> Vec<u64> {
    h.held
        .iter()
        .filter_map(|e| match e {
            Effect::SortRows(job) => Some(job.ticket),
            _ => None,
        })
        .collect()
}

fn first_line(h: &Harness) -> String {
    h.text().lines().next().unwrap_or_default().to_string()
}

/// A long list is sorted on a worker (by id at 2.7 million cables took 0.9 s on the thread
/// that draws): the header says which order is coming and that it is on its way, the rows
/// stay as they were until it comes, the keys still answer, and a reversal made meanwhile
/// turns the sorted rows around when they come.
#[test]
fn a_long_list_is_sorted_on_a_worker_and_the_keys_answer_meanwhile() {
    use cables::archive::catalog::{Filter, SortKey};
    let mut h = harness(120, 40);
    h.app.list.sort_on_the_spot = 0;
    h.hold_sorts = true;
    let by_date = h.app.list.rows.clone();
    let archive = std::sync::Arc::clone(&h.app.archive);
    let by_id = archive.select(&Filter::default(), SortKey::Id, false);
    assert_ne!(*by_date, by_id, "the demo's orders differ");

    h.keys("2");
    assert_eq!(held_sorts(&h).len(), 1);
    let header = first_line(&h);
    assert!(header.contains("by id ↑ (sorting…)"), "{header}");
    assert_eq!(h.app.list.rows, by_date, "the rows wait for the sort");
    h.keys("j j");
    assert_eq!(h.app.list.selected, 2, "the keys still answer");
    assert!(h.release());
    assert_eq!(*h.app.list.rows, by_id);
    assert_eq!(h.app.list.selected, 0, "from the top of the new order");
    let header = first_line(&h);
    assert!(
        header.contains("by id ↑") && !header.contains("sorting"),
        "{header}"
    );

    // Origin asked for, then reversed before it came.
    h.keys("3 3");
    assert!(first_line(&h).contains("by origin ↓ (sorting…)"));
    assert_eq!(*h.app.list.rows, by_id);
    assert!(h.release());
    assert_eq!(
        *h.app.list.rows,
        archive.select(&Filter::default(), SortKey::Origin, true)
    );
    assert!(h.app.list.descending);
}

/// A sort overtaken by a filter is dropped: the filter's rows come in the order asked for;
/// a newer sort replaces an older one; a sort that failed gives the header back the order
/// the rows are in.
#[test]
fn a_sort_overtaken_by_a_filter_or_a_newer_sort_is_dropped() {
    use cables::archive::catalog::{Filter, SortKey};
    use cables::tui::action::Action;
    let mut h = harness(120, 40);
    h.app.list.sort_on_the_spot = 0;
    h.hold_sorts = true;
    let every = h.app.list.rows.clone();
    h.keys("2");
    filter_by(&mut h, "tag:KTIP");
    assert_eq!(held_sorts(&h).len(), 2, "the sort, then the filter");
    assert!(
        first_line(&h).contains("(filtering…)"),
        "{}",
        first_line(&h)
    );
    assert!(h.release(), "the sort of every cable");
    assert_eq!(h.app.list.rows, every, "a sort for older rows is not taken");
    assert!(h.release(), "the filter's rows");
    let archive = std::sync::Arc::clone(&h.app.archive);
    let ktip = Filter {
        tags: vec!["KTIP".into()],
        ..Filter::default()
    };
    assert!(h.app.list.rows.len() < h.app.archive.len());
    assert_eq!(*h.app.list.rows, archive.select(&ktip, SortKey::Id, false));
    assert!(!first_line(&h).contains("…"), "{}", first_line(&h));

    // Two sorts in flight: only the newest is taken.
    filter_by(&mut h, "");
    assert!(h.release(), "every cable again");
    h.keys("3 4");
    let tickets = held_sorts(&h);
    assert_eq!(tickets.len(), 2);
    assert!(h.release(), "the older sort");
    assert!(first_line(&h).contains("by classification ↑ (sorting…)"));
    assert!(h.release(), "the newer sort");
    let by_class = archive.select(&Filter::default(), SortKey::Classification, false);
    assert_eq!(*h.app.list.rows, by_class);

    // A sort replaced by a newer one fails: no news, the newer one still comes.
    h.keys("3 2");
    let tickets = held_sorts(&h);
    h.apply(Action::SortFailed {
        ticket: tickets[0],
        error: "the list could not be sorted: an internal error stopped it".into(),
    });
    assert!(!h.text().contains("could not be sorted"), "{}", h.text());
    assert!(h.app.list.sorting.is_some());
    while h.release() {}
    let by_id = archive.select(&Filter::default(), SortKey::Id, false);
    assert_eq!(*h.app.list.rows, by_id);
    h.keys("4");
    assert!(h.release());
    assert_eq!(*h.app.list.rows, by_class);

    // A sort that failed: the header says the order the rows are in.
    h.keys("2");
    let ticket = held_sorts(&h)[0];
    h.apply(Action::SortFailed {
        ticket,
        error: "the list could not be sorted: an internal error stopped it".into(),
    });
    assert_eq!(h.app.list.sort, SortKey::Classification);
    assert!(h.app.list.sorting.is_none());
    assert!(h.text().contains("could not be sorted"), "{}", h.text());
    assert_eq!(*h.app.list.rows, by_class);
}

/// In a large archive a new filter's rows are made on a worker (a broad filter at 2.7
/// million cables took ~0.8 s on the thread that draws): the header names the new filter
/// and says the rows are coming, the old rows and the keys answer meanwhile, the selected
/// cable stays selected when it passes, and the facets are counted for the new rows. A
/// filter that fails gives the old filter back; the list's own filter keys go the same way.
#[test]
fn a_new_filter_in_a_large_archive_is_applied_on_a_worker() {
    use cables::archive::catalog::{Filter, SortKey};
    use cables::tui::action::Action;
    let mut h = harness(120, 40);
    h.app.list.sort_on_the_spot = 0;
    h.hold_sorts = true;
    let archive = std::sync::Arc::clone(&h.app.archive);
    let every = h.app.list.rows.clone();
    let ktip = Filter {
        tags: vec!["KTIP".into()],
        ..Filter::default()
    };
    let passing = archive.select(&ktip, SortKey::Date, false);
    assert!(!passing.is_empty() && passing.len() < every.len());
    // Select a cable that passes, not the first of the new rows.
    let kept = *passing.last().expect("one passes");
    let row = every.iter().position(|&r| r == kept).expect("listed");
    h.app.list.selected = row;
    let generation = h.app.list.rows_generation;

    filter_by(&mut h, "tag:KTIP");
    assert_eq!(held_sorts(&h).len(), 1);
    let header = first_line(&h);
    assert!(header.contains("tag:KTIP"), "{header}");
    assert!(header.contains("(filtering…)"), "{header}");
    assert_eq!(h.app.list.rows, every, "the rows wait for the worker");
    assert_eq!(h.app.list.rows_generation, generation);
    h.keys("k");
    assert_eq!(h.app.list.selected, row - 1, "the keys still answer");
    h.keys("j");
    assert!(h.release());
    assert_eq!(*h.app.list.rows, passing);
    assert_eq!(
        h.app.list.selected_index(),
        Some(kept as usize),
        "still selected"
    );
    assert!(
        h.app.list.rows_generation > generation,
        "facets counted again"
    );
    assert!(!first_line(&h).contains("…"), "{}", first_line(&h));
    assert_eq!(h.app.list.facets, archive.facets(&h.app.list.rows));

    // A filter that failed on its worker: the old filter is shown again, over its rows.
    filter_by(&mut h, "origin:nowhere");
    let ticket = held_sorts(&h)[0];
    h.apply(Action::SortFailed {
        ticket,
        error: "the list could not be filtered: an internal error stopped it".into(),
    });
    assert_eq!(h.app.list.filter, ktip);
    assert!(h.app.list.sorting.is_none());
    assert_eq!(*h.app.list.rows, passing);
    assert!(first_line(&h).contains("tag:KTIP"), "{}", first_line(&h));
    h.held.clear();

    // F clears the filter, on the worker too.
    h.keys("F");
    assert_eq!(held_sorts(&h).len(), 1);
    assert!(h.release());
    assert_eq!(h.app.list.rows, every);
    assert!(h.app.list.filter.is_empty());
}

/// In a large archive the filter prompt's count of the cables the text keeps is made on a
/// worker (60-130 ms a key at 2.7 million cables): the typed text shows at once with
/// "counting…", a count for text changed since is dropped, and the newest count is shown.
#[test]
fn the_filter_prompt_counts_on_a_worker_in_a_large_archive() {
    use cables::archive::catalog::{Filter, SortKey};
    let mut h = harness(120, 40);
    h.app.list.sort_on_the_spot = 0;
    h.hold_counts = true;
    h.keys("f ctrl-u");
    h.held.clear();
    h.type_text("tag:KTIP");
    let last_line = |h: &Harness| h.text().lines().last().unwrap_or_default().to_string();
    assert!(
        last_line(&h).contains("filter: tag:KTIP"),
        "{}",
        last_line(&h)
    );
    assert!(last_line(&h).contains("→ counting…"), "{}", last_line(&h));
    let counts = h
        .held
        .iter()
        .filter(|e| matches!(e, Effect::CountFilter { .. }))
        .count();
    assert!(counts >= 2, "one count per text typed: {counts}");
    let ktip = Filter {
        tags: vec!["KTIP".into()],
        ..Filter::default()
    };
    let expected = h.app.archive.select(&ktip, SortKey::Date, false).len();
    assert!(expected > 0 && expected < h.app.archive.len());
    // The counts for "t", "ta", … come back first and are dropped; the last is shown.
    assert!(h.release());
    assert!(last_line(&h).contains("→ counting…"), "{}", last_line(&h));
    while h.release() {}
    let line = last_line(&h);
    assert!(line.contains(&format!("→ {expected} cables")), "{line}");
    assert!(!line.contains('…'), "{line}");
    // The next key keeps that count on screen, marked as on its way, until its own comes.
    h.type_text(" ");
    let line = last_line(&h);
    assert!(line.contains(&format!("→ {expected} cables…")), "{line}");
    while h.release() {}
    let line = last_line(&h);
    assert!(!line.contains('…'), "{line}");
    // An unreadable filter says why, at once.
    h.type_text(" year:x");
    assert!(!last_line(&h).contains("counting"), "{}", last_line(&h));
    assert!(!last_line(&h).contains("→"), "{}", last_line(&h));

    // A text typed again after its count came back for other text is counted again.
    h.keys("ctrl-u");
    h.type_text("year:2009");
    h.type_text("x");
    assert!(!last_line(&h).contains("counting"), "{}", last_line(&h));
    while h.release() {}
    h.keys("backspace");
    assert!(last_line(&h).contains(" cables…"), "{}", last_line(&h));
    assert!(
        h.held
            .iter()
            .any(|e| matches!(e, Effect::CountFilter { text, .. } if text == "year:2009")),
        "{:?}",
        h.held
    );
    while h.release() {}
    let line = last_line(&h);
    assert!(line.contains(" cables") && !line.contains('…'), "{line}");
}

/// One step of a user and the workers: a key of the list, a filter typed, or the oldest
/// held sort answered or failed.
#[derive(Debug, Clone)]
enum Step {
    Keys(&'static str),
    Filter(&'static str),
    Answer,
    Fail,
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        proptest::sample::select(vec!["1", "2", "3", "4", "5", "S", "s", "F", "j", "G"])
            .prop_map(Step::Keys),
        proptest::sample::select(vec!["tag:KTIP", "origin:dushanbe", "", "year:2009-2010"])
            .prop_map(Step::Filter),
        Just(Step::Answer),
        Just(Step::Answer),
        Just(Step::Fail),
    ]
}

/// The list's rows, whatever the user and the workers do in whatever order: with no job
/// under way they are exactly the archive's cables for the list's filter, key and direction
/// (and the header says so); with one under way, those of the filter, key and direction
/// shown before it; the selection always points into them.
fn check_rows(h: &Harness, steps: &[Step]) {
    let list = &h.app.list;
    let archive = &h.app.archive;
    let expected = match &list.sorting {
        None => archive.select(&list.filter, list.sort, list.descending),
        Some(job) => {
            let filter = job.filter_before.as_ref().unwrap_or(&list.filter);
            archive.select(filter, job.before.0, job.before.1)
        }
    };
    assert_eq!(*list.rows, expected, "after {steps:?}");
    assert!(
        list.selected < list.rows.len().max(1),
        "selection {} of {} after {steps:?}",
        list.selected,
        list.rows.len()
    );
    let header = first_line(h);
    assert_eq!(
        header.contains('…'),
        list.sorting.is_some(),
        "{header} after {steps:?}"
    );
    assert!(
        header.contains(&format!(" {} of ", list.rows.len())),
        "{header} after {steps:?}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Sorts, reversals, filters and the workers' answers and failures interleaved at
    /// random: the rows always agree with the order and filter the header shows, and once
    /// every job is answered they are the archive's own for the list's filter and order.
    #[test]
    fn rows_agree_with_the_header_whatever_the_workers_answer_when(
        steps in proptest::collection::vec(step(), 1..24)
    ) {
        use cables::tui::action::Action;
        let mut h = harness(120, 40);
        h.app.list.sort_on_the_spot = 0;
        h.hold_sorts = true;
        for (n, s) in steps.iter().enumerate() {
            match s {
                Step::Keys(k) => h.keys(k),
                Step::Filter(text) => filter_by(&mut h, text),
                Step::Answer => {
                    h.release();
                }
                Step::Fail => {
                    if let Some(Effect::SortRows(job)) = h.held.pop_front() {
                        h.apply(Action::SortFailed {
                            ticket: job.ticket,
                            error: "failed".into(),
                        });
                    }
                }
            }
            check_rows(&h, &steps[..=n]);
        }
        while h.release() {}
        proptest::prop_assert!(h.app.list.sorting.is_none(), "{:?}", steps);
        check_rows(&h, &steps);
    }
}
