//! `update` for bookmarks: `m` in the reader, the bookmarks screen, the note prompt, and
//! finished saves. No I/O: saves are effects. (Positions and the session: `session`.)

use super::App;
use crate::bookmarks::Bookmark;
use crate::bookmarks::export::Format;
use crate::tui::action::{Action, BookmarksAction, Command, LoadPurpose};
use crate::tui::effect::Effect;
use crate::tui::input::Edit;
use crate::tui::state::bookmarks::{BookmarksScreen, located_ordinal, rows};
use crate::tui::state::{Overlay, PromptPurpose, PromptState};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The keys that end typing into the bookmarks filter (the rest edit it).
pub fn filter_key(event: &KeyEvent) -> Option<Action> {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    let a = match event.code {
        KeyCode::Enter | KeyCode::Down | KeyCode::Up => BookmarksAction::FilterDone,
        KeyCode::Esc => BookmarksAction::FilterCancel,
        KeyCode::Char('c') if ctrl => BookmarksAction::FilterCancel,
        _ => return None,
    };
    Some(Action::Bookmarks(a))
}

/// Open the bookmarks screen, or close it when it is on top.
pub fn toggle_screen(app: &mut App) -> Vec<Effect> {
    if matches!(app.overlays.last(), Some(Overlay::Bookmarks(_))) {
        app.overlays.pop();
        return Vec::new();
    }
    open_screen(app, None);
    // Show what other sessions bookmarked meanwhile.
    reload(app)
}

fn open_screen(app: &mut App, select: Option<&str>) {
    app.bookmarks.index_cables(&app.archive);
    let selected = select
        .and_then(|id| {
            rows(&app.archive, &app.bookmarks, "")
                .iter()
                .position(|r| r.bookmark.id == id)
        })
        .unwrap_or(0);
    app.overlays.push(Overlay::Bookmarks(BookmarksScreen {
        selected,
        ..BookmarksScreen::default()
    }));
}

/// The selected bookmark's id and its cable's archive index.
fn selected(app: &App) -> Option<(String, Option<usize>)> {
    let Some(Overlay::Bookmarks(s)) = app.overlays.last() else {
        return None;
    };
    let rows = rows(&app.archive, &app.bookmarks, s.filter.text());
    rows.get(s.selected)
        .map(|r| (r.bookmark.id.clone(), r.index))
}

/// A command on the bookmarks screen.
pub fn screen_command(app: &mut App, c: Command) -> Vec<Effect> {
    let count = match app.overlays.last() {
        Some(Overlay::Bookmarks(s)) => rows(&app.archive, &app.bookmarks, s.filter.text()).len(),
        _ => return Vec::new(),
    };
    let page = app.overlay_boxes().bookmarks_rows() as isize;
    let moved = |s: &mut BookmarksScreen, by: isize| {
        let last = count.saturating_sub(1) as isize;
        s.selected = (s.selected as isize + by).clamp(0, last.max(0)) as usize;
    };
    let mut effects = Vec::new();
    match c {
        Command::MoveDown | Command::MoveUp | Command::PageDown | Command::PageUp => {
            let by = match c {
                Command::MoveDown => 1,
                Command::MoveUp => -1,
                Command::PageDown => page,
                _ => -page,
            };
            if let Some(Overlay::Bookmarks(s)) = app.overlays.last_mut() {
                moved(s, by);
            }
        }
        Command::HalfPageDown | Command::Bottom => {
            if let Some(Overlay::Bookmarks(s)) = app.overlays.last_mut() {
                moved(
                    s,
                    if c == Command::Bottom {
                        isize::MAX / 2
                    } else {
                        page / 2
                    },
                );
            }
        }
        Command::HalfPageUp | Command::Top => {
            if let Some(Overlay::Bookmarks(s)) = app.overlays.last_mut() {
                moved(
                    s,
                    if c == Command::Top {
                        -(isize::MAX / 2)
                    } else {
                        -page / 2
                    },
                );
            }
        }
        Command::Close => {
            app.overlays.pop();
        }
        Command::FilterBookmarks => {
            if let Some(Overlay::Bookmarks(s)) = app.overlays.last_mut() {
                s.filtering = true;
            }
        }
        Command::Open => match selected(app) {
            Some((id, Some(index))) => {
                app.bookmarks.pending_jump = app.bookmarks.store.get(&id).map(|b| b.anchor.clone());
                app.overlays.pop();
                effects.push(app.load(index, LoadPurpose::Open));
            }
            Some((id, None)) => {
                let cable = app.bookmarks.store.get(&id).map(|b| b.anchor.cable.clone());
                let cable = cable.unwrap_or_default();
                app.say(format!("{cable} is not in this archive"), true);
            }
            None => {}
        },
        Command::EditNote => {
            if let Some((id, _)) = selected(app) {
                edit_note(app, &id);
            }
        }
        Command::DeleteBookmark => {
            if let Some((id, _)) = selected(app)
                && let Some(removed) = app.bookmarks.store.remove_at(&id, app.moment.now)
            {
                app.bookmarks.undo.push(removed);
                app.say("bookmark deleted: u undoes", false);
                effects.extend(save(app));
                if let Some(Overlay::Bookmarks(s)) = app.overlays.last_mut() {
                    s.selected = s.selected.min(count.saturating_sub(2));
                }
            }
        }
        Command::ExportMarkdown => effects.extend(export(app, Format::Markdown)),
        Command::ExportJson => effects.extend(export(app, Format::Json)),
        Command::UndoDelete => match app.bookmarks.undo.pop() {
            Some(b) => {
                app.bookmarks.store.restore_at(b, app.moment.now);
                app.bookmarks.index_cables(&app.archive);
                app.say("bookmark restored", false);
                effects.extend(save(app));
            }
            None => app.say("nothing to undo", false),
        },
        _ => {}
    }
    effects
}

