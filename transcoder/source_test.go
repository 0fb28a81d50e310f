package transcoder

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/streamgate/streamgate/media/mediatest"
)

// fixture makes a small source clip with ffmpeg from lavfi inputs.
func fixture(t *testing.T, name string, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("ffmpeg", append(append([]string{"-hide_banner", "-v", "error", "-y"}, args...), out)...)
	if o, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make %s: %v: %s", name, err, o)
	}
	return out
}

// encoded is one finished encode in a folder that also holds the key, so
// ffmpeg can play the playlists as a player would.
type encoded struct {
	Result
	out, tmp string
	key      Key
	enc      Encoder
}

func encode(t *testing.T, src string, rungs ...Rung) encoded {
	t.Helper()
	p := DefaultProfile()
	p.Rungs = rungs
	p.Preset, p.SegmentSeconds, p.KeyframeSeconds = "ultrafast", 2, 1
	e := Encoder{FFmpeg: "ffmpeg", FFprobe: "ffprobe", Profile: p, MaxWall: 5 * time.Minute}
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	key := benchKeyT()
	res, err := e.Encode(context.Background(), Source{Path: src}, key, tmp, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "key"), key.Key, 0o600); err != nil {
		t.Fatal(err)
	}
	return encoded{Result: res, out: out, tmp: tmp, key: key, enc: e}
}

func benchKeyT() Key {
	return Key{Key: []byte("0123456789abcdef"), IV: []byte("fedcba9876543210"), URI: "../key"}
}

func probeT(t *testing.T, args ...string) string {
	t.Helper()
	o, err := exec.Command("ffprobe", append(hlsOptions(args[len(args)-1]), args...)...).Output()
	if err != nil {
		t.Fatalf("ffprobe %v: %v", args, err)
	}
	return strings.TrimSpace(string(o))
}

// hlsOptions let ffmpeg read a local playlist's key file ("../key").
func hlsOptions(input string) []string {
	if strings.HasSuffix(input, ".m3u8") {
		return []string{"-v", "error", "-allowed_extensions", "ALL"}
	}
	return []string{"-v", "error"}
}

// streamsOf is a playlist's stream entries: ffprobe lists them twice (as
// streams and in a program).
func streamsOf(t *testing.T, args ...string) string {
	t.Helper()
	return strings.TrimSpace(strings.Split(probeT(t, args...), "\n\n")[0])
}

// decodes plays a file or playlist through to the end with no error.
func decodes(t *testing.T, input string) {
	t.Helper()
	o, err := exec.Command("ffmpeg", append(hlsOptions(input), "-i", input, "-f", "null", "-")...).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(o)) > 0 {
		t.Fatalf("%s does not decode cleanly: %v: %s", input, err, o)
	}
}

