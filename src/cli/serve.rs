//! `cables serve`: the archive as an SSH application (see [`crate::serve`]).

use super::Cli;
use crate::serve::limits::Limits;
use crate::serve::{ServeOptions, serve};
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;

/// Options of `cables serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0: any free port, said at start).
    #[arg(long, default_value = "127.0.0.1:2222", value_name = "ADDR:PORT")]
    pub listen: String,
    /// The authorized-keys file: one `ssh-ed25519 AAAA… USER` line per key; the comment
    /// names the user (default: DATA_DIR/authorized_keys).
    #[arg(long, value_name = "FILE")]
    pub authorized_keys: Option<PathBuf>,
    /// The server's data folder: its host key, and each user's bookmarks and reading
    /// positions (default: the data folder's `serve/`).
    #[arg(long, value_name = "DIR", env = "CABLES_SERVE_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Sessions open at once, all users together.
    #[arg(long, default_value_t = Limits::default().max_sessions, value_name = "N")]
    pub max_sessions: usize,
    /// Sessions open at once by one user.
    #[arg(long, default_value_t = Limits::default().max_sessions_per_user, value_name = "N")]
    pub max_sessions_per_user: usize,
    /// Close (and save) a session after this long without a key: 90s, 30m, 2h.
    #[arg(long, default_value = "30m", value_parser = parse_duration, value_name = "TIME")]
    pub idle_timeout: Duration,
    /// Keys one connection may try before it is dropped.
    #[arg(long, default_value_t = Limits::default().auth_attempts, value_name = "N")]
    pub auth_attempts: usize,
    /// Connections still authenticating at once; more are closed at once.
    #[arg(long, default_value_t = Limits::default().max_startups, value_name = "N")]
    pub max_startups: usize,
    /// Failed connections from one address before its next ones wait (1 s, doubling, up
    /// to 30 s).
    #[arg(long, default_value_t = Limits::default().slowdown_after, value_name = "N")]
    pub slowdown_after: u32,
    /// The largest window drawn, COLSxROWS; a bigger client window is drawn at this size.
    #[arg(long, default_value = "500x200", value_parser = parse_window, value_name = "COLSxROWS")]
    pub max_window: (u16, u16),
}

/// `90s`, `30m`, `2h`, or seconds alone.
fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (number, unit) = s
        .find(|c: char| !c.is_ascii_digit())
        .map_or((s, ""), |i| s.split_at(i));
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{s}` is not a time (90s, 30m, 2h)"))?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        _ => return Err(format!("`{s}` is not a time (90s, 30m, 2h)")),
    };
    if secs == 0 {
        return Err("the idle timeout must be at least a second".into());
    }
    Ok(Duration::from_secs(secs))
}

/// `200x60`.
fn parse_window(s: &str) -> Result<(u16, u16), String> {
    let bad = || format!("`{s}` is not a window size (COLSxROWS, e.g. 500x200)");
    let (c, r) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let c: u16 = c.trim().parse().map_err(|_| bad())?;
    let r: u16 = r.trim().parse().map_err(|_| bad())?;
    if c < 20 || r < 5 {
        return Err(format!("`{s}` is too small (at least 20x5)"));
    }
    Ok((c, r))
}

/// Run the server until SIGTERM or Ctrl-C.
pub fn run(cli: &Cli, args: &ServeArgs) -> anyhow::Result<i32> {
    let data_dir = match &args.data_dir {
        Some(d) => d.clone(),
        None => crate::folders::data()
            .map(|d| d.join("serve"))
            .ok_or_else(|| anyhow::anyhow!("no data folder: give --data-dir"))?,
    };
    let authorized_keys = args
        .authorized_keys
        .clone()
        .unwrap_or_else(|| data_dir.join("authorized_keys"));
    let archive = super::open_archive(cli)?;
    let options = ServeOptions {
        listen: args.listen.clone(),
        data_dir,
        authorized_keys,
        limits: Limits {
            max_sessions: args.max_sessions,
            max_sessions_per_user: args.max_sessions_per_user,
            idle_timeout: args.idle_timeout,
            auth_attempts: args.auth_attempts,
            max_startups: args.max_startups,
            slowdown_after: args.slowdown_after,
            max_window: args.max_window,
        },
        theme: cli.theme.clone(),
        color: cli.color.map(|c| c.name().to_string()),
    };
    serve(archive, options)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_windows_are_read() {
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("5"), Ok(Duration::from_secs(5)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("3d").is_err());
        assert_eq!(parse_window("200x60"), Ok((200, 60)));
        assert!(parse_window("10x2").is_err());
        assert!(parse_window("wide").is_err());
    }
}
