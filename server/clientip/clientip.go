// Package clientip names the caller of a request for per-client limits:
// the last entry of a configured proxy header, else the TCP peer.
package clientip

import (
	"net"
	"net/http"
	"strings"

	"connectrpc.com/connect"
)

// Of is the caller's IP: the last entry of header (the one the nearest
// trusted proxy appended) when header is set and present in h, else the
// TCP peer's host.
func Of(header string, peer connect.Peer, h http.Header) string {
	if header != "" {
		if v := h.Values(header); len(v) > 0 {
			parts := strings.Split(v[len(v)-1], ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(peer.Addr)
	if err != nil {
		return peer.Addr
	}
	return host
}
