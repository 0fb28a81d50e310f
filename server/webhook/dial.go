package webhook

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// internal are the ranges an endpoint may not resolve to: besides what
// netip classifies (loopback, private, link-local, multicast,
// unspecified), shared address space (100.64/10, which also holds some
// clouds' metadata servers), IETF protocol assignments, benchmarking,
// documentation and reserved space, and NAT64 prefixes that could map to
// any of them.
var internal = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("2001:db8::/32"),
	netip.MustParsePrefix("fec0::/10"),
}

// refusedAddr reports why addr may not be reached, or "" when it may.
// An allowed range wins over every refusal.
func refusedAddr(addr netip.Addr, allow []netip.Prefix) string {
	addr = addr.Unmap()
	for _, p := range allow {
		if p.Contains(addr) {
			return ""
		}
	}
	switch {
	case addr.IsLoopback():
		return "loopback"
	case addr.IsPrivate():
		return "private"
	case addr.IsLinkLocalUnicast(), addr.IsLinkLocalMulticast():
		return "link-local (cloud metadata)"
	case addr.IsUnspecified(), addr.IsMulticast(), addr.IsInterfaceLocalMulticast():
		return "not a unicast address"
	}
	for _, p := range internal {
		if p.Contains(addr) {
			return "reserved (" + p.String() + ")"
		}
	}
	return ""
}

// newClient returns the HTTP client deliveries use. The address check
// runs in the dialer's Control, after DNS resolution and for every
// address tried, so a name that resolves (or rebinds) to an internal
// address is refused; redirects are not followed (a 3xx is a failed
// attempt) and no proxy from the environment is used.
func newClient(cfg Config) *http.Client {
	dialer := &net.Dialer{
		Timeout: cfg.ConnectTimeout,
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: unparsable address %q", errRefused, address)
			}
			if why := refusedAddr(ap.Addr(), cfg.AllowNetworks); why != "" {
				return fmt.Errorf("%w: %s resolves to a %s address", errRefused, ap.Addr(), why)
			}
			return nil
		},
	}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   cfg.ConnectTimeout,
		ResponseHeaderTimeout: cfg.ResponseTimeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Transport: transport,
		Timeout:   cfg.ResponseTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// drain reads at most n bytes of a response body and discards the rest
// unread (the connection is then closed rather than reused).
func drain(body io.Reader, n int64) []byte {
	b, _ := io.ReadAll(io.LimitReader(body, n))
	return b
}
