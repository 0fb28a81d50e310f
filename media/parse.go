package media

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

type probeOutput struct {
	Streams []probeStream `json:"streams"`
	Format  struct {
		FormatName string `json:"format_name"`
		Duration   string `json:"duration"`
		NbStreams  int    `json:"nb_streams"`
	} `json:"format"`
}

type probeStream struct {
	CodecType   string `json:"codec_type"`
	CodecName   string `json:"codec_name"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	Duration    string `json:"duration"`
	Disposition struct {
		AttachedPic int `json:"attached_pic"`
	} `json:"disposition"`
}

// Parse checks ffprobe's JSON (-show_format -show_streams) against limits.
// Its input comes from a file a stranger uploaded, so every field is
// treated as hostile.
func Parse(out []byte, l Limits) (Info, error) {
	var p probeOutput
	if err := json.Unmarshal(out, &p); err != nil {
		return Info{}, fmt.Errorf("%w: unreadable probe output", ErrRejected)
	}
	n := max(len(p.Streams), p.Format.NbStreams)
	if n > l.MaxStreams {
		return Info{}, fmt.Errorf("%w: %d streams, at most %d allowed", ErrRejected, n, l.MaxStreams)
	}
	info := Info{Streams: n}
	formats := strings.Split(p.Format.FormatName, ",")
	for _, f := range formats {
		if allowed(l.Formats, f) {
			info.Format = formats[0]
			break
		}
	}
	if info.Format == "" {
		return Info{}, fmt.Errorf("%w: container %q is not accepted", ErrRejected, p.Format.FormatName)
	}
	if err := pickStreams(&info, p.Streams, l); err != nil {
		return Info{}, err
	}
	d, err := duration(p, l)
	if err != nil {
		return Info{}, err
	}
	info.Duration = d
	return info, nil
}

func pickStreams(info *Info, streams []probeStream, l Limits) error {
	for _, s := range streams {
		switch {
		case s.CodecType == "video" && s.Disposition.AttachedPic == 0 && info.VideoCodec == "":
			if !allowed(l.VideoCodecs, s.CodecName) {
				return fmt.Errorf("%w: video codec %q is not accepted", ErrRejected, s.CodecName)
			}
			if s.Width <= 0 || s.Height <= 0 {
				return fmt.Errorf("%w: the video stream has no dimensions", ErrRejected)
			}
			if s.Width > l.MaxWidth || s.Height > l.MaxHeight {
				return fmt.Errorf("%w: %dx%d is larger than %dx%d", ErrRejected, s.Width, s.Height, l.MaxWidth, l.MaxHeight)
			}
			info.VideoCodec, info.Width, info.Height = s.CodecName, s.Width, s.Height
		case s.CodecType == "audio" && info.AudioCodec == "":
			if !allowed(l.AudioCodecs, s.CodecName) {
				return fmt.Errorf("%w: audio codec %q is not accepted", ErrRejected, s.CodecName)
			}
			info.AudioCodec = s.CodecName
		}
	}
	if info.VideoCodec == "" {
		return fmt.Errorf("%w: it has no video stream", ErrRejected)
	}
	return nil
}

func duration(p probeOutput, l Limits) (time.Duration, error) {
	secs, err := strconv.ParseFloat(p.Format.Duration, 64)
	if err != nil {
		for _, s := range p.Streams {
			if v, e := strconv.ParseFloat(s.Duration, 64); e == nil && v > secs {
				secs, err = v, nil
			}
		}
	}
	if err != nil || math.IsNaN(secs) || secs <= 0 {
		return 0, fmt.Errorf("%w: its duration is unknown", ErrRejected)
	}
	if secs > l.MaxDuration.Seconds() {
		return 0, fmt.Errorf("%w: %.0fs long, at most %s allowed", ErrRejected, secs, l.MaxDuration)
	}
	return time.Duration(secs * float64(time.Second)), nil
}
