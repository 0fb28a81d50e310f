package playback

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzPlainPlay: whatever request plainPlay takes, ServeMux routes to
// /play's pattern, without a redirect, with the same token and path, so
// Route serving it without the mux changes nothing.
func FuzzPlainPlay(f *testing.F) {
	for _, s := range [][2]string{
		{"GET", "/play/eyJhbGciOiJFZERTQSJ9.eyJ2IjoxfQ.c2ln/720p/index.m3u8"},
		{"HEAD", "/play/tok/master.m3u8"},
		{"GET", "/play/tok/key"},
		{"GET", "/play/tok/720p/seg_00001.ts?x=1"},
		{"GET", "/play/tok/"},
		{"GET", "/play/tok"},
		{"GET", "/play//master.m3u8"},
		{"GET", "/play/tok//master.m3u8"},
		{"GET", "/play/tok/./master.m3u8"},
		{"GET", "/play/tok/../master.m3u8"},
		{"GET", "/play/tok/720p/.."},
		{"GET", "/play/t%6fk/master.m3u8"},
		{"GET", "/play/tok/720p%2Findex.m3u8"},
		{"GET", "/play/t%2Fok/master.m3u8"},
		{"GET", "/play/%25/x"},
		{"GET", "/play/tok/seg%20000.ts"},
		{"GET", "http://example.com/play/tok/master.m3u8"},
		{"POST", "/play/tok/master.m3u8"},
		{"OPTIONS", "/play/tok/master.m3u8"},
		{"GET", "/poster/x.jpg"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, method, target string) {
		r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(method + " " + target + " HTTP/1.1\r\nHost: example.com\r\n\r\n")))
		if err != nil {
			return
		}
		token, file, ok := plainPlay(r)
		if !ok {
			if token != "" || file != "" {
				t.Fatalf("%s %q: refused but split as %q %q", method, target, token, file)
			}
			return
		}
		var routed bool
		var gotToken, gotFile string
		mux := http.NewServeMux()
		mux.HandleFunc("GET /play/{token}/{path...}", func(_ http.ResponseWriter, r *http.Request) {
			routed, gotToken, gotFile = true, r.PathValue("token"), r.PathValue("path")
		})
		mux.HandleFunc("GET /poster/{file}", func(http.ResponseWriter, *http.Request) {})
		mux.Handle("/", http.NotFoundHandler())
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, r)
		if !routed || rec.Code != http.StatusOK {
			t.Fatalf("%s %q: plainPlay took %q %q, the mux answered %d without /play", method, target, token, file, rec.Code)
		}
		if gotToken != token || gotFile != file {
			t.Fatalf("%s %q: plainPlay split %q %q, the mux %q %q", method, target, token, file, gotToken, gotFile)
		}
	})
}

// TestPlainPlayTakesTheHotPaths: what players ask for goes around the mux.
func TestPlainPlayTakesTheHotPaths(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"master.m3u8", "720p/index.m3u8", "720p/seg_00001.ts", "key", "subs/en.m3u8", "download.mp4"} {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			r := httptest.NewRequest(method, "/play/eyJhbGciOiJFZERTQSJ9.eyJ2IjoxfQ.c2ln_-/"+p, nil)
			if token, file, ok := plainPlay(r); !ok || token != "eyJhbGciOiJFZERTQSJ9.eyJ2IjoxfQ.c2ln_-" || file != p {
				t.Errorf("%s %s: plainPlay = %q %q %v", method, p, token, file, ok)
			}
		}
	}
}
