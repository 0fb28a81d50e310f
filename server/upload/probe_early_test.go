//go:build linux

package upload_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"connectrpc.com/connect"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/server/upload"
)

// probesIn counts the ffprobe processes reading a file in dir.
func probesIn(t *testing.T, dir string) int {
	t.Helper()
	procs, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // it ended meanwhile
		}
		args := bytes.Split(b, []byte{0})
		if filepath.Base(string(args[0])) != "ffprobe" {
			continue
		}
		for _, a := range args {
			if strings.Contains(string(a), dir) {
				n++
				break
			}
		}
	}
	return n
}

// leftIn lists the files in dir.
func leftIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// A presigned upload's completion has ffprobe running before the object is
// read back (here the one its part's URL started; TestUnusedProbeIsStopped
// has one that starts with the join): it opens the copy once the copy is
// complete, and the probe still reports the whole file. Afterwards no
// ffprobe and no copy is left.
func TestPresignedProbeStartsBeforeTheReadBack(t *testing.T) {
	t.Parallel()
	var o objectReads
	tmp := t.TempDir()
	e := newEnvS3(t, func(c *upload.Config) { c.TempDir = tmp }, transcode.DefaultConfig(), o.via(t))
	defer o.open()
	file := tinyClip(t)
	u := e.uploaded(t, file)
	e.completeHeld(t, &o, tmp, u, func() {
		waitFor(t, "ffprobe on the copy", func() bool { return probesIn(t, tmp) == 1 })
	})
}

// completeHeld completes u (a 160-pixel-wide H.264 clip) with its first
// read of the object held by o until during has returned, and checks the
// video's probe and that no ffprobe and nothing in tmp is left.
func (e *env) completeHeld(t *testing.T, o *objectReads, tmp string, u *uploadv1.Upload, during func()) {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := e.complete(u.Id)
		done <- err
	}()
	<-o.arrived // the read back is held: no byte of the copy is written
	during()
	o.open()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if v := e.video(t, u.VideoId); v.Status != videov1.Status_STATUS_UPLOADED || v.VideoCodec != "h264" || v.Width != 160 {
		t.Fatalf("video %v", v)
	}
	waitFor(t, "no ffprobe", func() bool { return probesIn(t, tmp) == 0 })
	if left := leftIn(t, tmp); len(left) != 0 {
		t.Fatalf("left behind: %v", left)
	}
}

// A stream's probe starts before its last bytes arrive. A stream cut then
// stops that probe and deletes its copy, keeps its stored parts, and a
// resume completes; a whole stream of another file than declared is still
// refused (DataLoss) whatever its probe found. Nothing is left behind.
func TestStreamProbeStartsBeforeTheEnd(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	e := newEnv(t, func(c *upload.Config) { c.TempDir = tmp })
	file := bigClip(t, 40*mib)
	c := e.uploads(alice, connect.WithGRPC())
	ctx := context.Background()
	vid := e.newVideo(t, alice)

	cut, cancel := context.WithCancel(ctx)
	s := c.UploadStream(cut)
	hdr := &uploadv1.UploadStreamHeader{VideoId: vid, SizeBytes: uint64(len(file)), Sha256: hexSum(file)}
	if err := s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Header{Header: hdr}}); err != nil {
		t.Fatal(err)
	}
	last := len(file) - len(file)%chunk
	for off := 0; off < last; off += chunk {
		if err := s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Chunk{Chunk: file[off : off+chunk]}}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "ffprobe on the stream's copy", func() bool { return probesIn(t, tmp) == 1 })
	cancel()
	_, _ = s.CloseAndReceive()
	waitFor(t, "the probe of a cut stream to end", func() bool { return probesIn(t, tmp) == 0 && len(leftIn(t, tmp)) == 0 })

	got := e.uploadOf(t, vid)
	if got.State != uploadv1.State_STATE_OPEN || got.CommittedBytes != 32*mib {
		t.Fatalf("after the cut: %v", got)
	}
	done, err := send(ctx, c, &uploadv1.UploadStreamHeader{UploadId: got.Id, Offset: got.CommittedBytes}, file, len(file))
	if err != nil {
		t.Fatal(err)
	}
	if done.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("after the resume: %v", done)
	}
	if v := e.video(t, vid); v.Status != videov1.Status_STATUS_UPLOADED || v.VideoCodec != "h264" {
		t.Fatalf("video %v", v)
	}

	other := append([]byte(nil), file...)
	other[len(other)-1] ^= 1
	_, err = send(ctx, c, &uploadv1.UploadStreamHeader{
		VideoId: e.newVideo(t, alice), SizeBytes: uint64(len(file)), Sha256: hexSum(other),
	}, file, len(file))
	wantCode(t, err, connect.CodeDataLoss)
	waitFor(t, "no ffprobe", func() bool { return probesIn(t, tmp) == 0 })
	if left := leftIn(t, tmp); len(left) != 0 {
		t.Fatalf("left behind: %v", left)
	}
}

// uploadOf is video's newest upload.
func (e *env) uploadOf(t *testing.T, videoID string) *uploadv1.Upload {
	t.Helper()
	var id string
	err := e.pool.QueryRow(context.Background(),
		"SELECT id::text FROM uploads WHERE video_id = $1 ORDER BY created_at DESC LIMIT 1", videoID).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return e.get(t, id)
}
