//! The terminal UI: event -> keymap -> action -> update -> effects -> draw (only when dirty).
//!
//! One synchronous loop. An input thread, a signal thread and workers (the build, the
//! palette's matcher and lists, loading cables, keyword searches, saves) feed one channel of
//! [`event::Event`]s. [`update::App::update`] changes state and returns [`effect::Effect`]s;
//! the runtime hands the slow ones to workers ([`runtime::Workers`]) and feeds results back
//! as actions. The terminal is one front end of the
//! loop ([`frontend`]): another (a network session) can drive the same App.

pub mod action;
pub mod clipboard;
pub mod config;
pub mod effect;
pub mod event;
pub mod frontend;
pub mod harness;
pub mod input;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod loading;
pub mod notice;
pub mod runtime;
pub mod sgr16;
pub mod signals;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;
pub mod wrap;

use crate::archive::Archive;
use loading::Message;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;

/// Options the binary hands to the TUI.
#[derive(Debug, Clone, Default)]
pub struct TuiOptions {
    /// Theme name (`--theme`).
    pub theme: Option<String>,
    /// Colour depth (`--color`): auto, truecolor, 256, 16, never.
    pub color: Option<String>,
    /// The config folder (themes/, config.toml); `None`: no user files.
    pub config_dir: Option<PathBuf>,
    /// The config read from `config_dir`, already checked.
    pub config: config::Config,
    /// A problem with the user's files to show at start (the defaults are used).
    pub warning: Option<String>,
    /// Where bookmarks and reading positions are saved; `None`: kept in memory only.
    pub data_dir: Option<PathBuf>,
    /// Where the bookmarks screen's exports are written (the binary passes the current
    /// folder); `None`: no export.
    pub export_dir: Option<PathBuf>,
    /// Called when a build behind the TUI has read every file (before its last segments are
    /// written) and again when it is done, to give the memory it used back to the OS (the
    /// binary knows its allocator).
    pub release_memory: Option<fn()>,
}

/// Build the app from the options: keymap, themes fitted to the colour depth, mouse.
pub fn build_app(archive: Archive, options: &TuiOptions) -> update::App {
    build_app_shared(Arc::new(archive), options, &|k| std::env::var(k).ok())
}

/// Build the app on an archive shared with other apps (one per session of `cables serve`),
/// with the colour depth read from `env` (the process's environment locally; the client's
/// TERM and NO_COLOR for a network session).
pub fn build_app_shared(
    archive: Arc<Archive>,
    options: &TuiOptions,
    env: &dyn Fn(&str) -> Option<String>,
) -> update::App {
    let mut warnings: Vec<String> = options.warning.iter().cloned().collect();
    let cfg = &options.config;
    let keymap = match cfg.keymap(&options.config_dir.clone().unwrap_or_default()) {
        Ok(k) => k,
        Err(e) => {
            warnings.push(e.to_string());
            keymap::Keymap::defaults()
        }
    };
    let flag = options.color.as_deref().or(cfg.color.as_deref());
    if let Some(f) = flag
        && !config::COLOR_DEPTHS.contains(&f.to_ascii_lowercase().as_str())
    {
        warnings.push(format!(
            "unknown colour depth `{f}` (auto, truecolor, 256, 16, never); using auto"
        ));
    }
    let depth = theme::ColorDepth::detect(flag, env);
    let dir = options.config_dir.as_deref();
    let mut themes = Vec::new();
    for name in theme::Theme::names(dir) {
        match theme::Theme::load(&name, dir) {
            Ok(t) => themes.push(t.for_depth(depth)),
            Err(e) => warnings.push(format!("{e}; using the default theme")),
        }
    }
    // At 16 colours or none, several themes fall back to the same one: keep one of each.
    let mut seen = std::collections::HashSet::new();
    themes.retain(|t: &theme::Theme| seen.insert(t.name.clone()));
    let wanted = options
        .theme
        .as_deref()
        .or(cfg.theme.as_deref())
        .unwrap_or("ansi");
    let wanted = if depth == theme::ColorDepth::Mono {
        "mono"
    } else {
        wanted
    };
    let mut app = update::App::new(archive, keymap, themes);
    match app.themes.iter().position(|t| t.name == wanted) {
        Some(i) => app.theme = i,
        None => {
            if !warnings.iter().any(|w| w.contains(wanted)) {
                warnings.push(format!("no theme named `{wanted}`; using ansi"));
            }
            app.theme = app
                .themes
                .iter()
                .position(|t| t.name == "ansi")
                .unwrap_or(0);
        }
    }
    app.mouse = cfg.mouse;
    app.clipboard = cfg.clipboard.unwrap_or(true);
    app.export_dir = options.export_dir.clone();
    app.few_colours = matches!(depth, theme::ColorDepth::Ansi16 | theme::ColorDepth::Mono);
    if let Some(dir) = &options.data_dir {
        let (bookmarks, notes) = state::bookmarks::BookmarksState::open(&app.archive, dir);
        app.bookmarks = bookmarks;
        warnings.extend(notes.iter().map(ToString::to_string));
    }
    // A cache set aside and rebuilt is said as such, before any unreadable file.
    let cache = app.archive.cache_warnings();
    warnings.extend(cache.iter().map(|w| format!("{}: {}", w.source, w.reason)));
    let files: Vec<_> = app
        .archive
        .warnings()
        .iter()
        .filter(|w| !cache.contains(w))
        .collect();
    // Said once (`!` lists them any time), without the archive's path, which the list's
    // status bar already shows: short enough for 80 columns.
    let unreadable = files.len();
    if unreadable > 0 && notice::first_time(options.data_dir.as_deref(), app.archive.name(), &files)
    {
        let files = if unreadable == 1 { "file" } else { "files" };
        warnings.push(format!(
            "{unreadable} {files} of the archive could not be read: ! lists them and why"
        ));
    }
    if let Some(w) = warnings.first() {
        app.say(w.clone(), true);
    }
    app
}

