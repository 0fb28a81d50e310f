package upload_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"connectrpc.com/connect"
	"connectrpc.com/validate"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	"github.com/streamgate/streamgate/gen/streamgate/upload/v1/uploadv1connect"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/ident"
	"github.com/streamgate/streamgate/server/rpcerr"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/server/upload"
	"github.com/streamgate/streamgate/server/video"
)

const (
	alice = "0xA11CE00000000000000000000000000000000001"
	bob   = "0xB0B0000000000000000000000000000000000002"
	mib   = 1 << 20
)

// tokenVerifier stands in for sign-in at the token layer only: the bearer
// token is the caller's address. Everything past the token (the authn
// interceptor, handlers, database, storage, ffprobe) is the real thing.
type tokenVerifier struct{}

func (tokenVerifier) VerifyAccessToken(_ context.Context, token string) (authn.Caller, error) {
	if !strings.HasPrefix(token, "0x") || len(token) != 42 {
		return authn.Caller{}, errors.New("unknown token")
	}
	return authn.Caller{Address: token, ChainID: 1}, nil
}

type env struct {
	up     *upload.Service
	pool   *testenv.Pool
	s3     *minio.Client
	bucket string
	url    string
	http   *http.Client
}

// newEnv serves the video and upload services with the server's
// interceptor chain on real PostgreSQL, S3 and ffprobe, with upload's
// default settings as set changes them (nil: unchanged).
func newEnv(t testing.TB, set func(*upload.Config)) *env {
	t.Helper()
	return newEnvQueue(t, set, transcode.DefaultConfig())
}

// newEnvQueue is newEnv enqueueing transcode jobs with queue's settings.
func newEnvQueue(t testing.TB, set func(*upload.Config), queue transcode.Config) *env {
	t.Helper()
	return newEnvS3(t, set, queue, nil)
}

// newEnvS3 is newEnvQueue whose services reach S3 through via (nil: the
// test's own client), e.g. a client of a proxy in front of it.
func newEnvS3(t testing.TB, set func(*upload.Config), queue transcode.Config, via func(*minio.Client) *minio.Client) *env {
	t.Helper()
	pool := testenv.DB(t)
	s3, bucket := testenv.S3(t)
	served := s3
	if via != nil {
		served = via(s3)
	}
	log := slog.New(slog.DiscardHandler)
	if os.Getenv("UPLOAD_TEST_LOG") != "" {
		log = slog.Default()
	}
	store := db.NewStore(pool)
	listener := store.Listener(log)
	cfg := upload.DefaultConfig()
	if set != nil {
		set(&cfg)
	}
	q, err := transcode.NewQueue(queue)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := video.New(video.DefaultConfig(), video.Deps{Store: store, S3: served, Bucket: bucket, Log: log, Listener: listener})
	if err != nil {
		t.Fatal(err)
	}
	us, err := upload.New(cfg, upload.Deps{Store: store, S3: served, Bucket: bucket, Log: log, Queue: q})
	if err != nil {
		t.Fatal(err)
	}
	table := append(append(rpcerr.Table{
		{Err: db.ErrNotFound, Code: connect.CodeNotFound},
		{Err: db.ErrConflict, Code: connect.CodeAlreadyExists},
	}, slices.Concat(acl.Errors, ident.Errors, video.Errors)...), upload.Errors...)
	opts := connect.WithInterceptors(table.Interceptor(log), validate.NewInterceptor(), authn.NewInterceptor(tokenVerifier{}))
	mux := http.NewServeMux()
	mux.Handle(videov1connect.NewVideoServiceHandler(vs, opts))
	path, h := uploadv1connect.NewUploadServiceHandler(us, opts)
	mux.Handle(path, us.StreamTimeouts(h))
	testenv.Run(t, listener.Run)
	testenv.Run(t, us.Run)
	url, client := testenv.Serve(t, mux)
	return &env{up: us, pool: pool, s3: s3, bucket: bucket, url: url, http: client}
}

func (e *env) uploads(who string, opts ...connect.ClientOption) uploadv1connect.UploadServiceClient {
	return uploadv1connect.NewUploadServiceClient(e.http, e.url, append(opts, connect.WithInterceptors(testenv.Bearer(who)))...)
}

func (e *env) videos(who string) videov1connect.VideoServiceClient {
	return videov1connect.NewVideoServiceClient(e.http, e.url, connect.WithInterceptors(testenv.Bearer(who)))
}

func (e *env) newVideo(t testing.TB, who string) string {
	t.Helper()
	res, err := e.videos(who).CreateVideo(context.Background(), connect.NewRequest(&videov1.CreateVideoRequest{
		Title: "clip", Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
	}))
	if err != nil {
		t.Fatal(err)
	}
	return res.Msg.Video.Id
}

func (e *env) video(t testing.TB, id string) *videov1.Video {
	t.Helper()
	res, err := e.videos(alice).GetVideo(context.Background(), connect.NewRequest(&videov1.GetVideoRequest{Id: id}))
	if err != nil {
		t.Fatal(err)
	}
	return res.Msg.Video
}

func (e *env) create(t testing.TB, who, videoID string, file []byte) *uploadv1.Upload {
	t.Helper()
	res, err := e.uploads(who).CreateUpload(context.Background(), connect.NewRequest(&uploadv1.CreateUploadRequest{
		VideoId: videoID, SizeBytes: uint64(len(file)), Sha256: hexSum(file), ContentType: "video/mp4",
	}))
	if err != nil {
		t.Fatal(err)
	}
	return res.Msg.Upload
}

