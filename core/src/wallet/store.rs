//! SQLite access: opening and migrating the file, and reading and writing rows.
//!
//! This layer moves bytes; it never sees a key or a plaintext. Sealing happens in the caller,
//! through the closures given to the insert functions (the row id is part of the AAD, so the
//! ciphertext can only be made once the id is known, inside the same transaction).

use std::path::Path;
use std::time::Duration;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params};

use super::envelope::WALLET_ID_LEN;
use super::error::WalletError;
use super::kdf::KdfParams;
use super::lockout::{UnlockDelays, UnlockState};
use super::protect::{PinWrapParams, Protection, WrappedDataKey};

/// `PRAGMA application_id` of a wallet file: "CWLT".
pub(crate) const APPLICATION_ID: i32 = 0x4357_4C54;

/// Forward migrations, applied in order; the index + 1 is the schema version each one produces.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("schema/001_init.sql"),
    include_str!("schema/002_presentation_log.sql"),
    include_str!("schema/003_issuance_grants.sql"),
];
/// The schema version this code writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

pub(crate) const CREDENTIALS: &str = "credentials";
pub(crate) const HOLDER_KEYS: &str = "holder_keys";
pub(crate) const PRESENTATION_LOG: &str = "presentation_log";
pub(crate) const ISSUANCE_GRANTS: &str = "issuance_grants";

/// Another process (the CLI beside the app) may hold the write lock briefly.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// One sealed row: its id, the schema version it was written under, the sealed bytes.
///
/// Columns are read leniently (a value of the wrong type becomes `None` or empty), so that one
/// doctored row fails on its own when it is opened instead of failing every query over its table.
#[derive(Clone, Debug)]
pub(crate) struct SealedRow {
    pub id: i64,
    pub schema_version: Option<u32>,
    pub sealed: Vec<u8>,
}

/// A credential row: the sealed SD-CWT and what is kept in clear beside it (authenticated as AAD).
#[derive(Clone, Debug)]
pub(crate) struct CredentialRow {
    pub row: SealedRow,
    pub holder_key_id: Option<i64>,
    pub imported_at: Option<i64>,
}

/// What `create` writes besides the schema.
pub(crate) struct NewWallet<'a> {
    pub wallet_id: [u8; WALLET_ID_LEN],
    pub created_at: i64,
    pub data_key: &'a WrappedDataKey,
    pub delays: &'a UnlockDelays,
    pub max_failed_unlocks: Option<u32>,
    pub holder_public_key: [u8; 32],
}

pub(crate) struct Store {
    conn: Connection,
    /// The file's schema version after migration (records are written under it).
    schema_version: u32,
}

