package playback_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	"github.com/streamgate/streamgate/server/playback"
)

// A processing video the worker published early plays: Authorize grants
// it, and its playlists are served fresh (no-cache, never from the object
// cache) until it is ready; one not published is still refused.
func TestPlayableVideoPlaysBeforeReady(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *playback.Config) { c.ObjectCacheBytes = 64 << 20 })
	_, ownerAddr := h.viewer()
	v := h.readyVideo(ownerAddr)
	anon := playbackv1connect.NewPlaybackServiceClient(h.h2c, h.url)
	setState := func(status string, playable bool) {
		t.Helper()
		if _, err := h.pool.Exec(t.Context(), `UPDATE videos SET status = $2, playable = $3 WHERE id = $1`, v.id, status, playable); err != nil {
			t.Fatal(err)
		}
	}
	setState("processing", false)
	if _, err := authorize(t.Context(), anon, v.id.String()); connect.CodeOf(err) != connect.CodeFailedPrecondition {
		t.Fatalf("processing, not playable: %v, want failed_precondition", err)
	}
	if res, _ := h.get("/play/" + h.tokenFor(v) + "/master.m3u8"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("processing, not playable: /play %d, want 404", res.StatusCode)
	}

	setState("processing", true)
	g, err := authorize(t.Context(), anon, v.id.String())
	if err != nil {
		t.Fatalf("playable: %v", err)
	}
	base := strings.TrimPrefix(strings.TrimSuffix(g.GetPlaybackUrl(), "master.m3u8"), h.url)
	playlist := base + rung + "/index.m3u8"
	res, body := h.get(playlist)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "no-cache") {
		t.Fatalf("playable playlist: %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if !bytes.Equal(body, v.files[rung+"/index.m3u8"]) {
		t.Fatal("playable playlist differs from the object")
	}
	// The playlist grows under the same name: the next fetch sees it.
	grown := append(bytes.Clone(body), "#EXT-X-DISCONTINUITY\n"...)
	if _, err := h.s3.PutObject(t.Context(), h.bucket, v.prefix+rung+"/index.m3u8", bytes.NewReader(grown), int64(len(grown)), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, body := h.get(playlist); !bytes.Equal(body, grown) {
		t.Fatal("a growing playlist was served stale")
	}
	if res, _ := h.get(base + rung + "/seg_000.ts"); res.StatusCode != http.StatusOK {
		t.Fatalf("playable segment: %d", res.StatusCode)
	}

	// Ready: the final playlist, cacheable by the server again.
	setState("ready", true)
	if res, _ := h.get(playlist); strings.Contains(res.Header.Get("Cache-Control"), "no-cache") {
		t.Fatalf("ready playlist Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	// Taken back (a failed attempt): refused at once.
	setState("processing", false)
	if res, _ := h.get(playlist); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unpublished: /play %d, want 404", res.StatusCode)
	}
}
