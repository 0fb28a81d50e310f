package transcoder

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/streamgate/streamgate/media"
	"github.com/streamgate/streamgate/media/hls"
)

// Segments are cut in two steps, so that a ladder is playable after one
// keyframe interval instead of one whole segment. ffmpeg cuts every
// rendition into pieces of one GOP (KeyframeSeconds), listed in
// PartsPlaylist; the worker keeps the first piece as the first segment
// and joins the rest, SegmentSeconds/KeyframeSeconds at a time, into the
// segments of index.m3u8, which is all it publishes. Every rendition's
// first segment is thus ready a third of the way into a 6 s segment; the
// later ones keep the normal length, and the frames are the encoder's
// either way (the GOP grid does not move). ffmpeg's -hls_init_time cannot
// do this: with an EVENT playlist (no sliding window) it sets the length
// of every segment, not only the first.
const (
	// PartsPlaylist is ffmpeg's playlist of pieces, in each rendition's
	// folder; it and the pieces are the worker's, never published.
	PartsPlaylist = "parts.m3u8"
	partPrefix    = "part_"
)

// regrouper turns one encode's pieces into segments as ffmpeg finishes
// them. Not safe for concurrent use: Run calls it from ffmpeg's progress
// reader, then once more after ffmpeg exits.
type regrouper struct {
	dir string
	// per is pieces per segment after the first; target the media
	// playlists' EXT-X-TARGETDURATION, the same in every version of them.
	per, target int
	block       cipher.Block
	iv          []byte
	rungs       []*regrouped
}

// regrouped is one rendition's progress: pieces joined so far and the
// segments they became.
type regrouped struct {
	name    string
	used    int
	segs    []hls.Segment
	key     string
	version int
	ended   bool
}

func newRegrouper(j Job, dir string) (*regrouper, error) {
	if len(j.Key.Key) != 16 || len(j.Key.IV) != 16 {
		return nil, errors.New("the content key and IV must be 16 bytes")
	}
	block, err := aes.NewCipher(j.Key.Key)
	if err != nil {
		return nil, err
	}
	p := j.Profile
	g := &regrouper{dir: dir, per: max(1, p.SegmentSeconds/max(1, p.KeyframeSeconds)), target: p.SegmentSeconds, block: block, iv: j.Key.IV}
	for _, r := range j.all() {
		g.rungs = append(g.rungs, &regrouped{name: r.Name})
	}
	return g, nil
}

// advance joins the pieces ffmpeg has finished into segments and
// rewrites each rendition's index.m3u8 (by rename) when it changed.
// final is after ffmpeg ended: every piece is taken, a short last group
// included, and the pieces' playlist is removed.
func (g *regrouper) advance(final bool) error {
	for _, r := range g.rungs {
		if err := g.rung(r, final); err != nil {
			return fmt.Errorf("rendition %s: %w", r.name, err)
		}
	}
	return nil
}

func (g *regrouper) rung(r *regrouped, final bool) error {
	if r.ended {
		return nil
	}
	dir := filepath.Join(g.dir, r.name)
	data, err := os.ReadFile(filepath.Join(dir, PartsPlaylist))
	if errors.Is(err, fs.ErrNotExist) && !final {
		return nil
	}
	if err != nil {
		return err
	}
	pl, err := parsePlaylist(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%s: %w", PartsPlaylist, err)
	}
	if len(pl.Segments) > 0 && pl.Key.Method != "AES-128" {
		return fmt.Errorf("%s is unencrypted", PartsPlaylist)
	}
	if len(pl.Segments) < r.used {
		return fmt.Errorf("%s lost pieces (%d listed, %d joined)", PartsPlaylist, len(pl.Segments), r.used)
	}
	last := pl.Ended || final
	changed := last
	for r.used < len(pl.Segments) {
		n := g.per
		if r.used == 0 {
			n = 1
		}
		if r.used+n > len(pl.Segments) {
			if !last {
				break
			}
			n = len(pl.Segments) - r.used
		}
		seg, err := g.join(dir, len(r.segs), pl.Segments[r.used:r.used+n])
		if err != nil {
			return err
		}
		r.segs, r.used, changed = append(r.segs, seg), r.used+n, true
	}
	if !changed {
		return nil
	}
	r.key, r.version, r.ended = pl.Key.Attrs, pl.Version, pl.Ended
	if err := writeAtomic(filepath.Join(dir, "index.m3u8"), g.playlist(r)); err != nil {
		return err
	}
	if r.ended || final {
		// ffmpeg has written it for the last time.
		return os.Remove(filepath.Join(dir, PartsPlaylist))
	}
	return nil
}

