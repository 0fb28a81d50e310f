-- +goose Up
-- A rule set, changed or cleared changes what a video's watchers see (its
-- gated flag), so it wakes them as a change to the video's row does
-- (migration 0005), whoever wrote it.
-- +goose StatementBegin
CREATE FUNCTION notify_rule_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('video_changed', COALESCE(NEW.video_id, OLD.video_id)::text);
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER access_rules_changed AFTER INSERT OR UPDATE OR DELETE ON access_rules
FOR EACH ROW EXECUTE FUNCTION notify_rule_changed();

-- +goose Down
DROP TRIGGER access_rules_changed ON access_rules;
DROP FUNCTION notify_rule_changed();
