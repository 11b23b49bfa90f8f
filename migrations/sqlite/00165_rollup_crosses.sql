-- +goose Up
-- The analysis view's cross-tables, kept in the outcome rollup; see the PostgreSQL
-- migration for the design. Building-block rows carry the outcome's sign, and kind
-- 'code_block' counts an outcome once per (code, building block) pair.
--
-- SQLite cannot change a CHECK in place: the folded table (as migration 00160 left it)
-- is rebuilt (no trigger writes it, and it has no index besides its key).
CREATE TABLE outcome_rollup_next (
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
INSERT INTO outcome_rollup_next SELECT partnership_id, kind, round_id, round_title, group_name, month, sign, status, block, code_id, barrier_id, n, responses, first_at
FROM outcome_rollup WHERE kind <> 'block';
DROP TABLE outcome_rollup;
ALTER TABLE outcome_rollup_next RENAME TO outcome_rollup;
DELETE FROM outcome_rollup_delta WHERE kind = 'block';

DROP TRIGGER outcomes_rollup_update_blocks;
DROP TRIGGER outcome_blocks_rollup_insert;
DROP TRIGGER outcome_blocks_rollup_delete;
DROP TRIGGER outcome_blocks_rollup_update;
DROP TRIGGER outcome_code_links_rollup_insert;
DROP TRIGGER outcome_code_links_rollup_delete;
DROP TRIGGER outcome_code_links_rollup_update;

-- +goose StatementBegin
CREATE TRIGGER outcomes_rollup_update_blocks AFTER UPDATE OF partnership_id, round_id, group_name, sign, status ON outcomes
WHEN OLD.partnership_id IS NOT NEW.partnership_id OR OLD.round_id IS NOT NEW.round_id OR OLD.group_name IS NOT NEW.group_name
  OR OLD.sign IS NOT NEW.sign OR (OLD.status = 'excluded') IS NOT (NEW.status = 'excluded')
BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, block, n)
    SELECT OLD.partnership_id, 'block', COALESCE(OLD.round_id, 0), OLD.group_name, OLD.sign, block, -1
    FROM outcome_blocks WHERE outcome_id = OLD.id AND OLD.status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, block, n)
    SELECT NEW.partnership_id, 'block', COALESCE(NEW.round_id, 0), NEW.group_name, NEW.sign, block, 1
    FROM outcome_blocks WHERE outcome_id = NEW.id AND NEW.status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcomes_rollup_update_code_blocks AFTER UPDATE OF partnership_id, round_id, group_name, status ON outcomes
WHEN OLD.partnership_id IS NOT NEW.partnership_id OR OLD.round_id IS NOT NEW.round_id OR OLD.group_name IS NOT NEW.group_name
  OR (OLD.status = 'excluded') IS NOT (NEW.status = 'excluded')
BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
    SELECT OLD.partnership_id, 'code_block', COALESCE(OLD.round_id, 0), OLD.group_name, b.block, l.code_id, -1
    FROM outcome_blocks b JOIN outcome_code_links l ON l.outcome_id = b.outcome_id WHERE b.outcome_id = OLD.id AND OLD.status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
    SELECT NEW.partnership_id, 'code_block', COALESCE(NEW.round_id, 0), NEW.group_name, b.block, l.code_id, 1
    FROM outcome_blocks b JOIN outcome_code_links l ON l.outcome_id = b.outcome_id WHERE b.outcome_id = NEW.id AND NEW.status <> 'excluded';
END;
-- +goose StatementEnd

