-- +goose Up
-- A round answered by staff of a partner organisation (a marker survey) instead of
-- cursists: it lists no cursists and takes no cursist codes.
ALTER TABLE survey_rounds ADD COLUMN for_staff BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE survey_rounds DROP COLUMN for_staff;
