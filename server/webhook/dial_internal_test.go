package webhook

import (
	"net/netip"
	"testing"
)

func TestRefusedAddr(t *testing.T) {
	t.Parallel()
	allow := []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")}
	for addr, refused := range map[string]bool{
		"127.0.0.1": true, "::1": true, "10.0.0.1": true, "172.16.3.4": true, "192.168.1.1": true,
		"169.254.169.254": true, "fe80::1": true, "::ffff:127.0.0.1": true, "::ffff:169.254.169.254": true,
		"100.100.100.200": true, "fd00:ec2::254": true, "0.0.0.0": true, "::": true, "224.0.0.1": true,
		"64:ff9b::7f00:1": true, "255.255.255.255": true,
		"10.1.2.3": false, "8.8.8.8": false, "2001:4860:4860::8888": false, "93.184.216.34": false,
	} {
		why := refusedAddr(netip.MustParseAddr(addr), allow)
		if (why != "") != refused {
			t.Errorf("%s: refused %q, want refused=%v", addr, why, refused)
		}
	}
}

func TestBackoffDoublesToTheCap(t *testing.T) {
	t.Parallel()
	c := DefaultConfig()
	var prev int64
	for a := int32(1); a < 40; a++ {
		d := c.backoff(a)
		if d < c.BackoffBase || d > c.BackoffMax || int64(d) < prev {
			t.Fatalf("attempt %d: backoff %v", a, d)
		}
		prev = int64(d)
	}
	if c.backoff(1) != c.BackoffBase || c.backoff(39) != c.BackoffMax {
		t.Fatalf("first %v last %v", c.backoff(1), c.backoff(39))
	}
}
