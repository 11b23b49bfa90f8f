-- +goose Up
-- Two more cross-tables for the analysis view, kept in the rollup: 'code_barrier' counts
-- an outcome once per (code, barrier) pair, and 'actor' counts every outcome once under
-- its social actor and sign (actor × sign). The actor is a new rollup dimension.
ALTER TABLE outcome_rollup DROP CONSTRAINT outcome_rollup_pkey;
ALTER TABLE outcome_rollup DROP CONSTRAINT outcome_rollup_kind_check;
ALTER TABLE outcome_rollup ADD COLUMN actor TEXT NOT NULL DEFAULT '';
ALTER TABLE outcome_rollup ADD CONSTRAINT outcome_rollup_kind_check CHECK (kind IN ('outcome','block','code','barrier','code_block','code_barrier','actor'));
ALTER TABLE outcome_rollup ADD PRIMARY KEY (partnership_id, kind, round_id, group_name, round_title, month, sign, status, block, code_id, barrier_id, actor);
ALTER TABLE outcome_rollup_delta ADD COLUMN actor TEXT NOT NULL DEFAULT '';

-- New outcomes under their actor and sign, one delta per combination of the batch.
-- +goose StatementBegin
CREATE FUNCTION outcome_rollup_actor_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, actor, n)
    SELECT partnership_id, 'actor', COALESCE(round_id, 0), group_name, sign, actor, count(*)
    FROM new_rows WHERE status <> 'excluded'
    GROUP BY 1, 3, 4, 5, 6;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- Changed outcomes: their actor row moves when a counted value changed; their (code,
-- barrier) pairs move when the partnership, round, group or exclusion changed.
-- +goose StatementBegin
CREATE FUNCTION outcome_rollup_actor_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, actor, n)
    SELECT pid, 'actor', rid, grp, sign, actor, sum(n)
    FROM (
        SELECT o.partnership_id AS pid, COALESCE(o.round_id, 0) AS rid, o.group_name AS grp, o.sign, o.actor, -1 AS n
        FROM old_rows o JOIN new_rows w ON w.id = o.id
        WHERE o.status <> 'excluded'
        UNION ALL
        SELECT w.partnership_id, COALESCE(w.round_id, 0), w.group_name, w.sign, w.actor, 1
        FROM old_rows o JOIN new_rows w ON w.id = o.id
        WHERE w.status <> 'excluded'
    ) c
    GROUP BY pid, rid, grp, sign, actor
    HAVING sum(n) <> 0;

    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
    SELECT pid, 'code_barrier', rid, grp, code_id, barrier_id, sum(n)
    FROM (
        SELECT o.partnership_id AS pid, COALESCE(o.round_id, 0) AS rid, o.group_name AS grp, l.code_id, bl.barrier_id, -1 AS n
        FROM old_rows o JOIN new_rows w ON w.id = o.id JOIN outcome_code_links l ON l.outcome_id = o.id JOIN outcome_barrier_links bl ON bl.outcome_id = o.id
        WHERE o.status <> 'excluded'
          AND ROW(o.partnership_id, o.round_id, o.group_name, w.status = 'excluded') IS DISTINCT FROM ROW(w.partnership_id, w.round_id, w.group_name, false)
        UNION ALL
        SELECT w.partnership_id, COALESCE(w.round_id, 0), w.group_name, l.code_id, bl.barrier_id, 1
        FROM old_rows o JOIN new_rows w ON w.id = o.id JOIN outcome_code_links l ON l.outcome_id = w.id JOIN outcome_barrier_links bl ON bl.outcome_id = w.id
        WHERE w.status <> 'excluded'
          AND ROW(o.partnership_id, o.round_id, o.group_name, o.status = 'excluded') IS DISTINCT FROM ROW(w.partnership_id, w.round_id, w.group_name, false)
    ) c
    GROUP BY pid, rid, grp, code_id, barrier_id
    HAVING sum(n) <> 0;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION outcome_rollup_actor_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'excluded' THEN
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, actor, n)
        SELECT OLD.partnership_id, 'actor', COALESCE(OLD.round_id, 0), OLD.group_name, OLD.sign, OLD.actor, -1;
    END IF;
    RETURN OLD;
END $$;
-- +goose StatementEnd

