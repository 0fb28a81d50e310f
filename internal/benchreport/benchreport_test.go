package benchreport

import (
	"bytes"
	"strings"
	"testing"
)

func TestMet(t *testing.T) {
	for _, c := range []struct {
		f    Figure
		want bool
	}{
		{Figure{Ratio: 0.8, Target: 0.8}, true},
		{Figure{Ratio: 0.79, Target: 0.8}, false},
		{Figure{Ratio: 1.1, Goal: AtMost, Target: 1.1}, true},
		{Figure{Ratio: 1.11, Goal: AtMost, Target: 1.1}, false},
		{Figure{Ratio: 0.01}, true}, // no target
	} {
		if got := c.f.Met(); got != c.want {
			t.Errorf("%+v: Met() = %v, want %v", c.f, got, c.want)
		}
	}
}

// The script splits the line on tabs: eight fields, whatever the figures
// hold.
func TestFprintFields(t *testing.T) {
	var buf bytes.Buffer
	Fprint(&buf, Figure{Path: "a\tpath", Baseline: "1 µs", StreamGate: "2 µs", Ratio: 2, Goal: AtMost, Target: 1.1})
	line := strings.TrimSuffix(buf.String(), "\n")
	f := strings.Split(line, "\t")
	if len(f) != 8 || f[0] != Prefix || f[1] != "a path" || f[4] != "2.000x" || f[5] != "<= 1.10x" || f[6] != "NOT met" {
		t.Fatalf("line %q: fields %q", line, f)
	}
	if strings.Contains(buf.String()[:len(buf.String())-1], "\n") {
		t.Fatalf("more than one line: %q", buf.String())
	}
}

func TestLoadAverage(t *testing.T) {
	if got := LoadAverage(); got != "?" && len(strings.Fields(got)) != 3 {
		t.Fatalf("LoadAverage() = %q", got)
	}
}
