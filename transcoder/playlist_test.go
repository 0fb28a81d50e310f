package transcoder

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

const mediaPlaylist = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:6
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-KEY:METHOD=AES-128,URI="../key",IV=0x0123456789abcdef0123456789abcdef
#EXTINF:6.006000,
seg_00000.ts
#EXTINF:1.500000,
seg_00001.ts
#EXT-X-ENDLIST
`

func TestParseMediaPlaylist(t *testing.T) {
	t.Parallel()
	p, err := ParseMediaPlaylist(strings.NewReader(mediaPlaylist))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Ended || p.KeyMethod != "AES-128" || len(p.Segments) != 2 || p.Segments[1] != (Segment{URI: "seg_00001.ts", Duration: 1.5}) {
		t.Fatalf("parsed %+v", p)
	}
	for name, bad := range map[string]string{
		"no header":        "#EXTINF:1,\na.ts\n",
		"empty":            "",
		"no extinf":        "#EXTM3U\na.ts\n",
		"escaping segment": "#EXTM3U\n#EXTINF:1,\n../a.ts\n",
		"url segment":      "#EXTM3U\n#EXTINF:1,\nhttp://x/a.ts\n",
		"bad duration":     "#EXTM3U\n#EXTINF:x,\na.ts\n",
		"negative":         "#EXTM3U\n#EXTINF:-1,\na.ts\n",
	} {
		if _, err := ParseMediaPlaylist(strings.NewReader(bad)); err == nil {
			t.Errorf("%s: parsed %q", name, bad)
		}
	}
}

func TestAttr(t *testing.T) {
	t.Parallel()
	list := `METHOD=AES-128,URI="a,b=c",IV=0x01`
	for k, want := range map[string]string{"METHOD": "AES-128", "URI": "a,b=c", "IV": "0x01", "NONE": ""} {
		if got := attr(list, k); got != want {
			t.Errorf("attr %s = %q, want %q", k, got, want)
		}
	}
}

func TestRenderMaster(t *testing.T) {
	t.Parallel()
	got := RenderMaster([]Variant{{Rendition: Rendition{Rung: Rung{Name: "720p"}, Width: 1280, Height: 720}, Peak: 3000000, Average: 2500000, Codecs: "avc1.64001f,mp4a.40.2", FPS: 30}})
	want := "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n" +
		"#EXT-X-STREAM-INF:BANDWIDTH=3000000,AVERAGE-BANDWIDTH=2500000,RESOLUTION=1280x720,CODECS=\"avc1.64001f,mp4a.40.2\",FRAME-RATE=30.000\n720p/index.m3u8\n"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestReadProgress(t *testing.T) {
	t.Parallel()
	var got []time.Duration
	ReadProgress(strings.NewReader("frame=1\nout_time_us=500000\nprogress=continue\nout_time_us=N/A\nprogress=continue\nout_time_us=2000000\nprogress=end\n"),
		func(d time.Duration) { got = append(got, d) })
	if len(got) != 3 || got[0] != 500*time.Millisecond || got[1] != 500*time.Millisecond || got[2] != 2*time.Second {
		t.Fatalf("got %v", got)
	}
	if f := fraction(3*time.Second, 2*time.Second); f != 1 {
		t.Fatalf("fraction clamps: %v", f)
	}
}

// The parsers read files ffmpeg and ffprobe wrote from untrusted input;
// they must never panic, and what they accept must be consistent.

func FuzzParseMediaPlaylist(f *testing.F) {
	f.Add([]byte(mediaPlaylist))
	f.Add([]byte("#EXTM3U\n#EXTINF:1,\na.ts\n#EXT-X-KEY:URI=\"x\n"))
	f.Add([]byte("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-KEY:METHOD=AES-128,URI=\"../key\",IV=0x00\n#EXTINF:2.0,\npart_00000.ts\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseMediaPlaylist(bytes.NewReader(b))
		if err != nil {
			return
		}
		// The regrouper writes Key back as a tag of its own line.
		if p.Version < 0 || p.Version > 99 || (p.KeyMethod != "" && p.Key == "") || strings.ContainsAny(p.Key, "\r\n") {
			t.Fatalf("accepted version %d, key %q method %q", p.Version, p.Key, p.KeyMethod)
		}
		for _, s := range p.Segments {
			if s.Duration < 0 || s.URI == "" || strings.Contains(s.URI, "/") || s.URI == ".." {
				t.Fatalf("accepted segment %+v", s)
			}
		}
	})
}

func FuzzReadProgress(f *testing.F) {
	f.Add([]byte("out_time_us=123\nprogress=continue\n"))
	f.Add([]byte("out_time_us=-5\nprogress=end\nout_time_us=99999999999999999999\nprogress=end"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ReadProgress(bytes.NewReader(b), func(d time.Duration) {
			if d < 0 {
				t.Fatalf("negative position %v", d)
			}
		})
	})
}
