-- +goose Up
-- Barriers (drempels), the social actor, the contribution strength and the steering
-- group's note; see the PostgreSQL migration for the design.
CREATE TABLE outcome_barriers (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id INTEGER REFERENCES partnerships(id) ON DELETE CASCADE,
    key            TEXT NOT NULL,
    name_nl        TEXT NOT NULL,
    name_fr        TEXT NOT NULL DEFAULT '',
    name_en        TEXT NOT NULL DEFAULT '',
    position       INTEGER NOT NULL DEFAULT 0,
    retired_at     DATETIME,
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX outcome_barriers_key ON outcome_barriers (COALESCE(partnership_id, 0), key);

CREATE TABLE outcome_barrier_links (
    outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    barrier_id INTEGER NOT NULL REFERENCES outcome_barriers(id) ON DELETE CASCADE,
    PRIMARY KEY (outcome_id, barrier_id)
);
CREATE INDEX outcome_barrier_links_barrier ON outcome_barrier_links (barrier_id);

ALTER TABLE outcomes ADD COLUMN actor TEXT NOT NULL DEFAULT '' CHECK (actor IN ('','cursist','workplace','training_provider','job_coach','family','other'));
ALTER TABLE outcomes ADD COLUMN contribution_strength TEXT NOT NULL DEFAULT '' CHECK (contribution_strength IN ('','none','partial','substantial'));
ALTER TABLE outcomes ADD COLUMN significance_note TEXT NOT NULL DEFAULT '';
CREATE INDEX outcomes_actor_order ON outcomes (partnership_id, actor, submitted_at DESC, id DESC);

-- SQLite cannot change a primary key in place: the rollup is rebuilt with barrier_id.
CREATE TABLE outcome_rollup_new (
    partnership_id INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('outcome','block','code','barrier')),
    round_id       INTEGER NOT NULL DEFAULT 0,
    round_title    TEXT NOT NULL DEFAULT '',
    group_name     TEXT NOT NULL DEFAULT '',
    month          TEXT NOT NULL DEFAULT '',
    sign           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT '',
    block          TEXT NOT NULL DEFAULT '',
    code_id        INTEGER NOT NULL DEFAULT 0,
    barrier_id     INTEGER NOT NULL DEFAULT 0,
    n              INTEGER NOT NULL DEFAULT 0,
    responses      INTEGER NOT NULL DEFAULT 0,
    first_at       DATETIME,
    PRIMARY KEY (partnership_id, kind, round_id, group_name, round_title, month, sign, status, block, code_id, barrier_id)
);
INSERT INTO outcome_rollup_new (partnership_id, kind, round_id, round_title, group_name, month, sign, status, block, code_id, n, responses, first_at)
SELECT partnership_id, kind, round_id, round_title, group_name, month, sign, status, block, code_id, n, responses, first_at FROM outcome_rollup;
DROP TABLE outcome_rollup;
ALTER TABLE outcome_rollup_new RENAME TO outcome_rollup;
ALTER TABLE outcome_rollup_delta ADD COLUMN barrier_id INTEGER NOT NULL DEFAULT 0;

-- +goose StatementBegin
CREATE TRIGGER outcomes_rollup_update_barriers AFTER UPDATE OF partnership_id, round_id, group_name, sign, status ON outcomes
WHEN OLD.partnership_id IS NOT NEW.partnership_id OR OLD.round_id IS NOT NEW.round_id OR OLD.group_name IS NOT NEW.group_name
  OR OLD.sign IS NOT NEW.sign OR (OLD.status = 'excluded') IS NOT (NEW.status = 'excluded')
BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, barrier_id, n)
    SELECT OLD.partnership_id, 'barrier', COALESCE(OLD.round_id, 0), OLD.group_name, OLD.sign, barrier_id, -1
    FROM outcome_barrier_links WHERE outcome_id = OLD.id AND OLD.status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, barrier_id, n)
    SELECT NEW.partnership_id, 'barrier', COALESCE(NEW.round_id, 0), NEW.group_name, NEW.sign, barrier_id, 1
    FROM outcome_barrier_links WHERE outcome_id = NEW.id AND NEW.status <> 'excluded';
END;
-- +goose StatementEnd

