package playback

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
)

// posterMaxAge is how long browsers and CDNs may keep a public poster;
// withdrawing consent takes effect for new viewers within it.
const posterMaxAge = 5 * time.Minute

// maxPoster bounds a poster read into memory.
const maxPoster = 8 << 20

// servePoster answers GET /poster/{id}.jpg without a token: the poster
// the transcoder made, when the owner set public_poster and the video is
// ready and not private. Every other case is the same 404.
func (s *Service) servePoster(w http.ResponseWriter, r *http.Request) {
	corsHeaders(w.Header())
	name, ok := strings.CutSuffix(r.PathValue("file"), ".jpg")
	id, err := uuid.Parse(name)
	if !ok || err != nil || s.deps.Tracks == nil || len(name) != 36 {
		plainError(w, http.StatusNotFound)
		return
	}
	v, err := s.deps.Tracks.GetPosterVideo(r.Context(), id)
	if errors.Is(err, db.ErrNotFound) || err == nil && (!v.PublicPoster || v.Status != dbq.VideoStatusReady ||
		v.HlsPrefix == "" || v.Visibility == dbq.VideoVisibilityPrivate) {
		plainError(w, http.StatusNotFound)
		return
	}
	if err != nil {
		s.fail(w, r, "read video", err)
		return
	}
	obj, err := s.load(r.Context(), v.HlsPrefix+"poster.jpg", maxPoster)
	if err != nil {
		s.objectError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/jpeg")
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(posterMaxAge.Seconds())))
	h.Set("Content-Length", strconv.Itoa(len(obj.data)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(obj.data)
}
