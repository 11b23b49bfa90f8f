-- +goose Up
-- The analysis view's cross-tables, kept in the outcome rollup like the dashboard's other
-- counts: building-block rows now carry the outcome's sign (block × sign), and a new kind
-- 'code_block' counts an outcome once per (code, building block) pair (code × block).
-- Only the trigger functions that write block rows change, plus the new kind; the
-- outcome rows and code rows are written as before.
ALTER TABLE outcome_rollup DROP CONSTRAINT outcome_rollup_kind_check;
ALTER TABLE outcome_rollup ADD CONSTRAINT outcome_rollup_kind_check CHECK (kind IN ('outcome','block','code','barrier','code_block'));

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION outcome_rollup_outcomes_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, round_title, group_name, month, sign, status, n, responses, first_at)
    SELECT pid, 'outcome', rid, title, grp, month, sign, status, sum(n), sum(r), min(first_at)
    FROM (
        SELECT o.partnership_id AS pid, COALESCE(o.round_id, 0) AS rid, o.round_title AS title, o.group_name AS grp,
               outcome_rollup_month(o.submitted_at) AS month, o.sign, o.status, -1 AS n,
               -(CASE WHEN o.response_id IS NULL THEN 0 ELSE 1 END) AS r, NULL::timestamptz AS first_at
        FROM old_rows o JOIN new_rows w ON w.id = o.id
        WHERE o.status <> 'excluded'
        UNION ALL
        SELECT w.partnership_id, COALESCE(w.round_id, 0), w.round_title, w.group_name,
               outcome_rollup_month(w.submitted_at), w.sign, w.status, 1,
               CASE WHEN w.response_id IS NULL THEN 0 ELSE 1 END, w.submitted_at
        FROM old_rows o JOIN new_rows w ON w.id = o.id
        WHERE w.status <> 'excluded'
    ) c
    GROUP BY pid, rid, title, grp, month, sign, status
    HAVING sum(n) <> 0 OR sum(r) <> 0;

    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, block, n)
    SELECT pid, 'block', rid, grp, sign, block, sum(n)
    FROM (
        SELECT o.partnership_id AS pid, COALESCE(o.round_id, 0) AS rid, o.group_name AS grp, o.sign, b.block, -1 AS n
        FROM old_rows o JOIN new_rows w ON w.id = o.id JOIN outcome_blocks b ON b.outcome_id = o.id
        WHERE o.status <> 'excluded'
          AND ROW(o.partnership_id, o.round_id, o.group_name, o.sign, w.status = 'excluded') IS DISTINCT FROM ROW(w.partnership_id, w.round_id, w.group_name, w.sign, false)
        UNION ALL
        SELECT w.partnership_id, COALESCE(w.round_id, 0), w.group_name, w.sign, b.block, 1
        FROM old_rows o JOIN new_rows w ON w.id = o.id JOIN outcome_blocks b ON b.outcome_id = w.id
        WHERE w.status <> 'excluded'
          AND ROW(o.partnership_id, o.round_id, o.group_name, o.sign, o.status = 'excluded') IS DISTINCT FROM ROW(w.partnership_id, w.round_id, w.group_name, w.sign, false)
    ) c
    GROUP BY pid, rid, grp, sign, block
    HAVING sum(n) <> 0;

    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, code_id, n)
    SELECT pid, 'code', rid, grp, sign, code_id, sum(n)
    FROM (
        SELECT o.partnership_id AS pid, COALESCE(o.round_id, 0) AS rid, o.group_name AS grp, o.sign, l.code_id, -1 AS n
        FROM old_rows o JOIN new_rows w ON w.id = o.id JOIN outcome_code_links l ON l.outcome_id = o.id
        WHERE o.status <> 'excluded'
          AND ROW(o.partnership_id, o.round_id, o.group_name, o.sign, w.status = 'excluded') IS DISTINCT FROM ROW(w.partnership_id, w.round_id, w.group_name, w.sign, false)
        UNION ALL
        SELECT w.partnership_id, COALESCE(w.round_id, 0), w.group_name, w.sign, l.code_id, 1
        FROM old_rows o JOIN new_rows w ON w.id = o.id JOIN outcome_code_links l ON l.outcome_id = w.id
        WHERE w.status <> 'excluded'
          AND ROW(o.partnership_id, o.round_id, o.group_name, o.sign, o.status = 'excluded') IS DISTINCT FROM ROW(w.partnership_id, w.round_id, w.group_name, w.sign, false)
    ) c
    GROUP BY pid, rid, grp, sign, code_id
    HAVING sum(n) <> 0;

    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
    SELECT pid, 'code_block', rid, grp, block, code_id, sum(n)
    FROM (
        SELECT o.partnership_id AS pid, COALESCE(o.round_id, 0) AS rid, o.group_name AS grp, b.block, l.code_id, -1 AS n
        FROM old_rows o JOIN new_rows w ON w.id = o.id JOIN outcome_blocks b ON b.outcome_id = o.id JOIN outcome_code_links l ON l.outcome_id = o.id
        WHERE o.status <> 'excluded'
          AND ROW(o.partnership_id, o.round_id, o.group_name, w.status = 'excluded') IS DISTINCT FROM ROW(w.partnership_id, w.round_id, w.group_name, false)
        UNION ALL
        SELECT w.partnership_id, COALESCE(w.round_id, 0), w.group_name, b.block, l.code_id, 1
        FROM old_rows o JOIN new_rows w ON w.id = o.id JOIN outcome_blocks b ON b.outcome_id = w.id JOIN outcome_code_links l ON l.outcome_id = w.id
        WHERE w.status <> 'excluded'
          AND ROW(o.partnership_id, o.round_id, o.group_name, o.status = 'excluded') IS DISTINCT FROM ROW(w.partnership_id, w.round_id, w.group_name, false)
    ) c
    GROUP BY pid, rid, grp, block, code_id
    HAVING sum(n) <> 0;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- Building blocks added or taken: their block rows, and one code_block row for each code
