-- +goose Up
-- The search index moves off the submission path. Its trigram GIN index on outcomes
-- (migrations 00121, 00171, 00180) made every stored reflection extract and insert some
-- two hundred trigram entries inside the batch's transaction: a third of PostgreSQL's
-- time under a stream of submissions, and the one writer lane waited for it
-- (BENCHMARKS.md section 1, session 11). Now each outcome's folded search document lives
-- in outcome_search_docs, indexed there, and a new or changed outcome waits in
-- outcome_search_queue until the server's job (harvest.IndexSearchQueue, every second)
-- moves it into the documents. Every outcome is always in one of the two, in the same
-- transaction that wrote it, so a search that reads the documents through their index
-- and the few queued outcomes by their live texts (harvest/search.go) finds every
-- match at every commit, as before.
-- partnership_id, status, sign and language are copied so that the index can apply
-- the inbox's filters itself (as migration 00171's did); the documents are rebuilt
-- when any of them changes.
CREATE TABLE outcome_search_docs (
    outcome_id     BIGINT PRIMARY KEY REFERENCES outcomes(id) ON DELETE CASCADE,
    partnership_id BIGINT NOT NULL,
    status         TEXT NOT NULL,
    sign           TEXT NOT NULL,
    language       TEXT NOT NULL,
    doc            TEXT NOT NULL
);
-- No foreign key: it would cost every submitted outcome a check. The job skips (and
-- drops) the id of an outcome deleted while it waited.
CREATE TABLE outcome_search_queue (
    outcome_id BIGINT PRIMARY KEY
);
INSERT INTO outcome_search_docs (outcome_id, partnership_id, status, sign, language, doc)
    SELECT id, partnership_id, status, sign, language,
        oogst_search_doc(change_text, significance_text, contribution_text, summary_nl)
    FROM outcomes;

-- +goose StatementBegin
CREATE FUNCTION oogst_search_enqueue_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outcome_search_queue (outcome_id) SELECT id FROM inserted_outcomes;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER outcomes_search_enqueue_insert AFTER INSERT ON outcomes
    REFERENCING NEW TABLE AS inserted_outcomes FOR EACH STATEMENT EXECUTE FUNCTION oogst_search_enqueue_inserted();

-- The old document goes at once (so no search matches a text that was scrubbed or
-- edited away); the new one is searched by its live text until the job indexes it.
-- +goose StatementBegin
CREATE FUNCTION oogst_search_enqueue_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM outcome_search_docs WHERE outcome_id = NEW.id;
    INSERT INTO outcome_search_queue (outcome_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER outcomes_search_enqueue_update
    AFTER UPDATE OF change_text, significance_text, contribution_text, summary_nl, partnership_id, status, sign, language ON outcomes
    FOR EACH ROW WHEN (OLD.change_text IS DISTINCT FROM NEW.change_text OR OLD.significance_text IS DISTINCT FROM NEW.significance_text
        OR OLD.contribution_text IS DISTINCT FROM NEW.contribution_text OR OLD.summary_nl IS DISTINCT FROM NEW.summary_nl
        OR OLD.partnership_id IS DISTINCT FROM NEW.partnership_id OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.sign IS DISTINCT FROM NEW.sign OR OLD.language IS DISTINCT FROM NEW.language)
    EXECUTE FUNCTION oogst_search_enqueue_updated();

DROP INDEX IF EXISTS outcomes_search_scoped;
DROP INDEX IF EXISTS outcomes_search;

-- The index as migration 00171 built it, on the documents; without btree_gin, on the
-- document alone; without pg_trgm, none (searches scan, as migration 00121 allowed).
-- Each attempt is a subtransaction: all or nothing.
-- +goose StatementBegin
DO $$
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS btree_gin;
        CREATE INDEX outcome_search_docs_trgm ON outcome_search_docs USING gin (partnership_id, status, sign, language, doc gin_trgm_ops);
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'oogst: no partnership-scoped search index (%): trying the document alone', SQLERRM;
    END;
    IF to_regclass('outcome_search_docs_trgm') IS NULL THEN
        BEGIN
            CREATE INDEX outcome_search_docs_trgm ON outcome_search_docs USING gin (doc gin_trgm_ops);
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'oogst: no trigram index for the outcome search (%): searches scan', SQLERRM;
        END;
    END IF;
END
$$;
-- +goose StatementEnd
ANALYZE outcome_search_docs;

-- +goose Down
DROP TRIGGER outcomes_search_enqueue_update ON outcomes;
DROP TRIGGER outcomes_search_enqueue_insert ON outcomes;
DROP FUNCTION oogst_search_enqueue_updated();
DROP FUNCTION oogst_search_enqueue_inserted();
DROP TABLE outcome_search_queue;
DROP TABLE outcome_search_docs;
-- +goose StatementBegin
DO $$
BEGIN
    CREATE INDEX outcomes_search_scoped ON outcomes USING gin
        (partnership_id, status, sign, language, oogst_search_doc(change_text, significance_text, contribution_text, summary_nl) gin_trgm_ops)
        WITH (gin_pending_list_limit = 32768);
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'oogst: no partnership-scoped search index (%)', SQLERRM;
END
$$;
-- +goose StatementEnd
