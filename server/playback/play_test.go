package playback_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/streamgate/streamgate/server/playback"
)

const (
	holder = "0x1111111111111111111111111111111111111111"
	owner  = "0x2222222222222222222222222222222222222222"
)

func claimsFor(id uuid.UUID, address string, exp time.Time) playback.Claims {
	return playback.Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   address,
			Audience:  jwt.ClaimStrings{playback.Audience},
			ExpiresAt: jwt.NewNumericDate(exp),
			IssuedAt:  jwt.NewNumericDate(time.Now()),
			ID:        uuid.NewString(),
		},
		VideoID: id.String(),
		Kind:    playback.Kind,
	}
}

// mint signs claims with the server's key set, as Authorize would.
func (h *harness) mint(c playback.Claims) string {
	h.t.Helper()
	tok, err := h.ks.Sign(c)
	if err != nil {
		h.t.Fatal(err)
	}
	return tok
}

func (h *harness) tokenFor(v video) string {
	return h.mint(claimsFor(v.id, holder, time.Now().Add(5*time.Minute)))
}

func (h *harness) get(path string, header ...string) (*http.Response, []byte) {
	h.t.Helper()
	return h.do(http.MethodGet, path, header...)
}

func (h *harness) do(method, path string, header ...string) (*http.Response, []byte) {
	h.t.Helper()
	req, err := http.NewRequest(method, h.url+path, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := h.client.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return res, body
}

func TestHolderPlaysWithFFmpeg(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	v := h.readyVideo(owner)
	_, want := sourceClip(t)
	got, err := frameHashes(h.url + "/play/" + h.tokenFor(v) + "/master.m3u8")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || !slices.Equal(got, want) {
		t.Fatalf("decoded %d frames through /play, want the %d frames of the source, identical", len(got), len(want))
	}
}

// forged returns tokens that must all be refused with a bare 403.
func forged(t *testing.T, h *harness, v, other video) map[string]string {
	good := h.tokenFor(v)
	parts := strings.Split(good, ".")
	otherParts := strings.Split(h.tokenFor(other), ".")
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	payload, _ := json.Marshal(claimsFor(v.id, holder, time.Now().Add(time.Hour)))
	body := base64.RawURLEncoding.EncodeToString(payload)
	sig := []byte(parts[2])
	sig[len(sig)/2] ^= 1
	wrongAud := claimsFor(v.id, holder, time.Now().Add(time.Hour))
	wrongAud.Audience = jwt.ClaimStrings{"streamgate-access"}
	wrongKind := claimsFor(v.id, holder, time.Now().Add(time.Hour))
	wrongKind.Kind = "download"
	hs, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claimsFor(v.id, holder, time.Now().Add(time.Hour))).SignedString([]byte("guess"))
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"expired":        h.mint(claimsFor(v.id, holder, time.Now().Add(-time.Second))),
		"alg none":       none + "." + body + ".",
		"alg HS256":      hs,
		"bad signature":  parts[0] + "." + parts[1] + "." + string(sig),
		"other payload":  parts[0] + "." + body + "." + parts[2],
		"other video":    parts[0] + "." + otherParts[1] + "." + parts[2],
		"wrong audience": h.mint(wrongAud),
		"wrong kind":     h.mint(wrongKind),
		"garbage":        "not-a-token",
	}
}

func TestRefusedTokensGet403(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	v, other := h.readyVideo(owner), h.readyVideo(owner)
	resources := []string{"master.m3u8", rung + "/index.m3u8", rung + "/seg_000.ts", "key"}
	for name, tok := range forged(t, h, v, other) {
		for _, r := range resources {
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				res, body := h.do(method, "/play/"+tok+"/"+r)
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("%s token, %s %s: status %d, want 403", name, method, r, res.StatusCode)
				}
				if bytes.Contains(body, []byte(v.id.String())) || bytes.Contains(body, []byte(v.prefix)) {
					t.Errorf("%s token, %s: the refusal names the video: %q", name, r, body)
				}
			}
		}
	}
	// The genuine token works for the same resources.
	for _, r := range resources {
		if res, _ := h.get("/play/" + h.tokenFor(v) + "/" + r); res.StatusCode != http.StatusOK {
			t.Errorf("valid token, %s: status %d", r, res.StatusCode)
		}
	}
}

func TestOtherVideosTokenServesOnlyItsOwnVideo(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	v, other := h.readyVideo(owner), h.readyVideo(owner)
	tok := h.tokenFor(other)
	for _, r := range []string{"key", rung + "/seg_000.ts", rung + "/index.m3u8"} {
		_, body := h.get("/play/" + tok + "/" + r)
		want := other.files[r]
		if r == "key" {
			want = other.key
		}
		if !bytes.Equal(body, want) {
			t.Errorf("%s with the other video's token: not that video's bytes", r)
		}
		if (r == "key" && bytes.Equal(body, v.key)) || (r != "key" && bytes.Equal(body, v.files[r])) {
			t.Errorf("%s with the other video's token returned this video's bytes", r)
		}
	}
}

