//! The replay cache: presentations already accepted, remembered while they could still be accepted
//! again, so a second scan of the same QR is refused.
//!
//! The key is the presentation id, SHA-256 of the holder's signature. Signatures are checked with
//! strict Ed25519 (canonical S, no small-order keys or R), so nobody without the holder's key can
//! derive a second valid signature for the same presentation and slip past the cache.
//!
//! Both caches are bounded and fail closed: when full of entries that are still needed, they
//! refuse new presentations ([`VerifyError::ReplayCacheFull`]) rather than forget one.

use std::collections::{BTreeSet, HashMap};
#[cfg(feature = "sqlite")]
use std::path::Path;
use std::sync::Mutex;
#[cfg(feature = "sqlite")]
use std::time::Duration;

#[cfg(feature = "sqlite")]
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

#[cfg(feature = "sqlite")]
use crate::error::ReplayCacheError;
use crate::error::VerifyError;

/// Default bound of [`MemoryReplayCache`]: about 10 MB of entries.
pub const DEFAULT_MEMORY_CAPACITY: usize = 65_536;
/// Default bound of [`SqliteReplayCache`].
pub const DEFAULT_SQLITE_CAPACITY: usize = 1_000_000;
/// Schema version of the SQLite replay cache (`PRAGMA user_version`).
#[cfg(feature = "sqlite")]
pub const SQLITE_SCHEMA_VERSION: i64 = 1;
#[cfg(feature = "sqlite")]
const SCHEMA: &str = include_str!("replay.sql");

/// Remembers accepted presentations. Implementations must check and record atomically.
pub trait ReplayCache: Send + Sync {
    /// Records presentation `id`, accepted at `now`, to be remembered until `keep_until` (exclusive).
    /// Fails with [`VerifyError::Replayed`] when `id` is remembered already.
    fn check_and_record(&self, id: &[u8; 32], keep_until: i64, now: i64) -> Result<(), VerifyError>;
}

/// A replay cache in memory, for one verifier process.
#[derive(Debug)]
pub struct MemoryReplayCache {
    capacity: usize,
    inner: Mutex<MemoryEntries>,
}

#[derive(Debug, Default)]
struct MemoryEntries {
    /// id → (keep_until, first_seen_at)
    seen: HashMap<[u8; 32], (i64, i64)>,
    /// (keep_until, id), to evict the entries that expire first.
    by_expiry: BTreeSet<(i64, [u8; 32])>,
}

impl MemoryReplayCache {
    /// A cache that remembers at most `capacity` (at least 1) unexpired presentations.
    pub fn new(capacity: usize) -> MemoryReplayCache {
        MemoryReplayCache { capacity: capacity.max(1), inner: Mutex::new(MemoryEntries::default()) }
    }

    /// Entries currently held (expired ones included until they are evicted).
    pub fn len(&self) -> usize {
        self.lock().seen.len()
    }

    /// Whether no entry is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryEntries> {
        // Every update below leaves both maps consistent before anything can panic.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Default for MemoryReplayCache {
    fn default() -> Self {
        MemoryReplayCache::new(DEFAULT_MEMORY_CAPACITY)
    }
}

impl ReplayCache for MemoryReplayCache {
    fn check_and_record(&self, id: &[u8; 32], keep_until: i64, now: i64) -> Result<(), VerifyError> {
        let mut entries = self.lock();
        if let Some(&(until, first_seen_at)) = entries.seen.get(id) {
            if until > now {
                return Err(VerifyError::Replayed { first_seen_at });
            }
            entries.seen.remove(id);
            entries.by_expiry.remove(&(until, *id));
        }
        if entries.seen.len() >= self.capacity {
            // Evict expired entries only; never one that could still be replayed.
            while let Some(&(until, old)) = entries.by_expiry.first() {
                if until > now {
                    break;
                }
                entries.by_expiry.pop_first();
                entries.seen.remove(&old);
            }
            if entries.seen.len() >= self.capacity {
                return Err(VerifyError::ReplayCacheFull { capacity: self.capacity });
            }
        }
        entries.seen.insert(*id, (keep_until, now));
        entries.by_expiry.insert((keep_until, *id));
        Ok(())
    }
}

/// A replay cache in an SQLite file, for a counter app that restarts (or several processes on
/// one machine: each check runs in an immediate transaction).
#[derive(Debug)]
#[cfg(feature = "sqlite")]
pub struct SqliteReplayCache {
    conn: Mutex<Connection>,
    capacity: usize,
}

