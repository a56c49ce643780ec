-- Schema 2: the presentation log, for the citizen's own record of what was shown to whom.
-- Each entry (time, expiry, credential id, audience, disclosed claim NAMES, never values) is sealed
-- like every other record; no column is in clear except the row id.

CREATE TABLE presentation_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    schema_version INTEGER NOT NULL,
    sealed         BLOB    NOT NULL
) STRICT;
