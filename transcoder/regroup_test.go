package transcoder

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/streamgate/streamgate/media"
)

// TestFirstSegmentIsOneGOP encodes 13 s at 6 s segments and a keyframe
// every 2 s: every rendition's playlist starts with one 2 s segment, then
// 6 s ones and the rest, under a target duration of 6, with none of
// ffmpeg's pieces left, and decodes cleanly.
func TestFirstSegmentIsOneGOP(t *testing.T) {
	t.Parallel()
	job, _, out := prepareT(t, 13)
	e := Encoder{FFmpeg: "ffmpeg", FFprobe: "ffprobe", Profile: job.Profile, MaxWall: 5 * time.Minute}
	probe := media.Info{Duration: 13 * time.Second}
	if _, err := e.Run(context.Background(), job, probe, out, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "key"), job.Key.Key, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"180p", "90p", "audio"} {
		data, err := os.ReadFile(filepath.Join(out, r, "index.m3u8"))
		if err != nil {
			t.Fatal(err)
		}
		pl, err := parsePlaylist(strings.NewReader(string(data)))
		if err != nil || !pl.Ended || pl.Key.Method != "AES-128" {
			t.Fatalf("%s: %v %+v", r, err, pl)
		}
		var durs []float64
		for i, s := range pl.Segments {
			if s.URI != "seg_0000"+strconv.Itoa(i)+".ts" {
				t.Fatalf("%s: segment %d is %q", r, i, s.URI)
			}
			durs = append(durs, math.Round(s.Duration*10)/10)
		}
		if !slices.Equal(durs, []float64{2, 6, 5}) {
			t.Fatalf("%s: segment durations %v, want [2 6 5]:\n%s", r, durs, data)
		}
		if !strings.Contains(string(data), "#EXT-X-TARGETDURATION:6\n") || !strings.Contains(string(data), "#EXT-X-PLAYLIST-TYPE:EVENT\n") {
			t.Fatalf("%s: header:\n%s", r, data)
		}
		files, _ := os.ReadDir(filepath.Join(out, r))
		for _, f := range files {
			if n := f.Name(); n != "index.m3u8" && !strings.HasPrefix(n, "seg_") {
				t.Fatalf("%s: %s left in the output", r, n)
			}
		}
		decodes(t, filepath.Join(out, r, "index.m3u8"))
	}
}

// TestRegroupKeepsTheFrames feeds ffmpeg's pieces to the regrouper as a
// growing playlist: the EVENT playlist it writes has its 2 s segment as
// soon as the first piece is listed and each 6 s one once its three
// pieces are; at the end the ladder decodes to the very pictures and
// sound of ffmpeg's pieces.
func TestRegroupKeepsTheFrames(t *testing.T) {
	t.Parallel()
	job, tmp, out := prepareT(t, 13)
	if _, err := RunFFmpeg(context.Background(), "ffmpeg", Args(job), out, 5*time.Minute, nil); err != nil {
		t.Fatal(err)
	}
	pieces := filepath.Join(tmp, "pieces")
	if o, err := exec.Command("cp", "-r", out, pieces).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, o)
	}
	g, err := newRegrouper(job, out)
	if err != nil {
		t.Fatal(err)
	}
	full := map[string][]byte{}
	for _, r := range []string{"180p", "90p", "audio"} {
		if full[r], err = os.ReadFile(filepath.Join(out, r, PartsPlaylist)); err != nil {
			t.Fatal(err)
		}
	}
	// The 180p playlist as ffmpeg wrote it after k pieces: no ENDLIST.
	lines := strings.Split(strings.TrimSuffix(string(full["180p"]), "#EXT-X-ENDLIST\n"), "\n")
	first := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "#EXTINF") })
	want := [][]float64{{}, {2}, {2}, {2}, {2, 6}, {2, 6}, {2, 6}, {2, 6, 5}}
	for k, w := range want {
		if err := os.WriteFile(filepath.Join(out, "180p", PartsPlaylist), []byte(strings.Join(lines[:first+2*k], "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := g.advance(false); err != nil {
			t.Fatalf("after %d pieces: %v", k, err)
		}
		data, err := os.ReadFile(filepath.Join(out, "180p", "index.m3u8"))
		if k == 0 && errors.Is(err, fs.ErrNotExist) {
			continue // no piece yet, nothing to list
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := durations(t, data); !slices.Equal(got, w) || strings.Contains(string(data), "ENDLIST") || !strings.Contains(string(data), "#EXT-X-TARGETDURATION:6\n") {
			t.Fatalf("after %d pieces: %v, want %v:\n%s", k, got, w, data)
		}
	}
	if err := os.WriteFile(filepath.Join(out, "180p", PartsPlaylist), full["180p"], 0o644); err != nil {
		t.Fatal(err)
	}
	if err := g.advance(true); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{out, pieces} {
		if err := os.WriteFile(filepath.Join(f, "key"), job.Key.Key, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []string{"180p", "90p", "audio"} {
		a, b := filepath.Join(out, r, "index.m3u8"), filepath.Join(pieces, r, PartsPlaylist)
		data, _ := os.ReadFile(a)
		if got := durations(t, data); !slices.Equal(got, []float64{2, 6, 5}) {
			t.Fatalf("%s: %v:\n%s", r, got, data)
		}
		if r != "audio" {
			if x, y := pictures(t, a), pictures(t, b); x != y {
				t.Fatalf("%s: pictures %s, ffmpeg's pieces %s", r, x, y)
			}
		}
		if x, y := sound(t, a), sound(t, b); x != y {
			t.Fatalf("%s: sound %s, ffmpeg's pieces %s", r, x, y)
		}
	}
}

// prepareT is the job for a clip of secs seconds with a tone, two rungs
// and the audio-only one, 6 s segments, a keyframe every 2 s, no stills.
func prepareT(t *testing.T, secs int) (job Job, tmp, out string) {
	t.Helper()
	d := strconv.Itoa(secs)
	src := fixture(t, "clip.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30:duration="+d,
		"-f", "lavfi", "-i", "sine=duration="+d, "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest")
	p := DefaultProfile()
	p.Rungs = []Rung{{Name: "180p", Height: 180, VideoKbps: 400}, {Name: "90p", Height: 90, VideoKbps: 150}}
	p.Preset = "ultrafast"
	e := Encoder{FFmpeg: "ffmpeg", FFprobe: "ffprobe", Profile: p, MaxWall: 5 * time.Minute}
	tmp = t.TempDir()
	out = filepath.Join(tmp, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	job, _, err := e.Prepare(context.Background(), Source{Path: src}, benchKeyT(), tmp)
	if err != nil {
		t.Fatal(err)
	}
	job.NoStills = true
	return job, tmp, out
}

// durations is a playlist's segment durations to a tenth of a second.
func durations(t *testing.T, data []byte) []float64 {
	t.Helper()
	pl, err := parsePlaylist(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out := []float64{}
	for _, s := range pl.Segments {
		out = append(out, math.Round(s.Duration*10)/10)
	}
	return out
}

// sound is the MD5 of input's decoded audio.
func sound(t *testing.T, input string) string {
	t.Helper()
	o, err := exec.Command("ffmpeg", append(hlsOptions(input), "-i", input, "-map", "0:a:0", "-f", "md5", "-")...).Output()
	if err != nil {
		t.Fatalf("decode %s: %v", input, err)
	}
	return strings.TrimSpace(string(o))
}