-- A building block added or taken: its block row, and one pair for each code the outcome
-- has then. A deleted outcome drops its blocks before its codes, so its pairs leave here.
-- +goose StatementBegin
CREATE TRIGGER outcome_blocks_rollup_insert AFTER INSERT ON outcome_blocks BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, block, n)
    SELECT partnership_id, 'block', COALESCE(round_id, 0), group_name, sign, NEW.block, 1
    FROM outcomes WHERE id = NEW.outcome_id AND status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
    SELECT o.partnership_id, 'code_block', COALESCE(o.round_id, 0), o.group_name, NEW.block, l.code_id, 1
    FROM outcomes o JOIN outcome_code_links l ON l.outcome_id = o.id WHERE o.id = NEW.outcome_id AND o.status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_blocks_rollup_delete AFTER DELETE ON outcome_blocks BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, block, n)
    SELECT partnership_id, 'block', COALESCE(round_id, 0), group_name, sign, OLD.block, -1
    FROM outcomes WHERE id = OLD.outcome_id AND status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
    SELECT o.partnership_id, 'code_block', COALESCE(o.round_id, 0), o.group_name, OLD.block, l.code_id, -1
    FROM outcomes o JOIN outcome_code_links l ON l.outcome_id = o.id WHERE o.id = OLD.outcome_id AND o.status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_blocks_rollup_update AFTER UPDATE ON outcome_blocks BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, block, n)
    SELECT partnership_id, 'block', COALESCE(round_id, 0), group_name, sign, OLD.block, -1
    FROM outcomes WHERE id = OLD.outcome_id AND status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, block, n)
    SELECT partnership_id, 'block', COALESCE(round_id, 0), group_name, sign, NEW.block, 1
    FROM outcomes WHERE id = NEW.outcome_id AND status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
    SELECT o.partnership_id, 'code_block', COALESCE(o.round_id, 0), o.group_name, OLD.block, l.code_id, -1
    FROM outcomes o JOIN outcome_code_links l ON l.outcome_id = o.id WHERE o.id = OLD.outcome_id AND o.status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
    SELECT o.partnership_id, 'code_block', COALESCE(o.round_id, 0), o.group_name, NEW.block, l.code_id, 1
    FROM outcomes o JOIN outcome_code_links l ON l.outcome_id = o.id WHERE o.id = NEW.outcome_id AND o.status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_code_links_rollup_insert AFTER INSERT ON outcome_code_links BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, code_id, n)
    SELECT partnership_id, 'code', COALESCE(round_id, 0), group_name, sign, NEW.code_id, 1
    FROM outcomes WHERE id = NEW.outcome_id AND status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
    SELECT o.partnership_id, 'code_block', COALESCE(o.round_id, 0), o.group_name, b.block, NEW.code_id, 1
    FROM outcomes o JOIN outcome_blocks b ON b.outcome_id = o.id WHERE o.id = NEW.outcome_id AND o.status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_code_links_rollup_delete AFTER DELETE ON outcome_code_links BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, code_id, n)
    SELECT partnership_id, 'code', COALESCE(round_id, 0), group_name, sign, OLD.code_id, -1
    FROM outcomes WHERE id = OLD.outcome_id AND status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
    SELECT o.partnership_id, 'code_block', COALESCE(o.round_id, 0), o.group_name, b.block, OLD.code_id, -1
    FROM outcomes o JOIN outcome_blocks b ON b.outcome_id = o.id WHERE o.id = OLD.outcome_id AND o.status <> 'excluded';
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
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
    SELECT o.partnership_id, 'code_block', COALESCE(o.round_id, 0), o.group_name, b.block, OLD.code_id, -1
    FROM outcomes o JOIN outcome_blocks b ON b.outcome_id = o.id WHERE o.id = OLD.outcome_id AND o.status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
    SELECT o.partnership_id, 'code_block', COALESCE(o.round_id, 0), o.group_name, b.block, NEW.code_id, 1
    FROM outcomes o JOIN outcome_blocks b ON b.outcome_id = o.id WHERE o.id = NEW.outcome_id AND o.status <> 'excluded';
END;
-- +goose StatementEnd

-- The counts already there: block rows again, now by sign, and the new pairs.
INSERT INTO outcome_rollup (partnership_id, kind, round_id, group_name, sign, block, n)
SELECT o.partnership_id, 'block', COALESCE(o.round_id, 0), o.group_name, o.sign, b.block, count(*)
FROM outcome_blocks b JOIN outcomes o ON o.id = b.outcome_id WHERE o.status <> 'excluded'
GROUP BY 1, 3, 4, 5, 6;
INSERT INTO outcome_rollup (partnership_id, kind, round_id, group_name, block, code_id, n)
SELECT o.partnership_id, 'code_block', COALESCE(o.round_id, 0), o.group_name, b.block, l.code_id, count(*)
FROM outcome_blocks b JOIN outcomes o ON o.id = b.outcome_id JOIN outcome_code_links l ON l.outcome_id = b.outcome_id
WHERE o.status <> 'excluded'
GROUP BY 1, 3, 4, 5, 6;

-- +goose Down
-- Back to migration 00050: its CHECK, its triggers and its block counts without sign.
DROP TRIGGER outcomes_rollup_update_code_blocks;
DROP TRIGGER outcomes_rollup_update_blocks;
DROP TRIGGER outcome_blocks_rollup_insert;
DROP TRIGGER outcome_blocks_rollup_delete;
DROP TRIGGER outcome_blocks_rollup_update;
DROP TRIGGER outcome_code_links_rollup_insert;
DROP TRIGGER outcome_code_links_rollup_delete;
DROP TRIGGER outcome_code_links_rollup_update;
CREATE TABLE outcome_rollup_prev (
    partnership_id INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('outcome','block','code','barrier')),
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
INSERT INTO outcome_rollup_prev SELECT partnership_id, kind, round_id, round_title, group_name, month, sign, status, block, code_id, barrier_id, n, responses, first_at
FROM outcome_rollup WHERE kind IN ('outcome', 'code', 'barrier');
DROP TABLE outcome_rollup;
ALTER TABLE outcome_rollup_prev RENAME TO outcome_rollup;
DELETE FROM outcome_rollup_delta WHERE kind IN ('block', 'code_block');
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
INSERT INTO outcome_rollup (partnership_id, kind, round_id, group_name, block, n)
SELECT o.partnership_id, 'block', COALESCE(o.round_id, 0), o.group_name, b.block, count(*)
FROM outcome_blocks b JOIN outcomes o ON o.id = b.outcome_id WHERE o.status <> 'excluded'
GROUP BY 1, 3, 4, 5;
