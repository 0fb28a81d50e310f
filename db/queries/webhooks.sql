-- name: EnqueueWebhookEvent :execrows
-- Records an event and one delivery per enabled endpoint of the owner
-- that wants its type; nothing at all when no endpoint does.
WITH targets AS (
    SELECT id FROM webhook_endpoints
    WHERE lower(owner_address) = lower(@owner_address::text) AND enabled
      AND (cardinality(event_types) = 0 OR @type::text = ANY (event_types))
), ev AS (
    INSERT INTO webhook_events (id, owner_address, type, subject, body)
    SELECT @id::uuid, @owner_address::text, @type::text, @subject::text, @body::text
    WHERE EXISTS (SELECT 1 FROM targets)
    RETURNING id
)
INSERT INTO webhook_deliveries (id, event_id, endpoint_id, subject)
SELECT gen_random_uuid(), ev.id, targets.id, @subject::text FROM ev, targets;

-- name: ClaimWebhookDeliveries :many
-- Leases due deliveries, at most one per endpoint and none for an
-- endpoint that has one in flight (here or on another server), each the
-- oldest pending one of its subject on that endpoint, so an endpoint sees
-- a video's events in order and a slow endpoint holds one lease at most.
UPDATE webhook_deliveries d
SET lease_until = now() + sqlc.arg(lease_seconds)::float8 * interval '1 second',
    lease_token = gen_random_uuid(), attempts = d.attempts + 1, last_attempt_at = now()
FROM webhook_events e, webhook_endpoints p
WHERE d.id IN (
    SELECT c.id FROM webhook_deliveries c
    WHERE c.id IN (
        SELECT DISTINCT ON (h.endpoint_id) h.id
        FROM webhook_deliveries h JOIN webhook_endpoints ep ON ep.id = h.endpoint_id
        WHERE h.state = 'pending' AND h.next_attempt_at <= now() AND ep.enabled
          AND NOT EXISTS (
              SELECT 1 FROM webhook_deliveries b
              WHERE b.endpoint_id = h.endpoint_id AND b.state = 'pending' AND b.lease_until > now())
          AND NOT EXISTS (
              SELECT 1 FROM webhook_deliveries o
              WHERE o.endpoint_id = h.endpoint_id AND o.subject = h.subject AND o.state = 'pending' AND o.seq < h.seq)
        ORDER BY h.endpoint_id, h.seq
    )
    ORDER BY c.seq
    LIMIT @lim
    FOR UPDATE SKIP LOCKED
)
AND d.state = 'pending' AND (d.lease_until IS NULL OR d.lease_until <= now())
AND e.id = d.event_id AND p.id = d.endpoint_id
RETURNING d.id, d.lease_token, d.attempts, d.created_at, d.endpoint_id, e.id AS event_id, e.type, e.body,
    p.url, p.secret, p.previous_secret, p.previous_expires_at;

-- name: FinishWebhookDelivery :execrows
-- Records an attempt's outcome, fenced by the lease.
UPDATE webhook_deliveries
SET state = @state, response_code = @response_code, last_error = @last_error,
    next_attempt_at = now() + sqlc.arg(backoff_seconds)::float8 * interval '1 second',
    lease_until = NULL, lease_token = NULL
WHERE id = @id AND lease_token = @lease_token::uuid;

-- name: KillStaleWebhookDeliveries :execrows
-- Gives up on deliveries still pending after the retry window (an
-- endpoint disabled or failing for that long).
UPDATE webhook_deliveries
SET state = 'dead', last_error = CASE WHEN last_error = '' THEN 'not delivered within the retry window' ELSE last_error END
WHERE state = 'pending' AND created_at < now() - sqlc.arg(max_age_seconds)::float8 * interval '1 second'
  AND (lease_until IS NULL OR lease_until <= now());

-- name: CreateWebhookEndpoint :one
INSERT INTO webhook_endpoints (id, owner_address, url, description, event_types, enabled, secret)
VALUES (@id, @owner_address, @url, @description, @event_types, @enabled, @secret)
RETURNING *;

-- name: GetWebhookEndpoint :one
SELECT * FROM webhook_endpoints WHERE id = @id;

-- name: ListWebhookEndpoints :many
SELECT * FROM webhook_endpoints WHERE lower(owner_address) = lower(@owner_address::text)
ORDER BY created_at DESC, id
LIMIT 500;

-- name: UpdateWebhookEndpoint :one
UPDATE webhook_endpoints SET
    url = coalesce(sqlc.narg(url), url),
    description = coalesce(sqlc.narg(description), description),
    event_types = coalesce(sqlc.narg(event_types)::text[], event_types),
    enabled = coalesce(sqlc.narg(enabled), enabled),
    updated_at = now()
WHERE id = @id
RETURNING *;

-- name: DeleteWebhookEndpoint :execrows
DELETE FROM webhook_endpoints WHERE id = @id;

-- name: RotateWebhookSecret :one
UPDATE webhook_endpoints SET previous_secret = secret, secret = @secret,
    previous_expires_at = now() + sqlc.arg(grace_seconds)::float8 * interval '1 second', updated_at = now()
WHERE id = @id
RETURNING *;

-- name: ListUnsealedWebhookSecrets :many
-- Endpoints whose secret, or previous secret, was stored before secrets
-- were sealed at rest (server/webhook seals them).
SELECT id, secret, previous_secret FROM webhook_endpoints
WHERE secret NOT LIKE 'sealed:v1:%'
   OR (previous_secret <> '' AND previous_secret NOT LIKE 'sealed:v1:%')
LIMIT 500;

-- name: SealWebhookSecrets :execrows
-- Replaces an endpoint's stored secrets with their sealed form, unless
-- they changed since they were read (a rotation meanwhile wins).
UPDATE webhook_endpoints SET secret = @sealed_secret, previous_secret = @sealed_previous
WHERE id = @id AND secret = @secret AND previous_secret = @previous_secret;

-- name: ListWebhookDeliveries :many
SELECT d.id, d.event_id, e.type, d.state, d.attempts, d.response_code, d.last_error,
    d.created_at, d.last_attempt_at, d.next_attempt_at
FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
WHERE d.endpoint_id = @endpoint_id
ORDER BY d.seq DESC
LIMIT @lim;

-- name: GetWebhookDelivery :one
SELECT d.id, d.event_id, d.endpoint_id, d.subject, p.owner_address
FROM webhook_deliveries d JOIN webhook_endpoints p ON p.id = d.endpoint_id
WHERE d.id = @id;

-- name: RedeliverWebhook :one
-- A new delivery of the same event to the same endpoint, due now.
INSERT INTO webhook_deliveries (id, event_id, endpoint_id, subject)
SELECT @new_id::uuid, d.event_id, d.endpoint_id, d.subject FROM webhook_deliveries d WHERE d.id = @id
RETURNING id;

-- name: GetWebhookDeliveryView :one
SELECT d.id, d.event_id, e.type, d.state, d.attempts, d.response_code, d.last_error,
    d.created_at, d.last_attempt_at, d.next_attempt_at
FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
WHERE d.id = @id;

-- name: PruneWebhookEvents :execrows
-- Forgets events older than the retention whose deliveries are all
-- finished (their deliveries go with them).
DELETE FROM webhook_events e
WHERE e.created_at < now() - sqlc.arg(retention_seconds)::float8 * interval '1 second'
  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.state = 'pending');
