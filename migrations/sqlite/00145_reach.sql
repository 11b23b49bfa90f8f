-- +goose Up
-- Beyond the classroom (issue 18): personal links into a round, cursists' e-mail
-- addresses kept only with a recorded consent, the end of a group's training and
-- follow-up rounds scheduled relative to it.

-- An address is optional (cursists are pseudonymous by default) and exists only with
-- the consent that was recorded for it: who recorded it and when.
CREATE TABLE cursist_contacts (
    cursist_id          BIGINT PRIMARY KEY REFERENCES cursists(id) ON DELETE CASCADE,
    email               TEXT NOT NULL,
    consent_recorded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    consent_recorded_at DATETIME NOT NULL
);

CREATE TABLE group_training_ends (
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    group_name     TEXT NOT NULL,
    ends_on        DATETIME NOT NULL,
    set_by         BIGINT REFERENCES users(id) ON DELETE SET NULL,
    PRIMARY KEY (partnership_id, group_name)
);

-- A follow-up round opens N months after its group's training ended and reaches all of
-- the group's cursists, whatever their status.
ALTER TABLE survey_rounds ADD COLUMN follow_up_months INTEGER;

-- A personal link is a one-person entry into a round. As with substantiation links, only
-- the token's SHA-256 and the nonce it is derived from (with a server secret) are kept.
-- used_at: the cursist's reflection arrived and the link is spent.
CREATE TABLE survey_personal_links (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id    BIGINT NOT NULL REFERENCES survey_rounds(id) ON DELETE CASCADE,
    cursist_id  BIGINT NOT NULL REFERENCES cursists(id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    link_nonce  TEXT NOT NULL,
    created_by  BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at  DATETIME NOT NULL,
    revoked_at  DATETIME,
    used_at     DATETIME,
    mailed_at   DATETIME,
    reminded_at DATETIME
);
CREATE INDEX survey_personal_links_round ON survey_personal_links (round_id, cursist_id);

-- +goose Down
DROP TABLE survey_personal_links;
ALTER TABLE survey_rounds DROP COLUMN follow_up_months;
DROP TABLE group_training_ends;
DROP TABLE cursist_contacts;