func (e encoded) variant(t *testing.T, name string) Variant {
	t.Helper()
	for _, v := range e.Variants {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("no variant %s in %+v", name, e.Variants)
	return Variant{}
}

// videoOf is a rendition's decoded size, pixel aspect and transfer.
func (e encoded) videoOf(t *testing.T, name string) string {
	return streamsOf(t, "-select_streams", "v:0", "-show_entries", "stream=width,height,sample_aspect_ratio,pix_fmt,color_transfer",
		"-of", "csv=p=0", filepath.Join(e.out, name, "index.m3u8"))
}

func TestRotatedPhoneClipComesOutUpright(t *testing.T) {
	t.Parallel()
	// A landscape-coded frame the phone marks "turn 90°": shown portrait.
	src := fixture(t, "phone.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30:duration=2",
		"-c:v", "libx264", "-preset", "ultrafast")
	mediatest.TurnQuarter(t, src)
	if got := probeT(t, "-show_streams", "-of", "json", src); !strings.Contains(got, `"rotation": -90`) {
		t.Fatalf("the fixture carries no rotation: %q", got)
	}
	e := encode(t, src, Rung{Name: "240p", Height: 240, VideoKbps: 300})
	v := e.variant(t, "240p")
	if v.Width >= v.Height || v.Width != 136 {
		t.Fatalf("planned %dx%d, want portrait 136x240", v.Width, v.Height)
	}
	if got := e.videoOf(t, "240p"); !strings.HasPrefix(got, "136,240,1:1,") {
		t.Fatalf("rendition is %q, want upright 136x240", got)
	}
	decodes(t, filepath.Join(e.out, MasterPlaylist))
}

func TestVariableFrameRateBecomesConstant(t *testing.T) {
	t.Parallel()
	// Frames dropped irregularly and kept with their own times: VFR.
	src := fixture(t, "vfr.mkv", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30:duration=3",
		"-vf", "select='not(mod(n\\,3))+lt(n\\,20)+between(n\\,50\\,60)'", "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast")
	if deltas := frameDeltas(t, src); len(deltas) < 2 {
		t.Fatalf("the fixture is not VFR: frame gaps %v", deltas)
	}
	e := encode(t, src, Rung{Name: "180p", Height: 180, VideoKbps: 300})
	if deltas := frameDeltas(t, filepath.Join(e.out, "180p", "index.m3u8")); len(deltas) != 1 {
		t.Fatalf("output frame gaps %v, want one constant gap", deltas)
	}
	decodes(t, filepath.Join(e.out, MasterPlaylist))
}

// frameDeltas is the set of gaps between frame times, in ms.
func frameDeltas(t *testing.T, input string) map[int]bool {
	out := probeT(t, "-select_streams", "v:0", "-show_entries", "frame=pts_time", "-of", "csv=p=0", input)
	seen := map[int]bool{}
	prev := -1.0
	for _, l := range strings.Fields(out) {
		f, err := strconv.ParseFloat(strings.Trim(l, ","), 64)
		if err != nil {
			continue
		}
		if prev >= 0 {
			seen[int((f-prev)*1000+0.5)] = true
		}
		prev = f
	}
	return seen
}

func TestHDRIsToneMappedToSDR(t *testing.T) {
	t.Parallel()
	for _, trc := range []string{"smpte2084", "arib-std-b67"} {
		t.Run(trc, func(t *testing.T) {
			t.Parallel()
			src := fixture(t, "hdr.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=1",
				"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le",
				"-color_primaries", "bt2020", "-color_trc", trc, "-colorspace", "bt2020nc")
			e := encode(t, src, Rung{Name: "180p", Height: 180, VideoKbps: 300})
			if got := e.videoOf(t, "180p"); got != "320,180,1:1,yuv420p,bt709" {
				t.Fatalf("rendition is %q, want 8-bit BT.709", got)
			}
			decodes(t, filepath.Join(e.out, MasterPlaylist))
		})
	}
}

func TestOddAndAnamorphicSources(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, size, sar string
		rung            Rung
		want            string
	}{
		// Odd: 321x241 becomes the even 320x240.
		{"odd", "321x241", "1", Rung{Name: "240p", Height: 240, VideoKbps: 300}, "320,240,1:1"},
		// Anamorphic: 480x360 stored, shown 4:3 wider (640x360).
		{"anamorphic", "480x360", "4/3", Rung{Name: "360p", Height: 360, VideoKbps: 300}, "640,360,1:1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := fixture(t, tc.name+".mkv", "-f", "lavfi", "-i", "testsrc2=size="+tc.size+":rate=25:duration=1",
				"-vf", "setsar="+tc.sar, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p")
			e := encode(t, src, tc.rung)
			if got := e.videoOf(t, tc.rung.Name); !strings.HasPrefix(got, tc.want+",") {
				t.Fatalf("rendition is %q, want %s", got, tc.want)
			}
			decodes(t, filepath.Join(e.out, MasterPlaylist))
		})
	}
}

var cueRE = regexp.MustCompile(`^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$`)

// parseStoryboardVTT reads a thumbnails track: every cue's times and
// target, checked for order and shape.
func parseStoryboardVTT(t *testing.T, data []byte) []StoryboardTile {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(data))
	if !sc.Scan() || sc.Text() != "WEBVTT" {
		t.Fatal("storyboard.vtt does not start with WEBVTT")
	}
	var tiles []StoryboardTile
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		m := cueRE.FindStringSubmatch(line)
		if m == nil || !sc.Scan() {
			t.Fatalf("bad cue timing %q", line)
		}
		ms := func(h, mi, s, f string) float64 {
			a, _ := strconv.Atoi(h)
			b, _ := strconv.Atoi(mi)
			c, _ := strconv.Atoi(s)
			d, _ := strconv.Atoi(f)
			return float64(a*3600+b*60+c) + float64(d)/1000
		}
		var tl StoryboardTile
		tl.Start, tl.End = ms(m[1], m[2], m[3], m[4]), ms(m[5], m[6], m[7], m[8])
		url, frag, ok := strings.Cut(sc.Text(), "#xywh=")
		if _, err := fmt.Sscanf(frag, "%d,%d,%d,%d", &tl.X, &tl.Y, &tl.W, &tl.H); !ok || err != nil {
			t.Fatalf("bad cue target %q", sc.Text())
		}
		tl.URL = url
		if tl.End <= tl.Start || len(tiles) > 0 && tl.Start != tiles[len(tiles)-1].End {
			t.Fatalf("cue %v does not follow %v", tl, tiles[len(tiles)-1])
		}
		tiles = append(tiles, tl)
	}
	return tiles
}

