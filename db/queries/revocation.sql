-- name: ListRuleContracts :many
-- Every current rule with its video, for the chain watcher to collect
-- the contracts they name.
SELECT video_id, rule, rule_hash FROM access_rules;

-- name: RecentWatchBlocks :many
-- The blocks the watcher scanned last on a chain, newest first.
SELECT block_number, block_hash FROM chain_watch_blocks
WHERE chain_id = @chain_id
ORDER BY block_number DESC
LIMIT @max_rows;

-- name: SaveWatchBlock :exec
INSERT INTO chain_watch_blocks (chain_id, block_number, block_hash)
VALUES (@chain_id, @block_number, @block_hash)
ON CONFLICT (chain_id, block_number) DO UPDATE
SET block_hash = EXCLUDED.block_hash, scanned_at = now();

-- name: RewindWatchBlocks :exec
-- Forget the blocks above a fork point: they are scanned again.
DELETE FROM chain_watch_blocks WHERE chain_id = @chain_id AND block_number > @block_number;

-- name: PruneWatchBlocks :exec
DELETE FROM chain_watch_blocks WHERE chain_id = @chain_id AND block_number < @below;

-- name: TryWatchLock :one
-- The chain watcher's lease: a session-level advisory lock, held by the
-- connection of the one replica that scans and released by PostgreSQL
-- when that connection dies.
SELECT pg_try_advisory_lock(@key::bigint) AS locked;

-- name: RecordPlaybackGrant :exec
INSERT INTO playback_grants (video_id, wallet, expires_at)
VALUES (@video_id, @wallet, @expires_at)
ON CONFLICT (video_id, wallet) DO UPDATE
SET expires_at = GREATEST(playback_grants.expires_at, EXCLUDED.expires_at);

-- name: LiveGrants :many
-- The live grants of these wallets on these videos, with each video's
-- owner (who is told of a revocation).
SELECT g.video_id, g.wallet, g.expires_at, v.owner_address
FROM playback_grants g
JOIN videos v ON v.id = g.video_id
WHERE g.wallet = ANY(@wallets::text[]) AND g.video_id = ANY(@video_ids::uuid[]) AND g.expires_at > now();

-- name: PruneGrants :execrows
DELETE FROM playback_grants WHERE expires_at < @before;

-- name: InsertAccessRevocation :execrows
-- Zero rows when this grant's revocation was already recorded.
INSERT INTO access_revocations (video_id, wallet, grant_expires_at, chain_id, contract, block_number, tx_hash)
VALUES (@video_id, @wallet, @grant_expires_at, @chain_id, @contract, @block_number, @tx_hash)
ON CONFLICT DO NOTHING;
