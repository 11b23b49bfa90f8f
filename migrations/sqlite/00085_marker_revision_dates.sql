-- +goose Up
-- Revisions were stored with a zero changed_at (the application handed GORM a zero time,
-- which overrides the column default). The first revision of a marker is its creation;
-- a later one is dated by the marker's last change, the nearest date that was kept.
-- Times are stored as text, so the zero date sorts before any real one.
UPDATE progress_marker_revisions
SET changed_at = CASE
        WHEN id = (SELECT MIN(f.id) FROM progress_marker_revisions f WHERE f.marker_id = progress_marker_revisions.marker_id)
        THEN (SELECT m.created_at FROM progress_markers m WHERE m.id = progress_marker_revisions.marker_id)
        ELSE (SELECT m.updated_at FROM progress_markers m WHERE m.id = progress_marker_revisions.marker_id)
    END
WHERE changed_at < '1900-01-01';

-- +goose Down
SELECT 1;
