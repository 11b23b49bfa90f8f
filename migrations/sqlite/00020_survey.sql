-- +goose Up
-- Forms: a partnership's own forms, and built-in forms (partnership_id NULL, builtin set)
-- offered to every partnership. The editable working copy is a JSON definition (draft);
-- publishing copies it into survey_form_versions, frozen.
CREATE TABLE survey_forms (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id INTEGER REFERENCES partnerships(id) ON DELETE CASCADE,
    builtin        TEXT NOT NULL DEFAULT '',
    kind           TEXT NOT NULL CHECK (kind IN ('reflection','custom')),
    name           TEXT NOT NULL,
    draft          TEXT NOT NULL,
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX survey_forms_builtin ON survey_forms (builtin) WHERE builtin <> '';
CREATE INDEX survey_forms_partnership ON survey_forms (partnership_id);

CREATE TABLE survey_form_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    form_id      INTEGER NOT NULL REFERENCES survey_forms(id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    definition   TEXT NOT NULL,
    published_at DATETIME NOT NULL,
    published_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (form_id, version)
);

-- A row means a coordinator confirmed the form's texts in that language; editing a
-- text in that language removes the row again.
CREATE TABLE survey_translation_checks (
    form_id    INTEGER NOT NULL REFERENCES survey_forms(id) ON DELETE CASCADE,
    language   TEXT NOT NULL,
    checked_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    checked_at DATETIME NOT NULL,
    PRIMARY KEY (form_id, language)
);

-- Audio prompts a coordinator recorded per question and language.
CREATE TABLE survey_prompts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    form_id     INTEGER NOT NULL REFERENCES survey_forms(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    language    TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    mime        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (form_id, question_id, language)
);

CREATE TABLE survey_rounds (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id    INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    form_id           INTEGER NOT NULL REFERENCES survey_forms(id),
    form_version_id   INTEGER NOT NULL REFERENCES survey_form_versions(id),
    title             TEXT NOT NULL,
    group_name        TEXT NOT NULL DEFAULT '',
    code              TEXT NOT NULL UNIQUE,
    opens_at          DATETIME NOT NULL,
    closes_at         DATETIME,
    closed_at         DATETIME,
    anonymous_allowed BOOLEAN NOT NULL DEFAULT FALSE,
    created_by        INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX survey_rounds_partnership ON survey_rounds (partnership_id, opens_at);

-- Voice answers, stored as files under <data dir>/uploads; client_id is the tablet's UUID.
CREATE TABLE survey_attachments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id      TEXT NOT NULL UNIQUE,
    round_id       INTEGER NOT NULL REFERENCES survey_rounds(id) ON DELETE CASCADE,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    file_name      TEXT NOT NULL,
    mime           TEXT NOT NULL,
    size           INTEGER NOT NULL,
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- client_id is unique: a retried submission (from any Oogst process) finds the first.
CREATE TABLE survey_responses (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id       TEXT NOT NULL UNIQUE,
    round_id        INTEGER NOT NULL REFERENCES survey_rounds(id) ON DELETE CASCADE,
    partnership_id  INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    form_version_id INTEGER NOT NULL REFERENCES survey_form_versions(id),
    cursist_id      INTEGER REFERENCES cursists(id) ON DELETE SET NULL,
    language        TEXT NOT NULL,
    answers         TEXT NOT NULL,
    consent_version TEXT NOT NULL DEFAULT '',
    submitted_at    DATETIME NOT NULL,
    created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX survey_responses_round ON survey_responses (round_id, submitted_at);
CREATE INDEX survey_responses_cursist ON survey_responses (cursist_id);

-- +goose Down
DROP TABLE survey_responses;
DROP TABLE survey_attachments;
DROP TABLE survey_rounds;
DROP TABLE survey_prompts;
DROP TABLE survey_translation_checks;
DROP TABLE survey_form_versions;
DROP TABLE survey_forms;
