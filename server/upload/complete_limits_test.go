package upload_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/server/upload"
)

// objectReads is a proxy in front of the real S3 server that counts the
// whole-object reads (GET of a key, not of a part listing) and holds each
// until released, so a test can act while a completion is reading.
type objectReads struct {
	mu      sync.Mutex
	count   int
	arrived chan struct{}
	release chan struct{}
	once    sync.Once
}

func (o *objectReads) reads() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.count
}

func (o *objectReads) open() { o.once.Do(func() { close(o.release) }) }

// via starts the proxy and returns the services' S3 client through it.
func (o *objectReads) via(t testing.TB) func(*minio.Client) *minio.Client {
	o.arrived, o.release = make(chan struct{}, 100), make(chan struct{})
	via := s3Proxy(t, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if objectGET(r) {
			o.mu.Lock()
			o.count++
			o.mu.Unlock()
			o.arrived <- struct{}{}
			select {
			case <-o.release:
			case <-r.Context().Done():
				return
			}
		}
		next.ServeHTTP(w, r)
	})
	t.Cleanup(o.open) // before the proxy closes: it waits for held GETs
	return via
}

// uploaded creates an upload of file on a new video of alice's and sends
// its one part, ready to complete.
func (e *env) uploaded(t *testing.T, file []byte) *uploadv1.Upload {
	t.Helper()
	u := e.create(t, alice, e.newVideo(t, alice), file)
	p := e.presign(t, alice, u, file, 1)
	if code, msg := put(t, testenv.HTTP1Client(), p[0], partOf(u, file, 1)); code != http.StatusOK {
		t.Fatalf("put part: %d %s", code, msg)
	}
	return u
}

// A client that cancels CompleteUpload and calls again, over and over,
// used to start the read of the whole file (up to 8 GiB) over each time.
// Now the completion goes on without the cancelled caller, and the next
// call waits for it: the object is read once.
func TestCancelledCompletionsReadTheFileOnce(t *testing.T) {
	t.Parallel()
	var o objectReads
	e := newEnvS3(t, nil, transcode.DefaultConfig(), o.via(t))
	defer o.open() // before the server's cleanup waits for held calls
	u := e.uploaded(t, tinyClip(t))
	c := e.uploads(alice)
	for i := range 3 {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := c.CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: u.Id}))
			done <- err
		}()
		// The first call reaches the read; the later ones either start a
		// read of their own, or answer, or (joined) do neither.
		select {
		case <-o.arrived:
		case err := <-done:
			t.Logf("call %d answered before a read: %v", i, err)
		case <-time.After(3 * time.Second):
		}
		cancel()
		if err := <-done; err != nil {
			t.Logf("call %d: %v", i, err)
		}
	}
	o.open()
	// A last, patient call gets the result. (Before, a call racing the
	// previous one's reopening got FailedPrecondition: retry those.)
	for end := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		res, err := c.CompleteUpload(context.Background(), connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: u.Id}))
		if err == nil {
			if res.Msg.Upload.State != uploadv1.State_STATE_COMPLETED {
				t.Fatalf("state %v", res.Msg.Upload.State)
			}
			break
		}
		if connect.CodeOf(err) != connect.CodeFailedPrecondition || time.Now().After(end) {
			t.Fatal(err)
		}
	}
	if n := o.reads(); n != 1 {
		t.Errorf("the object was read %d times, want once", n)
	}
}

// Completions are capped per server: past the cap a call is told to come
// back (ResourceExhausted) instead of starting another whole-file read.
func TestCompletionsAreCapped(t *testing.T) {
	t.Parallel()
	var o objectReads
	e := newEnvS3(t, func(c *upload.Config) { c.MaxCompletions = 1 }, transcode.DefaultConfig(), o.via(t))
	defer o.open() // before the server's cleanup waits for held calls
	file := tinyClip(t)
	a, b := e.uploaded(t, file), e.uploaded(t, file)
	c := e.uploads(alice)
	first := make(chan error, 1)
	go func() {
		_, err := c.CompleteUpload(context.Background(), connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: a.Id}))
		first <- err
	}()
	<-o.arrived // a's completion is reading
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := c.CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: b.Id}))
	wantCode(t, err, connect.CodeResourceExhausted)
	t.Logf("over the cap: %v", err)
	o.open()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	// b kept its parts and completes now.
	res, err := c.CompleteUpload(context.Background(), connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: b.Id}))
	if err != nil || res.Msg.Upload.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("b: %v %v", res, err)
	}
}
