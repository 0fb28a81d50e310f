package playback_test

import (
	"bytes"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"testing"

	"github.com/streamgate/streamgate/server/playback"
)

// TestPlainAndEscapedPathsAnswerAlike: the same /play request with a
// character of its path escaped goes through the mux (Route serves only
// plain paths), and is answered alike: status, headers and body.
func TestPlainAndEscapedPathsAnswerAlike(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *playback.Config) { c.ObjectCacheBytes = 64 << 20 })
	v := h.readyVideo(owner)
	tok := h.tokenFor(v)
	esc := func(s string, i int) string { return s[:i] + fmt.Sprintf("%%%02X", s[i]) + s[i+1:] }
	cases := []struct{ plain, escaped string }{
		{tok + "/master.m3u8", tok + "/" + esc("master.m3u8", 0)},
		{tok + "/master.m3u8", esc(tok, 0) + "/master.m3u8"},
		{tok + "/" + rung + "/index.m3u8", tok + "/" + rung + "%2Findex.m3u8"},
		{tok + "/" + rung + "/seg_001.ts", tok + "/" + rung + "/" + esc("seg_001.ts", 6)},
		{tok + "/key", tok + "/" + esc("key", 1)},
		{tok + "/nothing.m3u8", tok + "/" + esc("nothing.m3u8", 2)},
		{tok + "/master.exe", tok + "/" + esc("master.exe", 3)},
		{"x" + tok + "/master.m3u8", "x" + esc(tok, 5) + "/master.m3u8"},
	}
	for _, c := range cases {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			for _, origin := range []string{"", "https://player.example"} {
				res1, body1 := h.do(method, "/play/"+c.plain, "Origin", origin)
				res2, body2 := h.do(method, "/play/"+c.escaped, "Origin", origin)
				if res1.StatusCode != res2.StatusCode || !bytes.Equal(body1, body2) {
					t.Errorf("%s %s (origin %q): plain %d (%d bytes), escaped %d (%d bytes)",
						method, c.escaped, origin, res1.StatusCode, len(body1), res2.StatusCode, len(body2))
				}
				if h1, h2 := comparable(res1.Header), comparable(res2.Header); !maps.EqualFunc(h1, h2, slices.Equal) {
					t.Errorf("%s %s (origin %q): headers differ\nplain   %v\nescaped %v", method, c.escaped, origin, h1, h2)
				}
			}
		}
	}
}

// comparable drops the headers that differ between any two responses.
func comparable(h http.Header) http.Header {
	h = h.Clone()
	h.Del("Date")
	h.Del("X-Request-Id")
	return h
}
