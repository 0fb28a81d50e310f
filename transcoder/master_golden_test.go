package transcoder

import (
	"path/filepath"
	"testing"

	"github.com/streamgate/streamgate/media"
)

// TestRenderMasterGolden pins the master playlist's bytes for a whole
// ladder (video rungs at a fractional rate, an audio-only rung, a rung
// without a known rate); run with -update after a deliberate change.
func TestRenderMasterGolden(t *testing.T) {
	t.Parallel()
	src := media.Info{Format: "mov", Width: 1920, Height: 1080, FPS: 29.97, AudioCodec: "aac"}
	p := DefaultProfile()
	var vs []Variant
	for i, r := range append(Plan(p, src), PlanAudio(p, src)...) {
		v := Variant{Rendition: r, Peak: uint64(900000 * (i + 1)), Average: uint64(700000 * (i + 1)), Codecs: r.Codecs(true), FPS: 29.97}
		if i == 1 {
			v.FPS = 0
		}
		vs = append(vs, v)
	}
	golden(t, filepath.Join("testdata", "master.golden"), []byte(RenderMaster(vs)))
}
