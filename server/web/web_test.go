package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/streamgate/streamgate/server/web"
)

func serve(t *testing.T, cfg web.Config) *http.ServeMux {
	t.Helper()
	mux := http.NewServeMux()
	if err := web.Register(mux, cfg); err != nil {
		t.Fatal(err)
	}
	return mux
}

func get(t *testing.T, h http.Handler, path string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Result()
}

func TestPagesCarryTheirPolicy(t *testing.T) {
	t.Parallel()
	cfg := web.DefaultConfig()
	cfg.ConnectSrc = []string{"https://s3.example.com"}
	mux := serve(t, cfg)
	for _, path := range []string{"/", "/v/0b7e8f8a-3f53-4a8c-9a59-4f0c7d1f2a11", "/studio"} {
		res := get(t, mux, path)
		csp := res.Header.Get("Content-Security-Policy")
		if res.StatusCode != 200 || !strings.Contains(csp, "frame-ancestors 'self'") || !strings.Contains(csp, "connect-src 'self' https://s3.example.com") {
			t.Errorf("%s: %d, CSP %q", path, res.StatusCode, csp)
		}
		if res.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: Cache-Control %q", path, res.Header.Get("Cache-Control"))
		}
	}
	res := get(t, mux, "/embed/0b7e8f8a-3f53-4a8c-9a59-4f0c7d1f2a11")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-ancestors *") {
		t.Errorf("embed page CSP %q", csp)
	}
	res = get(t, mux, "/embed/player.js")
	if res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("player.js: %d %v", res.StatusCode, res.Header)
	}
	if get(t, mux, "/nope").StatusCode != 404 || get(t, mux, "/assets/").StatusCode != 404 {
		t.Error("unknown paths and the assets folder must be 404")
	}
}

func TestCustomPolicy(t *testing.T) {
	t.Parallel()
	cfg := web.DefaultConfig()
	cfg.CSP = "default-src 'self'"
	cfg.FrameAncestors = []string{"https://a.example"}
	cfg.EmbedFrameAncestors = []string{"'none'"}
	mux := serve(t, cfg)
	if csp := get(t, mux, "/").Header.Get("Content-Security-Policy"); csp != "default-src 'self'; frame-ancestors https://a.example" {
		t.Errorf("CSP %q", csp)
	}
	if csp := get(t, mux, "/embed/x").Header.Get("Content-Security-Policy"); csp != "default-src 'self'; frame-ancestors 'none'" {
		t.Errorf("embed CSP %q", csp)
	}
	bad := web.DefaultConfig()
	bad.CSP = "frame-ancestors *"
	bad.ConnectSrc = []string{"a; b"}
	if err := bad.Validate(); err == nil {
		t.Error("a CSP with frame-ancestors and a source with ';' passed validation")
	}
}

// The watch page's own script, hls.js and the studio aside (both load on
// demand), stays under 150 KiB gzipped; hashed assets are immutable.
func TestWatchPageBudget(t *testing.T) {
	t.Parallel()
	mux := serve(t, web.DefaultConfig())
	page, _ := io.ReadAll(get(t, mux, "/v/x").Body)
	entry := regexp.MustCompile(`src="/assets/([^"]+\.js)"`).FindSubmatch(page)
	if entry == nil {
		t.Fatalf("no script in the page: %s", page)
	}
	staticImport := regexp.MustCompile(`(?:from|import)\s*"\./([^"]+\.js)"`)
	seen := map[string]bool{}
	queue := []string{string(entry[1])}
	total := 0
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		res := get(t, mux, "/assets/"+name)
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
			t.Fatalf("%s: %d %q", name, res.StatusCode, res.Header.Get("Cache-Control"))
		}
		js, _ := io.ReadAll(res.Body)
		total += gzipped(t, js)
		for _, m := range staticImport.FindAllSubmatch(js, -1) {
			queue = append(queue, string(m[1]))
		}
	}
	t.Logf("watch page script: %d files, %.1f KiB gzipped", len(seen), float64(total)/1024)
	if total > 150<<10 {
		t.Errorf("watch page script is %d bytes gzipped, over the 150 KiB budget", total)
	}
}

func gzipped(t *testing.T, b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}
