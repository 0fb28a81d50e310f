package playback_test

import (
	"bytes"
	"image/jpeg"
	"net/http"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

const captionSRT = "1\n00:00:00,200 --> 00:00:00,900\nHello <b>there</b>\n\n2\n00:00:01,100 --> 00:00:02,600\nSecond & last\n"

// captioned is a ready video owned by a signed-in creator, with the
// video service hosted beside playback.
func captioned(t *testing.T) (*harness, *streamgate.Client, video) {
	t.Helper()
	h := newHarnessWith(t, nil, nil, nil, "video")
	c, addr := h.viewer()
	return h, c, h.readyVideo(addr)
}

func addTrack(t *testing.T, c *streamgate.Client, v video, lang, name, content string, def bool) *videov1.TextTrack {
	t.Helper()
	res, err := c.Videos.AddTextTrack(t.Context(), connect.NewRequest(&videov1.AddTextTrackRequest{
		VideoId: v.id.String(), Language: lang, Name: name, IsDefault: def, Content: []byte(content),
		Kind: videov1.TextTrackKind_TEXT_TRACK_KIND_CAPTIONS,
	}))
	if err != nil {
		t.Fatalf("add text track: %v", err)
	}
	return res.Msg.Track
}

func TestCaptionsPublishedAndReadByFFmpeg(t *testing.T) {
	t.Parallel()
	h, c, v := captioned(t)
	tok := h.tokenFor(v)
	play := "/play/" + tok + "/"
	if _, body := h.get(play + "master.m3u8"); strings.Contains(string(body), "SUBTITLES") {
		t.Fatalf("master lists subtitles before any track:\n%s", body)
	}
	en := addTrack(t, c, v, "en", "English", captionSRT, true)
	addTrack(t, c, v, "de", "Deutsch", "WEBVTT\n\n00:00.500 --> 00:01.000\nHallo\n", false)

	res, body := h.get(play + "master.m3u8")
	master := string(body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("master: %d", res.StatusCode)
	}
	for _, want := range []string{
		`#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,FORCED=NO,CHARACTERISTICS=`,
		`URI="subs/` + en.Id + `.m3u8"`,
		`LANGUAGE="de",DEFAULT=NO`,
		`CODECS="avc1.42c00c,mp4a.40.2",SUBTITLES="subs"` + "\n" + rung + "/index.m3u8",
	} {
		if !strings.Contains(master, want) {
			t.Fatalf("master lacks %q:\n%s", want, master)
		}
	}
	if strings.Index(master, "#EXT-X-MEDIA") > strings.Index(master, "#EXT-X-STREAM-INF") {
		t.Fatalf("EXT-X-MEDIA after the variants:\n%s", master)
	}

	// The subtitle playlist follows the rung's segments (3 s in 1 s pieces).
	_, pl := h.get(play + "subs/" + en.Id + ".m3u8")
	if n := strings.Count(string(pl), "#EXTINF:"); n != 3 || !strings.Contains(string(pl), "#EXT-X-ENDLIST") {
		t.Fatalf("subtitle playlist:\n%s", pl)
	}
	res, seg := h.get(play + "subs/" + en.Id + "_0.vtt")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/vtt; charset=utf-8" {
		t.Fatalf("segment 0: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	// Cue time 0 is the video's first PTS, as ffprobe reads it.
	m := regexp.MustCompile(`X-TIMESTAMP-MAP=MPEGTS:(\d+),LOCAL:00:00:00\.000`).FindStringSubmatch(string(seg))
	if m == nil {
		t.Fatalf("segment 0 has no timestamp map:\n%s", seg)
	}
	if want := startTicks(t, h.url+play+rung+"/index.m3u8"); m[1] != strconv.FormatInt(want, 10) {
		t.Fatalf("MPEGTS:%s, ffprobe says the video starts at %d", m[1], want)
	}
	if !strings.Contains(string(seg), "Hello <b>there</b>") || strings.Contains(string(seg), "Second") {
		t.Fatalf("segment 0 cues:\n%s", seg)
	}
	// Segment 1 ([1 s, 2 s)) and 2 both carry the cue spanning them.
	for _, n := range []string{"1", "2"} {
		if _, b := h.get(play + "subs/" + en.Id + "_" + n + ".vtt"); !strings.Contains(string(b), "Second &amp; last") {
			t.Fatalf("segment %s:\n%s", n, b)
		}
	}
	for _, p := range []string{"subs/" + en.Id + "_3.vtt", "subs/" + en.Id + "_01.vtt", "subs/" + en.Id + "_-1.vtt",
		"subs/00000000-0000-0000-0000-000000000000.m3u8", "subs/nope.m3u8", "subs/" + en.Id + ".vtt"} {
		if res, _ := h.get(play + p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}

	// ffmpeg reads the subtitle playlist and its WebVTT segments.
	out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-i", h.url+play+"subs/"+en.Id+".m3u8", "-f", "webvtt", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg: %v", err)
	}
	if !strings.Contains(string(out), "Hello") || !strings.Contains(string(out), "Second") {
		t.Fatalf("ffmpeg read:\n%s", out)
	}
	// And the master with the video: the subtitle stream is there (ffmpeg's
	// HLS demuxer reads subtitle renditions only when told experimental).
	probe, err := exec.Command("ffprobe", "-v", "error", "-strict", "experimental", "-show_entries", "stream=codec_type,codec_name", "-of", "csv=p=0",
		h.url+play+"master.m3u8").Output()
	if err != nil || !strings.Contains(string(probe), "webvtt,subtitle") {
		t.Fatalf("ffprobe of the master: %v\n%s", err, probe)
	}
}

// startTicks is where ffprobe says a playlist starts, in 90 kHz ticks.
func startTicks(t *testing.T, url string) int64 {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "stream=start_pts", "-of", "csv=p=0", url).Output()
	if err != nil {
		t.Fatalf("ffprobe: %v", err)
	}
	low := int64(-1)
	for _, f := range strings.Fields(strings.ReplaceAll(string(out), ",", " ")) {
		if n, err := strconv.ParseInt(f, 10, 64); err == nil && (low < 0 || n < low) {
			low = n
		}
	}
	return low
}

