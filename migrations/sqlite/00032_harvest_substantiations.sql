-- +goose Up
-- Substantiation: a reviewer asks an independent person (no account) through a personal,
-- expiring link whether they agree with an outcome. Only the token's hash is stored.
CREATE TABLE substantiations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    outcome_id     INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL DEFAULT '',
    token_hash     TEXT NOT NULL UNIQUE,
    created_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at     DATETIME NOT NULL,
    answered_at    DATETIME,
    agreement      TEXT NOT NULL DEFAULT '' CHECK (agreement IN ('','agree','partly','disagree')),
    comment        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX substantiations_outcome ON substantiations (outcome_id);

-- +goose Down
DROP TABLE substantiations;
