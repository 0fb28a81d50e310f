package server_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"connectrpc.com/grpchealth"
	"connectrpc.com/grpcreflect"

	"github.com/streamgate/streamgate/db"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server"
)

// start serves a full server on real PostgreSQL, Redis and S3.
// The default settings as set changes them (nil: unchanged), reading at
// most 64 KiB a message unless set says otherwise.
func start(t *testing.T, set func(*server.Config)) (string, *http.Client) {
	t.Helper()
	pool := testenv.DB(t)
	rdb, prefix := testenv.Redis(t)
	s3, bucket := testenv.S3(t)
	cfg := server.DefaultConfig()
	cfg.ReadMaxBytes, cfg.RedisPrefix = 64<<10, prefix
	if set != nil {
		set(&cfg)
	}
	cfg.CORSOrigins = []string{"https://app.example"}
	srv, err := server.New(cfg, server.Deps{
		Log: slog.New(slog.DiscardHandler), Store: db.NewStore(pool), Redis: rdb, S3: s3, Bucket: bucket,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return testenv.Serve(t, srv)
}

var protocols = map[string][]connect.ClientOption{
	"connect-json":  {connect.WithProtoJSON()},
	"connect-proto": nil,
	"grpc":          {connect.WithGRPC()},
	"grpc-web":      {connect.WithGRPCWeb()},
}

func TestEveryProtocol(t *testing.T) {
	t.Parallel()
	url, client := start(t, nil)
	for name, opts := range protocols {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			health := grpchealth.NewClient(client, url, opts...)
			res, err := health.Check(ctx, &grpchealth.CheckRequest{})
			if err != nil || res.Status != grpchealth.StatusServing {
				t.Fatalf("health: %v %v", res, err)
			}
			// The health handler runs the error table too.
			if _, err := health.Check(ctx, &grpchealth.CheckRequest{Service: "no.such.Service"}); connect.CodeOf(err) != connect.CodeNotFound {
				t.Errorf("health of an unknown service: got %v, want not_found", err)
			}
			videos := videov1connect.NewVideoServiceClient(client, url, opts...)
			_, err = videos.GetVideo(ctx, connect.NewRequest(&videov1.GetVideoRequest{Id: "not-a-uuid"}))
			if connect.CodeOf(err) != connect.CodeInvalidArgument {
				t.Fatalf("bad id: got %v, want invalid_argument", err)
			}
			if !strings.Contains(err.Error(), "id") {
				t.Errorf("error %q does not name the field", err)
			}
		})
	}
}

func TestReflectionListsEveryService(t *testing.T) {
	t.Parallel()
	url, client := start(t, nil)
	names := reflect(t, client, url)
	for _, want := range []string{
		"streamgate.auth.v1.AuthService", "streamgate.video.v1.VideoService",
		"streamgate.upload.v1.UploadService", "streamgate.gate.v1.GateService",
		"streamgate.playback.v1.PlaybackService", "streamgate.transcode.v1.TranscodeService",
		"grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
	} {
		if !names[want] {
			t.Errorf("reflection lacks %s (has %v)", want, names)
		}
	}
}

func TestServicesSubset(t *testing.T) {
	t.Parallel()
	url, client := start(t, func(c *server.Config) { c.Services = []string{"video"} })
	names := reflect(t, client, url)
	if !names["streamgate.video.v1.VideoService"] || names["streamgate.auth.v1.AuthService"] {
		t.Fatalf("want only video hosted, reflection has %v", names)
	}
	res, err := client.Post(url+"/streamgate.auth.v1.AuthService/WhoAmI", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("unhosted service: status %d, want 404", res.StatusCode)
	}
	unknown := server.DefaultConfig()
	unknown.Services = []string{"nope"}
	if _, err := server.New(unknown, server.Deps{Log: slog.New(slog.DiscardHandler)}); err == nil {
		t.Fatal("unknown service name was accepted")
	}
}

