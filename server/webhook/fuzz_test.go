package webhook

import (
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

// FuzzCheckURL: an endpoint URL the service accepts is an absolute http
// or https URL with a host, without credentials, and never a literal
// internal address.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{
		"https://hooks.example.com/in", "http://127.0.0.1:8080/", "http://[::1]/", "http://[::ffff:169.254.169.254]/",
		"http://0x7f.1/", "http://2130706433/", "https://user:pw@example.com/", "ftp://example.com", "//example.com/x",
		"http://example.com#frag", "http://%31%32%37.0.0.1/", "http://[fe80::1%25eth0]/", "HTTP://EXAMPLE.COM",
	} {
		f.Add(s)
	}
	s := &Service{cfg: DefaultConfig()}
	f.Fuzz(func(t *testing.T, raw string) {
		if s.checkURL(raw) != nil {
			return
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil {
			t.Fatalf("accepted %q", raw)
		}
		if ip, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]")); err == nil && refusedAddr(ip, nil) != "" {
			t.Fatalf("accepted the internal address %q", raw)
		}
	})
}
