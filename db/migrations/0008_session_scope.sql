-- +goose Up
-- A contract wallet (EIP-1271) proves itself only on the chain whose code
-- approved its sign-in: the same address on another chain may be other
-- code with another owner. Its sessions record that chain, and what they
-- may do is scoped to it (server/auth, server/playback). NULL: an EOA,
-- whose key signs for its address on every chain.
ALTER TABLE sessions ADD COLUMN contract_chain_id bigint CHECK (contract_chain_id > 0);

-- +goose Down
ALTER TABLE sessions DROP COLUMN contract_chain_id;
