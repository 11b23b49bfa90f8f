-- +goose Up
-- A partnership's own consent text, versioned: every save makes a new version, so a
-- cursist's recorded consent_version always names the exact words she agreed to.
CREATE TABLE consent_texts (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    version        TEXT NOT NULL,
    language       TEXT NOT NULL,
    text           TEXT NOT NULL,
    created_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (partnership_id, version, language)
);
CREATE INDEX consent_texts_current ON consent_texts (partnership_id, created_at);

-- +goose Down
DROP TABLE consent_texts;
