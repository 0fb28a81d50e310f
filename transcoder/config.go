package transcoder

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Rung is one rendition of the ladder.
type Rung struct {
	// Name names the rendition and its folder, e.g. "720p".
	Name string
	// Height in pixels; the width follows the source's aspect ratio.
	Height int
	// VideoKbps is the target video bitrate; maxrate is 1.07x and the
	// buffer 1.5x of it.
	VideoKbps int
}

// Profile is the encoder settings and the ladder.
type Profile struct {
	Rungs []Rung
	// Preset is libx264's -preset.
	Preset string
	// AudioKbps is the AAC bitrate of every rendition.
	AudioKbps int
	// SegmentSeconds is the HLS segment target duration.
	SegmentSeconds int
	// KeyframeSeconds is the fixed GOP length; SegmentSeconds should be
	// a multiple of it.
	KeyframeSeconds int
}

// DefaultProfile is 1080p/720p/480p/360p H.264 + AAC, 6 s segments with
// a keyframe every 2 s.
func DefaultProfile() Profile {
	return Profile{
		Rungs: []Rung{
			{Name: "1080p", Height: 1080, VideoKbps: 5000},
			{Name: "720p", Height: 720, VideoKbps: 2800},
			{Name: "480p", Height: 480, VideoKbps: 1400},
			{Name: "360p", Height: 360, VideoKbps: 800},
		},
		Preset: "veryfast", AudioKbps: 128, SegmentSeconds: 6, KeyframeSeconds: 2,
	}
}

// ParseLadder reads "name:height:kbps,..." such as
// "1080p:1080:5000,720p:720:2800".
func ParseLadder(s string) ([]Rung, error) {
	var rungs []Rung
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		f := strings.Split(part, ":")
		if len(f) != 3 {
			return nil, fmt.Errorf("ladder rung %q: want name:height:kbps", part)
		}
		h, err1 := strconv.Atoi(f[1])
		k, err2 := strconv.Atoi(strings.TrimSuffix(f[2], "k"))
		if err1 != nil || err2 != nil || h < 16 || h > 4320 || k < 50 || k > 100000 {
			return nil, fmt.Errorf("ladder rung %q: height 16..4320 and kbps 50..100000", part)
		}
		rungs = append(rungs, Rung{Name: f[0], Height: h, VideoKbps: k})
	}
	if len(rungs) == 0 {
		return nil, errors.New("ladder is empty")
	}
	return rungs, nil
}

// Validate checks the profile.
func (p Profile) Validate() error {
	if len(p.Rungs) == 0 {
		return errors.New("profile has no rungs")
	}
	seen := map[string]bool{}
	for _, r := range p.Rungs {
		if !safeName(r.Name) || seen[r.Name] {
			return fmt.Errorf("rung name %q: want a unique [A-Za-z0-9_-]{1,40}", r.Name)
		}
		seen[r.Name] = true
	}
	if p.SegmentSeconds < 1 || p.KeyframeSeconds < 1 || p.SegmentSeconds%p.KeyframeSeconds != 0 {
		return errors.New("segment seconds must be a positive multiple of keyframe seconds")
	}
	if p.AudioKbps < 16 || p.Preset == "" {
		return errors.New("audio kbps must be at least 16 and the preset set")
	}
	return nil
}

func safeName(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Config is a worker's settings.
type Config struct {
	// ServerURL is the StreamGate server, e.g. https://api.example.com.
	ServerURL string
	// Token is a worker token the server accepts (--worker-tokens there).
	Token string
	// WorkerID names this worker in the server's records.
	WorkerID string
	// Concurrency is how many jobs run at once.
	Concurrency int
	// WorkDir holds each job's temporary folder.
	WorkDir string
	// FFmpeg and FFprobe are the binaries.
	FFmpeg, FFprobe string
	// MaxWall is the wall-clock limit of one ffmpeg run.
	MaxWall time.Duration
	// ClaimWait is how long one ClaimJob call waits for work.
	ClaimWait time.Duration
	// DrainTimeout is how long running jobs may go on after stop is
	// asked; then they are killed and handed back.
	DrainTimeout time.Duration
	Profile      Profile
	Log          *slog.Logger
	// HTTPClient reaches the server and object storage.
	HTTPClient *http.Client
}

// WithDefaults fills unset fields.
func (c Config) WithDefaults() Config {
	if c.Concurrency <= 0 {
		c.Concurrency = 1
	}
	if c.FFmpeg == "" {
		c.FFmpeg = "ffmpeg"
	}
	if c.FFprobe == "" {
		c.FFprobe = "ffprobe"
	}
	if c.MaxWall <= 0 {
		c.MaxWall = 2 * time.Hour
	}
	if c.ClaimWait <= 0 {
		c.ClaimWait = 30 * time.Second
	}
	if c.DrainTimeout <= 0 {
		c.DrainTimeout = 10 * time.Minute
	}
	if len(c.Profile.Rungs) == 0 {
		c.Profile = DefaultProfile()
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.HTTPClient == nil {
		c.HTTPClient = http.DefaultClient
	}
	return c
}
