package main

import (
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
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/hlskey"
	"github.com/streamgate/streamgate/server/objectgc"
	"github.com/streamgate/streamgate/server/tokens"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/transcoder"
)

// newPlayEnv is newEnv with the catalog and playback served too, so a
// player can fetch the ladder through /play while it is encoded, and
// abandoned objects collected at once.
func newPlayEnv(t testing.TB, set func(*transcode.Config)) *env {
	t.Helper()
	pool := testenv.DB(t)
	s3, bucket := testenv.S3(t)
	rdb, prefix := testenv.Redis(t)
	master := make([]byte, hlskey.MasterKeySize)
	_, _ = rand.Read(master)
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	scfg := server.DefaultConfig()
	scfg.Services = []string{"auth", "gate", "playback", "video", "transcode"}
	scfg.ReadMaxBytes, scfg.RedisPrefix = 1<<20, prefix
	scfg.ContentKeys = hlskey.Config{MasterKey: master}
	scfg.Svc.Auth.Keys = []tokens.Key{{ID: "early-" + testenv.ID(), Private: priv}}
	scfg.Svc.ObjectGC = objectgc.Config{Interval: 100 * time.Millisecond, MaxBackoff: time.Second}
	cfg := &scfg.Svc.Transcode
	cfg.WorkerTokens = []string{token}
	if set != nil {
		set(cfg)
	}
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

// slowFFmpeg is an ffmpeg that reads its input at rate times real time,
// so an encode lasts long enough to be watched while it runs.
// Its process id is written to the file pid, for a test to kill it.
func slowFFmpeg(t *testing.T, rate string) (bin, pid string) {
	t.Helper()
	real, err := exec.LookPath("ffmpeg")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path, pid := filepath.Join(dir, "ffmpeg"), filepath.Join(dir, "pid")
	script := fmt.Sprintf("#!/bin/sh\necho $$ > %s\nexec %s -readrate %s \"$@\"\n", pid, real, rate)
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path, pid
}

// workerWith runs an in-process worker until the test ends, with set
// applied to the test settings.
func (e *env) workerWith(set func(*transcoder.Config)) {
	e.t.Helper()
	cfg := transcoder.DefaultConfig()
	cfg.ServerURL, cfg.Token, cfg.WorkerID, cfg.WorkDir = e.url, token, "early", e.t.TempDir()
	cfg.ClaimWait, cfg.Profile, cfg.EarlyPoll = time.Second, testProfile("ultrafast"), 50*time.Millisecond
	set(&cfg)
	w, err := transcoder.New(cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = w.Run(ctx)
	}()
	e.t.Cleanup(func() {
		cancel()
		<-done
	})
}

// playable polls the row until the video is playable, or fails the test
// when it ends (ready or failed) first.
func (e *env) playable(id uuid.UUID) videoRow {
	e.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		var playable bool
		if err := e.pool.QueryRow(context.Background(), `SELECT playable FROM videos WHERE id = $1`, id).Scan(&playable); err != nil {
			e.t.Fatal(err)
		}
		v := e.videoRow(id)
		if playable && v.Status == "processing" {
			return v
		}
		if v.Status == "ready" || v.Status == "failed" {
			e.t.Fatalf("video became %s (%s) without being playable while processing", v.Status, v.FailureReason)
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatal("video never became playable")
	return videoRow{}
}

func (e *env) objects(prefix string) []string {
	e.t.Helper()
	var keys []string
	for obj := range e.s3.ListObjects(context.Background(), e.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			e.t.Fatal(obj.Err)
		}
		keys = append(keys, strings.TrimPrefix(obj.Key, prefix))
	}
	return keys
}

func (e *env) object(key string) string {
	e.t.Helper()
	o, err := e.s3.GetObject(context.Background(), e.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		e.t.Fatal(err)
	}
	defer o.Close()
	b, err := io.ReadAll(o)
	if err != nil {
		e.t.Fatalf("read %s: %v", key, err)
	}
	return string(b)
}

// TestEarlyPlayback: the worker publishes the ladder as it encodes; a
// watcher sees the video playable while processing and then ready; a
// player plays the EVENT playlist through /play before the encode ends;
// the finished playlists are VOD, each finalised once.
func TestEarlyPlayback(t *testing.T) {
	t.Parallel()
	e := newPlayEnv(t, nil)
	id, _ := e.video(clip(t, 10, "640x480"), "mov", 1)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	videos := videov1connect.NewVideoServiceClient(http.DefaultClient, e.url)
	stream, err := videos.WatchVideo(ctx, connect.NewRequest(&videov1.WatchVideoRequest{Id: id.String()}))
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	e.workerWith(func(c *transcoder.Config) { c.FFmpeg, _ = slowFFmpeg(t, "1") })

	var seen []string
	for stream.Receive() {
		v := stream.Msg().GetVideo()
		if len(seen) == 0 || seen[len(seen)-1] != fmt.Sprint(v.GetStatus(), v.GetPlayable()) {
			seen = append(seen, fmt.Sprint(v.GetStatus(), v.GetPlayable()))
		}
		if v.GetStatus() == videov1.Status_STATUS_PROCESSING && v.GetPlayable() {
			break
		}
		if v.GetStatus() == videov1.Status_STATUS_READY || v.GetStatus() == videov1.Status_STATUS_FAILED {
			t.Fatalf("video went %v before it was playable: %v", v.GetStatus(), seen)
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}

	// Authorize works for a playable video; its playlists grow (EVENT,
	// no ENDLIST, not cacheable) and a player decodes from them.
	pb := playbackv1connect.NewPlaybackServiceClient(http.DefaultClient, e.url)
	res, err := pb.Authorize(ctx, connect.NewRequest(&playbackv1.AuthorizeRequest{VideoId: id.String()}))
	if err != nil {
		t.Fatalf("authorize a playable video: %v", err)
	}
	url := res.Msg.GetGrant().GetPlaybackUrl()
	rung := strings.TrimSuffix(url, "master.m3u8") + "240p/index.m3u8"
	body, hdr := get(t, rung)
	if !strings.Contains(body, "#EXT-X-PLAYLIST-TYPE:EVENT") || strings.Contains(body, "#EXT-X-ENDLIST") {
		t.Fatalf("early playlist is not a growing EVENT playlist:\n%s", body)
	}
	if cc := hdr.Get("Cache-Control"); !strings.Contains(cc, "no-cache") {
		t.Fatalf("early playlist Cache-Control %q, want no-cache", cc)
	}
	play := exec.CommandContext(ctx, "ffmpeg", "-nostdin", "-v", "error", "-live_start_index", "0", "-i", url,
		"-t", "1", "-map", "0:v:0", "-f", "framemd5", "-")
	out, err := play.Output()
	if err != nil {
		t.Fatalf("play the EVENT ladder: %v", err)
	}
	if frames := strings.Count(string(out), "\n0,"); frames < 10 {
		t.Fatalf("decoded %d frames from the EVENT ladder, want at least 10", frames)
	}

	// Then ready, with VOD playlists.
	stream2, err := videos.WatchVideo(ctx, connect.NewRequest(&videov1.WatchVideoRequest{Id: id.String()}))
	if err != nil {
		t.Fatal(err)
	}
	defer stream2.Close()
	for stream2.Receive() {
		v := stream2.Msg().GetVideo()
		if v.GetStatus() == videov1.Status_STATUS_READY {
			if !v.GetPlayable() {
				t.Fatal("a ready video must stay playable")
			}
			break
		}
		if v.GetStatus() == videov1.Status_STATUS_FAILED {
			t.Fatalf("video failed: %s", v.GetFailureReason())
		}
	}
	row := e.videoRow(id)
	for _, r := range []string{"480p", "360p", "240p"} {
		pl := e.object(row.HLSPrefix + r + "/index.m3u8")
		if strings.Count(pl, "#EXT-X-PLAYLIST-TYPE:VOD") != 1 || strings.Count(pl, "#EXT-X-ENDLIST") != 1 || strings.Contains(pl, "EVENT") {
			t.Fatalf("rendition %s is not finalised to VOD once:\n%s", r, pl)
		}
	}
	body, hdr = get(t, rung)
	if !strings.Contains(body, "#EXT-X-PLAYLIST-TYPE:VOD") || strings.Contains(hdr.Get("Cache-Control"), "no-cache") {
		t.Fatalf("ready playlist (Cache-Control %q):\n%s", hdr.Get("Cache-Control"), body)
	}
	dir := e.download(id, row.HLSPrefix)
	d, _ := strconv.ParseFloat(ffprobe(t, "-show_entries", "format=duration", "-of", "csv=p=0", filepath.Join(dir, "240p", "index.m3u8")), 64)
	if d < 9.5 || d > 10.5 {
		t.Fatalf("finished rendition lasts %vs, want about 10", d)
	}
}

func get(t *testing.T, url string) (string, http.Header) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, res.Status)
	}
	return string(b), res.Header
}

