package reqlog

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"/play/eyJhbGciOi.x.y/master.m3u8":      "/play/REDACTED/master.m3u8",
		"/play/tok/720p/seg_00001.ts":           "/play/REDACTED/720p/seg_00001.ts",
		"/play/tok":                             "/play/REDACTED/",
		"/streamgate.video.v1.VideoService/Get": "/streamgate.video.v1.VideoService/Get",
		"/healthz":                              "/healthz",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestQuietLogsAtDebug: a request its handler marks Quiet (an empty long
// poll) logs at Debug; any other at Info.
func TestQuietLogsAtDebug(t *testing.T) {
	t.Parallel()
	for _, quiet := range []bool{false, true} {
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		h := Middleware(log, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if quiet {
				Quiet(r.Context())
			}
		}))
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/streamgate.transcode.v1.TranscodeService/ClaimJob", nil))
		want := "level=INFO"
		if quiet {
			want = "level=DEBUG"
		}
		if !strings.Contains(buf.String(), want) {
			t.Errorf("quiet=%v: log %q, want %s", quiet, buf.String(), want)
		}
	}
	Quiet(context.Background()) // outside a request: no effect, no panic
}

// TestLoggerInsideRequest: inside a request Logger is the request's own
// logger (it carries the request id); outside one, the fallback.
func TestLoggerInsideRequest(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	fallback := slog.New(slog.DiscardHandler)
	h := Middleware(log, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Logger(r.Context(), fallback).Info("inside")
	}))
	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	req.Header.Set(Header, "req-42")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if !strings.Contains(buf.String(), "msg=inside request_id=req-42") {
		t.Fatalf("the handler's line lacks the request id:\n%s", buf.String())
	}
	if Logger(context.Background(), fallback) != fallback {
		t.Fatal("outside a request Logger is not the fallback")
	}
}
