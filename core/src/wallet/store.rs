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
use super::error::{StorageError, WalletError};
use super::kdf::KdfParams;
use super::lockout::{Times, UnlockDelays, UnlockState};
use super::protect::{PinWrapParams, Protection, WrappedDataKey};

/// `PRAGMA application_id` of a wallet file: "CWLT".
pub(crate) const APPLICATION_ID: i32 = 0x4357_4C54;

/// Forward migrations, applied in order; the index + 1 is the schema version each one produces.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("schema/001_init.sql"),
    include_str!("schema/002_presentation_log.sql"),
    include_str!("schema/003_issuance_grants.sql"),
    include_str!("schema/004_trust_state.sql"),
    include_str!("schema/005_unlock_uptime.sql"),
    include_str!("schema/006_platform_holder_keys.sql"),
];
/// The first schema with `unlock_state.last_failure_uptime`.
const UPTIME_SCHEMA: u32 = 5;
/// The first schema with `platform_holder_keys`.
const PLATFORM_KEYS_SCHEMA: u32 = 6;
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
        // Made empty and private (0600) first: SQLite would create it with the umask's mode
        // (often 0644), and gives its -wal / -shm / -journal files the database file's mode.
        create_private_file(path)?;
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
        // Identify the file before writing anything to it (its mode included).
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
        // A wallet made by an older build may be 0644: tighten it and its side files.
        make_private(path)?;
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
        read_unlock_state(&self.conn, self.schema_version >= UPTIME_SCHEMA)
    }

    /// Seconds until a PIN attempt is accepted. A clock set back before the last failure re-anchors
    /// the wait at `now`, so that it cannot last until the clock catches up.
    pub fn pending_wait(&mut self, times: Times) -> Result<u64, WalletError> {
        let has_uptime = self.schema_version >= UPTIME_SCHEMA;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let state = reanchored_unlock_state(&tx, times, has_uptime)?;
        tx.commit()?;
        Ok(state.retry_after(times))
    }

    /// Records one more failed attempt *before* the PIN is tried, unless a wait is pending; returns
    /// the state with this attempt counted. Committed on return, so a crash counts as a failure.
    pub fn begin_pin_attempt(&mut self, times: Times) -> Result<UnlockState, WalletError> {
        let has_uptime = self.schema_version >= UPTIME_SCHEMA;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut state = reanchored_unlock_state(&tx, times, has_uptime)?;
        if state.wiped {
            return Err(WalletError::Wiped);
        }
        let wait = state.retry_after(times);
        if wait > 0 {
            tx.commit()?;
            return Err(WalletError::LockedOut { retry_after_secs: wait });
        }
        state.failed_attempts = state.failed_attempts.saturating_add(1);
        state.last_failure_at = Some(times.now);
        state.last_failure_uptime = times.uptime;
        tx.execute(
            "UPDATE unlock_state SET failed_attempts = ?1, last_failure_at = ?2 WHERE id = 1",
            params![state.failed_attempts, times.now],
        )?;
        if has_uptime {
            tx.execute("UPDATE unlock_state SET last_failure_uptime = ?1 WHERE id = 1", [uptime_column(times.uptime)])?;
        }
        tx.commit()?;
        Ok(state)
    }

    /// The right PIN: forget the failures.
    pub fn reset_failures(&self) -> Result<(), WalletError> {
        self.conn.execute("UPDATE unlock_state SET failed_attempts = 0, last_failure_at = NULL WHERE id = 1", [])?;
        if self.schema_version >= UPTIME_SCHEMA {
            self.conn.execute("UPDATE unlock_state SET last_failure_uptime = NULL WHERE id = 1", [])?;
        }
        Ok(())
    }

    /// Erases every key and record (with `secure_delete` on, freed pages are zeroed), marks the
    /// wallet wiped and truncates the WAL so no old page survives there.
    pub fn wipe(&mut self, now: i64) -> Result<(), WalletError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if self.schema_version >= PLATFORM_KEYS_SCHEMA {
            tx.execute("DELETE FROM platform_holder_keys", [])?;
        }
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

    /// Moves the WAL into the main file and truncates it. SQLite reports (rather than fails) a
    /// checkpoint it could not finish because another connection is reading; that is an error
    /// here, since old pages would survive in the WAL.
    pub fn checkpoint(&self) -> Result<(), WalletError> {
        let busy: i64 = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(WalletError::Storage(StorageError::other(
                "the WAL could not be truncated: another connection is using the wallet file",
            )));
        }
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

    /// Replaces the data key by a new one in one transaction: every sealed record is handed to
    /// `reseal(table, row, clear AAD columns)`, which opens it with the old key and seals it with
    /// the new one (`None`: a record the old key cannot open either, left as it is: it stays
    /// reported as damaged), then the new wrap replaces the old. `secure_delete` zeroes the old
    /// cells and the WAL is checkpointed and truncated, so no old wrap or record survives in
    /// either file.
    pub fn rotate_data_key(
        &mut self,
        key: &WrappedDataKey,
        now: i64,
        mut reseal: impl FnMut(&'static str, &SealedRow, &[u8]) -> Option<Vec<u8>>,
    ) -> Result<(), WalletError> {
        let has_log = self.schema_version >= 2;
        let has_grants = self.schema_version >= 3;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut update = |table: &'static str, row: &SealedRow, columns: &[u8]| -> Result<(), WalletError> {
            if let Some(sealed) = reseal(table, row, columns) {
                tx.execute(&format!("UPDATE {table} SET sealed = ?1 WHERE id = ?2"), params![sealed, row.id])?;
            }
            Ok(())
        };
        // Holder keys in secure hardware (schema 6) are sealed here too: their alias and public key
        // are the sealed part of their `holder_keys` row (`platform_holder_keys` holds only clear copies).
        for (row, public) in query_holder_keys(&tx)? {
            update(HOLDER_KEYS, &row, &public)?;
        }
        for row in query_credentials(&tx)? {
            // A row with a doctored clear column cannot be opened; it is left as it is.
            let (Some(holder_key_id), Some(imported_at)) = (row.holder_key_id, row.imported_at) else { continue };
            update(CREDENTIALS, &row.row, &credential_columns(holder_key_id, imported_at))?;
        }
        if has_log {
            for row in query_log_entries(&tx)? {
                update(PRESENTATION_LOG, &row, &[])?;
            }
        }
        if has_grants {
            // Every sealed table must be here: a table left out would be unreadable after a PIN change.
            let mut stmt = tx.prepare("SELECT id, schema_version, sealed FROM issuance_grants ORDER BY id")?;
            let rows = stmt.query_map([], sealed_row)?.collect::<Result<Vec<_>, _>>()?;
            drop(stmt);
            for row in rows {
                update(ISSUANCE_GRANTS, &row, &[])?;
            }
        }
        write_data_key(&tx, key, now)?;
        tx.commit()?;
        self.checkpoint()
    }

    /// The holder key a credential bound to `public_key` would use, if this wallet has it.
    pub fn holder_key_id(&self, public_key: &[u8; 32]) -> Result<Option<i64>, WalletError> {
        Ok(self
            .conn
            .query_row("SELECT id FROM holder_keys WHERE public_key = ?1", [&public_key[..]], |r| r.get(0))
            .optional()?)
    }

    /// The alias and SEC1 public key of a holder key kept in secure hardware; `None` for a software key.
    pub fn platform_holder_key(&self, holder_key_id: i64) -> Result<Option<(String, Vec<u8>)>, WalletError> {
        if self.schema_version < PLATFORM_KEYS_SCHEMA {
            return Ok(None);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT alias, public_key FROM platform_holder_keys WHERE holder_key_id = ?1",
                [holder_key_id],
                |r| Ok((r.get::<_, String>(0)?, blob(r, 1)?)),
            )
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

    /// Adds a holder key kept in secure hardware: its `holder_keys` row (`column` = thumbprint,
    /// `seal(id, schema_version)` = the sealed alias and key) and its `platform_holder_keys` row,
    /// in one transaction. It becomes the current holder key.
    pub fn insert_platform_holder_key(
        &mut self,
        column: &[u8; 32],
        alias: &str,
        public_key: &[u8],
        created_at: i64,
        seal: impl FnOnce(i64, u32) -> Vec<u8>,
    ) -> Result<i64, WalletError> {
        if self.schema_version < PLATFORM_KEYS_SCHEMA {
            return Err(WalletError::Corrupt("the wallet schema has no platform holder keys".into()));
        }
        let version = self.schema_version;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO holder_keys (public_key, created_at, schema_version, sealed) VALUES (?1, ?2, ?3, x'')",
            params![&column[..], created_at, version],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute("UPDATE holder_keys SET sealed = ?1 WHERE id = ?2", params![seal(id, version), id])?;
        tx.execute(
            "INSERT INTO platform_holder_keys (holder_key_id, alias, public_key) VALUES (?1, ?2, ?3)",
            params![id, alias, public_key],
        )?;
        tx.commit()?;
        Ok(id)
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
        query_credentials(&self.conn)
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
        query_log_entries(&self.conn)
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
    /// The saved trust chain and its sequence number, if a bundle was ever accepted.
    pub fn trust_state(&self) -> Result<Option<(u64, Vec<u8>)>, WalletError> {
        let row: Option<(i64, Vec<u8>)> = self
            .conn
            .query_row("SELECT seq, chain FROM trust_state WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        row.map(|(seq, chain)| {
            let seq = u64::try_from(seq).map_err(|_| WalletError::Corrupt("trust_state.seq is negative".into()))?;
            Ok((seq, chain))
        })
        .transpose()
    }

    /// Replaces the saved trust chain in one statement (a refused bundle never gets here).
    pub fn put_trust_state(&self, seq: u64, chain: &[u8], now: i64) -> Result<(), WalletError> {
        let seq = i64::try_from(seq).map_err(|_| WalletError::InvalidSettings("trust bundle seq above 2^63".into()))?;
        self.conn.execute(
            "INSERT INTO trust_state (id, seq, chain, updated_at) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, chain = excluded.chain, updated_at = excluded.updated_at",
            params![seq, chain, now],
        )?;
        Ok(())
    }

    pub fn holder_keys(&self) -> Result<Vec<(SealedRow, Vec<u8>)>, WalletError> {
        query_holder_keys(&self.conn)
    }

    /// Erases every row (zeroed by `secure_delete`), folds the WAL into the file and closes it.
    pub fn erase_and_close(mut self) -> Result<(), WalletError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut tables = vec!["credentials"];
        if self.schema_version >= PLATFORM_KEYS_SCHEMA {
            tables.push("platform_holder_keys");
        }
        tables.extend(["holder_keys", "data_key", "unlock_state", "wallet"]);
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

/// Creates `path` empty with mode 0600 (on Unix), failing if it exists.
fn create_private_file(path: &Path) -> Result<(), WalletError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop).map_err(|e| WalletError::Storage(StorageError::io(path, e)))
}