/// `x`/`X`: export the bookmarks the screen shows (all, or those its filter keeps).
fn export(app: &mut App, format: Format) -> Vec<Effect> {
    let Some(Overlay::Bookmarks(s)) = app.overlays.last() else {
        return Vec::new();
    };
    let shown: Vec<Bookmark> = rows(&app.archive, &app.bookmarks, s.filter.text())
        .iter()
        .map(|r| r.bookmark.clone())
        .collect();
    if shown.is_empty() {
        app.say("no bookmark to export", true);
        return Vec::new();
    }
    match &app.export_dir {
        Some(dir) => vec![Effect::ExportBookmarks {
            bookmarks: shown,
            format,
            dir: dir.clone(),
        }],
        None => {
            app.say(
                "no folder to export to: cables bookmarks export -o FILE does it from the shell",
                true,
            );
            Vec::new()
        }
    }
}

fn edit_note(app: &mut App, id: &str) {
    let note = app
        .bookmarks
        .store
        .get(id)
        .map(|b| b.note.clone())
        .unwrap_or_default();
    app.bookmarks.editing = Some(id.to_string());
    app.overlays.push(Overlay::Prompt(PromptState::new(
        PromptPurpose::BookmarkNote,
        &note,
        Vec::new(),
    )));
}

/// `m`: bookmark the paragraph on top and ask for a note; on a bookmarked paragraph, show
/// that bookmark on the bookmarks screen (to edit or remove it).
pub fn bookmark_paragraph(app: &mut App) -> Vec<Effect> {
    let Some(r) = &app.reader else {
        return Vec::new();
    };
    let Some(n) = r.current_paragraph() else {
        app.say("no paragraph on screen to bookmark", true);
        return Vec::new();
    };
    let existing = app
        .bookmarks
        .store
        .of_cable(&r.cable.id)
        .find(|b| located_ordinal(r, b) == Some(n))
        .map(|b| b.id.clone());
    if let Some(id) = existing {
        open_screen(app, Some(&id));
        app.say("already bookmarked: e edits the note, d removes it", false);
        return Vec::new();
    }
    let Some(paragraph) = r.cable.paragraphs.iter().find(|p| p.n == n) else {
        return Vec::new();
    };
    let (now, random) = (app.moment.now, app.moment.random);
    let bookmark = Bookmark::new_at(&r.cable.id, paragraph, "", now, random);
    let id = bookmark.id.clone();
    app.bookmarks.store.add(bookmark);
    app.bookmarks.index_cables(&app.archive);
    edit_note(app, &id);
    save(app)
}

/// The note prompt was accepted.
pub fn submit_note(app: &mut App, text: &str) -> Vec<Effect> {
    let Some(id) = app.bookmarks.editing.take() else {
        return Vec::new();
    };
    if app
        .bookmarks
        .store
        .get(&id)
        .is_some_and(|b| b.note != text.trim())
    {
        app.bookmarks.store.set_note_at(&id, text, app.moment.now);
        return save(app);
    }
    Vec::new()
}

