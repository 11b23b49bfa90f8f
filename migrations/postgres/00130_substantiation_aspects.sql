-- +goose Up
-- Substantiation asks about three aspects (the description, the significance and the
-- contribution), each agree / partly / disagree / don't know with a comment; the overall
-- agreement stays as the summary of the three. A request may be e-mailed (the address is
-- kept only until the answer, for one reminder) in the language chosen for the person;
-- link_nonce lets the server rebuild the link for that reminder (only its hash is stored).
ALTER TABLE substantiations DROP CONSTRAINT IF EXISTS substantiations_agreement_check;
ALTER TABLE substantiations ADD CONSTRAINT substantiations_agreement_check
    CHECK (agreement IN ('','agree','partly','disagree','dont_know'));
ALTER TABLE substantiations
    ADD COLUMN description_agreement  TEXT NOT NULL DEFAULT '' CHECK (description_agreement IN ('','agree','partly','disagree','dont_know')),
    ADD COLUMN description_comment    TEXT NOT NULL DEFAULT '',
    ADD COLUMN significance_agreement TEXT NOT NULL DEFAULT '' CHECK (significance_agreement IN ('','agree','partly','disagree','dont_know')),
    ADD COLUMN significance_comment   TEXT NOT NULL DEFAULT '',
    ADD COLUMN contribution_agreement TEXT NOT NULL DEFAULT '' CHECK (contribution_agreement IN ('','agree','partly','disagree','dont_know')),
    ADD COLUMN contribution_comment   TEXT NOT NULL DEFAULT '',
    ADD COLUMN email                  TEXT NOT NULL DEFAULT '',
    ADD COLUMN language               TEXT NOT NULL DEFAULT 'nl',
    ADD COLUMN link_nonce             TEXT NOT NULL DEFAULT '',
    ADD COLUMN reminded_at            TIMESTAMPTZ;

-- +goose Down
ALTER TABLE substantiations
    DROP COLUMN description_agreement, DROP COLUMN description_comment,
    DROP COLUMN significance_agreement, DROP COLUMN significance_comment,
    DROP COLUMN contribution_agreement, DROP COLUMN contribution_comment,
    DROP COLUMN email, DROP COLUMN language, DROP COLUMN link_nonce, DROP COLUMN reminded_at;
UPDATE substantiations SET agreement = '' WHERE agreement = 'dont_know';
ALTER TABLE substantiations DROP CONSTRAINT IF EXISTS substantiations_agreement_check;
ALTER TABLE substantiations ADD CONSTRAINT substantiations_agreement_check
    CHECK (agreement IN ('','agree','partly','disagree'));