func TestCaptionsReplacedAndRemovedWithoutTranscode(t *testing.T) {
	t.Parallel()
	h, c, v := captioned(t)
	play := "/play/" + h.tokenFor(v) + "/"
	en := addTrack(t, c, v, "en", "English", captionSRT, false)
	again := addTrack(t, c, v, "en", "English", "WEBVTT\n\n00:00.100 --> 00:00.800\nReplaced\n", false)
	if again.Id != en.Id {
		t.Fatalf("replace made a new track %s", again.Id)
	}
	_, seg := h.get(play + "subs/" + en.Id + "_0.vtt")
	if !strings.Contains(string(seg), "Replaced") || strings.Contains(string(seg), "Hello") {
		t.Fatalf("after replace:\n%s", seg)
	}
	if _, err := c.Videos.DeleteTextTrack(t.Context(), connect.NewRequest(&videov1.DeleteTextTrackRequest{VideoId: v.id.String(), TrackId: en.Id})); err != nil {
		t.Fatal(err)
	}
	_, master := h.get(play + "master.m3u8")
	if string(master) != string(v.files["master.m3u8"]) {
		t.Fatalf("after delete the master is not the worker's:\n%s", master)
	}
	if res, _ := h.get(play + "subs/" + en.Id + ".m3u8"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("deleted track's playlist: %d", res.StatusCode)
	}
	// The worker's master is untouched in storage throughout.
	obj, err := h.s3.GetObject(t.Context(), h.bucket, v.prefix+"master.m3u8", minio.GetObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var stored bytes.Buffer
	_, _ = stored.ReadFrom(obj)
	if stored.String() != string(v.files["master.m3u8"]) {
		t.Fatal("the stored master changed")
	}
}

func TestThumbnails(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	v := h.readyVideo(owner)
	other := h.readyVideo(owner)
	play := "/play/" + h.tokenFor(v) + "/thumbnail.jpg"
	var first []byte
	for _, tc := range []struct {
		query string
		width int
	}{{"?time=0.5&width=160", 160}, {"?time=2.5&width=320", 320}, {"", 320}, {"?time=9999&width=640", 640}, {"?time=1", 320}} {
		res, body := h.get(play + tc.query)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("%s: %d %s %s", tc.query, res.StatusCode, res.Header.Get("Content-Type"), body)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(body))
		if err != nil || cfg.Width != tc.width || cfg.Height != tc.width*90/160 {
			t.Fatalf("%s: %v %dx%d, want width %d", tc.query, err, cfg.Width, cfg.Height, tc.width)
		}
		if first == nil {
			first = body
		}
	}
	// Another second is another frame (testsrc2 moves); the same is cached.
	_, late := h.get(play + "?time=2.2&width=160")
	_, again := h.get(play + "?time=0.9&width=160")
	if bytes.Equal(late, first) || !bytes.Equal(again, first) {
		t.Fatal("thumbnails do not follow the time, to the second")
	}
	for _, q := range []string{"?time=-1", "?time=abc", "?time=NaN", "?time=Inf", "?width=100", "?width=x", "?width=320.0", "?time=1e400"} {
		if res, body := h.get(play + q); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", q, res.StatusCode, body)
		}
	}
	for name, tok := range forged(t, h, v, other) {
		if res, _ := h.get("/play/" + tok + "/thumbnail.jpg?time=1"); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, res.StatusCode)
		}
		if res, _ := h.get("/play/" + tok + "/subs/" + v.id.String() + ".m3u8"); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s subs: %d, want 403", name, res.StatusCode)
		}
	}
}

