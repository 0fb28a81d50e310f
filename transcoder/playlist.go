package transcoder

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
)

// MediaPlaylist is what the worker needs from a media playlist ffmpeg
// wrote: its segments, and whether they are encrypted.
type MediaPlaylist struct {
	Segments []Segment
	// KeyMethod is the METHOD of the last EXT-X-KEY, "" when none; Key
	// is that tag's whole attribute list.
	KeyMethod, Key string
	// Version is the EXT-X-VERSION, 0 when absent.
	Version int
	Ended   bool
}

// Segment is one media segment.
type Segment struct {
	URI      string
	Duration float64
}

// ParseMediaPlaylist reads an HLS media playlist. Segment URIs must be
// plain relative file names, since the worker uploads them by name.
func ParseMediaPlaylist(r io.Reader) (MediaPlaylist, error) {
	var p MediaPlaylist
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 1<<20)
	first, pending := true, -1.0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if first {
			if line != "#EXTM3U" {
				return p, errors.New("playlist does not start with #EXTM3U")
			}
			first = false
			continue
		}
		switch {
		case line == "":
		case strings.HasPrefix(line, "#EXTINF:"):
			d, err := strconv.ParseFloat(strings.TrimSuffix(strings.SplitN(line[len("#EXTINF:"):], ",", 2)[0], ","), 64)
			if err != nil || d < 0 || math.IsInf(d, 0) || math.IsNaN(d) {
				return p, fmt.Errorf("bad %q", line)
			}
			pending = d
		case strings.HasPrefix(line, "#EXT-X-KEY:"):
			p.Key = line[len("#EXT-X-KEY:"):]
			p.KeyMethod = attr(p.Key, "METHOD")
		case strings.HasPrefix(line, "#EXT-X-VERSION:"):
			v, err := strconv.Atoi(line[len("#EXT-X-VERSION:"):])
			if err != nil || v < 1 || v > 99 {
				return p, fmt.Errorf("bad %q", line)
			}
			p.Version = v
		case line == "#EXT-X-ENDLIST":
			p.Ended = true
		case strings.HasPrefix(line, "#"):
		default:
			if pending < 0 {
				return p, fmt.Errorf("segment %q has no #EXTINF", line)
			}
			if line != path.Base(line) || line == "." || line == ".." || strings.ContainsAny(line, ":?#\\") {
				return p, fmt.Errorf("segment %q is not a plain file name", line)
			}
			p.Segments = append(p.Segments, Segment{URI: line, Duration: pending})
			pending = -1
		}
	}
	if err := sc.Err(); err != nil {
		return p, err
	}
	if first {
		return p, errors.New("empty playlist")
	}
	return p, nil
}

// attr returns an unquoted attribute of an attribute list; quoted values
// may hold commas.
func attr(list, name string) string {
	for list != "" {
		k, rest, ok := strings.Cut(list, "=")
		if !ok {
			return ""
		}
		var v string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				return ""
			}
			v, rest = rest[1:1+end], rest[2+end:]
		} else {
			v, rest, _ = strings.Cut(rest, ",")
			rest = "," + rest
		}
		if strings.TrimSpace(k) == name {
			return v
		}
		list = strings.TrimPrefix(rest, ",")
	}
	return ""
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
	pl, err := ParseMediaPlaylist(bytes.NewReader(b))
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
