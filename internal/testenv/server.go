package testenv

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Serve starts h on a random loopback port speaking HTTP/1.1 and
// cleartext HTTP/2, and returns its base URL and a client that uses h2c
// (gRPC needs HTTP/2; Connect and gRPC-Web work on either). Each option
// amends the server before it starts (its ConnContext, say).
func Serve(t testing.TB, h http.Handler, opts ...func(*http.Server)) (string, *http.Client) {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	var p http.Protocols
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	srv.Config.Protocols = &p
	for _, o := range opts {
		o(srv.Config)
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL, H2CClient()
}

// H2CClient returns a client that speaks cleartext HTTP/2 only.
func H2CClient() *http.Client {
	var p http.Protocols
	p.SetUnencryptedHTTP2(true)
	return &http.Client{Transport: &http.Transport{Protocols: &p}}
}

// HTTP1Client returns a client that speaks HTTP/1.1 only.
func HTTP1Client() *http.Client {
	var p http.Protocols
	p.SetHTTP1(true)
	return &http.Client{Transport: &http.Transport{Protocols: &p}}
}
