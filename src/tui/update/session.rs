//! Reading positions and the session, after every action: place a freshly loaded cable (a
//! bookmark jump or the saved position), record the position and the last view, refresh the
//! gutter marks, reopen the last cable at start. The session file is written when a cable is
//! opened, at quitting, and once the user has been idle for [`IDLE_SAVE`] after a move (not
//! at every move).

use super::App;
use crate::bookmarks::{Bookmark, Location, Timestamp, anchor};
use crate::position::Position;
use crate::tui::action::LoadPurpose;
use crate::tui::effect::Effect;
use crate::tui::layout::Pane;
use crate::tui::state::bookmarks::located_ordinal;
use crate::tui::state::document::BlockKind;
use crate::tui::state::reader::Anchor as ReaderAnchor;
use crate::tui::state::{Overlay, ReaderState};

/// How long after the last move the session is saved, when nothing else happens.
pub const IDLE_SAVE: std::time::Duration = std::time::Duration::from_secs(2);

/// After every action: place a freshly loaded cable (bookmark jump or saved position), record
/// the reading position and the last view, refresh the gutter marks, and reopen the last cable
/// at start.
pub fn after_update(app: &mut App, loaded: Option<LoadPurpose>) -> Vec<Effect> {
    let mut effects = Vec::new();
    if let Some(purpose) = loaded {
        place_loaded_cable(app, purpose);
    }
    let screen = match (app.overlays.last(), app.focus, &app.reader) {
        (Some(Overlay::Bookmarks(_)), _, _) => "bookmarks",
        (_, Pane::Reader, Some(_)) => "reader",
        _ => "list",
    };
    let cable = app.reader.as_ref().map(|r| r.cable.id.clone());
    let now = app.moment.now;
    let mut moved = false;
    if let Some(r) = &app.reader {
        moved |= app.bookmarks.session.set_position_at(position_of(r), now);
    }
    moved |= app
        .bookmarks
        .session
        .set_last_at(cable.as_deref(), screen, now);
    if app.bookmarks.persist && app.size.width > 0 && !app.quitting {
        if loaded.is_some_and(|p| p != LoadPurpose::Preview) {
            effects.extend(save(app));
        } else if moved {
            let idle = IDLE_SAVE.as_millis() as i64;
            app.bookmarks.session_due = Some(Timestamp::from_unix_millis(
                now.unix_millis().saturating_add(idle),
            ));
        }
    }
    refresh_marks(app);
    // The last cable, looked up and parsed by a worker. While a build goes on behind the
    // TUI it may not have been read yet: it is asked for again when the next archive is
    // handed over (`restore_failed`, `rearm_restore`).
    if app.size.width > 0
        && let Some(id) = app.bookmarks.restore.take()
    {
        let effect = app.load_id(id.clone(), LoadPurpose::Open);
        if let Effect::OpenId { ticket, .. } = &effect {
            app.bookmarks.restoring = Some((*ticket, id));
        }
        effects.push(effect);
    }
    effects
}

/// A load failed: if it was the last cable reopened at start, say nothing (it is asked for
/// again with the next archive while a build goes on); true when it was.
pub fn restore_failed(app: &mut App, ticket: u64) -> bool {
    match app.bookmarks.restoring.take() {
        Some((t, id)) if t == ticket => {
            if app.archive.is_building() {
                app.bookmarks.restore_later = Some(id);
            }
            true
        }
        other => {
            app.bookmarks.restoring = other;
            false
        }
    }
}

/// A new archive was handed over: look again for the last cable not found in the one before.
pub fn rearm_restore(app: &mut App) {
    if let Some(id) = app.bookmarks.restore_later.take() {
        app.bookmarks.restore = Some(id);
    }
}

fn place_loaded_cable(app: &mut App, purpose: LoadPurpose) {
    let jump = app.bookmarks.pending_jump.take();
    let saved = app
        .reader
        .as_ref()
        .and_then(|r| app.bookmarks.session.position(&r.cable.id).cloned());
    let Some(r) = app.reader.as_mut() else {
        return;
    };
    if let Some(anchor) = jump {
        match anchor::locate(&anchor, &r.cable) {
            Location::Orphaned => {
                app.say(
                    format!(
                        "bookmarked paragraph {} not found (orphaned); it began: {}",
                        anchor.paragraph_ref(),
                        anchor.first_words
                    ),
                    true,
                );
            }
            location => {
                let n = location
                    .index()
                    .and_then(|i| r.cable.paragraphs.get(i))
                    .map(|p| p.n);
                if let Some(n) = n {
                    go_to_paragraph(r, n, 0);
                }
            }
        }
    } else if !matches!(purpose, LoadPurpose::Return | LoadPurpose::Copy)
        && let Some(p) = saved
    {
        go_to_paragraph(r, p.paragraph, p.offset);
    }
}

fn refresh_marks(app: &mut App) {
    let Some(r) = &app.reader else {
        app.bookmarks.marks.clear();
        app.bookmarks.marks_key = None;
        return;
    };
    let bookmarks: Vec<&Bookmark> = app.bookmarks.store.of_cable(&r.cable.id).collect();
    let key = (
        r.cable.id.clone(),
        bookmarks.len(),
        bookmarks.iter().map(|b| b.updated).max(),
    );
    if app.bookmarks.marks_key.as_ref() == Some(&key) {
        return;
    }
    let marks = bookmarks
        .iter()
        .filter_map(|b| located_ordinal(r, b))
        .collect();
    app.bookmarks.marks = marks;
    app.bookmarks.marks_key = Some(key);
}

/// The reading position of the reader: the paragraph on top and the offset in it.
pub fn position_of(r: &ReaderState) -> Position {
    let a = r.anchor();
    let (paragraph, offset) = match r.doc.blocks.get(a.block as usize).map(|b| &b.kind) {
        Some(BlockKind::Paragraph { n, .. }) => (*n, a.offset),
        _ => (0, 0),
    };
    Position {
        cable: r.cable.id.clone(),
        paragraph,
        offset,
    }
}

/// Scroll so paragraph `n` (0: the top) is on the top line, `offset` bytes in.
fn go_to_paragraph(r: &mut ReaderState, n: u32, offset: usize) {
    let block = r
        .doc
        .blocks
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Paragraph { n: m, .. } if m == n));
    match block {
        Some(b) if n > 0 => r.go_to(ReaderAnchor {
            block: b as u32,
            offset,
        }),
        _ => r.to_edge(false),
    }
}

/// The runtime woke up because nothing happened until [`super::App::due`]: save the session
/// if its time has come.
pub fn tick(app: &mut App) -> Vec<Effect> {
    match app.bookmarks.session_due {
        Some(due) if due <= app.moment.now => save(app),
        _ => Vec::new(),
    }
}

/// Save the session (on a worker) if it changed; while a save is in flight, once it is done.
pub(super) fn save(app: &mut App) -> Vec<Effect> {
    app.bookmarks.session_due = None;
    if let Some(r) = &app.reader {
        let now = app.moment.now;
        app.bookmarks.session.set_position_at(position_of(r), now);
    }
    if !app.bookmarks.persist || !app.bookmarks.session.is_dirty() {
        return Vec::new();
    }
    let sent = app.bookmarks.session_saving.start(&app.bookmarks.session);
    sent.map(Effect::SaveSession).into_iter().collect()
}
