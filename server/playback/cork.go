package playback

import (
	"context"
	"net"
	"net/http"
)

// connKey is the context key of the TCP connection a request came on.
type connKey struct{}

// ConnContext is the http.Server ConnContext that lets /play reach a
// request's TCP connection, to cork it around a segment's answer
// (corked). A server without it serves the same bytes, uncorked.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	if tc, ok := c.(*net.TCPConn); ok {
		return context.WithValue(ctx, connKey{}, tc)
	}
	return ctx
}

// corked holds back a segment's partial packets until the answer is
// written, as nginx's tcp_nopush does around sendfile: the headers leave
// with the first bytes of the body rather than in a packet of their own,
// and the whole body is handed to the kernel within this request, so
// the kernel sends it from this request's own time instead of later,
// in bits, as the client's acknowledgements come back (on loopback that
// put the sending on the client's CPU: 2 MiB segments 0.73-0.76x of
// nginx uncorked, about 1.0x corked; docs/BENCHMARKS.md). The returned
// function uncorks, which sends what is left at once; it must run
// before the handler returns, since the connection carries the next
// request after this one. HTTP/1 only: an HTTP/2 connection carries
// other streams' frames, and TLS is not on a *net.TCPConn.
func corked(r *http.Request) (uncork func()) {
	c, ok := r.Context().Value(connKey{}).(*net.TCPConn)
	if !ok || r.ProtoMajor != 1 {
		return func() {}
	}
	if setCork(c, true) != nil {
		return func() {}
	}
	return func() { _ = setCork(c, false) }
}
