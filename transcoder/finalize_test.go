package transcoder

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFinalizeVOD(t *testing.T) {
	event := strings.Replace(mediaPlaylist, "PLAYLIST-TYPE:VOD", "PLAYLIST-TYPE:EVENT", 1)
	untyped := strings.Replace(mediaPlaylist, "#EXT-X-PLAYLIST-TYPE:VOD\n", "", 1)
	growing := strings.Replace(event, "#EXT-X-ENDLIST\n", "", 1)
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"event", event, true},
		{"already vod", mediaPlaylist, true},
		{"untyped", untyped, true},
		{"crlf", strings.ReplaceAll(event, "\n", "\r\n"), true},
		{"still growing", growing, false},
		{"no segments", "#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-ENDLIST\n", false},
		{"not a playlist", "hello", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := FinalizeVOD([]byte(tc.in))
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok %v", err, tc.ok)
			}
			if !tc.ok {
				return
			}
			checkVOD(t, out)
			if again, err := FinalizeVOD(out); err != nil || !bytes.Equal(again, out) {
				t.Fatalf("finalising twice changed it (%v):\n%s\n---\n%s", err, out, again)
			}
		})
	}
}

// checkVOD insists on one VOD type line, one ENDLIST, the same segments.
func checkVOD(t *testing.T, out []byte) {
	t.Helper()
	s := string(out)
	if strings.Count(s, "#EXT-X-PLAYLIST-TYPE:") != 1 || strings.Count(s, "#EXT-X-PLAYLIST-TYPE:VOD") != 1 || strings.Count(s, "#EXT-X-ENDLIST") != 1 {
		t.Fatalf("not VOD once:\n%s", s)
	}
	if !strings.HasPrefix(s, "#EXTM3U\n") {
		t.Fatalf("header moved:\n%s", s)
	}
}

func FuzzFinalizeVOD(f *testing.F) {
	f.Add([]byte(strings.Replace(mediaPlaylist, "PLAYLIST-TYPE:VOD", "PLAYLIST-TYPE:EVENT", 1)))
	f.Add([]byte("#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:1,\na.ts\n#EXT-X-ENDLIST\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := parsePlaylist(bytes.NewReader(b))
		out, ferr := FinalizeVOD(b)
		if ferr != nil {
			return
		}
		if err != nil || !in.Ended {
			t.Fatalf("finalised a playlist that does not parse or has not ended: %v", err)
		}
		got, err := parsePlaylist(bytes.NewReader(out))
		if err != nil || !got.Ended || len(got.Segments) != len(in.Segments) || got.Key != in.Key {
			t.Fatalf("finalised playlist changed: %v %+v vs %+v", err, got, in)
		}
		for i := range got.Segments {
			if got.Segments[i] != in.Segments[i] {
				t.Fatalf("segment %d changed: %+v vs %+v", i, got.Segments[i], in.Segments[i])
			}
		}
		types := 0
		for _, l := range strings.Split(string(out), "\n") {
			if l := strings.TrimSpace(l); strings.HasPrefix(l, "#EXT-X-PLAYLIST-TYPE:") {
				if l != "#EXT-X-PLAYLIST-TYPE:VOD" {
					t.Fatalf("type line %q left:\n%s", l, out)
				}
				types++
			}
		}
		if types != 1 {
			t.Fatalf("VOD type %d times:\n%s", types, out)
		}
	})
}

// TestFinalizeVODGolden pins FinalizeVOD's bytes for each testdata/finalize
// input; run with -update after a deliberate change.
func TestFinalizeVODGolden(t *testing.T) {
	t.Parallel()
	ins, err := filepath.Glob(filepath.Join("testdata", "finalize", "*.in"))
	if err != nil || len(ins) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range ins {
		b, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := FinalizeVOD(b)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		golden(t, strings.TrimSuffix(in, ".in")+".golden", got)
	}
}
