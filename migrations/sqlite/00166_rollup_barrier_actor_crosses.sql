-- +goose Up
-- Two more cross-tables for the analysis view; see the PostgreSQL migration. SQLite
-- cannot add a key column in place: the folded table is rebuilt with actor.
CREATE TABLE outcome_rollup_next (
    partnership_id INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('outcome','block','code','barrier','code_block','code_barrier','actor')),
    round_id       INTEGER NOT NULL DEFAULT 0,
    round_title    TEXT NOT NULL DEFAULT '',
    group_name     TEXT NOT NULL DEFAULT '',
    month          TEXT NOT NULL DEFAULT '',
    sign           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT '',
    block          TEXT NOT NULL DEFAULT '',
    code_id        INTEGER NOT NULL DEFAULT 0,
    barrier_id     INTEGER NOT NULL DEFAULT 0,
    actor          TEXT NOT NULL DEFAULT '',
    n              INTEGER NOT NULL DEFAULT 0,
    responses      INTEGER NOT NULL DEFAULT 0,
    first_at       DATETIME,
    PRIMARY KEY (partnership_id, kind, round_id, group_name, round_title, month, sign, status, block, code_id, barrier_id, actor)
);
INSERT INTO outcome_rollup_next (partnership_id, kind, round_id, round_title, group_name, month, sign, status, block, code_id, barrier_id, n, responses, first_at) SELECT partnership_id, kind, round_id, round_title, group_name, month, sign, status, block, code_id, barrier_id, n, responses, first_at FROM outcome_rollup;
DROP TABLE outcome_rollup;
ALTER TABLE outcome_rollup_next RENAME TO outcome_rollup;
ALTER TABLE outcome_rollup_delta ADD COLUMN actor TEXT NOT NULL DEFAULT '';

-- +goose StatementBegin
CREATE TRIGGER outcomes_rollup_insert_actor AFTER INSERT ON outcomes WHEN NEW.status <> 'excluded' BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, actor, n)
    SELECT NEW.partnership_id, 'actor', COALESCE(NEW.round_id, 0), NEW.group_name, NEW.sign, NEW.actor, 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcomes_rollup_update_actor AFTER UPDATE OF partnership_id, round_id, group_name, sign, status, actor ON outcomes
WHEN OLD.partnership_id IS NOT NEW.partnership_id OR OLD.round_id IS NOT NEW.round_id OR OLD.group_name IS NOT NEW.group_name
  OR OLD.sign IS NOT NEW.sign OR OLD.actor IS NOT NEW.actor OR (OLD.status = 'excluded') IS NOT (NEW.status = 'excluded')
BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, actor, n)
    SELECT OLD.partnership_id, 'actor', COALESCE(OLD.round_id, 0), OLD.group_name, OLD.sign, OLD.actor, -1 WHERE OLD.status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, actor, n)
    SELECT NEW.partnership_id, 'actor', COALESCE(NEW.round_id, 0), NEW.group_name, NEW.sign, NEW.actor, 1 WHERE NEW.status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcomes_rollup_delete_actor BEFORE DELETE ON outcomes WHEN OLD.status <> 'excluded' BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, actor, n)
    SELECT OLD.partnership_id, 'actor', COALESCE(OLD.round_id, 0), OLD.group_name, OLD.sign, OLD.actor, -1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcomes_rollup_update_code_barriers AFTER UPDATE OF partnership_id, round_id, group_name, status ON outcomes
WHEN OLD.partnership_id IS NOT NEW.partnership_id OR OLD.round_id IS NOT NEW.round_id OR OLD.group_name IS NOT NEW.group_name
  OR (OLD.status = 'excluded') IS NOT (NEW.status = 'excluded')
BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
    SELECT OLD.partnership_id, 'code_barrier', COALESCE(OLD.round_id, 0), OLD.group_name, l.code_id, bl.barrier_id, -1
    FROM outcome_code_links l JOIN outcome_barrier_links bl ON bl.outcome_id = l.outcome_id WHERE l.outcome_id = OLD.id AND OLD.status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
    SELECT NEW.partnership_id, 'code_barrier', COALESCE(NEW.round_id, 0), NEW.group_name, l.code_id, bl.barrier_id, 1
    FROM outcome_code_links l JOIN outcome_barrier_links bl ON bl.outcome_id = l.outcome_id WHERE l.outcome_id = NEW.id AND NEW.status <> 'excluded';
END;
-- +goose StatementEnd

