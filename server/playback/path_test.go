package playback

import (
	"strings"
	"testing"
)

func TestParsePath(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in    string
		res   resource
		key   string
		ctype string
	}{
		{"master.m3u8", resPlaylist, "master.m3u8", "application/vnd.apple.mpegurl"},
		{"720p/index.m3u8", resPlaylist, "720p/index.m3u8", "application/vnd.apple.mpegurl"},
		{"720p/seg_00001.ts", resSegment, "720p/seg_00001.ts", "video/mp2t"},
		{"720p/seg-1.m4s", resSegment, "720p/seg-1.m4s", "video/iso.segment"},
		{"720p/init.mp4", resSegment, "720p/init.mp4", "video/mp4"},
		{"key", resKey, "", "application/octet-stream"},
		{"storyboard.vtt", resSegment, "storyboard.vtt", "text/vtt"},
		{"storyboard.json", resSegment, "storyboard.json", "application/json"},
		{"storyboard/0.jpg", resSegment, "storyboard/0.jpg", "image/jpeg"},
		{"storyboard/12.jpg#xywh=0,0,160,90", resNone, "", ""},
		{"download.mp4", resDownload, "", "video/mp4"},
		{"x/download.mp4", resSegment, "x/download.mp4", "video/mp4"},
		{"", resNone, "", ""},
		{"../master.m3u8", resNone, "", ""},
		{"720p/../../x.ts", resNone, "", ""},
		{"a/b/c.ts", resNone, "", ""},
		{"720p/.ts", resNone, "", ""},
		{"720p/x.ts.ts", resNone, "", ""},
		{"720p/x.TS", resNone, "", ""},
		{"720p/x.exe", resNone, "", ""},
		{"/720p/x.ts", resNone, "", ""},
		{"720p//x.ts", resNone, "", ""},
		{"key/x.ts", resSegment, "key/x.ts", "video/mp2t"},
		{"720p/x\x00.ts", resNone, "", ""},
		{strings.Repeat("a", 65) + ".ts", resNone, "", ""},
	}
	for _, c := range cases {
		res, key, ctype := parsePath(c.in)
		if res != c.res || key != c.key || ctype != c.ctype {
			t.Errorf("parsePath(%q) = %v %q %q, want %v %q %q", c.in, res, key, ctype, c.res, c.key, c.ctype)
		}
	}
}

// FuzzParsePath checks that no accepted path can leave the video's
// prefix or name anything but a known media file.
func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"master.m3u8", "720p/index.m3u8", "720p/seg_001.ts", "key", "../x.ts", "a/b/c.ts", "%2e%2e/x.ts"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		res, key, ctype := parsePath(p)
		if res == resNone {
			if key != "" || ctype != "" {
				t.Fatalf("refused %q but returned %q %q", p, key, ctype)
			}
			return
		}
		if res == resKey || res == resDownload {
			if p != "key" && p != downloadPath || key != "" {
				t.Fatalf("%v for %q", res, p)
			}
			return
		}
		if key != p || strings.Contains(key, "..") || strings.HasPrefix(key, "/") || strings.Count(key, "/") > 1 || strings.Count(key, ".") != 1 {
			t.Fatalf("accepted %q as %q", p, key)
		}
		for _, c := range []byte(key) {
			if c < 0x21 || c > 0x7e || c == '\\' || c == '%' {
				t.Fatalf("accepted %q with byte %q", p, c)
			}
		}
		if contentTypes[key[strings.LastIndexByte(key, '.')+1:]] != ctype {
			t.Fatalf("%q: content type %q", p, ctype)
		}
	})
}

func TestDownloadName(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ title, name, ascii string }{
		{"My Film (2026)", "My-Film-2026.mp4", "My-Film-2026.mp4"},
		{`../../etc/passwd"; x=`, "etc-passwd-x.mp4", "etc-passwd-x.mp4"},
		{"Café ünïcode", "Café-ünïcode.mp4", "Caf-ncode.mp4"},
		{"東京", "東京.mp4", "video.mp4"},
		{"!!!", "video.mp4", "video.mp4"},
		{strings.Repeat("a", 300), strings.Repeat("a", 80) + ".mp4", strings.Repeat("a", 80) + ".mp4"},
	} {
		if n := downloadName(c.title); n != c.name || asciiName(n) != c.ascii {
			t.Errorf("%q: %q %q, want %q %q", c.title, n, asciiName(n), c.name, c.ascii)
		}
	}
}

// FuzzDownloadName checks that no title yields a header-breaking or
// path-like file name.
func FuzzDownloadName(f *testing.F) {
	for _, s := range []string{"My Film", "../x", "a\"b", "\r\nSet-Cookie: x", "東京"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		n := downloadName(title)
		a := asciiName(n)
		for _, s := range []string{n, a} {
			if !strings.HasSuffix(s, ".mp4") || strings.ContainsAny(s, "\"\\/\r\n;%") || strings.Contains(s, "..") || len(s) > 4*80+4 {
				t.Fatalf("%q -> %q", title, s)
			}
		}
		for _, c := range []byte(a) {
			if c < 0x21 || c > 0x7e {
				t.Fatalf("%q -> ascii %q", title, a)
			}
		}
	})
}

// FuzzSingleRange checks that an accepted Range names one well-formed
// byte range and that its normal form parses to itself.
func FuzzSingleRange(f *testing.F) {
	for _, s := range []string{"bytes=0-99", "bytes=100-", "bytes=-5", "bytes=5-1", "bytes=0-1,2-3", "bytes=-", "items=1-2", "bytes= 1-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		r, ok := singleRange(v)
		if !ok {
			return
		}
		again, ok2 := singleRange(r)
		if !ok2 || again != r {
			t.Fatalf("%q -> %q -> %q %v", v, r, again, ok2)
		}
		spec := strings.TrimPrefix(r, "bytes=")
		if strings.ContainsAny(spec, ", +") || strings.Count(spec, "-") != 1 {
			t.Fatalf("%q -> %q", v, r)
		}
	})
}