#[cfg(feature = "sqlite")]
impl SqliteReplayCache {
    /// Opens (or creates) the cache at `path`, remembering at most `capacity` unexpired presentations.
    pub fn open(path: &Path, capacity: usize) -> Result<SqliteReplayCache, ReplayCacheError> {
        let db_error =
            |e: rusqlite::Error| ReplayCacheError::Database { path: path.display().to_string(), reason: e.to_string() };
        let conn = Connection::open(path).map_err(db_error)?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(db_error)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(db_error)?;
        // FULL: an accepted presentation is on disk before the counter says yes, even on power loss.
        conn.pragma_update(None, "synchronous", "FULL").map_err(db_error)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(db_error)?;
        if version > SQLITE_SCHEMA_VERSION {
            return Err(ReplayCacheError::NewerSchema {
                path: path.display().to_string(),
                found: version,
                supported: SQLITE_SCHEMA_VERSION,
            });
        }
        if version < SQLITE_SCHEMA_VERSION {
            conn.execute_batch(&format!(
                "BEGIN IMMEDIATE; {SCHEMA} PRAGMA user_version = {SQLITE_SCHEMA_VERSION}; COMMIT;"
            ))
            .map_err(db_error)?;
        }
        Ok(SqliteReplayCache { conn: Mutex::new(conn), capacity: capacity.max(1) })
    }

    /// Entries held (expired ones are purged on the next check).
    pub fn entries(&self) -> Result<usize, ReplayCacheError> {
        let conn = self.lock();
        conn.query_row("SELECT n FROM seen_count", [], |r| r.get::<_, i64>(0)).map(|n| n.max(0) as usize).map_err(|e| {
            ReplayCacheError::Database { path: conn.path().unwrap_or("").to_owned(), reason: e.to_string() }
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A connection stays usable after a panic elsewhere: SQLite rolls back an unfinished transaction.
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn record(&self, id: &[u8; 32], keep_until: i64, now: i64) -> Result<Result<(), VerifyError>, rusqlite::Error> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let seen: Option<i64> = tx
            .query_row(
                "SELECT first_seen_at FROM seen_presentation WHERE id = ?1 AND keep_until > ?2",
                rusqlite::params![&id[..], now],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(first_seen_at) = seen {
            return Ok(Err(VerifyError::Replayed { first_seen_at }));
        }
        tx.execute("DELETE FROM seen_presentation WHERE keep_until <= ?1", [now])?;
        let count: i64 = tx.query_row("SELECT n FROM seen_count", [], |r| r.get(0))?;
        if count >= self.capacity as i64 {
            tx.commit()?;
            return Ok(Err(VerifyError::ReplayCacheFull { capacity: self.capacity }));
        }
        tx.execute(
            "INSERT INTO seen_presentation (id, keep_until, first_seen_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![&id[..], keep_until, now],
        )?;
        tx.commit()?;
        Ok(Ok(()))
    }
}

#[cfg(feature = "sqlite")]
impl ReplayCache for SqliteReplayCache {
    fn check_and_record(&self, id: &[u8; 32], keep_until: i64, now: i64) -> Result<(), VerifyError> {
        // A database failure fails closed: the presentation is refused, never accepted unrecorded.
        self.record(id, keep_until, now).map_err(|e| VerifyError::ReplayCacheUnavailable(e.to_string()))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> [u8; 32] {
        [n; 32]
    }

    fn exercise(cache: &dyn ReplayCache) {
        cache.check_and_record(&id(1), 200, 100).unwrap();
        assert_eq!(cache.check_and_record(&id(1), 200, 150), Err(VerifyError::Replayed { first_seen_at: 100 }));
        // Past keep_until the verifier rejects the presentation as expired anyway; the id is free.
        cache.check_and_record(&id(1), 400, 200).unwrap();
        cache.check_and_record(&id(2), 300, 200).unwrap();
        // Full (capacity 2) of unexpired entries: fail closed.
        assert_eq!(cache.check_and_record(&id(3), 500, 250), Err(VerifyError::ReplayCacheFull { capacity: 2 }));
        // Once id(2) expires it is evicted to make room, and id(1) is still remembered.
        cache.check_and_record(&id(3), 500, 300).unwrap();
        assert!(matches!(cache.check_and_record(&id(1), 400, 301), Err(VerifyError::Replayed { .. })));
    }

    #[test]
    fn memory_cache_remembers_evicts_expired_and_fails_closed() {
        let cache = MemoryReplayCache::new(2);
        exercise(&cache);
        assert_eq!(cache.len(), 2);
    }

    #[test]
    #[cfg(feature = "sqlite")]
    fn sqlite_cache_behaves_the_same_and_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("replay.db");
        {
            let cache = SqliteReplayCache::open(&path, 2).unwrap();
            exercise(&cache);
            assert_eq!(cache.entries().unwrap(), 2);
        }
        let reopened = SqliteReplayCache::open(&path, 2).unwrap();
        assert_eq!(reopened.check_and_record(&id(3), 500, 302), Err(VerifyError::Replayed { first_seen_at: 300 }));
    }

    #[test]
    #[cfg(feature = "sqlite")]
    fn sqlite_cache_refuses_a_newer_schema_and_a_non_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("replay.db");
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 7).unwrap();
        assert!(matches!(SqliteReplayCache::open(&path, 2), Err(ReplayCacheError::NewerSchema { found: 7, .. })));
        let junk = dir.path().join("junk.db");
        std::fs::write(&junk, b"this is not an SQLite database, just text of some length......").unwrap();
        assert!(matches!(SqliteReplayCache::open(&junk, 2), Err(ReplayCacheError::Database { .. })));
    }
}
