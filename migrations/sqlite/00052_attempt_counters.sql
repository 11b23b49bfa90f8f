-- +goose Up
-- One counter row per rate-limit key, bumped with a single INSERT … ON CONFLICT …
-- RETURNING: parallel requests cannot all read "below the limit" before any of them
-- writes, as they could with one row per failure counted afterwards. Times are Unix
-- milliseconds so both dialects compare them alike.
DROP TABLE attempts;
CREATE TABLE attempt_counters (
    key          TEXT PRIMARY KEY,
    count        INTEGER NOT NULL,
    window_start BIGINT NOT NULL,
    last_at      BIGINT NOT NULL
);
CREATE INDEX attempt_counters_window ON attempt_counters (window_start);

-- +goose Down
DROP TABLE attempt_counters;
CREATE TABLE attempts (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    key  TEXT NOT NULL,
    at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX attempts_key_at ON attempts (key, at);
