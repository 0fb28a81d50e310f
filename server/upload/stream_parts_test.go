package upload_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/server/upload"
)

// partPuts is a proxy in front of the real S3 server that counts the part
// PUTs it has seen start (their headers arrived) and end (S3's answer
// went back), by part number, and the listings of a multipart upload's
// parts; with hold set, it keeps each PUT from S3, unread, until the test
// ends.
type partPuts struct {
	hold    bool
	mu      sync.Mutex
	started map[string]int
	ended   map[string]int
	lists   int
}

func (p *partPuts) listed() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lists
}

func (p *partPuts) total() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, c := range p.started {
		n += c
	}
	return n
}

func (p *partPuts) count(part string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.started[part]
}

func (p *partPuts) done(part string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ended[part]
}

func (p *partPuts) via(t testing.TB) func(*minio.Client) *minio.Client {
	p.started, p.ended = map[string]int{}, map[string]int{}
	released := make(chan struct{})
	via := s3Proxy(t, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if q := r.URL.Query(); r.Method == http.MethodGet && q.Has("uploadId") {
			p.mu.Lock()
			p.lists++
			p.mu.Unlock()
		}
		if q := r.URL.Query(); r.Method == http.MethodPut && q.Has("uploadId") {
			n := q.Get("partNumber")
			p.mu.Lock()
			p.started[n]++
			p.mu.Unlock()
			defer func() {
				p.mu.Lock()
				p.ended[n]++
				p.mu.Unlock()
			}()
			if p.hold {
				select {
				case <-released:
				case <-r.Context().Done():
				}
				http.Error(w, "held", http.StatusServiceUnavailable)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
	t.Cleanup(func() { close(released) })
	return via
}

// A stream's part is on its way to S3 from its first chunk, not once it
// has filled. A part the stream is cut inside is not stored, and does not
// replace the part stored before under its number: a resume from 0 that
// sends other bytes and is cut leaves part 1 as it was, and the upload
// completes with the declared file.
func TestStreamStoresPartsAsTheyArrive(t *testing.T) {
	t.Parallel()
	var puts partPuts
	e := newEnvS3(t, nil, transcode.DefaultConfig(), puts.via(t))
	file := bigClip(t, 40*mib)
	c := e.uploads(alice, connect.WithGRPC())
	ctx := context.Background()
	vid := e.newVideo(t, alice)

	// One chunk of part 1's four: its PUT has started.
	cut, cancel := context.WithCancel(ctx)
	s := c.UploadStream(cut)
	hdr := &uploadv1.UploadStreamHeader{VideoId: vid, SizeBytes: uint64(len(file)), Sha256: hexSum(file)}
	sendMsg := func(s *connect.ClientStreamForClient[uploadv1.UploadStreamRequest, uploadv1.UploadStreamResponse], from, to int) {
		t.Helper()
		for off := from; off < to; off += chunk {
			if err := s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Chunk{Chunk: file[off:min(off+chunk, to)]}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Header{Header: hdr}}); err != nil {
		t.Fatal(err)
	}
	sendMsg(s, 0, chunk)
	waitFor(t, "the PUT of part 1 to start before part 1 is complete", func() bool { return puts.count("1") == 1 })
	// The rest of part 1 and half of part 2, then the client is cut off.
	sendMsg(s, chunk, 24*mib)
	waitFor(t, "the PUT of part 2 to start", func() bool { return puts.count("2") == 1 })
	cancel()
	_, _ = s.CloseAndReceive()
	// The client is gone at once; the server finishes storing part 1 (and
	// fails part 2) after it.
	waitFor(t, "the PUTs of parts 1 and 2 to end", func() bool { return puts.done("1") == 1 && puts.done("2") == 1 })
	u := e.uploadOf(t, vid)
	first := sha256.Sum256(file[:16*mib])
	if u.CommittedBytes != 16*mib || len(u.Parts) != 1 || u.Parts[0].Sha256 != base64.StdEncoding.EncodeToString(first[:]) {
		t.Fatalf("after a stream cut inside part 2: %v", u)
	}

	// A resume from 0 with other bytes, cut inside part 1.
	other := append([]byte(nil), file...)
	other[mib] ^= 1
	cut, cancel = context.WithCancel(ctx)
	s = c.UploadStream(cut)
	if err := s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Header{Header: &uploadv1.UploadStreamHeader{UploadId: u.Id}}}); err != nil {
		t.Fatal(err)
	}
	for off := 0; off < 8*mib; off += chunk {
		if err := s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Chunk{Chunk: other[off : off+chunk]}}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "the second PUT of part 1 to start", func() bool { return puts.count("1") == 2 })
	cancel()
	_, _ = s.CloseAndReceive()
	waitFor(t, "the second PUT of part 1 to end", func() bool { return puts.done("1") == 2 })
	again := e.get(t, u.Id)
	if again.CommittedBytes != 16*mib || len(again.Parts) != 1 || again.Parts[0].Sha256 != u.Parts[0].Sha256 {
		t.Fatalf("after a resume cut inside part 1: %v", again)
	}

	done, err := send(ctx, c, &uploadv1.UploadStreamHeader{UploadId: u.Id, Offset: 16 * mib}, file, len(file))
	if err != nil {
		t.Fatal(err)
	}
	if done.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("after the resume: %v", done)
	}
	if v := e.video(t, vid); v.Status != videov1.Status_STATUS_UPLOADED || v.VideoCodec != "h264" {
		t.Fatalf("video %v", v)
	}
}

