package transcoder

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/streamgate/streamgate/media"
)

func TestRunFFmpegWallClockLimit(t *testing.T) {
	t.Parallel()
	// A minute of generated video read at its native rate (-re) cannot
	// finish in 300 ms, however fast the machine: the limit kills ffmpeg
	// and says why.
	args := []string{"-nostdin", "-v", "error", "-progress", "pipe:1", "-re", "-f", "lavfi", "-i", "testsrc=duration=60", "-f", "null", "-"}
	var last time.Duration
	_, err := RunFFmpeg(context.Background(), "ffmpeg", args, t.TempDir(), 300*time.Millisecond, func(d time.Duration) { last = d })
	if err == nil || !strings.Contains(err.Error(), "wall-clock limit") {
		t.Fatalf("err = %v", err)
	}
	if last >= 60*time.Second {
		t.Fatalf("ffmpeg finished (%v)", last)
	}
}

func TestRunFFmpegReportsFailure(t *testing.T) {
	t.Parallel()
	_, err := RunFFmpeg(context.Background(), "ffmpeg", []string{"-nostdin", "-v", "error", "-i", "file:/nonexistent", "-f", "null", "-"}, t.TempDir(), time.Minute, nil)
	if err == nil || !strings.Contains(err.Error(), "/nonexistent") {
		t.Fatalf("err = %v, want ffmpeg's stderr in it", err)
	}
}

func TestPrepareRefusesOtherContainers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A playlist naming a local file: the probe must not open it as HLS,
	// and refuses it for good.
	evil := filepath.Join(dir, "evil.m3u8")
	if err := os.WriteFile(evil, []byte("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:/etc/passwd\n#EXT-X-ENDLIST\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	enc := Encoder{FFmpeg: "ffmpeg", FFprobe: "ffprobe", Profile: DefaultProfile(), MaxWall: time.Minute}
	key := Key{Key: make([]byte, 16), IV: make([]byte, 16), URI: "../key"}
	if _, _, err := enc.Prepare(context.Background(), Source{Path: evil}, key, dir); err == nil || retryable(err) {
		t.Fatalf("probed an HLS playlist: %v", err)
	}
	// A real file with a format the upload never accepts is refused for
	// good (not retried).
	clip := filepath.Join(dir, "clip.mkv")
	if out, err := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x64:duration=0.5", clip).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if _, _, err := enc.Prepare(context.Background(), Source{Path: clip, Format: "hls"}, key, dir); !errors.Is(err, media.ErrRejected) || retryable(err) {
		t.Fatalf("format hls: %v", err)
	}
	// Probed, or forced to the container the upload found.
	for _, f := range []string{"", "matroska", "matroska,webm"} {
		if job, _, err := enc.Prepare(context.Background(), Source{Path: clip, Format: f}, key, dir); err != nil || job.Format != "matroska" {
			t.Fatalf("format %q: job format %q, %v", f, job.Format, err)
		}
	}
	// A file ffprobe cannot read may be tried again.
	garbage := filepath.Join(dir, "garbage")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a video ", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := enc.Prepare(context.Background(), Source{Path: garbage}, key, dir); err == nil || !retryable(err) {
		t.Fatalf("garbage: %v", err)
	}
}
