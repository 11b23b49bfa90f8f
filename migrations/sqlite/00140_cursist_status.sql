-- +goose Up
-- A cursist's status beyond the classroom; see the PostgreSQL migration for the design.
-- SQLite has only row-level triggers: each one adds or takes away its one outcome.
ALTER TABLE cursists ADD COLUMN status TEXT NOT NULL DEFAULT 'in_training'
    CHECK (status IN ('in_training','paused','stopped','finished'));
ALTER TABLE cursists ADD COLUMN status_detail TEXT NOT NULL DEFAULT '';
ALTER TABLE cursists ADD COLUMN status_since DATE;
CREATE INDEX cursists_status ON cursists (partnership_id, status, status_detail);

CREATE TABLE cursist_statuses (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    cursist_id     INTEGER NOT NULL REFERENCES cursists(id) ON DELETE CASCADE,
    status         TEXT NOT NULL CHECK (status IN ('in_training','paused','stopped','finished')),
    detail         TEXT NOT NULL DEFAULT '',
    effective_on   DATE NOT NULL,
    set_by         INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX cursist_statuses_cursist ON cursist_statuses (cursist_id, effective_on, id);

CREATE TABLE cursist_outcome_tally (
    partnership_id INTEGER NOT NULL,
    cursist_id     INTEGER NOT NULL,
    round_id       INTEGER NOT NULL DEFAULT 0,
    group_name     TEXT NOT NULL DEFAULT '',
    n              INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (partnership_id, cursist_id, round_id, group_name)
);

-- +goose StatementBegin
CREATE TRIGGER outcomes_cursist_tally_insert AFTER INSERT ON outcomes
WHEN NEW.cursist_id IS NOT NULL AND NEW.status <> 'excluded' BEGIN
    INSERT INTO cursist_outcome_tally (partnership_id, cursist_id, round_id, group_name, n)
    VALUES (NEW.partnership_id, NEW.cursist_id, COALESCE(NEW.round_id, 0), NEW.group_name, 1)
    ON CONFLICT (partnership_id, cursist_id, round_id, group_name) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcomes_cursist_tally_update AFTER UPDATE OF partnership_id, cursist_id, round_id, group_name, status ON outcomes
WHEN OLD.partnership_id IS NOT NEW.partnership_id OR OLD.cursist_id IS NOT NEW.cursist_id OR OLD.round_id IS NOT NEW.round_id
  OR OLD.group_name IS NOT NEW.group_name OR (OLD.status = 'excluded') IS NOT (NEW.status = 'excluded')
BEGIN
    INSERT INTO cursist_outcome_tally (partnership_id, cursist_id, round_id, group_name, n)
    SELECT OLD.partnership_id, OLD.cursist_id, COALESCE(OLD.round_id, 0), OLD.group_name, -1
    WHERE OLD.cursist_id IS NOT NULL AND OLD.status <> 'excluded'
    ON CONFLICT (partnership_id, cursist_id, round_id, group_name) DO UPDATE SET n = n - 1;
    INSERT INTO cursist_outcome_tally (partnership_id, cursist_id, round_id, group_name, n)
    SELECT NEW.partnership_id, NEW.cursist_id, COALESCE(NEW.round_id, 0), NEW.group_name, 1
    WHERE NEW.cursist_id IS NOT NULL AND NEW.status <> 'excluded'
    ON CONFLICT (partnership_id, cursist_id, round_id, group_name) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcomes_cursist_tally_delete AFTER DELETE ON outcomes
WHEN OLD.cursist_id IS NOT NULL AND OLD.status <> 'excluded' BEGIN
    INSERT INTO cursist_outcome_tally (partnership_id, cursist_id, round_id, group_name, n)
    VALUES (OLD.partnership_id, OLD.cursist_id, COALESCE(OLD.round_id, 0), OLD.group_name, -1)
    ON CONFLICT (partnership_id, cursist_id, round_id, group_name) DO UPDATE SET n = n - 1;
END;
-- +goose StatementEnd

INSERT INTO cursist_outcome_tally (partnership_id, cursist_id, round_id, group_name, n)
SELECT partnership_id, cursist_id, COALESCE(round_id, 0), group_name, count(*)
FROM outcomes WHERE cursist_id IS NOT NULL AND status <> 'excluded'
GROUP BY 1, 2, 3, 4;

-- +goose Down
DROP TRIGGER outcomes_cursist_tally_delete;
DROP TRIGGER outcomes_cursist_tally_update;
DROP TRIGGER outcomes_cursist_tally_insert;
DROP TABLE cursist_outcome_tally;
DROP TABLE cursist_statuses;
DROP INDEX cursists_status;
ALTER TABLE cursists DROP COLUMN status_since;
ALTER TABLE cursists DROP COLUMN status_detail;
ALTER TABLE cursists DROP COLUMN status;
