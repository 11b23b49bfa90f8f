-- +goose Up
-- Sessions are keyed by the SHA-256 of the cookie's token, so that the table (and every
-- backup of it) holds nothing that logs anyone in. user_id lets deactivating an account
-- or setting its password end its sessions. Existing sessions cannot be rehashed into
-- that shape with their owner, so everyone logs in once more.
DROP TABLE sessions;
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT REFERENCES users(id) ON DELETE CASCADE,
    data       BYTEA NOT NULL,
    expiry     TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);
CREATE INDEX sessions_user ON sessions (user_id);

-- +goose Down
DROP TABLE sessions;
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BYTEA NOT NULL,
    expiry TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);
