package playback

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/media/caption"
)

// Tracks reads what playback publishes beside the ladder: text tracks and
// the poster's consent; *db.Store satisfies it.
type Tracks interface {
	ListTextTracks(ctx context.Context, videoID uuid.UUID) ([]dbq.TextTrack, error)
	GetPosterVideo(ctx context.Context, id uuid.UUID) (dbq.GetPosterVideoRow, error)
}

// subtitleSegment is the length of a subtitle segment when the ladder's
// own segment times cannot be read.
const subtitleSegment = 6 * time.Second

// trackCache spares a database read per master playlist, as videoCache
// does for the row; a changed track shows within the same TTL.
type trackCache struct {
	mu      sync.Mutex
	entries map[uuid.UUID]trackEntry
}

type trackEntry struct {
	tracks  []dbq.TextTrack
	expires time.Time
}

// textTracks reads a video's tracks, maybe from the cache.
func (s *Service) textTracks(ctx context.Context, id uuid.UUID) ([]dbq.TextTrack, error) {
	if s.deps.Tracks == nil {
		return nil, nil
	}
	ttl := s.cfg.VideoCacheTTL
	var stale trackEntry
	var haveStale bool
	if ttl > 0 {
		s.trackCache.mu.Lock()
		e, ok := s.trackCache.entries[id]
		s.trackCache.mu.Unlock()
		if ok && s.deps.Now().Before(e.expires) {
			return e.tracks, nil
		}
		stale, haveStale = e, ok
	}
	rctx := ctx
	if haveStale {
		// With tracks to fall back on, a silent database costs the player
		// at most staleRead, as for the video's row.
		var cancel context.CancelFunc
		rctx, cancel = context.WithTimeout(ctx, staleRead)
		defer cancel()
	}
	tracks, err := s.deps.Tracks.ListTextTracks(rctx, id)
	if err != nil {
		// As for the video's row (getStale): a master playlist served
		// before keeps being served, with the tracks it had, while the
		// database is down, for up to a token's lifetime.
		if haveStale && (errors.Is(err, db.ErrUnavailable) || rctx.Err() != nil) && s.deps.Now().Before(stale.expires.Add(s.cfg.TokenTTL)) {
			return stale.tracks, nil
		}
		return nil, fmt.Errorf("read text tracks: %w", err)
	}
	if ttl > 0 {
		s.trackCache.mu.Lock()
		if s.trackCache.entries == nil || len(s.trackCache.entries) >= maxCached {
			s.trackCache.entries = map[uuid.UUID]trackEntry{}
		}
		s.trackCache.entries[id] = trackEntry{tracks: tracks, expires: s.deps.Now().Add(ttl)}
		s.trackCache.mu.Unlock()
	}
	return tracks, nil
}

// serveMaster publishes the worker's master playlist with the video's
// text tracks added: rendered per request from the untouched original, so
// adding, replacing or removing a track needs no new transcode.
func (s *Service) serveMaster(w http.ResponseWriter, r *http.Request, v video, ctype string, bytes prometheus.Counter) {
	tracks, err := s.textTracks(r.Context(), v.id)
	if err != nil {
		s.fail(w, r, "read text tracks", err)
		return
	}
	if len(tracks) == 0 {
		if v.ready && s.servePrepared(w, r, v.hlsPrefix, "master.m3u8", resPlaylist, ctype, bytes) {
			return
		}
		s.servePlaylist(w, r, v.hlsPrefix+"master.m3u8", ctype, v.ready, bytes)
		return
	}
	obj, err := s.loadKeep(r.Context(), v.hlsPrefix+"master.m3u8", maxPlaylist, v.ready)
	if err != nil {
		s.objectError(w, r, err)
		return
	}
	writePlaylist(w, r, []byte(withSubtitles(string(obj.data), tracks)), ctype, bytes)
}

func writePlaylist(w http.ResponseWriter, r *http.Request, body []byte, ctype string, bytes prometheus.Counter) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	n, _ := w.Write(body)
	bytes.Add(float64(n))
}

// accessibility is HLS's CHARACTERISTICS for captions (SDH).
const accessibility = "public.accessibility.transcribes-spoken-dialog,public.accessibility.describes-music-and-sound"

// withSubtitles adds one EXT-X-MEDIA TYPE=SUBTITLES per track before the
// first variant, and SUBTITLES="subs" to every variant.
func withSubtitles(master string, tracks []dbq.TextTrack) string {
	var media strings.Builder
	names := map[string]bool{}
	for _, t := range tracks {
		name := t.Name
		if names[name] { // NAME is unique within a group
			name += " (" + t.Language + ")"
		}
		names[name] = true
		// Quoted as they are: AddTextTrack refused quotes and control
		// characters in both.
		fmt.Fprintf(&media, "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"%s\",LANGUAGE=\"%s\",DEFAULT=%s,AUTOSELECT=YES,FORCED=%s",
			name, t.Language, yesNo(t.IsDefault), yesNo(t.Forced))
		if t.Kind == "captions" {
			fmt.Fprintf(&media, ",CHARACTERISTICS=\"%s\"", accessibility)
		}
		fmt.Fprintf(&media, ",URI=\"subs/%s.m3u8\"\n", t.ID)
	}
	var out strings.Builder
	added := false
	for _, l := range strings.SplitAfter(master, "\n") {
		if rest, ok := strings.CutPrefix(l, "#EXT-X-STREAM-INF:"); ok {
			if !added {
				out.WriteString(media.String())
				added = true
			}
			if attr(strings.TrimSpace(rest), "SUBTITLES") == "" {
				l = strings.TrimRight(l, "\r\n") + ",SUBTITLES=\"subs\"\n"
			}
		}
		out.WriteString(l)
	}
	return out.String()
}

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "NO"
}

