package reqlog

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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

// TestAccessLine: the access line carries the request id first, then the
// method, the redacted path, the protocol, the status, the bytes and the
// time taken, as one With("request_id", id) logger writing them would;
// the id is echoed in the response header.
func TestAccessLine(t *testing.T) {
	t.Parallel()
	for _, json := range []bool{false, true} {
		var buf bytes.Buffer
		var log *slog.Logger
		if json {
			log = slog.New(slog.NewJSONHandler(&buf, nil))
		} else {
			log = slog.New(slog.NewTextHandler(&buf, nil))
		}
		h := Middleware(log, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusTeapot)
			_, _ = w.Write([]byte("12345"))
		}))
		req := httptest.NewRequest(http.MethodGet, "/play/eyJhbGciOi.x.y/720p/index.m3u8", nil)
		req.Header.Set(Header, "req-42")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if got := rec.Header().Get(Header); got != "req-42" {
			t.Errorf("json=%v: %s %q, want the client's", json, Header, got)
		}
		want := `level=INFO msg=request request_id=req-42 method=GET path=/play/REDACTED/720p/index.m3u8 proto=HTTP/1.1 status=418 bytes=5 took=`
		if json {
			want = `"level":"INFO","msg":"request","request_id":"req-42","method":"GET","path":"/play/REDACTED/720p/index.m3u8","proto":"HTTP/1.1","status":418,"bytes":5,"took":`
		}
		if line := buf.String(); !strings.Contains(line, want) || strings.Contains(line, "eyJ") || strings.Count(line, "\n") != 1 {
			t.Errorf("json=%v: access line\n%s\nwant it to contain\n%s", json, line, want)
		}
	}
}

// TestRequestIDs: a client's id is kept when it is 1 to 64 of
// [A-Za-z0-9._-]; any other is replaced by 16 fresh hex digits.
func TestRequestIDs(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 64)
	for sent, kept := range map[string]bool{
		"": false, "req-42": true, "A.b_C-9": true, long: true, long + "a": false,
		"a b": false, "a/b": false, "é": false, "a\n": false, "id:1": false,
	} {
		h := Middleware(slog.New(slog.DiscardHandler), http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
		req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
		if sent != "" {
			req.Header.Set(Header, sent)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		got := rec.Header().Get(Header)
		if kept && got != sent {
			t.Errorf("sent %q: got %q, want it kept", sent, got)
		}
		if !kept && (got == sent || len(got) != 16 || strings.Trim(got, "0123456789abcdef") != "") {
			t.Errorf("sent %q: got %q, want 16 fresh hex digits", sent, got)
		}
	}
}

// TestLoggerIsOnePerRequest: the request's logger, made on first use, is
// the same for every call in the request, concurrent ones too.
func TestLoggerIsOnePerRequest(t *testing.T) {
	t.Parallel()
	log := slog.New(slog.DiscardHandler)
	h := Middleware(log, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := make(chan *slog.Logger, 8)
		for range cap(got) {
			go func() { got <- Logger(r.Context(), nil) }()
		}
		first := <-got
		for range cap(got) - 1 {
			if l := <-got; l != first || l == nil || l == log {
				t.Errorf("Logger differs within a request: %p, %p (base %p)", l, first, log)
			}
		}
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/healthz", nil))
}

// TestBodyHandedDownIsCounted: a body handed down whole (io.Copy from a
// file, which net/http's HTTP/1.1 response sends with sendfile) arrives
// intact and counts in the access line's bytes, as written bodies do.
func TestBodyHandedDownIsCounted(t *testing.T) {
	t.Parallel()
	body := bytes.Repeat([]byte("segment!"), 64<<10) // 512 KiB
	path := filepath.Join(t.TempDir(), "seg.ts")
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer // read after Close, which waits for the handlers
	log := slog.New(slog.NewTextHandler(&buf, nil))
	srv := httptest.NewServer(Middleware(log, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := os.Open(path)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer f.Close()
		if _, ok := w.(io.ReaderFrom); !ok {
			t.Error("the request log's writer has no ReadFrom: a file's bytes would be copied through Write")
		}
		_, _ = io.Copy(w, f)
	})))
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL + "/play/tok/720p/seg_00001.ts")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("body: %d bytes (err %v), want the file's %d", len(got), err, len(body))
	}
	srv.Close() // the access line is written when the handler returns
	if want := fmt.Sprintf("bytes=%d ", len(body)); !strings.Contains(buf.String(), want) {
		t.Fatalf("access line %q lacks %q", buf.String(), want)
	}
}
