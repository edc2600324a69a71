//! Exit codes and the one-line error message of the binary (documented in README.md).

use crate::archive::ArchiveError;

/// Success: something was printed or done.
pub const OK: i32 = 0;
/// Nothing found: a search without hits, a text that is not a cable.
pub const NOTHING_FOUND: i32 = 1;
/// Bad usage: an unknown option (clap), a bad query (`year:abc`, `foo:bar`), no terminal
/// for the TUI.
pub const USAGE: i32 = 2;
/// Something could not be read or written: the archive (missing, or not an archive), the
/// config file, the bookmarks.
pub const FAILED: i32 = 3;

/// The exit code for an error: [`USAGE`] for a bad query, else [`FAILED`].
pub fn code_of(error: &anyhow::Error) -> i32 {
    let bad_query = error
        .chain()
        .any(|cause| matches!(cause.downcast_ref(), Some(ArchiveError::Query(_))));
    if bad_query { USAGE } else { FAILED }
}

/// The error and its causes on one line, each thing said once: a cause whose text is
/// already said is left out, and a cause that starts with what its parent already names
/// (`/x: no such file` under `cannot open archive /x`) keeps only the rest.
pub fn message(error: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in error.chain() {
        let mut text = cause.to_string();
        if parts.iter().any(|p| p.contains(&text)) {
            continue;
        }
        if let Some(last) = parts.last()
            && let Some((head, rest)) = text.split_once(": ")
            && last.contains(head)
        {
            text = rest.to_string();
        }
        parts.push(text);
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn a_cause_repeated_by_its_parent_is_said_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory");
        let e = Err::<(), _>(ArchiveError::Io {
            path: "/x".into(),
            source: io,
        })
        .context("cannot open archive /x")
        .err()
        .map(|e| message(&e));
        assert_eq!(
            e.as_deref(),
            Some("cannot open archive /x: No such file or directory")
        );
    }

    #[test]
    fn a_bad_query_is_a_usage_error() {
        let e = anyhow::Error::from(ArchiveError::Query("bad year".into()));
        assert_eq!(code_of(&e), USAGE);
        assert_eq!(code_of(&anyhow::anyhow!("disk full")), FAILED);
    }
}
