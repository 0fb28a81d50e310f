-- +goose Up
-- A signed-in wallet's session. The refresh token itself is never stored:
-- only the SHA-256 of the current one, and of every one it replaced, so
-- that presenting a replaced token is recognised as reuse.
CREATE TABLE sessions (
    id              uuid        PRIMARY KEY,
    address         text        NOT NULL REFERENCES accounts (address),
    chain_id        bigint      NOT NULL CHECK (chain_id > 0),
    refresh_hash    bytea       NOT NULL UNIQUE CHECK (length(refresh_hash) = 32),
    -- How many times the refresh token was rotated.
    generation      integer     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    refreshed_at    timestamptz NOT NULL DEFAULT now(),
    -- When the current refresh token stops working.
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz,
    revoke_reason   text        NOT NULL DEFAULT ''
);

CREATE INDEX sessions_address ON sessions (address, created_at DESC);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Refresh tokens a rotation replaced. Presenting one again means it was
-- copied: the session it belongs to is revoked.
CREATE TABLE retired_refresh_tokens (
    hash        bytea       PRIMARY KEY CHECK (length(hash) = 32),
    session_id  uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    generation  integer     NOT NULL,
    retired_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX retired_refresh_tokens_session ON retired_refresh_tokens (session_id);

-- +goose Down
DROP TABLE retired_refresh_tokens;
DROP TABLE sessions;
