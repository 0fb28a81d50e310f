package media

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
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
	CodecType    string `json:"codec_type"`
	CodecName    string `json:"codec_name"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	Duration     string `json:"duration"`
	AvgFrameRate string `json:"avg_frame_rate"`
	RFrameRate   string `json:"r_frame_rate"`
	// SampleAspectRatio is "num:den", "0:1" or absent when unknown.
	SampleAspectRatio string `json:"sample_aspect_ratio"`
	ColorTransfer     string `json:"color_transfer"`
	Disposition       struct {
		AttachedPic int `json:"attached_pic"`
	} `json:"disposition"`
	// SideDataList carries the display matrix of phone videos.
	SideDataList []struct {
		Rotation float64 `json:"rotation"`
	} `json:"side_data_list"`
	Tags struct {
		Rotate string `json:"rotate"`
	} `json:"tags"`
}

// Parse checks ffprobe's JSON (-show_format -show_streams) against limits.
// Its input comes from a file a stranger uploaded, so every field is
// treated as hostile.
func Parse(out []byte, l Limits) (Info, error) {
	info, err := parse(out)
	if err != nil {
		return Info{}, err
	}
	if err := l.check(info); err != nil {
		return Info{}, err
	}
	return info, nil
}

// parse reads the facts every use needs: a container, a video stream with
// dimensions or an audio stream, a known duration. What is acceptable
// beyond that is check's.
func parse(out []byte) (Info, error) {
	var p probeOutput
	if err := json.Unmarshal(out, &p); err != nil {
		return Info{}, fmt.Errorf("%w: unreadable probe output", ErrRejected)
	}
	format, _, _ := strings.Cut(p.Format.FormatName, ",")
	info := Info{Format: format, Streams: max(len(p.Streams), p.Format.NbStreams)}
	if formatNames(format) == nil {
		return Info{}, fmt.Errorf("%w: container %q is not accepted", ErrRejected, p.Format.FormatName)
	}
	for _, s := range p.Streams {
		switch {
		case s.CodecType == "video" && s.Disposition.AttachedPic == 0 && info.VideoCodec == "":
			if s.Width <= 0 || s.Height <= 0 {
				return Info{}, fmt.Errorf("%w: the video stream has no dimensions", ErrRejected)
			}
			info.VideoCodec = s.CodecName
			info.display(s)
			if info.FPS = rate(s.AvgFrameRate); info.FPS == 0 {
				info.FPS = rate(s.RFrameRate)
			}
		case s.CodecType == "audio" && info.AudioCodec == "":
			if s.CodecName == "" {
				return Info{}, fmt.Errorf("%w: the audio stream names no codec", ErrRejected)
			}
			info.AudioCodec = s.CodecName
		}
	}
	if info.VideoCodec == "" && info.AudioCodec == "" {
		return Info{}, fmt.Errorf("%w: it has no video or audio stream", ErrRejected)
	}
	d, err := duration(p)
	if err != nil {
		return Info{}, err
	}
	info.Duration = d
	return info, nil
}

// check holds parsed facts against the limits.
func (l Limits) check(info Info) error {
	if info.Streams > l.MaxStreams {
		return fmt.Errorf("%w: %d streams, at most %d allowed", ErrRejected, info.Streams, l.MaxStreams)
	}
	if !slices.ContainsFunc(formatNames(info.Format), func(n string) bool { return allowed(l.Formats, n) }) {
		return fmt.Errorf("%w: container %q is not accepted", ErrRejected, info.Format)
	}
	if info.VideoCodec != "" && !allowed(l.VideoCodecs, info.VideoCodec) {
		return fmt.Errorf("%w: video codec %q is not accepted", ErrRejected, info.VideoCodec)
	}
	// The limits bound what the decoder holds: the coded size.
	if info.codedW > l.MaxWidth || info.codedH > l.MaxHeight {
		return fmt.Errorf("%w: %dx%d is larger than %dx%d", ErrRejected, info.codedW, info.codedH, l.MaxWidth, l.MaxHeight)
	}
	if info.AudioCodec != "" && !allowed(l.AudioCodecs, info.AudioCodec) {
		return fmt.Errorf("%w: audio codec %q is not accepted", ErrRejected, info.AudioCodec)
	}
	if info.Duration > l.MaxDuration {
		return fmt.Errorf("%w: %.0fs long, at most %s allowed", ErrRejected, info.Duration.Seconds(), l.MaxDuration)
	}
	return nil
}

func duration(p probeOutput) (time.Duration, error) {
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
	// Past about 292 years the conversion to time.Duration overflows.
	if secs >= math.MaxInt64/float64(time.Second) {
		return 0, fmt.Errorf("%w: its duration (%.3gs) is out of range", ErrRejected, secs)
	}
	return time.Duration(secs * float64(time.Second)), nil
}

// rate reads a frame rate such as "30000/1001"; nonsense is 0.
func rate(s string) float64 {
	n, d, ok := strings.Cut(s, "/")
	if !ok {
		d = "1"
	}
	a, err1 := strconv.ParseFloat(n, 64)
	b, err2 := strconv.ParseFloat(d, 64)
	if err1 != nil || err2 != nil || b <= 0 || a <= 0 || a > 1000*b || math.IsInf(a, 0) {
		return 0
	}
	return a / b
}

// display sets the size the picture is shown at: the coded size turned by
// the display matrix (phone videos) and stretched by the sample aspect
// ratio (anamorphic video), and notes an HDR transfer.
func (info *Info) display(s probeStream) {
	info.codedW, info.codedH = s.Width, s.Height
	w, h := s.Width, s.Height
	if sar := aspect(s.SampleAspectRatio); sar != 1 {
		w = max(2, int(math.Round(float64(w)*sar)))
	}
	rot := 0.0
	for _, d := range s.SideDataList {
		if d.Rotation != 0 {
			rot = d.Rotation
		}
	}
	if rot == 0 {
		rot, _ = strconv.ParseFloat(s.Tags.Rotate, 64)
	}
	if !math.IsNaN(rot) && !math.IsInf(rot, 0) && math.Abs(rot) < 1e6 {
		info.Rotation = ((int(math.Round(rot/90))*90)%360 + 360) % 360
	}
	if info.Rotation == 90 || info.Rotation == 270 {
		w, h = h, w
	}
	info.Width, info.Height = w, h
	switch s.ColorTransfer {
	case "smpte2084":
		info.HDR = HDRPQ
	case "arib-std-b67":
		info.HDR = HDRHLG
	}
}

// aspect reads a sample aspect ratio such as "64:45"; unknown or absurd
// ratios are 1 (square pixels).
func aspect(s string) float64 {
	n, d, ok := strings.Cut(s, ":")
	if !ok {
		return 1
	}
	a, err1 := strconv.Atoi(n)
	b, err2 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || a <= 0 || b <= 0 {
		return 1
	}
	r := float64(a) / float64(b)
	if r < 0.25 || r > 4 {
		return 1
	}
	return r
}
