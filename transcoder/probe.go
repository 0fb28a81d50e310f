package transcoder

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Probe is what the ladder needs to know about a source.
type Probe struct {
	// Format is the demuxer to force with -f.
	Format   string
	Width    int
	Height   int
	FPS      float64
	HasAudio bool
	Duration time.Duration
}

// ErrNoVideo means the source has no video stream: no attempt can help.
var ErrNoVideo = errors.New("the source has no video stream")

// ErrFormat means the source's container is not one the worker decodes:
// no attempt can help.
var ErrFormat = errors.New("the source's container is not accepted")

// Demuxers are the only containers ffprobe and ffmpeg may open (their
// -format_whitelist): plain media files. Playlist and list demuxers (hls,
// concat, image2, ...) are excluded, since they open further files.
const Demuxers = "mov,matroska,avi,mpegts,flv"

// allowed says whether a demuxer name is one of Demuxers' names or
// aliases ("mp4" is the mov demuxer, "webm" the matroska one).
func allowed(format string) bool {
	switch format {
	case "mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm", "avi", "mpegts", "flv":
		return true
	}
	return false
}

// ProbeFile runs ffprobe on a local file, reading nothing but it.
func ProbeFile(ctx context.Context, ffprobe, path string) (Probe, error) {
	cmd := exec.CommandContext(ctx, ffprobe, "-v", "error", "-protocol_whitelist", "file", "-format_whitelist", Demuxers,
		"-show_entries", "format=format_name,duration:stream=codec_type,width,height,avg_frame_rate,r_frame_rate",
		"-of", "json", "file:"+path)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return Probe{}, fmt.Errorf("ffprobe: %v: %s", err, strings.TrimSpace(tail(errb.String(), 500)))
	}
	return parseProbe(out.Bytes())
}

func parseProbe(b []byte) (Probe, error) {
	var doc struct {
		Format struct {
			FormatName string `json:"format_name"`
			Duration   string `json:"duration"`
		} `json:"format"`
		Streams []struct {
			CodecType    string `json:"codec_type"`
			Width        int    `json:"width"`
			Height       int    `json:"height"`
			AvgFrameRate string `json:"avg_frame_rate"`
			RFrameRate   string `json:"r_frame_rate"`
		} `json:"streams"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return Probe{}, fmt.Errorf("ffprobe output: %w", err)
	}
	p := Probe{Format: strings.Split(doc.Format.FormatName, ",")[0]}
	if d, err := strconv.ParseFloat(doc.Format.Duration, 64); err == nil && d > 0 {
		p.Duration = time.Duration(d * float64(time.Second))
	}
	for _, s := range doc.Streams {
		switch s.CodecType {
		case "video":
			if p.Width == 0 && s.Width > 0 && s.Height > 0 {
				p.Width, p.Height = s.Width, s.Height
				p.FPS = rate(s.AvgFrameRate)
				if p.FPS <= 0 {
					p.FPS = rate(s.RFrameRate)
				}
			}
		case "audio":
			p.HasAudio = true
		}
	}
	if p.Width == 0 {
		return p, ErrNoVideo
	}
	return p, nil
}

// rate reads "30000/1001".
func rate(s string) float64 {
	n, d, ok := strings.Cut(s, "/")
	if !ok {
		d = "1"
	}
	a, err1 := strconv.ParseFloat(n, 64)
	b, err2 := strconv.ParseFloat(d, 64)
	if err1 != nil || err2 != nil || b == 0 || a <= 0 || a > 1000*b {
		return 0
	}
	return a / b
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
