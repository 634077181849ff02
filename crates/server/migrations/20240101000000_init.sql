-- Every publication of an edition is a revision kept forever; a rollback publishes a copy
-- of an old revision as a new one. Plain SQL types so PostgreSQL could take over.
CREATE TABLE revisions (
    edition      VARCHAR(80) NOT NULL,
    revision     INTEGER     NOT NULL,
    document     TEXT        NOT NULL,
    -- RFC 3339 in UTC with milliseconds: sorts as text, reads the same everywhere.
    published_at VARCHAR(40) NOT NULL,
    note         TEXT,
    -- Two publishers racing for the same number: the second insert fails, nothing is lost.
    PRIMARY KEY (edition, revision)
);

-- One row per acknowledged opinion; the client's idempotency key makes retries harmless.
CREATE TABLE feedback (
    idempotency_key VARCHAR(36) NOT NULL PRIMARY KEY,
    edition         VARCHAR(80) NOT NULL,
    target          VARCHAR(80) NOT NULL,
    rating          SMALLINT    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment         TEXT,
    body_hash       CHAR(64)    NOT NULL,
    received_at     VARCHAR(40) NOT NULL
);

CREATE INDEX feedback_by_edition ON feedback (edition, received_at);
