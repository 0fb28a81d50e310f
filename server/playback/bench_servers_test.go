package playback_test

// The benchmarks' server processes: StreamGate (TestBenchServer, traced
// with PLAYBACK_BENCH_TRACING) and the bare Connect handler
// (TestBenchBareServer) that Authorize is measured against. bench_test.go
// starts them pinned and drives them.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"
	"google.golang.org/protobuf/proto"

	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	"github.com/streamgate/streamgate/internal/benchreport"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/internal/tracing"
	"github.com/streamgate/streamgate/server/playback"
)

// benchInfo is what the server process tells the benchmark.
type benchInfo struct {
	URL     string // StreamGate
	Token   string // a playback token
	Access  string // a session access token of the video's viewer
	VideoID string
	WWW     string // the same segment and playlist as files, for nginx
	Grant   []byte // the first Authorize's grant, which the bare handler answers
}

// bareInfo is what the bare Connect handler's process tells the benchmark.
type bareInfo struct{ URL string }

// TestBenchServer is the benchmarks' server process; it does nothing in a
// normal test run.
func TestBenchServer(t *testing.T) {
	dir := os.Getenv("PLAYBACK_BENCH_DIR")
	if dir == "" {
		t.Skip("the benchmarks' server process")
	}
	if endpoint := os.Getenv("PLAYBACK_BENCH_OTLP"); endpoint != "" {
		harnessTracing = benchTracing(t, endpoint)
	}
	// A gated video and its holder: Authorize runs the gate, whose answer
	// is cached after the first call (the default gate TTLs).
	g := newGated(t, func(c *playback.Config) {
		c.TokenTTL, c.VideoCacheTTL, c.ObjectCacheBytes, c.RenewBefore = time.Hour, 2*time.Second, 256<<20, time.Hour/3
		if os.Getenv("PLAYBACK_BENCH_SPOOL") != "0" {
			c.SpoolDir = filepath.Join(dir, "spool")
		}
	}, nil)
	h, c, v := g.harness, g.holder, g.video
	seg := make([]byte, benchSegmentSize)
	_, _ = rand.Read(seg)
	ctx := context.Background()
	if _, err := h.s3.PutObject(ctx, h.bucket, v.prefix+rung+"/seg_big.ts", bytes.NewReader(seg), int64(len(seg)), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	www := filepath.Join(dir, "www")
	must(t, os.MkdirAll(www, 0o755))
	must(t, os.WriteFile(filepath.Join(www, "seg_big.ts"), seg, 0o644))
	must(t, os.WriteFile(filepath.Join(www, "index.m3u8"), v.files[rung+"/index.m3u8"], 0o644))
	must(t, os.WriteFile(filepath.Join(www, "key"), v.key, 0o644))
	grant, err := authorize(ctx, c.Playback, v.id.String())
	if err != nil {
		t.Fatal(err)
	}
	grantBytes, err := proto.Marshal(grant)
	must(t, err)
	info, _ := json.Marshal(benchInfo{URL: h.url, Token: grant.GetToken(),
		Access: c.Tokens().Access, VideoID: v.id.String(), WWW: www, Grant: grantBytes})
	must(t, os.WriteFile(filepath.Join(dir, "info.json"), info, 0o644))
	stop, err := benchreport.CPUProfile(os.Getenv("PLAYBACK_BENCH_CPUPROFILE"))
	must(t, err)
	defer stop()
	if path := os.Getenv("PLAYBACK_BENCH_MEMPROFILE"); path != "" {
		// Every allocation from here on, by count and bytes (go tool pprof
		// -sample_index=alloc_objects): what each request allocates.
		runtime.MemProfileRate = 1
		defer func() {
			f, err := os.Create(path)
			must(t, err)
			must(t, pprof.Lookup("allocs").WriteTo(f, 0))
			must(t, f.Close())
		}()
	}
	_, _ = io.Copy(io.Discard, os.Stdin) // serve until the benchmark closes our stdin
}

// benchTracing is the server's tracing as cmd/streamgate builds it from
// OTEL_* variables, sampling PLAYBACK_BENCH_TRACING of the traces.
func benchTracing(t *testing.T, endpoint string) *tracing.Provider {
	env := map[string]string{
		"OTEL_TRACES_EXPORTER":        "otlp",
		"OTEL_TRACES_SAMPLER":         "parentbased_traceidratio",
		"OTEL_TRACES_SAMPLER_ARG":     os.Getenv("PLAYBACK_BENCH_TRACING"),
		"OTEL_EXPORTER_OTLP_ENDPOINT": endpoint,
	}
	cfg, err := tracing.FromEnv(func(k string) string { return env[k] }, "streamgate")
	must(t, err)
	cfg.Endpoint = endpoint + "/v1/traces"
	p, err := tracing.New(context.Background(), cfg)
	must(t, err)
	t.Cleanup(func() { _ = p.Shutdown(context.Background()) })
	return p
}

// otlpSink accepts OTLP/HTTP exports and drops them.
func otlpSink() (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusOK)
	})}
	go func() { _ = srv.Serve(l) }()
	return "http://" + l.Addr().String(), func() { _ = srv.Close() }, nil
}

// TestBenchBareServer is the process of the bare Connect handler, the
// Authorize baseline; it does nothing in a normal test run. Like for like
// with StreamGate: its own process (pinned to the same core by the
// benchmark), the same HTTP server (testenv.Serve: HTTP/1.1 and h2c on
// loopback TCP), the same protocol (Connect, protobuf), and the same bytes:
// the grant StreamGate issued, uncompressed as StreamGate sends grants
// (WithCompressMinBytes(4096); by default Connect would gzip it).
func TestBenchBareServer(t *testing.T) {
	dir := os.Getenv("PLAYBACK_BENCH_BARE_DIR")
	if dir == "" {
		t.Skip("the Authorize baseline's server process")
	}
	raw, err := os.ReadFile(filepath.Join(dir, "info.json"))
	must(t, err)
	var info benchInfo
	must(t, json.Unmarshal(raw, &info))
	grant := new(playbackv1.Grant)
	must(t, proto.Unmarshal(info.Grant, grant))
	mux := http.NewServeMux()
	mux.Handle(playbackv1connect.NewPlaybackServiceHandler(bareAuthorize{grant}, connect.WithCompressMinBytes(4096)))
	url, _ := testenv.Serve(t, mux)
	out, _ := json.Marshal(bareInfo{URL: url})
	must(t, os.WriteFile(filepath.Join(dir, "bare.json"), out, 0o644))
	_, _ = io.Copy(io.Discard, os.Stdin) // serve until the benchmark closes our stdin
}

// bareAuthorize answers Authorize with a fixed grant and does nothing else.
type bareAuthorize struct{ grant *playbackv1.Grant }

func (b bareAuthorize) Authorize(context.Context, *connect.Request[playbackv1.AuthorizeRequest]) (*connect.Response[playbackv1.AuthorizeResponse], error) {
	return connect.NewResponse(&playbackv1.AuthorizeResponse{Grant: b.grant}), nil
}

func (b bareAuthorize) Renew(context.Context, *connect.Request[playbackv1.RenewRequest]) (*connect.Response[playbackv1.RenewResponse], error) {
	return connect.NewResponse(&playbackv1.RenewResponse{Grant: b.grant}), nil
}
