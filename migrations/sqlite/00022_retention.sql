-- +goose Up
-- When the free text and voice answers of a response were deleted by the retention
-- job; its choices (sign, building blocks, ratings) stay for the aggregates.
ALTER TABLE survey_responses ADD COLUMN purged_at DATETIME;
CREATE INDEX survey_responses_unpurged ON survey_responses (submitted_at) WHERE purged_at IS NULL;

-- +goose Down
DROP INDEX survey_responses_unpurged;
ALTER TABLE survey_responses DROP COLUMN purged_at;
