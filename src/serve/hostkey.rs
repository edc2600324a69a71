//! The server's host key: an Ed25519 key generated on first start and kept in the data
//! folder (mode 0600, OpenSSH's private key format), read again on every later start.

use crate::cable::sanitize::shown_path;
use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{HashAlg, PrivateKey};
use std::io::{Read, Write};
use std::path::Path;

/// The host key file's name in the server's data folder.
pub const HOST_KEY_FILE: &str = "host_ed25519_key";

/// The host key could not be read or made.
#[derive(Debug, thiserror::Error)]
pub enum HostKeyError {
    #[error("cannot read the host key {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("cannot write the host key {path}: {reason}")]
    Write { path: String, reason: String },
    #[error(
        "the host key {path} can be read by other users (mode {mode:o}); run `chmod 600` on it"
    )]
    Open { path: String, mode: u32 },
}

/// The host key at `path`: read it, or make one if there is no file yet. The second value
/// is true when the key was made now.
pub fn load_or_create(path: &Path) -> Result<(PrivateKey, bool), HostKeyError> {
    match std::fs::read(path) {
        Ok(bytes) => {
            check_mode(path)?;
            let key = PrivateKey::from_openssh(&bytes).map_err(|e| HostKeyError::Read {
                path: shown_path(path),
                reason: e.to_string(),
            })?;
            Ok((key, false))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path).map(|k| (k, true)),
        Err(e) => Err(HostKeyError::Read {
            path: shown_path(path),
            reason: e.to_string(),
        }),
    }
}

/// The key's SHA-256 fingerprint as OpenSSH shows it (`SHA256:…`).
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(unix)]
fn check_mode(path: &Path) -> Result<(), HostKeyError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(|e| HostKeyError::Read {
        path: shown_path(path),
        reason: e.to_string(),
    })?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(HostKeyError::Open {
            path: shown_path(path),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_mode(_path: &Path) -> Result<(), HostKeyError> {
    Ok(())
}

/// Make a new key and write it atomically with mode 0600 (a temporary file in the same
/// folder, renamed without replacing a key another start wrote meanwhile).
fn create(path: &Path) -> Result<PrivateKey, HostKeyError> {
    let fail = |reason: String| HostKeyError::Write {
        path: shown_path(path),
        reason,
    };
    let mut seed = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut seed))
        .map_err(|e| fail(format!("no random bytes: {e}")))?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| fail(e.to_string()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| fail(e.to_string()))?;
    // tempfile creates its files with mode 0600.
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(e.to_string()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| fail(e.to_string()))?;
    match file.persist_noclobber(path) {
        Ok(_) => Ok(key),
        // Another start made one first: use that one.
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            load_or_create(path).map(|(k, _)| k)
        }
        Err(e) => Err(fail(e.error.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_once_kept_private_and_read_back() {
        let dir = tempfile::tempdir().map_err(|e| e.to_string());
        let Ok(dir) = dir else {
            panic!("a temp dir");
        };
        let path = dir.path().join("sub").join(HOST_KEY_FILE);
        let first = load_or_create(&path);
        let Ok((first, made)) = first else {
            panic!("{first:?}");
        };
        assert!(made);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
            assert_eq!(mode.ok(), Some(0o600));
        }
        let again = load_or_create(&path);
        let Ok((again, made)) = again else {
            panic!("{again:?}");
        };
        assert!(!made);
        assert_eq!(fingerprint(&first), fingerprint(&again));
        assert!(fingerprint(&first).starts_with("SHA256:"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644));
            assert!(matches!(
                load_or_create(&path),
                Err(HostKeyError::Open { .. })
            ));
        }
        let _ = std::fs::write(&path, "not a key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
        }
        assert!(matches!(
            load_or_create(&path),
            Err(HostKeyError::Read { .. })
        ));
    }
}