func TestUnknownOrUnreadyVideoIs404(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	v := h.readyVideo(owner)
	unknown := h.mint(claimsFor(uuid.New(), holder, time.Now().Add(time.Minute)))
	if res, _ := h.get("/play/" + unknown + "/master.m3u8"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown video: status %d, want 404", res.StatusCode)
	}
	if _, err := h.pool.Exec(t.Context(), `UPDATE videos SET status = 'processing' WHERE id = $1`, v.id); err != nil {
		t.Fatal(err)
	}
	if res, _ := h.get("/play/" + h.tokenFor(v) + "/master.m3u8"); res.StatusCode != http.StatusNotFound {
		t.Errorf("video not ready: status %d, want 404", res.StatusCode)
	}
}

func TestBadPathsAreRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	v := h.readyVideo(owner)
	// An object outside the allowed names, to prove it cannot be reached.
	if _, err := h.pool.Exec(t.Context(), `UPDATE videos SET hls_prefix = $2 WHERE id = $1`, v.id, v.prefix+rung+"/"); err != nil {
		t.Fatal(err)
	}
	tok := h.tokenFor(v)
	// Redirects (the mux cleaning dot segments) are followed: wherever
	// they lead, nothing is served.
	for _, p := range []string{"", "keys", "master.m3u", "master.M3U8", ".m3u8", "../master.m3u8",
		"%2e%2e/master.m3u8", "..%2fmaster.m3u8", "a/b/c.ts", "seg_000.ts.bak", ".hidden.ts",
		"seg%20000.ts", "seg_000.exe", "/etc/passwd.ts", "seg_000.ts/"} {
		if res, _ := h.get("/play/" + tok + "/" + p); res.StatusCode == http.StatusOK {
			t.Errorf("path %q: served, want refused", p)
		}
	}
	// The prefix now points at the rung: its playlist is reachable, the
	// master one level up is not.
	if res, _ := h.get("/play/" + tok + "/index.m3u8"); res.StatusCode != http.StatusOK {
		t.Errorf("index.m3u8: status %d", res.StatusCode)
	}
}

// cacheModes runs a test with the object cache off and on, and with the
// segment spool on (memory off).
var cacheModes = map[string]func(*playback.Config){
	"s3":     nil,
	"memory": func(c *playback.Config) { c.ObjectCacheBytes = 64 << 20 },
	"spool":  func(c *playback.Config) { c.SpoolDir = spoolTestDir },
}

func TestResponseHeaders(t *testing.T) {
	t.Parallel()
	for mode, cfg := range cacheModes {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			testResponseHeaders(t, cfg)
		})
	}
}

func testResponseHeaders(t *testing.T, cfg func(*playback.Config)) {
	h := newHarness(t, cfg)
	v := h.readyVideo(owner)
	base := "/play/" + h.tokenFor(v) + "/"
	cases := []struct{ path, ctype, cache string }{
		{"master.m3u8", "application/vnd.apple.mpegurl", "no-store"},
		{rung + "/index.m3u8", "application/vnd.apple.mpegurl", "no-store"},
		{rung + "/seg_001.ts", "video/mp2t", "public, max-age=86400, immutable"},
		{"key", "application/octet-stream", "no-store"},
	}
	for _, c := range cases {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			res, body := h.do(method, base+c.path, "Origin", "https://player.example")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s %s: status %d", method, c.path, res.StatusCode)
			}
			if got := res.Header.Get("Content-Type"); got != c.ctype {
				t.Errorf("%s %s: Content-Type %q, want %q", method, c.path, got, c.ctype)
			}
			if got := res.Header.Get("Cache-Control"); got != c.cache {
				t.Errorf("%s %s: Cache-Control %q, want %q", method, c.path, got, c.cache)
			}
			if got := res.Header.Get("Access-Control-Allow-Origin"); got != "*" {
				t.Errorf("%s %s: Access-Control-Allow-Origin %q", method, c.path, got)
			}
			if got := res.Header.Get("Access-Control-Expose-Headers"); !strings.Contains(got, "Content-Range") {
				t.Errorf("%s %s: Access-Control-Expose-Headers %q", method, c.path, got)
			}
			// The same answer for every Origin: one cached copy for all.
			if got := res.Header.Values("Vary"); len(got) != 0 {
				t.Errorf("%s %s: Vary %q, want none", method, c.path, got)
			}
			want := v.files[c.path]
			if c.path == "key" {
				want = v.key
			}
			if res.ContentLength != int64(len(want)) {
				t.Errorf("%s %s: Content-Length %d, want %d", method, c.path, res.ContentLength, len(want))
			}
			if method == http.MethodGet && !bytes.Equal(body, want) {
				t.Errorf("GET %s: body differs from the stored object", c.path)
			}
		}
	}
}

func TestSegmentRange(t *testing.T) {
	t.Parallel()
	for mode, cfg := range cacheModes {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			testSegmentRange(t, cfg)
		})
	}
}