func TestStoryboardSheetsFollowTheDuration(t *testing.T) {
	t.Parallel()
	// 210 s: a tile every 2 s is 105 tiles, two sheets of 10x10.
	src := fixture(t, "long.mp4", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=5:duration=210",
		"-c:v", "libx264", "-preset", "ultrafast")
	e := encode(t, src, Rung{Name: "90p", Height: 90, VideoKbps: 100})
	vtt, err := os.ReadFile(filepath.Join(e.out, StoryboardVTT))
	if err != nil {
		t.Fatal(err)
	}
	tiles := parseStoryboardVTT(t, vtt)
	if len(tiles) != 105 || tiles[0].Start != 0 || tiles[104].End < 209 || tiles[104].End > 211 {
		t.Fatalf("%d tiles from %v to %v", len(tiles), tiles[0], tiles[len(tiles)-1])
	}
	sizes := map[string]string{}
	for _, tl := range tiles {
		if _, ok := sizes[tl.URL]; !ok {
			sizes[tl.URL] = probeT(t, "-show_entries", "stream=width,height", "-of", "csv=p=0", filepath.Join(e.out, tl.URL))
		}
		var w, h int
		_, _ = fmt.Sscanf(sizes[tl.URL], "%d,%d", &w, &h)
		if tl.W != 160 || tl.H != 90 || tl.X+tl.W > w || tl.Y+tl.H > h {
			t.Fatalf("tile %+v outside its %dx%d sheet", tl, w, h)
		}
	}
	if len(sizes) != 2 || sizes["storyboard/0.jpg"] != "1600,900" || sizes["storyboard/1.jpg"] != "1600,900" {
		t.Fatalf("sheets %v", sizes)
	}
	var m StoryboardMap
	doc, err := os.ReadFile(filepath.Join(e.out, StoryboardJSON))
	if err != nil || json.Unmarshal(doc, &m) != nil {
		t.Fatalf("storyboard.json: %v", err)
	}
	if len(m.Tiles) != len(tiles) || m.Tiles[37] != tiles[37] || len(m.Sheets) != 2 {
		t.Fatalf("JSON and VTT disagree: %d tiles, %+v vs %+v", len(m.Tiles), m.Tiles[37], tiles[37])
	}
}

func TestPlanStoryboard(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		d    float64
		w, h int
		want string
	}{
		{1.5, 1920, 1080, "2.000s 1 tiles 1x1 160x90 1 sheets"},
		{60, 1920, 1080, "2.000s 30 tiles 10x3 160x90 1 sheets"},
		{3600, 1280, 720, "3.600s 1000 tiles 10x10 160x90 10 sheets"},
		{30, 1080, 1920, "2.000s 15 tiles 10x2 90x160 1 sheets"},
	} {
		p := PlanStoryboard(tc.d, tc.w, tc.h)
		got := fmt.Sprintf("%.3fs %d tiles %dx%d %dx%d %d sheets", p.Interval, p.Tiles, p.Columns, p.Rows, p.TileWidth, p.TileHeight, p.Sheets())
		if got != tc.want {
			t.Errorf("%vs %dx%d: got %s, want %s", tc.d, tc.w, tc.h, got, tc.want)
		}
	}
}

