// Package media inspects uploaded media with ffprobe, reading only a local
// file with a plain media demuxer and refusing anything outside configured
// limits. It is the one prober of the server (at upload) and the transcoder
// worker (before encoding), so it imports neither server/ nor db/.
package media

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Limits bound what Probe accepts.
type Limits struct {
	// Formats are accepted container names, as ffprobe's format_name lists
	// them (e.g. "mov", "mp4", "matroska", "webm"); each must be one of
	// Containers.
	Formats []string
	// VideoCodecs and AudioCodecs are accepted ffprobe codec names.
	VideoCodecs []string
	AudioCodecs []string
	MaxWidth    int
	MaxHeight   int
	MaxStreams  int
	MaxDuration time.Duration
}

// DefaultLimits accepts every container of Containers and the common web
// and camera codecs, up to 8K and 12 hours, with at most 16 streams.
func DefaultLimits() Limits {
	return Limits{
		Formats:     Containers(),
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

// Validate checks complete limits (after WithDefaults): a format outside
// Containers is refused, since the worker would not open it.
func (l Limits) Validate() error {
	var errs []error
	for _, f := range l.Formats {
		if _, ok := Demuxer(f); !ok {
			errs = append(errs, fmt.Errorf("container %q is not one StreamGate reads; choose from %v", f, Containers()))
		}
	}
	if len(l.Formats) == 0 || len(l.VideoCodecs) == 0 || len(l.AudioCodecs) == 0 {
		errs = append(errs, errors.New("accepted formats and codecs must not be empty"))
	}
	if l.MaxWidth < 1 || l.MaxHeight < 1 || l.MaxStreams < 1 || l.MaxDuration <= 0 {
		errs = append(errs, errors.New("maximum width, height, streams and duration must be positive"))
	}
	return errors.Join(errs...)
}

// Info is what the catalog records about an accepted file.
type Info struct {
	// Format is the container, ffprobe's first format name (e.g. "mov").
	Format   string
	Duration time.Duration
	// Width and Height are the size the picture is shown at: turned by
	// Rotation and stretched by a non-square sample aspect ratio. Both are
	// 0 for audio only.
	Width  int
	Height int
	// VideoCodec is empty for audio only (a podcast).
	VideoCodec string
	// AudioCodec is empty for a silent video.
	AudioCodec string
	Streams    int
	// FPS is the video stream's frame rate, 0 when ffprobe does not know it.
	FPS float64
	// Rotation is the display matrix's turn in degrees (0, 90, 180, 270),
	// which ffmpeg applies when it decodes (autorotate).
	Rotation int
	// HDR is the video's HDR transfer, empty for SDR.
	HDR HDR

	codedW, codedH int
}

// HDR names a high-dynamic-range transfer function.
type HDR string

// The HDR transfers the transcoder tone-maps to SDR.
const (
	// HDRPQ is SMPTE ST 2084 (HDR10, Dolby Vision base layers).
	HDRPQ HDR = "pq"
	// HDRHLG is ARIB STD-B67 hybrid log-gamma (broadcast, phones).
	HDRHLG HDR = "hlg"
)

func allowed(list []string, name string) bool { return slices.Contains(list, name) }
