package testenv

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// RPCProxy serves an HTTP proxy in front of the JSON-RPC endpoint target
// until the test ends, and returns its URL. Every request body is shown
// to see first; a request for which see returns false is not forwarded
// (see may block, e.g. until the request's context ends, to play a hung
// endpoint).
func RPCProxy(t testing.TB, target string, see func(r *http.Request, body []byte) bool) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !see(r, body) {
			return
		}
		res, err := http.Post(target, "application/json", bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer res.Body.Close()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.Copy(w, res.Body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
