package media

import (
	"slices"
	"strings"
)

// container is a demuxer that reads one self-contained file: it opens no
// other file or URL, whatever the bytes say. names are the format names
// ffprobe reports for it (format_name), the demuxer's own name first.
type container struct {
	demuxer string
	names   []string
}

// safeContainers is the one list of containers StreamGate reads. The
// server's probe and the worker's ffprobe and ffmpeg are all limited to
// it (their -format_whitelist), and --probe-formats may only narrow it.
// Playlist and list demuxers (hls, dash, concat, image2, ...) are left out
// on purpose: they open further files named inside the upload.
func safeContainers() []container {
	return []container{
		{"mov", []string{"mov", "mp4", "m4a", "3gp", "3g2", "mj2"}},
		{"matroska", []string{"matroska", "webm"}},
		{"avi", []string{"avi"}},
		{"mpegts", []string{"mpegts"}},
		{"flv", []string{"flv"}},
	}
}

// Containers lists every format name Limits.Formats may hold.
func Containers() []string {
	var out []string
	for _, c := range safeContainers() {
		out = append(out, c.names...)
	}
	return out
}

// Demuxer returns the demuxer that reads the format name ("mp4" is read by
// "mov"), and false when the name is not one of Containers.
func Demuxer(format string) (string, bool) {
	for _, c := range safeContainers() {
		if slices.Contains(c.names, format) {
			return c.demuxer, true
		}
	}
	return "", false
}

// SafeDemuxers is the -format_whitelist that lets ffmpeg or ffprobe open
// every container of Containers and nothing else.
func SafeDemuxers() string {
	var out []string
	for _, c := range safeContainers() {
		out = append(out, c.demuxer)
	}
	return strings.Join(out, ",")
}

// whitelist is the -format_whitelist for a list of format names: the
// demuxers reading them, in the order of safeContainers. Names outside
// Containers add nothing.
func whitelist(formats []string) string {
	var out []string
	for _, c := range safeContainers() {
		if slices.ContainsFunc(c.names, func(n string) bool { return slices.Contains(formats, n) }) {
			out = append(out, c.demuxer)
		}
	}
	return strings.Join(out, ",")
}

// formatNames returns the format names of a demuxer, nil for one outside
// Containers.
func formatNames(demuxer string) []string {
	for _, c := range safeContainers() {
		if c.demuxer == demuxer {
			return c.names
		}
	}
	return nil
}