// serveSubtitles serves subs/{track}.m3u8 (a VOD playlist whose segments
// line up with the ladder's) and subs/{track}_{n}.vtt (segment n's cues,
// with the X-TIMESTAMP-MAP tying cue time 0 to the video's first PTS).
func (s *Service) serveSubtitles(w http.ResponseWriter, r *http.Request, v video, file string, bytes prometheus.Counter) {
	base, ext, _ := strings.Cut(file, ".")
	idPart, segPart, isSeg := strings.Cut(base, "_")
	id, err := uuid.Parse(idPart)
	if err != nil || id.String() != idPart || isSeg != (ext == "vtt") || !isSeg && ext != "m3u8" {
		plainError(w, http.StatusNotFound)
		return
	}
	tracks, err := s.textTracks(r.Context(), v.id)
	if err != nil {
		s.fail(w, r, "read text tracks", err)
		return
	}
	var track *dbq.TextTrack
	for i := range tracks {
		if tracks[i].ID == id {
			track = &tracks[i]
		}
	}
	if track == nil {
		plainError(w, http.StatusNotFound)
		return
	}
	windows, err := s.subtitleWindows(r.Context(), v, *track)
	if err != nil {
		s.fail(w, r, "read ladder", err)
		return
	}
	if !isSeg {
		writePlaylist(w, r, subtitlePlaylist(id, windows), contentTypes["m3u8"], bytes)
		return
	}
	n, err := strconv.Atoi(segPart)
	if err != nil || n < 0 || n >= len(windows) || strconv.Itoa(n) != segPart {
		plainError(w, http.StatusNotFound)
		return
	}
	body, err := s.subtitleSegment(r.Context(), v, *track, windows[n])
	if err != nil {
		s.objectError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/vtt; charset=utf-8")
	// The object key changes with every upload of the track, but this
	// URL does not: no long caching.
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	c, _ := w.Write(body)
	bytes.Add(float64(c))
}

// window is one subtitle segment's span.
type window struct{ start, dur time.Duration }

// subtitleWindows are the ladder's first rung's segment times (so text
// and video segments line up), or fixed windows over the track when the
// ladder cannot be read as expected.
func (s *Service) subtitleWindows(ctx context.Context, v video, t dbq.TextTrack) ([]window, error) {
	rg, err := s.readRung(ctx, v.hlsPrefix, v.ready, func(vs []variant) variant { return vs[0] })
	if err == nil {
		out := make([]window, len(rg.segs))
		for i, sg := range rg.segs {
			out[i] = window{start: sg.start, dur: sg.dur}
		}
		return out, nil
	}
	if err != errNoLadder {
		return nil, err
	}
	var out []window
	end := time.Duration(t.DurationMs) * time.Millisecond
	for at := time.Duration(0); at < end; at += subtitleSegment {
		out = append(out, window{start: at, dur: min(subtitleSegment, end-at)})
	}
	return out, nil
}

func subtitlePlaylist(id uuid.UUID, ws []window) []byte {
	target := time.Second
	for _, w := range ws {
		target = max(target, w.dur)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:%d\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n",
		int((target+time.Second-1)/time.Second))
	for i, w := range ws {
		fmt.Fprintf(&b, "#EXTINF:%.3f,\n%s_%d.vtt\n", w.dur.Seconds(), id, i)
	}
	b.WriteString("#EXT-X-ENDLIST\n")
	return []byte(b.String())
}

// subtitleSegment cuts one window's cues out of the stored WebVTT.
func (s *Service) subtitleSegment(ctx context.Context, v video, t dbq.TextTrack, w window) ([]byte, error) {
	obj, err := s.load(ctx, t.ObjectKey, int64(caption.DefaultLimits().MaxBytes))
	if err != nil {
		return nil, err
	}
	track, err := caption.Parse(obj.data, caption.FormatWebVTT, caption.DefaultLimits())
	if err != nil {
		return nil, fmt.Errorf("stored text track %s: %w", t.ID, err)
	}
	var header []string
	if pts, ok := s.startPTS(ctx, v); ok {
		header = append(header, fmt.Sprintf("X-TIMESTAMP-MAP=MPEGTS:%d,LOCAL:00:00:00.000", pts))
	}
	return caption.WebVTT(caption.Window(track.Cues, w.start, w.start+w.dur), header...), nil
}
