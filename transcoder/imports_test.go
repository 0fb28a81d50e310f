package transcoder

import (
	"os/exec"
	"strings"
	"testing"
)

// The worker speaks to the server only over TranscodeService and shares
// only media's prober with it: it imports media, and nothing under server/
// or db/ (which would drag credentials-bearing code into the worker).
func TestImports(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/streamgate/streamgate/"
	deps := strings.Fields(string(out))
	var media bool
	for _, d := range deps {
		media = media || d == mod+"media"
		if strings.HasPrefix(d, mod+"server") || strings.HasPrefix(d, mod+"db") {
			t.Errorf("the transcoder depends on %s", d)
		}
	}
	if !media {
		t.Error("the transcoder does not use media's prober")
	}
}