-- the outcome has at that moment. A deleted outcome drops its blocks before its codes
-- (outcome_rollup_outcome_deleting), so its pairs leave here, exactly once.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION outcome_rollup_blocks_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, block, n)
        SELECT o.partnership_id, 'block', COALESCE(o.round_id, 0), o.group_name, o.sign, b.block, -count(*)
        FROM old_rows b JOIN outcomes o ON o.id = b.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5, 6;
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
        SELECT o.partnership_id, 'code_block', COALESCE(o.round_id, 0), o.group_name, b.block, l.code_id, -count(*)
        FROM old_rows b JOIN outcomes o ON o.id = b.outcome_id JOIN outcome_code_links l ON l.outcome_id = b.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5, 6;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, block, n)
        SELECT o.partnership_id, 'block', COALESCE(o.round_id, 0), o.group_name, o.sign, b.block, count(*)
        FROM new_rows b JOIN outcomes o ON o.id = b.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5, 6;
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
        SELECT o.partnership_id, 'code_block', COALESCE(o.round_id, 0), o.group_name, b.block, l.code_id, count(*)
        FROM new_rows b JOIN outcomes o ON o.id = b.outcome_id JOIN outcome_code_links l ON l.outcome_id = b.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5, 6;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION outcome_rollup_codes_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, code_id, n)
        SELECT o.partnership_id, 'code', COALESCE(o.round_id, 0), o.group_name, o.sign, l.code_id, -count(*)
        FROM old_rows l JOIN outcomes o ON o.id = l.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5, 6;
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
        SELECT o.partnership_id, 'code_block', COALESCE(o.round_id, 0), o.group_name, b.block, l.code_id, -count(*)
        FROM old_rows l JOIN outcomes o ON o.id = l.outcome_id JOIN outcome_blocks b ON b.outcome_id = l.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5, 6;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, code_id, n)
        SELECT o.partnership_id, 'code', COALESCE(o.round_id, 0), o.group_name, o.sign, l.code_id, count(*)
        FROM new_rows l JOIN outcomes o ON o.id = l.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5, 6;
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, code_id, n)
        SELECT o.partnership_id, 'code_block', COALESCE(o.round_id, 0), o.group_name, b.block, l.code_id, count(*)
        FROM new_rows l JOIN outcomes o ON o.id = l.outcome_id JOIN outcome_blocks b ON b.outcome_id = l.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5, 6;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- The counts already there: block rows again, now by sign, and the new pairs.
