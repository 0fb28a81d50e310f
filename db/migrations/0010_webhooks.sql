-- +goose Up
-- Creators' webhook endpoints. The secret is the signing key, kept as
-- the "whsec_..." string receivers are given; after a rotation the
-- previous one keeps signing (a second signature) until previous_expires_at.
CREATE TABLE webhook_endpoints (
    id                  uuid        PRIMARY KEY,
    owner_address       text        NOT NULL CHECK (owner_address ~ '^0x[0-9a-fA-F]{40}$'),
    url                 text        NOT NULL,
    description         text        NOT NULL DEFAULT '',
    -- Dotted event names ("video.ready"); empty means every event.
    event_types         text[]      NOT NULL DEFAULT '{}',
    enabled             boolean     NOT NULL DEFAULT true,
    secret              text        NOT NULL,
    previous_secret     text        NOT NULL DEFAULT '',
    previous_expires_at timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_owner ON webhook_endpoints (lower(owner_address), created_at DESC);

-- The outbox: one row per event, written in the same transaction as the
-- change it reports, and only when some endpoint wants it. body is the
-- exact JSON that is signed and sent, so every retry sends the same bytes.
CREATE TABLE webhook_events (
    id            uuid        PRIMARY KEY,
    owner_address text        NOT NULL,
    type          text        NOT NULL,
    -- What the event is about (a video id): deliveries to one endpoint
    -- keep their order per subject.
    subject       text        NOT NULL,
    body          text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_events_created ON webhook_events (created_at);

CREATE TYPE webhook_delivery_state AS ENUM ('pending', 'delivered', 'dead');

-- One event to one endpoint. A pending delivery is claimed with a lease
-- (lease_until, lease_token); a failed attempt sets next_attempt_at by
-- exponential backoff, and a delivery still pending after the retry
-- window (from created_at) is dead. A redelivery is a new row.
CREATE TABLE webhook_deliveries (
    id              uuid                   PRIMARY KEY,
    seq             bigint                 GENERATED ALWAYS AS IDENTITY UNIQUE,
    event_id        uuid                   NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    endpoint_id     uuid                   NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    subject         text                   NOT NULL,
    state           webhook_delivery_state NOT NULL DEFAULT 'pending',
    attempts        integer                NOT NULL DEFAULT 0,
    next_attempt_at timestamptz            NOT NULL DEFAULT now(),
    lease_until     timestamptz,
    lease_token     uuid,
    response_code   integer                NOT NULL DEFAULT 0,
    last_error      text                   NOT NULL DEFAULT '',
    last_attempt_at timestamptz,
    created_at      timestamptz            NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (endpoint_id, subject, seq) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (endpoint_id, seq DESC);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);

-- Wake the deliverers when a delivery is queued.
-- +goose StatementBegin
CREATE FUNCTION webhook_deliveries_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('webhook_deliveries', '');
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER webhook_deliveries_notify_insert
AFTER INSERT ON webhook_deliveries
FOR EACH STATEMENT EXECUTE FUNCTION webhook_deliveries_notify();

-- +goose Down
DROP TRIGGER webhook_deliveries_notify_insert ON webhook_deliveries;
DROP FUNCTION webhook_deliveries_notify;
DROP TABLE webhook_deliveries;
DROP TYPE webhook_delivery_state;
DROP TABLE webhook_events;
DROP TABLE webhook_endpoints;
