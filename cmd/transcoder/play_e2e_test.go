package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/hlskey"
	"github.com/streamgate/streamgate/server/tokens"
)

// newServeEnv is newEnv serving playback too (no caches), so a test follows a video
// from the worker to a player at /play.
func newServeEnv(t *testing.T) *env {
	t.Helper()
	pool := testenv.DB(t)
	s3, bucket := testenv.S3(t)
	rdb, prefix := testenv.Redis(t)
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	master := make([]byte, 32)
	_, _ = rand.Read(master)
	scfg := server.DefaultConfig()
	scfg.Services, scfg.ReadMaxBytes, scfg.RedisPrefix = []string{"auth", "gate", "playback", "transcode"}, 1<<20, prefix
	scfg.ContentKeys = hlskey.Config{MasterKey: master}
	scfg.Svc.Auth.Keys = []tokens.Key{{ID: "test-" + testenv.ID(), Private: priv}}
	scfg.Svc.Playback.VideoCacheTTL, scfg.Svc.Playback.ObjectCacheBytes = 0, 0
	scfg.Svc.Transcode.WorkerTokens = []string{token}
	var srv *server.Server
	url, _ := testenv.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.ServeHTTP(w, r) }))
	scfg.PublicURL = url
	scfg.Svc.Auth.Domain, scfg.Svc.Auth.URI = strings.TrimPrefix(url, "http://"), url
	srv, err = server.New(scfg, server.Deps{Log: slog.New(slog.DiscardHandler), Store: db.NewStore(pool), Redis: rdb, S3: s3, Bucket: bucket})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return &env{t: t, pool: pool, store: db.NewStore(pool), s3: s3, bucket: bucket, url: url, keys: scfg.ContentKeys}
}

// play authorizes the public, ungated video anonymously and returns its
// /play/{token}/ base URL.
func (e *env) play(videoID uuid.UUID) string {
	e.t.Helper()
	c := playbackv1connect.NewPlaybackServiceClient(http.DefaultClient, e.url)
	res, err := c.Authorize(context.Background(), connect.NewRequest(&playbackv1.AuthorizeRequest{VideoId: videoID.String()}))
	if err != nil {
		e.t.Fatal(err)
	}
	u := res.Msg.GetGrant().GetPlaybackUrl()
	return strings.TrimSuffix(u, "master.m3u8")
}

func fetchURL(t *testing.T, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, body
}

// playsThrough decodes input (a /play URL or a file) to the end with no
// error and returns the stream types ffmpeg saw.
func playsThrough(t *testing.T, input string) {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", input, "-f", "null", "-").CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Fatalf("ffmpeg on %s: %v: %s", input, err, out)
	}
}

var xywh = regexp.MustCompile(`(?m)^(storyboard/\d+\.jpg)#xywh=(\d+),(\d+),(\d+),(\d+)$`)

