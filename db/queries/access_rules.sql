-- name: GetVideoGate :one
-- The video's owner and its rule, if any, in one read for each check.
SELECT v.owner_address, r.rule, r.rule_hash
FROM videos v
LEFT JOIN access_rules r ON r.video_id = v.id
WHERE v.id = @video_id;

-- name: UpsertAccessRule :one
INSERT INTO access_rules (video_id, rule, rule_hash)
VALUES (@video_id, @rule, @rule_hash)
ON CONFLICT (video_id) DO UPDATE
SET rule = EXCLUDED.rule, rule_hash = EXCLUDED.rule_hash, updated_at = now()
RETURNING *;

-- name: DeleteAccessRule :execrows
DELETE FROM access_rules WHERE video_id = @video_id;

-- name: GetVideoVisibility :one
-- Who owns the video and who may see it: a private video's rule and
-- decision are its owner's business only.
SELECT owner_address, visibility FROM videos WHERE id = @video_id;
