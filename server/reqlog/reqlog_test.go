package reqlog

import "testing"

func TestRedact(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"/play/eyJhbGciOi.x.y/master.m3u8":      "/play/REDACTED/master.m3u8",
		"/play/tok/720p/seg_00001.ts":           "/play/REDACTED/720p/seg_00001.ts",
		"/play/tok":                             "/play/REDACTED/",
		"/streamgate.video.v1.VideoService/Get": "/streamgate.video.v1.VideoService/Get",
		"/healthz":                              "/healthz",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
