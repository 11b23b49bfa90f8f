-- +goose Up
-- Steering meetings: prepared by a coordinator, outcomes discussed one by one.
CREATE TABLE meetings (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    title          TEXT NOT NULL DEFAULT '',
    held_at        DATETIME NOT NULL,
    participants   TEXT NOT NULL DEFAULT '',
    created_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX meetings_partnership ON meetings (partnership_id, held_at);

CREATE TABLE meeting_outcomes (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL DEFAULT 0,
    notes      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, outcome_id)
);

-- Adjustments (bijsturing) decided in a meeting, prompted by outcomes.
CREATE TABLE adjustments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    meeting_id     INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    description    TEXT NOT NULL,
    owner          TEXT NOT NULL DEFAULT '',
    block          TEXT NOT NULL DEFAULT '' CHECK (block IN ('','partnership','outreach','guidance','training','workplace','aftercare')),
    due_on         DATETIME,
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','dropped')),
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX adjustments_partnership_status ON adjustments (partnership_id, status);

CREATE TABLE adjustment_outcomes (
    adjustment_id INTEGER NOT NULL REFERENCES adjustments(id) ON DELETE CASCADE,
    outcome_id    INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    PRIMARY KEY (adjustment_id, outcome_id)
);

-- +goose Down
DROP TABLE adjustment_outcomes;
DROP TABLE adjustments;
DROP TABLE meeting_outcomes;
DROP TABLE meetings;
