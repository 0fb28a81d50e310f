package playback

import (
	"net/http"
	"strings"
)

// resource is what a /play path names.
type resource int

const (
	resNone resource = iota
	resPlaylist
	resSegment
	resKey
	resDownload
)

// String names the kind for metrics.
func (r resource) String() string {
	switch r {
	case resPlaylist:
		return "playlist"
	case resSegment:
		return "segment"
	case resKey:
		return "key"
	case resDownload:
		return "download"
	}
	return "invalid"
}

// contentTypes lists the only extensions served, with their types.
var contentTypes = map[string]string{
	"m3u8": "application/vnd.apple.mpegurl",
	"ts":   "video/mp2t",
	"m4s":  "video/iso.segment",
	"mp4":  "video/mp4",
	"aac":  "audio/aac",
	"m4a":  "audio/mp4",
	"vtt":  "text/vtt",
	"jpg":  "image/jpeg",
	"json": "application/json",
}

// downloadPath is the MP4 download, served only when the video allows it.
const downloadPath = "download.mp4"

// parsePath checks the part of a /play URL after the token. It allows
// "key", "name.ext" and "dir/name.ext" where names are 1 to 64 of
// [A-Za-z0-9_-] and ext is one of contentTypes: no dots in names, so no
// "..", no hidden files, nothing deeper than one directory. It returns
// the kind, the object key below the video's HLS prefix, and the content
// type.
func parsePath(p string) (resource, string, string) {
	if p == "key" {
		return resKey, "", "application/octet-stream"
	}
	if p == downloadPath {
		return resDownload, "", "video/mp4"
	}
	dir, file, nested := strings.Cut(p, "/")
	if !nested {
		dir, file = "", p
	} else if !validName(dir) {
		return resNone, "", ""
	}
	base, ext, ok := strings.Cut(file, ".")
	ctype := contentTypes[ext]
	if !ok || ctype == "" || !validName(base) {
		return resNone, "", ""
	}
	if ext == "m3u8" {
		return resPlaylist, p, ctype
	}
	return resSegment, p, ctype
}

func validName(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// plainPlay splits a GET or HEAD /play/{token}/{path...} that ServeMux
// would route to that pattern with the path as it is: nothing escaped
// (RawPath empty, so each segment is its own unescaping) and no empty,
// "." or ".." segment (which the mux cleans and redirects). Any other
// request is false, for the mux to answer.
func plainPlay(r *http.Request) (token, file string, ok bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead || r.URL.RawPath != "" {
		return "", "", false
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/play/")
	if !ok {
		return "", "", false
	}
	token, file, ok = strings.Cut(rest, "/")
	if !ok || !plainSegment(token) {
		return "", "", false
	}
	for seg := range strings.SplitSeq(file, "/") {
		if !plainSegment(seg) {
			return "", "", false
		}
	}
	return token, file, true
}

func plainSegment(s string) bool {
	return s != "" && s != "." && s != ".."
}