/// Sets mode 0600 on the wallet file and whichever of its side files exist (on Unix).
fn make_private(path: &Path) -> Result<(), WalletError> {
    #[cfg(unix)]
    for suffix in ["", "-wal", "-shm", "-journal"] {
        use std::os::unix::fs::PermissionsExt;
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = std::path::PathBuf::from(name);
        match std::fs::metadata(&file) {
            Ok(meta) if meta.permissions().mode() & 0o077 != 0 => {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                    .map_err(|e| WalletError::Storage(StorageError::io(&file, e)))?;
            }
            _ => {}
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// The clear columns of a credential row, bound into its AAD.
pub(crate) fn credential_columns(holder_key_id: i64, imported_at: i64) -> [u8; 16] {
    let mut columns = [0u8; 16];
    columns[..8].copy_from_slice(&holder_key_id.to_be_bytes());
    columns[8..].copy_from_slice(&imported_at.to_be_bytes());
    columns
}

fn query_credentials(conn: &Connection) -> Result<Vec<CredentialRow>, WalletError> {
    let mut stmt =
        conn.prepare("SELECT id, schema_version, sealed, holder_key_id, imported_at FROM credentials ORDER BY id")?;
    let rows = stmt.query_map([], credential_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn query_holder_keys(conn: &Connection) -> Result<Vec<(SealedRow, Vec<u8>)>, WalletError> {
    let mut stmt = conn.prepare("SELECT id, schema_version, sealed, public_key FROM holder_keys ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((sealed_row(r)?, blob(r, 3)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn query_log_entries(conn: &Connection) -> Result<Vec<SealedRow>, WalletError> {
    let mut stmt = conn.prepare("SELECT id, schema_version, sealed FROM presentation_log ORDER BY id")?;
    let rows = stmt.query_map([], sealed_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
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

/// The unlock state, its failure time re-anchored at `times` when a clock went back: the wall
/// clock set back before the last failure, or the monotonic clock lower than at the last failure
/// (a reboot). The wait then starts again from now; it never ends early.
fn reanchored_unlock_state(conn: &Connection, times: Times, has_uptime: bool) -> Result<UnlockState, WalletError> {
    let mut state = read_unlock_state(conn, has_uptime)?;
    let Some(last) = state.last_failure_at else { return Ok(state) };
    let wall_back = times.now < last;
    let rebooted = matches!((state.last_failure_uptime, times.uptime), (Some(then), Some(now)) if now < then);
    let first_uptime = has_uptime && state.last_failure_uptime.is_none() && times.uptime.is_some();
    if wall_back || rebooted {
        conn.execute("UPDATE unlock_state SET last_failure_at = ?1 WHERE id = 1", [times.now])?;
        state.last_failure_at = Some(times.now);
    }
    if has_uptime && (wall_back || rebooted || first_uptime) {
        // From here on the wait is also measured on the monotonic clock.
        conn.execute("UPDATE unlock_state SET last_failure_uptime = ?1 WHERE id = 1", [uptime_column(times.uptime)])?;
        state.last_failure_uptime = times.uptime;
    }
    Ok(state)
}

fn uptime_column(uptime: Option<u64>) -> Option<i64> {
    uptime.map(|u| i64::try_from(u).unwrap_or(i64::MAX))
}

fn read_unlock_state(conn: &Connection, has_uptime: bool) -> Result<UnlockState, WalletError> {
    let (failed, last, free, delays, max, wiped_at): (i64, Option<i64>, i64, String, Option<i64>, Option<i64>) = conn
        .query_row(
        "SELECT failed_attempts, last_failure_at, free_attempts, delays_secs, max_failed_unlocks, wiped_at
             FROM unlock_state WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )?;
    let uptime: Option<i64> = if has_uptime {
        conn.query_row("SELECT last_failure_uptime FROM unlock_state WHERE id = 1", [], |r| r.get(0))?
    } else {
        None
    };
    let corrupt = || WalletError::Corrupt("unlock_state holds an out-of-range counter".into());
    Ok(UnlockState {
        failed_attempts: u32::try_from(failed).map_err(|_| corrupt())?,
        last_failure_at: last,
        last_failure_uptime: uptime.map(|u| u64::try_from(u).map_err(|_| corrupt())).transpose()?,
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
