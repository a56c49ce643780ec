-- Schema 3: what the wallet keeps to refresh its credentials without new identity proofing. One
-- row per issuance grant: the issuer, the credential configuration, the refresh token (a secret)
-- and the holder public key the token is bound to, all sealed; nothing in clear but the row id.

CREATE TABLE issuance_grants (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    schema_version INTEGER NOT NULL,
    sealed         BLOB    NOT NULL
) STRICT;
