package playback

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// ThumbnailWidths are the only widths /thumbnail.jpg renders, so the
// cache holds a bounded set per second of video.
var ThumbnailWidths = []int{160, 320, 640, 1280}

const (
	// defaultThumbnailWidth is the width when the query names none.
	defaultThumbnailWidth = 320
	// thumbnailTimeout bounds one ffmpeg run.
	thumbnailTimeout = 15 * time.Second
	// thumbnailSlots is how many ffmpeg runs one process allows at once;
	// more requests wait (within their deadline) for a slot.
	thumbnailSlots = 2
	// thumbnailCacheBytes bounds the rendered thumbnails kept in memory.
	thumbnailCacheBytes = 32 << 20
	// thumbnailMaxAge is how long a browser may reuse one.
	thumbnailMaxAge = time.Hour
)

// thumbs are the rendered thumbnails and the slots to render them.
type thumbs struct {
	once  sync.Once
	cache *objectCache
	slots chan struct{}
	pts   sync.Map // hls prefix -> uint64 start PTS
}

func (s *Service) thumbState() *thumbs {
	s.thumbs.once.Do(func() {
		s.thumbs.cache = newObjectCache(thumbnailCacheBytes, thumbnailCacheBytes, 24*time.Hour, s.deps.Now)
		s.thumbs.slots = make(chan struct{}, thumbnailSlots)
	})
	return &s.thumbs
}

// thumbnailQuery reads ?time=T&width=W: T seconds (finite, not
// negative), W one of ThumbnailWidths.
func thumbnailQuery(r *http.Request) (time.Duration, int, error) {
	q := r.URL.Query()
	var t float64
	if v := q.Get("time"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
			return 0, 0, fmt.Errorf("time %q: want seconds, 0 or more", v)
		}
		t = min(f, 48*3600)
	}
	w := defaultThumbnailWidth
	if v := q.Get("width"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !slices.Contains(ThumbnailWidths, n) {
			return 0, 0, fmt.Errorf("width %q: want one of %v", v, ThumbnailWidths)
		}
		w = n
	}
	return time.Duration(t * float64(time.Second)), w, nil
}

// serveThumbnail renders the frame at ?time (clamped to the video, to the
// whole second) at ?width from the smallest rung at least that wide:
// one segment decrypted here, one ffmpeg decoding it from a pipe.
func (s *Service) serveThumbnail(w http.ResponseWriter, r *http.Request, v video, bytes prometheus.Counter) {
	at, width, err := thumbnailQuery(r)
	if err != nil {
		h := w.Header()
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprintln(w, err)
		return
	}
	rg, err := s.readRung(r.Context(), v.hlsPrefix, v.ready, func(vs []variant) variant { return fitting(vs, width) })
	if errors.Is(err, errNoLadder) {
		plainError(w, http.StatusNotFound)
		return
	}
	if err != nil {
		s.objectError(w, r, err)
		return
	}
	at = min(at, rg.duration()-time.Millisecond).Truncate(time.Second)
	key := fmt.Sprintf("%s%s@%d/%d", rg.dir, rg.uri, at/time.Second, width)
	st := s.thumbState()
	img, ok := st.cache.get(key)
	if !ok {
		out, err, _ := s.flight.Do("thumb:"+key, func() (any, error) {
			return s.renderThumbnail(r.Context(), v, rg, at, width)
		})
		if err != nil {
			s.fail(w, r, "render thumbnail", err)
			return
		}
		img = cachedObject{data: out.([]byte)}
		st.cache.put(key, img)
	}
	h := w.Header()
	h.Set("Content-Type", "image/jpeg")
	h.Set("Cache-Control", "private, max-age="+strconv.Itoa(int(thumbnailMaxAge.Seconds())))
	h.Set("Content-Length", strconv.Itoa(len(img.data)))
	if r.Method == http.MethodHead {
		return
	}
	n, _ := w.Write(img.data)
	bytes.Add(float64(n))
}

// fitting is the narrowest variant at least width wide, or the widest.
func fitting(vs []variant, width int) variant {
	best := vs[0]
	for _, v := range vs[1:] {
		switch {
		case best.width < width && v.width > best.width:
			best = v
		case v.width >= width && v.width < best.width:
			best = v
		}
	}
	return best
}

// renderThumbnail waits for a slot, then decodes one frame.
func (s *Service) renderThumbnail(ctx context.Context, v video, rg rung, at time.Duration, width int) ([]byte, error) {
	st := s.thumbState()
	select {
	case st.slots <- struct{}{}:
		defer func() { <-st.slots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	seg := rg.at(at)
	plain, err := s.plainSegment(ctx, v, rg, seg)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, thumbnailTimeout)
	defer cancel()
	img, err := frameAt(ctx, plain, at-seg.start, width)
	if err == nil && len(img) == 0 {
		// Past the segment's last frame (its EXTINF rounds up): its first.
		img, err = frameAt(ctx, plain, 0, width)
	}
	if err == nil && len(img) == 0 {
		err = errors.New("ffmpeg decoded no frame")
	}
	return img, err
}

// plainSegment reads one segment of rg and decrypts it with the video's
// key when the playlist says it is encrypted.
func (s *Service) plainSegment(ctx context.Context, v video, rg rung, seg segmentRef) ([]byte, error) {
	if strings.Contains(seg.uri, "..") || strings.Contains(seg.uri, "://") || strings.HasPrefix(seg.uri, "/") {
		return nil, errNoLadder
	}
	obj, err := s.load(ctx, rg.dir+seg.uri, maxCachedObject)
	if err != nil {
		return nil, fmt.Errorf("read segment: %w", err)
	}
	if !seg.encrypted {
		return obj.data, nil
	}
	key, err := s.deps.Keys.Get(ctx, v.id)
	if err != nil {
		return nil, fmt.Errorf("read HLS key: %w", err)
	}
	return decrypt(key, seg, obj.data)
}

// frameAt runs ffmpeg on an MPEG-TS segment from stdin and returns one
// JPEG frame at offset (empty when the segment ends before it).
func frameAt(ctx context.Context, ts []byte, offset time.Duration, width int) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
		"-protocol_whitelist", "pipe", "-threads", "1", "-f", "mpegts", "-i", "pipe:0",
		"-ss", strconv.FormatFloat(max(offset.Seconds(), 0), 'f', 3, 64),
		"-map", "0:v:0", "-frames:v", "1", "-vf", fmt.Sprintf("scale=%d:-2", width),
		"-c:v", "mjpeg", "-q:v", "4", "-f", "image2pipe", "pipe:1")
	var out, stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(ts), &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("ffmpeg: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return out.Bytes(), nil
}

// startPTS is the PTS the video's first segment starts at, read once per
// ladder: subtitle segments map cue time 0 to it.
func (s *Service) startPTS(ctx context.Context, v video) (uint64, bool) {
	st := s.thumbState()
	if p, ok := st.pts.Load(v.hlsPrefix); ok {
		return p.(uint64), true
	}
	rg, err := s.readRung(ctx, v.hlsPrefix, v.ready, func(vs []variant) variant { return vs[0] })
	if err != nil {
		return 0, false
	}
	plain, err := s.plainSegment(ctx, v, rg, rg.segs[0])
	if err != nil {
		s.deps.Log.WarnContext(ctx, "play: read first segment for subtitles", "video", v.id, "err", err)
		return 0, false
	}
	pts, ok := firstPTS(plain)
	if ok {
		st.pts.Store(v.hlsPrefix, pts)
	}
	return pts, ok
}
