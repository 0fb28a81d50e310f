package transcoder

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/streamgate/streamgate/media"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestPlan(t *testing.T) {
	t.Parallel()
	p := DefaultProfile()
	for _, tc := range []struct {
		name string
		src  media.Info
		want string
	}{
		{"1080p source gets the whole ladder", media.Info{Width: 1920, Height: 1080, FPS: 30}, "1080p:1920x1080@40 720p:1280x720@31 480p:854x480@31 360p:640x360@30"},
		{"never upscales", media.Info{Width: 1280, Height: 720, FPS: 60}, "720p:1280x720@32 480p:854x480@31 360p:640x360@31"},
		{"between rungs", media.Info{Width: 1000, Height: 700, FPS: 25}, "480p:686x480@30 360p:514x360@30"},
		{"below every rung", media.Info{Width: 321, Height: 241, FPS: 30}, "240p:320x240@30"},
		{"portrait", media.Info{Width: 720, Height: 1280, FPS: 30}, "1080p:608x1080@31 720p:406x720@30 480p:270x480@30 360p:202x360@30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, r := range Plan(p, tc.src) {
				got = append(got, r.Name+":"+itoa(r.Width)+"x"+itoa(r.Height)+"@"+itoa(r.Level))
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Fatalf("got  %s\nwant %s", g, tc.want)
			}
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// golden compares got with the file at path, rewriting it first under
// -update; review the diff after a deliberate change.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update once)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s changed; review and run with -update:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestArgsGolden pins the ffmpeg command; run with -update after a
// deliberate change and review the diff.
func TestArgsGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		src  media.Info
	}{
		{"ladder_1080_audio", media.Info{Format: "mov", Width: 1920, Height: 1080, FPS: 29.97, AudioCodec: "aac", Duration: 95 * time.Second}},
		{"ladder_360_silent", media.Info{Format: "matroska", Width: 640, Height: 360, FPS: 24, Duration: 2 * time.Second}},
		{"ladder_hdr_portrait", media.Info{Format: "mov", Width: 1080, Height: 1920, FPS: 59.94, AudioCodec: "aac", Duration: 250 * time.Second, HDR: media.HDRPQ}},
		{"audio_only", media.Info{Format: "mov", AudioCodec: "aac", Duration: 30 * time.Minute}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultProfile()
			j := Job{
				Input: "/work/job/source", Format: tc.src.Format, KeyInfo: "/work/job/keyinfo",
				Renditions: Plan(p, tc.src), AudioRenditions: PlanAudio(p, tc.src), Audio: tc.src.AudioCodec != "",
				Duration: tc.src.Duration.Seconds(), FPS: OutputFPS(tc.src.FPS), HDR: tc.src.HDR, Profile: p,
				Storyboard: PlanStoryboard(tc.src.Duration.Seconds(), tc.src.Width, tc.src.Height),
			}
			golden(t, filepath.Join("testdata", tc.name+".golden"), []byte(strings.Join(Args(j), "\n")+"\n"))
		})
	}
}
