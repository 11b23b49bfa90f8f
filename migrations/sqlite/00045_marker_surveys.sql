-- +goose Up
-- A marker survey: a boundary partner's markers for one period, sent as a survey round
-- to staff of the partner organisation. round_id points into the survey tables without
-- a foreign key: markers only learns of the round through survey's hook.
CREATE TABLE marker_surveys (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id      BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    boundary_partner_id BIGINT NOT NULL REFERENCES boundary_partners(id) ON DELETE CASCADE,
    period_id           BIGINT NOT NULL REFERENCES monitoring_periods(id) ON DELETE CASCADE,
    round_id            BIGINT NOT NULL UNIQUE,
    code                TEXT NOT NULL,
    organisation        TEXT NOT NULL,
    closes_at           DATETIME NOT NULL,
    created_by          BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX marker_surveys_journal ON marker_surveys (boundary_partner_id, period_id);

-- One answer of a partner's staff member about one marker: a proposal the coordinator
-- accepts (possibly edited) into the journal, or rejects.
CREATE TABLE marker_proposals (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id      BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    survey_id           BIGINT NOT NULL REFERENCES marker_surveys(id) ON DELETE CASCADE,
    boundary_partner_id BIGINT NOT NULL REFERENCES boundary_partners(id) ON DELETE CASCADE,
    period_id           BIGINT NOT NULL REFERENCES monitoring_periods(id) ON DELETE CASCADE,
    marker_id           BIGINT NOT NULL REFERENCES progress_markers(id) ON DELETE CASCADE,
    response_id         BIGINT NOT NULL,
    rating              TEXT NOT NULL CHECK (rating IN ('not_observed','low','medium','high')),
    text                TEXT NOT NULL DEFAULT '',
    respondent          TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','accepted','rejected')),
    accepted_rating     TEXT NOT NULL DEFAULT '',
    accepted_text       TEXT NOT NULL DEFAULT '',
    decided_by          BIGINT REFERENCES users(id) ON DELETE SET NULL,
    decided_at          DATETIME,
    created_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (response_id, marker_id)
);
CREATE INDEX marker_proposals_journal ON marker_proposals (boundary_partner_id, period_id, status);

-- +goose Down
DROP TABLE marker_proposals;
DROP TABLE marker_surveys;
