// Package caption reads creators' text tracks (WebVTT or SRT), checks them
// against limits, and writes them back as clean WebVTT: the only form
// StreamGate stores and serves. Input is untrusted: every cue is parsed,
// its timing checked and its text re-escaped, and anything the package
// does not understand is refused with an error saying where.
package caption

import (
	"errors"
	"fmt"
	"time"
)

// Cue is one timed caption.
type Cue struct {
	Start, End time.Duration
	// Settings are WebVTT cue settings ("align:start line:90%"), checked.
	Settings string
	// Text is WebVTT cue text, escaped: one or more non-empty lines.
	Text string
}

// Track is a parsed text track.
type Track struct {
	Cues []Cue
}

// Limits bound what Parse accepts.
type Limits struct {
	// MaxBytes is the largest input.
	MaxBytes int
	// MaxCues is the most cues in one track.
	MaxCues int
	// MaxCueBytes is the largest text of one cue.
	MaxCueBytes int
	// MaxEnd is the latest a cue may end.
	MaxEnd time.Duration
}

// DefaultLimits fit a feature-length film's subtitles with room to spare.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 1 << 20, MaxCues: 10000, MaxCueBytes: 1000, MaxEnd: 24 * time.Hour}
}

// Format is the syntax of an input track.
type Format int

// Formats Parse reads.
const (
	FormatAuto Format = iota
	FormatWebVTT
	FormatSRT
)

// ErrInvalid wraps every refusal of input; the message says what and
// where (cue number or line), in words fit for the creator.
var ErrInvalid = errors.New("invalid text track")

// invalidf is ErrInvalid with what is wrong.
func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Duration is when the last cue ends.
func (t Track) Duration() time.Duration {
	var d time.Duration
	for _, c := range t.Cues {
		d = max(d, c.End)
	}
	return d
}
