package main

import (
	"context"
	"encoding/binary"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"
)

// An HTTP/2 peer that goes silent (a dropped NAT mapping, a half-open
// connection) is pinged, and its connection closed when the ping goes
// unanswered, instead of holding its streams forever. The peer here is a
// raw h2c connection that answers nothing after the handshake.
func TestSilentHTTP2PeerIsPingedThenDropped(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	cfg := defaultConfig()
	cfg.Addr, cfg.ShutdownWait = addr, time.Second
	cfg.HTTP2PingAfter, cfg.HTTP2PingTimeout = time.Second, time.Second
	go func() {
		_ = listenAndServe(ctx, &cfg, http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	}()
	var conn net.Conn
	for range 200 {
		if conn, err = net.Dial("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The client preface and an empty SETTINGS frame; then only reading.
	if _, err := io.WriteString(conn, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Write(frame(0x4, 0)); err != nil {
		t.Fatal(err)
	}
	if err := conn.SetReadDeadline(time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	var pinged, closed bool
	for !closed {
		var hdr [9]byte
		if _, err := io.ReadFull(conn, hdr[:]); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatalf("the server kept a silent peer's connection a minute (pinged: %v)", pinged)
			}
			closed = true // EOF or reset: the server closed it
			break
		}
		n := int(binary.BigEndian.Uint32(append([]byte{0}, hdr[:3]...)))
		if _, err := io.CopyN(io.Discard, conn, int64(n)); err != nil {
			closed = true
			break
		}
		switch hdr[3] {
		case 0x4: // SETTINGS: acknowledge, as any peer does, and no more
			if hdr[4]&1 == 0 {
				if _, err := conn.Write(frame(0x4, 1)); err != nil {
					t.Fatal(err)
				}
			}
		case 0x6: // PING
			pinged = true
		case 0x7: // GOAWAY
			closed = true
		}
	}
	if !pinged {
		t.Error("the connection closed without a ping first")
	}
}

// frame is an empty HTTP/2 frame of type typ with flags, on stream 0.
func frame(typ, flags byte) []byte {
	return []byte{0, 0, 0, typ, flags, 0, 0, 0, 0}
}