func testSegmentRange(t *testing.T, cfg func(*playback.Config)) {
	h := newHarness(t, cfg)
	v := h.readyVideo(owner)
	seg := v.files[rung+"/seg_001.ts"]
	url := "/play/" + h.tokenFor(v) + "/" + rung + "/seg_001.ts"
	n := len(seg)
	// A whole GET first, which the memory mode keeps; the ranges then
	// come from memory.
	if res, body := h.get(url); res.StatusCode != http.StatusOK || !bytes.Equal(body, seg) {
		t.Fatalf("whole segment: status %d", res.StatusCode)
	}
	cases := []struct {
		rng      string
		status   int
		from, to int // body is seg[from:to]
	}{
		{"bytes=0-99", 206, 0, 100},
		{"bytes=100-", 206, 100, n},
		{"bytes=-188", 206, n - 188, n},
		{"bytes=0-", 206, 0, n},
		{"bytes=10-5", 200, 0, n},      // unsatisfiable syntax: ignored
		{"bytes=0-1,5-6", 200, 0, n},   // several ranges: whole object
		{"items=0-5", 200, 0, n},       // other units: ignored
		{"bytes=99999999-", 416, 0, 0}, // past the end
	}
	for _, c := range cases {
		res, body := h.get(url, "Range", c.rng)
		if res.StatusCode != c.status {
			t.Errorf("Range %q: status %d, want %d", c.rng, res.StatusCode, c.status)
			continue
		}
		if c.status == 416 {
			continue
		}
		if !bytes.Equal(body, seg[c.from:c.to]) {
			t.Errorf("Range %q: got %d bytes, want seg[%d:%d]", c.rng, len(body), c.from, c.to)
		}
		if c.status == 206 && res.Header.Get("Content-Range") == "" {
			t.Errorf("Range %q: no Content-Range", c.rng)
		}
	}
}

func TestSegmentWithoutKeyDoesNotDecode(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	v := h.readyVideo(owner)
	tok := h.tokenFor(v)
	_, seg := h.get("/play/" + tok + "/" + rung + "/seg_000.ts")
	if len(seg) == 0 || len(seg)%aes.BlockSize != 0 {
		t.Fatalf("segment of %d bytes is not AES-CBC ciphertext", len(seg))
	}
	leaked := filepath.Join(t.TempDir(), "leaked.ts")
	if err := os.WriteFile(leaked, seg, 0o600); err != nil {
		t.Fatal(err)
	}
	if frames, err := frameHashes(leaked); err == nil && len(frames) > 0 {
		t.Fatalf("a leaked segment decoded %d frames without the key", len(frames))
	}
	// With the key from /play/{token}/key and the IV of the playlist it
	// is a valid MPEG-TS: the key route serves the real key.
	_, key := h.get("/play/" + tok + "/key")
	_, playlist := h.get("/play/" + tok + "/" + rung + "/index.m3u8")
	plain := decryptSegment(t, key, ivOf(t, string(playlist)), seg)
	for off := 0; off < len(plain); off += 188 {
		if plain[off] != 0x47 {
			t.Fatalf("decrypted segment has no TS sync byte at %d", off)
		}
	}
}

func ivOf(t *testing.T, playlist string) []byte {
	_, rest, ok := strings.Cut(playlist, "IV=0x")
	if !ok || len(rest) < 32 {
		t.Fatalf("no explicit IV in playlist:\n%s", playlist)
	}
	iv := make([]byte, 16)
	if _, err := hexDecode(iv, rest[:32]); err != nil {
		t.Fatal(err)
	}
	return iv
}

func decryptSegment(t *testing.T, key, iv, seg []byte) []byte {
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	plain := make([]byte, len(seg))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, seg)
	pad := int(plain[len(plain)-1])
	if pad < 1 || pad > aes.BlockSize {
		t.Fatalf("bad PKCS#7 padding %d: wrong key", pad)
	}
	return plain[:len(plain)-pad]
}

func TestSegmentRedirect(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *playback.Config) { c.SegmentRedirect, c.PresignTTL = true, 30*time.Second })
	v := h.readyVideo(owner)
	tok := h.tokenFor(v)
	client := *h.client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := client.Get(h.url + "/play/" + tok + "/" + rung + "/seg_000.ts")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusFound || !strings.Contains(loc, "X-Amz-Expires=30") {
		t.Fatalf("status %d Location %q, want 302 to a 30 s presigned URL", res.StatusCode, loc)
	}
	seg, err := h.client.Get(loc)
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Body.Close()
	got, _ := io.ReadAll(seg.Body)
	if !bytes.Equal(got, v.files[rung+"/seg_000.ts"]) {
		t.Fatal("the presigned URL does not serve the segment")
	}
	// Playlists and keys are never redirected, and ffmpeg still plays.
	if r, _ := h.get("/play/" + tok + "/key"); r.StatusCode != http.StatusOK {
		t.Fatalf("key: %d", r.StatusCode)
	}
	_, want := sourceClip(t)
	if got, err := frameHashes(h.url + "/play/" + tok + "/master.m3u8"); err != nil || !slices.Equal(got, want) {
		t.Fatalf("ffmpeg through redirects: %d frames, %v", len(got), err)
	}
}

func hexDecode(dst []byte, s string) (int, error) { return hex.Decode(dst, []byte(s)) }
