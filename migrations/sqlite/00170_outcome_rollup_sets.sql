-- +goose Up
-- The dashboard's outcome splits summed once per partnership; see the PostgreSQL
-- migration for the design. SQLite has no GROUPING SETS: each set is one SELECT, with
-- the set's GROUPING() mask written out (harvest/aggregate_pass.go).
CREATE TABLE outcome_rollup_sets (
    partnership_id INTEGER NOT NULL,
    set_id         INTEGER NOT NULL,
    round_id       INTEGER NOT NULL DEFAULT 0,
    round_title    TEXT NOT NULL DEFAULT '',
    group_name     TEXT NOT NULL DEFAULT '',
    month          TEXT NOT NULL DEFAULT '',
    sign           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT '',
    n              INTEGER NOT NULL DEFAULT 0,
    responses      INTEGER NOT NULL DEFAULT 0,
    first_at       DATETIME,
    PRIMARY KEY (partnership_id, set_id, round_id, round_title, group_name, month, sign, status)
);
INSERT INTO outcome_rollup_sets (partnership_id, set_id, sign, status, group_name, month, round_id, round_title, n, responses, first_at)
SELECT partnership_id, 63, '', '', '', '', 0, '', SUM(n), SUM(responses), MIN(first_at) FROM outcome_rollup WHERE kind = 'outcome' GROUP BY partnership_id
UNION ALL
SELECT partnership_id, 31, sign, '', '', '', 0, '', SUM(n), SUM(responses), MIN(first_at) FROM outcome_rollup WHERE kind = 'outcome' GROUP BY partnership_id, sign
UNION ALL
SELECT partnership_id, 47, '', status, '', '', 0, '', SUM(n), SUM(responses), MIN(first_at) FROM outcome_rollup WHERE kind = 'outcome' GROUP BY partnership_id, status
UNION ALL
SELECT partnership_id, 55, '', '', group_name, '', 0, '', SUM(n), SUM(responses), MIN(first_at) FROM outcome_rollup WHERE kind = 'outcome' GROUP BY partnership_id, group_name
UNION ALL
SELECT partnership_id, 59, '', '', '', month, 0, '', SUM(n), SUM(responses), MIN(first_at) FROM outcome_rollup WHERE kind = 'outcome' GROUP BY partnership_id, month
UNION ALL
SELECT partnership_id, 28, sign, '', '', '', round_id, round_title, SUM(n), SUM(responses), MIN(first_at) FROM outcome_rollup WHERE kind = 'outcome' GROUP BY partnership_id, round_id, round_title, sign;

-- +goose Down
DROP TABLE outcome_rollup_sets;
