package media_test

import (
	"strings"
	"testing"

	"github.com/streamgate/streamgate/media"
)

func TestContainers(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"mov", "mp4", "webm", "matroska", "mpegts", "flv", "avi"} {
		if d, ok := media.Demuxer(f); !ok || !strings.Contains(media.SafeDemuxers(), d) {
			t.Errorf("%s: demuxer %q, %v", f, d, ok)
		}
	}
	// Demuxers that open files named inside the one they read.
	for _, f := range []string{"hls", "applehttp", "concat", "image2", "dash", "tee", "mov,mp4", ""} {
		if _, ok := media.Demuxer(f); ok {
			t.Errorf("%q is a safe container", f)
		}
	}
	if err := media.DefaultLimits().Validate(); err != nil {
		t.Fatalf("default limits: %v", err)
	}
	l := media.DefaultLimits()
	l.Formats = append(l.Formats, "hls")
	if err := l.Validate(); err == nil || !strings.Contains(err.Error(), `"hls"`) {
		t.Fatalf("hls accepted: %v", err)
	}
	if err := (media.Limits{}).Validate(); err == nil {
		t.Fatal("empty limits accepted")
	}
}
