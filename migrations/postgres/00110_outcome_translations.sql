-- +goose Up
-- The languages a partnership reads its stories in (nl, fr or both for Brussels); no
-- row means Dutch. Owned by harvest.
CREATE TABLE partnership_working_languages (
    partnership_id BIGINT PRIMARY KEY REFERENCES partnerships(id) ON DELETE CASCADE,
    languages      TEXT NOT NULL DEFAULT 'nl',
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A translation of an outcome's story into one working language, kept beside the
-- original. origin says who wrote it; a machine draft counts as unchecked until
-- checked_at is set. summary is the reviewer's summary in that language (the Dutch one
-- stays in outcomes.summary_nl).
CREATE TABLE outcome_translations (
    outcome_id        BIGINT NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    lang              TEXT NOT NULL CHECK (lang IN ('nl','fr')),
    change_text       TEXT NOT NULL DEFAULT '',
    significance_text TEXT NOT NULL DEFAULT '',
    contribution_text TEXT NOT NULL DEFAULT '',
    summary           TEXT NOT NULL DEFAULT '',
    origin            TEXT NOT NULL CHECK (origin IN ('machine','human')),
    service           TEXT NOT NULL DEFAULT '',
    checked_by        BIGINT REFERENCES users(id) ON DELETE SET NULL,
    checked_at        TIMESTAMPTZ,
    updated_by        BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    version           INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (outcome_id, lang)
);

-- Machine drafts to fetch: one row per outcome and target language, kept until the
-- draft is stored (then deleted) or the attempts run out (state failed). Stored so a
-- restart resumes where it was.
CREATE TABLE translation_jobs (
    outcome_id  BIGINT NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     TIMESTAMPTZ NOT NULL,
    last_error  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (outcome_id, lang)
);
CREATE INDEX translation_jobs_due ON translation_jobs (state, next_at);

-- One row: how far the worker has looked for new outcomes (scanned_id; outcomes made
-- before this migration are not drafted) and the service's last success and error for
-- the admin page.
CREATE TABLE translation_status (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    scanned_id    BIGINT NOT NULL DEFAULT 0,
    last_success  TIMESTAMPTZ,
    last_error    TEXT NOT NULL DEFAULT '',
    last_error_at TIMESTAMPTZ
);
INSERT INTO translation_status (id, scanned_id) SELECT 1, COALESCE(MAX(id), 0) FROM outcomes;

-- A voice answer's transcript, typed by staff or drafted by a speech-to-text service.
-- attachment_id is the survey's voice answer (no foreign key: the survey owns that
-- table and retention deletes its files on its own schedule).
CREATE TABLE voice_transcripts (
    outcome_id    BIGINT NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    attachment_id BIGINT NOT NULL,
    text          TEXT NOT NULL DEFAULT '',
    origin        TEXT NOT NULL CHECK (origin IN ('machine','human')),
    updated_by    BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    version       INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (outcome_id, attachment_id)
);

-- Transcripts to fetch, as translation_jobs; the status row keeps the transcription
-- service's scan position and last success and error beside the translation service's.
CREATE TABLE transcription_jobs (
    outcome_id    BIGINT NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    attachment_id BIGINT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_at       TIMESTAMPTZ NOT NULL,
    last_error    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (outcome_id, attachment_id)
);
CREATE INDEX transcription_jobs_due ON transcription_jobs (state, next_at);
ALTER TABLE translation_status ADD COLUMN voice_scanned_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE translation_status ADD COLUMN voice_last_success TIMESTAMPTZ;
ALTER TABLE translation_status ADD COLUMN voice_last_error TEXT NOT NULL DEFAULT '';
ALTER TABLE translation_status ADD COLUMN voice_last_error_at TIMESTAMPTZ;
UPDATE translation_status SET voice_scanned_id = scanned_id;

-- +goose Down
DROP TABLE transcription_jobs;
DROP TABLE voice_transcripts;
DROP TABLE translation_status;
DROP TABLE translation_jobs;
DROP TABLE outcome_translations;
DROP TABLE partnership_working_languages;
