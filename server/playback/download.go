package playback

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/prometheus/client_golang/prometheus"
)

// serveDownload serves the video's MP4 with Range, as an attachment
// named after its title, only while the owner offers downloads. It is
// never cached by shared caches: turning downloads off must stop them.
func (s *Service) serveDownload(w http.ResponseWriter, r *http.Request, v video, bytes prometheus.Counter) {
	if v.download == "" {
		plainError(w, http.StatusNotFound)
		return
	}
	rng, ranged := singleRange(r.Header.Get("Range"))
	name := downloadName(v.title)
	s.stream(w, r, v.hlsPrefix+v.download, "video/mp4", rng, ranged, bytes, func(h http.Header) {
		h.Set("Cache-Control", "private, no-cache")
		h.Set("Content-Disposition", `attachment; filename="`+asciiName(name)+`"; filename*=UTF-8''`+url.PathEscape(name))
		h.Set("X-Content-Type-Options", "nosniff")
	})
}

// downloadName makes a file name from a title: letters and digits kept
// (any script; the filename* parameter carries them), runs of anything
// else one "-", at most 80 characters, ".mp4" added; "video.mp4" when
// nothing is left. The plain filename parameter falls back to ASCII.
func downloadName(title string) string {
	var b strings.Builder
	dash := false
	for _, c := range title {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
		if b.Len() >= 80 {
			break
		}
	}
	name := b.String()
	if name == "" {
		name = "video"
	}
	return name + ".mp4"
}

// asciiName keeps the ASCII letters, digits and dashes of name, for
// clients that do not read filename*.
func asciiName(name string) string {
	base := strings.TrimSuffix(name, ".mp4")
	var b strings.Builder
	for _, c := range base {
		if c < 0x80 && (unicode.IsLetter(c) || unicode.IsDigit(c) || c == '-') {
			b.WriteRune(c)
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		out = "video"
	}
	return out + ".mp4"
}