// TestEarlyPublishFailedEncode: an encode that fails after publishing
// early takes the ladder back: the video is not playable, /play refuses
// it, and the attempt's objects are deleted.
func TestEarlyPublishFailedEncode(t *testing.T) {
	t.Parallel()
	e := newPlayEnv(t, nil)
	id, job := e.video(clip(t, 30, "320x240"), "mov", 1)
	bin, pidFile := slowFFmpeg(t, "1")
	e.workerWith(func(c *transcoder.Config) { c.FFmpeg = bin })
	early := e.playable(id)
	if len(e.objects(early.HLSPrefix)) == 0 {
		t.Fatal("nothing uploaded under the early prefix")
	}
	// ffmpeg dies mid-encode.
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	v := e.waitVideo(id)
	if v.Status != "failed" || !strings.Contains(v.FailureReason, "ffmpeg") {
		t.Fatalf("video %s (%s), want failed by ffmpeg", v.Status, v.FailureReason)
	}
	var playable bool
	if err := e.pool.QueryRow(context.Background(), `SELECT playable FROM videos WHERE id = $1`, id).Scan(&playable); err != nil {
		t.Fatal(err)
	}
	if playable || v.HLSPrefix != "" || len(v.Renditions) != 0 {
		t.Fatalf("failed video still published: playable %v prefix %q renditions %v", playable, v.HLSPrefix, v.Renditions)
	}
	if want := transcode.AttemptPrefix(id, job, 1); early.HLSPrefix != want {
		t.Fatalf("early prefix %q, want the attempt's %q", early.HLSPrefix, want)
	}
	waitGone(e, early.HLSPrefix)
	pb := playbackv1connect.NewPlaybackServiceClient(http.DefaultClient, e.url)
	_, err = pb.Authorize(context.Background(), connect.NewRequest(&playbackv1.AuthorizeRequest{VideoId: id.String()}))
	if connect.CodeOf(err) != connect.CodeFailedPrecondition {
		t.Fatalf("authorize a failed video: %v, want FailedPrecondition", err)
	}
}

