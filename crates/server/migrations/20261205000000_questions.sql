-- Questions from the floor (issue #20). New tables only, so nothing existing changes; same
-- conventions as before: plain SQL types, times as RFC 3339 text in UTC with milliseconds.

-- One row per question. `fold_key` is the normalized text a repeat is recognized by;
-- `device` is the random id of the phone that asked first, kept as sent.
CREATE TABLE questions (
    id          INTEGER      PRIMARY KEY AUTOINCREMENT,
    edition     VARCHAR(80)  NOT NULL,
    session     VARCHAR(80)  NOT NULL,
    device      VARCHAR(64)  NOT NULL,
    text        TEXT         NOT NULL,
    first_name  VARCHAR(160),
    fold_key    TEXT         NOT NULL,
    status      VARCHAR(20)  NOT NULL
        CHECK (status IN ('en_attente', 'acceptee', 'repondue', 'non_retenue', 'fusionnee')),
    -- Why a moderator did not keep it: for moderators only, never shown to attendees.
    reason      TEXT,
    pinned      SMALLINT     NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    merged_into INTEGER      REFERENCES questions (id),
    asked_at    VARCHAR(40)  NOT NULL,
    answered_at VARCHAR(40)
);

CREATE INDEX questions_by_session ON questions (edition, session, status);
CREATE INDEX questions_by_fold ON questions (edition, session, fold_key);
-- At most one pinned question per session.
CREATE UNIQUE INDEX questions_one_pinned ON questions (edition, session) WHERE pinned = 1;

-- Every acknowledged ask, by its idempotency key: a retry finds the question it made, and
-- a repeat folded into an earlier question still tells its device which one is theirs.
CREATE TABLE question_asks (
    idempotency_key VARCHAR(36) NOT NULL PRIMARY KEY,
    question_id     INTEGER     NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    device          VARCHAR(64) NOT NULL,
    body_hash       CHAR(64)    NOT NULL,
    asked_at        VARCHAR(40) NOT NULL
);

CREATE INDEX question_asks_by_device ON question_asks (device);
CREATE INDEX question_asks_by_question ON question_asks (question_id);

-- "Moi aussi": one row per device and question, so a device counts once.
CREATE TABLE question_supports (
    question_id  INTEGER     NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    device       VARCHAR(64) NOT NULL,
    supported_at VARCHAR(40) NOT NULL,
    PRIMARY KEY (question_id, device)
);

CREATE INDEX question_supports_by_device ON question_supports (device);

-- What the live stream sent, in order: written in the same transaction as the change, so
-- an event exists exactly when its change does, and a reconnecting client resumes after
-- the last id it saw. `audience` is 'public' or 'moderation'.
CREATE TABLE question_events (
    id           INTEGER     PRIMARY KEY AUTOINCREMENT,
    edition      VARCHAR(80) NOT NULL,
    session      VARCHAR(80) NOT NULL,
    audience     VARCHAR(20) NOT NULL CHECK (audience IN ('public', 'moderation')),
    data         TEXT        NOT NULL,
    committed_at VARCHAR(40) NOT NULL
);

CREATE INDEX question_events_by_session ON question_events (edition, session, id);

-- Below which id a session's events were pruned: a client asking to resume from before it
-- gets the whole state again.
CREATE TABLE question_feeds (
    edition     VARCHAR(80) NOT NULL,
    session     VARCHAR(80) NOT NULL,
    pruned_upto INTEGER     NOT NULL,
    PRIMARY KEY (edition, session)
);

-- Every moderation action: who (an account's name, or "jeton") and when.
CREATE TABLE question_actions (
    id          INTEGER     PRIMARY KEY AUTOINCREMENT,
    edition     VARCHAR(80) NOT NULL,
    session     VARCHAR(80) NOT NULL,
    question_id INTEGER,
    action      VARCHAR(20) NOT NULL,
    detail      TEXT,
    done_by     TEXT        NOT NULL,
    done_at     VARCHAR(40) NOT NULL
);

CREATE INDEX question_actions_by_session ON question_actions (edition, session, id);
