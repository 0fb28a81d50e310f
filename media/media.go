// Package media inspects uploaded media with ffprobe, reading only a local
// file and refusing anything outside configured limits. It is shared by the
// server and the transcoder worker, so it imports neither server/ nor db/.
package media

import (
	"errors"
	"slices"
	"time"
)

// ErrRejected wraps every reason a file is refused as media; its message is
// meant for people (it ends up as a video's failure reason).
var ErrRejected = errors.New("not an acceptable video")

// Limits bound what Probe accepts.
type Limits struct {
	// Formats are accepted container names, as ffprobe's format_name lists
	// them (e.g. "mov", "mp4", "matroska", "webm").
	Formats []string
	// VideoCodecs and AudioCodecs are accepted ffprobe codec names.
	VideoCodecs []string
	AudioCodecs []string
	MaxWidth    int
	MaxHeight   int
	MaxStreams  int
	MaxDuration time.Duration
}

// DefaultLimits accepts the common web and camera formats up to 8K and 12
// hours, with at most 16 streams.
func DefaultLimits() Limits {
	return Limits{
		Formats:     []string{"mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm", "avi", "mpegts", "flv"},
		VideoCodecs: []string{"h264", "hevc", "vp8", "vp9", "av1", "mpeg4", "mpeg2video", "prores", "mjpeg"},
		AudioCodecs: []string{"aac", "mp3", "opus", "vorbis", "ac3", "eac3", "flac", "alac", "pcm_s16le", "pcm_s24le", "pcm_f32le"},
		MaxWidth:    7680,
		MaxHeight:   4320,
		MaxStreams:  16,
		MaxDuration: 12 * time.Hour,
	}
}

// WithDefaults fills every zero field from DefaultLimits.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits()
	if len(l.Formats) == 0 {
		l.Formats = d.Formats
	}
	if len(l.VideoCodecs) == 0 {
		l.VideoCodecs = d.VideoCodecs
	}
	if len(l.AudioCodecs) == 0 {
		l.AudioCodecs = d.AudioCodecs
	}
	if l.MaxWidth == 0 {
		l.MaxWidth = d.MaxWidth
	}
	if l.MaxHeight == 0 {
		l.MaxHeight = d.MaxHeight
	}
	if l.MaxStreams == 0 {
		l.MaxStreams = d.MaxStreams
	}
	if l.MaxDuration == 0 {
		l.MaxDuration = d.MaxDuration
	}
	return l
}

// Info is what the catalog records about an accepted file.
type Info struct {
	// Format is the container, ffprobe's first format name (e.g. "mov").
	Format     string
	Duration   time.Duration
	Width      int
	Height     int
	VideoCodec string
	// AudioCodec is empty for a silent video.
	AudioCodec string
	Streams    int
}

func allowed(list []string, name string) bool { return slices.Contains(list, name) }
