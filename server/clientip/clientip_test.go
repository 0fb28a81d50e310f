package clientip_test

import (
	"net/http"
	"testing"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/server/clientip"
)

func TestOf(t *testing.T) {
	peer := connect.Peer{Addr: "10.0.0.7:51234"}
	h := http.Header{}
	h.Add("X-Forwarded-For", "1.1.1.1, 2.2.2.2")
	h.Add("X-Forwarded-For", "3.3.3.3, 4.4.4.4 ")
	for _, c := range []struct {
		name, header string
		peer         connect.Peer
		want         string
	}{
		{"no header configured: the peer", "", peer, "10.0.0.7"},
		{"header configured: its last entry", "X-Forwarded-For", peer, "4.4.4.4"},
		{"header configured but absent: the peer", "X-Real-IP", peer, "10.0.0.7"},
		{"peer without a port", "", connect.Peer{Addr: "pipe"}, "pipe"},
	} {
		if got := clientip.Of(c.header, c.peer, h); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	empty := http.Header{"X-Forwarded-For": {"1.1.1.1, "}}
	if got := clientip.Of("X-Forwarded-For", peer, empty); got != "10.0.0.7" {
		t.Errorf("empty last entry: got %q, want the peer", got)
	}
}
