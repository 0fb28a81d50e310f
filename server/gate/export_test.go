package gate

import (
	"context"

	"github.com/ethereum/go-ethereum/common"
	"github.com/google/uuid"
)

// AnswerKey exposes, to the benchmarks, the Redis key of a cached answer.
func (g *Checker) AnswerKey(ctx context.Context, videoID uuid.UUID, wallet string) (string, error) {
	vg, err := g.videoGate(ctx, videoID)
	if err != nil {
		return "", err
	}
	return g.answerKey(vg.hash, common.HexToAddress(wallet)), nil
}

// RuleMemoLen exposes, to the tests, how many decoded rules are kept.
func (g *Checker) RuleMemoLen() int {
	n := 0
	g.rules.Range(func(_, _ any) bool { n++; return true })
	return n
}

// ForgetVideo exposes, to the tests, the drop of a video's cached rule.
func (g *Checker) ForgetVideo(ctx context.Context, id uuid.UUID) { g.forgetVideo(ctx, id) }

// Prefix exposes, to the tests, the checker's Redis prefix.
func (g *Checker) Prefix() string { return g.cfg.RedisPrefix }
