-- +goose Up
-- Codes: global presets (partnership_id NULL: the ten soft-effect domains) and codes of
-- one partnership. Names per staff language; retired codes stay on old outcomes.
CREATE TABLE outcome_codes (
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
CREATE UNIQUE INDEX outcome_codes_key ON outcome_codes (COALESCE(partnership_id, 0), key);

-- An outcome: one harvested change, from a reflection (response_id) or another source.
-- response_id and round_id point into the survey engine's tables; they carry no foreign
-- key here so the harvest schema does not depend on the order of the survey migrations.
CREATE TABLE outcomes (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id        INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    response_id           INTEGER UNIQUE,
    round_id              INTEGER,
    round_title           TEXT NOT NULL DEFAULT '',
    cursist_id            INTEGER REFERENCES cursists(id) ON DELETE SET NULL,
    group_name            TEXT NOT NULL DEFAULT '',
    language              TEXT NOT NULL DEFAULT 'nl',
    change_text           TEXT NOT NULL DEFAULT '',
    significance_text     TEXT NOT NULL DEFAULT '',
    sign                  TEXT NOT NULL DEFAULT '' CHECK (sign IN ('','positive','negative','both')),
    contribution_text     TEXT NOT NULL DEFAULT '',
    summary_nl            TEXT NOT NULL DEFAULT '',
    change_type           TEXT NOT NULL DEFAULT '' CHECK (change_type IN ('','behaviour','relationship','action','practice','policy')),
    intended              TEXT NOT NULL DEFAULT '' CHECK (intended IN ('','intended','unintended')),
    reviewer_significance TEXT NOT NULL DEFAULT '' CHECK (reviewer_significance IN ('','high','medium','low')),
    status                TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','coded','substantiated','used','excluded')),
    exclude_reason        TEXT NOT NULL DEFAULT '',
    source                TEXT NOT NULL DEFAULT 'reflection' CHECK (source IN ('reflection','interview','meeting','document','observation','demo')),
    source_detail         TEXT NOT NULL DEFAULT '',
    voice_attachment_ids  TEXT NOT NULL DEFAULT '',
    submitted_at          DATETIME NOT NULL,
    created_by            INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at            DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at            DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX outcomes_partnership_status ON outcomes (partnership_id, status);
CREATE INDEX outcomes_partnership_round ON outcomes (partnership_id, round_id);

-- Building blocks named as contribution, one row each so they can be counted in SQL.
CREATE TABLE outcome_blocks (
    outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    block      TEXT NOT NULL CHECK (block IN ('partnership','outreach','guidance','training','workplace','aftercare')),
    PRIMARY KEY (outcome_id, block)
);

CREATE TABLE outcome_code_links (
    outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    code_id    INTEGER NOT NULL REFERENCES outcome_codes(id) ON DELETE CASCADE,
    PRIMARY KEY (outcome_id, code_id)
);
CREATE INDEX outcome_code_links_code ON outcome_code_links (code_id);

-- Every change of an outcome: who, when, which field, old → new.
CREATE TABLE outcome_history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    at         DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    field      TEXT NOT NULL,
    old_value  TEXT NOT NULL DEFAULT '',
    new_value  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outcome_history_outcome ON outcome_history (outcome_id, at);

INSERT INTO outcome_codes (partnership_id, key, name_nl, name_fr, name_en, position) VALUES
 (NULL, 'self_confidence', 'Zelfvertrouwen en assertiviteit', 'Confiance en soi et assertivité', 'Self-confidence and assertiveness', 1),
 (NULL, 'self_reliance', 'Zelfredzaamheid en autonomie', 'Autonomie', 'Self-reliance and autonomy', 2),
 (NULL, 'social_skills', 'Sociale vaardigheden', 'Compétences sociales', 'Social skills', 3),
 (NULL, 'social_network', 'Sociaal netwerk', 'Réseau social', 'Social network', 4),
 (NULL, 'pedagogical_skills', 'Pedagogische vaardigheden', 'Compétences pédagogiques', 'Pedagogical skills', 5),
 (NULL, 'work_attitude', 'Werkattitude en -gedrag', 'Attitude et comportement au travail', 'Work attitude and behaviour', 6),
 (NULL, 'language_level', 'Taalniveau', 'Niveau de langue', 'Language level', 7),
 (NULL, 'family_life', 'Gezinsleven', 'Vie de famille', 'Family life', 8),
 (NULL, 'well_being', 'Welbevinden', 'Bien-être', 'Well-being', 9),
 (NULL, 'other', 'Ander (studievaardigheden, digitale vaardigheden …)', 'Autre (méthodes d''étude, compétences numériques …)', 'Other (study skills, digital skills …)', 10);

-- +goose Down
DROP TABLE outcome_history;
DROP TABLE outcome_code_links;
DROP TABLE outcome_blocks;
DROP TABLE outcomes;
DROP TABLE outcome_codes;