// join makes segment i of the pieces: the first piece of a rendition is
// renamed; later ones are decrypted, concatenated (MPEG-TS joins
// byte-wise; ffmpeg's one muxer per rendition keeps the continuity
// counters running across pieces) and encrypted again under the same
// key and IV, as ffmpeg encrypts every segment.
func (g *regrouper) join(dir string, i int, pieces []hls.Segment) (hls.Segment, error) {
	name := fmt.Sprintf("seg_%05d.ts", i)
	seg := hls.Segment{URI: name}
	for _, p := range pieces {
		if !strings.HasPrefix(p.URI, partPrefix) {
			return seg, fmt.Errorf("piece %q is not ffmpeg's", p.URI)
		}
		seg.Duration += p.Duration
	}
	dst := filepath.Join(dir, name)
	if len(pieces) == 1 {
		return seg, os.Rename(filepath.Join(dir, pieces[0].URI), dst)
	}
	var plain []byte
	for _, p := range pieces {
		data, err := os.ReadFile(filepath.Join(dir, p.URI))
		if err != nil {
			return seg, err
		}
		clear, err := media.DecryptSegment(g.block, g.iv, data)
		if err != nil {
			return seg, fmt.Errorf("piece %s: %w", p.URI, err)
		}
		plain = append(plain, clear...)
	}
	if err := writeAtomic(dst, encryptSegment(g.block, g.iv, plain)); err != nil {
		return seg, err
	}
	for _, p := range pieces {
		if err := os.Remove(filepath.Join(dir, p.URI)); err != nil {
			return seg, err
		}
	}
	return seg, nil
}

// playlist is a rendition's index.m3u8: EVENT while it grows, with
// EXT-X-ENDLIST once ffmpeg's ended (FinalizeVOD makes it VOD). The
// target duration is fixed up front (RFC 8216 forbids changing it) and
// covers every segment as rounded.
func (g *regrouper) playlist(r *regrouped) []byte {
	target := g.target
	for _, s := range r.segs {
		target = max(target, int(math.Round(s.Duration)))
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "#EXTM3U\n#EXT-X-VERSION:%d\n#EXT-X-TARGETDURATION:%d\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-INDEPENDENT-SEGMENTS\n",
		max(r.version, 3), target)
	if r.key != "" {
		fmt.Fprintf(&b, "#EXT-X-KEY:%s\n", r.key)
	}
	for _, s := range r.segs {
		fmt.Fprintf(&b, "#EXTINF:%.6f,\n%s\n", s.Duration, s.URI)
	}
	if r.ended {
		b.WriteString("#EXT-X-ENDLIST\n")
	}
	return b.Bytes()
}

// encryptSegment is HLS's AES-128: CBC under iv with PKCS#7 padding.
func encryptSegment(block cipher.Block, iv, plain []byte) []byte {
	pad := aes.BlockSize - len(plain)%aes.BlockSize
	out := make([]byte, len(plain)+pad)
	copy(out, plain)
	for i := len(plain); i < len(out); i++ {
		out[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, out)
	return out
}

// writeAtomic replaces path by rename, so a reader sees the old file or
// the new one, never a part.
func writeAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
