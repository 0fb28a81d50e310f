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

// TestParsePlaylist checks the worker's own rule on top of hls.ParseMedia:
// segments are plain file names it uploads by name.
func TestParsePlaylist(t *testing.T) {
	t.Parallel()
	p, err := parsePlaylist(strings.NewReader(mediaPlaylist))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Ended || p.Key.Method != "AES-128" || len(p.Segments) != 2 || p.Segments[1].URI != "seg_00001.ts" || p.Segments[1].Duration != 1.5 {
		t.Fatalf("parsed %+v", p)
	}
	for name, bad := range map[string]string{
		"escaping segment": "#EXTM3U\n#EXTINF:1,\n../a.ts\n",
		"nested segment":   "#EXTM3U\n#EXTINF:1,\nb/a.ts\n",
		"url segment":      "#EXTM3U\n#EXTINF:1,\nhttp://x/a.ts\n",
		"query segment":    "#EXTM3U\n#EXTINF:1,\na.ts?x\n",
		"backslash":        "#EXTM3U\n#EXTINF:1,\n..\\a.ts\n",
		"dot dot":          "#EXTM3U\n#EXTINF:1,\n..\n",
	} {
		if _, err := parsePlaylist(strings.NewReader(bad)); err == nil {
			t.Errorf("%s: parsed %q", name, bad)
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

// ReadProgress reads ffmpeg's progress output; it must never panic nor
// report a negative position.

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
