package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

// TestWorkerProcessContinuesTheJobTrace runs the worker binary with only
// the standard OTEL_* variables set and checks, at a tiny OTLP/HTTP
// receiver, that it continues the trace the job carries.
func TestWorkerProcessContinuesTheJobTrace(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	videoID, jobID := e.video(clip(t, 1, "160x120"), "mov", 3)
	const traceID, parentID = "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"
	if _, err := e.pool.Exec(context.Background(), `UPDATE transcode_jobs SET trace_parent = $1 WHERE id = $2`,
		"00-"+traceID+"-"+parentID+"-01", jobID); err != nil {
		t.Fatal(err)
	}
	type got struct{ service, name, trace, parent string }
	var mu sync.Mutex
	var spans []got
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req coltracepb.ExportTraceServiceRequest
		if r.URL.Path != "/v1/traces" || proto.Unmarshal(body, &req) != nil {
			http.Error(w, "bad export", http.StatusBadRequest)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		for _, rs := range req.GetResourceSpans() {
			var service string
			for _, a := range rs.GetResource().GetAttributes() {
				if a.GetKey() == "service.name" {
					service = a.GetValue().GetStringValue()
				}
			}
			for _, ss := range rs.GetScopeSpans() {
				for _, s := range ss.GetSpans() {
					spans = append(spans, got{service, s.GetName(), hex.EncodeToString(s.GetTraceId()), hex.EncodeToString(s.GetParentSpanId())})
				}
			}
		}
		out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(out)
	}))
	t.Cleanup(recv.Close)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "--server-url", e.url, "--worker-token", token, "--worker-id", "traced",
		"--work-dir", t.TempDir(), "--claim-wait", "1s", "--preset", "ultrafast", "--ladder", "120p:120:150",
		"--segment-seconds", "1", "--keyframe-seconds", "1")
	cmd.Env = append(os.Environ(), "STREAMGATE_TRANSCODER_TEST_MAIN=1",
		"OTEL_EXPORTER_OTLP_ENDPOINT="+recv.URL, "OTEL_BSP_SCHEDULE_DELAY=100")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	if v := e.waitVideo(videoID); v.Status != "ready" {
		t.Fatalf("video %s: %s\n%s", v.Status, v.FailureReason, stderr.String())
	}
	// A stopping worker flushes its spans.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the worker did not stop")
	}
	mu.Lock()
	defer mu.Unlock()
	var job, ffmpeg bool
	for _, s := range spans {
		if s.service != "streamgate-transcoder" || s.trace != traceID {
			t.Errorf("span %+v: want service streamgate-transcoder in trace %s", s, traceID)
		}
		job = job || (s.name == "transcode job" && s.parent == parentID)
		ffmpeg = ffmpeg || s.name == "ffmpeg"
	}
	if !job || !ffmpeg {
		t.Fatalf("got spans %+v; want the job's span under %s and an ffmpeg span", spans, parentID)
	}
	if !strings.Contains(stderr.String(), "trace_id="+traceID) {
		t.Errorf("the worker's job log lines do not name the trace:\n%s", stderr.String())
	}
}
