//go:build unix

package media_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/streamgate/streamgate/media"
	"github.com/streamgate/streamgate/media/mediatest"
)

// Files that name other files (an HLS playlist, a concat list) are refused
// by the probe without ffprobe opening what they name: each names a FIFO,
// and the trap sees any reader. Without -format_whitelist, ffprobe's hls
// and concat demuxers open the FIFO and the trap fires.
func TestProbeOpensNoOtherFile(t *testing.T) {
	t.Parallel()
	clip := ffmpeg(t, "clip.mp4", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=1", "-c:v", "libx264", "-preset", "ultrafast")
	for name, tc := range map[string]struct {
		body func(target string) string
		ok   bool
	}{
		"hls playlist": {body: func(target string) string {
			return "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n" + target + "\n#EXT-X-ENDLIST\n"
		}},
		// concat refuses absolute names by default; a relative one opens.
		"concat list": {body: func(string) string { return "ffconcat version 1.0\nfile secret.ts\n" }},
		"clip":        {ok: true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			opened := mediatest.Trap(t, filepath.Join(dir, "secret.ts"))
			path := clip
			if tc.body != nil {
				path = filepath.Join(dir, "upload")
				if err := os.WriteFile(path, []byte(tc.body(filepath.Join(dir, "secret.ts"))), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			info, err := media.Prober{}.Probe(context.Background(), path)
			if opened() {
				t.Fatal("ffprobe opened the file the upload names")
			}
			if tc.ok {
				if err != nil || info.Format != "mov" || info.FPS != 10 {
					t.Fatalf("clip: %+v, %v", info, err)
				}
				return
			}
			if !errors.Is(err, media.ErrRejected) || errors.Is(err, media.ErrUnreadable) || !strings.Contains(err.Error(), "container") {
				t.Fatalf("got %v, want a rejection of the container", err)
			}
			if strings.Contains(err.Error(), dir) {
				t.Fatalf("the error names a local path: %v", err)
			}
		})
	}
}