func TestAudioOnlySourceGetsAnAudioLadder(t *testing.T) {
	t.Parallel()
	src := fixture(t, "podcast.m4a", "-f", "lavfi", "-i", "sine=frequency=300:duration=5", "-c:a", "aac")
	e := encode(t, src, Rung{Name: "240p", Height: 240, VideoKbps: 300})
	var names []string
	for _, v := range e.Variants {
		names = append(names, v.Name+":"+v.Codecs)
	}
	if strings.Join(names, " ") != "audio-hi:mp4a.40.2 audio:mp4a.40.2" || e.Stills {
		t.Fatalf("variants %v, stills %v", names, e.Stills)
	}
	master, _ := os.ReadFile(filepath.Join(e.out, MasterPlaylist))
	if bytes.Contains(master, []byte("RESOLUTION")) || !bytes.Contains(master, []byte(`CODECS="mp4a.40.2"`)) {
		t.Fatalf("master:\n%s", master)
	}
	if _, err := os.Stat(filepath.Join(e.out, Poster)); err == nil {
		t.Fatal("a poster for audio")
	}
	decodes(t, filepath.Join(e.out, MasterPlaylist))
	if got := streamsOf(t, "-show_entries", "stream=codec_type", "-of", "csv=p=0", filepath.Join(e.out, "audio", "index.m3u8")); got != "audio" {
		t.Fatalf("audio rendition streams %q", got)
	}
}

func TestVideoLadderListsAnAudioOnlyVariant(t *testing.T) {
	t.Parallel()
	src := fixture(t, "clip.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=3",
		"-f", "lavfi", "-i", "sine=duration=3", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest")
	e := encode(t, src, Rung{Name: "180p", Height: 180, VideoKbps: 300})
	master, _ := os.ReadFile(filepath.Join(e.out, MasterPlaylist))
	lines := strings.Split(strings.TrimSpace(string(master)), "\n")
	if last := lines[len(lines)-2:]; !strings.Contains(last[0], `CODECS="mp4a.40.2"`) || strings.Contains(last[0], "RESOLUTION") || last[1] != "audio/index.m3u8" {
		t.Fatalf("master:\n%s", master)
	}
	a, v := e.variant(t, "audio"), e.variant(t, "180p")
	if a.Peak >= v.Peak || a.Peak > 100_000 {
		t.Fatalf("audio-only variant peaks at %d b/s (video %d)", a.Peak, v.Peak)
	}
	decodes(t, filepath.Join(e.out, "audio", "index.m3u8"))
}

func TestDownloadRemuxesTheTopRendition(t *testing.T) {
	t.Parallel()
	src := fixture(t, "clip.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=5",
		"-f", "lavfi", "-i", "sine=duration=5", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest")
	e := encode(t, src, Rung{Name: "180p", Height: 180, VideoKbps: 400}, Rung{Name: "90p", Height: 90, VideoKbps: 150})
	run, err := e.enc.Download(context.Background(), e.Result, e.key, e.tmp, e.out)
	if err != nil {
		t.Fatal(err)
	}
	if run.CPU <= 0 {
		t.Fatal("no CPU measured")
	}
	mp4 := filepath.Join(e.out, Download)
	decodes(t, mp4)
	if got := streamsOf(t, "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", mp4); got != "h264,320,180\naac" {
		t.Fatalf("download streams %q", got)
	}
	dur := func(p string) float64 {
		f, _ := strconv.ParseFloat(probeT(t, "-show_entries", "format=duration", "-of", "csv=p=0", p), 64)
		return f
	}
	if d, top := dur(mp4), dur(filepath.Join(e.out, "180p", "index.m3u8")); d < 4.5 || d-top > 0.1 || top-d > 0.1 {
		t.Fatalf("download lasts %v, top rendition %v", d, top)
	}
	data, _ := os.ReadFile(mp4)
	if moov, mdat := bytes.Index(data, []byte("moov")), bytes.Index(data, []byte("mdat")); moov < 0 || moov > mdat {
		t.Fatalf("moov at %d, mdat at %d: not faststart", moov, mdat)
	}
	// The same pictures as the top rendition: remuxed, not encoded again
	// (a second encode would not decode to identical frames).
	if a, b := pictures(t, mp4), pictures(t, filepath.Join(e.out, "180p", "index.m3u8")); a != b {
		t.Fatalf("the download's pictures differ from the top rendition's: %s vs %s", a, b)
	}
}

// pictures is the MD5 of every decoded video frame of input.
func pictures(t *testing.T, input string) string {
	t.Helper()
	o, err := exec.Command("ffmpeg", append(hlsOptions(input), "-i", input, "-map", "0:v:0", "-f", "md5", "-")...).Output()
	if err != nil {
		t.Fatalf("decode %s: %v", input, err)
	}
	return strings.TrimSpace(string(o))
}
