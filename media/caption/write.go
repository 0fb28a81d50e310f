package caption

import (
	"fmt"
	"strings"
	"time"
)

// WebVTT writes cues as a WebVTT file. header lines (such as HLS's
// X-TIMESTAMP-MAP) go right after the signature.
func WebVTT(cues []Cue, header ...string) []byte {
	var b strings.Builder
	b.WriteString("WEBVTT\n")
	for _, h := range header {
		b.WriteString(h)
		b.WriteByte('\n')
	}
	for _, c := range cues {
		b.WriteByte('\n')
		b.WriteString(stamp(c.Start))
		b.WriteString(" --> ")
		b.WriteString(stamp(c.End))
		if c.Settings != "" {
			b.WriteByte(' ')
			b.WriteString(c.Settings)
		}
		b.WriteByte('\n')
		b.WriteString(c.Text)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// Window returns the cues showing at any time in [from, to): the cues of
// one HLS subtitle segment. A cue spanning segments is in each, as HLS
// expects; players drop the repeats.
func Window(cues []Cue, from, to time.Duration) []Cue {
	var out []Cue
	for _, c := range cues {
		if c.Start >= to {
			break // cues are in order (Parse checked)
		}
		if c.End > from {
			out = append(out, c)
		}
	}
	return out
}

// stamp formats d as WebVTT's hh:mm:ss.mmm.
func stamp(d time.Duration) string {
	ms := d.Milliseconds()
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}
