-- +goose Up
-- Outcome Mapping's other two journals, kept by the partnership per monitoring period:
-- the strategy journal (per building block: what was done, what effects were seen, what
-- to change) and the performance journal (per organisational practice of the
-- partnership). A journal's "programme changes" can become an adjustment, which then
-- follows the steering-meeting loop; adjustment_id remembers which.
CREATE TABLE partnership_journals (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id    BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    period_id         BIGINT NOT NULL REFERENCES monitoring_periods(id) ON DELETE CASCADE,
    kind              TEXT NOT NULL CHECK (kind IN ('strategy','performance')),
    lessons           TEXT NOT NULL DEFAULT '',
    programme_changes TEXT NOT NULL DEFAULT '',
    adjustment_id     BIGINT REFERENCES adjustments(id) ON DELETE SET NULL,
    version           BIGINT NOT NULL DEFAULT 1,
    updated_by        BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (partnership_id, period_id, kind)
);
CREATE INDEX partnership_journals_period ON partnership_journals (period_id);

CREATE TABLE partnership_journal_items (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    journal_id BIGINT NOT NULL REFERENCES partnership_journals(id) ON DELETE CASCADE,
    topic      TEXT NOT NULL,
    done       TEXT NOT NULL DEFAULT '',
    effects    TEXT NOT NULL DEFAULT '',
    to_change  TEXT NOT NULL DEFAULT '',
    UNIQUE (journal_id, topic)
);

-- +goose Down
DROP TABLE partnership_journal_items;
DROP TABLE partnership_journals;
