package revoke

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/google/uuid"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/streamgate/streamgate/db/dbq"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
)

// target is a video whose current rule names a contract.
type target struct {
	video uuid.UUID
	hash  string // the rule's hash, which keys its cached answers
}

// watched is what the current rules name: per chain, per contract, the
// videos (and rule hashes) that read it.
type watched map[uint64]map[common.Address][]target

// loadWatched reads every current rule. A rule that no longer decodes is
// skipped (and reported): it names nothing the gate can check either.
func loadWatched(ctx context.Context, s Store) (watched, error) {
	rows, err := s.ListRuleContracts(ctx)
	if err != nil {
		return nil, fmt.Errorf("list access rules: %w", err)
	}
	w := watched{}
	var bad error
	for _, r := range rows {
		if err := w.add(r); err != nil && bad == nil {
			bad = err
		}
	}
	return w, bad
}

func (w watched) add(r dbq.ListRuleContractsRow) error {
	var rule gatev1.Rule
	if err := protojson.Unmarshal(r.Rule, &rule); err != nil {
		return fmt.Errorf("decode rule of video %s: %w", r.VideoID, err)
	}
	t := target{video: r.VideoID, hash: r.RuleHash}
	var walk func(*gatev1.Rule)
	walk = func(n *gatev1.Rule) {
		if c := n.GetCondition(); c != nil {
			if !common.IsHexAddress(c.GetContract()) || c.GetChainId() == 0 {
				return
			}
			byContract := w[c.GetChainId()]
			if byContract == nil {
				byContract = map[common.Address][]target{}
				w[c.GetChainId()] = byContract
			}
			a := common.HexToAddress(c.GetContract())
			for _, have := range byContract[a] {
				if have == t {
					return
				}
			}
			byContract[a] = append(byContract[a], t)
			return
		}
		for _, child := range append(n.GetAny().GetRules(), n.GetAll().GetRules()...) {
			walk(child)
		}
	}
	walk(&rule)
	return nil
}
