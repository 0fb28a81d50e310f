// Package benchreport is what the benchmarks of `make bench-report` share:
// one machine-readable line per figure, carrying the same-run ratio and
// the machine's load average, and the settling each does before it times
// anything. scripts/bench-report.sh collects the lines into one markdown
// table; run alone, a benchmark prints the same line for a reader.
package benchreport

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
)

// Prefix starts every line this package prints.
const Prefix = "BENCHREPORT"

// Goal is which way a ratio must go to meet its target.
type Goal int

const (
	// AtLeast: the ratio must be the target or more (a rate against the
	// baseline's rate).
	AtLeast Goal = iota
	// AtMost: the ratio must be the target or less (a time against the
	// baseline's time).
	AtMost
)

// Figure is one row of the report.
type Figure struct {
	// Path names what is measured, as in docs/BENCHMARKS.md.
	Path string
	// Baseline and StreamGate are the two sides' figures, with units.
	Baseline, StreamGate string
	// Ratio is StreamGate against the baseline, measured in the same run.
	Ratio float64
	// Goal and Target: what the ratio must be; Target 0 means no target.
	Goal   Goal
	Target float64
}

// Met tells whether the ratio meets its target.
func (f Figure) Met() bool {
	if f.Target == 0 {
		return true
	}
	if f.Goal == AtMost {
		return f.Ratio <= f.Target
	}
	return f.Ratio >= f.Target
}

func (f Figure) target() string {
	switch {
	case f.Target == 0:
		return "-"
	case f.Goal == AtMost:
		return fmt.Sprintf("<= %.2fx", f.Target)
	}
	return fmt.Sprintf(">= %.2fx", f.Target)
}

// Print writes f to stdout as one tab-separated line (fields without
// tabs): prefix, path, baseline, StreamGate, ratio, target, verdict, load
// average. It is printed, not logged: go test shows a benchmark's log only
// with -v.
func Print(f Figure) { Fprint(os.Stdout, f) }

// Fprint is Print to w.
func Fprint(w io.Writer, f Figure) {
	verdict := "met"
	if !f.Met() {
		verdict = "NOT met"
	}
	if f.Target == 0 {
		verdict = "-"
	}
	fields := []string{Prefix, f.Path, f.Baseline, f.StreamGate, fmt.Sprintf("%.3fx", f.Ratio), f.target(), verdict, LoadAverage()}
	for i, s := range fields {
		fields[i] = strings.ReplaceAll(s, "\t", " ")
	}
	fmt.Fprintln(w, strings.Join(fields, "\t"))
}

// LoadAverage is the machine's 1, 5 and 15 minute load averages, from
// /proc/loadavg, or "?" where there is none.
func LoadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(raw))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// Settle collects the garbage of the set-up and returns freed memory to
// the OS, so that none of it is collected inside a timed loop. Call it
// after the warm-up, right before timing.
func Settle() {
	runtime.GC()
	debug.FreeOSMemory()
}

// CPUProfile starts a CPU profile of this process into the file at path
// (for go tool pprof; a benchmark's server process takes the path from
// its environment) and returns what stops it and closes the file. With
// path empty it does nothing.
func CPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
