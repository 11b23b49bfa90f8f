-- +goose Up
-- The "add cursist" form carries a one-time id; a second submission of the same form
-- (a double click, a resent request) finds the cursist the first one created. NULLs
-- are distinct, so cursists added otherwise (import, API) need none.
ALTER TABLE cursists ADD COLUMN form_id TEXT;
CREATE UNIQUE INDEX cursists_form_id ON cursists (partnership_id, form_id);

-- +goose Down
DROP INDEX cursists_form_id;
ALTER TABLE cursists DROP COLUMN form_id;