// However slowly S3 takes a stream's parts, the stream has at most three
// of them in flight (and so in memory): the client's sends wait.
func TestStreamPartsInFlightAreCapped(t *testing.T) {
	t.Parallel()
	puts := partPuts{hold: true}
	e := newEnvS3(t, nil, transcode.DefaultConfig(), puts.via(t))
	file := bigClip(t, 96*mib)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := e.uploads(alice, connect.WithGRPC()).UploadStream(ctx)
	hdr := &uploadv1.UploadStreamHeader{VideoId: e.newVideo(t, alice), SizeBytes: uint64(len(file)), Sha256: hexSum(file)}
	if err := s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Header{Header: hdr}}); err != nil {
		t.Fatal(err)
	}
	sent := make(chan int, len(file)/chunk)
	go func() {
		for off := 0; off < len(file); off += chunk {
			if s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Chunk{Chunk: file[off : off+chunk]}}) != nil {
				return
			}
			sent <- off + chunk
		}
	}()
	waitFor(t, "three part PUTs", func() bool { return puts.total() == 3 })
	// The client could send the whole file in this time if nothing held it.
	last := 0
	for quiet := time.After(3 * time.Second); ; {
		select {
		case n := <-sent:
			last = n
			continue
		case <-quiet:
		}
		break
	}
	if n := puts.total(); n != 3 {
		t.Fatalf("%d part PUTs started while S3 held them; want 3", n)
	}
	if last >= len(file) {
		t.Fatalf("the client sent all %d bytes while S3 took none", last)
	}
}

// An S3 that takes a part's first bytes and then neither reads more nor
// answers does not hold the stream: once it has sat on the part for the
// stream's idle timeout, the stream ends Unavailable, saying to resume,
// and the upload stays open with what was stored before.
func TestStalledStoreEndsTheStream(t *testing.T) {
	t.Parallel()
	puts := partPuts{hold: true}
	e := newEnvS3(t, func(c *upload.Config) {
		// Room for a slow client (-race) to send each chunk in time: the
		// stream must end for S3's stall, not its own.
		c.PartSize, c.StreamIdleTimeout = upload.MinPartSize, 3*time.Second
	}, transcode.DefaultConfig(), puts.via(t))
	file := bigClip(t, 12*mib)
	vid := e.newVideo(t, alice)
	// A hung stream fails this as DeadlineExceeded rather than hanging.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// A new stream over gRPC, then its resume over Connect.
	hdr := &uploadv1.UploadStreamHeader{VideoId: vid, SizeBytes: uint64(len(file)), Sha256: hexSum(file)}
	for _, opt := range []connect.ClientOption{connect.WithGRPC(), connect.WithProtoJSON()} {
		_, err := send(ctx, e.uploads(alice, opt), hdr, file, len(file))
		wantCode(t, err, connect.CodeUnavailable)
		if !strings.Contains(err.Error(), "S3 took no bytes") {
			t.Fatalf("a stalled part: %v", err)
		}
		u := e.uploadOf(t, vid)
		if u.State != uploadv1.State_STATE_OPEN || u.CommittedBytes != 0 {
			t.Fatalf("after a stalled part: %v", u)
		}
		hdr = &uploadv1.UploadStreamHeader{UploadId: u.Id}
	}
	if n := puts.count("1"); n != 2 {
		t.Fatalf("part 1 was PUT %d times; want once per stream", n)
	}
}

// A stream that opens its upload and stores every part itself asks S3 for
// no listing of the parts, neither at its start (an upload just opened
// holds none) nor to join them (it knows each one's ETag from its PUT); a
// stream that resumes an upload does list them, to find where it stands.
func TestStreamOfItsOwnUploadListsNoParts(t *testing.T) {
	t.Parallel()
	var puts partPuts
	e := newEnvS3(t, nil, transcode.DefaultConfig(), puts.via(t))
	const partSize = 5 * mib
	file := bigClip(t, 11*mib)
	c := e.uploads(alice, connect.WithGRPC())
	ctx := context.Background()
	hdr := &uploadv1.UploadStreamHeader{VideoId: e.newVideo(t, alice), SizeBytes: uint64(len(file)), PartSize: partSize, PartsSha256: partsSum(file, partSize)}
	done, err := send(ctx, c, hdr, file, len(file))
	if err != nil || done.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("streamed: %v %v", done, err)
	}
	if n := puts.listed(); n != 0 {
		t.Errorf("a stream of its own upload listed its parts %d times; want none", n)
	}
	// Cut after part 1, then resumed: the resume lists the parts.
	hdr.VideoId = e.newVideo(t, alice)
	open, err := send(ctx, c, hdr, file, partSize+mib)
	if err != nil || open.CommittedBytes != partSize {
		t.Fatalf("a stream cut inside part 2: %v %v", open, err)
	}
	before := puts.listed()
	done, err = send(ctx, c, &uploadv1.UploadStreamHeader{UploadId: open.Id, Offset: partSize}, file, len(file))
	if err != nil || done.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("resumed: %v %v", done, err)
	}
	if puts.listed() == before {
		t.Error("a resumed stream did not list its upload's parts")
	}
}
