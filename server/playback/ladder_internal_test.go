package playback

import (
	"bytes"
	"testing"
	"time"
)

// TestLadderPlaylists pins what readRung takes from the worker's
// playlists: widths, and segment times, sequence numbers and keys.
func TestLadderPlaylists(t *testing.T) {
	t.Parallel()
	vs, err := variants([]byte("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=9,RESOLUTION=1280x720\n720p/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS=\"mp4a.40.2\"\naudio/index.m3u8\n"))
	if err != nil || len(vs) != 2 || vs[0] != (variant{width: 1280, uri: "720p/index.m3u8"}) || vs[1] != (variant{uri: "audio/index.m3u8"}) {
		t.Fatalf("variants %+v, %v", vs, err)
	}
	segs, err := segments([]byte("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:5\n#EXT-X-KEY:METHOD=AES-128,URI=\"../key\"\n#EXTINF:2.5,\na.ts\n" +
		"#EXT-X-KEY:METHOD=AES-128,URI=\"../key\",IV=0x000102030405060708090a0b0c0d0e0f\n#EXTINF:4000,\nb.ts\n#EXT-X-KEY:METHOD=NONE\n#EXTINF:1,\nc.ts\n"))
	if err != nil || len(segs) != 3 {
		t.Fatalf("segments %+v, %v", segs, err)
	}
	a, b, c := segs[0], segs[1], segs[2]
	if a.uri != "a.ts" || a.start != 0 || a.dur != 2500*time.Millisecond || a.seq != 5 || !a.encrypted || a.iv != nil {
		t.Fatalf("first segment %+v", a)
	}
	// Longer than any segment: read as zero long.
	if b.start != a.dur || b.dur != 0 || b.seq != 6 || !b.encrypted || !bytes.Equal(b.iv, []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}) {
		t.Fatalf("second segment %+v", b)
	}
	if c.start != a.dur || c.dur != time.Second || c.seq != 7 || c.encrypted || c.iv != nil {
		t.Fatalf("third segment %+v", c)
	}
	for _, bad := range []string{"", "#EXTM3U\n#EXTINF:x,\na.ts\n", "#EXTM3U\na.ts\n"} {
		if segs, err := segments([]byte(bad)); err == nil {
			t.Errorf("segments(%q) = %+v", bad, segs)
		}
	}
}
