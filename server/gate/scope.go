package gate

import (
	"context"
	"slices"

	"github.com/google/uuid"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
)

// RuleChains returns the chains a video's rule reads, sorted and without
// repeats; none for an ungated video. Playback uses it to scope a
// contract wallet's session to the one chain the wallet proved itself on.
// It reads the rule as Check does (cached), and fails as Check does: a
// missing video is db.ErrNotFound.
func (g *Checker) RuleChains(ctx context.Context, videoID uuid.UUID) ([]uint64, error) {
	vg, err := g.videoGate(ctx, videoID)
	if err != nil {
		return nil, err
	}
	var chains []uint64
	var walk func(r *gatev1.Rule)
	walk = func(r *gatev1.Rule) {
		if c := r.GetCondition(); c != nil {
			chains = append(chains, c.GetChainId())
		}
		for _, child := range append(r.GetAny().GetRules(), r.GetAll().GetRules()...) {
			walk(child)
		}
	}
	if vg.rule != nil {
		walk(vg.rule)
	}
	slices.Sort(chains)
	return slices.Compact(chains), nil
}
