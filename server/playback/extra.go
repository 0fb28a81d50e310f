package playback

import (
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
)

// extraHandler serves a /play path that is not a plain object of the
// ladder, after the token and the video are checked.
type extraHandler func(s *Service, w http.ResponseWriter, r *http.Request, v video, bytes prometheus.Counter)

// extraRoute picks the handler of the rendered resources: the master
// playlist (with text tracks), subtitle playlists and segments, and
// thumbnails; nil for plain objects.
func extraRoute(p string) extraHandler {
	switch {
	case p == "master.m3u8":
		return func(s *Service, w http.ResponseWriter, r *http.Request, v video, b prometheus.Counter) {
			s.serveMaster(w, r, v, contentTypes["m3u8"], b)
		}
	case p == "thumbnail.jpg":
		return (*Service).serveThumbnail
	}
	if file, ok := strings.CutPrefix(p, "subs/"); ok && validFile(file) {
		return func(s *Service, w http.ResponseWriter, r *http.Request, v video, b prometheus.Counter) {
			s.serveSubtitles(w, r, v, file, b)
		}
	}
	return nil
}

// validFile is name.ext with parsePath's rules for name.
func validFile(f string) bool {
	base, ext, ok := strings.Cut(f, ".")
	return ok && (ext == "m3u8" || ext == "vtt") && validName(base)
}
