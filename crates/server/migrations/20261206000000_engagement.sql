-- « Je veux m'engager » (issue #21): visitors' requests to be contacted by a stand's
-- association, the keys withdrawn, the counts kept for the bilan and the associations'
-- private links. New tables only; times as RFC 3339 text in UTC with milliseconds.

-- One row per request held. `key_hash` is the SHA-256 (hex) of the visitor's idempotency
-- key, which is also the secret that withdraws the request: the key itself is not kept.
-- `body_hash` tells a retry from a reuse of the key. A row goes when the visitor withdraws
-- it or when its edition's retention period is over.
CREATE TABLE contact_requests (
    id           INTEGER      PRIMARY KEY AUTOINCREMENT,
    edition      VARCHAR(80)  NOT NULL,
    stand        VARCHAR(80)  NOT NULL,
    key_hash     CHAR(64)     NOT NULL UNIQUE,
    body_hash    CHAR(64)     NOT NULL,
    first_name   VARCHAR(160) NOT NULL,
    contact      VARCHAR(254) NOT NULL,
    -- JSON arrays: moment codes ("weekdays"…) and mission titles.
    moments      TEXT         NOT NULL,
    missions     TEXT         NOT NULL,
    message      TEXT         NOT NULL,
    received_at  VARCHAR(40)  NOT NULL,
    contacted_at VARCHAR(40)
);

CREATE INDEX contact_requests_by_stand ON contact_requests (edition, stand, received_at);
CREATE INDEX contact_requests_by_time ON contact_requests (edition, received_at);

-- Keys withdrawn: a request that arrives after its withdrawal (a phone's outbox) stores
-- nothing. Kept as long as requests are.
CREATE TABLE contact_withdrawals (
    key_hash     CHAR(64)    NOT NULL PRIMARY KEY,
    withdrawn_at VARCHAR(40) NOT NULL
);

CREATE INDEX contact_withdrawals_by_time ON contact_withdrawals (withdrawn_at);

-- Requests received and not withdrawn, per stand, for the bilan: they stay when the
-- requests themselves expire.
CREATE TABLE contact_counts (
    edition  VARCHAR(80) NOT NULL,
    stand    VARCHAR(80) NOT NULL,
    received INTEGER     NOT NULL DEFAULT 0 CHECK (received >= 0),
    PRIMARY KEY (edition, stand)
);

-- Each association's private link to its requests, one per stand at most: a new one
-- replaces it. Kept as made, so the organizers can print it again.
CREATE TABLE association_links (
    edition    VARCHAR(80) NOT NULL,
    stand      VARCHAR(80) NOT NULL,
    token      VARCHAR(64) NOT NULL,
    created_at VARCHAR(40) NOT NULL,
    PRIMARY KEY (edition, stand)
);