func waitGone(e *env, prefix string) {
	e.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for len(e.objects(prefix)) > 0 {
		if time.Now().After(deadline) {
			e.t.Fatalf("objects under %s never deleted: %v", prefix, e.objects(prefix))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestEarlyPublishLeaseLost: a worker whose lease is taken mid-encode
// loses what it published early; the retry publishes its own attempt's
// prefix only, and the video ends ready from it.
func TestEarlyPublishLeaseLost(t *testing.T) {
	t.Parallel()
	e := newPlayEnv(t, func(c *transcode.Config) {
		c.RescueInterval, c.BackoffBase, c.BackoffMax = 100*time.Millisecond, 100*time.Millisecond, 200*time.Millisecond
	})
	id, job := e.video(clip(t, 8, "320x240"), "mov", 2)
	e.workerWith(func(c *transcoder.Config) { c.FFmpeg, _ = slowFFmpeg(t, "2") })
	first := e.playable(id)
	// The lease runs out (as for a worker cut off from the server): the
	// rescuer hands the job back.
	if _, err := e.pool.Exec(context.Background(), `UPDATE transcode_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, job); err != nil {
		t.Fatal(err)
	}
	v := e.waitVideo(id)
	if v.Status != "ready" {
		t.Fatalf("video %s (%s), want ready from the retry", v.Status, v.FailureReason)
	}
	if want := transcode.AttemptPrefix(id, job, 2); v.HLSPrefix != want || first.HLSPrefix != transcode.AttemptPrefix(id, job, 1) {
		t.Fatalf("published %q after early %q, want attempt 2 after attempt 1", v.HLSPrefix, first.HLSPrefix)
	}
	waitGone(e, first.HLSPrefix)
	for _, r := range []string{"240p"} {
		pl := e.object(v.HLSPrefix + r + "/index.m3u8")
		for _, line := range strings.Split(pl, "\n") {
			if strings.HasSuffix(line, ".ts") {
				if _, err := e.s3.StatObject(context.Background(), e.bucket, v.HLSPrefix+r+"/"+line, minio.StatObjectOptions{}); err != nil {
					t.Fatalf("segment %s of the published playlist: %v", line, err)
				}
			}
		}
	}
}
