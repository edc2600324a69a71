//! Who may connect: an authorized-keys file in OpenSSH's format whose comment names the user
//! (`ssh-ed25519 AAAA... alice`). The file is read again at every connection, so a user is
//! added or removed without a restart.

use crate::cable::sanitize::shown_path;
use russh::keys::PublicKey;
use std::path::{Path, PathBuf};

/// The longest user name accepted (a folder name under the server's data folder).
pub const MAX_USER_LEN: usize = 64;

/// One authorized key and the user it names.
#[derive(Debug, Clone)]
pub struct AuthorizedKey {
    /// The user: the key's comment, a safe folder name.
    pub user: String,
    /// The public key.
    pub key: PublicKey,
}

/// The keys read from the file, and what was wrong with the lines left out.
#[derive(Debug, Clone, Default)]
pub struct AuthorizedKeys {
    /// The usable keys, in file order.
    pub keys: Vec<AuthorizedKey>,
    /// One line per line left out, naming the file and the line number.
    pub problems: Vec<String>,
}

/// The authorized-keys file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the authorized keys {path}: {source}")]
pub struct KeysFileError {
    /// The file, made safe to print.
    pub path: String,
    /// Why.
    pub source: std::io::Error,
}

impl AuthorizedKeys {
    /// Read the file at `path`.
    pub fn load(path: &Path) -> Result<AuthorizedKeys, KeysFileError> {
        let text = std::fs::read(path).map_err(|source| KeysFileError {
            path: shown_path(path),
            source,
        })?;
        Ok(AuthorizedKeys::parse(
            &String::from_utf8_lossy(&text),
            &shown_path(path),
        ))
    }

    /// Read the lines of `text`; `name` names the file in the problems.
    pub fn parse(text: &str, name: &str) -> AuthorizedKeys {
        let mut out = AuthorizedKeys::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match parse_line(line) {
                Ok(entry) => {
                    if let Some(first) = out
                        .keys
                        .iter()
                        .find(|k| k.key.key_data() == entry.key.key_data())
                    {
                        out.problems.push(format!(
                            "{name}:{}: this key is already listed for {}; the first line counts",
                            n + 1,
                            first.user
                        ));
                    } else {
                        out.keys.push(entry);
                    }
                }
                Err(reason) => out.problems.push(format!("{name}:{}: {reason}", n + 1)),
            }
        }
        out
    }

    /// The user whose key this is.
    pub fn user_of(&self, key: &PublicKey) -> Option<&str> {
        self.keys
            .iter()
            .find(|k| k.key.key_data() == key.key_data())
            .map(|k| k.user.as_str())
    }
}

/// One line: `[options] type base64 user`. Options (OpenSSH's `restrict`, `command=`…) are
/// not supported: such a line is left out rather than half obeyed.
fn parse_line(line: &str) -> Result<AuthorizedKey, String> {
    let mut words = line.split_whitespace();
    let (Some(kind), Some(data)) = (words.next(), words.next()) else {
        return Err("not a key line (type, key, user name)".into());
    };
    let comment: Vec<&str> = words.collect();
    let key = PublicKey::from_openssh(&format!("{kind} {data}")).map_err(|_| {
        if kind.contains('=') || kind.contains(',') || !kind.contains('-') {
            "key options are not supported by cables serve; give the key alone".to_string()
        } else {
            format!("not a public key of a known type (`{}`)", safe(kind))
        }
    })?;
    let user = match comment.as_slice() {
        [] => return Err("no user name after the key (the comment names the user)".into()),
        [one] => *one,
        _ => {
            return Err(format!(
                "the user name `{}` has spaces; one word is a user name",
                safe(&comment.join(" "))
            ));
        }
    };
    valid_user(user)?;
    Ok(AuthorizedKey {
        user: user.to_string(),
        key,
    })
}

/// A user name is a safe folder name: ASCII letters, digits, `.`, `_`, `-` (and `@`),
/// starting with a letter or digit, at most [`MAX_USER_LEN`] characters.
pub fn valid_user(user: &str) -> Result<(), String> {
    let first_ok = user
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let all_ok = user
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if user.len() > MAX_USER_LEN {
        Err(format!(
            "the user name is longer than {MAX_USER_LEN} characters"
        ))
    } else if !first_ok || !all_ok {
        Err(format!(
            "`{}` is not a usable user name (letters, digits, . _ - @, starting with a letter or digit)",
            safe(user)
        ))
    } else {
        Ok(())
    }
}

/// The folder of a user's bookmarks and reading positions under the server's data folder.
pub fn user_dir(data_dir: &Path, user: &str) -> PathBuf {
    data_dir.join("users").join(user)
}

/// Text from the file made safe to print (at most 40 characters, no control characters).
fn safe(s: &str) -> String {
    crate::cable::sanitize::sanitize_line(&s.chars().take(40).collect::<String>()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIRGnsJ2/ZwJXtaJHSGYXb5Kg3iVqzJMIiXtMHACQKXA";
    const BOB: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE/RzUue9vRMy6ZDmq3TvI1NtGOWOyaFBt/uWW++p4al";

    #[test]
    fn the_comment_names_the_user_and_bad_lines_are_named() {
        let text = format!(
            "# team\n{ALICE} alice\n\n{BOB}\n{BOB} ../etc\n{BOB} bob smith\nrestrict {BOB} bob\n{ALICE} mallory\n{BOB} bob\nssh-nope AAAA x\n"
        );
        let keys = AuthorizedKeys::parse(&text, "keys");
        let users: Vec<&str> = keys.keys.iter().map(|k| k.user.as_str()).collect();
        assert_eq!(users, ["alice", "bob"]);
        let lines: Vec<&str> = keys
            .problems
            .iter()
            .map(|p| p.split(':').nth(1).unwrap_or(""))
            .collect();
        assert_eq!(
            lines,
            ["4", "5", "6", "7", "8", "10"],
            "{:?}",
            keys.problems
        );
        assert!(keys.problems[0].contains("no user name"));
        assert!(keys.problems[4].contains("already listed for alice"));
        let bob = &keys.keys[1].key;
        assert_eq!(keys.user_of(bob), Some("bob"));
    }

    #[test]
    fn user_names_are_safe_folder_names() {
        for good in ["alice", "a.b-c_d", "x@newsroom", "7"] {
            assert!(valid_user(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            ".",
            "..",
            "../x",
            "a/b",
            ".hidden",
            "a b",
            "é",
            "a\u{1b}[31m",
            "-rf",
        ] {
            assert!(valid_user(bad).is_err(), "{bad:?}");
        }
        assert!(valid_user(&"a".repeat(65)).is_err());
    }
}
