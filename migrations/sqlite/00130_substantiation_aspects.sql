-- +goose Up
-- Substantiation asks about three aspects (the description, the significance and the
-- contribution), each agree / partly / disagree / don't know with a comment; the overall
-- agreement stays as the summary of the three. A request may be e-mailed (the address is
-- kept only until the answer, for one reminder) in the language chosen for the person;
-- link_nonce lets the server rebuild the link for that reminder (only its hash is stored).
-- SQLite cannot change a CHECK constraint: the table is rebuilt (nothing refers to it).
CREATE TABLE substantiations_new (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    outcome_id             INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    partnership_id         INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    name                   TEXT NOT NULL,
    role                   TEXT NOT NULL DEFAULT '',
    token_hash             TEXT NOT NULL UNIQUE,
    created_by             INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at             DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at             DATETIME NOT NULL,
    answered_at            DATETIME,
    agreement              TEXT NOT NULL DEFAULT '' CHECK (agreement IN ('','agree','partly','disagree','dont_know')),
    comment                TEXT NOT NULL DEFAULT '',
    description_agreement  TEXT NOT NULL DEFAULT '' CHECK (description_agreement IN ('','agree','partly','disagree','dont_know')),
    description_comment    TEXT NOT NULL DEFAULT '',
    significance_agreement TEXT NOT NULL DEFAULT '' CHECK (significance_agreement IN ('','agree','partly','disagree','dont_know')),
    significance_comment   TEXT NOT NULL DEFAULT '',
    contribution_agreement TEXT NOT NULL DEFAULT '' CHECK (contribution_agreement IN ('','agree','partly','disagree','dont_know')),
    contribution_comment   TEXT NOT NULL DEFAULT '',
    email                  TEXT NOT NULL DEFAULT '',
    language               TEXT NOT NULL DEFAULT 'nl',
    link_nonce             TEXT NOT NULL DEFAULT '',
    reminded_at            DATETIME
);
INSERT INTO substantiations_new (id, outcome_id, partnership_id, name, role, token_hash, created_by, created_at, expires_at, answered_at, agreement, comment)
    SELECT id, outcome_id, partnership_id, name, role, token_hash, created_by, created_at, expires_at, answered_at, agreement, comment FROM substantiations;
DROP TABLE substantiations;
ALTER TABLE substantiations_new RENAME TO substantiations;
CREATE INDEX substantiations_outcome ON substantiations (outcome_id);

-- +goose Down
CREATE TABLE substantiations_old (
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
INSERT INTO substantiations_old (id, outcome_id, partnership_id, name, role, token_hash, created_by, created_at, expires_at, answered_at, agreement, comment)
    SELECT id, outcome_id, partnership_id, name, role, token_hash, created_by, created_at, expires_at, answered_at,
           CASE agreement WHEN 'dont_know' THEN '' ELSE agreement END, comment FROM substantiations;
DROP TABLE substantiations;
ALTER TABLE substantiations_old RENAME TO substantiations;
CREATE INDEX substantiations_outcome ON substantiations (outcome_id);
