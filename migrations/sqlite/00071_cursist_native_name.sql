-- +goose Up
-- A cursist's first name in her own script (Arabic, Cyrillic…), shown on the tablet's
-- name list beside the Latin one. Optional.
ALTER TABLE cursists ADD COLUMN display_name_native TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE cursists DROP COLUMN display_name_native;
