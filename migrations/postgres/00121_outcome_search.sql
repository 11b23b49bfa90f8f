-- +goose Up
-- +goose StatementBegin
-- The inbox's text search (harvest/search.go) looks for the folded query inside one
-- folded document per outcome: its story texts and summary, folded like db.Fold and
-- joined by U+0001 (which a search box cannot send), so "contains" on the document is
-- "contains" on one of the texts. oogst_search_doc is that document; a pg_trgm GIN index
-- on it answers LIKE '%…%' without reading every outcome. pg_trgm ships with
-- PostgreSQL's contrib and is a trusted extension (a database owner may create it); where
-- it is missing or not allowed, the search keeps working, by scanning.
-- One more text source (a translation) is one more argument here and in search.go.
-- oogst_search_doc spells the fold out instead of calling oogst_fold: pg_dump restores
-- index expressions with an empty search_path, where an unqualified oogst_fold is not
-- found (only built-ins in pg_catalog are).
CREATE FUNCTION oogst_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$ SELECT translate(lower(translate(t, 'İ', 'i') COLLATE "und-x-icu"), 'ıς', 'iσ') $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION oogst_search_doc(change text, significance text, contribution text, summary text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$ SELECT translate(lower(translate(change, 'İ', 'i') COLLATE "und-x-icu"), 'ıς', 'iσ') || chr(1) || translate(lower(translate(significance, 'İ', 'i') COLLATE "und-x-icu"), 'ıς', 'iσ') || chr(1) || translate(lower(translate(contribution, 'İ', 'i') COLLATE "und-x-icu"), 'ıς', 'iσ') || chr(1) || translate(lower(translate(summary, 'İ', 'i') COLLATE "und-x-icu"), 'ıς', 'iσ') $$;
-- +goose StatementEnd
-- +goose StatementBegin
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX outcomes_search ON outcomes USING gin
        (oogst_search_doc(change_text, significance_text, contribution_text, summary_nl) gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'oogst: no trigram index for the outcome search (%): searches scan', SQLERRM;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP INDEX IF EXISTS outcomes_search;
DROP FUNCTION oogst_search_doc(text, text, text, text);
DROP FUNCTION oogst_fold(text);