func reflect(t *testing.T, client *http.Client, url string) map[string]bool {
	t.Helper()
	rc := grpcreflect.NewClient(client, url)
	stream := rc.NewStream(context.Background())
	defer stream.Close()
	list, err := stream.ListServices()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, n := range list {
		names[string(n)] = true
	}
	return names
}

// TestBadInput sends what a careless client sends and checks each gets a
// clear Connect error, never a crash.
func TestBadInput(t *testing.T) {
	t.Parallel()
	url, client := start(t, func(c *server.Config) { c.ReadMaxBytes = 1 << 16 })
	proc := url + "/streamgate.video.v1.VideoService/CreateVideo"
	cases := []struct {
		name, contentType, body string
		status                  int
		code                    string
	}{
		{"malformed json", "application/json", `{"title":`, 400, "invalid_argument"},
		{"unknown field", "application/json", `{"title":"a","visibility":"VISIBILITY_PUBLIC","colour":"red"}`, 400, "invalid_argument"},
		{"empty body", "application/json", ``, 400, "invalid_argument"},
		{"breaks a rule", "application/json", `{"title":"","visibility":"VISIBILITY_PUBLIC"}`, 400, "invalid_argument"},
		{"oversized", "application/json", `{"title":"` + strings.Repeat("x", 1<<17) + `"}`, 429, "resource_exhausted"},
		{"garbage proto", "application/proto", "\xff\xff\xff\xff", 400, "invalid_argument"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := client.Post(proc, c.contentType, strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.status || !bytes.Contains(body, []byte(`"code":"`+c.code+`"`)) {
				t.Fatalf("status %d body %s; want %d %s", res.StatusCode, body, c.status, c.code)
			}
		})
	}
	t.Run("wrong content type", func(t *testing.T) {
		res, err := client.Post(proc, "text/plain", strings.NewReader("hello"))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnsupportedMediaType {
			t.Fatalf("status %d, want 415", res.StatusCode)
		}
	})
}

func TestPlainHTTPEndpoints(t *testing.T) {
	t.Parallel()
	url, _ := start(t, nil)
	client := testenv.HTTP1Client()
	for path, want := range map[string]string{
		"/healthz": "ok",
		"/readyz":  `"status":"ready"`,
		"/metrics": "go_goroutines",
	} {
		res, err := client.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d %s", path, res.StatusCode, body)
		}
		if res.Header.Get("X-Request-Id") == "" {
			t.Errorf("%s: no request id", path)
		}
	}
	// RPCs are counted by procedure and code.
	_, _ = client.Post(url+"/streamgate.video.v1.VideoService/GetVideo", "application/json", strings.NewReader(`{"id":"x"}`))
	res, err := client.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), `streamgate_rpc_requests_total{code="invalid_argument",procedure="/streamgate.video.v1.VideoService/GetVideo"} 1`) {
		t.Errorf("metrics lack the rpc counter:\n%s", body)
	}
	if !strings.Contains(string(body), `streamgate_gate_answer_writes_total{outcome="failed"} 0`) {
		t.Errorf("metrics lack the gate's answer writes:\n%s", body)
	}
}

func TestCORSPreflight(t *testing.T) {
	t.Parallel()
	url, client := start(t, nil)
	req, _ := http.NewRequest(http.MethodOptions, url+"/streamgate.video.v1.VideoService/GetVideo", nil)
	req.Header.Set("Origin", "https://app.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "authorization,connect-protocol-version,content-type")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Access-Control-Allow-Origin"); got != "https://app.example" {
		t.Fatalf("allow-origin %q", got)
	}
	// HLS players ask for ranges of segments.
	req.URL.Path = "/play/some-token/720p/seg_00001.ts"
	req.Header.Set("Access-Control-Request-Method", "GET")
	req.Header.Set("Access-Control-Request-Headers", "range")
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Access-Control-Allow-Headers"); !strings.EqualFold(got, "range") {
		t.Fatalf("range preflight: allow-headers %q", got)
	}
	req.Header.Set("Origin", "https://evil.example")
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Fatalf("foreign origin allowed: %q", got)
	}
}
