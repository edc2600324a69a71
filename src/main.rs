//! The `cables` binary: parses options, then runs a subcommand or the TUI.

use cables::cli::{self, Cli};
use cables::tui::config::{self, Config};
use clap::Parser;
use std::io::IsTerminal;

/// mimalloc: opening a big archive builds millions of small strings (its metadata), where
/// glibc's allocator costs more than the work itself (ARCHITECTURE.md, "Why these crates").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let code = match run() {
        Ok(code) => code,
        // A reader that stops early (`cables list | head`) is not an error.
        Err(e) if is_broken_pipe(&e) => 0,
        // An ordinary error is one line (no stack frames, whatever RUST_BACKTRACE says),
        // written without panicking (stderr may be a terminal that hung up) and made safe
        // to print: errors name files and ids taken from the archive.
        Err(e) => {
            cables::output::report(&format!("cables: {}", cli::exit::message(&e)));
            cli::exit::code_of(&e)
        }
    };
    std::process::exit(code);
}

/// True when `error` comes from writing to a closed pipe.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Give the memory of an index build back to the OS as it is freed. mimalloc keeps freed
/// pages for a while (purge delay) and only purges them when their thread's heap runs again;
/// the index writer's threads end and the parse workers (rayon) sit idle after a build, so
/// their memory stayed (520 MB resident after a 251k build instead of 300 MB). From the end
/// of the build on, freed memory goes back at once, and every heap is collected.
#[allow(unsafe_code, reason = "mimalloc's C API; see SAFETY below")]
fn release_memory() {
    purge_at_once();
    // SAFETY: `mi_collect` takes no pointer and may be called from any thread at any time.
    let collect = || unsafe { libmimalloc_sys::mi_collect(true) };
    rayon::broadcast(|_| collect());
    collect();
}

/// From now on, pages freed go back to the OS at once instead of after mimalloc's purge
/// delay. The server wants this from the start: a session's threads end with it, and their
/// freed pages stayed resident (20 sessions at 251k: 604 MB after they closed instead of
/// 290 MB, 26 instead of 19 MB per session while open).
#[allow(unsafe_code, reason = "mimalloc's C API; see SAFETY below")]
fn purge_at_once() {
    /// mimalloc's `mi_option_purge_delay` (v2 `mimalloc.h`): free pages are given back after
    /// this many ms, only when their heap next runs; 0 gives them back at once.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: `mi_option_set` takes no pointer and may be called from any thread at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
}

/// Keep freed pages for reuse instead of giving them back to the OS. A build's index writer
/// frees its arena (up to 300 MB a thread) at every segment it writes and makes a new one;
/// given back, every new arena was faulted in again as zeroed pages (3 million page faults
/// and a tenth of the build's CPU at 2.7 million cables). `cables index` ends with its
/// build, so it keeps them, at ~350 MB more peak memory (BENCHMARKS.md, the cold build).
#[allow(unsafe_code, reason = "mimalloc's C API; see SAFETY below")]
fn keep_freed_memory() {
    /// mimalloc's `mi_option_purge_delay` (v2 `mimalloc.h`): -1 never gives free pages back.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: `mi_option_set` takes no pointer and may be called from any thread at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}

fn run() -> anyhow::Result<i32> {
    let mut args = Cli::parse();
    let code = match &args.command {
        Some(command) => {
            match command {
                cli::Command::Serve(_) => purge_at_once(),
                cli::Command::Index(_) => keep_freed_memory(),
                _ => {}
            }
            cli::run(&args, command)?
        }
        None => {
            if !std::io::stdout().is_terminal() {
                cables::output::report(
                    "cables: standard output is not a terminal; use `cables list` or `cables show ID` in a pipe",
                );
                cli::exit::USAGE
            } else {
                // A bad config file is reported in the TUI, and the defaults are used.
                let config_dir = config::dir();
                let (config, warning) = match config::path().map(|p| Config::load(&p)) {
                    Some(Ok(c)) => (c, None),
                    Some(Err(e)) => (Config::default(), Some(e.to_string())),
                    None => (Config::default(), None),
                };
                if args.archive.is_none() {
                    args.archive = config.archive.clone();
                }
                // A first open builds the cache behind a progress screen; `q` there quits.
                let Some(opening) = cli::open_archive_for_tui(&args)? else {
                    return Ok(0);
                };
                let options = cables::tui::TuiOptions {
                    theme: args.theme.clone(),
                    color: args.color.map(|c| c.name().to_string()),
                    config_dir,
                    config,
                    warning,
                    data_dir: cables::folders::data(),
                    // Exports from the bookmarks screen land where cables was started.
                    export_dir: std::env::current_dir().ok(),
                    release_memory: Some(release_memory),
                };
                match cables::tui::run(opening, options)? {
                    cables::tui::Ended::Saved => cables::cli::exit::OK,
                    cables::tui::Ended::NotSaved => cables::cli::exit::FAILED,
                }
            }
        }
    };
    Ok(code)
}
