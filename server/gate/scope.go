package gate

import (
	"context"
	"slices"

	"github.com/google/uuid"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/authn"
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
	return ruleChains(vg.rule), nil
}

func ruleChains(rule *gatev1.Rule) []uint64 {
	var chains []uint64
	if rule != nil {
		walkConditions(rule, func(c *gatev1.Condition) { chains = append(chains, c.GetChainId()) })
	}
	slices.Sort(chains)
	return slices.Compact(chains)
}

// outOfScope answers for a contract wallet's session on a video whose
// rule reads a chain other than the one the wallet proved itself on: not
// allowed, the reason saying where to sign in (authn.ChainScopeError).
// out is false for an EOA, the video's owner, an ungated video or a rule
// on the wallet's own chain: Check decides those.
func (g *Checker) outOfScope(ctx context.Context, videoID uuid.UUID, caller authn.Caller) (d Decision, out bool, err error) {
	if caller.ContractChainID == 0 {
		return Decision{}, false, nil
	}
	vg, err := g.videoGate(ctx, videoID)
	if err != nil || vg.rule == nil || acl.Owns(vg.owner, caller.Address) {
		return Decision{}, false, err
	}
	if err := caller.InScope(ruleChains(vg.rule)); err != nil {
		return Decision{Reason: err.Error()}, true, nil
	}
	return Decision{}, false, nil
}
