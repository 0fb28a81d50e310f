-- name: CreateSession :one
INSERT INTO sessions (id, address, chain_id, refresh_hash, expires_at)
VALUES (@id, @address, @chain_id, @refresh_hash, @expires_at)
RETURNING *;

-- name: RotateRefreshToken :one
-- Replaces the current refresh token of a live session; no row when the
-- token is not the current one of a live session.
UPDATE sessions
SET refresh_hash = @new_hash, generation = generation + 1, refreshed_at = now(), expires_at = @expires_at
WHERE refresh_hash = @old_hash AND revoked_at IS NULL AND expires_at > now()
RETURNING *;

-- name: RetireRefreshToken :exec
INSERT INTO retired_refresh_tokens (hash, session_id, generation)
VALUES (@hash, @session_id, @generation);

-- name: GetRetiredRefreshToken :one
SELECT * FROM retired_refresh_tokens WHERE hash = @hash;

-- name: GetSessionByRefreshHash :one
SELECT * FROM sessions WHERE refresh_hash = @refresh_hash;

-- name: GetSession :one
SELECT * FROM sessions WHERE id = @id;

-- name: SessionLive :one
-- Whether access tokens of the session are still honoured.
SELECT EXISTS (SELECT 1 FROM sessions WHERE id = @id AND revoked_at IS NULL)::boolean AS live;

-- name: RevokeSession :execrows
UPDATE sessions SET revoked_at = now(), revoke_reason = @reason
WHERE id = @id AND revoked_at IS NULL;

-- name: CountLiveSessions :one
SELECT count(*) FROM sessions WHERE address = @address AND revoked_at IS NULL;

-- name: OpenSession :one
-- Upserts the signing-in account and opens its session in one statement.
-- The commit does not wait for the WAL flush (synchronous_commit off for
-- this transaction only): a crash may forget the newest sessions, which
-- only makes their wallets sign in again, and never grants anything.
-- Revocations stay fully synchronous.
WITH durability AS (
    SELECT set_config('synchronous_commit', 'off', true)
), account AS (
    INSERT INTO accounts (address)
    VALUES (@address)
    ON CONFLICT (address) DO UPDATE SET last_sign_in_at = now()
    RETURNING address
)
INSERT INTO sessions (id, address, chain_id, refresh_hash, expires_at, contract_chain_id)
SELECT @id, account.address, @chain_id, @refresh_hash, @expires_at, sqlc.narg(contract_chain_id)::bigint FROM account, durability
RETURNING *;

-- name: OpenSessions :execrows
-- OpenSession for several sign-ins at once, in one statement and one
-- round trip (sign-ins arriving together while one is in flight): the
-- i-th session is the i-th element of every array. A contract_chain_ids
-- element of 0 means none (an EOA). Duplicate addresses are upserted once.
-- It returns how many sessions it opened: all of them, or it fails.
WITH durability AS (
    SELECT set_config('synchronous_commit', 'off', true)
), account AS (
    INSERT INTO accounts (address)
    SELECT DISTINCT a FROM unnest(@addresses::text[]) AS a
    ON CONFLICT (address) DO UPDATE SET last_sign_in_at = now()
    RETURNING address
)
INSERT INTO sessions (id, address, chain_id, refresh_hash, expires_at, contract_chain_id)
SELECT s.id, account.address, s.chain_id, s.refresh_hash, s.expires_at, nullif(s.contract_chain_id, 0)
FROM (
    SELECT unnest(@ids::uuid[]) AS id, unnest(@addresses::text[]) AS address,
        unnest(@chain_ids::bigint[]) AS chain_id, unnest(@refresh_hashes::bytea[]) AS refresh_hash,
        unnest(@expires_ats::timestamptz[]) AS expires_at, unnest(@contract_chain_ids::bigint[]) AS contract_chain_id
) AS s
JOIN account ON account.address = s.address
CROSS JOIN durability;

-- name: DeleteEndedSessions :execrows
-- Deletes up to max sessions that expired or were revoked before before
-- (their retired refresh tokens go with them).
DELETE FROM sessions WHERE id IN (
    SELECT s.id FROM sessions s
    WHERE s.expires_at < @before OR s.revoked_at < @before
    LIMIT @max
);
