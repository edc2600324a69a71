//! The connection log: one line per connection on stderr, when it ends (time, user, key
//! fingerprint, source, duration, how it ended), as `key=value` words for grep and awk.

use std::net::SocketAddr;
use std::time::Duration;

/// What one line says.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// The user, once authenticated.
    pub user: Option<&'a str>,
    /// The key offered (SHA-256 fingerprint), known or not.
    pub fingerprint: Option<&'a str>,
    /// The client's address.
    pub peer: Option<SocketAddr>,
    /// How long the connection lasted.
    pub duration: Duration,
    /// How it ended (`closed`, `refused: …`).
    pub end: &'a str,
}

/// The line's text (without the program's name).
pub fn format(line: &Line) -> String {
    format!(
        "time={} user={} key={} from={} duration={:.1}s end={}",
        now(),
        line.user.unwrap_or("-"),
        line.fingerprint.unwrap_or("-"),
        line.peer.map_or_else(|| "-".to_string(), |p| p.to_string()),
        line.duration.as_secs_f64(),
        line.end.replace(' ', "_")
    )
}

/// Write the line for a connection that ended.
pub fn connection(line: &Line) {
    crate::output::report(&format!("cables serve: {}", format(line)));
}

/// The time now, UTC, to the second (RFC 3339).
pub fn now() -> String {
    let now = time::OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "-".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_has_every_field() {
        let text = format(&Line {
            user: Some("alice"),
            fingerprint: Some("SHA256:abc"),
            peer: "127.0.0.1:4000".parse().ok(),
            duration: Duration::from_millis(1500),
            end: "refused: too many",
        });
        assert!(text.starts_with("time=20"), "{text}");
        assert!(text.ends_with(
            "user=alice key=SHA256:abc from=127.0.0.1:4000 duration=1.5s end=refused:_too_many"
        ));
        let text = format(&Line {
            user: None,
            fingerprint: None,
            peer: None,
            duration: Duration::ZERO,
            end: "closed",
        });
        assert!(text.contains("user=- key=- from=- duration=0.0s end=closed"));
    }
}
