package loadgen

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// tree is a tiny HLS tree served under /play/{token}/: three rungs of four
// 1 s segments. Tokens t0, t1, ... are valid; slow delays one path once.
type tree struct {
	mu        sync.Mutex
	hits      map[string]int // path after the token
	tokens    map[string]int // requests per token
	slow      string
	slowFor   time.Duration
	forbidden string
}

const master = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e"
360p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=1920x1080,CODECS="avc1.640028"
1080p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,CODECS="avc1.64001f"
720p/index.m3u8
`

func mediaPlaylist() string {
	var b strings.Builder
	b.WriteString("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:1\n#EXT-X-PLAYLIST-TYPE:VOD\n")
	b.WriteString("#EXT-X-KEY:METHOD=AES-128,URI=\"../key\",IV=0x000102030405060708090a0b0c0d0e0f\n")
	for i := range 4 {
		fmt.Fprintf(&b, "#EXTINF:1.000000,\nseg_%05d.ts\n", i)
	}
	return b.String() + "#EXT-X-ENDLIST\n"
}

func (tr *tree) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/play/")
	tok, path, _ := strings.Cut(rest, "/")
	if !ok || !strings.HasPrefix(tok, "t") {
		http.Error(w, "bad token", http.StatusForbidden)
		return
	}
	tr.mu.Lock()
	tr.hits[path]++
	tr.tokens[tok]++
	first := tr.hits[path] == 1
	tr.mu.Unlock()
	switch {
	case path == tr.forbidden:
		http.Error(w, "no", http.StatusForbidden)
	case path == "master.m3u8":
		_, _ = w.Write([]byte(master))
	case strings.HasSuffix(path, "/index.m3u8"):
		_, _ = w.Write([]byte(mediaPlaylist()))
	case path == "key":
		_, _ = w.Write(make([]byte, 16))
	case strings.HasSuffix(path, ".ts"):
		if path == tr.slow && first {
			time.Sleep(tr.slowFor)
		}
		_, _ = w.Write(make([]byte, 1000))
	default:
		http.NotFound(w, r)
	}
}

func serve(t *testing.T, tr *tree) string {
	tr.hits, tr.tokens = map[string]int{}, map[string]int{}
	srv := httptest.NewServer(tr)
	t.Cleanup(srv.Close)
	return srv.URL
}

// renewer hands out t0 and renews to t1, t2, ... every period.
type renewer struct {
	base   string
	period time.Duration
	mu     sync.Mutex
	n      int
}

func (a *renewer) grant(n int) Grant {
	tok := fmt.Sprintf("t%d", n)
	return Grant{URL: a.base + "/play/" + tok + "/master.m3u8", Token: tok,
		RenewAt: time.Now().Add(a.period), Expire: time.Now().Add(10 * a.period)}
}

func (a *renewer) Authorize(context.Context) (Grant, error) { return a.grant(0), nil }

func (a *renewer) Renew(_ context.Context, tok string) (Grant, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n++
	var n int
	if _, err := fmt.Sscanf(tok, "t%d", &n); err != nil {
		return Grant{}, err
	}
	return a.grant(n + 1), nil
}

func testConfig(sessions int) Config {
	c := DefaultConfig()
	c.Sessions, c.Ramp, c.Duration, c.Speed = sessions, 100*time.Millisecond, 3*time.Second, 2
	return c
}

func TestPacedPlaybackWithoutStalls(t *testing.T) {
	t.Parallel()
	tr := &tree{}
	url := serve(t, tr)
	cfg := testConfig(4)
	cfg.Speed = 1 // 2 s of slack: no stall even on a loaded machine
	r, err := Run(context.Background(), cfg, Static(url+"/play/t0/master.m3u8"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Sustained != 4 || r.FirstErr != nil {
		t.Fatalf("sustained %d of 4: %v", r.Sustained, r.FirstErr)
	}
	// 3 buffered, then one per second over about 3 s: about 6 per viewer.
	// Unpaced viewers would fetch thousands; paced ones cannot exceed
	// 3 + 3.1/1 + 1 each.
	if r.Segments < 4*4 || r.Segments > 4*8 {
		t.Fatalf("%d segments for 4 viewers: not paced at one per segment duration", r.Segments)
	}
	if r.Stalls != 0 {
		t.Fatalf("%d stalls from a server that answers at once", r.Stalls)
	}
	if tr.hits["key"] != 4 || tr.hits["master.m3u8"] != 4 {
		t.Fatalf("each viewer fetches master and key once: %v", tr.hits)
	}
	if r.P50 <= 0 || r.P99 < r.P50 {
		t.Fatalf("latencies p50 %v p99 %v", r.P50, r.P99)
	}
}

func TestSlowSegmentStalls(t *testing.T) {
	t.Parallel()
	// With a 2-segment buffer of 1 s segments, segment 3 is fetched when
	// segment 1 starts playing, with 1 s to spare: 3 s late, it arrives
	// after the buffer ran dry, once.
	tr := &tree{slow: "1080p/seg_00003.ts", slowFor: 3 * time.Second}
	url := serve(t, tr)
	cfg := testConfig(1)
	cfg.Mix, cfg.Buffer, cfg.Speed, cfg.Duration = [3]float64{1, 0, 0}, 2, 1, 6*time.Second
	r, err := Run(context.Background(), cfg, Static(url+"/play/t0/master.m3u8"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Stalls != 1 {
		t.Fatalf("%d stalls, want 1 (one slow segment)", r.Stalls)
	}
	if r.Sustained != 1 {
		t.Fatalf("a stall is not a failure: %v", r.FirstErr)
	}
}

func TestRungMix(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		mix  [3]float64
		rung string
	}{{[3]float64{1, 0, 0}, "1080p"}, {[3]float64{0, 1, 0}, "720p"}, {[3]float64{0, 0, 1}, "360p"}} {
		tr := &tree{}
		url := serve(t, tr)
		cfg := testConfig(3)
		cfg.Mix, cfg.Duration = tc.mix, 500*time.Millisecond
		if _, err := Run(context.Background(), cfg, Static(url+"/play/t0/master.m3u8")); err != nil {
			t.Fatal(err)
		}
		if tr.hits[tc.rung+"/index.m3u8"] != 3 {
			t.Fatalf("mix %v: want all 3 viewers on %s, got %v", tc.mix, tc.rung, tr.hits)
		}
	}
}

func TestRenewalSwapsTheToken(t *testing.T) {
	t.Parallel()
	tr := &tree{}
	url := serve(t, tr)
	auth := &renewer{base: url, period: time.Second}
	cfg := testConfig(2)
	cfg.Duration = 2500 * time.Millisecond
	r, err := Run(context.Background(), cfg, auth)
	if err != nil {
		t.Fatal(err)
	}
	if r.Renewals < 2 || r.RenewErrs != 0 {
		t.Fatalf("renewals %d (errors %d), want each viewer to renew at least once", r.Renewals, r.RenewErrs)
	}
	if tr.tokens["t1"] == 0 {
		t.Fatalf("no request carried the renewed token: %v", tr.tokens)
	}
}

func TestFailedRequestFailsTheSession(t *testing.T) {
	t.Parallel()
	tr := &tree{forbidden: "key"}
	url := serve(t, tr)
	r, err := Run(context.Background(), testConfig(2), Static(url+"/play/t0/master.m3u8"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Sustained != 0 || r.FirstErr == nil || !strings.Contains(r.FirstErr.Error(), "403") {
		t.Fatalf("sustained %d, error %v: want both sessions failed on the key's 403", r.Sustained, r.FirstErr)
	}
	if r.Holds(time.Hour) {
		t.Fatal("a run with failed sessions holds")
	}
}

func TestParseMedia(t *testing.T) {
	t.Parallel()
	m, err := parseMedia(mediaPlaylist())
	if err != nil {
		t.Fatal(err)
	}
	if m.target != 1 || len(m.segments) != 4 || m.key.String() != "../key" || m.segments[3].uri.String() != "seg_00003.ts" {
		t.Fatalf("parsed %+v", m)
	}
	vs, err := parseMaster(master)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 3 || vs[0].uri.String() != "1080p/index.m3u8" || vs[2].uri.String() != "360p/index.m3u8" {
		t.Fatalf("variants not highest first: %+v", vs)
	}
	for _, bad := range []string{"", "#EXTM3U\n", "#EXT-X-TARGETDURATION:x\n"} {
		if _, err := parseMedia(bad); err == nil {
			t.Fatalf("parseMedia(%q) succeeded", bad)
		}
	}
}

func TestMirrorCopiesTheTree(t *testing.T) {
	t.Parallel()
	tr := &tree{}
	url := serve(t, tr)
	dir := t.TempDir()
	files, _, err := Mirror(context.Background(), http.DefaultClient, url+"/play/t0/master.m3u8", dir)
	if err != nil {
		t.Fatal(err)
	}
	// master, then per rung its playlist, the shared key (written again) and 4 segments.
	if files != 1+3+3*5 {
		t.Fatalf("%d files written", files)
	}
	srv := httptest.NewServer(http.StripPrefix("/play/static/", http.FileServer(http.Dir(dir))))
	t.Cleanup(srv.Close)
	cfg := testConfig(2)
	cfg.Duration = time.Second
	r, err := Run(context.Background(), cfg, Static(srv.URL+"/play/static/master.m3u8"))
	if err != nil || r.Sustained != 2 {
		t.Fatalf("playing the mirror: %+v %v", r, err)
	}
}
