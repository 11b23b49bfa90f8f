-- What a stored reflection maintains, cut back to what it maintained at 01aac8a (the
-- start of issue 16), for `scripts/bench.sh -scenario submissions -oogst-sql "$(cat bench/schema_01aac8a.sql)"`:
-- it shows the submission path's code on the older schema's work, next to 01aac8a's own
-- run. Added since: the search index (00121, 00171), the inbox's filter order indexes
-- (00120, 00160; they replaced two plainer ones), and the actor rollup and cursist tally
-- triggers on insert (00140, 00166). Never run this on a real database.
DROP INDEX outcomes_search_scoped;
DROP INDEX outcomes_actor_order, outcomes_group_order, outcomes_language_order, outcomes_round_order,
    outcomes_round_title, outcomes_sign_order, outcomes_status_order;
CREATE INDEX outcomes_partnership_round ON outcomes (partnership_id, round_id);
CREATE INDEX outcomes_partnership_status ON outcomes (partnership_id, status);
ALTER TABLE outcomes DISABLE TRIGGER outcomes_cursist_tally_insert;
ALTER TABLE outcomes DISABLE TRIGGER outcomes_rollup_insert_actor;
