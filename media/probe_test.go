package media_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/streamgate/streamgate/media"
	"github.com/streamgate/streamgate/media/mediatest"
)

// ffmpeg makes a tiny file in dir from lavfi sources.
func ffmpeg(t *testing.T, name string, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("ffmpeg", append(append([]string{"-hide_banner", "-loglevel", "error", "-y"}, args...), out)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v: %s", err, msg)
	}
	return out
}

func TestProbeAcceptsAVideo(t *testing.T) {
	t.Parallel()
	path := ffmpeg(t, "ok.mp4", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=1",
		"-f", "lavfi", "-i", "sine=duration=1", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest")
	info, err := media.Prober{}.Probe(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != "mov" || info.VideoCodec != "h264" || info.AudioCodec != "aac" ||
		info.Width != 160 || info.Height != 120 || info.Duration < 900*time.Millisecond || info.Streams != 2 {
		t.Fatalf("info %+v", info)
	}
}

// An audio-only upload (a podcast) is accepted: the worker makes an
// audio-only ladder of it.
func TestProbeAcceptsAudioOnly(t *testing.T) {
	t.Parallel()
	path := ffmpeg(t, "tone.m4a", "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac")
	info, err := media.Prober{}.Probe(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if info.VideoCodec != "" || info.AudioCodec != "aac" || info.Width != 0 || info.Duration < 900*time.Millisecond {
		t.Fatalf("info %+v", info)
	}
}

// A phone's portrait clip (landscape frames, turned by its display
// matrix) and an anamorphic one report the size they are shown at.
func TestProbeDisplaySize(t *testing.T) {
	t.Parallel()
	phone := ffmpeg(t, "phone.mp4", "-f", "lavfi", "-i", "testsrc=size=320x180:duration=0.2", "-c:v", "libx264", "-preset", "ultrafast")
	mediatest.TurnQuarter(t, phone)
	wide := ffmpeg(t, "wide.mkv", "-f", "lavfi", "-i", "testsrc=size=480x360:duration=0.2", "-vf", "setsar=4/3", "-c:v", "libx264", "-preset", "ultrafast")
	hdr := ffmpeg(t, "hdr.mp4", "-f", "lavfi", "-i", "testsrc=size=64x64:duration=0.2", "-c:v", "libx264", "-preset", "ultrafast",
		"-pix_fmt", "yuv420p10le", "-color_primaries", "bt2020", "-color_trc", "smpte2084", "-colorspace", "bt2020nc")
	for path, want := range map[string]string{phone: "180x320 turned 270 sdr", wide: "640x360 turned 0 sdr", hdr: "64x64 turned 0 pq"} {
		info, err := media.Prober{}.Probe(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		hdr := string(info.HDR)
		if hdr == "" {
			hdr = "sdr"
		}
		if got := fmt.Sprintf("%dx%d turned %d %s", info.Width, info.Height, info.Rotation, hdr); got != want {
			t.Errorf("%s: %s, want %s", filepath.Base(path), got, want)
		}
	}
}

func TestProbeRejects(t *testing.T) {
	t.Parallel()
	clip := ffmpeg(t, "clip.mp4", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=1", "-c:v", "libx264", "-preset", "ultrafast")
	whole, err := os.ReadFile(clip)
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(t.TempDir(), "truncated.mp4")
	if err := os.WriteFile(truncated, whole[:len(whole)/3], 0o600); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(text, []byte(strings.Repeat("hello\n", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	// An HLS playlist pointing at the network: the whitelist keeps ffprobe
	// on the local file.
	playlist := filepath.Join(t.TempDir(), "evil.m3u8")
	if err := os.WriteFile(playlist, []byte("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nhttp://127.0.0.1:1/x.ts\n#EXT-X-ENDLIST\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		path   string
		limits media.Limits
		want   string
	}{
		"text":      {text, media.Limits{}, ""},
		"truncated": {truncated, media.Limits{}, "cannot read it as media"},
		"playlist":  {playlist, media.Limits{}, ""},
		"image": {ffmpeg(t, "still.png", "-f", "lavfi", "-i", "color=size=64x64", "-frames:v", "1"),
			media.Limits{}, "container"},
		"huge dimensions": {ffmpeg(t, "wide.mp4", "-f", "lavfi", "-i", "color=size=8000x16:duration=0.2", "-c:v", "libx264", "-preset", "ultrafast"),
			media.Limits{}, "larger than"},
		"too many streams": {ffmpeg(t, "many.mkv", "-f", "lavfi", "-i", "testsrc=size=32x32:duration=0.2", "-f", "lavfi", "-i", "sine=duration=0.2",
			"-map", "0:v", "-map", "1:a", "-map", "1:a", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"),
			media.Limits{MaxStreams: 3}, "streams"},
		"codec not allowed": {clip, media.Limits{VideoCodecs: []string{"vp9"}}, "video codec"},
		"too long":          {clip, media.Limits{MaxDuration: 500 * time.Millisecond}, "long"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := media.Prober{Limits: tc.limits}.Probe(context.Background(), tc.path)
			if !errors.Is(err, media.ErrRejected) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a rejection mentioning %q", err, tc.want)
			}
		})
	}
}

func TestProbeWithoutFFprobe(t *testing.T) {
	t.Parallel()
	_, err := media.Prober{Path: "/nonexistent/ffprobe"}.Probe(context.Background(), "x")
	if err == nil || errors.Is(err, media.ErrRejected) {
		t.Fatalf("a missing ffprobe must be an operational error, not a verdict on the file: %v", err)
	}
}

// Inspect is the worker's read: no limits, the container forced when the
// upload's probe found it, and a retryable verdict when ffprobe fails.
func TestInspect(t *testing.T) {
	t.Parallel()
	wide := ffmpeg(t, "wide.mkv", "-f", "lavfi", "-i", "color=size=8000x16:duration=0.2", "-c:v", "libx264", "-preset", "ultrafast")
	for _, format := range []string{"", "matroska", "webm", "matroska,webm"} {
		info, err := media.Prober{}.Inspect(context.Background(), wide, format)
		if err != nil || info.Format != "matroska" || info.Width != 8000 {
			t.Fatalf("format %q: %+v, %v", format, info, err)
		}
	}
	// Forced to another demuxer, the file does not read.
	if _, err := (media.Prober{}).Inspect(context.Background(), wide, "mp4"); !errors.Is(err, media.ErrUnreadable) {
		t.Fatalf("forced mp4: %v", err)
	}
	// A container outside the list is refused for good, without ffprobe.
	_, err := media.Prober{Path: "/nonexistent/ffprobe"}.Inspect(context.Background(), wide, "hls")
	if !errors.Is(err, media.ErrRejected) || errors.Is(err, media.ErrUnreadable) {
		t.Fatalf("forced hls: %v", err)
	}
	// Limits that would let the worker refuse an upload are refused.
	_, err = media.Prober{Limits: media.Limits{Formats: []string{"mp4", "hls"}}}.Probe(context.Background(), wide)
	if err == nil || errors.Is(err, media.ErrRejected) {
		t.Fatalf("hls in the limits: %v", err)
	}
}

// A probe that outlives its timeout is a retryable rejection; one whose
// caller gave up is no verdict on the file at all.
func TestProbeTimeAndCancel(t *testing.T) {
	t.Parallel()
	clip := ffmpeg(t, "clip.mp4", "-f", "lavfi", "-i", "testsrc=size=32x32:duration=0.2", "-c:v", "libx264", "-preset", "ultrafast")
	_, err := media.Prober{Timeout: time.Nanosecond}.Probe(context.Background(), clip)
	if !errors.Is(err, media.ErrUnreadable) || !strings.Contains(err.Error(), "longer than") {
		t.Fatalf("timeout: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (media.Prober{}).Probe(ctx, clip); err == nil || errors.Is(err, media.ErrRejected) {
		t.Fatalf("canceled: %v", err)
	}
}

// fakeFFprobe writes a shell script that stands in for ffprobe.
func fakeFFprobe(t *testing.T, script string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ffprobe")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

// An ffprobe that never stops printing is stopped at the cap, not at the
// timeout; what ffprobe says on stderr (paths) never reaches the error.
func TestProbeOutputBounds(t *testing.T) {
	t.Parallel()
	start := time.Now()
	_, err := media.Prober{Path: fakeFFprobe(t, `exec yes '{"codec_type":"video"},'`), Timeout: time.Minute}.Probe(context.Background(), "x")
	if !errors.Is(err, media.ErrRejected) || !strings.Contains(err.Error(), "too many streams") || time.Since(start) > 30*time.Second {
		t.Fatalf("endless output: %v after %s", err, time.Since(start))
	}
	script := `echo "[hls @ 0x1] Error when loading first segment 'file:/srv/secret/a.ts'" >&2
echo "file:/srv/upload/x: Invalid data found when processing input" >&2
exit 1`
	_, err = media.Prober{Path: fakeFFprobe(t, script)}.Probe(context.Background(), "x")
	if !errors.Is(err, media.ErrUnreadable) || strings.Contains(err.Error(), "/srv") || !strings.Contains(err.Error(), "not a media container") {
		t.Fatalf("stderr: %v", err)
	}
}
