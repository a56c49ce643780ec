-- Schema 1: the wallet's identity, its wrapped data key, unlock throttling, holder keys, credentials.
-- Every secret lives in a `sealed` column: nonce || AES-256-GCM(DEK, plaintext, AAD) || tag, with
-- the AAD naming wallet, table, row id and the `schema_version` the row was written under.
-- FORMAT.md "Storage" describes every column.

CREATE TABLE wallet (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    wallet_id  BLOB    NOT NULL CHECK (length(wallet_id) = 16),
    created_at INTEGER NOT NULL
) STRICT;

-- The data key, wrapped by the PIN's Argon2id key, by the platform key wrapper, or both
-- (PIN wrap inside the platform wrap). The KDF columns are NULL without a PIN.
CREATE TABLE data_key (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    protection      TEXT    NOT NULL CHECK (protection IN ('pin', 'device', 'pin+device')),
    kdf_memory_kib  INTEGER,
    kdf_iterations  INTEGER,
    kdf_parallelism INTEGER,
    kdf_salt        BLOB,
    wrapped         BLOB    NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;

-- Failed PIN attempts survive restarts; the policy is fixed at creation.
CREATE TABLE unlock_state (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    failed_attempts    INTEGER NOT NULL DEFAULT 0,
    last_failure_at    INTEGER,
    free_attempts      INTEGER NOT NULL,
    delays_secs        TEXT    NOT NULL,
    max_failed_unlocks INTEGER,
    wiped_at           INTEGER
) STRICT;

-- Ed25519 holder keys: the public key in clear (for issuance requests while locked), the secret sealed.
CREATE TABLE holder_keys (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    public_key     BLOB    NOT NULL UNIQUE CHECK (length(public_key) = 32),
    created_at     INTEGER NOT NULL,
    schema_version INTEGER NOT NULL,
    sealed         BLOB    NOT NULL
) STRICT;

-- Issued SD-CWT credentials, sealed whole (claim names and values alike).
CREATE TABLE credentials (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    holder_key_id  INTEGER NOT NULL REFERENCES holder_keys (id),
    imported_at    INTEGER NOT NULL,
    schema_version INTEGER NOT NULL,
    sealed         BLOB    NOT NULL
) STRICT;
