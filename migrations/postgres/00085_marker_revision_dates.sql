-- +goose Up
-- Revisions were stored with a zero changed_at (the application handed GORM a zero time,
-- which overrides the column default). The first revision of a marker is its creation;
-- a later one is dated by the marker's last change, the nearest date that was kept.
UPDATE progress_marker_revisions r
SET changed_at = CASE
        WHEN r.id = (SELECT MIN(f.id) FROM progress_marker_revisions f WHERE f.marker_id = r.marker_id)
        THEN (SELECT m.created_at FROM progress_markers m WHERE m.id = r.marker_id)
        ELSE (SELECT m.updated_at FROM progress_markers m WHERE m.id = r.marker_id)
    END
WHERE r.changed_at < TIMESTAMPTZ '1900-01-01 00:00:00+00';

-- +goose Down
SELECT 1;
