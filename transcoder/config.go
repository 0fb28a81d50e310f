package transcoder

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/streamgate/streamgate/internal/tracing"
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
	// AudioKbps is an audio-only rendition's AAC bitrate (Height 0).
	AudioKbps int
}

// Profile is the encoder settings and the ladder.
type Profile struct {
	Rungs []Rung
	// Preset is libx264's -preset.
	Preset string
	// AudioKbps is the AAC bitrate of every rendition.
	AudioKbps int
	// AudioOnlyKbps is the AAC bitrate of the audio-only rendition listed
	// beside the video ones; 0 leaves it out.
	AudioOnlyKbps int
	// SegmentSeconds is the HLS segment target duration.
	SegmentSeconds int
	// KeyframeSeconds is the fixed GOP length; SegmentSeconds should be
	// a multiple of it.
	KeyframeSeconds int
}

// DefaultProfile is 1080p/720p/480p/360p H.264 + AAC and a 64 kb/s
// audio-only rendition, 6 s segments with a keyframe every 2 s.
func DefaultProfile() Profile {
	return Profile{
		Rungs: []Rung{
			{Name: "1080p", Height: 1080, VideoKbps: 5000},
			{Name: "720p", Height: 720, VideoKbps: 2800},
			{Name: "480p", Height: 480, VideoKbps: 1400},
			{Name: "360p", Height: 360, VideoKbps: 800},
		},
		Preset: "veryfast", AudioKbps: 128, AudioOnlyKbps: 64, SegmentSeconds: 6, KeyframeSeconds: 2,
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

// FormatLadder writes rungs the way ParseLadder reads them.
func FormatLadder(rungs []Rung) string {
	parts := make([]string, len(rungs))
	for i, r := range rungs {
		parts[i] = fmt.Sprintf("%s:%d:%d", r.Name, r.Height, r.VideoKbps)
	}
	return strings.Join(parts, ",")
}

// Validate checks the profile; its messages name cmd/transcoder's flags.
func (p Profile) Validate() error {
	if len(p.Rungs) == 0 {
		return errors.New("--ladder: no rungs")
	}
	seen := map[string]bool{}
	for _, r := range p.Rungs {
		if !safeName(r.Name) || seen[r.Name] {
			return fmt.Errorf("--ladder: rung name %q: want a unique [A-Za-z0-9_-]{1,40}", r.Name)
		}
		seen[r.Name] = true
	}
	if p.SegmentSeconds < 1 || p.KeyframeSeconds < 1 || p.SegmentSeconds%p.KeyframeSeconds != 0 {
		return errors.New("--segment-seconds must be a positive multiple of --keyframe-seconds")
	}
	if p.AudioKbps < 16 || p.Preset == "" {
		return errors.New("--audio-kbps must be at least 16 and --preset set")
	}
	if p.AudioOnlyKbps != 0 && (p.AudioOnlyKbps < 16 || p.AudioOnlyKbps > 512) {
		return errors.New("--audio-only-kbps must be 0 (none) or 16..512")
	}
	for _, r := range p.Rungs {
		if strings.HasPrefix(r.Name, AudioRendition) {
			return fmt.Errorf("--ladder: rung name %q: names starting %q are the audio-only renditions'", r.Name, AudioRendition)
		}
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
	// EarlySegments is how many segments every rendition needs before the
	// worker publishes the ladder while still encoding (EVENT playlists);
	// 0 publishes only when the encode is done.
	EarlySegments int
	// EarlyPoll is how often the output folder is looked at for finished
	// segments while ffmpeg runs.
	EarlyPoll time.Duration
	Log       *slog.Logger
	// HTTPClient reaches the server and object storage.
	HTTPClient *http.Client
	// Tracing traces jobs, the calls to the server and to object storage,
	// and ffmpeg runs; nil traces nothing.
	Tracing *tracing.Provider
}

// DefaultConfig is the settings cmd/transcoder starts from (its flags'
// defaults): a server on this machine, one job at a time, named after
// this host and process. Token has no default.
func DefaultConfig() Config {
	host, _ := os.Hostname()
	return Config{
		ServerURL:     "http://127.0.0.1:8080",
		WorkerID:      fmt.Sprintf("%s-%d", host, os.Getpid()),
		Concurrency:   1,
		WorkDir:       filepath.Join(os.TempDir(), "streamgate-transcoder"),
		FFmpeg:        "ffmpeg",
		FFprobe:       "ffprobe",
		MaxWall:       2 * time.Hour,
		ClaimWait:     30 * time.Second,
		DrainTimeout:  10 * time.Minute,
		Profile:       DefaultProfile(),
		EarlySegments: 1,
		EarlyPoll:     250 * time.Millisecond,
		Log:           slog.New(slog.DiscardHandler),
		HTTPClient:    http.DefaultClient,
	}
}

// Validate reports every bad setting at once, each named by its flag.
func (c Config) Validate() error {
	var errs []error
	if !strings.HasPrefix(c.ServerURL, "http://") && !strings.HasPrefix(c.ServerURL, "https://") {
		errs = append(errs, fmt.Errorf("--server-url %q: want http:// or https://", c.ServerURL))
	}
	if c.Token == "" {
		errs = append(errs, errors.New("--worker-token is required"))
	}
	if c.WorkerID == "" || c.WorkDir == "" || c.FFmpeg == "" || c.FFprobe == "" {
		errs = append(errs, errors.New("--worker-id, --work-dir, --ffmpeg and --ffprobe must not be empty"))
	}
	if c.EarlySegments < 0 {
		errs = append(errs, fmt.Errorf("--early-segments %d: want 0 (off) or more", c.EarlySegments))
	}
	if c.EarlySegments > 0 && c.EarlyPoll <= 0 {
		errs = append(errs, errors.New("--early-poll must be positive"))
	}
	if c.Concurrency < 1 {
		errs = append(errs, fmt.Errorf("--concurrency %d: want at least 1", c.Concurrency))
	}
	if c.MaxWall <= 0 || c.DrainTimeout <= 0 {
		errs = append(errs, errors.New("--max-encode-time and --drain-timeout must be positive"))
	}
	if c.ClaimWait <= 0 || c.ClaimWait > time.Minute {
		errs = append(errs, fmt.Errorf("--claim-wait %s: want above 0 and at most 1m", c.ClaimWait))
	}
	if err := c.Profile.Validate(); err != nil {
		errs = append(errs, err)
	}
	if c.Log == nil || c.HTTPClient == nil {
		errs = append(errs, errors.New("a worker needs a logger and an HTTP client"))
	}
	return errors.Join(errs...)
}
