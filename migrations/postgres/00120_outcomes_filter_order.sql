-- +goose Up
-- Every inbox filter reads its rows in the inbox's order (newest first) from an index
-- that starts with the filter's column, so a filter on a rare value reads that value's
-- rows only instead of walking the whole partnership; the same indexes let the filter
-- drop-downs list distinct values by skipping through them (harvest/options.go). The
-- round index carries round_title for the round drop-down's titles. (The code filter
-- probes outcome_code_links by its primary key while walking the inbox order.)
DROP INDEX outcomes_partnership_status;
DROP INDEX outcomes_partnership_round;
CREATE INDEX outcomes_status_order ON outcomes (partnership_id, status, submitted_at DESC, id DESC);
CREATE INDEX outcomes_round_order ON outcomes (partnership_id, round_id, submitted_at DESC, id DESC);
CREATE INDEX outcomes_round_title ON outcomes (partnership_id, round_id, round_title);
CREATE INDEX outcomes_group_order ON outcomes (partnership_id, group_name, submitted_at DESC, id DESC);
CREATE INDEX outcomes_language_order ON outcomes (partnership_id, language, submitted_at DESC, id DESC);
CREATE INDEX outcomes_sign_order ON outcomes (partnership_id, sign, submitted_at DESC, id DESC);

-- +goose Down
DROP INDEX outcomes_sign_order;
DROP INDEX outcomes_language_order;
DROP INDEX outcomes_group_order;
DROP INDEX outcomes_round_title;
DROP INDEX outcomes_round_order;
DROP INDEX outcomes_status_order;
CREATE INDEX outcomes_partnership_round ON outcomes (partnership_id, round_id);
CREATE INDEX outcomes_partnership_status ON outcomes (partnership_id, status);
