package hls

import (
	"errors"
	"io"
	"strconv"
	"strings"
)

// ErrNoVariant is returned for a master playlist that lists no variant.
var ErrNoVariant = errors.New("hls: master playlist lists no variant")

// Variant is one #EXT-X-STREAM-INF entry of a master playlist.
type Variant struct {
	// URI is the variant's media playlist, as written (often relative).
	URI string
	// Bandwidth is BANDWIDTH, the peak bits per second.
	Bandwidth int64
	// Width and Height are RESOLUTION, both 0 when absent (audio only).
	Width, Height int
	// Attrs is the tag's whole attribute list, for attributes not read
	// here (CODECS, FRAME-RATE, SUBTITLES); read them with Attr.
	Attrs string
}

// ParseMaster reads a master playlist's variants, in playlist order.
// Each EXT-X-STREAM-INF needs a BANDWIDTH and its URI on the next
// non-tag line; a URI line without one, or no variant at all, is an
// error.
func ParseMaster(r io.Reader) ([]Variant, error) {
	var vs []Variant
	var pending *Variant
	err := readLines(r, func(n int, line string) error {
		switch {
		case strings.HasPrefix(line, "#EXT-X-STREAM-INF:"):
			if pending != nil {
				return lineError(n, line, "the previous EXT-X-STREAM-INF has no URI")
			}
			v, why := streamInf(line[len("#EXT-X-STREAM-INF:"):])
			if why != "" {
				return lineError(n, line, why)
			}
			pending = &v
		case line == "" || strings.HasPrefix(line, "#"):
		case pending == nil:
			return lineError(n, line, "URI without EXT-X-STREAM-INF")
		default:
			pending.URI = line
			vs = append(vs, *pending)
			pending = nil
		}
		return nil
	})
	switch {
	case err != nil:
		return nil, err
	case pending != nil:
		return nil, errors.New("hls: no URI follows the last EXT-X-STREAM-INF")
	case len(vs) == 0:
		return nil, ErrNoVariant
	}
	return vs, nil
}

// streamInf reads an EXT-X-STREAM-INF attribute list; why is non-empty
// when it is malformed.
func streamInf(attrs string) (v Variant, why string) {
	v.Attrs = attrs
	bw, err := strconv.ParseInt(Attr(attrs, "BANDWIDTH"), 10, 64)
	if err != nil || bw < 0 {
		return v, "no BANDWIDTH or a bad one"
	}
	v.Bandwidth = bw
	if res := Attr(attrs, "RESOLUTION"); res != "" {
		w, h, _ := strings.Cut(res, "x")
		v.Width, err = strconv.Atoi(w)
		if err == nil {
			v.Height, err = strconv.Atoi(h)
		}
		if err != nil || v.Width <= 0 || v.Height <= 0 {
			return v, "bad RESOLUTION"
		}
	}
	return v, ""
}
