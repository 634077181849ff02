-- What attendees send for the bilan (issue #19): their answers to the questionnaire and the
-- sessions they bookmarked. New tables only, so nothing existing changes; same conventions
-- as before: plain SQL types, times as RFC 3339 text in UTC with milliseconds.

-- One row per acknowledged set of answers, stored whole; the client's idempotency key makes
-- retries harmless, as for the feedback. `version` is the questionnaire version the answers
-- were given to: the questionnaire itself is read from the edition's revisions, kept forever.
CREATE TABLE responses (
    idempotency_key VARCHAR(36) NOT NULL PRIMARY KEY,
    edition         VARCHAR(80) NOT NULL,
    version         INTEGER     NOT NULL,
    -- JSON object: question id → 1 to 5, an option or a text, or the options ticked.
    answers         TEXT        NOT NULL,
    body_hash       CHAR(64)    NOT NULL,
    received_at     VARCHAR(40) NOT NULL
);

CREATE INDEX responses_by_edition ON responses (edition, received_at);

-- The sessions each device bookmarked. The device id is the random one the app made, kept
-- as sent; nothing else about the device or its address is stored. A device replaces its
-- whole set at once, and can withdraw it.
CREATE TABLE interest (
    edition VARCHAR(80) NOT NULL,
    device  VARCHAR(64) NOT NULL,
    session VARCHAR(80) NOT NULL,
    PRIMARY KEY (edition, device, session)
);

CREATE INDEX interest_by_device ON interest (device);
