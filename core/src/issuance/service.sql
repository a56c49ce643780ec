-- Issuer service state (FORMAT.md "Issuance profile"). Codes and tokens are stored as SHA-256
-- hashes only: a copy of this file gives no usable code or token.

CREATE TABLE IF NOT EXISTS settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- One citizen's entitlement, from an operator's offer: what to issue, until revoked.
CREATE TABLE IF NOT EXISTS grants (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    record_json TEXT    NOT NULL,
    doc_types   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
) STRICT;

CREATE TABLE IF NOT EXISTS offers (
    code_hash    BLOB    PRIMARY KEY,
    grant_id     INTEGER NOT NULL REFERENCES grants (id),
    tx_code_hash BLOB,
    tx_failures  INTEGER NOT NULL DEFAULT 0,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER
) STRICT;

CREATE TABLE IF NOT EXISTS access_tokens (
    token_hash   BLOB    PRIMARY KEY,
    grant_id     INTEGER NOT NULL REFERENCES grants (id),
    refresh_hash BLOB,
    expires_at   INTEGER NOT NULL,
    -- comma-separated configuration ids already issued with this token (one batch each)
    used_configs TEXT    NOT NULL DEFAULT ''
) STRICT;

-- c_nonce values: one use each; kept until expiry so that a replay is told apart from a stranger.
CREATE TABLE IF NOT EXISTS nonces (
    nonce      TEXT    PRIMARY KEY,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;

-- Refresh tokens, bound to the wallet key of the first proof made under them.
CREATE TABLE IF NOT EXISTS refresh_tokens (
    token_hash BLOB    PRIMARY KEY,
    grant_id   INTEGER NOT NULL REFERENCES grants (id),
    wallet_key BLOB,
    expires_at INTEGER NOT NULL
) STRICT;

-- Status list indexes handed out (random, never reused), per grant, for revocation.
CREATE TABLE IF NOT EXISTS status_entries (
    idx       INTEGER PRIMARY KEY,
    grant_id  INTEGER NOT NULL REFERENCES grants (id),
    issued_at INTEGER NOT NULL
) STRICT;
