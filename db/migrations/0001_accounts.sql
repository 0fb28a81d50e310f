-- +goose Up
-- A wallet that has signed in at least once. Addresses are stored
-- EIP-55 checksummed; the unique index is on the lowercase form.
CREATE TABLE accounts (
    address        text        PRIMARY KEY CHECK (address ~ '^0x[0-9a-fA-F]{40}$'),
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE accounts;
