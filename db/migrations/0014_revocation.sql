-- +goose Up
-- The chain watcher's checkpoint and the hashes of the blocks it scanned
-- last, per chain: the newest row is where the next scan starts, and the
-- older ones find the fork point after a reorganisation. Rows older than
-- the reorg depth are pruned.
CREATE TABLE chain_watch_blocks (
    chain_id      bigint      NOT NULL CHECK (chain_id > 0),
    block_number  bigint      NOT NULL CHECK (block_number >= 0),
    block_hash    text        NOT NULL CHECK (block_hash ~ '^0x[0-9a-f]{64}$'),
    scanned_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, block_number)
);

-- Wallets' live playback grants, recorded at Authorize and Renew while
-- the chain watcher is on, so that it can tell creators (access.revoked)
-- which viewers a transfer cut off. One row per (video, wallet): the
-- latest grant's expiry.
CREATE TABLE playback_grants (
    video_id    uuid        NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    wallet      text        NOT NULL CHECK (wallet ~ '^0x[0-9a-f]{40}$'),
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (video_id, wallet)
);
CREATE INDEX playback_grants_wallet ON playback_grants (wallet);
CREATE INDEX playback_grants_expires ON playback_grants (expires_at);

-- A live grant the chain watcher found no longer allowed after a
-- transfer; written in the same transaction as its access.revoked event.
-- The key makes a re-scan (after a reorg, or by a new watcher) record
-- and announce one grant's revocation once.
CREATE TABLE access_revocations (
    video_id          uuid        NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    wallet            text        NOT NULL CHECK (wallet ~ '^0x[0-9a-f]{40}$'),
    grant_expires_at  timestamptz NOT NULL,
    chain_id          bigint      NOT NULL,
    contract          text        NOT NULL,
    block_number      bigint      NOT NULL,
    tx_hash           text        NOT NULL,
    revoked_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (video_id, wallet, grant_expires_at)
);

-- +goose Down
DROP TABLE access_revocations;
DROP TABLE playback_grants;
DROP TABLE chain_watch_blocks;
