-- +goose Up
-- How cursists say who they are on the tablet, chosen per round by the coordinator:
-- 'list' (tap your name, then confirm), 'code' (type your personal code; no names are
-- listed) or 'anonymous' (nobody is identified).
ALTER TABLE survey_rounds ADD COLUMN identify_mode TEXT NOT NULL DEFAULT 'list'
    CHECK (identify_mode IN ('list', 'code', 'anonymous'));

-- +goose Down
ALTER TABLE survey_rounds DROP COLUMN identify_mode;
