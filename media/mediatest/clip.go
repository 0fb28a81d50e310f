package mediatest

import (
	"fmt"
	"os/exec"
)

// FFmpeg runs ffmpeg quietly with args, then out as its output file.
func FFmpeg(out string, args ...string) error {
	cmd := exec.Command("ffmpeg", append(append([]string{"-hide_banner", "-loglevel", "error", "-y"}, args...), out)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("ffmpeg %s: %v: %s", out, err, msg)
	}
	return nil
}

// LargeClip writes to out (its name picks the container) 12 s of
// 1280x720 MJPEG with AAC sound, about 23 MiB: quick to make, and large
// enough to leave a hole between a file's first and last 8 MiB. extra are
// further output arguments.
func LargeClip(out string, extra ...string) error {
	return FFmpeg(out, append([]string{"-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=12",
		"-f", "lavfi", "-i", "sine=duration=12", "-c:v", "mjpeg", "-q:v", "2", "-c:a", "aac"}, extra...)...)
}
