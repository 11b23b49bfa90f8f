-- +goose Up
CREATE TABLE boundary_partners (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id    BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    organisation_id   BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    name              TEXT NOT NULL,
    outcome_challenge TEXT NOT NULL DEFAULT '',
    created_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (partnership_id, name)
);

CREATE TABLE progress_markers (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id      BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    boundary_partner_id BIGINT NOT NULL REFERENCES boundary_partners(id) ON DELETE CASCADE,
    level               TEXT NOT NULL CHECK (level IN ('expect','like','love')),
    position            INTEGER NOT NULL DEFAULT 0,
    text_nl             TEXT NOT NULL,
    text_fr             TEXT NOT NULL DEFAULT '',
    text_en             TEXT NOT NULL DEFAULT '',
    retired_at          DATETIME,
    retired_by          BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX progress_markers_bp ON progress_markers (boundary_partner_id, level, position);

-- Every version of a marker's wording, the first one included: the history of edits.
CREATE TABLE progress_marker_revisions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    marker_id  BIGINT NOT NULL REFERENCES progress_markers(id) ON DELETE CASCADE,
    level      TEXT NOT NULL,
    text_nl    TEXT NOT NULL,
    text_fr    TEXT NOT NULL DEFAULT '',
    text_en    TEXT NOT NULL DEFAULT '',
    changed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    changed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX progress_marker_revisions_marker ON progress_marker_revisions (marker_id, id);

CREATE TABLE monitoring_periods (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    label          TEXT NOT NULL,
    starts_on      DATETIME NOT NULL,
    ends_on        DATETIME NOT NULL,
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX monitoring_periods_partnership ON monitoring_periods (partnership_id, starts_on);

CREATE TABLE outcome_journals (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id      BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    boundary_partner_id BIGINT NOT NULL REFERENCES boundary_partners(id) ON DELETE CASCADE,
    period_id           BIGINT NOT NULL REFERENCES monitoring_periods(id) ON DELETE CASCADE,
    unanticipated       TEXT NOT NULL DEFAULT '',
    lessons             TEXT NOT NULL DEFAULT '',
    programme_changes   TEXT NOT NULL DEFAULT '',
    updated_by          BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (boundary_partner_id, period_id)
);

CREATE TABLE journal_entries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    journal_id  BIGINT NOT NULL REFERENCES outcome_journals(id) ON DELETE CASCADE,
    marker_id   BIGINT NOT NULL REFERENCES progress_markers(id) ON DELETE CASCADE,
    rating      TEXT NOT NULL CHECK (rating IN ('not_observed','low','medium','high')),
    description TEXT NOT NULL DEFAULT '',
    evidence    TEXT NOT NULL DEFAULT '',
    factors     TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    recorded_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (journal_id, marker_id)
);
CREATE INDEX journal_entries_marker ON journal_entries (marker_id);

-- Harvested outcomes that support a marker. outcome_id has no foreign key: the harvest
-- tables belong to another package and may not exist yet.
CREATE TABLE marker_outcome_links (
    marker_id      BIGINT NOT NULL REFERENCES progress_markers(id) ON DELETE CASCADE,
    outcome_id     BIGINT NOT NULL,
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    created_by     BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (marker_id, outcome_id)
);

-- +goose Down
DROP TABLE marker_outcome_links;
DROP TABLE journal_entries;
DROP TABLE outcome_journals;
DROP TABLE monitoring_periods;
DROP TABLE progress_marker_revisions;
DROP TABLE progress_markers;
DROP TABLE boundary_partners;
