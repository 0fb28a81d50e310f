// Package loadgen plays HLS like real viewers do, many at once, and
// measures what they see: segment latency, stalls and failed sessions.
//
// A session authorizes, fetches the master playlist, picks a rung by a
// viewer mix, fetches that rung's media playlist and its key, buffers a few
// segments back to back, then fetches one segment each time one finishes
// playing (real-time pace), renewing its playback token at the grant's
// renew time as the SDK's players do. It is used by cmd/viewerload against
// StreamGate's /play and against nginx serving the same files.
package loadgen

import (
	"bufio"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// variant is one rung of a master playlist.
type variant struct {
	bandwidth int
	uri       *url.URL
}

// media is what a session needs from a media playlist.
type media struct {
	target   float64 // #EXT-X-TARGETDURATION, seconds
	key, mp  *url.URL
	segments []segment
}

type segment struct {
	uri *url.URL
	dur float64 // seconds
}

// parseMaster returns the variants, highest bandwidth first.
func parseMaster(body string) ([]variant, error) {
	var vs []variant
	bw := -1
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#EXT-X-STREAM-INF:"):
			n, err := strconv.Atoi(attr(line[len("#EXT-X-STREAM-INF:"):], "BANDWIDTH"))
			if err != nil {
				return nil, fmt.Errorf("master playlist: bad BANDWIDTH in %q", line)
			}
			bw = n
		case line == "" || strings.HasPrefix(line, "#"):
		case bw >= 0:
			u, err := url.Parse(line)
			if err != nil {
				return nil, fmt.Errorf("master playlist: bad URI %q: %w", line, err)
			}
			vs = append(vs, variant{bw, u})
			bw = -1
		}
	}
	if len(vs) == 0 {
		return nil, errors.New("master playlist: no variants")
	}
	sort.SliceStable(vs, func(i, j int) bool { return vs[i].bandwidth > vs[j].bandwidth })
	return vs, nil
}

// parseMedia reads a VOD media playlist.
func parseMedia(body string) (media, error) {
	var m media
	dur := -1.0
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		var err error
		switch {
		case strings.HasPrefix(line, "#EXT-X-TARGETDURATION:"):
			m.target, err = strconv.ParseFloat(line[len("#EXT-X-TARGETDURATION:"):], 64)
		case strings.HasPrefix(line, "#EXT-X-KEY:"):
			if u := attr(line[len("#EXT-X-KEY:"):], "URI"); u != "" {
				m.key, err = url.Parse(u)
			}
		case strings.HasPrefix(line, "#EXT-X-MAP:"):
			m.mp, err = url.Parse(attr(line[len("#EXT-X-MAP:"):], "URI"))
		case strings.HasPrefix(line, "#EXTINF:"):
			d, _, _ := strings.Cut(line[len("#EXTINF:"):], ",")
			dur, err = strconv.ParseFloat(d, 64)
		case line == "" || strings.HasPrefix(line, "#"):
		case dur >= 0:
			var u *url.URL
			if u, err = url.Parse(line); err == nil {
				m.segments = append(m.segments, segment{u, dur})
			}
			dur = -1
		}
		if err != nil {
			return m, fmt.Errorf("media playlist: bad line %q: %w", line, err)
		}
	}
	if len(m.segments) == 0 || m.target <= 0 {
		return m, errors.New("media playlist: no segments or no target duration")
	}
	return m, nil
}

// attr returns the value of name in an attribute list (quotes removed).
func attr(list, name string) string {
	for list != "" {
		var kv string
		if i := indexUnquoted(list, ','); i >= 0 {
			kv, list = list[:i], list[i+1:]
		} else {
			kv, list = list, ""
		}
		k, v, _ := strings.Cut(kv, "=")
		if strings.TrimSpace(k) == name {
			return strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	return ""
}

func indexUnquoted(s string, c byte) int {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case c:
			if !quoted {
				return i
			}
		}
	}
	return -1
}
