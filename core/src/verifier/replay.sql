-- Replay cache of accepted presentations, schema version 1 (PRAGMA user_version).
-- One row per presentation accepted and still within its lifetime; rows past keep_until are purged.
CREATE TABLE IF NOT EXISTS seen_presentation (
    id            BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 32), -- SHA-256 of the holder signature
    keep_until    INTEGER NOT NULL, -- presentation exp + clock skew, Unix seconds
    first_seen_at INTEGER NOT NULL  -- when it was accepted, Unix seconds
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS seen_presentation_by_keep_until ON seen_presentation (keep_until);

-- The row count, kept by triggers so the capacity check is O(1) even with a million rows.
CREATE TABLE IF NOT EXISTS seen_count (n INTEGER NOT NULL);
INSERT INTO seen_count (n) SELECT count(*) FROM seen_presentation WHERE NOT EXISTS (SELECT 1 FROM seen_count);

CREATE TRIGGER IF NOT EXISTS seen_presentation_inserted AFTER INSERT ON seen_presentation
BEGIN
    UPDATE seen_count SET n = n + 1;
END;

CREATE TRIGGER IF NOT EXISTS seen_presentation_deleted AFTER DELETE ON seen_presentation
BEGIN
    UPDATE seen_count SET n = n - 1;
END;
