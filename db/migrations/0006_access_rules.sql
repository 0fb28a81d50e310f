-- +goose Up
-- The rule that decides who may watch a video; a video without a row is
-- ungated. The rule is streamgate.gate.v1.Rule in protojson, validated and
-- normalised by the gate before it is stored; rule_hash names its exact
-- content, so cached answers of an older rule are never read for a new one.
CREATE TABLE access_rules (
    video_id    uuid        PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
    rule        jsonb       NOT NULL,
    rule_hash   text        NOT NULL CHECK (rule_hash ~ '^[0-9a-f]{64}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE access_rules;
