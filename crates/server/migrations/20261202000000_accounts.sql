-- The organizers' accounts (issue #17). Same conventions as the first migration: plain SQL
-- types, times as RFC 3339 text in UTC with milliseconds (they sort as text), and only the
-- SHA-256 of a secret token is ever stored.

CREATE TABLE accounts (
    -- A random UUID, made by the server.
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    name            VARCHAR(120) NOT NULL,
    -- As typed; `email_key` is its lower-case form, so one address has one account
    -- whatever the case it is written in.
    email           VARCHAR(254) NOT NULL,
    email_key       VARCHAR(254) NOT NULL UNIQUE,
    role            VARCHAR(20)  NOT NULL CHECK (role IN ('organisateur', 'moderation')),
    -- Argon2id PHC string; none until the one-time link is used.
    password_hash   TEXT,
    disabled        SMALLINT     NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at      VARCHAR(40)  NOT NULL,
    last_sign_in_at VARCHAR(40)
);

-- The links that let a person choose a password: valid once, for 72 hours.
CREATE TABLE password_links (
    token_hash CHAR(64)    NOT NULL PRIMARY KEY,
    account_id VARCHAR(36) NOT NULL REFERENCES accounts (id),
    created_at VARCHAR(40) NOT NULL,
    expires_at VARCHAR(40) NOT NULL,
    used_at    VARCHAR(40)
);

CREATE INDEX password_links_by_account ON password_links (account_id);

-- Signed-in browsers: 12 hours from sign-in, however active.
CREATE TABLE sessions (
    token_hash CHAR(64)    NOT NULL PRIMARY KEY,
    account_id VARCHAR(36) NOT NULL REFERENCES accounts (id),
    created_at VARCHAR(40) NOT NULL,
    expires_at VARCHAR(40) NOT NULL
);

CREATE INDEX sessions_by_account ON sessions (account_id);

-- Failed sign-ins of the last 15 minutes, by subject: 'compte:<email_key>' or
-- 'adresse:<client address>'. They slow the next attempts down; they never lock anyone out.
CREATE TABLE sign_in_failures (
    subject   VARCHAR(300) NOT NULL,
    failed_at VARCHAR(40)  NOT NULL
);

CREATE INDEX sign_in_failures_by_subject ON sign_in_failures (subject, failed_at);
CREATE INDEX sign_in_failures_by_time ON sign_in_failures (failed_at);

-- Who published a revision: an account's name, "jeton" (the bearer token) or
-- "ligne de commande"; none for editions loaded from the seed folder, and for the
-- revisions published before this column existed.
ALTER TABLE revisions ADD COLUMN published_by TEXT;
