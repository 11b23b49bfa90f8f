-- +goose Up
-- The inbox's text search (harvest/search.go) looks for the folded query inside one
-- folded document per outcome: its story texts and summary, folded by oogst_fold (the
-- Go function db.Fold, registered with the driver) and joined by char(1) (which a search
-- box cannot send). The document lives in an FTS5 table with the trigram tokenizer,
-- keyed by the outcome's id, whose index answers GLOB '*…*' without reading every
-- outcome; triggers keep it in step with the outcomes.
-- One more text source (a translation) is one more term in the document here and in
-- search.go.
CREATE VIRTUAL TABLE outcome_search USING fts5(doc, tokenize = 'trigram case_sensitive 1');
INSERT INTO outcome_search (rowid, doc)
    SELECT id, oogst_fold(change_text) || char(1) || oogst_fold(significance_text) || char(1) || oogst_fold(contribution_text) || char(1) || oogst_fold(summary_nl)
    FROM outcomes;
-- +goose StatementBegin
CREATE TRIGGER outcome_search_insert AFTER INSERT ON outcomes BEGIN
    INSERT INTO outcome_search (rowid, doc) VALUES (NEW.id,
        oogst_fold(NEW.change_text) || char(1) || oogst_fold(NEW.significance_text) || char(1) || oogst_fold(NEW.contribution_text) || char(1) || oogst_fold(NEW.summary_nl));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER outcome_search_update AFTER UPDATE OF change_text, significance_text, contribution_text, summary_nl ON outcomes BEGIN
    UPDATE outcome_search SET doc =
        oogst_fold(NEW.change_text) || char(1) || oogst_fold(NEW.significance_text) || char(1) || oogst_fold(NEW.contribution_text) || char(1) || oogst_fold(NEW.summary_nl)
    WHERE rowid = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER outcome_search_delete AFTER DELETE ON outcomes BEGIN
    DELETE FROM outcome_search WHERE rowid = OLD.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER outcome_search_delete;
DROP TRIGGER outcome_search_update;
DROP TRIGGER outcome_search_insert;
DROP TABLE outcome_search;
