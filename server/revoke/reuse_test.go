package revoke_test

import (
	"context"
	"testing"
	"time"
)

// TestReusedGrantStillAnnouncesRevocation: a holder who asks again at
// once is handed the grant it already holds (playback reuses a token for
// a few seconds), which is still recorded for the watcher, so selling
// the pass still ends it with one access.revoked.
func TestReusedGrantStillAnnouncesRevocation(t *testing.T) {
	t.Parallel()
	r := revocationStack(t, true)
	ctx := context.Background()
	g, err := r.holder.Authorize(ctx, r.video)
	if err != nil {
		t.Fatal(err)
	}
	if g.GetToken() != r.token {
		t.Fatal("asked again at once, the holder was not handed its recent grant")
	}
	var recorded time.Time
	if err := r.pool.QueryRow(ctx, "SELECT expires_at FROM playback_grants WHERE video_id = $1", r.video).Scan(&recorded); err != nil {
		t.Fatalf("the grant was not recorded: %v", err)
	}
	if recorded.Before(g.GetExpireTime().AsTime()) {
		t.Fatalf("grant recorded until %s, but it expires %s", recorded, g.GetExpireTime().AsTime())
	}
	r.transferAndWait(t, 30*time.Second)
	r.waitEvents(t, 1)
}
