//go:build unix

package upload_test

import (
	"path/filepath"
	"strings"
	"testing"

	"connectrpc.com/connect"

	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/media/mediatest"
	"github.com/streamgate/streamgate/server/upload"
)

// An uploaded HLS playlist naming a local file is refused as
// invalid_argument, and the server's ffprobe never opens that file: it is
// a FIFO, and the trap sees any reader (see mediatest.Trap). Nothing in
// the answer or the stored reason names a local path.
func TestUploadedPlaylistOpensNothing(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	e := newEnv(t, upload.Config{TempDir: tmp})
	secret := filepath.Join(t.TempDir(), "secret.ts")
	opened := mediatest.Trap(t, secret)
	playlist := []byte("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n" + secret + "\n#EXT-X-ENDLIST\n")
	vid := e.newVideo(t, alice)
	u := e.create(t, alice, vid, playlist)
	e.putAll(t, u, playlist)
	_, err := e.complete(u.Id)
	if opened() {
		t.Fatal("the server's ffprobe opened the file the playlist names")
	}
	wantCode(t, err, connect.CodeInvalidArgument)
	v := e.video(t, vid)
	if v.Status != videov1.Status_STATUS_FAILED || !strings.Contains(v.FailureReason, "container") {
		t.Fatalf("video %v", v)
	}
	for _, msg := range []string{err.Error(), v.FailureReason} {
		if strings.Contains(msg, filepath.Dir(secret)) || strings.Contains(msg, tmp) {
			t.Fatalf("%q names a local path", msg)
		}
	}
}
