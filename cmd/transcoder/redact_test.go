package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/transcoder"
)

// TestDownloadFailureHidesPresignedURL: object storage stops answering
// while the worker downloads the original through its presigned URL.
// Go's *url.Error quotes that URL with its query, the signature that
// makes it a download link; the video's public failure reason (and the
// job's last error) must name the failure without it.
func TestDownloadFailureHidesPresignedURL(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	videoID, jobID := e.video(clip(t, 1, "320x240"), "mov", 1)
	mute := muteServer(t)
	s3Host := e.s3.EndpointURL().Host
	var d net.Dialer
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr == s3Host {
			addr = mute // the object store, as it stops answering
		}
		return d.DialContext(ctx, network, addr)
	}}}
	cfg := transcoder.DefaultConfig()
	cfg.ServerURL, cfg.Token, cfg.WorkerID, cfg.Concurrency, cfg.WorkDir = e.url, token, "w", 1, t.TempDir()
	cfg.HTTPClient, cfg.ClaimWait, cfg.Profile, cfg.Log = client, time.Second, testProfile("ultrafast"), slog.New(slog.DiscardHandler)
	w, err := transcoder.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = w.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })

	v := e.waitVideo(videoID)
	j := e.job(jobID)
	t.Logf("failure reason: %s", v.FailureReason)
	if v.Status != "failed" || j.State != dbq.JobStateDead || !strings.Contains(v.FailureReason, "download original") {
		t.Fatalf("video %+v job %+v", v, j)
	}
	for _, leak := range []string{"X-Amz-Signature", "X-Amz-Credential", "Signature="} {
		if strings.Contains(v.FailureReason, leak) || strings.Contains(j.LastError, leak) {
			t.Fatalf("the failure reason publishes the presigned URL (%s):\n%s\n%s", leak, v.FailureReason, j.LastError)
		}
	}
	if !strings.Contains(v.FailureReason, "/originals/"+videoID.String()+"?REDACTED") {
		t.Fatalf("the reason no longer says which object failed: %s", v.FailureReason)
	}
}

// muteServer accepts connections, reads the request and hangs up without
// an answer.
func muteServer(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				_ = c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
				_, _ = io.Copy(io.Discard, c)
				c.Close()
			}()
		}
	}()
	return ln.Addr().String()
}
