package playback

import (
	"bytes"
	"context"
	"crypto/aes"
	"encoding/binary"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/streamgate/streamgate/media"
	"github.com/streamgate/streamgate/media/hls"
)

// variant is one #EXT-X-STREAM-INF entry of a master playlist.
type variant struct {
	width int
	uri   string
}

// segmentRef is one media segment of a variant playlist.
type segmentRef struct {
	uri        string
	start, dur time.Duration
	iv         []byte // nil: none given, derived from the sequence number
	seq        uint64
	encrypted  bool // AES-128
}

// errNoLadder marks a master or media playlist that lists nothing usable.
var errNoLadder = errors.New("playlist lists no variant or segment")

// variants reads the worker's master playlist.
func variants(master []byte) ([]variant, error) {
	vs, err := hls.ParseMaster(bytes.NewReader(master))
	out := make([]variant, len(vs))
	for i, v := range vs {
		out[i] = variant{width: v.Width, uri: v.URI}
	}
	return out, err
}

// segments reads a media playlist, placing each segment on the timeline.
func segments(media []byte) ([]segmentRef, error) {
	pl, err := hls.ParseMedia(bytes.NewReader(media))
	if err != nil {
		return nil, err
	}
	out := make([]segmentRef, len(pl.Segments))
	var at time.Duration
	for i, s := range pl.Segments {
		f := s.Duration
		if f > 3600 { // no segment is that long; and it keeps at in range
			f = 0
		}
		out[i] = segmentRef{uri: s.URI, start: at, dur: time.Duration(f * float64(time.Second)), seq: s.Seq, encrypted: s.Key.Method == "AES-128"}
		if s.Key.HasIV {
			out[i].iv = bytes.Clone(s.Key.IV[:])
		}
		at += out[i].dur
	}
	return out, nil
}

// attr reads one attribute of an HLS attribute list (withSubtitles checks
// a variant for SUBTITLES with it).
func attr(list, name string) string { return hls.Attr(list, name) }

// rung is one variant's playlist read and parsed, with where its files are.
type rung struct {
	variant
	dir  string // object key prefix of the variant's files
	segs []segmentRef
}

// readRung loads the master playlist under prefix and the media playlist
// of the variant pick chooses.
func (s *Service) readRung(ctx context.Context, prefix string, final bool, pick func([]variant) variant) (rung, error) {
	master, err := s.loadKeep(ctx, prefix+"master.m3u8", maxPlaylist, final)
	if err != nil {
		return rung{}, fmt.Errorf("read master playlist: %w", err)
	}
	vs, err := variants(master.data)
	if err != nil {
		return rung{}, errNoLadder
	}
	v := pick(vs)
	if strings.Contains(v.uri, "..") || strings.Contains(v.uri, "://") || strings.HasPrefix(v.uri, "/") {
		return rung{}, errNoLadder
	}
	media, err := s.loadKeep(ctx, prefix+v.uri, maxPlaylist, final)
	if err != nil {
		return rung{}, fmt.Errorf("read media playlist: %w", err)
	}
	segs, err := segments(media.data)
	if err != nil || len(segs) == 0 {
		return rung{}, errNoLadder
	}
	dir := path.Dir(v.uri)
	if dir == "." {
		dir = ""
	} else {
		dir += "/"
	}
	return rung{variant: v, dir: prefix + dir, segs: segs}, nil
}

// duration is the rung's whole length.
func (r rung) duration() time.Duration {
	last := r.segs[len(r.segs)-1]
	return last.start + last.dur
}

// at is the segment showing at t (the last one past the end).
func (r rung) at(t time.Duration) segmentRef {
	for _, s := range r.segs {
		if t < s.start+s.dur {
			return s
		}
	}
	return r.segs[len(r.segs)-1]
}

// decrypt undoes HLS AES-128 (CBC, PKCS#7) on one segment.
func decrypt(key []byte, seg segmentRef, data []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	iv := seg.iv
	if iv == nil {
		iv = make([]byte, aes.BlockSize)
		binary.BigEndian.PutUint64(iv[8:], seg.seq)
	}
	// A copy: data is the object cache's.
	return media.DecryptSegment(block, iv, bytes.Clone(data))
}

// firstPTS is the earliest presentation timestamp (90 kHz) among the
// first PES packet of each elementary stream of an MPEG-TS segment.
func firstPTS(ts []byte) (uint64, bool) {
	seen := map[uint16]bool{}
	var low uint64
	found := false
	for i := 0; i+188 <= len(ts); i += 188 {
		p := ts[i : i+188]
		if p[0] != 0x47 || p[1]&0x40 == 0 {
			continue // not synced, or no PES starts here
		}
		pid := uint16(p[1]&0x1f)<<8 | uint16(p[2])
		payload := 4
		switch p[3] >> 4 & 3 {
		case 2:
			continue // adaptation field only
		case 3:
			payload += 1 + int(p[4])
		}
		if seen[pid] || payload+14 > 188 {
			continue
		}
		h := p[payload:]
		if h[0] != 0 || h[1] != 0 || h[2] != 1 || h[7]&0x80 == 0 {
			continue // not a PES start with a PTS (PAT, PMT)
		}
		seen[pid] = true
		pts := uint64(h[9]>>1&7)<<30 | uint64(h[10])<<22 | uint64(h[11]>>1)<<15 | uint64(h[12])<<7 | uint64(h[13]>>1)
		if !found || pts < low {
			low, found = pts, true
		}
	}
	return low, found
}
