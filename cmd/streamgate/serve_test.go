package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestDrainEndsStreams: a stream that only ends when its context does
// (WatchVideo) must not turn a graceful stop into a failed drain.
func TestDrainEndsStreams(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	started := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		close(started)
		<-r.Context().Done()
	})
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- listenAndServe(ctx, &Config{Addr: addr, ShutdownWait: 2 * time.Second}, h, slog.New(slog.DiscardHandler))
	}()
	var res *http.Response
	for range 100 {
		if res, err = http.Get("http://" + addr + "/stream"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	<-started
	stop()
	if err := <-done; err != nil {
		t.Fatalf("graceful stop with an open stream: %v", err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
}
