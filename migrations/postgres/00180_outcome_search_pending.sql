-- +goose Up
-- +goose StatementBegin
-- A GIN index takes new entries into a pending list and merges that list into the index
-- once it passes gin_pending_list_limit (4 MB by default) — inside the insert that
-- passed it. Under a stream of submissions that was one batch in a few hundred stalling
-- for 250–380 ms while it merged everyone's trigrams, the largest part of the
-- submissions' p99 (BENCHMARKS.md section 1). The server's jobs now merge the list every
-- second (harvest.CleanSearchPending); the limit is raised so that a submission merges
-- only when that job has not kept up for some seconds. Searches read the pending list
-- too, so they see a new outcome at once either way.
DO $$
DECLARE ix text;
BEGIN
    FOREACH ix IN ARRAY ARRAY['outcomes_search_scoped', 'outcomes_search'] LOOP
        IF to_regclass(ix) IS NOT NULL THEN
            EXECUTE format('ALTER INDEX %I SET (gin_pending_list_limit = 32768)', ix);
        END IF;
    END LOOP;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DO $$
DECLARE ix text;
BEGIN
    FOREACH ix IN ARRAY ARRAY['outcomes_search_scoped', 'outcomes_search'] LOOP
        IF to_regclass(ix) IS NOT NULL THEN
            EXECUTE format('ALTER INDEX %I RESET (gin_pending_list_limit)', ix);
        END IF;
    END LOOP;
END
$$;
-- +goose StatementEnd
