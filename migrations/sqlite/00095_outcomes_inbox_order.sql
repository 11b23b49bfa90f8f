-- +goose Up
-- The inbox lists a partnership's outcomes newest first (ORDER BY submitted_at DESC,
-- id DESC, 50 a page). Without an index in that order the database sorted every
-- outcome of the partnership for each page; with it, page 1 reads 50 index entries.
-- (Built inside the migration's transaction: writes to outcomes wait while it builds,
-- a few seconds at a million outcomes.)
CREATE INDEX outcomes_inbox_order ON outcomes (partnership_id, submitted_at DESC, id DESC);

-- +goose Down
DROP INDEX outcomes_inbox_order;
