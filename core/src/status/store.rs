//! The verifier's status list store: verified Status List Tokens by issuer and URI, optionally
//! kept as files in a folder so an offline counter starts with the lists it last synced.

use std::collections::HashMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use sha2::{Digest, Sha256};

use super::token::{MAX_TOKEN_BYTES, StatusListToken, VerifiedStatusList};
use crate::error::StatusListError;
use crate::trust::TrustList;

/// File extension of stored Status List Tokens.
pub const TOKEN_FILE_EXTENSION: &str = "cwt";

/// What [`StatusStore::insert`] did with a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreUpdate {
    /// First list for this issuer and URI.
    Added,
    /// Replaced an older list (smaller `iat`).
    Replaced,
    /// Kept the list already held, which is as new or newer: an old list is never reinstated,
    /// so nobody can "un-revoke" a credential by feeding an old token.
    Unchanged,
}

/// Verified status lists, looked up by (`iss`, URI). Shared between threads; updates are atomic.
pub struct StatusStore {
    trust: TrustList,
    dir: Option<PathBuf>,
    lists: RwLock<HashMap<(String, String), Arc<VerifiedStatusList>>>,
}

impl std::fmt::Debug for StatusStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatusStore").field("dir", &self.dir).field("lists", &self.len()).finish()
    }
}

impl StatusStore {
    /// An empty store in memory that accepts tokens signed by keys of `trust`.
    pub fn new(trust: TrustList) -> StatusStore {
        StatusStore { trust, dir: None, lists: RwLock::new(HashMap::new()) }
    }

    /// A store kept in `dir` (created if needed): loads every `*.cwt` file in it, and saves each
    /// newer token given to [`StatusStore::insert`] there. Files that fail to load are skipped
    /// and returned with their error, so one bad file does not take the counter down.
    pub fn open_dir(
        dir: &Path,
        trust: TrustList,
    ) -> Result<(StatusStore, Vec<(PathBuf, StatusListError)>), StatusListError> {
        let io = |e: std::io::Error| StatusListError::Io { path: dir.display().to_string(), reason: e.to_string() };
        fs::create_dir_all(dir).map_err(io)?;
        let mut store = StatusStore::new(trust);
        let mut paths: Vec<PathBuf> = fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == TOKEN_FILE_EXTENSION))
            .collect();
        paths.sort();
        let mut skipped = Vec::new();
        for path in paths {
            if let Err(e) = store.load_file(&path) {
                skipped.push((path, e));
            }
        }
        store.dir = Some(dir.to_owned());
        Ok((store, skipped))
    }

    /// Reads, verifies and adds one token file (in memory only).
    pub fn load_file(&self, path: &Path) -> Result<StoreUpdate, StatusListError> {
        let bytes = read_limited(path)?;
        let verified = StatusListToken::from_bytes(&bytes)?.verify(&self.trust)?;
        Ok(self.put(verified).0)
    }

    /// Verifies a token (as fetched from its URI) and keeps it if it is newer than the list held;
    /// a store opened on a folder also writes it there.
    pub fn insert(&self, token: &[u8]) -> Result<StoreUpdate, StatusListError> {
        let verified = StatusListToken::from_bytes(token)?.verify(&self.trust)?;
        let (update, key) = self.put(verified);
        if let (Some(dir), StoreUpdate::Added | StoreUpdate::Replaced) = (&self.dir, update) {
            write_atomically(&dir.join(file_name(&key.0, &key.1)), token)?;
        }
        Ok(update)
    }

    /// The list for credentials of issuer `iss` that name `uri`.
    pub fn get(&self, iss: &str, uri: &str) -> Option<Arc<VerifiedStatusList>> {
        self.read().get(&(iss.to_owned(), uri.to_owned())).cloned()
    }

    /// Every list held, ordered by issuer and URI.
    pub fn lists(&self) -> Vec<Arc<VerifiedStatusList>> {
        let mut all: Vec<_> = self.read().values().cloned().collect();
        all.sort_by(|a, b| (&a.iss, &a.claims.uri).cmp(&(&b.iss, &b.claims.uri)));
        all
    }

    /// URIs whose refresh time (`iat + ttl`, else `exp`) has passed at `now`: fetch these again.
    pub fn due_for_refresh(&self, now: i64) -> Vec<String> {
        self.lists()
            .iter()
            .filter(|l| l.claims.refresh_due_at().is_some_and(|due| due <= now))
            .map(|l| l.claims.uri.clone())
            .collect()
    }

    pub fn len(&self) -> usize {
        self.read().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn put(&self, verified: VerifiedStatusList) -> (StoreUpdate, (String, String)) {
        let key = (verified.iss.clone(), verified.claims.uri.clone());
        let mut lists = self.lists.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let update = match lists.get(&key) {
            Some(held) if held.claims.issued_at >= verified.claims.issued_at => StoreUpdate::Unchanged,
            Some(_) => StoreUpdate::Replaced,
            None => StoreUpdate::Added,
        };
        if update != StoreUpdate::Unchanged {
            lists.insert(key.clone(), Arc::new(verified));
        }
        (update, key)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<(String, String), Arc<VerifiedStatusList>>> {
        // A panic elsewhere while holding the lock cannot leave the map half-updated (inserts are
        // single operations), so a poisoned lock is still safe to read.
        self.lists.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One file per (issuer, URI): a hash, since URIs hold characters file systems do not allow.
fn file_name(iss: &str, uri: &str) -> String {
    let digest = Sha256::new().chain_update(iss).chain_update([0]).chain_update(uri).finalize();
    format!("{}.{TOKEN_FILE_EXTENSION}", hex::encode(&digest[..16]))
}

fn read_limited(path: &Path) -> Result<Vec<u8>, StatusListError> {
    let io = |e: std::io::Error| StatusListError::Io { path: path.display().to_string(), reason: e.to_string() };
    let mut bytes = Vec::new();
    fs::File::open(path).map_err(io)?.take(MAX_TOKEN_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() > MAX_TOKEN_BYTES {
        return Err(StatusListError::Io {
            path: path.display().to_string(),
            reason: format!("larger than {MAX_TOKEN_BYTES} bytes"),
        });
    }
    Ok(bytes)
}

/// Writes through a temporary file and a rename, so a crash never leaves half a token behind.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StatusListError> {
    let io = |e: std::io::Error| StatusListError::Io { path: path.display().to_string(), reason: e.to_string() };
    let tmp = path.with_extension("tmp");
    let mut file = fs::File::create(&tmp).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    fs::rename(&tmp, path).map_err(io)
}