impl Store {
    /// Builds a complete new wallet file at `path` (which must not exist) in one transaction, up
    /// to `schema_version`. The holder key's sealed secret is made by `seal_holder_key(row_id)`.
    pub fn create(
        path: &Path,
        schema_version: u32,
        new: &NewWallet<'_>,
        seal_holder_key: impl FnOnce(i64, u32) -> Vec<u8>,
    ) -> Result<(), WalletError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        configure(&conn)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        apply_migrations(&tx, 0, schema_version)?;
        tx.execute(
            "INSERT INTO wallet (id, wallet_id, created_at) VALUES (1, ?1, ?2)",
            params![&new.wallet_id[..], new.created_at],
        )?;
        write_data_key(&tx, new.data_key, new.created_at)?;
        tx.execute(
            "INSERT INTO unlock_state (id, failed_attempts, free_attempts, delays_secs, max_failed_unlocks)
             VALUES (1, 0, ?1, ?2, ?3)",
            params![new.delays.free_attempts, new.delays.encode(), new.max_failed_unlocks],
        )?;
        tx.execute(
            "INSERT INTO holder_keys (public_key, created_at, schema_version, sealed) VALUES (?1, ?2, ?3, x'')",
            params![&new.holder_public_key[..], new.created_at, schema_version],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "UPDATE holder_keys SET sealed = ?1 WHERE id = ?2",
            params![seal_holder_key(id, schema_version), id],
        )?;
        tx.commit()?;
        // WAL is a property of the file: set once, kept by every later open.
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))?;
        conn.close().map_err(|(_, e)| WalletError::from(e))
    }

    /// Opens an existing wallet file and migrates it forward to `target` (always [`SCHEMA_VERSION`]
    /// outside the migration tests).
    pub fn open(path: &Path, target: u32) -> Result<Store, WalletError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        // Identify the file before writing anything to it.
        let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            return Err(WalletError::NotAWallet(format!("SQLite application_id is {app_id:#x}, not a wallet's")));
        }
        let found = user_version(&conn)?;
        if found > SCHEMA_VERSION {
            return Err(WalletError::UnsupportedSchemaVersion { found, supported: SCHEMA_VERSION });
        }
        if found == 0 {
            return Err(WalletError::Corrupt("the wallet file has no schema".into()));
        }
        configure(&conn)?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))?;
        let schema_version = if found < target {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Another process may have migrated it in the meantime.
            let now = user_version(&tx)?;
            apply_migrations(&tx, now, target)?;
            tx.commit()?;
            target
        } else {
            found
        };
        Ok(Store { conn, schema_version })
    }

    pub fn schema_version(&self) -> u32 {
        self.schema_version
    }

    pub fn wallet_id(&self) -> Result<[u8; WALLET_ID_LEN], WalletError> {
        let id: Vec<u8> = self.conn.query_row("SELECT wallet_id FROM wallet WHERE id = 1", [], |r| r.get(0))?;
        id.try_into().map_err(|_| WalletError::Corrupt("the wallet id is not 16 bytes".into()))
    }

    pub fn unlock_state(&self) -> Result<UnlockState, WalletError> {
        read_unlock_state(&self.conn)
    }

    /// Seconds until a PIN attempt is accepted. A clock set back before the last failure re-anchors
    /// the wait at `now`, so that it cannot last until the clock catches up.
    pub fn pending_wait(&mut self, now: i64) -> Result<u64, WalletError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let state = reanchored_unlock_state(&tx, now)?;
        tx.commit()?;
        Ok(state.retry_after(now))
    }

    /// Records one more failed attempt *before* the PIN is tried, unless a wait is pending; returns
    /// the state with this attempt counted. Committed on return, so a crash counts as a failure.
    pub fn begin_pin_attempt(&mut self, now: i64) -> Result<UnlockState, WalletError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut state = reanchored_unlock_state(&tx, now)?;
        if state.wiped {
            return Err(WalletError::Wiped);
        }
        let wait = state.retry_after(now);
        if wait > 0 {
            tx.commit()?;
            return Err(WalletError::LockedOut { retry_after_secs: wait });
        }
        state.failed_attempts = state.failed_attempts.saturating_add(1);
        state.last_failure_at = Some(now);
        tx.execute(
            "UPDATE unlock_state SET failed_attempts = ?1, last_failure_at = ?2 WHERE id = 1",
            params![state.failed_attempts, now],
        )?;
        tx.commit()?;
        Ok(state)
    }

    /// The right PIN: forget the failures.
    pub fn reset_failures(&self) -> Result<(), WalletError> {
        self.conn.execute("UPDATE unlock_state SET failed_attempts = 0, last_failure_at = NULL WHERE id = 1", [])?;
        Ok(())
    }

    /// Erases every key and record (with `secure_delete` on, freed pages are zeroed), marks the
    /// wallet wiped and truncates the WAL so no old page survives there.
    pub fn wipe(&mut self, now: i64) -> Result<(), WalletError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for table in ["credentials", "holder_keys", "data_key"] {
            tx.execute(&format!("DELETE FROM {table}"), [])?;
        }
        if self.schema_version >= 2 {
            tx.execute("DELETE FROM presentation_log", [])?;
        }
        if self.schema_version >= 3 {
            tx.execute("DELETE FROM issuance_grants", [])?;
        }
        tx.execute("UPDATE unlock_state SET wiped_at = ?1 WHERE id = 1", [now])?;
        tx.commit()?;
        self.checkpoint()
    }

    /// Moves the WAL into the main file and truncates it.
    pub fn checkpoint(&self) -> Result<(), WalletError> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    pub fn data_key(&self) -> Result<WrappedDataKey, WalletError> {
        let row = self
            .conn
            .query_row(
                "SELECT protection, kdf_memory_kib, kdf_iterations, kdf_parallelism, kdf_salt, wrapped
                 FROM data_key WHERE id = 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<u32>>(1)?,
                        r.get::<_, Option<u32>>(2)?,
                        r.get::<_, Option<u32>>(3)?,
                        r.get::<_, Option<Vec<u8>>>(4)?,
                        r.get::<_, Vec<u8>>(5)?,
                    ))
                },
            )
            .optional()?;
        let Some((protection, memory_kib, iterations, parallelism, salt, wrapped)) = row else {
            return Err(if self.unlock_state()?.wiped {
                WalletError::Wiped
            } else {
                WalletError::Corrupt("the wrapped data key is missing".into())
            });
        };
        let protection =
            Protection::parse(&protection).ok_or_else(|| WalletError::Corrupt("unknown data key protection".into()))?;
        let pin = match (protection.uses_pin(), memory_kib, iterations, parallelism, salt) {
            (true, Some(memory_kib), Some(iterations), Some(parallelism), Some(salt)) => {
                let params = PinWrapParams { kdf: KdfParams { memory_kib, iterations, parallelism }, salt };
                params.check()?;
                Some(params)
            }
            (false, None, None, None, None) => None,
            _ => return Err(WalletError::Corrupt("the data key's KDF columns do not match its protection".into())),
        };
        Ok(WrappedDataKey { protection, pin, wrapped })
    }

    pub fn replace_data_key(&self, key: &WrappedDataKey, now: i64) -> Result<(), WalletError> {
        write_data_key(&self.conn, key, now)
    }

    /// The holder key a credential bound to `public_key` would use, if this wallet has it.
    pub fn holder_key_id(&self, public_key: &[u8; 32]) -> Result<Option<i64>, WalletError> {
        Ok(self
            .conn
            .query_row("SELECT id FROM holder_keys WHERE public_key = ?1", [&public_key[..]], |r| r.get(0))
            .optional()?)
    }

    /// The newest holder key's row id and public key (as stored: the caller authenticates it).
    pub fn current_holder_key(&self) -> Result<(i64, [u8; 32]), WalletError> {
        let key: Option<(i64, Vec<u8>)> = self
            .conn
            .query_row("SELECT id, public_key FROM holder_keys ORDER BY id DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, blob(r, 1)?))
            })
            .optional()?;
        match key {
            Some((id, key)) => {
                Ok((id, key.try_into().map_err(|_| WalletError::RecordCorrupt { table: HOLDER_KEYS, id })?))
            }
            None if self.unlock_state()?.wiped => Err(WalletError::Wiped),
            None => Err(WalletError::Corrupt("the wallet has no holder key".into())),
        }
    }

    /// A holder key's sealed secret and its public key (as stored: checked when opened).
    pub fn holder_key(&self, id: i64) -> Result<(SealedRow, Vec<u8>), WalletError> {
        self.conn
            .query_row("SELECT id, schema_version, sealed, public_key FROM holder_keys WHERE id = ?1", [id], |r| {
                Ok((sealed_row(r)?, blob(r, 3)?))
            })
            .optional()?
            .ok_or(WalletError::RecordCorrupt { table: HOLDER_KEYS, id })
    }

    /// Inserts a holder key; `seal(id, schema_version)` makes the sealed secret once the id is known.
    pub fn insert_holder_key(
        &mut self,
        public_key: &[u8; 32],
        created_at: i64,
        seal: impl FnOnce(i64, u32) -> Vec<u8>,
    ) -> Result<i64, WalletError> {
        let version = self.schema_version;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO holder_keys (public_key, created_at, schema_version, sealed) VALUES (?1, ?2, ?3, x'')",
            params![&public_key[..], created_at, version],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute("UPDATE holder_keys SET sealed = ?1 WHERE id = ?2", params![seal(id, version), id])?;
        tx.commit()?;
        Ok(id)
    }

    /// Inserts (`id: None`) or replaces an issuance grant; `seal(id, schema_version)` seals it.
    pub fn put_grant(&mut self, id: Option<i64>, seal: impl FnOnce(i64, u32) -> Vec<u8>) -> Result<i64, WalletError> {
        let version = self.schema_version;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = match id {
            Some(id) => {
                if tx.execute("UPDATE issuance_grants SET schema_version = ?1 WHERE id = ?2", params![version, id])?
                    == 0
                {
                    return Err(WalletError::GrantNotFound(id));
                }
                id
            }
            None => {
                tx.execute("INSERT INTO issuance_grants (schema_version, sealed) VALUES (?1, x'')", [version])?;
                tx.last_insert_rowid()
            }
        };
        tx.execute("UPDATE issuance_grants SET sealed = ?1 WHERE id = ?2", params![seal(id, version), id])?;
        tx.commit()?;
        Ok(id)
    }

    pub fn grants(&self) -> Result<Vec<SealedRow>, WalletError> {
        let mut stmt = self.conn.prepare("SELECT id, schema_version, sealed FROM issuance_grants ORDER BY id")?;
        let rows = stmt.query_map([], sealed_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    pub fn delete_grant(&self, id: i64) -> Result<(), WalletError> {
        match self.conn.execute("DELETE FROM issuance_grants WHERE id = ?1", [id])? {
            0 => Err(WalletError::GrantNotFound(id)),
            _ => Ok(()),
        }
    }

    /// Inserts a credential; `seal(id, schema_version)` makes the sealed bytes once the id is known.
    pub fn insert_credential(
        &mut self,
        holder_key_id: i64,
        imported_at: i64,
        seal: impl FnOnce(i64, u32) -> Vec<u8>,
    ) -> Result<i64, WalletError> {
        let version = self.schema_version;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO credentials (holder_key_id, imported_at, schema_version, sealed) VALUES (?1, ?2, ?3, x'')",
            params![holder_key_id, imported_at, version],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute("UPDATE credentials SET sealed = ?1 WHERE id = ?2", params![seal(id, version), id])?;
        tx.commit()?;
        Ok(id)
    }

    pub fn credentials(&self) -> Result<Vec<CredentialRow>, WalletError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, schema_version, sealed, holder_key_id, imported_at FROM credentials ORDER BY id")?;
        let rows = stmt.query_map([], credential_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    pub fn credential(&self, id: i64) -> Result<CredentialRow, WalletError> {
        self.conn
            .query_row(
                "SELECT id, schema_version, sealed, holder_key_id, imported_at FROM credentials WHERE id = ?1",
                [id],
                credential_row,
            )
            .optional()?
            .ok_or(WalletError::CredentialNotFound(id))
    }

    pub fn delete_credential(&self, id: i64) -> Result<(), WalletError> {
        match self.conn.execute("DELETE FROM credentials WHERE id = ?1", [id])? {
            0 => Err(WalletError::CredentialNotFound(id)),
            _ => Ok(()),
        }
    }

    pub fn insert_log_entry(&mut self, seal: impl FnOnce(i64, u32) -> Vec<u8>) -> Result<i64, WalletError> {
        let version = self.schema_version;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("INSERT INTO presentation_log (schema_version, sealed) VALUES (?1, x'')", [version])?;
        let id = tx.last_insert_rowid();
        tx.execute("UPDATE presentation_log SET sealed = ?1 WHERE id = ?2", params![seal(id, version), id])?;
        tx.commit()?;
        Ok(id)
    }

    pub fn log_entries(&self) -> Result<Vec<SealedRow>, WalletError> {
        let mut stmt = self.conn.prepare("SELECT id, schema_version, sealed FROM presentation_log ORDER BY id")?;
        let rows = stmt.query_map([], sealed_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    pub fn delete_log_entry(&self, id: i64) -> Result<(), WalletError> {
        match self.conn.execute("DELETE FROM presentation_log WHERE id = ?1", [id])? {
            0 => Err(WalletError::LogEntryNotFound(id)),
            _ => Ok(()),
        }
    }

    pub fn clear_log(&self) -> Result<(), WalletError> {
        self.conn.execute("DELETE FROM presentation_log", [])?;
        Ok(())
    }

    /// Every holder key row (for the integrity report).
    pub fn holder_keys(&self) -> Result<Vec<(SealedRow, Vec<u8>)>, WalletError> {
        let mut stmt =
            self.conn.prepare("SELECT id, schema_version, sealed, public_key FROM holder_keys ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((sealed_row(r)?, blob(r, 3)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Erases every row (zeroed by `secure_delete`), folds the WAL into the file and closes it.
    pub fn erase_and_close(mut self) -> Result<(), WalletError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut tables = vec!["credentials", "holder_keys", "data_key", "unlock_state", "wallet"];
        if self.schema_version >= 2 {
            tables.push("presentation_log");
        }
        if self.schema_version >= 3 {
            tables.push("issuance_grants");
        }
        for table in tables {
            tx.execute(&format!("DELETE FROM {table}"), [])?;
        }
        tx.commit()?;
        self.checkpoint()?;
        self.conn.close().map_err(|(_, e)| WalletError::from(e))
    }
}

fn configure(conn: &Connection) -> Result<(), WalletError> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // FULL: a commit survives power loss, not only a killed process. Writes are rare and small.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Deleted records are overwritten with zeros, not left in free pages.
    conn.pragma_update(None, "secure_delete", true)?;
    Ok(())
}

fn user_version(conn: &Connection) -> Result<u32, WalletError> {
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    u32::try_from(v).map_err(|_| WalletError::Corrupt(format!("schema version {v}")))
}

fn apply_migrations(tx: &Transaction<'_>, from: u32, to: u32) -> Result<(), WalletError> {
    for version in from + 1..=to {
        tx.execute_batch(MIGRATIONS[version as usize - 1])?;
    }
    tx.pragma_update(None, "user_version", to)?;
    Ok(())
}

fn write_data_key(conn: &Connection, key: &WrappedDataKey, now: i64) -> Result<(), WalletError> {
    let pin = key.pin.as_ref();
    conn.execute(
        "INSERT OR REPLACE INTO data_key
         (id, protection, kdf_memory_kib, kdf_iterations, kdf_parallelism, kdf_salt, wrapped, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            key.protection.as_str(),
            pin.map(|p| p.kdf.memory_kib),
            pin.map(|p| p.kdf.iterations),
            pin.map(|p| p.kdf.parallelism),
            pin.map(|p| p.salt.as_slice()),
            key.wrapped,
            now
        ],
    )?;
    Ok(())
}

fn reanchored_unlock_state(conn: &Connection, now: i64) -> Result<UnlockState, WalletError> {
    let mut state = read_unlock_state(conn)?;
    if state.last_failure_at.is_some_and(|last| now < last) {
        conn.execute("UPDATE unlock_state SET last_failure_at = ?1 WHERE id = 1", [now])?;
        state.last_failure_at = Some(now);
    }
    Ok(state)
}

fn read_unlock_state(conn: &Connection) -> Result<UnlockState, WalletError> {
    let (failed, last, free, delays, max, wiped_at): (i64, Option<i64>, i64, String, Option<i64>, Option<i64>) = conn
        .query_row(
        "SELECT failed_attempts, last_failure_at, free_attempts, delays_secs, max_failed_unlocks, wiped_at
             FROM unlock_state WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )?;
    let corrupt = || WalletError::Corrupt("unlock_state holds an out-of-range counter".into());
    Ok(UnlockState {
        failed_attempts: u32::try_from(failed).map_err(|_| corrupt())?,
        last_failure_at: last,
        delays: UnlockDelays::decode(free, &delays)?,
        max_failed_unlocks: max.map(|m| u32::try_from(m).map_err(|_| corrupt())).transpose()?,
        wiped: wiped_at.is_some(),
    })
}

fn sealed_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SealedRow> {
    let schema_version = int(r, 1)?.and_then(|v| u32::try_from(v).ok());
    Ok(SealedRow { id: r.get(0)?, schema_version, sealed: blob(r, 2)? })
}

fn credential_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CredentialRow> {
    Ok(CredentialRow { row: sealed_row(r)?, holder_key_id: int(r, 3)?, imported_at: int(r, 4)? })
}

fn int(r: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<i64>> {
    Ok(match r.get_ref(index)? {
        ValueRef::Integer(i) => Some(i),
        _ => None,
    })
}

fn blob(r: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Vec<u8>> {
    Ok(match r.get_ref(index)? {
        ValueRef::Blob(b) => b.to_vec(),
        _ => Vec::new(),
    })
}
