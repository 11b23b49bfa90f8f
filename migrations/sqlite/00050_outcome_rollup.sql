-- +goose Up
-- The dashboard's counts, kept up to date by triggers; see the PostgreSQL migration for
-- the design. SQLite has only row-level triggers: each one appends its signed delta, and
-- harvest.CompactRollup folds them into outcome_rollup.
CREATE TABLE outcome_rollup (
    partnership_id INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('outcome','block','code')),
    round_id       INTEGER NOT NULL DEFAULT 0,
    round_title    TEXT NOT NULL DEFAULT '',
    group_name     TEXT NOT NULL DEFAULT '',
    month          TEXT NOT NULL DEFAULT '',
    sign           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT '',
    block          TEXT NOT NULL DEFAULT '',
    code_id        INTEGER NOT NULL DEFAULT 0,
    n              INTEGER NOT NULL DEFAULT 0,
    responses      INTEGER NOT NULL DEFAULT 0,
    first_at       DATETIME,
    PRIMARY KEY (partnership_id, kind, round_id, group_name, round_title, month, sign, status, block, code_id)
);

CREATE TABLE outcome_rollup_delta (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    round_id       INTEGER NOT NULL DEFAULT 0,
    round_title    TEXT NOT NULL DEFAULT '',
    group_name     TEXT NOT NULL DEFAULT '',
    month          TEXT NOT NULL DEFAULT '',
    sign           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT '',
    block          TEXT NOT NULL DEFAULT '',
    code_id        INTEGER NOT NULL DEFAULT 0,
    n              INTEGER NOT NULL DEFAULT 0,
    responses      INTEGER NOT NULL DEFAULT 0,
    first_at       DATETIME
);
CREATE INDEX outcome_rollup_delta_partnership ON outcome_rollup_delta (partnership_id, kind);

-- +goose StatementBegin
CREATE TRIGGER outcomes_rollup_insert AFTER INSERT ON outcomes WHEN NEW.status <> 'excluded' BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, round_title, group_name, month, sign, status, n, responses, first_at)
    VALUES (NEW.partnership_id, 'outcome', COALESCE(NEW.round_id, 0), NEW.round_title, NEW.group_name, strftime('%Y-%m', NEW.submitted_at),
            NEW.sign, NEW.status, 1, NEW.response_id IS NOT NULL, NEW.submitted_at);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcomes_rollup_update AFTER UPDATE OF partnership_id, round_id, round_title, group_name, submitted_at, sign, status, response_id ON outcomes
WHEN OLD.partnership_id IS NOT NEW.partnership_id OR OLD.round_id IS NOT NEW.round_id OR OLD.round_title IS NOT NEW.round_title
  OR OLD.group_name IS NOT NEW.group_name OR strftime('%Y-%m', OLD.submitted_at) IS NOT strftime('%Y-%m', NEW.submitted_at)
  OR OLD.sign IS NOT NEW.sign OR OLD.status IS NOT NEW.status OR OLD.response_id IS NOT NEW.response_id
BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, round_title, group_name, month, sign, status, n, responses)
    SELECT OLD.partnership_id, 'outcome', COALESCE(OLD.round_id, 0), OLD.round_title, OLD.group_name, strftime('%Y-%m', OLD.submitted_at),
           OLD.sign, OLD.status, -1, -(OLD.response_id IS NOT NULL)
    WHERE OLD.status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, round_title, group_name, month, sign, status, n, responses, first_at)
    SELECT NEW.partnership_id, 'outcome', COALESCE(NEW.round_id, 0), NEW.round_title, NEW.group_name, strftime('%Y-%m', NEW.submitted_at),
           NEW.sign, NEW.status, 1, NEW.response_id IS NOT NULL, NEW.submitted_at
    WHERE NEW.status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcomes_rollup_update_blocks AFTER UPDATE OF partnership_id, round_id, group_name, status ON outcomes
WHEN OLD.partnership_id IS NOT NEW.partnership_id OR OLD.round_id IS NOT NEW.round_id OR OLD.group_name IS NOT NEW.group_name
  OR (OLD.status = 'excluded') IS NOT (NEW.status = 'excluded')
BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, n)
    SELECT OLD.partnership_id, 'block', COALESCE(OLD.round_id, 0), OLD.group_name, block, -1
    FROM outcome_blocks WHERE outcome_id = OLD.id AND OLD.status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, n)
    SELECT NEW.partnership_id, 'block', COALESCE(NEW.round_id, 0), NEW.group_name, block, 1
    FROM outcome_blocks WHERE outcome_id = NEW.id AND NEW.status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcomes_rollup_update_codes AFTER UPDATE OF partnership_id, round_id, group_name, sign, status ON outcomes
WHEN OLD.partnership_id IS NOT NEW.partnership_id OR OLD.round_id IS NOT NEW.round_id OR OLD.group_name IS NOT NEW.group_name
  OR OLD.sign IS NOT NEW.sign OR (OLD.status = 'excluded') IS NOT (NEW.status = 'excluded')
BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, code_id, n)
    SELECT OLD.partnership_id, 'code', COALESCE(OLD.round_id, 0), OLD.group_name, OLD.sign, code_id, -1
    FROM outcome_code_links WHERE outcome_id = OLD.id AND OLD.status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, code_id, n)
    SELECT NEW.partnership_id, 'code', COALESCE(NEW.round_id, 0), NEW.group_name, NEW.sign, code_id, 1
    FROM outcome_code_links WHERE outcome_id = NEW.id AND NEW.status <> 'excluded';
END;
-- +goose StatementEnd

-- A deleted outcome: its building blocks and codes go first, while the outcome still
-- exists, so their own triggers take them out; then the outcome itself.
-- +goose StatementBegin
CREATE TRIGGER outcomes_rollup_delete BEFORE DELETE ON outcomes BEGIN
    DELETE FROM outcome_blocks WHERE outcome_id = OLD.id;
    DELETE FROM outcome_code_links WHERE outcome_id = OLD.id;
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, round_title, group_name, month, sign, status, n, responses)
    SELECT OLD.partnership_id, 'outcome', COALESCE(OLD.round_id, 0), OLD.round_title, OLD.group_name, strftime('%Y-%m', OLD.submitted_at),
           OLD.sign, OLD.status, -1, -(OLD.response_id IS NOT NULL)
    WHERE OLD.status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_blocks_rollup_insert AFTER INSERT ON outcome_blocks BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, n)
    SELECT partnership_id, 'block', COALESCE(round_id, 0), group_name, NEW.block, 1
    FROM outcomes WHERE id = NEW.outcome_id AND status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_blocks_rollup_delete AFTER DELETE ON outcome_blocks BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, n)
    SELECT partnership_id, 'block', COALESCE(round_id, 0), group_name, OLD.block, -1
    FROM outcomes WHERE id = OLD.outcome_id AND status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_blocks_rollup_update AFTER UPDATE ON outcome_blocks BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, n)
    SELECT partnership_id, 'block', COALESCE(round_id, 0), group_name, OLD.block, -1
    FROM outcomes WHERE id = OLD.outcome_id AND status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, n)
    SELECT partnership_id, 'block', COALESCE(round_id, 0), group_name, NEW.block, 1
    FROM outcomes WHERE id = NEW.outcome_id AND status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_code_links_rollup_insert AFTER INSERT ON outcome_code_links BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, code_id, n)
    SELECT partnership_id, 'code', COALESCE(round_id, 0), group_name, sign, NEW.code_id, 1
    FROM outcomes WHERE id = NEW.outcome_id AND status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_code_links_rollup_delete AFTER DELETE ON outcome_code_links BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, code_id, n)
    SELECT partnership_id, 'code', COALESCE(round_id, 0), group_name, sign, OLD.code_id, -1
    FROM outcomes WHERE id = OLD.outcome_id AND status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_code_links_rollup_update AFTER UPDATE ON outcome_code_links BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, code_id, n)
    SELECT partnership_id, 'code', COALESCE(round_id, 0), group_name, sign, OLD.code_id, -1
    FROM outcomes WHERE id = OLD.outcome_id AND status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, code_id, n)
    SELECT partnership_id, 'code', COALESCE(round_id, 0), group_name, sign, NEW.code_id, 1
    FROM outcomes WHERE id = NEW.outcome_id AND status <> 'excluded';
END;
-- +goose StatementEnd

-- The outcomes already there.
INSERT INTO outcome_rollup (partnership_id, kind, round_id, round_title, group_name, month, sign, status, n, responses, first_at)
SELECT partnership_id, 'outcome', COALESCE(round_id, 0), round_title, group_name, strftime('%Y-%m', submitted_at), sign, status,
       count(*), count(response_id), min(submitted_at)
FROM outcomes WHERE status <> 'excluded'
GROUP BY 1, 3, 4, 5, 6, 7, 8;
INSERT INTO outcome_rollup (partnership_id, kind, round_id, group_name, block, n)
SELECT o.partnership_id, 'block', COALESCE(o.round_id, 0), o.group_name, b.block, count(*)
FROM outcome_blocks b JOIN outcomes o ON o.id = b.outcome_id WHERE o.status <> 'excluded'
GROUP BY 1, 3, 4, 5;
INSERT INTO outcome_rollup (partnership_id, kind, round_id, group_name, sign, code_id, n)
SELECT o.partnership_id, 'code', COALESCE(o.round_id, 0), o.group_name, o.sign, l.code_id, count(*)
FROM outcome_code_links l JOIN outcomes o ON o.id = l.outcome_id WHERE o.status <> 'excluded'
GROUP BY 1, 3, 4, 5, 6;

-- +goose Down
DROP TRIGGER outcome_code_links_rollup_update;
DROP TRIGGER outcome_code_links_rollup_delete;
DROP TRIGGER outcome_code_links_rollup_insert;
DROP TRIGGER outcome_blocks_rollup_update;
DROP TRIGGER outcome_blocks_rollup_delete;
DROP TRIGGER outcome_blocks_rollup_insert;
DROP TRIGGER outcomes_rollup_delete;
DROP TRIGGER outcomes_rollup_update_codes;
DROP TRIGGER outcomes_rollup_update_blocks;
DROP TRIGGER outcomes_rollup_update;
DROP TRIGGER outcomes_rollup_insert;
DROP TABLE outcome_rollup_delta;
DROP TABLE outcome_rollup;
