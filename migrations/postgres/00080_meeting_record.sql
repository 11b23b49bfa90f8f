-- +goose Up
-- A closed meeting keeps its record: the report data as it stood at closing (JSON), so
-- later recoding or closing an adjustment never rewrites what the meeting decided.
ALTER TABLE meetings ADD COLUMN closed_at TIMESTAMPTZ;
ALTER TABLE meetings ADD COLUMN snapshot TEXT NOT NULL DEFAULT '';

-- Adjustments: an owner organisation of the partnership (or the free-text owner), the
-- result when closed, and the due date a reminder was last sent for (once per due date).
ALTER TABLE adjustments ADD COLUMN owner_organisation_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL;
ALTER TABLE adjustments ADD COLUMN result_note TEXT NOT NULL DEFAULT '';
ALTER TABLE adjustments ADD COLUMN closed_on TIMESTAMPTZ;
ALTER TABLE adjustments ADD COLUMN reminded_due TIMESTAMPTZ;
CREATE INDEX adjustments_due ON adjustments (status, due_on);

-- +goose Down
DROP INDEX adjustments_due;
ALTER TABLE adjustments DROP COLUMN reminded_due;
ALTER TABLE adjustments DROP COLUMN closed_on;
ALTER TABLE adjustments DROP COLUMN result_note;
ALTER TABLE adjustments DROP COLUMN owner_organisation_id;
ALTER TABLE meetings DROP COLUMN snapshot;
ALTER TABLE meetings DROP COLUMN closed_at;