-- A deleted outcome's barriers go first, while the outcome still exists.
-- +goose StatementBegin
CREATE TRIGGER outcomes_rollup_delete_barriers BEFORE DELETE ON outcomes BEGIN
    DELETE FROM outcome_barrier_links WHERE outcome_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_barrier_links_rollup_insert AFTER INSERT ON outcome_barrier_links BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, barrier_id, n)
    SELECT partnership_id, 'barrier', COALESCE(round_id, 0), group_name, sign, NEW.barrier_id, 1
    FROM outcomes WHERE id = NEW.outcome_id AND status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_barrier_links_rollup_delete AFTER DELETE ON outcome_barrier_links BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, barrier_id, n)
    SELECT partnership_id, 'barrier', COALESCE(round_id, 0), group_name, sign, OLD.barrier_id, -1
    FROM outcomes WHERE id = OLD.outcome_id AND status <> 'excluded';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER outcome_barrier_links_rollup_update AFTER UPDATE ON outcome_barrier_links BEGIN
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, barrier_id, n)
    SELECT partnership_id, 'barrier', COALESCE(round_id, 0), group_name, sign, OLD.barrier_id, -1
    FROM outcomes WHERE id = OLD.outcome_id AND status <> 'excluded';
    INSERT INTO outcome_rollup_delta (partnership_id, kind, round_id, group_name, sign, barrier_id, n)
    SELECT partnership_id, 'barrier', COALESCE(round_id, 0), group_name, sign, NEW.barrier_id, 1
    FROM outcomes WHERE id = NEW.outcome_id AND status <> 'excluded';
END;
-- +goose StatementEnd

INSERT INTO outcome_barriers (partnership_id, key, name_nl, name_fr, name_en, position) VALUES
 (NULL, 'preconditions', 'Drempels in essentiële randvoorwaarden (mobiliteit, kinderopvang, huisvesting …)', 'Obstacles liés aux conditions essentielles (mobilité, accueil des enfants, logement …)', 'Essential preconditions (mobility, childcare, housing …)', 1),
 (NULL, 'financial', 'Financiële en materiële drempels', 'Obstacles financiers et matériels', 'Financial and material barriers', 2),
 (NULL, 'administrative', 'Administratieve drempels', 'Obstacles administratifs', 'Administrative barriers', 3),
 (NULL, 'family_social', 'Drempels in familiale en sociale situatie', 'Obstacles liés à la situation familiale et sociale', 'Family and social situation', 4),
 (NULL, 'cultural', 'Culturele drempels', 'Obstacles culturels', 'Cultural barriers', 5),
 (NULL, 'competences', 'Drempels op vlak van eigen algemene of vaktechnische competenties en vaardigheden', 'Obstacles liés aux compétences générales ou professionnelles', 'Own general or vocational competences and skills', 6),
 (NULL, 'language', 'Taaldrempels', 'Obstacles linguistiques', 'Language barriers', 7),
 (NULL, 'psychological', 'Psychologische drempels', 'Obstacles psychologiques', 'Psychological barriers', 8),
 (NULL, 'informal_setting', 'Informele drempels bij de opleiding/werkplek', 'Obstacles informels à la formation ou sur le lieu de travail', 'Informal barriers at the training or workplace', 9),
 (NULL, 'formal_setting', 'Formele drempels bij de opleiding/werkplek', 'Obstacles formels à la formation ou sur le lieu de travail', 'Formal barriers at the training or workplace', 10);

-- +goose Down
DROP TRIGGER outcome_barrier_links_rollup_update;
DROP TRIGGER outcome_barrier_links_rollup_delete;
DROP TRIGGER outcome_barrier_links_rollup_insert;
DROP TRIGGER outcomes_rollup_delete_barriers;
DROP TRIGGER outcomes_rollup_update_barriers;
DELETE FROM outcome_rollup_delta WHERE kind = 'barrier';
ALTER TABLE outcome_rollup_delta DROP COLUMN barrier_id;
CREATE TABLE outcome_rollup_old (
    partnership_id INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('outcome','block','code')),
    round_id       INTEGER NOT NULL DEFAULT 0,
    round_title    TEXT NOT NULL DEFAULT '',
    group_name     TEXT NOT NULL DEFAULT '',
    month          TEXT NOT NULL DEFAULT '',
    sign           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT '',
    block          TEXT NOT NULL DEFAULT '',
    code_id        INTEGER NOT NULL DEFAULT 0,
    n              INTEGER NOT NULL DEFAULT 0,
    responses      INTEGER NOT NULL DEFAULT 0,
    first_at       DATETIME,
    PRIMARY KEY (partnership_id, kind, round_id, group_name, round_title, month, sign, status, block, code_id)
);
INSERT INTO outcome_rollup_old (partnership_id, kind, round_id, round_title, group_name, month, sign, status, block, code_id, n, responses, first_at)
SELECT partnership_id, kind, round_id, round_title, group_name, month, sign, status, block, code_id, n, responses, first_at FROM outcome_rollup WHERE kind <> 'barrier';
DROP TABLE outcome_rollup;
ALTER TABLE outcome_rollup_old RENAME TO outcome_rollup;
DROP INDEX outcomes_actor_order;
ALTER TABLE outcomes DROP COLUMN significance_note;
ALTER TABLE outcomes DROP COLUMN contribution_strength;
ALTER TABLE outcomes DROP COLUMN actor;
DROP TABLE outcome_barrier_links;
DROP TABLE outcome_barriers;
