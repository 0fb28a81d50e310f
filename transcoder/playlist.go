package transcoder

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/streamgate/streamgate/media/hls"
)

// parsePlaylist reads a media playlist ffmpeg wrote. Segment URIs must
// be plain relative file names, since the worker uploads them by name.
func parsePlaylist(r io.Reader) (hls.Media, error) {
	p, err := hls.ParseMedia(r)
	if err != nil {
		return p, err
	}
	for _, s := range p.Segments {
		if s.URI != path.Base(s.URI) || s.URI == "." || s.URI == ".." || strings.ContainsAny(s.URI, ":?#\\") {
			return p, fmt.Errorf("segment %q is not a plain file name", s.URI)
		}
	}
	return p, nil
}

// Variant is one line of the master playlist.
type Variant struct {
	Rendition
	// Peak and Average are bits per second over the segments.
	Peak, Average uint64
	Codecs        string
	FPS           float64
}

// RenderMaster renders the master playlist, highest rendition first;
// an audio-only variant has no RESOLUTION and only an audio codec.
func RenderMaster(vs []Variant) string {
	var b strings.Builder
	b.WriteString("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n")
	for _, v := range vs {
		fmt.Fprintf(&b, "#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d", v.Peak, v.Average)
		if !v.AudioOnly() {
			fmt.Fprintf(&b, ",RESOLUTION=%dx%d", v.Width, v.Height)
		}
		fmt.Fprintf(&b, ",CODECS=\"%s\"", v.Codecs)
		if v.FPS > 0 && !v.AudioOnly() {
			fmt.Fprintf(&b, ",FRAME-RATE=%.3f", v.FPS)
		}
		fmt.Fprintf(&b, "\n%s/index.m3u8\n", v.Name)
	}
	return b.String()
}

// FinalizeVOD turns a finished EVENT playlist into a VOD one: the
// PLAYLIST-TYPE becomes VOD (added after the header when absent). The
// playlist must already end in EXT-X-ENDLIST: a playlist still growing
// cannot be final.
func FinalizeVOD(b []byte) ([]byte, error) {
	pl, err := parsePlaylist(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	if !pl.Ended || len(pl.Segments) == 0 {
		return nil, errors.New("playlist has no segments or no EXT-X-ENDLIST: it is not finished")
	}
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	typed := false
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "#EXT-X-PLAYLIST-TYPE:") {
			if typed {
				lines[i] = ""
				continue
			}
			lines[i], typed = "#EXT-X-PLAYLIST-TYPE:VOD", true
		}
	}
	if !typed {
		lines = slices.Insert(lines, 1, "#EXT-X-PLAYLIST-TYPE:VOD")
	}
	out := strings.Join(slices.DeleteFunc(lines, func(l string) bool { return l == "" }), "\n") + "\n"
	return []byte(out), nil
}