-- Codes added or taken: one pair for each barrier the outcome has then. A deleted
-- outcome loses its codes before its barriers (trigger names sort that way), so its
-- pairs leave here, exactly once.
-- +goose StatementBegin
CREATE FUNCTION outcome_rollup_code_barriers_by_codes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
        SELECT o.partnership_id, 'code_barrier', COALESCE(o.round_id, 0), o.group_name, l.code_id, bl.barrier_id, -count(*)
        FROM old_rows l JOIN outcomes o ON o.id = l.outcome_id JOIN outcome_barrier_links bl ON bl.outcome_id = l.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5, 6;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
        SELECT o.partnership_id, 'code_barrier', COALESCE(o.round_id, 0), o.group_name, l.code_id, bl.barrier_id, count(*)
        FROM new_rows l JOIN outcomes o ON o.id = l.outcome_id JOIN outcome_barrier_links bl ON bl.outcome_id = l.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5, 6;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION outcome_rollup_code_barriers_by_barriers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
        SELECT o.partnership_id, 'code_barrier', COALESCE(o.round_id, 0), o.group_name, l.code_id, bl.barrier_id, -count(*)
        FROM old_rows bl JOIN outcomes o ON o.id = bl.outcome_id JOIN outcome_code_links l ON l.outcome_id = bl.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5, 6;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, code_id, barrier_id, n)
        SELECT o.partnership_id, 'code_barrier', COALESCE(o.round_id, 0), o.group_name, l.code_id, bl.barrier_id, count(*)
        FROM new_rows bl JOIN outcomes o ON o.id = bl.outcome_id JOIN outcome_code_links l ON l.outcome_id = bl.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5, 6;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER outcomes_rollup_insert_actor AFTER INSERT ON outcomes
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_actor_inserted();
CREATE TRIGGER outcomes_rollup_update_actor AFTER UPDATE ON outcomes
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_actor_updated();
CREATE TRIGGER outcomes_rollup_delete_actor BEFORE DELETE ON outcomes
    FOR EACH ROW EXECUTE FUNCTION outcome_rollup_actor_deleting();
CREATE TRIGGER outcome_code_links_code_barrier_insert AFTER INSERT ON outcome_code_links
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_code_barriers_by_codes();
CREATE TRIGGER outcome_code_links_code_barrier_update AFTER UPDATE ON outcome_code_links
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_code_barriers_by_codes();
CREATE TRIGGER outcome_code_links_code_barrier_delete AFTER DELETE ON outcome_code_links
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_code_barriers_by_codes();
CREATE TRIGGER outcome_barrier_links_code_barrier_insert AFTER INSERT ON outcome_barrier_links
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_code_barriers_by_barriers();
CREATE TRIGGER outcome_barrier_links_code_barrier_update AFTER UPDATE ON outcome_barrier_links
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_code_barriers_by_barriers();
CREATE TRIGGER outcome_barrier_links_code_barrier_delete AFTER DELETE ON outcome_barrier_links
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_code_barriers_by_barriers();

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
DROP TRIGGER outcome_barrier_links_code_barrier_delete ON outcome_barrier_links;
DROP TRIGGER outcome_barrier_links_code_barrier_update ON outcome_barrier_links;
DROP TRIGGER outcome_barrier_links_code_barrier_insert ON outcome_barrier_links;
DROP TRIGGER outcome_code_links_code_barrier_delete ON outcome_code_links;
DROP TRIGGER outcome_code_links_code_barrier_update ON outcome_code_links;
DROP TRIGGER outcome_code_links_code_barrier_insert ON outcome_code_links;
DROP TRIGGER outcomes_rollup_delete_actor ON outcomes;
DROP TRIGGER outcomes_rollup_update_actor ON outcomes;
DROP TRIGGER outcomes_rollup_insert_actor ON outcomes;
DROP FUNCTION outcome_rollup_code_barriers_by_barriers();
DROP FUNCTION outcome_rollup_code_barriers_by_codes();
DROP FUNCTION outcome_rollup_actor_deleting();
DROP FUNCTION outcome_rollup_actor_updated();
DROP FUNCTION outcome_rollup_actor_inserted();
DELETE FROM outcome_rollup WHERE kind IN ('actor', 'code_barrier');
DELETE FROM outcome_rollup_delta WHERE kind IN ('actor', 'code_barrier');
ALTER TABLE outcome_rollup_delta DROP COLUMN actor;
ALTER TABLE outcome_rollup DROP CONSTRAINT outcome_rollup_pkey;
ALTER TABLE outcome_rollup DROP CONSTRAINT outcome_rollup_kind_check;
ALTER TABLE outcome_rollup DROP COLUMN actor;
ALTER TABLE outcome_rollup ADD CONSTRAINT outcome_rollup_kind_check CHECK (kind IN ('outcome','block','code','barrier','code_block'));
ALTER TABLE outcome_rollup ADD PRIMARY KEY (partnership_id, kind, round_id, group_name, round_title, month, sign, status, block, code_id, barrier_id);
