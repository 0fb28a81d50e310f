package hls

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

const master = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-STREAM-INF:BANDWIDTH=800000,AVERAGE-BANDWIDTH=600000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=29.970
360p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=96000,AVERAGE-BANDWIDTH=96000,CODECS="mp4a.40.2"

audio/index.m3u8
`

const media = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:6
#EXT-X-MEDIA-SEQUENCE:7
#EXT-X-PLAYLIST-TYPE:EVENT
#EXT-X-MAP:URI="init.mp4"
#EXT-X-KEY:METHOD=AES-128,URI="../key",IV=0x0123456789abcdef0123456789ABCDEF
#EXTINF:6.006000,
seg_00000.ts
#EXT-X-KEY:METHOD=NONE
#EXTINF:1.5,title, with a comma
seg_00001.ts
#EXT-X-ENDLIST
`

func TestParseMaster(t *testing.T) {
	t.Parallel()
	vs, err := ParseMaster(strings.NewReader(strings.ReplaceAll(master, "\n", "\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].URI != "360p/index.m3u8" || vs[0].Bandwidth != 800000 || vs[0].Width != 640 || vs[0].Height != 360 ||
		vs[1].URI != "audio/index.m3u8" || vs[1].Width != 0 || Attr(vs[0].Attrs, "CODECS") != "avc1.64001e,mp4a.40.2" {
		t.Fatalf("parsed %+v", vs)
	}
	for name, bad := range map[string]string{
		"empty":           "",
		"no header":       "#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\n",
		"no variant":      "#EXTM3U\n#EXT-X-VERSION:6\n",
		"no bandwidth":    "#EXTM3U\n#EXT-X-STREAM-INF:RESOLUTION=1x1\na.m3u8\n",
		"bad bandwidth":   "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=-5\na.m3u8\n",
		"bad resolution":  "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=1280\na.m3u8\n",
		"zero resolution": "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=0x720\na.m3u8\n",
		"two infs":        "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n#EXT-X-STREAM-INF:BANDWIDTH=2\na.m3u8\n",
		"no uri":          "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n",
		"media playlist":  media,
		"long line":       "#EXTM3U\n#" + strings.Repeat("x", MaxLine) + "\n",
		"lone cr":         "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\rb.m3u8\n",
	} {
		if vs, err := ParseMaster(strings.NewReader(bad)); err == nil {
			t.Errorf("%s: parsed %+v", name, vs)
		}
	}
	if _, err := ParseMaster(strings.NewReader("")); !errors.Is(err, ErrNotPlaylist) {
		t.Errorf("empty: %v", err)
	}
}

func TestParseMedia(t *testing.T) {
	t.Parallel()
	m, err := ParseMedia(strings.NewReader(media))
	if err != nil {
		t.Fatal(err)
	}
	iv := [16]byte{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}
	aes := Key{Method: "AES-128", URI: "../key", IV: iv, HasIV: true, Attrs: `METHOD=AES-128,URI="../key",IV=0x0123456789abcdef0123456789ABCDEF`}
	want := []Segment{
		{URI: "seg_00000.ts", Duration: 6.006, Seq: 7, Key: aes},
		{URI: "seg_00001.ts", Duration: 1.5, Seq: 8, Key: Key{Method: "NONE", Attrs: "METHOD=NONE"}},
	}
	if m.Version != 6 || m.TargetDuration != 6 || m.MediaSequence != 7 || m.Type != "EVENT" || !m.Ended || m.Map != "init.mp4" ||
		m.Key != want[1].Key || len(m.Segments) != 2 || m.Segments[0] != want[0] || m.Segments[1] != want[1] {
		t.Fatalf("parsed %+v", m)
	}
	for name, bad := range map[string]string{
		"empty":             "",
		"no header":         "#EXTINF:1,\na.ts\n",
		"no extinf":         "#EXTM3U\na.ts\n",
		"bad duration":      "#EXTM3U\n#EXTINF:x,\na.ts\n",
		"negative":          "#EXTM3U\n#EXTINF:-1,\na.ts\n",
		"infinite":          "#EXTM3U\n#EXTINF:+Inf,\na.ts\n",
		"nan":               "#EXTM3U\n#EXTINF:NaN,\na.ts\n",
		"bad version":       "#EXTM3U\n#EXT-X-VERSION:100\n",
		"bad target":        "#EXTM3U\n#EXT-X-TARGETDURATION:x\n",
		"fractional target": "#EXTM3U\n#EXT-X-TARGETDURATION:6.5\n",
		"bad sequence":      "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:-1\n",
		"late sequence":     "#EXTM3U\n#EXTINF:1,\na.ts\n#EXT-X-MEDIA-SEQUENCE:3\n",
		"bad type":          "#EXTM3U\n#EXT-X-PLAYLIST-TYPE:LIVE\n",
		"map without uri":   "#EXTM3U\n#EXT-X-MAP:BYTERANGE=\"1@0\"\n",
		"key without uri":   "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128\n",
		"unclosed key uri":  "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"x\n",
		"unknown method":    "#EXTM3U\n#EXT-X-KEY:METHOD=ROT13,URI=\"k\"\n",
		"short iv":          "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0x00\n",
		"non-hex iv":        "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0x0123456789abcdef0123456789abcdeg\n",
		"long line":         "#EXTM3U\n#EXTINF:1,\n" + strings.Repeat("a", MaxLine+1) + "\n",
		"lone cr":           "#EXTM3U\n#EXTINF:1,\na.ts\rb.ts\n",
	} {
		if m, err := ParseMedia(strings.NewReader(bad)); err == nil {
			t.Errorf("%s: parsed %+v", name, m)
		}
	}
}

// TestLineErrorIsShort: a rejected line is quoted in the error, clipped.
func TestLineErrorIsShort(t *testing.T) {
	t.Parallel()
	_, err := ParseMedia(strings.NewReader("#EXTM3U\n#EXTINF:" + strings.Repeat("9", 10000) + "x,\na.ts\n"))
	if err == nil || len(err.Error()) > 200 || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("error %v", err)
	}
}

func TestAttr(t *testing.T) {
	t.Parallel()
	list := `METHOD=AES-128,URI="a,b=c",IV=0x01, SPACED=1`
	for k, want := range map[string]string{"METHOD": "AES-128", "URI": "a,b=c", "IV": "0x01", "SPACED": "1", "NONE": "", "a": ""} {
		if got := Attr(list, k); got != want {
			t.Errorf("Attr %s = %q, want %q", k, got, want)
		}
	}
	for _, bad := range []string{`URI="open`, `NOVALUE`, `=`, `"`, `A="x"`} {
		if got := Attr(bad, "IV"); got != "" {
			t.Errorf("Attr(%q) = %q", bad, got)
		}
	}
}

// The parsers read playlists from ffmpeg, storage and the network: they
// must never panic, and what they accept must hold what the callers rely
// on.

func FuzzParseMedia(f *testing.F) {
	f.Add([]byte(media))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseMedia(bytes.NewReader(b))
		if err != nil {
			return
		}
		if m.Version < 0 || m.Version > 99 || m.TargetDuration < 0 || (m.Type != "" && m.Type != "VOD" && m.Type != "EVENT") ||
			strings.ContainsAny(m.Key.Attrs, "\r\n") || (m.Key.Method != "" && m.Key.Method != "NONE" && m.Key.URI == "") {
			t.Fatalf("accepted %+v", m)
		}
		for i, s := range m.Segments {
			if s.Duration < 0 || math.IsInf(s.Duration, 0) || math.IsNaN(s.Duration) || s.URI == "" || strings.HasPrefix(s.URI, "#") ||
				strings.ContainsAny(s.URI, "\r\n") || s.URI != strings.TrimSpace(s.URI) || s.Seq != m.MediaSequence+uint64(i) {
				t.Fatalf("accepted segment %d %+v", i, s)
			}
		}
	})
}

func FuzzParseMaster(f *testing.F) {
	f.Add([]byte(master))
	f.Fuzz(func(t *testing.T, b []byte) {
		vs, err := ParseMaster(bytes.NewReader(b))
		if err != nil {
			return
		}
		if len(vs) == 0 {
			t.Fatal("no variants and no error")
		}
		for _, v := range vs {
			if v.URI == "" || strings.HasPrefix(v.URI, "#") || strings.ContainsAny(v.URI, "\r\n") || v.Bandwidth < 0 ||
				(v.Width == 0) != (v.Height == 0) || v.Width < 0 || v.Height < 0 {
				t.Fatalf("accepted variant %+v", v)
			}
		}
	})
}

func FuzzAttr(f *testing.F) {
	f.Add(`METHOD=AES-128,URI="a,b=c",IV=0x01`, "URI")
	f.Fuzz(func(t *testing.T, list, name string) {
		if v := Attr(list, name); !strings.Contains(list, v) {
			t.Fatalf("Attr(%q, %q) = %q, not from the list", list, name, v)
		}
	})
}