-- A code or a barrier added or taken: one pair for each barrier or code the outcome
-- has then. A deleted outcome's pairs leave with whichever link goes first.
-- +goose StatementBegin
CREATE TRIGGER outcome_code_links_code_barrier_insert AFTER INSERT ON outcome_code_links BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
    SELECT o.partnership_id, 'code_barrier', COALESCE(o.round_id, 0), o.group_name, NEW.code_id, bl.barrier_id, 1
    FROM outcomes o JOIN outcome_barrier_links bl ON bl.outcome_id = o.id WHERE o.id = NEW.outcome_id AND o.status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_code_links_code_barrier_delete AFTER DELETE ON outcome_code_links BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
    SELECT o.partnership_id, 'code_barrier', COALESCE(o.round_id, 0), o.group_name, OLD.code_id, bl.barrier_id, -1
    FROM outcomes o JOIN outcome_barrier_links bl ON bl.outcome_id = o.id WHERE o.id = OLD.outcome_id AND o.status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_code_links_code_barrier_update AFTER UPDATE ON outcome_code_links BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
    SELECT o.partnership_id, 'code_barrier', COALESCE(o.round_id, 0), o.group_name, OLD.code_id, bl.barrier_id, -1
    FROM outcomes o JOIN outcome_barrier_links bl ON bl.outcome_id = o.id WHERE o.id = OLD.outcome_id AND o.status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
    SELECT o.partnership_id, 'code_barrier', COALESCE(o.round_id, 0), o.group_name, NEW.code_id, bl.barrier_id, 1
    FROM outcomes o JOIN outcome_barrier_links bl ON bl.outcome_id = o.id WHERE o.id = NEW.outcome_id AND o.status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_barrier_links_code_barrier_insert AFTER INSERT ON outcome_barrier_links BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
    SELECT o.partnership_id, 'code_barrier', COALESCE(o.round_id, 0), o.group_name, l.code_id, NEW.barrier_id, 1
    FROM outcomes o JOIN outcome_code_links l ON l.outcome_id = o.id WHERE o.id = NEW.outcome_id AND o.status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_barrier_links_code_barrier_delete AFTER DELETE ON outcome_barrier_links BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
    SELECT o.partnership_id, 'code_barrier', COALESCE(o.round_id, 0), o.group_name, l.code_id, OLD.barrier_id, -1
    FROM outcomes o JOIN outcome_code_links l ON l.outcome_id = o.id WHERE o.id = OLD.outcome_id AND o.status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_barrier_links_code_barrier_update AFTER UPDATE ON outcome_barrier_links BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
    SELECT o.partnership_id, 'code_barrier', COALESCE(o.round_id, 0), o.group_name, l.code_id, OLD.barrier_id, -1
    FROM outcomes o JOIN outcome_code_links l ON l.outcome_id = o.id WHERE o.id = OLD.outcome_id AND o.status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
    SELECT o.partnership_id, 'code_barrier', COALESCE(o.round_id, 0), o.group_name, l.code_id, NEW.barrier_id, 1
    FROM outcomes o JOIN outcome_code_links l ON l.outcome_id = o.id WHERE o.id = NEW.outcome_id AND o.status <> 'excluded';
END;
-- +goose StatementEnd

-- The counts already there.
INSERT INTO outcome_rollup (partnership_id, kind, round_id, group_name, sign, actor, n)
SELECT partnership_id, 'actor', COALESCE(round_id, 0), group_name, sign, actor, count(*)
FROM outcomes WHERE status <> 'excluded'
GROUP BY 1, 3, 4, 5, 6;
INSERT INTO outcome_rollup (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
SELECT o.partnership_id, 'code_barrier', COALESCE(o.round_id, 0), o.group_name, l.code_id, bl.barrier_id, count(*)
FROM outcome_code_links l JOIN outcomes o ON o.id = l.outcome_id JOIN outcome_barrier_links bl ON bl.outcome_id = l.outcome_id
WHERE o.status <> 'excluded'
GROUP BY 1, 3, 4, 5, 6;

-- +goose Down
DROP TRIGGER outcome_barrier_links_code_barrier_update;
DROP TRIGGER outcome_barrier_links_code_barrier_delete;
DROP TRIGGER outcome_barrier_links_code_barrier_insert;
DROP TRIGGER outcome_code_links_code_barrier_update;
DROP TRIGGER outcome_code_links_code_barrier_delete;
DROP TRIGGER outcome_code_links_code_barrier_insert;
DROP TRIGGER outcomes_rollup_update_code_barriers;
DROP TRIGGER outcomes_rollup_delete_actor;
DROP TRIGGER outcomes_rollup_update_actor;
DROP TRIGGER outcomes_rollup_insert_actor;
DELETE FROM outcome_rollup_delta WHERE kind IN ('actor', 'code_barrier');
ALTER TABLE outcome_rollup_delta DROP COLUMN actor;
CREATE TABLE outcome_rollup_prev (
    partnership_id INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('outcome','block','code','barrier','code_block')),
    round_id       INTEGER NOT NULL DEFAULT 0,
    round_title    TEXT NOT NULL DEFAULT '',
    group_name     TEXT NOT NULL DEFAULT '',
    month          TEXT NOT NULL DEFAULT '',
    sign           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT '',
    block          TEXT NOT NULL DEFAULT '',
    code_id        INTEGER NOT NULL DEFAULT 0,
    barrier_id     INTEGER NOT NULL DEFAULT 0,
    n              INTEGER NOT NULL DEFAULT 0,
    responses      INTEGER NOT NULL DEFAULT 0,
    first_at       DATETIME,
    PRIMARY KEY (partnership_id, kind, round_id, group_name, round_title, month, sign, status, block, code_id, barrier_id)
);
INSERT INTO outcome_rollup_prev (partnership_id, kind, round_id, round_title, group_name, month, sign, status, block, code_id, barrier_id, n, responses, first_at) SELECT partnership_id, kind, round_id, round_title, group_name, month, sign, status, block, code_id, barrier_id, n, responses, first_at FROM outcome_rollup WHERE kind NOT IN ('actor', 'code_barrier');
DROP TABLE outcome_rollup;
ALTER TABLE outcome_rollup_prev RENAME TO outcome_rollup;
