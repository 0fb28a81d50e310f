package gate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/google/uuid"
	"github.com/redis/rueidis"

	"github.com/streamgate/streamgate/db/dbq"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/server/acl"
)

// Store is the part of the database the gate uses.
type Store interface {
	GetVideoGate(ctx context.Context, videoID uuid.UUID) (dbq.GetVideoGateRow, error)
	UpsertAccessRule(ctx context.Context, arg dbq.UpsertAccessRuleParams) (dbq.AccessRule, error)
	DeleteAccessRule(ctx context.Context, videoID uuid.UUID) (int64, error)
	GetVideoVisibility(ctx context.Context, videoID uuid.UUID) (dbq.GetVideoVisibilityRow, error)
	// WithTx runs fn in a transaction (a rule change and its webhook event).
	WithTx(ctx context.Context, fn func(q *dbq.Queries) error) error
}

// Chains gives a read-only caller per chain id; *chain.Registry is one.
// It fails with chain.ErrUnknownChain for a chain it does not read.
type Chains interface {
	ContractCaller(chainID uint64) (bind.ContractCaller, error)
}

// Decision is the gate's answer for one wallet and one video.
type Decision struct {
	Allowed bool
	// Reason is a sentence for people.
	Reason string
	// Evaluation says what held and what did not; nil for an ungated video
	// or its owner. It may be shared with other callers: do not modify it.
	Evaluation *gatev1.Evaluation
}

// Checker decides access. It is shared by GateService and playback, and
// safe for concurrent use.
type Checker struct {
	cfg    Config
	store  Store
	redis  rueidis.Client
	chains Chains
	log    *slog.Logger
	slots  *slots
	flight flights
	// rules holds rules decoded once, by hash, at most RuleMemo of them.
	rules memo
	// plans holds each decoded rule's plan (plan.go), by rule.
	plans memo
	// videoKeys holds each video's rule key (see videoKeyOf).
	videoKeys memo
	// decoded memoises answers read from the cache, by key.
	decoded memo
	// landed keeps flights' answers for their TTL (see remember).
	landed memo
	// meta holds contracts' names and symbols (metadata.go).
	meta metaCache
	// writes queues answers for Redis (answer_write.go).
	writes answerWriter
	// forgets counts invalidations (forget.go): a flight that saw it
	// change while it read the chain does not remember its answer.
	forgets atomic.Uint64
}

// NewChecker returns a checker. redis may be nil (every answer then comes
// from the chain); chains must not be.
func NewChecker(cfg Config, store Store, redis rueidis.Client, chains Chains, log *slog.Logger) (*Checker, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if store == nil || chains == nil {
		return nil, errors.New("gate: a store and chains are required")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Checker{cfg: cfg, store: store, redis: redis, chains: chains, log: log,
		slots: newSlots(cfg.MaxChainCalls), rules: memo{max: int64(cfg.RuleMemo)}, plans: memo{max: int64(cfg.RuleMemo)},
		meta: metaCache{entries: memo{max: maxMeta}}}, nil
}

// Check decides whether address may watch the video. It returns
// db.ErrNotFound for a missing video and ErrUnavailable when the chain
// could not answer; a deny is a Decision, not an error.
func (g *Checker) Check(ctx context.Context, videoID uuid.UUID, address string) (Decision, error) {
	if !common.IsHexAddress(address) {
		return Decision{}, fmt.Errorf("%w: %q", ErrBadAddress, address)
	}
	vg, err := g.videoGate(ctx, videoID)
	if err != nil {
		return Decision{}, err
	}
	if vg.rule == nil {
		return Decision{Allowed: true, Reason: "this video is not gated"}, nil
	}
	if acl.Owns(vg.owner, address) {
		return Decision{Allowed: true, Reason: "you own this video"}, nil
	}
	ev, err := g.answer(ctx, videoID, vg, common.HexToAddress(address))
	if err != nil {
		return Decision{}, err
	}
	switch ev.GetOutcome() {
	case held:
		return Decision{Allowed: true, Reason: "you hold what this video asks", Evaluation: ev}, nil
	case notHeld:
		return Decision{Reason: "you do not hold what this video asks: " + missing(ev), Evaluation: ev}, nil
	}
	return Decision{Evaluation: ev}, fmt.Errorf("%w (%s)", ErrUnavailable, unknowns(ev))
}

// missing lists the conditions that were not held, for the reason.
func missing(ev *gatev1.Evaluation) string {
	if len(ev.GetChildren()) == 0 {
		// A rule of one condition, with no tree to walk.
		if ev.GetOutcome() != notHeld {
			return ""
		}
		return ev.GetDescription() + " (" + ev.GetDetail() + ")"
	}
	var out []string
	var walk func(e *gatev1.Evaluation)
	walk = func(e *gatev1.Evaluation) {
		if len(e.GetChildren()) == 0 && e.GetOutcome() == notHeld {
			out = append(out, e.GetDescription()+" ("+e.GetDetail()+")")
		}
		for _, c := range e.GetChildren() {
			walk(c)
		}
	}
	walk(ev)
	if len(out) > 4 {
		out = append(out[:4], fmt.Sprintf("and %d more", len(out)-4))
	}
	return strings.Join(out, "; ")
}

func unknowns(ev *gatev1.Evaluation) string {
	var out []string
	var walk func(e *gatev1.Evaluation)
	walk = func(e *gatev1.Evaluation) {
		if len(e.GetChildren()) == 0 && e.GetOutcome() == unknown {
			out = append(out, e.GetDescription())
		}
		for _, c := range e.GetChildren() {
			walk(c)
		}
	}
	walk(ev)
	return "could not read: " + strings.Join(out, "; ")
}
