package transcoder

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
)

// ReadProgress reads ffmpeg's -progress output (key=value lines, each
// block ending in progress=continue|end) and calls report with the
// encoded position at the end of every block. It returns when r ends.
func ReadProgress(r io.Reader, report func(time.Duration)) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 64*1024)
	var at time.Duration
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !ok {
			continue
		}
		switch k {
		case "out_time_us":
			if us, err := strconv.ParseInt(v, 10, 64); err == nil && us >= 0 && us < int64(1<<62)/1000 {
				at = time.Duration(us) * time.Microsecond
			}
		case "progress":
			report(at)
		}
	}
}

// fraction is position over duration, clamped to [0, 1].
func fraction(at, total time.Duration) float64 {
	if total <= 0 {
		return 0
	}
	return min(1, max(0, float64(at)/float64(total)))
}
