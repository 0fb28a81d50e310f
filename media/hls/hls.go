// Package hls reads HLS playlists (RFC 8216): a master playlist's
// variants and a media playlist's segments, keys and the tags that the
// server (thumbnails, storyboards, subtitles), the transcoder worker and
// the load generator act on. Playlists come from ffmpeg, from storage or
// from the network, so the reader is strict: a playlist breaking a rule
// those readers rely on is an error naming the line, never a partial
// read, and no line may be longer than MaxLine.
package hls

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxLine bounds one playlist line in bytes; a longer line is an error.
const MaxLine = 1 << 20

// ErrNotPlaylist is returned for input that is empty or does not start
// with #EXTM3U.
var ErrNotPlaylist = errors.New("hls: not a playlist (no #EXTM3U first line)")

// readLines calls fn with each line after the #EXTM3U header, trimmed of
// surrounding spaces (so CRLF endings read as LF), and its 1-based number.
// A carriage return inside a line is an error.
func readLines(r io.Reader, fn func(n int, line string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), MaxLine)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if strings.IndexByte(line, '\r') >= 0 {
			// RFC 8216 ends lines with LF or CRLF only; another reader
			// could take a lone CR for a line break and read other lines.
			return lineError(n, line, "carriage return inside the line")
		}
		if n == 1 {
			if line != "#EXTM3U" {
				return ErrNotPlaylist
			}
			continue
		}
		if err := fn(n, line); err != nil {
			return err
		}
	}
	switch err := sc.Err(); {
	case errors.Is(err, bufio.ErrTooLong):
		return fmt.Errorf("hls: line %d is longer than %d bytes", n+1, MaxLine)
	case err != nil:
		return fmt.Errorf("hls: read playlist: %w", err)
	case n == 0:
		return ErrNotPlaylist
	}
	return nil
}

// lineError says which line is wrong and why, quoting at most the start
// of the line: errors reach logs and, from the load generator, reports.
func lineError(n int, line, why string) error {
	const most = 80
	if len(line) > most {
		line = line[:most] + "..."
	}
	return fmt.Errorf("hls: line %d %q: %s", n, line, why)
}

// Attr returns the value of the attribute name in an attribute list
// (RFC 8216 section 4.2), quotes removed; a quoted value may hold commas
// and equals signs. It returns "" when the attribute is absent or the
// list is malformed before it.
func Attr(list, name string) string {
	for len(list) > 0 {
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
			v, rest = rest[1:end+1], rest[end+2:]
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
