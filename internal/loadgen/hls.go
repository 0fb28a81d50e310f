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
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/streamgate/streamgate/media/hls"
)

// variant is one rung of a master playlist.
type variant struct {
	bandwidth int64
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
	pl, err := hls.ParseMaster(strings.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("master playlist: %w", err)
	}
	vs := make([]variant, len(pl))
	for i, v := range pl {
		u, err := url.Parse(v.URI)
		if err != nil {
			return nil, fmt.Errorf("master playlist: bad URI %q: %w", v.URI, err)
		}
		vs[i] = variant{v.Bandwidth, u}
	}
	sort.SliceStable(vs, func(i, j int) bool { return vs[i].bandwidth > vs[j].bandwidth })
	return vs, nil
}

// parseMedia reads a VOD media playlist.
func parseMedia(body string) (media, error) {
	pl, err := hls.ParseMedia(strings.NewReader(body))
	if err != nil {
		return media{}, fmt.Errorf("media playlist: %w", err)
	}
	m := media{target: float64(pl.TargetDuration)}
	if len(pl.Segments) == 0 || m.target <= 0 {
		return m, errors.New("media playlist: no segments or no target duration")
	}
	if m.key, err = optionalURL(pl.Key.URI); err != nil {
		return m, fmt.Errorf("media playlist: bad key URI: %w", err)
	}
	if m.mp, err = optionalURL(pl.Map); err != nil {
		return m, fmt.Errorf("media playlist: bad map URI: %w", err)
	}
	for _, s := range pl.Segments {
		u, err := url.Parse(s.URI)
		if err != nil {
			return m, fmt.Errorf("media playlist: bad segment URI %q: %w", s.URI, err)
		}
		m.segments = append(m.segments, segment{u, s.Duration})
	}
	return m, nil
}

// optionalURL parses uri, nil when it is "".
func optionalURL(uri string) (*url.URL, error) {
	if uri == "" {
		return nil, nil
	}
	return url.Parse(uri)
}