func TestPublicPoster(t *testing.T) {
	t.Parallel()
	h, c, v := captioned(t)
	poster := []byte("\xff\xd8\xff\xe0 not really a jpeg, but the bytes we stored")
	if _, err := h.s3.PutObject(t.Context(), h.bucket, v.prefix+"poster.jpg", bytes.NewReader(poster), int64(len(poster)), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	url := "/poster/" + v.id.String() + ".jpg"
	if res, _ := h.get(url); res.StatusCode != http.StatusNotFound {
		t.Fatalf("poster before consent: %d", res.StatusCode)
	}
	update := func(mask string, m *videov1.UpdateVideoRequest) {
		t.Helper()
		m.Id, m.UpdateMask = v.id.String(), &fieldmaskpb.FieldMask{Paths: []string{mask}}
		if _, err := c.Videos.UpdateVideo(t.Context(), connect.NewRequest(m)); err != nil {
			t.Fatal(err)
		}
	}
	update("public_poster", &videov1.UpdateVideoRequest{PublicPoster: true})
	res, body := h.get(url)
	if res.StatusCode != http.StatusOK || !bytes.Equal(body, poster) || res.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("poster: %d %q", res.StatusCode, body)
	}
	for _, p := range []string{"/poster/" + v.id.String() + ".png", "/poster/" + v.id.String(), "/poster/x.jpg",
		"/poster/00000000-0000-0000-0000-000000000000.jpg", "/poster/" + strings.ToUpper(v.id.String()) + "x.jpg"} {
		if res, _ := h.get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}
	update("visibility", &videov1.UpdateVideoRequest{Visibility: videov1.Visibility_VISIBILITY_PRIVATE})
	if res, _ := h.get(url); res.StatusCode != http.StatusNotFound {
		t.Fatalf("private video's poster: %d", res.StatusCode)
	}
	update("visibility", &videov1.UpdateVideoRequest{Visibility: videov1.Visibility_VISIBILITY_UNLISTED})
	update("public_poster", &videov1.UpdateVideoRequest{PublicPoster: false})
	if res, _ := h.get(url); res.StatusCode != http.StatusNotFound {
		t.Fatalf("poster after consent withdrawn: %d", res.StatusCode)
	}
}