/// The archive the TUI starts on: opened, or a preview while its build goes on (the build's
/// later messages on the receiver).
pub enum Opening {
    Ready(Archive),
    Building(Archive, mpsc::Receiver<Message>),
}

/// Pass the news of a build going on behind the TUI to the loop, on a thread that also builds
/// the palette's lists for each archive handed over (0.1 s for 251k cables).
fn forward_build(
    news: mpsc::Receiver<Message>,
    keymap: keymap::Keymap,
    tx: mpsc::Sender<event::Event>,
    release_memory: Option<fn()>,
) -> std::io::Result<()> {
    use action::{Action, BuildAction, PaletteAction, SharedArchive};
    let send = move |action: Action| tx.send(event::Event::Action(action)).is_ok();
    std::thread::Builder::new()
        .name("build-news".into())
        .spawn(move || {
            // Released once when every file is read, then again when the build is done.
            let mut before_commit = release_memory;
            // Whether a build's preview came (the TUI opened on a build, not on a cache).
            let mut previewed = false;
            for message in news {
                let (archive, done) = match message {
                    Message::Progress(p) => {
                        // Every file read: the index's last segments are written and their
                        // memory freed now; from here on it goes back to the OS at once.
                        if p.bytes_done >= p.bytes_total
                            && let Some(release) = before_commit.take()
                        {
                            release();
                        }
                        if !send(Action::Build(BuildAction::Progress(p))) {
                            return;
                        }
                        continue;
                    }
                    Message::Preview(archive) => (*archive, false),
                    Message::Done(result) => match *result {
                        // The check of every file behind a cache the TUI started on found
                        // nothing changed and nothing to say: the archive shown is right, and
                        // a second copy of it (its lists rebuilt, its list re-sorted) would
                        // only cost time and memory.
                        Ok(archive) if archive.is_unchanged() && archive.warnings().is_empty() => {
                            drop(archive);
                            if let Some(release) = release_memory {
                                release();
                            }
                            return;
                        }
                        Ok(archive) => (archive, true),
                        Err(e) => {
                            send(Action::Build(BuildAction::Failed(e.to_string())));
                            return;
                        }
                    },
                };
                let archive = Arc::new(archive);
                // A finished archive (files added or removed under a cache the TUI started on)
                // is shown at once; its palette lists follow (a preview's come with it).
                let early = !archive.is_building();
                // A build's previews, and the archive that ends them, are made ready here
                // rather than on the thread that draws; an archive updated behind a cache is
                // shown at once, as it is.
                if !early || previewed {
                    archive.prepare_for_screen();
                }
                previewed |= !early;
                if early
                    && !send(Action::Build(BuildAction::Archive {
                        archive: SharedArchive(Arc::clone(&archive)),
                        done,
                    }))
                {
                    return;
                }
                let lists = state::palette::PaletteLists::build(&archive, &keymap);
                let archive = SharedArchive(archive);
                let lists = state::palette::SharedLists(Arc::new(lists));
                if done && let Some(release) = release_memory {
                    release();
                }
                let copies = done.then(|| archive.0.folded_copies());
                if (!early && !send(Action::Build(BuildAction::Archive { archive, done })))
                    || !send(Action::Palette(PaletteAction::Lists(lists)))
                {
                    return;
                }
                if let Some(n) = copies {
                    send(Action::CopiesCounted(n));
                    return;
                }
            }
            // The build's thread ended without a word (it panicked).
            let lost = "the thread building the index stopped".to_string();
            send(Action::Build(BuildAction::Failed(lost)));
        })?;
    Ok(())
}

