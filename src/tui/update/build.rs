//! A build going on behind the TUI (the first open of a big archive): its progress for the
//! status bar, and the archives it hands over, first previews of the cables read so far, then
//! the finished one. Cables keep their indices from one to the next (each is a prefix of the
//! next), so the selection, the open cable and the history stay put.

use super::App;
use crate::tui::action::BuildAction;
use crate::tui::effect::Effect;

/// How the status bar's news of a finished build begins.
pub const INDEX_BUILT: &str = "index built";

/// How the status bar's news of files added or removed under the open archive begins.
pub const INDEX_UPDATED: &str = "index updated";

/// Apply news of the build.
pub fn update(app: &mut App, action: BuildAction) -> Vec<Effect> {
    match action {
        BuildAction::Progress(p) => {
            if app.archive.is_building() {
                app.building = Some(p);
            }
        }
        BuildAction::Archive { archive, done } => {
            // Other cables (a file added or removed): the palette's lists of the archive
            // before would open the wrong ones; its new lists follow.
            if archive.0.len() != app.archive.len() && !archive.0.is_building() {
                app.palette.lists = None;
            }
            app.archive = archive.0;
            super::session::rearm_restore(app);
            let archive = std::sync::Arc::clone(&app.archive);
            // A large list's rows are made on the sort worker; the rows shown meanwhile
            // are still right (a cable keeps its index in the grown archive).
            let sort = app.list.grow(&archive).map(Effect::SortRows);
            app.bookmarks.indices.clear();
            app.bookmarks.index_cables(&archive);
            if let Some(reader) = app.reader.as_mut() {
                reader.find_refs(|id| archive.find(id).is_some());
            }
            // Files added or removed since the cache the TUI started on, found by the folders'
            // times and indexed before the check of every file goes on behind.
            if !done && !archive.is_building() {
                app.say(
                    format!(
                        "{INDEX_UPDATED}: {} cables (files added or removed)",
                        archive.indexed_cables()
                    ),
                    false,
                );
            }
            // The check behind a cache the TUI started on, which found nothing changed: no news.
            let quiet = app.building.is_none() && app.archive.is_unchanged();
            if done && !quiet {
                app.building = None;
                let built = format!(
                    "{INDEX_BUILT}: {} cables; keyword search is ready",
                    archive.indexed_cables()
                );
                // Why it was built again (a cache set aside), as a warning.
                match archive.cache_warnings().first() {
                    Some(w) => app.say(format!("{built}; {}: {}", w.source, w.reason), true),
                    None => app.say(built, false),
                }
            }
            // The list may show another cable at the cursor: side by side, the reader follows.
            let mut effects: Vec<Effect> = sort.into_iter().collect();
            effects.extend(app.preview());
            return effects;
        }
        BuildAction::Failed(reason) => {
            app.building = None;
            app.build_failed = true;
            app.say(
                format!("building the index failed: {reason} (the cables read so far stay)"),
                true,
            );
        }
    }
    Vec::new()
}
