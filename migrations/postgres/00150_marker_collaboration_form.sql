-- +goose Up
-- Each progress marker may say which of the practice model's four forms of
-- collaboration (figure 5) it shows, so a boundary partner's climb over the forms can be
-- read per monitoring period. Empty: not said (markers made before this, or left open).
ALTER TABLE progress_markers ADD COLUMN collaboration_form TEXT NOT NULL DEFAULT ''
    CHECK (collaboration_form IN ('', 'referring', 'information', 'aligning', 'interprofessional'));

-- +goose Down
ALTER TABLE progress_markers DROP COLUMN collaboration_form;
