-- +goose Up
-- The dashboard's outcome splits (total, by sign, status, group, month, and by round,
-- title and sign) summed once per partnership: a partnership with a hundred thousand
-- outcomes has tens of thousands of rollup rows (round × group × month × sign ×
-- status) but only a hundred or so rows here. harvest.CompactRollup rebuilds a
-- partnership's rows in the same transaction that folds its deltas, so these rows plus
-- the pending deltas are always exactly the rollup's (harvest/rollup_sets.go). set_id is
-- the GROUPING() mask of (sign, status, group_name, month, round_id, round_title), as in
-- harvest/aggregate_pass.go; a column a set does not group is left at its default.
-- No HAVING: a group whose sum is zero is kept, so adding the deltas stays exact.
CREATE TABLE outcome_rollup_sets (
    partnership_id BIGINT NOT NULL,
    set_id         INTEGER NOT NULL,
    round_id       BIGINT NOT NULL DEFAULT 0,
    round_title    TEXT NOT NULL DEFAULT '',
    group_name     TEXT NOT NULL DEFAULT '',
    month          TEXT NOT NULL DEFAULT '',
    sign           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT '',
    n              BIGINT NOT NULL DEFAULT 0,
    responses      BIGINT NOT NULL DEFAULT 0,
    first_at       TIMESTAMPTZ,
    PRIMARY KEY (partnership_id, set_id, round_id, round_title, group_name, month, sign, status)
);
INSERT INTO outcome_rollup_sets (partnership_id, set_id, sign, status, group_name, month, round_id, round_title, n, responses, first_at)
SELECT partnership_id, GROUPING(sign, status, group_name, month, round_id, round_title),
    COALESCE(sign, ''), COALESCE(status, ''), COALESCE(group_name, ''), COALESCE(month, ''), COALESCE(round_id, 0), COALESCE(round_title, ''),
    SUM(n), SUM(responses), MIN(first_at)
FROM outcome_rollup WHERE kind = 'outcome'
GROUP BY partnership_id, GROUPING SETS ((), (sign), (status), (group_name), (month), (round_id, round_title, sign));

-- +goose Down
DROP TABLE outcome_rollup_sets;