func TestStoryboardAndDownloadThroughPlay(t *testing.T) {
	t.Parallel()
	e := newServeEnv(t)
	videoID, _ := e.video(clip(t, 5, "640x360"), "mov", 3)
	if _, err := e.pool.Exec(context.Background(), `UPDATE videos SET downloadable = true, title = 'My Clip: take 2' WHERE id = $1`, videoID); err != nil {
		t.Fatal(err)
	}
	e.worker("w1", 1)
	if v := e.waitVideo(videoID); v.Status != "ready" {
		t.Fatalf("video %+v", v)
	}
	base := e.play(videoID)
	playsThrough(t, base+"master.m3u8")

	// The thumbnails track parses, and every tile it names is inside a
	// sheet /play serves.
	res, vtt := fetchURL(t, base+"storyboard.vtt")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/vtt" || !bytes.HasPrefix(vtt, []byte("WEBVTT\n")) {
		t.Fatalf("storyboard.vtt: %s %q", res.Status, vtt)
	}
	cues := xywh.FindAllStringSubmatch(string(vtt), -1)
	if len(cues) != 3 || bytes.Count(vtt, []byte(" --> ")) != 3 {
		t.Fatalf("want 3 tiles (5 s, one every 2 s):\n%s", vtt)
	}
	sheet := filepath.Join(t.TempDir(), "sheet.jpg")
	res, img := fetchURL(t, base+cues[0][1])
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" || os.WriteFile(sheet, img, 0o644) != nil {
		t.Fatalf("sheet: %s", res.Status)
	}
	if got := ffprobe(t, "-show_entries", "stream=width,height", "-of", "csv=p=0", sheet); got != "480,90" {
		t.Fatalf("sheet is %s, want 3 tiles of 160x90 in a row", got)
	}
	for _, c := range cues {
		x, _ := strconv.Atoi(c[2])
		if w, _ := strconv.Atoi(c[4]); x+w > 480 || c[1] != "storyboard/0.jpg" {
			t.Fatalf("tile %v outside the sheet", c)
		}
	}
	if res, js := fetchURL(t, base+"storyboard.json"); res.StatusCode != 200 || !bytes.Contains(js, []byte(`"tiles":[{"start":0,"end":2,"url":"storyboard/0.jpg"`)) {
		t.Fatalf("storyboard.json: %s %s", res.Status, js)
	}

	// The download: whole, ranged, named after the title, the top
	// rung's length, and gone once the owner turns downloads off.
	res, mp4 := fetchURL(t, base+"download.mp4")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "video/mp4" ||
		res.Header.Get("Content-Disposition") != `attachment; filename="My-Clip-take-2.mp4"; filename*=UTF-8''My-Clip-take-2.mp4` {
		t.Fatalf("download: %s %v", res.Status, res.Header)
	}
	file := filepath.Join(t.TempDir(), "download.mp4")
	if err := os.WriteFile(file, mp4, 0o644); err != nil {
		t.Fatal(err)
	}
	playsThrough(t, file)
	dur := func(in string) float64 {
		f, _ := strconv.ParseFloat(ffprobe(t, "-show_entries", "format=duration", "-of", "csv=p=0", in), 64)
		return f
	}
	dir := e.download(videoID, e.videoRow(videoID).HLSPrefix)
	if d, top := dur(file), dur(filepath.Join(dir, "360p", "index.m3u8")); d < 4.5 || d-top > 0.1 || top-d > 0.1 {
		t.Fatalf("download lasts %v s, the top rung %v s", d, top)
	}
	res, part := fetchURL(t, base+"download.mp4", "Range", "bytes=100-199")
	if res.StatusCode != http.StatusPartialContent || !bytes.Equal(part, mp4[100:200]) ||
		res.Header.Get("Content-Range") != fmt.Sprintf("bytes 100-199/%d", len(mp4)) {
		t.Fatalf("range: %s %v", res.Status, res.Header)
	}
	if _, err := e.pool.Exec(context.Background(), `UPDATE videos SET downloadable = false WHERE id = $1`, videoID); err != nil {
		t.Fatal(err)
	}
	if res, _ := fetchURL(t, base+"download.mp4"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("download after turning it off: %s", res.Status)
	}
	// A bad token gets the same bare refusal as for any other file.
	if res, _ := fetchURL(t, e.url+"/play/not-a-token/download.mp4"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("bad token: %s", res.Status)
	}
}

func TestNoDownloadUnlessAsked(t *testing.T) {
	t.Parallel()
	e := newServeEnv(t)
	videoID, _ := e.video(clip(t, 1, "320x240"), "mov", 3)
	e.worker("w1", 1)
	v := e.waitVideo(videoID)
	if _, err := e.pool.Exec(context.Background(), `UPDATE videos SET downloadable = true WHERE id = $1`, videoID); err != nil {
		t.Fatal(err)
	}
	// Turned on after the transcode: this attempt made no MP4.
	if res, _ := fetchURL(t, e.play(videoID)+"download.mp4"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("download: %s", res.Status)
	}
	if _, err := os.Stat(filepath.Join(e.download(videoID, v.HLSPrefix), "download.mp4")); err == nil {
		t.Fatal("an MP4 made for a video that did not ask")
	}
}

func TestAudioOnlyUploadPlays(t *testing.T) {
	t.Parallel()
	e := newServeEnv(t)
	podcast := filepath.Join(t.TempDir(), "podcast.m4a")
	if out, err := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=220:duration=4", "-c:a", "aac", podcast).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	videoID, _ := e.video(podcast, "mov", 3)
	e.worker("w1", 1)
	v := e.waitVideo(videoID)
	var names []string
	for _, r := range v.Renditions {
		names = append(names, fmt.Sprintf("%s:%dx%d:%s", r.Name, r.Width, r.Height, r.Codecs))
	}
	if v.Status != "ready" || strings.Join(names, " ") != "audio-hi:0x0:mp4a.40.2 audio:0x0:mp4a.40.2" {
		t.Fatalf("video %+v", v)
	}
	base := e.play(videoID)
	playsThrough(t, base+"master.m3u8")
	out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", base+"audio/index.m3u8").CombinedOutput()
	if got := streams(strings.TrimSpace(string(out))); err != nil || got != "audio" {
		t.Fatalf("streams %q %v", got, err)
	}
	if res, _ := fetchURL(t, base+"storyboard.vtt"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("storyboard for audio: %s", res.Status)
	}
}
