-- +goose Up
-- The inbox's substantiation filter asks, per outcome in the inbox order, whether
-- someone answered its request with a given agreement: one index entry answers it
-- without reading the request rows (the old index on outcome_id alone is its prefix).
CREATE INDEX substantiations_outcome_agreement ON substantiations (outcome_id, agreement);
DROP INDEX substantiations_outcome;

-- A saved inbox filter ("view"): a name and the filter as the inbox's query string,
-- always within one partnership. A private view is its owner's alone; a shared one
-- is listed for and opens for every member of the partnership. Owned by harvest.
CREATE TABLE inbox_views (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    owner_id       BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    query          TEXT NOT NULL DEFAULT '',
    shared         BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX inbox_views_partnership ON inbox_views (partnership_id, name);
CREATE INDEX inbox_views_owner ON inbox_views (owner_id);

-- +goose Down
DROP TABLE inbox_views;
CREATE INDEX substantiations_outcome ON substantiations (outcome_id);
DROP INDEX substantiations_outcome_agreement;
