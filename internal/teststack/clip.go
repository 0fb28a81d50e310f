package teststack

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TinyMP4 encodes one second of 160x120 test pattern with a tone.
func TinyMP4(t testing.TB) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "tiny.mp4")
	cmd := exec.Command("ffmpeg", "-nostdin", "-v", "error",
		"-f", "lavfi", "-i", "testsrc=size=160x120:rate=15:duration=1",
		"-f", "lavfi", "-i", "sine=frequency=440:duration=1",
		"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
		"-c:a", "aac", "-shortest", "-movflags", "+faststart", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v: %s", err, b)
	}
	return out
}

// NoiseMP4 encodes four seconds of lossless noise: about 12 MB, so three
// parts at the smallest S3 part size, in about two seconds.
func NoiseMP4(t testing.TB) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "noise.mp4")
	cmd := exec.Command("ffmpeg", "-nostdin", "-v", "error",
		"-f", "lavfi", "-i", "nullsrc=s=320x240:r=25:d=4,geq=lum='random(1)*255':cb=128:cr=128",
		"-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p", "-movflags", "+faststart", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v: %s", err, b)
	}
	return out
}
