package gate

import (
	"context"

	"github.com/google/uuid"
)

// Gated reports whether a video has an access rule, from the same cached
// rule Check reads (and SetAccessRule and ClearAccessRule invalidate).
// Playback asks it before letting a caller without a wallet play: only a
// video with no rule may be played so. It returns db.ErrNotFound for a
// missing video.
func (g *Checker) Gated(ctx context.Context, videoID uuid.UUID) (bool, error) {
	vg, err := g.videoGate(ctx, videoID)
	if err != nil {
		return false, err
	}
	return vg.rule != nil, nil
}