/// Edit the filter being typed; the selection goes back to the first row it shows.
pub fn edit_filter(app: &mut App, edit: Edit) {
    if let Some(Overlay::Bookmarks(s)) = app.overlays.last_mut()
        && s.filtering
        && s.filter.apply(edit)
    {
        s.selected = 0;
    }
}

/// The end of filter typing, and finished saves.
pub fn update(app: &mut App, action: BookmarksAction) -> Vec<Effect> {
    match action {
        BookmarksAction::Saved {
            sent,
            store,
            notes,
            error,
            retry,
        } => {
            // Changes made while the save was in flight are kept (and saved next).
            app.bookmarks.store.absorb(*store, &sent);
            let again = app.bookmarks.saving.done();
            app.bookmarks.index_cables(&app.archive);
            let mut effects = Vec::new();
            if app.quitting {
                if let Some(e) = &error {
                    app.exit_problems.push(e.clone());
                } else if app.bookmarks.store.is_dirty() {
                    effects = save(app);
                }
            } else if again {
                effects = save(app);
            }
            // Another process held the lock: tried again a little later (and said once).
            app.bookmarks.retry_due = (retry && !app.quitting).then(|| {
                let later = RETRY.as_millis() as i64;
                crate::bookmarks::Timestamp::from_unix_millis(
                    app.moment.now.unix_millis().saturating_add(later),
                )
            });
            let repeated = error.is_some() && app.bookmarks.save_failed == error;
            app.bookmarks.save_failed.clone_from(&error);
            if error.is_none() {
                app.bookmarks.quit_warned = false;
            }
            let error = match error {
                // The save tried at a quit failed again: the next quit goes without them.
                Some(e) if app.bookmarks.quit_warned => Some(format!(
                    "quit again to leave without the unsaved bookmarks ({e})"
                )),
                other => other,
            };
            if let Some(text) = error.or_else(|| notes.into_iter().next())
                && !repeated
            {
                app.say(text, true);
            }
            return effects;
        }
        BookmarksAction::Exported {
            count,
            format,
            result,
        } => match result {
            Ok(path) => {
                let what = if count == 1 { "bookmark" } else { "bookmarks" };
                let path = crate::cable::sanitize::shown_path(&path);
                app.say(
                    format!("{count} {what} exported as {}: {path}", format.name()),
                    false,
                );
            }
            Err(e) => app.say(format!("bookmarks not exported: {e}"), true),
        },
        BookmarksAction::SessionSaved {
            sent,
            session,
            error,
        } => {
            app.bookmarks.session.absorb(*session, &sent);
            let again = app.bookmarks.session_saving.done();
            if let Some(text) = error {
                if app.quitting {
                    app.exit_problems.push(text.clone());
                }
                app.say(text, true);
            } else if again {
                return super::session::save(app);
            }
        }
        filter => {
            if let Some(Overlay::Bookmarks(s)) = app.overlays.last_mut() {
                if filter == BookmarksAction::FilterCancel {
                    s.filter.clear();
                }
                s.selected = 0;
                s.filtering = false;
            }
        }
    }
    Vec::new()
}

/// How long after a save found the file locked by another process it is tried again.
pub const RETRY: std::time::Duration = std::time::Duration::from_secs(10);

/// The time to try a locked save again has come: try it (if there is still something to
/// save).
pub(super) fn retry(app: &mut App) -> Vec<Effect> {
    match app.bookmarks.retry_due {
        Some(due) if due <= app.moment.now => {
            app.bookmarks.retry_due = None;
            if app.bookmarks.store.is_dirty() {
                save(app)
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

/// Save the bookmarks on a worker; while a save is in flight, once it is done.
pub(super) fn save(app: &mut App) -> Vec<Effect> {
    if !app.bookmarks.persist {
        return Vec::new();
    }
    let sent = app.bookmarks.saving.start(&app.bookmarks.store);
    sent.map(Effect::SaveBookmarks).into_iter().collect()
}

/// Read in what other sessions saved (on a worker); a save in flight does it anyway.
fn reload(app: &mut App) -> Vec<Effect> {
    if !app.bookmarks.persist || app.bookmarks.saving.in_flight {
        return Vec::new();
    }
    let sent = app.bookmarks.saving.start(&app.bookmarks.store);
    sent.map(Effect::ReloadBookmarks).into_iter().collect()
}
