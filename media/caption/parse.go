package caption

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"
)

// block is a run of non-blank lines and the line number of its first.
type block struct {
	line  int
	lines []string
}

// Parse reads a WebVTT or SRT track (FormatAuto tells them apart by the
// WEBVTT signature) and checks it against lim: UTF-8 only, timestamps
// well formed, every cue ending after it starts, cues in order and not
// overlapping, and the size, cue count and cue length bounded.
func Parse(data []byte, f Format, lim Limits) (Track, error) {
	if len(data) > lim.MaxBytes {
		return Track{}, invalidf("the file is %d bytes; the limit is %d", len(data), lim.MaxBytes)
	}
	if !utf8.Valid(data) {
		return Track{}, invalidf("the file is not UTF-8 text")
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	text := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
	vtt := isVTT(text)
	switch {
	case f == FormatWebVTT && !vtt:
		return Track{}, invalidf("a WebVTT file starts with the line WEBVTT")
	case f == FormatSRT && vtt:
		return Track{}, invalidf("this is a WebVTT file, not SRT")
	}
	blocks := split(text)
	if vtt {
		blocks = blocks[1:] // the header: WEBVTT is not blank, so it is there
	}
	var t Track
	for _, b := range blocks {
		c, ok, err := parseBlock(b, vtt, lim)
		if err != nil {
			return Track{}, err
		}
		if !ok {
			continue
		}
		if err := t.add(c, b.line, lim); err != nil {
			return Track{}, err
		}
	}
	if len(t.Cues) == 0 {
		return Track{}, invalidf("the track has no cues")
	}
	return t, nil
}

// add appends c after checking it against the cues before it.
func (t *Track) add(c Cue, line int, lim Limits) error {
	n := len(t.Cues) + 1
	switch {
	case n > lim.MaxCues:
		return invalidf("more than %d cues", lim.MaxCues)
	case c.End <= c.Start:
		return invalidf("cue %d (line %d) ends at %s, not after it starts at %s", n, line, stamp(c.End), stamp(c.Start))
	case c.End > lim.MaxEnd:
		return invalidf("cue %d (line %d) ends at %s, past the limit of %s", n, line, stamp(c.End), stamp(lim.MaxEnd))
	case len(c.Text) > lim.MaxCueBytes:
		return invalidf("cue %d (line %d) has %d bytes of text; the limit is %d", n, line, len(c.Text), lim.MaxCueBytes)
	}
	if n > 1 {
		prev := t.Cues[n-2]
		if c.Start < prev.End {
			return invalidf("cue %d (line %d) starts at %s, before cue %d ends at %s: cues must be in order and must not overlap",
				n, line, stamp(c.Start), n-1, stamp(prev.End))
		}
	}
	t.Cues = append(t.Cues, c)
	return nil
}

func isVTT(text string) bool {
	rest, ok := strings.CutPrefix(text, "WEBVTT")
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n')
}

// split cuts text into blocks at blank (or whitespace-only) lines.
func split(text string) []block {
	var out []block
	var cur *block
	for i, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == "" {
			cur = nil
			continue
		}
		if cur == nil {
			out = append(out, block{line: i + 1})
			cur = &out[len(out)-1]
		}
		cur.lines = append(cur.lines, l)
	}
	return out
}

// parseBlock reads one cue; ok is false for blocks that are not cues and
// are dropped (WebVTT NOTE, STYLE and REGION blocks; cues without text).
func parseBlock(b block, vtt bool, lim Limits) (Cue, bool, error) {
	first := b.lines[0]
	if vtt && (keyword(first, "NOTE") || keyword(first, "STYLE") || keyword(first, "REGION")) {
		return Cue{}, false, nil
	}
	timing := 0
	if !strings.Contains(first, "-->") {
		timing = 1 // an identifier (WebVTT) or a counter (SRT) comes first
	}
	if timing >= len(b.lines) || !strings.Contains(b.lines[timing], "-->") {
		return Cue{}, false, invalidf("line %d: expected a cue timing line such as %q", b.line+timing, "00:00:01.000 --> 00:00:02.500")
	}
	line := b.line + timing
	c, err := parseTiming(b.lines[timing], vtt, line)
	if err != nil {
		return Cue{}, false, err
	}
	var text []string
	for i, l := range b.lines[timing+1:] {
		if strings.Contains(l, "-->") && vtt {
			return Cue{}, false, invalidf("line %d: cue text must not contain -->", line+1+i)
		}
		s, err := cleanText(l, vtt, line+1+i)
		if err != nil {
			return Cue{}, false, err
		}
		if s = strings.TrimSpace(s); s != "" {
			text = append(text, s)
		}
		if len(text) > 0 && len(strings.Join(text, "\n")) > lim.MaxCueBytes {
			break // add reports it; no need to read further
		}
	}
	if len(text) == 0 {
		return Cue{}, false, nil
	}
	c.Text = strings.Join(text, "\n")
	return c, true, nil
}

func keyword(line, word string) bool {
	rest, ok := strings.CutPrefix(line, word)
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// parseTiming reads "start --> end [settings]".
func parseTiming(l string, vtt bool, line int) (Cue, error) {
	left, right, _ := strings.Cut(l, "-->")
	fields := strings.Fields(right)
	if len(fields) == 0 {
		return Cue{}, invalidf("line %d: the cue has no end time", line)
	}
	start, ok := parseStamp(strings.TrimSpace(left), vtt)
	if !ok {
		return Cue{}, invalidf("line %d: %q is not a timestamp (hh:mm:ss%s)", line, strings.TrimSpace(left), fracHint(vtt))
	}
	end, ok := parseStamp(fields[0], vtt)
	if !ok {
		return Cue{}, invalidf("line %d: %q is not a timestamp (hh:mm:ss%s)", line, fields[0], fracHint(vtt))
	}
	c := Cue{Start: start, End: end}
	if vtt {
		c.Settings = cleanSettings(fields[1:])
	}
	return c, nil
}

func fracHint(vtt bool) string {
	if vtt {
		return ".mmm"
	}
	return ",mmm"
}

// maxHours bounds the hours field before any arithmetic.
const maxHours = 999

// parseStamp reads [h:]mm:ss.mmm (WebVTT) or hh:mm:ss,mmm (SRT, which
// also takes a dot and one to three fraction digits, as files in the
// wild have them).
func parseStamp(s string, vtt bool) (time.Duration, bool) {
	sep := byte(',')
	if vtt {
		sep = '.'
	}
	i := strings.LastIndexAny(s, ".,")
	if i < 0 || (vtt && s[i] != sep) {
		return 0, false
	}
	frac := s[i+1:]
	if len(frac) == 0 || len(frac) > 3 || (vtt && len(frac) != 3) || !digits(frac) {
		return 0, false
	}
	parts := strings.Split(s[:i], ":")
	if len(parts) < 2 || len(parts) > 3 || (!vtt && len(parts) != 3) {
		return 0, false
	}
	var h int
	if len(parts) == 3 {
		if !digits(parts[0]) || len(parts[0]) > 3 {
			return 0, false
		}
		h = atoi(parts[0])
		parts = parts[1:]
	}
	if len(parts[0]) != 2 || len(parts[1]) != 2 || !digits(parts[0]) || !digits(parts[1]) {
		return 0, false
	}
	m, sec := atoi(parts[0]), atoi(parts[1])
	if m > 59 || sec > 59 || h > maxHours {
		return 0, false
	}
	ms := atoi(frac)
	for n := len(frac); n < 3; n++ {
		ms *= 10
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second +
		time.Duration(ms)*time.Millisecond, true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
