package redact_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/streamgate/streamgate/internal/redact"
)

func TestURLs(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"no url here": "no url here",
		`download original: Get "http://127.0.0.1:9100/b/originals/x?X-Amz-Signature=abc&X-Amz-Credential=k": EOF`: `download original: Get "http://127.0.0.1:9100/b/originals/x?REDACTED": EOF`,
		"PUT https://user:pw@s3.example/b/k?sig=1 failed":                                                          "PUT https://REDACTED@s3.example/b/k?REDACTED failed",
		"see https://example.com/a#token=1 and s3://bucket/key":                                                    "see https://example.com/a#REDACTED and s3://bucket/key",
		"two: http://a/?x=1 http://b:80?y=2":                                                                       "two: http://a/?REDACTED http://b:80?REDACTED",
	} {
		if got := redact.URLs(in); got != want {
			t.Errorf("URLs(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

// TestURLErrorLosesQuery: a real *url.Error from net/http quotes the
// whole URL, query included; redacted, the signature is gone.
func TestURLErrorLosesQuery(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // refused from now on
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, "http://"+addr+"/b/k?X-Amz-Signature=secret", nil)
	_, err = http.DefaultClient.Do(req)
	var uerr interface{ Unwrap() error }
	if err == nil || !errors.As(err, &uerr) || !strings.Contains(err.Error(), "secret") {
		t.Fatalf("want a url.Error quoting the query, got %v", err)
	}
	if got := redact.URLs(err.Error()); strings.Contains(got, "secret") || !strings.Contains(got, addr+"/b/k?REDACTED") {
		t.Fatalf("redacted: %s", got)
	}
}
