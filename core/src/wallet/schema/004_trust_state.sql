-- Schema 4: the signed trust state (FORMAT.md "Signed trust"): the accepted trust bundles as one
-- CBOR array (anchor-changing links, then the current bundle). Kept in clear: bundles are public,
-- signed by a trust anchor and carry nothing personal; they are re-verified from the app's pinned
-- anchors every time they are read. `seq` is the newest sequence number accepted.

CREATE TABLE trust_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    seq        INTEGER NOT NULL,
    chain      BLOB    NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
