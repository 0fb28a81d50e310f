-- name: UpsertAccount :one
INSERT INTO accounts (address)
VALUES (@address)
ON CONFLICT (address) DO UPDATE SET last_sign_in_at = now()
RETURNING *;

-- name: GetAccount :one
SELECT * FROM accounts WHERE address = @address;
