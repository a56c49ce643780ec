//! A counter's trust store: the accepted trust state in one file in a folder, replaced atomically
//! (temporary file, fsync, rename) so a crash or a refused update never leaves a worse state.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use super::anchor::TrustAnchor;
use super::bundle::VerifiedBundle;
use super::state::{TrustState, TrustUpdate};
use super::{ExpiryPolicy, MAX_BUNDLE_BYTES, MAX_CHAIN_LINKS};
use crate::error::TrustError;

/// The file a [`TrustStore`] keeps its state in.
pub const STATE_FILE: &str = "trust-state.cbor";

/// A trust state kept in a folder. Shared between threads; updates are atomic.
#[derive(Debug)]
pub struct TrustStore {
    dir: PathBuf,
    policy: ExpiryPolicy,
    state: RwLock<TrustState>,
}

impl TrustStore {
    /// Opens the store in `dir` (created if needed) with the app's `pinned` anchors. A saved state
    /// is re-verified from the pinned anchors; one that fails is an error, never silently dropped
    /// (dropping it would let an older bundle in again).
    pub fn open(dir: &Path, pinned: Vec<TrustAnchor>, policy: ExpiryPolicy) -> Result<TrustStore, TrustError> {
        fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let path = dir.join(STATE_FILE);
        let state =
            if path.exists() { TrustState::restore(pinned, &read_limited(&path)?)? } else { TrustState::new(pinned)? };
        Ok(TrustStore { dir: dir.to_owned(), policy, state: RwLock::new(state) })
    }

    /// Verifies `bundle` at `now`; if it is newer than the one held, saves it and makes it current.
    pub fn update(&self, bundle: &[u8], now: i64) -> Result<TrustUpdate, TrustError> {
        let mut state = self.state.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut next = state.clone();
        let update = next.update(bundle, now, self.policy)?;
        write_atomically(&self.dir.join(STATE_FILE), &next.to_bytes())?;
        *state = next;
        Ok(update)
    }

    /// The bundle held, checked against the clock under the store's policy.
    pub fn current(&self, now: i64) -> Result<VerifiedBundle, TrustError> {
        self.read().current_at(now, self.policy)
    }

    /// A copy of the whole state (anchors, sequence number, bundle held).
    pub fn state(&self) -> TrustState {
        self.read().clone()
    }

    /// What the store does with an expired bundle.
    pub fn policy(&self) -> ExpiryPolicy {
        self.policy
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, TrustState> {
        // Updates replace the state in one assignment, so a poisoned lock still guards a whole state.
        self.state.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn io(path: &Path, e: std::io::Error) -> TrustError {
    TrustError::Storage { path: path.display().to_string(), reason: e.to_string() }
}

fn read_limited(path: &Path) -> Result<Vec<u8>, TrustError> {
    let max = ((MAX_CHAIN_LINKS + 1) * (MAX_BUNDLE_BYTES + 8)) as u64;
    let mut bytes = Vec::new();
    fs::File::open(path).map_err(|e| io(path, e))?.take(max + 1).read_to_end(&mut bytes).map_err(|e| io(path, e))?;
    if bytes.len() as u64 > max {
        return Err(TrustError::Storage {
            path: path.display().to_string(),
            reason: "the state file is too large".into(),
        });
    }
    Ok(bytes)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), TrustError> {
    let tmp = path.with_extension("tmp");
    let mut file = fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
    file.write_all(bytes).map_err(|e| io(&tmp, e))?;
    file.sync_all().map_err(|e| io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| io(path, e))?;
    // The rename itself is durable once the folder is synced (best effort where unsupported).
    if let Some(dir) = path.parent()
        && let Ok(d) = fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}
