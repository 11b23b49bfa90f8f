-- +goose Up
-- +goose StatementBegin
-- The inbox searches one partnership's outcomes (or a coordinator's few), but the
-- trigram index of migration 00121 holds every partnership's: a word in 2% of a
-- million outcomes put all 20,000 matches in the bitmap, each fetched and rechecked
-- before the partnership was applied. With partnership_id, status, sign and language as
-- columns of the GIN index (btree_gin, contrib and trusted like pg_trgm) the index
-- intersects their entries with the word's, so only the rows that match the
-- partnership, those filters and the word are read and rechecked (a search with three
-- filters used to recheck every outcome of the partnership holding the word).
-- A GIN index answers any subset of its columns, so searches over every partnership
-- use it too and the old index goes. Where btree_gin is missing or not allowed, the
-- old index stays (the block is one subtransaction: all or nothing).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'outcomes_search') THEN
        CREATE EXTENSION IF NOT EXISTS btree_gin;
        CREATE INDEX outcomes_search_scoped ON outcomes USING gin
            (partnership_id, status, sign, language, oogst_search_doc(change_text, significance_text, contribution_text, summary_nl) gin_trgm_ops);
        DROP INDEX outcomes_search;
    END IF;
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'oogst: no partnership-scoped search index (%): searches use the unscoped one', SQLERRM;
END
$$;
-- +goose StatementEnd
-- The planner's statistics of the search document belong to the index: without them
-- it guesses how many outcomes a word matches and may scan the partnership instead.
ANALYZE outcomes;

-- +goose Down
-- +goose StatementBegin
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'outcomes_search_scoped') THEN
        CREATE INDEX outcomes_search ON outcomes USING gin
            (oogst_search_doc(change_text, significance_text, contribution_text, summary_nl) gin_trgm_ops);
        DROP INDEX outcomes_search_scoped;
    END IF;
END
$$;
-- +goose StatementEnd
