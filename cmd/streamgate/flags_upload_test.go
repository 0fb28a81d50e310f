package main

import (
	"strings"
	"testing"
)

// --probe-formats may narrow media's container list, never widen it: a
// container the worker would refuse stops the server at start.
func TestProbeFormatsStayWithinMedia(t *testing.T) {
	t.Setenv("STREAMGATE_PROBE_FORMATS", "")
	if _, err := parseConfig("serve", []string{"--probe-formats", "mp4,webm"}); err != nil {
		t.Fatalf("narrowed: %v", err)
	}
	_, err := parseConfig("serve", []string{"--probe-formats", "mp4,hls"})
	if err == nil || !strings.Contains(err.Error(), `"hls"`) {
		t.Fatalf("widened to hls: %v", err)
	}
}