/// Run the TUI on an opened archive until the user quits (or a signal ends it).
pub fn run(opening: Opening, options: TuiOptions) -> std::io::Result<Ended> {
    let (archive, build) = match opening {
        Opening::Ready(archive) => (archive, None),
        Opening::Building(archive, news) => (archive, Some(news)),
    };
    // The catalog's rows are checked behind the first frame, not before it.
    archive.defer_table_check();
    let mut app = build_app(archive, &options);
    app.palette.lists_coming = true;
    terminal::install_panic_hook();
    let (tx, rx) = mpsc::channel();
    #[cfg(unix)]
    let signal_handle = signals::spawn(tx.clone())?;
    frontend::EventSource::spawn(frontend::CrosstermInput, tx.clone())?;
    if let Some(news) = build {
        forward_build(news, app.keymap.clone(), tx.clone(), options.release_memory)?;
    }
    // Build the palette's lists off the UI thread (0.1 s for 251k cables), once the first
    // frame is drawn: before, they would compete with it for both cores.
    let (lists_archive, lists_keymap, lists_tx) =
        (Arc::clone(&app.archive), app.keymap.clone(), tx.clone());
    let (first_frame_tx, first_frame) = mpsc::channel::<()>();
    let (warm_tx, warm) = mpsc::channel::<()>();
    let (warm_archive, warm_news) = (Arc::clone(&app.archive), tx.clone());
    // Behind the first frame: the catalog's rows are checked (a damaged catalog is said at
    // once, and rebuilt on the next open), and the keyword index of a cache is opened and
    // checked, so the first search does not wait for it (a broken one is rebuilt here, and
    // said with the next search's results).
    std::thread::Builder::new()
        .name("warm-up".into())
        .spawn(move || {
            if warm.recv().is_err() {
                return;
            }
            if let Err(damaged) = warm_archive.check_tables() {
                let action = action::Action::Failed(damaged);
                let _ = warm_news.send(event::Event::Action(action));
            }
            let _ = warm_archive.prepare_index();
        })?;
    std::thread::Builder::new()
        .name("palette-lists".into())
        .spawn(move || {
            // Sent after the first frame, or dropped when the loop ends before one.
            let _ = first_frame.recv();
            let _ = warm_tx.send(());
            let lists = state::palette::PaletteLists::build(&lists_archive, &lists_keymap);
            let lists = state::palette::SharedLists(Arc::new(lists));
            let action = action::Action::Palette(action::PaletteAction::Lists(lists));
            let _ = lists_tx.send(event::Event::Action(action));
            // Copies of the same cable from several files (a folder holding several formats).
            if !lists_archive.is_building() {
                let copies = action::Action::CopiesCounted(lists_archive.folded_copies());
                let _ = lists_tx.send(event::Event::Action(copies));
            }
        })?;
    let palette_tx = tx.clone();
    let palette = crate::palette::PaletteWorker::spawn_with_sink(
        crate::palette::matcher::default_threads(),
        Box::new(move |update| {
            let action = action::Action::Palette(action::PaletteAction::Matched(update));
            let _ = palette_tx.send(event::Event::Action(action));
        }),
    )?;
    let workers = runtime::Workers::spawn(&tx, Some(palette))?;
    drop(tx);
    terminal::enter(app.mouse)?;
    // The loop ends once the saves made at quitting are done (however it ended: a key, a
    // signal, a dropped link), so nothing here can cost the reading position.
    let result = runtime::event_loop(&mut app, &rx, &workers, move || {
        let _ = first_frame_tx.send(());
    });
    drop(workers);
    terminal::leave();
    let problems = &app.exit_problems;
    for problem in problems {
        crate::output::report(&format!("cables: {problem}"));
    }
    #[cfg(unix)]
    signal_handle.close();
    result.map(|()| {
        if problems.is_empty() {
            Ended::Saved
        } else {
            Ended::NotSaved
        }
    })
}

/// How a TUI session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Everything was saved (or there was nothing to save).
    Saved,
    /// Bookmarks or reading positions could not be saved at exit (said on stderr).
    NotSaved,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::{Action, BuildAction, PaletteAction};

    /// What `forward_build` hands the loop for one finished check of `archive`.
    fn handed_over(archive: Archive) -> Vec<&'static str> {
        let (news_tx, news) = mpsc::channel();
        let (tx, rx) = mpsc::channel();
        news_tx
            .send(Message::Done(Box::new(Ok(archive))))
            .expect("the channel is open");
        drop(news_tx);
        forward_build(news, keymap::Keymap::defaults(), tx, None).expect("a thread");
        rx.iter()
            .map(|event| match event {
                event::Event::Action(Action::Build(BuildAction::Archive { .. })) => "archive",
                event::Event::Action(Action::Palette(PaletteAction::Lists(_))) => "lists",
                event::Event::Action(Action::CopiesCounted(_)) => "copies",
                _ => "other",
            })
            .collect()
    }

    #[test]
    fn a_check_that_found_nothing_changed_hands_over_no_second_archive() {
        let mut unchanged = Archive::demo();
        unchanged.mark_unchanged();
        assert_eq!(handed_over(unchanged), Vec::<&str>::new());
        // A finished build is handed over with its lists.
        assert_eq!(handed_over(Archive::demo()), ["archive", "lists", "copies"]);
    }
}
