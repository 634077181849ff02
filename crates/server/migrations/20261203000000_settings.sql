-- The choices the organizers make for the whole server, one row per setting; for now only
-- 'current_edition', the edition attendees see (PUT /api/admin/current). A new table, so
-- nothing existing changes; same conventions as before: plain SQL types, times as RFC 3339
-- text in UTC with milliseconds.
CREATE TABLE settings (
    name       VARCHAR(80) NOT NULL PRIMARY KEY,
    value      TEXT        NOT NULL,
    -- When and by whom (an account's name or "jeton") it was last set.
    updated_at VARCHAR(40) NOT NULL,
    updated_by TEXT
);