func (e *env) get(t testing.TB, id string) *uploadv1.Upload {
	t.Helper()
	res, err := e.uploads(alice).GetUpload(context.Background(), connect.NewRequest(&uploadv1.GetUploadRequest{UploadId: id}))
	if err != nil {
		t.Fatal(err)
	}
	return res.Msg.Upload
}

// objects lists every object key in the test's bucket.
func (e *env) objects(t testing.TB) []string {
	t.Helper()
	var out []string
	for o := range e.s3.ListObjects(context.Background(), e.bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		out = append(out, o.Key)
	}
	return out
}

func (e *env) pendingMultipart(t testing.TB) int {
	t.Helper()
	res, err := minio.Core{Client: e.s3}.ListMultipartUploads(context.Background(), e.bucket, "", "", "", "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	return len(res.Uploads)
}

func wantCode(t testing.TB, err error, code connect.Code) {
	t.Helper()
	if connect.CodeOf(err) != code {
		t.Fatalf("got %v, want %v", err, code)
	}
}

func hexSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func b64Sum(b []byte) string {
	s := sha256.Sum256(b)
	return base64.StdEncoding.EncodeToString(s[:])
}

var (
	clipOnce sync.Once
	clip     []byte
	clipErr  error
)

// tinyClip is a real two-second H.264/AAC MP4 made by ffmpeg, once per run.
func tinyClip(t testing.TB) []byte {
	t.Helper()
	clipOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sgclip")
		if err != nil {
			clipErr = err
			return
		}
		defer os.RemoveAll(dir)
		out := filepath.Join(dir, "clip.mp4")
		cmd := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
			"-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=2",
			"-f", "lavfi", "-i", "sine=duration=2",
			"-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", out)
		if msg, err := cmd.CombinedOutput(); err != nil {
			clipErr = errors.New(string(msg))
			return
		}
		clip, clipErr = os.ReadFile(out)
	})
	if clipErr != nil {
		t.Fatalf("ffmpeg: %v", clipErr)
	}
	return clip
}

// bigClip is the tiny clip followed by a top-level MP4 "free" box of n
// random bytes: a valid MP4 (players and ffprobe skip free boxes) as
// large as a test needs, without encoding minutes of video.
func bigClip(t testing.TB, n int) []byte {
	t.Helper()
	small := tinyClip(t)
	out := make([]byte, len(small)+8+n)
	copy(out, small)
	box := out[len(small):]
	binary.BigEndian.PutUint32(box, uint32(8+n))
	copy(box[4:], "free")
	if _, err := io.ReadFull(rand.Reader, box[8:]); err != nil {
		t.Fatal(err)
	}
	return out
}

// put sends one part to its presigned URL with the headers it requires;
// status 0 means the connection failed.
func put(t testing.TB, client *http.Client, p *uploadv1.PresignedPart, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, p.Url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range p.Headers {
		req.Header.Set(k, v)
	}
	res, err := client.Do(req)
	if err != nil {
		// S3 may refuse before reading the body and close the connection.
		return 0, err.Error()
	}
	defer res.Body.Close()
	msg, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(msg)
}

// partOf returns part n (1-based) of file for an upload.
func partOf(u *uploadv1.Upload, file []byte, n uint32) []byte {
	start := int(uint64(n-1) * u.PartSize)
	return file[start:min(start+int(u.PartSize), len(file))]
}

func (e *env) presign(t testing.TB, who string, u *uploadv1.Upload, file []byte, nums ...uint32) []*uploadv1.PresignedPart {
	t.Helper()
	req := &uploadv1.PresignPartsRequest{UploadId: u.Id}
	for _, n := range nums {
		req.Parts = append(req.Parts, &uploadv1.PartChecksum{Number: n, Sha256: b64Sum(partOf(u, file, n))})
	}
	res, err := e.uploads(who).PresignParts(context.Background(), connect.NewRequest(req))
	if err != nil {
		t.Fatal(err)
	}
	return res.Msg.Parts
}

var minioStat = minio.StatObjectOptions{}

// s3Proxy starts a proxy in front of the real S3 server that hands every
// request to serve, with next passing it on, and returns what makes the
// services' S3 client go through it (for newEnvS3), with opts applied to
// that client's options.
func s3Proxy(t testing.TB, serve func(w http.ResponseWriter, r *http.Request, next http.Handler), opts ...func(*minio.Options)) func(*minio.Client) *minio.Client {
	target := &url.URL{Scheme: "http", Host: testenv.S3Endpoint()}
	next := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(target)
		r.Out.Host = r.In.Host // the signature covers the host the client used
	}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { serve(w, r, next) }))
	t.Cleanup(srv.Close)
	return func(*minio.Client) *minio.Client {
		return testenv.S3Client(t, strings.TrimPrefix(srv.URL, "http://"), opts...)
	}
}

// objectGET tells a GET of an object's bytes from one of a listing.
func objectGET(r *http.Request) bool {
	q := r.URL.Query()
	return r.Method == http.MethodGet && strings.Count(strings.Trim(r.URL.Path, "/"), "/") > 0 &&
		!q.Has("uploadId") && !q.Has("uploads") && !q.Has("list-type")
}
