package hls

import (
	"encoding/hex"
	"io"
	"math"
	"strconv"
	"strings"
)

// Media is a media playlist.
type Media struct {
	// Version is EXT-X-VERSION (1 to 99), 0 when absent.
	Version int
	// TargetDuration is EXT-X-TARGETDURATION in seconds, 0 when absent.
	TargetDuration int
	// MediaSequence is EXT-X-MEDIA-SEQUENCE, the first segment's number.
	MediaSequence uint64
	// Type is EXT-X-PLAYLIST-TYPE: "VOD", "EVENT", or "" when absent.
	Type string
	// Ended reports an EXT-X-ENDLIST: no segment will be added.
	Ended bool
	// Map is the URI of the last EXT-X-MAP, "" when none.
	Map string
	// Key is the last EXT-X-KEY, the zero Key when none.
	Key Key
	// Segments are the media segments in playlist order.
	Segments []Segment
}

// Key is an EXT-X-KEY: how the segments after it are encrypted.
type Key struct {
	// Method is METHOD: "NONE", "AES-128", "SAMPLE-AES" or
	// "SAMPLE-AES-CTR".
	Method string
	// URI is where the key is, "" for METHOD=NONE.
	URI string
	// IV is the explicit initialisation vector when HasIV; without one,
	// AES-128 uses the segment's sequence number.
	IV    [16]byte
	HasIV bool
	// Attrs is the tag's whole attribute list, to write the tag again.
	Attrs string
}

// Segment is one media segment.
type Segment struct {
	// URI is the segment's address as written (often relative).
	URI string
	// Duration is its EXTINF duration in seconds: finite, not negative.
	Duration float64
	// Seq is its media sequence number.
	Seq uint64
	// Key is the EXT-X-KEY in effect for it, the zero Key when none.
	Key Key
}

// ParseMedia reads a media playlist. Every segment needs an EXTINF
// before it; an unknown or malformed value of a tag read here is an
// error, other tags and comments are skipped.
func ParseMedia(r io.Reader) (Media, error) {
	var m Media
	pending := -1.0
	err := readLines(r, func(n int, line string) error {
		if line == "" {
			return nil
		}
		if !strings.HasPrefix(line, "#") {
			if pending < 0 {
				return lineError(n, line, "segment has no #EXTINF")
			}
			m.Segments = append(m.Segments, Segment{URI: line, Duration: pending, Seq: m.MediaSequence + uint64(len(m.Segments)), Key: m.Key})
			pending = -1
			return nil
		}
		d, why := m.tag(line)
		if why != "" {
			return lineError(n, line, why)
		}
		if d >= 0 {
			pending = d
		}
		return nil
	})
	return m, err
}

// tag applies one tag line to m; d is the duration of an EXTINF (-1 for
// other tags), why non-empty when the tag is malformed.
func (m *Media) tag(line string) (d float64, why string) {
	name, value, _ := strings.Cut(line, ":")
	var err error
	switch {
	case name == "#EXTINF":
		v, _, _ := strings.Cut(value, ",")
		d, err = strconv.ParseFloat(v, 64)
		if err != nil || d < 0 || math.IsInf(d, 0) || math.IsNaN(d) {
			return -1, "bad duration"
		}
		return d, ""
	case name == "#EXT-X-KEY":
		m.Key, why = parseKey(value)
	case name == "#EXT-X-MAP":
		if m.Map = Attr(value, "URI"); m.Map == "" {
			why = "no URI"
		}
	case name == "#EXT-X-VERSION":
		m.Version, err = strconv.Atoi(value)
		if err != nil || m.Version < 1 || m.Version > 99 {
			why = "bad version"
		}
	case name == "#EXT-X-TARGETDURATION":
		m.TargetDuration, err = strconv.Atoi(value)
		if err != nil || m.TargetDuration < 0 {
			why = "bad target duration"
		}
	case name == "#EXT-X-MEDIA-SEQUENCE":
		m.MediaSequence, err = strconv.ParseUint(value, 10, 63)
		if err != nil || len(m.Segments) > 0 {
			why = "bad media sequence, or after a segment"
		}
	case name == "#EXT-X-PLAYLIST-TYPE":
		if m.Type = value; value != "VOD" && value != "EVENT" {
			why = "type is neither VOD nor EVENT"
		}
	case line == "#EXT-X-ENDLIST":
		m.Ended = true
	}
	return -1, why
}

// parseKey reads an EXT-X-KEY attribute list.
func parseKey(attrs string) (k Key, why string) {
	k = Key{Method: Attr(attrs, "METHOD"), URI: Attr(attrs, "URI"), Attrs: attrs}
	switch k.Method {
	case "NONE":
	case "AES-128", "SAMPLE-AES", "SAMPLE-AES-CTR":
		if k.URI == "" {
			return k, "no key URI"
		}
	default:
		return k, "unknown METHOD"
	}
	if iv := Attr(attrs, "IV"); iv != "" {
		if len(iv) != 34 || !strings.HasPrefix(strings.ToLower(iv), "0x") {
			return k, "IV is not 0x and 32 hex digits"
		}
		if _, err := hex.Decode(k.IV[:], []byte(iv[2:])); err != nil {
			return k, "IV is not 0x and 32 hex digits"
		}
		k.HasIV = true
	}
	return k, ""
}