DELETE FROM outcome_rollup WHERE kind = 'block';
DELETE FROM outcome_rollup_delta WHERE kind = 'block';
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
DELETE FROM outcome_rollup WHERE kind IN ('block', 'code_block');
DELETE FROM outcome_rollup_delta WHERE kind IN ('block', 'code_block');
ALTER TABLE outcome_rollup DROP CONSTRAINT outcome_rollup_kind_check;
ALTER TABLE outcome_rollup ADD CONSTRAINT outcome_rollup_kind_check CHECK (kind IN ('outcome','block','code','barrier'));
-- Migration 00050's functions and block counts, without sign.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION outcome_rollup_outcomes_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, round_title, group_name, month, sign, status, n, responses, first_at)
    SELECT pid, 'outcome', rid, title, grp, month, sign, status, sum(n), sum(r), min(first_at)
    FROM (
        SELECT o.partnership_id AS pid, COALESCE(o.round_id, 0) AS rid, o.round_title AS title, o.group_name AS grp,
               outcome_rollup_month(o.submitted_at) AS month, o.sign, o.status, -1 AS n,
               -(CASE WHEN o.response_id IS NULL THEN 0 ELSE 1 END) AS r, NULL::timestamptz AS first_at
        FROM old_rows o JOIN new_rows w ON w.id = o.id
        WHERE o.status <> 'excluded'
        UNION ALL
        SELECT w.partnership_id, COALESCE(w.round_id, 0), w.round_title, w.group_name,
               outcome_rollup_month(w.submitted_at), w.sign, w.status, 1,
               CASE WHEN w.response_id IS NULL THEN 0 ELSE 1 END, w.submitted_at
        FROM old_rows o JOIN new_rows w ON w.id = o.id
        WHERE w.status <> 'excluded'
    ) c
    GROUP BY pid, rid, title, grp, month, sign, status
    HAVING sum(n) <> 0 OR sum(r) <> 0;

    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, n)
    SELECT pid, 'block', rid, grp, block, sum(n)
    FROM (
        SELECT o.partnership_id AS pid, COALESCE(o.round_id, 0) AS rid, o.group_name AS grp, b.block, -1 AS n
        FROM old_rows o JOIN new_rows w ON w.id = o.id JOIN outcome_blocks b ON b.outcome_id = o.id
        WHERE o.status <> 'excluded'
          AND ROW(o.partnership_id, o.round_id, o.group_name, w.status = 'excluded') IS DISTINCT FROM ROW(w.partnership_id, w.round_id, w.group_name, false)
        UNION ALL
        SELECT w.partnership_id, COALESCE(w.round_id, 0), w.group_name, b.block, 1
        FROM old_rows o JOIN new_rows w ON w.id = o.id JOIN outcome_blocks b ON b.outcome_id = w.id
        WHERE w.status <> 'excluded'
          AND ROW(o.partnership_id, o.round_id, o.group_name, o.status = 'excluded') IS DISTINCT FROM ROW(w.partnership_id, w.round_id, w.group_name, false)
    ) c
    GROUP BY pid, rid, grp, block
    HAVING sum(n) <> 0;

    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, code_id, n)
    SELECT pid, 'code', rid, grp, sign, code_id, sum(n)
    FROM (
        SELECT o.partnership_id AS pid, COALESCE(o.round_id, 0) AS rid, o.group_name AS grp, o.sign, l.code_id, -1 AS n
        FROM old_rows o JOIN new_rows w ON w.id = o.id JOIN outcome_code_links l ON l.outcome_id = o.id
        WHERE o.status <> 'excluded'
          AND ROW(o.partnership_id, o.round_id, o.group_name, o.sign, w.status = 'excluded') IS DISTINCT FROM ROW(w.partnership_id, w.round_id, w.group_name, w.sign, false)
        UNION ALL
        SELECT w.partnership_id, COALESCE(w.round_id, 0), w.group_name, w.sign, l.code_id, 1
        FROM old_rows o JOIN new_rows w ON w.id = o.id JOIN outcome_code_links l ON l.outcome_id = w.id
        WHERE w.status <> 'excluded'
          AND ROW(o.partnership_id, o.round_id, o.group_name, o.sign, o.status = 'excluded') IS DISTINCT FROM ROW(w.partnership_id, w.round_id, w.group_name, w.sign, false)
    ) c
    GROUP BY pid, rid, grp, sign, code_id
    HAVING sum(n) <> 0;
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION outcome_rollup_blocks_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, n)
        SELECT o.partnership_id, 'block', COALESCE(o.round_id, 0), o.group_name, b.block, -count(*)
        FROM old_rows b JOIN outcomes o ON o.id = b.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, block, n)
        SELECT o.partnership_id, 'block', COALESCE(o.round_id, 0), o.group_name, b.block, count(*)
        FROM new_rows b JOIN outcomes o ON o.id = b.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION outcome_rollup_codes_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, code_id, n)
        SELECT o.partnership_id, 'code', COALESCE(o.round_id, 0), o.group_name, o.sign, l.code_id, -count(*)
        FROM old_rows l JOIN outcomes o ON o.id = l.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5, 6;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, code_id, n)
        SELECT o.partnership_id, 'code', COALESCE(o.round_id, 0), o.group_name, o.sign, l.code_id, count(*)
        FROM new_rows l JOIN outcomes o ON o.id = l.outcome_id
        WHERE o.status <> 'excluded'
        GROUP BY 1, 3, 4, 5, 6;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
INSERT INTO outcome_rollup (partnership_id, kind, round_id, group_name, block, n)
SELECT o.partnership_id, 'block', COALESCE(o.round_id, 0), o.group_name, b.block, count(*)
FROM outcome_blocks b JOIN outcomes o ON o.id = b.outcome_id WHERE o.status <> 'excluded'
GROUP BY 1, 3, 4, 5;
