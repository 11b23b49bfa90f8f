-- +goose Up
-- Every record staff edit in a form carries a version, raised by one on each save.
-- An edit form sends the version it was loaded at; a save against another version is
-- refused as a conflict instead of silently overwriting someone else's work.
ALTER TABLE outcomes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outcome_journals ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE progress_markers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE survey_forms ADD COLUMN edit_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE survey_forms ADD COLUMN updated_by BIGINT;

-- +goose Down
ALTER TABLE survey_forms DROP COLUMN updated_by;
ALTER TABLE survey_forms DROP COLUMN edit_version;
ALTER TABLE progress_markers DROP COLUMN version;
ALTER TABLE outcome_journals DROP COLUMN version;
ALTER TABLE outcomes DROP COLUMN version;
