-- +goose Up
-- One person, one draft: minutes without a touch before the tablet asks "are you still
-- there?" and then forgets the draft (stored in seconds so tests can use a short one).
ALTER TABLE survey_rounds ADD COLUMN idle_seconds INTEGER NOT NULL DEFAULT 180;

-- A reflection begun while the round was open and received after it closed (within
-- the grace period, proved by a signed start token) is stored and marked late;
-- accepted_by names the coordinator who accepted it from the undeliverable list.
ALTER TABLE survey_responses ADD COLUMN late BOOLEAN NOT NULL DEFAULT FALSE;
-- (No REFERENCES here: SQLite cannot drop a column that is in a foreign key.)
ALTER TABLE survey_responses ADD COLUMN accepted_by INTEGER;

-- Keys the server signs with (the tablet's start token), shared by every process.
CREATE TABLE server_secrets (
    name       TEXT PRIMARY KEY,
    secret     TEXT NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Reflections the server refused for good, reported by the tablet with the reason, for
-- the round's coordinator to accept or discard. payload is the tablet's submission.
CREATE TABLE survey_undeliverable (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id      TEXT NOT NULL UNIQUE,
    round_id       INTEGER NOT NULL REFERENCES survey_rounds(id) ON DELETE CASCADE,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    payload        TEXT NOT NULL,
    reason         TEXT NOT NULL,
    created_at     DATETIME NOT NULL,
    resolved_at    DATETIME,
    resolved_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    resolution     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX survey_undeliverable_round ON survey_undeliverable (round_id, resolved_at);

-- +goose Down
DROP TABLE survey_undeliverable;
DROP TABLE server_secrets;
ALTER TABLE survey_responses DROP COLUMN accepted_by;
ALTER TABLE survey_responses DROP COLUMN late;
ALTER TABLE survey_rounds DROP COLUMN idle_seconds;
