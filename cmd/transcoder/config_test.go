package main

import (
	"reflect"
	"strings"
	"testing"

	"github.com/streamgate/streamgate/transcoder"
)

func TestParseConfig(t *testing.T) {
	t.Setenv("STREAMGATE_TRANSCODER_WORKER_TOKEN", "from-env-token-0123456789")
	c, err := parseConfig([]string{"--server-url", "https://api.example.com", "--concurrency", "3", "--ladder", "720p:720:2800,360p:360:800k", "--preset", "fast"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Token != "from-env-token-0123456789" || c.Concurrency != 3 || len(c.Profile.Rungs) != 2 || c.Profile.Rungs[1].VideoKbps != 800 || c.Profile.Preset != "fast" {
		t.Fatalf("config %+v", c)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--server-url", "ftp://x"}, "--server-url"},
		{[]string{"--ladder", "720p:720"}, "--ladder"},
		{[]string{"--ladder", "a/b:720:100"}, "rung name"},
		{[]string{"--segment-seconds", "5", "--keyframe-seconds", "2"}, "multiple"},
		{[]string{"--claim-wait", "2m"}, "--claim-wait"},
	} {
		if _, err := parseConfig(tc.args); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want it to mention %q", tc.args, err, tc.want)
		}
	}
	t.Setenv("STREAMGATE_TRANSCODER_WORKER_TOKEN", "")
	if _, err := parseConfig(nil); err == nil || !strings.Contains(err.Error(), "--worker-token") {
		t.Errorf("no token: %v", err)
	}
}

// TestFlagDefaults holds the worker's flags' defaults against
// transcoder.DefaultConfig, so the two cannot drift.
func TestFlagDefaults(t *testing.T) {
	t.Setenv("STREAMGATE_TRANSCODER_WORKER_TOKEN", "from-env-token-0123456789")
	c, err := parseConfig(nil)
	if err != nil {
		t.Fatal(err)
	}
	d := transcoder.DefaultConfig()
	d.Token = "from-env-token-0123456789"
	c.Log, d.Log = nil, nil
	if !reflect.DeepEqual(c, d) {
		t.Errorf("parsed without flags:\n%+v\nDefaultConfig:\n%+v", c, d)
	}
}
